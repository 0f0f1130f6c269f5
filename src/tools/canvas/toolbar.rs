//! The canvas toolbar: add, undo, colours and delete, the section menu, zoom, Board/List,
//! exports and the More menu (which holds everything on phones), and the facilitator's
//! list of deleted stickies.

use hevruta_model::canvas::{OpKind, StickyColor};
use leptos::prelude::*;

use super::ctl::{Ctl, Deleted};
use super::export::{self, SectionInfo};
use super::geometry::Frame;
use super::sticky::{COLORS, color_name};
use super::texts::{ct, texts};
use crate::components::Menu;
use crate::i18n::{fill, format_number, use_i18n};

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
pub fn Toolbar(ctl: Ctl, title: RwSignal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let has_selection = move || ctl.selected.with(|s| !s.is_empty());
    let none_selected = move || !has_selection();
    // Citing is for one sticky at a time (in the More menu: the bar is full at 1280 px).
    let not_one = move || ctl.selected.with(|s| s.len() != 1);
    let cites = super::cite::use_cites();
    let cite_selected = move || {
        if let (Some(c), [id]) = (cites, ctl.selection().as_slice()) {
            c.open(ctl, *id);
        }
    };
    let export_open = RwSignal::new(false);
    let deleted_open = RwSignal::new(false);
    let more_open = RwSignal::new(false);

    // The expedition's title and city for the report (the screen's live copy).
    let live = crate::shell::use_live();
    let export_md = move |_| {
        let lang = i18n.lang();
        let t = texts(lang);
        let (expedition, city) = live
            .map(|l| {
                l.snapshot
                    .with_untracked(|s| (s.title.clone(), s.city.clone()))
            })
            .unwrap_or_default();
        let authors = ctl
            .members
            .with_untracked(|m| export::authors(m, i18n.t_untracked()));
        let date = crate::i18n::format_date_time(js_sys::Date::now() as i64);
        let report = export::Report {
            canvas: &title.get_untracked(),
            expedition: &expedition,
            city: &city,
            date: &date,
            sections: &section_infos(&ctl, lang),
            authors: &authors,
            words: export::ReportWords::of(t),
        };
        let md = ctl.with_board(|board| export::markdown(&report, board));
        export::download_text(
            &export::file_name(&title.get_untracked(), "md"),
            "text/markdown;charset=utf-8",
            &md,
        );
        export_open.set(false);
        more_open.set(false);
    };
    let export_svg = move |_| {
        let (svg, _, _) = ctl.with_board(|board| {
            export::svg(
                &title.get_untracked(),
                &section_infos(&ctl, i18n.lang()),
                board,
            )
        });
        export::download_text(
            &export::file_name(&title.get_untracked(), "svg"),
            "image/svg+xml;charset=utf-8",
            &svg,
        );
        export_open.set(false);
        more_open.set(false);
    };
    let export_png = move |_| {
        let (svg, w, h) = ctl.with_board(|board| {
            export::svg(
                &title.get_untracked(),
                &section_infos(&ctl, i18n.lang()),
                board,
            )
        });
        export_open.set(false);
        more_open.set(false);
        leptos::task::spawn_local(async move {
            match export::png(&svg, w, h, 2.0).await {
                Ok(blob) => {
                    export::download_blob(&export::file_name(&title.get_untracked(), "png"), &blob)
                }
                Err(_) => ctl.say(|t| t.export_failed),
            }
        });
    };

    let colour_buttons = move |role: Option<&'static str>| {
        COLORS
            .into_iter()
            .enumerate()
            .map(|(i, c): (usize, StickyColor)| {
                let name = move || texts(i18n.lang()).colours[i];
                view! {
                    <button
                        type="button"
                        class="swatch"
                        role=role
                        data-color=color_name(c)
                        title=name
                        aria-label=name
                        disabled=none_selected
                        on:click=move |_| ctl.color_selected(c)
                    ></button>
                }
            })
            .collect_view()
    };

    let closing = move |f: fn(&Ctl)| {
        move |_| {
            more_open.set(false);
            f(&ctl);
        }
    };
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
                    class="button button-quiet wide-only"
                    disabled=move || !ctl.can_undo.get()
                    on:click=move |_| ctl.undo()
                >
                    {ct(i18n, |t| t.undo)}
                </button>
                <button
                    type="button"
                    class="button button-quiet wide-only"
                    disabled=move || !ctl.can_redo.get()
                    on:click=move |_| ctl.redo()
                >
                    {ct(i18n, |t| t.redo)}
                </button>
            </div>
            <div class="tool-group wide-only" role="group" aria-label=ct(i18n, |t| t.colour)>
                {colour_buttons(None)}
            </div>
            <div class="tool-group wide-only">
                <button
                    type="button"
                    class="button button-danger"
                    disabled=none_selected
                    on:click=move |_| ctl.delete_selected()
                >
                    {ct(i18n, |t| t.delete)}
                </button>
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
    let board = move || !ctl.list_view.get();
    let can_edit = ctl.can_edit();
    let export_items = move || {
        view! {
            <button type="button" class="button button-quiet" role="menuitem" on:click=export_md>
                {ct(i18n, |t| t.export_markdown)}
            </button>
            <button type="button" class="button button-quiet" role="menuitem" on:click=export_svg>
                {ct(i18n, |t| t.export_svg)}
            </button>
            <button type="button" class="button button-quiet" role="menuitem" on:click=export_png>
                {ct(i18n, |t| t.export_png)}
            </button>
        }
    };

    view! {
        <div class="canvas-toolbar" role="toolbar" aria-label=ct(i18n, |t| t.toolbar)>
            {edit_tools}
            <Show when=board>
                <SectionJump ctl=ctl />
                <div class="tool-group wide-only">
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
                </div>
            </Show>
            <div class="tool-group view-switch" role="group" aria-label=ct(i18n, |t| t.view_label)>
                <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed=move || board().to_string()
                    on:click=move |_| ctl.list_view.set(false)
                >
                    {ct(i18n, |t| t.view_board)}
                </button>
                <button
                    type="button"
                    class="button button-quiet"
                    aria-pressed=move || ctl.list_view.get().to_string()
                    on:click=move |_| ctl.list_view.set(true)
                >
                    {ct(i18n, |t| t.view_list)}
                </button>
            </div>
            <Menu
                id="export"
                label=Signal::derive(ct(i18n, |t| t.export))
                open=export_open
                class="wide-only"
            >
                {export_items()}
            </Menu>
            <Menu id="more" label=Signal::derive(ct(i18n, |t| t.more)) open=more_open>
                {can_edit
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet narrow-only"
                                role="menuitem"
                                disabled=move || !ctl.can_undo.get()
                                on:click=closing(Ctl::undo)
                            >
                                {ct(i18n, |t| t.undo)}
                            </button>
                            <button
                                type="button"
                                class="button button-quiet narrow-only"
                                role="menuitem"
                                disabled=move || !ctl.can_redo.get()
                                on:click=closing(Ctl::redo)
                            >
                                {ct(i18n, |t| t.redo)}
                            </button>
                            <div
                                class="menu-swatches narrow-only"
                                role="group"
                                aria-label=ct(i18n, |t| t.colour)
                            >
                                {colour_buttons(Some("menuitem"))}
                            </div>
                            <button
                                type="button"
                                class="button button-quiet"
                                role="menuitem"
                                disabled=none_selected
                                on:click=closing(Ctl::front_selected)
                            >
                                {ct(i18n, |t| t.bring_to_front)}
                            </button>
                            <button
                                type="button"
                                class="button button-quiet"
                                role="menuitem"
                                id="cite-selected"
                                aria-haspopup="dialog"
                                disabled=not_one
                                title=move || not_one().then(ct(i18n, |t| t.cite_one))
                                on:click=move |_| {
                                    more_open.set(false);
                                    cite_selected();
                                }
                            >
                                {ct(i18n, |t| t.cite)}
                            </button>
                            <button
                                type="button"
                                class="button button-danger narrow-only"
                                role="menuitem"
                                disabled=none_selected
                                on:click=closing(Ctl::delete_selected)
                            >
                                {ct(i18n, |t| t.delete)}
                            </button>
                        }
                    })}
                <button
                    type="button"
                    class="button button-quiet"
                    role="menuitem"
                    on:click=move |_| {
                        more_open.set(false);
                        ctl.list_view.set(false);
                        ctl.fit();
                    }
                >
                    {ct(i18n, |t| t.fit)}
                </button>
                <div class="narrow-only menu-group">{export_items()}</div>
                {can_edit
                    .then(|| {
                        view! {
                            <button
                                type="button"
                                class="button button-quiet"
                                role="menuitem"
                                id="deleted-toggle"
                                aria-expanded=move || deleted_open.get().to_string()
                                on:click=move |_| {
                                    more_open.set(false);
                                    deleted_open.update(|o| *o = !*o);
                                }
                            >
                                {ct(i18n, |t| t.deleted_heading)}
                                " ("
                                {move || format_number(ctl.deleted.with(|d| d.len()) as i64)}
                                ")"
                            </button>
                        }
                    })}
            </Menu>
        </div>
        <Show when=move || deleted_open.get()>
            <DeletedList ctl=ctl close=Callback::new(move |_| deleted_open.set(false)) />
        </Show>
    }
}

/// Jumps to a section, framed where its stickies are readable.
#[component]
fn SectionJump(ctl: Ctl) -> impl IntoView {
    let i18n = use_i18n();
    let options = move || {
        let t = texts(i18n.lang());
        ctl.sections.with_value(|sections| {
            sections
                .iter()
                .enumerate()
                .map(|(i, s)| {
                    let title = t
                        .section(&s.key)
                        .map(|x| x.title)
                        .unwrap_or(&s.key)
                        .to_owned();
                    view! { <option value=i.to_string()>{title}</option> }
                })
                .collect_view()
        })
    };
    let shown = move || match ctl.frame.try_get_value().flatten() {
        Some(Frame::Readable(i)) => i.to_string(),
        _ => String::new(),
    };
    view! {
        <div class="tool-group section-jump">
            <label for="section-jump" class="visually-hidden">
                {ct(i18n, |t| t.section_label)}
            </label>
            <select
                id="section-jump"
                title=ct(i18n, |t| t.section_label)
                prop:value=move || {
                    ctl.viewport.track();
                    shown()
                }
                on:change:target=move |ev| {
                    if let Ok(i) = ev.target().value().parse::<usize>() {
                        ctl.go_to_section(i);
                    }
                }
            >
                <option value="" disabled=true>
                    {ct(i18n, |t| t.section_label)}
                </option>
                {options}
            </select>
        </div>
    }
}

#[component]
fn DeletedList(ctl: Ctl, close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        ctl.deleted
            .get()
            .into_iter()
            .map(|Deleted { id, text, by }| {
                let shown = if text.trim().is_empty() {
                    texts(i18n.lang()).sticky_empty.to_owned()
                } else {
                    text
                };
                let allowed = ctl.may_restore(by);
                let reason = format!("restore-why-{id}");
                view! {
                    <li>
                        <span class="deleted-text" dir="auto">
                            {shown}
                        </span>
                        <button
                            type="button"
                            class="button button-quiet"
                            disabled=!allowed
                            aria-describedby=(!allowed).then(|| reason.clone())
                            on:click=move |_| {
                                ctl.apply(vec![(id, OpKind::Restore)]);
                                ctl.say(|t| t.announce_restored);
                            }
                        >
                            {ct(i18n, |t| t.restore)}
                        </button>
                        {(!allowed)
                            .then(|| {
                                view! {
                                    <span class="hint" id=reason>
                                        {ct(i18n, |t| t.restore_not_yours)}
                                    </span>
                                }
                            })}
                    </li>
                }
            })
            .collect_view()
    };
    view! {
        <div class="deleted-panel" id="deleted-list">
            <div class="deleted-head">
                <h2>{ct(i18n, |t| t.deleted_heading)}</h2>
                <button type="button" class="button button-quiet" on:click=move |_| close.run(())>
                    {ct(i18n, |t| t.close_panel)}
                </button>
            </div>
            <Show
                when=move || ctl.deleted.with(|d| !d.is_empty())
                fallback=move || view! { <p class="hint">{ct(i18n, |t| t.deleted_none)}</p> }
            >
                <ul class="deleted-list">{items}</ul>
            </Show>
        </div>
    }
}
