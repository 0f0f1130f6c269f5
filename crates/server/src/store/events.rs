//! The per-expedition event log: append inside a write transaction, read back for resume.

use std::sync::Arc;

use hevruta_model::{Event, EventKind, ExpeditionId};
use sqlx::SqliteConnection;

use super::{Store, StoreError, now_millis};

/// An event as it goes over the wire: its number and its JSON, serialised once and shared
/// by every subscriber.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: u64,
    pub json: Arc<str>,
}

impl StoredEvent {
    fn from_parts(seq: i64, at: i64, change_json: &str) -> Self {
        Self {
            seq: seq as u64,
            json: format!(r#"{{"seq":{seq},"at":{at},"change":{change_json}}}"#).into(),
        }
    }

    pub fn from_event(event: &Event) -> Self {
        Self {
            seq: event.seq,
            json: serde_json::to_string(event).unwrap_or_default().into(),
        }
    }
}

/// Numbers and stores `change` inside the caller's write transaction.
pub(super) async fn append(
    tx: &mut SqliteConnection,
    expedition: ExpeditionId,
    change: EventKind,
) -> Result<Event, StoreError> {
    let seq = next_seq(tx, expedition).await?;
    insert(tx, expedition, seq, now_millis(), change).await
}

/// Takes the expedition's next sequence number (inside a write transaction).
pub(super) async fn next_seq(
    tx: &mut SqliteConnection,
    expedition: ExpeditionId,
) -> Result<u64, StoreError> {
    let seq: i64 = sqlx::query_scalar(
        "UPDATE expeditions SET last_seq = last_seq + 1 WHERE id = ? RETURNING last_seq",
    )
    .bind(expedition.to_string())
    .fetch_one(&mut *tx)
    .await?;
    Ok(seq as u64)
}

/// Stores the event numbered `seq` (taken with `next_seq` in the same transaction).
pub(super) async fn insert(
    tx: &mut SqliteConnection,
    expedition: ExpeditionId,
    seq: u64,
    at: i64,
    change: EventKind,
) -> Result<Event, StoreError> {
    let body = serde_json::to_string(&change).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    sqlx::query("INSERT INTO events (expedition_id, seq, at, change) VALUES (?, ?, ?, ?)")
        .bind(expedition.to_string())
        .bind(seq as i64)
        .bind(at)
        .bind(body)
        .execute(&mut *tx)
        .await?;
    Ok(Event { seq, at, change })
}

impl Store {
    /// Numbers and stores several changes in one transaction (one fsync for the batch).
    pub async fn append_events(
        &self,
        expedition: ExpeditionId,
        changes: Vec<EventKind>,
    ) -> Result<Vec<Event>, StoreError> {
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let mut events = Vec::with_capacity(changes.len());
        for change in changes {
            events.push(append(&mut tx, expedition, change).await?);
        }
        tx.commit().await?;
        Ok(events)
    }

    /// The expedition's latest sequence number (0 for an unknown expedition).
    pub async fn last_seq(&self, expedition: ExpeditionId) -> Result<u64, StoreError> {
        let seq: Option<i64> = sqlx::query_scalar("SELECT last_seq FROM expeditions WHERE id = ?")
            .bind(expedition.to_string())
            .fetch_optional(&self.pool)
            .await?;
        Ok(seq.unwrap_or(0) as u64)
    }

    /// Up to `limit` events with `seq > after`, oldest first.
    pub async fn events_after(
        &self,
        expedition: ExpeditionId,
        after: u64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let rows: Vec<(i64, i64, String)> = sqlx::query_as(
            "SELECT seq, at, change FROM events WHERE expedition_id = ? AND seq > ? ORDER BY seq LIMIT ?",
        )
        .bind(expedition.to_string())
        .bind(after.min(i64::MAX as u64) as i64)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .iter()
            .map(|(seq, at, change)| StoredEvent::from_parts(*seq, *at, change))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::{MemberId, Stage};

    #[test]
    fn stored_json_is_the_same_as_serde_would_write() {
        let event = Event {
            seq: 3,
            at: 99,
            change: EventKind::StageChanged {
                stage: Stage::Implementing,
                by: MemberId(uuid::Uuid::nil()),
            },
        };
        let change = serde_json::to_string(&event.change).unwrap();
        let built = StoredEvent::from_parts(3, 99, &change);
        let parsed: Event = serde_json::from_str(&built.json).unwrap();
        assert_eq!(parsed, event);
        assert_eq!(built.json, StoredEvent::from_event(&event).json);
    }
}
