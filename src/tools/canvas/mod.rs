//! The model-canvas screen, shipped as its own wasm (`src/bin/canvas.rs`) so the app's
//! first load stays small. `/e/{expedition}/canvas/{canvas}`: sections and sticky notes
//! edited live by everyone, projected by the facilitator.

pub mod ctl;
pub mod export;
pub mod geometry;
mod list;
pub mod outbox;
mod panels;
pub mod state;
mod surface;
pub mod texts;

use hevruta_model::canvas::CanvasId;
use hevruta_model::{CanvasSnapshot, EventKind, ExpeditionId, ExpeditionSnapshot};
use leptos::prelude::*;

use crate::client::{ApiClient, ApiError, CanvasStream, StreamStatus};
use crate::components::{Announcer, AppHeader, LiveRegion, LoadFailed, NotAMember};
use crate::i18n::{I18n, use_i18n};
use crate::routes;
use crate::state::sessions::{SavedSession, SessionBook};
use ctl::{Ctl, Link};
use state::CanvasState;
use texts::ct;

/// The pages this wasm serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// `/e/{expedition}/canvases`
    List(ExpeditionId),
    /// `/e/{expedition}/canvas/{canvas}`
    Canvas(ExpeditionId, CanvasId),
}

pub fn parse_path(path: &str) -> Option<Page> {
    let mut parts = path.trim_matches('/').split('/');
    match (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) {
        (Some("e"), Some(e), Some("canvas"), Some(c), None) => {
            Some(Page::Canvas(e.parse().ok()?, c.parse().ok()?))
        }
        (Some("e"), Some(e), Some("canvases"), None, None) => Some(Page::List(e.parse().ok()?)),
        _ => None,
    }
}

#[component]
pub fn CanvasApp() -> impl IntoView {
    let i18n = I18n::provide();
    Announcer::provide();
    provide_context(ApiClient::from_page());
    let path = window().location().pathname().unwrap_or_default();
    let page = parse_path(&path);
    let expedition = match page {
        Some(Page::List(e) | Page::Canvas(e, _)) => Some(e),
        None => None,
    };
    let session = expedition.and_then(|e| SessionBook::load().get(e).cloned());
    let body = match (page, session) {
        (None, _) => view! { <Message text=ct(i18n, |t| t.not_found) /> }.into_any(),
        (Some(_), None) => view! { <NotAMember /> }.into_any(),
        (Some(Page::List(_)), Some(session)) => {
            view! { <list::CanvasList session=session /> }.into_any()
        }
        (Some(Page::Canvas(_, canvas)), Some(session)) => {
            view! { <Loader session=session canvas=canvas /> }.into_any()
        }
    };
    let on_canvas = matches!(page, Some(Page::Canvas(..)));
    let skip_to = if on_canvas {
        "#canvas-viewport"
    } else {
        "#main"
    };
    // Only the canvas itself is full-bleed; the list scrolls like any page.
    let main_class = if on_canvas { "canvas-main" } else { "" };
    view! {
        <a class="skip-link" href=skip_to>{i18n.tr(|t| t.skip_to_content)}</a>
        <AppHeader />
        <main id="main" class=main_class tabindex="-1">{body}</main>
        <LiveRegion />
    }
}

#[component]
fn Message(text: impl Fn() -> &'static str + Send + Sync + 'static) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="page narrow">
            <p class="notice notice-error" role="alert">{text}</p>
            <p><a href=routes::HOME>{i18n.tr(|t| t.join_heading)}</a></p>
        </div>
    }
}

type Loaded = Result<(ExpeditionSnapshot, CanvasSnapshot), ApiError>;

/// Fetches the expedition (names, roles) and the canvas, then hands over to the screen.
#[component]
fn Loader(session: SavedSession, canvas: CanvasId) -> impl IntoView {
    let i18n = use_i18n();
    let client = expect_context::<ApiClient>().with_token(session.token.clone());
    let id = session.expedition_id;
    let loaded = RwSignal::new(None::<Loaded>);
    let load = {
        let client = client.clone();
        move || {
            let client = client.clone();
            loaded.set(None);
            leptos::task::spawn_local(async move {
                let result = async {
                    let e = client.expedition(id).await?;
                    let c = client.canvas(id, canvas).await?;
                    Ok((e, c))
                }
                .await;
                loaded.set(Some(result));
            });
        }
    };
    load();
    move || {
        match loaded.get() {
        None => view! { <p class="page loading">{i18n.tr(|t| t.loading)}</p> }.into_any(),
        Some(Ok((expedition, snapshot))) => view! {
            <Screen client=client.clone() session=session.clone() expedition=expedition snapshot=snapshot />
        }
        .into_any(),
        Some(Err(ApiError::NotFound(_))) => {
            view! { <Message text=ct(i18n, |t| t.not_found) /> }.into_any()
        }
        Some(Err(ApiError::Unauthorized(_))) => {
            SessionBook::edit(|b| b.remove(id));
            view! { <Message text=i18n.tr(|t| t.session_ended) /> }.into_any()
        }
        Some(Err(e)) => {
            view! { <LoadFailed error=e retry=load.clone() /> }.into_any()
        }
    }
    }
}

#[component]
fn Screen(
    client: ApiClient,
    session: SavedSession,
    expedition: ExpeditionSnapshot,
    snapshot: CanvasSnapshot,
) -> impl IntoView {
    let i18n = use_i18n();
    let me = expedition
        .members
        .iter()
        .find(|m| m.id == session.member.id)
        .cloned()
        .unwrap_or(session.member.clone());
    let title = snapshot.canvas.title.clone();
    let after = snapshot.last_seq;
    let state = CanvasState::new(me.id, snapshot.stickies);
    let ctl = Ctl::new(
        client.clone(),
        expedition.id,
        snapshot.canvas.id,
        snapshot.canvas.template,
        snapshot.sections,
        me,
        expedition.members,
        state,
    );
    {
        let title = title.clone();
        crate::pages::set_title(move || format!("{title} · Hevruta"));
    }

    // Edits this device made earlier and could not send yet, and refused text.
    leptos::task::spawn_local(async move {
        if let Ok(ops) = outbox::load(ctl.canvas).await {
            ctl.restore_outbox(ops);
        }
        if let Ok(drafts) = outbox::drafts(ctl.canvas).await {
            ctl.drafts.set(drafts);
        }
    });

    let subscription = client.subscribe_with(
        ctl.expedition,
        after,
        move |event| match event.change {
            EventKind::MemberJoined { member } => {
                ctl.members.update(|m| {
                    m.insert(member.id, member);
                });
            }
            EventKind::MemberLeft { member_id } => {
                ctl.present.update(|p| p.retain(|m| *m != member_id));
            }
            _ => {}
        },
        move |status| match status {
            StreamStatus::Live => {
                if ctl.link.get_untracked() != Link::Ended {
                    ctl.link.set(Link::Online);
                }
                ctl.flush();
            }
            StreamStatus::Reconnecting | StreamStatus::Connecting => {}
            StreamStatus::Ended => ctl.link.set(Link::Ended),
        },
        Some(CanvasStream {
            canvas: ctl.canvas,
            on_ops: std::rc::Rc::new(move |json| ctl.on_ops_json(json)),
            on_presence: std::rc::Rc::new(move |json| ctl.on_presence_json(json)),
        }),
    );
    let subscription = StoredValue::new_local(Some(subscription));
    on_cleanup(move || subscription.set_value(None));

    // Back online: send what waited.
    let online = window_event_listener(leptos::ev::online, move |_| ctl.flush());
    on_cleanup(move || online.remove());

    // Fit once the surface has its size (the surface refits on resizes, see there).
    request_animation_frame(move || ctl.fit());

    let back = routes::canvases(ctl.expedition);
    view! {
        <div class="canvas-screen">
            <div class="canvas-bar">
                <a class="canvas-back" href=back>
                    <span class="flip-rtl" aria-hidden="true">"←"</span>
                    " "
                    {ct(i18n, |t| t.all_canvases)}
                </a>
                <h1 class="canvas-title" dir="auto">{title.clone()}</h1>
                <panels::Presence ctl=ctl />
                <panels::Status ctl=ctl />
            </div>
            <panels::Toolbar ctl=ctl title=title.clone() />
            <panels::Conflicts ctl=ctl />
            <panels::Drafts ctl=ctl />
            <surface::Surface ctl=ctl title=title />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canvas_paths_parse_and_nothing_else_does() {
        let e = "0190c7d2-9b1a-7e4e-8a8a-0123456789ab";
        let c = "0190c7d2-9b1a-7e4e-8a8a-ba9876543210";
        let (pe, pc) = (e.parse().unwrap(), c.parse().unwrap());
        assert_eq!(
            parse_path(&format!("/e/{e}/canvas/{c}")),
            Some(Page::Canvas(pe, pc))
        );
        assert_eq!(
            parse_path(&format!("/e/{e}/canvas/{c}/")),
            Some(Page::Canvas(pe, pc))
        );
        assert_eq!(
            parse_path(&format!("/e/{e}/canvases")),
            Some(Page::List(pe))
        );
        assert!(parse_path(&format!("/e/{e}/canvas/not-a-uuid")).is_none());
        assert!(parse_path(&format!("/e/{e}/canvas/{c}/extra")).is_none());
        assert!(parse_path(&format!("/e/{e}/canvases/{c}")).is_none());
        assert!(parse_path(&format!("/x/{e}/canvas/{c}")).is_none());
        assert!(parse_path("/e/nope/canvases").is_none());
        assert!(parse_path("/").is_none());
    }
}
