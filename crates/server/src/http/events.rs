//! `GET /expeditions/{id}/events`: the live Server-Sent-Events stream of one expedition.
//! Each stored event's SSE id is its sequence number; a client that reconnects with
//! `Last-Event-ID` (or `?after=N`) first receives everything after N, then live events.
//! A stream opened with `?canvas=` also makes its member present on that canvas.

use std::convert::Infallible;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::sse::{Event as SseEvent, KeepAlive, Sse};
use axum::routing::get;
use futures_util::{Stream, StreamExt};
use hevruta_model::canvas::CanvasId;
use hevruta_model::event::{SSE_RESET, StreamReset};
use hevruta_model::{ExpeditionId, Problem, ProblemCode};
use serde::Deserialize;
use tokio::sync::mpsc;
use tokio_stream::wrappers::ReceiverStream;

use super::error::{ApiResult, AppError};
use super::extract::{ApiPath, StreamCaller};
use crate::AppState;
use crate::events::NoPlace;

mod forward;
mod frames;
use forward::{StreamOf, forward};
use frames::Frame;
#[allow(unused_imports)] // used by the OpenAPI annotations only
use hevruta_model::schema::StreamFrame;

/// Events read from the store per query while catching up.
const CATCH_UP_BATCH: u32 = 500;

/// `Retry-After` of a server with as many streams open as it may.
const SERVER_FULL_RETRY: std::time::Duration = std::time::Duration::from_secs(5);

pub fn router() -> Router<AppState> {
    Router::new().route("/expeditions/{id}/events", get(stream))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StreamParams {
    /// Resume after this sequence number (`Last-Event-ID` wins when both are sent).
    after: Option<u64>,
    /// A stream ticket, for clients that cannot send headers (documented as the
    /// `stream_ticket` security scheme; `StreamCaller` reads it).
    #[allow(dead_code)]
    #[param(ignore)]
    ticket: Option<String>,
    /// A canvas of this expedition the caller has open: while the stream lasts they count
    /// as present there, and the stream starts with that canvas's presence.
    #[param(value_type = Option<String>, format = Uuid)]
    canvas: Option<CanvasId>,
    /// `true`: right after the catch-up, the presence of every canvas anyone has open (a
    /// list of canvases showing who is where); later changes come as for any stream.
    #[serde(default)]
    #[param(default = false)]
    all_presence: bool,
}

/// Live changes of the expedition as `text/event-stream`.
///
/// **Frames.** Each frame has an `event:` name and one `data:` line holding one JSON
/// document (the response schema is that of one frame's data, by its name):
///
/// - `event: change` — an `Event` (members, stage, details, canvases listed, renamed,
///   archived, restored, deleted); `id:` is its sequence number.
/// - `event: ops` — an `OpsEvent`, one accepted batch of canvas sticky ops; `id:` is its
///   sequence number. `change` and `ops` share the expedition's one sequence (1, 2, 3…,
///   without gaps), and are sent in that order, each once. During private writing a
///   batch of someone else's private stickies arrives numbered but with `ops: []`; its
///   author's own streams get it whole. At the reveal the ops come again, publicly, in
///   new batches (their stamps are older than the batch: fold them as any op).
///   without gaps), and are sent in that order, each once.
/// - `event: round` — a `RoundEvent`, a voting round's public facts (opened, how many
///   have voted, revealed, cancelled; never anyone's dots); `id:` is its sequence number.
/// - `event: presence` — a `PresenceEvent`: who has a canvas open and who types in which
///   sticky. Not stored, so it has **no `id:`** and does not move the resume point. Sent
///   whenever that changes on any canvas of the expedition; once right after the catch-up
///   for the stream's own `canvas`; with `all_presence=true` also, right after the
///   catch-up, for every canvas anyone has open.
/// - `event: pointer` — a `PointerEvent`: another member's cursor or the facilitator's
///   laser moved on the stream's own `canvas` (or went away: `pointer: null`). Not stored
///   (**no `id:`**), sent only to streams opened with that `canvas`, never to the pointer's
///   own member, and dropped rather than queued for a client that reads slowly.
/// - `event: focus` — a `FocusEvent`: the facilitator spotlit a card or column of a board
///   (or ended it: `focus: null`). Not stored (**no `id:`**); sent to every stream of the
///   expedition, and right after the catch-up for every board spotlit at that moment.
///
/// Clients ignore the kinds they do not show, and frames with an unknown `event:` name.
/// Comment lines (`:` and nothing else) are keep-alives, sent when the stream has been quiet
/// for 15 seconds.
///
/// ```text
/// id: 2
/// event: change
/// data: {"seq":2,"at":1764583260000,"change":{"type":"member_joined","member":{…}}}
///
/// event: presence
/// data: {"canvas_id":"0193…8d04","members":["0193…6e02"]}
///
/// :
/// ```
///
/// **Resume.** A client that reconnects sends the last `id:` it received as `Last-Event-ID`
/// (browsers' EventSource does so by itself) or as `?after=N` (the header wins when both
/// are sent; a header that is not a number is ignored). The stream first sends every
/// stored event after N, in order, then live ones, so nothing is missed; `after=0` or
/// neither replays the whole log. A resume point beyond the log (a server whose database
/// was reset) resumes from the log's end. Snapshots and listings carry `last_seq`: open the
/// stream with `after=last_seq` to continue from them.
///
/// **End.** The server ends the stream when the session does: at once when it is signed
/// out, ended from another device or its member leaves; within 20 seconds when it went
/// idle for too long or ended on another server process. It also ends them when it shuts
/// down. A client whose stream ended asks for a new ticket (401 if its session is over).
///
/// **Authentication.** `Authorization: Bearer`, or `?ticket=` with a stream ticket
/// (`POST /expeditions/{id}/stream-tickets`) for clients that cannot send headers. A
/// ticket opens one stream: a browser's own reconnect with the same URL gets 401, and the
/// client then opens the stream again with a new ticket and `?after=`. The session token
/// itself is never accepted in the URL.
///
/// **Catch-up limit.** A stream replays at most so many stored events (10,000 on the
/// reference server, `--max-catch-up`). A client further behind gets one `event: reset`
/// frame (a `StreamReset`, no `id:`) instead of the catch-up, and the stream ends: reload
/// the snapshots (the expedition, the open canvas or board), then open the stream again
/// with `after=` their `last_seq`.
///
/// **Limits.** A session may have a bounded number of streams open at once (16 on the
/// reference server, `--max-streams-per-session`); one more answers `429`. A server
/// process, all sessions together, too (2,000, `--max-streams`); one more answers `503`
/// with `Retry-After`. A stream's place comes back when it ends.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/events", tag = "events",
    operation_id = "stream_events",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), StreamParams,
        ("Last-Event-ID" = Option<String>, Header, nullable = false, pattern = "^[0-9]{1,19}$", description = "Resume after this sequence number (the last `id:` received); a value that is not a number is refused (422), as `after` is")),
    security(("bearer" = []), ("stream_ticket" = [])),
    responses(
        (status = 200, description = "The event stream. The schema is that of one frame's `data:`, by its `event:` name (see the operation's description for the framing)",
            content_type = "text/event-stream", body = StreamFrame,
            examples(
                ("change" = (summary = "`event: change`, `id: 2`", value = json!(super::examples::change_frame()))),
                ("ops" = (summary = "`event: ops`, `id: 4`", value = json!(super::examples::ops_frame()))),
                ("board" = (summary = "`event: board`, `id: 7`", value = json!(super::board_examples::board_frame()))),
                ("round" = (summary = "`event: round`, `id: 8`", value = json!(super::round_examples::round_frame()))),
                ("presence" = (summary = "`event: presence` (no `id:`)", value = json!(super::examples::presence_frame()))),
                ("facilitation" = (summary = "`event: facilitation` (no `id:`)", value = json!(super::facilitation_examples::facilitation_frame()))),
                ("view" = (summary = "`event: view` (no `id:`)", value = json!(super::facilitation_examples::view_frame()))),
                ("focus" = (summary = "`event: focus` (no `id:`)", value = json!(super::facilitation_examples::focus_frame()))),
                ("private_writing" = (summary = "`event: change`, `id: 9`: private writing's count", value = json!(super::facilitation_examples::private_writing_frame()))),
                ("pointer" = (summary = "`event: pointer` (no `id:`)", value = json!(super::facilitation_examples::pointer_frame()))),
                ("learning" = (summary = "`event: change`, `id: 6`: a learning", value = json!(super::examples::learning_frame()))),
                ("feed" = (summary = "`event: feed`, `id: 10`: a feed item", value = json!(super::feed_examples::feed_frame()))),
                ("reset" = (summary = "`event: reset` (no `id:`): too far behind to replay", value = json!(super::examples::reset_frame()))),
            )),
        (status = 429, response = super::responses::TooManyStreams),
        (status = 503, response = super::responses::StreamsFull),
    ))]
pub async fn stream(
    State(state): State<AppState>,
    StreamCaller(caller): StreamCaller,
    ApiPath(id): ApiPath<ExpeditionId>,
    params: Result<Query<StreamParams>, axum::extract::rejection::QueryRejection>,
    headers: HeaderMap,
) -> ApiResult<Sse<impl Stream<Item = Result<SseEvent, Infallible>>>> {
    let caller = caller.of(id)?;
    let Query(params) = params?;
    // The contract's `after` is an int64, as `Last-Event-ID`'s pattern bounds its digits.
    if params
        .after
        .is_some_and(|after| i64::try_from(after).is_err())
    {
        return Err(AppError::detail(
            ProblemCode::InvalidBody,
            "after: a sequence number from 0 to 9223372036854775807",
        ));
    }
    if let Some(canvas) = params.canvas {
        state
            .store
            .canvas(id, canvas)
            .await?
            .ok_or_else(AppError::not_found)?;
    }
    // A resume point that is not a number is refused as a bad `?after=` is, never read as
    // "from the start" (which would replay the whole log).
    let last_event_id = match headers.get("last-event-id") {
        None => None,
        Some(v) => Some(
            v.to_str()
                .ok()
                .and_then(|v| v.trim().parse::<u64>().ok())
                .ok_or_else(|| {
                    AppError::detail(
                        ProblemCode::InvalidBody,
                        "Last-Event-ID must be a sequence number",
                    )
                })?,
        ),
    };
    let place = state
        .hub
        .open_stream(
            &caller.token_hash,
            state.config.max_streams_per_session,
            state.config.max_streams,
        )
        .map_err(|refused| match refused {
            NoPlace::Session => AppError::detail(
                ProblemCode::TooManyRequests,
                format!(
                    "This session has {} event streams open, the most it may: close one first.",
                    state.config.max_streams_per_session
                ),
            ),
            NoPlace::Server => AppError::RetryLater(
                Problem::new(ProblemCode::Unavailable).with_detail(format!(
                    "This server has {} event streams open, the most it may: try again in a few seconds.",
                    state.config.max_streams
                )),
                SERVER_FULL_RETRY,
            ),
        })?;
    // Subscribe before catching up, so nothing published in between is missed.
    let live = state.hub.subscribe(id);
    let presence = params
        .canvas
        .map(|canvas| state.hub.enter(id, canvas, caller.member.id));
    // A resume point beyond the log (e.g. from a client that saw a database since reset)
    // would silence the stream until the log caught up; resume from the end instead.
    let last_seq = state.store.last_seq(id).await?;
    let after = last_event_id.or(params.after).unwrap_or(0).min(last_seq);
    let (tx, rx) = mpsc::channel(64);
    let sse = |rx| {
        Sse::new(ReceiverStream::new(rx).map(Frame::into_sse))
            .keep_alive(KeepAlive::new().interval(state.config.keep_alive))
    };
    // Too far behind to replay: one `reset` frame, and the stream ends (the client reloads
    // its snapshots and opens it again from theirs).
    if last_seq - after > state.config.max_catch_up {
        let reset = StreamReset {
            after,
            last_seq,
            max_catch_up: state.config.max_catch_up,
        };
        let json = serde_json::to_string(&reset).unwrap_or_default();
        let _ = tx.try_send(Frame::Live(SSE_RESET, json.into()));
        return Ok(sse(rx));
    }
    let stream = StreamOf {
        store: state.store.clone(),
        id,
        token_hash: caller.token_hash,
        recheck: state.config.session_recheck,
        idle: state.config.session_idle_timeout,
        hub: state.hub.clone(),
        presence,
        all_presence: params.all_presence,
        member: caller.member.clone(),
        place,
    };
    tokio::spawn(forward(stream, after, live, tx, state.shutdown.clone()));
    Ok(sse(rx))
}
