//! The expedition's stage in the facilitator's panel: where the expedition stands, and the
//! step to the next stage, so a session can move on without leaving the canvas. The stage
//! itself comes from the live expedition (every member's page follows the change).

use hevruta_model::Stage;
use leptos::prelude::*;

use super::session::Session;
use crate::components::use_announcer;
use crate::i18n::{fill, use_i18n};
use crate::shell::use_live;

#[component]
pub fn StageStep(session: Session) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let live = use_live();
    let stage =
        Signal::derive(move || live.map_or(Stage::GettingToKnow, |l| l.snapshot.with(|s| s.stage)));
    let pending = RwSignal::new(false);
    let id = session.expedition;
    let advance = move |next: Stage| {
        if pending.get_untracked() {
            return;
        }
        pending.set(true);
        let client = session.client.get_value();
        leptos::task::spawn_local(async move {
            match client.set_stage(id, next).await {
                Ok(answer) => {
                    if let Some(l) = live {
                        let _ = l.snapshot.try_update(|s| s.stage = answer.stage);
                    }
                    let _ = session.error.try_set(None);
                    let t = i18n.t_untracked();
                    let n = answer.stage.number().to_string();
                    announcer.say(fill(
                        t.announce_stage,
                        &[("n", &n), ("name", t.stage(answer.stage).name)],
                    ));
                }
                Err(e) => {
                    let _ = session.error.try_set(Some(e));
                }
            }
            let _ = pending.try_set(false);
        });
    };
    view! {
        <div class="facil-row facil-stage">
            <p class="facil-stage-now">
                {move || {
                    let t = i18n.t();
                    let s = stage.get();
                    format!(
                        "{}: {} ({})",
                        fill(t.stage_step, &[("n", &s.number().to_string())]),
                        t.stage(s).name,
                        t.stage_current,
                    )
                }}
            </p>
            {move || match stage.get().next() {
                Some(next) => {
                    view! {
                        <button
                            type="button"
                            class="button"
                            aria-disabled=move || pending.get().then_some("true")
                            on:click=move |_| advance(next)
                        >
                            {move || {
                                let t = i18n.t();
                                fill(
                                    t.advance_to,
                                    &[
                                        ("n", &next.number().to_string()),
                                        ("name", t.stage(next).name),
                                    ],
                                )
                            }}
                        </button>
                    }
                        .into_any()
                }
                None => {
                    view! { <p class="hint">{move || i18n.t().last_stage_reached}</p> }.into_any()
                }
            }}
        </div>
    }
}
