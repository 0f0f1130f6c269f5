//! The facilitator's form for an announcement or milestone. What was typed stays until the
//! server took it; its field errors show under their fields.

use hevruta_model::ExpeditionId;
use hevruta_model::feed::{FeedKind, PostDraft};
use leptos::prelude::*;

use super::state::FeedState;
use super::texts::{FeedTexts, ft};
use crate::client::{ApiClient, ApiError};
use crate::components::{ErrorNotice, FormErrors, use_announcer};
use crate::i18n::use_i18n;

/// The browser's own time zone, the form's default for a time.
fn own_zone() -> String {
    let options = js_sys::Intl::DateTimeFormat::new(&js_sys::Array::new(), &js_sys::Object::new())
        .resolved_options();
    js_sys::Reflect::get(&options, &"timeZone".into())
        .ok()
        .and_then(|z| z.as_string())
        .unwrap_or_default()
}

fn opt(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

#[component]
pub fn PostForm(id: ExpeditionId, client: ApiClient, state: FeedState) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let kind = RwSignal::new(FeedKind::Announcement);
    let text = RwSignal::new(String::new());
    let date = RwSignal::new(String::new());
    let time = RwSignal::new(String::new());
    let zone = RwSignal::new(own_zone());
    let place = RwSignal::new(String::new());
    let link = RwSignal::new(String::new());
    let post = Action::new_local(move |req: &PostDraft| {
        let (client, req) = (client.clone(), req.clone());
        async move {
            let item = client.post_feed_item(id, &req).await?;
            state.page.update(|p| {
                if let Some(p) = p {
                    super::state::apply(
                        p,
                        hevruta_model::feed::FeedEvent {
                            seq: item.seq,
                            at: item.at,
                            item,
                        },
                    );
                }
            });
            for s in [text, date, time, place, link] {
                s.set(String::new());
            }
            announcer.say(super::texts::texts(i18n.lang_untracked()).posted);
            Ok::<_, ApiError>(())
        }
    });
    let errors = FormErrors::new(post.value());
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let has_time = !time.get_untracked().trim().is_empty();
        let req = PostDraft {
            kind: Some(kind.get_untracked()),
            text: text.get_untracked(),
            date: opt(date.get_untracked()),
            time: opt(time.get_untracked()),
            time_zone: if has_time {
                opt(zone.get_untracked())
            } else {
                None
            },
            place: opt(place.get_untracked()),
            link: opt(link.get_untracked()),
        };
        match req.validate() {
            Err(e) => errors.check(e),
            Ok(_) => {
                errors.check(Vec::new());
                post.dispatch(req);
            }
        }
    };
    let field = move |name: &'static str,
                      label: fn(&'static FeedTexts) -> &'static str,
                      value: RwSignal<String>,
                      kind: &'static str,
                      max: usize| {
        let error = errors.field(name);
        let input_id = format!("post-{name}");
        let error_id = format!("post-{name}-error");
        view! {
            <div class="field">
                <label for=input_id.clone()>{ft(i18n, label)}</label>
                <input
                    id=input_id
                    type=kind
                    dir="auto"
                    maxlength=max
                    aria-invalid=move || if error.get().is_some() { "true" } else { "false" }
                    aria-describedby=error_id.clone()
                    prop:value=move || value.get()
                    on:input:target=move |ev| value.set(ev.target().value())
                />
                <p class="field-error" id=error_id>
                    {move || error.get()}
                </p>
            </div>
        }
    };
    let text_error = errors.field("text");
    view! {
        <details class="post-form">
            <summary class="button button-primary">{ft(i18n, |t| t.post_heading)}</summary>
            <form on:submit=on_submit novalidate>
                <fieldset class="feed-kinds">
                    <legend class="visually-hidden">{ft(i18n, |t| t.post_heading)}</legend>
                    {[FeedKind::Announcement, FeedKind::Milestone]
                        .into_iter()
                        .map(|k| {
                            view! {
                                <label class="choice">
                                    <input
                                        type="radio"
                                        name="post-kind"
                                        prop:checked=move || kind.get() == k
                                        on:change=move |_| kind.set(k)
                                    />
                                    {move || {
                                        let t = super::texts::texts(i18n.lang());
                                        if k == FeedKind::Announcement {
                                            t.announcement
                                        } else {
                                            t.milestone
                                        }
                                    }}
                                </label>
                            }
                        })
                        .collect_view()}
                </fieldset>
                <div class="field">
                    <label for="post-text">{ft(i18n, |t| t.text_label)}</label>
                    <textarea
                        id="post-text"
                        rows="3"
                        dir="auto"
                        maxlength="2000"
                        aria-invalid=move || {
                            if text_error.get().is_some() { "true" } else { "false" }
                        }
                        aria-describedby="post-text-error"
                        prop:value=move || text.get()
                        on:input:target=move |ev| text.set(ev.target().value())
                    ></textarea>
                    <p class="field-error" id="post-text-error">
                        {move || text_error.get()}
                    </p>
                </div>
                {field("date", |t| t.date_label, date, "date", 10)}
                {field("time", |t| t.time_label, time, "time", 5)}
                <Show when=move || {
                    !time.get().trim().is_empty()
                }>{field("time_zone", |t| t.zone_label, zone, "text", 64)}</Show>
                {field("place", |t| t.place_label, place, "text", 80)}
                {field("link", |t| t.link_label, link, "url", 2048)}
                <ErrorNotice error=errors.general />
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || post.pending().get()
                >
                    {ft(i18n, |t| t.post)}
                </button>
            </form>
        </details>
    }
}
