//! Small helpers for talking to browser APIs.

use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript error (or any thrown value) as a sentence for logs and drafts.
pub fn describe(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}
