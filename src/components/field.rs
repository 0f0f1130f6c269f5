//! Labelled form fields with hints and errors wired for assistive technology.

use hevruta_model::{FieldError, ProblemCode, Sector};

use crate::client::ApiError;
use leptos::prelude::*;

use crate::i18n::{Key, Texts, format_number, plural_category, use_i18n};

/// What a form shows of its errors: its own check of the fields first, else the server's
/// validation answer per field; any other failure as one message for the whole form.
#[derive(Clone, Copy)]
pub struct FormErrors {
    local: RwSignal<Vec<FieldError>>,
    fields: Memo<Vec<FieldError>>,
    /// A request failure that is not about a particular field.
    pub general: Signal<Option<ApiError>>,
}

impl FormErrors {
    /// `result` is the form's submit action's value (`action.value()`).
    pub fn new<T, R>(result: R) -> Self
    where
        T: Clone + Send + Sync + 'static,
        R: Get<Value = Option<Result<T, ApiError>>> + Copy + Send + Sync + 'static,
    {
        let local = RwSignal::new(Vec::new());
        let fields = Memo::new(move |_| {
            let own = local.get();
            if !own.is_empty() {
                return own;
            }
            match result.get() {
                Some(Err(e)) if e.code() == Some(ProblemCode::ValidationFailed) => {
                    e.problem().map(|p| p.errors.clone()).unwrap_or_default()
                }
                _ => Vec::new(),
            }
        });
        let general = Signal::derive(move || match result.get() {
            Some(Err(e)) if e.code() != Some(ProblemCode::ValidationFailed) => Some(e),
            _ => None,
        });
        Self {
            local,
            fields,
            general,
        }
    }

    /// Records the form's own check (empty when it passed).
    pub fn check(&self, errors: Vec<FieldError>) {
        self.local.set(errors);
    }

    /// Every field error shown now (the form's own check, else the server's).
    pub fn all(&self) -> Memo<Vec<FieldError>> {
        self.fields
    }

    /// The translated message for one field.
    pub fn field(self, name: &'static str) -> Signal<Option<String>> {
        let i18n = use_i18n();
        Signal::derive(move || self.fields.with(|e| field_message(i18n.t(), e, name)))
    }
}

/// The translated message for the first error on `field`, if any.
pub fn field_message(t: &Texts, errors: &[FieldError], field: &str) -> Option<String> {
    errors
        .iter()
        .find(|e| e.field == field)
        .map(|e| t.field_error(e.code, e.max))
}

/// How many characters are left in a field of `max` holding `len`, once the text is near
/// the limit (from 80 %); `None` before that.
pub fn chars_left(len: usize, max: usize) -> Option<usize> {
    (max > 0 && len * 5 >= max * 4).then(|| max.saturating_sub(len))
}

/// The id of a field's character counter; part of the field's description while shown.
pub fn counter_id(field: &str) -> String {
    format!("{field}-count")
}

/// A limited field's counter: "12 characters left" once the text nears the limit. Shown at
/// once; told to screen readers politely, after typing pauses, so it does not talk over
/// every keystroke.
#[component]
pub fn CharCounter(
    /// The field's id (the counter's is `counter_id(field)`).
    #[prop(into)]
    field: String,
    /// The field's text.
    #[prop(into)]
    value: Signal<String>,
    /// The field's limit, in characters.
    max: usize,
) -> impl IntoView {
    let i18n = use_i18n();
    let left = Memo::new(move |_| value.with(|v| chars_left(v.chars().count(), max)));
    let text = move || {
        left.get().map(|n| {
            let form = i18n.t().chars_left.pick(&plural_category(n as u64));
            form.replace("{n}", &format_number(n as i64))
        })
    };
    let spoken = RwSignal::new(String::new());
    let serial = StoredValue::new(0u32);
    // Not on the first run: opening a form with a long text already in it says nothing.
    Effect::new(move |ran: Option<()>| {
        let now = text().unwrap_or_default();
        if ran.is_none() {
            return;
        }
        serial.update_value(|n| *n += 1);
        let mine = serial.get_value();
        set_timeout(
            move || {
                if serial.try_get_value() == Some(mine) {
                    spoken.set(now);
                }
            },
            std::time::Duration::from_millis(700),
        );
    });
    view! {
        <p
            id=counter_id(&field)
            class="char-count"
            class:is-near=move || left.get().is_some()
            class:is-at-limit=move || left.get() == Some(0)
        >
            <span aria-hidden="true">{text}</span>
            <span class="visually-hidden" aria-live="polite">
                {move || spoken.get()}
            </span>
        </p>
    }
}

/// A text input (or textarea) with its label, optional hint and error.
#[component]
pub fn TextField(
    /// Unique id of the control; hint and error ids derive from it.
    #[prop(into)]
    id: String,
    /// The visible label.
    label: Key,
    value: RwSignal<String>,
    /// The error to show under the field.
    #[prop(into)]
    error: Signal<Option<String>>,
    /// Help shown under the label.
    #[prop(optional)]
    hint: Option<Key>,
    /// Several lines instead of one.
    #[prop(optional)]
    multiline: bool,
    /// The browser's maximum length, in characters.
    #[prop(optional)]
    maxlength: Option<usize>,
    #[prop(optional)] autocomplete: Option<&'static str>,
) -> impl IntoView {
    let i18n = use_i18n();
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let near_limit = Memo::new(move |_| {
        maxlength.is_some_and(|max| value.with(|v| chars_left(v.chars().count(), max).is_some()))
    });
    let described = {
        let (h, e, c) = (hint_id.clone(), error_id.clone(), counter_id(&id));
        let has_hint = hint.is_some();
        move || {
            let mut ids = Vec::new();
            if has_hint {
                ids.push(h.clone());
            }
            if error.get().is_some() {
                ids.push(e.clone());
            }
            if near_limit.get() {
                ids.push(c.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let invalid = move || error.get().is_some().then_some("true");
    let control = if multiline {
        view! {
            <textarea
                id=id.clone()
                name=id.clone()
                rows="3"
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
                id=id.clone()
                name=id.clone()
                type="text"
                dir="auto"
                autocomplete=autocomplete
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
            <label for=id.clone()>{i18n.tr(label)}</label>
            {hint
                .map(|h| {
                    view! {
                        <p class="hint" id=hint_id.clone()>
                            {i18n.tr(h)}
                        </p>
                    }
                })}
            {control}
            {maxlength.map(|max| view! { <CharCounter field=id.clone() value=value max=max /> })}
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

/// Chooses one of the six sectors.
#[component]
pub fn SectorSelect(
    id: &'static str,
    value: RwSignal<Option<Sector>>,
    #[prop(into)] error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let error_id = format!("{id}-error");
    let described = {
        let e = error_id.clone();
        move || error.get().map(|_| e.clone())
    };
    view! {
        <div class="field" class:has-error=move || error.get().is_some()>
            <label for=id>{i18n.tr(|t| t.field_sector)}</label>
            <select
                id=id
                name=id
                aria-invalid=move || error.get().is_some().then_some("true")
                aria-describedby=described
                on:change:target=move |ev| value.set(Sector::parse(&ev.target().value()))
            >
                <option value="" selected=move || value.get().is_none()>
                    {i18n.tr(|t| t.choose_sector)}
                </option>
                {Sector::ALL
                    .into_iter()
                    .map(|s| {
                        view! {
                            <option value=s.as_str() selected=move || value.get() == Some(s)>
                                {move || {
                                    let n = i18n.t().sector(s);
                                    format!("{} — {}", n.name, n.about)
                                }}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
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

/// The title, city and challenge of an expedition: one set of fields for the form that
/// starts one and for the facilitator's details editor. Ids are `{prefix}-title` etc.
#[component]
pub fn ExpeditionFields(
    prefix: &'static str,
    title: RwSignal<String>,
    city: RwSignal<String>,
    challenge: RwSignal<String>,
    errors: FormErrors,
) -> impl IntoView {
    view! {
        <TextField
            id=format!("{prefix}-title")
            label=|t| t.field_title
            value=title
            error=errors.field("title")
            maxlength=hevruta_model::Title::MAX_CHARS
        />
        <TextField
            id=format!("{prefix}-city")
            label=|t| t.field_city
            value=city
            error=errors.field("city")
            maxlength=hevruta_model::CityName::MAX_CHARS
            autocomplete="address-level2"
        />
        <TextField
            id=format!("{prefix}-challenge")
            label=|t| t.field_challenge
            hint=|t| t.challenge_hint
            value=challenge
            error=errors.field("challenge")
            multiline=true
            maxlength=hevruta_model::ChallengeQuestion::MAX_CHARS
        />
    }
}

#[cfg(test)]
mod tests {
    use super::chars_left;

    #[test]
    fn the_counter_appears_at_four_fifths_of_the_limit() {
        assert_eq!(chars_left(95, 120), None);
        assert_eq!(chars_left(96, 120), Some(24));
        assert_eq!(chars_left(120, 120), Some(0));
        assert_eq!(chars_left(130, 120), Some(0), "pasted past the limit");
        assert_eq!(chars_left(479, 600), None);
        assert_eq!(chars_left(480, 600), Some(120));
        assert_eq!(chars_left(0, 0), None, "no limit, no counter");
    }
}
