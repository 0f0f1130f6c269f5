//! "Following Dana · Stop following", or "Follow Dana" while Dana presents: on a canvas
//! (Dana's view) and on a board (Dana's spotlight). Never about oneself: a facilitator's
//! second tab shows nothing while the first presents.

use hevruta_model::MemberId;
use leptos::prelude::*;

use super::texts::{ft, texts};
use crate::i18n::{fill, use_i18n};
use crate::shell::use_live;

/// The display name of a member of this expedition (empty if unknown).
pub fn name_of(id: MemberId) -> String {
    use_live()
        .and_then(|l| {
            l.snapshot.with_untracked(|s| {
                s.members
                    .iter()
                    .find(|m| m.id == id)
                    .map(|m| m.display_name.clone())
            })
        })
        .unwrap_or_default()
}

/// `presenter`: who leads now, if anyone; `me`: this page's member; `following`: whether
/// this page moves with them.
#[component]
pub fn FollowLine(
    presenter: Signal<Option<MemberId>>,
    me: MemberId,
    following: RwSignal<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        let by = presenter.get().filter(|by| *by != me)?;
        let name = name_of(by);
        let t = texts(i18n.lang());
        Some(if following.get() {
            let (before, after) = split_name(t.following);
            view! {
                <p class="facil-follow" role="status">
                    {before}
                    <bdi>{name}</bdi>
                    {after}
                    " · "
                    <button
                        type="button"
                        class="button facil-unfollow"
                        on:click=move |_| following.set(false)
                    >
                        {ft(i18n, |t| t.stop_following)}
                    </button>
                </p>
            }
            .into_any()
        } else {
            view! {
                <button
                    type="button"
                    class="button facil-follow-btn"
                    on:click=move |_| following.set(true)
                >
                    {fill(t.follow, &[("name", &format!("\u{2068}{name}\u{2069}"))])}
                </button>
            }
            .into_any()
        })
    }
}

/// The text before and after `{name}`.
fn split_name(template: &'static str) -> (&'static str, &'static str) {
    template.split_once("{name}").unwrap_or((template, ""))
}
