//! What one event stream writes: its frames, typed until they go on the wire (a stored
//! event as its member may read it, presence, the live session's frames), and the
//! presence it has sent, so none goes out twice.

use std::collections::HashMap;
use std::convert::Infallible;
use std::sync::Arc;

use axum::response::sse::Event as SseEvent;
use hevruta_model::canvas::CanvasId;
use hevruta_model::event::SSE_PRESENCE;
use hevruta_model::{ExpeditionId, MemberId};
use tokio::sync::mpsc;

use crate::events::{Hub, PresenceFrame};
use crate::store::StoredEvent;

/// One frame of a stream, typed until it goes on the wire.
#[derive(Debug, Clone)]
pub(super) enum Frame {
    /// A stored event; its SSE `id:` is its sequence number.
    Stored(StoredEvent),
    /// A `PresenceEvent` as JSON; not stored, so no `id:`.
    Presence(Arc<str>),
    /// Another frame that is not stored (`facilitation`, `view`): its name and JSON.
    Live(&'static str, Arc<str>),
}

impl Frame {
    /// A stored event as `member` may read it: a batch of someone else's private ops
    /// without its ops.
    pub(super) fn stored(event: StoredEvent, member: MemberId) -> Frame {
        let json = event.json_for(member).clone();
        Frame::Stored(StoredEvent {
            json,
            private: None,
            ..event
        })
    }

    pub(super) fn into_sse(self) -> Result<SseEvent, Infallible> {
        Ok(match self {
            Frame::Stored(event) => SseEvent::default()
                .id(event.seq.to_string())
                .event(event.name)
                .data(&*event.json),
            Frame::Presence(json) => SseEvent::default().event(SSE_PRESENCE).data(&*json),
            Frame::Live(name, json) => SseEvent::default().event(name).data(&*json),
        })
    }
}

/// Sender of the frames of one stream.
pub(super) type Frames = mpsc::Sender<Frame>;

/// The presence frames a stream has sent, so none goes out twice.
#[derive(Default)]
pub(super) struct PresenceSent(HashMap<CanvasId, Arc<str>>);

impl PresenceSent {
    /// Sends `frame` unless a newer one replaces it or it was sent already. `false` when
    /// the client went away.
    pub(super) async fn send(&mut self, frame: PresenceFrame, tx: &Frames) -> bool {
        if frame.is_stale() || self.0.get(&frame.canvas) == Some(&frame.json) {
            return true;
        }
        self.0.insert(frame.canvas, frame.json.clone());
        tx.send(Frame::Presence(frame.json)).await.is_ok()
    }

    /// After a lag (frames may have been lost): every canvas's presence as it is now, where
    /// it differs from what was sent.
    pub(super) async fn resync(&mut self, hub: &Hub, id: ExpeditionId, tx: &Frames) -> bool {
        let mut now = hub.presence_in(id);
        for canvas in self.0.keys() {
            if !now.iter().any(|f| f.canvas == *canvas) {
                now.push(PresenceFrame::empty(*canvas));
            }
        }
        for frame in now {
            if !self.send(frame, tx).await {
                return false;
            }
        }
        true
    }
}
