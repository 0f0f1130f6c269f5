//! Dragging a card by its handle (pointer events: mouse, touch, pen). While it moves, only
//! the dragged card's transform changes and the column under the pointer is marked; the
//! drop becomes an ordinary move (`BoardCtx::move_card`), announced like any other.

use hevruta_model::board::{CardId, ColumnId};
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, PointerEvent};

use super::ctx::{BoardCtx, card_dom_id};

/// A drag in progress.
struct Active {
    card: CardId,
    pointer: i32,
    start: (f64, f64),
    moved: bool,
    drop: Option<(ColumnId, usize)>,
}

#[derive(Clone, Copy)]
pub struct Drag {
    /// The column the dragged card would land in.
    pub target: RwSignal<Option<ColumnId>>,
    active: StoredValue<Option<Active>, LocalStorage>,
}

pub fn use_drag() -> Drag {
    expect_context::<Drag>()
}

fn card_element(card: CardId) -> Option<HtmlElement> {
    document()
        .get_element_by_id(&card_dom_id(card))
        .and_then(|e| e.dyn_into().ok())
}

/// The column under `(x, y)` that is not the dragged card itself, and the place among its
/// other cards where the pointer is.
fn drop_at(dragged: &Element, x: f32, y: f32) -> Option<(ColumnId, usize)> {
    let stack = document().elements_from_point(x, y);
    let column = stack
        .iter()
        .filter_map(|e| e.dyn_into::<Element>().ok())
        .filter(|e| !dragged.contains(Some(e)))
        .find_map(|e| e.closest("[data-column]").ok().flatten())?;
    let id: ColumnId = column.get_attribute("data-column")?.parse().ok()?;
    let cards = column.query_selector_all(".board-card").ok()?;
    let mut index = 0;
    for i in 0..cards.length() {
        let Some(el) = cards.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else {
            continue;
        };
        if el.is_same_node(Some(dragged)) {
            continue;
        }
        let r = el.get_bounding_client_rect();
        if f64::from(y) > r.top() + r.height() / 2.0 {
            index += 1;
        }
    }
    Some((id, index))
}

impl Drag {
    pub fn provide(ctx: BoardCtx) {
        let drag = Drag {
            target: RwSignal::new(None),
            active: StoredValue::new_local(None),
        };
        provide_context(drag);
        let on_move = window_event_listener(ev::pointermove, move |e: PointerEvent| {
            drag.moving(&e);
        });
        let on_up = window_event_listener(ev::pointerup, move |e: PointerEvent| {
            drag.end(&e, Some(ctx));
        });
        let on_cancel = window_event_listener(ev::pointercancel, move |e: PointerEvent| {
            drag.end(&e, None);
        });
        on_cleanup(move || {
            on_move.remove();
            on_up.remove();
            on_cancel.remove();
        });
    }

    /// A pointer went down on `card`'s handle.
    pub fn start(self, e: PointerEvent, card: CardId) {
        if e.button() != 0 {
            return;
        }
        e.prevent_default();
        self.active.set_value(Some(Active {
            card,
            pointer: e.pointer_id(),
            start: (f64::from(e.client_x()), f64::from(e.client_y())),
            moved: false,
            drop: None,
        }));
    }

    fn moving(self, e: &PointerEvent) {
        let Some((card, dx, dy, moved)) = self.active.with_value(|a| {
            a.as_ref().filter(|a| a.pointer == e.pointer_id()).map(|a| {
                (
                    a.card,
                    f64::from(e.client_x()) - a.start.0,
                    f64::from(e.client_y()) - a.start.1,
                    a.moved,
                )
            })
        }) else {
            return;
        };
        if !moved && dx.hypot(dy) < 4.0 {
            return;
        }
        let Some(el) = card_element(card) else { return };
        if !moved {
            // Set on the element itself: a signal read by every card would re-run 2,000
            // closures when a drag starts.
            let _ = el.class_list().add_1("dragging");
        }
        let _ = el
            .style()
            .set_property("transform", &format!("translate({dx}px, {dy}px)"));
        let drop = drop_at(&el, e.client_x() as f32, e.client_y() as f32);
        let column = drop.map(|(c, _)| c);
        if self.target.get_untracked() != column {
            self.target.set(column);
        }
        self.active.update_value(|a| {
            if let Some(a) = a {
                a.moved = true;
                a.drop = drop;
            }
        });
    }

    fn end(self, e: &PointerEvent, ctx: Option<BoardCtx>) {
        let Some(active) = self
            .active
            .try_update_value(|a| a.take_if(|a| a.pointer == e.pointer_id()))
            .flatten()
        else {
            return;
        };
        if let Some(el) = card_element(active.card) {
            let _ = el.style().remove_property("transform");
            let _ = el.class_list().remove_1("dragging");
        }
        self.target.set(None);
        if let (true, Some((column, index)), Some(ctx)) = (active.moved, active.drop, ctx) {
            ctx.move_card(active.card, column, index, false);
        }
    }
}
