//! Export (JSON of the whole board, CSV of its cards), import (a Hevruta export or a Trello
//! board: checked row by row, then nothing or only the valid rows, sent in parts), and the
//! facilitator's voting rules.

use hevruta_model::board::import::{ImportPlan, export_json, plan};
use hevruta_model::board::{ImportCards, MAX_VOTE_BUDGET, UpdateBoard, csv};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ctx::BoardCtx;
use super::texts::{bt, now, texts};
use crate::browser::new_uuid;
use crate::client::ApiError;
use crate::components::ErrorNotice;
use crate::i18n::{fill, format_number, isolate};
use crate::tools::canvas::export::download_text;

/// Cards per import request: well under the 64 KiB body limit with long summaries.
const CARDS_PER_REQUEST: usize = 100;

fn file_name(ctx: BoardCtx, ext: &str) -> String {
    let title = ctx.board.with_untracked(|b| b.board.title.clone());
    let safe: String = title
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    format!("{}.{ext}", safe.trim_matches('-'))
}

#[component]
pub fn Export(ctx: BoardCtx) -> impl IntoView {
    let i18n = ctx.i18n;
    let json = move |_| {
        let text = ctx.board.with_untracked(export_json);
        download_text(
            &file_name(ctx, "json"),
            "application/json;charset=utf-8",
            &text,
        );
    };
    let csv = move |_| {
        let text = ctx.board.with_untracked(csv::export);
        download_text(&file_name(ctx, "csv"), "text/csv;charset=utf-8", &text);
    };
    view! {
        <div class="button-row board-export">
            <button type="button" class="button" on:click=json>
                {bt(i18n, |t| t.export_json)}
            </button>
            <button type="button" class="button" on:click=csv>
                {bt(i18n, |t| t.export_csv)}
            </button>
        </div>
    }
}

#[component]
pub fn Import(ctx: BoardCtx) -> impl IntoView {
    let i18n = ctx.i18n;
    let report = RwSignal::new(None::<ImportPlan>);
    let refused = RwSignal::new(None::<String>);
    let failed = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let read = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        report.set(None);
        refused.set(None);
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let text = text.ok().and_then(|t| t.as_string()).unwrap_or_default();
            let result = ctx.board.with_untracked(|b| plan(&text, b, &mut new_uuid));
            match result {
                Ok(p) => report.set(Some(p)),
                Err(e) => refused.set(Some(fill(
                    now(i18n).import_failed,
                    &[("reason", &e.to_string())],
                ))),
            }
        });
    };
    let send = move |_| {
        let Some(p) = report.get_untracked() else {
            return;
        };
        busy.set(true);
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            let mut added = 0;
            let mut columns = p.columns.clone();
            for part in p.cards.chunks(CARDS_PER_REQUEST) {
                let req = ImportCards {
                    columns: std::mem::take(&mut columns),
                    cards: part.to_vec(),
                };
                match client
                    .import_cards(ctx.expedition, ctx.board_id, &req)
                    .await
                {
                    Ok(r) => added += r.cards,
                    Err(e) => {
                        failed.set(Some(e));
                        break;
                    }
                }
            }
            busy.set(false);
            report.set(None);
            ctx.reload();
            ctx.announcer.say(fill(
                now(i18n).import_done,
                &[("n", &format_number(i64::from(added)))],
            ));
        });
    };
    let summary = move || {
        report.with(|r| {
            r.as_ref().map(|p| {
                fill(
                    texts(i18n.lang()).import_summary,
                    &[
                        ("valid", &format_number(p.cards.len() as i64)),
                        ("rejected", &format_number(p.rejected.len() as i64)),
                    ],
                )
            })
        })
    };
    let rejected = move || {
        let t = texts(i18n.lang());
        report.with(|r| {
            r.as_ref()
                .map(|p| {
                    p.rejected
                        .iter()
                        .map(|row| {
                            let reasons = row
                                .errors
                                .iter()
                                .map(|e| {
                                    format!("{} ({})", i18n.t().field_error(e.code, e.max), e.field)
                                })
                                .collect::<Vec<_>>()
                                .join("; ");
                            fill(
                                t.row_rejected,
                                &[
                                    ("row", &format_number(row.row as i64 + 1)),
                                    ("title", &isolate(&row.title)),
                                    ("reasons", &reasons),
                                ],
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    };
    let valid_label = move || {
        let n = report.with(|r| r.as_ref().map_or(0, |p| p.cards.len()));
        fill(
            texts(i18n.lang()).import_valid,
            &[("n", &format_number(n as i64))],
        )
    };
    view! {
        <section class="panel board-import">
            <div class="field">
                <label for="board-import">{bt(i18n, |t| t.import_label)}</label>
                <input
                    id="board-import"
                    type="file"
                    accept=".json,application/json"
                    on:change=read
                />
            </div>
            <div role="alert">
                {move || refused.get().map(|r| view! { <p class="notice notice-error">{r}</p> })}
            </div>
            <Show when=move || report.with(Option::is_some)>
                <p>{summary}</p>
                <ul class="import-rejected">
                    {move || rejected().into_iter().map(|r| view! { <li>{r}</li> }).collect_view()}
                </ul>
                <div class="button-row">
                    <button
                        type="button"
                        class="button button-primary"
                        disabled=move || {
                            busy.get()
                                || report.with(|r| r.as_ref().is_none_or(|p| p.cards.is_empty()))
                        }
                        on:click=send
                    >
                        {valid_label}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet"
                        on:click=move |_| report.set(None)
                    >
                        {bt(i18n, |t| t.import_nothing)}
                    </button>
                </div>
            </Show>
            <ErrorNotice error=failed />
        </section>
    }
}

/// The facilitator's voting rules: votes per member and the cap per card.
#[component]
pub fn Rules(ctx: BoardCtx) -> impl IntoView {
    let i18n = ctx.i18n;
    let budget = RwSignal::new(
        ctx.board
            .with_untracked(|b| b.board.vote_budget.to_string()),
    );
    let cap = RwSignal::new(
        ctx.board
            .with_untracked(|b| b.board.card_cap.map(|c| c.to_string()).unwrap_or_default()),
    );
    let failed = RwSignal::new(None::<ApiError>);
    let save = move || {
        let req = UpdateBoard {
            title: None,
            vote_budget: budget.get_untracked().trim().parse().ok(),
            card_cap: Some(cap.get_untracked().trim().parse().ok()),
        };
        let client = ctx.client.get_value();
        leptos::task::spawn_local(async move {
            match client
                .update_board(ctx.expedition, ctx.board_id, &req)
                .await
            {
                Ok(board) => {
                    failed.set(None);
                    ctx.board.update(|b| {
                        b.fold(&hevruta_model::board::BoardChange::BoardUpdated { board });
                    });
                }
                Err(e) => failed.set(Some(e)),
            }
        });
    };
    let max = MAX_VOTE_BUDGET.to_string();
    view! {
        <form
            class="panel board-rules"
            on:submit=move |ev| {
                ev.prevent_default();
                save();
            }
        >
            <h2>{bt(i18n, |t| t.settings_heading)}</h2>
            <div class="field">
                <label for="vote-budget">{bt(i18n, |t| t.vote_budget_label)}</label>
                <input
                    id="vote-budget"
                    type="number"
                    min="0"
                    max=max.clone()
                    inputmode="numeric"
                    prop:value=move || budget.get()
                    on:input:target=move |ev| budget.set(ev.target().value())
                />
            </div>
            <div class="field">
                <label for="card-cap">{bt(i18n, |t| t.card_cap_label)}</label>
                <input
                    id="card-cap"
                    type="number"
                    min="1"
                    max=max
                    inputmode="numeric"
                    prop:value=move || cap.get()
                    on:input:target=move |ev| cap.set(ev.target().value())
                />
            </div>
            <ErrorNotice error=failed />
            <button type="submit" class="button button-primary">
                {bt(i18n, |t| t.save_settings)}
            </button>
        </form>
    }
}
