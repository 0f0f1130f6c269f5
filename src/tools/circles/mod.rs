//! Partner profiles (stage 1), the three learning circles (stage 2) and people's
//! devices, shipped as their own wasm (`src/bin/circles.rs`, `circles.html`) so the app's
//! first load stays small.
//!
//! Pure and natively tested: `matching` (shared passions, missing sectors, suggestions,
//! accent-insensitive tags), `filter` (filters, counts, thin circles, theme colours),
//! `linkify` (safe links in plain text). In the browser: the pages `partners`,
//! `profile_form`, `circles_page` (with `rings`, the SVG, `learning_card` and
//! `learning_form`) and `devices` (sign-in links, signed-in devices, roles), the form
//! pieces in `fields`, and the strings in `texts`.

mod circles_page;
pub mod devices;
pub mod fields;
pub mod filter;
mod learning_card;
mod learning_form;
pub mod linkify;
pub mod matching;
mod partners;
mod profile_form;
mod rings;
pub mod texts;
mod to_board;

use hevruta_model::{Bundle, ExpeditionId, Route};
use leptos::prelude::*;

use crate::i18n::use_i18n;
use crate::pages::NotFoundPage;
use crate::shell::Shell;
use texts::{CirclesKey, ct};

/// The circles bundle: partners, the member's own profile, and the learning circles.
#[component]
pub fn CirclesApp() -> impl IntoView {
    view! { <Shell bundle=Bundle::Circles page=circles_page /> }
}

fn circles_page(route: Option<Route>) -> AnyView {
    match route {
        Some(Route::Partners(id)) => view! { <partners::PartnersPage id=id /> }.into_any(),
        Some(Route::Profile(id)) => view! { <profile_form::ProfilePage id=id /> }.into_any(),
        Some(Route::Circles(id)) => view! { <circles_page::CirclesPage id=id /> }.into_any(),
        // Other pages are other bundles': the server never answers them with this one.
        _ => view! { <NotFoundPage /> }.into_any(),
    }
}

/// The bundle's pages and the way back to the expedition home; the page shown is marked.
#[component]
fn ToolNav(id: ExpeditionId, current: Route) -> impl IntoView {
    let i18n = use_i18n();
    let link = move |route: Route, label: CirclesKey| {
        let here = route == current;
        view! {
            <li>
                <a
                    href=route.to_string()
                    class="tool-tab"
                    class:is-current=here
                    aria-current=here.then_some("page")
                >
                    {ct(i18n, label)}
                </a>
            </li>
        }
    };
    view! {
        <nav class="tool-nav" aria-label=ct(i18n, |t| t.nav_label)>
            <a class="tool-back" href=Route::Expedition(id).to_string()>
                <span class="flip-rtl" aria-hidden="true">
                    "←"
                </span>
                " "
                {ct(i18n, |t| t.back_home)}
            </a>
            <ul class="tool-tabs">
                {link(Route::Partners(id), |t| t.nav_partners)}
                {link(Route::Profile(id), |t| t.nav_profile)}
                {link(Route::Circles(id), |t| t.nav_circles)}
                {link(Route::Devices(id), |t| t.nav_devices)}
            </ul>
        </nav>
    }
}
