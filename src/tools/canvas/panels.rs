//! Everything around the surface but the toolbar: who is here, the save status, text
//! conflicts and drafts.

use leptos::prelude::*;

use super::ctl::{Ctl, Link};
use super::sticky::focus_sticky;
use super::texts::{ct, texts};
use crate::components::use_announcer;
use crate::i18n::{fill, format_number, isolate, use_i18n};
use crate::state::members::initials;

#[component]
pub fn Presence(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let people = move || {
        let t = texts(i18n.lang());
        ctl.present
            .get()
            .into_iter()
            .map(|id| {
                let name = ctl.member_name(id).unwrap_or_else(|| t.someone.to_owned());
                let me = id == ctl.me;
                let label = if me {
                    format!("{name} ({})", t.you)
                } else {
                    name.clone()
                };
                view! {
                    <li class="avatar" class:me=me title=label.clone()>
                        <span aria-hidden="true" dir="auto">
                            {initials(&name)}
                        </span>
                        <span class="visually-hidden" dir="auto">
                            {label.clone()}
                        </span>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <section class="presence" aria-labelledby="presence-heading">
            <h2 id="presence-heading" class="visually-hidden">
                {ct(i18n, |t| t.presence_heading)}
            </h2>
            <ul class="avatars">{people}</ul>
        </section>
    }
}

#[component]
pub fn Status(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let text = move || {
        let t = texts(i18n.lang());
        let n = ctl.pending_count.get();
        match ctl.link.get() {
            Link::Ended => i18n.t().session_ended.to_owned(),
            Link::Offline => t.offline.to_owned(),
            Link::Online if n > 0 => fill(t.waiting, &[("n", &format_number(n as i64))]),
            Link::Online => t.saved.to_owned(),
        }
    };
    let announcer = use_announcer();
    Effect::new(move |previous: Option<Link>| {
        let link = ctl.link.get();
        if previous.is_some_and(|p| p != link) {
            let t = texts(i18n.lang_untracked());
            announcer.say(match link {
                Link::Online => t.saved,
                Link::Offline => t.offline,
                Link::Ended => i18n.t_untracked().session_ended,
            });
        }
        link
    });
    let class = move || match (ctl.link.get(), ctl.pending_count.get()) {
        (Link::Online, 0) => "canvas-status",
        (Link::Online, _) => "canvas-status waiting",
        _ => "canvas-status offline",
    };
    view! {
        // Not a live region itself: it changes with every edit. Only a change of connection
        // (offline, back online, session ended) is announced, through the app's live region.
        <p class=class data-pending=move || ctl.pending_count.get().to_string()>
            {move || {
                (!ctl.can_edit())
                    .then(|| {
                        view! {
                            <span class="badge">{ct(i18n, |t| t.view_only)}</span>
                            " "
                        }
                    })
            }}
            {text}
        </p>
    }
}

/// The start of a sticky's text, to name it in a sentence.
fn snippet(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let mut s: String = line.chars().take(40).collect();
    if s.chars().count() < line.chars().count() {
        s.push('…');
    }
    s
}

#[component]
pub fn Conflicts(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        ctl.conflicts
            .get()
            .into_iter()
            .map(|c| {
                let t = texts(i18n.lang());
                let name = ctl
                    .member_name(c.by)
                    .unwrap_or_else(|| t.someone.to_owned());
                let mine = c.mine.clone();
                let sticky = c.sticky;
                let sentence = fill(
                    t.conflict,
                    &[
                        ("name", &isolate(&name)),
                        ("sticky", &isolate(&snippet(&c.theirs))),
                    ],
                );
                let (a, b) = (c.clone(), c);
                view! {
                    <li class="notice conflict">
                        <div role="alert">
                            <p dir="auto">{sentence}</p>
                            <blockquote dir="auto">{mine}</blockquote>
                            <div class="actions">
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    on:click=move |_| {
                                        ctl.list_view.set(false);
                                        ctl.selected.set([sticky].into());
                                        focus_sticky(sticky);
                                    }
                                >
                                    {ct(i18n, |t| t.show_sticky)}
                                </button>
                                <button
                                    type="button"
                                    class="button"
                                    on:click=move |_| ctl.keep_mine(&a)
                                >
                                    {ct(i18n, |t| t.keep_mine)}
                                </button>
                                <button
                                    type="button"
                                    class="button button-quiet"
                                    on:click=move |_| ctl.keep_theirs(&b)
                                >
                                    {ct(i18n, |t| t.keep_theirs)}
                                </button>
                            </div>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || ctl.conflicts.with(|c| !c.is_empty())>
            <ul class="canvas-notices">{items}</ul>
        </Show>
    }
}

#[component]
pub fn Drafts(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        ctl.drafts
            .get()
            .into_iter()
            .map(|d| {
                let text = d.text.clone();
                let id = d.id.clone();
                view! {
                    <li>
                        <blockquote dir="auto">{d.text}</blockquote>
                        <div class="actions">
                            <button
                                type="button"
                                class="button button-quiet"
                                on:click=move |_| {
                                    let _ = window().navigator().clipboard().write_text(&text);
                                }
                            >
                                {ct(i18n, |t| t.copy)}
                            </button>
                            <button
                                type="button"
                                class="button button-quiet"
                                on:click=move |_| ctl.dismiss_draft(id.clone())
                            >
                                {ct(i18n, |t| t.dismiss)}
                            </button>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <Show when=move || ctl.drafts.with(|d| !d.is_empty())>
            <section class="notice drafts" aria-labelledby="drafts-heading">
                <h2 id="drafts-heading">{ct(i18n, |t| t.drafts_heading)}</h2>
                <p>{ct(i18n, |t| t.drafts_hint)}</p>
                <ul class="drafts-list">{items}</ul>
            </section>
        </Show>
    }
}
