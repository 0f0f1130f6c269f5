//! The voting line of a canvas or board: for the facilitator a way to start a round (dots
//! per member, a cap per item, named or anonymous), and while it is open its reveal and
//! cancel; for everyone the open round's public facts (how many have voted, never what)
//! and their own dots left; once revealed, the ranked results with their export.

use hevruta_model::vote::{RoundResults, RoundStatus, RoundView, csv, markdown};
use leptos::prelude::*;

use super::Voting;
use super::texts::{VoteTexts, texts, vt};
use crate::i18n::{I18n, fill, format_number, use_i18n};
use crate::tools::canvas::export::download_text;

#[component]
pub fn RoundBar(voting: Voting) -> impl IntoView {
    let i18n = use_i18n();
    let status = move || voting.current.with(|c| c.as_ref().map(|c| c.round.status));
    view! {
        <section class="vote-bar" aria-label=vt(i18n, |t| t.heading)>
            {move || match status() {
                Some(RoundStatus::Open) => view! { <OpenRound voting=voting /> }.into_any(),
                _ => {
                    view! {
                        {voting.facilitator.then(|| view! { <StartForm voting=voting /> })}
                        <Show when=move || status() == Some(RoundStatus::Cancelled)>
                            <p class="hint">{vt(i18n, |t| t.cancelled)}</p>
                        </Show>
                        <Show when=move || status() == Some(RoundStatus::Revealed)>
                            <Results voting=voting />
                        </Show>
                    }
                        .into_any()
                }
            }}
            {move || {
                voting
                    .error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="vote-error" role="alert">
                                {crate::components::error_text(i18n.t(), &e)}
                            </p>
                        }
                    })
            }}
        </section>
    }
}

#[component]
fn StartForm(voting: Voting) -> impl IntoView {
    let i18n = use_i18n();
    let budget = RwSignal::new(5u32);
    let cap = RwSignal::new(String::new());
    let anonymous = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let cap = cap.get_untracked().trim().parse::<u32>().ok();
        voting.start(budget.get_untracked(), cap, anonymous.get_untracked());
    };
    view! {
        <details class="vote-start">
            <summary class="button">{vt(i18n, |t| t.start_title)}</summary>
            <form class="vote-form" on:submit=submit>
                <label>
                    {vt(i18n, |t| t.budget)}
                    <input
                        type="number"
                        min="1"
                        max="100"
                        required
                        prop:value=move || budget.get().to_string()
                        on:input:target=move |ev| {
                            if let Ok(n) = ev.target().value().parse::<u32>() {
                                budget.set(n.clamp(1, 100));
                            }
                        }
                    />
                </label>
                <label>
                    {vt(i18n, |t| t.cap)}
                    <input
                        type="number"
                        min="1"
                        max="100"
                        aria-describedby="vote-cap-hint"
                        prop:value=move || cap.get()
                        on:input:target=move |ev| cap.set(ev.target().value())
                    /> <span id="vote-cap-hint" class="hint">
                        {vt(i18n, |t| t.cap_hint)}
                    </span>
                </label>
                <label class="vote-check">
                    <input
                        type="checkbox"
                        prop:checked=move || anonymous.get()
                        on:change:target=move |ev| anonymous.set(ev.target().checked())
                    />
                    {vt(i18n, |t| t.anonymous)}
                </label>
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || voting.busy.get()
                >
                    {vt(i18n, |t| t.start)}
                </button>
            </form>
        </details>
    }
}

#[component]
fn OpenRound(voting: Voting) -> impl IntoView {
    let i18n = use_i18n();
    let view_of = move |f: fn(&RoundView, &'static VoteTexts) -> String| {
        move || {
            voting
                .current
                .with(|c| c.as_ref().map(|c| f(c, texts(i18n.lang()))))
                .unwrap_or_default()
        }
    };
    let facts = view_of(|c, t| {
        let open = if c.round.anonymous {
            t.open_anonymous
        } else {
            t.open_named
        };
        let n = format_number(i64::from(c.round.voters));
        format!("{open} {} {}", fill(t.voters, &[("n", &n)]), t.hidden)
    });
    let left = view_of(|c, t| {
        fill(
            t.left,
            &[
                ("left", &format_number(i64::from(c.remaining))),
                ("budget", &format_number(i64::from(c.round.budget))),
            ],
        )
    });
    view! {
        <h2 class="vote-heading">{vt(i18n, |t| t.heading)}</h2>
        <p class="vote-facts" role="status">
            {facts}
        </p>
        {voting.voter.then(|| view! { <p class="vote-left">{left}</p> })}
        {voting
            .facilitator
            .then(|| {
                view! {
                    <div class="button-row">
                        <button
                            type="button"
                            class="button button-primary"
                            disabled=move || voting.busy.get()
                            on:click=move |_| voting.end(true)
                        >
                            {vt(i18n, |t| t.reveal)}
                        </button>
                        <button
                            type="button"
                            class="button"
                            disabled=move || voting.busy.get()
                            on:click=move |_| voting.end(false)
                        >
                            {vt(i18n, |t| t.cancel)}
                        </button>
                    </div>
                }
            })}
    }
}

fn headers(t: &'static VoteTexts) -> [&'static str; 4] {
    [t.rank, t.item, t.dots, t.who]
}

#[component]
fn Results(voting: Voting) -> impl IntoView {
    let i18n = use_i18n();
    let results = move || {
        voting.current.with(|c| {
            c.as_ref()
                .and_then(|c| Some((c.results.clone()?, c.round.anonymous)))
        })
    };
    let export = move |md: bool| {
        let Some((r, anonymous)) = results() else {
            return;
        };
        let t = texts(i18n.lang_untracked());
        if md {
            let text = markdown(t.results, headers(t), &r, anonymous);
            download_text("dot-vote.md", "text/markdown;charset=utf-8", &text);
        } else {
            let text = csv(headers(t), &r, anonymous);
            download_text("dot-vote.csv", "text/csv;charset=utf-8", &text);
        }
    };
    view! {
        <section class="vote-results" aria-labelledby="vote-results-title">
            <h2 id="vote-results-title" class="vote-heading">
                {vt(i18n, |t| t.results)}
            </h2>
            {move || results().map(|(r, anonymous)| table(i18n, r, anonymous))}
            <div class="button-row">
                <button type="button" class="button" on:click=move |_| export(true)>
                    {vt(i18n, |t| t.export_md)}
                </button>
                <button type="button" class="button" on:click=move |_| export(false)>
                    {vt(i18n, |t| t.export_csv)}
                </button>
            </div>
        </section>
    }
}

fn table(i18n: I18n, r: RoundResults, anonymous: bool) -> AnyView {
    let t = texts(i18n.lang());
    if r.items.is_empty() {
        return view! { <p>{t.nothing}</p> }.into_any();
    }
    let rows = r
        .items
        .into_iter()
        .map(|item| {
            let label = if item.label.is_empty() {
                t.deleted_item.to_owned()
            } else {
                item.label
            };
            let voters = item.voters.map(|v| {
                v.into_iter()
                    .map(|v| {
                        view! {
                            <li>
                                <bdi>{v.name}</bdi>
                                " · "
                                {format_number(i64::from(v.dots))}
                            </li>
                        }
                    })
                    .collect_view()
            });
            view! {
                <tr>
                    <td>{format_number(i64::from(item.rank))}</td>
                    <td dir="auto">{label}</td>
                    <td>{format_number(i64::from(item.dots))}</td>
                    {(!anonymous)
                        .then(|| {
                            view! {
                                <td>
                                    <ul class="vote-voters">{voters}</ul>
                                </td>
                            }
                        })}
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="vote-table">
            <thead>
                <tr>
                    <th scope="col">{t.rank}</th>
                    <th scope="col">{t.item}</th>
                    <th scope="col">{t.dots}</th>
                    {(!anonymous).then(|| view! { <th scope="col">{t.who}</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
    .into_any()
}
