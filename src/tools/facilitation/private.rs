//! Private writing on a canvas: for everyone a line saying it is on and how much is written
//! (a participant also reads that only they see what they add); for the facilitator the
//! switch to start it, named or anonymous, and the reveal that ends it.

use leptos::prelude::*;

use super::session::Session;
use super::texts::{ft, texts};
use crate::i18n::{fill, format_number, use_i18n};
use crate::tools::canvas::ctl::Ctl;

/// The line on the strip while private writing is on.
#[component]
pub fn PrivateBanner(ctl: Ctl, session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let writer = ctl.can_edit() && !session.is_facilitator();
    move || {
        let on = ctl.private_writing.get()?;
        let t = texts(i18n.lang());
        let count = fill(
            t.private_count,
            &[
                ("n", &format_number(i64::from(on.stickies))),
                ("people", &format_number(i64::from(on.writers))),
            ],
        );
        let head = match (writer, on.anonymous) {
            (true, _) => t.private_banner,
            (false, true) => t.private_on_anonymous,
            (false, false) => t.private_on,
        };
        Some(view! {
            <p class="facil-private" role="status">
                <strong>{head}</strong>
                " · "
                <span>{count}</span>
            </p>
        })
    }
}

/// The facilitator's switch: start (named or anonymous) while it is off, reveal while on.
#[component]
pub fn PrivateControls(ctl: Ctl, session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let (id, canvas) = (session.expedition, ctl.canvas);
    let start = move |anon: bool| {
        let client = session.client.get_value();
        leptos::task::spawn_local(async move {
            match client.start_private_writing(id, canvas, anon).await {
                Ok(on) => {
                    let _ = ctl.private_writing.try_set(Some(on));
                    let _ = session.error.try_set(None);
                }
                Err(e) => {
                    let _ = session.error.try_set(Some(e));
                }
            }
        });
    };
    let reveal = move |_| {
        let client = session.client.get_value();
        leptos::task::spawn_local(async move {
            match client.reveal_private_writing(id, canvas).await {
                Ok(()) => {
                    let _ = ctl.private_writing.try_set(None);
                    let _ = session.error.try_set(None);
                }
                Err(e) => {
                    let _ = session.error.try_set(Some(e));
                }
            }
        });
    };
    view! {
        <div class="facil-row">
            <Show
                when=move || ctl.private_writing.with(Option::is_some)
                fallback=move || {
                    view! {
                        <button type="button" class="button" on:click=move |_| start(false)>
                            {ft(i18n, |t| t.private_start)}
                        </button>
                        <button type="button" class="button" on:click=move |_| start(true)>
                            {ft(i18n, |t| t.private_anonymous)}
                        </button>
                    }
                }
            >
                <button type="button" class="button button-primary" on:click=reveal>
                    {ft(i18n, |t| t.private_reveal)}
                </button>
            </Show>
        </div>
    }
}
