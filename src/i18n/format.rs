//! Numbers, dates and plural categories through the browser's `Intl`, in the current
//! language. Outside a browser (native unit tests) they fall back to plain forms.

use super::Lang;

thread_local! {
    static CURRENT: std::cell::Cell<Lang> = const { std::cell::Cell::new(Lang::En) };
}

/// Sets the language the formatters use; called whenever the app language changes.
pub fn set_format_lang(lang: Lang) {
    CURRENT.with(|c| c.set(lang));
}

fn locales() -> js_sys::Array {
    js_sys::Array::of1(&CURRENT.with(|c| c.get()).tag().into())
}

fn in_browser() -> bool {
    cfg!(target_arch = "wasm32")
}

/// An integer with the language's digits and grouping (integers only: formatting floats
/// in Rust would pull ~10 KB of float printing into the wasm).
pub fn format_number(n: i64) -> String {
    if !in_browser() {
        return n.to_string();
    }
    let f = js_sys::Intl::NumberFormat::new(&locales(), &js_sys::Object::new());
    f.format()
        .call1(&f, &(n as f64).into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// A moment (milliseconds since the epoch) as a medium date and short time.
pub fn format_date_time(millis: i64) -> String {
    if !in_browser() {
        return millis.to_string();
    }
    let options = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&options, &"dateStyle".into(), &"medium".into());
    let _ = js_sys::Reflect::set(&options, &"timeStyle".into(), &"short".into());
    let f = js_sys::Intl::DateTimeFormat::new(&locales(), &options);
    let date = js_sys::Date::new(&(millis as f64).into());
    f.format()
        .call1(&f, &date)
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// The CLDR plural category of `n` in the current language.
pub fn plural_category(n: u64) -> String {
    if !in_browser() {
        return if n == 1 { "one".into() } else { "other".into() };
    }
    let rules = js_sys::Intl::PluralRules::new(&locales(), &js_sys::Object::new());
    rules.select(n as f64).into()
}
