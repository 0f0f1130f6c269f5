//! A board import: columns and cards added all at once or not at all, rows stored before
//! with the same body skipped.

use hevruta_model::board::{
    BoardChange, BoardId, Card, ImportCards, ImportResult, MAX_CARDS_PER_BOARD, MAX_COLUMNS,
};
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, MemberId};

use super::boards::*;
use super::{Store, events, now_millis};

impl Store {
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
                let existing = columns_of(tx, expedition, board).await?;
                let mut new_columns = Vec::new();
                for (i, c) in import.columns.iter().enumerate() {
                    match existing.iter().find(|e| e.id == c.id) {
                        Some(e) if e == c => {}
                        Some(_) => return Ok(Err(taken("column", c.id))),
                        None if column_exists(tx, expedition, c.id).await? => {
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
                    if let Some((b, stored)) = card_row(tx, expedition, None, c.id).await? {
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
                    insert_column(tx, expedition, board, c).await?;
                }
                for c in &new_cards {
                    insert_card(tx, expedition, board, c).await?;
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
