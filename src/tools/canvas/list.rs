//! `/e/{expedition}/canvases`: the expedition's model canvases, kept live: each with its
//! sticky count, its last change and who is on it now; renamed (facilitator or creator),
//! archived, restored and deleted (facilitator) in place; and a form to start one from a
//! template. Part of the canvas screen's wasm, not of the first load.
//!
//! Archived canvases leave the main list for a collapsed "Archived canvases" section, as
//! Trello's archived boards do; they still open, read-only (the server refuses their ops).

use std::collections::HashMap;
use std::rc::Rc;

use hevruta_model::canvas::{CanvasId, Template};
use hevruta_model::{
    CanvasListing, CanvasSummary, CreateCanvas, ExpeditionId, Member, MemberId, PresenceEvent,
    Role, Route, UpdateCanvas,
};
use leptos::prelude::*;
use serde::Deserialize;

use super::texts::{CanvasKey, ct, texts};
use crate::client::{ApiClient, ApiError, CanvasesStream};
use crate::components::{
    CharCounter, ErrorNotice, FormErrors, counter_id, focus_by_id, use_announcer,
};
use crate::i18n::{I18n, fill, format_date_time, isolate, plural_category, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title, use_router};
use crate::state::members::initials;

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

/// "{n} stickies" in the current language.
fn sticky_count(i18n: I18n, n: u32) -> String {
    let form = texts(i18n.lang())
        .sticky_count
        .pick(&plural_category(u64::from(n)));
    form.replace("{n}", &crate::i18n::format_number(i64::from(n)))
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

/// What a card is doing besides showing its canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CardMode {
    Showing,
    Renaming,
    ConfirmingDelete,
}

/// One canvas: its title (a link), template, sticky count, last change, who is on it, and
/// the actions this member may take.
#[component]
fn CanvasCard(ctx: ListCtx, id: CanvasId) -> impl IntoView {
    let i18n = use_i18n();
    let announcer = use_announcer();
    let summary = Memo::new(move |_| ctx.canvas(id));
    let title = move || summary.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let mode = RwSignal::new(CardMode::Showing);
    let expedition = ctx.expedition;

    // An action's failure, shown on its card under the button that was pressed.
    let failure = RwSignal::new(None::<ApiError>);
    let update = Action::new_local(move |req: &UpdateCanvas| {
        let (client, req) = (ctx.client.get_value(), req.clone());
        async move { client.update_canvas(expedition, id, &req).await }
    });
    // Deleting ends this card: what follows the answer is done here, not by the card.
    let delete = Action::new_local(move |_: &()| {
        let (client, before) = (ctx.client.get_value(), title());
        async move {
            match client.delete_canvas(expedition, id).await {
                Ok(()) => {
                    let t = texts(i18n.lang_untracked());
                    announcer.say(fill(
                        t.announce_canvas_deleted,
                        &[("title", &isolate(&before))],
                    ));
                    let _ = ctx
                        .listing
                        .try_update(|l| l.canvases.retain(|c| c.id != id));
                    request_animation_frame(|| focus_by_id("canvases-title"));
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e));
                }
            }
        }
    });
    // Archive and restore: the outcome is said, and focus goes where the canvas went.
    let archive = move |archived: bool| {
        let (client, before) = (ctx.client.get_value(), title());
        leptos::task::spawn_local(async move {
            let req = UpdateCanvas {
                title: None,
                archived: Some(archived),
            };
            let result = client.update_canvas(expedition, id, &req).await;
            match result {
                Ok(canvas) => {
                    ctx.adopt(canvas);
                    let t = texts(i18n.lang_untracked());
                    let (key, focus) = if archived {
                        (t.announce_archived, "archived-toggle".to_owned())
                    } else {
                        (t.announce_unarchived, format!("canvas-link-{id}"))
                    };
                    announcer.say(fill(key, &[("title", &isolate(&before))]));
                    request_animation_frame(move || focus_by_id(&focus));
                }
                Err(e) => {
                    let _ = failure.try_set(Some(e));
                }
            }
        });
    };
    let facilitator = ctx.role == Role::Facilitator;
    // Only what the buttons show: a new sticky count must not re-render (and unfocus) them.
    let allowed = Memo::new(move |_| {
        summary.with(|c| {
            c.as_ref()
                .map(|c| (ctx.can_rename(c), c.is_archived(), c.title.clone()))
        })
    });
    let actions = move || {
        let (can_rename, archived, name) = allowed.get()?;
        // Each button's name says which canvas it acts on ("Rename: Ideas"; heard, not seen).
        let named = move |key: CanvasKey| {
            let name = name.clone();
            move || format!("{}: {name}", key(texts(i18n.lang())))
        };
        let rename = can_rename.then(|| {
            view! {
                <button
                    type="button"
                    id=format!("rename-{id}")
                    aria-label=named(|t| t.rename)
                    class="button button-quiet"
                    on:click=move |_| {
                        failure.set(None);
                        mode.set(CardMode::Renaming);
                    }
                >
                    {ct(i18n, |t| t.rename)}

                </button>
            }
        });
        let archiving = facilitator.then(|| {
            view! {
                <button
                    type="button"
                    id=format!("archive-{id}")
                    aria-label=named(if archived { |t| t.unarchive } else { |t| t.archive })
                    class="button button-quiet"
                    on:click=move |_| {
                        failure.set(None);
                        archive(!archived);
                    }
                >
                    {move || {
                        let t = texts(i18n.lang());
                        if archived { t.unarchive } else { t.archive }
                    }}

                </button>
            }
        });
        let deleting = facilitator.then(|| {
            view! {
                <button
                    type="button"
                    id=format!("delete-{id}")
                    aria-label=named(|t| t.delete)
                    class="button button-danger"
                    on:click=move |_| {
                        failure.set(None);
                        mode.set(CardMode::ConfirmingDelete);
                        request_animation_frame(move || focus_by_id(
                            &format!("delete-cancel-{id}"),
                        ));
                    }
                >
                    {ct(i18n, |t| t.delete)}

                </button>
            }
        });
        (rename.is_some() || facilitator).then(|| {
            view! { <div class="canvas-card-actions">{rename} {archiving} {deleting}</div> }
        })
    };

    // The rename form is made once per opening: live changes of the canvas (a sticky added
    // meanwhile) must not reset what is being typed.
    let body = move || match mode.get() {
        CardMode::Renaming => summary.get_untracked().map(|c| {
            view! {
                <RenameForm
                    canvas=c
                    action=update
                    on_done=Callback::new(move |renamed: Option<CanvasSummary>| {
                        mode.set(CardMode::Showing);
                        if let Some(c) = renamed {
                            let t = texts(i18n.lang_untracked());
                            announcer
                                .say(fill(t.announce_renamed, &[("title", &isolate(&c.title))]));
                            ctx.adopt(c);
                            request_animation_frame(move || focus_by_id(
                                &format!("canvas-link-{id}"),
                            ));
                        } else {
                            request_animation_frame(move || focus_by_id(&format!("rename-{id}")));
                        }
                    })
                />
            }
            .into_any()
        }),
        _ => Some(view! { <CardFacts ctx=ctx id=id summary=summary /> }.into_any()),
    };

    let confirm = move || {
        (mode.get() == CardMode::ConfirmingDelete).then(|| {
            let c = summary.get_untracked()?;
            let question = move || {
                fill(
                    texts(i18n.lang()).delete_canvas_confirm,
                    &[
                        ("title", &isolate(&c.title)),
                        ("stickies", &sticky_count(i18n, c.sticky_count)),
                    ],
                )
            };
            Some(view! {
                <div
                    class="canvas-confirm"
                    role="group"
                    aria-labelledby=format!("delete-question-{id}")
                    on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                        if ev.key() == "Escape" {
                            ev.prevent_default();
                            mode.set(CardMode::Showing);
                            request_animation_frame(move || focus_by_id(&format!("delete-{id}")));
                        }
                    }
                >
                    <p id=format!("delete-question-{id}")>{question}</p>
                    <div class="button-row">
                        <button
                            type="button"
                            class="button button-danger"
                            disabled=move || delete.pending().get()
                            on:click=move |_| {
                                delete.dispatch(());
                            }
                        >
                            {ct(i18n, |t| t.delete_for_good)}
                        </button>
                        <button
                            type="button"
                            id=format!("delete-cancel-{id}")
                            class="button"
                            on:click=move |_| {
                                mode.set(CardMode::Showing);
                                request_animation_frame(move || focus_by_id(
                                    &format!("delete-{id}"),
                                ));
                            }
                        >
                            {move || i18n.t().cancel}
                        </button>
                    </div>
                </div>
            })
        })
    };

    view! {
        <li
            class="canvas-card"
            class:is-archived=move || {
                summary.with(|c| c.as_ref().is_some_and(CanvasSummary::is_archived))
            }
        >
            <div class="canvas-card-main">{body}</div>
            {move || (mode.get() != CardMode::Renaming).then(actions)}
            {confirm}
            <ErrorNotice error=failure />
        </li>
    }
}

/// A card's facts: title link, template, stickies, last change, who is there now. Each
/// follows the canvas live without re-rendering the link (focus stays where it is).
#[component]
fn CardFacts(ctx: ListCtx, id: CanvasId, summary: Memo<Option<CanvasSummary>>) -> impl IntoView {
    let i18n = use_i18n();
    let archived = Memo::new(move |_| summary.with(|c| c.as_ref().and_then(|c| c.archived_at)));
    let title = move || summary.with(|c| c.as_ref().map(|c| c.title.clone()).unwrap_or_default());
    let when = move || {
        let t = texts(i18n.lang());
        match archived.get() {
            Some(at) => fill(t.archived_when, &[("when", &format_date_time(at))]),
            None => {
                let changed = summary.with(|c| c.as_ref().map_or(0, |c| c.changed_at));
                fill(t.changed_when, &[("when", &format_date_time(changed))])
            }
        }
    };
    let template =
        move || summary.with(|c| c.as_ref().map(|c| texts(i18n.lang()).template(c.template)));
    let count = move || {
        let n = summary.with(|c| c.as_ref().map_or(0, |c| c.sticky_count));
        sticky_count(i18n, n)
    };
    let here = Memo::new(move |_| {
        ctx.presence
            .with(|p| p.get(&id).cloned().unwrap_or_default())
    });
    let people = move || {
        let ids = here.get();
        if ids.is_empty() {
            return None;
        }
        let t = texts(i18n.lang());
        let named: Vec<(String, bool)> = ids
            .iter()
            .map(|m| {
                let name = ctx
                    .members
                    .with(|all| all.get(m).map(|x| x.display_name.clone()))
                    .unwrap_or_else(|| t.someone.to_owned());
                (name, *m == ctx.me)
            })
            .collect();
        let names = named
            .iter()
            .map(|(name, me)| {
                if *me {
                    isolate(&format!("{name} ({})", t.you))
                } else {
                    isolate(name)
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        let avatars = named
            .into_iter()
            .map(|(name, me)| {
                view! {
                    <span class="avatar" class:me=me dir="auto">
                        {initials(&name)}
                    </span>
                }
            })
            .collect_view();
        Some(view! {
            <p class="canvas-here">
                <span class="avatars" aria-hidden="true">
                    {avatars}
                </span>
                <span>{fill(t.here_now, &[("names", &names)])}</span>
            </p>
        })
    };
    view! {
        <a
            class="canvas-card-title"
            id=format!("canvas-link-{id}")
            href=Route::Canvas(ctx.expedition, id).to_string()
            dir="auto"
        >
            {title}
        </a>
        <p class="canvas-card-meta">
            {move || {
                archived
                    .get()
                    .is_some()
                    .then(|| view! { <span class="badge">{ct(i18n, |t| t.archived_badge)}</span> })
            }} <span>{move || format!("{} · {}", template().unwrap_or_default(), count())}</span>
        </p>
        <p class="canvas-card-when">{when}</p>
        {people}
    }
}

/// Renames a canvas in place: its new title, checked like every title, with a counter.
#[component]
fn RenameForm(
    canvas: CanvasSummary,
    /// The card's update action (its answer is the renamed canvas).
    action: Action<UpdateCanvas, Result<CanvasSummary, ApiError>>,
    /// Called with the renamed canvas, or `None` when cancelled.
    on_done: Callback<Option<CanvasSummary>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let field = format!("rename-title-{}", canvas.id);
    let title = RwSignal::new(canvas.title.clone());
    let errors = FormErrors::new(Signal::derive(move || {
        action.value().get().map(|r| r.map(drop))
    }));
    let title_error = errors.field("title");
    let version = action.version().get_untracked();
    Effect::new(move |_| {
        if action.version().get() > version
            && let Some(Ok(c)) = action.value().get_untracked()
        {
            on_done.run(Some(c));
        }
    });
    {
        let field = field.clone();
        request_animation_frame(move || focus_by_id(&field));
    }
    let before = canvas.title.clone();
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let wanted = title.get_untracked();
        if wanted.trim() == before {
            on_done.run(None);
            return;
        }
        let req = UpdateCanvas {
            title: Some(wanted),
            archived: None,
        };
        match req.validate() {
            Err(e) => errors.check(e),
            Ok(_) => {
                errors.check(Vec::new());
                action.dispatch(req);
            }
        }
    };
    let max = hevruta_model::Title::MAX_CHARS;
    let described = {
        let (error_id, count_id) = (format!("{field}-error"), counter_id(&field));
        move || {
            let mut ids = vec![count_id.clone()];
            if title_error.get().is_some() {
                ids.push(error_id.clone());
            }
            ids.join(" ")
        }
    };
    view! {
        <form
            class="canvas-rename"
            on:submit=on_submit
            on:keydown=move |ev: leptos::ev::KeyboardEvent| {
                if ev.key() == "Escape" {
                    ev.prevent_default();
                    on_done.run(None);
                }
            }
            novalidate
        >
            <div class="field" class:has-error=move || title_error.get().is_some()>
                <label for=field.clone()>{ct(i18n, |t| t.rename_label)}</label>
                <input
                    id=field.clone()
                    type="text"
                    dir="auto"
                    maxlength=max.to_string()
                    aria-invalid=move || title_error.get().is_some().then_some("true")
                    aria-describedby=described
                    prop:value=move || title.get()
                    on:input:target=move |ev| title.set(ev.target().value())
                />
                <CharCounter field=field.clone() value=title max=max />
                {
                    let error_id = format!("{field}-error");
                    move || {
                        title_error
                            .get()
                            .map(|e| {
                                view! {
                                    <p class="field-error" id=error_id.clone()>
                                        {e}
                                    </p>
                                }
                            })
                    }
                }
            </div>
            <ErrorNotice error=errors.general />
            <div class="button-row">
                <button
                    type="submit"
                    class="button button-primary"
                    disabled=move || action.pending().get()
                >
                    {move || i18n.t().save}
                </button>
                <button type="button" class="button" on:click=move |_| on_done.run(None)>
                    {move || i18n.t().cancel}
                </button>
            </div>
        </form>
    }
}

#[component]
fn NewCanvas(expedition: ExpeditionId, client: ApiClient) -> impl IntoView {
    let i18n = use_i18n();
    let router = use_router();
    let title = RwSignal::new(String::new());
    let template = RwSignal::new(Template::CityEducationModel);
    let create = Action::new_local(move |req: &CreateCanvas| {
        let (client, req) = (client.clone(), req.clone());
        async move {
            let made = client.create_canvas(expedition, &req).await?;
            router.go(&Route::Canvas(expedition, made.id));
            Ok::<_, ApiError>(())
        }
    });
    let errors = FormErrors::new(create.value());
    let title_error = errors.field("title");
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let req = CreateCanvas {
            title: title.get_untracked(),
            template: template.get_untracked(),
        };
        match req.validate() {
            Err(e) => {
                errors.check(e);
                crate::components::focus_by_id("canvas-title");
            }
            Ok(_) => {
                errors.check(Vec::new());
                create.dispatch(req);
            }
        }
    };
    let max = hevruta_model::Title::MAX_CHARS;
    let near_limit =
        move || title.with(|t| crate::components::chars_left(t.chars().count(), max).is_some());
    let described = move || {
        let mut ids = Vec::new();
        if near_limit() {
            ids.push(counter_id("canvas-title"));
        }
        if title_error.get().is_some() {
            ids.push("canvas-title-error".to_owned());
        }
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <section class="panel" aria-labelledby="new-canvas-heading">
            <h2 id="new-canvas-heading">{ct(i18n, |t| t.create)}</h2>
            <form class="new-canvas" on:submit=on_submit novalidate>
                <div class="field" class:has-error=move || title_error.get().is_some()>
                    <label for="canvas-title">{ct(i18n, |t| t.title_label)}</label>
                    <input
                        id="canvas-title"
                        type="text"
                        dir="auto"
                        maxlength=max.to_string()
                        aria-invalid=move || title_error.get().is_some().then_some("true")
                        aria-describedby=described
                        prop:value=move || title.get()
                        on:input:target=move |ev| title.set(ev.target().value())
                    />
                    <CharCounter field="canvas-title" value=title max=max />
                    {move || {
                        title_error
                            .get()
                            .map(|e| {
                                view! {
                                    <p class="field-error" id="canvas-title-error">
                                        {e}
                                    </p>
                                }
                            })
                    }}
                </div>
                <div class="field">
                    <label for="canvas-template">{ct(i18n, |t| t.template_label)}</label>
                    <select
                        id="canvas-template"
                        on:change:target=move |ev| {
                            if let Some(t) = Template::parse(&ev.target().value()) {
                                template.set(t);
                            }
                        }
                    >
                        {Template::ALL
                            .into_iter()
                            .map(|t| {
                                view! {
                                    <option value=t.as_str() selected=move || template.get() == t>
                                        {move || texts(i18n.lang()).template(t)}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </div>
                <ErrorNotice error=errors.general />
                <button type="submit" class="button button-primary" disabled=create.pending()>
                    {ct(i18n, |t| t.create)}
                </button>
            </form>
        </section>
    }
}
