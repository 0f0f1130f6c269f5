//! The circles bundle's form pieces: a labelled field with its counter and error, the
//! messages of this bundle's field codes, and tags typed as one comma-separated line.

use hevruta_model::problem::FieldCode;
use hevruta_model::{FieldError, Sector};
use leptos::prelude::*;

use super::texts::{CirclesKey, ct, texts};
use crate::components::{CharCounter, FormErrors, chars_left, counter_id};
use crate::i18n::{I18n, fill, format_number, use_i18n};

/// The first field with an error (a list's items, `name[2]`, count as `name`), to move
/// focus to.
pub fn first_error(errors: FormErrors) -> Option<String> {
    errors
        .all()
        .with_untracked(|e| e.first().map(|e| field_root(&e.field).to_owned()))
}

/// The translated message for `name`, with this bundle's own field codes.
pub fn field_error(errors: FormErrors, name: &'static str) -> Signal<Option<String>> {
    let i18n = use_i18n();
    Signal::derive(move || {
        errors.all().with(|all| {
            all.iter()
                .find(|e| field_root(&e.field) == name)
                .map(|e| message(i18n, e))
        })
    })
}

/// `passions[1]` → `passions`.
fn field_root(field: &str) -> &str {
    field.split('[').next().unwrap_or(field)
}

/// One field error in the current language.
pub fn message(i18n: I18n, e: &FieldError) -> String {
    let t = texts(i18n.lang());
    let max = format_number(i64::from(e.max.unwrap_or(0)));
    match e.code {
        FieldCode::TooMany => fill(t.field_too_many, &[("max", &max)]),
        FieldCode::UnknownCircle => t.field_unknown_circle.into(),
        FieldCode::UnknownLearning => t.field_unknown_learning.into(),
        FieldCode::Cycle => t.field_cycle.into(),
        FieldCode::InvalidUrl => t.field_invalid_url.into(),
        code => i18n.t().field_error(code, e.max),
    }
}

/// A comma-separated line of tags (Latin, Arabic or Hebrew-keyboard commas) as a list.
pub fn split_tags(line: &str) -> Vec<String> {
    line.split([',', '،', '、'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

pub fn join_tags(tags: &[String]) -> String {
    tags.join(", ")
}

/// A labelled text input or textarea with its hint, counter (near the limit) and error.
#[component]
pub fn ToolField(
    /// The control's id; hint, counter and error ids derive from it.
    id: &'static str,
    label: CirclesKey,
    value: RwSignal<String>,
    #[prop(into)] error: Signal<Option<String>>,
    #[prop(optional)] hint: Option<CirclesKey>,
    /// Several lines instead of one.
    #[prop(optional)]
    multiline: bool,
    /// The limit in characters (for a list of tags, none: each tag has its own).
    #[prop(optional)]
    maxlength: Option<usize>,
    /// Said after the label, e.g. "optional".
    #[prop(optional)]
    aside: Option<CirclesKey>,
    #[prop(optional)] input_type: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = {
        let (h, e) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(h.clone());
            }
            if error.get().is_some() {
                ids.push(e.clone());
            }
            if maxlength.is_some_and(|m| value.with(|v| chars_left(v.chars().count(), m).is_some()))
            {
                ids.push(counter_id(id));
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let control = if multiline {
        view! {
            <textarea
                id=id
                name=id
                rows="4"
                dir="auto"
                maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            ></textarea>
        }
        .into_any()
    } else {
        view! {
            <input
                id=id
                name=id
                type=input_type.unwrap_or("text")
                dir="auto"
                maxlength=maxlength.map(|m| m.to_string())
                aria-invalid=invalid
                aria-describedby=described
                prop:value=move || value.get()
                on:input:target=move |ev| value.set(ev.target().value())
            />
        }
        .into_any()
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>
                {ct(i18n, label)}
                {aside.map(|a| view! { <span class="field-aside">" (" {ct(i18n, a)} ")"</span> })}
            </label>
            {hint
                .map(|h| {
                    view! {
                        <p class="hint" id=hint_id.clone()>
                            {ct(i18n, h)}
                        </p>
                    }
                })}
            {control}
            {maxlength.map(|max| view! { <CharCounter field=id value=value max=max /> })}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="field-error" id=error_id.clone()>
                                {e}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// A "Sector" filter: all, or one of the six.
#[component]
pub fn SectorFilter(
    id: &'static str,
    #[prop(into)] value: Signal<Option<Sector>>,
    on_change: Callback<Option<Sector>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field">
            <label for=id>{ct(i18n, |t| t.filter_sector)}</label>
            <select
                id=id
                on:change:target=move |ev| on_change.run(Sector::parse(&ev.target().value()))
            >
                <option value="" selected=move || value.get().is_none()>
                    {ct(i18n, |t| t.filter_all)}
                </option>
                {Sector::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <option value=s.as_str() selected=move || value.get() == Some(s)>
                                {move || i18n.t().sector(s).name}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_on_any_comma_and_list_items_count_as_their_field() {
        assert_eq!(
            split_tags(" outdoor learning, makerspaces ،תיאטרון,, "),
            ["outdoor learning", "makerspaces", "תיאטרון"]
        );
        assert_eq!(join_tags(&split_tags("a, b")), "a, b");
        assert_eq!(field_root("passions[3]"), "passions");
        assert_eq!(field_root("dream"), "dream");
    }
}
