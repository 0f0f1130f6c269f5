//! `/expeditions/{id}/boards/{board}/focus`: the facilitator's spotlight on a board, a card
//! or a column the projector and the members who follow are brought to. Never stored: it
//! goes out on the event stream as `event: focus`, and a stream opened later starts with it.

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::put;
use hevruta_model::board::BoardId;
use hevruta_model::focus::{BoardFocus, FocusEvent};
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError};

use super::error::{ApiResult, AppError};
use super::extract::{ApiJson, ApiPath, Caller};
use super::facilitation::facilitator;
#[allow(unused_imports)] // used by the OpenAPI annotations only
use super::{facilitation_examples as examples, responses};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route(
        "/expeditions/{id}/boards/{board}/focus",
        put(set_focus).delete(end_focus),
    )
}

/// Spotlight a card or a column of a board for everyone (the facilitator): the projector
/// shows it large, and members who follow are scrolled to it; `bring: true` brings also
/// those who stopped following. Every stream of the expedition gets it as `event: focus`
/// at once; a stream opened later starts with it. Never stored. A card or column that is
/// not on this board (gone, another board's, another expedition's) answers 422.
#[utoipa::path(put, path = "/api/v1/expeditions/{id}/boards/{board}/focus", tag = "facilitation",
    operation_id = "set_board_focus",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    request_body(content = BoardFocus, example = json!(examples::board_focus())),
    responses(
        (status = 204, description = "Sent to everyone"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn set_focus(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
    ApiJson(focus): ApiJson<BoardFocus>,
) -> ApiResult<StatusCode> {
    let caller = facilitator(caller, id, "spotlight a card")?;
    let snapshot = state
        .store
        .board_state(id, board)
        .await?
        .ok_or_else(AppError::not_found)?;
    let card = focus
        .card
        .map(|card| snapshot.cards.iter().find(|c| c.id == card));
    let mut wrong = Vec::new();
    if card == Some(None) {
        wrong.push(FieldError::new(
            "card",
            FieldCode::UnknownItem,
            "this board has no such card",
        ));
    }
    if let Some(column) = focus.column {
        let on_board = snapshot.columns.iter().any(|c| c.id == column);
        let holds_card = card.flatten().is_none_or(|c| c.column_id == column);
        if !on_board || !holds_card {
            wrong.push(FieldError::new(
                "column",
                FieldCode::UnknownColumn,
                "this board has no such column, or the card is in another",
            ));
        }
    }
    if focus.card.is_none() && focus.column.is_none() {
        wrong.push(FieldError::new(
            "card",
            FieldCode::Required,
            "a card or a column to spotlight",
        ));
    }
    if !wrong.is_empty() {
        return Err(AppError::fields(wrong));
    }
    state.hub.set_focus(
        id,
        &FocusEvent {
            board_id: board,
            by: caller.member.id,
            focus: Some(focus),
        },
    );
    Ok(StatusCode::NO_CONTENT)
}

/// End the spotlight on a board (the facilitator): streams get `event: focus` with `focus:
/// null`, and followers stay where they are. Safe to repeat.
#[utoipa::path(delete, path = "/api/v1/expeditions/{id}/boards/{board}/focus", tag = "facilitation",
    operation_id = "end_board_focus",
    params(("id" = ExpeditionId, Path, description = "Expedition id"), ("board" = BoardId, Path, description = "Board id")),
    security(("bearer" = [])),
    responses(
        (status = 204, description = "Nothing on the board is spotlit any more"),
        (status = 403, response = responses::Forbidden),
    ))]
pub async fn end_focus(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath((id, board)): ApiPath<(ExpeditionId, BoardId)>,
) -> ApiResult<StatusCode> {
    let caller = facilitator(caller, id, "end the spotlight")?;
    state
        .store
        .board_state(id, board)
        .await?
        .ok_or_else(AppError::not_found)?;
    state.hub.set_focus(
        id,
        &FocusEvent {
            board_id: board,
            by: caller.member.id,
            focus: None,
        },
    );
    Ok(StatusCode::NO_CONTENT)
}
