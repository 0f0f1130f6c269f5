//! `/expeditions/{id}/facilitation`, `…/canvases/{canvas}/lock|view`, `…/boards/{board}/lock`:
//! running a live session. The facilitator's timer, locks and view; everyone's raised hand
//! and "done". Held in memory and never stored, but for the locks, which outlive a restart;
//! every change goes out on the event stream.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use hevruta_model::board::BoardId;
use hevruta_model::canvas::CanvasId;
use hevruta_model::facilitation::{
    Facilitation, MAX_TIMER_SECONDS, SetLock, SetSignals, TimerCommand, ViewEvent, Viewport,
};
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, ProblemCode, Role};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{facilitation_examples as examples, responses};
use crate::AppState;
use crate::events::{Session, TimerRefusal};
use crate::store::Lockable;
use crate::store::now_millis;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expeditions/{id}/facilitation", get(state))
        .route("/expeditions/{id}/facilitation/timer", post(timer))
        .route("/expeditions/{id}/facilitation/me", put(set_signals))
        .route(
            "/expeditions/{id}/facilitation/signals",
            delete(clear_signals),
        )
        .route("/expeditions/{id}/canvases/{canvas}/lock", put(lock_canvas))
        .route("/expeditions/{id}/boards/{board}/lock", put(lock_board))
        .route(
            "/expeditions/{id}/canvases/{canvas}/view",
            put(set_view).delete(end_view),
        )
}

/// The caller, if they are this expedition's facilitator.
pub(super) fn facilitator(
    caller: Caller,
    id: ExpeditionId,
    what: &str,
) -> Result<Caller, AppError> {
    let caller = caller.of(id)?;
    if caller.member.role == Role::Facilitator {
        Ok(caller)
    } else {
        Err(AppError::detail(
            ProblemCode::Forbidden,
            format!("Only the facilitator can {what}."),
        ))
    }
}

fn answer(caller: &Caller, session: &Session) -> Json<Facilitation> {
    Json(session.for_member(caller.member.id, caller.member.role, now_millis()))
}

/// Refuses a participant's write on a canvas the facilitator locked (facilitators write on).
pub(super) fn canvas_writable(
    state: &AppState,
    caller: &Caller,
    id: ExpeditionId,
    canvas: CanvasId,
) -> Result<(), AppError> {
    if caller.member.role != Role::Facilitator && state.hub.canvas_locked(id, canvas) {
        return Err(AppError::code(ProblemCode::Locked));
    }
    Ok(())
}

/// Refuses a participant's write on a board the facilitator locked.
pub(super) fn board_writable(
    state: &AppState,
    caller: &Caller,
    id: ExpeditionId,
    board: BoardId,
) -> Result<(), AppError> {
    if caller.member.role != Role::Facilitator && state.hub.board_locked(id, board) {
        return Err(AppError::code(ProblemCode::Locked));
    }
    Ok(())
}

/// The live session as the caller sees it: the timer (with the server's `now`, so a client
/// can correct for its clock), locked canvases and boards, how many raised a hand or are
/// done (and, for facilitators, who), and the caller's own hand and done. The event stream
/// sends the same as `event: facilitation` right after its catch-up and on every change.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/facilitation", tag = "facilitation",
    operation_id = "get_facilitation",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The session now", body = Facilitation, examples(
        ("facilitator" = (summary = "As the facilitator sees it", value = json!(examples::facilitation()))),
        ("participant" = (summary = "As a participant sees it", value = json!(examples::facilitation_participant()))),
    ))))]
pub async fn state(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<Facilitation>> {
    let caller = caller.of(id)?;
    Ok(answer(&caller, &state.hub.session(id)))
}

/// Run the timer (the facilitator): `start` with `seconds`, `pause`, `resume`, `add`
/// (`seconds`, 60 when absent) or `reset`. The server keeps the deadline; the answer and
/// the `facilitation` frame every stream gets carry it with the server's `now`. Repeating
/// `pause` or `resume` changes nothing.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/facilitation/timer", tag = "facilitation",
    operation_id = "run_timer",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = TimerCommand, example = json!(examples::timer_command())),
    responses(
        (status = 200, description = "The session with the timer as it is now", body = Facilitation, example = json!(examples::facilitation())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::NoTimer),
    ))]
pub async fn timer(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(cmd): ApiJson<TimerCommand>,
) -> ApiResult<Json<Facilitation>> {
    let caller = facilitator(caller, id, "run the timer")?;
    let now = now_millis();
    let session = state
        .hub
        .update_session(id, |s| s.timer(cmd.action, cmd.seconds, now))
        .map_err(|refusal| match refusal {
            TimerRefusal::Seconds => AppError::detail(
                ProblemCode::InvalidBody,
                format!("seconds: give a whole number from 1 to {MAX_TIMER_SECONDS}"),
            ),
            TimerRefusal::NoTimer => {
                AppError::detail(ProblemCode::Conflict, "There is no timer: start one first.")
            }
        })?;
    // The answer's `now` is the command's, so `ends_at − now` is exactly what was asked.
    Ok(Json(session.for_member(
        caller.member.id,
        caller.member.role,
        now,
    )))
}

/// Raise or lower your hand, say you are done or not (facilitators and participants; a
/// projector has no hands). A field left out stays as it is.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/facilitation/me", tag = "facilitation",
    operation_id = "set_signals",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = SetSignals, example = json!(examples::set_signals())),
    responses(
        (status = 200, description = "The session as you see it now", body = Facilitation, example = json!(examples::facilitation_participant())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn set_signals(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<SetSignals>,
) -> ApiResult<Json<Facilitation>> {
    let caller = caller.of(id)?.require_writer()?;
    let member = caller.member.id;
    let session = state.hub.update_session(id, |s| {
        s.signals(member, req.hand, req.done);
        Ok::<_, AppError>(())
    })?;
    Ok(answer(&caller, &session))
}

/// Lower every hand and clear every "done", for a new round (the facilitator).
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/facilitation/signals", tag = "facilitation",
    operation_id = "clear_signals",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses(
        (status = 200, description = "The session with no hands and nobody done", body = Facilitation, example = json!(examples::facilitation())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn clear_signals(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<Facilitation>> {
    let caller = facilitator(caller, id, "clear hands and done")?;
    let session = state.hub.update_session(id, |s| {
        s.clear_signals();
        Ok::<_, AppError>(())
    })?;
    Ok(answer(&caller, &session))
}

/// Lock a canvas (read-only for participants: its ops, typing and renames answer
/// `409 locked`) or unlock it (the facilitator, who still writes on it). Safe to repeat.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/canvases/{canvas}/lock", tag = "facilitation",
    operation_id = "lock_canvas",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    request_body(content = SetLock, example = json!(examples::set_lock())),
    responses(
        (status = 200, description = "The session with the lock as it is now", body = Facilitation, example = json!(examples::facilitation())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn lock_canvas(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(req): ApiJson<SetLock>,
) -> ApiResult<Json<Facilitation>> {
    let caller = facilitator(caller, id, "lock a canvas")?;
    let session = state
        .store
        .set_lock(id, Lockable::Canvas(canvas), req.locked)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(answer(&caller, &session))
}

/// Lock a board (read-only for participants: adding, changing, moving, voting, commenting
/// and importing answer `409 locked`) or unlock it (the facilitator). Safe to repeat.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/boards/{board}/lock", tag = "facilitation",
    operation_id = "lock_board",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    request_body(content = SetLock, example = json!(examples::set_lock())),
    responses(
        (status = 200, description = "The session with the lock as it is now", body = Facilitation, example = json!(examples::facilitation_board_locked())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn lock_board(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
    ApiJson(req): ApiJson<SetLock>,
) -> ApiResult<Json<Facilitation>> {
    let caller = facilitator(caller, id, "lock a board")?;
    let session = state
        .store
        .set_lock(id, Lockable::Board(board), req.locked)
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(answer(&caller, &session))
}

/// Show everyone where you look on a canvas (the facilitator): the centre of your screen in
/// canvas units, your zoom, and optionally a section or sticky to spotlight; `bring: true`
/// moves also those who stopped following. Every stream of the expedition gets it as
/// `event: view` at once; a stream opened on the canvas later starts with the latest one.
/// Never stored. Send it as often as the view moves (clients send at most every 50 ms).
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/canvases/{canvas}/view", tag = "facilitation",
    operation_id = "set_view",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    request_body(content = Viewport, example = json!(examples::viewport())),
    responses(
        (status = 204, description = "Sent to everyone"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn set_view(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(view): ApiJson<Viewport>,
) -> ApiResult<StatusCode> {
    let caller = facilitator(caller, id, "lead everyone's view")?;
    let summary = state
        .store
        .canvas(id, canvas)
        .await?
        .ok_or_else(AppError::not_found)?;
    if !view.in_range() {
        return Err(AppError::fields(vec![FieldError::new(
            "view",
            FieldCode::BadCoordinate,
            "x and y within ±1000000, zoom from 0.05 to 4, width and height from 1 to 2000000",
        )]));
    }
    if let Some(key) = &view.section
        && !summary.template.sections().iter().any(|s| &s.key == key)
    {
        return Err(AppError::fields(vec![FieldError::new(
            "section",
            FieldCode::UnknownSection,
            "this canvas's template has no such section",
        )]));
    }
    let event = ViewEvent {
        canvas_id: canvas,
        by: caller.member.id,
        view: Some(view),
    };
    state.hub.set_view(id, &event);
    Ok(StatusCode::NO_CONTENT)
}

/// Stop presenting a canvas (the facilitator): streams get `event: view` with `view: null`
/// and followers stay where they are. Safe to repeat.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/canvases/{canvas}/view", tag = "facilitation",
    operation_id = "end_view",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Nobody presents it any more"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn end_view(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
) -> ApiResult<StatusCode> {
    let caller = facilitator(caller, id, "stop presenting")?;
    state
        .store
        .canvas(id, canvas)
        .await?
        .ok_or_else(AppError::not_found)?;
    state.hub.set_view(
        id,
        &ViewEvent {
            canvas_id: canvas,
            by: caller.member.id,
            view: None,
        },
    );
    Ok(StatusCode::NO_CONTENT)
}
