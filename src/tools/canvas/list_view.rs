//! The canvas as a list, for phones and screen readers: each section a heading with its
//! stickies as items, edited in place, fed by the same controller (same live data, same
//! ops, same outbox) as the board.

use hevruta_model::canvas::{OpKind, StickyId};
use leptos::prelude::*;

use super::cite::{CiteButton, CiteChip};
use super::ctl::Ctl;
use super::geometry::section_at;
use super::sticky::color_name;
use super::texts::{ct, texts};
use super::typing::{Typing, TypingMarks};
use crate::i18n::{fill, use_i18n};
use crate::tools::facilitation::voting::ItemDots;

/// Every section in order, then the stickies outside any section.
#[component]
pub fn CanvasAsList(ctl: Ctl) -> impl IntoView {
    let keys: Vec<Option<String>> = ctl.sections.with_value(|s| {
        s.iter()
            .map(|s| Some(s.key.clone()))
            .chain([None])
            .collect()
    });
    let groups = keys
        .into_iter()
        .enumerate()
        .map(|(index, key)| view! { <ListSection ctl=ctl index=index key=key /> })
        .collect_view();
    view! {
        <div class="canvas-as-list" id="canvas-list-view">
            {groups}
        </div>
    }
}

/// One section: its heading, prompt, stickies (top to bottom, then left to right) and a
/// button to add one. `key` None is "outside any section", shown only when not empty.
#[component]
fn ListSection(ctl: Ctl, index: usize, key: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let in_section = {
        let key = key.clone();
        Memo::new(move |_| {
            let mut ids: Vec<(f64, f64, StickyId)> = ctl
                .order
                .get()
                .into_iter()
                .filter_map(|id| {
                    let (x, y) = ctl.view(id)?.pos.get();
                    let at = ctl.sections.with_value(|s| section_at(s, x, y));
                    (at == key).then_some((y, x, id))
                })
                .collect();
            ids.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            ids.into_iter().map(|(_, _, id)| id).collect::<Vec<_>>()
        })
    };
    let heading_id = format!("list-section-{index}");
    let title = {
        let key = key.clone();
        move || {
            let t = texts(i18n.lang());
            match &key {
                Some(k) => t.section(k).map(|x| x.title).unwrap_or(k).to_owned(),
                None => t.outside_sections.to_owned(),
            }
        }
    };
    let prompt = {
        let key = key.clone();
        move || {
            key.as_ref()
                .and_then(|k| texts(i18n.lang()).section(k))
                .map(|x| x.prompt)
                .unwrap_or_default()
        }
    };
    let add_label = {
        let title = title.clone();
        move || fill(texts(i18n.lang()).add_to_section, &[("section", &title())])
    };
    let outside = key.is_none();
    let visible = move || !outside || in_section.with(|ids| !ids.is_empty());
    view! {
        <Show when=visible>
            <section class="list-section" aria-labelledby=heading_id.clone()>
                <h2 id=heading_id.clone() dir="auto">
                    {title.clone()}
                </h2>
                {(!outside).then(|| view! { <p class="hint">{prompt.clone()}</p> })}
                <Show
                    when=move || in_section.with(|ids| !ids.is_empty())
                    fallback=move || {
                        view! { <p class="hint">{ct(i18n, |t| t.list_section_empty)}</p> }
                    }
                >
                    <ul class="list-stickies">
                        <For each=move || in_section.get() key=|id| *id let:id>
                            <ListSticky ctl=ctl id=id />
                        </For>
                    </ul>
                </Show>
                {(ctl.can_edit() && !outside)
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet list-add"
                                on:click=move |_| ctl.add_sticky_in(index)
                            >
                                <span aria-hidden="true">"+ "</span>
                                {add_label.clone()}
                            </button>
                        }
                    })}
            </section>
        </Show>
    }
}

/// One sticky as an item: its text and author, and Edit / Delete.
#[component]
fn ListSticky(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let Some(v) = ctl.view(id) else {
        return ().into_any();
    };
    let author = move || {
        let t = texts(i18n.lang());
        let name = ctl.author_name(v.author.get(), t);
        fill(t.by_author, &[("name", &name)])
    };
    let editing = move || ctl.editing.get() == Some(id);
    let text = move || {
        let text = v.text.get();
        if text.trim().is_empty() {
            texts(i18n.lang()).sticky_empty.to_owned()
        } else {
            text
        }
    };
    let item_id = format!("list-item-{id}");
    view! {
        <li
            class="list-sticky"
            id=item_id
            tabindex="-1"
            data-color=move || color_name(v.color.get())
            class:pending=move || v.pending.get()
        >
            <Show
                when=editing
                fallback=move || {
                    view! {
                        <p class="list-sticky-text" dir="auto">
                            {text}
                        </p>
                        <p class="list-sticky-by">
                            <bdi>{author}</bdi>
                        </p>
                        <super::sticky::PrivateMark private=v.private />
                        <CiteChip ctl=ctl citation=v.citation />
                        <TypingMarks ctl=ctl id=id />
                        <ItemDots item=id.0 label=Signal::derive(move || v.text.get()) />
                        {ctl
                            .can_edit()
                            .then(|| {
                                view! {
                                    <div class="actions">
                                        <button
                                            type="button"
                                            class="button button-quiet"
                                            on:click=move |_| ctl.editing.set(Some(id))
                                        >
                                            {ct(i18n, |t| t.edit_sticky)}
                                        </button>
                                        <button
                                            type="button"
                                            class="button button-quiet"
                                            on:click=move |_| {
                                                ctl.apply(vec![(id, OpKind::Delete)]);
                                                ctl.say(|t| t.announce_deleted);
                                            }
                                        >
                                            {ct(i18n, |t| t.delete)}
                                        </button>
                                        <CiteButton ctl=ctl id=id />
                                    </div>
                                }
                            })}
                    }
                }
            >
                <ListEditor ctl=ctl id=id />
            </Show>
        </li>
    }
    .into_any()
}

/// Edits a sticky's text in the list, sent as it is typed: Save keeps it, Cancel (or
/// Escape) puts back the text it had; a sticky just added and left empty goes.
#[component]
fn ListEditor(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let text = RwSignal::new(ctl.sticky_text(id));
    let area = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
        }
    });
    let typing = Typing::open(ctl, id);
    let done = move || {
        ctl.editing.set(None);
        let item = format!("list-item-{id}");
        request_animation_frame(move || crate::components::focus_by_id(&item));
    };
    let save = {
        let typing = typing.clone();
        move || {
            typing.save();
            done();
        }
    };
    let cancel = {
        let typing = typing.clone();
        move || {
            typing.cancel();
            done();
        }
    };
    let on_input = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        text.set(value.clone());
        typing.input(value);
    };
    let editor_id = format!("list-editor-{id}");
    let save_click = save.clone();
    let cancel_click = cancel.clone();
    view! {
        <label class="visually-hidden" for=editor_id.clone()>
            {ct(i18n, |t| t.sticky_text_label)}
        </label>
        <textarea
            id=editor_id
            class="list-editor"
            dir="auto"
            rows="3"
            maxlength=hevruta_model::canvas::MAX_STICKY_CHARS.to_string()
            node_ref=area
            prop:value=move || text.get()
            on:input=on_input
            on:keydown=move |ev| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    cancel();
                } else if ev.key() == "Enter" && !ev.shift_key() {
                    ev.prevent_default();
                    save();
                }
            }
        ></textarea>
        <div class="actions">
            <button type="button" class="button button-primary" on:click=move |_| save_click()>
                {ct(i18n, |t| t.save_sticky)}
            </button>
            <button type="button" class="button button-quiet" on:click=move |_| cancel_click()>
                {ct(i18n, |t| t.cancel_edit)}
            </button>
        </div>
    }
}
