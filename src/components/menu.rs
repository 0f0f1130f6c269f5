//! A menu button (the WAI-ARIA menu-button pattern): Enter, Space or ArrowDown opens it on
//! its first item, arrows and Home/End move between items, Escape or Tab closes it and
//! focus returns to the button; a click outside closes it too.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn items(panel: &web_sys::HtmlElement) -> Vec<web_sys::HtmlElement> {
    let Ok(list) = panel.query_selector_all("[role=menuitem]:not([disabled])") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<web_sys::HtmlElement>().ok())
        // Items hidden on this screen (display: none) take no part.
        .filter(|el| el.offset_parent().is_some())
        .collect()
}

/// A button that opens a menu of `children` (buttons with `role="menuitem"`; an item
/// closes the menu by setting `open` to false, e.g. through `use_menu`).
#[component]
pub fn Menu(
    /// The button's id (the panel's is `{id}-menu`).
    id: &'static str,
    /// The button's text.
    #[prop(into)]
    label: Signal<&'static str>,
    /// Whether the menu is open; the caller may close it.
    open: RwSignal<bool>,
    /// Extra classes for the wrapper.
    #[prop(optional)]
    class: &'static str,
    children: ChildrenFn,
) -> impl IntoView {
    let panel = NodeRef::<leptos::html::Div>::new();
    let button = NodeRef::<leptos::html::Button>::new();
    let close = move |refocus: bool| {
        open.set(false);
        if refocus && let Some(b) = button.get_untracked() {
            let _ = b.focus();
        }
    };
    // Opening moves focus to the first item.
    Effect::new(move |_| {
        if open.get() {
            request_animation_frame(move || {
                if let Some(first) = panel
                    .get_untracked()
                    .and_then(|p| items(&p).into_iter().next())
                {
                    let _ = first.focus();
                }
            });
        }
    });
    // A press outside closes the menu.
    let outside = window_event_listener(leptos::ev::pointerdown, move |ev| {
        if !open.get_untracked() {
            return;
        }
        let inside = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Node>().ok())
            .is_some_and(|t| {
                let within =
                    |el: Option<web_sys::HtmlElement>| el.is_some_and(|e| e.contains(Some(&t)));
                within(panel.get_untracked().map(Into::into))
                    || within(button.get_untracked().map(Into::into))
            });
        if !inside {
            open.set(false);
        }
    });
    // Escape closes it wherever focus is (also before it has reached the first item).
    let escape = window_event_listener(leptos::ev::keydown, move |ev| {
        if open.get_untracked() && ev.key() == "Escape" {
            ev.prevent_default();
            close(true);
        }
    });
    on_cleanup(move || {
        outside.remove();
        escape.remove();
    });
    let on_button_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "ArrowDown" {
            ev.prevent_default();
            open.set(true);
        }
    };
    let on_panel_key = move |ev: leptos::ev::KeyboardEvent| {
        let Some(p) = panel.get_untracked() else {
            return;
        };
        let list = items(&p);
        if list.is_empty() {
            return;
        }
        let active = document().active_element();
        let at = list.iter().position(|el| {
            active
                .as_ref()
                .is_some_and(|a| a == el.unchecked_ref::<web_sys::Element>())
        });
        let next = match ev.key().as_str() {
            "ArrowDown" => Some(at.map_or(0, |i| (i + 1) % list.len())),
            "ArrowUp" => Some(at.map_or(list.len() - 1, |i| (i + list.len() - 1) % list.len())),
            "Home" => Some(0),
            "End" => Some(list.len() - 1),
            "Escape" => {
                ev.prevent_default();
                ev.stop_propagation();
                close(true);
                None
            }
            "Tab" => {
                open.set(false);
                None
            }
            _ => None,
        };
        if let Some(i) = next {
            ev.prevent_default();
            let _ = list[i].focus();
        }
    };
    let panel_id = format!("{id}-menu");
    view! {
        <div class=format!("tool-group menu {class}")>
            <button
                type="button"
                class="button button-quiet"
                id=id
                node_ref=button
                aria-haspopup="menu"
                aria-expanded=move || open.get().to_string()
                aria-controls=panel_id.clone()
                on:click=move |_| open.update(|o| *o = !*o)
                on:keydown=on_button_key
            >
                {label}
                <span aria-hidden="true">" ▾"</span>
            </button>
            <Show when=move || open.get()>
                <div
                    class="menu-panel"
                    id=panel_id.clone()
                    role="menu"
                    aria-labelledby=id
                    node_ref=panel
                    on:keydown=on_panel_key
                >
                    {children()}
                </div>
            </Show>
        </div>
    }
}
