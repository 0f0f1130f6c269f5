//! `/e/{expedition}/canvases`: the expedition's model canvases, kept live, and a form to
//! start one from a template. Part of the canvas screen's wasm, not of the first load.

use hevruta_model::canvas::Template;
use hevruta_model::{CanvasListing, CreateCanvas, EventKind, ExpeditionId, Role, Route};
use leptos::prelude::*;

use super::texts::{ct, texts};
use crate::client::{ApiClient, ApiError};
use crate::components::{ErrorNotice, FormErrors};
use crate::i18n::use_i18n;
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title, use_router};

/// The canvases of the expedition `id`.
#[component]
pub fn CanvasListPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.canvases(id).await }
            page=|loaded| view! { <CanvasList loaded=loaded /> }
        />
    }
}

#[component]
fn CanvasList(loaded: Loaded<CanvasListing>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    let canvases = RwSignal::new(data.canvases);
    // New canvases appear live: the stream continues where the list was read (a canvas
    // already listed is skipped).
    Live::new(&expedition).follow(&client, data.last_seq, None, move |event, _| {
        if let EventKind::CanvasCreated { canvas } = &event.change {
            canvases.update(|list| {
                if !list.iter().any(|x| x.id == canvas.id) {
                    list.push(canvas.clone());
                }
            });
        }
    });
    set_title(move || format!("{} · Hevruta", ct(i18n, |t| t.list_heading)()));

    let items = move || match canvases.get() {
        list if list.is_empty() => {
            view! { <p class="hint">{ct(i18n, |t| t.list_empty)}</p> }.into_any()
        }
        list => {
            let rows = list
                .into_iter()
                .map(|c| {
                    let template = c.template;
                    view! {
                        <li>
                            <a href=Route::Canvas(id, c.id).to_string() dir="auto">
                                {c.title}
                            </a>
                            <span class="hint">
                                {move || texts(i18n.lang()).template(template)}
                            </span>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="canvas-list">{rows}</ul> }.into_any()
        }
    };
    let can_create = me.role != Role::Viewer;
    view! {
        <div class="page canvas-index">
            <p>
                <a href=Route::Expedition(id).to_string()>
                    <span class="flip-rtl" aria-hidden="true">
                        "←"
                    </span>
                    " "
                    {ct(i18n, |t| t.back)}
                </a>
            </p>
            <h1>{ct(i18n, |t| t.list_heading)}</h1>
            <section class="panel" aria-labelledby="canvas-list-heading">
                <h2 id="canvas-list-heading" class="visually-hidden">
                    {ct(i18n, |t| t.list_heading)}
                </h2>
                {items}
            </section>
            {can_create.then(|| view! { <NewCanvas expedition=id client=client /> })}
        </div>
    }
}

#[component]
fn NewCanvas(expedition: ExpeditionId, client: ApiClient) -> impl IntoView {
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
                        maxlength=hevruta_model::Title::MAX_CHARS.to_string()
                        aria-invalid=move || title_error.get().is_some().then_some("true")
                        aria-describedby=move || {
                            title_error.get().is_some().then_some("canvas-title-error")
                        }
                        prop:value=move || title.get()
                        on:input:target=move |ev| title.set(ev.target().value())
                    />
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
