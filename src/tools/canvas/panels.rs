//! Everything around the surface: who is here, the save status, the toolbar, text
//! conflicts, drafts and the facilitator's list of deleted stickies.

use hevruta_model::Role;
use hevruta_model::canvas::{OpKind, StickyColor};
use leptos::prelude::*;

use super::ctl::{Ctl, Link};
use super::export::{self, SectionInfo};
use super::sticky::{COLORS, color_name};
use super::texts::{ct, texts};
use crate::components::use_announcer;
use crate::i18n::{fill, format_number, use_i18n};
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

/// The section list the exports need, in the current language.
fn section_infos(ctl: &Ctl, lang: crate::i18n::Lang) -> Vec<SectionInfo> {
    let t = texts(lang);
    ctl.sections.with_value(|sections| {
        sections
            .iter()
            .map(|s| {
                let text = t.section(&s.key);
                SectionInfo {
                    key: s.key.clone(),
                    title: text.map(|x| x.title).unwrap_or(&s.key).to_owned(),
                    prompt: text.map(|x| x.prompt).unwrap_or_default().to_owned(),
                    x: s.x,
                    y: s.y,
                    w: s.w,
                    h: s.h,
                }
            })
            .collect()
    })
}

#[component]
pub fn Toolbar(ctl: Ctl, title: String) -> impl IntoView {
    let i18n = use_i18n();
    let has_selection = move || ctl.selected.with(|s| !s.is_empty());
    let none_selected = move || !has_selection();
    let title = StoredValue::new(title);
    let export_open = RwSignal::new(false);
    let deleted_open = RwSignal::new(false);

    // The expedition's title and city for the report (the screen's live copy).
    let live = crate::shell::use_live();
    let export_md = move |_| {
        let lang = i18n.lang();
        let t = texts(lang);
        let (expedition, city) = live
            .map(|l| l.snapshot.with_untracked(|s| (s.title.clone(), s.city.clone())))
            .unwrap_or_default();
        let authors = ctl
            .members
            .with_untracked(|m| export::authors(m, i18n.t_untracked()));
        let date = crate::i18n::format_date_time(js_sys::Date::now() as i64);
        let report = export::Report {
            canvas: &title.get_value(),
            expedition: &expedition,
            city: &city,
            date: &date,
            sections: &section_infos(&ctl, lang),
            authors: &authors,
            words: export::ReportWords::of(t),
        };
        let md = ctl.with_board(|board| export::markdown(&report, board));
        export::download_text(
            &export::file_name(&title.get_value(), "md"),
            "text/markdown;charset=utf-8",
            &md,
        );
        export_open.set(false);
    };
    let export_svg = move |_| {
        let (svg, _, _) = ctl.with_board(|board| {
            export::svg(&title.get_value(), &section_infos(&ctl, i18n.lang()), board)
        });
        export::download_text(
            &export::file_name(&title.get_value(), "svg"),
            "image/svg+xml;charset=utf-8",
            &svg,
        );
        export_open.set(false);
    };
    let export_png = move |_| {
        let (svg, w, h) = ctl.with_board(|board| {
            export::svg(&title.get_value(), &section_infos(&ctl, i18n.lang()), board)
        });
        export_open.set(false);
        leptos::task::spawn_local(async move {
            match export::png(&svg, w, h, 2.0).await {
                Ok(blob) => {
                    export::download_blob(&export::file_name(&title.get_value(), "png"), &blob)
                }
                Err(_) => ctl.say(|t| t.export_failed),
            }
        });
    };

    let colour_buttons = COLORS
        .into_iter()
        .enumerate()
        .map(|(i, c): (usize, StickyColor)| {
            let name = move || texts(i18n.lang()).colours[i];
            view! {
                <button
                    type="button"
                    class="swatch"
                    data-color=color_name(c)
                    title=name
                    aria-label=name
                    disabled=none_selected
                    on:click=move |_| ctl.color_selected(c)
                ></button>
            }
        })
        .collect_view();

    let edit_tools = ctl.can_edit().then(move || {
        view! {
            <div class="tool-group">
                <button
                    type="button"
                    class="button button-primary"
                    id="add-sticky"
                    on:click=move |_| ctl.add_sticky_here()
                >
                    <span aria-hidden="true">"+ "</span>
                    {ct(i18n, |t| t.add_sticky)}
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || !ctl.can_undo.get()
                    on:click=move |_| ctl.undo()
                >
                    {ct(i18n, |t| t.undo)}
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=move || !ctl.can_redo.get()
                    on:click=move |_| ctl.redo()
                >
                    {ct(i18n, |t| t.redo)}
                </button>
            </div>
            <div class="tool-group" role="group" aria-label=ct(i18n, |t| t.colour)>
                {colour_buttons}
            </div>
            <div class="tool-group">
                <button
                    type="button"
                    class="button button-quiet"
                    disabled=none_selected
                    on:click=move |_| ctl.front_selected()
                >
                    {ct(i18n, |t| t.bring_to_front)}
                </button>
                <button
                    type="button"
                    class="button button-danger"
                    disabled=none_selected
                    on:click=move |_| ctl.delete_selected()
                >
                    {ct(i18n, |t| t.delete)}
                </button>
                <Show when=has_selection>
                    <span class="selection-count">
                        {move || fill(
                            texts(i18n.lang()).selected,
                            &[("n", &format_number(ctl.selected.with(|s| s.len()) as i64))],
                        )}
                    </span>
                </Show>
            </div>
        }
    });

    let restore_tools = (ctl.role == Role::Facilitator).then(move || {
        view! {
            <div class="tool-group menu">
                <button
                    type="button"
                    class="button button-quiet"
                    aria-expanded=move || deleted_open.get().to_string()
                    aria-controls="deleted-list"
                    on:click=move |_| deleted_open.update(|o| *o = !*o)
                >
                    {ct(i18n, |t| t.deleted_heading)}
                    " ("
                    {move || format_number(ctl.deleted.with(|d| d.len()) as i64)}
                    ")"
                </button>
                <Show when=move || deleted_open.get()>
                    <DeletedList ctl=ctl />
                </Show>
            </div>
        }
    });

    let zoom_label = move || {
        let pct = (ctl.viewport.get().scale * 100.0).round();
        fill(
            texts(i18n.lang()).zoom_level,
            &[("n", &format_number(pct as i64))],
        )
    };

    view! {
        <div class="canvas-toolbar" role="toolbar" aria-label=ct(i18n, |t| t.toolbar)>
            {edit_tools}
            <div class="tool-group">
                <button
                    type="button"
                    class="button button-quiet"
                    aria-label=ct(i18n, |t| t.zoom_out)
                    title=ct(i18n, |t| t.zoom_out)
                    on:click=move |_| ctl.zoom_by(0.8)
                >
                    "−"
                </button>
                <span class="zoom-level">{zoom_label}</span>
                <button
                    type="button"
                    class="button button-quiet"
                    aria-label=ct(i18n, |t| t.zoom_in)
                    title=ct(i18n, |t| t.zoom_in)
                    on:click=move |_| ctl.zoom_by(1.25)
                >
                    "+"
                </button>
                <button type="button" class="button button-quiet" on:click=move |_| ctl.fit()>
                    {ct(i18n, |t| t.fit)}
                </button>
            </div>
            <div class="tool-group menu">
                <button
                    type="button"
                    class="button button-quiet"
                    aria-expanded=move || export_open.get().to_string()
                    aria-controls="export-menu"
                    on:click=move |_| export_open.update(|o| *o = !*o)
                >
                    {ct(i18n, |t| t.export)}
                </button>
                <Show when=move || export_open.get()>
                    <div class="menu-panel" id="export-menu">
                        <button type="button" class="button button-quiet" on:click=export_md>
                            {ct(i18n, |t| t.export_markdown)}
                        </button>
                        <button type="button" class="button button-quiet" on:click=export_svg>
                            {ct(i18n, |t| t.export_svg)}
                        </button>
                        <button type="button" class="button button-quiet" on:click=export_png>
                            {ct(i18n, |t| t.export_png)}
                        </button>
                    </div>
                </Show>
            </div>
            {restore_tools}
        </div>
    }
}

#[component]
fn DeletedList(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        ctl.deleted
            .get()
            .into_iter()
            .map(|(id, text)| {
                let shown = if text.trim().is_empty() {
                    texts(i18n.lang()).sticky_empty.to_owned()
                } else {
                    text
                };
                view! {
                    <li>
                        <span class="deleted-text" dir="auto">
                            {shown}
                        </span>
                        <button
                            type="button"
                            class="button button-quiet"
                            on:click=move |_| {
                                ctl.apply(vec![(id, OpKind::Restore)]);
                                ctl.say(|t| t.announce_restored);
                            }
                        >
                            {ct(i18n, |t| t.restore)}
                        </button>
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="menu-panel deleted-panel" id="deleted-list">
            <Show
                when=move || ctl.deleted.with(|d| !d.is_empty())
                fallback=move || view! { <p class="hint">{ct(i18n, |t| t.deleted_none)}</p> }
            >
                <ul class="deleted-list">{items}</ul>
            </Show>
        </div>
    }
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
                let (a, b) = (c.clone(), c);
                view! {
                    <li class="notice conflict">
                        <div role="alert">
                            <p dir="auto">{fill(t.conflict, &[("name", &name)])}</p>
                            <blockquote dir="auto">{mine}</blockquote>
                            <div class="actions">
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
