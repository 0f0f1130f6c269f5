//! The browser's side of exports: an SVG drawn into a PNG, and files handed over as
//! downloads.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, BlobPropertyBag, CanvasRenderingContext2d, HtmlCanvasElement, Url};

use crate::browser::describe;

/// Browsers refuse canvases much beyond these (Safari's area limit is the tightest).
const MAX_SIDE: f64 = 8192.0;
pub(super) const MAX_PIXELS: f64 = 40_000_000.0;

/// The bitmap for `width`×`height` at `scale`, the scale reduced to stay within
/// `MAX_SIDE` per side and `MAX_PIXELS` in all; `None` when there is nothing to draw.
pub(super) fn bitmap_size(width: f64, height: f64, scale: f64) -> Option<(u32, u32)> {
    if ![width, height, scale]
        .iter()
        .all(|v| v.is_finite() && *v > 0.0)
    {
        return None;
    }
    let s = scale
        .min(MAX_SIDE / width)
        .min(MAX_SIDE / height)
        .min((MAX_PIXELS / (width * height)).sqrt());
    Some((
        (width * s).floor().max(1.0) as u32,
        (height * s).floor().max(1.0) as u32,
    ))
}

/// Renders `svg` (of `width`×`height`, as made by [`svg`]) to a PNG at `scale`, on white.
pub async fn png(svg: &str, width: f64, height: f64, scale: f64) -> Result<Blob, String> {
    let (w, h) = bitmap_size(width, height, scale).ok_or("the picture has no size")?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let url = Url::create_object_url_with_blob(&blob(svg, "image/svg+xml;charset=utf-8")?)
        .map_err(describe)?;
    let drawn = draw(&document, &url, w, h).await;
    let _ = Url::revoke_object_url(&url);
    let canvas = drawn?;
    let encoded = js_sys::Promise::new(&mut |resolve, reject| {
        if let Err(e) = canvas.to_blob(&resolve) {
            let _ = reject.call1(&JsValue::NULL, &e);
        }
    });
    // `toBlob` hands over null when the browser cannot encode (e.g. out of memory).
    JsFuture::from(encoded)
        .await
        .map_err(describe)?
        .dyn_into::<Blob>()
        .map_err(|_| "the browser could not encode the PNG".into())
}

/// Loads the SVG at `url` into an image and draws it on a new white `w`×`h` canvas.
async fn draw(
    document: &web_sys::Document,
    url: &str,
    w: u32,
    h: u32,
) -> Result<HtmlCanvasElement, String> {
    let img = web_sys::HtmlImageElement::new().map_err(describe)?;
    let loaded = js_sys::Promise::new(&mut |resolve, reject| {
        img.set_onload(Some(&resolve));
        img.set_onerror(Some(&reject));
    });
    img.set_src(url);
    let outcome = JsFuture::from(loaded).await;
    img.set_onload(None);
    img.set_onerror(None);
    outcome.map_err(|_| "the browser could not read the SVG")?;

    let canvas: HtmlCanvasElement = document
        .create_element("canvas")
        .map_err(describe)?
        .unchecked_into();
    canvas.set_width(w);
    canvas.set_height(h);
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .map_err(describe)?
        .ok_or("no 2D context (canvas too large?)")?
        .unchecked_into();
    ctx.set_fill_style_str("#fff");
    ctx.fill_rect(0.0, 0.0, w.into(), h.into());
    ctx.draw_image_with_html_image_element_and_dw_and_dh(&img, 0.0, 0.0, w.into(), h.into())
        .map_err(describe)?;
    Ok(canvas)
}

fn blob(text: &str, mime: &str) -> Result<Blob, String> {
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    Blob::new_with_str_sequence_and_options(&parts, &options).map_err(describe)
}

/// Offers `blob` as a download named `filename`. Fails silently: there is no one to tell.
pub fn download_blob(filename: &str, blob: &Blob) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(blob) else {
        return;
    };
    if let (Ok(a), Some(body)) = (document.create_element("a"), document.body()) {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(filename);
        // Firefox only follows links that are in the document.
        if body.append_child(&a).is_ok() {
            a.click();
            a.remove();
        }
    }
    // Not revoked at once: some browsers fetch the URL after the click has returned.
    wasm_bindgen_futures::spawn_local(async move {
        gloo_timers::future::TimeoutFuture::new(30_000).await;
        let _ = Url::revoke_object_url(&url);
    });
}

/// Offers `text` as a download; `mime` should name the charset, e.g. `text/markdown;charset=utf-8`.
pub fn download_text(filename: &str, mime: &str, text: &str) {
    if let Ok(b) = blob(text, mime) {
        download_blob(filename, &b);
    }
}
