//! How many ops one member gets through when it sends as fast as it can: the server in
//! this process on a fresh SQLite file, one member, 4 senders posting batches of 100
//! `set_text` ops on one sticky for a few seconds. Prints accepted ops per second (the
//! first second's burst and the whole run's average) and how many batches were refused.
//!
//! `cargo run --release -p hevruta-server --example op_burst [-- --no-rate-limits] [SECONDS]`

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId, Template};
use hevruta_model::{CanvasSummary, CreateExpedition, Sector, SessionGrant};
use hevruta_server::{AppState, Config, store::Store};
use serde_json::json;

const SENDERS: usize = 4;
const BATCH: usize = 100;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let no_limits = args.iter().any(|a| a == "--no-rate-limits");
    let seconds: u64 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(5);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("burst.sqlite3"))
        .await
        .unwrap();
    let config = Config {
        rate_limits: if no_limits {
            None
        } else {
            Config::default().rate_limits
        },
        ..Config::default()
    };
    let state = AppState::new(store, config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(hevruta_server::serve(
        listener,
        state,
        std::future::pending(),
    ));

    let http = reqwest::Client::new();
    let grant: SessionGrant = http
        .post(format!("{base}/api/v1/expeditions"))
        .json(&CreateExpedition {
            title: "Burst".into(),
            city: "Netanya".into(),
            challenge: "How fast can one member write?".into(),
            display_name: "Script".into(),
            sector: Sector::Public,
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = grant.expedition_id;
    let canvas: CanvasSummary = http
        .post(format!("{base}/api/v1/expeditions/{id}/canvases"))
        .bearer_auth(&grant.token)
        .json(&json!({"title": "Burst", "template": Template::Blank}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ops_url = format!("{base}/api/v1/expeditions/{id}/canvases/{}/ops", canvas.id);
    let sticky = StickyId(uuid::Uuid::now_v7());
    let create = Op {
        id: OpId(uuid::Uuid::now_v7()),
        sticky,
        kind: OpKind::Create {
            section: None,
            text: String::new(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    };
    let res = http
        .post(&ops_url)
        .bearer_auth(&grant.token)
        .json(&json!({"ops": [create]}))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_success(), "create: {}", res.status());

    let accepted = Arc::new(AtomicUsize::new(0));
    let refused = Arc::new(AtomicUsize::new(0));
    let start = Instant::now();
    let end = start + Duration::from_secs(seconds);
    let mut first_second = None;
    let senders: Vec<_> = (0..SENDERS)
        .map(|_| {
            let (http, url, token) = (http.clone(), ops_url.clone(), grant.token.clone());
            let (accepted, refused) = (accepted.clone(), refused.clone());
            tokio::spawn(async move {
                while Instant::now() < end {
                    let ops: Vec<Op> = (0..BATCH)
                        .map(|i| Op {
                            id: OpId(uuid::Uuid::now_v7()),
                            sticky,
                            kind: OpKind::SetText {
                                text: format!("edit {i}"),
                            },
                        })
                        .collect();
                    let res = http
                        .post(&url)
                        .bearer_auth(&token)
                        .json(&json!({ "ops": ops }))
                        .send()
                        .await
                        .unwrap();
                    if res.status().is_success() {
                        accepted.fetch_add(BATCH, Ordering::Relaxed);
                    } else {
                        assert_eq!(res.status(), 429, "{}", res.text().await.unwrap());
                        refused.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_secs(1)).await;
    first_second.get_or_insert(accepted.load(Ordering::Relaxed));
    for s in senders {
        s.await.unwrap();
    }
    let elapsed = start.elapsed().as_secs_f64();
    let total = accepted.load(Ordering::Relaxed);
    println!(
        "rate limits {}: first second {} ops, {seconds} s: {total} ops accepted ({:.0} ops/s), {} batches refused (429)",
        if no_limits { "off" } else { "on" },
        first_second.unwrap_or(0),
        total as f64 / elapsed,
        refused.load(Ordering::Relaxed),
    );
}
