//! Long columns are rendered in part: the first cards of each column (and of the grid),
//! more as the page scrolls near the end of what is rendered, and a "Show more" button
//! for anyone who would rather ask. What is rendered only grows, so a card never leaves the
//! page under the member's focus; a card a move takes past the rendered part is revealed
//! first, so keyboard moves, "Move to…" and their announcements work on any card.

use hevruta_model::board::{BoardSnapshot, CardId, ColumnId};
use leptos::ev;
use leptos::prelude::*;

/// Cards of a column rendered at first: what a projector shows (more follow at once when
/// the end of them is still within `MARGIN` of the viewport).
pub const FIRST: usize = 8;
/// Cards added each time the end of the rendered part comes near.
pub const MORE: usize = 24;
/// How near (px below the viewport) the end of a column may come before more is rendered.
const MARGIN: f64 = 900.0;

/// The rendered part of every column (`Some(column)`) and of the grid (`None`).
#[derive(Clone, Copy)]
pub struct Windows {
    ends: StoredValue<Vec<(Option<ColumnId>, RwSignal<usize>)>>,
    checking: StoredValue<bool>,
}

/// The DOM id of the "Show more" button of a column (`None`: the grid).
pub fn more_dom_id(column: Option<ColumnId>) -> String {
    column.map_or_else(|| "more-grid".into(), |c| format!("more-{c}"))
}

impl Windows {
    /// Makes the windows and renders more of them as the page scrolls or resizes.
    pub fn new() -> Windows {
        let w = Windows {
            ends: StoredValue::new(Vec::new()),
            checking: StoredValue::new(false),
        };
        let on_scroll = window_event_listener(ev::scroll, move |_| w.check_soon());
        let on_resize = window_event_listener(ev::resize, move |_| w.check_soon());
        on_cleanup(move || {
            on_scroll.remove();
            on_resize.remove();
        });
        w
    }

    /// How many cards of `column` are rendered.
    pub fn end(self, column: Option<ColumnId>) -> RwSignal<usize> {
        if let Some(end) = self
            .ends
            .with_value(|e| e.iter().find(|(c, _)| *c == column).map(|(_, n)| *n))
        {
            return end;
        }
        let end = RwSignal::new(FIRST);
        self.ends.update_value(|e| e.push((column, end)));
        end
    }

    /// Renders `MORE` cards more of `column`.
    pub fn grow(self, column: Option<ColumnId>) {
        self.end(column).update(|n| *n += MORE);
        self.check_soon();
    }

    /// Makes sure `card` is rendered where it is now (in its column and in the grid).
    pub fn reveal(self, board: &BoardSnapshot, card: CardId) {
        let Some(c) = board.cards.iter().find(|c| c.id == card) else {
            return;
        };
        let in_column = board
            .column_cards(c.column_id)
            .position(|x| x.id == card)
            .unwrap_or(0);
        let in_grid = board
            .columns
            .iter()
            .flat_map(|col| board.column_cards(col.id))
            .position(|x| x.id == card)
            .unwrap_or(0);
        for (column, at) in [(Some(c.column_id), in_column), (None, in_grid)] {
            let end = self.end(column);
            if end.get_untracked() <= at {
                end.set(at + 1 + MORE / 2);
            }
        }
    }

    /// Checks on the next frame whether the end of a rendered part is near the viewport.
    pub fn check_soon(self) {
        if self.checking.get_value() {
            return;
        }
        self.checking.set_value(true);
        request_animation_frame(move || {
            let _ = self.checking.try_set_value(false);
            self.check();
        });
    }

    fn check(self) {
        let Some(view) = window().inner_height().ok().and_then(|h| h.as_f64()) else {
            return;
        };
        let Some(ends) = self.ends.try_get_value() else {
            return;
        };
        let mut grew = false;
        for (column, end) in ends {
            let Some(more) = document().get_element_by_id(&more_dom_id(column)) else {
                continue;
            };
            if more.get_bounding_client_rect().top() < view + MARGIN {
                end.update(|n| *n += MORE);
                grew = true;
            }
        }
        if grew {
            self.check_soon();
        }
    }
}
