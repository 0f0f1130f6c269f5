//! Pointers on a canvas, both ways. Others' cursors and the facilitator's laser come from
//! the stream (each member's its own signal, so one move redraws one cursor); this
//! member's pointer goes out at most every 66 ms, the latest move of each window, while
//! cursors are on (a preference kept on this device) or the facilitator's laser is. A
//! viewer (the projector) only watches.

use std::collections::VecDeque;

use gloo_timers::callback::Timeout;
use hevruta_model::MemberId;
use hevruta_model::pointer::{Pointer, PointerEvent, SEND_EVERY_MS};
use leptos::prelude::*;

use super::session::{Session, local_now};
use crate::tools::canvas::ctl::Ctl;

const CURSORS_OFF_KEY: &str = "hevruta.cursors.off";
/// How long a laser's trail is, in milliseconds.
pub const TRAIL_MS: f64 = 400.0;
/// A cursor that has not moved for this long fades; for `GONE_MS` it goes.
pub const IDLE_MS: f64 = 3_000.0;
pub const GONE_MS: f64 = 15_000.0;

/// One member's pointer as this screen last heard it, in canvas units.
#[derive(Debug, Clone, PartialEq)]
pub struct Seen {
    pub x: f64,
    pub y: f64,
    pub laser: bool,
    /// This device's clock when it last moved.
    pub at: f64,
    /// The laser's recent places, oldest first, each with when it was there.
    pub trail: VecDeque<(f64, f64, f64)>,
}

impl Seen {
    /// `self` moved to `p` at `now`: the place it leaves joins the trail, which keeps
    /// only the last `TRAIL_MS`.
    pub fn moved(mut self, p: Pointer, now: f64) -> Self {
        if p.laser && self.laser {
            self.trail.push_back((self.x, self.y, self.at));
        } else {
            self.trail.clear();
        }
        while self.trail.front().is_some_and(|t| now - t.2 > TRAIL_MS) {
            self.trail.pop_front();
        }
        Seen {
            x: p.x,
            y: p.y,
            laser: p.laser,
            at: now,
            trail: self.trail,
        }
    }

    pub fn new(p: Pointer, now: f64) -> Self {
        Seen {
            x: p.x,
            y: p.y,
            laser: p.laser,
            at: now,
            trail: VecDeque::new(),
        }
    }
}

/// A member's colour for their cursor, from their id: dark enough for white text (4.5:1),
/// never the laser's red. The name is always shown beside it, so colour is never alone.
pub fn colour_of(member: MemberId) -> &'static str {
    const PALETTE: [&str; 8] = [
        "#1d4ed8", "#047857", "#6d28d9", "#9a3412", "#be185d", "#0e7490", "#4d7c0f", "#854d0e",
    ];
    let n = member.0.as_u128();
    PALETTE[(n ^ (n >> 64)) as usize % PALETTE.len()]
}

#[derive(Clone, Copy)]
pub struct Pointers {
    /// Others' pointers on this canvas, each its own signal.
    pub seen: RwSignal<Vec<(MemberId, RwSignal<Seen>)>>,
    /// Whether this member sees and sends cursors (kept on this device).
    pub cursors: RwSignal<bool>,
    /// The facilitator's laser is on: their pointer goes out as the laser.
    pub laser: RwSignal<bool>,
    /// This device's clock, ticking while anyone's pointer is shown (for fading).
    pub now: RwSignal<f64>,
    ctl: Ctl,
    session: Session,
    /// The move waiting for its window, and the window's timer.
    waiting: StoredValue<Option<Pointer>>,
    timer: StoredValue<Option<Timeout>, LocalStorage>,
    last_sent: StoredValue<f64>,
    /// Something of ours is shown to the others (so leaving hides it).
    shown: StoredValue<bool>,
}

impl Pointers {
    /// Starts hearing the canvas's pointers (`ctl`'s canvas, on `session`'s stream).
    pub fn new(ctl: Ctl, session: Session) -> Self {
        let cursors_on = crate::state::storage::get(CURSORS_OFF_KEY).is_none();
        let p = Pointers {
            seen: RwSignal::new(Vec::new()),
            cursors: RwSignal::new(cursors_on),
            laser: RwSignal::new(false),
            now: RwSignal::new(local_now()),
            ctl,
            session,
            waiting: StoredValue::new(None),
            timer: StoredValue::new_local(None),
            last_sent: StoredValue::new(f64::NEG_INFINITY),
            shown: StoredValue::new(false),
        };
        let canvas = ctl.canvas;
        session
            .on_pointer
            .set_value(Some(std::rc::Rc::new(move |json: &str| {
                if let Ok(event) = serde_json::from_str::<PointerEvent>(json)
                    && event.canvas_id == canvas
                {
                    p.heard(event);
                }
            })));
        // The clock for fading, ticking only while something is shown.
        let tick = StoredValue::new_local(None::<gloo_timers::callback::Interval>);
        Effect::new(move |_| {
            let any = p.seen.with(|s| !s.is_empty());
            if any && tick.with_value(Option::is_none) {
                tick.set_value(Some(gloo_timers::callback::Interval::new(500, move || {
                    p.tick();
                })));
            } else if !any {
                tick.set_value(None);
            }
        });
        // Turning cursors off (with no laser) hides ours; the choice is kept.
        Effect::new(move |was: Option<bool>| {
            let on = p.cursors.get();
            if was.is_some() {
                if on {
                    crate::state::storage::remove(CURSORS_OFF_KEY);
                } else {
                    crate::state::storage::set(CURSORS_OFF_KEY, "1");
                }
            }
            on
        });
        Effect::new(move |_| {
            if !p.sending() {
                p.leave();
            }
        });
        p
    }

    fn heard(&self, event: PointerEvent) {
        // `now` only ticks: a move makes its cursor fresh by its own `at`.
        let now = local_now();
        let found = self
            .seen
            .with_untracked(|s| s.iter().find(|(m, _)| *m == event.by).map(|(_, v)| *v));
        match (event.pointer, found) {
            (Some(p), Some(seen)) => seen.update(|s| *s = s.clone().moved(p, now)),
            (Some(p), None) => self
                .seen
                .update(|s| s.push((event.by, RwSignal::new(Seen::new(p, now))))),
            (None, Some(_)) => self.seen.update(|s| s.retain(|(m, _)| *m != event.by)),
            (None, None) => {}
        }
    }

    fn tick(&self) {
        let now = local_now();
        let _ = self.now.try_set(now);
        let gone = self.seen.with_untracked(|s| {
            s.iter()
                .any(|(_, v)| now - v.with_untracked(|v| v.at) > GONE_MS)
        });
        if gone {
            self.seen.update(|s| {
                s.retain(|(_, v)| now - v.with_untracked(|v| v.at) <= GONE_MS);
            });
        }
    }

    /// Whether this member's pointer goes out now (tracked).
    pub fn sending(&self) -> bool {
        self.session.me.with_value(|m| m.role.can_write())
            && (self.laser.get() || self.cursors.get())
    }

    /// This member's pointer moved to `(x, y)` in canvas units.
    pub fn moved(&self, x: f64, y: f64) {
        if !self.sending_untracked() {
            return;
        }
        let laser = self.laser.get_untracked();
        self.waiting.set_value(Some(Pointer { x, y, laser }));
        if self.timer.with_value(Option::is_some) {
            return;
        }
        let wait = f64::from(SEND_EVERY_MS) - (local_now() - self.last_sent.get_value());
        if wait <= 0.0 {
            self.flush();
        } else {
            let p = *self;
            self.timer
                .set_value(Some(Timeout::new(wait.ceil() as u32, move || {
                    p.timer.set_value(None);
                    p.flush();
                })));
        }
    }

    fn sending_untracked(&self) -> bool {
        self.session.me.with_value(|m| m.role.can_write())
            && (self.laser.get_untracked() || self.cursors.get_untracked())
    }

    /// Sends the waiting move.
    fn flush(&self) {
        let Some(pointer) = self.waiting.try_update_value(Option::take).flatten() else {
            return;
        };
        self.last_sent.set_value(local_now());
        self.shown.set_value(true);
        let client = self.session.client.get_value();
        let (id, canvas) = (self.ctl.expedition, self.ctl.canvas);
        leptos::task::spawn_local(async move {
            let _ = client.set_pointer(id, canvas, &pointer).await;
        });
    }

    /// This member's pointer left the canvas (or stopped being sent): hide it.
    pub fn leave(&self) {
        // Also called as the page's owner goes away: nothing here may be gone by then.
        let _ = self.waiting.try_set_value(None);
        let _ = self.timer.try_set_value(None);
        if self.shown.try_get_value() != Some(true) {
            return;
        }
        let _ = self.shown.try_set_value(false);
        let Some(client) = self.session.client.try_get_value() else {
            return;
        };
        let (id, canvas) = (self.ctl.expedition, self.ctl.canvas);
        leptos::task::spawn_local(async move {
            let _ = client.hide_pointer(id, canvas).await;
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(x: f64, laser: bool) -> Pointer {
        Pointer { x, y: 0.0, laser }
    }

    #[test]
    fn a_laser_leaves_a_short_trail_and_a_cursor_none() {
        let mut seen = Seen::new(at(0.0, true), 0.0);
        for i in 1..=10 {
            seen = seen.moved(at(f64::from(i), true), f64::from(i) * 100.0);
        }
        let trail: Vec<f64> = seen.trail.iter().map(|t| t.0).collect();
        assert_eq!(trail, [6.0, 7.0, 8.0, 9.0], "only the last 400 ms");
        assert_eq!((seen.x, seen.at), (10.0, 1000.0));
        let cursor = seen.moved(at(11.0, false), 1100.0);
        assert!(cursor.trail.is_empty() && !cursor.laser);
    }

    #[test]
    fn each_member_keeps_one_colour_and_none_is_the_lasers_red() {
        let a = MemberId(uuid::Uuid::from_u128(7));
        assert_eq!(colour_of(a), colour_of(a));
        let used: std::collections::BTreeSet<_> = (0..64u128)
            .map(|n| colour_of(MemberId(uuid::Uuid::from_u128(n))))
            .collect();
        assert!(used.len() > 4, "members get different colours");
        assert!(
            !used
                .iter()
                .any(|c| c.starts_with("#d") || c.starts_with("#e") || c.starts_with("#f"))
        );
    }
}
