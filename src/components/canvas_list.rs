//! The expedition's model canvases on its home: a list of links (each opens the canvas
//! screen, a page of its own) and, for members who may write, a form to start one.

use hevruta_model::canvas::Template;
use hevruta_model::{CanvasSummary, CreateCanvas, ExpeditionId};
use leptos::prelude::*;

use super::{ErrorNotice, FormErrors, TextField};
use crate::client::{ApiClient, ApiError};
use crate::i18n::use_i18n;
use crate::routes;

#[component]
pub fn CanvasList(
    expedition: ExpeditionId,
    client: ApiClient,
    /// The canvases, kept live by the page (`CanvasCreated` events).
    canvases: RwSignal<Option<Vec<CanvasSummary>>>,
    can_create: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    {
        let client = client.clone();
        leptos::task::spawn_local(async move {
            if let Ok(list) = client.canvases(expedition).await {
                canvases.update(|c| {
                    // Events may have arrived first: keep them, add what the list adds.
                    let mut all = c.take().unwrap_or_default();
                    for s in list {
                        if !all.iter().any(|x| x.id == s.id) {
                            all.push(s);
                        }
                    }
                    all.sort_by_key(|s| s.created_at);
                    *c = Some(all);
                });
            }
        });
    }
    let items = move || {
        canvases.get().map(|list| {
            if list.is_empty() {
                return view! { <p class="hint">{i18n.tr(|t| t.canvases_empty)}</p> }.into_any();
            }
            let rows = list
                .into_iter()
                .map(|c| {
                    let href = routes::canvas(expedition, c.id);
                    let template = c.template;
                    view! {
                        <li>
                            // A page of its own (its own wasm): the router must not take it.
                            <a href=href rel="external" dir="auto">{c.title}</a>
                            <span class="hint">{move || i18n.t().template(template)}</span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="canvas-list">{rows}</ul> }.into_any()
        })
    };
    view! {
        <section class="panel" aria-labelledby="canvases-heading">
            <h2 id="canvases-heading">{i18n.tr(|t| t.canvases_heading)}</h2>
            {items}
            {can_create.then(|| view! { <NewCanvas expedition=expedition client=client /> })}
        </section>
    }
}

#[component]
fn NewCanvas(expedition: ExpeditionId, client: ApiClient) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::CityEducationModel);
    let create = Action::new_local(move |req: &CreateCanvas| {
        let (client, req) = (client.clone(), req.clone());
        async move {
            let made = client.create_canvas(expedition, &req).await?;
            let _ = window()
                .location()
                .set_href(&routes::canvas(expedition, made.id));
            Ok::<_, ApiError>(())
        }
    });
    let errors = FormErrors::new(create.value());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = CreateCanvas {
            title: title.get_untracked(),
            template: template.get_untracked(),
        };
        match req.validate() {
            Err(e) => errors.check(e),
            Ok(_) => {
                errors.check(Vec::new());
                create.dispatch(req);
            }
        }
    };
    view! {
        <form class="new-canvas" on:submit=on_submit novalidate>
            <TextField
                id="canvas-title"
                label=|t| t.canvas_title_label
                value=title
                error=errors.field("title")
                maxlength=hevruta_model::Title::MAX_CHARS
            />
            <div class="field">
                <label for="canvas-template">{i18n.tr(|t| t.canvas_template_label)}</label>
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
                        .map(|t| view! {
                            <option value=t.as_str() selected=move || template.get() == t>
                                {move || i18n.t().template(t)}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <ErrorNotice error=errors.general />
            <button type="submit" class="button button-primary" disabled=create.pending()>
                {i18n.tr(|t| t.canvas_create)}
            </button>
        </form>
    }
}
