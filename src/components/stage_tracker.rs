use hevruta_model::Stage;
use leptos::prelude::*;

use crate::i18n::{fill, use_i18n};

/// The four stages as an ordered list, the current one marked; the facilitator can move
/// on to the next stage or go to any other.
#[component]
pub fn StageTracker(
    #[prop(into)] stage: Signal<Stage>,
    /// Whether the viewer may change the stage (facilitators).
    #[prop(into)]
    can_edit: Signal<bool>,
    /// A stage change is being saved.
    #[prop(into)]
    pending: Signal<bool>,
    /// Called with the stage to move to.
    on_set: Callback<Stage>,
) -> impl IntoView {
    let i18n = use_i18n();
    let items = move || {
        let t = i18n.t();
        let current = stage.get();
        Stage::ALL
            .into_iter()
            .map(|s| {
                let named = t.stage(s);
                let n = s.number().to_string();
                let state = if s == current {
                    t.stage_current
                } else if s < current {
                    t.stage_done
                } else {
                    t.stage_upcoming
                };
                let go = fill(t.set_stage_to, &[("n", &n), ("name", named.name)]);
                view! {
                    <li
                        class="stage"
                        class:current=s == current
                        class:done=s < current
                        aria-current=(s == current).then_some("step")
                    >
                        <span class="stage-num" aria-hidden="true">
                            {if s < current { "✓".to_string() } else { n.clone() }}
                        </span>
                        <div class="stage-body">
                            <p class="stage-name">
                                <span class="visually-hidden">{fill(t.stage_step, &[("n", &n)])}": "</span>
                                {named.name}
                            </p>
                            <p class="stage-state">{state}</p>
                            <p class="stage-about">{named.about}</p>
                            <Show when=move || can_edit.get() && s != current>
                                <button
                                    type="button"
                                    class="button-link"
                                    disabled=move || pending.get()
                                    on:click=move |_| on_set.run(s)
                                >
                                    {go.clone()}
                                </button>
                            </Show>
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    let advance = move || {
        let t = i18n.t();
        match stage.get().next() {
            Some(next) => {
                let label = fill(
                    t.advance_to,
                    &[
                        ("n", &next.number().to_string()),
                        ("name", t.stage(next).name),
                    ],
                );
                view! {
                    <button
                        type="button"
                        class="button button-primary"
                        disabled=move || pending.get()
                        on:click=move |_| on_set.run(next)
                    >
                        {label}
                    </button>
                }
                .into_any()
            }
            None => view! { <p class="hint">{t.last_stage_reached}</p> }.into_any(),
        }
    };
    view! {
        <section class="panel stages-panel" aria-labelledby="stages-heading">
            <h2 id="stages-heading">{i18n.tr(|t| t.stages_heading)}</h2>
            <ol class="stages">{items}</ol>
            <Show when=move || can_edit.get()>{advance}</Show>
        </section>
    }
}
