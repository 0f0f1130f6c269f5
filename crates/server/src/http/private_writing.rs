//! `/expeditions/{id}/canvases/{canvas}/private-writing`: the facilitator starts private
//! writing on a canvas (named or anonymous) and ends it by revealing. Stored, so a restart
//! keeps it; what it hides is kept out of every answer and stream (see
//! `store/private_writing.rs`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use axum::{Json, Router};
use hevruta_model::canvas::CanvasId;
use hevruta_model::facilitation::{PrivateWriting, StartPrivateWriting};
use hevruta_model::{ExpeditionId, ProblemCode, Role};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{facilitation_examples as examples, responses};
use crate::AppState;
use crate::store::PrivateStart;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/expeditions/{id}/canvases/{canvas}/private-writing",
        put(start).delete(reveal),
    )
}

fn facilitator(caller: Caller, id: ExpeditionId, what: &str) -> Result<(), AppError> {
    if caller.of(id)?.member.role == Role::Facilitator {
        Ok(())
    } else {
        Err(AppError::detail(
            ProblemCode::Forbidden,
            format!("Only the facilitator can {what} private writing."),
        ))
    }
}

/// Start private writing on a canvas (the facilitator), named or `anonymous`. While it is
/// on, every sticky a participant adds is private: its ops reach nobody but its author
/// (the snapshot, op answers and the event stream leave them out for everyone else,
/// facilitator and viewers included; others' streams get each private batch numbered but
/// without its ops). Everyone sees how many private stickies from how many people, in the
/// snapshot's `private_writing` and in `private_writing` change events. Only the
/// facilitator's own new stickies stay public. Repeating it in the same mode changes
/// nothing; the other mode while it is on is a 409 (reveal first).
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/canvases/{canvas}/private-writing", tag = "facilitation",
    operation_id = "start_private_writing",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    request_body(content = StartPrivateWriting, example = json!(examples::start_private_writing())),
    responses(
        (status = 200, description = "Private writing as it is now", body = PrivateWriting, example = json!(examples::private_writing())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::PrivateWritingConflict),
    ))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(req): ApiJson<StartPrivateWriting>,
) -> ApiResult<Json<PrivateWriting>> {
    facilitator(caller, id, "start")?;
    match state
        .store
        .start_private_writing(id, canvas, req.anonymous)
        .await?
    {
        PrivateStart::Started(now) => Ok(Json(now)),
        PrivateStart::AlreadyOn(now) if now.anonymous == req.anonymous => Ok(Json(now)),
        PrivateStart::AlreadyOn(_) => Err(AppError::detail(
            ProblemCode::Conflict,
            "Private writing is already on in the other mode: reveal it first.",
        )),
        PrivateStart::Archived => Err(AppError::code(ProblemCode::CanvasArchived)),
        PrivateStart::NotFound => Err(AppError::not_found()),
    }
}

/// End private writing on a canvas by revealing it (the facilitator; the only way it
/// ends, and nothing written is lost). Every private sticky becomes an ordinary one for
/// everyone: its ops go out again as `ops` batches (keeping their original stamps, so
/// they fold like any other; at most 500 per batch), followed by a `private_writing`
/// change event with `private_writing: null`. When anonymous, those ops' `author` is the
/// nil UUID, in the answers and the log alike. Also an archived canvas can be revealed.
/// Safe to repeat: when it is not on, nothing happens.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/canvases/{canvas}/private-writing", tag = "facilitation",
    operation_id = "reveal_private_writing",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Revealed (or it was not on)"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn reveal(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
) -> ApiResult<StatusCode> {
    facilitator(caller, id, "reveal")?;
    match state.store.reveal_private_writing(id, canvas).await? {
        Some(_) => Ok(StatusCode::NO_CONTENT),
        None => Err(AppError::not_found()),
    }
}
