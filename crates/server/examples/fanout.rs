//! Fan-out benchmark (`cargo xtask bench`): the server's half of edit → rendered. For each
//! N (30, 300 and 1,000 by default), N light subscribers read one expedition's event stream
//! over loopback from the real server, which runs in this process and shares the machine's
//! cores with them. Prints a table, then one JSON line for xtask; asserts nothing — timings
//! on shared machines are noisy.
//!
//! Phases, for each N on a fresh expedition:
//! - `typing`: W members (30) type into their own stickies: each posts a one-op `set_text`
//!   batch through the ops API every 100–300 ms (random), as live typing does (the app
//!   sends at most one op per member per 100 ms). Latency is request sent → each
//!   subscriber has read the event's SSE frame, and, split off it, publish (the store
//!   announcing the commit to the hub, seen by a listener on the hub itself) → read;
//!   deliveries/s is what arrived while they typed.
//! - `batched`: stage changes committed 500 per transaction straight into the store (the
//!   store announces them to the hub), as fast as possible: what the fan-out sustains. Its
//!   latencies are queueing, not edit → receive.
//!
//! Arguments: `--subscribers 30,300,1000`, `--writers 30`, `--seconds 6` (typing time per N),
//! `--deliveries 1800000` (batched phase size per N: events = deliveries / N).

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use eventsource_stream::Eventsource;
use futures_util::StreamExt;
use hdrhistogram::Histogram;
use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId, Template};
use hevruta_model::event::SSE_PRESENCE;
use hevruta_model::{
    CanvasSummary, CreateCanvas, CreateExpedition, EventKind, JoinAs, JoinExpedition, MemberId,
    OpBatch, OpBatchResult, Sector, SessionGrant, Stage,
};
use hevruta_server::events::Live;
use hevruta_server::{AppState, Config, store::Store};
use rand::{Rng, SeedableRng, rngs::StdRng};
use serde_json::json;
use tokio::sync::broadcast::{self, error::RecvError};

/// Time between one member's batches while typing, ms (uniformly random in between).
const TYPING_GAP_MS: (u64, u64) = (100, 300);
/// Events committed per transaction in the batched phase.
const BATCH: usize = 500;
/// What the members type, a few characters per batch.
const SENTENCE: &str = "Every street can be a classroom: the library, the market and the port each teach \
                        something the school cannot, if we map who offers what. ";

struct Args {
    subscribers: Vec<usize>,
    writers: usize,
    seconds: f64,
    deliveries: usize,
}

fn args() -> Args {
    let mut a = Args {
        subscribers: vec![30, 300, 1000],
        writers: 30,
        seconds: 6.0,
        deliveries: 1_800_000,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let fail = |what: &str| -> ! {
        eprintln!("fanout: unknown or incomplete argument {what}");
        std::process::exit(2);
    };
    for pair in argv.chunks(2) {
        let Some(value) = pair.get(1) else {
            fail(&pair[0])
        };
        match pair[0].as_str() {
            "--subscribers" => {
                let list: Option<Vec<usize>> =
                    value.split(',').map(|v| v.trim().parse().ok()).collect();
                match list {
                    Some(l) if !l.is_empty() && l.iter().all(|n| *n > 0) => a.subscribers = l,
                    _ => fail(value),
                }
            }
            "--writers" => a.writers = value.parse().unwrap_or_else(|_| fail(value)),
            "--seconds" => a.seconds = value.parse().unwrap_or_else(|_| fail(value)),
            "--deliveries" => a.deliveries = value.parse().unwrap_or_else(|_| fail(value)),
            other => fail(other),
        }
    }
    a
}

/// When each subscriber received each sequence number, in arrival order.
type Receipts = Arc<Mutex<Vec<(u64, Instant)>>>;

async fn subscribe(
    http: reqwest::Client,
    url: String,
    token: String,
    receipts: Receipts,
    connected: Arc<AtomicUsize>,
) {
    let res = http
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .expect("subscribe");
    assert!(
        res.status().is_success(),
        "stream refused: {}",
        res.status()
    );
    // The handler joins the hub before it answers: from here on nothing is missed.
    connected.fetch_add(1, Ordering::SeqCst);
    let mut events = res.bytes_stream().eventsource();
    // Light: frames are split, their JSON is not decoded (that is the page's share).
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

/// When the store announced each sequence number to the hub (its commit).
type Published = Arc<Mutex<HashMap<u64, Instant>>>;

/// A listener on the hub itself, without a socket: the moment each event is published.
async fn watch_hub(mut rx: broadcast::Receiver<Live>, published: Published) {
    loop {
        match rx.recv().await {
            Ok(Live::Stored(event)) => {
                let now = Instant::now();
                published.lock().unwrap().entry(event.seq).or_insert(now);
            }
            Ok(
                Live::Presence(_)
                | Live::Session(_)
                | Live::View(_)
                | Live::Focus(_)
                | Live::Pointer(_),
            )
            | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => return,
        }
    }
}

#[derive(Debug, Clone, serde::Serialize)]
struct PhaseResult {
    events: usize,
    deliveries: usize,
    expected: usize,
    seconds: f64,
    deliveries_per_s: f64,
    /// Edit (request sent, or the batch handed to the store) → event read by a subscriber.
    p50_ms: f64,
    p95_ms: f64,
    max_ms: f64,
    /// Edit → published to the hub (HTTP, checks and the SQLite commit).
    published_p50_ms: f64,
    published_p95_ms: f64,
    /// Published → event read by a subscriber: the fan-out alone.
    fanout_p50_ms: f64,
    fanout_p95_ms: f64,
    /// Share of all cores busy during the phase (0–1), this process and all others, and
    /// this process alone (server and subscribers), when /proc says.
    cpu_busy: Option<f64>,
    cpu_self: Option<f64>,
}

fn summarise(
    name: &str,
    sent: &[(u64, Instant)],
    published: &Published,
    receipts: &[Receipts],
    cpu: Option<Cpu>,
) -> PhaseResult {
    let sent_at: HashMap<u64, Instant> = sent.iter().copied().collect();
    let published = published.lock().unwrap();
    let micros = |d: Duration| d.as_micros() as u64;
    let mut whole = Histogram::<u64>::new(3).unwrap();
    let mut commit = Histogram::<u64>::new(3).unwrap();
    let mut fanout = Histogram::<u64>::new(3).unwrap();
    for (seq, t0) in sent {
        if let Some(p) = published.get(seq) {
            commit
                .record(micros(p.saturating_duration_since(*t0)))
                .unwrap();
        }
    }
    let first = sent.iter().map(|s| s.1).min().unwrap_or_else(Instant::now);
    let mut last = first;
    let mut deliveries = 0;
    for r in receipts {
        for (seq, at) in r.lock().unwrap().iter() {
            if let Some(t0) = sent_at.get(seq) {
                deliveries += 1;
                whole
                    .record(micros(at.saturating_duration_since(*t0)))
                    .unwrap();
                if let Some(p) = published.get(seq) {
                    fanout
                        .record(micros(at.saturating_duration_since(*p)))
                        .unwrap();
                }
                last = last.max(*at);
            }
        }
    }
    let expected = sent.len() * receipts.len();
    if deliveries < expected {
        eprintln!("fanout: {name}: {deliveries} of {expected} deliveries arrived");
    }
    let seconds = (last - first).as_secs_f64();
    let ms = |h: &Histogram<u64>, q: f64| h.value_at_quantile(q) as f64 / 1000.0;
    PhaseResult {
        events: sent.len(),
        deliveries,
        expected,
        seconds,
        deliveries_per_s: deliveries as f64 / seconds.max(1e-9),
        p50_ms: ms(&whole, 0.5),
        p95_ms: ms(&whole, 0.95),
        max_ms: whole.max() as f64 / 1000.0,
        published_p50_ms: ms(&commit, 0.5),
        published_p95_ms: ms(&commit, 0.95),
        fanout_p50_ms: ms(&fanout, 0.5),
        fanout_p95_ms: ms(&fanout, 0.95),
        cpu_busy: cpu.map(|c| c.busy),
        cpu_self: cpu.map(|c| c.own),
    }
}

/// Waits until every subscriber has received `seq` (or the limit passes).
async fn wait_for(receipts: &[Receipts], seq: u64, limit: Duration) -> bool {
    let deadline = Instant::now() + limit;
    loop {
        let all = receipts
            .iter()
            .all(|r| r.lock().unwrap().last().is_some_and(|(s, _)| *s >= seq));
        if all {
            return true;
        }
        if Instant::now() >= deadline {
            return false;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// Jiffies so far (Linux): all cores busy, all cores in total, this process.
fn cpu_times() -> Option<(u64, u64, u64)> {
    let stat = std::fs::read_to_string("/proc/stat").ok()?;
    let line = stat.lines().find(|l| l.starts_with("cpu "))?;
    let v: Vec<u64> = line
        .split_whitespace()
        .skip(1)
        .filter_map(|x| x.parse().ok())
        .collect();
    let total: u64 = v.iter().take(8).sum();
    // idle + iowait
    let idle = v.get(3)? + v.get(4).copied().unwrap_or(0);
    // utime and stime, the 14th and 15th fields, counted after the `(comm)` one.
    let own = std::fs::read_to_string("/proc/self/stat").ok()?;
    let after = own.rsplit_once(')')?.1;
    let f: Vec<&str> = after.split_whitespace().collect();
    let mine = f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?;
    Some((total - idle, total, mine))
}

/// Shares of all cores (0–1) busy during a phase.
#[derive(Debug, Clone, Copy)]
struct Cpu {
    busy: f64,
    own: f64,
}

fn busy_since(from: Option<(u64, u64, u64)>) -> Option<Cpu> {
    let (b0, t0, m0) = from?;
    let (b1, t1, m1) = cpu_times()?;
    let share = |d: u64| (d as f64 / (t1 - t0) as f64 * 100.0).round() / 100.0;
    (t1 > t0).then(|| Cpu {
        busy: share(b1 - b0),
        own: share(m1.saturating_sub(m0)),
    })
}

/// What the API answered, or a panic naming the request (a crash is the one failure).
async fn ok_json<T: serde::de::DeserializeOwned>(what: &str, res: reqwest::Response) -> T {
    let status = res.status();
    if !status.is_success() {
        let body = res.text().await.unwrap_or_default();
        panic!("{what}: HTTP {status}: {body:.300}");
    }
    res.json().await.unwrap_or_else(|e| panic!("{what}: {e}"))
}

struct Room {
    id: hevruta_model::ExpeditionId,
    facilitator: SessionGrant,
    canvas: hevruta_model::canvas::CanvasId,
    /// Each writer's session and its sticky.
    writers: Vec<(SessionGrant, StickyId)>,
}

async fn post_ops(
    http: &reqwest::Client,
    base: &str,
    room: &Room,
    token: &str,
    ops: Vec<Op>,
) -> OpBatchResult {
    let res = http
        .post(format!(
            "{base}/api/v1/expeditions/{}/canvases/{}/ops",
            room.id, room.canvas
        ))
        .bearer_auth(token)
        .json(&OpBatch { ops })
        .send()
        .await
        .expect("post ops");
    ok_json("POST ops", res).await
}

/// An expedition with a blank canvas and `writers` joined members, each with a sticky.
async fn set_up(http: &reqwest::Client, base: &str, n: usize, writers: usize) -> Room {
    let res = http
        .post(format!("{base}/api/v1/expeditions"))
        .json(&CreateExpedition {
            title: format!("Fan-out bench {n}"),
            city: "Loopback".into(),
            challenge: "How fast?".into(),
            display_name: "Bench".into(),
            sector: Sector::Public,
        })
        .send()
        .await
        .expect("create expedition");
    let facilitator: SessionGrant = ok_json("POST /expeditions", res).await;
    let id = facilitator.expedition_id;
    let code = facilitator
        .expedition
        .join_code
        .as_ref()
        .expect("the facilitator sees the join code")
        .as_str()
        .to_owned();
    let res = http
        .post(format!("{base}/api/v1/expeditions/{id}/canvases"))
        .bearer_auth(&facilitator.token)
        .json(&CreateCanvas {
            title: "Typing".into(),
            template: Template::Blank,
        })
        .send()
        .await
        .expect("create canvas");
    let canvas: CanvasSummary = ok_json("POST /canvases", res).await;
    let mut room = Room {
        id,
        facilitator,
        canvas: canvas.id,
        writers: Vec::new(),
    };
    for w in 0..writers {
        let res = http
            .post(format!("{base}/api/v1/join"))
            .json(&JoinExpedition {
                code: code.clone(),
                display_name: format!("Member {}", w + 1),
                sector: Some(Sector::NonProfit),
                join_as: JoinAs::Participant,
            })
            .send()
            .await
            .expect("join");
        let grant: SessionGrant = ok_json("POST /join", res).await;
        let sticky = StickyId(uuid::Uuid::now_v7());
        let create = Op {
            id: OpId(uuid::Uuid::now_v7()),
            sticky,
            kind: OpKind::Create {
                section: None,
                text: String::new(),
                color: StickyColor::Yellow,
                x: (w % 6) as f64 * 260.0,
                y: (w / 6) as f64 * 180.0,
            },
        };
        post_ops(http, base, &room, &grant.token, vec![create]).await;
        room.writers.push((grant, sticky));
    }
    room
}

/// One member typing until `until`: (seq, request sent) of each batch.
async fn type_into(
    http: reqwest::Client,
    base: Arc<str>,
    room: Arc<Room>,
    writer: usize,
    until: Instant,
) -> Vec<(u64, Instant)> {
    let (grant, sticky) = &room.writers[writer];
    let mut rng = StdRng::seed_from_u64(writer as u64 + 1);
    let chars: Vec<char> = SENTENCE.chars().collect();
    let mut len = 0;
    let mut sent = Vec::new();
    loop {
        let gap = rng.random_range(TYPING_GAP_MS.0..=TYPING_GAP_MS.1);
        tokio::time::sleep(Duration::from_millis(gap)).await;
        if Instant::now() >= until {
            return sent;
        }
        len = (len + rng.random_range(1..=3)) % chars.len();
        let text: String = chars[..len].iter().collect();
        let op = Op {
            id: OpId(uuid::Uuid::now_v7()),
            sticky: *sticky,
            kind: OpKind::SetText { text },
        };
        let t0 = Instant::now();
        let result = post_ops(&http, &base, &room, &grant.token, vec![op]).await;
        if let Some(applied) = result.applied.first() {
            sent.push((applied.stamp.seq, t0));
        }
    }
}

struct RunResult {
    subscribers: usize,
    typing: PhaseResult,
    batched: PhaseResult,
}

async fn run(base: &str, state: &AppState, n: usize, args: &Args) -> RunResult {
    let store = &state.store;
    // Subscribers each get a connection of their own; writers keep theirs alive.
    let streams = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    let http = reqwest::Client::new();
    let room = Arc::new(set_up(&http, base, n, args.writers).await);
    let after = store.last_seq(room.id).await.unwrap();
    let published = Published::default();
    let hub_watch = tokio::spawn(watch_hub(state.hub.subscribe(room.id), published.clone()));

    let receipts: Vec<Receipts> = (0..n).map(|_| Receipts::default()).collect();
    let connected = Arc::new(AtomicUsize::new(0));
    let tasks: Vec<_> = receipts
        .iter()
        .map(|r| {
            let url = format!("{base}/api/v1/expeditions/{}/events?after={after}", room.id);
            tokio::spawn(subscribe(
                streams.clone(),
                url,
                room.facilitator.token.clone(),
                r.clone(),
                connected.clone(),
            ))
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs(120);
    while connected.load(Ordering::SeqCst) < n && Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let open = connected.load(Ordering::SeqCst);
    assert!(open == n, "only {open} of {n} event streams opened");
    // One warm-up edit reaches everyone before measuring.
    let (grant, sticky) = &room.writers[0];
    let warm = Op {
        id: OpId(uuid::Uuid::now_v7()),
        sticky: *sticky,
        kind: OpKind::SetText { text: "E".into() },
    };
    let warm = post_ops(&http, base, &room, &grant.token, vec![warm]).await;
    let seq = warm.applied[0].stamp.seq;
    assert!(
        wait_for(&receipts, seq, Duration::from_secs(60)).await,
        "the warm-up edit did not reach every subscriber"
    );
    for r in &receipts {
        r.lock().unwrap().clear();
    }

    // Phase 1: members typing live.
    let cpu = cpu_times();
    let until = Instant::now() + Duration::from_secs_f64(args.seconds);
    let base_arc: Arc<str> = base.into();
    let writers: Vec<_> = (0..args.writers)
        .map(|w| {
            tokio::spawn(type_into(
                http.clone(),
                base_arc.clone(),
                room.clone(),
                w,
                until,
            ))
        })
        .collect();
    let mut sent = Vec::new();
    for w in writers {
        sent.extend(w.await.expect("a writer crashed"));
    }
    let last = sent.iter().map(|s| s.0).max().unwrap_or(seq);
    wait_for(&receipts, last, Duration::from_secs(30)).await;
    let typing = summarise(
        &format!("typing, {n} subscribers"),
        &sent,
        &published,
        &receipts,
        busy_since(cpu),
    );
    for r in &receipts {
        r.lock().unwrap().clear();
    }

    // Phase 2: batched commits straight into the store, as fast as the fan-out takes them.
    let events = (args.deliveries / n).div_ceil(BATCH).clamp(1, 120) * BATCH;
    let mut sent = Vec::with_capacity(events);
    let by = MemberId(uuid::Uuid::nil());
    let stages = [Stage::LearningExpedition, Stage::GettingToKnow];
    let cpu = cpu_times();
    for _ in 0..events / BATCH {
        let changes = (0..BATCH)
            .map(|i| EventKind::StageChanged {
                stage: stages[i % 2],
                by,
            })
            .collect();
        let t0 = Instant::now();
        let stored = store.append_events(room.id, changes).await.unwrap();
        sent.extend(stored.iter().map(|e| (e.seq, t0)));
        tokio::task::yield_now().await;
    }
    let last = sent.last().map(|s| s.0).unwrap_or(seq);
    wait_for(&receipts, last, Duration::from_secs(120)).await;
    let batched = summarise(
        &format!("batched, {n} subscribers"),
        &sent,
        &published,
        &receipts,
        busy_since(cpu),
    );
    for t in tasks {
        t.abort();
    }
    hub_watch.abort();
    RunResult {
        subscribers: n,
        typing,
        batched,
    }
}

#[tokio::main]
async fn main() {
    let args = args();
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("bench.sqlite3"))
        .await
        .unwrap();
    // A load test: no rate limits, and room for every subscriber's stream.
    let config = Config {
        rate_limits: None,
        max_streams: usize::MAX,
        ..Config::default()
    };
    let state = AppState::new(store.clone(), config);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(hevruta_server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));

    let mut runs = Vec::new();
    for &n in &args.subscribers {
        eprintln!(
            "    fan-out: {n} subscribers, {} members typing for {} s, then batched",
            args.writers, args.seconds
        );
        runs.push(run(&base, &state, n, &args).await);
    }
    state.shutdown.cancel();

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!(
        "fan-out: N subscribers on one expedition, loopback, server and clients share {cores} cores"
    );
    println!(
        "typing = {} members each posting a one-op set_text batch every {}–{} ms; batched = stage \
         changes committed {BATCH} per transaction as fast as they go",
        args.writers, TYPING_GAP_MS.0, TYPING_GAP_MS.1
    );
    println!(
        "edit = request sent (batched: handed to the store); publish = the store announces the \
         commit to the hub; event = a subscriber has read its SSE frame (not decoded)"
    );
    println!("cpu = share of all cores busy (every process / this one)");
    println!(
        "{:<26} {:>6} {:>10} {:>12} {:>21} {:>21} {:>9} {:>9}",
        "phase",
        "events",
        "deliveries",
        "deliveries/s",
        "edit→event p50/p95",
        "publish→event p50/p95",
        "max ms",
        "cpu all/us"
    );
    for r in &runs {
        for (name, p) in [("typing", &r.typing), ("batched (500/commit)", &r.batched)] {
            let pct = |v: Option<f64>| v.map_or("?".to_owned(), |c| format!("{:.0}%", c * 100.0));
            let cpu = format!("{}/{}", pct(p.cpu_busy), pct(p.cpu_self));
            let pair = |a: f64, b: f64| format!("{a:.1} / {b:.1} ms");
            println!(
                "{:<26} {:>6} {:>10} {:>12.0} {:>21} {:>21} {:>9.1} {:>9}",
                format!("{name}, N={}", r.subscribers),
                p.events,
                p.deliveries,
                p.deliveries_per_s,
                pair(p.p50_ms, p.p95_ms),
                pair(p.fanout_p50_ms, p.fanout_p95_ms),
                p.max_ms,
                cpu
            );
        }
    }
    // The last line is for xtask.
    let report = json!({
        "fanout": 1,
        "cores": cores,
        "writers": args.writers,
        "typing_gap_ms": [TYPING_GAP_MS.0, TYPING_GAP_MS.1],
        "runs": runs.iter().map(|r| json!({
            "subscribers": r.subscribers,
            "typing": r.typing,
            "batched": r.batched,
        })).collect::<Vec<_>>(),
    });
    println!("{report}");
}
