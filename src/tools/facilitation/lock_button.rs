//! The facilitator's lock switch, the same for a canvas and a board: pressed while locked,
//! its label saying what a press does.

use leptos::prelude::*;

use super::texts::{FacilKey, texts};
use crate::i18n::use_i18n;

#[component]
pub fn LockButton(
    #[prop(into)] locked: Signal<bool>,
    /// "Lock …" and "Unlock …".
    lock: FacilKey,
    unlock: FacilKey,
    /// Called with the lock wanted (`true`: lock it).
    on_toggle: Callback<bool>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <button
            type="button"
            class="button"
            aria-pressed=move || if locked.get() { "true" } else { "false" }
            on:click=move |_| on_toggle.run(!locked.get_untracked())
        >
            {move || {
                let t = texts(i18n.lang());
                if locked.get() { unlock(t) } else { lock(t) }
            }}
        </button>
    }
}
