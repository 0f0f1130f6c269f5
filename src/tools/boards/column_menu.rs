//! The facilitator arranges a board's columns: rename one, move it earlier or later, remove
//! it (one holding cards asks which column takes them), add one. Each change is shown when
//! the server confirms it, announced, and focus stays where the member was working.

use hevruta_model::board::{BoardChange, Column, ColumnId, MAX_COLUMNS, UpdateColumn, key_after};
use leptos::prelude::*;

use super::ctx::BoardCtx;
use super::moves::column_key_at;
use super::texts::{bt, now, texts};
use crate::browser::new_uuid;
use crate::client::ApiError;
use crate::components::{ErrorNotice, focus_by_id};
use crate::i18n::{fill, format_number, isolate};

/// The DOM id of the button that opens a column's options.
pub fn menu_dom_id(column: ColumnId) -> String {
    format!("colmenu-{column}")
}

/// The DOM id of a column's heading.
pub fn heading_dom_id(column: ColumnId) -> String {
    format!("col-{column}")
}

fn title_of(ctx: BoardCtx, column: ColumnId) -> String {
    ctx.board.with_untracked(|b| {
        b.columns
            .iter()
            .find(|c| c.id == column)
            .map(|c| c.title.clone())
            .unwrap_or_default()
    })
}

/// Shows a column the server confirmed (added, renamed or moved).
fn adopt(ctx: BoardCtx, column: Column, added: bool) {
    ctx.board.update(|b| {
        if added {
            b.fold(&BoardChange::ColumnAdded { column });
        } else {
            b.fold(&BoardChange::ColumnUpdated { column });
        }
    });
}

fn refocus(id: String) {
    request_animation_frame(move || focus_by_id(&id));
}

/// A column's options, behind one button in its header.
#[component]
pub fn ColumnMenu(ctx: BoardCtx, column: ColumnId) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let removing = RwSignal::new(false);
    let dest = RwSignal::new(None::<ColumnId>);
    let failed = RwSignal::new(None::<ApiError>);
    let title = move || {
        ctx.board.with(|b| {
            b.columns
                .iter()
                .find(|c| c.id == column)
                .map(|c| c.title.clone())
                .unwrap_or_default()
        })
    };
    // (its place, how many columns there are)
    let place = move || {
        ctx.board.with(|b| {
            (
                b.columns.iter().position(|c| c.id == column).unwrap_or(0),
                b.columns.len(),
            )
        })
    };
    let cards = move || ctx.board.with(|b| b.column_cards(column).count());
    let others = move || {
        ctx.board.with(|b| {
            b.columns
                .iter()
                .filter(|c| c.id != column)
                .map(|c| (c.id, c.title.clone()))
                .collect::<Vec<_>>()
        })
    };
    let fail = move |e: ApiError| {
        ctx.announcer.say(now(i18n).announce_column_failed);
        failed.set(Some(e));
        ctx.reload();
    };
    let rename = move || {
        let title = name.get_untracked().trim().to_owned();
        if title.is_empty() || title == title_of(ctx, column) {
            return;
        }
        let client = ctx.client.get_value();
        let req = UpdateColumn {
            title: Some(title),
            key: None,
        };
        leptos::task::spawn_local(async move {
            match client
                .update_column(ctx.expedition, ctx.board_id, column, &req)
                .await
            {
                Ok(c) => {
                    failed.set(None);
                    let said = fill(
                        now(i18n).announce_column_renamed,
                        &[("column", &isolate(&c.title))],
                    );
                    adopt(ctx, c, false);
                    ctx.announcer.say(said);
                }
                Err(e) => fail(e),
            }
        });
    };
    let move_by = move |forward: bool| {
        let (at, len) = ctx.board.with_untracked(|b| {
            (
                b.columns.iter().position(|c| c.id == column).unwrap_or(0),
                b.columns.len(),
            )
        });
        let to = if forward {
            at + 1
        } else {
            at.saturating_sub(1)
        };
        if to == at || to >= len {
            return;
        }
        let key = ctx.board.with_untracked(|b| column_key_at(b, column, to));
        let client = ctx.client.get_value();
        let req = UpdateColumn {
            title: None,
            key: Some(key),
        };
        let focus = menu_dom_id(column);
        leptos::task::spawn_local(async move {
            match client
                .update_column(ctx.expedition, ctx.board_id, column, &req)
                .await
            {
                Ok(c) => {
                    failed.set(None);
                    let said = fill(
                        now(i18n).announce_column_moved,
                        &[
                            ("column", &isolate(&c.title)),
                            ("position", &format_number(to as i64 + 1)),
                            ("total", &format_number(len as i64)),
                        ],
                    );
                    adopt(ctx, c, false);
                    ctx.announcer.say(said);
                    refocus(focus);
                }
                Err(e) => fail(e),
            }
        });
    };
    let remove = move || {
        let to = if cards() == 0 {
            None
        } else {
            match dest.get_untracked() {
                Some(d) => Some(d),
                None => return,
            }
        };
        let client = ctx.client.get_value();
        let gone = title_of(ctx, column);
        leptos::task::spawn_local(async move {
            match client
                .remove_column(ctx.expedition, ctx.board_id, column, to)
                .await
            {
                Ok(()) => {
                    failed.set(None);
                    ctx.announcer.say(fill(
                        now(i18n).announce_column_removed,
                        &[("column", &isolate(&gone))],
                    ));
                    // Its cards' new places come with the event; read the board meanwhile.
                    ctx.reload();
                    let next = to.or_else(|| {
                        ctx.board.with_untracked(|b| {
                            b.columns.iter().find(|c| c.id != column).map(|c| c.id)
                        })
                    });
                    if let Some(next) = next {
                        refocus(heading_dom_id(next));
                    }
                }
                Err(e) => fail(e),
            }
        });
    };
    let label = move || {
        fill(
            texts(i18n.lang()).column_options,
            &[("column", &isolate(&title()))],
        )
    };
    view! {
        <div class="column-menu">
            <button
                type="button"
                class="button button-quiet column-menu-button"
                id=menu_dom_id(column)
                aria-expanded=move || open.get().to_string()
                aria-controls=format!("colpanel-{column}")
                aria-label=label
                on:click=move |_| {
                    if !open.get_untracked() {
                        name.set(title_of(ctx, column));
                        removing.set(false);
                        dest.set(None);
                    }
                    open.update(|o| *o = !*o);
                }
            >
                <span aria-hidden="true">"⋯"</span>
            </button>
            <Show when=move || open.get()>
                <div
                    class="column-panel"
                    id=format!("colpanel-{column}")
                    role="group"
                    aria-labelledby=menu_dom_id(column)
                >
                    <form
                        class="column-rename"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            rename();
                        }
                    >
                        <label for=format!(
                            "colname-{column}",
                        )>{bt(i18n, |t| t.column_name_label)}</label>
                        <input
                            id=format!("colname-{column}")
                            type="text"
                            maxlength="60"
                            required
                            dir="auto"
                            prop:value=move || name.get()
                            on:input:target=move |ev| name.set(ev.target().value())
                        />
                        <button type="submit" class="button">
                            {bt(i18n, |t| t.rename_column)}
                        </button>
                    </form>
                    <div class="column-move">
                        <button
                            type="button"
                            class="button"
                            disabled=move || place().0 == 0
                            on:click=move |_| move_by(false)
                        >
                            <span class="flip-rtl" aria-hidden="true">
                                "← "
                            </span>
                            {bt(i18n, |t| t.column_earlier)}
                        </button>
                        <button
                            type="button"
                            class="button"
                            disabled=move || {
                                let (at, len) = place();
                                at + 1 >= len
                            }
                            on:click=move |_| move_by(true)
                        >
                            {bt(i18n, |t| t.column_later)}
                            <span class="flip-rtl" aria-hidden="true">
                                " →"
                            </span>
                        </button>
                    </div>
                    <Show
                        when=move || removing.get()
                        fallback=move || {
                            view! {
                                <button
                                    type="button"
                                    class="button button-danger"
                                    disabled=move || place().1 <= 1
                                    on:click=move |_| removing.set(true)
                                >
                                    {bt(i18n, |t| t.remove_column)}
                                </button>
                                <Show when=move || place().1 <= 1>
                                    <p class="hint">{bt(i18n, |t| t.last_column)}</p>
                                </Show>
                            }
                        }
                    >
                        <form
                            class="column-remove"
                            on:submit=move |ev| {
                                ev.prevent_default();
                                remove();
                            }
                        >
                            <Show
                                when=move || cards() != 0
                                fallback=move || {
                                    view! { <p>{bt(i18n, |t| t.remove_empty_confirm)}</p> }
                                }
                            >
                                <label for=format!(
                                    "coldest-{column}",
                                )>
                                    {move || {
                                        fill(
                                            texts(i18n.lang()).remove_cards_to,
                                            &[("n", &format_number(cards() as i64))],
                                        )
                                    }}
                                </label>
                                <select
                                    id=format!("coldest-{column}")
                                    required
                                    on:change:target=move |ev| {
                                        dest.set(ev.target().value().parse().ok())
                                    }
                                >
                                    <option value="" selected=true>
                                        "—"
                                    </option>
                                    {move || {
                                        others()
                                            .into_iter()
                                            .map(|(id, t)| {
                                                view! { <option value=id.to_string()>{t}</option> }
                                            })
                                            .collect_view()
                                    }}
                                </select>
                            </Show>
                            <div class="column-remove-actions">
                                <button type="submit" class="button button-danger">
                                    {bt(i18n, |t| t.remove_column)}
                                </button>
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    on:click=move |_| removing.set(false)
                                >
                                    {bt(i18n, |t| t.cancel)}
                                </button>
                            </div>
                        </form>
                    </Show>
                    <ErrorNotice error=failed />
                </div>
            </Show>
        </div>
    }
}

/// "Add a column", after the last one (while the board has room).
#[component]
pub fn AddColumn(ctx: BoardCtx) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let failed = RwSignal::new(None::<ApiError>);
    let full = move || ctx.board.with(|b| b.columns.len() >= MAX_COLUMNS);
    let add = move || {
        let title = name.get_untracked().trim().to_owned();
        if title.is_empty() {
            return;
        }
        let key = ctx
            .board
            .with_untracked(|b| key_after(b.columns.last().map(|c| c.key.as_str())));
        let column = Column {
            id: ColumnId(new_uuid()),
            title,
            key,
        };
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client
                .add_column(ctx.expedition, ctx.board_id, &column)
                .await
            {
                Ok(c) => {
                    failed.set(None);
                    name.set(String::new());
                    open.set(false);
                    let (id, said) = (
                        c.id,
                        fill(
                            now(i18n).announce_column_added,
                            &[("column", &isolate(&c.title))],
                        ),
                    );
                    adopt(ctx, c, true);
                    ctx.announcer.say(said);
                    refocus(heading_dom_id(id));
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    view! {
        <div class="add-column">
            <Show
                when=move || !full()
                fallback=move || {
                    view! {
                        <p class="hint">
                            {move || fill(
                                texts(i18n.lang()).column_limit,
                                &[("n", &format_number(MAX_COLUMNS as i64))],
                            )}
                        </p>
                    }
                }
            >
                <Show
                    when=move || open.get()
                    fallback=move || {
                        view! {
                            <button
                                type="button"
                                class="button add-column-button"
                                on:click=move |_| {
                                    open.set(true);
                                    refocus("new-column-name".into());
                                }
                            >
                                {bt(i18n, |t| t.add_column)}
                            </button>
                        }
                    }
                >
                    <form
                        class="column-rename"
                        on:submit=move |ev| {
                            ev.prevent_default();
                            add();
                        }
                    >
                        <label for="new-column-name">{bt(i18n, |t| t.column_name_label)}</label>
                        <input
                            id="new-column-name"
                            type="text"
                            maxlength="60"
                            required
                            dir="auto"
                            prop:value=move || name.get()
                            on:input:target=move |ev| name.set(ev.target().value())
                        />
                        <button type="submit" class="button button-primary">
                            {bt(i18n, |t| t.add_column)}
                        </button>
                        <button
                            type="button"
                            class="button button-quiet"
                            on:click=move |_| open.set(false)
                        >
                            {bt(i18n, |t| t.cancel)}
                        </button>
                    </form>
                </Show>
            </Show>
            <ErrorNotice error=failed />
        </div>
    }
}
