use leptos::prelude::*;

use crate::i18n::{Lang, use_i18n};
use hevruta_model::Route;

/// The top bar: the app's name (home) and the language switcher.
#[component]
pub fn AppHeader() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="app-header">
            <nav class="app-nav" aria-label=i18n.tr(|t| t.main_nav)>
                <a href=Route::Home.to_string() class="brand">
                    <span class="brand-mark" aria-hidden="true">
                        "ח"
                    </span>
                    <span>{i18n.tr(|t| t.app_name)}</span>
                </a>
            </nav>
            <div class="lang-switch">
                <label for="lang-select">{i18n.tr(|t| t.language)}</label>
                <select
                    id="lang-select"
                    on:change:target=move |ev| {
                        if let Some(l) = Lang::from_tag(&ev.target().value()) {
                            i18n.set(l);
                        }
                    }
                >
                    {Lang::ALL
                        .into_iter()
                        .map(|l| {
                            view! {
                                <option
                                    value=l.tag()
                                    lang=l.tag()
                                    selected=move || i18n.lang() == l
                                >
                                    {l.native_name()}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </div>
        </header>
    }
}
