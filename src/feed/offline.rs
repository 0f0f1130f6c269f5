//! The expedition home when the server cannot be reached: the feed as last read on this
//! device, with a banner saying so and since when; back online, the page loads again and
//! catches up.

use hevruta_model::ExpeditionId;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use super::{FeedPanel, FeedState, cache};
use crate::client::ApiClient;
use crate::state::sessions::SessionBook;

/// The kept home of `id`, or the loader's failure when nothing is kept.
pub fn offline_home(id: ExpeditionId) -> AnyView {
    view! { <OfflineHome id=id /> }.into_any()
}

#[component]
fn OfflineHome(id: ExpeditionId) -> impl IntoView {
    let kept = RwSignal::new(None::<Option<cache::Kept>>);
    leptos::task::spawn_local(async move {
        kept.set(Some(cache::read(id).await.ok().flatten()));
    });
    // Back online: load the page again, which fetches and follows the stream.
    let reload = Closure::<dyn FnMut()>::new(|| {
        let _ = window().location().reload();
    });
    let _ = window().add_event_listener_with_callback("online", reload.as_ref().unchecked_ref());
    reload.forget();
    let session = SessionBook::load().get(id).cloned();
    move || match (kept.get(), session.clone()) {
        (None, _) => view! { <p class="page loading">"…"</p> }.into_any(),
        (Some(Some(k)), Some(session)) => {
            let state = FeedState::new();
            state.page.set(Some(k.page));
            state.offline_since.set(Some(k.at));
            let client = expect_context::<ApiClient>().with_token(session.token.clone());
            view! {
                <div class="page expedition">
                    <header class="expedition-header">
                        <h1 dir="auto">{k.title}</h1>
                    </header>
                    <FeedPanel
                        id=id
                        client=client
                        me=session.member.clone()
                        state=state
                        members=Signal::derive(Vec::new)
                    />
                </div>
            }
            .into_any()
        }
        _ => view! {
            <p class="notice" role="alert">
                {move || super::texts::texts(crate::i18n::use_i18n().lang()).failed}
            </p>
        }
        .into_any(),
    }
}
