//! Fan-out benchmark (`cargo xtask bench`): N subscribers on one expedition's event stream
//! over loopback, against the real server (in this process, sharing the 2 cores with the
//! clients). Prints a table; asserts nothing — timings on shared machines are noisy.
//!
//! Phases:
//! - `http writes`: stage changes through `PUT /stage` (one SQLite commit each), paced;
//!   latency is request sent → event received by each subscriber.
//! - `batched`: events committed 500 per transaction (the store announces them to the hub),
//!   as fast as possible; deliveries/s is what the fan-out sustains.
//!
//! Arguments: `--subscribers N` (300), `--writes N` (300), `--events N` (6000).

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use hdrhistogram::Histogram;
use hevruta_model::event::SSE_PRESENCE;
use hevruta_model::{CreateExpedition, EventKind, MemberId, Sector, SessionGrant, Stage};
use hevruta_server::{AppState, Config, app, store::Store};

struct Args {
    subscribers: usize,
    writes: usize,
    events: usize,
}

fn args() -> Args {
    let mut a = Args {
        subscribers: 300,
        writes: 300,
        events: 6000,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    for pair in argv.chunks(2) {
        let value = pair.get(1).and_then(|v| v.parse().ok());
        match (pair[0].as_str(), value) {
            ("--subscribers", Some(v)) => a.subscribers = v,
            ("--writes", Some(v)) => a.writes = v,
            ("--events", Some(v)) => a.events = v,
            (other, _) => {
                eprintln!("fanout: unknown or incomplete argument {other}");
                std::process::exit(2);
            }
        }
    }
    a
}

/// When each subscriber received each sequence number.
type Receipts = Arc<Mutex<Vec<(u64, Instant)>>>;

async fn subscribe(http: reqwest::Client, url: String, receipts: Receipts) {
    let res = http.get(url).send().await.expect("subscribe");
    assert!(
        res.status().is_success(),
        "stream refused: {}",
        res.status()
    );
    let mut events = res.bytes_stream().eventsource();
    while let Some(Ok(event)) = events.next().await {
        let now = Instant::now();
        // Only stored events are numbered (presence carries the last id along).
        if event.event != SSE_PRESENCE
            && let Ok(seq) = event.id.parse::<u64>()
        {
            receipts.lock().unwrap().push((seq, now));
        }
    }
}

struct PhaseResult {
    name: &'static str,
    events: usize,
    deliveries: usize,
    seconds: f64,
    p50_ms: f64,
    p95_ms: f64,
    max_ms: f64,
}

fn summarise(
    name: &'static str,
    sent: &[(u64, Instant)],
    receipts: &[Receipts],
    expected_per_subscriber: usize,
) -> PhaseResult {
    let sent_at: std::collections::HashMap<u64, Instant> = sent.iter().copied().collect();
    let mut hist = Histogram::<u64>::new(3).unwrap();
    let first = sent.iter().map(|s| s.1).min().unwrap();
    let mut last = first;
    let mut deliveries = 0;
    for r in receipts {
        for (seq, at) in r.lock().unwrap().iter() {
            if let Some(t0) = sent_at.get(seq) {
                deliveries += 1;
                hist.record(at.saturating_duration_since(*t0).as_micros() as u64)
                    .unwrap();
                last = last.max(*at);
            }
        }
    }
    if deliveries < expected_per_subscriber * receipts.len() {
        eprintln!(
            "fanout: {name}: {deliveries} of {} deliveries arrived",
            expected_per_subscriber * receipts.len()
        );
    }
    PhaseResult {
        name,
        events: sent.len(),
        deliveries,
        seconds: (last - first).as_secs_f64(),
        p50_ms: hist.value_at_quantile(0.5) as f64 / 1000.0,
        p95_ms: hist.value_at_quantile(0.95) as f64 / 1000.0,
        max_ms: hist.max() as f64 / 1000.0,
    }
}

async fn wait_for(receipts: &[Receipts], seq: u64, limit: Duration) {
    let deadline = Instant::now() + limit;
    while Instant::now() < deadline {
        if receipts
            .iter()
            .all(|r| r.lock().unwrap().iter().any(|(s, _)| *s >= seq))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::main]
async fn main() {
    let args = args();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3"))
        .await
        .unwrap();
    let state = AppState::new(store.clone(), Config::default());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(axum::serve(listener, app(state.clone())).into_future());

    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let grant: SessionGrant = http
        .post(format!("{base}/api/v1/expeditions"))
        .json(&CreateExpedition {
            title: "Fan-out bench".into(),
            city: "Loopback".into(),
            challenge: "How fast?".into(),
            display_name: "Bench".into(),
            sector: Sector::Public,
        })
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = grant.expedition_id;

    let receipts: Vec<Receipts> = (0..args.subscribers).map(|_| Receipts::default()).collect();
    for r in &receipts {
        let url = format!(
            "{base}/api/v1/expeditions/{id}/events?after=1&token={}",
            grant.token
        );
        tokio::spawn(subscribe(http.clone(), url, r.clone()));
    }
    // Let every stream connect and send its first keep-alive-free frame.
    tokio::time::sleep(Duration::from_millis(500 + args.subscribers as u64 * 3)).await;

    // Phase 1: real writes over HTTP, paced at ~200/s so latency is not queueing.
    let mut sent = Vec::with_capacity(args.writes);
    let stages = [Stage::LearningExpedition, Stage::GettingToKnow];
    for i in 0..args.writes {
        let t0 = Instant::now();
        let snap: hevruta_model::ExpeditionSnapshot = http
            .put(format!("{base}/api/v1/expeditions/{id}/stage"))
            .bearer_auth(&grant.token)
            .json(&hevruta_model::SetStage {
                stage: stages[i % 2],
            })
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        sent.push((snap.last_seq, t0));
        tokio::time::sleep(Duration::from_millis(5).saturating_sub(t0.elapsed())).await;
    }
    let last_http = sent.last().map(|s| s.0).unwrap_or(1);
    wait_for(&receipts, last_http, Duration::from_secs(30)).await;
    let http_phase = summarise("http writes (1 commit each)", &sent, &receipts, args.writes);
    for r in &receipts {
        r.lock().unwrap().clear();
    }

    // Phase 2: batched commits straight into the store, as fast as the fan-out takes them.
    let mut sent = Vec::with_capacity(args.events);
    let by = MemberId(uuid::Uuid::nil());
    for chunk_start in (0..args.events).step_by(500) {
        let n = (args.events - chunk_start).min(500);
        let changes = (0..n)
            .map(|i| EventKind::StageChanged {
                stage: stages[i % 2],
                by,
            })
            .collect();
        let t0 = Instant::now();
        let events = store.append_events(id, changes).await.unwrap();
        sent.extend(events.iter().map(|e| (e.seq, t0)));
        tokio::task::yield_now().await;
    }
    let last_seq = sent.last().map(|s| s.0).unwrap_or(1);
    wait_for(&receipts, last_seq, Duration::from_secs(60)).await;
    let batch_phase = summarise("batched (500 per commit)", &sent, &receipts, args.events);

    println!();
    println!(
        "fan-out: {} subscribers on one expedition, loopback, server and clients share {} cores",
        args.subscribers,
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(1)
    );
    println!(
        "{:<28} {:>7} {:>11} {:>8} {:>13} {:>8} {:>8} {:>8}",
        "phase", "events", "deliveries", "seconds", "deliveries/s", "p50 ms", "p95 ms", "max ms"
    );
    for p in [http_phase, batch_phase] {
        println!(
            "{:<28} {:>7} {:>11} {:>8.2} {:>13.0} {:>8.2} {:>8.2} {:>8.2}",
            p.name,
            p.events,
            p.deliveries,
            p.seconds,
            p.deliveries as f64 / p.seconds.max(1e-9),
            p.p50_ms,
            p.p95_ms,
            p.max_ms
        );
    }
    state.shutdown.cancel();
}
