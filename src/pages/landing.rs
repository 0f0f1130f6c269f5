//! `/` and `/join/:code`: join with a code, start a new expedition, or reopen one this
//! device already belongs to.

use hevruta_model::{
    CreateExpedition, FieldCode, FieldError, JoinAs, JoinCode, JoinExpedition, JoinPreview,
    ProblemCode, Route, Sector, SessionGrant,
};
use leptos::prelude::*;

use crate::client::ApiClient;
use crate::components::{
    ErrorNotice, ExpeditionFields, FormErrors, SectorSelect, TextField, focus_by_id,
};
use crate::i18n::{fill, use_i18n};
use crate::shell::{Handoff, Router, set_title, use_router};
use crate::state::sessions::{SavedSession, SessionBook};

/// Moves focus to the first field with an error, so keyboard and screen-reader users land on it.
fn focus_first_error(prefix: &str, errors: &[FieldError]) {
    if let Some(e) = errors.first() {
        focus_by_id(&format!("{prefix}-{}", e.field));
    }
}

/// Saves the new session and opens the expedition, handing over the snapshot the grant
/// carries so the home page needs no request of its own.
fn enter(grant: SessionGrant, router: Router, handoff: Handoff) {
    let id = grant.expedition_id;
    handoff.give(grant.expedition.clone());
    SessionBook::edit(|b| b.upsert(SavedSession::from_grant(grant)));
    router.go(&Route::Expedition(id));
}

/// What the invite page knows of the code typed so far.
#[derive(Debug, Clone, PartialEq)]
enum CodeCheck {
    /// Not a whole code yet, or it could not be checked (the join itself will tell).
    Unchecked,
    Checking(JoinCode),
    /// The code leads to this expedition.
    Leads(JoinCode, JoinPreview),
    /// No expedition has this code.
    Wrong(JoinCode),
}

impl CodeCheck {
    fn code(&self) -> Option<&JoinCode> {
        match self {
            CodeCheck::Unchecked => None,
            CodeCheck::Checking(c) | CodeCheck::Leads(c, _) | CodeCheck::Wrong(c) => Some(c),
        }
    }
}

/// Checks the code as soon as it is a whole one (also when the page opens with it), so the
/// form can name the expedition before asking for a name, and say at once if no
/// expedition has the code. Only the answer for the code still typed counts.
fn check_code(api: ApiClient, code: RwSignal<String>) -> RwSignal<CodeCheck> {
    let check = RwSignal::new(CodeCheck::Unchecked);
    Effect::new(move |_| {
        let Ok(wanted) = JoinCode::parse(&code.get()) else {
            check.set(CodeCheck::Unchecked);
            return;
        };
        if check.with_untracked(|c| c.code() == Some(&wanted)) {
            return; // the same code, typed differently
        }
        check.set(CodeCheck::Checking(wanted.clone()));
        let api = api.clone();
        leptos::task::spawn_local(async move {
            let result = api.join_preview(&wanted).await;
            if check.with_untracked(|c| *c != CodeCheck::Checking(wanted.clone())) {
                return;
            }
            check.set(match result {
                Ok(preview) => CodeCheck::Leads(wanted, preview),
                Err(e) if e.code() == Some(ProblemCode::WrongJoinCode) => CodeCheck::Wrong(wanted),
                Err(_) => CodeCheck::Unchecked,
            });
        });
    });
    check
}

/// Where the code leads, under the code field: told politely as it changes.
#[component]
fn CodePreview(check: RwSignal<CodeCheck>) -> impl IntoView {
    let i18n = use_i18n();
    let content = move || match check.get() {
        CodeCheck::Checking(_) => {
            view! { <p class="hint">{i18n.tr(|t| t.join_checking)}</p> }.into_any()
        }
        CodeCheck::Leads(_, preview) => {
            let city = format!("\u{2068}{}\u{2069}", preview.city);
            view! {
                <p class="join-preview-lead">{i18n.tr(|t| t.join_preview)}</p>
                <p class="join-preview-title" dir="auto">
                    {preview.title}
                </p>
                <p class="join-preview-city">
                    {move || fill(i18n.t().join_preview_city, &[("city", &city)])}
                </p>
            }
            .into_any()
        }
        // Shown at the field as its error; said here too, as the field's error is not live.
        CodeCheck::Wrong(_) => {
            view! { <p class="visually-hidden">{i18n.tr(|t| t.err_wrong_join_code)}</p> }.into_any()
        }
        CodeCheck::Unchecked => ().into_any(),
    };
    view! {
        <div
            class="join-preview"
            class:is-found=move || matches!(check.get(), CodeCheck::Leads(..))
            role="status"
        >
            {content}
        </div>
    }
}

#[component]
fn JoinForm(code: String) -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<ApiClient>();
    let router = use_router();
    let handoff = expect_context::<Handoff>();
    let code = RwSignal::new(code);
    let name = RwSignal::new(String::new());
    let sector = RwSignal::new(None::<Sector>);
    let as_viewer = RwSignal::new(false);
    let check = check_code(api.clone(), code);

    let join = Action::new_local(move |req: &JoinExpedition| {
        let (api, req) = (api.clone(), req.clone());
        async move {
            enter(api.join(&req).await?, router, handoff);
            Ok(())
        }
    });
    let errors = FormErrors::new(join.value());
    // A whole code's check is newer than the form's last check of the field.
    let code_error = {
        let from_form = errors.field("code");
        Signal::derive(move || match check.get() {
            CodeCheck::Wrong(_) => Some(i18n.t().err_wrong_join_code.to_owned()),
            CodeCheck::Leads(..) | CodeCheck::Checking(_) => None,
            CodeCheck::Unchecked => from_form.get(),
        })
    };

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = JoinExpedition {
            code: code.get_untracked(),
            display_name: name.get_untracked(),
            sector: sector.get_untracked(),
            join_as: if as_viewer.get_untracked() {
                JoinAs::Viewer
            } else {
                JoinAs::Participant
            },
        };
        match req.validate() {
            Err(e) => {
                focus_first_error("join", &e);
                errors.check(e);
            }
            // Known to lead nowhere: the code field says so; nothing is sent.
            Ok(_) if matches!(check.get_untracked(), CodeCheck::Wrong(_)) => {
                errors.check(Vec::new());
                focus_by_id("join-code");
            }
            Ok(_) => {
                errors.check(Vec::new());
                join.dispatch(req);
            }
        }
    };

    view! {
        <section class="panel" aria-labelledby="join-heading">
            <h2 id="join-heading">{i18n.tr(|t| t.join_heading)}</h2>
            <p class="lead">{i18n.tr(|t| t.join_intro)}</p>
            <form on:submit=on_submit novalidate>
                <TextField
                    id="join-code"
                    label=|t| t.field_code
                    hint=|t| t.code_hint
                    value=code
                    error=code_error
                    maxlength=20
                    autocomplete="off"
                />
                <CodePreview check=check />
                <TextField
                    id="join-display_name"
                    label=|t| t.field_your_name
                    hint=|t| t.name_hint
                    value=name
                    error=errors.field("display_name")
                    maxlength=hevruta_model::DisplayName::MAX_CHARS
                    autocomplete="name"
                />
                <Show when=move || !as_viewer.get()>
                    <SectorSelect id="join-sector" value=sector error=errors.field("sector") />
                </Show>
                <div class="field field-check">
                    <input
                        type="checkbox"
                        id="join-viewer"
                        aria-describedby="join-viewer-hint"
                        prop:checked=move || as_viewer.get()
                        on:change:target=move |ev| as_viewer.set(ev.target().checked())
                    />
                    <label for="join-viewer">{i18n.tr(|t| t.join_as_viewer)}</label>
                    <p class="hint" id="join-viewer-hint">
                        {i18n.tr(|t| t.join_as_viewer_hint)}
                    </p>
                </div>
                <ErrorNotice error=errors.general />
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || join.pending().get()
                >
                    {move || {
                        if join.pending().get() { i18n.t().joining } else { i18n.t().join_submit }
                    }}
                </button>
            </form>
        </section>
    }
}

#[component]
fn CreateForm() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<ApiClient>();
    let router = use_router();
    let handoff = expect_context::<Handoff>();
    let title = RwSignal::new(String::new());
    let city = RwSignal::new(String::new());
    let challenge = RwSignal::new(String::new());
    let name = RwSignal::new(String::new());
    let sector = RwSignal::new(None::<Sector>);

    let create = Action::new_local(move |req: &CreateExpedition| {
        let (api, req) = (api.clone(), req.clone());
        async move {
            let grant = api.create_expedition(&req).await?;
            enter(grant, router, handoff);
            Ok(())
        }
    });
    let errors = FormErrors::new(create.value());

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let chosen = sector.get_untracked();
        let req = CreateExpedition {
            title: title.get_untracked(),
            city: city.get_untracked(),
            challenge: challenge.get_untracked(),
            display_name: name.get_untracked(),
            sector: chosen.unwrap_or(Sector::Public),
        };
        let mut errs = req.validate().err().unwrap_or_default();
        if chosen.is_none() {
            errs.push(FieldError::new(
                "sector",
                FieldCode::Required,
                "choose a sector",
            ));
        }
        if errs.is_empty() {
            errors.check(Vec::new());
            create.dispatch(req);
        } else {
            focus_first_error("create", &errs);
            errors.check(errs);
        }
    };

    view! {
        <section class="panel" aria-labelledby="create-heading">
            <h2 id="create-heading">{i18n.tr(|t| t.create_heading)}</h2>
            <p class="lead">{i18n.tr(|t| t.create_intro)}</p>
            <form on:submit=on_submit novalidate>
                <ExpeditionFields
                    prefix="create"
                    title=title
                    city=city
                    challenge=challenge
                    errors=errors
                />
                <TextField
                    id="create-display_name"
                    label=|t| t.field_your_name
                    value=name
                    error=errors.field("display_name")
                    maxlength=hevruta_model::DisplayName::MAX_CHARS
                    autocomplete="name"
                />
                <SectorSelect id="create-sector" value=sector error=errors.field("sector") />
                <ErrorNotice error=errors.general />
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || create.pending().get()
                >
                    {move || {
                        if create.pending().get() {
                            i18n.t().creating
                        } else {
                            i18n.t().create_submit
                        }
                    }}
                </button>
            </form>
        </section>
    }
}

/// The expeditions this device has sessions for.
#[component]
fn SavedExpeditions() -> impl IntoView {
    let i18n = use_i18n();
    let api = expect_context::<ApiClient>();
    let book = RwSignal::new(SessionBook::load());
    let forget = Callback::new(move |session: SavedSession| {
        let client = api.with_token(session.token.clone());
        // Best effort: end the session on the server too; the device forgets it either way.
        leptos::task::spawn_local(async move {
            let _ = client.sign_out(true).await;
        });
        book.set(SessionBook::edit(|b| b.remove(session.expedition_id)));
    });
    view! {
        <Show when=move || book.with(|b| !b.sessions.is_empty())>
            <section class="panel saved" aria-labelledby="saved-heading">
                <h2 id="saved-heading">{i18n.tr(|t| t.your_expeditions)}</h2>
                <ul class="saved-list">
                    <For each=move || book.get().sessions key=|s| s.expedition_id let:session>
                        {
                            let href = Route::Expedition(session.expedition_id).to_string();
                            let role = session.member.role;
                            let s = session.clone();
                            let title = session.title.clone();
                            view! {
                                <li class="saved-item">
                                    <div>
                                        <a href=href.clone() class="saved-title">
                                            <span dir="auto">
                                                {if session.title.is_empty() {
                                                    i18n.t_untracked().expedition_home.to_string()
                                                } else {
                                                    session.title.clone()
                                                }}
                                            </span>
                                        </a>
                                        <p class="hint">
                                            <span dir="auto">
                                                {session.member.display_name.clone()}
                                            </span>
                                            " · "
                                            {move || i18n.t().role(role)}
                                        </p>
                                    </div>
                                    <button
                                        type="button"
                                        class="button button-quiet"
                                        title=i18n.tr(|t| t.forget_hint)
                                        on:click=move |_| forget.run(s.clone())
                                    >
                                        {i18n.tr(|t| t.forget)}
                                        <span class="visually-hidden">": "{title}</span>
                                    </button>
                                </li>
                            }
                        }
                    </For>
                </ul>
            </section>
        </Show>
    }
}

#[component]
pub fn LandingPage(
    /// The join code from an invite link (`/join/{code}`), or empty.
    code: String,
) -> impl IntoView {
    let i18n = use_i18n();
    set_title(move || i18n.t().app_name.to_string());
    view! {
        <div class="page landing">
            <header class="hero">
                <h1>{i18n.tr(|t| t.app_name)}</h1>
                <p class="tagline">{i18n.tr(|t| t.tagline)}</p>
            </header>
            <SavedExpeditions />
            <div class="landing-grid">
                <JoinForm code=code />
                <CreateForm />
            </div>
        </div>
    }
}
