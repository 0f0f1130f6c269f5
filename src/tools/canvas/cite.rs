//! Citing what inspired a sticky: a dialog that lists the expedition's learnings (circle
//! 3 first) and board cards with a search box, and the chip on the sticky that names what
//! it cites and opens it (the learning on the circles page, the card on its board).

use hevruta_model::canvas::{Citation, OpKind, StickyId};
use hevruta_model::{Citables, Route};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use uuid::Uuid;

use super::ctl::Ctl;
use super::sticky::focus_sticky;
use super::texts::{CanvasTexts, ct, texts};
use crate::i18n::{fill, isolate, use_i18n};

/// The lists a sticky may cite from, and which sticky the dialog cites for.
#[derive(Clone, Copy)]
pub struct Cites {
    list: RwSignal<Option<Citables>>,
    failed: RwSignal<bool>,
    /// The sticky the dialog is open for.
    pub picking: RwSignal<Option<StickyId>>,
    /// Ids a chip found missing and had the lists fetched again for (once each).
    asked: StoredValue<Vec<Uuid>>,
}

/// What a chip knows of the item its sticky cites.
#[derive(Debug, Clone, PartialEq)]
enum Cited {
    Loading,
    Found { title: String, href: String },
    Missing,
}

impl Cites {
    /// Made once per canvas screen: fetches the lists and offers them to its components.
    pub fn provide(ctl: Ctl) -> Self {
        let cites = Self {
            list: RwSignal::new(None),
            failed: RwSignal::new(false),
            picking: RwSignal::new(None),
            asked: StoredValue::new(Vec::new()),
        };
        provide_context(cites);
        cites.load(ctl);
        cites
    }

    fn load(self, ctl: Ctl) {
        leptos::task::spawn_local(async move {
            match ctl.client().citables(ctl.expedition).await {
                Ok(list) => {
                    let _ = self.list.try_set(Some(list));
                    let _ = self.failed.try_set(false);
                }
                Err(_) => {
                    let _ = self.failed.try_set(true);
                }
            }
        });
    }

    /// Opens the dialog for sticky `id` (with the lists fetched afresh).
    pub fn open(self, ctl: Ctl, id: StickyId) {
        if ctl.can_edit() {
            self.load(ctl);
            self.picking.set(Some(id));
        }
    }

    fn cited(self, ctl: Ctl, citation: Citation) -> Cited {
        self.list.with(|l| match l {
            None => Cited::Loading,
            Some(list) => match list.find(citation) {
                Some((title, board)) => Cited::Found {
                    title: title.to_owned(),
                    href: href(ctl, citation, board),
                },
                None => Cited::Missing,
            },
        })
    }
}

pub fn use_cites() -> Option<Cites> {
    use_context::<Cites>()
}

fn citation_id(c: Citation) -> Uuid {
    match c {
        Citation::Card(id) | Citation::Learning(id) => id,
    }
}

/// Where a citation's chip leads: the learning on the circles page, the card on its board.
fn href(ctl: Ctl, citation: Citation, board: Option<hevruta_model::board::BoardId>) -> String {
    match (citation, board) {
        (Citation::Card(card), Some(board)) => {
            format!("{}#card-{card}", Route::Board(ctl.expedition, board))
        }
        (c, _) => format!(
            "{}#learning-{}",
            Route::Circles(ctl.expedition),
            citation_id(c)
        ),
    }
}

/// The chip of a sticky that cites something: what, by its title, as a link to it.
#[component]
pub fn CiteChip(ctl: Ctl, citation: RwSignal<Option<Citation>>) -> impl IntoView {
    let i18n = use_i18n();
    let Some(cites) = use_cites() else {
        return ().into_any();
    };
    let cited = Memo::new(move |_| citation.get().map(|c| (c, cites.cited(ctl, c))));
    // Cited after the lists were fetched (a learning made meanwhile): fetch them again, once.
    Effect::new(move |_| {
        if let Some((c, Cited::Missing)) = cited.get() {
            let id = citation_id(c);
            if !cites.asked.with_value(|a| a.contains(&id)) {
                cites.asked.update_value(|a| a.push(id));
                cites.load(ctl);
            }
        }
    });
    let chip = move || {
        let (c, known) = cited.get()?;
        let t = texts(i18n.lang());
        let kind = match c {
            Citation::Learning(_) => t.cited_learning,
            Citation::Card(_) => t.cited_card,
        };
        Some(match known {
            Cited::Found { title, href } => {
                let label = match c {
                    Citation::Learning(_) => t.cite_chip_learning,
                    Citation::Card(_) => t.cite_chip_card,
                };
                view! {
                    <a
                        class="sticky-chip"
                        href=href
                        // The sticky captures the pointer for dragging: the link keeps its own.
                        on:pointerdown=|ev| ev.stop_propagation()
                    >
                        {fill(label, &[("title", &isolate(&title))])}
                    </a>
                }
                .into_any()
            }
            Cited::Loading => view! { <span class="sticky-chip">{kind}</span> }.into_any(),
            Cited::Missing => {
                view! { <span class="sticky-chip chip-missing">{t.cite_missing}</span> }.into_any()
            }
        })
    };
    chip.into_any()
}

/// "Cite…" for one sticky (the list view's per-sticky action).
#[component]
pub fn CiteButton(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let cites = use_cites();
    let open = move |_| {
        if let Some(c) = cites {
            c.open(ctl, id);
        }
    };
    view! {
        <button
            type="button"
            class="button button-quiet"
            id=format!("cite-{id}")
            aria-haspopup="dialog"
            on:click=open
        >
            {ct(i18n, |t| t.cite)}
        </button>
    }
}

/// One item of the dialog's lists.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    citation: Citation,
    title: String,
    /// "Circle 3", or the card's board.
    meta: String,
}

/// Lower case for the search. In the browser, the browser's own: Rust's Unicode case tables
/// would add kilobytes to the canvas's wasm for one search box.
fn fold(s: &str) -> String {
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

fn choices(list: &Citables, t: &CanvasTexts, query: &str) -> (Vec<Choice>, Vec<Choice>) {
    let q = fold(query.trim());
    let hit = |a: &str, b: &str| q.is_empty() || fold(a).contains(&q) || fold(b).contains(&q);
    let learnings = list
        .learnings
        .iter()
        .map(|l| Choice {
            citation: Citation::Learning(l.id.0),
            title: l.title.clone(),
            meta: fill(t.cite_circle, &[("n", &l.circle.number().to_string())]),
        })
        .filter(|c| hit(&c.title, &c.meta))
        .collect();
    let cards = list
        .cards
        .iter()
        .map(|c| Choice {
            citation: Citation::Card(c.id.0),
            title: c.title.clone(),
            meta: fill(t.cite_on_board, &[("board", &isolate(&c.board_title))]),
        })
        .filter(|c| hit(&c.title, &c.meta))
        .collect();
    (learnings, cards)
}

/// Moves focus among the dialog's search box and options with the arrow keys.
fn step_focus(dialog: &web_sys::HtmlElement, down: bool) {
    let Ok(nodes) = dialog.query_selector_all("#cite-search, .cite-option") else {
        return;
    };
    let items: Vec<web_sys::HtmlElement> = (0..nodes.length())
        .filter_map(|i| nodes.item(i)?.dyn_into().ok())
        .collect();
    let active = document().active_element();
    let at = items.iter().position(|el| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
    });
    let next = match (at, down) {
        (None, _) => 0,
        (Some(i), true) => (i + 1).min(items.len().saturating_sub(1)),
        (Some(i), false) => i.saturating_sub(1),
    };
    if let Some(el) = items.get(next) {
        let _ = el.focus();
    }
}

/// The citation dialog (members only): a modal `<dialog>`, so focus stays in it, Escape
/// closes it and the page behind is inert.
#[component]
pub fn CitePicker(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let Some(cites) = use_cites() else {
        return ().into_any();
    };
    let dialog = NodeRef::<html::Dialog>::new();
    let query = RwSignal::new(String::new());
    let current = move || {
        cites
            .picking
            .get()
            .and_then(|id| ctl.view(id))
            .and_then(|v| v.citation.get())
    };
    // Back to the sticky (or its row's button in the list) once the dialog closes.
    let restore_focus = move |id: StickyId| {
        if ctl.list_view.get_untracked() {
            let target = format!("cite-{id}");
            request_animation_frame(move || crate::components::focus_by_id(&target));
        } else {
            focus_sticky(id);
        }
    };
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        match cites.picking.get() {
            Some(_) if !el.open() => {
                query.set(String::new());
                let _ = el.show_modal();
                crate::components::focus_by_id("cite-search");
            }
            None if el.open() => el.close(),
            _ => {}
        }
    });
    let close = move || {
        if let Some(id) = cites.picking.get_untracked() {
            cites.picking.set(None);
            restore_focus(id);
        }
    };
    let choose = move |citation: Option<Citation>, title: String| {
        let Some(id) = cites.picking.get_untracked() else {
            return;
        };
        ctl.apply(vec![(id, OpKind::SetCitation { citation })]);
        let t = texts(i18n.lang_untracked());
        match citation {
            Some(_) => ctl.announce(fill(t.announce_cited, &[("title", &isolate(&title))])),
            None => ctl.say(|t| t.announce_uncited),
        }
        close();
    };
    let lists = Memo::new(move |_| {
        let t = texts(i18n.lang());
        cites
            .list
            .with(|l| l.as_ref().map(|l| choices(l, t, &query.get())))
    });
    let option = move |c: Choice| {
        let pick = c.clone();
        let is_current = move || current() == Some(c.citation);
        view! {
            <li>
                <button
                    type="button"
                    class="cite-option"
                    aria-current=move || is_current().then_some("true")
                    on:click=move |_| choose(Some(pick.citation), pick.title.clone())
                >
                    <span class="cite-title" dir="auto">
                        {c.title.clone()}
                    </span>
                    <span class="cite-meta">{c.meta.clone()}</span>
                </button>
            </li>
        }
    };
    let section = move |heading: &'static str, id: &'static str, items: Vec<Choice>| {
        (!items.is_empty()).then(|| {
            view! {
                <h3 class="cite-group" id=id>
                    {heading}
                </h3>
                <ul class="cite-options" aria-labelledby=id>
                    {items.into_iter().map(option).collect_view()}
                </ul>
            }
        })
    };
    let body = move || {
        let t = texts(i18n.lang());
        match lists.get() {
            None if cites.failed.get() => view! {
                <p class="cite-empty" role="alert">
                    {t.cite_failed}
                </p>
            }
            .into_any(),
            None => view! { <p class="cite-empty">{t.cite_loading}</p> }.into_any(),
            Some((learnings, cards)) if learnings.is_empty() && cards.is_empty() => {
                view! { <p class="cite-empty">{t.cite_nothing}</p> }.into_any()
            }
            Some((learnings, cards)) => view! {
                {section(t.cite_learnings, "cite-learnings", learnings)}
                {section(t.cite_cards, "cite-cards", cards)}
            }
            .into_any(),
        }
    };
    view! {
        <dialog
            class="cite-dialog"
            node_ref=dialog
            aria-labelledby="cite-heading"
            on:close=move |_| close()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                let down = match ev.key().as_str() {
                    "ArrowDown" => true,
                    "ArrowUp" => false,
                    _ => return,
                };
                ev.prevent_default();
                if let Some(el) = dialog.get_untracked() {
                    step_focus(&el, down);
                }
            }
        >
            <h2 id="cite-heading">{ct(i18n, |t| t.cite_heading)}</h2>
            <label class="cite-search-label" for="cite-search">
                {ct(i18n, |t| t.cite_search)}
            </label>
            <input
                id="cite-search"
                type="search"
                autocomplete="off"
                prop:value=move || query.get()
                on:input:target=move |ev| query.set(ev.target().value())
            />
            <div class="cite-lists" aria-live="polite">
                {body}
            </div>
            <div class="actions">
                <Show when=move || current().is_some()>
                    <button
                        type="button"
                        class="button button-danger"
                        on:click=move |_| choose(None, String::new())
                    >
                        {ct(i18n, |t| t.cite_remove)}
                    </button>
                </Show>
                <button type="button" class="button button-quiet" on:click=move |_| close()>
                    {ct(i18n, |t| t.cancel_edit)}
                </button>
            </div>
        </dialog>
    }
    .into_any()
}

#[cfg(test)]
mod tests {
    use hevruta_model::board::{BoardId, CardId};
    use hevruta_model::{Circle, CitableCard, CitableLearning, LearningId};

    use super::*;
    use crate::i18n::Lang;

    fn list() -> Citables {
        Citables {
            learnings: vec![CitableLearning {
                id: LearningId(Uuid::from_u128(1)),
                circle: Circle::Global,
                title: "Espoo libraries".into(),
            }],
            cards: vec![CitableCard {
                id: CardId(Uuid::from_u128(2)),
                board_id: BoardId(Uuid::from_u128(3)),
                board_title: "Innovations".into(),
                title: "Playful learning".into(),
            }],
        }
    }

    #[test]
    fn the_search_keeps_titles_and_boards_that_match_in_any_case() {
        let t = texts(Lang::En);
        let (l, c) = choices(&list(), t, "");
        assert_eq!((l.len(), c.len()), (1, 1));
        assert_eq!(l[0].meta, "Circle 3");
        let (l, c) = choices(&list(), t, "  ESPOO ");
        assert_eq!((l.len(), c.len()), (1, 0));
        let (l, c) = choices(&list(), t, "innov");
        assert_eq!((l.len(), c.len()), (0, 1), "a card is found by its board");
        let (l, c) = choices(&list(), t, "nothing like it");
        assert!(l.is_empty() && c.is_empty());
    }
}
