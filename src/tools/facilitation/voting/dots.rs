//! A member's dots on one sticky or card while a round is open: take one back, how many,
//! add one. Only this member's own dots are known here (the server sends no one else's).
//! Targets are 44 px on phones; a press never starts a drag of the sticky under it.

use leptos::prelude::*;
use uuid::Uuid;

use super::texts::{texts, vt};
use super::use_voting;
use crate::i18n::{fill, format_number, use_i18n};

/// The control on `item`, titled `label` for screen readers; nothing when no round is
/// open or this member cannot vote.
#[component]
pub fn ItemDots(#[prop(into)] item: Uuid, #[prop(into)] label: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    let voting = use_voting().filter(|v| v.voter)?;
    let open = Memo::new(move |_| voting.open());
    let mine = move || voting.mine(item);
    let can_add = move || {
        open.with(|o| {
            o.as_ref().is_some_and(|o| {
                o.remaining > 0 && voting.mine(item) < o.round.per_item() && !voting.busy.get()
            })
        })
    };
    let stop = |ev: web_sys::PointerEvent| ev.stop_propagation();
    Some(view! {
        <Show when=move || open.with(Option::is_some)>
            <div
                class="item-dots"
                role="group"
                aria-label=move || format!("{} · {}", texts(i18n.lang()).heading, label.get())
                on:pointerdown=stop
                on:dblclick=|ev: web_sys::MouseEvent| ev.stop_propagation()
            >
                <button
                    type="button"
                    class="button dot-button"
                    aria-label=vt(i18n, |t| t.remove_dot)
                    disabled=move || mine() == 0 || voting.busy.get()
                    on:click=move |ev| {
                        ev.stop_propagation();
                        voting.set_dots(item, mine().saturating_sub(1));
                    }
                >
                    "−"
                </button>
                <span class="dot-count" aria-live="polite">
                    {move || {
                        fill(
                            texts(i18n.lang()).my_dots,
                            &[("n", &format_number(i64::from(mine())))],
                        )
                    }}
                </span>
                <button
                    type="button"
                    class="button dot-button"
                    aria-label=vt(i18n, |t| t.add_dot)
                    disabled=move || !can_add()
                    on:click=move |ev| {
                        ev.stop_propagation();
                        voting.set_dots(item, mine() + 1);
                    }
                >
                    "+"
                </button>
            </div>
        </Show>
    })
}
