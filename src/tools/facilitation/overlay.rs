//! What floats over a canvas from the live session: others' cursors (name and colour), the
//! facilitator's laser (a red dot with a short trail, no trail under reduced motion) and
//! the spotlit section (the rest dimmed, announced). Drawn in screen pixels from canvas
//! units through the view, so they sit on the same spot at any zoom and pan while the
//! names keep their size. This member's own pointer moves are sent from here.

use hevruta_model::MemberId;
use hevruta_model::facilitation::ViewEvent;
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::wasm_bindgen::closure::Closure;

use super::follow::Follow;
use super::pointers::{IDLE_MS, Pointers, Seen, TRAIL_MS, colour_of};
use super::session::Session;
use super::texts::texts;
use crate::i18n::{fill, use_i18n};
use crate::tools::canvas::ctl::Ctl;

/// Screen pixels inside the surface of canvas point `(x, y)` under `ctl`'s view.
fn on_screen(ctl: Ctl, x: f64, y: f64) -> (f64, f64) {
    let v = ctl.viewport.get();
    (x * v.scale + v.x, y * v.scale + v.y)
}

/// The overlay, inside the surface. `always` (the projector): the laser and spotlight
/// show whatever following says, and others' cursors do not (the wall shows the laser).
#[component]
pub fn CanvasOverlay(
    ctl: Ctl,
    session: Session,
    pointers: Pointers,
    follow: Follow,
    #[prop(optional)] always: bool,
) -> impl IntoView {
    let layer = NodeRef::<html::Div>::new();
    track_own_pointer(layer, ctl, pointers);
    let sees_lead = move || always || follow.following.get();
    view! {
        <div class="canvas-pointers" aria-hidden="true" node_ref=layer>
            <Spotlight ctl=ctl session=session sees_lead=Signal::derive(sees_lead) />
            <For each=move || pointers.seen.get() key=|(m, _)| *m let:((member, seen))>
                <OnePointer
                    ctl=ctl
                    member=member
                    seen=seen
                    pointers=pointers
                    sees_lead=Signal::derive(sees_lead)
                    always=always
                />
            </For>
        </div>
    }
}

/// One member's pointer: the laser for those who follow, a cursor for those who show
/// them (never on the wall). Redrawn as a whole only when it turns from one to the other.
#[component]
fn OnePointer(
    ctl: Ctl,
    member: MemberId,
    seen: RwSignal<Seen>,
    pointers: Pointers,
    sees_lead: Signal<bool>,
    always: bool,
) -> impl IntoView {
    let laser = Memo::new(move |_| seen.with(|s| s.laser));
    move || {
        if laser.get() {
            sees_lead
                .get()
                .then(|| view! { <Laser ctl=ctl seen=seen pointers=pointers /> }.into_any())
        } else {
            (!always && pointers.cursors.get()).then(|| {
                view! { <Cursor ctl=ctl member=member seen=seen pointers=pointers /> }.into_any()
            })
        }
    }
}

/// Sends this member's pointer as it moves over the surface (mouse and pen: a finger
/// on a phone pans), and hides it when it leaves.
fn track_own_pointer(layer: NodeRef<html::Div>, ctl: Ctl, pointers: Pointers) {
    type Listener = Closure<dyn FnMut(web_sys::PointerEvent)>;
    let listeners = StoredValue::new_local(None::<(web_sys::Element, Listener, Listener)>);
    Effect::new(move |_| {
        let Some(surface) = layer.get().and_then(|el| el.parent_element()) else {
            return;
        };
        let on_move: Listener = Closure::new(move |ev: web_sys::PointerEvent| {
            if ev.pointer_type() == "touch" {
                return;
            }
            let Some(el) = document().get_element_by_id("canvas-viewport") else {
                return;
            };
            let r = el.get_bounding_client_rect();
            let v = ctl.viewport.get_untracked();
            let x = (f64::from(ev.client_x()) - r.left() - v.x) / v.scale;
            let y = (f64::from(ev.client_y()) - r.top() - v.y) / v.scale;
            pointers.moved(x, y);
        });
        let on_leave: Listener = Closure::new(move |_: web_sys::PointerEvent| pointers.leave());
        let _ = surface
            .add_event_listener_with_callback("pointermove", on_move.as_ref().unchecked_ref());
        let _ = surface
            .add_event_listener_with_callback("pointerleave", on_leave.as_ref().unchecked_ref());
        listeners.set_value(Some((surface, on_move, on_leave)));
    });
    on_cleanup(move || {
        if let Some((surface, on_move, on_leave)) =
            listeners.try_update_value(Option::take).flatten()
        {
            let _ = surface.remove_event_listener_with_callback(
                "pointermove",
                on_move.as_ref().unchecked_ref(),
            );
            let _ = surface.remove_event_listener_with_callback(
                "pointerleave",
                on_leave.as_ref().unchecked_ref(),
            );
        }
        pointers.leave();
    });
}

/// Another member's cursor: an arrow in their colour and their name beside it.
#[component]
fn Cursor(ctl: Ctl, member: MemberId, seen: RwSignal<Seen>, pointers: Pointers) -> impl IntoView {
    let colour = colour_of(member);
    let style = move || {
        let (x, y) = seen.with(|s| on_screen(ctl, s.x, s.y));
        format!("transform:translate({x}px,{y}px);--who:{colour}")
    };
    let idle = move || pointers.now.get() - seen.with(|s| s.at) > IDLE_MS;
    view! {
        <div class="cursor" class:idle=idle style=style data-member=member.to_string()>
            <svg class="cursor-arrow" viewBox="0 0 16 20" width="16" height="20">
                <path d="M1 1 L1 16 L5 12 L8 19 L11 18 L8 11 L14 11 Z" />
            </svg>
            <span class="cursor-name">
                <bdi>{move || ctl.member_name(member).unwrap_or_default()}</bdi>
            </span>
        </div>
    }
}

/// The facilitator's laser: a red dot, and where it was in the last moments as fading
/// shadows of one element (CSS hides the trail under reduced motion).
#[component]
fn Laser(ctl: Ctl, seen: RwSignal<Seen>, pointers: Pointers) -> impl IntoView {
    let place = move || seen.with(|s| on_screen(ctl, s.x, s.y));
    let style = move || {
        let (x, y) = place();
        format!("transform:translate({x}px,{y}px)")
    };
    // Each earlier place as a shadow offset from the dot, fainter the older it is.
    let trail = move || {
        let (x, y) = place();
        let now = pointers.now.get().max(seen.with(|s| s.at));
        let shadows = seen.with(|s| {
            s.trail
                .iter()
                .filter(|t| now - t.2 <= TRAIL_MS)
                .map(|&(tx, ty, at)| {
                    let (sx, sy) = on_screen(ctl, tx, ty);
                    let alpha = (1.0 - (s.at - at) / TRAIL_MS).clamp(0.1, 0.7);
                    format!("{}px {}px 0 -3px rgb(224 0 0/{alpha})", sx - x, sy - y)
                })
                .collect::<Vec<_>>()
        });
        (!shadows.is_empty()).then(|| {
            let style = format!("{};box-shadow:{}", style(), shadows.join(","));
            view! { <div class="laser-trail" style=style></div> }
        })
    };
    let idle = move || pointers.now.get() - seen.with(|s| s.at) > IDLE_MS;
    view! {
        {trail}
        <div class="laser-dot" class:idle=idle style=style></div>
    }
}

/// The section the facilitator spotlights, with the rest of the canvas dimmed; its
/// coming and going is announced.
#[component]
fn Spotlight(ctl: Ctl, session: Session, sees_lead: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let canvas = ctl.canvas;
    let me = ctl.me;
    let key = Memo::new(move |_| {
        let mine_or_followed = move |v: &ViewEvent| v.by == me || sees_lead.get();
        session.view.with(|v| {
            v.as_ref()
                .filter(|v| v.canvas_id == canvas && mine_or_followed(v))
                .and_then(|v| v.view.as_ref()?.section.clone())
        })
    });
    let title = move |key: &str| {
        crate::tools::canvas::texts::texts(i18n.lang_untracked())
            .section(key)
            .map(|t| t.title)
            .unwrap_or_default()
    };
    Effect::new(move |was: Option<Option<String>>| {
        let now = key.get();
        if let Some(was) = was
            && was != now
        {
            let t = texts(i18n.lang_untracked());
            ctl.announce(match &now {
                Some(k) => fill(t.spotlit, &[("section", title(k))]),
                None => t.spotlight_ended.to_owned(),
            });
        }
        now
    });
    move || {
        let key = key.get()?;
        let s = ctl
            .sections
            .with_value(|s| s.iter().find(|s| s.key == key).cloned())?;
        let style = move || {
            let v = ctl.viewport.get();
            format!(
                "transform:translate({}px,{}px);width:{}px;height:{}px",
                s.x * v.scale + v.x,
                s.y * v.scale + v.y,
                s.w * v.scale,
                s.h * v.scale
            )
        };
        Some(view! {
            <div class="spotlight-mask" style=style>
                <span class="spotlight-label">
                    {move || fill(texts(i18n.lang()).spotlit, &[("section", title(&key))])}
                </span>
            </div>
        })
    }
}
