//! The projector's own entry point: a canvas on the wall (`/e/{id}/project/{canvas}`),
//! without the app's header and editing chrome, following the facilitator.

fn main() {
    leptos::mount::mount_to_body(hevruta::tools::facilitation::ProjectorApp);
}
