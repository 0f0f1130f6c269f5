//! `/e/{expedition}/board/{board}`: one board, live. Its header (rules, votes left), the
//! facilitation strip (timer, lock, projector), the filter bar, the layout switch, import
//! and export, and the columns or the grid.

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use hevruta_model::board::{
    BoardChange, BoardEvent, BoardId, BoardSnapshot, CardId, Filter, Source, filter,
};
use hevruta_model::{ExpeditionId, Role, Route, Sector};
use leptos::prelude::*;

use super::card::CardView;
use super::column::BoardColumn;
use super::column_menu::AddColumn;
use super::ctx::{BoardCtx, Layout};
use super::drag::Drag;
use super::porting::{Export, Import, Rules};
use super::texts::{bt, now, texts};
use super::window::{Windows, more_dom_id};
use crate::client::BoardStream;
use crate::components::use_announcer;
use crate::i18n::{fill, format_number, isolate, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};
use crate::tools::facilitation::Session;
use crate::tools::facilitation::board_spot::BoardSpot;
use crate::tools::facilitation::board_strip::BoardFacilitation;

/// The board `board` of the expedition `id`.
#[component]
pub fn BoardPage(id: ExpeditionId, board: BoardId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.board(id, board).await }
            page=|loaded| view! { <BoardScreen loaded=loaded /> }
        />
    }
}

#[component]
fn BoardScreen(loaded: Loaded<BoardSnapshot>) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    let after = data.last_seq;
    let board_id = data.board.id;
    let board = RwSignal::new(data);
    let live = Live::new(&expedition);
    let names = Memo::new(move |_| {
        live.snapshot.with(|s| {
            s.members
                .iter()
                .map(|m| (m.id, m.display_name.clone()))
                .collect::<HashMap<_, _>>()
        })
    });
    let ctx = BoardCtx {
        expedition: id,
        board_id,
        client: StoredValue::new(client.clone()),
        board,
        me: me.id,
        role: me.role,
        names,
        filter: RwSignal::new(Filter::default()),
        layout: RwSignal::new(Layout::Columns),
        i18n,
        announcer,
        windows: Windows::new(),
    };
    let voting = crate::tools::facilitation::voting::Voting::provide(
        &client,
        id,
        &me,
        hevruta_model::vote::RoundOn::Board(board_id),
    );
    let me_id = me.id;
    let on_board = Rc::new(move |json: &str| {
        let Ok(event) = serde_json::from_str::<BoardEvent>(json) else {
            return;
        };
        // Someone else's move is said aloud, as one's own is.
        if let BoardChange::CardMoved {
            card_id, column_id, ..
        } = &event.change
            && event.by != me_id
        {
            let sentence = board.with_untracked(|b| {
                let card = b.cards.iter().find(|c| c.id == *card_id)?;
                let column = b.columns.iter().find(|c| c.id == *column_id)?;
                Some(fill(
                    now(i18n).announce_moved_by,
                    &[
                        ("name", &isolate(&ctx.name_of(event.by))),
                        ("card", &isolate(&card.content.title)),
                        ("column", &isolate(&column.title)),
                    ],
                ))
            });
            if let Some(s) = sentence {
                announcer.say(s);
            }
        }
        board.update(|b| {
            b.apply(&event);
        });
    });
    live.follow_board(&client, after, BoardStream { on_board }, |_, _| {});
    let session = Session::provide(&client, id, &me);
    let spot = BoardSpot::provide(session, board_id, false);
    spot.bring_here(move |card| ctx.board.with_untracked(|b| ctx.windows.reveal(b, card)));
    set_title(move || format!("{} · Hevruta", board.with(|b| b.board.title.clone())));
    provide_context(ctx);
    Drag::provide(ctx);
    // A link to one card (a canvas sticky's citation chip): opened, scrolled to, focused.
    if let Some(target) = window()
        .location()
        .hash()
        .ok()
        .and_then(|h| h.strip_prefix("#card-").map(|id| format!("card-{id}")))
    {
        request_animation_frame(move || {
            if let Some(el) = document().get_element_by_id(&target) {
                if let Ok(Some(more)) = el.query_selector("details") {
                    let _ = more.set_attribute("open", "");
                }
                el.scroll_into_view();
            }
            crate::components::focus_by_id(&target);
        });
    }

    // The cards the filter lets through (None: no filter, all of them).
    let visible = Memo::new(move |_| {
        let f = ctx.filter.get();
        if f.is_empty() {
            return None;
        }
        Some(board.with(|b| {
            f.apply(&b.cards)
                .iter()
                .map(|c| c.id)
                .collect::<HashSet<CardId>>()
        }))
    });
    let columns = move || board.with(|b| b.columns.iter().map(|c| c.id).collect::<Vec<_>>());
    let grid_end = ctx.windows.end(None);
    // Every card the filter keeps, in column order: how many, and the rendered first ones.
    let grid_kept = Memo::new(move |_| {
        if ctx.layout.get() != Layout::Grid {
            return (0, Vec::new());
        }
        let (shown, end) = (visible.get(), grid_end.get());
        board.with(|b| {
            let all = b
                .columns
                .iter()
                .flat_map(|col| b.column_cards(col.id))
                .filter(|c| shown.as_ref().is_none_or(|s| s.contains(&c.id)));
            let mut n = 0;
            let mut first = Vec::new();
            for c in all {
                if n < end {
                    first.push(c.clone());
                }
                n += 1;
            }
            (n, first)
        })
    });
    let grid_cards = move || grid_kept.with(|(_, first)| first.clone());
    let grid_hidden = move || grid_kept.with(|(n, first)| n - first.len());
    let votes_line = move || {
        let t = texts(i18n.lang());
        board.with(|b| {
            let spent: u32 = b
                .votes
                .iter()
                .filter(|v| v.member_id == me_id)
                .map(|v| v.count)
                .sum();
            let left = b.board.vote_budget.saturating_sub(spent);
            let mut line = fill(
                t.votes_left,
                &[
                    ("n", &format_number(i64::from(left))),
                    ("budget", &format_number(i64::from(b.board.vote_budget))),
                ],
            );
            if let Some(cap) = b.board.card_cap {
                line.push(' ');
                line.push_str(&fill(
                    t.cap_reached,
                    &[("cap", &format_number(i64::from(cap)))],
                ));
            }
            line
        })
    };
    let showing = move || {
        let t = texts(i18n.lang());
        let total = board.with(|b| b.cards.len());
        let shown = visible.get().map_or(total, |s| s.len());
        fill(
            t.showing,
            &[
                ("shown", &format_number(shown as i64)),
                ("total", &format_number(total as i64)),
            ],
        )
    };
    let grid = move || ctx.layout.get() == Layout::Grid;
    view! {
        <div class="page board-page">
            <p class="board-back">
                <a href=Route::Boards(id).to_string()>
                    <span class="flip-rtl" aria-hidden="true">
                        "←"
                    </span>
                    " "
                    {bt(i18n, |t| t.all_boards)}
                </a>
            </p>
            <h1 id="board-title" tabindex="-1">
                {move || board.with(|b| b.board.title.clone())}
            </h1>
            <BoardFacilitation session=session spot=spot />
            <p class="board-votes-line">{votes_line}</p>
            <crate::tools::facilitation::voting::RoundBar voting=voting />
            <FilterBar ctx=ctx />
            <div class="board-tools">
                <p class="board-showing" aria-live="polite">
                    {showing}
                </p>
                <div class="segmented" role="group" aria-label=bt(i18n, |t| t.layout_label)>
                    <button
                        type="button"
                        class="button"
                        aria-pressed=move || (!grid()).to_string()
                        on:click=move |_| ctx.layout.set(Layout::Columns)
                    >
                        {bt(i18n, |t| t.layout_columns)}
                    </button>
                    <button
                        type="button"
                        class="button"
                        aria-pressed=move || grid().to_string()
                        on:click=move |_| ctx.layout.set(Layout::Grid)
                    >
                        {bt(i18n, |t| t.layout_grid)}
                    </button>
                </div>
                <Export ctx=ctx />
            </div>
            <p class="hint board-keys">{bt(i18n, |t| t.keyboard_help)}</p>
            <Show
                when=grid
                fallback=move || {
                    view! {
                        <div class="board-columns">
                            <For each=columns key=|c| *c let:column>
                                <BoardColumn ctx=ctx column=column visible=visible />
                            </For>
                            {(ctx.role == Role::Facilitator)
                                .then(|| view! { <AddColumn ctx=ctx /> })}
                        </div>
                    }
                }
            >
                <ul class="board-grid">
                    <For each=grid_cards key=|c| c.clone() let:card>
                        <CardView ctx=ctx card=card in_grid=true />
                    </For>
                </ul>
                <Show when=move || { grid_hidden() != 0 }>
                    <button
                        type="button"
                        class="button button-quiet show-more"
                        id=more_dom_id(None)
                        on:click=move |_| ctx.windows.grow(None)
                    >
                        {move || {
                            fill(
                                texts(i18n.lang()).show_more_cards,
                                &[("n", &format_number(grid_hidden() as i64))],
                            )
                        }}
                    </button>
                </Show>
            </Show>
            {(ctx.can_write()).then(|| view! { <Import ctx=ctx /> })}
            {(me.role == Role::Facilitator).then(|| view! { <Rules ctx=ctx /> })}
        </div>
    }
}

/// Search and the four filters. Choices come from the cards themselves.
#[component]
fn FilterBar(ctx: BoardCtx) -> impl IntoView {
    let i18n = ctx.i18n;
    let choices = Memo::new(move |_| ctx.board.with(|b| filter::choices(&b.cards)));
    let set = move |f: &dyn Fn(&mut Filter)| ctx.filter.update(|x| f(x));
    // On phones the filters fold behind one button (CSS shows them always on wider screens).
    let open = RwSignal::new(false);
    view! {
        <button
            type="button"
            class="button filters-toggle"
            aria-expanded=move || open.get().to_string()
            aria-controls="board-filters"
            on:click=move |_| open.update(|o| *o = !*o)
        >
            {bt(i18n, |t| t.filter_heading)}
        </button>
        <section
            class="board-filters"
            class:is-open=move || open.get()
            id="board-filters"
            aria-labelledby="filter-heading"
        >
            <h2 id="filter-heading" class="visually-hidden">
                {bt(i18n, |t| t.filter_heading)}
            </h2>
            <div class="field">
                <label for="board-search">{bt(i18n, |t| t.search_label)}</label>
                <input
                    id="board-search"
                    type="search"
                    prop:value=move || ctx.filter.with(|f| f.text.clone())
                    on:input:target=move |ev| {
                        let v = ev.target().value();
                        set(&|f| f.text.clone_from(&v));
                    }
                />
            </div>
            <div class="field">
                <label for="filter-theme">{bt(i18n, |t| t.theme_label)}</label>
                <select
                    id="filter-theme"
                    prop:value=move || ctx.filter.with(|f| f.theme.clone().unwrap_or_default())
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        set(&|f| f.theme = (!v.is_empty()).then(|| v.clone()));
                    }
                >
                    <option value="">{bt(i18n, |t| t.any)}</option>
                    {move || {
                        choices
                            .get()
                            .0
                            .into_iter()
                            .map(|t| view! { <option value=t.clone()>{t.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <div class="field">
                <label for="filter-sector">{bt(i18n, |t| t.sector_label)}</label>
                <select
                    id="filter-sector"
                    prop:value=move || ctx.filter.with(|f| f.sector.map_or("", |s| s.as_str()))
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        set(&|f| f.sector = Sector::ALL.into_iter().find(|s| s.as_str() == v));
                    }
                >
                    <option value="">{bt(i18n, |t| t.any)}</option>
                    {Sector::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s.as_str()>{move || i18n.t().sector(s).name}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-source">{bt(i18n, |t| t.source_label)}</label>
                <select
                    id="filter-source"
                    prop:value=move || ctx.filter.with(|f| f.source.map_or("", |s| s.as_str()))
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        set(&|f| f.source = Source::parse(&v));
                    }
                >
                    <option value="">{bt(i18n, |t| t.any)}</option>
                    {Source::ALL
                        .into_iter()
                        .map(|s| {
                            view! {
                                <option value=s
                                    .as_str()>{move || texts(i18n.lang()).source(s)}</option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
            <div class="field">
                <label for="filter-country">{bt(i18n, |t| t.country_label)}</label>
                <select
                    id="filter-country"
                    prop:value=move || ctx.filter.with(|f| f.country.clone().unwrap_or_default())
                    on:change:target=move |ev| {
                        let v = ev.target().value();
                        set(&|f| f.country = (!v.is_empty()).then(|| v.clone()));
                    }
                >
                    <option value="">{bt(i18n, |t| t.any)}</option>
                    {move || {
                        choices
                            .get()
                            .1
                            .into_iter()
                            .map(|c| view! { <option value=c.clone()>{c.clone()}</option> })
                            .collect_view()
                    }}
                </select>
            </div>
            <button
                type="button"
                class="button button-quiet"
                on:click=move |_| ctx.filter.set(Filter::default())
            >
                {bt(i18n, |t| t.clear_filters)}
            </button>
        </section>
    }
}
