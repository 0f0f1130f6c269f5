//! Sign-in links: a short-lived, single-use secret that gives its member a new session on
//! another device (their own, or one a facilitator issues for a member who lost theirs).

use hevruta_model::device::DEVICE_LINK_TTL_MS;
use hevruta_model::{ExpeditionId, Member, MemberId, UnixMillis};

use super::members::{MemberRow, insert_session};
use super::{Store, StoreError, corrupt, now_millis};

impl Store {
    /// Stores a link for `member` (a current member of `expedition`) issued by `by`;
    /// `None` when no such member is in the expedition. Returns when it expires.
    pub async fn issue_device_link(
        &self,
        expedition: ExpeditionId,
        member: MemberId,
        by: MemberId,
        secret_hash: &str,
    ) -> Result<Option<UnixMillis>, StoreError> {
        let now = now_millis();
        let expires_at = now + DEVICE_LINK_TTL_MS;
        let stored = sqlx::query(
            "INSERT INTO device_links (secret_hash, member_id, issued_by, created_at, expires_at)
             SELECT ?, id, ?, ?, ? FROM members
             WHERE id = ? AND expedition_id = ? AND left_at IS NULL",
        )
        .bind(secret_hash)
        .bind(by.to_string())
        .bind(now)
        .bind(expires_at)
        .bind(member.to_string())
        .bind(expedition.to_string())
        .execute(&self.pool)
        .await?;
        // Links nobody can use any more go, so the table does not grow.
        sqlx::query("DELETE FROM device_links WHERE expires_at < ?")
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok((stored.rows_affected() == 1).then_some(expires_at))
    }

    /// Uses the link once: a new session with `token_hash` for its member, who must still
    /// be in the expedition. `None` for an unknown, used or expired link.
    pub async fn redeem_device_link(
        &self,
        secret_hash: &str,
        token_hash: &str,
    ) -> Result<Option<(ExpeditionId, Member)>, StoreError> {
        #[derive(sqlx::FromRow)]
        struct Row {
            expedition_id: String,
            #[sqlx(flatten)]
            member: MemberRow,
        }
        let (store, secret_hash, token_hash) =
            (self.clone(), secret_hash.to_owned(), token_hash.to_owned());
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let now = now_millis();
            let member: Option<String> = sqlx::query_scalar(
                "UPDATE device_links SET used_at = ?
                 WHERE secret_hash = ? AND used_at IS NULL AND expires_at > ?
                 RETURNING member_id",
            )
            .bind(now)
            .bind(&secret_hash)
            .bind(now)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(member) = member else {
                return Ok(None);
            };
            let row: Option<Row> = sqlx::query_as(
                "SELECT expedition_id, id, display_name, sector, role, joined_at FROM members
                 WHERE id = ? AND left_at IS NULL",
            )
            .bind(&member)
            .fetch_optional(&mut *tx)
            .await?;
            let Some(row) = row else {
                // Spent all the same: a link of someone who left is no good twice either.
                tx.commit().await?;
                return Ok(None);
            };
            let member = row.member.into_member()?;
            insert_session(&mut tx, member.id, &token_hash).await?;
            tx.commit().await?;
            let expedition = row
                .expedition_id
                .parse()
                .map_err(|_| corrupt("expedition id", &row.expedition_id))?;
            Ok(Some((expedition, member)))
        })
        .await
    }
}
