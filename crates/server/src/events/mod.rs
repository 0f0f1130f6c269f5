//! Live fan-out: one broadcast channel per expedition with subscribers. Events are
//! published after their transaction commits; the stream handler fills any gap from the
//! store, so a late or lagging subscriber still sees every event in order.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use hevruta_model::{Event, ExpeditionId, OpsEvent};
use tokio::sync::broadcast;

use crate::store::StoredEvent;

/// How many events a slow subscriber may fall behind before it re-reads from the store.
const CHANNEL_CAPACITY: usize = 1024;

#[derive(Clone, Default)]
pub struct Hub {
    channels: Arc<Mutex<HashMap<ExpeditionId, broadcast::Sender<StoredEvent>>>>,
}

impl Hub {
    pub fn subscribe(&self, expedition: ExpeditionId) -> broadcast::Receiver<StoredEvent> {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        channels
            .entry(expedition)
            .or_insert_with(|| broadcast::channel(CHANNEL_CAPACITY).0)
            .subscribe()
    }

    /// Publishes an expedition change (SSE `event: change`).
    pub fn publish(&self, expedition: ExpeditionId, event: &Event) {
        self.send(expedition, StoredEvent::from_event(event));
    }

    /// Publishes a canvas op batch (SSE `event: ops`).
    pub fn publish_ops(&self, expedition: ExpeditionId, event: &OpsEvent) {
        self.send(expedition, StoredEvent::from_ops(event));
    }

    fn send(&self, expedition: ExpeditionId, event: StoredEvent) {
        let mut channels = self.channels.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(tx) = channels.get(&expedition)
            && tx.send(event).is_err()
        {
            // Nobody listens any more: drop the channel rather than keep it forever.
            channels.remove(&expedition);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::{EventKind, MemberId, Stage};
    use uuid::Uuid;

    fn event(seq: u64) -> Event {
        Event {
            seq,
            at: 0,
            change: EventKind::StageChanged {
                stage: Stage::Implementing,
                by: MemberId(Uuid::nil()),
            },
        }
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
        hub.publish(a, &event(1));
        assert_eq!(rx_a.recv().await.unwrap().seq, 1);
        assert!(rx_b.try_recv().is_err());
    }

    #[test]
    fn channels_without_listeners_are_dropped() {
        let hub = Hub::default();
        let a = ExpeditionId(Uuid::from_u128(1));
        drop(hub.subscribe(a));
        hub.publish(a, &event(1));
        assert!(hub.channels.lock().unwrap().is_empty());
    }
}
