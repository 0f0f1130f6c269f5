//! Provenance: which visible canvas stickies cite which learning or card (one scan of the
//! expedition's canvases serves the boards and the learnings alike), what a sticky may
//! cite, and the check that a citation names something of the same expedition.

use hevruta_model::board::{BoardId, CardContent, CardId};
use hevruta_model::canvas::{CanvasId, Citation, StickyId};
use hevruta_model::{CitableCard, CitableLearning, Citables, ExpeditionId, Learning};
use sqlx::SqliteConnection;

use super::{Store, StoreError, corrupt};

/// A visible sticky of one of the expedition's canvases and what it cites.
#[derive(Debug, Clone, PartialEq)]
pub struct StickyCitation {
    pub citation: Citation,
    pub canvas_id: CanvasId,
    pub canvas_title: String,
    /// The section key of the sticky, if it is in one.
    pub section: Option<String>,
    pub sticky_id: StickyId,
}

/// Whether `citation` names a learning or a card of `expedition` (another expedition's
/// look unknown, so nothing of theirs is told).
pub(super) async fn exists(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    citation: Citation,
) -> Result<bool, StoreError> {
    let found: Option<i64> = match citation {
        Citation::Learning(id) => {
            sqlx::query_scalar("SELECT 1 FROM learnings WHERE id = ? AND expedition_id = ?")
                .bind(id.to_string())
                .bind(expedition.to_string())
                .fetch_optional(&mut *conn)
                .await?
        }
        Citation::Card(id) => {
            sqlx::query_scalar("SELECT 1 FROM board_cards WHERE id = ? AND expedition_id = ?")
                .bind(id.to_string())
                .bind(expedition.to_string())
                .fetch_optional(&mut *conn)
                .await?
        }
    };
    Ok(found.is_some())
}

impl Store {
    /// Every visible (not deleted) sticky of the expedition's canvases that cites
    /// something, canvas by canvas (oldest first).
    pub async fn sticky_citations(
        &self,
        expedition: ExpeditionId,
    ) -> Result<Vec<StickyCitation>, StoreError> {
        let mut found = Vec::new();
        for canvas in self.canvases(expedition).await? {
            let (folded, ..) = self.board(expedition, canvas.id, None).await?;
            for sticky in folded.stickies.values().filter(|s| s.visible()) {
                if let Some(citation) = sticky.citation.value {
                    found.push(StickyCitation {
                        citation,
                        canvas_id: canvas.id,
                        canvas_title: canvas.title.clone(),
                        section: sticky.section.value.clone(),
                        sticky_id: sticky.id,
                    });
                }
            }
        }
        Ok(found)
    }

    /// What a sticky of `expedition` may cite: its learnings not hidden (circle 3 first)
    /// and the cards of its boards.
    pub async fn citables(&self, expedition: ExpeditionId) -> Result<Citables, StoreError> {
        let mut tx = self.pool.begin().await?;
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM learnings WHERE expedition_id = ? AND hidden = 0
             ORDER BY created_at, id",
        )
        .bind(expedition.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let cards: Vec<(String, String, String, String)> = sqlx::query_as(
            "SELECT c.id, b.id, b.title, c.content FROM board_cards c
             JOIN boards b ON b.expedition_id = c.expedition_id AND b.id = c.board_id
             JOIN board_columns k ON k.expedition_id = c.expedition_id AND k.id = c.column_id
             WHERE b.expedition_id = ?
             ORDER BY b.created_at, b.id, k.key, k.id, c.key, c.id",
        )
        .bind(expedition.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        let mut learnings = bodies
            .iter()
            .map(|b| {
                let l: Learning = serde_json::from_str(b).map_err(|_| corrupt("learning", b))?;
                Ok(CitableLearning {
                    id: l.id,
                    circle: l.circle,
                    title: l.title,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        // Circle 3 (global innovations) is what pilots adapt most: list it first.
        learnings.sort_by_key(|l| std::cmp::Reverse(l.circle));
        let cards = cards
            .into_iter()
            .map(|(card, board, board_title, content)| {
                let content: CardContent =
                    serde_json::from_str(&content).map_err(|_| corrupt("card", &content))?;
                Ok(CitableCard {
                    id: CardId(card.parse().map_err(|_| corrupt("card id", &card))?),
                    board_id: BoardId(board.parse().map_err(|_| corrupt("board id", &board))?),
                    board_title,
                    title: content.title,
                })
            })
            .collect::<Result<_, StoreError>>()?;
        Ok(Citables { learnings, cards })
    }
}
