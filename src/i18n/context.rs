//! The current language as app state: chosen from the browser's preferences on first
//! visit, switchable, remembered in localStorage, and reflected in `<html lang dir>`.

use leptos::prelude::*;

use super::{Key, Lang, Texts, set_format_lang};
use crate::state::storage;

const STORAGE_KEY: &str = "hevruta.lang";

#[derive(Clone, Copy)]
pub struct I18n {
    lang: RwSignal<Lang>,
}

impl I18n {
    /// Creates the language state, provides it as context and keeps the page in step.
    pub fn provide() -> Self {
        let lang = RwSignal::new(initial_lang());
        let i18n = Self { lang };
        provide_context(i18n);
        Effect::new(move |_| {
            let lang = lang.get();
            set_format_lang(lang);
            if let Some(html) = document().document_element() {
                let _ = html.set_attribute("lang", lang.tag());
                let _ = html.set_attribute("dir", lang.dir());
            }
            storage::set(STORAGE_KEY, lang.tag());
        });
        i18n
    }

    /// The strings of the current language (tracked: views re-render on a switch).
    pub fn t(&self) -> &'static Texts {
        self.lang.get().texts()
    }

    /// A reactive view of one string. Every call returns the same closure type, so the
    /// render code for text is compiled once rather than once per string (wasm size).
    pub fn tr(self, key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
        move || key(self.t())
    }

    /// The strings of the current language, outside reactive tracking (event handlers).
    pub fn t_untracked(&self) -> &'static Texts {
        self.lang.get_untracked().texts()
    }

    pub fn lang(&self) -> Lang {
        self.lang.get()
    }

    /// The current language, outside reactive tracking (event handlers).
    pub fn lang_untracked(&self) -> Lang {
        self.lang.get_untracked()
    }

    pub fn set(&self, lang: Lang) {
        // Before the signal: views that re-render on the switch must format in the new locale.
        set_format_lang(lang);
        self.lang.set(lang);
    }
}

fn initial_lang() -> Lang {
    if let Some(saved) = storage::get(STORAGE_KEY).and_then(|s| Lang::from_tag(&s)) {
        set_format_lang(saved);
        return saved;
    }
    let preferred: Vec<String> = window()
        .navigator()
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .collect();
    let lang = Lang::negotiate(preferred.iter().map(String::as_str));
    set_format_lang(lang);
    lang
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}
