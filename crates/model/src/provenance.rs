//! Provenance: what a canvas sticky can cite (the expedition's learnings and board cards,
//! with just enough to pick and name them) and where a learning is cited.

use serde::{Deserialize, Serialize};

use crate::board::{BoardId, CardId};
use crate::canvas::{CanvasId, StickyId};
use crate::learning::{Circle, LearningId};

/// `GET /expeditions/{id}/citables`: everything of the expedition a sticky may cite.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Citables {
    /// Learnings not hidden by the facilitator, circle 3 first, then oldest first.
    pub learnings: Vec<CitableLearning>,
    /// Cards of every board, by board (oldest first), then in board order.
    pub cards: Vec<CitableCard>,
}

/// A learning as a citation picker lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitableLearning {
    pub id: LearningId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::CircleNumber))]
    pub circle: Circle,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::Title))]
    pub title: String,
}

/// A board card as a citation picker lists it, with the board it is on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CitableCard {
    pub id: CardId,
    pub board_id: BoardId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::Title))]
    pub board_title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::Title))]
    pub title: String,
}

impl Citables {
    /// The cited item's title, and for a card its board; `None` if it is not (or no
    /// longer) in this expedition.
    pub fn find(&self, citation: crate::canvas::Citation) -> Option<(&str, Option<BoardId>)> {
        match citation {
            crate::canvas::Citation::Learning(id) => self
                .learnings
                .iter()
                .find(|l| l.id.0 == id)
                .map(|l| (l.title.as_str(), None)),
            crate::canvas::Citation::Card(id) => self
                .cards
                .iter()
                .find(|c| c.id.0 == id)
                .map(|c| (c.title.as_str(), Some(c.board_id))),
        }
    }
}

/// A visible canvas sticky that cites a learning: the way back from an insight to what
/// the lab made of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearningCitation {
    pub learning_id: LearningId,
    pub canvas_id: CanvasId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::Title))]
    pub canvas_title: String,
    /// The section key of the citing sticky, if it is in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::SectionKey>))]
    pub section: Option<String>,
    pub sticky_id: StickyId,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::canvas::Citation;
    use uuid::Uuid;

    #[test]
    fn find_names_a_listed_item_and_nothing_else() {
        let card = Uuid::from_u128(7);
        let board = BoardId(Uuid::from_u128(8));
        let list = Citables {
            learnings: vec![CitableLearning {
                id: LearningId(Uuid::from_u128(1)),
                circle: Circle::Global,
                title: "Espoo".into(),
            }],
            cards: vec![CitableCard {
                id: CardId(card),
                board_id: board,
                board_title: "Innovations".into(),
                title: "Playful learning".into(),
            }],
        };
        assert_eq!(
            list.find(Citation::Learning(Uuid::from_u128(1))),
            Some(("Espoo", None))
        );
        assert_eq!(
            list.find(Citation::Card(card)),
            Some(("Playful learning", Some(board)))
        );
        // A learning id is not a card id, even when equal.
        assert_eq!(list.find(Citation::Card(Uuid::from_u128(1))), None);
        assert_eq!(list.find(Citation::Learning(Uuid::from_u128(9))), None);
    }
}
