//! The bodies of the board endpoints, with their checks.

use serde::{Deserialize, Serialize};

use super::card::key_error;
use super::{
    BoardId, Card, CardId, ColumnId, CommentId, MAX_COLUMNS, MAX_IMPORT_CARDS, MAX_VOTE_BUDGET,
    NewCard,
};
use crate::problem::FieldCode;
use crate::text::{ColumnTitle, CommentText};
use crate::{FieldError, MemberId, Title, UnixMillis};

/// A column of a board.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Column {
    pub id: ColumnId,
    #[cfg_attr(feature = "openapi", schema(value_type = ColumnTitle))]
    pub title: String,
    /// Its place on the board: columns sort by key, then by id.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::FracKey))]
    pub key: String,
}

impl Column {
    pub fn validate_at(&self, prefix: &str) -> Result<Column, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = ColumnTitle::parse(&self.title)
            .map_err(|e| errors.push(FieldError::text(&format!("{prefix}title"), e)))
            .ok();
        errors.extend(key_error(&format!("{prefix}key"), &self.key));
        match title {
            Some(t) if errors.is_empty() => Ok(Column {
                title: t.into_inner(),
                ..self.clone()
            }),
            _ => Err(errors),
        }
    }
}

/// A board in a list, with its voting rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardSummary {
    pub id: BoardId,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    pub created_by: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub created_at: UnixMillis,
    /// Votes each member may spend on this board.
    #[cfg_attr(feature = "openapi", schema(maximum = 99))]
    pub vote_budget: u32,
    /// Most votes one member may put on one card; absent: the whole budget.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub card_cap: Option<u32>,
    #[serde(default)]
    pub card_count: u32,
}

impl BoardSummary {
    /// The most votes one member may put on one card.
    pub fn per_card(&self) -> u32 {
        self.card_cap
            .unwrap_or(self.vote_budget)
            .min(self.vote_budget)
    }
}

/// A member's votes on a card.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Vote {
    pub card_id: CardId,
    pub member_id: MemberId,
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 99))]
    pub count: u32,
}

/// A comment on a card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Comment {
    pub id: CommentId,
    pub card_id: CardId,
    pub author: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = CommentText))]
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
}

/// A whole board as of `last_seq`: continue with the event stream from there.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardSnapshot {
    pub board: BoardSummary,
    /// In board order.
    pub columns: Vec<Column>,
    /// In column order (by key, then id).
    pub cards: Vec<Card>,
    /// Every member's votes, by card.
    pub votes: Vec<Vote>,
    /// Oldest first.
    pub comments: Vec<Comment>,
    /// Where canvas stickies cite the board's cards (read when the snapshot is made; not
    /// followed live).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<CardCitation>,
    /// The circle-3 learnings the board's cards were made from (`Card::from_learning`), as
    /// they are titled now; one hidden or deleted since is left out.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub learnings: Vec<CardLearning>,
    pub last_seq: u64,
}

/// A learning a card was made from, with its title (the card links back to it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardLearning {
    pub id: crate::LearningId,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
}

/// A canvas sticky that cites a card: the trace from an innovation to what the lab made of
/// it ("adapted on City Education Model → Pilot initiatives").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardCitation {
    pub card_id: CardId,
    pub canvas_id: crate::canvas::CanvasId,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub canvas_title: String,
    /// The section key of the citing sticky, if it is in one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::SectionKey>))]
    pub section: Option<String>,
    pub sticky_id: crate::canvas::StickyId,
}

/// `GET …/boards`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardListing {
    pub boards: Vec<BoardSummary>,
    pub last_seq: u64,
}

/// `POST …/boards`: a new board with a client-made id; without `columns` it starts with
/// Discovered → Exploring → Adapting for our city → Piloting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateBoard {
    pub id: BoardId,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    /// Its first columns (a client sends the default ones in its member's language).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(max_items = 12))]
    pub columns: Option<Vec<Column>>,
}

impl CreateBoard {
    pub fn validate(&self) -> Result<CreateBoard, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = Title::parse(&self.title)
            .map_err(|e| errors.push(FieldError::text("title", e)))
            .ok();
        let columns = self.columns.as_ref().map(|cols| {
            if cols.len() > MAX_COLUMNS {
                errors.push(too_many("columns", MAX_COLUMNS));
            }
            cols.iter()
                .enumerate()
                .filter_map(|(i, c)| {
                    c.validate_at(&format!("columns[{i}]."))
                        .map_err(|e| errors.extend(e))
                        .ok()
                })
                .collect::<Vec<_>>()
        });
        if let Some(cols) = &columns {
            duplicates(cols.iter().map(|c| c.id), "columns", &mut errors);
        }
        match title {
            Some(t) if errors.is_empty() => Ok(CreateBoard {
                id: self.id,
                title: t.into_inner(),
                columns,
            }),
            _ => Err(errors),
        }
    }
}

fn too_many(field: &str, max: usize) -> FieldError {
    FieldError::new(field, FieldCode::TooLong, format!("at most {max} items")).with_max(max)
}

fn duplicates<T: PartialEq>(
    ids: impl Iterator<Item = T>,
    field: &str,
    errors: &mut Vec<FieldError>,
) {
    let ids: Vec<T> = ids.collect();
    for (i, id) in ids.iter().enumerate() {
        if ids[..i].contains(id) {
            errors.push(FieldError::new(
                &format!("{field}[{i}]"),
                FieldCode::Duplicate,
                "the same id twice",
            ));
        }
    }
}

/// `PATCH …/boards/{board}` (the facilitator): fields left out stay.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateBoard {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Title>))]
    pub title: Option<String>,
    #[serde(
        default,
        deserialize_with = "crate::whole::option_u32",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(maximum = 99))]
    pub vote_budget: Option<u32>,
    /// A number sets the cap per card, `null` removes it.
    #[serde(
        default,
        deserialize_with = "crate::whole::double_option_u32",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<u32>, minimum = 1, maximum = 99))]
    pub card_cap: Option<Option<u32>>,
}

impl UpdateBoard {
    pub fn validate(&self) -> Result<UpdateBoard, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = match &self.title {
            Some(t) => Title::parse(t)
                .map_err(|e| errors.push(FieldError::text("title", e)))
                .ok()
                .map(Title::into_inner),
            None => None,
        };
        if self.vote_budget.is_some_and(|b| b > MAX_VOTE_BUDGET) {
            errors.push(over("vote_budget", MAX_VOTE_BUDGET));
        }
        if let Some(Some(cap)) = self.card_cap
            && !(1..=MAX_VOTE_BUDGET).contains(&cap)
        {
            errors.push(over("card_cap", MAX_VOTE_BUDGET));
        }
        if errors.is_empty() {
            Ok(UpdateBoard {
                title,
                ..self.clone()
            })
        } else {
            Err(errors)
        }
    }
}

fn over(field: &str, max: u32) -> FieldError {
    FieldError::new(
        field,
        FieldCode::TooLong,
        format!("must be between 1 and {max}"),
    )
    .with_max(max as usize)
}

/// `PATCH …/columns/{column}`: rename or move a column (the facilitator).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateColumn {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ColumnTitle>))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::FracKey>))]
    pub key: Option<String>,
}

impl UpdateColumn {
    pub fn validate(&self) -> Result<UpdateColumn, Vec<FieldError>> {
        let mut errors = Vec::new();
        let title = match &self.title {
            Some(t) => ColumnTitle::parse(t)
                .map_err(|e| errors.push(FieldError::text("title", e)))
                .ok()
                .map(ColumnTitle::into_inner),
            None => None,
        };
        if let Some(k) = &self.key {
            errors.extend(key_error("key", k));
        }
        if errors.is_empty() {
            Ok(UpdateColumn {
                title,
                key: self.key.clone(),
            })
        } else {
            Err(errors)
        }
    }
}

/// `DELETE …/columns/{column}?cards_to=`: where the column's cards go (required when it
/// holds any).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams), into_params(parameter_in = Query))]
pub struct RemoveColumn {
    /// Another column of the same board; the cards go after its last card, in their order.
    #[serde(default)]
    pub cards_to: Option<ColumnId>,
}

/// `POST …/cards/{card}/move`: the card's new column and place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MoveCard {
    pub column_id: ColumnId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::FracKey))]
    pub key: String,
}

impl MoveCard {
    pub fn validate(&self) -> Result<(), Vec<FieldError>> {
        match key_error("key", &self.key) {
            Some(e) => Err(vec![e]),
            None => Ok(()),
        }
    }
}

/// `PUT …/cards/{card}/votes`: how many of the caller's votes are on the card (0 takes
/// them back). Setting a count, not adding to it, makes a retry harmless.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetVotes {
    #[serde(deserialize_with = "crate::whole::u32")]
    #[cfg_attr(feature = "openapi", schema(maximum = 99))]
    pub count: u32,
}

/// The caller's votes after a `SetVotes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VoteResult {
    pub card_id: CardId,
    /// The caller's votes on the card.
    pub count: u32,
    /// Everyone's votes on the card.
    pub total: u32,
    /// The caller's votes left on the board.
    pub remaining: u32,
}

/// `POST …/cards/{card}/comments`: a comment with a client-made id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewComment {
    pub id: CommentId,
    #[cfg_attr(feature = "openapi", schema(value_type = CommentText))]
    pub text: String,
}

impl NewComment {
    pub fn validate(&self) -> Result<NewComment, Vec<FieldError>> {
        CommentText::parse(&self.text)
            .map(|t| NewComment {
                id: self.id,
                text: t.into_inner(),
            })
            .map_err(|e| vec![FieldError::text("text", e)])
    }
}

/// `POST …/boards/{board}/import`: columns to add and cards to add, all or nothing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportCards {
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(max_items = 12))]
    pub columns: Vec<Column>,
    #[cfg_attr(feature = "openapi", schema(max_items = 500))]
    pub cards: Vec<NewCard>,
}

impl ImportCards {
    pub fn validate(&self) -> Result<ImportCards, Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.columns.len() > MAX_COLUMNS {
            errors.push(too_many("columns", MAX_COLUMNS));
        }
        if self.cards.is_empty() && self.columns.is_empty() || self.cards.len() > MAX_IMPORT_CARDS {
            errors.push(
                FieldError::new(
                    "cards",
                    FieldCode::BatchSize,
                    format!("send between 1 and {MAX_IMPORT_CARDS} cards"),
                )
                .with_max(MAX_IMPORT_CARDS),
            );
        }
        let columns: Vec<Column> = self
            .columns
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.validate_at(&format!("columns[{i}]."))
                    .map_err(|e| errors.extend(e))
                    .ok()
            })
            .collect();
        let cards: Vec<NewCard> = self
            .cards
            .iter()
            .enumerate()
            .filter_map(|(i, c)| {
                c.validate_at(&format!("cards[{i}]."))
                    .map_err(|e| errors.extend(e))
                    .ok()
            })
            .collect();
        duplicates(self.columns.iter().map(|c| c.id), "columns", &mut errors);
        duplicates(self.cards.iter().map(|c| c.id), "cards", &mut errors);
        if errors.is_empty() {
            Ok(ImportCards { columns, cards })
        } else {
            Err(errors)
        }
    }
}

/// What an import added (a retried import adds nothing again).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ImportResult {
    pub columns: u32,
    pub cards: u32,
}
