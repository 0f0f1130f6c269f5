//! Every route path of the app, in one place.

use hevruta_model::ExpeditionId;

pub const HOME: &str = "/";

pub fn expedition(id: ExpeditionId) -> String {
    format!("/e/{id}")
}

/// The invite link for a join code, relative to the app's origin.
pub fn join(code: &str) -> String {
    format!("/join/{code}")
}
