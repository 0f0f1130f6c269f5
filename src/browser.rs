//! Small helpers for talking to browser APIs.

use wasm_bindgen::{JsCast, JsValue};

/// A JavaScript error (or any thrown value) as a sentence for logs and drafts.
pub fn describe(e: JsValue) -> String {
    match e.dyn_ref::<js_sys::Error>() {
        Some(e) => format!("{}: {}", String::from(e.name()), String::from(e.message())),
        None => e.as_string().unwrap_or_else(|| format!("{e:?}")),
    }
}

/// A UUIDv7: the time in ms, then random bits from the browser's crypto. Client-made ids
/// (stickies, cards, comments) are these, so a retried write is recognised.
pub fn new_uuid() -> uuid::Uuid {
    let mut random = [0u8; 10];
    if let Some(crypto) = web_sys::window().and_then(|w| w.crypto().ok()) {
        let _ = crypto.get_random_values_with_u8_array(&mut random);
    } else {
        // No crypto (very old browsers): Math.random is still unique enough per client.
        for b in &mut random {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    uuid::Builder::from_unix_timestamp_millis(js_sys::Date::now() as u64, &random).into_uuid()
}

/// Copies `text` to the clipboard, then calls `done` with whether it was written. The
/// clipboard exists only in secure contexts (https, localhost): not on a LAN address.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return done(false);
    };
    if !js_sys::Reflect::has(&navigator, &"clipboard".into()).unwrap_or(false) {
        return done(false);
    }
    let written = wasm_bindgen_futures::JsFuture::from(navigator.clipboard().write_text(text));
    wasm_bindgen_futures::spawn_local(async move { done(written.await.is_ok()) });
}
