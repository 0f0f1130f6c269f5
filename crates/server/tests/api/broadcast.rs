//! Writes cannot lose their broadcast: a request whose client goes away right after its
//! commit is still announced, and a replayed op batch announces what it found again.

use std::future::Future;
use std::sync::Arc;
use std::task::{Context, Wake, Waker};
use std::time::Duration;

use axum::body::Body;
use axum::http::{Request, header};
use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::{CanvasSummary, ExpeditionId, OpBatch, SessionGrant};
use hevruta_server::store::Store;
use reqwest::{Method, StatusCode};
use serde_json::json;
use tokio::sync::Notify;
use tower::ServiceExt;
use uuid::Uuid;

use crate::helpers::*;

/// Wakes the test when the request's future asks to be polled again.
struct Wakeup(Notify);

impl Wake for Wakeup {
    fn wake(self: Arc<Self>) {
        self.0.notify_one();
    }
}

/// Sends `req` through the router, polling its future by hand, and drops the future as a
/// server does when the client goes away: at the first wake-up after the write committed
/// (the expedition's sequence moved past `before`), before the handler may run on.
async fn drop_once_committed(app: &TestApp, id: ExpeditionId, before: u64, req: Request<Body>) {
    let wakeup = Arc::new(Wakeup(Notify::new()));
    let waker = Waker::from(wakeup.clone());
    let mut cx = Context::from_waker(&waker);
    let mut call = std::pin::pin!(hevruta_server::app(app.state().clone()).oneshot(req));
    loop {
        assert!(
            call.as_mut().poll(&mut cx).is_pending(),
            "the request answered before its write was seen to commit"
        );
        tokio::time::timeout(Duration::from_secs(5), wakeup.0.notified())
            .await
            .expect("the request stalled");
        if app.state().store.last_seq(id).await.unwrap() > before {
            return; // `call` is dropped here, unpolled since the commit
        }
    }
}

fn request(method: &str, path: &str, token: &str, body: serde_json::Value) -> Request<Body> {
    Request::builder()
        .method(method)
        .uri(format!("/api/v1{path}"))
        .header(header::AUTHORIZATION, format!("Bearer {token}"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap()
}

async fn new_canvas(app: &TestApp, g: &SessionGrant) -> CanvasSummary {
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", g.expedition_id),
            Some(&g.token),
            &json!({ "title": "Our city's model", "template": "blank" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn create_op(text: &str) -> Op {
    Op {
        id: OpId(Uuid::now_v7()),
        sticky: StickyId(Uuid::now_v7()),
        kind: OpKind::Create {
            section: None,
            text: text.into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    }
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "in-process only: drops a request the moment its write commits"
)]
async fn a_stage_change_whose_client_went_away_after_its_commit_is_still_broadcast() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let id = f.expedition_id;
    let mut stream = app.stream(&f, "", None).await;
    assert_eq!(
        stream.next().await.id,
        1,
        "the stream is open and caught up"
    );

    let req = request(
        "PUT",
        &format!("/expeditions/{id}/stage"),
        &f.token,
        json!({ "stage": "implementing" }),
    );
    drop_once_committed(&app, id, 1, req).await;

    let event = stream.next().await;
    assert_eq!((event.id, event.event.as_str()), (2, "change"));
    assert_eq!(event.data["change"]["stage"], "implementing");
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "in-process only: drops a request the moment its write commits"
)]
async fn an_op_batch_whose_client_went_away_after_its_commit_is_still_broadcast() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let id = f.expedition_id;
    let canvas = new_canvas(&app, &f).await;
    let mut stream = app.stream(&f, "&after=1", None).await;
    assert_eq!(
        stream.next().await.id,
        2,
        "the stream is open and caught up"
    );

    let batch = OpBatch {
        ops: vec![create_op("A library in every bakery")],
    };
    let req = request(
        "POST",
        &format!("/expeditions/{id}/canvases/{}/ops", canvas.id),
        &f.token,
        serde_json::to_value(&batch).unwrap(),
    );
    drop_once_committed(&app, id, 2, req).await;

    let event = stream.next().await;
    assert_eq!((event.id, event.event.as_str()), (3, "ops"));
    assert_eq!(
        event.data["ops"][0]["op"]["id"],
        batch.ops[0].id.to_string()
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "in-process only: a second Store writes to the server's SQLite file"
)]
async fn a_replayed_batch_announces_the_stored_one_again() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let id = f.expedition_id;
    let canvas = new_canvas(&app, &f).await;
    let mut stream = app.stream(&f, "&after=1", None).await;
    assert_eq!(
        stream.next().await.id,
        2,
        "the stream is open and caught up"
    );

    // Another process on the same database stores the batch; nobody here hears of it.
    let elsewhere = Store::open(app.db()).await.unwrap();
    let author = app.state().store.members(id).await.unwrap().remove(0);
    let batch = OpBatch {
        ops: vec![create_op("Makerspaces in the libraries")],
    };
    elsewhere
        .apply_ops(id, canvas.id, &author, batch.ops.clone())
        .await
        .unwrap();
    assert!(
        stream
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "the batch is stored but not announced here: a hole"
    );

    // The client retries: a pure replay, which announces the stored batch again.
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{id}/canvases/{}/ops", canvas.id),
            Some(&f.token),
            &batch,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let event = stream.next().await;
    assert_eq!((event.id, event.event.as_str()), (3, "ops"));
    assert_eq!(
        event.data["ops"][0]["op"]["id"],
        batch.ops[0].id.to_string()
    );
    assert_eq!(event.data["ops"][0]["stamp"]["seq"], 3);

    // Replayed again: a stream that has it already is not sent it twice.
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{id}/canvases/{}/ops", canvas.id),
            Some(&f.token),
            &batch,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        stream
            .next_within(Duration::from_millis(300))
            .await
            .is_none(),
        "nothing is sent twice"
    );
}
