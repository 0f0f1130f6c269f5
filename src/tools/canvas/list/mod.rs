//! `/e/{expedition}/canvases`: the expedition's model canvases, kept live: each with its
//! sticky count, its last change and who is on it now; renamed (facilitator or creator),
//! archived, restored and deleted (facilitator) in place; and a form to start one from a
//! template. Part of the canvas screen's wasm, not of the first load.
//!
//! Archived canvases leave the main list for a collapsed "Archived canvases" section, as
//! Trello's archived boards do; they still open, read-only (the server refuses their ops).

use std::collections::HashMap;
use std::rc::Rc;

use hevruta_model::canvas::CanvasId;
use hevruta_model::{
    CanvasListing, CanvasSummary, ExpeditionId, Member, MemberId, PresenceEvent, Role, Route,
};
use leptos::prelude::*;
use serde::Deserialize;

use super::texts::{ct, texts};
use crate::client::{ApiClient, CanvasesStream};
use crate::i18n::{fill, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};

mod card;
mod new_canvas;
mod rename;

use card::CanvasCard;
use new_canvas::NewCanvas;

/// The canvases of the expedition `id`.
#[component]
pub fn CanvasListPage(id: ExpeditionId) -> impl IntoView {
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.canvases(id).await }
            page=|loaded| view! { <CanvasList loaded=loaded /> }
        />
    }
}

/// The head of an op batch: which canvas changed when, and which kinds of op changed it.
#[derive(Deserialize)]
struct OpsHead {
    seq: u64,
    at: i64,
    canvas_id: CanvasId,
    ops: Vec<AppliedHead>,
}

#[derive(Deserialize)]
struct AppliedHead {
    op: OpHead,
}

#[derive(Deserialize)]
struct OpHead {
    #[serde(rename = "type")]
    kind: String,
}

impl OpsHead {
    /// Whether the batch may change how many stickies its canvas has.
    fn counts_change(&self) -> bool {
        self.ops
            .iter()
            .any(|a| matches!(a.op.kind.as_str(), "create" | "delete" | "restore"))
    }
}

/// What every row needs: the live list, presence, members, and who is looking.
#[derive(Clone, Copy)]
struct ListCtx {
    expedition: ExpeditionId,
    client: StoredValue<ApiClient>,
    listing: RwSignal<CanvasListing>,
    presence: RwSignal<HashMap<CanvasId, Vec<MemberId>>>,
    members: Memo<HashMap<MemberId, Member>>,
    me: MemberId,
    role: Role,
    /// Whether the archived canvases are shown.
    archive_open: RwSignal<bool>,
}

impl ListCtx {
    fn canvas(&self, id: CanvasId) -> Option<CanvasSummary> {
        self.listing
            .with(|l| l.canvases.iter().find(|c| c.id == id).cloned())
    }

    fn can_rename(&self, c: &CanvasSummary) -> bool {
        !c.is_archived()
            && (self.role == Role::Facilitator
                || (self.role.can_write() && c.created_by == self.me))
    }

    /// Puts a canvas as the server answered it into the list (the stream confirms it).
    fn adopt(&self, canvas: CanvasSummary) {
        let _ = self.listing.try_update(|l| {
            if let Some(c) = l.canvases.iter_mut().find(|c| c.id == canvas.id) {
                *c = canvas;
            }
        });
    }
}

#[component]
fn CanvasList(loaded: Loaded<CanvasListing>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data,
    } = loaded;
    let id = expedition.id;
    let after = data.last_seq;
    let listing = RwSignal::new(data);
    let presence = RwSignal::new(HashMap::<CanvasId, Vec<MemberId>>::new());

    // Sticky counts come from the server (a delete may hit a sticky deleted already): after
    // a batch that creates, deletes or restores, read the list again, at most once a second.
    let refresh_due = StoredValue::new(false);
    let refresh = {
        let client = client.clone();
        move || {
            if refresh_due.get_value() {
                return;
            }
            refresh_due.set_value(true);
            let client = client.clone();
            set_timeout(
                move || {
                    let _ = refresh_due.try_set_value(false);
                    leptos::task::spawn_local(async move {
                        if let Ok(fresh) = client.canvases(id).await {
                            let _ = listing.try_update(|l| l.replace_with(fresh));
                        }
                    });
                },
                std::time::Duration::from_millis(1000),
            );
        }
    };
    let stream = CanvasesStream {
        on_ops: Rc::new(move |json| {
            let Ok(head) = serde_json::from_str::<OpsHead>(json) else {
                return;
            };
            let touched = listing.try_update(|l| l.touch(head.canvas_id, head.seq, head.at));
            if touched == Some(true) && head.counts_change() {
                refresh();
            }
        }),
        on_presence: Rc::new(move |json| {
            if let Ok(p) = serde_json::from_str::<PresenceEvent>(json) {
                presence.update(|all| {
                    if p.members.is_empty() {
                        all.remove(&p.canvas_id);
                    } else {
                        all.insert(p.canvas_id, p.members);
                    }
                });
            }
        }),
    };
    // New, renamed, archived and deleted canvases appear live; the stream continues where
    // the list was read.
    let live = Live::new(&expedition).follow_canvases(&client, after, stream, move |event, _| {
        listing.update(|l| {
            l.apply(event);
        });
    });
    set_title(move || format!("{} · Hevruta", ct(i18n, |t| t.list_heading)()));

    let ctx = ListCtx {
        expedition: id,
        client: StoredValue::new(client.clone()),
        listing,
        presence,
        members: Memo::new(move |_| {
            live.snapshot
                .with(|s| s.members.iter().map(|m| (m.id, m.clone())).collect())
        }),
        me: me.id,
        role: me.role,
        archive_open: RwSignal::new(false),
    };
    let ids = move |archived: bool| {
        listing.with(|l| {
            l.canvases
                .iter()
                .filter(|c| c.is_archived() == archived)
                .map(|c| c.id)
                .collect::<Vec<_>>()
        })
    };
    let archived_count = move || ids(true).len();
    let can_create = me.role != Role::Viewer;
    view! {
        <div class="page canvas-index">
            <p>
                <a class="canvas-index-back" href=Route::Expedition(id).to_string()>
                    <span class="flip-rtl" aria-hidden="true">
                        "←"
                    </span>
                    " "
                    {ct(i18n, |t| t.back)}
                </a>
            </p>
            <h1 id="canvases-title" tabindex="-1">
                {ct(i18n, |t| t.list_heading)}
            </h1>
            <section class="canvas-current" aria-labelledby="canvas-list-heading">
                <h2 id="canvas-list-heading" class="visually-hidden">
                    {ct(i18n, |t| t.list_heading)}
                </h2>
                <Show
                    when=move || !ids(false).is_empty()
                    fallback=move || view! { <p class="hint">{ct(i18n, |t| t.list_empty)}</p> }
                >
                    <ul class="canvas-cards">
                        <For each=move || ids(false) key=|c| *c let:canvas>
                            <CanvasCard ctx=ctx id=canvas />
                        </For>
                    </ul>
                </Show>
            </section>
            <Show when=move || { archived_count() > 0 }>
                <section class="canvas-archive" aria-labelledby="archived-heading">
                    <h2 id="archived-heading" class="canvas-archive-heading">
                        <button
                            type="button"
                            id="archived-toggle"
                            class="button button-quiet"
                            aria-expanded=move || ctx.archive_open.get().to_string()
                            aria-controls="archived-list"
                            on:click=move |_| ctx.archive_open.update(|o| *o = !*o)
                        >
                            <span class="disclosure-mark" aria-hidden="true"></span>
                            {move || {
                                fill(
                                    texts(i18n.lang()).archived_heading,
                                    &[("n", &crate::i18n::format_number(archived_count() as i64))],
                                )
                            }}
                        </button>
                    </h2>
                    <div id="archived-list" hidden=move || !ctx.archive_open.get()>
                        <p class="hint">{ct(i18n, |t| t.archived_hint)}</p>
                        <ul class="canvas-cards">
                            <For each=move || ids(true) key=|c| *c let:canvas>
                                <CanvasCard ctx=ctx id=canvas />
                            </For>
                        </ul>
                    </div>
                </section>
            </Show>
            {can_create.then(|| view! { <NewCanvas expedition=id client=client /> })}
        </div>
    }
}
