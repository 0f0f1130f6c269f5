//! Pointers on a canvas: members' live cursors and the facilitator's laser. Never stored:
//! each move goes out at once on the event stream (`event: pointer`) to the streams that
//! have the canvas open, and is forgotten.

use serde::{Deserialize, Serialize};

use crate::MemberId;
use crate::canvas::{CanvasId, MAX_COORDINATE};

/// SSE `event:` name of a pointer on a canvas (`PointerEvent`), not stored: no `id:`.
pub const SSE_POINTER: &str = "pointer";
/// How many pointer moves a member may send per second (a burst of as many is allowed);
/// the server drops the rest. Clients send at most every `SEND_EVERY_MS`.
pub const MAX_POINTERS_PER_SECOND: u32 = 20;
/// How often a client sends its pointer at most (coalescing the moves in between).
pub const SEND_EVERY_MS: u32 = 66;

/// `PUT …/canvases/{canvas}/pointer`: where the caller points, in canvas units.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Pointer {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
    pub x: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
    pub y: f64,
    /// `true`: the facilitator's laser (shown as a red dot on the projector and to
    /// followers); only facilitators may send it. `false`: a member's cursor.
    #[serde(default)]
    pub laser: bool,
}

impl Pointer {
    /// Finite and within the canvas's ±1000000 (JSON has no NaN, but it has 1e308).
    pub fn in_range(&self) -> bool {
        let ok = |v: f64| v.is_finite() && v.abs() <= MAX_COORDINATE;
        ok(self.x) && ok(self.y)
    }
}

/// `event: pointer`: a member's pointer on a canvas moved, or (`pointer: null`) went away.
/// Sent only to the streams opened on that canvas (`?canvas=`), never to the sender's own.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PointerEvent {
    pub canvas_id: CanvasId,
    /// Whose pointer it is.
    pub by: MemberId,
    pub pointer: Option<Pointer>,
}

/// A member's budget of pointer moves: a token bucket of `MAX_POINTERS_PER_SECOND`, full
/// after a second of quiet.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointerBudget {
    tokens: f64,
    at_ms: i64,
}

impl PointerBudget {
    pub fn new(now_ms: i64) -> Self {
        Self {
            tokens: f64::from(MAX_POINTERS_PER_SECOND),
            at_ms: now_ms,
        }
    }

    /// Takes one move at `now_ms`; `false`: over the rate, drop it.
    pub fn take(&mut self, now_ms: i64) -> bool {
        let rate = f64::from(MAX_POINTERS_PER_SECOND);
        let elapsed = (now_ms - self.at_ms).max(0) as f64 / 1000.0;
        self.tokens = (self.tokens + elapsed * rate).min(rate);
        self.at_ms = now_ms.max(self.at_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            true
        } else {
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_out_of_range_are_refused() {
        let at = |x: f64, y: f64| Pointer { x, y, laser: false };
        assert!(at(10.0, -1_000_000.0).in_range());
        assert!(!at(f64::NAN, 0.0).in_range());
        assert!(!at(0.0, f64::INFINITY).in_range());
        assert!(!at(1e308, 0.0).in_range());
        assert!(!at(0.0, -1_000_001.0).in_range());
    }

    #[test]
    fn a_burst_past_the_rate_is_dropped_and_the_budget_refills() {
        let mut b = PointerBudget::new(0);
        let sent = (0..50).filter(|_| b.take(0)).count();
        assert_eq!(sent, MAX_POINTERS_PER_SECOND as usize, "one second's worth");
        assert!(!b.take(10), "a fifth of a token is not enough");
        assert!(b.take(50), "one token back after 50 ms");
        assert!(!b.take(50));
        // A client sending every 66 ms never runs dry.
        let mut steady = PointerBudget::new(0);
        assert!((0..200).all(|i| steady.take(i * i64::from(SEND_EVERY_MS))));
        // After a quiet second the whole burst is there again, never more.
        assert_eq!((0..50).filter(|_| b.take(5_000)).count(), 20);
    }

    #[test]
    fn a_cursor_is_not_a_laser_unless_it_says_so() {
        let p: Pointer = serde_json::from_str(r#"{"x":1,"y":2}"#).unwrap();
        assert!(!p.laser);
        let gone = PointerEvent {
            canvas_id: CanvasId(uuid::Uuid::nil()),
            by: MemberId(uuid::Uuid::nil()),
            pointer: None,
        };
        let json = serde_json::to_string(&gone).unwrap();
        assert!(json.contains(r#""pointer":null"#));
        assert_eq!(serde_json::from_str::<PointerEvent>(&json).unwrap(), gone);
    }
}
