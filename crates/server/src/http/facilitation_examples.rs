//! The contract's examples of the live session: Yael (the facilitator) runs a five-minute
//! timer with the canvas locked, Noa raised her hand, and Yael presents the canvas and
//! points at it with the laser.

use hevruta_model::canvas::StickyId;
use hevruta_model::facilitation::{
    Facilitation, PrivateWriting, SSE_FACILITATION, SSE_VIEW, SetLock, SetSignals,
    StartPrivateWriting, Timer, TimerAction, TimerCommand, ViewEvent, Viewport,
};
use hevruta_model::focus::{BoardFocus, FocusEvent, SSE_FOCUS};
use hevruta_model::{Event, EventKind};

use hevruta_model::pointer::{Pointer, PointerEvent, SSE_POINTER};

use super::board_examples::board_id;
use super::examples::{canvas_id, frame, noa_id, yael_id};

/// The moment of the examples (2025-12-01 10:01:00 UTC).
const NOW: i64 = 1_764_583_260_000;

pub fn timer_command() -> TimerCommand {
    TimerCommand {
        action: TimerAction::Start,
        seconds: Some(300),
    }
}

/// The session as Yael, the facilitator, sees it.
pub fn facilitation() -> Facilitation {
    Facilitation {
        now: NOW,
        timer: Some(Timer {
            duration_ms: 300_000,
            remaining_ms: 300_000,
            ends_at: Some(NOW + 300_000),
        }),
        locked_canvases: vec![canvas_id()],
        locked_boards: vec![],
        hands: 1,
        done: 0,
        hands_by: Some(vec![noa_id()]),
        done_by: Some(vec![]),
        my_hand: false,
        my_done: false,
    }
}

/// The same session as Noa, a participant, sees it.
pub fn facilitation_participant() -> Facilitation {
    Facilitation {
        hands_by: None,
        done_by: None,
        my_hand: true,
        ..facilitation()
    }
}

pub fn facilitation_board_locked() -> Facilitation {
    Facilitation {
        locked_boards: vec![board_id()],
        ..facilitation()
    }
}

pub fn set_lock() -> SetLock {
    SetLock { locked: true }
}

pub fn set_signals() -> SetSignals {
    SetSignals {
        hand: Some(true),
        done: None,
    }
}

pub fn viewport() -> Viewport {
    Viewport {
        x: 640.0,
        y: 360.0,
        zoom: 1.25,
        width: Some(1024.0),
        height: Some(560.0),
        section: Some("dreams".into()),
        sticky: Some(StickyId(uuid::Uuid::from_u128(
            0x0193_8c2e_8d20_7c43_9e5f_6a0b_4c3d_9e05,
        ))),
        bring: false,
    }
}

/// Yael's laser on the "dreams" section.
pub fn pointer() -> Pointer {
    Pointer {
        x: 412.5,
        y: 230.0,
        laser: true,
    }
}

pub fn pointer_frame() -> serde_json::Value {
    let event = PointerEvent {
        canvas_id: canvas_id(),
        by: yael_id(),
        pointer: Some(pointer()),
    };
    frame(SSE_POINTER, None, &event)
}

pub fn facilitation_frame() -> serde_json::Value {
    frame(SSE_FACILITATION, None, &facilitation_participant())
}

pub fn view_frame() -> serde_json::Value {
    let event = ViewEvent {
        canvas_id: canvas_id(),
        by: yael_id(),
        view: Some(viewport()),
    };
    frame(SSE_VIEW, None, &event)
}

/// Yael spotlights a card of the board for everyone.
pub fn board_focus() -> BoardFocus {
    BoardFocus {
        card: Some(super::board_examples::card_id()),
        column: None,
        bring: false,
    }
}

pub fn focus_frame() -> serde_json::Value {
    let event = FocusEvent {
        board_id: board_id(),
        by: yael_id(),
        focus: Some(board_focus()),
    };
    frame(SSE_FOCUS, None, &event)
}

pub fn start_private_writing() -> StartPrivateWriting {
    StartPrivateWriting { anonymous: true }
}

/// Twelve private stickies from five people, to be revealed without authors.
pub fn private_writing() -> PrivateWriting {
    PrivateWriting {
        anonymous: true,
        stickies: 12,
        writers: 5,
    }
}

pub fn private_writing_frame() -> serde_json::Value {
    let event = Event {
        seq: 9,
        at: NOW,
        change: EventKind::PrivateWriting {
            canvas_id: canvas_id(),
            private_writing: Some(private_writing()),
        },
    };
    frame("change", Some(9), &event)
}
