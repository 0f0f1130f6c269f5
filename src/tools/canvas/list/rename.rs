//! Renaming a canvas in place, from its card.

use hevruta_model::{CanvasSummary, UpdateCanvas};
use leptos::prelude::*;

use crate::client::ApiError;
use crate::components::{CharCounter, ErrorNotice, FormErrors, counter_id, focus_by_id};
use crate::i18n::use_i18n;
use crate::tools::canvas::texts::ct;

/// Renames a canvas in place: its new title, checked like every title, with a counter.
#[component]
pub(super) fn RenameForm(
    canvas: CanvasSummary,
    /// The card's update action (its answer is the renamed canvas).
    action: Action<UpdateCanvas, Result<CanvasSummary, ApiError>>,
    /// Called with the renamed canvas, or `None` when cancelled.
    on_done: Callback<Option<CanvasSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = format!("rename-title-{}", canvas.id);
    let title = RwSignal::new(canvas.title.clone());
    let errors = FormErrors::new(Signal::derive(move || {
        action.value().get().map(|r| r.map(drop))
    }));
    let title_error = errors.field("title");
    let version = action.version().get_untracked();
    Effect::new(move |_| {
        if action.version().get() > version
            && let Some(Ok(c)) = action.value().get_untracked()
        {
            on_done.run(Some(c));
        }
    });
    {
        let field = field.clone();
        request_animation_frame(move || focus_by_id(&field));
    }
    let before = canvas.title.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = title.get_untracked();
        if wanted.trim() == before {
            on_done.run(None);
            return;
        }
        let req = UpdateCanvas {
            title: Some(wanted),
            archived: None,
        };
        match req.validate() {
            Err(e) => errors.check(e),
            Ok(_) => {
                errors.check(Vec::new());
                action.dispatch(req);
            }
        }
    };
    let max = hevruta_model::Title::MAX_CHARS;
    let described = {
        let (error_id, count_id) = (format!("{field}-error"), counter_id(&field));
        move || {
            let mut ids = vec![count_id.clone()];
            if title_error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <form
            class="canvas-rename"
            on:submit=on_submit
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_done.run(None);
                }
            }
            novalidate
        >
            <div class="field" class:has-error=move || title_error.get().is_some()>
                <label for=field.clone()>{ct(i18n, |t| t.rename_label)}</label>
                <input
                    id=field.clone()
                    type="text"
                    dir="auto"
                    maxlength=max.to_string()
                    aria-invalid=move || title_error.get().is_some().then_some("true")
                    aria-describedby=described
                    prop:value=move || title.get()
                    on:input:target=move |ev| title.set(ev.target().value())
                />
                <CharCounter field=field.clone() value=title max=max />
                {
                    let error_id = format!("{field}-error");
                    move || {
                        title_error
                            .get()
                            .map(|e| {
                                view! {
                                    <p class="field-error" id=error_id.clone()>
                                        {e}
                                    </p>
                                }
                            })
                    }
                }
            </div>
            <ErrorNotice error=errors.general />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || action.pending().get()
                >
                    {move || i18n.t().save}
                </button>
                <button type="button" class="button" on:click=move |_| on_done.run(None)>
                    {move || i18n.t().cancel}
                </button>
            </div>
        </form>
    }
}
