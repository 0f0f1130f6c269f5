//! Expeditions: create, read as a snapshot, edit, move through the stages, rotate the code.

use hevruta_model::{
    Event, EventKind, ExpeditionId, ExpeditionSnapshot, JoinCode, Member, MemberId, NewExpedition,
    Role, Stage, ValidUpdate,
};
use sqlx::FromRow;
use uuid::Uuid;

use super::members::{NewMember, insert};
use super::{Store, StoreError, corrupt, events, now_millis};

#[derive(FromRow)]
struct ExpeditionRow {
    title: String,
    city: String,
    challenge: String,
    stage: String,
    join_code: String,
    last_seq: i64,
    created_at: i64,
}

/// Result of creating an expedition.
#[derive(Debug)]
pub struct Created {
    pub id: ExpeditionId,
    pub facilitator: Member,
    pub event: Event,
}

impl Store {
    /// Creates the expedition and its first member, the facilitator, with one session.
    pub async fn create_expedition(
        &self,
        new: &NewExpedition,
        join_code: &JoinCode,
        token_hash: &str,
    ) -> Result<Created, StoreError> {
        let (store, new, join_code, token_hash) = (
            self.clone(),
            new.clone(),
            join_code.clone(),
            token_hash.to_owned(),
        );
        self.detached(async move {
            let id = ExpeditionId(Uuid::now_v7());
            let mut tx = store.begin_write().await?;
            sqlx::query(
                "INSERT INTO expeditions (id, title, city, challenge, stage, join_code, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(id.to_string())
            .bind(new.title.as_str())
            .bind(new.city.as_str())
            .bind(new.challenge.as_str())
            .bind(Stage::GettingToKnow.as_str())
            .bind(join_code.as_str())
            .bind(now_millis())
            .execute(&mut *tx)
            .await?;
            let (facilitator, event) = insert(
                &mut tx,
                NewMember {
                    expedition: id,
                    display_name: new.display_name.as_str(),
                    sector: Some(new.sector),
                    role: Role::Facilitator,
                    token_hash: &token_hash,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Created {
                id,
                facilitator,
                event,
            })
        })
        .await
    }

    /// The expedition as of its latest event. The join code is included; callers decide
    /// who may see it.
    pub async fn snapshot(
        &self,
        id: ExpeditionId,
    ) -> Result<Option<ExpeditionSnapshot>, StoreError> {
        // One read transaction, so `last_seq` and the member list agree.
        let mut tx = self.pool.begin().await?;
        let row: Option<ExpeditionRow> = sqlx::query_as(
            "SELECT title, city, challenge, stage, join_code, last_seq, created_at FROM expeditions WHERE id = ?",
        )
        .bind(id.to_string())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let members = super::members::current(&mut tx, id).await?;
        let profiled = super::profiles::profiled(&mut tx, id).await?;
        tx.commit().await?;
        Ok(Some(ExpeditionSnapshot {
            id,
            stage: Stage::parse(&row.stage).ok_or_else(|| corrupt("stage", &row.stage))?,
            join_code: Some(
                JoinCode::parse(&row.join_code)
                    .map_err(|_| corrupt("join code", &row.join_code))?,
            ),
            title: row.title,
            city: row.city,
            challenge: row.challenge,
            members,
            last_seq: row.last_seq as u64,
            created_at: row.created_at,
            profiled,
        }))
    }

    /// Applies the given changes; logs an event only when something actually changed.
    pub async fn update_expedition(
        &self,
        id: ExpeditionId,
        update: &ValidUpdate,
        by: MemberId,
    ) -> Result<Option<Event>, StoreError> {
        let (store, update) = (self.clone(), update.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let (title, city, challenge): (String, String, String) =
                sqlx::query_as("SELECT title, city, challenge FROM expeditions WHERE id = ?")
                    .bind(id.to_string())
                    .fetch_one(&mut *tx)
                    .await?;
            let new_title = update
                .title
                .as_ref()
                .map_or(title.clone(), |t| t.to_string());
            let new_city = update.city.as_ref().map_or(city.clone(), |c| c.to_string());
            let new_challenge = update
                .challenge
                .as_ref()
                .map_or(challenge.clone(), |c| c.to_string());
            if (
                new_title.as_str(),
                new_city.as_str(),
                new_challenge.as_str(),
            ) == (title.as_str(), city.as_str(), challenge.as_str())
            {
                return Ok(None);
            }
            sqlx::query("UPDATE expeditions SET title = ?, city = ?, challenge = ? WHERE id = ?")
                .bind(&new_title)
                .bind(&new_city)
                .bind(&new_challenge)
                .bind(id.to_string())
                .execute(&mut *tx)
                .await?;
            let event = events::append(
                &mut tx,
                id,
                EventKind::ExpeditionUpdated {
                    title: new_title,
                    city: new_city,
                    challenge: new_challenge,
                    by,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Some(event))
        })
        .await
    }

    /// Moves the expedition to `stage`; `None` when it is already there.
    pub async fn set_stage(
        &self,
        id: ExpeditionId,
        stage: Stage,
        by: MemberId,
    ) -> Result<Option<Event>, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let changed =
                sqlx::query("UPDATE expeditions SET stage = ? WHERE id = ? AND stage <> ?")
                    .bind(stage.as_str())
                    .bind(id.to_string())
                    .bind(stage.as_str())
                    .execute(&mut *tx)
                    .await?
                    .rows_affected();
            if changed == 0 {
                return Ok(None);
            }
            let event = events::append(&mut tx, id, EventKind::StageChanged { stage, by }).await?;
            tx.commit().await?;
            Ok(Some(event))
        })
        .await
    }

    /// Replaces the join code; the old one stops working at once. Not an event: the code
    /// is a secret for facilitators, not news for everyone.
    pub async fn set_join_code(&self, id: ExpeditionId, code: &JoinCode) -> Result<(), StoreError> {
        sqlx::query("UPDATE expeditions SET join_code = ? WHERE id = ?")
            .bind(code.as_str())
            .bind(id.to_string())
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The oldest expedition with this title (the demo is found this way on later runs).
    pub async fn find_by_title(&self, title: &str) -> Result<Option<ExpeditionId>, StoreError> {
        let id: Option<String> = sqlx::query_scalar(
            "SELECT id FROM expeditions WHERE title = ? ORDER BY created_at LIMIT 1",
        )
        .bind(title)
        .fetch_optional(&self.pool)
        .await?;
        id.map(|s| s.parse().map_err(|_| corrupt("expedition id", &s)))
            .transpose()
    }
}
