//! "Open the projector": a new tab on a viewer session of its own, so the wall needs no
//! participant's rights even on the facilitator's laptop. For a canvas, a board or the
//! circles (`route` is one of the projector's pages).

use hevruta_model::{JoinAs, JoinExpedition, Route};
use leptos::prelude::*;

use super::texts::{ft, texts};
use crate::client::{ApiClient, ApiError};
use crate::i18n::use_i18n;
use crate::shell::use_live;

#[component]
pub fn ProjectorLink(
    client: StoredValue<ApiClient>,
    route: Route,
    /// Where a failed join is shown.
    error: RwSignal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let route = StoredValue::new(route);
    let open = move |_| {
        let Some(code) =
            use_live().and_then(|l| l.snapshot.with_untracked(|s| s.join_code.clone()))
        else {
            return;
        };
        // Opened now, inside the click, so no pop-up blocker stops it; filled in below.
        let Ok(Some(tab)) = window().open_with_url_and_target("about:blank", "_blank") else {
            return;
        };
        let client = client.get_value();
        let page = route.get_value();
        leptos::task::spawn_local(async move {
            let req = JoinExpedition {
                code: code.as_str().to_owned(),
                display_name: texts(i18n.lang_untracked()).projector_title.to_owned(),
                sector: None,
                join_as: JoinAs::Viewer,
            };
            match client.join(&req).await {
                Ok(grant) => {
                    let url = format!(
                        "{page}#token={}&code={}",
                        js_sys::encode_uri_component(&grant.token),
                        code.display()
                    );
                    let _ = tab.location().set_href(&url);
                }
                Err(e) => {
                    let _ = tab.close();
                    let _ = error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <button type="button" class="button" on:click=open>
            {ft(i18n, |t| t.project)}
        </button>
    }
}
