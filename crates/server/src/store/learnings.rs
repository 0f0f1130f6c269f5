//! Learnings in the three circles: each write is one transaction that stores the learning
//! as it now is and the event that tells the expedition (announced on commit).

use hevruta_model::canvas::Citation;
use hevruta_model::event::SSE_CHANGE;
use hevruta_model::learning::{builds_on_error, makes_cycle};
use hevruta_model::problem::FieldCode;
use hevruta_model::{
    Deferred, EventKind, ExpeditionId, FieldError, Learning, LearningCitation, LearningId,
    LearningListing, Member, MemberId, Role, ValidLearning,
};
use sqlx::SqliteConnection;

use super::{Store, StoreError, Write, corrupt, events, now_millis};

/// What became of a write to a learning.
#[derive(Debug)]
pub enum LearningOutcome {
    /// A new learning, as stored.
    Created(Learning),
    /// Written (or already so): the learning as it is now.
    Saved(Learning),
    /// A create whose id is taken by a different learning.
    Conflict,
    /// No such learning here, or one hidden from the caller.
    NotFound,
    /// Not the caller's learning.
    Forbidden,
    /// Hidden: show it again before changing it.
    Hidden,
    /// `builds_on` names no learning here, or would close a loop.
    Invalid(FieldError),
}

fn decode(body: &str) -> Result<Learning, StoreError> {
    serde_json::from_str(body).map_err(|_| corrupt("learning", body))
}

/// The learning with this id in `expedition`, if any.
async fn find(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    id: LearningId,
) -> Result<Option<Learning>, StoreError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM learnings WHERE id = ? AND expedition_id = ?")
            .bind(id.to_string())
            .bind(expedition.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    body.as_deref().map(decode).transpose()
}

/// Checks what `id` is to build on: a learning of this expedition, not closing a loop.
async fn check_builds_on(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    id: LearningId,
    target: Option<LearningId>,
) -> Result<Option<FieldError>, StoreError> {
    let Some(target) = target else {
        return Ok(None);
    };
    if target != id && find(conn, expedition, target).await?.is_none() {
        return Ok(Some(builds_on_error(FieldCode::UnknownLearning)));
    }
    let links: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT id, builds_on FROM learnings WHERE expedition_id = ?")
            .bind(expedition.to_string())
            .fetch_all(&mut *conn)
            .await?;
    let parent = |l: LearningId| {
        let key = l.to_string();
        links
            .iter()
            .find(|(id, _)| *id == key)
            .and_then(|(_, b)| b.as_deref()?.parse().ok())
    };
    Ok(makes_cycle(id, target, parent).then(|| builds_on_error(FieldCode::Cycle)))
}

/// Stores `learning` as it now is and announces it as `learning_saved`.
async fn save(
    tx: &mut Write,
    expedition: ExpeditionId,
    learning: &Learning,
    by: MemberId,
    insert: bool,
) -> Result<(), StoreError> {
    let body = serde_json::to_string(learning).map_err(|e| StoreError::Corrupt(e.to_string()))?;
    let builds_on = learning.builds_on.map(|b| b.to_string());
    if insert {
        sqlx::query(
            "INSERT INTO learnings (id, expedition_id, author, builds_on, hidden, created_at, body)
             VALUES (?, ?, ?, ?, 0, ?, ?)",
        )
        .bind(learning.id.to_string())
        .bind(expedition.to_string())
        .bind(learning.author.to_string())
        .bind(builds_on)
        .bind(learning.created_at)
        .bind(&body)
        .execute(&mut **tx)
        .await?;
    } else {
        sqlx::query(
            "UPDATE learnings SET builds_on = ?, hidden = ?, body = ? WHERE id = ? AND expedition_id = ?",
        )
        .bind(builds_on)
        .bind(learning.hidden)
        .bind(&body)
        .bind(learning.id.to_string())
        .bind(expedition.to_string())
            .execute(&mut **tx)
            .await?;
    }
    events::append(
        tx,
        expedition,
        EventKind::LearningSaved {
            learning: Deferred::new(learning),
            by,
        },
    )
    .await?;
    Ok(())
}

/// Takes a hidden or deleted learning's words out of the log: each earlier `learning_saved`
/// of it becomes a `replacement` (`learning_hidden` or `learning_deleted`) under the same
/// number and author, so a stream catching up never replays what is no longer to be read.
async fn redact_saved(
    tx: &mut Write,
    expedition: ExpeditionId,
    id: LearningId,
    replacement: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "UPDATE events
         SET change = json_object('type', ?, 'learning_id', ?, 'by', json_extract(change, '$.by'))
         WHERE expedition_id = ? AND name = ?
           AND json_extract(change, '$.type') = 'learning_saved'
           AND json_extract(change, '$.learning.id') = ?",
    )
    .bind(replacement)
    .bind(id.to_string())
    .bind(expedition.to_string())
    .bind(SSE_CHANGE)
    .bind(id.to_string())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The learning `caller` may act on: hidden ones exist for the facilitator only.
fn visible(learning: Option<Learning>, caller: &Member) -> Option<Learning> {
    learning.filter(|l| !l.hidden || caller.role == Role::Facilitator)
}

impl Store {
    /// The expedition's learnings, oldest first, as of `last_seq`; hidden ones only when
    /// `with_hidden` (the facilitator).
    pub async fn learnings(
        &self,
        expedition: ExpeditionId,
        with_hidden: bool,
    ) -> Result<LearningListing, StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM learnings WHERE expedition_id = ? AND (hidden = 0 OR ?)
             ORDER BY created_at, id",
        )
        .bind(expedition.to_string())
        .bind(with_hidden)
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let learnings: Vec<Learning> =
            bodies.iter().map(|b| decode(b)).collect::<Result<_, _>>()?;
        let citations = self
            .sticky_citations(expedition)
            .await?
            .into_iter()
            .filter_map(|c| match c.citation {
                Citation::Learning(l) if learnings.iter().any(|x| x.id.0 == l) => {
                    Some(LearningCitation {
                        learning_id: LearningId(l),
                        canvas_id: c.canvas_id,
                        canvas_title: c.canvas_title,
                        section: c.section,
                        sticky_id: c.sticky_id,
                    })
                }
                _ => None,
            })
            .collect();
        Ok(LearningListing {
            learnings,
            citations,
            last_seq,
        })
    }

    /// Creates a learning with its client-made id. A retry (same id, same author, same
    /// fields) answers the learning as stored, without a second event.
    pub async fn create_learning(
        &self,
        expedition: ExpeditionId,
        author: MemberId,
        id: LearningId,
        fields: ValidLearning,
    ) -> Result<LearningOutcome, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let now = now_millis();
            let mut learning = Learning {
                id,
                author,
                circle: fields.circle,
                title: String::new(),
                text: String::new(),
                source_url: None,
                origin: None,
                themes: Vec::new(),
                builds_on: None,
                hidden: false,
                learned_by: Vec::new(),
                created_at: now,
                updated_at: now,
            };
            fields.write_to(&mut learning);
            // Learning ids are the expedition's: another expedition's are free to use here.
            if let Some(stored) = find(&mut tx, expedition, id).await? {
                let same = stored.author == author && stored.to_draft() == learning.to_draft();
                return Ok(if same {
                    LearningOutcome::Saved(stored)
                } else {
                    LearningOutcome::Conflict
                });
            }
            if let Some(e) = check_builds_on(&mut tx, expedition, id, learning.builds_on).await? {
                return Ok(LearningOutcome::Invalid(e));
            }
            save(&mut tx, expedition, &learning, author, true).await?;
            tx.commit().await?;
            Ok(LearningOutcome::Created(learning))
        })
        .await
    }

    /// Rewrites the caller's own learning (its circle included). Nothing changed: no event.
    pub async fn update_learning(
        &self,
        expedition: ExpeditionId,
        caller: &Member,
        id: LearningId,
        fields: ValidLearning,
    ) -> Result<LearningOutcome, StoreError> {
        let (store, caller) = (self.clone(), caller.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(mut learning) = visible(find(&mut tx, expedition, id).await?, &caller) else {
                return Ok(LearningOutcome::NotFound);
            };
            if learning.author != caller.id {
                return Ok(LearningOutcome::Forbidden);
            }
            if learning.hidden {
                return Ok(LearningOutcome::Hidden);
            }
            let before = learning.to_draft();
            fields.write_to(&mut learning);
            if learning.to_draft() == before {
                return Ok(LearningOutcome::Saved(learning));
            }
            if let Some(e) = check_builds_on(&mut tx, expedition, id, learning.builds_on).await? {
                return Ok(LearningOutcome::Invalid(e));
            }
            learning.updated_at = now_millis();
            save(&mut tx, expedition, &learning, caller.id, false).await?;
            tx.commit().await?;
            Ok(LearningOutcome::Saved(learning))
        })
        .await
    }

    /// Says (or unsays) "I learned from this" for `member`.
    pub async fn set_reaction(
        &self,
        expedition: ExpeditionId,
        member: &Member,
        id: LearningId,
        learned: bool,
    ) -> Result<LearningOutcome, StoreError> {
        let (store, member) = (self.clone(), member.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(mut learning) = visible(find(&mut tx, expedition, id).await?, &member) else {
                return Ok(LearningOutcome::NotFound);
            };
            if learning.hidden {
                return Ok(LearningOutcome::Hidden);
            }
            if learning.learned_by.contains(&member.id) == learned {
                return Ok(LearningOutcome::Saved(learning));
            }
            if learned {
                learning.learned_by.push(member.id);
            } else {
                learning.learned_by.retain(|m| *m != member.id);
            }
            save(&mut tx, expedition, &learning, member.id, false).await?;
            tx.commit().await?;
            Ok(LearningOutcome::Saved(learning))
        })
        .await
    }

    /// Hides a learning from everyone but the facilitator (`learning_hidden`), or shows it
    /// again (`learning_saved`). The caller checked it is the facilitator.
    pub async fn set_hidden(
        &self,
        expedition: ExpeditionId,
        by: MemberId,
        id: LearningId,
        hidden: bool,
    ) -> Result<LearningOutcome, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(mut learning) = find(&mut tx, expedition, id).await? else {
                return Ok(LearningOutcome::NotFound);
            };
            if learning.hidden == hidden {
                return Ok(LearningOutcome::Saved(learning));
            }
            learning.hidden = hidden;
            if hidden {
                let body = serde_json::to_string(&learning)
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                sqlx::query(
                    "UPDATE learnings SET hidden = 1, body = ? WHERE id = ? AND expedition_id = ?",
                )
                .bind(body)
                .bind(id.to_string())
                .bind(expedition.to_string())
                .execute(&mut *tx)
                .await?;
                redact_saved(&mut tx, expedition, id, "learning_hidden").await?;
                events::append(
                    &mut tx,
                    expedition,
                    EventKind::LearningHidden {
                        learning_id: id,
                        by,
                    },
                )
                .await?;
            } else {
                save(&mut tx, expedition, &learning, by, false).await?;
            }
            tx.commit().await?;
            Ok(LearningOutcome::Saved(learning))
        })
        .await
    }

    /// Deletes the caller's own learning; what built on it builds on nothing from now on.
    /// `Saved` carries the learning as it was.
    pub async fn delete_learning(
        &self,
        expedition: ExpeditionId,
        caller: &Member,
        id: LearningId,
    ) -> Result<LearningOutcome, StoreError> {
        let (store, caller) = (self.clone(), caller.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(learning) = visible(find(&mut tx, expedition, id).await?, &caller) else {
                return Ok(LearningOutcome::NotFound);
            };
            if learning.author != caller.id {
                return Ok(LearningOutcome::Forbidden);
            }
            let key = id.to_string();
            sqlx::query("DELETE FROM learnings WHERE id = ? AND expedition_id = ?")
                .bind(&key)
                .bind(expedition.to_string())
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE learnings SET builds_on = NULL, body = json_remove(body, '$.builds_on')
                 WHERE builds_on = ? AND expedition_id = ?",
            )
            .bind(&key)
            .bind(expedition.to_string())
            .execute(&mut *tx)
            .await?;
            redact_saved(&mut tx, expedition, id, "learning_deleted").await?;
            events::append(
                &mut tx,
                expedition,
                EventKind::LearningDeleted {
                    learning_id: id,
                    by: caller.id,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(LearningOutcome::Saved(learning))
        })
        .await
    }
}
