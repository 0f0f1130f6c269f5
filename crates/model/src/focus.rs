//! The facilitator's spotlight on a board: one card or one column that the projector and
//! every member who follows is brought to. Like the view of a canvas, it is never stored:
//! it lives on the server while the session runs and goes out as `event: focus`.

use serde::{Deserialize, Serialize};

use crate::MemberId;
use crate::board::{BoardId, CardId, ColumnId};

/// SSE `event:` name of a board's spotlight (`FocusEvent`), not stored: no `id:`.
pub const SSE_FOCUS: &str = "focus";

/// `PUT /expeditions/{id}/boards/{board}/focus`: what the facilitator points everyone at
/// on a board, a card or a column (at least one; with both, the card must be in it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardFocus {
    /// A card of this board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub card: Option<CardId>,
    /// A column of this board (the card's own when both are given).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<ColumnId>,
    /// "Bring everyone here": members who stopped following are brought too, once.
    #[serde(default)]
    pub bring: bool,
}

/// `event: focus`: the facilitator's spotlight on a board, or (`focus: null`) that it
/// ended. Sent to the whole expedition as it happens, and to every stream right after its
/// catch-up for each board spotlit at that moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FocusEvent {
    pub board_id: BoardId,
    /// The facilitator who spotlit it.
    pub by: MemberId,
    pub focus: Option<BoardFocus>,
}
