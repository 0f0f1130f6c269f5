//! `/e/{expedition}/boards`: the expedition's boards, kept live, and a form to start one
//! (its first columns named in the member's language).

use hevruta_model::board::{
    BoardListing, BoardSummary, Column, ColumnId, CreateBoard, spread_keys,
};
use hevruta_model::{ExpeditionId, Route};
use leptos::prelude::*;

use super::texts::{bt, now, texts};
use crate::browser::new_uuid;
use crate::client::{ApiError, BoardStream};
use crate::components::ErrorNotice;
use crate::i18n::{format_number, plural_category, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};

/// The boards of the expedition `id`.
#[component]
pub fn BoardListPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.boards(id).await }
            page=|loaded| view! { <BoardList loaded=loaded /> }
        />
    }
}

#[component]
fn BoardList(loaded: Loaded<BoardListing>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    let after = data.last_seq;
    let listing = RwSignal::new(data);
    let on_board = std::rc::Rc::new(move |json: &str| {
        if let Ok(event) = serde_json::from_str(json) {
            listing.update(|l: &mut BoardListing| {
                l.apply(&event);
            });
        }
    });
    Live::new(&expedition).follow_board(&client, after, BoardStream { on_board }, |_, _| {});
    set_title(move || format!("{} · Hevruta", texts(i18n.lang()).boards_heading));

    let title = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let creating = RwSignal::new(false);
    let client = StoredValue::new(client);
    let create = move || {
        let t = now(i18n);
        let name = title.get_untracked();
        let name = if name.trim().is_empty() {
            t.board_title_default.to_owned()
        } else {
            name
        };
        let columns: Vec<Column> = t
            .default_columns
            .iter()
            .zip(spread_keys(4))
            .map(|(title, key)| Column {
                id: ColumnId(new_uuid()),
                title: (*title).into(),
                key,
            })
            .collect();
        let req = CreateBoard {
            id: hevruta_model::board::BoardId(new_uuid()),
            title: name,
            columns: Some(columns),
        };
        creating.set(true);
        let client = client.get_value();
        leptos::task::spawn_local(async move {
            match client.create_board(id, &req).await {
                Ok(board) => {
                    let link = Route::Board(id, board.id).to_string();
                    let _ = web_sys::window().map(|w| w.location().set_href(&link));
                }
                Err(e) => {
                    creating.set(false);
                    error.set(Some(e));
                }
            }
        });
    };
    let count = move |b: &BoardSummary| {
        let t = texts(i18n.lang());
        t.card_count
            .pick(&plural_category(u64::from(b.card_count)))
            .replace("{n}", &format_number(i64::from(b.card_count)))
    };
    view! {
        <div class="page boards-index">
            <p>
                <a href=Route::Expedition(id).to_string()>
                    <span class="flip-rtl" aria-hidden="true">
                        "←"
                    </span>
                    " "
                    {bt(i18n, |t| t.back_to_expedition)}
                </a>
            </p>
            <h1 tabindex="-1">{bt(i18n, |t| t.boards_heading)}</h1>
            <p class="lead">{bt(i18n, |t| t.boards_intro)}</p>
            <Show
                when=move || listing.with(|l| !l.boards.is_empty())
                fallback=move || view! { <p class="hint">{bt(i18n, |t| t.boards_empty)}</p> }
            >
                <ul class="board-list">
                    <For
                        each=move || listing.get().boards
                        key=|b| (b.id, b.title.clone(), b.card_count)
                        let:b
                    >
                        <li class="board-list-item">
                            <a class="board-list-link" href=Route::Board(id, b.id).to_string()>
                                {b.title.clone()}
                            </a>
                            <span class="hint">{count(&b)}</span>
                        </li>
                    </For>
                </ul>
            </Show>
            <Show when=move || me.role.can_write()>
                <form
                    class="panel new-board"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        create();
                    }
                >
                    <h2>{bt(i18n, |t| t.new_board)}</h2>
                    <div class="field">
                        <label for="board-title">{bt(i18n, |t| t.board_title_label)}</label>
                        <input
                            type="text"
                            id="board-title"
                            maxlength="120"
                            placeholder=bt(i18n, |t| t.board_title_default)
                            prop:value=move || title.get()
                            on:input:target=move |ev| title.set(ev.target().value())
                        />
                    </div>
                    <ErrorNotice error=error />
                    <button
                        type="submit"
                        class="button button-primary"
                        disabled=move || creating.get()
                    >
                        {bt(i18n, |t| t.create)}
                    </button>
                </form>
            </Show>
        </div>
    }
}
