//! Live fan-out: one broadcast channel per expedition with subscribers. The store announces
//! each event once its transaction commits (and again when a replay finds it stored); the
//! stream handler fills any gap from the store and skips what it has sent, so a late,
//! lagging or doubly served subscriber still sees every event once, in order. Presence on
//! canvases (`presence.rs`), pointers (`pointers.rs`) and the live session (`facilitation.rs`: timer, locks, hands, the
//! facilitator's view) travel the same channels but are never stored.

mod facilitation;
mod pointers;
mod presence;
mod streams;

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use hevruta_model::ExpeditionId;
use tokio::sync::broadcast;

use crate::store::StoredEvent;

pub use facilitation::{Session, TimerRefusal};
pub use pointers::{Pointed, PointerFrame};
pub use presence::{PresenceFrame, PresenceGuard};
pub use streams::{NoPlace, StreamPlace};

/// How many events a slow subscriber may fall behind before it re-reads from the store.
const CHANNEL_CAPACITY: usize = 1024;

/// What a stream receives from the hub.
#[derive(Debug, Clone)]
pub enum Live {
    /// A stored, numbered event (SSE `change` or `ops`).
    Stored(StoredEvent),
    /// Who is on a canvas now (SSE `presence`, not numbered).
    Presence(PresenceFrame),
    /// The session's timer, locks, hands (SSE `facilitation`, not numbered); each stream
    /// writes it for its own member.
    Session(Arc<Session>),
    /// A facilitator's view of a canvas, a `ViewEvent` (SSE `view`, not numbered).
    View(Arc<str>),
    /// A facilitator's spotlight on a board, a `FocusEvent` (SSE `focus`, not numbered).
    Focus(Arc<str>),
    /// A member's cursor or the laser on a canvas (SSE `pointer`, not numbered): only
    /// streams on that canvas send it, never to its own member.
    Pointer(PointerFrame),
}

#[derive(Clone, Default)]
pub struct Hub {
    inner: Arc<Mutex<Inner>>,
}

/// One lock for channels and presence, so presence changes go out in the order they happen.
#[derive(Default)]
struct Inner {
    channels: HashMap<ExpeditionId, broadcast::Sender<Live>>,
    presence: presence::Rooms,
    sessions: facilitation::Sessions,
    streams: streams::Open,
}

impl Hub {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn subscribe(&self, expedition: ExpeditionId) -> broadcast::Receiver<Live> {
        self.lock()
            .channels
            .entry(expedition)
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    /// Sends a committed event to the expedition's subscribers. Only the store calls this,
    /// after the commit: a handler never publishes, so it cannot forget to.
    pub(crate) fn announce(&self, expedition: ExpeditionId, event: StoredEvent) {
        self.lock().send(expedition, Live::Stored(event));
    }
}

impl Inner {
    fn send(&mut self, expedition: ExpeditionId, live: Live) {
        if let Some(tx) = self.channels.get(&expedition)
            && tx.send(live).is_err()
        {
            // Nobody listens any more: drop the channel rather than keep it forever.
            self.channels.remove(&expedition);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::{Event, EventKind, MemberId, Stage};
    use uuid::Uuid;

    fn event(seq: u64) -> StoredEvent {
        StoredEvent::from_event(&Event {
            seq,
            at: 0,
            change: EventKind::StageChanged {
                stage: Stage::Implementing,
                by: MemberId(Uuid::nil()),
            },
        })
    }

    #[tokio::test]
    async fn subscribers_get_only_their_expeditions_events() {
        let hub = Hub::default();
        let (a, b) = (
            ExpeditionId(Uuid::from_u128(1)),
            ExpeditionId(Uuid::from_u128(2)),
        );
        let mut rx_a = hub.subscribe(a);
        let mut rx_b = hub.subscribe(b);
        hub.announce(a, event(1));
        assert!(matches!(rx_a.recv().await.unwrap(), Live::Stored(e) if e.seq == 1));
        assert!(rx_b.try_recv().is_err());
    }

    #[test]
    fn channels_without_listeners_are_dropped() {
        let hub = Hub::default();
        let a = ExpeditionId(Uuid::from_u128(1));
        drop(hub.subscribe(a));
        hub.announce(a, event(1));
        assert!(hub.lock().channels.is_empty());
    }
}
