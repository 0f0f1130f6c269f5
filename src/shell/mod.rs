//! The shell every page bundle mounts: the contexts (language, announcer, API client,
//! router), the skip link, header, `<main>`, footer and live region, and focus moved to
//! the new page after a navigation. Pages of an expedition load through `loader`.

pub mod loader;
pub mod router;

use hevruta_model::{Bundle, Route};
use leptos::prelude::*;

use crate::client::ApiClient;
use crate::components::{Announcer, AppHeader, LiveRegion, focus_by_id};
use crate::i18n::{I18n, use_i18n};
pub use loader::{ExpeditionLoader, Handoff, Live, Loaded, use_live};
pub use router::{Router, use_router};

/// The frame of every page. `page` renders the route at the address bar (`None`: no page).
#[component]
pub fn Shell<P, V>(bundle: Bundle, page: P) -> impl IntoView
where
    P: Fn(Option<Route>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = I18n::provide();
    Announcer::provide();
    provide_context(ApiClient::from_page());
    Handoff::provide();
    let router = Router::provide(bundle);
    let route = Memo::new(move |_| router.route());
    // Only a canvas is full-bleed (and skips straight to its surface); the rest scroll.
    let on_canvas = move || matches!(route.get(), Some(Route::Canvas(..)));
    let skip_to = move || {
        if on_canvas() {
            "#canvas-content"
        } else {
            "#main"
        }
    };
    // After an in-app navigation, focus starts at the new page's content.
    Effect::new(move |previous: Option<String>| {
        let path = router.path();
        if previous.is_some_and(|p| p != path) {
            focus_by_id("main");
        }
        path
    });
    view! {
        <a class="skip-link" href=skip_to>
            {i18n.tr(|t| t.skip_to_content)}
        </a>
        <AppHeader />
        <main id="main" class:canvas-main=on_canvas tabindex="-1">
            {move || page(route.get())}
        </main>
        <Show when=move || !on_canvas()>
            <footer class="app-footer">
                <p>{i18n.tr(|t| t.footer_note)}</p>
            </footer>
        </Show>
        <LiveRegion />
    }
}

/// Sets the document title for the page being shown.
pub fn set_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| document().set_title(&title()));
}

/// A short message instead of a page (something missing, a session that ended), with the
/// way back to the start.
#[component]
pub fn Message(
    /// The sentence, in the current language.
    text: Signal<&'static str>,
    /// An alert (something went wrong) rather than a plain notice.
    #[prop(optional)]
    alert: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page narrow">
            <p
                class=if alert { "notice notice-error" } else { "notice" }
                role=alert.then_some("alert")
            >
                {text}
            </p>
            <p>
                <a href=Route::Home.to_string()>{i18n.tr(|t| t.join_heading)}</a>
            </p>
        </div>
    }
}
