//! Every class of bad input gets a 4xx problem, never a 5xx.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn invalid_fields_are_all_reported() {
    let app = spawn_app().await;
    let res = app.send_json(Method::POST, "/expeditions", None, &json!({ "title": " ", "city": "Bat Yam", "challenge": "q", "display_name": "x".repeat(61), "sector": "public" })).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    let fields: Vec<_> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["title", "display_name"]);
    assert_eq!(body["errors"][0]["code"], "empty");
    assert!(body["errors"][0].get("max").is_none(), "no limit to name");
    assert_eq!(body["errors"][1]["code"], "too_long");
    assert_eq!(
        body["errors"][1]["max"], 60,
        "the limit, for the form to show"
    );
}

#[tokio::test]
async fn a_body_must_be_a_json_object() {
    let app = spawn_app().await;
    let res = app
        .send_json(
            Method::POST,
            "/expeditions",
            None,
            &json!(["Lab", "Bat Yam", "q", "Yael", "public"]),
        )
        .await;
    let body = assert_problem(res, 422, "invalid_body").await;
    assert!(
        body["detail"].as_str().unwrap().contains("a JSON object"),
        "{body}"
    );
}

#[tokio::test]
async fn malformed_json_is_400() {
    let app = spawn_app().await;
    let res = app
        .req(Method::POST, "/expeditions", None)
        .header("content-type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_problem(res, 400, "invalid_json").await;
}

#[tokio::test]
async fn missing_fields_and_unknown_values_are_422() {
    let app = spawn_app().await;
    let res = app
        .send_json(Method::POST, "/expeditions", None, &json!({ "title": "x" }))
        .await;
    let body = assert_problem(res, 422, "invalid_body").await;
    assert!(body["detail"].as_str().unwrap().contains("missing field"));
    let mut good = serde_json::to_value(create_body("x")).unwrap();
    good["sector"] = json!("government");
    let res = app
        .send_json(Method::POST, "/expeditions", None, &good)
        .await;
    assert_problem(res, 422, "invalid_body").await;
}

#[tokio::test]
async fn a_body_without_json_content_type_is_415() {
    let app = spawn_app().await;
    let res = app
        .req(Method::POST, "/expeditions", None)
        .body(serde_json::to_string(&create_body("x")).unwrap())
        .send()
        .await
        .unwrap();
    assert_problem(res, 415, "unsupported_media_type").await;
}

#[tokio::test]
async fn bodies_over_64_kib_are_413() {
    let app = spawn_app().await;
    let mut body = create_body("x");
    body.challenge = "a".repeat(70 * 1024);
    let res = app
        .send_json(Method::POST, "/expeditions", None, &body)
        .await;
    assert_problem(res, 413, "payload_too_large").await;
}

#[tokio::test]
async fn huge_text_under_the_body_limit_is_a_field_error() {
    let app = spawn_app().await;
    let mut body = create_body("x");
    body.challenge = "ש".repeat(10_000);
    let res = app
        .send_json(Method::POST, "/expeditions", None, &body)
        .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "too_long");
    assert_eq!(body["errors"][0]["max"], 600);
}

#[tokio::test]
async fn missing_or_unknown_tokens_are_401() {
    let app = spawn_app().await;
    let res = app.req(Method::GET, "/me", None).send().await.unwrap();
    assert_eq!(res.headers()["www-authenticate"], "Bearer");
    assert_problem(res, 401, "unauthorized").await;
    assert_problem(
        app.get("/me", "not-a-real-token").await,
        401,
        "unauthorized",
    )
    .await;
    let res = app
        .req(Method::GET, "/me", None)
        .header("authorization", "Basic dXNlcjpwYXNz")
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
}

#[tokio::test]
async fn malformed_and_unknown_ids_are_404() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    assert_problem(
        app.get("/expeditions/not-a-uuid", &g.token).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        app.get(
            "/expeditions/0199aaaa-0000-7000-8000-000000000000",
            &g.token,
        )
        .await,
        404,
        "not_found",
    )
    .await;
}

#[tokio::test]
async fn unknown_routes_and_methods_are_problems() {
    let app = spawn_app().await;
    let res = app
        .req(Method::GET, "/nothing-here", None)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .http
        .get(format!("{}/api/v2/health", app.url))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .req(Method::DELETE, "/health", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_problem(res, 405, "method_not_allowed").await;
}

#[tokio::test]
async fn a_bad_after_parameter_is_rejected() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let res = app
        .http
        .get(format!(
            "{}/api/v1/expeditions/{}/events?after=soon",
            app.url, g.expedition_id
        ))
        .bearer_auth(&g.token)
        .send()
        .await
        .unwrap();
    assert_problem(res, 422, "invalid_body").await;
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "configures the server: its allowed origins (CORS)"
)]
async fn cors_allows_only_configured_origins() {
    let app = spawn_app_with(hevruta_server::Config {
        allowed_origins: vec!["https://lab.example".into()],
        ..Default::default()
    })
    .await;
    let res = app
        .req(Method::GET, "/health", None)
        .header("origin", "https://lab.example")
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.headers()["access-control-allow-origin"],
        "https://lab.example"
    );
    let res = app
        .req(Method::GET, "/health", None)
        .header("origin", "https://evil.example")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());
}
