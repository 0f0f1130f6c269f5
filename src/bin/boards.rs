//! The boards' own entry point: a third wasm, loaded only when a board opens, so the first
//! load of the app stays small. The server serves `boards.html` for `/e/{id}/boards` and
//! `/e/{id}/board/{board}`.

fn main() {
    leptos::mount::mount_to_body(hevruta::tools::boards::BoardsApp);
}
