//! Running a live session: the facilitator's timer, locks on canvases and boards, raised
//! hands and "done", and the facilitator's view that projectors and followers move with.
//! None of it is stored in the event log: it lives on the server while the session runs,
//! and goes out on the event stream as `event: facilitation` and `event: view`.

use serde::{Deserialize, Serialize};

use crate::board::BoardId;
use crate::canvas::{CanvasId, MAX_COORDINATE, StickyId};
use crate::{MemberId, UnixMillis};

/// SSE `event:` name of the session's state (`Facilitation`), not stored: no `id:`.
pub const SSE_FACILITATION: &str = "facilitation";
/// SSE `event:` name of the facilitator's view of a canvas (`ViewEvent`), not stored.
pub const SSE_VIEW: &str = "view";

/// Longest timer, in seconds (3 hours), whether started so or reached by adding.
pub const MAX_TIMER_SECONDS: u32 = 3 * 60 * 60;
/// The view's zoom range (the canvas screen's own).
pub const MIN_VIEW_ZOOM: f64 = 0.05;
pub const MAX_VIEW_ZOOM: f64 = 4.0;

/// The session's timer. Running while `ends_at` is set; paused (or not yet started) while
/// it is `null`, with `remaining_ms` left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Timer {
    /// The length it was started with plus what was added, in milliseconds.
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_800_000))]
    pub duration_ms: u64,
    /// What is left as of the answer's `now` (0 once it ran out).
    #[cfg_attr(feature = "openapi", schema(minimum = 0, maximum = 10_800_000))]
    pub remaining_ms: u64,
    /// While running: the server's moment it reaches zero. A client shows
    /// `ends_at − (its clock + (now − its clock when the answer came))`, so every screen
    /// counts down from the server's clock, not its own.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::UnixMillis>))]
    pub ends_at: Option<UnixMillis>,
}

impl Timer {
    /// Milliseconds left at the server's moment `now`.
    pub fn remaining_at(&self, now: UnixMillis) -> u64 {
        match self.ends_at {
            Some(end) => u64::try_from(end.saturating_sub(now)).unwrap_or(0),
            None => self.remaining_ms,
        }
    }

    pub fn running(&self) -> bool {
        self.ends_at.is_some()
    }
}

/// The session as one member sees it: what everyone sees, plus who raised a hand or is
/// done for facilitators, plus the member's own hand and done.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Facilitation {
    /// The server's clock when this was written: a client's clock offset is
    /// `now − its own clock` at receipt.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub now: UnixMillis,
    /// `null`: no timer set (never started, or reset).
    pub timer: Option<Timer>,
    /// Canvases read-only for participants now (sorted).
    pub locked_canvases: Vec<CanvasId>,
    /// Boards read-only for participants now (sorted).
    pub locked_boards: Vec<BoardId>,
    /// How many have a hand raised.
    pub hands: u32,
    /// How many said they are done.
    pub done: u32,
    /// Facilitators only: who raised a hand, in the order they did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hands_by: Option<Vec<MemberId>>,
    /// Facilitators only: who is done, in the order they said so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub done_by: Option<Vec<MemberId>>,
    /// The caller's own hand.
    pub my_hand: bool,
    /// Whether the caller said they are done.
    pub my_done: bool,
}

impl Facilitation {
    pub fn canvas_locked(&self, canvas: CanvasId) -> bool {
        self.locked_canvases.contains(&canvas)
    }

    pub fn board_locked(&self, board: BoardId) -> bool {
        self.locked_boards.contains(&board)
    }
}

/// Private writing on a canvas, as everyone may know it: whether authors will be hidden,
/// and how much is being written (not what, nor by whom).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PrivateWriting {
    /// Revealed without authors: every revealed op's `author` is the nil UUID.
    pub anonymous: bool,
    /// Private stickies not deleted (the caller's own included).
    pub stickies: u32,
    /// How many members wrote them.
    pub writers: u32,
}

/// `PUT …/canvases/{canvas}/private-writing`: start private writing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartPrivateWriting {
    /// Hide who wrote what when it is revealed.
    pub anonymous: bool,
}

/// What to do with the timer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum TimerAction {
    /// Start anew with `seconds` (required), running.
    Start,
    /// Stop counting; what is left stays.
    Pause,
    /// Count on from where it was paused.
    Resume,
    /// Add `seconds` (60 when absent), running or paused.
    Add,
    /// No timer any more.
    Reset,
}

/// `POST /expeditions/{id}/facilitation/timer`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TimerCommand {
    pub action: TimerAction,
    /// `start`: the length; `add`: how much more (default 60). 1 to 10800.
    #[serde(default, deserialize_with = "whole_seconds")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 10800))]
    pub seconds: Option<u32>,
}

/// A whole number of seconds, also when written `281.0` (JSON has one kind of number);
/// out of `u32` or with a fraction it is refused.
fn whole_seconds<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let Some(n) = Option::<f64>::deserialize(d)? else {
        return Ok(None);
    };
    if n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&n) {
        Ok(Some(n as u32))
    } else {
        Err(serde::de::Error::custom(format!(
            "seconds: a whole number from 1 to {MAX_TIMER_SECONDS}, not {n}"
        )))
    }
}

/// `PUT …/canvases/{canvas}/lock` and `PUT …/boards/{board}/lock`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetLock {
    /// `true`: participants may only read it; facilitators still write.
    pub locked: bool,
}

/// `PUT /expeditions/{id}/facilitation/me`: the caller's hand and done; an absent field
/// stays as it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetSignals {
    #[serde(default)]
    pub hand: Option<bool>,
    #[serde(default)]
    pub done: Option<bool>,
}

/// Where the facilitator looks on a canvas: the centre of their screen in canvas units and
/// their zoom, and what they point everyone at.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Viewport {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
    pub x: f64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
    pub y: f64,
    /// Screen pixels per canvas unit, 0.05 to 4.
    #[cfg_attr(feature = "openapi", schema(minimum = 0.05, maximum = 4.0))]
    pub zoom: f64,
    /// How much of the canvas the facilitator sees, in canvas units (1 to 2000000): a
    /// follower's screen of another size shows the same area, zoomed to fit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 2_000_000))]
    pub width: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 2_000_000))]
    pub height: Option<f64>,
    /// A section shown to everyone (spotlight): a key of the canvas's template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::SectionKey>))]
    pub section: Option<String>,
    /// A sticky shown to everyone (spotlight).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sticky: Option<StickyId>,
    /// "Bring everyone here": members who stopped following move too, once.
    #[serde(default)]
    pub bring: bool,
}

impl Viewport {
    /// Whether the numbers are in range (JSON has no NaN, but it has 1e308).
    pub fn in_range(&self) -> bool {
        let coordinate = |v: f64| v.is_finite() && v.abs() <= MAX_COORDINATE;
        let extent = |v: Option<f64>| v.is_none_or(|v| (1.0..=2.0 * MAX_COORDINATE).contains(&v));
        coordinate(self.x)
            && coordinate(self.y)
            && (MIN_VIEW_ZOOM..=MAX_VIEW_ZOOM).contains(&self.zoom)
            && extent(self.width)
            && extent(self.height)
    }
}

/// `event: view`: the facilitator's view of a canvas, or (`view: null`) that they stopped
/// presenting it. Sent to the whole expedition as it happens, and to a stream opened on the
/// canvas right after its catch-up while someone presents it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ViewEvent {
    pub canvas_id: CanvasId,
    /// The facilitator whose view it is.
    pub by: MemberId,
    pub view: Option<Viewport>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_running_timer_counts_from_its_end_and_a_paused_one_holds() {
        let running = Timer {
            duration_ms: 60_000,
            remaining_ms: 60_000,
            ends_at: Some(100_000),
        };
        assert_eq!(running.remaining_at(40_000), 60_000);
        assert_eq!(running.remaining_at(99_000), 1_000);
        assert_eq!(running.remaining_at(200_000), 0, "never below zero");
        let paused = Timer {
            ends_at: None,
            remaining_ms: 5_000,
            ..running
        };
        assert_eq!(paused.remaining_at(1_000_000), 5_000);
    }

    #[test]
    fn views_out_of_range_are_refused() {
        let ok = Viewport {
            x: 10.0,
            y: -10.0,
            zoom: 1.0,
            width: Some(1280.0),
            height: None,
            section: None,
            sticky: None,
            bring: false,
        };
        assert!(ok.in_range());
        assert!(
            !Viewport {
                zoom: 0.0,
                ..ok.clone()
            }
            .in_range()
        );
        assert!(
            !Viewport {
                x: 1e308,
                ..ok.clone()
            }
            .in_range()
        );
        assert!(
            !Viewport {
                zoom: 5.0,
                ..ok.clone()
            }
            .in_range()
        );
        assert!(
            !Viewport {
                width: Some(0.5),
                ..ok
            }
            .in_range()
        );
    }

    #[test]
    fn seconds_may_be_written_as_whole_floats() {
        let cmd: TimerCommand =
            serde_json::from_str(r#"{"action":"add","seconds":281.0}"#).unwrap();
        assert_eq!(cmd.seconds, Some(281));
        assert!(serde_json::from_str::<TimerCommand>(r#"{"action":"add","seconds":1.5}"#).is_err());
        assert!(serde_json::from_str::<TimerCommand>(r#"{"action":"add","seconds":-1}"#).is_err());
        let cmd: TimerCommand = serde_json::from_str(r#"{"action":"reset"}"#).unwrap();
        assert_eq!(cmd.seconds, None);
    }

    #[test]
    fn who_raised_a_hand_is_left_out_of_the_wire_when_absent() {
        let f = Facilitation::default();
        let json = serde_json::to_string(&f).unwrap();
        assert!(!json.contains("hands_by"));
        let back: Facilitation = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
    }
}
