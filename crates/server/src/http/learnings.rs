//! `/expeditions/{id}/learnings`: learnings in the three circles, their reactions, and the
//! facilitator's hiding.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, put};
use axum::{Json, Router};
use hevruta_model::{
    CreateLearning, ExpeditionId, Learning, LearningDraft, LearningId, LearningListing,
    ProblemCode, Role, SetHidden, SetReaction,
};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{examples, responses};
use crate::AppState;
use crate::store::LearningOutcome;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expeditions/{id}/learnings", get(list).post(create))
        .route(
            "/expeditions/{id}/learnings/{learning}",
            put(update).delete(delete),
        )
        .route(
            "/expeditions/{id}/learnings/{learning}/hidden",
            put(set_hidden),
        )
        .route(
            "/expeditions/{id}/learnings/{learning}/reaction",
            put(set_reaction),
        )
}

/// The answer to a write, or the problem it met.
fn answer(outcome: LearningOutcome) -> ApiResult<Learning> {
    match outcome {
        LearningOutcome::Created(l) | LearningOutcome::Saved(l) => Ok(l),
        LearningOutcome::NotFound => Err(AppError::not_found()),
        LearningOutcome::Forbidden => Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only its author can change or delete a learning.",
        )),
        LearningOutcome::Conflict => Err(AppError::detail(
            ProblemCode::Conflict,
            "this learning id was already used for a different learning",
        )),
        LearningOutcome::Hidden => Err(AppError::detail(
            ProblemCode::Conflict,
            "the facilitator hid this learning: show it again first",
        )),
        LearningOutcome::Invalid(e) => Err(AppError::fields(vec![e])),
    }
}

/// The expedition's learnings, oldest first, as of `last_seq`: follow the event stream from
/// there (`learning_saved`, `learning_hidden`, `learning_deleted`). Hidden ones are listed,
/// marked, to the facilitator only.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/learnings", tag = "learnings",
    operation_id = "list_learnings",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The learnings, oldest first", body = LearningListing,
        example = json!(examples::learnings()))))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<LearningListing>> {
    let caller = caller.of(id)?;
    let facilitator = caller.member.role == Role::Facilitator;
    Ok(Json(state.store.learnings(id, facilitator).await?))
}

/// Record a learning with the id the client made (UUIDv7). Safe to retry: the same id
/// with the same fields answers the stored learning (200) without a second event; the
/// same id with other fields is a 409. `builds_on` must name a learning of this
/// expedition (`unknown_learning` otherwise). Stored as a `learning_saved` event.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/learnings", tag = "learnings",
    operation_id = "create_learning",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = CreateLearning, example = json!(examples::create_learning())),
    responses(
        (status = 201, description = "Created", body = Learning, example = json!(examples::learning())),
        (status = 200, description = "Created before (a retry): the learning as stored", body = Learning,
            example = json!(examples::learning())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<CreateLearning>,
) -> ApiResult<(StatusCode, Json<Learning>)> {
    let caller = caller.of(id)?.require_writer()?;
    let fields = req.draft.validate().map_err(AppError::fields)?;
    let outcome = state
        .store
        .create_learning(id, caller.member.id, req.id, fields)
        .await?;
    // A retry answers what was stored the first time, as a 200.
    let status = if matches!(outcome, LearningOutcome::Created(_)) {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    let learning = answer(outcome)?;
    Ok((status, Json(learning)))
}

/// Rewrite your own learning, whole: its text, themes, source, what it builds on, and its
/// circle (a colleague's story that turns out to be a global model moves to circle 3).
/// `builds_on` may not name this learning or one that builds on it (`cycle`). A change
/// is stored as a `learning_saved` event; a hidden learning answers 409 until shown again.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/learnings/{learning}", tag = "learnings",
    operation_id = "update_learning",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("learning" = LearningId, Path, description = "Learning id")),
    security(("bearer" = [])),
    request_body(content = LearningDraft, example = json!(examples::learning_moved().to_draft())),
    responses(
        (status = 200, description = "The learning as it is now", body = Learning,
            example = json!(examples::learning_moved())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, learning)): ApiPath<(ExpeditionId, LearningId)>,
    ApiJson(req): ApiJson<LearningDraft>,
) -> ApiResult<Json<Learning>> {
    let caller = caller.of(id)?.require_writer()?;
    let fields = req.validate().map_err(AppError::fields)?;
    let outcome = state
        .store
        .update_learning(id, &caller.member, learning, fields)
        .await?;
    Ok(Json(answer(outcome)?))
}

/// Delete your own learning for good (`learning_deleted`); learnings that built on it
/// build on nothing from then on.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/learnings/{learning}", tag = "learnings",
    operation_id = "delete_learning",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("learning" = LearningId, Path, description = "Learning id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn delete(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, learning)): ApiPath<(ExpeditionId, LearningId)>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?.require_writer()?;
    let outcome = state
        .store
        .delete_learning(id, &caller.member, learning)
        .await?;
    answer(outcome).map(|_| StatusCode::NO_CONTENT)
}

/// Hide a learning from everyone but the facilitator (`learning_hidden`), or show it again
/// (`hidden: false`, a `learning_saved`). Facilitator only. It stays in the data either way.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/learnings/{learning}/hidden", tag = "learnings",
    operation_id = "set_learning_hidden",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("learning" = LearningId, Path, description = "Learning id")),
    security(("bearer" = [])),
    request_body(content = SetHidden, example = json!(SetHidden { hidden: true })),
    responses(
        (status = 200, description = "The learning as it is now", body = Learning,
            example = json!(examples::learning_hidden())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn set_hidden(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, learning)): ApiPath<(ExpeditionId, LearningId)>,
    ApiJson(req): ApiJson<SetHidden>,
) -> ApiResult<Json<Learning>> {
    let caller = caller.of(id)?;
    if caller.member.role != Role::Facilitator {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only the facilitator can hide a learning or show it again.",
        ));
    }
    let outcome = state
        .store
        .set_hidden(id, caller.member.id, learning, req.hidden)
        .await?;
    Ok(Json(answer(outcome)?))
}

/// Say "I learned from this" (`learned: true`), or take it back. One per member per
/// learning; setting what is already so changes nothing. A change is a `learning_saved`.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/learnings/{learning}/reaction", tag = "learnings",
    operation_id = "set_learning_reaction",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("learning" = LearningId, Path, description = "Learning id")),
    security(("bearer" = [])),
    request_body(content = SetReaction, example = json!(SetReaction { learned: true })),
    responses(
        (status = 200, description = "The learning with its reactions now", body = Learning,
            example = json!(examples::learning_learned())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
    ))]
pub async fn set_reaction(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, learning)): ApiPath<(ExpeditionId, LearningId)>,
    ApiJson(req): ApiJson<SetReaction>,
) -> ApiResult<Json<Learning>> {
    let caller = caller.of(id)?.require_writer()?;
    let outcome = state
        .store
        .set_reaction(id, &caller.member, learning, req.learned)
        .await?;
    Ok(Json(answer(outcome)?))
}
