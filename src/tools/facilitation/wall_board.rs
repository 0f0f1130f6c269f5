//! `/e/{id}/project/board/{board}`: a board on the wall. Its columns side by side in large
//! type, each with its first cards in board order (and how many more), their votes, live
//! as the room adds, moves and votes; the timer, and how to join. A card the facilitator
//! spotlights fills the wall; a spotlit column stands out. Read-only: the wall runs on a
//! viewer session.

use std::rc::Rc;

use hevruta_model::board::{BoardEvent, BoardSnapshot, CardId, ColumnId};
use hevruta_model::{ExpeditionSnapshot, Member};
use leptos::prelude::*;

use super::board_spot::BoardSpot;
use super::projector::JoinAside;
use super::session::Session;
use super::texts::texts;
use super::timer::TimerBadge;
use super::wall_list::{WallItem, WallList};
use crate::client::{ApiClient, BoardStream};
use crate::i18n::{fill, use_i18n};
use crate::shell::{Live, set_title};

/// Cards a column shows on the wall; the rest are counted.
pub const WALL_CARDS: usize = 8;

/// The first cards of a column as the wall shows them (title, origin, votes), and how
/// many more it has. `votes` writes a card's votes (none for a card without).
pub fn column_on_wall(
    board: &BoardSnapshot,
    column: ColumnId,
    votes: impl Fn(u32) -> String,
) -> (Vec<WallItem>, usize) {
    let cards: Vec<_> = board.column_cards(column).collect();
    let shown = cards
        .iter()
        .take(WALL_CARDS)
        .map(|c| {
            let n = board.total_votes(c.id);
            WallItem {
                title: c.content.title.clone(),
                origin: c.content.origin_city.clone(),
                badge: (n > 0).then(|| votes(n)),
            }
        })
        .collect();
    (shown, cards.len().saturating_sub(WALL_CARDS))
}

#[component]
pub fn BoardWall(
    client: ApiClient,
    me: Member,
    expedition: ExpeditionSnapshot,
    snapshot: BoardSnapshot,
    code: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let after = snapshot.last_seq;
    let board_id = snapshot.board.id;
    let board = RwSignal::new(snapshot);
    let live = Live::new(&expedition);
    let session = Session::provide(&client, expedition.id, &me);
    let spot = BoardSpot::provide(session, board_id, true);
    let on_board = Rc::new(move |json: &str| {
        if let Ok(event) = serde_json::from_str::<BoardEvent>(json) {
            board.update(|b| {
                b.apply(&event);
            });
        }
    });
    live.follow_board(&client, after, BoardStream { on_board }, |_, _| {});
    set_title(move || {
        format!(
            "{} · {}",
            board.with(|b| b.board.title.clone()),
            texts(i18n.lang()).projector_title
        )
    });
    let columns = move || board.with(|b| b.columns.iter().map(|c| c.id).collect::<Vec<_>>());
    view! {
        <div class="projector">
            <header class="projector-top">
                <h1 class="projector-title" dir="auto">
                    {move || board.with(|b| b.board.title.clone())}
                </h1>
                <TimerBadge session=session />
            </header>
            {move || match spot.focus().and_then(|f| f.card) {
                Some(card) => view! { <WallSpotlight board=board card=card /> }.into_any(),
                None => {
                    view! {
                        <div class="wall-columns">
                            <For each=columns key=|id| *id let:column>
                                <WallColumn board=board column=column spot=spot />
                            </For>
                        </div>
                    }
                        .into_any()
                }
            }}
            <JoinAside code=code />
        </div>
    }
}

/// The spotlit card, large: its title, column, origin, summary, themes and votes.
#[component]
fn WallSpotlight(board: RwSignal<BoardSnapshot>, card: CardId) -> impl IntoView {
    let i18n = use_i18n();
    let found = move || {
        board.with(|b| {
            let c = b.cards.iter().find(|c| c.id == card)?;
            let column = b.columns.iter().find(|k| k.id == c.column_id)?;
            Some((c.content.clone(), column.title.clone(), b.total_votes(card)))
        })
    };
    move || {
        let t = texts(i18n.lang());
        let (content, column, votes) = found()?;
        let origin = [content.origin_city.clone(), content.origin_country.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", ");
        Some(view! {
            <section class="wall-spotlight" aria-labelledby="wall-spotlit">
                <p class="wall-spotlight-label">{t.in_spotlight} " · " <bdi>{column}</bdi></p>
                <h2 id="wall-spotlit" dir="auto">
                    {content.title}
                </h2>
                {(!origin.is_empty())
                    .then(|| {
                        view! {
                            <p class="wall-spotlight-origin" dir="auto">
                                {origin}
                            </p>
                        }
                    })}
                {content
                    .summary
                    .map(|s| {
                        view! {
                            <p class="wall-spotlight-summary" dir="auto">
                                {s}
                            </p>
                        }
                    })}
                {(votes > 0)
                    .then(|| {
                        view! {
                            <p class="wall-badge">
                                {fill(t.wall_votes, &[("n", &votes.to_string())])}
                            </p>
                        }
                    })}
            </section>
        })
    }
}

#[component]
fn WallColumn(board: RwSignal<BoardSnapshot>, column: ColumnId, spot: BoardSpot) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || {
        board.with(|b| {
            b.columns
                .iter()
                .find(|c| c.id == column)
                .map(|c| c.title.clone())
                .unwrap_or_default()
        })
    };
    let heading = format!("wall-col-{}", column.0);
    let labelled = heading.clone();
    let cards = Memo::new(move |_| {
        let t = texts(i18n.lang());
        board.with(|b| column_on_wall(b, column, |n| fill(t.wall_votes, &[("n", &n.to_string())])))
    });
    view! {
        <section
            class="wall-column"
            class:spotlit=move || spot.is_column(column)
            aria-labelledby=labelled
        >
            <h2 id=heading dir="auto">
                {title}
            </h2>
            <WallList items=cards />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A board of one column with `n` cards, "Card 0" first; card 2 has 3 votes.
    fn board_with_cards(n: usize) -> (BoardSnapshot, ColumnId) {
        let column = "0190c7d2-9b1a-7e4e-8a8a-000000000001";
        let member = "0190c7d2-9b1a-7e4e-8a8a-000000000009";
        let cards: Vec<_> = (0..n)
            .map(|i| {
                json!({ "id": format!("0190c7d2-9b1a-7e4e-8a8a-1000000000{i:02}"),
                        "column_id": column, "key": format!("a{i:02}"), "title": format!("Card {i}"),
                        "added_by": member, "created_at": 0 })
            })
            .collect();
        let board: BoardSnapshot = serde_json::from_value(json!({
            "board": { "id": "0190c7d2-9b1a-7e4e-8a8a-000000000002", "title": "B",
                       "created_by": member, "created_at": 0, "vote_budget": 5 },
            "columns": [{ "id": column, "title": "Ideas", "key": "V" }],
            "cards": cards,
            "votes": [{ "card_id": "0190c7d2-9b1a-7e4e-8a8a-100000000002", "member_id": member, "count": 3 }],
            "comments": [],
            "last_seq": 1,
        }))
        .unwrap();
        let id = board.columns[0].id;
        (board, id)
    }

    #[test]
    fn a_column_shows_its_first_cards_in_order_and_counts_the_rest() {
        let (board, column) = board_with_cards(11);
        let votes = |n: u32| format!("{n} votes");
        let (shown, more) = column_on_wall(&board, column, votes);
        assert_eq!(shown.len(), WALL_CARDS);
        assert_eq!(more, 3);
        assert_eq!(shown[0].title, "Card 0");
        assert_eq!(shown[7].title, "Card 7");
        assert_eq!(shown[1].badge, None, "no votes, no badge");
        assert_eq!(shown[2].badge.as_deref(), Some("3 votes"));
        let (few, none) = column_on_wall(&board_with_cards(2).0, column, votes);
        assert_eq!((few.len(), none), (2, 0));
    }
}
