//! One HTTP exchange over the browser's `fetch`, nothing more: the status and the body's
//! text, or why no answer came. (Straight on web-sys: gloo-net's request builder brings
//! the `http` crate's method and header tables, 6 KB of the first load.)

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::browser::describe;

/// An answer: its status and its body as text (empty for 204).
pub(super) struct Answer {
    pub status: u16,
    pub body: String,
}

/// Sends `method url` with an optional bearer token and JSON body. `Err` means there was
/// no answer (offline, refused, CORS), with the browser's reason.
pub(super) async fn fetch(
    method: &str,
    url: &str,
    token: Option<&str>,
    json: Option<String>,
) -> Result<Answer, String> {
    let headers = web_sys::Headers::new().map_err(describe)?;
    let init = web_sys::RequestInit::new();
    init.set_method(method);
    if let Some(token) = token {
        headers
            .set("Authorization", &format!("Bearer {token}"))
            .map_err(describe)?;
    }
    if let Some(json) = json {
        headers
            .set("Content-Type", "application/json")
            .map_err(describe)?;
        init.set_body(&JsValue::from_str(&json));
    }
    init.set_headers(&headers);
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(describe)?;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(describe)?
        .unchecked_into();
    let text = JsFuture::from(response.text().map_err(describe)?)
        .await
        .map_err(describe)?;
    Ok(Answer {
        status: response.status(),
        body: text.as_string().unwrap_or_default(),
    })
}
