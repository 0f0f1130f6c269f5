//! The updates feed on the expedition home: announcements and milestones with reactions
//! and replies, the digest of what changed, the upcoming dates with their `.ics`, unread
//! markers kept by the server. Part of the first load: phones open here.

pub mod cache;
pub mod calendar;
pub mod ics;
pub mod offline;
mod panel;
mod post_form;
pub mod state;
pub mod texts;

pub use panel::FeedPanel;
pub use state::FeedState;
