//! Hevruta's single-page app: the App component and its routes. `main.rs` only mounts it.

pub mod canvas;
pub mod client;
pub mod components;
pub mod i18n;
pub mod pages;
pub mod routes;
pub mod state;

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

use crate::client::ApiClient;
use crate::components::{Announcer, AppHeader, LiveRegion};
use crate::i18n::I18n;
use crate::pages::{ExpeditionPage, LandingPage, NotFoundPage, SessionLinkPage};

#[component]
pub fn App() -> impl IntoView {
    let i18n = I18n::provide();
    Announcer::provide();
    provide_context(ApiClient::from_page());
    view! {
        <Router>
            <a class="skip-link" href="#main">{i18n.tr(|t| t.skip_to_content)}</a>
            <AppHeader />
            <main id="main" tabindex="-1">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=LandingPage />
                    <Route path=path!("/join/:code") view=LandingPage />
                    <Route path=path!("/session") view=SessionLinkPage />
                    <Route path=path!("/e/:id") view=ExpeditionPage />
                </Routes>
            </main>
            <footer class="app-footer">
                <p>{i18n.tr(|t| t.footer_note)}</p>
            </footer>
            <LiveRegion />
            <FocusOnNavigate />
        </Router>
    }
}

/// After an in-app navigation, moves focus to `<main>` so keyboard and screen-reader users
/// start at the new page's content instead of wherever the old page left them.
#[component]
fn FocusOnNavigate() -> impl IntoView {
    let location = use_location();
    Effect::new(move |previous: Option<String>| {
        let path = location.pathname.get();
        if previous.is_some_and(|p| p != path) {
            components::focus_by_id("main");
        }
        path
    });
}
