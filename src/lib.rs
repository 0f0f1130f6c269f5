//! Hevruta's single-page app. `main.rs` mounts `App` (the app bundle), `bin/canvas.rs`
//! mounts the canvas tool's bundle; both run inside the same `shell`.

pub mod browser;
pub mod client;
pub mod components;
pub mod feed;
pub mod i18n;
pub mod pages;
pub mod shell;
pub mod state;
pub mod tools;

use hevruta_model::{Bundle, Route};
use leptos::prelude::*;

use crate::pages::{ExpeditionPage, LandingPage, NotFoundPage, SessionLinkPage};
use crate::shell::Shell;

/// The app bundle (`index.html`): the pages that are not a tool.
#[component]
pub fn App() -> impl IntoView {
    view! { <Shell bundle=Bundle::App page=app_page /> }
}

fn app_page(route: Option<Route>) -> AnyView {
    match route {
        Some(Route::Home) => view! { <LandingPage code=String::new() /> }.into_any(),
        Some(Route::Join(code)) => view! { <LandingPage code=code /> }.into_any(),
        Some(Route::Session) => view! { <SessionLinkPage /> }.into_any(),
        Some(Route::Expedition(id)) => view! { <ExpeditionPage id=id /> }.into_any(),
        // The tools' pages are other bundles: the server never answers them with this one.
        Some(
            Route::Canvases(_)
            | Route::Canvas(..)
            | Route::Partners(_)
            | Route::Profile(_)
            | Route::Circles(_)
            | Route::Devices(_)
            | Route::Boards(_)
            | Route::Board(..)
            | Route::Projector(..)
            | Route::ProjectBoard(..)
            | Route::ProjectCircles(_),
        )
        | None => view! { <NotFoundPage /> }.into_any(),
    }
}
