//! Limits, so one member or one script cannot take a lab down: rate limits (429 with
//! `Retry-After`), quotas (422 `over_quota`), the catch-up cap (a `reset` frame), the
//! server's cap on open streams (503) and read timeouts on connections. Each test runs the
//! server in this process with small limits.

use std::time::{Duration, Instant};

use hevruta_model::JoinAs;
use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_server::Config;
use hevruta_server::config::{Quotas, Rate, RateLimits};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use uuid::Uuid;

use crate::helpers::*;

/// Default limits but for the changes `f` makes.
fn limits(f: impl FnOnce(&mut RateLimits)) -> Config {
    let mut rate_limits = RateLimits::default();
    f(&mut rate_limits);
    Config {
        rate_limits: Some(rate_limits),
        ..Config::default()
    }
}

/// Asserts a 429 `too_many_requests` with a `Retry-After` of whole seconds, at most
/// `at_most`. Returns the problem's detail.
async fn assert_limited(res: Response, at_most: u64) -> String {
    let retry_after: u64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("a Retry-After of seconds");
    assert!(
        (1..=at_most).contains(&retry_after),
        "Retry-After {retry_after}"
    );
    let body = assert_problem(res, 429, "too_many_requests").await;
    body["detail"].as_str().unwrap_or_default().to_owned()
}

fn create_op() -> Op {
    Op {
        id: OpId(Uuid::now_v7()),
        sticky: StickyId(Uuid::now_v7()),
        kind: OpKind::Create {
            section: None,
            text: "An idea".into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    }
}

fn creates(n: usize) -> Vec<Op> {
    (0..n).map(|_| create_op()).collect()
}

async fn new_canvas(app: &TestApp, g: &hevruta_model::SessionGrant) -> Response {
    app.send_json(
        Method::POST,
        &format!("/expeditions/{}/canvases", g.expedition_id),
        Some(&g.token),
        &json!({ "title": "Our city's model", "template": "blank" }),
    )
    .await
}

async fn canvas_id(app: &TestApp, g: &hevruta_model::SessionGrant) -> String {
    let res = new_canvas(app, g).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let canvas: Value = res.json().await.unwrap();
    canvas["id"].as_str().unwrap().to_owned()
}

async fn send_ops(
    app: &TestApp,
    g: &hevruta_model::SessionGrant,
    canvas: &str,
    ops: &[Op],
) -> Response {
    app.send_json(
        Method::POST,
        &format!("/expeditions/{}/canvases/{canvas}/ops", g.expedition_id),
        Some(&g.token),
        &json!({ "ops": ops }),
    )
    .await
}

async fn sticky_count(app: &TestApp, g: &hevruta_model::SessionGrant, canvas: &str) -> usize {
    let snap: Value = app
        .get(
            &format!("/expeditions/{}/canvases/{canvas}", g.expedition_id),
            &g.token,
        )
        .await
        .json()
        .await
        .unwrap();
    snap["stickies"].as_array().map_or(0, Vec::len)
}

// --- Rate limits -----------------------------------------------------------------------

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn creating_expeditions_is_limited_per_client_address() {
    let app = spawn_app_with(limits(|l| l.expeditions_per_ip = Rate::per_minute(3))).await;
    for i in 0..3 {
        app.create(&format!("Lab {i}")).await;
    }
    let res = app
        .send_json(Method::POST, "/expeditions", None, &create_body("One more"))
        .await;
    let detail = assert_limited(res, 20).await;
    assert!(detail.contains("expeditions"), "{detail}");
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn wrong_join_codes_are_limited_and_then_even_the_right_code_waits() {
    let app = spawn_app_with(limits(|l| l.wrong_join_codes_per_ip = Rate::per_minute(2))).await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let wrong = "ZZZZ-ZZZZ-ZZZZ";
    assert_problem(
        app.try_join(wrong, "Guess", JoinAs::Participant).await,
        404,
        "wrong_join_code",
    )
    .await;
    // The preview is a way to test codes too: it counts the same.
    let res = app
        .req(Method::GET, &format!("/join/{wrong}"), None)
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "wrong_join_code").await;
    let res = app.try_join(wrong, "Guess", JoinAs::Participant).await;
    assert_limited(res, 30).await;
    // A guess that hit must not tell itself apart while the address waits.
    let res = app.try_join(&code, "Dana", JoinAs::Participant).await;
    assert_limited(res, 30).await;
    let res = app
        .req(Method::GET, &format!("/join/{code}"), None)
        .send()
        .await
        .unwrap();
    assert_limited(res, 30).await;
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn right_join_codes_do_not_count_as_wrong_ones() {
    let app = spawn_app_with(limits(|l| l.wrong_join_codes_per_ip = Rate::per_minute(1))).await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    for i in 0..5 {
        app.join(&code, &format!("Member {i}")).await;
    }
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn joins_are_limited_per_expedition() {
    let app = spawn_app_with(limits(|l| l.joins_per_expedition = Rate::per_minute(2))).await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    app.join(&code, "Dana").await;
    app.join_viewer(&code).await;
    let detail = assert_limited(app.try_join(&code, "Noa", JoinAs::Participant).await, 40).await;
    assert!(detail.contains("joins"), "{detail}");
    // Another expedition has its own share.
    let other = app.create("Another lab").await;
    let other_code = app.join_code(&other).await;
    app.join(&other_code, "Noa").await;
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn op_batches_are_limited_per_member_and_a_refused_batch_applies_nothing() {
    let app = spawn_app_with(limits(|l| l.op_batches_per_member = Rate::per_10s(3))).await;
    let f = app.create("Lab").await;
    let canvas = canvas_id(&app, &f).await;
    for _ in 0..3 {
        assert_eq!(send_ops(&app, &f, &canvas, &creates(1)).await.status(), 200);
    }
    let detail = assert_limited(send_ops(&app, &f, &canvas, &creates(1)).await, 4).await;
    assert!(detail.contains("op batches"), "{detail}");
    assert_eq!(sticky_count(&app, &f, &canvas).await, 3);
    // Another member of the same expedition has their own share.
    let code = app.join_code(&f).await;
    let dana = app.join(&code, "Dana").await;
    assert_eq!(
        send_ops(&app, &dana, &canvas, &creates(1)).await.status(),
        200
    );
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn ops_are_limited_per_member_counting_the_items_of_batches() {
    let app = spawn_app_with(limits(|l| l.ops_per_member = Rate::per_10s(10))).await;
    let f = app.create("Lab").await;
    let canvas = canvas_id(&app, &f).await;
    assert_eq!(send_ops(&app, &f, &canvas, &creates(8)).await.status(), 200);
    let detail = assert_limited(send_ops(&app, &f, &canvas, &creates(5)).await, 10).await;
    assert!(detail.contains("ops of this member"), "{detail}");
    assert_eq!(send_ops(&app, &f, &canvas, &creates(2)).await.status(), 200);
    assert_eq!(sticky_count(&app, &f, &canvas).await, 10);
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn the_default_limits_stop_a_member_posting_ops_as_fast_as_it_can() {
    let app = spawn_app_with(Config::default()).await;
    let f = app.create("Lab").await;
    let canvas = canvas_id(&app, &f).await;
    let mut accepted = 0;
    let mut refused = None;
    for _ in 0..30 {
        let res = send_ops(&app, &f, &canvas, &creates(100)).await;
        if res.status() == StatusCode::OK {
            accepted += 100;
        } else {
            refused = Some(res);
            break;
        }
    }
    // A burst of 2000, and what refilled meanwhile (200 a second).
    assert!((2000..2600).contains(&accepted), "{accepted} ops accepted");
    assert_limited(refused.expect("a refused batch"), 10).await;
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small limits")]
async fn without_rate_limits_nothing_is_refused() {
    let app = spawn_app_with(Config {
        rate_limits: None,
        ..limits(|l| {
            l.expeditions_per_ip = Rate::per_minute(1);
            l.op_batches_per_member = Rate::per_10s(1);
        })
    })
    .await;
    let f = app.create("Lab").await;
    app.create("Another lab").await;
    let canvas = canvas_id(&app, &f).await;
    for _ in 0..3 {
        assert_eq!(send_ops(&app, &f, &canvas, &creates(1)).await.status(), 200);
    }
}

// --- Quotas ----------------------------------------------------------------------------

fn quotas(members: usize, canvases: usize, stickies: usize) -> Config {
    Config {
        quotas: Quotas {
            members_per_expedition: members,
            canvases_per_expedition: canvases,
            stickies_per_canvas: stickies,
        },
        ..Config::default()
    }
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small quotas")]
async fn an_expedition_holds_at_most_max_members_and_a_leaver_frees_a_place() {
    let app = spawn_app_with(quotas(3, 200, 20_000)).await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let dana = app.join(&code, "Dana").await;
    app.join_viewer(&code).await;
    let res = app.try_join(&code, "Noa", JoinAs::Participant).await;
    let body = assert_problem(res, 422, "over_quota").await;
    assert!(
        body["detail"].as_str().unwrap().contains("3 members"),
        "{body}"
    );
    let res = app
        .req(
            Method::DELETE,
            &format!("/expeditions/{}/members/me", dana.expedition_id),
            Some(&dana.token),
        )
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "{}", res.status());
    app.join(&code, "Noa").await;
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small quotas")]
async fn an_expedition_holds_at_most_max_canvases() {
    let app = spawn_app_with(quotas(1000, 2, 20_000)).await;
    let f = app.create("Lab").await;
    canvas_id(&app, &f).await;
    canvas_id(&app, &f).await;
    let body = assert_problem(new_canvas(&app, &f).await, 422, "over_quota").await;
    assert!(
        body["detail"].as_str().unwrap().contains("2 canvases"),
        "{body}"
    );
    let listing: Value = app
        .get(
            &format!("/expeditions/{}/canvases", f.expedition_id),
            &f.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listing["canvases"].as_array().unwrap().len(), 2);
}

#[tokio::test]
#[cfg_attr(feature = "conformance", ignore = "needs a server with small quotas")]
async fn a_canvas_holds_at_most_max_stickies_and_a_batch_past_it_applies_nothing() {
    let app = spawn_app_with(quotas(1000, 200, 3)).await;
    let f = app.create("Lab").await;
    let canvas = canvas_id(&app, &f).await;
    assert_eq!(send_ops(&app, &f, &canvas, &creates(2)).await.status(), 200);
    let body = assert_problem(
        send_ops(&app, &f, &canvas, &creates(2)).await,
        422,
        "over_quota",
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("may have 3"),
        "{body}"
    );
    assert_eq!(
        sticky_count(&app, &f, &canvas).await,
        2,
        "nothing of it applied"
    );
    assert_eq!(send_ops(&app, &f, &canvas, &creates(1)).await.status(), 200);
    // Edits of stickies that exist still go through at the quota.
    let snap: Value = app
        .get(
            &format!("/expeditions/{}/canvases/{canvas}", f.expedition_id),
            &f.token,
        )
        .await
        .json()
        .await
        .unwrap();
    let sticky: StickyId = serde_json::from_value(snap["stickies"][0]["id"].clone()).unwrap();
    let edit = Op {
        id: OpId(Uuid::now_v7()),
        sticky,
        kind: OpKind::SetText {
            text: "Changed".into(),
        },
    };
    assert_eq!(send_ops(&app, &f, &canvas, &[edit]).await.status(), 200);
}

// --- The event stream ------------------------------------------------------------------

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "needs a server with a small catch-up cap"
)]
async fn a_stream_too_far_behind_gets_a_reset_frame_and_ends() {
    let app = spawn_app_with(Config {
        max_catch_up: 3,
        ..Config::default()
    })
    .await;
    let f = app.create("Lab").await; // seq 1
    for stage in [
        "learning_expedition",
        "designing_model",
        "implementing",
        "getting_to_know",
    ] {
        assert_eq!(app.set_stage(&f, stage).await.status(), 200);
    } // seqs 2..=5
    let res = app
        .http
        .get(format!(
            "{}/api/v1/expeditions/{}/events?after=1",
            app.url, f.expedition_id
        ))
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let text = tokio::time::timeout(patience(), res.text())
        .await
        .expect("the stream ends after the reset frame")
        .unwrap();
    let frames: Vec<&str> = text
        .split("\n\n")
        .filter(|f| !f.trim().is_empty())
        .collect();
    assert_eq!(frames.len(), 1, "only the reset frame: {text:?}");
    assert!(frames[0].contains("event: reset"), "{text:?}");
    assert!(!frames[0].contains("id:"), "not stored: {text:?}");
    let data = frames[0]
        .lines()
        .find_map(|l| l.strip_prefix("data:"))
        .unwrap();
    let reset: Value = serde_json::from_str(data.trim()).unwrap();
    assert_eq!(reset, json!({"after": 1, "last_seq": 5, "max_catch_up": 3}));

    // Close enough, it catches up as ever.
    let mut stream = app.stream(&f, "&after=2", None).await;
    let ids = [
        stream.next().await.id,
        stream.next().await.id,
        stream.next().await.id,
    ];
    assert_eq!(ids, [3, 4, 5]);
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "needs a server with a small stream cap"
)]
async fn a_server_holds_at_most_max_streams_and_answers_503_past_it() {
    let app = spawn_app_with(Config {
        max_streams: 2,
        ..Config::default()
    })
    .await;
    let f = app.create("Lab").await;
    let other = app.create("Another lab").await;
    let first = app.stream(&f, "", None).await;
    let _second = app.stream(&other, "", None).await;
    let res = app
        .http
        .get(format!(
            "{}/api/v1/expeditions/{}/events",
            app.url, f.expedition_id
        ))
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    let retry_after = res.headers().get("retry-after").cloned();
    assert_problem(res, 503, "unavailable").await;
    assert_eq!(retry_after.unwrap(), "5");
    drop(first);
    let deadline = Instant::now() + patience();
    loop {
        let res = app
            .http
            .get(format!(
                "{}/api/v1/expeditions/{}/events",
                app.url, f.expedition_id
            ))
            .bearer_auth(&f.token)
            .send()
            .await
            .unwrap();
        if res.status() == 200 {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the closed stream's place comes back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

// --- Connections -----------------------------------------------------------------------

/// A raw connection to the server, for clients that misbehave below HTTP.
async fn connect(app: &TestApp) -> tokio::net::TcpStream {
    let addr = app.url.trim_start_matches("http://");
    tokio::net::TcpStream::connect(addr).await.unwrap()
}

/// How long until the server closes `conn` (reading and dropping whatever it answers);
/// `None` if it is still open after `wait`.
async fn closed_within(conn: &mut tokio::net::TcpStream, wait: Duration) -> Option<Duration> {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    tokio::time::timeout(wait, async {
        loop {
            match conn.read(&mut buf).await {
                Ok(0) | Err(_) => return start.elapsed(),
                Ok(_) => {}
            }
        }
    })
    .await
    .ok()
}

fn one_second() -> Config {
    Config {
        read_timeout: Duration::from_secs(1),
        ..Config::default()
    }
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "needs a server with a short read timeout"
)]
async fn a_connection_that_sends_nothing_is_closed() {
    let app = spawn_app_with(one_second()).await;
    let mut conn = connect(&app).await;
    let closed = closed_within(&mut conn, Duration::from_secs(5)).await;
    assert!(
        closed.is_some_and(|t| t >= Duration::from_millis(900)),
        "{closed:?}"
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "needs a server with a short read timeout"
)]
async fn half_sent_headers_are_cut_off() {
    let app = spawn_app_with(one_second()).await;
    let mut conn = connect(&app).await;
    conn.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\nX-Slow: ")
        .await
        .unwrap();
    let closed = closed_within(&mut conn, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "still open after 5 s");
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "needs a server with a short read timeout"
)]
async fn a_keep_alive_connection_idle_after_its_request_is_closed() {
    let app = spawn_app_with(one_second()).await;
    let mut conn = connect(&app).await;
    conn.write_all(b"GET /api/v1/health HTTP/1.1\r\nHost: localhost\r\n\r\n")
        .await
        .unwrap();
    let mut buf = [0u8; 1024];
    let n = conn.read(&mut buf).await.unwrap();
    assert!(
        buf[..n].starts_with(b"HTTP/1.1 200"),
        "{:?}",
        String::from_utf8_lossy(&buf[..n])
    );
    let closed = closed_within(&mut conn, Duration::from_secs(5)).await;
    assert!(closed.is_some(), "an idle keep-alive connection stays open");
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "needs a server with a short read timeout"
)]
async fn a_half_sent_body_is_cut_off() {
    let app = spawn_app_with(one_second()).await;
    let mut conn = connect(&app).await;
    conn.write_all(
        b"POST /api/v1/expeditions HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 400\r\n\r\n{\"title\":",
    )
    .await
    .unwrap();
    let start = Instant::now();
    let mut answer = Vec::new();
    let mut buf = [0u8; 4096];
    let ended = tokio::time::timeout(Duration::from_secs(5), async {
        loop {
            match conn.read(&mut buf).await {
                Ok(0) | Err(_) => return,
                Ok(n) => answer.extend_from_slice(&buf[..n]),
            }
        }
    })
    .await;
    assert!(ended.is_ok(), "still open after 5 s");
    assert!(start.elapsed() >= Duration::from_millis(900));
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.is_empty() || answer.starts_with("HTTP/1.1 4"),
        "a client error or nothing: {answer}"
    );
}
