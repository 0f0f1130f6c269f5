//! `/expeditions/{id}/canvases/{canvas}/editing`: which sticky a member has open for typing,
//! told to the others in the canvas's presence. Never stored: it lives as long as the
//! member's event streams on the canvas.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use hevruta_model::canvas::CanvasId;
use hevruta_model::{ExpeditionId, ProblemCode, SetEditing};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/expeditions/{id}/canvases/{canvas}/editing",
        put(set_editing),
    )
}

/// Say which sticky you type in (`sticky_id`), or that you stopped (`null`). Every stream
/// of the expedition then gets a `presence` frame whose `editing` names you beside that
/// sticky, so others see "… is typing" while the text arrives as ops. You must have the
/// canvas's event stream open (`?canvas=`); closing your last one ends your typing.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/canvases/{canvas}/editing", tag = "canvases",
    operation_id = "set_editing",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    request_body(content = SetEditing, example = json!(super::examples::set_editing())),
    responses(
        (status = 204, description = "Recorded (or unchanged)"),
        (status = 403, response = super::responses::Forbidden),
        (status = 409, response = super::responses::ConflictOrArchived),
    ))]
pub async fn set_editing(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(req): ApiJson<SetEditing>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?.require_writer()?;
    let summary = state
        .store
        .canvas(id, canvas)
        .await?
        .ok_or_else(AppError::not_found)?;
    if req.sticky_id.is_some() && summary.archived_at.is_some() {
        return Err(AppError::code(ProblemCode::CanvasArchived));
    }
    if req.sticky_id.is_some() {
        super::facilitation::canvas_writable(&state, &caller, id, canvas)?;
    }
    // Typing in a private sticky is not told: its id would say whose it is at the reveal.
    let sticky = match req.sticky_id {
        Some(s) if state.store.sticky_is_private(canvas, s).await? => None,
        other => other,
    };
    if !state.hub.set_editing(id, canvas, caller.member.id, sticky) {
        return Err(AppError::detail(
            ProblemCode::Conflict,
            "Open this canvas's event stream (?canvas=) before saying what you type in.",
        ));
    }
    Ok(StatusCode::NO_CONTENT)
}
