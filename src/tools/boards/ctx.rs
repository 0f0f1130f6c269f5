//! What every part of a board screen shares: the live board, who is looking, the filter,
//! and the writes. A write shows its result at once (the server's answer folded in); the
//! event that follows changes nothing, or puts back what someone else did later.

use std::collections::HashMap;

use hevruta_model::board::{
    BoardChange, BoardId, BoardSnapshot, CardId, ColumnId, Filter, MoveCard,
};
use hevruta_model::{ExpeditionId, MemberId, Role};
use leptos::prelude::*;

use super::moves::{key_at, moved, position};
use super::texts::now;
use super::window::Windows;
use crate::client::ApiClient;
use crate::components::{Announcer, focus_by_id};
use crate::i18n::{I18n, fill, format_number, isolate};

/// Columns side by side, or every card in one grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    Columns,
    Grid,
}

#[derive(Clone, Copy)]
pub struct BoardCtx {
    pub expedition: ExpeditionId,
    pub board_id: BoardId,
    pub client: StoredValue<ApiClient>,
    pub board: RwSignal<BoardSnapshot>,
    pub me: MemberId,
    pub role: Role,
    pub names: Memo<HashMap<MemberId, String>>,
    pub filter: RwSignal<Filter>,
    pub layout: RwSignal<Layout>,
    pub i18n: I18n,
    pub announcer: Announcer,
    /// How much of each column is rendered.
    pub windows: Windows,
}

impl BoardCtx {
    pub fn can_write(&self) -> bool {
        self.role.can_write()
    }

    pub fn name_of(&self, member: MemberId) -> String {
        self.names
            .with_untracked(|n| n.get(&member).cloned())
            .unwrap_or_else(|| "?".into())
    }

    /// Reads the board again (after a refused write, so the screen shows the truth).
    pub fn reload(self) {
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            if let Ok(fresh) = client.board(self.expedition, self.board_id).await {
                let _ = self.board.try_update(|b| {
                    if fresh.last_seq >= b.last_seq {
                        *b = fresh;
                    }
                });
            }
        });
    }

    /// "Moved X to Y, position 2 of 5." for `card` as the board is now.
    fn moved_sentence(&self, card: CardId) -> Option<String> {
        let t = now(self.i18n);
        self.board.with_untracked(|b| {
            let (col, at, total) = position(b, card)?;
            let title = b.cards.iter().find(|c| c.id == card)?.content.title.clone();
            Some(fill(
                t.announce_moved,
                &[
                    ("card", &isolate(&title)),
                    ("column", &isolate(&b.columns[col].title)),
                    ("position", &format_number(at as i64 + 1)),
                    ("total", &format_number(total as i64)),
                ],
            ))
        })
    }

    /// Moves `card` to `index` of `column`: shown and announced at once, then sent; a
    /// refused move is announced and the board read again. `refocus` puts focus back on
    /// the card (a keyboard move).
    pub fn move_card(self, card: CardId, column: ColumnId, index: usize, refocus: bool) {
        let key = self
            .board
            .with_untracked(|b| key_at(b, card, column, index));
        let unchanged = self.board.with_untracked(|b| {
            b.cards
                .iter()
                .any(|c| c.id == card && c.column_id == column && c.key == key)
        });
        if !unchanged {
            let after = self.board.with_untracked(|b| moved(b, card, column, &key));
            self.board.set(after);
        }
        self.board.with_untracked(|b| self.windows.reveal(b, card));
        if let Some(sentence) = self.moved_sentence(card) {
            self.announcer.say(sentence);
        }
        if refocus {
            set_timeout(
                move || focus_by_id(&card_dom_id(card)),
                std::time::Duration::ZERO,
            );
        }
        if unchanged {
            return;
        }
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            let to = MoveCard {
                column_id: column,
                key,
            };
            if client
                .move_card(self.expedition, self.board_id, card, &to)
                .await
                .is_err()
            {
                let title = self.board.with_untracked(|b| {
                    b.cards
                        .iter()
                        .find(|c| c.id == card)
                        .map(|c| c.content.title.clone())
                        .unwrap_or_default()
                });
                self.announcer.say(fill(
                    now(self.i18n).announce_move_failed,
                    &[("card", &isolate(&title))],
                ));
                self.reload();
            }
        });
    }

    /// Sets this member's votes on `card`; the server has the last word on the budget.
    pub fn vote(self, card: CardId, count: u32, failed: RwSignal<Option<crate::client::ApiError>>) {
        let client = self.client.get_value();
        leptos::task::spawn_local(async move {
            match client
                .set_votes(self.expedition, self.board_id, card, count)
                .await
            {
                Ok(r) => {
                    failed.set(None);
                    self.board.update(|b| {
                        b.fold(&BoardChange::VotesSet {
                            card_id: card,
                            member_id: self.me,
                            count: r.count,
                        });
                    });
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    }
}

/// The DOM id of a card's element.
pub fn card_dom_id(card: CardId) -> String {
    format!("card-{card}")
}
