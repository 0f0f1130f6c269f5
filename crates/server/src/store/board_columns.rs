//! A board's columns: added, renamed or moved by key, removed with their cards moved to
//! another column. Each change is one write transaction on the board (see `boards`).

use hevruta_model::board::{
    BoardChange, BoardId, Card, Column, ColumnId, MAX_COLUMNS, UpdateColumn, event::CardPlace,
    spread_keys,
};
use hevruta_model::problem::FieldCode;
use hevruta_model::{ExpeditionId, FieldError, MemberId};

use super::boards::*;
use super::{Store, events};

impl Store {
    pub async fn add_column(
        &self,
        expedition: ExpeditionId,
        board: BoardId,
        column: Column,
        by: MemberId,
    ) -> BoardOutcome<Made<Column>> {
        self.on_board(expedition, board, move |tx, _| {
            Box::pin(async move {
                let columns = columns_of(tx, expedition, board).await?;
                if let Some(existing) = columns.iter().find(|c| c.id == column.id) {
                    return Ok(if *existing == column {
                        Ok((column, false))
                    } else {
                        Err(taken("column", column.id))
                    });
                }
                if column_exists(tx, expedition, column.id).await? {
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
                insert_column(tx, expedition, board, &column).await?;
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
                let Some(before) = column_on(tx, expedition, board, column).await? else {
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
                sqlx::query(
                    "UPDATE board_columns SET title = ?, key = ? WHERE expedition_id = ? AND id = ?",
                )
                .bind(&after.title)
                .bind(&after.key)
                .bind(expedition.to_string())
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
                let columns = columns_of(tx, expedition, board).await?;
                if !columns.iter().any(|c| c.id == column) {
                    return Ok(Err(BoardRefusal::NotFound));
                }
                if columns.len() == 1 {
                    return Ok(Err(BoardRefusal::Conflict(
                        "a board keeps at least one column: add another before removing this one"
                            .into(),
                    )));
                }
                let cards: Vec<Card> = cards_of(tx, expedition, board)
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
                        if to == column || column_on(tx, expedition, board, to).await?.is_none() {
                            return Ok(Err(unknown_column("cards_to")));
                        }
                        let prefix = last_key_in(tx, expedition, to).await?;
                        for (card, key) in cards.iter().zip(spread_keys(cards.len())) {
                            let key = format!("{prefix}{key}");
                            sqlx::query(
                                "UPDATE board_cards SET column_id = ?, key = ?
                                 WHERE expedition_id = ? AND id = ?",
                            )
                            .bind(to.to_string())
                            .bind(&key)
                            .bind(expedition.to_string())
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
                sqlx::query("DELETE FROM board_columns WHERE expedition_id = ? AND id = ?")
                    .bind(expedition.to_string())
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
}
