//! Boards: made, listed, read whole and retitled, and the rows and helpers their columns
//! (`board_columns`), cards, votes and comments (`board_cards`) and imports (`board_import`)
//! share. Every change is one write transaction (`on_board`) that checks the rules against
//! what is stored (the vote budget and cap included, so no two requests can both spend the
//! last vote), writes, and stores a `BoardEvent`, announced on commit. Ids are the client's:
//! a retry with the same body changes nothing and answers what is stored; the same id with
//! another body is a conflict.

use hevruta_model::board::CardCitation;
use hevruta_model::board::{
    BoardChange, BoardId, BoardListing, BoardSnapshot, BoardSummary, Card, CardContent, CardId,
    Column, ColumnId, Comment, CreateBoard, DEFAULT_COLUMNS, DEFAULT_VOTE_BUDGET, UpdateBoard,
    Vote, spread_keys,
};
use hevruta_model::canvas::Citation;
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, MemberId};
use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::{Store, StoreError, Write, corrupt, events, now_millis};

/// Why a board change was refused; nothing was written.
#[derive(Debug)]
pub enum BoardRefusal {
    NotFound,
    Forbidden(&'static str),
    Conflict(String),
    Invalid(Vec<FieldError>),
}

/// A store result whose inner error is a refusal by the rules.
pub type BoardOutcome<T> = Result<Result<T, BoardRefusal>, StoreError>;

/// Whether a create made something new (201) or found it made before (200).
pub type Made<T> = (T, bool);

#[derive(FromRow)]
pub(super) struct BoardRow {
    id: String,
    title: String,
    created_by: String,
    created_at: i64,
    vote_budget: i64,
    card_cap: Option<i64>,
    card_count: i64,
}

macro_rules! board_columns {
    () => {
        "b.id, b.title, b.created_by, b.created_at, b.vote_budget, b.card_cap,
         (SELECT COUNT(*) FROM board_cards c
          WHERE c.expedition_id = b.expedition_id AND c.board_id = b.id) AS card_count"
    };
}

pub(super) fn id<T: std::str::FromStr>(what: &str, s: &str) -> Result<T, StoreError> {
    s.parse().map_err(|_| corrupt(what, s))
}

impl BoardRow {
    fn into_summary(self) -> Result<BoardSummary, StoreError> {
        Ok(BoardSummary {
            id: id("board id", &self.id)?,
            title: self.title,
            created_by: id("member id", &self.created_by)?,
            created_at: self.created_at,
            vote_budget: self.vote_budget as u32,
            card_cap: self.card_cap.map(|c| c as u32),
            card_count: self.card_count as u32,
        })
    }
}

#[derive(FromRow)]
pub(super) struct CardRow {
    id: String,
    column_id: String,
    key: String,
    content: String,
    added_by: String,
    created_at: i64,
    from_learning: Option<String>,
}

impl CardRow {
    fn into_card(self) -> Result<Card, StoreError> {
        Ok(Card {
            id: id("card id", &self.id)?,
            column_id: id("column id", &self.column_id)?,
            key: self.key,
            content: serde_json::from_str(&self.content)
                .map_err(|_| corrupt("card", &self.content))?,
            added_by: id("member id", &self.added_by)?,
            created_at: self.created_at,
            from_learning: self
                .from_learning
                .as_deref()
                .map(|l| id::<Uuid>("learning id", l))
                .transpose()?,
        })
    }
}

pub(super) fn json(content: &CardContent) -> Result<String, StoreError> {
    serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))
}

pub(super) async fn board_summary(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    board: BoardId,
) -> Result<Option<BoardSummary>, StoreError> {
    let row: Option<BoardRow> = sqlx::query_as(concat!(
        "SELECT ",
        board_columns!(),
        " FROM boards b WHERE b.id = ? AND b.expedition_id = ?"
    ))
    .bind(board.to_string())
    .bind(expedition.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    row.map(BoardRow::into_summary).transpose()
}

pub(super) async fn columns_of(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    board: BoardId,
) -> Result<Vec<Column>, StoreError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, title, key FROM board_columns WHERE expedition_id = ? AND board_id = ?
         ORDER BY key, id",
    )
    .bind(expedition.to_string())
    .bind(board.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|(i, title, key)| {
            Ok(Column {
                id: id("column id", &i)?,
                title,
                key,
            })
        })
        .collect()
}

/// The card with this id in `expedition` (on `board` when given) and its board.
pub(super) async fn card_row(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    board: Option<BoardId>,
    card: CardId,
) -> Result<Option<(BoardId, Card)>, StoreError> {
    #[derive(FromRow)]
    struct Row {
        board_id: String,
        #[sqlx(flatten)]
        card: CardRow,
    }
    let row: Option<Row> = sqlx::query_as(
        "SELECT board_id, id, column_id, key, content, added_by, created_at, from_learning
         FROM board_cards WHERE expedition_id = ? AND id = ?",
    )
    .bind(expedition.to_string())
    .bind(card.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let b: BoardId = id("board id", &row.board_id)?;
    if board.is_some_and(|want| want != b) {
        return Ok(None);
    }
    Ok(Some((b, row.card.into_card()?)))
}

pub(super) async fn cards_of(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    board: BoardId,
) -> Result<Vec<Card>, StoreError> {
    let rows: Vec<CardRow> = sqlx::query_as(
        "SELECT c.id, c.column_id, c.key, c.content, c.added_by, c.created_at, c.from_learning
         FROM board_cards c
         JOIN board_columns k ON k.expedition_id = c.expedition_id AND k.id = c.column_id
         WHERE c.expedition_id = ? AND c.board_id = ? ORDER BY k.key, k.id, c.key, c.id",
    )
    .bind(expedition.to_string())
    .bind(board.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(CardRow::into_card).collect()
}

/// The column, if it is on `board`.
pub(super) async fn column_on(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    board: BoardId,
    column: ColumnId,
) -> Result<Option<Column>, StoreError> {
    Ok(columns_of(conn, expedition, board)
        .await?
        .into_iter()
        .find(|c| c.id == column))
}

pub(super) async fn last_key_in(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    column: ColumnId,
) -> Result<String, StoreError> {
    let key: Option<String> = sqlx::query_scalar(
        "SELECT key FROM board_cards WHERE expedition_id = ? AND column_id = ?
         ORDER BY key DESC, id DESC LIMIT 1",
    )
    .bind(expedition.to_string())
    .bind(column.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(key.unwrap_or_default())
}

pub(super) fn unknown_column(field: &str) -> BoardRefusal {
    BoardRefusal::Invalid(vec![FieldError::new(
        field,
        FieldCode::UnknownColumn,
        "no such column on this board",
    )])
}

pub(super) fn taken(what: &str, id: impl std::fmt::Display) -> BoardRefusal {
    BoardRefusal::Conflict(format!("{what} {id} exists already with a different body"))
}

pub(super) async fn insert_card(
    tx: &mut Write,
    expedition: ExpeditionId,
    board: BoardId,
    card: &Card,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO board_cards (expedition_id, id, board_id, column_id, key, content, added_by, created_at, from_learning)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(expedition.to_string())
    .bind(card.id.to_string())
    .bind(board.to_string())
    .bind(card.column_id.to_string())
    .bind(&card.key)
    .bind(json(&card.content)?)
    .bind(card.added_by.to_string())
    .bind(card.created_at)
    .bind(card.from_learning.map(|l| l.to_string()))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub(super) async fn insert_column(
    tx: &mut Write,
    expedition: ExpeditionId,
    board: BoardId,
    c: &Column,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO board_columns (expedition_id, id, board_id, title, key) VALUES (?, ?, ?, ?, ?)",
    )
        .bind(expedition.to_string())
        .bind(c.id.to_string())
        .bind(board.to_string())
        .bind(&c.title)
        .bind(&c.key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Whether a column of `expedition` (on any of its boards) has this id.
pub(super) async fn column_exists(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    column: ColumnId,
) -> Result<bool, StoreError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM board_columns WHERE expedition_id = ? AND id = ?")
            .bind(expedition.to_string())
            .bind(column.to_string())
            .fetch_one(&mut *conn)
            .await?;
    Ok(n > 0)
}

impl Store {
    /// Makes a board with its first columns (or finds it made by this same request before).
    pub async fn create_board(
        &self,
        expedition: ExpeditionId,
        req: CreateBoard,
        by: MemberId,
    ) -> BoardOutcome<Made<BoardSummary>> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            if let Some(existing) = board_summary(&mut tx, expedition, req.id).await? {
                return Ok(if existing.title == req.title && existing.created_by == by {
                    Ok((existing, false))
                } else {
                    Err(taken("board", req.id))
                });
            }
            let columns = match req.columns {
                Some(c) => c,
                None => DEFAULT_COLUMNS
                    .iter()
                    .zip(spread_keys(DEFAULT_COLUMNS.len()))
                    .map(|(title, key)| Column {
                        id: ColumnId(Uuid::now_v7()),
                        title: (*title).into(),
                        key,
                    })
                    .collect(),
            };
            for c in &columns {
                if column_exists(&mut tx, expedition, c.id).await? {
                    return Ok(Err(taken("column", c.id)));
                }
            }
            let summary = BoardSummary {
                id: req.id,
                title: req.title,
                created_by: by,
                created_at: now_millis(),
                vote_budget: DEFAULT_VOTE_BUDGET,
                card_cap: None,
                card_count: 0,
            };
            sqlx::query(
                "INSERT INTO boards (id, expedition_id, title, created_by, created_at, vote_budget) VALUES (?, ?, ?, ?, ?, ?)",
            )
            .bind(summary.id.to_string())
            .bind(expedition.to_string())
            .bind(&summary.title)
            .bind(by.to_string())
            .bind(summary.created_at)
            .bind(summary.vote_budget)
            .execute(&mut *tx)
            .await?;
            for c in &columns {
                insert_column(&mut tx, expedition, summary.id, c).await?;
            }
            let mut columns = columns;
            columns.sort_by(|a, b| a.key.cmp(&b.key).then(a.id.cmp(&b.id)));
            events::append_board(
                &mut tx,
                expedition,
                summary.id,
                by,
                BoardChange::BoardCreated {
                    board: summary.clone(),
                    columns,
                },
            )
            .await?;
            tx.commit().await?;
            Ok(Ok((summary, true)))
        })
        .await
    }

    /// The expedition's boards, oldest first, as of `last_seq`.
    pub async fn board_listing(
        &self,
        expedition: ExpeditionId,
    ) -> Result<BoardListing, StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let rows: Vec<BoardRow> = sqlx::query_as(concat!(
            "SELECT ",
            board_columns!(),
            " FROM boards b WHERE b.expedition_id = ? ORDER BY b.created_at, b.id"
        ))
        .bind(expedition.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(BoardListing {
            boards: rows
                .into_iter()
                .map(BoardRow::into_summary)
                .collect::<Result<_, _>>()?,
            last_seq,
        })
    }

    /// The whole board as of `last_seq` (read in one transaction), without where it is
    /// cited (which reads every canvas): for checks that only need its columns and cards.
    pub async fn board_state(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
    ) -> Result<Option<BoardSnapshot>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let Some(summary) = board_summary(&mut tx, expedition, board).await? else {
            return Ok(None);
        };
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let columns = columns_of(&mut tx, expedition, board).await?;
        let cards = cards_of(&mut tx, expedition, board).await?;
        let votes: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT card_id, member_id, count FROM board_votes WHERE expedition_id = ? AND board_id = ?
             ORDER BY card_id, member_id",
        )
        .bind(expedition.to_string())
        .bind(board.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let comments: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, card_id, author, text, at FROM board_comments WHERE expedition_id = ? AND board_id = ?
             ORDER BY at, id",
        )
        .bind(expedition.to_string())
        .bind(board.to_string())
        .fetch_all(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(Some(BoardSnapshot {
            board: summary,
            columns,
            cards,
            votes: votes
                .into_iter()
                .map(|(c, m, n)| {
                    Ok(Vote {
                        card_id: id("card id", &c)?,
                        member_id: id("member id", &m)?,
                        count: n as u32,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            comments: comments
                .into_iter()
                .map(|(i, c, a, text, at)| {
                    Ok(Comment {
                        id: id("comment id", &i)?,
                        card_id: id("card id", &c)?,
                        author: id("member id", &a)?,
                        text,
                        at,
                    })
                })
                .collect::<Result<_, StoreError>>()?,
            citations: Vec::new(),
            learnings: Vec::new(),
            last_seq,
        }))
    }

    /// The whole board, with where canvas stickies cite its cards.
    pub async fn board_snapshot(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
    ) -> Result<Option<BoardSnapshot>, StoreError> {
        let Some(mut snapshot) = self.board_state(expedition, board).await? else {
            return Ok(None);
        };
        snapshot.citations = self.card_citations(expedition, &snapshot.cards).await?;
        snapshot.learnings = self.card_learnings(expedition, &snapshot.cards).await?;
        Ok(Some(snapshot))
    }

    /// The visible stickies of the expedition's canvases that cite one of `cards`.
    async fn card_citations(
        &self,
        expedition: ExpeditionId,
        cards: &[Card],
    ) -> Result<Vec<CardCitation>, StoreError> {
        Ok(self
            .sticky_citations(expedition)
            .await?
            .into_iter()
            .filter_map(|c| match c.citation {
                Citation::Card(card) if cards.iter().any(|k| k.id.0 == card) => {
                    Some(CardCitation {
                        card_id: CardId(card),
                        canvas_id: c.canvas_id,
                        canvas_title: c.canvas_title,
                        section: c.section,
                        sticky_id: c.sticky_id,
                    })
                }
                _ => None,
            })
            .collect())
    }

    /// Runs `change` in one write transaction on a board of `expedition` (404 otherwise).
    pub(super) async fn on_board<T: Send + 'static>(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        change: impl for<'t> FnOnce(
            &'t mut Write,
            BoardSummary,
        ) -> futures_util::future::BoxFuture<'t, BoardOutcome<T>>
        + Send
        + 'static,
    ) -> BoardOutcome<T> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(summary) = board_summary(&mut tx, expedition, board).await? else {
                return Ok(Err(BoardRefusal::NotFound));
            };
            let outcome = change(&mut tx, summary).await?;
            if outcome.is_ok() {
                tx.commit().await?;
            }
            Ok(outcome)
        })
        .await
    }

    /// Changes the title or the voting rules (the caller checked it is the facilitator).
    pub async fn update_board(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        update: UpdateBoard,
        by: MemberId,
    ) -> BoardOutcome<BoardSummary> {
        self.on_board(expedition, board, move |tx, before| {
            Box::pin(async move {
                let after = BoardSummary {
                    title: update.title.clone().unwrap_or_else(|| before.title.clone()),
                    vote_budget: update.vote_budget.unwrap_or(before.vote_budget),
                    card_cap: update.card_cap.unwrap_or(before.card_cap),
                    ..before.clone()
                };
                if after == before {
                    return Ok(Ok(after));
                }
                sqlx::query(
                    "UPDATE boards SET title = ?, vote_budget = ?, card_cap = ?
                     WHERE id = ? AND expedition_id = ?",
                )
                .bind(&after.title)
                .bind(after.vote_budget)
                .bind(after.card_cap)
                .bind(board.to_string())
                .bind(expedition.to_string())
                .execute(&mut **tx)
                .await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::BoardUpdated {
                        board: after.clone(),
                    },
                )
                .await?;
                Ok(Ok(after))
            })
        })
        .await
    }
}
