//! `/expeditions`: create, read, edit, stage, members, join code.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hevruta_model::{
    CreateExpedition, ExpeditionId, ExpeditionSnapshot, JoinCodeResponse, Member, Role,
    SessionGrant, SetStage, UpdateExpedition,
};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller, ClientIp};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{examples, responses};
use crate::AppState;
use crate::auth::{hash_token, new_join_code, new_token};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expeditions", post(create))
        .route("/expeditions/{id}", get(snapshot).patch(update))
        .route("/expeditions/{id}/members", get(members))
        .route("/expeditions/{id}/stage", put(set_stage))
        .route("/expeditions/{id}/join-code", post(regenerate_join_code))
}

/// Start an expedition. The caller becomes its facilitator.
#[utoipa::path(post, path = "/api/v1/expeditions", tag = "expeditions",
    operation_id = "create_expedition",
    request_body(content = CreateExpedition, example = json!(examples::create_expedition())),
    responses(
        (status = 201, description = "Created; the token is shown only now", body = SessionGrant,
            example = json!(examples::created())),
        (status = 429, response = responses::TooManyExpeditions),
    ))]
pub async fn create(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<CreateExpedition>,
) -> ApiResult<(StatusCode, Json<SessionGrant>)> {
    state.limit(|l| l.expeditions.check(&ip))?;
    let new = req.validate().map_err(AppError::fields)?;
    let token = new_token();
    let created = state
        .store
        .create_expedition(&new, &new_join_code(), &hash_token(&token))
        .await?;
    let expedition = snapshot_for(&state, created.id, &created.facilitator).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionGrant {
            token,
            expedition_id: created.id,
            member: created.facilitator,
            expedition,
        }),
    ))
}

/// Everything the expedition home shows, as of `last_seq`. Only facilitators see the join code.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}", tag = "expeditions",
    operation_id = "get_expedition",
    params(("id" = ExpeditionId, Path, description = "Expedition id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The expedition as this member may see it", body = ExpeditionSnapshot,
            example = json!(examples::snapshot())),
    ))]
pub async fn snapshot(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<ExpeditionSnapshot>> {
    let caller = caller.of(id)?;
    load_snapshot(&state, &caller).await.map(Json)
}

async fn load_snapshot(state: &AppState, caller: &Caller) -> ApiResult<ExpeditionSnapshot> {
    snapshot_for(state, caller.expedition_id, &caller.member).await
}

/// The snapshot as `member` may see it (only facilitators see the join code).
pub(super) async fn snapshot_for(
    state: &AppState,
    id: ExpeditionId,
    member: &Member,
) -> ApiResult<ExpeditionSnapshot> {
    let mut snap = state
        .store
        .snapshot(id)
        .await?
        .ok_or_else(AppError::not_found)?;
    if member.role != Role::Facilitator {
        snap.join_code = None;
    }
    Ok(snap)
}

/// Change the title, city or challenge (facilitator). Fields left out stay as they are.
#[utoipa::path(patch, path = "/api/v1/expeditions/{id}", tag = "expeditions",
    operation_id = "update_expedition",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = UpdateExpedition, example = json!(examples::update_expedition())),
    responses(
        (status = 200, description = "The expedition as it is now", body = ExpeditionSnapshot,
            example = json!(examples::updated())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<UpdateExpedition>,
) -> ApiResult<Json<ExpeditionSnapshot>> {
    let caller = caller.of(id)?.require(Role::Facilitator)?;
    let update = req.validate().map_err(AppError::fields)?;
    state
        .store
        .update_expedition(id, &update, caller.member.id)
        .await?;
    load_snapshot(&state, &caller).await.map(Json)
}

/// Current members in the order they joined.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/members", tag = "expeditions",
    operation_id = "list_members",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The members, in the order they joined", body = Vec<Member>,
        example = json!(examples::members()))))]
pub async fn members(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<Vec<Member>>> {
    caller.of(id)?;
    Ok(Json(state.store.members(id).await?))
}

/// Move the expedition to a stage (facilitator). Advancing is setting the next stage;
/// setting the current stage again changes nothing.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/stage", tag = "expeditions",
    operation_id = "set_stage",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = SetStage, example = json!(examples::set_stage())),
    responses(
        (status = 200, description = "The expedition at its new stage", body = ExpeditionSnapshot,
            example = json!(examples::staged())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn set_stage(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<SetStage>,
) -> ApiResult<Json<ExpeditionSnapshot>> {
    let caller = caller.of(id)?.require(Role::Facilitator)?;
    state
        .store
        .set_stage(id, req.stage, caller.member.id)
        .await?;
    load_snapshot(&state, &caller).await.map(Json)
}

/// Replace the join code (facilitator); the old code stops working at once.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/join-code", tag = "expeditions",
    operation_id = "regenerate_join_code",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses(
        (status = 200, description = "The new code", body = JoinCodeResponse,
            example = json!(examples::new_join_code())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn regenerate_join_code(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<JoinCodeResponse>> {
    caller.of(id)?.require(Role::Facilitator)?;
    let code = new_join_code();
    state.store.set_join_code(id, &code).await?;
    Ok(Json(JoinCodeResponse { join_code: code }))
}
