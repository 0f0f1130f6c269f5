//! `/expeditions/{id}/rounds`: voting rounds on a canvas or a board. The facilitator opens,
//! reveals and cancels them; members (not viewers) place dots. Until the reveal no answer
//! carries anyone's dots but the caller's own, nor any tally.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hevruta_model::vote::{RoundId, RoundListing, RoundView, SetDots, StartRound};
use hevruta_model::{ExpeditionId, ProblemCode, Role};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{responses, round_examples as examples};
use crate::AppState;
use crate::store::{RoundOutcome, RoundRefusal};

pub fn router() -> Router<AppState> {
    let round = "/expeditions/{id}/rounds/{round}";
    Router::new()
        .route("/expeditions/{id}/rounds", get(list).post(start))
        .route(round, get(read))
        .route(&format!("{round}/votes"), put(set_dots))
        .route(&format!("{round}/reveal"), post(reveal))
        .route(&format!("{round}/cancel"), post(cancel))
}

fn answer<T>(outcome: RoundOutcome<T>) -> ApiResult<T> {
    match outcome? {
        Ok(t) => Ok(t),
        Err(RoundRefusal::NotFound) => Err(AppError::not_found()),
        Err(RoundRefusal::Conflict(why)) => Err(AppError::detail(ProblemCode::Conflict, why)),
        Err(RoundRefusal::Archived) => Err(AppError::code(ProblemCode::CanvasArchived)),
        Err(RoundRefusal::Invalid(errors)) => Err(AppError::fields(errors)),
    }
}

fn facilitator(caller: &Caller, what: &str) -> Result<(), AppError> {
    if caller.member.role == Role::Facilitator {
        Ok(())
    } else {
        Err(AppError::detail(
            ProblemCode::Forbidden,
            format!("Only the facilitator can {what}."),
        ))
    }
}

/// Open a voting round on a canvas (its stickies are the items) or a board (its cards):
/// `budget` dots per member, at most `cap` on one item, named or `anonymous` (the
/// facilitator). One round may be open per canvas or board. Announced as `event: round`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/rounds", tag = "rounds",
    operation_id = "start_round",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = StartRound, example = json!(examples::start_round())),
    responses(
        (status = 201, description = "Open, with the caller's whole budget left", body = RoundView, example = json!(examples::opened_view())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::RoundOpen),
    ))]
pub async fn start(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<StartRound>,
) -> ApiResult<(StatusCode, Json<RoundView>)> {
    let caller = caller.of(id)?;
    facilitator(&caller, "open a voting round")?;
    req.validate().map_err(AppError::fields)?;
    let round = answer(state.store.start_round(id, req, caller.member.id).await)?;
    let view = RoundView {
        remaining: round.budget,
        round,
        mine: Vec::new(),
        results: None,
    };
    Ok((StatusCode::CREATED, Json(view)))
}

/// Every round of the expedition, newest first: open, revealed and cancelled, with public
/// facts only (how many have voted, never what). Read a round's results with `get_round`.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/rounds", tag = "rounds",
    operation_id = "list_rounds",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The rounds", body = RoundListing, example = json!(examples::listing()))))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<RoundListing>> {
    caller.of(id)?;
    Ok(Json(state.store.rounds(id).await?))
}

/// A round as the caller sees it: while open, the caller's own dots and what they have
/// left (nobody else's, no tally); once revealed, the stored results.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/rounds/{round}", tag = "rounds",
    operation_id = "get_round",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("round" = RoundId, Path, description = "Round id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The round", body = RoundView, examples(
        ("open" = (summary = "Open: the caller's own dots", value = json!(examples::dots_set()))),
        ("revealed" = (summary = "Revealed: the results", value = json!(examples::revealed()))),
    ))))]
pub async fn read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, round)): ApiPath<(ExpeditionId, RoundId)>,
) -> ApiResult<Json<RoundView>> {
    let caller = caller.of(id)?;
    state
        .store
        .round_view(id, round, caller.member.id)
        .await?
        .map(Json)
        .ok_or_else(AppError::not_found)
}

/// Put `dots` of your dots on one item of the round's canvas or board (0 takes them back;
/// facilitators and participants, not viewers). The server checks, in one transaction, that
/// the round is open (`409 conflict`), the item is a sticky of its canvas or a card of its
/// board (`unknown_item`), the cap (`over_cap`) and your budget (`over_budget`). Announced as
/// `event: round` only when the count of voters changes.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/rounds/{round}/votes", tag = "rounds",
    operation_id = "set_round_dots",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("round" = RoundId, Path, description = "Round id")),
    security(("bearer" = [])),
    request_body(content = SetDots, example = json!(examples::set_dots())),
    responses(
        (status = 200, description = "The round with your dots now", body = RoundView, example = json!(examples::dots_set())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::RoundEnded),
        (status = 422, response = responses::RoundDots),
    ))]
pub async fn set_dots(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, round)): ApiPath<(ExpeditionId, RoundId)>,
    ApiJson(req): ApiJson<SetDots>,
) -> ApiResult<Json<RoundView>> {
    let caller = caller.of(id)?.require_writer()?;
    answer(
        state
            .store
            .set_dots(id, round, caller.member.id, req.item, req.dots)
            .await,
    )
    .map(Json)
}

/// End the round and show its results (the facilitator): items ranked by dots, ties sharing
/// a rank; in a named round who placed how many dots where, in an anonymous one only counts.
/// The results are stored with the round; the dots themselves are deleted. Announced as
/// `event: round`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/rounds/{round}/reveal", tag = "rounds",
    operation_id = "reveal_round",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("round" = RoundId, Path, description = "Round id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Revealed, with its results", body = RoundView, example = json!(examples::revealed())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::RoundEnded),
    ))]
pub async fn reveal(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, round)): ApiPath<(ExpeditionId, RoundId)>,
) -> ApiResult<Json<RoundView>> {
    let caller = caller.of(id)?;
    facilitator(&caller, "reveal a voting round")?;
    answer(
        state
            .store
            .end_round(id, round, caller.member.id, true)
            .await,
    )
    .map(Json)
}

/// End the round without results (the facilitator); its dots are deleted. Announced as
/// `event: round`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/rounds/{round}/cancel", tag = "rounds",
    operation_id = "cancel_round",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("round" = RoundId, Path, description = "Round id")),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "Cancelled", body = RoundView, example = json!(examples::cancelled())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::RoundEnded),
    ))]
pub async fn cancel(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, round)): ApiPath<(ExpeditionId, RoundId)>,
) -> ApiResult<Json<RoundView>> {
    let caller = caller.of(id)?;
    facilitator(&caller, "cancel a voting round")?;
    answer(
        state
            .store
            .end_round(id, round, caller.member.id, false)
            .await,
    )
    .map(Json)
}
