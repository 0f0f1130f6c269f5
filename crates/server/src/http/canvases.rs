//! `/expeditions/{id}/canvases`: model canvases and the batches of sticky operations that
//! edit them live.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use hevruta_model::canvas::{CanvasId, MAX_OPS_PER_BATCH};
use hevruta_model::problem::FieldCode;
use hevruta_model::{
    CanvasListing, CanvasSnapshot, CanvasSummary, CreateCanvas, ExpeditionId, FieldError, OpBatch,
    OpBatchResult, ProblemCode, Role, UpdateCanvas,
};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{examples, responses};
use crate::AppState;
use crate::store::{CanvasUpdate, OpsOutcome};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expeditions/{id}/canvases", get(list).post(create))
        .route(
            "/expeditions/{id}/canvases/{canvas}",
            get(snapshot).patch(update).delete(delete),
        )
        .route("/expeditions/{id}/canvases/{canvas}/ops", post(apply_ops))
}

/// Start a canvas from a template (facilitators and participants).
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/canvases", tag = "canvases",
    operation_id = "create_canvas",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = CreateCanvas, example = json!(examples::create_canvas())),
    responses(
        (status = 201, description = "Created (and announced as `canvas_created`)", body = CanvasSummary,
            example = json!(examples::canvas_created())),
        (status = 403, response = responses::Forbidden),
        (status = 422, response = responses::CanvasUnprocessable),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<CreateCanvas>,
) -> ApiResult<(StatusCode, Json<CanvasSummary>)> {
    let caller = caller.of(id)?.require_writer()?;
    let title = req.validate().map_err(AppError::fields)?;
    let (canvas, _) = state
        .store
        .create_canvas(id, &title, req.template, caller.member.id)
        .await?;
    Ok((StatusCode::CREATED, Json(canvas)))
}

/// The expedition's canvases, oldest first, as of `last_seq`, each with its sticky count,
/// its last change and whether it is archived: subscribe to the event stream with
/// `after=last_seq` to hear of newer ones, renames, archiving and deletions.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/canvases", tag = "canvases",
    operation_id = "list_canvases",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The canvases, oldest first", body = CanvasListing,
        example = json!(examples::canvases()))))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<CanvasListing>> {
    caller.of(id)?;
    Ok(Json(state.store.canvas_listing(id).await?))
}

/// The canvas with its sections and stickies, as of `last_seq`: continue with the event
/// stream from there.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/canvases/{canvas}", tag = "canvases",
    operation_id = "get_canvas",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")), security(("bearer" = [])),
    responses(
        (status = 200, description = "The canvas, its sections and its stickies (deleted ones marked)", body = CanvasSnapshot,
            example = json!(examples::canvas_snapshot())),
    ))]
pub async fn snapshot(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
) -> ApiResult<Json<CanvasSnapshot>> {
    let caller = caller.of(id)?;
    let summary = state
        .store
        .canvas(id, canvas)
        .await?
        .ok_or_else(AppError::not_found)?;
    let (board, private_writing, last_seq) = state
        .store
        .board(id, canvas, Some(caller.member.id))
        .await?;
    Ok(Json(CanvasSnapshot {
        private_writing,
        sections: summary.template.sections(),
        stickies: board
            .stickies
            .into_values()
            .filter(|s| s.created.is_some())
            .collect(),
        canvas: summary,
        last_seq,
    }))
}

/// Rename, archive or restore a canvas. Renaming is for the facilitator and the canvas's
/// creator; archiving (`archived: true`) and restoring (`false`) for the facilitator. An
/// archived canvas is read-only: its ops and renames answer `409 canvas_archived` until it
/// is restored (a request may restore and rename at once). Fields left out stay; each real
/// change is stored as an event (`canvas_renamed`, `canvas_archived`, `canvas_unarchived`).
#[utoipa::path(patch, path = "/api/v1/expeditions/{id}/canvases/{canvas}", tag = "canvases",
    operation_id = "update_canvas",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    request_body(content = UpdateCanvas, examples(
        ("rename" = (value = json!({ "title": "Our city model, second round" }))),
        ("archive" = (value = json!({ "archived": true }))),
        ("restore and rename" = (value = json!({ "archived": false, "title": "Pilot ideas" }))),
    )),
    responses(
        (status = 200, description = "The canvas as it is now", body = CanvasSummary,
            example = json!(examples::canvas_updated())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::CanvasArchived),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(req): ApiJson<UpdateCanvas>,
) -> ApiResult<Json<CanvasSummary>> {
    let caller = caller.of(id)?.require_writer()?;
    let summary = state
        .store
        .canvas(id, canvas)
        .await?
        .ok_or_else(AppError::not_found)?;
    let update = req.validate().map_err(AppError::fields)?;
    super::facilitation::canvas_writable(&state, &caller, id, canvas)?;
    let facilitator = caller.member.role == Role::Facilitator;
    if update.archived.is_some() && !facilitator {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only the facilitator can archive or restore a canvas.",
        ));
    }
    if update.title.is_some() && !facilitator && summary.created_by != caller.member.id {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only the facilitator or the canvas's creator can rename it.",
        ));
    }
    match state
        .store
        .update_canvas(id, canvas, &update, caller.member.id)
        .await?
    {
        CanvasUpdate::Updated(summary) => Ok(Json(summary)),
        CanvasUpdate::NotFound => Err(AppError::not_found()),
        CanvasUpdate::Archived => Err(AppError::code(ProblemCode::CanvasArchived)),
    }
}

/// Delete a canvas for good (facilitator): the canvas, its stickies and their history go,
/// the event log keeps only a blank of its batches, and the canvas answers 404 from now
/// on. Stored as a `canvas_deleted` event. Clients confirm with the user first.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/canvases/{canvas}", tag = "canvases",
    operation_id = "delete_canvas",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?;
    if caller.member.role != Role::Facilitator {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only the facilitator can delete a canvas.",
        ));
    }
    if state
        .store
        .delete_canvas(id, canvas, caller.member.id)
        .await?
    {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(AppError::not_found())
    }
}

/// Apply a batch of sticky operations, in order, all or none.
///
/// Rules: 1–500 ops per batch (and the 64 KiB body limit); each op is checked on its own
/// (text ≤ 2000 characters without control characters other than newline and tab,
/// finite coordinates within ±1,000,000, a section of the canvas's template); a sticky
/// must be created (earlier in this batch or before) on this canvas before other ops
/// touch it; a deleted sticky may be restored by the facilitator or by the member who
/// deleted it (anyone else gets 403, and nothing is applied). An op whose id was applied
/// before with the same body is not applied again and is returned with its original
/// stamp (safe retries); the same id with a different body is a 409, as is a batch with
/// new ops for an archived canvas (`canvas_archived`; retries of ops applied before still
/// succeed). Any broken rule
/// refuses the whole batch with the offending ops listed as `ops[i]` in `errors`.
///
/// Limits: a canvas holds at most 20,000 stickies on the reference server (deleted ones
/// count; a batch creating more answers `422 over_quota`), and one member sends at most
/// 200 batches and 2,000 ops per 10 seconds (`429` with `Retry-After` past either; nothing
/// of that batch is applied, so send it again then).
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/canvases/{canvas}/ops", tag = "canvases",
    operation_id = "apply_ops",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("canvas" = CanvasId, Path, description = "Canvas id")), security(("bearer" = [])),
    request_body(content = OpBatch, example = json!(examples::op_batch())),
    responses(
        (status = 200, description = "Applied: every op of the batch with its stamp", body = OpBatchResult,
            example = json!(examples::ops_applied())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::ConflictOrArchived),
        (status = 422, response = responses::OpsUnprocessable),
        (status = 429, response = responses::TooManyOps),
    ))]
pub async fn apply_ops(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, canvas)): ApiPath<(ExpeditionId, CanvasId)>,
    ApiJson(batch): ApiJson<OpBatch>,
) -> ApiResult<Json<OpBatchResult>> {
    let caller = caller.of(id)?.require_writer()?;
    let summary = state
        .store
        .canvas(id, canvas)
        .await?
        .ok_or_else(AppError::not_found)?;
    super::facilitation::canvas_writable(&state, &caller, id, canvas)?;
    let me = caller.member.id;
    state.limit(|l| l.op_batches.check(&me))?;
    state.limit(|l| l.ops.check_n(&me, batch.ops.len()))?;
    if batch.ops.is_empty() || batch.ops.len() > MAX_OPS_PER_BATCH {
        return Err(AppError::fields(vec![
            FieldError::new(
                "ops",
                FieldCode::BatchSize,
                format!("send between 1 and {MAX_OPS_PER_BATCH} ops"),
            )
            .with_max(MAX_OPS_PER_BATCH),
        ]));
    }
    let invalid: Vec<FieldError> = batch
        .ops
        .iter()
        .enumerate()
        .filter_map(|(i, op)| {
            op.validate(summary.template)
                .err()
                .map(|e| FieldError::op(&format!("ops[{i}]"), &e))
        })
        .collect();
    if !invalid.is_empty() {
        return Err(AppError::fields(invalid));
    }
    match state
        .store
        .apply_ops(id, canvas, &caller.member, batch.ops)
        .await?
    {
        OpsOutcome::Applied { ops, .. } => Ok(Json(OpBatchResult { applied: ops })),
        OpsOutcome::Rejected(errors) => Err(AppError::fields(errors)),
        OpsOutcome::Conflict(detail) => Err(AppError::detail(ProblemCode::Conflict, detail)),
        OpsOutcome::Forbidden => Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only the facilitator or the member who deleted this sticky can restore it.",
        )),
        OpsOutcome::Archived => Err(AppError::code(ProblemCode::CanvasArchived)),
        OpsOutcome::NotFound => Err(AppError::not_found()),
    }
}
