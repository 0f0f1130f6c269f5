//! Voting rounds: opened on a canvas or a board, dots set per member and item, revealed
//! into a stored snapshot of ranked results or cancelled. Every change is one write
//! transaction that checks the rules against what is stored (one open round per canvas or
//! board, the item on the round's canvas or board, the cap, the budget), so no two requests
//! can both spend a member's last dot. A member's dots are deleted when the round ends: what
//! is left of an anonymous round cannot say who voted for what. Only public facts go on the
//! stream (`event: round`), and only when they change: a dot moved between items says nothing.

use hevruta_model::board::CardContent;
use hevruta_model::canvas::CanvasId;
use hevruta_model::problem::FieldCode;
use hevruta_model::vote::{
    MAX_LABEL_CHARS, MyDots, Round, RoundId, RoundListing, RoundOn, RoundResults, RoundStatus,
    RoundView, StartRound, Tally, Voter, rank,
};
use hevruta_model::{ExpeditionId, FieldError, MemberId};
use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::boards::id;
use super::{Store, StoreError, Write, corrupt, events, now_millis};

/// Why a round change was refused; nothing was written.
#[derive(Debug)]
pub enum RoundRefusal {
    /// No such round, canvas or board in this expedition.
    NotFound,
    /// A round is already open there, or this one has ended.
    Conflict(&'static str),
    /// The canvas is archived.
    Archived,
    Invalid(Vec<FieldError>),
}

pub type RoundOutcome<T> = Result<Result<T, RoundRefusal>, StoreError>;

#[derive(FromRow)]
struct RoundRow {
    id: String,
    canvas_id: Option<String>,
    board_id: Option<String>,
    budget: i64,
    cap: Option<i64>,
    anonymous: bool,
    status: String,
    voters: i64,
    opened_by: String,
    opened_at: i64,
    closed_at: Option<i64>,
    results: Option<String>,
}

macro_rules! round_columns {
    () => {
        "id, canvas_id, board_id, budget, cap, anonymous, status, voters, opened_by, opened_at, \
         closed_at, results"
    };
}

fn status_str(s: RoundStatus) -> &'static str {
    match s {
        RoundStatus::Open => "open",
        RoundStatus::Revealed => "revealed",
        RoundStatus::Cancelled => "cancelled",
    }
}

impl RoundRow {
    fn round(&self) -> Result<Round, StoreError> {
        let on = match (&self.canvas_id, &self.board_id) {
            (Some(c), _) => RoundOn::Canvas(id("canvas id", c)?),
            (None, Some(b)) => RoundOn::Board(id("board id", b)?),
            (None, None) => return Err(corrupt("round target", &self.id)),
        };
        let status = match self.status.as_str() {
            "open" => RoundStatus::Open,
            "revealed" => RoundStatus::Revealed,
            "cancelled" => RoundStatus::Cancelled,
            other => return Err(corrupt("round status", other)),
        };
        Ok(Round {
            id: id("round id", &self.id)?,
            on,
            budget: self.budget as u32,
            cap: self.cap.map(|c| c as u32),
            anonymous: self.anonymous,
            status,
            voters: self.voters as u32,
            opened_by: id("member id", &self.opened_by)?,
            opened_at: self.opened_at,
            closed_at: self.closed_at,
        })
    }

    fn results(&self) -> Result<Option<RoundResults>, StoreError> {
        self.results
            .as_deref()
            .map(|r| serde_json::from_str(r).map_err(|_| corrupt("round results", r)))
            .transpose()
    }
}

async fn round_row(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    round: RoundId,
) -> Result<Option<RoundRow>, StoreError> {
    Ok(sqlx::query_as(concat!(
        "SELECT ",
        round_columns!(),
        " FROM vote_rounds WHERE id = ? AND expedition_id = ?"
    ))
    .bind(round.to_string())
    .bind(expedition.to_string())
    .fetch_optional(&mut *conn)
    .await?)
}

/// `member`'s dots in `round`, by item.
async fn dots_of(
    conn: &mut SqliteConnection,
    round: RoundId,
    member: MemberId,
) -> Result<Vec<MyDots>, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT item_id, dots FROM round_dots WHERE round_id = ? AND member_id = ? ORDER BY item_id",
    )
    .bind(round.to_string())
    .bind(member.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(item, dots)| {
            Ok(MyDots {
                item: id("item id", &item)?,
                dots: dots as u32,
            })
        })
        .collect()
}

async fn voter_count(conn: &mut SqliteConnection, round: RoundId) -> Result<u32, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(DISTINCT member_id) FROM round_dots WHERE round_id = ?")
            .bind(round.to_string())
            .fetch_one(&mut *conn)
            .await?;
    Ok(n as u32)
}

/// Whether `item` is a sticky (not deleted) of the round's canvas or a card of its board.
async fn is_item(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    on: RoundOn,
    item: Uuid,
) -> Result<bool, StoreError> {
    // A canvas id is the server's (unique); a board id is unique in its expedition.
    let sql = match on {
        RoundOn::Canvas(_) => {
            "SELECT 1 FROM stickies s JOIN canvases c ON c.id = s.canvas_id
             WHERE s.id = ? AND s.canvas_id = ? AND s.deleted = 0 AND c.expedition_id = ?"
        }
        RoundOn::Board(_) => {
            "SELECT 1 FROM board_cards WHERE id = ? AND board_id = ? AND expedition_id = ?"
        }
    };
    let found: Option<i64> = sqlx::query_scalar(sql)
        .bind(item.to_string())
        .bind(on.id().to_string())
        .bind(expedition.to_string())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(found.is_some())
}

fn view(row: &RoundRow, mine: Vec<MyDots>) -> Result<RoundView, StoreError> {
    let round = row.round()?;
    let open = round.status == RoundStatus::Open;
    let spent: u32 = mine.iter().map(|d| d.dots).sum();
    Ok(RoundView {
        remaining: if open {
            round.budget.saturating_sub(spent)
        } else {
            0
        },
        mine: if open { mine } else { Vec::new() },
        results: row.results()?,
        round,
    })
}

fn label(text: &str) -> String {
    text.chars().take(MAX_LABEL_CHARS).collect()
}

impl Store {
    /// Runs `change` in one write transaction on an existing round of the expedition.
    async fn on_round<T: Send + 'static>(
        &self,
        expedition: ExpeditionId,
        round: RoundId,
        change: impl for<'t> FnOnce(
            &'t mut Write,
            RoundRow,
        ) -> futures_util::future::BoxFuture<'t, RoundOutcome<T>>
        + Send
        + 'static,
    ) -> RoundOutcome<T> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(row) = round_row(&mut tx, expedition, round).await? else {
                return Ok(Err(RoundRefusal::NotFound));
            };
            let outcome = change(&mut tx, row).await?;
            if outcome.is_ok() {
                tx.commit().await?;
            }
            Ok(outcome)
        })
        .await
    }

    /// Opens a round (the caller checked it is the facilitator).
    pub async fn start_round(
        &self,
        expedition: ExpeditionId,
        start: StartRound,
        by: MemberId,
    ) -> RoundOutcome<Round> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let (sql, target) = match start.on {
                RoundOn::Canvas(c) => (
                    "SELECT archived_at IS NOT NULL FROM canvases WHERE id = ? AND expedition_id = ?",
                    c.0,
                ),
                RoundOn::Board(b) => (
                    "SELECT 0 FROM boards WHERE id = ? AND expedition_id = ?",
                    b.0,
                ),
            };
            let archived: Option<bool> = sqlx::query_scalar(sql)
                .bind(target.to_string())
                .bind(expedition.to_string())
                .fetch_optional(&mut *tx)
                .await?;
            match archived {
                None => return Ok(Err(RoundRefusal::NotFound)),
                Some(true) => return Ok(Err(RoundRefusal::Archived)),
                Some(false) => {}
            }
            let open: Option<i64> = sqlx::query_scalar(
                "SELECT 1 FROM vote_rounds
                 WHERE expedition_id = ? AND COALESCE(canvas_id, board_id) = ? AND status = 'open'",
            )
            .bind(expedition.to_string())
            .bind(target.to_string())
            .fetch_optional(&mut *tx)
            .await?;
            if open.is_some() {
                return Ok(Err(RoundRefusal::Conflict(
                    "A round is already open there: reveal or cancel it first.",
                )));
            }
            let round = Round {
                id: RoundId(Uuid::now_v7()),
                on: start.on,
                budget: start.budget,
                cap: start.cap,
                anonymous: start.anonymous,
                status: RoundStatus::Open,
                voters: 0,
                opened_by: by,
                opened_at: now_millis(),
                closed_at: None,
            };
            let (canvas, board) = match start.on {
                RoundOn::Canvas(c) => (Some(c.to_string()), None),
                RoundOn::Board(b) => (None, Some(b.to_string())),
            };
            sqlx::query(
                "INSERT INTO vote_rounds (id, expedition_id, canvas_id, board_id, budget, cap,
                   anonymous, status, voters, opened_by, opened_at)
                 VALUES (?, ?, ?, ?, ?, ?, ?, 'open', 0, ?, ?)",
            )
            .bind(round.id.to_string())
            .bind(expedition.to_string())
            .bind(canvas)
            .bind(board)
            .bind(round.budget)
            .bind(round.cap)
            .bind(round.anonymous)
            .bind(by.to_string())
            .bind(round.opened_at)
            .execute(&mut *tx)
            .await?;
            events::append_round(&mut tx, expedition, round.clone()).await?;
            tx.commit().await?;
            Ok(Ok(round))
        })
        .await
    }

    /// Every round of the expedition, newest first, with the `last_seq` it is current as of.
    pub async fn rounds(&self, expedition: ExpeditionId) -> Result<RoundListing, StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let rows: Vec<RoundRow> = sqlx::query_as(concat!(
            "SELECT ",
            round_columns!(),
            " FROM vote_rounds WHERE expedition_id = ? ORDER BY opened_at DESC, id DESC"
        ))
        .bind(expedition.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(RoundListing {
            rounds: rows.iter().map(RoundRow::round).collect::<Result<_, _>>()?,
            last_seq,
        })
    }

    /// The round as `member` sees it: their own dots while open, the results once revealed.
    pub async fn round_view(
        &self,
        expedition: ExpeditionId,
        round: RoundId,
        member: MemberId,
    ) -> Result<Option<RoundView>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let Some(row) = round_row(&mut conn, expedition, round).await? else {
            return Ok(None);
        };
        let mine = dots_of(&mut conn, round, member).await?;
        view(&row, mine).map(Some)
    }

    /// Puts `dots` of `member`'s dots on `item` (0 takes them back), within the cap and the
    /// budget, while the round is open.
    pub async fn set_dots(
        &self,
        expedition: ExpeditionId,
        round: RoundId,
        member: MemberId,
        item: Uuid,
        dots: u32,
    ) -> RoundOutcome<RoundView> {
        self.on_round(expedition, round, move |tx, row| {
            Box::pin(async move {
                let r = row.round()?;
                if r.status != RoundStatus::Open {
                    return Ok(Err(RoundRefusal::Conflict("This round has ended.")));
                }
                let mine = dots_of(tx, round, member).await?;
                let before = mine.iter().find(|d| d.item == item).map_or(0, |d| d.dots);
                let elsewhere: u32 = mine.iter().filter(|d| d.item != item).map(|d| d.dots).sum();
                if dots > 0 && !is_item(tx, expedition, r.on, item).await? {
                    let what = match r.on {
                        RoundOn::Canvas(_) => "not a sticky of this round's canvas",
                        RoundOn::Board(_) => "not a card of this round's board",
                    };
                    return Ok(Err(RoundRefusal::Invalid(vec![FieldError::new(
                        "item",
                        FieldCode::UnknownItem,
                        what,
                    )])));
                }
                if dots > r.per_item() {
                    return Ok(Err(RoundRefusal::Invalid(vec![
                        FieldError::new(
                            "dots",
                            FieldCode::OverCap,
                            format!("at most {} dots on one item", r.per_item()),
                        )
                        .with_max(r.per_item() as usize),
                    ])));
                }
                if elsewhere + dots > r.budget {
                    return Ok(Err(RoundRefusal::Invalid(vec![
                        FieldError::new(
                            "dots",
                            FieldCode::OverBudget,
                            format!("{elsewhere} of your {} dots are on other items", r.budget),
                        )
                        .with_max(r.budget as usize),
                    ])));
                }
                if dots != before {
                    if dots == 0 {
                        sqlx::query(
                            "DELETE FROM round_dots WHERE round_id = ? AND member_id = ? AND item_id = ?",
                        )
                        .bind(round.to_string())
                        .bind(member.to_string())
                        .bind(item.to_string())
                        .execute(&mut **tx)
                        .await?;
                    } else {
                        sqlx::query(
                            "INSERT INTO round_dots (round_id, member_id, item_id, dots) VALUES (?, ?, ?, ?)
                             ON CONFLICT (round_id, member_id, item_id) DO UPDATE SET dots = excluded.dots",
                        )
                        .bind(round.to_string())
                        .bind(member.to_string())
                        .bind(item.to_string())
                        .bind(dots)
                        .execute(&mut **tx)
                        .await?;
                    }
                    let voters = voter_count(tx, round).await?;
                    if voters != r.voters {
                        sqlx::query("UPDATE vote_rounds SET voters = ? WHERE id = ?")
                            .bind(voters)
                            .bind(round.to_string())
                            .execute(&mut **tx)
                            .await?;
                        events::append_round(tx, expedition, Round { voters, ..r }).await?;
                    }
                }
                let row = round_row(tx, expedition, round)
                    .await?
                    .ok_or_else(|| corrupt("round", &round.to_string()))?;
                let mine = dots_of(tx, round, member).await?;
                Ok(Ok(view(&row, mine)?))
            })
        })
        .await
    }

    /// Ends the round: `reveal` ranks its dots into results stored with it (with who voted
    /// for what only in a named round); otherwise it is cancelled. Either way the dots go.
    pub async fn end_round(
        &self,
        expedition: ExpeditionId,
        round: RoundId,
        member: MemberId,
        reveal: bool,
    ) -> RoundOutcome<RoundView> {
        // Labels come from the canvas's folded op log, read before the write.
        let canvas_text = match self.round_view(expedition, round, member).await? {
            Some(RoundView {
                round:
                    Round {
                        on: RoundOn::Canvas(c),
                        status: RoundStatus::Open,
                        ..
                    },
                ..
            }) if reveal => Some(self.sticky_texts(expedition, c).await?),
            _ => None,
        };
        self.on_round(expedition, round, move |tx, row| {
            Box::pin(async move {
                let r = row.round()?;
                if r.status != RoundStatus::Open {
                    return Ok(Err(RoundRefusal::Conflict("This round has ended already.")));
                }
                let (status, results) = if reveal {
                    let results = tally(tx, expedition, &r, canvas_text.unwrap_or_default()).await?;
                    (RoundStatus::Revealed, Some(results))
                } else {
                    (RoundStatus::Cancelled, None)
                };
                let json = results
                    .as_ref()
                    .map(serde_json::to_string)
                    .transpose()
                    .map_err(|e| StoreError::Corrupt(e.to_string()))?;
                let closed_at = now_millis();
                let voters = results.as_ref().map_or(r.voters, |res| res.voters);
                sqlx::query(
                    "UPDATE vote_rounds SET status = ?, closed_at = ?, results = ?, voters = ? WHERE id = ?",
                )
                .bind(status_str(status))
                .bind(closed_at)
                .bind(json)
                .bind(voters)
                .bind(round.to_string())
                .execute(&mut **tx)
                .await?;
                sqlx::query("DELETE FROM round_dots WHERE round_id = ?")
                    .bind(round.to_string())
                    .execute(&mut **tx)
                    .await?;
                let ended = Round {
                    status,
                    voters,
                    closed_at: Some(closed_at),
                    ..r
                };
                events::append_round(tx, expedition, ended.clone()).await?;
                Ok(Ok(RoundView {
                    round: ended,
                    mine: Vec::new(),
                    remaining: 0,
                    results,
                }))
            })
        })
        .await
    }

    /// The text of each sticky of a canvas that is not deleted (private stickies are not
    /// items until they are revealed).
    async fn sticky_texts(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
    ) -> Result<Vec<(Uuid, String)>, StoreError> {
        let (board, _, _) = self.board(expedition, canvas, None).await?;
        Ok(board
            .stickies
            .values()
            .filter(|s| s.created.is_some() && !s.deleted.value)
            .map(|s| (s.id.0, label(&s.text.value)))
            .collect())
    }
}

/// Ranks the open round's dots: items still on its canvas or board only, named by their text
/// (a sticky's) or title (a card's), voters by their display name.
async fn tally(
    tx: &mut SqliteConnection,
    expedition: ExpeditionId,
    round: &Round,
    canvas_text: Vec<(Uuid, String)>,
) -> Result<RoundResults, StoreError> {
    let rows: Vec<(String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT d.item_id, d.member_id, d.dots, m.display_name FROM round_dots d
         LEFT JOIN members m ON m.id = d.member_id
         WHERE d.round_id = ? ORDER BY d.item_id, d.member_id",
    )
    .bind(round.id.to_string())
    .fetch_all(&mut *tx)
    .await?;
    let labels: Vec<(Uuid, String)> = match round.on {
        RoundOn::Canvas(_) => canvas_text,
        RoundOn::Board(b) => {
            let cards: Vec<(String, String)> = sqlx::query_as(
                "SELECT id, content FROM board_cards WHERE expedition_id = ? AND board_id = ?",
            )
            .bind(expedition.to_string())
            .bind(b.to_string())
            .fetch_all(&mut *tx)
            .await?;
            cards
                .into_iter()
                .map(|(card, content)| {
                    let content: CardContent = serde_json::from_str(&content)
                        .map_err(|_| corrupt("card content", &content))?;
                    Ok((id("card id", &card)?, label(&content.title)))
                })
                .collect::<Result<_, StoreError>>()?
        }
    };
    let mut tallies = Vec::with_capacity(rows.len());
    for (item, member, dots, name) in rows {
        let item: Uuid = id("item id", &item)?;
        // Dots on an item deleted since do not count.
        if !labels.iter().any(|(i, _)| *i == item) {
            continue;
        }
        tallies.push(Tally {
            item,
            voter: Voter {
                member: id("member id", &member)?,
                name: name.unwrap_or_default(),
                dots: dots as u32,
            },
        });
    }
    Ok(rank(&tallies, round.anonymous, |item| {
        labels
            .iter()
            .find(|(i, _)| *i == item)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    }))
}
