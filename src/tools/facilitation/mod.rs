//! Running a live session from the front of the room: the server-owned timer, hands and
//! "done", locks, the facilitator's view that followers and the projector move with, and
//! the projector itself (its own bundle, `projector.html`).
//!
//! `session` holds the live state and the clock offset; `timer` shows it; `follow` wires a
//! canvas's view both ways (pure maths tested natively); `controls` is the strip and the
//! facilitator's panel on the canvas; `stage` the expedition's next stage from that panel;
//! `private` private writing's line and switch; `voting` the voting rounds of a canvas or
//! board; `pointers` others' cursors and the laser as heard, and this member's sent;
//! `overlay` draws them and the spotlit section over the canvas; `projector` the wall (a
//! canvas; `wall_board`, `wall_circles` and their `wall_list` for a board and the circles),
//! `projector_link` what opens it; `qr` the join code's QR code; `board_strip` the timer, the
//! lock and the projector on a board; `board_spot` a board's spotlight, set and followed;
//! `follow_line` whom a page follows; `lock_button` the lock switch of both; `texts` the
//! strings in every language.

pub mod board_spot;
pub mod board_strip;
pub mod controls;
pub mod follow;
pub mod follow_line;
pub mod lock_button;
pub mod overlay;
pub mod pointers;
pub mod private;
pub mod projector;
pub mod projector_link;
pub mod qr;
pub mod session;
pub mod stage;
pub mod texts;
pub mod timer;
pub mod voting;
pub mod wall_board;
pub mod wall_circles;
pub mod wall_list;

pub use controls::CanvasFacilitation;
pub use follow::use_follow;
pub use overlay::CanvasOverlay;
pub use pointers::Pointers;
pub use projector::ProjectorApp;
pub use session::Session;
