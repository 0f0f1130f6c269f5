//! One canvas of the list: its facts, followed live, and the actions this member may take
//! on it (open, rename, archive, restore, delete with a confirmation).

use hevruta_model::canvas::CanvasId;
use hevruta_model::{CanvasSummary, Role, Route, UpdateCanvas};
use leptos::prelude::*;

use super::ListCtx;
use super::rename::RenameForm;
use crate::client::ApiError;
use crate::components::{ErrorNotice, focus_by_id, use_announcer};
use crate::i18n::{I18n, fill, format_date_time, isolate, plural_category, use_i18n};
use crate::state::members::initials;
use crate::tools::canvas::texts::{CanvasKey, ct, texts};

/// "{n} stickies" in the current language.
fn sticky_count(i18n: I18n, n: u32) -> String {
    let form = texts(i18n.lang())
        .sticky_count
        .pick(&plural_category(u64::from(n)));
    form.replace("{n}", &crate::i18n::format_number(i64::from(n)))
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
pub(super) fn CanvasCard(ctx: ListCtx, id: CanvasId) -> impl IntoView {
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
