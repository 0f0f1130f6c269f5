//! Stream tickets: a short-lived, single-use secret that opens one event stream as its
//! session, so the session token never sits in a URL (an `EventSource` cannot send headers).

use hevruta_model::UnixMillis;
use hevruta_model::device::STREAM_TICKET_TTL_MS;

use super::{Store, StoreError, now_millis};

impl Store {
    /// Stores a ticket for the session `token_hash`; returns when it expires.
    pub async fn issue_stream_ticket(
        &self,
        ticket_hash: &str,
        token_hash: &str,
    ) -> Result<UnixMillis, StoreError> {
        let now = now_millis();
        let expires_at = now + STREAM_TICKET_TTL_MS;
        sqlx::query("DELETE FROM stream_tickets WHERE expires_at < ?")
            .bind(now)
            .execute(&self.pool)
            .await?;
        sqlx::query(
            "INSERT INTO stream_tickets (ticket_hash, token_hash, expires_at) VALUES (?, ?, ?)",
        )
        .bind(ticket_hash)
        .bind(token_hash)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(expires_at)
    }

    /// Uses the ticket: the token hash of its session, once, if it has not expired.
    pub async fn redeem_stream_ticket(
        &self,
        ticket_hash: &str,
    ) -> Result<Option<String>, StoreError> {
        Ok(sqlx::query_scalar(
            "DELETE FROM stream_tickets WHERE ticket_hash = ? AND expires_at > ? RETURNING token_hash",
        )
        .bind(ticket_hash)
        .bind(now_millis())
        .fetch_optional(&self.pool)
        .await?)
    }
}
