//! A canvas's op log: folding it into the board, and applying a batch in one write
//! transaction: check every op, stamp the new ones with the expedition's next sequence
//! number, store them and the event that carries them (announced on commit, like every
//! stored event).

use std::collections::HashMap;
use std::sync::Arc;

use hevruta_model::canvas::{AppliedOp, Board, CanvasId, Op, OpKind, Stamp, StickyId};
use hevruta_model::facilitation::PrivateWriting;
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, Member, MemberId, OpsEvent, Role};
use sqlx::{FromRow, Sqlite, SqliteConnection};

use super::board_cache::Folded;
use super::{Store, StoreError, Write, citations, corrupt, events, now_millis, private_writing};

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

/// The op stored under this id in `expedition` (op ids are the expedition's, so another
/// expedition's look unknown): its canvas, its stamped form, its JSON as stored, and whom
/// it is private to.
async fn stored_op(
    tx: &mut SqliteConnection,
    expedition: ExpeditionId,
    op: &Op,
) -> Result<Option<(String, AppliedOp, String, Option<String>)>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        canvas_id: String,
        seq: i64,
        idx: i64,
        author: String,
        at: i64,
        op: String,
        private_to: Option<String>,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT o.canvas_id, o.seq, o.idx, o.author, o.at, o.op, o.private_to FROM canvas_ops o
         JOIN canvases c ON c.id = o.canvas_id WHERE o.op_id = ? AND c.expedition_id = ?",
    )
    .bind(op.id.to_string())
    .bind(expedition.to_string())
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
                private: r.private_to.is_some(),
            },
            r.op,
            r.private_to,
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

/// The ops `sql` selects (seq, idx, author, at, op, private; binding `canvas` and `arg`),
/// stamped.
async fn rows<'q, A>(
    tx: &mut SqliteConnection,
    sql: &'static str,
    canvas: &'q str,
    arg: A,
) -> Result<Vec<AppliedOp>, StoreError>
where
    A: 'q + Send + sqlx::Encode<'q, Sqlite> + sqlx::Type<Sqlite>,
{
    let rows: Vec<(i64, i64, String, i64, String, bool)> = sqlx::query_as(sql)
        .bind(canvas)
        .bind(arg)
        .fetch_all(&mut *tx)
        .await?;
    rows.into_iter()
        .map(|(seq, idx, author, at, op, private)| {
            Ok(AppliedOp {
                stamp: Stamp {
                    seq: seq as u64,
                    idx: idx as u32,
                },
                author: author.parse().map_err(|_| corrupt("author", &author))?,
                at,
                op: serde_json::from_str(&op).map_err(|_| corrupt("op", &op))?,
                private,
            })
        })
        .collect()
}

impl Store {
    /// The canvas's state as `reader` may see it (their own private stickies, nobody
    /// else's; `None`: nobody's), folded from its op log, with its private writing and the
    /// expedition's `last_seq` both are current as of. A canvas that is gone, or another
    /// expedition's, reads as empty.
    ///
    /// The fold of the public ops is kept (`board_cache.rs`) and brought up to date with
    /// the public ops stored since; the reader's private ops go on top. That equals
    /// folding every op the reader may see in stamp order, because:
    /// - stored rows change in one way only: a reveal turns all the canvas's private ops
    ///   public at once (`private_writing.rs`), so the kept fold is used only while as
    ///   many private ops up to its seq are stored as when it was made; rows go only with
    ///   their canvas, and a canvas that is gone is folded from nothing;
    /// - seqs are taken in write transactions, which SQLite runs one at a time, so every
    ///   op stored after a read's snapshot has a seq above that snapshot's `last_seq`,
    ///   also when another server process on the same file stored it;
    /// - the reducer is commutative (`hevruta_model::canvas`), and a reader's private ops
    ///   touch only their private stickies, which no public op touches.
    pub async fn board(
        &self,
        expedition: ExpeditionId,
        id: CanvasId,
        reader: Option<MemberId>,
    ) -> Result<(Board, Option<PrivateWriting>, u64), StoreError> {
        let key = id.to_string();
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let exists: Option<i64> =
            sqlx::query_scalar("SELECT 1 FROM canvases WHERE id = ? AND expedition_id = ?")
                .bind(&key)
                .bind(expedition.to_string())
                .fetch_optional(&mut *tx)
                .await?;
        if exists.is_none() {
            tx.commit().await?;
            self.boards.forget(id);
            return Ok((Board::default(), None, last_seq));
        }
        let kept = self.boards.get(id).filter(|kept| kept.seq <= last_seq);
        // Private ops up to the kept fold's seq, and in all (as of this snapshot).
        let (private_all, private_kept): (i64, i64) = sqlx::query_as(
            "SELECT COUNT(*), COALESCE(SUM(seq <= ?2), 0) FROM canvas_ops
             WHERE canvas_id = ?1 AND private_to IS NOT NULL",
        )
        .bind(&key)
        .bind(kept.as_ref().map_or(0, |k| k.seq as i64))
        .fetch_one(&mut *tx)
        .await?;
        let kept = kept.filter(|k| k.private == private_kept);
        let public = rows(
            &mut tx,
            "SELECT seq, idx, author, at, op, 0 FROM canvas_ops
             WHERE canvas_id = ?1 AND private_to IS NULL AND seq > ?2 ORDER BY seq, idx",
            &key,
            kept.as_ref().map_or(0, |k| k.seq as i64),
        )
        .await?;
        let mut private = match reader {
            // Unordered, so SQLite reads the few private rows through their index rather
            // than the canvas's whole log in order; sorted here.
            Some(reader) => {
                rows(
                    &mut tx,
                    "SELECT seq, idx, author, at, op, 1 FROM canvas_ops
                     WHERE canvas_id = ?1 AND private_to = ?2",
                    &key,
                    reader.to_string(),
                )
                .await?
            }
            None => Vec::new(),
        };
        private.sort_by_key(|op| op.stamp);
        let private_writing = private_writing::state(&mut tx, id).await?;
        tx.commit().await?;
        let folded = match kept {
            Some(kept) if public.is_empty() => kept.board,
            kept => {
                let mut board = kept.map_or_else(Board::default, |k| Board::clone(&k.board));
                for op in &public {
                    board.apply(op);
                }
                Arc::new(board)
            }
        };
        self.boards.put(
            id,
            Folded {
                board: folded.clone(),
                seq: last_seq,
                private: private_all,
            },
        );
        let mut board = Board::clone(&folded);
        for op in &private {
            board.apply(op);
        }
        Ok((board, private_writing, last_seq))
    }

    /// Applies a batch all-or-nothing; see `OpsOutcome`. Ops must already be valid on their
    /// own (`Op::validate`); this checks them against what is stored: stickies exist on this
    /// canvas (or are created earlier in the batch), created ids are new, op ids are not
    /// reused for other ops, and a restore comes from the facilitator or from the member
    /// who deleted the sticky (by the first delete since its last restore, counting earlier
    /// ops of the batch).
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
            let max_stickies = store.quotas.stickies_per_canvas;
            let outcome = apply(&mut tx, expedition, canvas, &author, ops, max_stickies).await?;
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
    max_stickies: usize,
) -> Result<OpsOutcome, StoreError> {
    let canvas_key = canvas.to_string();
    let found: Option<(Option<i64>, Option<String>)> = sqlx::query_as(
        "SELECT archived_at, private_writing FROM canvases WHERE id = ? AND expedition_id = ?",
    )
    .bind(&canvas_key)
    .bind(expedition.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    let Some((archived_at, private_writing)) = found else {
        return Ok(OpsOutcome::NotFound);
    };
    // While private writing is on, what a participant adds is theirs alone until the reveal.
    let creates_private = private_writing.is_some() && author.role == Role::Participant;
    let me = author.id.to_string();
    let mut result: Vec<Option<AppliedOp>> = Vec::with_capacity(ops.len());
    let mut fresh: Vec<(usize, Op)> = Vec::new();
    let mut errors = Vec::new();
    let mut created_here: Vec<StickyId> = Vec::new();
    // Stickies of the caller's that are private (stored so, or created so in this batch).
    let mut private_here: Vec<StickyId> = Vec::new();
    // Who deleted each sticky as of the ops of this batch so far (`None`: restored).
    let mut deleted_here: HashMap<StickyId, Option<MemberId>> = HashMap::new();
    for (i, op) in ops.into_iter().enumerate() {
        if let Some((stored_canvas, applied, stored_json, private_to)) =
            stored_op(tx, expedition, &op).await?
        {
            // Compare the canonical JSON, not parsed floats, so an exact retry always matches.
            // Someone else's private op is not told, not even that it matches.
            if stored_canvas != canvas_key
                || stored_json != op_json(&op)?
                || private_to.is_some_and(|to| to != me)
            {
                return Ok(OpsOutcome::Conflict(
                    "this op id was already used for a different operation".into(),
                ));
            }
            result.push(Some(applied));
            continue;
        }
        // Only this expedition's stickies are visible here: another expedition's look unknown,
        // and so does a sticky private to someone else.
        let found: Option<(String, Option<String>)> = sqlx::query_as(
            "SELECT s.canvas_id, s.private_to FROM stickies s JOIN canvases c ON c.id = s.canvas_id
             WHERE s.id = ? AND c.expedition_id = ?",
        )
        .bind(op.sticky.to_string())
        .bind(expedition.to_string())
        .fetch_optional(&mut **tx)
        .await?;
        let owner = match &found {
            Some((_, Some(to))) if *to != me => None,
            Some((c, to)) => {
                if to.is_some() && !private_here.contains(&op.sticky) {
                    private_here.push(op.sticky);
                }
                Some(c.clone())
            }
            None => None,
        };
        let is_create = matches!(op.kind, OpKind::Create { .. });
        // Sticky ids are the expedition's: a create may not reuse one of its stickies, not
        // even one private to someone else (another expedition's are free to use).
        let taken_elsewhere = is_create && owner.is_none() && found.is_some();
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
            _ if is_create => {
                created_here.push(op.sticky);
                if creates_private {
                    private_here.push(op.sticky);
                }
            }
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
    if !created_here.is_empty() {
        let stickies: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM stickies WHERE canvas_id = ?")
            .bind(&canvas_key)
            .fetch_one(&mut **tx)
            .await?;
        let stickies = usize::try_from(stickies).unwrap_or(usize::MAX);
        if stickies + created_here.len() > max_stickies {
            return Err(StoreError::OverQuota(format!(
                "This canvas has {stickies} stickies and may have {max_stickies} (deleted ones count): this batch creates {} more.",
                created_here.len()
            )));
        }
    }
    // Private ops go in a batch of their own, so no public op shares their stamps' number.
    let at = now_millis();
    let (private, public): (Vec<_>, Vec<_>) = fresh
        .into_iter()
        .partition(|(_, op)| private_here.contains(&op.sticky));
    let mut event = None;
    let mut counts_changed = false;
    for (ops, private) in [(public, false), (private, true)] {
        if ops.is_empty() {
            continue;
        }
        let seq = events::next_seq(tx, expedition).await?;
        let mut new_ops = Vec::with_capacity(ops.len());
        for (idx, (i, op)) in ops.into_iter().enumerate() {
            let applied = AppliedOp {
                stamp: Stamp {
                    seq,
                    idx: idx as u32,
                },
                author: author.id,
                at,
                op,
                private,
            };
            store_op(tx, &canvas_key, &applied).await?;
            counts_changed |= private
                && matches!(
                    applied.op.kind,
                    OpKind::Create { .. } | OpKind::Delete | OpKind::Restore
                );
            result[i] = Some(applied.clone());
            new_ops.push(applied);
        }
        let batch = OpsEvent {
            seq,
            at,
            canvas_id: canvas,
            ops: new_ops,
        };
        if private {
            events::insert_private_ops(tx, expedition, &batch, author.id).await?;
        } else {
            events::insert_ops(tx, expedition, &batch).await?;
        }
        // The answer's event is the public batch, or the private one when alone.
        event.get_or_insert(batch);
    }
    sqlx::query("UPDATE canvases SET changed_at = ? WHERE id = ?")
        .bind(at)
        .bind(&canvas_key)
        .execute(&mut **tx)
        .await?;
    if counts_changed {
        private_writing::announce_count(tx, expedition, canvas).await?;
    }
    Ok(OpsOutcome::Applied {
        ops: result.into_iter().flatten().collect(),
        event,
    })
}

/// Stores one stamped op (and what the sticky's row says: its canvas, whom it is private
/// to, whether it is deleted).
async fn store_op(tx: &mut Write, canvas_key: &str, applied: &AppliedOp) -> Result<(), StoreError> {
    let private_to = applied.private.then(|| applied.author.to_string());
    sqlx::query(
        "INSERT INTO canvas_ops (op_id, canvas_id, seq, idx, author, at, op, private_to)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(applied.op.id.to_string())
    .bind(canvas_key)
    .bind(applied.stamp.seq as i64)
    .bind(applied.stamp.idx as i64)
    .bind(applied.author.to_string())
    .bind(applied.at)
    .bind(op_json(&applied.op)?)
    .bind(&private_to)
    .execute(&mut **tx)
    .await?;
    match applied.op.kind {
        OpKind::Create { .. } => {
            sqlx::query("INSERT INTO stickies (id, canvas_id, private_to) VALUES (?, ?, ?)")
                .bind(applied.op.sticky.to_string())
                .bind(canvas_key)
                .bind(&private_to)
                .execute(&mut **tx)
                .await?;
        }
        // Stamps grow in the order ops are stored: the latest delete or restore holds.
        OpKind::Delete | OpKind::Restore => {
            sqlx::query("UPDATE stickies SET deleted = ? WHERE id = ? AND canvas_id = ?")
                .bind(matches!(applied.op.kind, OpKind::Delete))
                .bind(applied.op.sticky.to_string())
                .bind(canvas_key)
                .execute(&mut **tx)
                .await?;
        }
        _ => {}
    }
    Ok(())
}
