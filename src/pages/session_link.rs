//! `/session#token=…` or `/session#link=…`: opens an expedition from a link that carries a
//! session token or a one-time sign-in link from another device (the
//! demo's facilitator link). The token sits in the fragment, so it never reaches a server log.

use hevruta_model::Route;
use leptos::prelude::*;

use crate::client::ApiClient;
use crate::components::ErrorNotice;
use crate::i18n::use_i18n;
use crate::shell::use_router;
use crate::state::sessions::{SavedSession, SessionBook};

fn from_hash(hash: &str, key: &str) -> Option<String> {
    hash.trim_start_matches('#')
        .split('&')
        .find_map(|kv| kv.strip_prefix(key))
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
}

fn token_from_hash(hash: &str) -> Option<String> {
    from_hash(hash, "token=")
}

#[component]
pub fn SessionLinkPage() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<ApiClient>();
    let router = use_router();
    let hash = window().location().hash().unwrap_or_default();
    let failed = RwSignal::new(None);
    let invalid = RwSignal::new(false);
    // A sign-in link from another device (`#link=…`): one use, then a session of our own.
    if let Some(link) = from_hash(&hash, "link=") {
        leptos::task::spawn_local(async move {
            match api.redeem_device_link(&link).await {
                Ok(grant) => {
                    let id = grant.expedition_id;
                    SessionBook::edit(|b| b.upsert(SavedSession::from_grant(grant)));
                    router.replace(&Route::Expedition(id));
                }
                Err(crate::client::ApiError::Unauthorized(_)) => invalid.set(true),
                Err(e) => failed.set(Some(e)),
            }
        });
    } else {
        match token_from_hash(&hash) {
            None => invalid.set(true),
            Some(token) => {
                let client = api.with_token(token.clone());
                leptos::task::spawn_local(async move {
                    let result = async {
                        let me = client.me().await?;
                        let snap = client.expedition(me.expedition_id).await?;
                        Ok::<_, crate::client::ApiError>((me, snap))
                    }
                    .await;
                    match result {
                        Ok((me, snap)) => {
                            SessionBook::edit(|b| {
                                b.upsert(SavedSession {
                                    expedition_id: me.expedition_id,
                                    token,
                                    member: me.member,
                                    title: snap.title,
                                })
                            });
                            router.replace(&Route::Expedition(me.expedition_id));
                        }
                        Err(crate::client::ApiError::Unauthorized(_)) => invalid.set(true),
                        Err(e) => failed.set(Some(e)),
                    }
                });
            }
        }
    }
    view! {
        <div class="page narrow">
            <Show
                when=move || invalid.get()
                fallback=move || view! { <p class="loading">{i18n.tr(|t| t.opening_session)}</p> }
            >
                <p class="notice notice-error">{i18n.tr(|t| t.session_link_invalid)}</p>
            </Show>
            <ErrorNotice error=failed />
            <p>
                <a href=Route::Home.to_string()>{i18n.tr(|t| t.back_to_start)}</a>
            </p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::token_from_hash;

    #[test]
    fn the_token_is_read_from_the_fragment() {
        assert_eq!(token_from_hash("#token=abc"), Some("abc".into()));
        assert_eq!(token_from_hash("#x=1&token=abc"), Some("abc".into()));
        assert_eq!(token_from_hash("#token="), None);
        assert_eq!(token_from_hash(""), None);
    }
}
