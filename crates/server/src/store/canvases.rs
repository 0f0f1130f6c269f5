//! Canvases: made from a template, listed, renamed, archived and restored, deleted. Their
//! op log is `canvas_ops`.

use hevruta_model::canvas::{CanvasId, Template};
use hevruta_model::event::SSE_OPS;
use hevruta_model::{
    CanvasListing, CanvasSummary, Event, EventKind, ExpeditionId, MemberId, Title,
    ValidCanvasUpdate,
};
use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::{Store, StoreError, corrupt, events, now_millis};

#[derive(FromRow)]
struct CanvasRow {
    id: String,
    title: String,
    template: String,
    created_by: String,
    created_at: i64,
    archived_at: Option<i64>,
    changed_at: i64,
    sticky_count: i64,
}

/// The columns of a `CanvasRow`, from `canvases c` (a macro, so queries stay literals).
macro_rules! canvas_columns {
    () => {
        "c.id, c.title, c.template, c.created_by, c.created_at, c.archived_at, c.changed_at,
         (SELECT COUNT(*) FROM stickies s WHERE s.canvas_id = c.id AND s.deleted = 0) AS sticky_count"
    };
}

impl CanvasRow {
    fn into_summary(self) -> Result<CanvasSummary, StoreError> {
        let template =
            Template::parse(&self.template).ok_or_else(|| corrupt("template", &self.template))?;
        Ok(CanvasSummary {
            id: self
                .id
                .parse()
                .map_err(|_| corrupt("canvas id", &self.id))?,
            title: self.title,
            template,
            created_by: self
                .created_by
                .parse()
                .map_err(|_| corrupt("member id", &self.created_by))?,
            created_at: self.created_at,
            archived_at: self.archived_at,
            sticky_count: u32::try_from(self.sticky_count).unwrap_or(u32::MAX),
            changed_at: self.changed_at.max(self.created_at),
        })
    }
}

/// The canvas as stored now (inside the caller's connection or transaction).
async fn summary(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    id: CanvasId,
) -> Result<Option<CanvasSummary>, StoreError> {
    let row: Option<CanvasRow> = sqlx::query_as(concat!(
        "SELECT ",
        canvas_columns!(),
        " FROM canvases c WHERE c.id = ? AND c.expedition_id = ?"
    ))
    .bind(id.to_string())
    .bind(expedition.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(CanvasRow::into_summary).transpose()
}

/// What became of a rename, archive or restore.
#[derive(Debug)]
pub enum CanvasUpdate {
    /// Done (or nothing to do): the canvas as it is now.
    Updated(CanvasSummary),
    NotFound,
    /// A rename of an archived canvas; nothing was changed.
    Archived,
}

impl Store {
    pub async fn create_canvas(
        &self,
        expedition: ExpeditionId,
        title: &Title,
        template: Template,
        by: MemberId,
    ) -> Result<(CanvasSummary, Event), StoreError> {
        let summary = CanvasSummary {
            id: CanvasId(Uuid::now_v7()),
            title: title.to_string(),
            template,
            created_by: by,
            created_at: now_millis(),
            archived_at: None,
            sticky_count: 0,
            changed_at: 0,
        };
        let summary = CanvasSummary {
            changed_at: summary.created_at,
            ..summary
        };
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let canvases: i64 =
                sqlx::query_scalar("SELECT COUNT(*) FROM canvases WHERE expedition_id = ?")
                    .bind(expedition.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
            let max = store.quotas.canvases_per_expedition;
            if usize::try_from(canvases).unwrap_or(usize::MAX) >= max {
                return Err(StoreError::OverQuota(format!(
                    "This expedition has {max} canvases, the most it may have (archived ones count): delete one first."
                )));
            }
            sqlx::query(
                "INSERT INTO canvases (id, expedition_id, title, template, created_by, created_at, changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(summary.id.to_string())
            .bind(expedition.to_string())
            .bind(&summary.title)
            .bind(template.as_str())
            .bind(by.to_string())
            .bind(summary.created_at)
            .bind(summary.changed_at)
            .execute(&mut *tx)
            .await?;
            let event = events::append(
                &mut tx,
                expedition,
                EventKind::CanvasCreated {
                    canvas: summary.clone(),
                },
            )
            .await?;
            tx.commit().await?;
            Ok((summary, event))
        })
        .await
    }

    /// The expedition's canvases, oldest first.
    pub async fn canvases(
        &self,
        expedition: ExpeditionId,
    ) -> Result<Vec<CanvasSummary>, StoreError> {
        Ok(self.canvas_listing(expedition).await?.canvases)
    }

    /// The expedition's canvases and the `last_seq` they are current as of (read in one
    /// transaction, so no canvas created after `last_seq` is listed, nor one before missed).
    pub async fn canvas_listing(
        &self,
        expedition: ExpeditionId,
    ) -> Result<CanvasListing, StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let rows: Vec<CanvasRow> = sqlx::query_as(concat!(
            "SELECT ",
            canvas_columns!(),
            " FROM canvases c WHERE c.expedition_id = ? ORDER BY c.created_at, c.id"
        ))
        .bind(expedition.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(CanvasListing {
            canvases: rows
                .into_iter()
                .map(CanvasRow::into_summary)
                .collect::<Result<_, _>>()?,
            last_seq,
        })
    }

    /// The canvas, if it belongs to `expedition`.
    pub async fn canvas(
        &self,
        expedition: ExpeditionId,
        id: CanvasId,
    ) -> Result<Option<CanvasSummary>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        summary(&mut conn, expedition, id).await
    }

    /// Renames, archives or restores the canvas (the caller checked who may). Archiving
    /// or restoring comes first, so one request can restore and rename; a rename of a
    /// canvas that stays archived changes nothing. Each real change is an event.
    pub async fn update_canvas(
        &self,
        expedition: ExpeditionId,
        id: CanvasId,
        update: &ValidCanvasUpdate,
        by: MemberId,
    ) -> Result<CanvasUpdate, StoreError> {
        let (store, update) = (self.clone(), update.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(before) = summary(&mut tx, expedition, id).await? else {
                return Ok(CanvasUpdate::NotFound);
            };
            // Times come from the events, so a canvas says the same instant as its event.
            let mut archived = before.is_archived();
            let change = match update.archived {
                Some(true) if !archived => Some(EventKind::CanvasArchived { canvas_id: id, by }),
                Some(false) if archived => Some(EventKind::CanvasUnarchived { canvas_id: id, by }),
                _ => None,
            };
            if let Some(change) = change {
                archived = !archived;
                let event = events::append(&mut tx, expedition, change).await?;
                sqlx::query("UPDATE canvases SET archived_at = ? WHERE id = ?")
                    .bind(archived.then_some(event.at))
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            if let Some(title) = update.title.filter(|t| t.as_str() != before.title) {
                if archived {
                    // Dropped uncommitted: an archive asked for in the same request is undone too.
                    return Ok(CanvasUpdate::Archived);
                }
                let event = events::append(
                    &mut tx,
                    expedition,
                    EventKind::CanvasRenamed {
                        canvas_id: id,
                        title: title.to_string(),
                        by,
                    },
                )
                .await?;
                sqlx::query("UPDATE canvases SET title = ?, changed_at = ? WHERE id = ?")
                    .bind(title.as_str())
                    .bind(event.at)
                    .bind(id.to_string())
                    .execute(&mut *tx)
                    .await?;
            }
            let after = summary(&mut tx, expedition, id)
                .await?
                .ok_or_else(|| StoreError::Corrupt("a canvas vanished inside its update".into()))?;
            tx.commit().await?;
            Ok(CanvasUpdate::Updated(after))
        })
        .await
    }

    /// Deletes the canvas for good: its stickies and op log go, and what the event log held
    /// of it (its op batches, its titles) is blanked, so no catch-up can replay its text.
    /// `false` when there was no such canvas.
    pub async fn delete_canvas(
        &self,
        expedition: ExpeditionId,
        id: CanvasId,
        by: MemberId,
    ) -> Result<bool, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let (expedition_key, canvas_key) = (expedition.to_string(), id.to_string());
            let gone = sqlx::query("DELETE FROM canvases WHERE id = ? AND expedition_id = ?")
                .bind(&canvas_key)
                .bind(&expedition_key)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            if gone == 0 {
                return Ok(false);
            }
            // Sequence numbers stay (streams count on them); only the contents go.
            let blank_ops = serde_json::json!({ "canvas_id": canvas_key, "ops": [] }).to_string();
            sqlx::query(
                "UPDATE events SET change = ?, private_to = NULL, private_change = NULL
                 WHERE expedition_id = ? AND name = ? AND json_extract(change, '$.canvas_id') = ?",
            )
            .bind(&blank_ops)
            .bind(&expedition_key)
            .bind(SSE_OPS)
            .bind(&canvas_key)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE events SET change = json_set(change, '$.canvas.title', '')
                 WHERE expedition_id = ? AND json_extract(change, '$.type') = 'canvas_created'
                   AND json_extract(change, '$.canvas.id') = ?",
            )
            .bind(&expedition_key)
            .bind(&canvas_key)
            .execute(&mut *tx)
            .await?;
            sqlx::query(
                "UPDATE events SET change = json_set(change, '$.title', '')
                 WHERE expedition_id = ? AND json_extract(change, '$.type') = 'canvas_renamed'
                   AND json_extract(change, '$.canvas_id') = ?",
            )
            .bind(&expedition_key)
            .bind(&canvas_key)
            .execute(&mut *tx)
            .await?;
            events::append(
                &mut tx,
                expedition,
                EventKind::CanvasDeleted { canvas_id: id, by },
            )
            .await?;
            tx.commit().await?;
            store.boards.forget(id);
            Ok(true)
        })
        .await
    }
}
