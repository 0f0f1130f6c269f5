//! The canvas screen's own entry point: a second wasm, loaded only when a canvas opens, so
//! the first load of the app stays small. The server serves `canvas.html` for
//! `/e/{id}/canvases` and `/e/{id}/canvas/{canvas}`.

fn main() {
    leptos::mount::mount_to_body(hevruta::tools::canvas::CanvasApp);
}
