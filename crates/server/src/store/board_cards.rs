//! Cards on a board: added, edited, removed and moved by fractional key; the dot votes on
//! them within the board's budget and cap, and their comments. Each change is one write
//! transaction on the board (see `boards`).

use hevruta_model::board::{
    BoardChange, BoardId, Card, CardContent, CardId, Comment, MAX_CARDS_PER_BOARD, MoveCard,
    NewCard, NewComment, VoteResult,
};
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, MemberId};

use super::board_learnings::check_from_learning;
use super::boards::*;
use super::{Store, events, now_millis};

impl Store {
    pub async fn add_card(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        new: NewCard,
        by: MemberId,
    ) -> BoardOutcome<Made<Card>> {
        self.on_board(expedition, board, move |tx, summary| {
            Box::pin(async move {
                if let Some((b, existing)) = card_row(tx, expedition, None, new.id).await? {
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
                if column_on(tx, expedition, board, new.column_id)
                    .await?
                    .is_none()
                {
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
                insert_card(tx, expedition, board, &card).await?;
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
                let Some((_, before)) = card_row(tx, expedition, Some(board), card).await? else {
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
                sqlx::query(
                    "UPDATE board_cards SET content = ? WHERE expedition_id = ? AND id = ?",
                )
                .bind(json(&after.content)?)
                .bind(expedition.to_string())
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
                let Some((_, before)) = card_row(tx, expedition, Some(board), card).await? else {
                    return Ok(Err(BoardRefusal::NotFound));
                };
                if !facilitator && before.added_by != by {
                    return Ok(Err(BoardRefusal::Forbidden(
                        "Only the facilitator or whoever added the card can remove it.",
                    )));
                }
                sqlx::query("DELETE FROM board_cards WHERE expedition_id = ? AND id = ?")
                    .bind(expedition.to_string())
                    .bind(card.to_string())
                    .execute(&mut **tx)
                    .await?;
                redact_card(tx, expedition, board, card).await?;
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
                let Some((_, before)) = card_row(tx, expedition, Some(board), card).await? else {
                    return Ok(Err(BoardRefusal::NotFound));
                };
                if column_on(tx, expedition, board, to.column_id).await?.is_none() {
                    return Ok(Err(unknown_column("column_id")));
                }
                if before.column_id == to.column_id && before.key == to.key {
                    return Ok(Ok(before));
                }
                sqlx::query("UPDATE board_cards SET column_id = ?, key = ? WHERE expedition_id = ? AND id = ?")
                    .bind(to.column_id.to_string())
                    .bind(&to.key)
                    .bind(expedition.to_string())
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
                if card_row(tx, expedition, Some(board), card).await?.is_none() {
                    return Ok(Err(BoardRefusal::NotFound));
                }
                let cap = summary.per_card();
                let votes: Vec<(String, i64)> = sqlx::query_as(
                    "SELECT card_id, count FROM board_votes WHERE expedition_id = ? AND board_id = ? AND member_id = ?",
                )
                .bind(expedition.to_string())
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
                        sqlx::query("DELETE FROM board_votes WHERE expedition_id = ? AND card_id = ? AND member_id = ?")
                            .bind(expedition.to_string())
                            .bind(&card_s)
                            .bind(member.to_string())
                            .execute(&mut **tx)
                            .await?;
                    } else {
                        sqlx::query(
                            "INSERT INTO board_votes (expedition_id, card_id, member_id, board_id, count) VALUES (?, ?, ?, ?, ?)
                             ON CONFLICT (expedition_id, card_id, member_id) DO UPDATE SET count = excluded.count",
                        )
                        .bind(expedition.to_string())
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
                let total: i64 = sqlx::query_scalar("SELECT COALESCE(SUM(count), 0) FROM board_votes WHERE expedition_id = ? AND card_id = ?")
                    .bind(expedition.to_string())
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
                if card_row(tx, expedition, Some(board), card).await?.is_none() {
                    return Ok(Err(BoardRefusal::NotFound));
                }
                let existing: Option<(String, String, String, i64)> = sqlx::query_as(
                    "SELECT card_id, author, text, at FROM board_comments WHERE expedition_id = ? AND id = ?",
                )
                .bind(expedition.to_string())
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
                sqlx::query("INSERT INTO board_comments (expedition_id, id, card_id, board_id, author, text, at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .bind(expedition.to_string())
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
}

/// Takes a removed card's words out of the log, as for learnings: each earlier event that
/// carries its content or a comment on it becomes a `card_removed` of it under the same
/// number and author, and an import keeps its other rows; a stream catching up from 0
/// never replays what was removed (the fold ends the same: the card is gone).
async fn redact_card(
    tx: &mut super::Write,
    expedition: ExpeditionId,
    board: BoardId,
    card: CardId,
) -> Result<(), super::StoreError> {
    let key = card.to_string();
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT seq, change FROM events
         WHERE expedition_id = ? AND name = ? AND json_extract(change, '$.board_id') = ?
           AND (json_extract(change, '$.change.card.id') = ?4
                OR json_extract(change, '$.change.comment.card_id') = ?4
                OR json_extract(change, '$.change.type') = 'imported')",
    )
    .bind(expedition.to_string())
    .bind(hevruta_model::board::SSE_BOARD)
    .bind(board.to_string())
    .bind(&key)
    .fetch_all(&mut **tx)
    .await?;
    for (seq, change) in rows {
        let mut body: serde_json::Value = serde_json::from_str(&change)
            .map_err(|_| super::StoreError::Corrupt(format!("event {seq}")))?;
        let inner = &mut body["change"];
        if inner["type"] == "imported" {
            let Some(cards) = inner["cards"].as_array_mut() else {
                continue;
            };
            let before = cards.len();
            cards.retain(|c| c["id"] != key.as_str());
            if cards.len() == before {
                continue;
            }
        } else {
            *inner = serde_json::json!({ "type": "card_removed", "card_id": key });
        }
        sqlx::query("UPDATE events SET change = ? WHERE expedition_id = ? AND seq = ?")
            .bind(body.to_string())
            .bind(expedition.to_string())
            .bind(seq)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}
