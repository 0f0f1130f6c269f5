//! `/expeditions/{id}/boards`: global-innovation boards, their columns and cards, dot
//! votes, comments and imports. Every id in a body is the client's, so a retry answers
//! what is stored (`200`) instead of making something twice (`201`).

use axum::extract::{DefaultBodyLimit, Query, State};
use axum::http::StatusCode;
use axum::routing::{get, patch, post, put};
use axum::{Json, Router};
use hevruta_model::board::{
    BoardId, BoardListing, BoardSnapshot, BoardSummary, Card, CardContent, CardId, Column,
    ColumnId, Comment, CreateBoard, ImportCards, ImportResult, MoveCard, NewCard, NewComment,
    RemoveColumn, SetVotes, UpdateBoard, UpdateColumn, VoteResult,
};
use hevruta_model::{ExpeditionId, MAX_IMPORT_BYTES, ProblemCode, Role};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{board_examples as examples, responses};
use crate::AppState;
use crate::store::{BoardOutcome, BoardRefusal, Made};

pub fn router() -> Router<AppState> {
    let board = "/expeditions/{id}/boards/{board}";
    Router::new()
        .route("/expeditions/{id}/boards", get(list).post(create))
        .route(board, get(snapshot).patch(update))
        .route(&format!("{board}/columns"), post(add_column))
        .route(
            &format!("{board}/columns/{{column}}"),
            patch(update_column).delete(remove_column),
        )
        .route(&format!("{board}/cards"), post(add_card))
        .route(
            &format!("{board}/cards/{{card}}"),
            patch(update_card).delete(remove_card),
        )
        .route(&format!("{board}/cards/{{card}}/move"), post(move_card))
        .route(&format!("{board}/cards/{{card}}/votes"), put(set_votes))
        .route(
            &format!("{board}/cards/{{card}}/comments"),
            post(add_comment),
        )
        .route(
            &format!("{board}/import"),
            post(import).layer(DefaultBodyLimit::max(MAX_IMPORT_BYTES)),
        )
}

fn answer<T>(outcome: BoardOutcome<T>) -> ApiResult<T> {
    match outcome? {
        Ok(t) => Ok(t),
        Err(BoardRefusal::NotFound) => Err(AppError::not_found()),
        Err(BoardRefusal::Forbidden(why)) => Err(AppError::detail(ProblemCode::Forbidden, why)),
        Err(BoardRefusal::Conflict(why)) => Err(AppError::detail(ProblemCode::Conflict, why)),
        Err(BoardRefusal::Invalid(errors)) => Err(AppError::fields(errors)),
    }
}

fn made<T>((thing, new): Made<T>) -> (StatusCode, Json<T>) {
    let status = if new {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    (status, Json(thing))
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

/// Start a board (facilitators and participants). Without `columns` it starts with
/// Discovered → Exploring → Adapting for our city → Piloting; 5 votes per member, no cap.
/// Announced as `board_created`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/boards", tag = "boards",
    operation_id = "create_board",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    request_body(content = CreateBoard, example = json!(examples::create_board())),
    responses(
        (status = 201, description = "Created", body = BoardSummary, example = json!(examples::board_created())),
        (status = 200, description = "Made before by this same request (a retry)", body = BoardSummary, example = json!(examples::board_created())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::BoardConflict),
    ))]
pub async fn create(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
    ApiJson(req): ApiJson<CreateBoard>,
) -> ApiResult<(StatusCode, Json<BoardSummary>)> {
    let caller = caller.of(id)?.require_writer()?;
    let req = req.validate().map_err(AppError::fields)?;
    answer(state.store.create_board(id, req, caller.member.id).await).map(made)
}

/// The expedition's boards, oldest first, as of `last_seq`.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/boards", tag = "boards",
    operation_id = "list_boards",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "The boards", body = BoardListing, example = json!(examples::boards()))))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<BoardListing>> {
    caller.of(id)?;
    Ok(Json(state.store.board_listing(id).await?))
}

/// The whole board (columns, cards, votes, comments) as of `last_seq`: continue with the
/// event stream from there.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/boards/{board}", tag = "boards",
    operation_id = "get_board",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    responses((status = 200, description = "The board", body = BoardSnapshot, example = json!(examples::board_snapshot()))))]
pub async fn snapshot(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
) -> ApiResult<Json<BoardSnapshot>> {
    caller.of(id)?;
    state
        .store
        .board_snapshot(id, board)
        .await?
        .map(Json)
        .ok_or_else(AppError::not_found)
}

/// Rename a board or set its voting rules (the facilitator): `vote_budget` per member,
/// `card_cap` per card (`null` removes the cap). Votes already cast stay; members can
/// always take votes back. Announced as `board_updated`.
#[utoipa::path(patch, path = "/api/v1/expeditions/{id}/boards/{board}", tag = "boards",
    operation_id = "update_board",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    request_body(content = UpdateBoard, example = json!(examples::update_board())),
    responses(
        (status = 200, description = "The board as it is now", body = BoardSummary, example = json!(examples::board_updated())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn update(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
    ApiJson(req): ApiJson<UpdateBoard>,
) -> ApiResult<Json<BoardSummary>> {
    let caller = caller.of(id)?;
    facilitator(&caller, "change a board's title or voting rules")?;
    let req = req.validate().map_err(AppError::fields)?;
    answer(
        state
            .store
            .update_board(id, board, req, caller.member.id)
            .await,
    )
    .map(Json)
}

/// Add a column (the facilitator; at most 12 per board). Announced as `column_added`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/boards/{board}/columns", tag = "boards",
    operation_id = "add_column",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    request_body(content = Column, example = json!(examples::new_column())),
    responses(
        (status = 201, description = "Added", body = Column, example = json!(examples::new_column())),
        (status = 200, description = "Added before by this same request (a retry)", body = Column, example = json!(examples::new_column())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::BoardConflict),
    ))]
pub async fn add_column(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
    ApiJson(req): ApiJson<Column>,
) -> ApiResult<(StatusCode, Json<Column>)> {
    let caller = caller.of(id)?;
    facilitator(&caller, "add columns")?;
    let column = req.validate_at("").map_err(AppError::fields)?;
    answer(
        state
            .store
            .add_column(id, board, column, caller.member.id)
            .await,
    )
    .map(made)
}

/// Rename a column or move it (a new `key`), the facilitator. Announced as `column_updated`.
#[utoipa::path(patch, path = "/api/v1/expeditions/{id}/boards/{board}/columns/{column}", tag = "boards",
    operation_id = "update_column",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("column" = ColumnId, Path, description = "Column id")),
    security(("bearer" = [])),
    request_body(content = UpdateColumn, example = json!(examples::update_column())),
    responses(
        (status = 200, description = "The column as it is now", body = Column, example = json!(examples::column_updated())),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn update_column(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, column)): ApiPath<(ExpeditionId, BoardId, ColumnId)>,
    ApiJson(req): ApiJson<UpdateColumn>,
) -> ApiResult<Json<Column>> {
    let caller = caller.of(id)?;
    facilitator(&caller, "rename or move columns")?;
    let req = req.validate().map_err(AppError::fields)?;
    answer(
        state
            .store
            .update_column(id, board, column, req, caller.member.id)
            .await,
    )
    .map(Json)
}

/// Remove a column (the facilitator). A column holding cards needs `cards_to`, another
/// column of the board, where they go after its last card (`409 conflict` without it,
/// `422 unknown_column` for a column not on this board). Announced as `column_removed`.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/boards/{board}/columns/{column}", tag = "boards",
    operation_id = "remove_column",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("column" = ColumnId, Path, description = "Column id"), RemoveColumn),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::BoardConflict),
        (status = 422, response = responses::UnknownColumn),
    ))]
pub async fn remove_column(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, column)): ApiPath<(ExpeditionId, BoardId, ColumnId)>,
    query: Result<Query<RemoveColumn>, axum::extract::rejection::QueryRejection>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?;
    facilitator(&caller, "remove columns")?;
    let Query(q) = query?;
    answer(
        state
            .store
            .remove_column(id, board, column, q.cards_to, caller.member.id)
            .await,
    )
    .map(|()| StatusCode::NO_CONTENT)
}

/// Add a card (facilitators and participants) to a column of this board, at `key`.
/// Announced as `card_added`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/boards/{board}/cards", tag = "boards",
    operation_id = "add_card",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    request_body(content = NewCard, example = json!(examples::new_card())),
    responses(
        (status = 201, description = "Added", body = Card, example = json!(examples::card_added())),
        (status = 200, description = "Added before by this same request (a retry)", body = Card, example = json!(examples::card_added())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::BoardConflictOrLocked),
    ))]
pub async fn add_card(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
    ApiJson(req): ApiJson<NewCard>,
) -> ApiResult<(StatusCode, Json<Card>)> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    let card = req.validate_at("").map_err(AppError::fields)?;
    answer(
        state
            .store
            .add_card(id, board, card, caller.member.id)
            .await,
    )
    .map(made)
}

/// Replace a card's content (the facilitator or whoever added it). Announced as
/// `card_updated`.
#[utoipa::path(patch, path = "/api/v1/expeditions/{id}/boards/{board}/cards/{card}", tag = "boards",
    operation_id = "update_card",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("card" = CardId, Path, description = "Card id")),
    security(("bearer" = [])),
    request_body(content = CardContent, example = json!(examples::card_content())),
    responses(
        (status = 200, description = "The card as it is now", body = Card, example = json!(examples::card_updated())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Locked),
    ))]
pub async fn update_card(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, card)): ApiPath<(ExpeditionId, BoardId, CardId)>,
    ApiJson(req): ApiJson<CardContent>,
) -> ApiResult<Json<Card>> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    let content = req.validate().map_err(AppError::fields)?;
    let f = caller.member.role == Role::Facilitator;
    answer(
        state
            .store
            .update_card(id, board, card, content, caller.member.id, f)
            .await,
    )
    .map(Json)
}

/// Remove a card with its votes and comments (the facilitator or whoever added it).
/// Announced as `card_removed`.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/boards/{board}/cards/{card}", tag = "boards",
    operation_id = "remove_card",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("card" = CardId, Path, description = "Card id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Locked),
    ))]
pub async fn remove_card(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, card)): ApiPath<(ExpeditionId, BoardId, CardId)>,
) -> ApiResult<StatusCode> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    let f = caller.member.role == Role::Facilitator;
    answer(
        state
            .store
            .remove_card(id, board, card, caller.member.id, f)
            .await,
    )
    .map(|()| StatusCode::NO_CONTENT)
}

/// Move a card to a column of the same board at `key` (a fractional key between its new
/// neighbours' keys). Of two moves of one card, the one stored later wins everywhere. A
/// column of another board or expedition is `422 unknown_column`. Announced as
/// `card_moved` (a move to where the card is already announces nothing).
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/boards/{board}/cards/{card}/move", tag = "boards",
    operation_id = "move_card",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("card" = CardId, Path, description = "Card id")),
    security(("bearer" = [])),
    request_body(content = MoveCard, example = json!(examples::move_card())),
    responses(
        (status = 200, description = "The card where it is now", body = Card, example = json!(examples::card_moved())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Locked),
    ))]
pub async fn move_card(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, card)): ApiPath<(ExpeditionId, BoardId, CardId)>,
    ApiJson(req): ApiJson<MoveCard>,
) -> ApiResult<Json<Card>> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    req.validate().map_err(AppError::fields)?;
    answer(
        state
            .store
            .move_card(id, board, card, req, caller.member.id)
            .await,
    )
    .map(Json)
}

/// Set how many of the caller's votes are on a card (0 takes them back). The server
/// enforces the board's cap per card (`over_cap`) and the member's budget over the board
/// (`over_budget`), in one transaction. Setting rather than adding makes retries harmless.
/// Announced as `votes_set`.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/boards/{board}/cards/{card}/votes", tag = "boards",
    operation_id = "set_votes",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("card" = CardId, Path, description = "Card id")),
    security(("bearer" = [])),
    request_body(content = SetVotes, example = json!(examples::set_votes())),
    responses(
        (status = 200, description = "The caller's votes now", body = VoteResult, example = json!(examples::votes_set())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::Locked),
    ))]
pub async fn set_votes(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, card)): ApiPath<(ExpeditionId, BoardId, CardId)>,
    ApiJson(req): ApiJson<SetVotes>,
) -> ApiResult<Json<VoteResult>> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    answer(
        state
            .store
            .set_votes(id, board, card, req.count, caller.member.id)
            .await,
    )
    .map(Json)
}

/// Comment on a card (facilitators and participants). Announced as `comment_added`.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/boards/{board}/cards/{card}/comments", tag = "boards",
    operation_id = "add_comment",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id"), ("card" = CardId, Path, description = "Card id")),
    security(("bearer" = [])),
    request_body(content = NewComment, example = json!(examples::new_comment())),
    responses(
        (status = 201, description = "Added", body = Comment, example = json!(examples::comment_added())),
        (status = 200, description = "Added before by this same request (a retry)", body = Comment, example = json!(examples::comment_added())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::BoardConflictOrLocked),
    ))]
pub async fn add_comment(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board, card)): ApiPath<(ExpeditionId, BoardId, CardId)>,
    ApiJson(req): ApiJson<NewComment>,
) -> ApiResult<(StatusCode, Json<Comment>)> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    let comment = req.validate().map_err(AppError::fields)?;
    answer(
        state
            .store
            .add_comment(id, board, card, comment, caller.member.id)
            .await,
    )
    .map(made)
}

/// Add columns and cards at once (an import: up to 500 cards a request, in a body of up to
/// 2 MiB instead of the 64 KiB of other bodies), all or nothing.
/// Every row is checked (`errors` names `cards[i].field`); rows stored before with the
/// same body are skipped, so a retried import adds nothing twice. Announced as one
/// `imported` event.
#[utoipa::path(post, path = "/api/v1/expeditions/{id}/boards/{board}/import", tag = "boards",
    operation_id = "import_cards",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    request_body(content = ImportCards, example = json!(examples::import_cards())),
    responses(
        (status = 200, description = "What was added", body = ImportResult, example = json!(examples::imported())),
        (status = 403, response = responses::Forbidden),
        (status = 409, response = responses::BoardConflictOrLocked),
    ))]
pub async fn import(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
    ApiJson(req): ApiJson<ImportCards>,
) -> ApiResult<Json<ImportResult>> {
    let caller = caller.of(id)?.require_writer()?;
    super::facilitation::board_writable(&state, &caller, id, board)?;
    let req = req.validate().map_err(AppError::fields)?;
    answer(
        state
            .store
            .import_cards(id, board, req, caller.member.id)
            .await,
    )
    .map(Json)
}
