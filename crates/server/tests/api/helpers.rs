use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::time::Duration;

use eventsource_stream::{EventStreamError, Eventsource};
use futures_util::StreamExt;
use hevruta_model::event::{SSE_PRESENCE, SSE_RESET};
use hevruta_model::facilitation::{SSE_FACILITATION, SSE_VIEW};
use hevruta_model::focus::SSE_FOCUS;
use hevruta_model::pointer::SSE_POINTER;
use hevruta_model::{
    CreateExpedition, JoinAs, JoinExpedition, PresenceEvent, Sector, SessionGrant,
};
use hevruta_server::{AppState, Config, store::Store};
use reqwest::{Client, Method, RequestBuilder, Response, StatusCode};
use serde_json::{Value, json};

/// Set to a backend's base URL (`http://host:port`), the suite speaks only HTTP to that
/// backend instead of spawning the server in this process: `cargo xtask conformance`.
/// Tests that need the in-process server are marked
/// `#[cfg_attr(feature = "conformance", ignore = "why")]` and skipped there.
pub const CONFORMANCE_BASE: &str = "HEVRUTA_CONFORMANCE_BASE";

/// The backend under test, when it is not this process's own.
fn conformance_base() -> Option<String> {
    std::env::var(CONFORMANCE_BASE)
        .ok()
        .map(|base| base.trim().trim_end_matches('/').to_owned())
        .filter(|base| !base.is_empty())
}

/// How long a test waits for what a stream should bring. The in-process server re-checks
/// sessions and sends keep-alives every 200 ms; a separate backend may take its own
/// intervals (the reference server's are 20 s and 15 s) to notice a session that ended or
/// a reader that went away.
pub fn patience() -> Duration {
    if conformance_base().is_some() {
        Duration::from_secs(25)
    } else {
        Duration::from_secs(5)
    }
}

pub struct TestApp {
    pub url: String,
    pub http: Client,
    /// The server's insides, when it runs in this process.
    internals: Option<Internals>,
}

struct Internals {
    state: AppState,
    /// The SQLite file, for a second `Store` playing another server process.
    db: PathBuf,
    /// `None` for a restarted server: the first one owns the file.
    _dir: Option<tempfile::TempDir>,
}

/// A fresh server in this process on a new SQLite file, or the backend named by
/// `HEVRUTA_CONFORMANCE_BASE` (every test creates its own expeditions, so they share it).
pub async fn spawn_app() -> TestApp {
    match conformance_base() {
        Some(url) => TestApp {
            url,
            http: Client::new(),
            internals: None,
        },
        // As the conformance run's server (`--no-rate-limits`): a test that fires many
        // requests from one address is not a flood; limits.rs builds servers with them.
        None => {
            spawn_app_with(Config {
                rate_limits: None,
                ..Config::default()
            })
            .await
        }
    }
}

pub async fn spawn_app_with(config: Config) -> TestApp {
    if conformance_base().is_some() {
        needs_internals();
    }
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("test.sqlite3");
    serve(config, db, Some(dir)).await
}

/// A server in this process over the SQLite file `db`.
async fn serve(config: Config, db: PathBuf, dir: Option<tempfile::TempDir>) -> TestApp {
    let store = Store::open(&db).await.unwrap();
    let state = AppState::new(
        store,
        Config {
            keep_alive: Duration::from_millis(200),
            session_recheck: Duration::from_millis(200),
            ..config
        },
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(hevruta_server::serve(
        listener,
        state.clone(),
        std::future::pending(),
    ));
    TestApp {
        url,
        http: Client::new(),
        internals: Some(Internals {
            state,
            db,
            _dir: dir,
        }),
    }
}

impl TestApp {
    /// A new server over this one's SQLite file, as after a restart: nothing of the first
    /// one's memory (hub, live session) carries over. Keep `self` alive: it owns the file.
    pub async fn restarted(&self) -> TestApp {
        serve(Config::default(), self.db().to_path_buf(), None).await
    }
}

fn needs_internals() -> ! {
    panic!(
        "this test needs the server in this process, not a backend at {CONFORMANCE_BASE}: \
         mark it #[cfg_attr(feature = \"conformance\", ignore = \"why\")] \
         and run the suite through `cargo xtask conformance`"
    )
}

pub fn create_body(title: &str) -> CreateExpedition {
    CreateExpedition {
        title: title.into(),
        city: "Netanya".into(),
        challenge: "How can every school teach the others?".into(),
        display_name: "Yael".into(),
        sector: Sector::Public,
    }
}

impl TestApp {
    /// The in-process server's state (its store, hub and shutdown).
    pub fn state(&self) -> &AppState {
        &self.internals().state
    }

    /// The in-process server's SQLite file.
    pub fn db(&self) -> &Path {
        &self.internals().db
    }

    fn internals(&self) -> &Internals {
        self.internals.as_ref().unwrap_or_else(|| needs_internals())
    }

    pub fn req(&self, method: Method, path: &str, token: Option<&str>) -> RequestBuilder {
        let r = self
            .http
            .request(method, format!("{}/api/v1{path}", self.url));
        match token {
            Some(t) => r.bearer_auth(t),
            None => r,
        }
    }

    /// Sends `body` as JSON with `method` to `path`, as `token` (or anonymously).
    pub async fn send_json(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &impl serde::Serialize,
    ) -> Response {
        self.req(method, path, token)
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn get(&self, path: &str, token: &str) -> Response {
        self.req(Method::GET, path, Some(token))
            .send()
            .await
            .unwrap()
    }

    pub async fn create(&self, title: &str) -> SessionGrant {
        let res = self
            .req(Method::POST, "/expeditions", None)
            .json(&create_body(title))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.unwrap()
    }

    pub async fn join_code(&self, facilitator: &SessionGrant) -> String {
        let snap: Value = self
            .get(
                &format!("/expeditions/{}", facilitator.expedition_id),
                &facilitator.token,
            )
            .await
            .json()
            .await
            .unwrap();
        snap["join_code"].as_str().unwrap().to_owned()
    }

    pub async fn try_join(&self, code: &str, name: &str, join_as: JoinAs) -> Response {
        self.req(Method::POST, "/join", None)
            .json(&JoinExpedition {
                code: code.into(),
                display_name: name.into(),
                sector: Some(Sector::Business),
                join_as,
            })
            .send()
            .await
            .unwrap()
    }

    pub async fn join(&self, code: &str, name: &str) -> SessionGrant {
        let res = self.try_join(code, name, JoinAs::Participant).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.unwrap()
    }

    /// Joins as a read-only viewer (a projector).
    pub async fn join_viewer(&self, code: &str) -> SessionGrant {
        let res = self.try_join(code, "Projector", JoinAs::Viewer).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        res.json().await.unwrap()
    }

    pub async fn set_stage(&self, g: &SessionGrant, stage: &str) -> Response {
        self.req(
            Method::PUT,
            &format!("/expeditions/{}/stage", g.expedition_id),
            Some(&g.token),
        )
        .json(&json!({ "stage": stage }))
        .send()
        .await
        .unwrap()
    }

    /// A single-use stream ticket for `g`'s expedition, as the app asks for one.
    pub async fn stream_ticket(&self, g: &SessionGrant) -> String {
        let res = self
            .http
            .post(format!(
                "{}/api/v1/expeditions/{}/stream-tickets",
                self.url, g.expedition_id
            ))
            .bearer_auth(&g.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::CREATED);
        let body: Value = res.json().await.unwrap();
        body["ticket"].as_str().unwrap().to_owned()
    }

    /// Opens the event stream with a stream ticket in the query, as a browser would.
    pub async fn stream(
        &self,
        g: &SessionGrant,
        query: &str,
        last_event_id: Option<u64>,
    ) -> EventStream {
        let ticket = self.stream_ticket(g).await;
        let mut r = self.http.get(format!(
            "{}/api/v1/expeditions/{}/events?ticket={ticket}{query}",
            self.url, g.expedition_id
        ));
        if let Some(id) = last_event_id {
            r = r.header("Last-Event-ID", id.to_string());
        }
        let res = r.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(media_type(&res), "text/event-stream");
        EventStream::new(res)
    }
}

/// A response's media type, without parameters such as `charset`.
pub fn media_type(res: &Response) -> &str {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap_or("")
        .trim()
}

/// Asserts a problem response: status, content type and code. Returns the body.
pub async fn assert_problem(res: Response, status: u16, code: &str) -> Value {
    assert_eq!(res.status().as_u16(), status, "status");
    assert_eq!(media_type(&res), "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["status"], status);
    assert!(body["title"].as_str().is_some_and(|t| !t.is_empty()));
    body
}

/// The stream's events as the `eventsource-stream` parser reads them (keep-alive comments
/// are dropped by it).
type Frames = std::pin::Pin<
    Box<
        dyn futures_util::Stream<
                Item = Result<eventsource_stream::Event, EventStreamError<reqwest::Error>>,
            > + Send,
    >,
>;

/// The event stream as a test reads it. Stored events (with an `id:`) and presence events
/// (without) are read in order but handed out from separate queues.
pub struct EventStream {
    frames: Frames,
    /// The id of the last stored event: SSE ids stick until the next `id:` field, so a
    /// presence event that carries none reads with this one.
    last_id: String,
    stored: VecDeque<SseMessage>,
    presence: VecDeque<PresenceEvent>,
    /// `facilitation`, `view` and `pointer` frames (not stored either), with their names.
    live: VecDeque<(String, Value)>,
}

#[derive(Debug)]
pub struct SseMessage {
    pub id: u64,
    pub event: String,
    pub data: Value,
}

impl EventStream {
    fn new(res: Response) -> Self {
        Self {
            frames: Box::pin(res.bytes_stream().eventsource()),
            last_id: String::new(),
            stored: VecDeque::new(),
            presence: VecDeque::new(),
            live: VecDeque::new(),
        }
    }

    /// The next stored event (presence kept for `next_presence`); panics after
    /// `patience()` without one.
    pub async fn next(&mut self) -> SseMessage {
        tokio::time::timeout(patience(), self.next_inner())
            .await
            .expect("no event in time")
    }

    /// `None` if no stored event arrives within `wait`.
    pub async fn next_within(&mut self, wait: Duration) -> Option<SseMessage> {
        tokio::time::timeout(wait, self.next_inner()).await.ok()
    }

    /// The next presence event (stored events are kept for `next`); panics after
    /// `patience()`.
    pub async fn next_presence(&mut self) -> PresenceEvent {
        tokio::time::timeout(patience(), self.next_presence_inner())
            .await
            .expect("no presence event in time")
    }

    /// `None` if no presence event arrives within `wait`.
    pub async fn presence_within(&mut self, wait: Duration) -> Option<PresenceEvent> {
        tokio::time::timeout(wait, self.next_presence_inner())
            .await
            .ok()
    }

    async fn next_inner(&mut self) -> SseMessage {
        loop {
            if let Some(message) = self.stored.pop_front() {
                return message;
            }
            self.read_event().await;
        }
    }

    async fn next_presence_inner(&mut self) -> PresenceEvent {
        loop {
            if let Some(presence) = self.presence.pop_front() {
                return presence;
            }
            self.read_event().await;
        }
    }

    /// Reads one event into its queue.
    async fn read_event(&mut self) {
        let event = self
            .frames
            .next()
            .await
            .expect("stream ended")
            .expect("a well-formed event stream");
        if [
            SSE_FACILITATION,
            SSE_VIEW,
            SSE_FOCUS,
            SSE_POINTER,
            SSE_RESET,
        ]
        .contains(&event.event.as_str())
        {
            assert_eq!(
                event.id, self.last_id,
                "the live session is not stored: no id"
            );
            self.live.push_back((
                event.event,
                serde_json::from_str(&event.data).expect("JSON data"),
            ));
        } else if event.event == SSE_PRESENCE {
            assert_eq!(event.id, self.last_id, "presence is not stored: no id");
            self.presence
                .push_back(serde_json::from_str(&event.data).expect("a PresenceEvent"));
        } else {
            self.stored.push_back(SseMessage {
                id: event.id.parse().expect("stored events have numeric ids"),
                event: event.event,
                data: serde_json::from_str(&event.data).expect("JSON data"),
            });
            self.last_id = event.id;
        }
    }

    /// The data of the next `name` frame (`facilitation`, `view`, `focus`, `pointer`),
    /// skipping the other live kinds; stored events and presence are kept for their readers. Panics after
    /// `patience()`.
    pub async fn next_live(&mut self, name: &str) -> Value {
        tokio::time::timeout(patience(), async {
            loop {
                while let Some((n, data)) = self.live.pop_front() {
                    if n == name {
                        return data;
                    }
                }
                self.read_event().await;
            }
        })
        .await
        .unwrap_or_else(|_| panic!("no {name} frame in time"))
    }

    /// `None` if no `name` frame arrives within `wait`.
    pub async fn live_within(&mut self, name: &str, wait: Duration) -> Option<Value> {
        tokio::time::timeout(wait, async {
            loop {
                while let Some((n, data)) = self.live.pop_front() {
                    if n == name {
                        return data;
                    }
                }
                self.read_event().await;
            }
        })
        .await
        .ok()
    }

    /// Waits until the server closes the stream.
    pub async fn wait_end(&mut self) {
        while let Some(event) = self.frames.next().await {
            if event.is_err() {
                return;
            }
        }
    }
}

pub fn workspace_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}
