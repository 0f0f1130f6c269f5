//! One file per route.

mod expedition;
mod landing;
mod not_found;
mod session_link;

pub use expedition::ExpeditionPage;
pub use landing::LandingPage;
pub use not_found::NotFoundPage;
pub use session_link::SessionLinkPage;

use leptos::prelude::*;

/// Sets the document title for the page being shown.
pub(crate) fn set_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| document().set_title(&title()));
}
