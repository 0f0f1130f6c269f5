//! `POST …/stream-tickets`: a single-use, 30-second ticket that opens one event stream as
//! `?ticket=`, so the session token never sits in a URL (or a proxy's log).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use hevruta_model::{ExpeditionId, StreamTicket};

use super::device_examples;
use super::error::ApiResult;
use super::extract::{ApiPath, Caller};
use crate::AppState;
use crate::auth::{hash_token, new_token};

pub fn router() -> Router<AppState> {
    Router::new().route("/expeditions/{id}/stream-tickets", post(create))
}

/// A ticket for opening this expedition's event stream once, as this session:
/// `GET /expeditions/{id}/events?ticket=…` within 30 seconds. A stream opened with it ends
/// when the session does; to reopen, ask for a new ticket.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/stream-tickets", tag = "events",
    operation_id = "create_stream_ticket",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses(
        (status = 201, description = "The ticket, shown only now", body = StreamTicket,
            example = json!(device_examples::stream_ticket())),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<(StatusCode, Json<StreamTicket>)> {
    let caller = caller.of(id)?;
    let ticket = new_token();
    let expires_at = state
        .store
        .issue_stream_ticket(&hash_token(&ticket), &caller.token_hash)
        .await?;
    Ok((
        StatusCode::CREATED,
        Json(StreamTicket { ticket, expires_at }),
    ))
}
