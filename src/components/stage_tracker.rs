use hevruta_model::{ExpeditionId, Route, Stage};
use leptos::prelude::*;

use crate::components::focus_soon;
use crate::i18n::{Key, fill, use_i18n};

/// The tool each stage opens, and its link's words.
fn stage_tool(s: Stage, id: ExpeditionId) -> Option<(Route, Key)> {
    match s {
        Stage::GettingToKnow => Some((Route::Partners(id), |t| t.tool_partners)),
        Stage::LearningExpedition => Some((Route::Circles(id), |t| t.tool_circles)),
        Stage::DesigningModel => Some((Route::Canvases(id), |t| t.tool_canvases)),
        Stage::Implementing => None,
    }
}

fn t_key(t: &'static crate::i18n::Texts, key: Key) -> &'static str {
    key(t)
}

/// The four stages as an ordered list, the current one marked; the facilitator can move
/// on to the next stage or go to any other.
#[component]
pub fn StageTracker(
    /// Whose tools the stages link to (none: no links).
    #[prop(optional)]
    expedition: Option<ExpeditionId>,
    #[prop(into)] stage: Signal<Stage>,
    /// Stage 1's progress, said under it (profiles written, sectors missing).
    #[prop(optional, into)]
    progress: Signal<String>,
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
                                <span class="visually-hidden">
                                    {fill(t.stage_step, &[("n", &n)])}": "
                                </span>
                                {named.name}
                            </p>
                            <p class="stage-state">{state}</p>
                            <p class="stage-about">
                                {named.about}
                                {
                                    let p = progress.get();
                                    if s == Stage::GettingToKnow && !p.is_empty() {
                                        format!(" {p}")
                                    } else {
                                        String::new()
                                    }
                                }
                            </p>
                            {expedition
                                .and_then(|id| stage_tool(s, id))
                                .map(|(route, label)| {
                                    view! {
                                        <a class="stage-tool" href=route.to_string()>
                                            {t_key(t, label)}
                                        </a>
                                    }
                                })}
                            {(can_edit.get() && s != current)
                                .then(|| {
                                    view! {
                                        <button
                                            type="button"
                                            class="button-link"
                                            aria-disabled=move || pending.get().then_some("true")
                                            on:click=move |_| {
                                                if !pending.get_untracked() {
                                                    on_set.run(s);
                                                    focus_soon("stages-heading");
                                                }
                                            }
                                        >
                                            {go}
                                        </button>
                                    }
                                })}
                        </div>
                    </li>
                }
            })
            .collect_view()
    };
    // One button for the whole life of the tracker: it keeps keyboard focus when the
    // stage moves on, and says "busy" with aria-disabled rather than dropping focus.
    let advance = move || {
        view! {
            <button
                type="button"
                class="button button-primary"
                hidden=move || stage.get().next().is_none()
                aria-disabled=move || pending.get().then_some("true")
                on:click=move |_| {
                    if let Some(next) = stage
                        .get_untracked()
                        .next()
                        .filter(|_| !pending.get_untracked())
                    {
                        on_set.run(next);
                    }
                }
            >
                {move || {
                    let t = i18n.t();
                    stage
                        .get()
                        .next()
                        .map(|next| {
                            fill(
                                t.advance_to,
                                &[("n", &next.number().to_string()), ("name", t.stage(next).name)],
                            )
                        })
                        .unwrap_or_default()
                }}
            </button>
            <p class="hint" hidden=move || stage.get().next().is_some()>
                {i18n.tr(|t| t.last_stage_reached)}
            </p>
        }
    };
    view! {
        <section class="panel stages-panel" aria-labelledby="stages-heading">
            <h2 id="stages-heading" tabindex="-1">
                {i18n.tr(|t| t.stages_heading)}
            </h2>
            <ol class="stages">{items}</ol>
            {move || can_edit.get().then(advance)}
        </section>
    }
}
