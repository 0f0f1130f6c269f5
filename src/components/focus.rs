//! Moving keyboard focus on purpose: to a page's content, a form's first error, a
//! control that replaced another.

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;

/// Focuses the element with this id, if it exists and can take focus.
pub fn focus_by_id(id: &str) {
    if let Some(el) = document()
        .get_element_by_id(id)
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Focuses the element once the current render has reached the page.
pub fn focus_soon(id: &'static str) {
    request_animation_frame(move || focus_by_id(id));
}
