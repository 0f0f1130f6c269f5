//! Private writing on a canvas: the facilitator starts it (named or anonymous) and ends it
//! by revealing. While it is on, the stickies participants add are private to their
//! author (`canvas_ops.rs` stores them so, and their batches with a private part). The
//! reveal makes them everyone's: their ops go out again publicly, without authors when
//! anonymous, and nothing stored keeps a private copy or, then, an author.

use hevruta_model::canvas::{AppliedOp, CanvasId, MAX_OPS_PER_BATCH, Stamp, StickyId};
use hevruta_model::facilitation::PrivateWriting;
use hevruta_model::{EventKind, ExpeditionId, MemberId, OpsEvent};
use sqlx::SqliteConnection;

use super::{Store, StoreError, Write, corrupt, events, now_millis};

/// What became of a start.
#[derive(Debug)]
pub enum PrivateStart {
    Started(PrivateWriting),
    /// It was on already (in the mode given here); nothing changed.
    AlreadyOn(PrivateWriting),
    /// The canvas is archived (read-only); nothing changed.
    Archived,
    NotFound,
}

const NAMED: &str = "named";
const ANONYMOUS: &str = "anonymous";

/// The canvas's private writing now (`None`: off, or no such canvas).
pub(super) async fn state(
    conn: &mut SqliteConnection,
    canvas: CanvasId,
) -> Result<Option<PrivateWriting>, StoreError> {
    let mode: Option<Option<String>> =
        sqlx::query_scalar("SELECT private_writing FROM canvases WHERE id = ?")
            .bind(canvas.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    let Some(mode) = mode.flatten() else {
        return Ok(None);
    };
    let (stickies, writers): (i64, i64) = sqlx::query_as(
        "SELECT COUNT(*), COUNT(DISTINCT private_to) FROM stickies
         WHERE canvas_id = ? AND private_to IS NOT NULL AND deleted = 0",
    )
    .bind(canvas.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(Some(PrivateWriting {
        anonymous: mode == ANONYMOUS,
        stickies: u32::try_from(stickies).unwrap_or(u32::MAX),
        writers: u32::try_from(writers).unwrap_or(u32::MAX),
    }))
}

/// Stores (to be announced) the canvas's private writing as it is now: how many private
/// stickies from how many people, never who.
pub(super) async fn announce_count(
    tx: &mut Write,
    expedition: ExpeditionId,
    canvas: CanvasId,
) -> Result<(), StoreError> {
    let private_writing = state(tx, canvas).await?;
    events::append(
        tx,
        expedition,
        EventKind::PrivateWriting {
            canvas_id: canvas,
            private_writing,
        },
    )
    .await?;
    Ok(())
}

impl Store {
    /// Starts private writing on the canvas (the caller checked they are the facilitator).
    pub async fn start_private_writing(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
        anonymous: bool,
    ) -> Result<PrivateStart, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let found: Option<(Option<i64>, Option<String>)> = sqlx::query_as(
                "SELECT archived_at, private_writing FROM canvases WHERE id = ? AND expedition_id = ?",
            )
            .bind(canvas.to_string())
            .bind(expedition.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            match found {
                None => return Ok(PrivateStart::NotFound),
                Some((_, Some(_))) => {
                    let now = state(&mut tx, canvas).await?;
                    return Ok(now.map_or(PrivateStart::NotFound, PrivateStart::AlreadyOn));
                }
                Some((Some(_), None)) => return Ok(PrivateStart::Archived),
                Some((None, None)) => {}
            }
            sqlx::query("UPDATE canvases SET private_writing = ? WHERE id = ?")
                .bind(if anonymous { ANONYMOUS } else { NAMED })
                .bind(canvas.to_string())
                .execute(&mut *tx)
                .await?;
            let now = PrivateWriting {
                anonymous,
                stickies: 0,
                writers: 0,
            };
            events::append(
                &mut tx,
                expedition,
                EventKind::PrivateWriting {
                    canvas_id: canvas,
                    private_writing: Some(now),
                },
            )
            .await?;
            tx.commit().await?;
            Ok(PrivateStart::Started(now))
        })
        .await
    }

    /// Ends private writing on the canvas by revealing every private sticky (the caller
    /// checked they are the facilitator): their ops go out as `ops` batches (in their own
    /// stamps' order, each batch at most 500), authors rewritten to the nil UUID where
    /// stored when anonymous; then a `private_writing` event says it is off. `None`: no
    /// such canvas; `Some(n)`: `n` ops revealed (0 also when it was not on).
    pub async fn reveal_private_writing(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
    ) -> Result<Option<usize>, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let (expedition_key, canvas_key) = (expedition.to_string(), canvas.to_string());
            let mode: Option<Option<String>> = sqlx::query_scalar(
                "SELECT private_writing FROM canvases WHERE id = ? AND expedition_id = ?",
            )
            .bind(&canvas_key)
            .bind(&expedition_key)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(mode) = mode else {
                return Ok(None);
            };
            let Some(mode) = mode else {
                return Ok(Some(0));
            };
            if mode == ANONYMOUS {
                sqlx::query(
                    "UPDATE canvas_ops SET author = ? WHERE canvas_id = ? AND private_to IS NOT NULL",
                )
                .bind(MemberId::ANONYMOUS.to_string())
                .bind(&canvas_key)
                .execute(&mut *tx)
                .await?;
            }
            let rows: Vec<(i64, i64, String, i64, String)> = sqlx::query_as(
                "SELECT seq, idx, author, at, op FROM canvas_ops
                 WHERE canvas_id = ? AND private_to IS NOT NULL ORDER BY seq, idx",
            )
            .bind(&canvas_key)
            .fetch_all(&mut *tx)
            .await?;
            let ops = rows
                .into_iter()
                .map(|(seq, idx, author, at, op)| {
                    Ok(AppliedOp {
                        stamp: Stamp {
                            seq: seq as u64,
                            idx: idx as u32,
                        },
                        author: author.parse().map_err(|_| corrupt("author", &author))?,
                        at,
                        op: serde_json::from_str(&op).map_err(|_| corrupt("op", &op))?,
                        private: false,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
            // All of the canvas's private ops at once: the one change to stored ops, which
            // `Store::board`'s kept folds detect (any other would have to be told to them).
            for update in [
                "UPDATE canvas_ops SET private_to = NULL WHERE canvas_id = ? AND private_to IS NOT NULL",
                "UPDATE stickies SET private_to = NULL WHERE canvas_id = ? AND private_to IS NOT NULL",
            ] {
                sqlx::query(update)
                    .bind(&canvas_key)
                    .execute(&mut *tx)
                    .await?;
            }
            // The private batches' whole copies go: each stays numbered, without its ops.
            sqlx::query(
                "UPDATE events SET private_to = NULL, private_change = NULL
                 WHERE expedition_id = ? AND private_to IS NOT NULL
                   AND json_extract(change, '$.canvas_id') = ?",
            )
            .bind(&expedition_key)
            .bind(&canvas_key)
            .execute(&mut *tx)
            .await?;
            let at = now_millis();
            sqlx::query("UPDATE canvases SET private_writing = NULL, changed_at = ? WHERE id = ?")
                .bind(at)
                .bind(&canvas_key)
                .execute(&mut *tx)
                .await?;
            for chunk in ops.chunks(MAX_OPS_PER_BATCH) {
                let seq = events::next_seq(&mut tx, expedition).await?;
                let batch = OpsEvent {
                    seq,
                    at,
                    canvas_id: canvas,
                    ops: chunk.to_vec(),
                };
                events::insert_ops(&mut tx, expedition, &batch).await?;
            }
            events::append(
                &mut tx,
                expedition,
                EventKind::PrivateWriting {
                    canvas_id: canvas,
                    private_writing: None,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Some(ops.len()))
        })
        .await
    }

    /// Whether the sticky is private (to anyone) on this canvas now.
    pub async fn sticky_is_private(
        &self,
        canvas: CanvasId,
        sticky: StickyId,
    ) -> Result<bool, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let found: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM stickies WHERE id = ? AND canvas_id = ? AND private_to IS NOT NULL",
        )
        .bind(sticky.to_string())
        .bind(canvas.to_string())
        .fetch_optional(&mut *conn)
        .await?;
        Ok(found.is_some())
    }
}
