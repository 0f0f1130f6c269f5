//! Canvases and their op log. Applying a batch is one write transaction: check every op,
//! stamp the new ones with the expedition's next sequence number, store them and the event
//! that carries them (announced on commit, like every stored event).

use std::collections::HashMap;

use hevruta_model::canvas::{AppliedOp, Board, CanvasId, Op, OpKind, Stamp, StickyId, Template};
use hevruta_model::event::SSE_OPS;
use hevruta_model::problem::FieldCode;
use hevruta_model::{
    CanvasListing, CanvasSummary, Event, EventKind, ExpeditionId, FieldError, Member, MemberId,
    OpsEvent, Role, Title, ValidCanvasUpdate,
};
use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::{Store, StoreError, Write, citations, corrupt, events, now_millis};

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

/// What became of a batch.
#[derive(Debug)]
pub enum OpsOutcome {
    /// Every op is applied; `event` is `None` when all of them had been applied before
    /// (a replay, which announces the stored batches again).
    Applied {
        ops: Vec<AppliedOp>,
        event: Option<OpsEvent>,
    },
    /// Some ops break the rules; nothing was applied.
    Rejected(Vec<FieldError>),
    /// An op id was used before for a different op; nothing was applied.
    Conflict(String),
    /// The batch restores a sticky that someone other than the caller deleted, and the
    /// caller is not the facilitator; nothing was applied.
    Forbidden,
    /// The canvas is archived (read-only); nothing was applied.
    Archived,
    /// The canvas is gone (deleted meanwhile); nothing was applied.
    NotFound,
}

fn op_error(i: usize, code: FieldCode, message: &str) -> FieldError {
    FieldError::new(&format!("ops[{i}]"), code, message)
}

/// The op stored under this id: its canvas, its stamped form, and its JSON as stored.
async fn stored_op(
    tx: &mut SqliteConnection,
    op: &Op,
) -> Result<Option<(String, AppliedOp, String)>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        canvas_id: String,
        seq: i64,
        idx: i64,
        author: String,
        at: i64,
        op: String,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT canvas_id, seq, idx, author, at, op FROM canvas_ops WHERE op_id = ?",
    )
    .bind(op.id.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    row.map(|r| {
        Ok((
            r.canvas_id,
            AppliedOp {
                stamp: Stamp {
                    seq: r.seq as u64,
                    idx: r.idx as u32,
                },
                author: r.author.parse().map_err(|_| corrupt("author", &r.author))?,
                at: r.at,
                op: serde_json::from_str(&r.op).map_err(|_| corrupt("op", &r.op))?,
            },
            r.op,
        ))
    })
    .transpose()
}

/// Who deleted the sticky, if it is deleted: the author of the first delete since its last
/// restore (deleting it again changes nobody's rights), or nobody when it was restored
/// since.
async fn deleted_by(
    tx: &mut SqliteConnection,
    canvas: &str,
    sticky: StickyId,
) -> Result<Option<MemberId>, StoreError> {
    let first: Option<String> = sqlx::query_scalar(
        "WITH these AS (
             SELECT seq, idx, author, json_extract(op, '$.type') AS kind FROM canvas_ops
             WHERE canvas_id = ?1 AND json_extract(op, '$.sticky') = ?2
               AND json_extract(op, '$.type') IN ('delete', 'restore')
         ),
         last_restore AS (
             SELECT seq, idx FROM these WHERE kind = 'restore' ORDER BY seq DESC, idx DESC LIMIT 1
         )
         SELECT author FROM these
         WHERE kind = 'delete'
           AND (NOT EXISTS (SELECT 1 FROM last_restore)
                OR (seq, idx) > (SELECT seq, idx FROM last_restore))
         ORDER BY seq, idx LIMIT 1",
    )
    .bind(canvas)
    .bind(sticky.to_string())
    .fetch_optional(&mut *tx)
    .await?;
    first
        .map(|author| author.parse().map_err(|_| corrupt("author", &author)))
        .transpose()
}

fn op_json(op: &Op) -> Result<String, StoreError> {
    serde_json::to_string(op).map_err(|e| StoreError::Corrupt(e.to_string()))
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
        let last_seq: Option<i64> =
            sqlx::query_scalar("SELECT last_seq FROM expeditions WHERE id = ?")
                .bind(expedition.to_string())
                .fetch_optional(&mut *tx)
                .await?;
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
            last_seq: last_seq.unwrap_or(0) as u64,
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
                "UPDATE events SET change = ? WHERE expedition_id = ? AND name = ?
                 AND json_extract(change, '$.canvas_id') = ?",
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
            Ok(true)
        })
        .await
    }

    /// The canvas's state, folded from its op log, and the expedition's `last_seq` it is
    /// current as of.
    pub async fn board(
        &self,
        expedition: ExpeditionId,
        id: CanvasId,
    ) -> Result<(Board, u64), StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq: i64 = sqlx::query_scalar("SELECT last_seq FROM expeditions WHERE id = ?")
            .bind(expedition.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let rows: Vec<(i64, i64, String, i64, String)> = sqlx::query_as(
            "SELECT seq, idx, author, at, op FROM canvas_ops WHERE canvas_id = ? ORDER BY seq, idx",
        )
        .bind(id.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut board = Board::default();
        for (seq, idx, author, at, op) in rows {
            board.apply(&AppliedOp {
                stamp: Stamp {
                    seq: seq as u64,
                    idx: idx as u32,
                },
                author: author.parse().map_err(|_| corrupt("author", &author))?,
                at,
                op: serde_json::from_str(&op).map_err(|_| corrupt("op", &op))?,
            });
        }
        Ok((board, last_seq as u64))
    }

    /// Applies a batch all-or-nothing; see `OpsOutcome`. Ops must already be valid on their
    /// own (`Op::validate`); this checks them against what is stored: stickies exist on this
    /// canvas (or are created earlier in the batch), created ids are new, op ids are not
    /// reused for other ops, and a restore comes from the facilitator or from the member
    /// who deleted the sticky (by the latest delete, counting earlier ops of the batch).
    pub async fn apply_ops(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
        author: &Member,
        ops: Vec<Op>,
    ) -> Result<OpsOutcome, StoreError> {
        let (store, author) = (self.clone(), author.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let outcome = apply(&mut tx, expedition, canvas, &author, ops).await?;
            // A refused batch rolls back (the dropped transaction) and announces nothing.
            if matches!(outcome, OpsOutcome::Applied { .. }) {
                tx.commit().await?;
            }
            Ok(outcome)
        })
        .await
    }
}

/// Checks and stores a batch in `tx` (see `Store::apply_ops`); the caller commits.
async fn apply(
    tx: &mut Write,
    expedition: ExpeditionId,
    canvas: CanvasId,
    author: &Member,
    ops: Vec<Op>,
) -> Result<OpsOutcome, StoreError> {
    let canvas_key = canvas.to_string();
    let archived: Option<Option<i64>> =
        sqlx::query_scalar("SELECT archived_at FROM canvases WHERE id = ? AND expedition_id = ?")
            .bind(&canvas_key)
            .bind(expedition.to_string())
            .fetch_optional(&mut **tx)
            .await?;
    let Some(archived_at) = archived else {
        return Ok(OpsOutcome::NotFound);
    };
    let mut result: Vec<Option<AppliedOp>> = Vec::with_capacity(ops.len());
    let mut fresh: Vec<(usize, Op)> = Vec::new();
    let mut errors = Vec::new();
    let mut created_here: Vec<StickyId> = Vec::new();
    // Who deleted each sticky as of the ops of this batch so far (`None`: restored).
    let mut deleted_here: HashMap<StickyId, Option<MemberId>> = HashMap::new();
    for (i, op) in ops.into_iter().enumerate() {
        if let Some((stored_canvas, applied, stored_json)) = stored_op(tx, &op).await? {
            // Compare the canonical JSON, not parsed floats, so an exact retry always matches.
            if stored_canvas != canvas_key || stored_json != op_json(&op)? {
                return Ok(OpsOutcome::Conflict(
                    "this op id was already used for a different operation".into(),
                ));
            }
            result.push(Some(applied));
            continue;
        }
        // Only this expedition's stickies are visible here: another expedition's look unknown.
        let owner: Option<String> = sqlx::query_scalar(
            "SELECT s.canvas_id FROM stickies s JOIN canvases c ON c.id = s.canvas_id
             WHERE s.id = ? AND c.expedition_id = ?",
        )
        .bind(op.sticky.to_string())
        .bind(expedition.to_string())
        .fetch_optional(&mut **tx)
        .await?;
        let is_create = matches!(op.kind, OpKind::Create { .. });
        // Sticky ids are global (client-made UUIDs); a create may not reuse any of them.
        let taken_elsewhere = is_create
            && owner.is_none()
            && sqlx::query_scalar::<_, i64>("SELECT 1 FROM stickies WHERE id = ?")
                .bind(op.sticky.to_string())
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
        let known = owner.is_some() || taken_elsewhere || created_here.contains(&op.sticky);
        match &owner {
            Some(c) if *c != canvas_key => errors.push(op_error(
                i,
                FieldCode::ForeignSticky,
                "this sticky belongs to another canvas",
            )),
            _ if is_create && known => errors.push(op_error(
                i,
                FieldCode::StickyExists,
                "a sticky with this id exists already",
            )),
            _ if !is_create && !known => errors.push(op_error(
                i,
                FieldCode::UnknownSticky,
                "create the sticky before editing it",
            )),
            _ if is_create => created_here.push(op.sticky),
            _ => {}
        }
        let on_this_canvas =
            owner.as_deref() == Some(canvas_key.as_str()) || created_here.contains(&op.sticky);
        match op.kind {
            OpKind::Restore if on_this_canvas && author.role != Role::Facilitator => {
                let deleter = match deleted_here.get(&op.sticky) {
                    Some(by) => *by,
                    None => deleted_by(tx, &canvas_key, op.sticky).await?,
                };
                if deleter != Some(author.id) {
                    return Ok(OpsOutcome::Forbidden);
                }
                deleted_here.insert(op.sticky, None);
            }
            OpKind::Restore => {
                deleted_here.insert(op.sticky, None);
            }
            OpKind::Delete if on_this_canvas => {
                let deleter = match deleted_here.get(&op.sticky) {
                    Some(by) => *by,
                    None => deleted_by(tx, &canvas_key, op.sticky).await?,
                };
                deleted_here.insert(op.sticky, deleter.or(Some(author.id)));
            }
            _ => {}
        }
        // A citation names a learning or card of this expedition; another's look unknown.
        if let OpKind::SetCitation {
            citation: Some(citation),
        } = op.kind
            && !citations::exists(tx, expedition, citation).await?
        {
            errors.push(op_error(
                i,
                FieldCode::UnknownCitation,
                "cite a learning or a board card of this expedition",
            ));
        }
        if fresh.iter().any(|(_, f)| f.id == op.id) {
            errors.push(op_error(
                i,
                FieldCode::DuplicateOp,
                "the same op id appears twice in this batch",
            ));
        }
        result.push(None);
        fresh.push((i, op));
    }
    if !errors.is_empty() {
        return Ok(OpsOutcome::Rejected(errors));
    }
    // Ops applied before are announced again with their stored batches: if their first
    // announcement was lost, a retry heals the hole (streams skip what they have sent).
    let mut found: Vec<u64> = result.iter().flatten().map(|a| a.stamp.seq).collect();
    found.sort_unstable();
    found.dedup();
    for seq in found {
        if let Some(stored) = events::stored(tx, expedition, seq).await? {
            tx.announce(expedition, stored);
        }
    }
    if fresh.is_empty() {
        return Ok(OpsOutcome::Applied {
            ops: result.into_iter().flatten().collect(),
            event: None,
        });
    }
    // Retries of ops applied before the canvas was archived still get their stamps above.
    if archived_at.is_some() {
        return Ok(OpsOutcome::Archived);
    }
    let seq = events::next_seq(tx, expedition).await?;
    let at = now_millis();
    let mut new_ops = Vec::with_capacity(fresh.len());
    for (idx, (i, op)) in fresh.into_iter().enumerate() {
        let applied = AppliedOp {
            stamp: Stamp {
                seq,
                idx: idx as u32,
            },
            author: author.id,
            at,
            op,
        };
        let body =
            serde_json::to_string(&applied.op).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        sqlx::query(
            "INSERT INTO canvas_ops (op_id, canvas_id, seq, idx, author, at, op) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(applied.op.id.to_string())
        .bind(&canvas_key)
        .bind(seq as i64)
        .bind(idx as i64)
        .bind(author.id.to_string())
        .bind(at)
        .bind(body)
        .execute(&mut **tx)
        .await?;
        match applied.op.kind {
            OpKind::Create { .. } => {
                sqlx::query("INSERT INTO stickies (id, canvas_id) VALUES (?, ?)")
                    .bind(applied.op.sticky.to_string())
                    .bind(&canvas_key)
                    .execute(&mut **tx)
                    .await?;
            }
            // Stamps grow in the order ops are stored: the latest delete or restore holds.
            OpKind::Delete | OpKind::Restore => {
                sqlx::query("UPDATE stickies SET deleted = ? WHERE id = ?")
                    .bind(matches!(applied.op.kind, OpKind::Delete))
                    .bind(applied.op.sticky.to_string())
                    .execute(&mut **tx)
                    .await?;
            }
            _ => {}
        }
        result[i] = Some(applied.clone());
        new_ops.push(applied);
    }
    sqlx::query("UPDATE canvases SET changed_at = ? WHERE id = ?")
        .bind(at)
        .bind(&canvas_key)
        .execute(&mut **tx)
        .await?;
    let event = OpsEvent {
        seq,
        at,
        canvas_id: canvas,
        ops: new_ops,
    };
    events::insert_ops(tx, expedition, &event).await?;
    Ok(OpsOutcome::Applied {
        ops: result.into_iter().flatten().collect(),
        event: Some(event),
    })
}
