//! The per-expedition event log: append inside a write transaction, read back for resume.

use std::sync::Arc;

use hevruta_model::MemberId;
use hevruta_model::board::{BoardChange, BoardEvent, BoardId, SSE_BOARD};
use hevruta_model::canvas::{AppliedOp, CanvasId};
use hevruta_model::event::{SSE_CHANGE, SSE_OPS};
use hevruta_model::feed::SSE_FEED;
use hevruta_model::vote::{Round, RoundEvent, SSE_ROUND};
use hevruta_model::{Event, EventKind, ExpeditionId, OpsEvent};
use sqlx::SqliteConnection;

use super::{Store, StoreError, Write, now_millis};

/// An event as it goes over the wire: its number, its SSE name, and its JSON, serialised
/// once and shared by every subscriber.
#[derive(Debug, Clone)]
pub struct StoredEvent {
    pub seq: u64,
    pub name: &'static str,
    /// What every member reads.
    pub json: Arc<str>,
    /// A batch of private ops: the one member who reads it whole, and that JSON (`json`
    /// is then the batch without its ops).
    pub private: Option<(MemberId, Arc<str>)>,
}

impl StoredEvent {
    /// Rebuilds the wire JSON from a stored row: a change is `{seq, at, change}`, an op
    /// batch `{seq, at, canvas_id, ops}` (its stored body is the object after `at`).
    fn from_parts(seq: i64, at: i64, name: &str, body: &str) -> Self {
        // Op batches and board changes store the fields after `at`.
        let flat = match name {
            SSE_OPS => Some(SSE_OPS),
            SSE_BOARD => Some(SSE_BOARD),
            SSE_FEED => Some(SSE_FEED),
            SSE_ROUND => Some(SSE_ROUND),
            _ => None,
        };
        if let Some(name) = flat {
            let fields = body.strip_prefix('{').unwrap_or(body);
            Self {
                seq: seq as u64,
                name,
                json: format!(r#"{{"seq":{seq},"at":{at},{fields}"#).into(),
                private: None,
            }
        } else {
            Self {
                seq: seq as u64,
                name: SSE_CHANGE,
                json: format!(r#"{{"seq":{seq},"at":{at},"change":{body}}}"#).into(),
                private: None,
            }
        }
    }

    /// A stored row with its private columns: the private body is built like the other.
    fn from_row(row: EventRow) -> Self {
        let (seq, at, name, change, private_to, private_change) = row;
        let mut event = Self::from_parts(seq, at, &name, &change);
        if let (Some(to), Some(body)) = (private_to.and_then(|t| t.parse().ok()), private_change) {
            event.private = Some((to, Self::from_parts(seq, at, &name, &body).json));
        }
        event
    }

    pub fn from_event(event: &Event) -> Self {
        Self {
            seq: event.seq,
            name: SSE_CHANGE,
            json: serde_json::to_string(event).unwrap_or_default().into(),
            private: None,
        }
    }

    /// The JSON `member` may read: the whole batch if it is theirs, else the public part.
    pub fn json_for(&self, member: MemberId) -> &Arc<str> {
        match &self.private {
            Some((to, json)) if *to == member => json,
            _ => &self.json,
        }
    }
}

/// A row of `events` as read back: seq, at, name, change, private_to, private_change.
type EventRow = (i64, i64, String, String, Option<String>, Option<String>);

/// The columns of an `EventRow` (a macro, so queries stay literals).
macro_rules! event_columns {
    () => {
        "seq, at, name, change, private_to, private_change"
    };
}

/// Numbers and stores `change` inside the caller's write transaction, to be announced on
/// commit.
pub(super) async fn append(
    tx: &mut Write,
    expedition: ExpeditionId,
    change: EventKind,
) -> Result<Event, StoreError> {
    let seq = next_seq(tx, expedition).await?;
    let at = now_millis();
    let body = serde_json::to_string(&change).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let stored = insert_row(tx, expedition, seq, at, SSE_CHANGE, body).await?;
    tx.announce(expedition, stored);
    Ok(Event { seq, at, change })
}

/// The expedition's latest sequence number as `conn` sees it (0 for an unknown
/// expedition): read in the same transaction as a listing, it says what the listing is
/// current as of.
pub(super) async fn last_seq_in(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
) -> Result<u64, StoreError> {
    let seq: Option<i64> = sqlx::query_scalar("SELECT last_seq FROM expeditions WHERE id = ?")
        .bind(expedition.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(seq.unwrap_or(0) as u64)
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

/// Stores an op batch numbered `seq` (taken with `next_seq` in the same transaction), to
/// be announced on commit.
pub(super) async fn insert_ops(
    tx: &mut Write,
    expedition: ExpeditionId,
    event: &OpsEvent,
) -> Result<(), StoreError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        canvas_id: CanvasId,
        ops: &'a [AppliedOp],
    }
    let body = serde_json::to_string(&Body {
        canvas_id: event.canvas_id,
        ops: &event.ops,
    })
    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let stored = insert_row(tx, expedition, event.seq, event.at, SSE_OPS, body).await?;
    tx.announce(expedition, stored);
    Ok(())
}

/// Stores a batch of private ops, numbered like any other: everyone else reads it without
/// its ops (so the sequence has no gap), its author whole. To be announced on commit.
pub(super) async fn insert_private_ops(
    tx: &mut Write,
    expedition: ExpeditionId,
    event: &OpsEvent,
    author: MemberId,
) -> Result<(), StoreError> {
    let whole = serde_json::json!({ "canvas_id": event.canvas_id, "ops": event.ops }).to_string();
    let public = serde_json::json!({ "canvas_id": event.canvas_id, "ops": [] }).to_string();
    let mut stored = insert_row(tx, expedition, event.seq, event.at, SSE_OPS, public).await?;
    sqlx::query(
        "UPDATE events SET private_to = ?, private_change = ? WHERE expedition_id = ? AND seq = ?",
    )
    .bind(author.to_string())
    .bind(&whole)
    .bind(expedition.to_string())
    .bind(event.seq as i64)
    .execute(&mut **tx)
    .await?;
    let json = StoredEvent::from_parts(event.seq as i64, event.at, SSE_OPS, &whole).json;
    stored.private = Some((author, json));
    tx.announce(expedition, stored);
    Ok(())
}

/// Numbers and stores a board change inside the caller's write transaction, to be
/// announced on commit.
pub(super) async fn append_board(
    tx: &mut Write,
    expedition: ExpeditionId,
    board_id: BoardId,
    by: MemberId,
    change: BoardChange,
) -> Result<BoardEvent, StoreError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        board_id: BoardId,
        by: MemberId,
        change: &'a BoardChange,
    }
    let seq = next_seq(tx, expedition).await?;
    let at = now_millis();
    let body = serde_json::to_string(&Body {
        board_id,
        by,
        change: &change,
    })
    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let stored = insert_row(tx, expedition, seq, at, SSE_BOARD, body).await?;
    tx.announce(expedition, stored);
    Ok(BoardEvent {
        seq,
        at,
        board_id,
        by,
        change,
    })
}

/// Numbers and stores a round's public state inside the caller's write transaction, to be
/// announced on commit.
pub(super) async fn append_round(
    tx: &mut Write,
    expedition: ExpeditionId,
    round: Round,
) -> Result<RoundEvent, StoreError> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        round: &'a Round,
    }
    let seq = next_seq(tx, expedition).await?;
    let at = now_millis();
    let body = serde_json::to_string(&Body { round: &round })
        .map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let stored = insert_row(tx, expedition, seq, at, SSE_ROUND, body).await?;
    tx.announce(expedition, stored);
    Ok(RoundEvent { seq, at, round })
}

/// Stores one row of the log and returns it as the stream sends it, built exactly as a
/// catch-up would read it back.
pub(super) async fn insert_row(
    tx: &mut SqliteConnection,
    expedition: ExpeditionId,
    seq: u64,
    at: i64,
    name: &str,
    body: String,
) -> Result<StoredEvent, StoreError> {
    sqlx::query("INSERT INTO events (expedition_id, seq, at, name, change) VALUES (?, ?, ?, ?, ?)")
        .bind(expedition.to_string())
        .bind(seq as i64)
        .bind(at)
        .bind(name)
        .bind(&body)
        .execute(&mut *tx)
        .await?;
    Ok(StoredEvent::from_parts(seq as i64, at, name, &body))
}

/// The stored event numbered `seq`, if any.
pub(super) async fn stored(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    seq: u64,
) -> Result<Option<StoredEvent>, StoreError> {
    let row: Option<EventRow> = sqlx::query_as(concat!(
        "SELECT ",
        event_columns!(),
        " FROM events WHERE expedition_id = ? AND seq = ?"
    ))
    .bind(expedition.to_string())
    .bind(seq.min(i64::MAX as u64) as i64)
    .fetch_optional(&mut *conn)
    .await?;
    Ok(row.map(StoredEvent::from_row))
}

impl Store {
    /// Numbers, stores and announces several changes in one transaction (one fsync for
    /// the batch).
    pub async fn append_events(
        &self,
        expedition: ExpeditionId,
        changes: Vec<EventKind>,
    ) -> Result<Vec<Event>, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let mut events = Vec::with_capacity(changes.len());
            for change in changes {
                events.push(append(&mut tx, expedition, change).await?);
            }
            tx.commit().await?;
            Ok(events)
        })
        .await
    }

    /// The expedition's latest sequence number (0 for an unknown expedition).
    pub async fn last_seq(&self, expedition: ExpeditionId) -> Result<u64, StoreError> {
        let mut conn = self.pool.acquire().await?;
        last_seq_in(&mut conn, expedition).await
    }

    /// Up to `limit` events with `seq > after`, oldest first.
    pub async fn events_after(
        &self,
        expedition: ExpeditionId,
        after: u64,
        limit: u32,
    ) -> Result<Vec<StoredEvent>, StoreError> {
        let rows: Vec<EventRow> = sqlx::query_as(concat!(
            "SELECT ",
            event_columns!(),
            " FROM events WHERE expedition_id = ? AND seq > ? ORDER BY seq LIMIT ?"
        ))
        .bind(expedition.to_string())
        .bind(after.min(i64::MAX as u64) as i64)
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows.into_iter().map(StoredEvent::from_row).collect())
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
        let built = StoredEvent::from_parts(3, 99, SSE_CHANGE, &change);
        let parsed: Event = serde_json::from_str(&built.json).unwrap();
        assert_eq!(parsed, event);
        assert_eq!(built.json, StoredEvent::from_event(&event).json);
    }

    #[test]
    fn stored_op_batches_rebuild_the_ops_event() {
        use hevruta_model::canvas::{Op, OpId, OpKind, Stamp, StickyId};
        let event = OpsEvent {
            seq: 7,
            at: 5,
            canvas_id: CanvasId(uuid::Uuid::from_u128(1)),
            ops: vec![AppliedOp {
                stamp: Stamp { seq: 7, idx: 0 },
                author: MemberId(uuid::Uuid::nil()),
                at: 5,
                op: Op {
                    id: OpId(uuid::Uuid::from_u128(2)),
                    sticky: StickyId(uuid::Uuid::from_u128(3)),
                    kind: OpKind::Delete,
                },
                private: false,
            }],
        };
        let body =
            serde_json::json!({ "canvas_id": event.canvas_id, "ops": event.ops }).to_string();
        let built = StoredEvent::from_parts(7, 5, SSE_OPS, &body);
        assert_eq!(built.name, SSE_OPS);
        assert_eq!(
            serde_json::from_str::<OpsEvent>(&built.json).unwrap(),
            event
        );
    }
}
