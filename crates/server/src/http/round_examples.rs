//! The contract's examples of a voting round: Yael (the facilitator) opens a named round of
//! five dots (at most three on one sticky) on the canvas; Noa places two dots on a sticky;
//! Yael reveals it.

use hevruta_model::vote::{
    MyDots, RankedItem, Round, RoundEvent, RoundId, RoundListing, RoundOn, RoundResults,
    RoundStatus, RoundView, SSE_ROUND, SetDots, StartRound, Voter,
};
use uuid::Uuid;

use super::examples::{at, canvas_id, frame, noa_id, yael_id};

const ROUND: Uuid = Uuid::from_u128(0x0193_8c2f_1a10_7a01_8b02_3c04_5d06_7e08);
const STICKY: Uuid = Uuid::from_u128(0x0193_8c2e_8d20_7c43_9e5f_6a0b_4c3d_9e05);
const STICKY_TEXT: &str = "Every child learns to swim at the city's beaches";

pub fn round_id() -> RoundId {
    RoundId(ROUND)
}

pub fn start_round() -> StartRound {
    StartRound {
        on: RoundOn::Canvas(canvas_id()),
        budget: 5,
        cap: Some(3),
        anonymous: false,
    }
}

pub fn round() -> Round {
    Round {
        id: round_id(),
        on: RoundOn::Canvas(canvas_id()),
        budget: 5,
        cap: Some(3),
        anonymous: false,
        status: RoundStatus::Open,
        voters: 0,
        opened_by: yael_id(),
        opened_at: at(20),
        closed_at: None,
    }
}

fn revealed_round() -> Round {
    Round {
        status: RoundStatus::Revealed,
        voters: 1,
        closed_at: Some(at(25)),
        ..round()
    }
}

pub fn listing() -> RoundListing {
    RoundListing {
        rounds: vec![revealed_round()],
        last_seq: 9,
    }
}

pub fn set_dots() -> SetDots {
    SetDots {
        item: STICKY,
        dots: 2,
    }
}

/// Noa's view after placing two dots.
pub fn dots_set() -> RoundView {
    RoundView {
        round: Round {
            voters: 1,
            ..round()
        },
        mine: vec![MyDots {
            item: STICKY,
            dots: 2,
        }],
        remaining: 3,
        results: None,
    }
}

pub fn opened_view() -> RoundView {
    RoundView {
        round: round(),
        mine: vec![],
        remaining: 5,
        results: None,
    }
}

pub fn revealed() -> RoundView {
    RoundView {
        round: revealed_round(),
        mine: vec![],
        remaining: 0,
        results: Some(RoundResults {
            voters: 1,
            dots: 2,
            items: vec![RankedItem {
                item: STICKY,
                rank: 1,
                dots: 2,
                label: STICKY_TEXT.into(),
                voters: Some(vec![Voter {
                    member: noa_id(),
                    name: "Noa (Bialik school)".into(),
                    dots: 2,
                }]),
            }],
        }),
    }
}

pub fn cancelled() -> RoundView {
    RoundView {
        round: Round {
            status: RoundStatus::Cancelled,
            closed_at: Some(at(25)),
            ..round()
        },
        mine: vec![],
        remaining: 0,
        results: None,
    }
}

pub fn round_frame() -> serde_json::Value {
    let event = RoundEvent {
        seq: 8,
        at: at(21),
        round: Round {
            voters: 1,
            ..round()
        },
    };
    frame(SSE_ROUND, Some(8), &event)
}
