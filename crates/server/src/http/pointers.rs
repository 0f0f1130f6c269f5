//! `/expeditions/{id}/canvases/{canvas}/pointer`: a member's live cursor, or the
//! facilitator's laser, on a canvas. Never stored: each move goes to the streams open on
//! the canvas and is forgotten; moves past a member's rate are dropped.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use hevruta_model::canvas::CanvasId;
use hevruta_model::pointer::Pointer;
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, ProblemCode, Role};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{facilitation_examples as examples, responses};
use crate::AppState;
use crate::events::Pointed;
use crate::store::now_millis;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/expeditions/{id}/canvases/{canvas}/pointer",
        put(point).delete(hide),
    )
}

/// Shows `pointer` (`None`: hides it) for a member who may point: facilitators and
/// participants (a viewer, the projector, only watches), the laser facilitators only.
async fn send(
    state: &AppState,
    caller: Caller,
    id: ExpeditionId,
    canvas: CanvasId,
    pointer: Option<Pointer>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?.require_writer()?;
    if pointer.is_some_and(|p| p.laser) && caller.member.role != Role::Facilitator {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only the facilitator has the laser.",
        ));
    }
    if pointer.is_some_and(|p| !p.in_range()) {
        return Err(AppError::fields(vec![FieldError::new(
            "pointer",
            FieldCode::BadCoordinate,
            "x and y finite and within ±1000000",
        )]));
    }
    match state
        .hub
        .point(id, canvas, caller.member.id, pointer, now_millis())
    {
        Pointed::Sent | Pointed::Dropped => Ok(StatusCode::NO_CONTENT),
        Pointed::NotHere => {
            // Only a refusal reads the store: a stream on the canvas vouches for it.
            state
                .store
                .canvas(id, canvas)
                .await?
                .ok_or_else(AppError::not_found)?;
            Err(AppError::detail(
                ProblemCode::Conflict,
                "Open this canvas's event stream (?canvas=) before pointing on it.",
            ))
        }
    }
}

/// Show where you point on a canvas, in canvas units: your cursor, or (`laser: true`,
/// facilitators only) the laser that the projector and followers show as a red dot. The
/// streams open on the canvas (`?canvas=`) get it as `event: pointer` at once, except your
/// own; nothing is stored. You must have the canvas's stream open; closing your last one
/// hides your pointer (`pointer: null`). Viewers only watch. Rate: 20 moves a second
/// per member, a burst of 20; moves past it are dropped (still `204`: the next one carries
/// the newest place), so send at most every 66 ms and coalesce what comes between.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/canvases/{canvas}/pointer", tag = "canvases",
    operation_id = "set_pointer",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    request_body(content = Pointer, example = json!(examples::pointer())),
    responses(
        (status = 204, description = "Sent to the others on the canvas (or dropped: over the rate)"),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::NotOnCanvas),
    ))]
pub async fn point(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(pointer): ApiJson<Pointer>,
) -> ApiResult<StatusCode> {
    send(&state, caller, id, canvas, Some(pointer)).await
}

/// Hide your pointer on a canvas (it left the canvas, or you turned cursors off): the
/// others get `event: pointer` with `pointer: null`. Safe to repeat; counts in the rate.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/canvases/{canvas}/pointer", tag = "canvases",
    operation_id = "hide_pointer",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Hidden for the others on the canvas"),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::NotOnCanvas),
    ))]
pub async fn hide(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
) -> ApiResult<StatusCode> {
    send(&state, caller, id, canvas, None).await
}
