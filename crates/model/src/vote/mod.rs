//! Voting rounds: the facilitator opens a round of dot voting on a canvas (its stickies are
//! the items) or a board (its cards), members place dots within a budget and a cap per item,
//! and nobody sees anyone else's dots, nor any tally, until the facilitator reveals the
//! round. Revealing ends it and keeps its ranked results as a stored snapshot; an anonymous
//! round's snapshot never says who voted for what.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::board::BoardId;
use crate::canvas::CanvasId;
use crate::problem::FieldCode;
use crate::{FieldError, MemberId, UnixMillis};

mod export;
mod rank;

pub use export::{csv, markdown};
pub use rank::{Tally, rank};

/// SSE `event:` name of a round's public state (`RoundEvent`), stored and numbered.
pub const SSE_ROUND: &str = "round";
/// Most dots a member may get in one round.
pub const MAX_ROUND_BUDGET: u32 = 100;
/// Longest label an item keeps in a result (a sticky's text, a card's title), in characters.
pub const MAX_LABEL_CHARS: usize = 2000;

id_type!(
    /// Identifies a voting round; made by the server.
    RoundId
);

/// What a round is held on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundOn {
    /// A canvas: the items are its stickies.
    Canvas(CanvasId),
    /// A board: the items are its cards.
    Board(BoardId),
}

impl RoundOn {
    /// The canvas's or board's id.
    pub fn id(self) -> Uuid {
        match self {
            RoundOn::Canvas(c) => c.0,
            RoundOn::Board(b) => b.0,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RoundStatus {
    /// Members are voting; nobody sees a tally.
    Open,
    /// Ended by the reveal: its results are public.
    Revealed,
    /// Ended by the facilitator without results; its dots are gone.
    Cancelled,
}

/// A round's public facts: what anyone of the expedition may know at any time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Round {
    pub id: RoundId,
    pub on: RoundOn,
    /// Dots each member may place, 1 to 100.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub budget: u32,
    /// Most dots one member may place on one item; `null`: up to the budget.
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub cap: Option<u32>,
    /// Whether the results leave out who voted for what.
    pub anonymous: bool,
    pub status: RoundStatus,
    /// How many members have at least one dot placed (while open), or had at the reveal.
    pub voters: u32,
    pub opened_by: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub opened_at: UnixMillis,
    /// When it was revealed or cancelled.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::UnixMillis>))]
    pub closed_at: Option<UnixMillis>,
}

impl Round {
    /// The most dots one member may place on one item.
    pub fn per_item(&self) -> u32 {
        self.cap.unwrap_or(self.budget).min(self.budget)
    }
}

/// `POST /expeditions/{id}/rounds` (the facilitator).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartRound {
    pub on: RoundOn,
    /// 1 to 100.
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub budget: u32,
    /// 1 to the budget; absent or `null`: no cap.
    #[serde(default, deserialize_with = "crate::whole::option_u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub cap: Option<u32>,
    /// Chosen per round; absent: named.
    #[serde(default)]
    pub anonymous: bool,
}

impl StartRound {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if !(1..=MAX_ROUND_BUDGET).contains(&self.budget) {
            errors.push(
                FieldError::new(
                    "budget",
                    FieldCode::TooMany,
                    format!("from 1 to {MAX_ROUND_BUDGET} dots"),
                )
                .with_max(MAX_ROUND_BUDGET as usize),
            );
        }
        if let Some(cap) = self.cap
            && (cap == 0 || cap > self.budget.clamp(1, MAX_ROUND_BUDGET))
        {
            errors.push(
                FieldError::new("cap", FieldCode::OverBudget, "from 1 to the budget")
                    .with_max(self.budget.clamp(1, MAX_ROUND_BUDGET) as usize),
            );
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

/// `PUT /expeditions/{id}/rounds/{round}/votes`: how many of the caller's dots are on one
/// item (0 takes them back). Setting rather than adding makes a retry harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetDots {
    /// A sticky of the round's canvas or a card of its board.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub item: Uuid,
    /// 0 to the round's cap (or budget).
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub dots: u32,
}

/// Some of the caller's dots on one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyDots {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub item: Uuid,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 100))]
    pub dots: u32,
}

/// A round as the caller sees it: its public facts, the caller's own dots while it is open,
/// and the results once revealed. Never anyone else's dots, never a tally before the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundView {
    pub round: Round,
    /// The caller's dots (open rounds only; empty once it ended).
    pub mine: Vec<MyDots>,
    /// Dots the caller has left to place (0 once it ended).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 100))]
    pub remaining: u32,
    /// Revealed rounds only.
    pub results: Option<RoundResults>,
}

/// A revealed round's results, as stored at the reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundResults {
    /// Members who placed at least one dot.
    pub voters: u32,
    /// Every dot placed.
    pub dots: u32,
    /// Items with at least one dot, most dots first; items with as many dots share a rank
    /// and keep a fixed order among themselves (by label, then id).
    pub items: Vec<RankedItem>,
}

/// One item of the results.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RankedItem {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub item: Uuid,
    /// 1 for the most dots; ties share one (1, 1, 3).
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub rank: u32,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub dots: u32,
    /// The sticky's text or the card's title at the reveal (empty if it was deleted since).
    #[cfg_attr(feature = "openapi", schema(max_length = 2000))]
    pub label: String,
    /// Named rounds: who placed dots here, most first. Anonymous rounds: `null`.
    pub voters: Option<Vec<Voter>>,
}

/// A member's dots on one item of a named round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Voter {
    pub member: MemberId,
    /// Their display name at the reveal.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DisplayName))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(minimum = 1))]
    pub dots: u32,
}

/// `GET /expeditions/{id}/rounds`: every round of the expedition, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundListing {
    pub rounds: Vec<Round>,
    /// The expedition's sequence number this listing is current as of.
    pub last_seq: u64,
}

/// `event: round`: a round opened, its count of voters changed, or it was revealed or
/// cancelled. Only public facts; a client reads a revealed round's results with `GET`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundEvent {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    pub round: Round,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn start(budget: u32, cap: Option<u32>) -> StartRound {
        StartRound {
            on: RoundOn::Canvas(CanvasId(Uuid::nil())),
            budget,
            cap,
            anonymous: false,
        }
    }

    #[test]
    fn counts_written_as_whole_floats_are_read() {
        let round: StartRound = serde_json::from_str(
            r#"{"on": {"canvas": "00000000-0000-0000-0000-000000000000"}, "budget": 5.0, "cap": 2.0}"#,
        )
        .unwrap();
        assert_eq!((round.budget, round.cap), (5, Some(2)));
        let dots: SetDots = serde_json::from_str(
            r#"{"item": "00000000-0000-0000-0000-000000000000", "dots": 3.0}"#,
        )
        .unwrap();
        assert_eq!(dots.dots, 3);
        assert!(
            serde_json::from_str::<SetDots>(
                r#"{"item": "00000000-0000-0000-0000-000000000000", "dots": 1.5}"#
            )
            .is_err()
        );
    }

    #[test]
    fn a_budget_is_one_to_a_hundred_and_a_cap_at_most_the_budget() {
        assert!(start(5, None).validate().is_ok());
        assert!(start(5, Some(5)).validate().is_ok());
        assert!(start(0, None).validate().is_err());
        assert!(start(101, None).validate().is_err());
        let errors = start(5, Some(6)).validate().unwrap_err();
        assert_eq!(errors[0].field, "cap");
        assert!(start(5, Some(0)).validate().is_err());
    }

    #[test]
    fn the_target_is_written_as_canvas_or_board() {
        let on = RoundOn::Board(BoardId(Uuid::nil()));
        let json = serde_json::to_string(&on).unwrap();
        assert_eq!(json, r#"{"board":"00000000-0000-0000-0000-000000000000"}"#);
        let body: StartRound = serde_json::from_str(
            r#"{"on":{"canvas":"00000000-0000-0000-0000-000000000000"},"budget":3}"#,
        )
        .unwrap();
        assert_eq!(body.cap, None);
        assert!(!body.anonymous);
    }
}
