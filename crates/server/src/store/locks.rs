//! Locked canvases and boards. A lock is kept on its canvas's or board's row, so it
//! outlives a restart, and in the hub's live session, which the write checks and the
//! streams read. Both change under the store's write lock, so they agree in any order of
//! requests.

use std::sync::Arc;

use hevruta_model::ExpeditionId;
use hevruta_model::board::BoardId;
use hevruta_model::canvas::CanvasId;
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::{Store, StoreError, corrupt};
use crate::events::Session;

/// What a lock is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lockable {
    Canvas(CanvasId),
    Board(BoardId),
}

impl Lockable {
    fn apply(self, session: &mut Session, locked: bool) {
        match self {
            Lockable::Canvas(id) => session.lock_canvas(id, locked),
            Lockable::Board(id) => session.lock_board(id, locked),
        }
    }
}

impl Store {
    /// Locks or unlocks a canvas or board of `expedition`; the session after it, or `None`
    /// when the expedition has no such canvas or board.
    pub async fn set_lock(
        &self,
        expedition: ExpeditionId,
        on: Lockable,
        locked: bool,
    ) -> Result<Option<Arc<Session>>, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let (sql, id) = match on {
                Lockable::Canvas(c) => (
                    "UPDATE canvases SET locked = ? WHERE id = ? AND expedition_id = ?",
                    c.0,
                ),
                Lockable::Board(b) => (
                    "UPDATE boards SET locked = ? WHERE id = ? AND expedition_id = ?",
                    b.0,
                ),
            };
            let found = sqlx::query(sql)
                .bind(locked)
                .bind(id.to_string())
                .bind(expedition.to_string())
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if found == 0 {
                return Ok(None);
            }
            let hub = store.hub.clone();
            let was = hub.session(expedition);
            let session = hub.update_session(expedition, |s| {
                on.apply(s, locked);
                Ok::<_, StoreError>(())
            })?;
            if let Err(e) = tx.commit().await {
                // Not stored: the live session goes back to what it was.
                let _ = hub.update_session(expedition, |s| {
                    *s = (*was).clone();
                    Ok::<_, StoreError>(())
                });
                return Err(e);
            }
            Ok(Some(session))
        })
        .await
    }

    /// Puts every stored lock into the hub's sessions (when the store opens).
    pub(super) async fn load_locks(&self) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        for (expedition, on) in locked(&mut conn).await? {
            let _ = self.hub.update_session(expedition, |s| {
                on.apply(s, true);
                Ok::<_, StoreError>(())
            });
        }
        Ok(())
    }
}

async fn locked(conn: &mut SqliteConnection) -> Result<Vec<(ExpeditionId, Lockable)>, StoreError> {
    let rows: Vec<(String, String, bool)> = sqlx::query_as(
        "SELECT expedition_id, id, 1 FROM canvases WHERE locked = 1
         UNION ALL SELECT expedition_id, id, 0 FROM boards WHERE locked = 1",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(expedition, id, canvas)| {
            let e =
                Uuid::parse_str(&expedition).map_err(|_| corrupt("expedition id", &expedition))?;
            let i = Uuid::parse_str(&id).map_err(|_| corrupt("locked id", &id))?;
            let on = if canvas {
                Lockable::Canvas(CanvasId(i))
            } else {
                Lockable::Board(BoardId(i))
            };
            Ok((ExpeditionId(e), on))
        })
        .collect()
}
