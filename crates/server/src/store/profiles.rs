//! Partner profiles: one per member, written by that member, read by the expedition.

use hevruta_model::{
    Deferred, EventKind, ExpeditionId, MemberId, Profile, ProfileListing, ValidProfile,
};
use sqlx::SqliteConnection;

use super::{Store, StoreError, corrupt, events, now_millis};

fn decode(body: &str) -> Result<Profile, StoreError> {
    serde_json::from_str(body).map_err(|_| corrupt("profile", body))
}

/// The current members who wrote a profile, in the order they first did.
pub(super) async fn profiled(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
) -> Result<Vec<MemberId>, StoreError> {
    let ids: Vec<String> = sqlx::query_scalar(
        "SELECT p.member_id FROM profiles p JOIN members m ON m.id = p.member_id
         WHERE p.expedition_id = ? AND m.left_at IS NULL ORDER BY m.joined_at, m.id",
    )
    .bind(expedition.to_string())
    .fetch_all(&mut *conn)
    .await?;
    ids.iter()
        .map(|id| id.parse().map_err(|_| corrupt("member id", id)))
        .collect()
}

impl Store {
    /// The profiles of the current members, in the order they joined, as of `last_seq`.
    pub async fn profiles(&self, expedition: ExpeditionId) -> Result<ProfileListing, StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT p.body FROM profiles p JOIN members m ON m.id = p.member_id
             WHERE p.expedition_id = ? AND m.left_at IS NULL ORDER BY m.joined_at, m.id",
        )
        .bind(expedition.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(ProfileListing {
            profiles: bodies.iter().map(|b| decode(b)).collect::<Result<_, _>>()?,
            last_seq,
        })
    }

    /// Writes `member`'s profile; stored as a `profile_saved` event unless nothing changed
    /// (a retry), in which case the stored profile comes back as it was.
    pub async fn save_profile(
        &self,
        expedition: ExpeditionId,
        member: MemberId,
        profile: ValidProfile,
    ) -> Result<Profile, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let stored: Option<String> =
                sqlx::query_scalar("SELECT body FROM profiles WHERE member_id = ?")
                    .bind(member.to_string())
                    .fetch_optional(&mut *tx)
                    .await?;
            let now = now_millis();
            let fresh = profile.into_profile(member, now);
            if let Some(before) = stored.as_deref().map(decode).transpose()? {
                let same = Profile {
                    updated_at: now,
                    ..before.clone()
                } == fresh;
                if same {
                    return Ok(before);
                }
            }
            let body =
                serde_json::to_string(&fresh).map_err(|e| StoreError::Corrupt(e.to_string()))?;
            sqlx::query(
                "INSERT INTO profiles (member_id, expedition_id, body, updated_at) VALUES (?, ?, ?, ?)
                 ON CONFLICT (member_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at",
            )
            .bind(member.to_string())
            .bind(expedition.to_string())
            .bind(&body)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            events::append(
                &mut tx,
                expedition,
                EventKind::ProfileSaved {
                    profile: Deferred::new(&fresh),
                    by: member,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(fresh)
        })
        .await
    }
}
