//! Starting a canvas from a template, at the end of the list.

use hevruta_model::canvas::Template;
use hevruta_model::{CreateCanvas, ExpeditionId, Route};
use leptos::prelude::*;

use crate::client::{ApiClient, ApiError};
use crate::components::{CharCounter, ErrorNotice, FormErrors, counter_id};
use crate::i18n::use_i18n;
use crate::shell::use_router;
use crate::tools::canvas::texts::{ct, texts};

#[component]
pub(super) fn NewCanvas(expedition: ExpeditionId, client: ApiClient) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::CityEducationModel);
    let create = Action::new_local(move |req: &CreateCanvas| {
        let (client, req) = (client.clone(), req.clone());
        async move {
            let made = client.create_canvas(expedition, &req).await?;
            router.go(&Route::Canvas(expedition, made.id));
            Ok::<_, ApiError>(())
        }
    });
    let errors = FormErrors::new(create.value());
    let title_error = errors.field("title");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = CreateCanvas {
            title: title.get_untracked(),
            template: template.get_untracked(),
        };
        match req.validate() {
            Err(e) => {
                errors.check(e);
                crate::components::focus_by_id("canvas-title");
            }
            Ok(_) => {
                errors.check(Vec::new());
                create.dispatch(req);
            }
        }
    };
    let max = hevruta_model::Title::MAX_CHARS;
    let near_limit =
        move || title.with(|t| crate::components::chars_left(t.chars().count(), max).is_some());
    let described = move || {
        let mut ids = Vec::new();
        if near_limit() {
            ids.push(counter_id("canvas-title"));
        }
        if title_error.get().is_some() {
            ids.push("canvas-title-error".to_owned());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <section class="panel" aria-labelledby="new-canvas-heading">
            <h2 id="new-canvas-heading">{ct(i18n, |t| t.create)}</h2>
            <form class="new-canvas" on:submit=on_submit novalidate>
                <div class="field" class:has-error=move || title_error.get().is_some()>
                    <label for="canvas-title">{ct(i18n, |t| t.title_label)}</label>
                    <input
                        id="canvas-title"
                        type="text"
                        dir="auto"
                        maxlength=max.to_string()
                        aria-invalid=move || title_error.get().is_some().then_some("true")
                        aria-describedby=described
                        prop:value=move || title.get()
                        on:input:target=move |ev| title.set(ev.target().value())
                    />
                    <CharCounter field="canvas-title" value=title max=max />
                    {move || {
                        title_error
                            .get()
                            .map(|e| {
                                view! {
                                    <p class="field-error" id="canvas-title-error">
                                        {e}
                                    </p>
                                }
                            })
                    }}
                </div>
                <div class="field">
                    <label for="canvas-template">{ct(i18n, |t| t.template_label)}</label>
                    <select
                        id="canvas-template"
                        on:change:target=move |ev| {
                            if let Some(t) = Template::parse(&ev.target().value()) {
                                template.set(t);
                            }
                        }
                    >
                        {Template::ALL
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <option value=t.as_str() selected=move || template.get() == t>
                                        {move || texts(i18n.lang()).template(t)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <ErrorNotice error=errors.general />
                <button type="submit" class="button button-primary" disabled=create.pending()>
                    {ct(i18n, |t| t.create)}
                </button>
            </form>
        </section>
    }
}
