//! Adding or editing a learning: its circle, title, text, source, origin, themes and what
//! it builds on. The model's own check runs first and puts each error next to its field;
//! the server's refusal does the same; what was typed stays. A new learning keeps the id
//! made when its form opened, so sending it again after a lost answer cannot duplicate it.

use hevruta_model::{
    Circle, CreateLearning, Learning, LearningDraft, LearningId, LearningText, PlaceName, Title,
    WebUrl,
};
use leptos::prelude::*;

use super::circles_page::Ctx;
use super::fields::{ToolField, field_error, first_error, join_tags, split_tags};
use super::texts::{ct, texts};
use crate::client::ApiError;
use crate::components::{ErrorNotice, FormErrors, focus_by_id};
use crate::i18n::use_i18n;
use crate::tools::canvas::ctl::new_uuid;

#[component]
pub fn LearningForm(ctx: Ctx, editing: Option<LearningId>) -> impl IntoView {
    let i18n = use_i18n();
    let start: Option<Learning> = editing.and_then(|id| ctx.learning(id));
    let draft = start.as_ref().map(Learning::to_draft);
    let new_id = StoredValue::new(LearningId(new_uuid()));
    let circle = RwSignal::new(draft.as_ref().map_or(1, |d| d.circle));
    let title = RwSignal::new(draft.as_ref().map(|d| d.title.clone()).unwrap_or_default());
    let text = RwSignal::new(draft.as_ref().map(|d| d.text.clone()).unwrap_or_default());
    let source = RwSignal::new(
        draft
            .as_ref()
            .and_then(|d| d.source_url.clone())
            .unwrap_or_default(),
    );
    let origin = RwSignal::new(
        draft
            .as_ref()
            .and_then(|d| d.origin.clone())
            .unwrap_or_default(),
    );
    let themes = RwSignal::new(
        draft
            .as_ref()
            .map(|d| join_tags(&d.themes))
            .unwrap_or_default(),
    );
    let builds_on = RwSignal::new(draft.as_ref().and_then(|d| d.builds_on));
    let expedition = ctx.expedition;
    let save = Action::new_local(move |req: &LearningDraft| {
        let (client, req) = (ctx.client.get_value(), req.clone());
        async move {
            let saved = match editing {
                Some(id) => client.update_learning(expedition, id, &req).await?,
                None => {
                    let create = CreateLearning {
                        id: new_id.get_value(),
                        draft: req,
                    };
                    client.create_learning(expedition, &create).await?
                }
            };
            ctx.adopt(saved);
            ctx.editing.set(None);
            ctx.adding.set(false);
            Ok::<_, ApiError>(())
        }
    });
    let errors = FormErrors::new(save.value());
    let focus_first = move || {
        if let Some(f) = first_error(errors) {
            focus_by_id(&format!("learning-{f}"));
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let source = source.get_untracked();
        let origin = origin.get_untracked();
        let req = LearningDraft {
            circle: circle.get_untracked(),
            title: title.get_untracked(),
            text: text.get_untracked(),
            source_url: (!source.trim().is_empty()).then_some(source),
            origin: (!origin.trim().is_empty()).then_some(origin),
            themes: split_tags(&themes.get_untracked()),
            builds_on: builds_on.get_untracked(),
        };
        match req.validate() {
            Err(e) => {
                errors.check(e);
                focus_first();
            }
            Ok(_) => {
                errors.check(Vec::new());
                save.dispatch(req);
            }
        }
    };
    Effect::new(move |_| {
        if matches!(save.value().get(), Some(Err(ApiError::Problem(_)))) {
            focus_first();
        }
    });
    let cancel = move |_| {
        ctx.editing.set(None);
        ctx.adding.set(false);
    };
    // What this learning may build on: any other learning listed.
    let candidates = Memo::new(move |_| {
        ctx.listing.with(|l| {
            l.learnings
                .iter()
                .filter(|x| Some(x.id) != editing)
                .map(|x| (x.id, x.title.clone()))
                .collect::<Vec<_>>()
        })
    });
    let circle_error = field_error(errors, "circle");
    let builds_on_error = field_error(errors, "builds_on");
    let heading_id = if editing.is_some() {
        "edit-learning-heading"
    } else {
        "add-learning-heading"
    };
    request_animation_frame(|| focus_by_id("learning-title"));
    view! {
        <form class="learning-form" on:submit=on_submit novalidate aria-labelledby=heading_id>
            <h2 id=heading_id>
                {if editing.is_some() {
                    ct(i18n, |t| t.edit_heading)
                } else {
                    ct(i18n, |t| t.add_heading)
                }}
            </h2>
            <fieldset
                class="field circle-choice"
                class:has-error=move || circle_error.get().is_some()
            >
                <legend>{ct(i18n, |t| t.circle_label)}</legend>
                {Circle::ALL
                    .into_iter()
                    .map(|c| {
                        let n = c.number();
                        let i = usize::from(n) - 1;
                        view! {
                            <label class=format!("circle-option circle-{n}")>
                                <input
                                    type="radio"
                                    name="learning-circle"
                                    id=format!("learning-circle-{n}")
                                    value=n.to_string()
                                    prop:checked=move || circle.get() == n
                                    on:change=move |_| circle.set(n)
                                />
                                <span>
                                    <strong>{move || texts(i18n.lang()).circle_numbers[i]}</strong>
                                    " "
                                    {move || texts(i18n.lang()).circle_names[i]}
                                </span>
                            </label>
                        }
                    })
                    .collect_view()}
                {move || circle_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            </fieldset>
            <ToolField
                id="learning-title"
                label=|t| t.title_label
                value=title
                error=field_error(errors, "title")
                maxlength=Title::MAX_CHARS
            />
            <ToolField
                id="learning-text"
                label=|t| t.text_label
                hint=|t| t.text_hint
                value=text
                error=field_error(errors, "text")
                multiline=true
                maxlength=LearningText::MAX_CHARS
            />
            <ToolField
                id="learning-source_url"
                label=|t| t.source_label
                aside=|t| t.optional
                value=source
                error=field_error(errors, "source_url")
                maxlength=WebUrl::MAX_CHARS
                input_type="url"
            />
            <ToolField
                id="learning-origin"
                label=|t| t.origin_label
                aside=|t| t.optional
                value=origin
                error=field_error(errors, "origin")
                maxlength=PlaceName::MAX_CHARS
            />
            <ToolField
                id="learning-themes"
                label=|t| t.themes_label
                aside=|t| t.optional
                hint=|t| t.tags_hint
                value=themes
                error=field_error(errors, "themes")
            />
            <div class="field" class:has-error=move || builds_on_error.get().is_some()>
                <label for="learning-builds_on">{ct(i18n, |t| t.builds_on_label)}</label>
                <select
                    id="learning-builds_on"
                    aria-invalid=move || builds_on_error.get().is_some().then_some("true")
                    on:change:target=move |ev| builds_on.set(ev.target().value().parse().ok())
                >
                    <option value="" selected=move || builds_on.get().is_none()>
                        {ct(i18n, |t| t.builds_on_none)}
                    </option>
                    {move || {
                        candidates
                            .get()
                            .into_iter()
                            .map(|(id, title)| {
                                view! {
                                    <option
                                        value=id.to_string()
                                        selected=move || builds_on.get() == Some(id)
                                    >
                                        {title}
                                    </option>
                                }
                            })
                            .collect_view()
                    }}
                </select>
                {move || builds_on_error.get().map(|e| view! { <p class="field-error">{e}</p> })}
            </div>
            <ErrorNotice error=errors.general />
            <div class="button-row">
                <button type="submit" class="button button-primary" disabled=save.pending()>
                    {if editing.is_some() {
                        ct(i18n, |t| t.save_changes)
                    } else {
                        ct(i18n, |t| t.add)
                    }}
                </button>
                <button type="button" class="button button-quiet" on:click=cancel>
                    {ct(i18n, |t| t.cancel)}
                </button>
            </div>
        </form>
    }
}
