//! Dragging a card by its handle (pointer events: mouse, touch, pen). While it moves, only
//! the dragged card's transform changes and the column under the pointer is marked, once
//! per pointermove; near an edge of the columns (sideways) or of the window (up and down) the
//! board scrolls, and the card stays under the pointer. Escape cancels: the card goes
//! back and nothing is sent. The drop becomes an ordinary move (`BoardCtx::move_card`),
//! announced like any other.

use hevruta_model::board::{BoardSnapshot, CardId, ColumnId};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, KeyboardEvent, PointerEvent};

use super::ctx::{BoardCtx, card_dom_id};
use super::texts::now;

/// How near an edge (px) the pointer makes the board scroll, faster the nearer.
const EDGE: f64 = 56.0;
/// The fastest scroll, px per frame.
const SPEED: f64 = 22.0;

/// Where a drop puts the card: in `column`, between the rendered cards `after` and
/// `before` (the filter and the rendered part may leave others out between them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub column: ColumnId,
    pub after: Option<CardId>,
    pub before: Option<CardId>,
}

impl Place {
    /// The index among the column's other cards (as `BoardCtx::move_card` takes it).
    pub fn index(&self, board: &BoardSnapshot, card: CardId) -> usize {
        let others: Vec<CardId> = board
            .column_cards(self.column)
            .filter(|c| c.id != card)
            .map(|c| c.id)
            .collect();
        let at = |id: CardId| others.iter().position(|x| *x == id);
        match (self.before.and_then(at), self.after.and_then(at)) {
            (Some(i), _) => i,
            (None, Some(i)) => i + 1,
            (None, None) => others.len(),
        }
    }
}

/// A drag in progress.
struct Active {
    card: CardId,
    pointer: i32,
    start: (f64, f64),
    /// The pointer now.
    at: (f64, f64),
    /// Window scroll (x, y) and the columns' scroll, when the drag started.
    scroll0: (f64, f64, f64),
    /// How far the columns scroll (the card's own transform must not make them scroll
    /// further: it widens what they could scroll).
    extent: f64,
    /// Sideways and up-down scrolling start only once the pointer has been away from
    /// those edges: a drag that starts near one does not scroll at once.
    armed: (bool, bool),
    moved: bool,
    drop: Option<Place>,
}

#[derive(Clone, Copy)]
pub struct Drag {
    /// The column the dragged card would land in.
    pub target: RwSignal<Option<ColumnId>>,
    active: StoredValue<Option<Active>, LocalStorage>,
    /// A frame is asked for.
    frame: StoredValue<bool>,
}

pub fn use_drag() -> Drag {
    expect_context::<Drag>()
}

fn card_element(card: CardId) -> Option<HtmlElement> {
    document()
        .get_element_by_id(&card_dom_id(card))
        .and_then(|e| e.dyn_into().ok())
}

fn columns_element() -> Option<Element> {
    document().query_selector(".board-columns").ok().flatten()
}

fn scrolls() -> (f64, f64, f64) {
    let w = window();
    (
        w.scroll_x().unwrap_or(0.0),
        w.scroll_y().unwrap_or(0.0),
        columns_element().map_or(0.0, |c| f64::from(c.scroll_left())),
    )
}

fn card_of(el: &Element) -> Option<CardId> {
    el.get_attribute("data-card")?.parse().ok()
}

/// The column under `(x, y)` that is not the dragged card itself, and the rendered cards
/// the pointer is between.
fn drop_at(dragged: &Element, x: f32, y: f32) -> Option<Place> {
    let stack = document().elements_from_point(x, y);
    let column = stack
        .iter()
        .filter_map(|e| e.dyn_into::<Element>().ok())
        .filter(|e| !dragged.contains(Some(e)))
        .find_map(|e| e.closest("[data-column]").ok().flatten())?;
    let id: ColumnId = column.get_attribute("data-column")?.parse().ok()?;
    let cards = column.query_selector_all(".board-card").ok()?;
    let mut place = Place {
        column: id,
        after: None,
        before: None,
    };
    for i in 0..cards.length() {
        let Some(el) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if el.is_same_node(Some(dragged)) {
            continue;
        }
        let r = el.get_bounding_client_rect();
        if f64::from(y) > r.top() + r.height() / 2.0 {
            place.after = card_of(&el);
        } else {
            place.before = card_of(&el);
            break;
        }
    }
    Some(place)
}

/// Whether `at` is away from the columns' side edges, and from the window's top and bottom.
fn away_from_edges(at: (f64, f64)) -> (bool, bool) {
    let sideways = columns_element().is_some_and(|c| {
        let r = c.get_bounding_client_rect();
        edge_speed(at.0 - r.left(), r.right() - at.0) == 0.0
    });
    let height = window()
        .inner_height()
        .ok()
        .and_then(|h| h.as_f64())
        .unwrap_or(0.0);
    (sideways, edge_speed(at.1, height - at.1) == 0.0)
}

/// The speed to scroll at, px per frame, for a pointer `from_start` px past the start edge
/// and `to_end` px before the end edge (negative: towards the start).
fn edge_speed(from_start: f64, to_end: f64) -> f64 {
    let ramp = |d: f64| ((EDGE - d.max(0.0)) / EDGE).clamp(0.0, 1.0) * SPEED;
    if from_start < EDGE {
        -ramp(from_start).ceil()
    } else if to_end < EDGE {
        ramp(to_end).ceil()
    } else {
        0.0
    }
}

impl Drag {
    pub fn provide(ctx: BoardCtx) {
        let drag = Drag {
            target: RwSignal::new(None),
            active: StoredValue::new_local(None),
            frame: StoredValue::new(false),
        };
        provide_context(drag);
        let on_move = window_event_listener(ev::pointermove, move |e: PointerEvent| {
            drag.moving(&e);
        });
        let on_up = window_event_listener(ev::pointerup, move |e: PointerEvent| {
            drag.end(e.pointer_id(), Some(ctx));
        });
        let on_cancel = window_event_listener(ev::pointercancel, move |e: PointerEvent| {
            drag.end(e.pointer_id(), None);
        });
        let on_key = window_event_listener(ev::keydown, move |e: KeyboardEvent| {
            if e.key() == "Escape" && drag.cancel() {
                e.prevent_default();
                ctx.announcer.say(now(ctx.i18n).drag_cancelled);
            }
        });
        on_cleanup(move || {
            on_move.remove();
            on_up.remove();
            on_cancel.remove();
            on_key.remove();
        });
    }

    /// A pointer went down on `card`'s handle.
    pub fn start(self, e: PointerEvent, card: CardId) {
        if e.button() != 0 || self.active.with_value(Option::is_some) {
            return;
        }
        e.prevent_default();
        let at = (f64::from(e.client_x()), f64::from(e.client_y()));
        self.active.set_value(Some(Active {
            card,
            pointer: e.pointer_id(),
            start: at,
            at,
            scroll0: scrolls(),
            extent: columns_element()
                .map_or(0.0, |c| f64::from(c.scroll_width() - c.client_width())),
            armed: (false, false),
            moved: false,
            drop: None,
        }));
    }

    fn moving(self, e: &PointerEvent) {
        let at = (f64::from(e.client_x()), f64::from(e.client_y()));
        let go = self.active.try_update_value(|a| match a {
            Some(a) if a.pointer == e.pointer_id() => {
                a.at = at;
                if !a.moved && (at.0 - a.start.0).hypot(at.1 - a.start.1) >= 4.0 {
                    a.moved = true;
                    if let Some(el) = card_element(a.card) {
                        // Set on the element itself: a signal read by every card would
                        // re-run every card's closures when a drag starts.
                        let _ = el.class_list().add_1("dragging");
                    }
                }
                a.moved
            }
            _ => false,
        });
        // Browsers send at most one pointermove a frame (they coalesce the rest): follow
        // it at once.
        if go == Some(true) {
            self.frame_now();
        }
    }

    fn ask_frame(self) {
        if self.frame.get_value() {
            return;
        }
        self.frame.set_value(true);
        request_animation_frame(move || {
            let _ = self.frame.try_set_value(false);
            self.frame_now();
        });
    }

    /// On a pointermove, and each frame while the board scrolls: scroll near an edge, move
    /// the card under the pointer, mark the column.
    fn frame_now(self) {
        let Some((card, at)) = self
            .active
            .try_with_value(|a| a.as_ref().filter(|a| a.moved).map(|a| (a.card, a.at)))
            .flatten()
        else {
            return;
        };
        let away = away_from_edges(at);
        let Some((extent, armed)) = self
            .active
            .try_update_value(|a| {
                a.as_mut().map(|a| {
                    a.armed = (a.armed.0 || away.0, a.armed.1 || away.1);
                    (a.extent, a.armed)
                })
            })
            .flatten()
        else {
            return;
        };
        let scrolled = self.auto_scroll(at, extent, armed);
        let Some(el) = card_element(card) else { return };
        let Some((start, s0)) = self
            .active
            .with_value(|a| a.as_ref().map(|a| (a.start, a.scroll0)))
        else {
            return;
        };
        let s = scrolls();
        let dx = at.0 - start.0 + (s.0 - s0.0) + (s.2 - s0.2);
        let dy = at.1 - start.1 + (s.1 - s0.1);
        let _ = el
            .style()
            .set_property("transform", &format!("translate({dx}px, {dy}px)"));
        let drop = drop_at(&el, at.0 as f32, at.1 as f32);
        let column = drop.map(|p| p.column);
        if self.target.get_untracked() != column {
            self.target.set(column);
        }
        self.active.update_value(|a| {
            if let Some(a) = a {
                a.drop = drop;
            }
        });
        if scrolled {
            // Keep scrolling while the pointer rests near the edge.
            self.ask_frame();
        }
    }

    /// Scrolls the columns sideways or the window up or down when `at` is near their edge;
    /// whether anything scrolled.
    fn auto_scroll(self, at: (f64, f64), extent: f64, armed: (bool, bool)) -> bool {
        let w = window();
        let mut scrolled = false;
        if let Some(cols) = columns_element() {
            let r = cols.get_bounding_client_rect();
            let v = edge_speed(at.0 - r.left(), r.right() - at.0);
            if armed.0 && v != 0.0 && at.1 >= r.top() && at.1 <= r.bottom() {
                // Right-to-left columns scroll from 0 down to -extent.
                let before = cols.scroll_left();
                let to = (f64::from(before) + v).clamp(-extent, extent);
                cols.set_scroll_left(to as i32);
                scrolled |= cols.scroll_left() != before;
            }
        }
        let height = w
            .inner_height()
            .ok()
            .and_then(|h| h.as_f64())
            .unwrap_or(0.0);
        let v = edge_speed(at.1, height - at.1);
        let before = w.scroll_y().unwrap_or(0.0);
        // The page's own end (its footer), not what the moved card adds below it.
        let end = document()
            .query_selector("footer")
            .ok()
            .flatten()
            .map_or(f64::MAX, |f| {
                f.get_bounding_client_rect().bottom() + before - height
            });
        let to = (before + v).min(end).max(0.0);
        if armed.1 && v != 0.0 && to != before {
            w.scroll_to_with_x_and_y(w.scroll_x().unwrap_or(0.0), to);
            scrolled |= w.scroll_y().unwrap_or(0.0) != before;
        }
        scrolled
    }

    /// Puts the dragged card back; whether a drag was under way.
    fn reset(self, card: CardId) {
        if let Some(el) = card_element(card) {
            let _ = el.style().remove_property("transform");
            let _ = el.class_list().remove_1("dragging");
        }
        self.target.set(None);
    }

    /// Escape: the card goes back where it was and nothing is sent.
    fn cancel(self) -> bool {
        let Some(active) = self.active.try_update_value(Option::take).flatten() else {
            return false;
        };
        self.reset(active.card);
        active.moved
    }

    fn end(self, pointer: i32, ctx: Option<BoardCtx>) {
        // Where the pointer is now, even if no frame has been drawn since it moved.
        if self
            .active
            .with_value(|a| a.as_ref().is_some_and(|a| a.pointer == pointer && a.moved))
        {
            self.frame_now();
        }
        let Some(active) = self
            .active
            .try_update_value(|a| a.take_if(|a| a.pointer == pointer))
            .flatten()
        else {
            return;
        };
        self.reset(active.card);
        if let (true, Some(place), Some(ctx)) = (active.moved, active.drop, ctx) {
            let index = ctx.board.with_untracked(|b| place.index(b, active.card));
            ctx.move_card(active.card, place.column, index, false);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::edge_speed;

    #[test]
    fn the_board_scrolls_only_near_an_edge_and_faster_nearer() {
        assert_eq!(edge_speed(300.0, 300.0), 0.0);
        assert!(edge_speed(10.0, 900.0) < 0.0);
        assert!(edge_speed(900.0, 10.0) > 0.0);
        assert!(edge_speed(900.0, 2.0) > edge_speed(900.0, 40.0));
        assert!(edge_speed(-20.0, 900.0) <= -super::SPEED);
    }
}
