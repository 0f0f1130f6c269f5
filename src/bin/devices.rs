//! A member's devices' own entry point: a sixth wasm, loaded only when `/e/{id}/devices`
//! opens, so the QR encoder its sign-in links need ships in no tool's bundle.

fn main() {
    leptos::mount::mount_to_body(hevruta::tools::circles::devices::DevicesApp);
}
