//! Boards, their columns, cards, votes and comments. Every change is one write transaction
//! that checks the rules against what is stored (the vote budget and cap included, so no
//! two requests can both spend the last vote), writes, and stores a `BoardEvent`,
//! announced on commit. Ids are the client's: a retry with the same body changes nothing
//! and answers what is stored; the same id with another body is a conflict.

use hevruta_model::board::CardCitation;
use hevruta_model::board::{
    BoardChange, BoardId, BoardListing, BoardSnapshot, BoardSummary, Card, CardContent, CardId,
    Column, ColumnId, Comment, CreateBoard, DEFAULT_COLUMNS, DEFAULT_VOTE_BUDGET, ImportCards,
    ImportResult, MAX_CARDS_PER_BOARD, MAX_COLUMNS, MoveCard, NewCard, NewComment, UpdateBoard,
    UpdateColumn, Vote, VoteResult, event::CardPlace, spread_keys,
};
use hevruta_model::canvas::Citation;
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, MemberId};
use sqlx::{FromRow, SqliteConnection};
use uuid::Uuid;

use super::board_learnings::check_from_learning;
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
struct BoardRow {
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
         (SELECT COUNT(*) FROM board_cards c WHERE c.board_id = b.id) AS card_count"
    };
}

fn id<T: std::str::FromStr>(what: &str, s: &str) -> Result<T, StoreError> {
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
struct CardRow {
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

fn json(content: &CardContent) -> Result<String, StoreError> {
    serde_json::to_string(content).map_err(|e| StoreError::Corrupt(e.to_string()))
}

async fn board_summary(
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

async fn columns_of(
    conn: &mut SqliteConnection,
    board: BoardId,
) -> Result<Vec<Column>, StoreError> {
    let rows: Vec<(String, String, String)> = sqlx::query_as(
        "SELECT id, title, key FROM board_columns WHERE board_id = ? ORDER BY key, id",
    )
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

async fn card_row(
    conn: &mut SqliteConnection,
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
         FROM board_cards WHERE id = ?",
    )
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

async fn cards_of(conn: &mut SqliteConnection, board: BoardId) -> Result<Vec<Card>, StoreError> {
    let rows: Vec<CardRow> = sqlx::query_as(
        "SELECT c.id, c.column_id, c.key, c.content, c.added_by, c.created_at, c.from_learning
         FROM board_cards c JOIN board_columns k ON k.id = c.column_id
         WHERE c.board_id = ? ORDER BY k.key, k.id, c.key, c.id",
    )
    .bind(board.to_string())
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter().map(CardRow::into_card).collect()
}

/// The column, if it is on `board`.
async fn column_on(
    conn: &mut SqliteConnection,
    board: BoardId,
    column: ColumnId,
) -> Result<Option<Column>, StoreError> {
    Ok(columns_of(conn, board)
        .await?
        .into_iter()
        .find(|c| c.id == column))
}

async fn last_key_in(conn: &mut SqliteConnection, column: ColumnId) -> Result<String, StoreError> {
    let key: Option<String> = sqlx::query_scalar(
        "SELECT key FROM board_cards WHERE column_id = ? ORDER BY key DESC, id DESC LIMIT 1",
    )
    .bind(column.to_string())
    .fetch_optional(&mut *conn)
    .await?;
    Ok(key.unwrap_or_default())
}

fn unknown_column(field: &str) -> BoardRefusal {
    BoardRefusal::Invalid(vec![FieldError::new(
        field,
        FieldCode::UnknownColumn,
        "no such column on this board",
    )])
}

fn taken(what: &str, id: impl std::fmt::Display) -> BoardRefusal {
    BoardRefusal::Conflict(format!("{what} {id} exists already with a different body"))
}

async fn insert_card(tx: &mut Write, board: BoardId, card: &Card) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO board_cards (id, board_id, column_id, key, content, added_by, created_at, from_learning)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
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

async fn insert_column(tx: &mut Write, board: BoardId, c: &Column) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO board_columns (id, board_id, title, key) VALUES (?, ?, ?, ?)")
        .bind(c.id.to_string())
        .bind(board.to_string())
        .bind(&c.title)
        .bind(&c.key)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn column_exists(conn: &mut SqliteConnection, column: ColumnId) -> Result<bool, StoreError> {
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM board_columns WHERE id = ?")
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
            let taken_elsewhere: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM boards WHERE id = ?")
                .bind(req.id.to_string())
                .fetch_one(&mut *tx)
                .await?;
            if taken_elsewhere > 0 {
                return Ok(Err(taken("board", req.id)));
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
                if column_exists(&mut tx, c.id).await? {
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
                insert_column(&mut tx, summary.id, c).await?;
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
        let last_seq: Option<i64> =
            sqlx::query_scalar("SELECT last_seq FROM expeditions WHERE id = ?")
                .bind(expedition.to_string())
                .fetch_optional(&mut *tx)
                .await?;
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
            last_seq: last_seq.unwrap_or(0) as u64,
        })
    }

    /// The whole board as of `last_seq` (read in one transaction).
    async fn board_state(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
    ) -> Result<Option<BoardSnapshot>, StoreError> {
        let mut tx = self.pool.begin().await?;
        let Some(summary) = board_summary(&mut tx, expedition, board).await? else {
            return Ok(None);
        };
        let last_seq: i64 = sqlx::query_scalar("SELECT last_seq FROM expeditions WHERE id = ?")
            .bind(expedition.to_string())
            .fetch_one(&mut *tx)
            .await?;
        let columns = columns_of(&mut tx, board).await?;
        let cards = cards_of(&mut tx, board).await?;
        let votes: Vec<(String, String, i64)> = sqlx::query_as(
            "SELECT card_id, member_id, count FROM board_votes WHERE board_id = ? ORDER BY card_id, member_id",
        )
        .bind(board.to_string())
        .fetch_all(&mut *tx)
        .await?;
        let comments: Vec<(String, String, String, String, i64)> = sqlx::query_as(
            "SELECT id, card_id, author, text, at FROM board_comments WHERE board_id = ? ORDER BY at, id",
        )
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
            last_seq: last_seq as u64,
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
    async fn on_board<T: Send + 'static>(
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
                    "UPDATE boards SET title = ?, vote_budget = ?, card_cap = ? WHERE id = ?",
                )
                .bind(&after.title)
                .bind(after.vote_budget)
                .bind(after.card_cap)
                .bind(board.to_string())
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

    pub async fn add_column(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        column: Column,
        by: MemberId,
    ) -> BoardOutcome<Made<Column>> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let columns = columns_of(tx, board).await?;
                if let Some(existing) = columns.iter().find(|c| c.id == column.id) {
                    return Ok(if *existing == column {
                        Ok((column, false))
                    } else {
                        Err(taken("column", column.id))
                    });
                }
                if column_exists(tx, column.id).await? {
                    return Ok(Err(taken("column", column.id)));
                }
                if columns.len() >= MAX_COLUMNS {
                    return Ok(Err(BoardRefusal::Invalid(vec![
                        FieldError::new(
                            "id",
                            FieldCode::TooLong,
                            format!("a board has at most {MAX_COLUMNS} columns"),
                        )
                        .with_max(MAX_COLUMNS),
                    ])));
                }
                insert_column(tx, board, &column).await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::ColumnAdded {
                        column: column.clone(),
                    },
                )
                .await?;
                Ok(Ok((column, true)))
            })
        })
        .await
    }

    pub async fn update_column(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        column: ColumnId,
        update: UpdateColumn,
        by: MemberId,
    ) -> BoardOutcome<Column> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let Some(before) = column_on(tx, board, column).await? else {
                    return Ok(Err(BoardRefusal::NotFound));
                };
                let after = Column {
                    title: update.title.unwrap_or_else(|| before.title.clone()),
                    key: update.key.unwrap_or_else(|| before.key.clone()),
                    ..before.clone()
                };
                if after == before {
                    return Ok(Ok(after));
                }
                sqlx::query("UPDATE board_columns SET title = ?, key = ? WHERE id = ?")
                    .bind(&after.title)
                    .bind(&after.key)
                    .bind(column.to_string())
                    .execute(&mut **tx)
                    .await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::ColumnUpdated {
                        column: after.clone(),
                    },
                )
                .await?;
                Ok(Ok(after))
            })
        })
        .await
    }

    /// Removes a column; its cards go after the last card of `cards_to`, in their order.
    pub async fn remove_column(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        column: ColumnId,
        cards_to: Option<ColumnId>,
        by: MemberId,
    ) -> BoardOutcome<()> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let columns = columns_of(tx, board).await?;
                if !columns.iter().any(|c| c.id == column) {
                    return Ok(Err(BoardRefusal::NotFound));
                }
                if columns.len() == 1 {
                    return Ok(Err(BoardRefusal::Conflict(
                        "a board keeps at least one column: add another before removing this one"
                            .into(),
                    )));
                }
                let cards: Vec<Card> = cards_of(tx, board)
                    .await?
                    .into_iter()
                    .filter(|c| c.column_id == column)
                    .collect();
                let mut places = Vec::new();
                match cards_to {
                    _ if cards.is_empty() => {}
                    None => {
                        return Ok(Err(BoardRefusal::Conflict(format!(
                            "the column holds {} cards: say where they go with cards_to",
                            cards.len()
                        ))));
                    }
                    Some(to) => {
                        if to == column || column_on(tx, board, to).await?.is_none() {
                            return Ok(Err(unknown_column("cards_to")));
                        }
                        let prefix = last_key_in(tx, to).await?;
                        for (card, key) in cards.iter().zip(spread_keys(cards.len())) {
                            let key = format!("{prefix}{key}");
                            sqlx::query(
                                "UPDATE board_cards SET column_id = ?, key = ? WHERE id = ?",
                            )
                            .bind(to.to_string())
                            .bind(&key)
                            .bind(card.id.to_string())
                            .execute(&mut **tx)
                            .await?;
                            places.push(CardPlace {
                                card_id: card.id,
                                key,
                            });
                        }
                    }
                }
                sqlx::query("DELETE FROM board_columns WHERE id = ?")
                    .bind(column.to_string())
                    .execute(&mut **tx)
                    .await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::ColumnRemoved {
                        column_id: column,
                        cards_to: cards_to.filter(|_| !places.is_empty()),
                        places,
                    },
                )
                .await?;
                Ok(Ok(()))
            })
        })
        .await
    }

    pub async fn add_card(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        new: NewCard,
        by: MemberId,
    ) -> BoardOutcome<Made<Card>> {
        self.on_board(expedition, board, move |tx, summary| {
            Box::pin(async move {
                if let Some((b, existing)) = card_row(tx, None, new.id).await? {
                    let same = b == board
                        && existing.content == new.content
                        && existing.added_by == by
                        && existing.from_learning == new.from_learning;
                    return Ok(if same {
                        Ok((existing, false))
                    } else {
                        Err(taken("card", new.id))
                    });
                }
                if column_on(tx, board, new.column_id).await?.is_none() {
                    return Ok(Err(unknown_column("column_id")));
                }
                if let Some(e) = check_from_learning(tx, expedition, new.from_learning).await? {
                    return Ok(Err(BoardRefusal::Invalid(vec![e])));
                }
                if summary.card_count as usize >= MAX_CARDS_PER_BOARD {
                    return Ok(Err(BoardRefusal::Invalid(vec![
                        FieldError::new(
                            "id",
                            FieldCode::TooLong,
                            format!("a board holds at most {MAX_CARDS_PER_BOARD} cards"),
                        )
                        .with_max(MAX_CARDS_PER_BOARD),
                    ])));
                }
                let card = Card {
                    id: new.id,
                    column_id: new.column_id,
                    key: new.key,
                    content: new.content,
                    added_by: by,
                    created_at: now_millis(),
                    from_learning: new.from_learning,
                };
                insert_card(tx, board, &card).await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::CardAdded { card: card.clone() },
                )
                .await?;
                Ok(Ok((card, true)))
            })
        })
        .await
    }

    /// Replaces a card's content: the facilitator or whoever added it.
    pub async fn update_card(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        card: CardId,
        content: CardContent,
        by: MemberId,
        facilitator: bool,
    ) -> BoardOutcome<Card> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let Some((_, before)) = card_row(tx, Some(board), card).await? else {
                    return Ok(Err(BoardRefusal::NotFound));
                };
                if !facilitator && before.added_by != by {
                    return Ok(Err(BoardRefusal::Forbidden(
                        "Only the facilitator or whoever added the card can edit it.",
                    )));
                }
                if before.content == content {
                    return Ok(Ok(before));
                }
                let after = Card { content, ..before };
                sqlx::query("UPDATE board_cards SET content = ? WHERE id = ?")
                    .bind(json(&after.content)?)
                    .bind(card.to_string())
                    .execute(&mut **tx)
                    .await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::CardUpdated {
                        card: after.clone(),
                    },
                )
                .await?;
                Ok(Ok(after))
            })
        })
        .await
    }

    /// Removes a card with its votes and comments: the facilitator or whoever added it.
    pub async fn remove_card(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        card: CardId,
        by: MemberId,
        facilitator: bool,
    ) -> BoardOutcome<()> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let Some((_, before)) = card_row(tx, Some(board), card).await? else {
                    return Ok(Err(BoardRefusal::NotFound));
                };
                if !facilitator && before.added_by != by {
                    return Ok(Err(BoardRefusal::Forbidden(
                        "Only the facilitator or whoever added the card can remove it.",
                    )));
                }
                sqlx::query("DELETE FROM board_cards WHERE id = ?")
                    .bind(card.to_string())
                    .execute(&mut **tx)
                    .await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::CardRemoved { card_id: card },
                )
                .await?;
                Ok(Ok(()))
            })
        })
        .await
    }

    /// Puts a card in a column of the same board at `key`; the later of two moves wins.
    pub async fn move_card(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        card: CardId,
        to: MoveCard,
        by: MemberId,
    ) -> BoardOutcome<Card> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let Some((_, before)) = card_row(tx, Some(board), card).await? else {
                    return Ok(Err(BoardRefusal::NotFound));
                };
                if column_on(tx, board, to.column_id).await?.is_none() {
                    return Ok(Err(unknown_column("column_id")));
                }
                if before.column_id == to.column_id && before.key == to.key {
                    return Ok(Ok(before));
                }
                sqlx::query("UPDATE board_cards SET column_id = ?, key = ? WHERE id = ?")
                    .bind(to.column_id.to_string())
                    .bind(&to.key)
                    .bind(card.to_string())
                    .execute(&mut **tx)
                    .await?;
                events::append_board(
                    tx,
                    expedition,
                    board,
                    by,
                    BoardChange::CardMoved {
                        card_id: card,
                        column_id: to.column_id,
                        key: to.key.clone(),
                    },
                )
                .await?;
                Ok(Ok(Card {
                    column_id: to.column_id,
                    key: to.key,
                    ..before
                }))
            })
        })
        .await
    }

    /// Sets the member's votes on a card, within the board's cap per card and the member's
    /// budget, checked against what is stored inside the write (SQLite's write lock
    /// serialises these transactions, so two at once cannot both spend the last vote).
    pub async fn set_votes(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        card: CardId,
        count: u32,
        member: MemberId,
    ) -> BoardOutcome<VoteResult> {
        self.on_board(expedition, board, move |tx, summary| {
            Box::pin(async move {
                if card_row(tx, Some(board), card).await?.is_none() {
                    return Ok(Err(BoardRefusal::NotFound));
                }
                let cap = summary.per_card();
                let votes: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT card_id, count FROM board_votes WHERE board_id = ? AND member_id = ?",
                )
                .bind(board.to_string())
                .bind(member.to_string())
                .fetch_all(&mut **tx)
                .await?;
                let card_s = card.to_string();
                let before = votes.iter().find(|(c, _)| *c == card_s).map_or(0, |(_, n)| *n as u32);
                let elsewhere: u32 = votes.iter().filter(|(c, _)| *c != card_s).map(|(_, n)| *n as u32).sum();
                // Taking votes back is always allowed, even after the rules tightened.
                if count > before {
                    if count > cap {
                        return Ok(Err(BoardRefusal::Invalid(vec![
                            FieldError::new("count", FieldCode::OverCap, format!("at most {cap} votes on one card"))
                                .with_max(cap as usize),
                        ])));
                    }
                    if elsewhere + count > summary.vote_budget {
                        return Ok(Err(BoardRefusal::Invalid(vec![
                            FieldError::new(
                                "count",
                                FieldCode::OverBudget,
                                format!(
                                    "{} of your {} votes are on other cards",
                                    elsewhere, summary.vote_budget
                                ),
                            )
                            .with_max(summary.vote_budget as usize),
                        ])));
                    }
                }
                if count != before {
                    if count == 0 {
                        sqlx::query("DELETE FROM board_votes WHERE card_id = ? AND member_id = ?")
                            .bind(&card_s)
                            .bind(member.to_string())
                            .execute(&mut **tx)
                            .await?;
                    } else {
                        sqlx::query(
                            "INSERT INTO board_votes (card_id, member_id, board_id, count) VALUES (?, ?, ?, ?)
                             ON CONFLICT (card_id, member_id) DO UPDATE SET count = excluded.count",
                        )
                        .bind(&card_s)
                        .bind(member.to_string())
                        .bind(board.to_string())
                        .bind(count)
                        .execute(&mut **tx)
                        .await?;
                    }
                    events::append_board(tx, expedition, board, member, BoardChange::VotesSet {
                        card_id: card,
                        member_id: member,
                        count,
                    })
                    .await?;
                }
                let total: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(count), 0) FROM board_votes WHERE card_id = ?")
                    .bind(&card_s)
                    .fetch_one(&mut **tx)
                    .await?;
                Ok(Ok(VoteResult {
                    card_id: card,
                    count,
                    total: total as u32,
                    remaining: summary.vote_budget.saturating_sub(elsewhere + count),
                }))
            })
        })
        .await
    }

    pub async fn add_comment(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        card: CardId,
        new: NewComment,
        by: MemberId,
    ) -> BoardOutcome<Made<Comment>> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                if card_row(tx, Some(board), card).await?.is_none() {
                    return Ok(Err(BoardRefusal::NotFound));
                }
                let existing: Option<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT card_id, author, text, at FROM board_comments WHERE id = ?",
                )
                .bind(new.id.to_string())
                .fetch_optional(&mut **tx)
                .await?;
                if let Some((c, author, text, at)) = existing {
                    let same = c == card.to_string() && author == by.to_string() && text == new.text;
                    return Ok(if same {
                        Ok((Comment { id: new.id, card_id: card, author: by, text, at }, false))
                    } else {
                        Err(taken("comment", new.id))
                    });
                }
                let comment = Comment {
                    id: new.id,
                    card_id: card,
                    author: by,
                    text: new.text,
                    at: now_millis(),
                };
                sqlx::query("INSERT INTO board_comments (id, card_id, board_id, author, text, at) VALUES (?, ?, ?, ?, ?, ?)")
                    .bind(comment.id.to_string())
                    .bind(card.to_string())
                    .bind(board.to_string())
                    .bind(by.to_string())
                    .bind(&comment.text)
                    .bind(comment.at)
                    .execute(&mut **tx)
                    .await?;
                events::append_board(tx, expedition, board, by, BoardChange::CommentAdded {
                    comment: comment.clone(),
                })
                .await?;
                Ok(Ok((comment, true)))
            })
        })
        .await
    }

    /// Adds columns and cards all at once, or nothing. Rows stored before with the same
    /// body are skipped (a retried import adds nothing twice).
    pub async fn import_cards(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        import: ImportCards,
        by: MemberId,
    ) -> BoardOutcome<ImportResult> {
        self.on_board(expedition, board, move |tx, summary| {
            Box::pin(async move {
                let existing = columns_of(tx, board).await?;
                let mut new_columns = Vec::new();
                for (i, c) in import.columns.iter().enumerate() {
                    match existing.iter().find(|e| e.id == c.id) {
                        Some(e) if e == c => {}
                        Some(_) => return Ok(Err(taken("column", c.id))),
                        None if column_exists(tx, c.id).await? => {
                            return Ok(Err(BoardRefusal::Conflict(format!(
                                "columns[{i}]: column {} is another board's",
                                c.id
                            ))));
                        }
                        None => new_columns.push(c.clone()),
                    }
                }
                if existing.len() + new_columns.len() > MAX_COLUMNS {
                    return Ok(Err(BoardRefusal::Invalid(vec![
                        FieldError::new(
                            "columns",
                            FieldCode::TooLong,
                            format!("a board has at most {MAX_COLUMNS} columns"),
                        )
                        .with_max(MAX_COLUMNS),
                    ])));
                }
                let mut errors = Vec::new();
                let mut new_cards = Vec::new();
                let now = now_millis();
                for (i, c) in import.cards.iter().enumerate() {
                    if let Some((b, stored)) = card_row(tx, None, c.id).await? {
                        if b == board && stored.content == c.content && stored.added_by == by {
                            continue;
                        }
                        return Ok(Err(BoardRefusal::Conflict(format!(
                            "cards[{i}]: card {} exists already with a different body",
                            c.id
                        ))));
                    }
                    let known = existing
                        .iter()
                        .chain(&new_columns)
                        .any(|k| k.id == c.column_id);
                    if !known {
                        errors.push(FieldError::new(
                            &format!("cards[{i}].column_id"),
                            FieldCode::UnknownColumn,
                            "no such column on this board",
                        ));
                        continue;
                    }
                    new_cards.push(Card {
                        id: c.id,
                        column_id: c.column_id,
                        key: c.key.clone(),
                        content: c.content.clone(),
                        added_by: by,
                        created_at: now,
                        from_learning: c.from_learning,
                    });
                }
                if !errors.is_empty() {
                    return Ok(Err(BoardRefusal::Invalid(errors)));
                }
                let cards_now = summary.card_count as usize;
                if cards_now + new_cards.len() > MAX_CARDS_PER_BOARD {
                    return Ok(Err(BoardRefusal::Invalid(vec![
                        FieldError::new(
                            "cards",
                            FieldCode::TooLong,
                            format!("a board holds at most {MAX_CARDS_PER_BOARD} cards"),
                        )
                        .with_max(MAX_CARDS_PER_BOARD),
                    ])));
                }
                for c in &new_columns {
                    insert_column(tx, board, c).await?;
                }
                for c in &new_cards {
                    insert_card(tx, board, c).await?;
                }
                let result = ImportResult {
                    columns: new_columns.len() as u32,
                    cards: new_cards.len() as u32,
                };
                if !new_columns.is_empty() || !new_cards.is_empty() {
                    events::append_board(
                        tx,
                        expedition,
                        board,
                        by,
                        BoardChange::Imported {
                            columns: new_columns,
                            cards: new_cards,
                        },
                    )
                    .await?;
                }
                Ok(Ok(result))
            })
        })
        .await
    }
}
