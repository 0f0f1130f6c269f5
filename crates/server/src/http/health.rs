use axum::Json;
use hevruta_model::Health;

/// Liveness: answers as soon as the server accepts requests.
#[utoipa::path(get, path = "/api/v1/health", tag = "meta", operation_id = "health",
    responses((status = 200, description = "Up", body = Health, example = json!(super::examples::health()))))]
pub async fn health() -> Json<Health> {
    Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
    })
}
