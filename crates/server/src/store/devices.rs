//! A member's sessions as devices: listed (never their tokens) and ended one by one, with
//! the rule that the last facilitator's last session does not end without `force`.

use std::time::Duration;

use hevruta_model::{DeviceSession, Member, Role, SessionId};
use sqlx::FromRow;

use super::members::millis;
use super::{Store, StoreError, corrupt, now_millis};

/// Which of a member's sessions to end.
#[derive(Debug, Clone, Copy)]
pub enum Which<'a> {
    /// The session of this token hash (the caller's own: sign out on this device).
    Token(&'a str),
    /// One of the member's sessions by its id.
    Id(SessionId),
}

/// Outcome of ending a session.
#[derive(Debug, PartialEq, Eq)]
pub enum SignOut {
    Ended,
    /// The member has no live session with that id.
    NotFound,
    /// It is the last live session of the expedition's only facilitator: nobody could run
    /// the lab from any device afterwards (ask again with `force`).
    LastFacilitator,
}

impl Store {
    /// The member's live sessions (not ended, used within `idle`), newest first;
    /// `current` marks the one with `token_hash`.
    pub async fn devices(
        &self,
        member: &Member,
        token_hash: &str,
        idle: Duration,
    ) -> Result<Vec<DeviceSession>, StoreError> {
        #[derive(FromRow)]
        struct Row {
            id: String,
            token_hash: String,
            created_at: i64,
            last_used_at: i64,
            device: Option<String>,
        }
        let rows: Vec<Row> = sqlx::query_as(
            "SELECT id, token_hash, created_at, last_used_at, device FROM sessions
             WHERE member_id = ? AND revoked_at IS NULL AND last_used_at > ?
             ORDER BY created_at DESC, id DESC",
        )
        .bind(member.id.to_string())
        .bind(now_millis().saturating_sub(millis(idle)))
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(DeviceSession {
                    id: r.id.parse().map_err(|_| corrupt("session id", &r.id))?,
                    created_at: r.created_at,
                    last_used_at: r.last_used_at,
                    device: r.device,
                    current: r.token_hash == token_hash,
                })
            })
            .collect()
    }

    /// Ends one of `member`'s live sessions; its open streams end at once.
    pub async fn end_session(
        &self,
        member: &Member,
        which: Which<'_>,
        force: bool,
        idle: Duration,
    ) -> Result<SignOut, StoreError> {
        let member = member.clone();
        let (by_token, by_id) = match which {
            Which::Token(t) => (Some(t.to_owned()), None),
            Which::Id(id) => (None, Some(id.to_string())),
        };
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let live_since = now_millis().saturating_sub(millis(idle));
            let target: Option<String> = sqlx::query_scalar(
                "SELECT token_hash FROM sessions
                 WHERE member_id = ? AND revoked_at IS NULL AND (token_hash = ? OR id = ?)",
            )
            .bind(member.id.to_string())
            .bind(by_token.as_deref())
            .bind(by_id.as_deref())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(target) = target else {
                return Ok(SignOut::NotFound);
            };
            if !force && member.role == Role::Facilitator {
                let (facilitators, live): (i64, i64) = sqlx::query_as(
                    "SELECT
                       (SELECT COUNT(*) FROM members f, members me
                        WHERE me.id = ?1 AND f.expedition_id = me.expedition_id
                          AND f.role = 'facilitator' AND f.left_at IS NULL),
                       (SELECT COUNT(*) FROM sessions
                        WHERE member_id = ?1 AND revoked_at IS NULL AND last_used_at > ?2)",
                )
                .bind(member.id.to_string())
                .bind(live_since)
                .fetch_one(&mut *tx)
                .await?;
                if facilitators <= 1 && live <= 1 {
                    return Ok(SignOut::LastFacilitator);
                }
            }
            sqlx::query("UPDATE sessions SET revoked_at = ? WHERE token_hash = ?")
                .bind(now_millis())
                .bind(&target)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            store.hub.end_sessions(std::slice::from_ref(&target));
            Ok(SignOut::Ended)
        })
        .await
    }
}
