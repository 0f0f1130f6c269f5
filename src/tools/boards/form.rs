//! Adding a card to a column: the innovation's title and what is known of it, checked by
//! the model's rules before it is sent (the server checks again).

use hevruta_model::board::{CardContent, CardId, ColumnId, NewCard, Source, key_after};
use hevruta_model::{FieldError, Sector};
use leptos::prelude::*;

use super::ctx::{BoardCtx, card_dom_id};
use super::texts::{BoardKey, bt, texts};
use crate::browser::new_uuid;
use crate::client::ApiError;
use crate::components::{ErrorNotice, focus_by_id};
use crate::i18n::{fill, isolate};

/// One text input of the form.
#[derive(Clone, Copy)]
struct Input {
    name: &'static str,
    label: BoardKey,
    value: RwSignal<String>,
    multiline: bool,
    max: usize,
}

fn opt(s: String) -> Option<String> {
    (!s.trim().is_empty()).then_some(s)
}

#[component]
pub fn AddCard(ctx: BoardCtx, column: ColumnId) -> impl IntoView {
    let i18n = ctx.i18n;
    let open = RwSignal::new(false);
    let input = |name, label: BoardKey, multiline, max| Input {
        name,
        label,
        value: RwSignal::new(String::new()),
        multiline,
        max,
    };
    let fields = [
        input("title", |t| t.field_title, false, 120),
        input("summary", |t| t.field_summary, true, 2000),
        input("link", |t| t.field_link, false, 2048),
        input("origin_city", |t| t.field_city, false, 80),
        input("origin_country", |t| t.field_country, false, 80),
        input("themes", |t| t.field_themes, false, 400),
        input("impact", |t| t.field_impact, true, 600),
        input("scalability", |t| t.field_scalability, true, 600),
        input("first_steps", |t| t.field_first_steps, true, 600),
    ];
    let source = RwSignal::new(Source::Member);
    let sectors = RwSignal::new(Vec::<Sector>::new());
    let errors = RwSignal::new(Vec::<FieldError>::new());
    let failed = RwSignal::new(None::<ApiError>);
    let prefix = format!("new-{column}");
    let value = move |i: usize| fields[i].value.get_untracked();
    let submit = move || {
        let content = CardContent {
            title: value(0),
            summary: opt(value(1)),
            link: opt(value(2)),
            origin_city: opt(value(3)),
            origin_country: opt(value(4)),
            source: source.get_untracked(),
            themes: value(5)
                .split([',', '،'])
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            sectors: sectors.get_untracked(),
            impact: opt(value(6)),
            scalability: opt(value(7)),
            first_steps: opt(value(8)),
        };
        let content = match content.validate() {
            Ok(c) => c,
            Err(e) => {
                errors.set(e);
                return;
            }
        };
        errors.set(Vec::new());
        let key = ctx
            .board
            .with_untracked(|b| key_after(b.column_cards(column).last().map(|c| c.key.as_str())));
        let new = NewCard {
            id: CardId(new_uuid()),
            column_id: column,
            key,
            content,
            from_learning: None,
        };
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client.add_card(ctx.expedition, ctx.board_id, &new).await {
                Ok(card) => {
                    for f in fields {
                        f.value.set(String::new());
                    }
                    sectors.set(Vec::new());
                    failed.set(None);
                    open.set(false);
                    let id = card.id;
                    ctx.board.update(|b| {
                        b.fold(&hevruta_model::board::BoardChange::CardAdded { card });
                    });
                    let dom = card_dom_id(id);
                    request_animation_frame(move || focus_by_id(&dom));
                }
                Err(ApiError::Problem(p)) if !p.errors.is_empty() => errors.set(p.errors),
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let error_of = move |name: &'static str| {
        move || {
            errors.with(|es| {
                es.iter()
                    .find(|e| e.field == name || e.field.starts_with(&format!("{name}[")))
                    .map(|e| i18n.t().field_error(e.code, e.max))
            })
        }
    };
    let title_of_column = move || {
        ctx.board.with(|b| {
            b.columns
                .iter()
                .find(|c| c.id == column)
                .map(|c| c.title.clone())
                .unwrap_or_default()
        })
    };
    let add_to = move || {
        fill(
            texts(i18n.lang()).add_card_to,
            &[("column", &isolate(&title_of_column()))],
        )
    };
    let form_id = prefix.clone();
    let render = move |f: Input| {
        let id = format!("{form_id}-{}", f.name);
        let err_id = format!("{id}-error");
        let err = error_of(f.name);
        let control = if f.multiline {
            view! {
                <textarea
                    id=id.clone()
                    rows="2"
                    maxlength=f.max.to_string()
                    aria-describedby=err_id.clone()
                    prop:value=move || f.value.get()
                    on:input:target=move |ev| f.value.set(ev.target().value())
                ></textarea>
            }
            .into_any()
        } else {
            view! {
                <input
                    type="text"
                    id=id.clone()
                    maxlength=f.max.to_string()
                    aria-describedby=err_id.clone()
                    required=f.name == "title"
                    prop:value=move || f.value.get()
                    on:input:target=move |ev| f.value.set(ev.target().value())
                />
            }
            .into_any()
        };
        view! {
            <div class="field">
                <label for=id>{bt(i18n, f.label)}</label>
                {control}
                <p class="field-error" id=err_id>
                    {err}
                </p>
            </div>
        }
    };
    let (first, more) = fields.split_at(6);
    let (first, more) = (first.to_vec(), more.to_vec());
    view! {
        <div class="add-card">
            <Show
                when=move || open.get()
                fallback=move || {
                    view! {
                        <button
                            type="button"
                            class="button add-card-button"
                            on:click=move |_| open.set(true)
                        >
                            {add_to}
                        </button>
                    }
                }
            >
                <form
                    class="card-form"
                    on:submit=move |ev| {
                        ev.prevent_default();
                        submit();
                    }
                >
                    {first.clone().into_iter().map(&render).collect_view()}
                    <div class="field">
                        <label for=format!("{prefix}-source")>{bt(i18n, |t| t.field_source)}</label>
                        <select
                            id=format!("{prefix}-source")
                            on:change:target=move |ev| {
                                if let Some(s) = Source::parse(&ev.target().value()) {
                                    source.set(s);
                                }
                            }
                        >
                            {Source::ALL
                                .into_iter()
                                .map(|s| {
                                    view! {
                                        <option value=s.as_str() selected=s == Source::Member>
                                            {move || texts(i18n.lang()).source(s)}
                                        </option>
                                    }
                                })
                                .collect_view()}
                        </select>
                    </div>
                    <fieldset class="field sector-checks">
                        <legend>{bt(i18n, |t| t.field_sectors)}</legend>
                        {Sector::ALL
                            .into_iter()
                            .map(|s| {
                                view! {
                                    <label class="field-check">
                                        <input
                                            type="checkbox"
                                            prop:checked=move || sectors.with(|v| v.contains(&s))
                                            on:change:target=move |ev| {
                                                let on = ev.target().checked();
                                                sectors
                                                    .update(|v| {
                                                        v.retain(|x| *x != s);
                                                        if on {
                                                            v.push(s);
                                                        }
                                                    });
                                            }
                                        />
                                        {move || i18n.t().sector(s).name}
                                    </label>
                                }
                            })
                            .collect_view()}
                    </fieldset>
                    <details class="card-form-more">
                        <summary>{bt(i18n, |t| t.more)}</summary>
                        {more.clone().into_iter().map(&render).collect_view()}
                    </details>
                    <ErrorNotice error=failed />
                    <div class="button-row">
                        <button type="submit" class="button button-primary">
                            {bt(i18n, |t| t.save_card)}
                        </button>
                        <button
                            type="button"
                            class="button button-quiet"
                            on:click=move |_| open.set(false)
                        >
                            {bt(i18n, |t| t.cancel)}
                        </button>
                    </div>
                </form>
            </Show>
        </div>
    }
}
