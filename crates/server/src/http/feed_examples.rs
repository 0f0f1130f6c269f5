//! The contract's examples of the updates feed: after the canvas and the learning, Yael
//! announces the learning trip to Espoo (seq 8), Noa reacts (9) and replies (10); Noa has
//! read up to 7, so the trip is unread and the digest shows Yael's sticky.

use hevruta_model::feed::{
    DigestKind, DigestLine, FeedCursor, FeedEvent, FeedItem, FeedItemId, FeedKind, FeedPage,
    FeedRead, MarkRead, PostDraft, PostReply, Reaction, Reactions, Reply, SSE_FEED,
    SetFeedReaction,
};
use uuid::Uuid;

use super::examples::{at, canvas_id, expedition_id, frame, noa_id, yael_id};

const ITEM: Uuid = Uuid::from_u128(0x0193_8c2e_af40_7f76_8b82_9d3e_7f60_2b08);
const REPLY: Uuid = Uuid::from_u128(0x0193_8c2e_b050_7087_8c93_ae4f_8071_3c09);

pub fn post() -> PostDraft {
    PostDraft {
        kind: Some(FeedKind::Announcement),
        text: "Learning trip to the Espoo library makerspace: https://example.org/espoo".into(),
        date: Some("2026-05-14".into()),
        time: Some("09:30".into()),
        time_zone: Some("Europe/Helsinki".into()),
        place: Some("Meet at Espoo station".into()),
        link: Some("https://example.org/espoo-trip".into()),
    }
}

/// The announcement as posted.
pub fn item() -> FeedItem {
    let p = post();
    FeedItem {
        id: FeedItemId(ITEM),
        kind: FeedKind::Announcement,
        seq: 8,
        author: yael_id(),
        at: at(8),
        text: p.text,
        date: p.date,
        time: p.time,
        time_zone: p.time_zone,
        place: p.place,
        link: p.link,
        reactions: Vec::new(),
        replies: Vec::new(),
    }
}

pub fn reaction() -> SetFeedReaction {
    SetFeedReaction {
        reaction: Reaction::Going,
        on: true,
    }
}

/// After Noa's 🙋.
pub fn item_reacted() -> FeedItem {
    FeedItem {
        reactions: vec![Reactions {
            reaction: Reaction::Going,
            by: vec![noa_id()],
        }],
        ..item()
    }
}

pub fn reply() -> PostReply {
    PostReply {
        text: "I'll bring the school's camera.".into(),
    }
}

/// After Noa's reply.
pub fn item_replied() -> FeedItem {
    FeedItem {
        replies: vec![Reply {
            id: REPLY,
            author: noa_id(),
            text: reply().text,
            at: at(10),
        }],
        ..item_reacted()
    }
}

/// A `feed` frame: Noa's reply (seq 10).
pub fn feed_frame() -> serde_json::Value {
    let event = FeedEvent {
        seq: 10,
        at: at(10),
        item: item_replied(),
    };
    frame(SSE_FEED, Some(event.seq), &event)
}

/// Noa's first page: the trip, the digest of Yael's sticky, the trip as upcoming.
pub fn page() -> FeedPage {
    FeedPage {
        items: vec![item_replied()],
        next_cursor: Some(
            FeedCursor {
                expedition: expedition_id(),
                before_seq: 8,
            }
            .encode(),
        ),
        digest: vec![DigestLine {
            kind: DigestKind::NewStickies,
            count: 1,
            target: "Our city's education model".into(),
            target_id: Some(canvas_id().0),
            circle: None,
            previews: vec!["Every child learns to swim at the city's beaches".into()],
            at: at(3),
        }],
        upcoming: vec![item_replied()],
        read: FeedRead {
            seen_seq: 2,
            unread: 1,
        },
        last_seq: 10,
    }
}

pub fn mark_read() -> MarkRead {
    MarkRead { seq: 10 }
}

pub fn read() -> FeedRead {
    FeedRead {
        seen_seq: 10,
        unread: 0,
    }
}
