//! Board changes on the event stream (SSE `event: board`), and how a board snapshot folds
//! them. The server numbers every change in the expedition's sequence; every client applies
//! them in that order, so a card two members moved at once ends where the later move put it,
//! everywhere.

use serde::{Deserialize, Serialize};

use super::{BoardId, BoardSnapshot, BoardSummary, Card, CardId, Column, ColumnId, Comment, Vote};
use crate::{MemberId, UnixMillis};

/// One change of one board, numbered in the expedition's sequence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BoardEvent {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    pub board_id: BoardId,
    pub by: MemberId,
    pub change: BoardChange,
}

/// A card's new place, when a removed column's cards move elsewhere.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardPlace {
    pub card_id: CardId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::FracKey))]
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum BoardChange {
    /// A new board, with its first columns.
    BoardCreated {
        board: BoardSummary,
        columns: Vec<Column>,
    },
    /// Its title or voting rules changed.
    BoardUpdated {
        board: BoardSummary,
    },
    ColumnAdded {
        column: Column,
    },
    /// Renamed or moved.
    ColumnUpdated {
        column: Column,
    },
    /// Gone; its cards moved to `cards_to` at `places` (none when it was empty).
    ColumnRemoved {
        column_id: ColumnId,
        #[serde(default, skip_serializing_if = "Option::is_none")]
        cards_to: Option<ColumnId>,
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        places: Vec<CardPlace>,
    },
    CardAdded {
        card: Card,
    },
    /// Its content changed (the whole card as it is now).
    CardUpdated {
        card: Card,
    },
    CardMoved {
        card_id: CardId,
        column_id: ColumnId,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::FracKey))]
        key: String,
    },
    /// Gone, with its votes and comments.
    CardRemoved {
        card_id: CardId,
    },
    /// A member's votes on a card are now `count` (0: none).
    VotesSet {
        card_id: CardId,
        member_id: MemberId,
        count: u32,
    },
    CommentAdded {
        comment: Comment,
    },
    /// Columns and cards added at once.
    Imported {
        columns: Vec<Column>,
        cards: Vec<Card>,
    },
}

fn sort_columns(columns: &mut [Column]) {
    columns.sort_by(|a, b| a.key.cmp(&b.key).then(a.id.cmp(&b.id)));
}

fn sort_cards(cards: &mut [Card]) {
    cards.sort_by(|a, b| a.key.cmp(&b.key).then(a.id.cmp(&b.id)));
}

impl BoardSnapshot {
    /// Folds one event of this board. Events at or before `last_seq` (replays), and of
    /// other boards, are ignored. Returns whether anything changed.
    pub fn apply(&mut self, event: &BoardEvent) -> bool {
        if event.seq <= self.last_seq || event.board_id != self.board.id {
            return false;
        }
        self.last_seq = event.seq;
        self.fold(&event.change)
    }

    /// Folds one change without looking at sequence numbers: for a change this client made
    /// and the server confirmed, shown before its event arrives (the event then changes
    /// nothing, or puts back what a later change of someone else's says).
    pub fn fold(&mut self, change: &BoardChange) -> bool {
        match change {
            BoardChange::BoardCreated { .. } => return false,
            BoardChange::BoardUpdated { board } => {
                self.board = BoardSummary {
                    card_count: self.board.card_count,
                    ..board.clone()
                }
            }
            BoardChange::ColumnAdded { column } => {
                if self.columns.iter().any(|c| c.id == column.id) {
                    return false;
                }
                self.columns.push(column.clone());
                sort_columns(&mut self.columns);
            }
            BoardChange::ColumnUpdated { column } => {
                let Some(c) = self.columns.iter_mut().find(|c| c.id == column.id) else {
                    return false;
                };
                *c = column.clone();
                sort_columns(&mut self.columns);
            }
            BoardChange::ColumnRemoved {
                column_id,
                cards_to,
                places,
            } => {
                self.columns.retain(|c| c.id != *column_id);
                for card in self.cards.iter_mut().filter(|c| c.column_id == *column_id) {
                    if let (Some(to), Some(p)) =
                        (cards_to, places.iter().find(|p| p.card_id == card.id))
                    {
                        card.column_id = *to;
                        card.key.clone_from(&p.key);
                    }
                }
                let gone: Vec<CardId> = self
                    .cards
                    .iter()
                    .filter(|c| c.column_id == *column_id)
                    .map(|c| c.id)
                    .collect();
                self.drop_cards(&gone);
                sort_cards(&mut self.cards);
            }
            BoardChange::CardAdded { card } => {
                if self.cards.iter().any(|c| c.id == card.id) {
                    return false;
                }
                self.cards.push(card.clone());
                sort_cards(&mut self.cards);
            }
            BoardChange::CardUpdated { card } => {
                let Some(c) = self.cards.iter_mut().find(|c| c.id == card.id) else {
                    return false;
                };
                *c = card.clone();
                sort_cards(&mut self.cards);
            }
            BoardChange::CardMoved {
                card_id,
                column_id,
                key,
            } => {
                let Some(c) = self.cards.iter_mut().find(|c| c.id == *card_id) else {
                    return false;
                };
                c.column_id = *column_id;
                c.key.clone_from(key);
                sort_cards(&mut self.cards);
            }
            BoardChange::CardRemoved { card_id } => self.drop_cards(&[*card_id]),
            BoardChange::VotesSet {
                card_id,
                member_id,
                count,
            } => {
                self.votes
                    .retain(|v| !(v.card_id == *card_id && v.member_id == *member_id));
                if *count > 0 {
                    self.votes.push(Vote {
                        card_id: *card_id,
                        member_id: *member_id,
                        count: *count,
                    });
                }
            }
            BoardChange::CommentAdded { comment } => {
                if self.comments.iter().any(|c| c.id == comment.id) {
                    return false;
                }
                self.comments.push(comment.clone());
            }
            BoardChange::Imported { columns, cards } => {
                for c in columns {
                    if !self.columns.iter().any(|x| x.id == c.id) {
                        self.columns.push(c.clone());
                    }
                }
                for c in cards {
                    if !self.cards.iter().any(|x| x.id == c.id) {
                        self.cards.push(c.clone());
                    }
                }
                sort_columns(&mut self.columns);
                sort_cards(&mut self.cards);
            }
        }
        self.board.card_count = u32::try_from(self.cards.len()).unwrap_or(u32::MAX);
        true
    }

    fn drop_cards(&mut self, ids: &[CardId]) {
        self.cards.retain(|c| !ids.contains(&c.id));
        self.votes.retain(|v| !ids.contains(&v.card_id));
        self.comments.retain(|c| !ids.contains(&c.card_id));
    }

    /// The cards of a column, in order.
    pub fn column_cards(&self, column: ColumnId) -> impl Iterator<Item = &Card> + '_ {
        self.cards.iter().filter(move |c| c.column_id == column)
    }

    /// Everyone's votes on a card.
    pub fn total_votes(&self, card: CardId) -> u32 {
        self.votes
            .iter()
            .filter(|v| v.card_id == card)
            .map(|v| v.count)
            .sum()
    }

    /// A member's votes: on one card, and on the whole board.
    pub fn votes_of(&self, member: MemberId, card: CardId) -> (u32, u32) {
        let mine = self.votes.iter().filter(|v| v.member_id == member);
        let (on_card, all) = mine.fold((0, 0), |(c, a), v| {
            (c + if v.card_id == card { v.count } else { 0 }, a + v.count)
        });
        (on_card, all)
    }
}

impl super::BoardListing {
    /// Folds a board event into the list: new boards and changed titles or rules.
    pub fn apply(&mut self, event: &BoardEvent) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
        match &event.change {
            BoardChange::BoardCreated { board, .. } => {
                if self.boards.iter().any(|b| b.id == board.id) {
                    return false;
                }
                self.boards.push(board.clone());
            }
            BoardChange::BoardUpdated { board } => {
                let Some(b) = self.boards.iter_mut().find(|b| b.id == board.id) else {
                    return false;
                };
                *b = BoardSummary {
                    card_count: b.card_count,
                    ..board.clone()
                };
            }
            _ => return false,
        }
        true
    }
}
