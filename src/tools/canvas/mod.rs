//! The model-canvas tool, shipped as its own wasm (`src/bin/canvas.rs`, `canvas.html`) so
//! the app's first load stays small: sections and sticky notes edited live by everyone,
//! projected by the facilitator.
//!
//! Pure and natively tested: `state` (confirmed board + pending ops, rebase, undo),
//! `geometry`, `keys` (shortcuts), `export` (Markdown, SVG). In the browser: `ctl` (state
//! mirrored into signals), `commands`, `sender` + `outbox` (IndexedDB), and the screens
//! `list`, `screen`, `surface`, `sticky`, `list_view` (the same canvas as a list), `toolbar`, `panels`;
//! `cite` picks what a sticky cites and shows it as a chip; `typing` sends text as it is typed and tells who types where;
//! `texts` holds its strings.

mod cite;
pub mod commands;
pub mod ctl;
pub mod export;
pub mod geometry;
pub mod keys;
mod list;
mod list_view;
pub mod outbox;
mod panels;
mod screen;
pub mod sender;
pub mod state;
mod sticky;
pub mod surface;
pub mod texts;
mod toolbar;
mod typing;

use hevruta_model::{Bundle, Route};
use leptos::prelude::*;

use crate::pages::NotFoundPage;
use crate::shell::Shell;

/// The canvas bundle: the expedition's canvas list and the canvas screen.
#[component]
pub fn CanvasApp() -> impl IntoView {
    view! { <Shell bundle=Bundle::Canvas page=canvas_page /> }
}

fn canvas_page(route: Option<Route>) -> AnyView {
    match route {
        Some(Route::Canvases(id)) => view! { <list::CanvasListPage id=id /> }.into_any(),
        Some(Route::Canvas(id, canvas)) => {
            view! { <screen::CanvasPage id=id canvas=canvas /> }.into_any()
        }
        // Other pages are the app's: the server never answers them with this bundle.
        _ => view! { <NotFoundPage /> }.into_any(),
    }
}
