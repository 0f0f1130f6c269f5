//! `/expeditions/{id}/citables`: what a canvas sticky may cite (the expedition's learnings
//! and board cards), for the canvas's citation picker and chips.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use hevruta_model::{CitableCard, CitableLearning, Citables, ExpeditionId};

use super::error::ApiResult;
use super::extract::{ApiPath, Caller};
use super::{board_examples, examples};
use crate::AppState;

pub fn router() -> Router<AppState> {
    Router::new().route("/expeditions/{id}/citables", get(list))
}

/// Noa's learning from Espoo (circle 3) and the card on Yael's board.
pub(super) fn example() -> Citables {
    let learning = examples::learning();
    let board = board_examples::board_snapshot();
    Citables {
        learnings: vec![CitableLearning {
            id: learning.id,
            circle: learning.circle,
            title: learning.title,
        }],
        cards: board
            .cards
            .into_iter()
            .map(|c| CitableCard {
                id: c.id,
                board_id: board.board.id,
                board_title: board.board.title.clone(),
                title: c.content.title,
            })
            .collect(),
    }
}

/// What a sticky of this expedition may cite (`set_citation` ops naming anything else
/// answer 422 `unknown_citation`): learnings not hidden by the facilitator, circle 3
/// first, then oldest first; the cards of every board, by board, in board order, each
/// with its board. Titles only: open the learnings or the board for the rest.
#[utoipa::path(get, path = "/api/v1/expeditions/{id}/citables", tag = "canvases",
    operation_id = "list_citables",
    params(("id" = ExpeditionId, Path, description = "Expedition id")), security(("bearer" = [])),
    responses((status = 200, description = "What a sticky may cite", body = Citables,
        example = json!(example()))))]
pub async fn list(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<ExpeditionId>,
) -> ApiResult<Json<Citables>> {
    caller.of(id)?;
    Ok(Json(state.store.citables(id).await?))
}
