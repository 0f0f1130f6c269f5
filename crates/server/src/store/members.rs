//! Members and their sessions.

use hevruta_model::{
    Event, EventKind, ExpeditionId, JoinCode, JoinPreview, Member, MemberId, Role, Sector,
    ValidJoin,
};
use std::time::Duration;

use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::{Store, StoreError, Write, corrupt, events, now_millis};

#[derive(FromRow)]
pub(super) struct MemberRow {
    id: String,
    display_name: String,
    sector: Option<String>,
    role: String,
    joined_at: i64,
}

impl MemberRow {
    pub(super) fn into_member(self) -> Result<Member, StoreError> {
        let sector = match self.sector.as_deref() {
            None => None,
            Some(s) => Some(Sector::parse(s).ok_or_else(|| corrupt("sector", s))?),
        };
        Ok(Member {
            id: self
                .id
                .parse()
                .map_err(|_| corrupt("member id", &self.id))?,
            display_name: self.display_name,
            sector,
            role: Role::parse(&self.role).ok_or_else(|| corrupt("role", &self.role))?,
            joined_at: self.joined_at,
        })
    }
}

/// How often a session's `last_used_at` is written: once a minute is precise enough for
/// a list of devices and for an idle timeout counted in days.
const USE_NOTED_EVERY_MS: i64 = 60_000;

/// A duration in milliseconds, as stored.
pub(super) fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

/// Who a session token belongs to.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub expedition_id: ExpeditionId,
    pub member: Member,
}

pub(super) struct NewMember<'a> {
    pub expedition: ExpeditionId,
    pub display_name: &'a str,
    pub sector: Option<Sector>,
    pub role: Role,
    pub token_hash: &'a str,
}

/// Inserts a member with one session and logs `member_joined`.
pub(super) async fn insert(
    tx: &mut Write,
    new: NewMember<'_>,
) -> Result<(Member, Event), StoreError> {
    let member = Member {
        id: MemberId(Uuid::now_v7()),
        display_name: new.display_name.to_owned(),
        sector: new.sector,
        role: new.role,
        joined_at: now_millis(),
    };
    sqlx::query(
        "INSERT INTO members (id, expedition_id, display_name, sector, role, joined_at) VALUES (?, ?, ?, ?, ?, ?)",
    )
    .bind(member.id.to_string())
    .bind(new.expedition.to_string())
    .bind(&member.display_name)
    .bind(member.sector.map(Sector::as_str))
    .bind(member.role.as_str())
    .bind(member.joined_at)
    .execute(&mut **tx)
    .await?;
    insert_session(tx, member.id, new.token_hash).await?;
    let event = events::append(
        tx,
        new.expedition,
        EventKind::MemberJoined {
            member: member.clone(),
        },
    )
    .await?;
    Ok((member, event))
}

pub(super) async fn insert_session(
    tx: &mut SqliteConnection,
    member: MemberId,
    token_hash: &str,
) -> Result<(), StoreError> {
    let now = now_millis();
    sqlx::query(
        "INSERT INTO sessions (token_hash, member_id, created_at, id, last_used_at) VALUES (?, ?, ?, ?, ?)",
    )
    .bind(token_hash)
    .bind(member.to_string())
    .bind(now)
    .bind(Uuid::now_v7().to_string())
    .bind(now)
    .execute(&mut *tx)
    .await?;
    Ok(())
}

/// Current members, in the order they joined (inside the caller's connection or transaction).
pub(super) async fn current(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
) -> Result<Vec<Member>, StoreError> {
    let rows: Vec<MemberRow> = sqlx::query_as(
        "SELECT id, display_name, sector, role, joined_at FROM members
         WHERE expedition_id = ? AND left_at IS NULL ORDER BY joined_at, id",
    )
    .bind(expedition.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(MemberRow::into_member).collect()
}

/// Outcome of leaving an expedition.
#[derive(Debug)]
pub enum Leave {
    Left(Event),
    /// The last facilitator cannot leave: nobody could run the lab any more.
    LastFacilitator,
}

impl Store {
    /// The live session for this token hash, if any: not revoked, its member still in, and
    /// used within `idle` (each use counts, noted at most once a minute).
    /// `device`: what the device says it is now (see `http::user_agent`), noted with the
    /// use when it changed.
    pub async fn session(
        &self,
        token_hash: &str,
        idle: Duration,
        device: Option<&str>,
    ) -> Result<Option<SessionInfo>, StoreError> {
        #[derive(FromRow)]
        struct Row {
            expedition_id: String,
            last_used_at: i64,
            device: Option<String>,
            #[sqlx(flatten)]
            member: MemberRow,
        }
        let now = now_millis();
        let row: Option<Row> = sqlx::query_as(
            "SELECT m.expedition_id, s.last_used_at, s.device, m.id, m.display_name, m.sector, m.role, m.joined_at
             FROM sessions s JOIN members m ON m.id = s.member_id
             WHERE s.token_hash = ? AND s.revoked_at IS NULL AND m.left_at IS NULL
               AND s.last_used_at > ?",
        )
        .bind(token_hash)
        .bind(now.saturating_sub(millis(idle)))
        .fetch_optional(&self.pool)
        .await?;
        if let Some(r) = &row
            && (now - r.last_used_at >= USE_NOTED_EVERY_MS
                || (device.is_some() && r.device.as_deref() != device))
        {
            sqlx::query(
                "UPDATE sessions SET last_used_at = ?, device = COALESCE(?, device) WHERE token_hash = ?",
            )
            .bind(now)
            .bind(device)
            .bind(token_hash)
                .execute(&self.pool)
                .await?;
        }
        row.map(|r| {
            Ok(SessionInfo {
                expedition_id: r
                    .expedition_id
                    .parse()
                    .map_err(|_| corrupt("expedition id", &r.expedition_id))?,
                member: r.member.into_member()?,
            })
        })
        .transpose()
    }

    /// Current members, in the order they joined.
    pub async fn members(&self, expedition: ExpeditionId) -> Result<Vec<Member>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        current(&mut conn, expedition).await
    }

    /// The title and city of the expedition whose code this is, if any.
    pub async fn join_preview(&self, code: &JoinCode) -> Result<Option<JoinPreview>, StoreError> {
        let row: Option<(String, String)> =
            sqlx::query_as("SELECT title, city FROM expeditions WHERE join_code = ?")
                .bind(code.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(title, city)| JoinPreview { title, city }))
    }

    /// The expedition this code leads to, if any.
    pub async fn expedition_for_code(
        &self,
        code: &JoinCode,
    ) -> Result<Option<ExpeditionId>, StoreError> {
        let id: Option<String> =
            sqlx::query_scalar("SELECT id FROM expeditions WHERE join_code = ?")
                .bind(code.as_str())
                .fetch_optional(&self.pool)
                .await?;
        id.map(|id| id.parse().map_err(|_| corrupt("expedition id", &id)))
            .transpose()
    }

    /// Joins the expedition whose code this is; `None` when no expedition has that code.
    pub async fn join(
        &self,
        join: &ValidJoin,
        token_hash: &str,
    ) -> Result<Option<(ExpeditionId, Member, Event)>, StoreError> {
        let (store, join, token_hash) = (self.clone(), join.clone(), token_hash.to_owned());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let id: Option<String> =
                sqlx::query_scalar("SELECT id FROM expeditions WHERE join_code = ?")
                    .bind(join.code.as_str())
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(id) = id else { return Ok(None) };
            let expedition: ExpeditionId = id.parse().map_err(|_| corrupt("expedition id", &id))?;
            let members: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM members WHERE expedition_id = ? AND left_at IS NULL",
            )
            .bind(&id)
            .fetch_one(&mut *tx)
            .await?;
            let max = store.quotas.members_per_expedition;
            if usize::try_from(members).unwrap_or(usize::MAX) >= max {
                return Err(StoreError::OverQuota(format!(
                    "This expedition has {max} members, the most it may have."
                )));
            }
            let (member, event) = insert(
                &mut tx,
                NewMember {
                    expedition,
                    display_name: join.display_name.as_str(),
                    sector: join.sector,
                    role: join.role,
                    token_hash: &token_hash,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Some((expedition, member, event)))
        })
        .await
    }

    /// Gives an existing member another session (used for the demo's facilitator link).
    pub async fn add_session(&self, member: MemberId, token_hash: &str) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await?;
        insert_session(&mut conn, member, token_hash).await
    }

    /// Removes the member from the expedition and ends all their sessions.
    pub async fn leave(
        &self,
        expedition: ExpeditionId,
        member: &Member,
    ) -> Result<Leave, StoreError> {
        let (store, member) = (self.clone(), member.clone());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            if member.role == Role::Facilitator {
                let facilitators: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM members WHERE expedition_id = ? AND role = 'facilitator' AND left_at IS NULL",
                )
                .bind(expedition.to_string())
                .fetch_one(&mut *tx)
                .await?;
                if facilitators <= 1 {
                    return Ok(Leave::LastFacilitator);
                }
            }
            let now = now_millis();
            sqlx::query("UPDATE members SET left_at = ? WHERE id = ?")
                .bind(now)
                .bind(member.id.to_string())
                .execute(&mut *tx)
                .await?;
            let ended: Vec<String> = sqlx::query_scalar(
                "UPDATE sessions SET revoked_at = ? WHERE member_id = ? AND revoked_at IS NULL
                 RETURNING token_hash",
            )
            .bind(now)
            .bind(member.id.to_string())
            .fetch_all(&mut *tx)
            .await?;
            let event = events::append(
                &mut tx,
                expedition,
                EventKind::MemberLeft {
                    member_id: member.id,
                },
            )
            .await?;
            tx.commit().await?;
            store.hub.end_sessions(&ended);
            Ok(Leave::Left(event))
        })
        .await
    }
}
