//! One file per route.

mod expedition;
mod landing;
mod not_found;
mod session_link;

pub use expedition::ExpeditionPage;
pub use landing::LandingPage;
pub use not_found::NotFoundPage;
pub use session_link::SessionLinkPage;
