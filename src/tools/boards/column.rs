//! One column of a board: its title (with the facilitator's options), its cards in order
//! (those the filter lets through, the first of them rendered, more on the way down), and
//! a way to add a card to it.

use std::collections::HashSet;

use hevruta_model::Role;
use hevruta_model::board::{CardId, ColumnId};
use leptos::prelude::*;

use super::card::CardView;
use super::column_menu::{ColumnMenu, heading_dom_id};
use super::ctx::BoardCtx;
use super::drag::use_drag;
use super::form::AddCard;
use super::texts::{bt, texts};
use super::window::more_dom_id;
use crate::i18n::{fill, format_number, plural_category};
use crate::tools::facilitation::board_spot::{SpotlightButton, use_board_spot};

#[component]
pub fn BoardColumn(
    ctx: BoardCtx,
    column: ColumnId,
    /// The cards the filter lets through (`None`: all).
    visible: Memo<Option<HashSet<CardId>>>,
) -> impl IntoView {
    let i18n = ctx.i18n;
    let drag = use_drag();
    let spot = use_board_spot();
    let end = ctx.windows.end(Some(column));
    let title = move || {
        ctx.board.with(|b| {
            b.columns
                .iter()
                .find(|c| c.id == column)
                .map(|c| c.title.clone())
                .unwrap_or_default()
        })
    };
    // The cards the filter keeps: how many, and the rendered first ones.
    let kept = Memo::new(move |_| {
        let shown = visible.get();
        let end = end.get();
        ctx.board.with(|b| {
            let mut n = 0;
            let mut first = Vec::new();
            for c in b
                .column_cards(column)
                .filter(|c| shown.as_ref().is_none_or(|s| s.contains(&c.id)))
            {
                if n < end {
                    first.push(c.clone());
                }
                n += 1;
            }
            (n, first)
        })
    });
    let cards = move || kept.with(|(_, first)| first.clone());
    let hidden = move || kept.with(|(n, first)| n - first.len());
    let count = move || {
        let n = ctx.board.with(|b| b.column_cards(column).count()) as u64;
        texts(i18n.lang())
            .card_count
            .pick(&plural_category(n))
            .replace("{n}", &format_number(n as i64))
    };
    let heading = heading_dom_id(column);
    let heading_ref = heading.clone();
    view! {
        <section
            class="board-column"
            id=format!("column-{column}")
            class:drop-target=move || drag.target.get() == Some(column)
            class:spotlit=move || spot.is_some_and(|s| s.is_column(column))
            data-column=column.to_string()
            aria-labelledby=heading_ref
        >
            <div class="column-head">
                <h2 class="column-title" id=heading tabindex="-1">
                    <span dir="auto">{title}</span>
                    <span class="column-count">{count}</span>
                </h2>
                {spot
                    .filter(|_| ctx.role == Role::Facilitator)
                    .map(|spot| {
                        view! {
                            <SpotlightButton
                                spot=spot
                                card=None
                                column=column
                                about=heading_dom_id(column)
                            />
                        }
                    })}
                {(ctx.role == Role::Facilitator)
                    .then(|| view! { <ColumnMenu ctx=ctx column=column /> })}
            </div>
            <ul class="column-cards">
                <For each=cards key=|c| c.clone() let:card>
                    <CardView ctx=ctx card=card in_grid=false />
                </For>
            </ul>
            <Show when=move || { hidden() != 0 }>
                <button
                    type="button"
                    class="button button-quiet show-more"
                    id=more_dom_id(Some(column))
                    on:click=move |_| ctx.windows.grow(Some(column))
                >
                    {move || {
                        fill(
                            texts(i18n.lang()).show_more_cards,
                            &[("n", &format_number(hidden() as i64))],
                        )
                    }}
                </button>
            </Show>
            <Show when=move || ctx.board.with(|b| b.column_cards(column).next().is_none())>
                <p class="hint column-empty">{bt(i18n, |t| t.empty_column)}</p>
            </Show>
            {(ctx.can_write()).then(|| view! { <AddCard ctx=ctx column=column /> })}
        </section>
    }
}
