//! Cards made from circle-3 learnings: the check that a card's `from_learning` names one
//! (of this expedition, not hidden, in the third circle), and the titles a board shows
//! beside such cards ("from the learning …").

use hevruta_model::board::{Card, CardLearning};
use hevruta_model::problem::FieldCode;
use hevruta_model::{Circle, ExpeditionId, FieldError, Learning, LearningId};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::{Store, StoreError, corrupt};

async fn learning(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    id: Uuid,
) -> Result<Option<Learning>, StoreError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM learnings WHERE id = ? AND expedition_id = ?")
            .bind(LearningId(id).to_string())
            .bind(expedition.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    body.map(|b| serde_json::from_str(&b).map_err(|_| corrupt("learning", &b)))
        .transpose()
}

/// Why a new card cannot name `from` as its learning, if it cannot: no such learning in
/// this expedition (or one the facilitator hid), or one outside the third circle.
pub(super) async fn check_from_learning(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    from: Option<Uuid>,
) -> Result<Option<FieldError>, StoreError> {
    let Some(from) = from else { return Ok(None) };
    Ok(match learning(conn, expedition, from).await? {
        Some(l) if l.hidden => Some(unknown()),
        None => Some(unknown()),
        Some(l) if l.circle != Circle::Global => Some(FieldError::new(
            "from_learning",
            FieldCode::UnknownCircle,
            "a card is made from a learning of the third circle (global innovation)",
        )),
        Some(_) => None,
    })
}

fn unknown() -> FieldError {
    FieldError::new(
        "from_learning",
        FieldCode::UnknownLearning,
        "no such learning in this expedition",
    )
}

impl Store {
    /// The learnings `cards` were made from, titled as they are now (hidden or deleted
    /// ones left out), each once.
    pub(super) async fn card_learnings(
        &self,
        expedition: ExpeditionId,
        cards: &[Card],
    ) -> Result<Vec<CardLearning>, StoreError> {
        let mut ids: Vec<Uuid> = cards.iter().filter_map(|c| c.from_learning).collect();
        ids.sort_unstable();
        ids.dedup();
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let mut conn = self.pool.acquire().await?;
        let mut found = Vec::new();
        for id in ids {
            if let Some(l) = learning(&mut conn, expedition, id).await?
                && !l.hidden
            {
                found.push(CardLearning {
                    id: l.id,
                    title: l.title,
                });
            }
        }
        Ok(found)
    }
}
