//! Canvas snapshot benchmark: a blank canvas filled with N stickies (20,000 by default)
//! through the ops API of the real server in this process, then G GETs of its snapshot
//! (20 by default) over loopback. Prints bytes and ms per GET (p50, p95, max), and the same
//! for the store's fold alone (`Store::board`, no JSON, no HTTP) and for turning it into
//! the answer's JSON; asserts nothing.
//!
//! Arguments: `--stickies 20000`, `--gets 20`, `--dump PATH` (writes one answer's body, to
//! size it compressed).

use std::time::{Duration, Instant};

use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId, Template};
use hevruta_model::{
    CanvasSnapshot, CanvasSummary, CreateCanvas, CreateExpedition, OpBatch, OpBatchResult, Sector,
    SessionGrant,
};
use hevruta_server::{AppState, Config, app, store::Store};

struct Args {
    stickies: usize,
    gets: usize,
    dump: Option<String>,
}

fn args() -> Args {
    let mut a = Args {
        stickies: 20_000,
        gets: 20,
        dump: None,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let fail = |what: &str| -> ! {
        eprintln!("snapshot: unknown or incomplete argument {what}");
        std::process::exit(2);
    };
    for pair in argv.chunks(2) {
        let Some(value) = pair.get(1) else {
            fail(&pair[0])
        };
        match pair[0].as_str() {
            "--stickies" => a.stickies = value.parse().unwrap_or_else(|_| fail(value)),
            "--gets" => a.gets = value.parse().unwrap_or_else(|_| fail(value)),
            "--dump" => a.dump = Some(value.clone()),
            other => fail(other),
        }
    }
    a
}

async fn ok_json<T: serde::de::DeserializeOwned>(what: &str, res: reqwest::Response) -> T {
    let status = res.status();
    if !status.is_success() {
        let body = res.text().await.unwrap_or_default();
        panic!("{what}: HTTP {status}: {body:.300}");
    }
    res.json().await.unwrap_or_else(|e| panic!("{what}: {e}"))
}

/// p50, p95 and max of `times`, in ms.
fn quantiles(times: &mut [Duration]) -> (f64, f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() - 1) as f64 * q).round() as usize]);
    (at(0.5), at(0.95), ms(*times.last().unwrap()))
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
    tokio::spawn(axum::serve(listener, app(state)).into_future());
    let http = reqwest::Client::new();

    let res = http
        .post(format!("{base}/api/v1/expeditions"))
        .json(&CreateExpedition {
            title: "Snapshot bench".into(),
            city: "Loopback".into(),
            challenge: "How big?".into(),
            display_name: "Bench".into(),
            sector: Sector::Public,
        })
        .send()
        .await
        .expect("create expedition");
    let grant: SessionGrant = ok_json("POST /expeditions", res).await;
    let id = grant.expedition_id;
    let res = http
        .post(format!("{base}/api/v1/expeditions/{id}/canvases"))
        .bearer_auth(&grant.token)
        .json(&CreateCanvas {
            title: "Crowded".into(),
            template: Template::Blank,
        })
        .send()
        .await
        .expect("create canvas");
    let canvas: CanvasSummary = ok_json("POST /canvases", res).await;
    let ops_url = format!("{base}/api/v1/expeditions/{id}/canvases/{}/ops", canvas.id);
    let snapshot_url = format!("{base}/api/v1/expeditions/{id}/canvases/{}", canvas.id);

    let started = Instant::now();
    let mut made = 0;
    while made < args.stickies {
        // 200 ops a batch (about 40 KB) keep under the body limit, `MAX_BODY_BYTES`.
        let n = (args.stickies - made).min(200);
        let ops = (made..made + n)
            .map(|i| Op {
                id: OpId(uuid::Uuid::now_v7()),
                sticky: StickyId(uuid::Uuid::now_v7()),
                kind: OpKind::Create {
                    section: None,
                    text: format!("Sticky {i}: the library, the market and the port each teach"),
                    color: StickyColor::Yellow,
                    x: (i % 200) as f64 * 120.0,
                    y: (i / 200) as f64 * 90.0,
                },
            })
            .collect();
        let res = http
            .post(&ops_url)
            .bearer_auth(&grant.token)
            .json(&OpBatch { ops })
            .send()
            .await
            .expect("post ops");
        let _: OpBatchResult = ok_json("POST ops", res).await;
        made += n;
    }
    eprintln!(
        "snapshot: {} stickies written in {:.1} s",
        args.stickies,
        started.elapsed().as_secs_f64()
    );

    let mut times = Vec::with_capacity(args.gets);
    let mut bytes = 0;
    for i in 0..args.gets {
        let t0 = Instant::now();
        let res = http
            .get(&snapshot_url)
            .bearer_auth(&grant.token)
            .send()
            .await
            .expect("get snapshot");
        assert!(res.status().is_success(), "GET snapshot: {}", res.status());
        let body = res.bytes().await.expect("read snapshot");
        times.push(t0.elapsed());
        bytes = body.len();
        if i == 0 {
            let snapshot: CanvasSnapshot = serde_json::from_slice(&body).expect("a snapshot");
            assert_eq!(snapshot.stickies.len(), args.stickies);
            if let Some(path) = &args.dump {
                std::fs::write(path, &body).expect("dump");
            }
        }
    }
    let (p50, p95, max) = quantiles(&mut times);
    println!(
        "GET snapshot, {} stickies: {bytes} bytes; ms p50 {p50:.1} p95 {p95:.1} max {max:.1} over {} GETs",
        args.stickies, args.gets
    );

    let mut times = Vec::with_capacity(args.gets);
    let mut json = Vec::with_capacity(args.gets);
    for _ in 0..args.gets {
        let t0 = Instant::now();
        let (board, private_writing, last_seq) = store
            .board(id, canvas.id, Some(grant.member.id))
            .await
            .unwrap();
        times.push(t0.elapsed());
        assert_eq!(board.stickies.len(), args.stickies);
        // What the handler then does with it, short of the socket.
        let t0 = Instant::now();
        let body = serde_json::to_vec(&CanvasSnapshot {
            canvas: canvas.clone(),
            sections: Template::Blank.sections(),
            stickies: board.stickies.into_values().collect(),
            private_writing,
            last_seq,
        })
        .unwrap();
        json.push(t0.elapsed());
        assert!(body.len() > 1);
    }
    let (p50, p95, max) = quantiles(&mut times);
    println!(
        "Store::board alone: ms p50 {p50:.1} p95 {p95:.1} max {max:.1} over {} reads",
        args.gets
    );
    let (p50, p95, max) = quantiles(&mut json);
    println!("its JSON alone: ms p50 {p50:.1} p95 {p95:.1} max {max:.1}");
}
