//! Running a live session from the front of the room: the server-owned timer, hands and
//! "done", locks, the facilitator's view that followers and the projector move with, and
//! the projector itself (its own bundle, `projector.html`).
//!
//! `session` holds the live state and the clock offset; `timer` shows it; `follow` wires a
//! canvas's view both ways (pure maths tested natively); `controls` is the strip and the
//! facilitator's panel on the canvas; `pointers` others' cursors and the laser as heard,
//! and this member's sent; `overlay` draws them and the spotlit section over the canvas;
//! `projector` the wall; `qr` the join code's QR code; `texts` the strings in every language.

pub mod controls;
pub mod follow;
pub mod overlay;
pub mod pointers;
pub mod projector;
pub mod qr;
pub mod session;
pub mod texts;
pub mod timer;

pub use controls::CanvasFacilitation;
pub use follow::use_follow;
pub use overlay::CanvasOverlay;
pub use pointers::Pointers;
pub use projector::ProjectorApp;
pub use session::Session;
