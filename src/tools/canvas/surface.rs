//! The canvas surface: sections and stickies as real DOM elements inside one transformed
//! "world" element, so panning and zooming move one layer and dragging moves one sticky.
//! Pointer events cover mouse, touch and pen; every action has a keyboard way too.

use std::collections::{BTreeSet, HashMap};

use hevruta_model::canvas::{Citation, OpKind, StickyColor, StickyId};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent, WheelEvent};

use std::sync::{Arc, Mutex};

use super::ctl::{Ctl, new_uuid};
use super::geometry::{STICKY_H, STICKY_W, Viewport, content_bounds};
use super::texts::{ct, texts};
use crate::i18n::{fill, use_i18n};

/// Canvas units an arrow key moves a sticky (with Shift: five times as far).
const KEY_STEP: f64 = 10.0;
/// Pixels an arrow key pans the view.
const PAN_STEP: f64 = 60.0;
/// A press that moves less than this is a click, not a drag.
const DRAG_SLOP: f64 = 4.0;

pub fn color_name(c: StickyColor) -> &'static str {
    match c {
        StickyColor::Yellow => "yellow",
        StickyColor::Pink => "pink",
        StickyColor::Blue => "blue",
        StickyColor::Green => "green",
        StickyColor::Orange => "orange",
        StickyColor::Purple => "purple",
    }
}

pub const COLORS: [StickyColor; 6] = [
    StickyColor::Yellow,
    StickyColor::Pink,
    StickyColor::Blue,
    StickyColor::Green,
    StickyColor::Orange,
    StickyColor::Purple,
];

pub fn sticky_dom_id(id: StickyId) -> String {
    format!("sticky-{id}")
}

pub fn focus_sticky(id: StickyId) {
    let dom_id = sticky_dom_id(id);
    request_animation_frame(move || crate::components::focus_by_id(&dom_id));
}

/// The viewport element's size in pixels.
fn viewport_size() -> (f64, f64) {
    document()
        .get_element_by_id("canvas-viewport")
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.width(), r.height())
        })
        .unwrap_or((1280.0, 800.0))
}

/// A pointer's position relative to the viewport element.
fn local_point(ev: &web_sys::MouseEvent) -> (f64, f64) {
    let origin = document()
        .get_element_by_id("canvas-viewport")
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.left(), r.top())
        })
        .unwrap_or_default();
    (
        f64::from(ev.client_x()) - origin.0,
        f64::from(ev.client_y()) - origin.1,
    )
}

impl Ctl {
    pub fn fit(&self) {
        let (w, h) = viewport_size();
        // The sections, then every visible sticky where it is shown now.
        let bounds = self
            .sections
            .with_value(|s| content_bounds(s, &hevruta_model::canvas::Board::default()));
        let stickies = self.order.with_untracked(|o| {
            o.iter()
                .filter_map(|id| self.position(*id))
                .collect::<Vec<_>>()
        });
        let bounds = stickies.into_iter().fold(bounds, |b, (x, y)| {
            b.union(super::geometry::Rect {
                x,
                y,
                w: STICKY_W,
                h: STICKY_H,
            })
        });
        self.viewport.set(Viewport::fit(bounds, w, h));
        self.fitted.set_value(true);
    }

    pub fn zoom_by(&self, factor: f64) {
        let (w, h) = viewport_size();
        self.move_view(|v| v.zoom_at(w / 2.0, h / 2.0, factor));
    }

    /// Pans or zooms on the user's behalf (the view stops following the screen size).
    pub fn move_view(&self, f: impl FnOnce(Viewport) -> Viewport) {
        self.fitted.set_value(false);
        self.viewport.update(|v| *v = f(*v));
    }

    /// A new sticky in the middle of the view (or beside the focused one), opened for typing.
    pub fn add_sticky_here(&self) {
        let (w, h) = viewport_size();
        let v = self.viewport.get_untracked();
        let beside = self
            .selection()
            .last()
            .and_then(|id| self.position(*id))
            .map(|(x, y)| (x + STICKY_W + 20.0, y));
        let (x, y) = beside.unwrap_or_else(|| {
            let (cx, cy) = v.to_canvas(w / 2.0, h / 2.0);
            (cx - STICKY_W / 2.0, cy - STICKY_H / 2.0)
        });
        let color = self
            .selection()
            .last()
            .and_then(|id| self.view(*id))
            .map(|v| v.color.get_untracked())
            .unwrap_or_default();
        let id = self.create_at(x, y, color);
        self.selected.set(BTreeSet::from([id]));
        self.editing.set(Some(id));
    }

    pub fn delete_selected(&self) {
        let ids = self.selection();
        if ids.is_empty() {
            return;
        }
        self.apply(ids.iter().map(|id| (*id, OpKind::Delete)).collect());
        self.selected.set(BTreeSet::new());
        self.say(|t| t.announce_deleted);
        crate::components::focus_by_id("canvas-viewport");
    }

    pub fn color_selected(&self, color: StickyColor) {
        let kinds = self
            .selection()
            .into_iter()
            .map(|id| (id, OpKind::SetColor { color }))
            .collect();
        self.apply(kinds);
    }

    pub fn front_selected(&self) {
        let kinds = self
            .selection()
            .into_iter()
            .map(|id| (id, OpKind::BringToFront))
            .collect();
        self.apply(kinds);
    }

    /// Moves the selection by a canvas offset (arrow keys).
    fn nudge(&self, dx: f64, dy: f64) {
        let moves = self
            .selection()
            .into_iter()
            .filter_map(|id| self.position(id).map(|(x, y)| (id, x + dx, y + dy)))
            .collect();
        self.move_to(moves);
    }
}

/// What a pointer is doing on the canvas.
#[derive(Debug, Clone)]
enum Gesture {
    /// Panning with one pointer from this screen point and viewport.
    Pan { from: (f64, f64), start: Viewport },
    /// Two pointers: zooming around their midpoint.
    Pinch {
        dist: f64,
        start: Viewport,
        mid: (f64, f64),
    },
    /// Dragging stickies from their starting positions.
    Drag {
        from: (f64, f64),
        start: Vec<(StickyId, (f64, f64))>,
        moved: bool,
    },
}

#[component]
pub fn Surface(ctl: Ctl, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let gesture = StoredValue::new(None::<Gesture>);
    // Pointers down on the background, for pinch zoom.
    let pointers = StoredValue::new(HashMap::<i32, (f64, f64)>::new());
    let viewport_ref = NodeRef::<html::Div>::new();
    // While the view moves, the world gets its own compositing layer (smooth panning with
    // thousands of stickies on screen); afterwards it is dropped so text re-rasterises sharp.
    let moving = RwSignal::new(false);
    let wheel_serial = StoredValue::new(0u32);

    // The view keeps showing the whole canvas when the surface changes size (a projector
    // going full screen, a notice above it) until someone pans or zooms.
    Effect::new(move |_| {
        let Some(el) = viewport_ref.get() else {
            return;
        };
        let on_resize = leptos::wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            if ctl.fitted.try_get_value() == Some(true) {
                ctl.fit();
            }
        });
        if let Ok(observer) = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()) {
            observer.observe(&el);
            // Kept (and the closure leaked) for the page's life: the surface never unmounts.
            let _ = StoredValue::new_local(observer);
        }
        on_resize.forget();
    });

    let world_style = move || {
        let v = ctl.viewport.get();
        format!(
            "transform: translate({}px, {}px) scale({})",
            v.x, v.y, v.scale
        )
    };

    let on_pointerdown = move |ev: PointerEvent| {
        if ev.button() != 0 && ev.pointer_type() == "mouse" {
            return;
        }
        let p = local_point(&ev);
        pointers.update_value(|m| {
            m.insert(ev.pointer_id(), p);
        });
        if let Some(el) = viewport_ref.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let n = pointers.with_value(|m| m.len());
        let start = ctl.viewport.get_untracked();
        moving.set(true);
        if n >= 2 {
            let pts: Vec<(f64, f64)> = pointers.with_value(|m| m.values().copied().collect());
            let (a, b) = (pts[0], pts[1]);
            gesture.set_value(Some(Gesture::Pinch {
                dist: ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0),
                start,
                mid: ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0),
            }));
        } else {
            gesture.set_value(Some(Gesture::Pan { from: p, start }));
        }
    };

    let on_pointermove = move |ev: PointerEvent| {
        let p = local_point(&ev);
        let known = pointers.with_value(|m| m.contains_key(&ev.pointer_id()));
        if known {
            pointers.update_value(|m| {
                m.insert(ev.pointer_id(), p);
            });
        }
        match gesture.get_value() {
            Some(Gesture::Pan { from, start }) if known => {
                ctl.move_view(|_| start.pan(p.0 - from.0, p.1 - from.1));
            }
            Some(Gesture::Pinch { dist, start, mid }) if known => {
                let pts: Vec<(f64, f64)> = pointers.with_value(|m| m.values().copied().collect());
                if pts.len() >= 2 {
                    let (a, b) = (pts[0], pts[1]);
                    let d = ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt().max(1.0);
                    let now_mid = ((a.0 + b.0) / 2.0, (a.1 + b.1) / 2.0);
                    ctl.move_view(|_| {
                        start
                            .zoom_at(mid.0, mid.1, d / dist)
                            .pan(now_mid.0 - mid.0, now_mid.1 - mid.1)
                    });
                }
            }
            _ => {}
        }
    };

    // A new sticky centred on a point of the viewport, opened for typing.
    let create_at_screen = move |p: (f64, f64)| {
        if !ctl.can_edit() {
            return;
        }
        let (x, y) = ctl.viewport.get_untracked().to_canvas(p.0, p.1);
        let id = ctl.create_at(
            x - STICKY_W / 2.0,
            y - STICKY_H / 2.0,
            StickyColor::default(),
        );
        ctl.selected.set(BTreeSet::from([id]));
        ctl.editing.set(Some(id));
    };
    let last_tap = StoredValue::new(None::<(f64, (f64, f64))>);

    let on_pointerup = move |ev: PointerEvent| {
        let was_pan = matches!(gesture.get_value(), Some(Gesture::Pan { from, .. })
            if { let p = local_point(&ev); (p.0 - from.0).abs() + (p.1 - from.1).abs() < DRAG_SLOP });
        pointers.update_value(|m| {
            m.remove(&ev.pointer_id());
        });
        if pointers.with_value(|m| m.is_empty()) {
            gesture.set_value(None);
            moving.set(false);
        }
        // A click on the empty canvas clears the selection.
        if was_pan && !ev.shift_key() {
            ctl.selected.set(BTreeSet::new());
        }
        // A double tap makes a sticky, like a double click (touch screens may not send
        // dblclick when the page handles touches itself).
        if was_pan && ev.pointer_type() == "touch" {
            let p = local_point(&ev);
            let now = js_sys::Date::now();
            let double = last_tap
                .get_value()
                .is_some_and(|(t, q): (f64, (f64, f64))| {
                    now - t < 400.0 && (p.0 - q.0).abs() + (p.1 - q.1).abs() < 30.0
                });
            if double {
                last_tap.set_value(None);
                create_at_screen(p);
            } else {
                last_tap.set_value(Some((now, p)));
            }
        }
    };

    let on_wheel = move |ev: WheelEvent| {
        ev.prevent_default();
        moving.set(true);
        wheel_serial.update_value(|n| *n += 1);
        let mine = wheel_serial.get_value();
        set_timeout(
            move || {
                if wheel_serial.try_get_value() == Some(mine) {
                    moving.set(false);
                }
            },
            std::time::Duration::from_millis(250),
        );
        let p = local_point(&ev);
        let mut dy = ev.delta_y();
        let mut dx = ev.delta_x();
        if ev.delta_mode() == 1 {
            dy *= 16.0;
            dx *= 16.0;
        }
        if ev.ctrl_key() || ev.meta_key() {
            let factor = (-dy * 0.002).exp();
            ctl.move_view(|v| v.zoom_at(p.0, p.1, factor));
        } else {
            ctl.move_view(|v| v.pan(-dx, -dy));
        }
    };

    let on_dblclick = move |ev: web_sys::MouseEvent| create_at_screen(local_point(&ev));

    let on_keydown = move |ev: KeyboardEvent| {
        let target = ev.target();
        let in_text = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::HtmlElement>())
            .is_some_and(|el| {
                matches!(
                    el.tag_name().as_str(),
                    "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"
                )
            });
        if in_text {
            return;
        }
        let on_sticky = target
            .as_ref()
            .and_then(|t| t.dyn_ref::<web_sys::HtmlElement>())
            .and_then(|el| el.get_attribute("data-sticky"))
            .and_then(|s| s.parse::<StickyId>().ok());
        // Letters by their place on the keyboard too: on a Hebrew or Arabic layout Ctrl+Z
        // reports "ז" or "ئ" as its key.
        let key = match ev.code().as_str() {
            "KeyZ" => "z".to_owned(),
            "KeyY" => "y".to_owned(),
            "KeyA" => "a".to_owned(),
            "KeyN" => "n".to_owned(),
            _ => ev.key(),
        };
        let cmd = ev.ctrl_key() || ev.meta_key();
        let step = if ev.shift_key() {
            KEY_STEP * 5.0
        } else {
            KEY_STEP
        };
        let arrow = match key.as_str() {
            "ArrowLeft" => Some((-1.0, 0.0)),
            "ArrowRight" => Some((1.0, 0.0)),
            "ArrowUp" => Some((0.0, -1.0)),
            "ArrowDown" => Some((0.0, 1.0)),
            _ => None,
        };
        let handled = match (key.as_str(), on_sticky) {
            ("z" | "Z", _) if cmd && ev.shift_key() => {
                ctl.redo();
                true
            }
            ("z" | "Z", _) if cmd => {
                ctl.undo();
                true
            }
            ("y" | "Y", _) if cmd => {
                ctl.redo();
                true
            }
            ("a" | "A", _) if cmd => {
                ctl.selected
                    .set(ctl.order.get_untracked().into_iter().collect());
                true
            }
            _ if cmd => false,
            ("n" | "N", _) if ctl.can_edit() => {
                ctl.add_sticky_here();
                true
            }
            ("+" | "=", _) => {
                ctl.zoom_by(1.25);
                true
            }
            ("-" | "_", _) => {
                ctl.zoom_by(0.8);
                true
            }
            ("0", _) => {
                ctl.fit();
                true
            }
            ("Escape", _) => {
                ctl.selected.set(BTreeSet::new());
                true
            }
            ("Enter" | "F2", Some(id)) if ctl.can_edit() => {
                ctl.editing.set(Some(id));
                true
            }
            ("Delete" | "Backspace", Some(_)) if ctl.can_edit() => {
                ctl.delete_selected();
                true
            }
            (_, Some(_)) if arrow.is_some() && ctl.can_edit() => {
                let (dx, dy) = arrow.unwrap_or_default();
                // Arrow keys move in screen directions; in RTL "left" is still left.
                ctl.nudge(dx * step, dy * step);
                true
            }
            (_, None) if arrow.is_some() => {
                let (dx, dy) = arrow.unwrap_or_default();
                ctl.move_view(|v| v.pan(-dx * PAN_STEP, -dy * PAN_STEP));
                true
            }
            _ => false,
        };
        if handled {
            ev.prevent_default();
        }
    };

    let label = {
        let title = title.clone();
        move || fill(texts(i18n.lang()).canvas_region, &[("title", &title)])
    };

    view! {
        <div
            id="canvas-viewport"
            class="canvas-viewport"
            class:read-only=!ctl.can_edit()
            node_ref=viewport_ref
            tabindex="0"
            role="region"
            aria-label=label
            aria-describedby="canvas-keys"
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointerup
            on:wheel=on_wheel
            on:dblclick=on_dblclick
            on:keydown=on_keydown
        >
            <div class="canvas-world" class:moving=move || moving.get() style=world_style>
                <Sections ctl=ctl />
                <For each=move || ctl.order.get() key=|id| *id let:id>
                    <Sticky ctl=ctl id=id />
                </For>
            </div>
        </div>
        <p id="canvas-keys" class="canvas-keys">{ct(i18n, |t| t.shortcuts)}</p>
    }
}

#[component]
fn Sections(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let round = ctl.template == hevruta_model::canvas::Template::ThreeCircles;
    ctl.sections
        .get_value()
        .into_iter()
        .map(|s| {
            let key = s.key.clone();
            let key2 = s.key.clone();
            let style = format!(
                "left:{}px;top:{}px;width:{}px;height:{}px",
                s.x, s.y, s.w, s.h
            );
            let title = move || {
                texts(i18n.lang())
                    .section(&key)
                    .map(|t| t.title)
                    .unwrap_or_default()
            };
            let prompt = move || {
                texts(i18n.lang())
                    .section(&key2)
                    .map(|t| t.prompt)
                    .unwrap_or_default()
            };
            view! {
                <section class="canvas-section" class:round=round style=style data-section=s.key.clone()>
                    <h2>{title}</h2>
                    <p>{prompt}</p>
                </section>
            }
        })
        .collect_view()
}

#[component]
fn Sticky(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let Some(v) = ctl.view(id) else {
        return ().into_any();
    };
    let selected = move || ctl.selected.with(|s| s.contains(&id));
    let editing = move || ctl.editing.get() == Some(id);
    let transform = move || {
        let (x, y) = v.pos.get();
        format!("translate({x}px,{y}px)")
    };
    let label = move || {
        let t = texts(i18n.lang());
        let name = v
            .author
            .get()
            .and_then(|a| {
                if a == ctl.me {
                    Some(t.you.to_owned())
                } else {
                    ctl.member_name(a)
                }
            })
            .unwrap_or_else(|| t.someone.to_owned());
        fill(t.sticky_by, &[("name", &name)])
    };
    let gesture = StoredValue::new(None::<Gesture>);
    // Between pointerdown and pointerup: focus then comes from the pointer, not the keyboard.
    let pressed = StoredValue::new(false);

    let on_pointerdown = move |ev: PointerEvent| {
        ev.stop_propagation();
        let _ = pressed.try_set_value(true);
        if editing() || (ev.button() != 0 && ev.pointer_type() == "mouse") {
            return;
        }
        let additive = ev.shift_key() || ev.ctrl_key() || ev.meta_key();
        ctl.selected.update(|s| {
            if additive {
                if !s.remove(&id) {
                    s.insert(id);
                }
            } else if !s.contains(&id) {
                *s = BTreeSet::from([id]);
            }
        });
        if !ctl.can_edit() {
            return;
        }
        let start: Vec<(StickyId, (f64, f64))> = ctl
            .selection()
            .into_iter()
            .filter_map(|sid| ctl.position(sid).map(|p| (sid, p)))
            .collect();
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let _ = gesture.try_set_value(Some(Gesture::Drag {
            from: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            start,
            moved: false,
        }));
    };

    let on_pointermove = move |ev: PointerEvent| {
        let Some(Some(Gesture::Drag { from, start, moved })) = gesture.try_get_value() else {
            return;
        };
        let (dx, dy) = (
            f64::from(ev.client_x()) - from.0,
            f64::from(ev.client_y()) - from.1,
        );
        if !moved && dx.abs() + dy.abs() < DRAG_SLOP {
            return;
        }
        if !moved {
            ctl.start_drag(&start.iter().map(|(i, _)| *i).collect::<Vec<_>>());
        }
        let scale = ctl.viewport.get_untracked().scale;
        for (sid, (x, y)) in &start {
            if let Some(view) = ctl.view(*sid) {
                view.pos.set((x + dx / scale, y + dy / scale));
            }
        }
        let _ = gesture.try_set_value(Some(Gesture::Drag {
            from,
            start,
            moved: true,
        }));
    };

    let on_pointerup = move |_ev: PointerEvent| {
        let _ = pressed.try_set_value(false);
        let Some(Some(Gesture::Drag { start, moved, .. })) = gesture.try_get_value() else {
            return;
        };
        let _ = gesture.try_set_value(None);
        if moved {
            let moves = start
                .iter()
                .filter_map(|(sid, _)| ctl.position(*sid).map(|(x, y)| (*sid, x, y)))
                .collect();
            ctl.end_drag();
            ctl.move_to(moves);
        }
    };

    let on_dblclick = move |ev: web_sys::MouseEvent| {
        ev.stop_propagation();
        if ctl.can_edit() {
            ctl.editing.set(Some(id));
        }
    };

    let on_focus = move |_| {
        // A click already chose the selection (Shift-click may have just removed this one).
        if pressed.try_get_value().unwrap_or(true) {
            return;
        }
        if !ctl.selected.with_untracked(|s| s.contains(&id)) {
            ctl.selected.set(BTreeSet::from([id]));
        }
    };

    view! {
        <div
            id=sticky_dom_id(id)
            class="sticky"
            class:selected=selected
            class:pending=move || v.pending.get()
            data-color=move || color_name(v.color.get())
            data-sticky=id.to_string()
            style:transform=transform
            style:z-index=move || v.z.get().to_string()
            tabindex="0"
            role="group"
            aria-label=label
            aria-roledescription=ct(i18n, |t| t.sticky_role)
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointerup
            on:dblclick=on_dblclick
            on:focus=on_focus
        >
            <Show
                when=editing
                fallback=move || {
                    view! {
                        <p class="sticky-text" dir="auto">
                            {move || {
                                let t = v.text.get();
                                if t.is_empty() { String::new() } else { t }
                            }}
                        </p>
                    }
                }
            >
                <StickyEditor ctl=ctl id=id />
            </Show>
            <Show when=move || v.citation.get().is_some()>
                <span class="sticky-chip">
                    {move || match v.citation.get() {
                        Some(Citation::Card(_)) => ct(i18n, |t| t.cited_card)(),
                        Some(Citation::Learning(_)) => ct(i18n, |t| t.cited_learning)(),
                        None => "",
                    }}
                </span>
            </Show>
            <Show when=move || v.pending.get()>
                <span class="sticky-pending" title=ct(i18n, |t| t.sticky_pending)>
                    <span aria-hidden="true">"⟳"</span>
                    <span class="visually-hidden">{ct(i18n, |t| t.sticky_pending)}</span>
                </span>
            </Show>
        </div>
    }
    .into_any()
}

#[component]
fn StickyEditor(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let area = NodeRef::<html::Textarea>::new();
    let initial = ctl.sticky_text(id);
    let editor_id = format!("editor-{id}");
    // Outside the reactive arena, so the cleanup below can still read it: what is typed,
    // and whether the edit was finished (saved or cancelled).
    let typed = Arc::new(Mutex::new((initial.clone(), false)));
    let finish = {
        let (typed, initial) = (typed.clone(), initial.clone());
        move |save: bool| {
            let Ok(mut t) = typed.lock() else { return };
            // Enter finishes, then the textarea's removal fires blur: finish only once.
            if t.1 {
                return;
            }
            t.1 = true;
            if save && ctl.view(id).is_some() {
                ctl.set_text(id, &initial, t.0.clone());
            } else if save && t.0 != initial {
                // The sticky went away under the editor (deleted by someone): keep the text
                // where its writer sees it.
                let text = t.0.clone();
                leptos::task::spawn_local(async move {
                    ctl.keep_draft(new_uuid().to_string(), text, "sticky_gone")
                        .await;
                });
            }
            let _ = ctl.editing.try_set(None);
        }
    };
    {
        // The editor went away without finishing (the sticky was deleted or refused under
        // it): what was typed becomes a draft rather than vanishing.
        let (typed, initial) = (typed.clone(), initial.clone());
        on_cleanup(move || {
            let Ok(t) = typed.lock() else { return };
            if !t.1 && t.0 != initial {
                let text = t.0.clone();
                leptos::task::spawn_local(async move {
                    ctl.keep_draft(new_uuid().to_string(), text, "editor_closed")
                        .await;
                });
            }
        });
    }
    let on_input = {
        let typed = typed.clone();
        move |ev: leptos::ev::Event| {
            if let (Ok(mut t), Some(area)) = (typed.lock(), area.get_untracked()) {
                t.0 = area.value();
            }
            let _ = ev;
        }
    };
    let finish_on_blur = finish.clone();
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
            let len = el.value().encode_utf16().count() as u32;
            let _ = el.set_selection_range(len, len);
        }
    });
    view! {
        <label class="visually-hidden" for=editor_id.clone()>{ct(i18n, |t| t.sticky_text)}</label>
        <textarea
            id=editor_id
            class="sticky-editor"
            dir="auto"
            maxlength=hevruta_model::canvas::MAX_STICKY_CHARS.to_string()
            node_ref=area
            prop:value=initial
            on:pointerdown=|ev: PointerEvent| ev.stop_propagation()
            on:dblclick=|ev: web_sys::MouseEvent| ev.stop_propagation()
            on:input=on_input
            on:blur=move |_| finish_on_blur(true)
            on:keydown=move |ev: KeyboardEvent| {
                ev.stop_propagation();
                let key = ev.key();
                if key == "Escape" {
                    ev.prevent_default();
                    finish(false);
                    focus_sticky(id);
                } else if key == "Enter" && (ev.ctrl_key() || ev.meta_key() || !ev.shift_key()) {
                    // Enter finishes (as on Miro and Padlet); Shift+Enter makes a new line.
                    ev.prevent_default();
                    finish(true);
                    focus_sticky(id);
                }
            }
        ></textarea>
    }
}
