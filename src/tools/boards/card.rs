//! One card: what the innovation is and where it comes from, where it is cited, and the
//! three ways to move it (drag by the handle, Alt + arrows, "Move to…"); its votes
//! (`card_votes`) and comments (`card_comments`) are rooms of their own.

use hevruta_model::Role;
use hevruta_model::board::{Card, CardId, ColumnId};
use leptos::prelude::*;

use super::card_comments::Comments;
use super::card_votes::Votes;
use super::ctx::{BoardCtx, card_dom_id};
use super::drag::use_drag;
use super::moves::{Step, step};
use super::origin::FromLearning;
use super::texts::{bt, texts};
use crate::i18n::{fill, format_number, isolate};
use crate::tools::facilitation::board_spot::{SpotlightButton, use_board_spot};

#[component]
pub fn CardView(
    ctx: BoardCtx,
    card: Card,
    /// In the grid, the card says which column it is in.
    in_grid: bool,
) -> impl IntoView {
    let i18n = ctx.i18n;
    let drag = use_drag();
    let spot = use_board_spot();
    let id = card.id;
    let c = card.content.clone();
    let title_id = format!("{}-title", card_dom_id(id));
    let title_ref = title_id.clone();
    let title_about = title_id.clone();
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if !ev.alt_key() || !ctx.can_write() {
            return;
        }
        let dir = match ev.key().as_str() {
            "ArrowUp" => Step::Up,
            "ArrowDown" => Step::Down,
            "ArrowLeft" => Step::Left,
            "ArrowRight" => Step::Right,
            _ => return,
        };
        ev.prevent_default();
        let rtl = i18n.lang_untracked().is_rtl();
        if let Some((column, index)) = ctx.board.with_untracked(|b| step(b, id, dir, rtl)) {
            ctx.move_card(id, column, index, true);
        }
    };
    let place = [c.origin_city.clone(), c.origin_country.clone()]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(", ");
    let source = c.source;
    let column_name = move || {
        ctx.board.with(|b| {
            b.columns
                .iter()
                .find(|k| k.id == card.column_id)
                .map(|k| {
                    fill(
                        texts(i18n.lang()).in_column,
                        &[("column", &isolate(&k.title))],
                    )
                })
                .unwrap_or_default()
        })
    };
    let added_by = move || {
        fill(
            texts(i18n.lang()).added_by,
            &[(
                "name",
                &isolate(
                    &ctx.names
                        .with(|n| n.get(&card.added_by).cloned().unwrap_or_default()),
                ),
            )],
        )
    };
    let details = [
        (bt(i18n, |t| t.field_impact), c.impact.clone()),
        (bt(i18n, |t| t.field_scalability), c.scalability.clone()),
        (bt(i18n, |t| t.field_first_steps), c.first_steps.clone()),
    ];
    let has_details = details.iter().any(|(_, v)| v.is_some());
    view! {
        <li
            class="board-card"
            class:spotlit=move || spot.is_some_and(|s| s.is_card(id))
            id=card_dom_id(id)
            data-card=id.to_string()
            tabindex="0"
            aria-roledescription=bt(i18n, |t| t.card_role)
            aria-labelledby=title_ref
            on:keydown=on_key
        >
            <div class="card-top">
                {(ctx.can_write())
                    .then(|| {
                        view! {
                            <span
                                class="drag-handle"
                                aria-hidden="true"
                                title=bt(i18n, |t| t.drag_handle)
                                on:pointerdown=move |ev| drag.start(ev, id)
                            >
                                "⠿"
                            </span>
                        }
                    })} <h3 class="card-title" id=title_id dir="auto">
                    {c.title.clone()}
                </h3>
            </div>
            {(in_grid).then(|| view! { <p class="card-column">{column_name}</p> })}
            <p class="card-meta">
                {(!place.is_empty())
                    .then(|| {
                        view! {
                            <span class="card-place" dir="auto">
                                {place.clone()}
                            </span>
                        }
                    })}
                <span class="badge badge-quiet">{move || texts(i18n.lang()).source(source)}</span>
            </p>
            {c
                .summary
                .clone()
                .map(|s| {
                    view! {
                        <p class="card-summary" dir="auto">
                            {s}
                        </p>
                    }
                })}
            {(!c.themes.is_empty())
                .then(|| {
                    view! {
                        <ul class="card-themes">
                            {c
                                .themes
                                .iter()
                                .map(|t| view! { <li class="badge">{t.clone()}</li> })
                                .collect_view()}
                        </ul>
                    }
                })}
            {(!c.sectors.is_empty())
                .then(|| {
                    let sectors = c.sectors.clone();
                    view! {
                        <p class="card-sectors hint">
                            {move || {
                                sectors
                                    .iter()
                                    .map(|s| i18n.t().sector(*s).name)
                                    .collect::<Vec<_>>()
                                    .join(" · ")
                            }}
                        </p>
                    }
                })}
            {has_details
                .then(|| {
                    view! {
                        <details class="card-details">
                            <summary>{bt(i18n, |t| t.more)}</summary>
                            <dl>
                                {details
                                    .into_iter()
                                    .filter_map(|(label, v)| v.map(|v| (label, v)))
                                    .map(|(label, v)| {
                                        view! {
                                            <dt>{label}</dt>
                                            <dd>{v}</dd>
                                        }
                                    })
                                    .collect_view()}
                            </dl>
                        </details>
                    }
                })}
            <p class="card-provenance hint">
                {added_by} <FromLearning ctx=ctx learning=card.from_learning />
                {c
                    .link
                    .clone()
                    .map(|href| {
                        view! {
                            " · "
                            <a href=href rel="noopener noreferrer nofollow" target="_blank">
                                {bt(i18n, |t| t.open_link)}
                            </a>
                        }
                    })}
            </p>
            <Citations ctx=ctx card=id />
            <Votes ctx=ctx card=id title=c.title.clone() />
            <crate::tools::facilitation::voting::ItemDots
                item=id.0
                label=Signal::stored(c.title.clone())
            />
            <div class="card-actions">
                {(ctx.can_write()).then(|| view! { <MoveMenu ctx=ctx card=id /> })}
                <Comments ctx=ctx card=id />
                {spot
                    .filter(|_| ctx.role == Role::Facilitator)
                    .map(|spot| {
                        view! {
                            <SpotlightButton
                                spot=spot
                                card=Some(id)
                                column=card.column_id
                                about=title_about.clone()
                            />
                        }
                    })}
            </div>
        </li>
    }
}

/// "Move to…": a column and a position, the easy way on a phone.
#[component]
fn MoveMenu(ctx: BoardCtx, card: CardId) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let panel = format!("move-{card}");
    let current = move || {
        ctx.board
            .with_untracked(|b| b.cards.iter().find(|c| c.id == card).map(|c| c.column_id))
    };
    let column = RwSignal::new(None::<ColumnId>);
    let index = RwSignal::new(0usize);
    let choose = move || {
        column.set(current());
        index.set(
            ctx.board
                .with_untracked(|b| super::moves::position(b, card).map_or(0, |(_, at, _)| at)),
        );
    };
    let positions = move || {
        let col = column.get();
        ctx.board.with(|b| {
            let n = col.map_or(0, |col| {
                b.column_cards(col).filter(|c| c.id != card).count()
            });
            (0..=n).collect::<Vec<_>>()
        })
    };
    view! {
        <div class="move-menu">
            <button
                type="button"
                class="button"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel.clone()
                on:click=move |_| {
                    if !open.get_untracked() {
                        choose();
                    }
                    open.update(|o| *o = !*o);
                }
            >
                {bt(i18n, |t| t.move_to)}
            </button>
            <Show when=move || open.get()>
                <form
                    class="move-panel"
                    id=panel.clone()
                    on:submit=move |ev| {
                        ev.prevent_default();
                        if let Some(col) = column.get_untracked() {
                            open.set(false);
                            ctx.move_card(card, col, index.get_untracked(), true);
                        }
                    }
                >
                    <label>
                        {bt(i18n, |t| t.move_column)}
                        <select
                            prop:value=move || {
                                column.get().map(|c| c.to_string()).unwrap_or_default()
                            }
                            on:change:target=move |ev| {
                                column.set(ev.target().value().parse().ok());
                                index.set(0);
                            }
                        >
                            {move || {
                                ctx.board
                                    .with(|b| {
                                        b.columns
                                            .iter()
                                            .map(|k| {
                                                let selected = Some(k.id) == column.get_untracked();
                                                view! {
                                                    <option value=k.id.to_string() selected=selected>
                                                        {k.title.clone()}
                                                    </option>
                                                }
                                            })
                                            .collect_view()
                                    })
                            }}
                        </select>
                    </label>
                    <label>
                        {bt(i18n, |t| t.move_position)}
                        <select
                            prop:value=move || index.get().to_string()
                            on:change:target=move |ev| {
                                index.set(ev.target().value().parse().unwrap_or(0))
                            }
                        >
                            {move || {
                                positions()
                                    .into_iter()
                                    .map(|i| {
                                        let selected = i == index.get_untracked();
                                        view! {
                                            <option value=i.to_string() selected=selected>
                                                {format_number(i as i64 + 1)}
                                            </option>
                                        }
                                    })
                                    .collect_view()
                            }}
                        </select>
                    </label>
                    <button type="submit" class="button button-primary">
                        {bt(i18n, |t| t.move_button)}
                    </button>
                </form>
            </Show>
        </div>
    }
}

/// Where canvas stickies cite this card, each a link to its canvas.
#[component]
fn Citations(ctx: BoardCtx, card: CardId) -> impl IntoView {
    let i18n = ctx.i18n;
    let cited = move || {
        ctx.board.with(|b| {
            let mut seen: Vec<(hevruta_model::canvas::CanvasId, String)> = Vec::new();
            for c in b.citations.iter().filter(|c| c.card_id == card) {
                if !seen.iter().any(|(id, _)| *id == c.canvas_id) {
                    seen.push((c.canvas_id, c.canvas_title.clone()));
                }
            }
            seen
        })
    };
    view! {
        <Show when=move || !cited().is_empty()>
            <ul class="card-citations">
                {move || {
                    cited()
                        .into_iter()
                        .map(|(canvas, title)| {
                            let href = hevruta_model::Route::Canvas(ctx.expedition, canvas)
                                .to_string();
                            view! {
                                <li>
                                    <a href=href>
                                        {move || fill(
                                            texts(i18n.lang()).cited_on,
                                            &[("canvas", &isolate(&title))],
                                        )}
                                    </a>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
        </Show>
    }
}
