//! The app's route paths for building links. The route table in `lib.rs` spells the same
//! paths as literals (leptos's `path!` macro needs them); the server's demo output prints
//! `/join/…` and `/session#token=…` links too, so change all three together.

use hevruta_model::ExpeditionId;
use hevruta_model::canvas::CanvasId;

pub const HOME: &str = "/";

pub fn expedition(id: ExpeditionId) -> String {
    format!("/e/{id}")
}

/// The invite link for a join code, relative to the app's origin.
pub fn join(code: &str) -> String {
    format!("/join/{code}")
}

/// The canvas screen (a page of its own: the server answers it with `canvas.html`).
pub fn canvas(expedition: ExpeditionId, canvas: CanvasId) -> String {
    format!("/e/{expedition}/canvas/{canvas}")
}

/// The expedition's canvases (served with `canvas.html` too).
pub fn canvases(expedition: ExpeditionId) -> String {
    format!("/e/{expedition}/canvases")
}
