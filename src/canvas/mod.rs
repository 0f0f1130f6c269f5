//! The model-canvas screen, shipped as its own wasm (`src/bin/canvas.rs`).

pub mod geometry;
pub mod state;
pub mod texts;

use leptos::prelude::*;

use crate::client::ApiClient;
use crate::components::{Announcer, AppHeader, LiveRegion};
use crate::i18n::I18n;

#[component]
pub fn CanvasApp() -> impl IntoView {
    let i18n = I18n::provide();
    Announcer::provide();
    provide_context(ApiClient::from_page());
    view! {
        <a class="skip-link" href="#main">{i18n.tr(|t| t.skip_to_content)}</a>
        <AppHeader />
        <main id="main" tabindex="-1"><p class="page loading">{i18n.tr(|t| t.loading)}</p></main>
        <LiveRegion />
    }
}
