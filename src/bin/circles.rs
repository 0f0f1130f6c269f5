//! The partners and learning circles' own entry point: a third wasm, loaded only when one
//! of their pages opens. The server serves `circles.html` for `/e/{id}/partners`,
//! `/e/{id}/profile` and `/e/{id}/circles`.

fn main() {
    leptos::mount::mount_to_body(hevruta::tools::circles::CirclesApp);
}
