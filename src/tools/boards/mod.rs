//! Global-innovation boards, shipped as their own wasm (`src/bin/boards.rs`,
//! `boards.html`) so the app's first load stays small: columns of innovation cards moved
//! by drag, keys or "Move to…", dot votes, comments, filters, a grid, import and export.
//!
//! Pure and natively tested: `moves` (keys for a place, keyboard steps), `links` (safe
//! auto-links); the model holds the board's fold, filters and file formats. In the
//! browser: `ctx` (the live board and its writes), the screens `list` and `screen`, and
//! their parts `column` (with `column_menu`, the facilitator's), `card` (with `origin`,
//! the learning it came from), `drag`, `form`, `porting`; `window` renders long columns in
//! part; `texts` holds the strings.

mod card;
mod card_comments;
mod card_votes;
mod column;
mod column_menu;
mod ctx;
mod drag;
mod form;
pub mod links;
mod list;
pub mod moves;
mod origin;
mod porting;
mod screen;
pub mod texts;
mod window;

use hevruta_model::{Bundle, Route};
use leptos::prelude::*;

use crate::pages::NotFoundPage;
use crate::shell::Shell;

/// The boards bundle: the expedition's boards and one board.
#[component]
pub fn BoardsApp() -> impl IntoView {
    view! { <Shell bundle=Bundle::Boards page=boards_page /> }
}

fn boards_page(route: Option<Route>) -> AnyView {
    match route {
        Some(Route::Boards(id)) => view! { <list::BoardListPage id=id /> }.into_any(),
        Some(Route::Board(id, board)) => {
            view! { <screen::BoardPage id=id board=board /> }.into_any()
        }
        // Other pages are other bundles': the server never answers them with this one.
        _ => view! { <NotFoundPage /> }.into_any(),
    }
}
