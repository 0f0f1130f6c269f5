use leptos::prelude::*;

use crate::client::ApiError;
use crate::i18n::{Texts, use_i18n};

/// The sentence to show for an error: the app's own translation for known problem codes,
/// the server's text only for codes this app does not know.
pub fn error_text(t: &Texts, e: &ApiError) -> String {
    match e {
        ApiError::Network(_) => t.err_network.into(),
        ApiError::Decode(_) => t.err_unexpected.into(),
        _ => {
            let problem = e.problem().expect("problem variants carry one");
            match t.problem(problem.code) {
                Some(s) => s.into(),
                None => problem
                    .detail
                    .clone()
                    .unwrap_or_else(|| problem.title.clone()),
            }
        }
    }
}

/// An error message announced assertively; renders nothing without an error.
#[component]
pub fn ErrorNotice(
    /// The error to show, if any.
    #[prop(into)]
    error: Signal<Option<ApiError>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div role="alert" class="error-slot">
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! { <p class="notice notice-error">{error_text(i18n.t(), &e)}</p> }
                    })
            }}
        </div>
    }
}

/// A page that could not load: the error, and a button to try again.
#[component]
pub fn LoadFailed<F>(error: ApiError, retry: F) -> impl IntoView
where
    F: Fn() + 'static,
{
    let i18n = use_i18n();
    view! {
        <div class="page narrow">
            <p class="notice notice-error" role="alert">
                {move || error_text(i18n.t(), &error)}
            </p>
            <button type="button" class="button" on:click=move |_| retry()>
                {i18n.tr(|t| t.retry)}
            </button>
        </div>
    }
}

/// A page of an expedition this device holds no session for: a way to join.
#[component]
pub fn NotAMember() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page narrow">
            <p class="notice">{i18n.tr(|t| t.not_a_member)}</p>
            <p>
                <a href=hevruta_model::Route::Home.to_string()>{i18n.tr(|t| t.join_heading)}</a>
            </p>
        </div>
    }
}
