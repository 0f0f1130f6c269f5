use leptos::prelude::*;

use crate::i18n::use_i18n;
use hevruta_model::Route;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    crate::shell::set_title(move || {
        format!("{} · {}", i18n.t().not_found_title, i18n.t().app_name)
    });
    view! {
        <div class="page narrow">
            <h1>{i18n.tr(|t| t.not_found_title)}</h1>
            <p>{i18n.tr(|t| t.not_found_body)}</p>
            <p>
                <a href=Route::Home.to_string()>{i18n.tr(|t| t.back_to_start)}</a>
            </p>
        </div>
    }
}
