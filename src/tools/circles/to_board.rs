//! "Add to a board" on a circle-3 learning: pick a board and a column, and the learning
//! becomes a card there (title, text as the summary, source link, origin city and country,
//! themes) that keeps a link back to the learning. Its strings live here, in every shipped
//! language, so the action stays one file.

use hevruta_model::board::{BoardId, CardContent, CardId, ColumnId, NewCard, Source, key_after};
use hevruta_model::{Learning, LearningId, Route};
use leptos::prelude::*;

use super::circles_page::Ctx;
use crate::browser::new_uuid;
use crate::client::ApiError;
use crate::components::{ErrorNotice, focus_by_id};
use crate::i18n::{Lang, fill, isolate, use_i18n};

struct ToBoardTexts {
    add_to_board: &'static str,
    board_label: &'static str,
    column_label: &'static str,
    add_card: &'static str,
    cancel: &'static str,
    /// `{board}`, `{column}`.
    added: &'static str,
    open_board: &'static str,
    no_boards: &'static str,
    open_boards: &'static str,
    loading: &'static str,
}

fn texts(lang: Lang) -> &'static ToBoardTexts {
    match lang {
        Lang::En => &ToBoardTexts {
            add_to_board: "Add to a board",
            board_label: "Board",
            column_label: "Column",
            add_card: "Add the card",
            cancel: "Cancel",
            added: "Added to {board}, in {column}.",
            open_board: "Open the board",
            no_boards: "This expedition has no board yet.",
            open_boards: "Go to the boards",
            loading: "Loading the boards…",
        },
        Lang::He => &ToBoardTexts {
            add_to_board: "הוספה ללוח",
            board_label: "לוח",
            column_label: "עמודה",
            add_card: "הוספת הכרטיס",
            cancel: "ביטול",
            added: "נוסף ללוח {board}, בעמודה {column}.",
            open_board: "פתיחת הלוח",
            no_boards: "עדיין אין לוחות במסע הזה.",
            open_boards: "מעבר ללוחות",
            loading: "טוען את הלוחות…",
        },
        Lang::Ar => &ToBoardTexts {
            add_to_board: "إضافة إلى لوح",
            board_label: "اللوح",
            column_label: "العمود",
            add_card: "إضافة البطاقة",
            cancel: "إلغاء",
            added: "أُضيفت إلى {board}، في {column}.",
            open_board: "فتح اللوح",
            no_boards: "لا توجد ألواح في هذه الرحلة بعد.",
            open_boards: "الانتقال إلى الألواح",
            loading: "جارٍ تحميل الألواح…",
        },
        Lang::Es => &ToBoardTexts {
            add_to_board: "Añadir a un tablero",
            board_label: "Tablero",
            column_label: "Columna",
            add_card: "Añadir la tarjeta",
            cancel: "Cancelar",
            added: "Añadida a {board}, en {column}.",
            open_board: "Abrir el tablero",
            no_boards: "Esta expedición aún no tiene tableros.",
            open_boards: "Ir a los tableros",
            loading: "Cargando los tableros…",
        },
    }
}

/// Where a source address says the innovation was found.
fn source_of(url: Option<&str>) -> Source {
    let host = url
        .and_then(|u| u.split_once("://"))
        .map(|(_, rest)| {
            rest.split(['/', '?', '#'])
                .next()
                .unwrap_or("")
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let is = |domain: &str| host == domain || host.ends_with(&format!(".{domain}"));
    if is("hundred.org") {
        Source::Hundred
    } else if is("edcities.org") || is("bidce.org") {
        Source::Iaec
    } else {
        Source::Member
    }
}

/// What a card made from `learning` says. "Espoo, Finland" is a city and a country; a
/// single name is taken as the country.
pub fn card_content(learning: &Learning) -> CardContent {
    let (city, country) = match learning.origin.as_deref().map(str::trim) {
        Some(o) if !o.is_empty() => match o.rsplit_once([',', '،']) {
            Some((city, country)) => (Some(city.trim()), Some(country.trim())),
            None => (None, Some(o)),
        },
        _ => (None, None),
    };
    let some = |s: Option<&str>| s.filter(|s| !s.is_empty()).map(str::to_owned);
    let summary: String = learning.text.chars().take(2000).collect();
    CardContent {
        title: learning.title.clone(),
        summary: some(Some(summary.trim())),
        link: learning.source_url.clone(),
        origin_city: some(city),
        origin_country: some(country),
        source: source_of(learning.source_url.as_deref()),
        themes: learning.themes.clone(),
        ..CardContent::default()
    }
}

/// The boards and the chosen board's columns, as (id, title).
#[derive(Clone, Default)]
struct Choices {
    boards: Vec<(BoardId, String)>,
    columns: Vec<(ColumnId, String, Option<String>)>,
}

#[component]
pub fn AddToBoard(ctx: Ctx, id: LearningId) -> impl IntoView {
    let i18n = use_i18n();
    let t = move || texts(i18n.lang());
    let open = RwSignal::new(false);
    let choices = RwSignal::new(None::<Choices>);
    let board = RwSignal::new(None::<BoardId>);
    let column = RwSignal::new(None::<ColumnId>);
    let failed = RwSignal::new(None::<ApiError>);
    let done = RwSignal::new(None::<(BoardId, CardId, String)>);
    // One id per opening: a second click, or a retry, never makes a second card.
    let card_id = StoredValue::new(CardId(new_uuid()));
    let expedition = ctx.expedition;
    let load_columns = move |b: BoardId| {
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client.board(expedition, b).await {
                Ok(snap) => {
                    let columns = snap
                        .columns
                        .iter()
                        .map(|c| {
                            let last = snap.column_cards(c.id).last().map(|k| k.key.clone());
                            (c.id, c.title.clone(), last)
                        })
                        .collect::<Vec<_>>();
                    column.set(columns.first().map(|c| c.0));
                    choices.update(|c| {
                        if let Some(c) = c {
                            c.columns = columns;
                        }
                    });
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let start = move || {
        done.set(None);
        failed.set(None);
        card_id.set_value(CardId(new_uuid()));
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client.boards(expedition).await {
                Ok(list) => {
                    let boards: Vec<_> = list
                        .boards
                        .iter()
                        .map(|b| (b.id, b.title.clone()))
                        .collect();
                    let first = boards.first().map(|b| b.0);
                    board.set(first);
                    choices.set(Some(Choices {
                        boards,
                        columns: Vec::new(),
                    }));
                    if let Some(b) = first {
                        load_columns(b);
                    }
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let submit = move || {
        let (Some(b), Some(col), Some(learning)) = (
            board.get_untracked(),
            column.get_untracked(),
            ctx.learning(id),
        ) else {
            return;
        };
        let (key, board_title, column_title) = choices.with_untracked(|c| {
            let c = c.as_ref();
            let col_row = c.and_then(|c| c.columns.iter().find(|x| x.0 == col));
            (
                key_after(col_row.and_then(|x| x.2.as_deref())),
                c.and_then(|c| c.boards.iter().find(|x| x.0 == b))
                    .map(|x| x.1.clone())
                    .unwrap_or_default(),
                col_row.map(|x| x.1.clone()).unwrap_or_default(),
            )
        });
        let new = NewCard {
            id: card_id.get_value(),
            column_id: col,
            key,
            content: card_content(&learning),
            from_learning: Some(learning.id.0),
        };
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client.add_card(expedition, b, &new).await {
                Ok(card) => {
                    failed.set(None);
                    let said = fill(
                        texts(i18n.lang_untracked()).added,
                        &[
                            ("board", &isolate(&board_title)),
                            ("column", &isolate(&column_title)),
                        ],
                    );
                    done.set(Some((b, card.id, said)));
                    request_animation_frame(move || focus_by_id(&format!("to-board-done-{id}")));
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let panel = format!("to-board-{id}");
    view! {
        <div class="to-board">
            <button
                type="button"
                class="button button-quiet"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel.clone()
                on:click=move |_| {
                    if !open.get_untracked() {
                        start();
                    }
                    open.update(|o| *o = !*o);
                }
            >
                {move || t().add_to_board}
            </button>
            <Show when=move || open.get()>
                <div class="to-board-panel panel" id=panel.clone()>
                    {move || match (choices.get(), done.get()) {
                        (_, Some((b, card, said))) => {
                            let href = format!("{}#card-{card}", Route::Board(expedition, b));
                            view! {
                                <p
                                    class="to-board-done"
                                    id=format!("to-board-done-{id}")
                                    tabindex="-1"
                                    role="status"
                                >
                                    {said}
                                    " "
                                    <a href=href>{move || t().open_board}</a>
                                </p>
                            }
                                .into_any()
                        }
                        (None, None) => {
                            view! { <p class="hint">{move || t().loading}</p> }.into_any()
                        }
                        (Some(c), None) if c.boards.is_empty() => {
                            view! {
                                <p>
                                    {move || t().no_boards} " "
                                    <a href=Route::Boards(expedition)
                                        .to_string()>{move || t().open_boards}</a>
                                </p>
                            }
                                .into_any()
                        }
                        (Some(c), None) => {
                            view! {
                                <form
                                    class="to-board-form"
                                    on:submit=move |ev| {
                                        ev.prevent_default();
                                        submit();
                                    }
                                >
                                    <label>
                                        {move || t().board_label}
                                        <select on:change:target=move |ev| {
                                            if let Ok(b) = ev.target().value().parse::<BoardId>() {
                                                board.set(Some(b));
                                                column.set(None);
                                                load_columns(b);
                                            }
                                        }>
                                            {c
                                                .boards
                                                .iter()
                                                .map(|(b, title)| {
                                                    view! {
                                                        <option
                                                            value=b.to_string()
                                                            selected=Some(*b) == board.get_untracked()
                                                        >
                                                            {title.clone()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <label>
                                        {move || t().column_label}
                                        <select on:change:target=move |ev| {
                                            column.set(ev.target().value().parse().ok())
                                        }>
                                            {c
                                                .columns
                                                .iter()
                                                .map(|(k, title, _)| {
                                                    view! {
                                                        <option
                                                            value=k.to_string()
                                                            selected=Some(*k) == column.get_untracked()
                                                        >
                                                            {title.clone()}
                                                        </option>
                                                    }
                                                })
                                                .collect_view()}
                                        </select>
                                    </label>
                                    <div class="to-board-actions">
                                        <button
                                            type="submit"
                                            class="button button-primary"
                                            disabled=move || column.get().is_none()
                                        >
                                            {move || t().add_card}
                                        </button>
                                        <button
                                            type="button"
                                            class="button button-quiet"
                                            on:click=move |_| open.set(false)
                                        >
                                            {move || t().cancel}
                                        </button>
                                    </div>
                                </form>
                            }
                                .into_any()
                        }
                    }}
                    <ErrorNotice error=failed />
                </div>
            </Show>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::{Circle, MemberId};
    use uuid::Uuid;

    fn learning(origin: Option<&str>, url: Option<&str>) -> Learning {
        Learning {
            id: LearningId(Uuid::nil()),
            author: MemberId(Uuid::nil()),
            circle: Circle::Global,
            title: "Makerspaces in the libraries".into(),
            text: "  The libraries of Espoo lend tools as well as books.  ".into(),
            source_url: url.map(Into::into),
            origin: origin.map(Into::into),
            themes: vec!["makerspaces".into(), "libraries".into()],
            builds_on: None,
            hidden: false,
            learned_by: vec![],
            created_at: 0,
            updated_at: 0,
        }
    }

    #[test]
    fn a_learning_maps_onto_a_valid_card() {
        let l = learning(
            Some("Espoo, Finland"),
            Some("https://hundred.org/en/innovations/x"),
        );
        let c = card_content(&l);
        assert_eq!(c.title, l.title);
        assert_eq!(
            c.summary.as_deref(),
            Some("The libraries of Espoo lend tools as well as books.")
        );
        assert_eq!(
            (c.origin_city.as_deref(), c.origin_country.as_deref()),
            (Some("Espoo"), Some("Finland"))
        );
        assert_eq!(c.source, Source::Hundred);
        assert_eq!(c.themes, l.themes);
        assert!(c.validate().is_ok());
        let c = card_content(&learning(
            Some("Finland"),
            Some("https://www.edcities.org/en/"),
        ));
        assert_eq!(
            (c.origin_city, c.origin_country.as_deref(), c.source),
            (None, Some("Finland"), Source::Iaec)
        );
        let c = card_content(&learning(
            None,
            Some("https://evil-hundred.org.example.com/"),
        ));
        assert_eq!(
            (c.origin_city, c.origin_country, c.source),
            (None, None, Source::Member)
        );
        let mut long = learning(None, None);
        long.text = "x".repeat(4000);
        assert!(card_content(&long).validate().is_ok(), "the summary fits");
    }
}
