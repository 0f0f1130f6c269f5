//! `/expeditions/{id}/feed`: the updates feed. Facilitators post announcements and
//! milestones; members react and reply; each member's read marker is kept here, so it
//! follows them from the phone to the laptop.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use hevruta_model::feed::{
    CursorError, FeedCursor, FeedItem, FeedItemId, FeedPage, FeedRead, MAX_PAGE, MarkRead,
    PostDraft, PostReply, SetFeedReaction,
};
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, ProblemCode, Role};
use serde::Deserialize;

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{feed_examples as examples, responses};
use crate::AppState;
use crate::store::FeedOutcome;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/expeditions/{id}/feed", get(list).post(create))
        .route("/expeditions/{id}/feed/read", put(mark_read))
        .route("/expeditions/{id}/feed/{item}/reaction", put(react))
        .route("/expeditions/{id}/feed/{item}/replies", post(reply))
}

#[derive(Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FeedParams {
    /// `next_cursor` of the previous page; absent for the first page (which also carries
    /// the digest and the upcoming list).
    #[param(value_type = Option<hevruta_model::schema::FeedCursorText>)]
    cursor: Option<String>,
    /// Items per page, 1–20 (20 when absent).
    #[param(minimum = 1, maximum = 20)]
    limit: Option<u32>,
}

fn answer(outcome: FeedOutcome) -> ApiResult<FeedItem> {
    match outcome {
        FeedOutcome::Saved(item) => Ok(*item),
        FeedOutcome::NotFound => Err(AppError::not_found()),
        FeedOutcome::Full => Err(AppError::detail(
            ProblemCode::Conflict,
            "this item has as many replies as it takes",
        )),
    }
}

/// One page of the feed, newest first, with the caller's read marker and unread count.
/// The first page (no `cursor`) also carries the digest (what others changed since the
/// caller's `seen_seq`, one line per canvas, board, column or circle, newest first) and
/// the dated items still ahead, soonest first: a phone needs this one request. Follow the
/// event stream from `last_seq` for `feed` events.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/feed", tag = "feed",
    operation_id = "list_feed",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), FeedParams),
    security(("bearer" = [])),
    responses(
        (status = 200, description = "One page of the feed", body = FeedPage,
            example = json!(examples::page())),
        (status = 422, response = responses::FeedQuery),
    ))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    query: Result<Query<FeedParams>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<Json<FeedPage>> {
    let caller = caller.of(id)?;
    let Query(q) = query?;
    let limit = q.limit.unwrap_or(MAX_PAGE);
    if !(1..=MAX_PAGE).contains(&limit) {
        return Err(AppError::fields(vec![
            FieldError::new("limit", FieldCode::TooMany, "from 1 to 20 items a page")
                .with_max(MAX_PAGE as usize),
        ]));
    }
    let cursor = q
        .cursor
        .as_deref()
        .map(|c| FeedCursor::parse(c, id))
        .transpose()
        .map_err(|e| {
            let message = match e {
                CursorError::Malformed => "not a cursor this server made",
                CursorError::OtherExpedition => "a cursor of another expedition's feed",
            };
            AppError::fields(vec![FieldError::new(
                "cursor",
                FieldCode::Malformed,
                message,
            )])
        })?;
    Ok(Json(
        state
            .store
            .feed_page(id, &caller.member, cursor, limit)
            .await?,
    ))
}

/// Post an announcement (text with optional date, time, time zone, place and link) or a
/// milestone. Facilitators only. Stored as a `feed` event; members see it unread.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/feed", tag = "feed",
    operation_id = "post_feed_item",
    params(("id" = ExpeditionId, Path, description = "Expedition id")),
    security(("bearer" = [])),
    request_body(content = PostDraft, example = json!(examples::post())),
    responses(
        (status = 201, description = "Posted", body = FeedItem, example = json!(examples::item())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<PostDraft>,
) -> ApiResult<(StatusCode, Json<FeedItem>)> {
    let caller = caller.of(id)?;
    if caller.member.role != Role::Facilitator {
        return Err(AppError::detail(
            ProblemCode::Forbidden,
            "Only facilitators post announcements and milestones.",
        ));
    }
    let post = req.validate().map_err(AppError::fields)?;
    let event = state
        .store
        .post_feed_item(id, caller.member.id, post)
        .await?;
    Ok((StatusCode::CREATED, Json(event.item)))
}

/// Give one of the fixed reactions (`on: true`) or take it back. Each member gives each
/// reaction once; setting what is already so changes nothing. A change is a `feed` event.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/feed/{item}/reaction", tag = "feed",
    operation_id = "set_feed_reaction",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("item" = FeedItemId, Path, description = "Feed item id")),
    security(("bearer" = [])),
    request_body(content = SetFeedReaction, example = json!(examples::reaction())),
    responses(
        (status = 200, description = "The item with its reactions now", body = FeedItem,
            example = json!(examples::item_reacted())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn react(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, item)): ApiPath<(ExpeditionId, FeedItemId)>,
    ApiJson(req): ApiJson<SetFeedReaction>,
) -> ApiResult<Json<FeedItem>> {
    let caller = caller.of(id)?.require_writer()?;
    let outcome = state
        .store
        .react_to_feed_item(id, caller.member.id, item, req.reaction, req.on)
        .await?;
    Ok(Json(answer(outcome)?))
}

/// Reply to an item (participants and facilitators; up to 200 replies an item). Stored as
/// a `feed` event with the item as it now is.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/feed/{item}/replies", tag = "feed",
    operation_id = "reply_to_feed_item",
    params(("id" = ExpeditionId, Path, description = "Expedition id"),
        ("item" = FeedItemId, Path, description = "Feed item id")),
    security(("bearer" = [])),
    request_body(content = PostReply, example = json!(examples::reply())),
    responses(
        (status = 201, description = "The item with the reply", body = FeedItem,
            example = json!(examples::item_replied())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Conflict),
    ))]
pub async fn reply(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, item)): ApiPath<(ExpeditionId, FeedItemId)>,
    ApiJson(req): ApiJson<PostReply>,
) -> ApiResult<(StatusCode, Json<FeedItem>)> {
    let caller = caller.of(id)?.require_writer()?;
    let text = req.validate().map_err(AppError::fields)?;
    let outcome = state
        .store
        .reply_to_feed_item(id, caller.member.id, item, text)
        .await?;
    Ok((StatusCode::CREATED, Json(answer(outcome)?)))
}

/// Mark everything up to `seq` read ("mark all read" sends the page's `last_seq`). Kept
/// per member, so every session of the member sees it; it never moves back, and a `seq`
/// beyond the expedition's latest counts as the latest. Viewers may mark too.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/feed/read", tag = "feed",
    operation_id = "mark_feed_read",
    params(("id" = ExpeditionId, Path, description = "Expedition id")),
    security(("bearer" = [])),
    request_body(content = MarkRead, example = json!(examples::mark_read())),
    responses(
        (status = 200, description = "The read marker now", body = FeedRead,
            example = json!(examples::read())),
    ))]
pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<MarkRead>,
) -> ApiResult<Json<FeedRead>> {
    let caller = caller.of(id)?;
    Ok(Json(
        state
            .store
            .mark_feed_read(id, caller.member.id, req.seq)
            .await?,
    ))
}
