//! People and their devices: sign-in links (for oneself, or issued by a facilitator for a
//! member who lost their device), redeeming one, and the caller's sessions listed and ended.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use hevruta_model::{
    DeviceLink, DeviceSessions, ExpeditionId, MemberId, ProblemCode, RedeemDeviceLink, Role,
    SessionGrant, SessionId,
};
use serde::Deserialize;

use super::error::{ApiResult, AppError};
use super::expeditions::snapshot_for;
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{device_examples, responses};
use crate::AppState;
use crate::auth::{hash_token, new_token};
use crate::store::{SignOut, Which};

pub fn router() -> Router<AppState> {
    Router::new()
        .route(
            "/expeditions/{id}/members/me/device-links",
            post(link_for_me),
        )
        .route(
            "/expeditions/{id}/members/{member}/device-links",
            post(link_for_member),
        )
        .route("/sessions", post(redeem))
        .route("/expeditions/{id}/members/me/sessions", get(list))
        .route(
            "/expeditions/{id}/members/me/sessions/{session}",
            delete(end),
        )
}

/// `?force=true`: end the only facilitator's last session all the same.
#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct Force {
    /// Sign out even if this is the last session of the expedition's only facilitator.
    #[serde(default)]
    #[param(default = false)]
    pub force: bool,
}

/// Answers a sign-out as the store decided it.
pub fn signed_out(outcome: SignOut) -> ApiResult<StatusCode> {
    match outcome {
        SignOut::Ended => Ok(StatusCode::NO_CONTENT),
        SignOut::NotFound => Err(AppError::not_found()),
        SignOut::LastFacilitator => Err(AppError::detail(
            ProblemCode::LastFacilitator,
            "This is the only facilitator's last signed-in device: send force=true to sign out anyway.",
        )),
    }
}

async fn issue(state: &AppState, caller: &Caller, member: MemberId) -> ApiResult<DeviceLink> {
    let secret = new_token();
    let expires_at = state
        .store
        .issue_device_link(
            caller.expedition_id,
            member,
            caller.member.id,
            &hash_token(&secret),
        )
        .await?
        .ok_or_else(AppError::not_found)?;
    Ok(DeviceLink {
        secret,
        member_id: member,
        expires_at,
    })
}

/// A sign-in link for the caller: open `/session#link=<secret>` on another device (or scan
/// its QR code) to be signed in there as the same member, role included. Good for 10
/// minutes and one use; the secret is shown only now.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/members/me/device-links", tag = "sessions",
    operation_id = "create_my_device_link",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses(
        (status = 201, description = "The link's secret (redeem it with `POST /sessions`)", body = DeviceLink,
            example = json!(device_examples::device_link())),
    ))]
pub async fn link_for_me(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<(StatusCode, Json<DeviceLink>)> {
    let caller = caller.of(id)?;
    let member = caller.member.id;
    Ok((
        StatusCode::CREATED,
        Json(issue(&state, &caller, member).await?),
    ))
}

/// A sign-in link for another member, issued by a facilitator (for someone who lost their
/// device, or for a co-facilitator's new laptop). The same link as a member's own.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/members/{member}/device-links", tag = "sessions",
    operation_id = "create_device_link",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("member" = MemberId, Path, description = "The member to sign in (a current member of this expedition)")),
    security(("bearer" = [])),
    responses(
        (status = 201, description = "The link's secret, to hand to that member", body = DeviceLink,
            example = json!(device_examples::device_link())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn link_for_member(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, member)): ApiPath<(ExpeditionId, MemberId)>,
) -> ApiResult<(StatusCode, Json<DeviceLink>)> {
    let caller = caller.of(id)?.require(Role::Facilitator)?;
    Ok((
        StatusCode::CREATED,
        Json(issue(&state, &caller, member).await?),
    ))
}

/// Redeems a sign-in link: a new session (a new token) for the member it was issued for.
/// Needs no session. The link works once, within 10 minutes of being issued.
#[utoipa::path(post, path = "/api/v1/sessions", tag = "sessions",
    operation_id = "redeem_device_link",
    request_body(content = RedeemDeviceLink, example = json!(device_examples::redeem())),
    responses(
        (status = 201, description = "Signed in; the token is shown only now", body = SessionGrant,
            example = json!(device_examples::redeemed())),
        (status = 401, response = responses::BadDeviceLink),
    ))]
pub async fn redeem(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<RedeemDeviceLink>,
) -> ApiResult<(StatusCode, Json<SessionGrant>)> {
    let refused = || {
        AppError::detail(
            ProblemCode::Unauthorized,
            "This sign-in link is unknown, used or expired: ask for a new one.",
        )
    };
    let link = req.link.trim();
    if link.is_empty() || link.len() > hevruta_model::device::MAX_SECRET_LEN {
        return Err(refused());
    }
    let token = new_token();
    let (expedition_id, member) = state
        .store
        .redeem_device_link(&hash_token(link), &hash_token(&token))
        .await?
        .ok_or_else(refused)?;
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

/// The caller's signed-in devices: every live session of this member, newest first, the
/// one asking marked `current`. A session unused for `idle_timeout_ms` ends by itself.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/members/me/sessions", tag = "sessions",
    operation_id = "list_my_sessions",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses(
        (status = 200, description = "The caller's sessions", body = DeviceSessions,
            example = json!(device_examples::sessions())),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<DeviceSessions>> {
    let caller = caller.of(id)?;
    let idle = state.config.session_idle_timeout;
    let sessions = state
        .store
        .devices(&caller.member, &caller.token_hash, idle)
        .await?;
    Ok(Json(DeviceSessions {
        sessions,
        idle_timeout_ms: u64::try_from(idle.as_millis()).unwrap_or(u64::MAX),
    }))
}

/// Ends one of the caller's sessions (this device's or another's): its token answers 401
/// and its open event streams end at once. The only facilitator's last session ends only
/// with `force=true` (409 otherwise).
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/members/me/sessions/{session}", tag = "sessions",
    operation_id = "end_my_session",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("session" = SessionId, Path, description = "A session id from `list_my_sessions`", example = json!(device_examples::session_id())),
        Force),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Ended"),
        (status = 409, response = responses::LastSession),
    ))]
pub async fn end(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, session)): ApiPath<(ExpeditionId, SessionId)>,
    force: Result<Query<Force>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?;
    let Query(Force { force }) = force?;
    let outcome = state
        .store
        .end_session(
            &caller.member,
            Which::Id(session),
            force,
            state.config.session_idle_timeout,
        )
        .await?;
    signed_out(outcome)
}
