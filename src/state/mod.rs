//! App state on plain types: saved sessions, and what the expedition home derives from a
//! snapshot. Signals wrap these in pages; the logic here is tested without a browser.

pub mod members;
pub mod sessions;
pub mod storage;
