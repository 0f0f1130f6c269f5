//! `PUT …/members/{member}/role`: a facilitator makes another member co-facilitator, or a
//! facilitator participant again; the expedition always keeps one.

use axum::extract::State;
use axum::routing::put;
use axum::{Json, Router};
use hevruta_model::{ExpeditionId, Member, MemberId, ProblemCode, Role, SetRole};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{device_examples, responses};
use crate::AppState;
use crate::store::RoleChange;

pub fn router() -> Router<AppState> {
    Router::new().route("/expeditions/{id}/members/{member}/role", put(set_role))
}

/// Makes a member facilitator (a co-facilitator, with every right the first one has) or
/// participant again. Facilitators only; a facilitator may step back themselves while
/// another remains. Everyone hears `member_role_changed`; the member's own screens show
/// the new role when they next load.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/members/{member}/role", tag = "sessions",
    operation_id = "set_member_role",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("member" = MemberId, Path, description = "A current member of this expedition")),
    request_body(content = SetRole, example = json!(device_examples::set_role())),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The member with their role now", body = Member,
            example = json!(device_examples::co_facilitator())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::RoleConflict),
    ))]
pub async fn set_role(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, member)): ApiPath<(ExpeditionId, MemberId)>,
    ApiJson(req): ApiJson<SetRole>,
) -> ApiResult<Json<Member>> {
    let caller = caller.of(id)?.require(Role::Facilitator)?;
    match state
        .store
        .set_role(id, member, req.role.into(), caller.member.id)
        .await?
    {
        RoleChange::Set(member) => Ok(Json(member)),
        RoleChange::NotFound => Err(AppError::not_found()),
        RoleChange::Viewer => Err(AppError::detail(
            ProblemCode::Conflict,
            "A viewer is a screen, not a person: it keeps its role.",
        )),
        RoleChange::LastFacilitator => Err(AppError::detail(
            ProblemCode::LastFacilitator,
            "The only facilitator cannot become participant: make someone else facilitator first.",
        )),
    }
}
