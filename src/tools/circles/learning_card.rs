//! One learning in the list: what it says (links made safe), who wrote it, its circle,
//! themes and source, the thread it belongs to, "I learned from this", and the actions
//! this member may take (edit, move, delete; hide or show for the facilitator).

use hevruta_model::{Circle, Learning, LearningId, Role};
use leptos::prelude::*;

use super::circles_page::Ctx;
use super::filter::theme_colour;
use super::learning_form::LearningForm;
use super::linkify::{Segment, segments};
use super::texts::{ct, texts};
use super::to_board::AddToBoard;
use crate::client::ApiError;
use crate::components::ErrorNotice;
use crate::i18n::{fill, format_number, isolate, use_i18n};

/// Plain text with its http(s) addresses as links; never HTML.
#[component]
pub fn LinkedText(text: String) -> impl IntoView {
    let parts: Vec<AnyView> = segments(&text)
        .into_iter()
        .map(|s| match s {
            Segment::Text(t) => t.to_owned().into_any(),
            Segment::Link(href) => view! {
                <a
                    href=href.to_owned()
                    dir="ltr"
                    rel="noopener noreferrer nofollow"
                    target="_blank"
                >
                    {href.to_owned()}
                </a>
            }
            .into_any(),
        })
        .collect();
    view! {
        <p class="learning-text" dir="auto">
            {parts}
        </p>
    }
}

/// Where visible canvas stickies cite learning `id`: a link to each sticky on its canvas,
/// and "Cited on <canvas> → <section>".
fn cited_on(ctx: Ctx, id: LearningId, lang: crate::i18n::Lang) -> Vec<(String, String)> {
    let t = texts(lang);
    ctx.listing.with(|list| {
        list.citations
            .iter()
            .filter(|c| c.learning_id == id)
            .map(|c| {
                let href = format!(
                    "{}#sticky-{}",
                    hevruta_model::Route::Canvas(ctx.expedition, c.canvas_id),
                    c.sticky_id
                );
                let canvas = isolate(&c.canvas_title);
                let section = c
                    .section
                    .as_deref()
                    .and_then(|k| crate::tools::canvas::texts::section_title(lang, k));
                let text = match section {
                    Some(s) => fill(
                        t.cited_on_section,
                        &[("canvas", &canvas), ("section", &isolate(s))],
                    ),
                    None => fill(t.cited_on_canvas, &[("canvas", &canvas)]),
                };
                (href, text)
            })
            .collect()
    })
}

#[component]
pub fn LearningCard(
    ctx: Ctx,
    id: LearningId,
    /// Whether the filters keep it; a card left out is hidden, not dropped.
    #[prop(into)]
    kept: Signal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    let learning = Memo::new(move |_| ctx.learning(id));
    let confirming = RwSignal::new(false);
    let failure = RwSignal::new(None::<ApiError>);
    let expedition = ctx.expedition;
    let act = Action::new_local(move |step: &Step| {
        let (client, step) = (ctx.client.get_value(), *step);
        async move {
            let result = match step {
                Step::Delete => client.delete_learning(expedition, id).await.map(|()| None),
                Step::Hide(h) => client
                    .set_learning_hidden(expedition, id, h)
                    .await
                    .map(Some),
                Step::Learned(on) => client
                    .set_learning_reaction(expedition, id, on)
                    .await
                    .map(Some),
                Step::Move(c) => match ctx.learning(id) {
                    Some(l) => {
                        let mut draft = l.to_draft();
                        draft.circle = c.number();
                        client
                            .update_learning(expedition, id, &draft)
                            .await
                            .map(Some)
                    }
                    None => Ok(None),
                },
            };
            match result {
                Ok(Some(l)) => {
                    failure.set(None);
                    ctx.adopt(l);
                }
                Ok(None) => {
                    failure.set(None);
                    ctx.listing.update(|l| l.remove(id));
                }
                Err(e) => failure.set(Some(e)),
            }
        }
    });
    let mine = move || learning.with(|l| l.as_ref().is_some_and(|l| l.author == ctx.me));
    let writer = ctx.role.can_write();
    let facilitator = ctx.role == Role::Facilitator;
    move || {
        let Some(l): Option<Learning> = learning.get() else {
            return ().into_any();
        };
        if ctx.editing.get() == Some(id) {
            return view! {
                <li class="learning-card panel" id=format!("learning-{id}")>
                    <LearningForm ctx=ctx editing=Some(id) />
                </li>
            }
            .into_any();
        }
        let t = texts(i18n.lang());
        let ring = usize::from(l.circle.number()) - 1;
        let author = ctx.name(l.author);
        let sector = ctx
            .sector_of(l.author)
            .map(|s| i18n.t().sector(s).name)
            .unwrap_or_default();
        let thread: Vec<String> = ctx
            .listing
            .with(|list| list.ancestors(id).iter().map(|a| a.title.clone()).collect());
        let built_on: Vec<(LearningId, String)> = ctx.listing.with(|list| {
            list.built_on_by(id)
                .map(|b| (b.id, b.title.clone()))
                .collect()
        });
        let cited = cited_on(ctx, id, i18n.lang());
        let learned = l.learned_by.contains(&ctx.me);
        let learned_n = l.learned_by.len();
        let heading = format!("learning-{id}-title");
        let labelled = heading.clone();
        view! {
            <li
                class=format!("learning-card panel circle-{}", l.circle.number())
                class:is-hidden=l.hidden
                id=format!("learning-{id}")
                hidden=move || !kept.get()
                tabindex="-1"
                aria-labelledby=labelled
            >
                <p class="learning-meta">
                    <span class=format!(
                        "badge circle-badge circle-{}",
                        l.circle.number(),
                    )>{t.circle_numbers[ring]}</span>
                    " "
                    {fill(t.by, &[("name", &isolate(&author))])}
                    {(!sector.is_empty()).then(|| format!(" · {sector}"))}
                    {l
                        .hidden
                        .then(|| {
                            view! {
                                " "
                                <span class="badge badge-quiet">{t.hidden_badge}</span>
                            }
                        })}
                </p>
                <h3 id=heading dir="auto">
                    {l.title.clone()}
                </h3>
                <LinkedText text=l.text.clone() />
                {l
                    .origin
                    .clone()
                    .map(|o| {
                        view! { <p class="learning-origin">{t.origin} ": " <bdi>{o}</bdi></p> }
                    })}
                {l
                    .source_url
                    .clone()
                    .map(|u| {
                        view! {
                            <p class="learning-source">
                                {t.source} ": "
                                <a
                                    href=u.clone()
                                    dir="ltr"
                                    rel="noopener noreferrer nofollow"
                                    target="_blank"
                                >
                                    {u.clone()}
                                </a>
                            </p>
                        }
                    })}
                {(!l.themes.is_empty())
                    .then(|| {
                        view! {
                            <ul class="tag-list">
                                {l
                                    .themes
                                    .iter()
                                    .map(|th| {
                                        view! {
                                            <li
                                                class=format!("tag theme-tag theme-{}", theme_colour(th))
                                                dir="auto"
                                            >
                                                {th.clone()}
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                {(!thread.is_empty())
                    .then(|| {
                        view! {
                            <p class="learning-thread">
                                {t.builds_on} ": "
                                {thread
                                    .iter()
                                    .map(|x| isolate(x))
                                    .collect::<Vec<_>>()
                                    .join(" ← ")}
                            </p>
                        }
                    })}
                {(!built_on.is_empty())
                    .then(|| {
                        view! {
                            <p class="learning-thread">
                                {t.built_on_by} ": "
                                {built_on
                                    .into_iter()
                                    .map(|(b, title)| {
                                        view! {
                                            <a href=format!("#learning-{b}")>
                                                <bdi>{title}</bdi>
                                            </a>
                                            " "
                                        }
                                    })
                                    .collect_view()}
                            </p>
                        }
                    })}
                {(!cited.is_empty())
                    .then(|| {
                        view! {
                            <ul class="learning-citations">
                                {cited
                                    .into_iter()
                                    .map(|(href, text)| {
                                        view! {
                                            <li>
                                                <a href=href>{text}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view()}
                            </ul>
                        }
                    })}
                <div class="learning-actions">
                    <button
                        type="button"
                        class="button button-quiet reaction"
                        aria-pressed=learned.to_string()
                        disabled=!writer || l.hidden
                        on:click=move |_| {
                            act.dispatch(Step::Learned(!learned));
                        }
                    >
                        <span aria-hidden="true">{if learned { "★ " } else { "☆ " }}</span>
                        {t.learned}
                    </button>
                    <span class="reaction-count">
                        {fill(t.learned_count, &[("n", &format_number(learned_n as i64))])}
                    </span>
                    {(writer && mine() && !l.hidden)
                        .then(|| {
                            view! {
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    on:click=move |_| {
                                        ctx.adding.set(false);
                                        ctx.editing.set(Some(id));
                                    }
                                >
                                    {t.edit}
                                </button>
                                <label class="move-to">
                                    <span>{t.move_to}</span>
                                    <select on:change:target=move |ev| {
                                        if let Some(c) = ev
                                            .target()
                                            .value()
                                            .parse()
                                            .ok()
                                            .and_then(Circle::from_number)
                                        {
                                            act.dispatch(Step::Move(c));
                                        }
                                    }>
                                        {Circle::ALL
                                            .into_iter()
                                            .map(|c| {
                                                view! {
                                                    <option value=c.number().to_string() selected=c == l.circle>
                                                        {t.circle_numbers[usize::from(c.number()) - 1]}
                                                    </option>
                                                }
                                            })
                                            .collect_view()}
                                    </select>
                                </label>
                                <button
                                    type="button"
                                    class="button button-quiet button-danger"
                                    on:click=move |_| confirming.set(true)
                                >
                                    {t.delete}
                                </button>
                            }
                        })}
                    {(writer && !l.hidden && l.circle == Circle::Global)
                        .then(|| view! { <AddToBoard ctx=ctx id=id /> })}
                    {facilitator
                        .then(|| {
                            let hidden = l.hidden;
                            view! {
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    on:click=move |_| {
                                        act.dispatch(Step::Hide(!hidden));
                                    }
                                >
                                    {if hidden { t.unhide } else { t.hide }}
                                </button>
                            }
                        })}
                </div>
                <Show when=move || confirming.get()>
                    <div class="confirm" role="group">
                        <p>{ct(i18n, |t| t.delete_confirm)}</p>
                        <button
                            type="button"
                            class="button button-danger"
                            on:click=move |_| {
                                confirming.set(false);
                                act.dispatch(Step::Delete);
                            }
                        >
                            {ct(i18n, |t| t.delete)}
                        </button>
                        <button
                            type="button"
                            class="button button-quiet"
                            on:click=move |_| confirming.set(false)
                        >
                            {ct(i18n, |t| t.cancel)}
                        </button>
                    </div>
                </Show>
                <ErrorNotice error=failure />
            </li>
        }
        .into_any()
    }
}

/// One of the card's actions.
#[derive(Debug, Clone, Copy)]
enum Step {
    Delete,
    Hide(bool),
    Learned(bool),
    Move(Circle),
}
