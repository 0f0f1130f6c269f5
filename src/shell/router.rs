//! The app's router, built on the model's `Route` (the one route table, shared with the
//! canvas bundle and the server). The current route is a signal; links inside the same
//! bundle change it with `history.pushState`, links to another bundle load that page.
//! (leptos_router parses every URL with the `url` crate, whose IDNA tables cost the first
//! load more than this whole file.)

use hevruta_model::{Bundle, Route};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

/// The page shown, as a path, for the bundle running in this tab.
#[derive(Clone, Copy)]
pub struct Router {
    bundle: Bundle,
    path: RwSignal<String>,
}

fn current_path() -> String {
    window().location().pathname().unwrap_or_default()
}

impl Router {
    /// Starts following the address bar: back/forward, and clicks on same-bundle links.
    pub fn provide(bundle: Bundle) -> Router {
        let router = Router {
            bundle,
            path: RwSignal::new(current_path()),
        };
        provide_context(router);
        let popstate = window_event_listener(leptos::ev::popstate, move |_| {
            router.path.set(current_path());
        });
        let click = window_event_listener(leptos::ev::click, move |ev| router.on_click(ev));
        on_cleanup(move || {
            popstate.remove();
            click.remove();
        });
        router
    }

    /// The page at the address bar, `None` for a path that is no page.
    pub fn route(&self) -> Option<Route> {
        self.path.with(|p| Route::parse(p))
    }

    /// The current path, tracked (changes on every navigation).
    pub fn path(&self) -> String {
        self.path.get()
    }

    /// Opens a page: in place when this bundle renders it, else by loading it.
    pub fn go(&self, route: &Route) {
        self.open(route, false);
    }

    /// Opens a page in place of the one shown, which leaves the history (back skips it).
    pub fn replace(&self, route: &Route) {
        self.open(route, true);
    }

    fn open(&self, route: &Route, replace: bool) {
        let link = route.to_string();
        let location = window().location();
        if route.bundle() != self.bundle {
            let _ = if replace {
                location.replace(&link)
            } else {
                location.assign(&link)
            };
            return;
        }
        if let Ok(history) = window().history() {
            let none = wasm_bindgen::JsValue::NULL;
            let _ = if replace {
                history.replace_state_with_url(&none, "", Some(&link))
            } else {
                history.push_state_with_url(&none, "", Some(&link))
            };
        }
        window().scroll_to_with_x_and_y(0.0, 0.0);
        self.path.set(current_path());
    }

    /// A plain left click on a link to a page of this bundle navigates in place.
    fn on_click(&self, ev: web_sys::MouseEvent) {
        if ev.default_prevented()
            || ev.button() != 0
            || ev.ctrl_key()
            || ev.meta_key()
            || ev.shift_key()
            || ev.alt_key()
        {
            return;
        }
        let Some(anchor) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok())
        else {
            return;
        };
        if !anchor.target().is_empty() || anchor.has_attribute("download") {
            return;
        }
        let location = window().location();
        if anchor.origin() != location.origin().unwrap_or_default() {
            return;
        }
        // A link to the page shown, or to a fragment in it, is the browser's business.
        if anchor.pathname() == current_path() && !anchor.hash().is_empty() {
            return;
        }
        match Route::parse(&anchor.pathname()) {
            Some(route) if route.bundle() == self.bundle => {
                ev.prevent_default();
                self.go(&route);
            }
            _ => {}
        }
    }
}

pub fn use_router() -> Router {
    expect_context::<Router>()
}
