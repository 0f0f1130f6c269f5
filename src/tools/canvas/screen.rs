//! `/e/{expedition}/canvas/{canvas}`: loads the canvas with the shell's loader, follows
//! the stream (changes, op batches, presence) and lays out the bar, toolbar, notices and
//! the surface.

use hevruta_model::canvas::CanvasId;
use hevruta_model::{CanvasSnapshot, EventKind, ExpeditionId, Route};
use leptos::prelude::*;

use super::ctl::{Ctl, Link};
use super::texts::{ct, texts};
use super::{list_view, outbox, panels, surface, toolbar};
use crate::client::{CanvasStream, StreamStatus};
use crate::i18n::{fill, format_number, use_i18n};
use crate::shell::{ExpeditionLoader, Live, Loaded, set_title};

/// The canvas `canvas` of the expedition `id`.
#[component]
pub fn CanvasPage(id: ExpeditionId, canvas: CanvasId) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ExpeditionLoader
            id=id
            load=move |client| async move { client.canvas(id, canvas).await }
            not_found=Signal::derive(ct(i18n, |t| t.not_found))
            page=|loaded| view! { <Screen loaded=loaded /> }
        />
    }
}

#[component]
fn Screen(loaded: Loaded<CanvasSnapshot>) -> impl IntoView {
    let i18n = use_i18n();
    let Loaded {
        client,
        me,
        expedition,
        data: snapshot,
    } = loaded;
    let title = snapshot.canvas.title.clone();
    let after = snapshot.last_seq;
    let live = Live::new(&expedition);
    let ctl = Ctl::new(client.clone(), &me, live, snapshot);
    {
        let title = title.clone();
        set_title(move || format!("{title} · Hevruta"));
    }

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
    live.follow(&client, after, Some(stream), move |event, _| {
        if let EventKind::MemberLeft { member_id } = event.change {
            ctl.present.update(|p| p.retain(|m| *m != member_id));
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
    Effect::new(move |_| {
        if on_board.get() {
            request_animation_frame(move || {
                ctl.open_view();
                crate::components::focus_by_id("canvas-viewport");
            });
        }
    });

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
                    {title.clone()}
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
            <toolbar::Toolbar ctl=ctl title=title.clone() />

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
                    fallback={
                        let title = title.clone();
                        move || view! { <surface::Surface ctl=ctl title=title.clone() /> }
                    }
                >
                    <list_view::CanvasAsList ctl=ctl />
                </Show>
            </div>
        </div>
    }
}
