//! Where a card goes: the key for a place in a column, and the place a keyboard move
//! means. Pure, so it is tested natively; the drag, the keys and the "Move to…" menu all
//! end here.

use hevruta_model::board::{BoardSnapshot, CardId, ColumnId, key_after, key_between};

/// A direction of a keyboard move, as the arrow keys say it on screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Up,
    Down,
    Left,
    Right,
}

/// Where a card is: its column's index, its place in the column, and the column's size.
pub fn position(board: &BoardSnapshot, card: CardId) -> Option<(usize, usize, usize)> {
    let c = board.cards.iter().find(|c| c.id == card)?;
    let col = board.columns.iter().position(|k| k.id == c.column_id)?;
    let cards: Vec<CardId> = board.column_cards(c.column_id).map(|c| c.id).collect();
    let at = cards.iter().position(|id| *id == card)?;
    Some((col, at, cards.len()))
}

/// The key that puts `card` at `index` among the other cards of `column` (0 = first).
pub fn key_at(board: &BoardSnapshot, card: CardId, column: ColumnId, index: usize) -> String {
    let others: Vec<&str> = board
        .column_cards(column)
        .filter(|c| c.id != card)
        .map(|c| c.key.as_str())
        .collect();
    let index = index.min(others.len());
    let before = index.checked_sub(1).map(|i| others[i]);
    let after = others.get(index).copied();
    key_between(before, after).unwrap_or_else(|| key_after(before))
}

/// The key that puts `column` at `index` among the board's other columns (0 = first).
pub fn column_key_at(board: &BoardSnapshot, column: ColumnId, index: usize) -> String {
    let others: Vec<&str> = board
        .columns
        .iter()
        .filter(|c| c.id != column)
        .map(|c| c.key.as_str())
        .collect();
    let index = index.min(others.len());
    let before = index.checked_sub(1).map(|i| others[i]);
    let after = others.get(index).copied();
    key_between(before, after).unwrap_or_else(|| key_after(before))
}

/// Where a keyboard step takes a card: `(column, index)`, or `None` at an edge. Left and
/// right follow the screen, so in right-to-left text "left" is the next column.
pub fn step(
    board: &BoardSnapshot,
    card: CardId,
    step: Step,
    rtl: bool,
) -> Option<(ColumnId, usize)> {
    let (col, at, len) = position(board, card)?;
    let next_col = |forward: bool| -> Option<usize> {
        if forward {
            (col + 1 < board.columns.len()).then_some(col + 1)
        } else {
            col.checked_sub(1)
        }
    };
    let here = board.columns[col].id;
    match step {
        Step::Up => at.checked_sub(1).map(|i| (here, i)),
        Step::Down => (at + 1 < len).then_some((here, at + 1)),
        Step::Left | Step::Right => {
            let forward = (step == Step::Right) != rtl;
            let to = next_col(forward)?;
            let column = board.columns[to].id;
            let size = board.column_cards(column).count();
            Some((column, at.min(size)))
        }
    }
}

/// The change a move makes, applied to a copy of the board: for showing it at once.
pub fn moved(board: &BoardSnapshot, card: CardId, column: ColumnId, key: &str) -> BoardSnapshot {
    let mut b = board.clone();
    b.fold(&hevruta_model::board::BoardChange::CardMoved {
        card_id: card,
        column_id: column,
        key: key.to_owned(),
    });
    b
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::MemberId;
    use hevruta_model::board::{BoardId, BoardSummary, Card, CardContent, Column, spread_keys};
    use uuid::Uuid;

    fn board() -> BoardSnapshot {
        let columns: Vec<Column> = ["F", "V", "k"]
            .iter()
            .enumerate()
            .map(|(i, k)| Column {
                id: ColumnId(Uuid::from_u128(100 + i as u128)),
                title: format!("c{i}"),
                key: (*k).into(),
            })
            .collect();
        let keys = spread_keys(3);
        let cards = (0..3)
            .map(|i| Card {
                id: CardId(Uuid::from_u128(i)),
                column_id: columns[0].id,
                key: keys[i as usize].clone(),
                content: CardContent {
                    title: format!("card {i}"),
                    ..CardContent::default()
                },
                added_by: MemberId(Uuid::nil()),
                created_at: 0,
                from_learning: None,
            })
            .collect();
        BoardSnapshot {
            board: BoardSummary {
                id: BoardId(Uuid::nil()),
                title: "b".into(),
                created_by: MemberId(Uuid::nil()),
                created_at: 0,
                vote_budget: 5,
                card_cap: None,
                card_count: 3,
            },
            columns,
            cards,
            votes: vec![],
            comments: vec![],
            citations: vec![],
            learnings: vec![],
            last_seq: 1,
        }
    }

    fn order(b: &BoardSnapshot, col: usize) -> Vec<u128> {
        b.column_cards(b.columns[col].id)
            .map(|c| c.id.0.as_u128())
            .collect()
    }

    #[test]
    fn keys_put_a_card_exactly_where_it_is_dropped() {
        let b = board();
        let card = CardId(Uuid::from_u128(0));
        let col = b.columns[0].id;
        for (index, want) in [
            (0, [0, 1, 2]),
            (1, [1, 0, 2]),
            (2, [1, 2, 0]),
            (9, [1, 2, 0]),
        ] {
            let after = moved(&b, card, col, &key_at(&b, card, col, index));
            assert_eq!(order(&after, 0), want, "index {index}");
        }
        let other = b.columns[2].id;
        let after = moved(&b, card, other, &key_at(&b, card, other, 0));
        assert_eq!((order(&after, 0), order(&after, 2)), (vec![1, 2], vec![0]));
    }

    #[test]
    fn a_column_moves_to_any_place_among_the_others() {
        let b = board();
        let ids: Vec<ColumnId> = b.columns.iter().map(|c| c.id).collect();
        for (column, index, want) in [
            (0, 1, [1, 0, 2]),
            (0, 2, [1, 2, 0]),
            (2, 0, [2, 0, 1]),
            (1, 9, [0, 2, 1]),
        ] {
            let mut after = b.clone();
            after.fold(&hevruta_model::board::BoardChange::ColumnUpdated {
                column: hevruta_model::board::Column {
                    key: column_key_at(&b, ids[column], index),
                    ..b.columns[column].clone()
                },
            });
            let order: Vec<usize> = after
                .columns
                .iter()
                .map(|c| ids.iter().position(|i| *i == c.id).unwrap())
                .collect();
            assert_eq!(order, want, "column {column} to {index}");
        }
    }

    #[test]
    fn keyboard_steps_stop_at_the_edges_and_mirror_in_rtl() {
        let b = board();
        let first = CardId(Uuid::from_u128(0));
        let last = CardId(Uuid::from_u128(2));
        assert_eq!(step(&b, first, Step::Up, false), None);
        assert_eq!(
            step(&b, first, Step::Down, false),
            Some((b.columns[0].id, 1))
        );
        assert_eq!(step(&b, last, Step::Down, false), None);
        assert_eq!(
            step(&b, first, Step::Right, false),
            Some((b.columns[1].id, 0))
        );
        assert_eq!(step(&b, first, Step::Left, false), None);
        assert_eq!(
            step(&b, first, Step::Left, true),
            Some((b.columns[1].id, 0))
        );
        assert_eq!(step(&b, first, Step::Right, true), None);
        assert_eq!(
            step(&b, last, Step::Right, false),
            Some((b.columns[1].id, 0)),
            "clamped to the column"
        );
        assert_eq!(position(&b, last), Some((0, 2, 3)));
    }
}
