//! `/e/{expedition}/canvas/{canvas}`: loads the canvas with the shell's loader, follows
//! the stream (changes, op batches, presence) and lays out the bar, toolbar, notices and
//! the surface.

use hevruta_model::canvas::CanvasId;
use hevruta_model::{CanvasSnapshot, EventKind, ExpeditionId, MemberId, Route};
use leptos::prelude::*;

use super::ctl::{Ctl, Link};
use super::texts::{ct, texts};
use super::{cite, list_view, outbox, panels, surface, toolbar};
use crate::client::{CanvasStream, StreamStatus};
use crate::i18n::{fill, format_number, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};
use crate::tools::facilitation;

/// The canvas `canvas` of the expedition `id`. Archived or restored meanwhile, it loads
/// again (read-only, or editable again); deleted, it says so.
#[component]
pub fn CanvasPage(id: ExpeditionId, canvas: CanvasId) -> impl IntoView {
    let i18n = use_i18n();
    let generation = RwSignal::new(0u32);
    let deleted_by = RwSignal::new(None::<MemberId>);
    let changed = Callback::new(move |change: Change| match change {
        Change::Reload => generation.update(|g| *g += 1),
        Change::Deleted(by) => deleted_by.set(Some(by)),
    });
    move || {
        if deleted_by.get().is_some() {
            return view! { <Deleted id=id canvas=canvas /> }.into_any();
        }
        generation.track();
        view! {
            <ExpeditionLoader
                id=id
                load=move |client| async move { client.canvas(id, canvas).await }
                not_found=Signal::derive(ct(i18n, |t| t.not_found))
                page=move |loaded| view! { <Screen loaded=loaded changed=changed /> }
            />
        }
        .into_any()
    }
}

/// What happened to the open canvas, from the stream.
#[derive(Debug, Clone, Copy)]
enum Change {
    /// Archived or restored: load it again, read-only or editable.
    Reload,
    Deleted(MemberId),
}

/// The canvas was deleted while open. Text this device had not saved on it (waiting in
/// the outbox, or refused as drafts) is shown, to be copied elsewhere.
#[component]
fn Deleted(id: ExpeditionId, canvas: CanvasId) -> impl IntoView {
    let i18n = use_i18n();
    let unsaved = RwSignal::new(Vec::<String>::new());
    leptos::task::spawn_local(async move {
        let ops = outbox::load(canvas).await.unwrap_or_default();
        let drafts = outbox::drafts(canvas).await.unwrap_or_default();
        let _ = unsaved.try_set(unsaved_texts(&ops, drafts));
    });
    request_animation_frame(|| crate::components::focus_by_id("canvas-gone"));
    view! {
        <div class="canvas-gone" id="canvas-gone" tabindex="-1" role="alert">
            <p>{ct(i18n, |t| t.canvas_deleted_here)}</p>
            <Show when=move || unsaved.with(|u| !u.is_empty())>
                <h2>{ct(i18n, |t| t.unsaved_heading)}</h2>
                <ul class="canvas-unsaved">
                    {move || {
                        unsaved
                            .get()
                            .into_iter()
                            .map(|text| {
                                view! {
                                    <li>
                                        <blockquote dir="auto">{text}</blockquote>
                                    </li>
                                }
                            })
                            .collect_view()
                    }}
                </ul>
            </Show>
            <a class="button button-primary" href=Route::Canvases(id).to_string()>
                {ct(i18n, |t| t.all_canvases)}
            </a>
        </div>
    }
}

/// The visible sticky the address's `#sticky-{id}` names, if any.
fn sticky_anchor(ctl: &Ctl) -> Option<hevruta_model::canvas::StickyId> {
    let hash = window().location().hash().ok()?;
    let id = hash.strip_prefix("#sticky-")?.parse().ok()?;
    ctl.order.with_untracked(|o| o.contains(&id)).then_some(id)
}

/// The last text per sticky among ops not yet saved, then the drafts' texts, each once.
fn unsaved_texts(ops: &[hevruta_model::canvas::Op], drafts: Vec<outbox::Draft>) -> Vec<String> {
    use hevruta_model::canvas::OpKind;
    let mut last: Vec<(hevruta_model::canvas::StickyId, String)> = Vec::new();
    for op in ops {
        if let OpKind::Create { text, .. } | OpKind::SetText { text } = &op.kind {
            last.retain(|(s, _)| *s != op.sticky);
            last.push((op.sticky, text.clone()));
        }
    }
    let mut texts: Vec<String> = Vec::new();
    for text in last
        .into_iter()
        .map(|(_, t)| t)
        .chain(drafts.into_iter().map(|d| d.text))
    {
        if !text.trim().is_empty() && !texts.contains(&text) {
            texts.push(text);
        }
    }
    texts
}

#[component]
fn Screen(loaded: Loaded<CanvasSnapshot>, changed: Callback<Change>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data: snapshot,
    } = loaded;
    let title = RwSignal::new(snapshot.canvas.title.clone());
    let after = snapshot.last_seq;
    let live = Live::new(&expedition);
    let session = facilitation::Session::provide(&client, expedition.id, &me);
    let ctl = Ctl::new(client.clone(), &me, live, snapshot);
    let voting = crate::tools::facilitation::voting::Voting::provide(
        &client,
        expedition.id,
        &me,
        hevruta_model::vote::RoundOn::Canvas(ctl.canvas),
    );
    cite::Cites::provide(ctl);
    set_title(move || format!("{} · Hevruta", title.get()));

    // Edits this device made earlier and could not send yet, and refused text.
    leptos::task::spawn_local(async move {
        if let Ok(ops) = outbox::load(ctl.canvas).await {
            ctl.restore_outbox(ops);
        }
        if let Ok(drafts) = outbox::drafts(ctl.canvas).await {
            ctl.drafts.set(drafts);
        }
        ctl.recover_unsaved().await;
    });

    let stream = CanvasStream {
        canvas: ctl.canvas,
        on_ops: std::rc::Rc::new(move |json| ctl.on_ops_json(json)),
        on_presence: std::rc::Rc::new(move |json| ctl.on_presence_json(json)),
    };
    let this = ctl.canvas;
    live.follow(&client, after, Some(stream), move |event, _| {
        match &event.change {
            EventKind::MemberLeft { member_id } => {
                ctl.present.update(|p| p.retain(|m| m != member_id));
            }
            EventKind::CanvasRenamed {
                canvas_id,
                title: new,
                ..
            } if *canvas_id == this => title.set(new.clone()),
            EventKind::CanvasArchived { canvas_id, .. } if *canvas_id == this => {
                ctl.say(|t| t.announce_archived_here);
                changed.run(Change::Reload);
            }
            EventKind::CanvasUnarchived { canvas_id, .. } if *canvas_id == this => {
                ctl.say(|t| t.announce_restored_here);
                changed.run(Change::Reload);
            }
            EventKind::CanvasDeleted { canvas_id, by } if *canvas_id == this => {
                changed.run(Change::Deleted(*by));
            }
            EventKind::PrivateWriting {
                canvas_id,
                private_writing,
            } if *canvas_id == this => ctl.private_writing.set(*private_writing),
            _ => {}
        }
    });
    // The stream's state drives the sender: back live, send what waited.
    Effect::new(move |_| match live.status.get() {
        StreamStatus::Live => {
            if ctl.link.get_untracked() != Link::Ended {
                ctl.link.set(Link::Online);
            }
            ctl.flush();
        }
        StreamStatus::Reconnecting | StreamStatus::Connecting => {}
        StreamStatus::Ended => ctl.link.set(Link::Ended),
    });

    // Back online: send what waited.
    let online = window_event_listener(leptos::ev::online, move |_| ctl.flush());
    on_cleanup(move || online.remove());

    // Open readable once the surface has its size (it keeps the frame on resizes), and
    // put focus on the canvas. Switching back to the board opens it readable again.
    let on_board = Memo::new(move |_| !ctl.list_view.get());
    // A link to one sticky (a learning's or card's "cited on"): opened on it, once.
    let anchor = StoredValue::new(sticky_anchor(&ctl));
    Effect::new(move |_| {
        let board = on_board.get();
        request_animation_frame(move || {
            if board {
                ctl.open_view();
            }
            match anchor.try_update_value(Option::take).flatten() {
                Some(id) => ctl.reveal(id),
                None if board => crate::components::focus_by_id("canvas-viewport"),
                None => {}
            }
        });
    });

    let follow = facilitation::use_follow(ctl, session, false);
    let pointers = facilitation::Pointers::new(ctl, session);
    let back = Route::Canvases(ctl.expedition).to_string();
    view! {
        <div class="canvas-screen">
            <div class="canvas-bar">
                <a class="canvas-back" href=back>
                    <span class="flip-rtl" aria-hidden="true">
                        "←"
                    </span>
                    " "
                    {ct(i18n, |t| t.all_canvases)}
                </a>
                <h1 class="canvas-title" dir="auto">
                    {title}
                </h1>
                <panels::Presence ctl=ctl />
                <panels::Status ctl=ctl />
                // In the bar, not the toolbar: a selection appearing moves no tool.
                <Show when=move || ctl.selected.with(|s| !s.is_empty())>
                    <span class="selection-count">
                        {move || {
                            let n = format_number(ctl.selected.with(|s| s.len()) as i64);
                            fill(texts(i18n.lang()).selected, &[("n", &n)])
                        }}
                    </span>
                </Show>
            </div>
            <facilitation::CanvasFacilitation
                ctl=ctl
                session=session
                follow=follow
                pointers=pointers
            />
            <crate::tools::facilitation::voting::RoundBar voting=voting />
            <toolbar::Toolbar ctl=ctl title=title />

            // The skip link's target: the board or the list, whichever is shown.
            <div id="canvas-content" class="canvas-content" tabindex="-1">
                // Notices float over the canvas: their coming and going never moves or
                // re-fits the view.
                <div class="canvas-overlay">
                    <panels::Conflicts ctl=ctl />
                    <panels::Drafts ctl=ctl />
                </div>
                <Show
                    when=move || ctl.list_view.get()
                    fallback=move || {
                        view! {
                            <surface::Surface ctl=ctl title=title>
                                <facilitation::CanvasOverlay
                                    ctl=ctl
                                    session=session
                                    pointers=pointers
                                    follow=follow
                                />
                            </surface::Surface>
                        }
                    }
                >
                    <list_view::CanvasAsList ctl=ctl />
                </Show>
            </div>
            {ctl.can_edit().then(|| view! { <cite::CitePicker ctl=ctl /> })}
        </div>
    }
}
