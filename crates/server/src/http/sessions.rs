//! Joining, who am I, signing out and leaving.

use std::net::IpAddr;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use hevruta_model::join_code::TypedJoinCode;
use hevruta_model::problem::FieldCode;
use hevruta_model::{
    ExpeditionId, FieldError, JoinCode, JoinExpedition, JoinPreview, Me, ProblemCode, SessionGrant,
};

use super::devices::{Force, signed_out};
use super::error::{ApiResult, AppError};
use super::expeditions::snapshot_for;
use super::extract::{ApiJson, ApiPath, Caller, ClientIp};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{examples, responses};
use crate::AppState;
use crate::auth::{hash_token, new_token};
use crate::store::{Leave, Which};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/join", post(join))
        .route("/join/{code}", get(preview))
        .route("/me", get(me))
        .route("/session", delete(sign_out))
        .route("/expeditions/{id}/members/me", delete(leave))
}

/// Join an expedition with its code, as a participant or as a read-only viewer.
#[utoipa::path(post, path = "/api/v1/join", tag = "sessions",
    operation_id = "join",
    request_body(content = JoinExpedition, example = json!(examples::join())),
    responses(
        (status = 201, description = "Joined; the token is shown only now", body = SessionGrant,
            example = json!(examples::joined())),
        (status = 404, response = responses::WrongJoinCode),
        (status = 422, response = responses::JoinUnprocessable),
        (status = 429, response = responses::TooManyJoins),
    ))]
pub async fn join(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiJson(req): ApiJson<JoinExpedition>,
) -> ApiResult<(StatusCode, Json<SessionGrant>)> {
    let join = req.validate().map_err(AppError::fields)?;
    let expedition_id = code_target(&state, ip, &join.code).await?;
    state.limit(|l| l.joins.check(&expedition_id))?;
    let token = new_token();
    let (expedition_id, member, _) = state
        .store
        .join(&join, &hash_token(&token))
        .await?
        .ok_or_else(|| AppError::code(ProblemCode::WrongJoinCode))?;
    let expedition = snapshot_for(&state, expedition_id, &member).await?;
    Ok((
        StatusCode::CREATED,
        Json(SessionGrant {
            token,
            expedition_id,
            member,
            expedition,
        }),
    ))
}

/// Where a join code leads: the expedition's title and city, so the invite page can name
/// it before asking for a name. Needs no session; tells nothing else (no members, no
/// stage), and a wrong code gets the same 404 as `POST /join`. Case, spaces and dashes in
/// the code do not matter.
#[utoipa::path(get, path = "/api/v1/join/{code}", tag = "sessions",
    operation_id = "preview_join_code",
    params(("code" = TypedJoinCode, Path, description = "The join code, e.g. `ABCD-EFGH-JKMN` (12 letters and digits; case, spaces and dashes do not matter)", example = "ABCD-EFGH-JKMN")),
    responses(
        (status = 200, description = "The expedition this code leads to", body = JoinPreview,
            example = json!(examples::preview())),
        (status = 404, response = responses::WrongJoinCode),
        (status = 422, response = responses::MalformedJoinCode),
        (status = 429, response = responses::TooManyWrongCodes),
    ))]
pub async fn preview(
    State(state): State<AppState>,
    ClientIp(ip): ClientIp,
    ApiPath(code): ApiPath<String>,
) -> ApiResult<Json<JoinPreview>> {
    let code = JoinCode::parse(&code).map_err(|e| {
        AppError::fields(vec![FieldError::new(
            "code",
            FieldCode::Malformed,
            e.to_string(),
        )])
    })?;
    code_target(&state, ip, &code).await?;
    state
        .store
        .join_preview(&code)
        .await?
        .map(Json)
        .ok_or_else(|| AppError::code(ProblemCode::WrongJoinCode))
}

/// The expedition `code` leads to. A code that leads nowhere counts against its client's
/// wrong codes; past their limit, every code of that client waits (right ones too, so a
/// guess that hit cannot tell itself apart).
async fn code_target(state: &AppState, ip: IpAddr, code: &JoinCode) -> ApiResult<ExpeditionId> {
    state.limit(|l| l.wrong_join_codes.check(&ip))?;
    match state.store.expedition_for_code(code).await? {
        Some(id) => Ok(id),
        None => {
            state.limit(|l| l.wrong_join_codes.fail(&ip))?;
            Err(AppError::code(ProblemCode::WrongJoinCode))
        }
    }
}

/// Who this token belongs to.
#[utoipa::path(get, path = "/api/v1/me", tag = "sessions", operation_id = "me",
    security(("bearer" = [])),
    responses((status = 200, description = "The caller", body = Me, example = json!(examples::me()))))]
pub async fn me(caller: Caller) -> Json<Me> {
    Json(Me {
        expedition_id: caller.expedition_id,
        member: caller.member,
    })
}

/// End this session (this device). The member stays in the expedition. The only
/// facilitator's last session ends only with `force=true` (409 otherwise): afterwards
/// nobody could run the lab from any device.
#[utoipa::path(delete, path = "/api/v1/session", tag = "sessions", operation_id = "sign_out",
    params(Force),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Signed out: this token answers 401 from now on, and its open event streams end"),
        (status = 409, response = responses::LastSession),
    ))]
pub async fn sign_out(
    State(state): State<AppState>,
    caller: Caller,
    force: Result<Query<Force>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<StatusCode> {
    let Query(Force { force }) = force?;
    let outcome = state
        .store
        .end_session(
            &caller.member,
            Which::Token(&caller.token_hash),
            force,
            state.config.session_idle_timeout,
        )
        .await?;
    signed_out(outcome)
}

/// Leave the expedition: the member disappears from the list and all their sessions end.
/// The last facilitator cannot leave (409).
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/members/me", tag = "sessions",
    operation_id = "leave",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses(
        (status = 204, description = "Left: every session of this member answers 401 from now on"),
        (status = 409, response = responses::LastFacilitator),
    ))]
pub async fn leave(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?;
    match state.store.leave(id, &caller.member).await? {
        Leave::Left(_) => {
            // A member who left has no hand up any more.
            let member = caller.member.id;
            let _ = state.hub.update_session(id, |s| {
                s.forget(member);
                Ok::<_, ()>(())
            });
            Ok(StatusCode::NO_CONTENT)
        }
        Leave::LastFacilitator => Err(AppError::code(ProblemCode::LastFacilitator)),
    }
}
