//! Reusable pieces of the interface.

mod error_notice;
mod field;
mod focus;
mod header;
mod live_region;
mod members;
mod menu;
mod stage_tracker;

pub use error_notice::{ErrorNotice, LoadFailed, NotAMember, error_text};
pub use field::{
    CharCounter, ExpeditionFields, FormErrors, SectorSelect, TextField, chars_left, counter_id,
    field_message,
};
pub use focus::{focus_by_id, focus_soon};
pub use header::AppHeader;
pub use live_region::{Announcer, LiveRegion, use_announcer};
pub use members::PartnerList;
pub use menu::Menu;
pub use stage_tracker::StageTracker;
