//! The facilitator's view on a canvas, both ways: while the facilitator presents, their
//! view goes to the server at most every 50 ms; a follower (a projector always, a member
//! who chose to) moves with each view that comes, fitted to its own screen, and sees the
//! section or sticky the facilitator spotlights. Panning by hand stops following.

use gloo_timers::callback::Timeout;
use hevruta_model::MemberId;
use hevruta_model::facilitation::{MAX_VIEW_ZOOM, MIN_VIEW_ZOOM, ViewEvent, Viewport as Wire};
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

use super::session::Session;
use crate::tools::canvas::ctl::Ctl;
use crate::tools::canvas::geometry::Viewport;

/// The longest a moving view waits before it is sent.
const SEND_EVERY_MS: u32 = 50;

/// The surface's size on screen.
fn surface_size() -> (f64, f64) {
    document()
        .get_element_by_id("canvas-viewport")
        .map(|el| {
            let r = el.get_bounding_client_rect();
            (r.width(), r.height())
        })
        .filter(|(w, h)| *w > 0.0 && *h > 0.0)
        .unwrap_or((1280.0, 800.0))
}

/// What a screen of `w`×`h` showing `v` sends.
pub fn to_wire(v: Viewport, w: f64, h: f64) -> Wire {
    let clamp = |n: f64| n.clamp(-1_000_000.0, 1_000_000.0);
    let extent = |n: f64| n.clamp(1.0, 2_000_000.0);
    Wire {
        x: clamp((w / 2.0 - v.x) / v.scale),
        y: clamp((h / 2.0 - v.y) / v.scale),
        zoom: v.scale.clamp(MIN_VIEW_ZOOM, MAX_VIEW_ZOOM),
        width: Some(extent(w / v.scale)),
        height: Some(extent(h / v.scale)),
        section: None,
        sticky: None,
        bring: false,
    }
}

/// The view a screen of `w`×`h` takes to show what `wire` shows: the same centre, zoomed
/// so the same area fits.
pub fn from_wire(wire: &Wire, w: f64, h: f64) -> Viewport {
    let scale = match (wire.width, wire.height) {
        (Some(ww), Some(wh)) => (w / ww).min(h / wh),
        _ => wire.zoom,
    }
    .clamp(MIN_VIEW_ZOOM, MAX_VIEW_ZOOM);
    Viewport {
        x: w / 2.0 - wire.x * scale,
        y: h / 2.0 - wire.y * scale,
        scale,
    }
}

/// Who follows on this screen, and whether this facilitator presents.
#[derive(Clone, Copy)]
pub struct Follow {
    pub following: RwSignal<bool>,
    pub presenting: RwSignal<bool>,
    /// Who presents this canvas now, if anyone.
    pub presenter: Memo<Option<MemberId>>,
    /// The sticky being spotlit, sent with the next view.
    pub spotlight: RwSignal<Option<hevruta_model::canvas::StickyId>>,
    /// The section being spotlit (a template key), sent with the next view.
    pub spotlight_section: RwSignal<Option<String>>,
    /// Set for one send: move everyone, followers or not.
    bring: StoredValue<bool>,
    /// Sends the view again though it did not move.
    nudge: RwSignal<u32>,
}

impl Follow {
    /// Sends the current view now with "bring everyone here".
    pub fn bring_everyone(&self) {
        self.bring.set_value(true);
        self.presenting.set(true);
        self.nudge.update(|n| *n += 1);
    }
}

/// Wires `ctl`'s view to the session's: sending while presenting, moving while following.
/// `always` (the projector): follows whoever presents, and never stops.
pub fn use_follow(ctl: Ctl, session: Session, always: bool) -> Follow {
    let me = ctl.me;
    let canvas = ctl.canvas;
    let presenter = Memo::new(move |_| {
        session.view.with(|v| {
            v.as_ref()
                .filter(|v| v.canvas_id == canvas && v.view.is_some())
                .map(|v| v.by)
        })
    });
    let follow = Follow {
        following: RwSignal::new(always),
        presenting: RwSignal::new(false),
        presenter,
        spotlight: RwSignal::new(None),
        spotlight_section: RwSignal::new(None),
        bring: StoredValue::new(false),
        nudge: RwSignal::new(0),
    };

    // Sending: the view as it moves, at most every 50 ms (the last one always goes).
    let pending = StoredValue::new_local(None::<Timeout>);
    let send = move || {
        if !follow.presenting.get_untracked() {
            return;
        }
        let (w, h) = surface_size();
        let mut wire = to_wire(ctl.viewport.get_untracked(), w, h);
        wire.sticky = follow.spotlight.get_untracked();
        wire.section = follow.spotlight_section.get_untracked();
        wire.bring = follow.bring.get_value();
        follow.bring.set_value(false);
        let client = session.client.get_value();
        let id = session.expedition;
        leptos::task::spawn_local(async move {
            let _ = client.set_view(id, canvas, &wire).await;
        });
    };
    Effect::new(move |_| {
        ctl.viewport.track();
        follow.spotlight.track();
        follow.spotlight_section.track();
        follow.nudge.track();
        if !follow.presenting.get() {
            return;
        }
        if pending.with_value(Option::is_some) {
            return;
        }
        pending.set_value(Some(Timeout::new(SEND_EVERY_MS, move || {
            pending.set_value(None);
            send();
        })));
    });
    // Stopping tells everyone.
    Effect::new(move |was: Option<bool>| {
        let now = follow.presenting.get();
        if was == Some(true) && !now {
            let client = session.client.get_value();
            let id = session.expedition;
            leptos::task::spawn_local(async move {
                let _ = client.end_view(id, canvas).await;
            });
        }
        now
    });

    // Following: each view that comes, fitted to this screen.
    let applied = StoredValue::new(None::<Viewport>);
    Effect::new(move |_| {
        let Some(ViewEvent {
            by,
            view: Some(wire),
            ..
        }) = session.view.get().filter(|v| v.canvas_id == canvas)
        else {
            spotlight_dom(None);
            return;
        };
        if by == me {
            return;
        }
        if wire.bring || follow.following.get() {
            let (w, h) = surface_size();
            let v = from_wire(&wire, w, h);
            applied.set_value(Some(v));
            ctl.move_view(|_| v);
        }
        spotlight_dom(wire.sticky.map(|s| s.to_string()));
    });
    // Panning or zooming by hand (the view differs from what was applied) stops following.
    if !always {
        Effect::new(move |_| {
            let v = ctl.viewport.get();
            if follow.following.get_untracked() && applied.get_value().is_some_and(|a| a != v) {
                follow.following.set(false);
            }
        });
    }
    follow
}

/// Marks the spotlit sticky on this screen (one at a time).
fn spotlight_dom(sticky: Option<String>) {
    let doc = document();
    if let Ok(list) = doc.query_selector_all(".sticky.spotlit") {
        for i in 0..list.length() {
            if let Some(el) = list
                .item(i)
                .and_then(|n| n.dyn_into::<web_sys::Element>().ok())
            {
                let _ = el.class_list().remove_1("spotlit");
            }
        }
    }
    if let Some(id) = sticky
        && let Ok(Some(el)) = doc.query_selector(&format!("[data-sticky=\"{id}\"]"))
    {
        let _ = el.class_list().add_1("spotlit");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_follower_of_another_size_shows_the_same_area() {
        let facilitator = Viewport {
            x: -200.0,
            y: -100.0,
            scale: 1.0,
        };
        let wire = to_wire(facilitator, 1280.0, 800.0);
        assert_eq!(
            (wire.x, wire.y),
            (840.0, 500.0),
            "the centre in canvas units"
        );
        let wall = from_wire(&wire, 1920.0, 1200.0);
        assert_eq!(wall.scale, 1.5, "the same area, larger");
        // The centre of the wall is the centre the facilitator sees.
        assert_eq!(
            ((960.0 - wall.x) / wall.scale, (600.0 - wall.y) / wall.scale),
            (840.0, 500.0)
        );
        let old = Wire {
            width: None,
            height: None,
            ..wire
        };
        assert_eq!(
            from_wire(&old, 1920.0, 1200.0).scale,
            1.0,
            "no area: the same zoom"
        );
    }
}
