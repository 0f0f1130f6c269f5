//! One column of a board: its title, its cards in order (those the filter lets through),
//! and a way to add a card to it.

use std::collections::HashSet;

use hevruta_model::board::{CardId, ColumnId};
use leptos::prelude::*;

use super::card::CardView;
use super::ctx::BoardCtx;
use super::drag::use_drag;
use super::form::AddCard;
use super::texts::{bt, texts};
use crate::i18n::{format_number, plural_category};

#[component]
pub fn BoardColumn(
    ctx: BoardCtx,
    column: ColumnId,
    /// The cards the filter lets through (`None`: all).
    visible: Memo<Option<HashSet<CardId>>>,
) -> impl IntoView {
    let i18n = ctx.i18n;
    let drag = use_drag();
    let title = move || {
        ctx.board.with(|b| {
            b.columns
                .iter()
                .find(|c| c.id == column)
                .map(|c| c.title.clone())
                .unwrap_or_default()
        })
    };
    let cards = move || {
        let shown = visible.get();
        ctx.board.with(|b| {
            b.column_cards(column)
                .filter(|c| shown.as_ref().is_none_or(|s| s.contains(&c.id)))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let count = move || {
        let n = ctx.board.with(|b| b.column_cards(column).count()) as u64;
        texts(i18n.lang())
            .card_count
            .pick(&plural_category(n))
            .replace("{n}", &format_number(n as i64))
    };
    let heading = format!("col-{column}");
    let heading_ref = heading.clone();
    view! {
        <section
            class="board-column"
            class:drop-target=move || drag.target.get() == Some(column)
            data-column=column.to_string()
            aria-labelledby=heading_ref
        >
            <h2 class="column-title" id=heading>
                {title}
                <span class="column-count">{count}</span>
            </h2>
            <ul class="column-cards">
                <For each=cards key=|c| c.clone() let:card>
                    <CardView ctx=ctx card=card in_grid=false />
                </For>
            </ul>
            <Show when=move || ctx.board.with(|b| b.column_cards(column).next().is_none())>
                <p class="hint column-empty">{bt(i18n, |t| t.empty_column)}</p>
            </Show>
            <Show when=move || ctx.can_write()>
                <AddCard ctx=ctx column=column />
            </Show>
        </section>
    }
}
