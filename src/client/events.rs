//! The live event stream of one expedition, over the browser's `EventSource`, opened with
//! a single-use stream ticket. When the stream drops (the browser's own reconnect fails:
//! its ticket is spent), this asks for a new ticket and reopens with
//! `?after=<last seen seq>` and a growing pause, so no event is missed and none is
//! delivered twice.

use std::cell::RefCell;
use std::rc::Rc;

use hevruta_model::board::SSE_BOARD;
use hevruta_model::canvas::CanvasId;
use hevruta_model::event::{SSE_CHANGE, SSE_OPS, SSE_PRESENCE, SSE_RESET};
use hevruta_model::facilitation::{SSE_FACILITATION, SSE_VIEW};
use hevruta_model::feed::SSE_FEED;
use hevruta_model::focus::SSE_FOCUS;
use hevruta_model::pointer::SSE_POINTER;
use hevruta_model::vote::SSE_ROUND;
use hevruta_model::{Event, ExpeditionId, StreamTicket};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{EventSource, MessageEvent};

use super::{ApiClient, ApiError};

const MAX_BACKOFF_MS: u32 = 5_000;

/// Hears a frame of the live session: its `event:` name and its raw JSON.
pub type LiveTap = Rc<dyn Fn(&str, &str)>;

thread_local! {
    /// Who hears the live session's frames (`facilitation`, `view`, `focus`, `pointer`).
    static LIVE_TAP: RefCell<Option<LiveTap>> = const { RefCell::new(None) };
}

thread_local! {
    /// Who hears voting rounds' public facts (`event: round`, raw JSON).
    static ROUND_TAP: RefCell<Option<RawHandler>> = const { RefCell::new(None) };
}

/// Hands this page's `round` frames (stored: they move the resume point) to `tap`.
pub fn tap_rounds(tap: Rc<dyn Fn(&str)>) {
    ROUND_TAP.with(|t| *t.borrow_mut() = Some(tap));
}

fn round_tap(_: &StreamExtra) -> Option<RawHandler> {
    ROUND_TAP.with(|t| t.borrow().clone())
}

/// Hands the live session's frames of this page's stream to `tap` (a page has one stream;
/// the facilitation tool decodes them, so bundles without it carry no decoder).
pub fn tap_live_session(tap: LiveTap) {
    LIVE_TAP.with(|t| *t.borrow_mut() = Some(tap));
}

/// A listener of a frame that is not stored, handed to the tap.
fn tap_listener(name: &'static str) -> Listener {
    Closure::new(move |e: web_sys::Event| {
        let tap = LIVE_TAP.with(|t| t.borrow().clone());
        let data = e
            .dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string());
        if let (Some(tap), Some(data)) = (tap, data) {
            tap(name, &data);
        }
    })
}

/// How the stream is doing, for the "live" indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StreamStatus {
    Connecting,
    Live,
    Reconnecting,
    /// The session is no longer valid (signed out, left, revoked): retrying cannot help.
    Ended,
}

type Listener = Closure<dyn FnMut(web_sys::Event)>;

/// What a canvas screen adds to the stream: its canvas (so the server counts it as
/// present there), and the raw JSON of op batches and presence, decoded by the caller so
/// screens without a canvas do not carry that code.
pub struct CanvasStream {
    pub canvas: CanvasId,
    pub on_ops: Rc<dyn Fn(&str)>,
    pub on_presence: Rc<dyn Fn(&str)>,
}

/// What a list of canvases adds to the stream: the raw JSON of every canvas's op batches
/// (they say when a canvas last changed) and presence, starting with who is on each canvas
/// now (`all_presence=true`); the list counts as present nowhere.
pub struct CanvasesStream {
    pub on_ops: Rc<dyn Fn(&str)>,
    pub on_presence: Rc<dyn Fn(&str)>,
}

/// What a board screen adds to the stream: the raw JSON of board changes, decoded by the
/// boards bundle (the app's first load carries no decoder for them).
pub struct BoardStream {
    pub on_board: Rc<dyn Fn(&str)>,
}

/// What the expedition home adds to the stream: the raw JSON of feed items.
pub struct FeedStream {
    pub on_feed: Rc<dyn Fn(&str)>,
}

/// A handler of one kind of raw event data.
type RawHandler = Rc<dyn Fn(&str)>;

/// What a stream carries besides expedition changes.
pub enum StreamExtra {
    Nothing,
    Canvas(CanvasStream),
    Canvases(CanvasesStream),
    Board(BoardStream),
    Feed(FeedStream),
}

impl StreamExtra {
    fn on_ops(&self) -> Option<RawHandler> {
        match self {
            StreamExtra::Nothing | StreamExtra::Board(_) | StreamExtra::Feed(_) => None,
            StreamExtra::Canvas(c) => Some(c.on_ops.clone()),
            StreamExtra::Canvases(c) => Some(c.on_ops.clone()),
        }
    }

    fn on_board(&self) -> Option<RawHandler> {
        match self {
            StreamExtra::Board(b) => Some(b.on_board.clone()),
            _ => None,
        }
    }

    fn on_feed(&self) -> Option<RawHandler> {
        match self {
            StreamExtra::Feed(f) => Some(f.on_feed.clone()),
            _ => None,
        }
    }

    fn on_presence(&self) -> Option<RawHandler> {
        match self {
            StreamExtra::Nothing | StreamExtra::Board(_) | StreamExtra::Feed(_) => None,
            StreamExtra::Canvas(c) => Some(c.on_presence.clone()),
            StreamExtra::Canvases(c) => Some(c.on_presence.clone()),
        }
    }

    fn query(&self) -> String {
        match self {
            StreamExtra::Nothing | StreamExtra::Board(_) | StreamExtra::Feed(_) => String::new(),
            StreamExtra::Canvas(c) => format!("&canvas={}", c.canvas),
            StreamExtra::Canvases(_) => "&all_presence=true".into(),
        }
    }
}

impl From<Option<CanvasStream>> for StreamExtra {
    fn from(canvas: Option<CanvasStream>) -> Self {
        canvas.map_or(StreamExtra::Nothing, StreamExtra::Canvas)
    }
}

struct Inner {
    client: ApiClient,
    expedition: ExpeditionId,
    last_seq: u64,
    source: Option<EventSource>,
    listeners: Vec<Listener>,
    on_event: Rc<dyn Fn(Event)>,
    on_status: Rc<dyn Fn(StreamStatus)>,
    backoff_ms: u32,
    stopped: bool,
    extra: StreamExtra,
    /// Counts openings: a scheduled reopening or a ticket that arrives after a newer
    /// opening started does nothing.
    attempt: u32,
    /// Reopens at once when the browser is back online (the backoff may have grown).
    on_online: Option<Listener>,
    /// Whether the current stream has opened (its `open` event came).
    opened: bool,
    /// Openings in a row that failed although a ticket was granted: the session stands,
    /// so the stream's own query is refused (a canvas deleted meanwhile answers 404).
    refused: u32,
}

/// Keeps the stream open; dropping it closes the stream.
pub struct Subscription {
    inner: Rc<RefCell<Inner>>,
}

impl ApiClient {
    /// Streams events after `after`, calling `on_event` once per event in order.
    pub fn subscribe(
        &self,
        expedition: ExpeditionId,
        after: u64,
        on_event: impl Fn(Event) + 'static,
        on_status: impl Fn(StreamStatus) + 'static,
    ) -> Subscription {
        self.subscribe_with(expedition, after, on_event, on_status, None)
    }

    /// `subscribe`, plus the op batches and presence of one canvas.
    pub fn subscribe_with(
        &self,
        expedition: ExpeditionId,
        after: u64,
        on_event: impl Fn(Event) + 'static,
        on_status: impl Fn(StreamStatus) + 'static,
        canvas: Option<CanvasStream>,
    ) -> Subscription {
        self.subscribe_extra(expedition, after, on_event, on_status, canvas.into())
    }

    /// `subscribe`, plus what `extra` asks for (a canvas's ops and presence, or every
    /// canvas's for a list).
    pub fn subscribe_extra(
        &self,
        expedition: ExpeditionId,
        after: u64,
        on_event: impl Fn(Event) + 'static,
        on_status: impl Fn(StreamStatus) + 'static,
        extra: StreamExtra,
    ) -> Subscription {
        let inner = Rc::new(RefCell::new(Inner {
            client: self.clone(),
            expedition,
            last_seq: after,
            source: None,
            listeners: Vec::new(),
            on_event: Rc::new(on_event),
            on_status: Rc::new(on_status),
            backoff_ms: 500,
            stopped: false,
            extra,
            attempt: 0,
            on_online: None,
            opened: false,
            refused: 0,
        }));
        let weak = Rc::downgrade(&inner);
        let on_online: Listener = Closure::new(move |_| {
            let Some(inner) = weak.upgrade() else { return };
            let idle = {
                let i = inner.borrow();
                !i.stopped && i.source.is_none()
            };
            if idle {
                inner.borrow_mut().backoff_ms = 500;
                open(&inner);
            }
        });
        if let Some(w) = web_sys::window() {
            let _ =
                w.add_event_listener_with_callback("online", on_online.as_ref().unchecked_ref());
        }
        inner.borrow_mut().on_online = Some(on_online);
        open(&inner);
        Subscription { inner }
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        let mut inner = self.inner.borrow_mut();
        inner.stopped = true;
        close(&mut inner);
        if let (Some(l), Some(w)) = (inner.on_online.take(), web_sys::window()) {
            let _ = w.remove_event_listener_with_callback("online", l.as_ref().unchecked_ref());
        }
    }
}

fn close(inner: &mut Inner) {
    if let Some(source) = inner.source.take() {
        source.close();
    }
    inner.listeners.clear();
}

fn stream_url(inner: &Inner, ticket: &str) -> String {
    // Refused twice with a ticket granted: open the expedition's stream alone, whose
    // catch-up tells the page what became of its canvas (e.g. `canvas_deleted`).
    let canvas = if inner.refused >= 2 {
        String::new()
    } else {
        inner.extra.query()
    };
    format!(
        "{}?after={}&ticket={}{canvas}",
        inner
            .client
            .url(&format!("/expeditions/{}/events", inner.expedition)),
        inner.last_seq,
        js_sys::encode_uri_component(ticket)
    )
}

fn status(inner: &Rc<RefCell<Inner>>, s: StreamStatus) {
    let cb = inner.borrow().on_status.clone();
    cb(s);
}

/// Asks for a single-use stream ticket (the session token never goes in a URL), then
/// opens the stream with it; a session that no longer stands ends the stream.
fn open(inner: &Rc<RefCell<Inner>>) {
    status(inner, StreamStatus::Connecting);
    let (client, expedition, attempt) = {
        let mut i = inner.borrow_mut();
        i.attempt += 1;
        (i.client.clone(), i.expedition, i.attempt)
    };
    let weak = Rc::downgrade(inner);
    leptos::task::spawn_local(async move {
        let ticket = client.stream_ticket(expedition).await;
        let Some(inner) = weak.upgrade() else { return };
        {
            let i = inner.borrow();
            if i.stopped || i.attempt != attempt || i.source.is_some() {
                return;
            }
        }
        match ticket {
            Ok(ticket) => open_with(&inner, &ticket.ticket),
            Err(ApiError::Unauthorized(_)) => status(&inner, StreamStatus::Ended),
            Err(_) => schedule_reopen(&inner),
        }
    });
}

fn open_with(inner: &Rc<RefCell<Inner>>, ticket: &str) {
    let url = stream_url(&inner.borrow(), ticket);
    let Ok(source) = EventSource::new(&url) else {
        schedule_reopen(inner);
        return;
    };

    let weak = Rc::downgrade(inner);
    let on_change: Listener = Closure::new(move |e: web_sys::Event| {
        let Some(inner) = weak.upgrade() else { return };
        let Some(data) = e
            .dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string())
        else {
            return;
        };
        let Ok(event) = serde_json::from_str::<Event>(&data) else {
            return;
        };
        let cb = {
            let mut i = inner.borrow_mut();
            if event.seq <= i.last_seq {
                return;
            }
            i.last_seq = event.seq;
            i.on_event.clone()
        };
        cb(event);
    });

    // Op batches go to a canvas screen if there is one, board changes to a board screen;
    // either way they move the resume point (once each: one at or before it was seen).
    let on_ops = raw_listener(inner, StreamExtra::on_ops);
    let on_board = raw_listener(inner, StreamExtra::on_board);
    let on_feed = raw_listener(inner, StreamExtra::on_feed);
    let on_round = raw_listener(inner, round_tap);

    let weak = Rc::downgrade(inner);
    let on_presence: Listener = Closure::new(move |e: web_sys::Event| {
        let Some(inner) = weak.upgrade() else { return };
        let handler = inner.borrow().extra.on_presence();
        let data = e
            .dyn_ref::<MessageEvent>()
            .and_then(|m| m.data().as_string());
        if let (Some(handler), Some(data)) = (handler, data) {
            handler(&data);
        }
    });

    // Too far behind for the server to replay (a device asleep through a busy lab): the
    // snapshots are the cheaper way back, so the page loads again and resumes from theirs.
    let weak = Rc::downgrade(inner);
    let on_reset: Listener = Closure::new(move |_| {
        let Some(inner) = weak.upgrade() else { return };
        {
            let mut i = inner.borrow_mut();
            i.stopped = true;
            if let Some(source) = i.source.take() {
                source.close();
            }
        }
        let _ = web_sys::window().map(|w| w.location().reload());
    });

    let weak = Rc::downgrade(inner);
    let on_open: Listener = Closure::new(move |_| {
        let Some(inner) = weak.upgrade() else { return };
        {
            let mut i = inner.borrow_mut();
            i.backoff_ms = 500;
            i.opened = true;
            i.refused = 0;
        }
        status(&inner, StreamStatus::Live);
    });

    let weak = Rc::downgrade(inner);
    let on_error: Listener = Closure::new(move |_| {
        let Some(inner) = weak.upgrade() else { return };
        // The browser would retry with the spent ticket: reopen with a new one instead.
        {
            let mut i = inner.borrow_mut();
            if !i.opened {
                i.refused += 1;
            }
            i.opened = false;
        }
        close(&mut inner.borrow_mut());
        schedule_reopen(&inner);
    });

    let _ = source.add_event_listener_with_callback(SSE_CHANGE, on_change.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(SSE_OPS, on_ops.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(SSE_BOARD, on_board.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(SSE_FEED, on_feed.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(SSE_ROUND, on_round.as_ref().unchecked_ref());
    let _ =
        source.add_event_listener_with_callback(SSE_PRESENCE, on_presence.as_ref().unchecked_ref());
    let on_session = tap_listener(SSE_FACILITATION);
    let on_view = tap_listener(SSE_VIEW);
    let _ = source
        .add_event_listener_with_callback(SSE_FACILITATION, on_session.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(SSE_VIEW, on_view.as_ref().unchecked_ref());
    let on_focus = tap_listener(SSE_FOCUS);
    let _ = source.add_event_listener_with_callback(SSE_FOCUS, on_focus.as_ref().unchecked_ref());
    let on_pointer = tap_listener(SSE_POINTER);
    let _ =
        source.add_event_listener_with_callback(SSE_POINTER, on_pointer.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback(SSE_RESET, on_reset.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("open", on_open.as_ref().unchecked_ref());
    let _ = source.add_event_listener_with_callback("error", on_error.as_ref().unchecked_ref());
    let mut i = inner.borrow_mut();
    i.source = Some(source);
    i.listeners = vec![
        on_change,
        on_ops,
        on_board,
        on_feed,
        on_round,
        on_presence,
        on_session,
        on_view,
        on_focus,
        on_pointer,
        on_reset,
        on_open,
        on_error,
    ];
}

/// A listener of stored events of their own kind (`ops`, `board`): each moves the resume
/// point once and goes, as raw JSON, to the handler `pick` finds, if any.
fn raw_listener(
    inner: &Rc<RefCell<Inner>>,
    pick: fn(&StreamExtra) -> Option<RawHandler>,
) -> Listener {
    let weak = Rc::downgrade(inner);
    Closure::new(move |e: web_sys::Event| {
        let Some(inner) = weak.upgrade() else { return };
        let Some(m) = e.dyn_ref::<MessageEvent>() else {
            return;
        };
        let Ok(seq) = m.last_event_id().parse::<u64>() else {
            return;
        };
        let handler = {
            let mut i = inner.borrow_mut();
            if seq <= i.last_seq {
                return;
            }
            i.last_seq = seq;
            pick(&i.extra)
        };
        if let (Some(handler), Some(data)) = (handler, m.data().as_string()) {
            handler(&data);
        }
    })
}

/// Waits, then reopens with a new ticket (asking for it tells whether the session still
/// stands: an `EventSource` cannot see a 401). The browser's own reconnect reuses the URL,
/// whose ticket is spent, so every reopening comes here.
fn schedule_reopen(inner: &Rc<RefCell<Inner>>) {
    status(inner, StreamStatus::Reconnecting);
    let (delay, attempt) = {
        let mut i = inner.borrow_mut();
        let delay = i.backoff_ms;
        i.backoff_ms = (i.backoff_ms * 2).min(MAX_BACKOFF_MS);
        (delay, i.attempt)
    };
    let weak = Rc::downgrade(inner);
    leptos::task::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(delay).await;
        let Some(inner) = weak.upgrade() else { return };
        {
            let i = inner.borrow();
            // Stopped, or reopened meanwhile (back online): nothing to do.
            if i.stopped || i.attempt != attempt || i.source.is_some() {
                return;
            }
        }
        open(&inner);
    });
}

impl ApiClient {
    /// A single-use ticket that opens this expedition's stream once, within 30 seconds.
    pub async fn stream_ticket(&self, expedition: ExpeditionId) -> Result<StreamTicket, ApiError> {
        self.post::<_, ()>(&format!("/expeditions/{expedition}/stream-tickets"), None)
            .await
    }
}
