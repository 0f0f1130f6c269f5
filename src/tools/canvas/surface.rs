//! The canvas surface: sections and stickies as real DOM elements inside one transformed
//! "world" element, so panning and zooming move one layer and dragging moves one sticky.
//! Pointer events cover mouse, touch and pen; every action has a keyboard way too.

use std::collections::{BTreeSet, HashMap};

use hevruta_model::canvas::{StickyColor, StickyId};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent, WheelEvent};

use super::ctl::Ctl;
use super::geometry::{STICKY_H, STICKY_W, Viewport};
use super::keys::{Press, Target, shortcut};
use super::texts::{ct, texts};
use crate::i18n::{fill, use_i18n};

/// A press that moves less than this is a click, not a drag.
pub(super) const DRAG_SLOP: f64 = 4.0;

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

/// What a pointer is doing on the canvas.
#[derive(Debug, Clone)]
pub(super) enum Gesture {
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

/// `children`: what floats over the canvas in screen pixels (cursors, the spotlight).
#[component]
pub fn Surface(
    ctl: Ctl,
    title: RwSignal<String>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let i18n = use_i18n();
    let gesture = StoredValue::new(None::<Gesture>);
    // Pointers down on the background, for pinch zoom.
    let pointers = StoredValue::new(HashMap::<i32, (f64, f64)>::new());
    let viewport_ref = NodeRef::<html::Div>::new();
    // While the view moves, the world gets its own compositing layer (smooth panning with
    // thousands of stickies on screen); afterwards it is dropped so text re-rasterises sharp.
    let moving = RwSignal::new(false);
    let wheel_serial = StoredValue::new(0u32);

    // The view keeps its frame when the surface changes size (a projector going full
    // screen, a notice above it) until someone pans or zooms.
    Effect::new(move |_| {
        let Some(el) = viewport_ref.get() else {
            return;
        };
        let on_resize = leptos::wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            ctl.refit();
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
        let element = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let target = match &element {
            Some(el)
                if matches!(
                    el.tag_name().as_str(),
                    "TEXTAREA" | "INPUT" | "SELECT" | "BUTTON"
                ) =>
            {
                Target::Control
            }
            Some(el) => el
                .get_attribute("data-sticky")
                .and_then(|s| s.parse::<StickyId>().ok())
                .map_or(Target::Canvas, Target::Sticky),
            None => Target::Canvas,
        };
        let (key, code) = (ev.key(), ev.code());
        let press = Press {
            key: &key,
            code: &code,
            command: ev.ctrl_key() || ev.meta_key(),
            shift: ev.shift_key(),
        };
        if let Some(command) = shortcut(press, target, ctl.can_edit()) {
            ev.prevent_default();
            ctl.run(command);
        }
    };

    let label = move || fill(texts(i18n.lang()).canvas_region, &[("title", &title.get())]);

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
                    <super::sticky::Sticky ctl=ctl id=id />
                </For>
            </div>
            {children.map(|c| c())}
        </div>
        // A view-only screen (the projector) is told only the keys that work for it.
        <p id="canvas-keys" class="canvas-keys">
            {if ctl.can_edit() { ct(i18n, |t| t.shortcuts) } else { ct(i18n, |t| t.view_keys) }}
        </p>
        {ctl
            .can_edit()
            .then(|| view! { <p class="canvas-keys touch-help">{ct(i18n, |t| t.touch_help)}</p> })}
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
                <section
                    class="canvas-section"
                    class:round=round
                    style=style
                    data-section=s.key.clone()
                >
                    <h2>{title}</h2>
                    <p>{prompt}</p>
                </section>
            }
        })
        .collect_view()
}
