//! One sticky note on the surface: a focusable element named by its author, dragged with
//! any pointer, and its in-place editor.

use std::collections::BTreeSet;

use hevruta_model::canvas::{StickyColor, StickyId};
use leptos::html;
use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use web_sys::{KeyboardEvent, PointerEvent};

use super::cite::CiteChip;
use super::ctl::Ctl;
use super::surface::{DRAG_SLOP, Gesture};
use super::texts::{ct, texts};
use super::typing::{Typing, TypingMarks};
use crate::i18n::{fill, use_i18n};

pub fn color_name(c: StickyColor) -> &'static str {
    match c {
        StickyColor::Yellow => "yellow",
        StickyColor::Pink => "pink",
        StickyColor::Blue => "blue",
        StickyColor::Green => "green",
        StickyColor::Orange => "orange",
        StickyColor::Purple => "purple",
    }
}

pub const COLORS: [StickyColor; 6] = [
    StickyColor::Yellow,
    StickyColor::Pink,
    StickyColor::Blue,
    StickyColor::Green,
    StickyColor::Orange,
    StickyColor::Purple,
];

pub fn sticky_dom_id(id: StickyId) -> String {
    format!("sticky-{id}")
}

pub fn focus_sticky(id: StickyId) {
    let dom_id = sticky_dom_id(id);
    request_animation_frame(move || crate::components::focus_by_id(&dom_id));
}

/// One sticky note: focusable, draggable, edited in place.
#[component]
pub fn Sticky(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let Some(v) = ctl.view(id) else {
        return ().into_any();
    };
    let conflicted = move || ctl.conflicts.with(|c| c.iter().any(|c| c.sticky == id));
    let selected = move || ctl.selected.with(|s| s.contains(&id));
    let editing = move || ctl.editing.get() == Some(id);
    let transform = move || {
        let (x, y) = v.pos.get();
        format!("translate({x}px,{y}px)")
    };
    let label = move || {
        let t = texts(i18n.lang());
        let name = ctl.author_name(v.author.get(), t);
        let by = fill(t.sticky_by, &[("name", &name)]);
        if v.private.get() {
            format!("{by} · {}", private_mark(i18n.lang()))
        } else {
            by
        }
    };
    let gesture = StoredValue::new(None::<Gesture>);
    // Between pointerdown and pointerup: focus then comes from the pointer, not the keyboard.
    let pressed = StoredValue::new(false);

    let on_pointerdown = move |ev: PointerEvent| {
        ev.stop_propagation();
        let _ = pressed.try_set_value(true);
        if editing() || (ev.button() != 0 && ev.pointer_type() == "mouse") {
            return;
        }
        let additive = ev.shift_key() || ev.ctrl_key() || ev.meta_key();
        ctl.selected.update(|s| {
            if additive {
                if !s.remove(&id) {
                    s.insert(id);
                }
            } else if !s.contains(&id) {
                *s = BTreeSet::from([id]);
            }
        });
        if !ctl.can_edit() {
            return;
        }
        let start: Vec<(StickyId, (f64, f64))> = ctl
            .selection()
            .into_iter()
            .filter_map(|sid| ctl.position(sid).map(|p| (sid, p)))
            .collect();
        if let Some(el) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        let _ = gesture.try_set_value(Some(Gesture::Drag {
            from: (f64::from(ev.client_x()), f64::from(ev.client_y())),
            start,
            moved: false,
        }));
    };

    let on_pointermove = move |ev: PointerEvent| {
        let Some(Some(Gesture::Drag { from, start, moved })) = gesture.try_get_value() else {
            return;
        };
        let (dx, dy) = (
            f64::from(ev.client_x()) - from.0,
            f64::from(ev.client_y()) - from.1,
        );
        if !moved && dx.abs() + dy.abs() < DRAG_SLOP {
            return;
        }
        if !moved {
            ctl.start_drag(&start.iter().map(|(i, _)| *i).collect::<Vec<_>>());
        }
        let scale = ctl.viewport.get_untracked().scale;
        for (sid, (x, y)) in &start {
            if let Some(view) = ctl.view(*sid) {
                view.pos.set((x + dx / scale, y + dy / scale));
            }
        }
        let _ = gesture.try_set_value(Some(Gesture::Drag {
            from,
            start,
            moved: true,
        }));
    };

    let on_pointerup = move |_ev: PointerEvent| {
        let _ = pressed.try_set_value(false);
        let Some(Some(Gesture::Drag { start, moved, .. })) = gesture.try_get_value() else {
            return;
        };
        let _ = gesture.try_set_value(None);
        if moved {
            let moves = start
                .iter()
                .filter_map(|(sid, _)| ctl.position(*sid).map(|(x, y)| (*sid, x, y)))
                .collect();
            ctl.end_drag();
            ctl.move_to(moves);
        }
    };

    let on_dblclick = move |ev: web_sys::MouseEvent| {
        ev.stop_propagation();
        if ctl.can_edit() {
            ctl.editing.set(Some(id));
        }
    };

    let on_focus = move |_| {
        // A click already chose the selection (Shift-click may have just removed this one).
        if pressed.try_get_value().unwrap_or(true) {
            return;
        }
        if !ctl.selected.with_untracked(|s| s.contains(&id)) {
            ctl.selected.set(BTreeSet::from([id]));
        }
    };

    view! {
        <div
            id=sticky_dom_id(id)
            class="sticky"
            class:selected=selected
            class:conflicted=conflicted
            class:pending=move || v.pending.get()
            data-color=move || color_name(v.color.get())
            data-sticky=id.to_string()
            style:transform=transform
            style:z-index=move || v.z.get().to_string()
            tabindex="0"
            role="group"
            aria-label=label
            aria-roledescription=ct(i18n, |t| t.sticky_role)
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointerup
            on:dblclick=on_dblclick
            on:focus=on_focus
        >
            <Show
                when=editing
                fallback=move || {
                    view! {
                        <p class="sticky-text" dir="auto">
                            {move || {
                                let t = v.text.get();
                                if t.is_empty() { String::new() } else { t }
                            }}
                        </p>
                        <TypingMarks ctl=ctl id=id />
                    }
                }
            >
                <StickyEditor ctl=ctl id=id />
            </Show>
            <CiteChip ctl=ctl citation=v.citation />
            <PrivateMark private=v.private />
            <crate::tools::facilitation::voting::ItemDots
                item=id.0
                label=Signal::derive(move || v.text.get())
            />
            <Show when=move || v.pending.get()>
                <span class="sticky-pending" title=ct(i18n, |t| t.sticky_pending)>
                    <span aria-hidden="true">"⟳"</span>
                    <span class="visually-hidden">{ct(i18n, |t| t.sticky_pending)}</span>
                </span>
            </Show>
        </div>
    }
    .into_any()
}

fn private_mark(lang: crate::i18n::Lang) -> &'static str {
    crate::tools::facilitation::texts::texts(lang).private_mark
}

/// "Private" in words on a sticky only its author sees yet (not told by colour alone).
#[component]
pub fn PrivateMark(private: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Show when=move || private.get()>
            <span class="sticky-private">{move || private_mark(i18n.lang())}</span>
        </Show>
    }
}

#[component]
fn StickyEditor(ctl: Ctl, id: StickyId) -> impl IntoView {
    let i18n = use_i18n();
    let area = NodeRef::<html::Textarea>::new();
    let initial = ctl.sticky_text(id);
    let editor_id = format!("editor-{id}");
    let typing = Typing::open(ctl, id);
    let on_input = {
        let typing = typing.clone();
        move |_: leptos::ev::Event| {
            if let Some(area) = area.get_untracked() {
                typing.input(area.value());
            }
        }
    };
    let finish = move |save: bool| {
        if save {
            typing.save();
        } else {
            typing.cancel();
        }
        let _ = ctl.editing.try_set(None);
    };
    let finish_on_blur = finish.clone();
    Effect::new(move |_| {
        if let Some(el) = area.get() {
            let _ = el.focus();
            let len = el.value().encode_utf16().count() as u32;
            let _ = el.set_selection_range(len, len);
        }
    });
    view! {
        <label class="visually-hidden" for=editor_id.clone()>
            {ct(i18n, |t| t.sticky_text)}
        </label>
        <textarea
            id=editor_id
            class="sticky-editor"
            dir="auto"
            maxlength=hevruta_model::canvas::MAX_STICKY_CHARS.to_string()
            node_ref=area
            prop:value=initial
            on:pointerdown=|ev: PointerEvent| ev.stop_propagation()
            on:dblclick=|ev: web_sys::MouseEvent| ev.stop_propagation()
            on:input=on_input
            on:blur=move |_| finish_on_blur(true)
            on:keydown=move |ev: KeyboardEvent| {
                ev.stop_propagation();
                let key = ev.key();
                if key == "Escape" {
                    ev.prevent_default();
                    finish(false);
                    focus_sticky(id);
                } else if key == "Enter" && (ev.ctrl_key() || ev.meta_key() || !ev.shift_key()) {
                    ev.prevent_default();
                    finish(true);
                    focus_sticky(id);
                }
            }
        ></textarea>
        <TypingMarks ctl=ctl id=id in_editor=true />
    }
}
