//! The committed `openapi.json` must be what the code generates. Regenerate with
//! `UPDATE_OPENAPI=1 cargo test -p hevruta-server --test api openapi`.

use crate::helpers::*;

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: the committed file against its code"
)]
async fn committed_openapi_matches_the_code() {
    let generated = hevruta_server::openapi().to_pretty_json().unwrap() + "\n";
    let path = workspace_root().join("openapi.json");
    if std::env::var_os("UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "openapi.json is out of date: run UPDATE_OPENAPI=1 cargo test -p hevruta-server --test api openapi"
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves the document its code generates"
)]
async fn the_server_serves_the_same_document() {
    let app = spawn_app().await;
    let served: serde_json::Value = app
        .req(reqwest::Method::GET, "/openapi.json", None)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(served["openapi"].as_str().unwrap().get(..3), Some("3.1"));
    assert!(served["paths"]["/api/v1/expeditions/{id}/events"].is_object());
    assert_eq!(
        served,
        serde_json::to_value(hevruta_server::openapi()).unwrap()
    );
}
