//! `/expeditions/{id}/profiles`: partner profiles, each written by its own member.

use axum::extract::State;
use axum::routing::{get, put};
use axum::{Json, Router};
use hevruta_model::{ExpeditionId, MemberId, ProblemCode, Profile, ProfileListing, SaveProfile};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{examples, responses};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expeditions/{id}/profiles", get(list))
        .route("/expeditions/{id}/profiles/{member}", put(save))
}

/// The profiles of the expedition's current members (those who wrote one), in the order
/// they joined, as of `last_seq`: follow the event stream from there (`profile_saved`).
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/profiles", tag = "profiles",
    operation_id = "list_profiles",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The profiles", body = ProfileListing,
        example = json!(examples::profiles()))))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<ProfileListing>> {
    caller.of(id)?;
    Ok(Json(state.store.profiles(id).await?))
}

/// Write your own profile, whole (`member` is your member id; anyone else's answers 403,
/// and viewers have none). Saving the same profile again changes nothing; a change is
/// stored as a `profile_saved` event.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/profiles/{member}", tag = "profiles",
    operation_id = "save_profile",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("member" = MemberId, Path, description = "Your own member id")),
    security(("bearer" = [])),
    request_body(content = SaveProfile, example = json!(examples::save_profile())),
    responses(
        (status = 200, description = "The profile as stored", body = Profile,
            example = json!(examples::profile())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn save(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, member)): ApiPath<(ExpeditionId, MemberId)>,
    ApiJson(req): ApiJson<SaveProfile>,
) -> ApiResult<Json<Profile>> {
    let caller = caller.of(id)?.require_writer()?;
    if member != caller.member.id {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "A profile is written by its own member only.",
        ));
    }
    let profile = req.validate().map_err(AppError::fields)?;
    Ok(Json(state.store.save_profile(id, member, profile).await?))
}
