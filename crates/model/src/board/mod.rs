//! Global-innovation boards: columns of cards (innovations from anywhere, with where they
//! came from), ordered by fractional keys, dot votes within a budget the server enforces,
//! comments, filters, and import/export (JSON, CSV, Trello). The same types and the same
//! fold of `BoardEvent`s serve the server's answers and the browser's live board.

mod api;
mod card;
pub mod csv;
pub mod event;
pub mod filter;
pub mod import;
pub mod key;
#[cfg(test)]
mod tests;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use api::*;
pub use card::{Card, CardContent, NewCard, Source};
pub use event::{BoardChange, BoardEvent};
pub use filter::Filter;
pub use key::{MAX_KEY_CHARS, check_key, key_after, key_between, spread_keys};

id_type!(
    /// Identifies a board; made by the client, so a retried create is recognised.
    BoardId,
    /// Identifies a column of a board; made by the client.
    ColumnId,
    /// Identifies a card; made by the client (UUIDv7), so a retry never duplicates it.
    CardId,
    /// Identifies a comment; made by the client.
    CommentId
);

/// Most columns a board may have.
pub const MAX_COLUMNS: usize = 12;
/// Most cards a board may hold.
pub const MAX_CARDS_PER_BOARD: usize = 5000;
/// Most themes on one card.
pub const MAX_THEMES: usize = 10;
/// Largest vote budget (and per-card cap) a facilitator may set.
pub const MAX_VOTE_BUDGET: u32 = 99;
/// The vote budget of a new board.
pub const DEFAULT_VOTE_BUDGET: u32 = 5;
/// Most cards one import request may carry (bigger imports go in several requests).
pub const MAX_IMPORT_CARDS: usize = 500;
/// Largest file the import reads, in bytes (a Trello export with its history is large).
pub const MAX_IMPORT_BYTES: usize = 8 * 1024 * 1024;
/// The SSE `event:` name of board changes (`BoardEvent`): screens without a board never
/// decode them, so the app's first load carries none of this.
pub const SSE_BOARD: &str = "board";

/// The columns a new board starts with when its creator names none (clients send them in
/// their own language): the path from hearing of an innovation to piloting it here.
pub const DEFAULT_COLUMNS: [&str; 4] = [
    "Discovered",
    "Exploring",
    "Adapting for our city",
    "Piloting",
];
