//! `/e/{id}/project/{canvas}`: a canvas on the wall. Full screen, no editing chrome, on a
//! viewer session of its own (its token in the fragment, `#token=…&code=…`, put there by
//! the facilitator's "Open the projector"); it follows whoever presents the canvas, shows
//! their laser and spotlight, the timer large, and how to join: the code in large letters
//! and a QR code of the link. A board (`/e/{id}/project/board/{board}`, `wall_board`) and
//! the circles (`/e/{id}/project/circles`, `wall_circles`) go on the wall the same way.

use hevruta_model::{CanvasSnapshot, ExpeditionId, ExpeditionSnapshot, Member, Route};
use leptos::prelude::*;

use super::follow::use_follow;
use super::qr::QrCode;
use super::session::Session;
use super::texts::{ft, texts};
use super::timer::TimerBadge;
use super::wall_board::BoardWall;
use super::wall_circles::CirclesWall;
use crate::client::{ApiClient, ApiError, CanvasStream};
use crate::components::{Announcer, LiveRegion};
use crate::i18n::{I18n, use_i18n};
use crate::shell::{Live, set_title};
use crate::tools::canvas::ctl::Ctl;
use crate::tools::canvas::surface::Surface;

/// What the fragment carries.
fn fragment() -> (Option<String>, Option<String>) {
    let hash = window().location().hash().unwrap_or_default();
    let mut token = None;
    let mut code = None;
    for pair in hash.trim_start_matches('#').split('&') {
        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
        let v = js_sys::decode_uri_component(v)
            .ok()
            .and_then(|v| v.as_string())
            .filter(|v| !v.is_empty());
        match k {
            "token" => token = v,
            "code" => code = v,
            _ => {}
        }
    }
    (token, code)
}

/// The projector bundle's root.
#[component]
pub fn ProjectorApp() -> impl IntoView {
    let i18n = I18n::provide();
    Announcer::provide();
    let path = window().location().pathname().unwrap_or_default();
    let page = match (Route::parse(&path), fragment()) {
        (Some(route), (Some(token), code)) => {
            let client = ApiClient::from_page().with_token(token);
            match route {
                Route::Projector(id, canvas) => load(
                    client,
                    id,
                    code,
                    move |c| async move { c.canvas(id, canvas).await },
                    |client, me, expedition, snapshot, code| {
                        view! { <Wall client=client me=me expedition=expedition snapshot=snapshot code=code /> }
                        .into_any()
                    },
                ),
                Route::ProjectBoard(id, board) => load(
                    client,
                    id,
                    code,
                    move |c| async move { c.board(id, board).await },
                    |client, me, expedition, snapshot, code| {
                        view! { <BoardWall client=client me=me expedition=expedition snapshot=snapshot code=code /> }
                        .into_any()
                    },
                ),
                Route::ProjectCircles(id) => load(
                    client,
                    id,
                    code,
                    move |c| async move { c.learnings(id).await },
                    |client, me, expedition, listing, code| {
                        view! { <CirclesWall client=client me=me expedition=expedition listing=listing code=code /> }
                        .into_any()
                    },
                ),
                _ => no_token(i18n),
            }
        }
        _ => no_token(i18n),
    };
    view! {
        <main id="main" class="projector-main">
            {page}
        </main>
        <LiveRegion />
    }
}

fn no_token(i18n: I18n) -> AnyView {
    view! {
        <p class="projector-note" role="alert">
            {ft(i18n, |t| t.no_token)}
        </p>
    }
    .into_any()
}

/// What a wall shows once loaded: its client, the viewer member, the expedition, its data
/// and the join code.
type Render<T> = fn(ApiClient, Member, ExpeditionSnapshot, T, Option<String>) -> AnyView;

/// Loads the viewer member, the expedition and the wall's own data, then renders it (or
/// says what went wrong).
fn load<T, Fut>(
    client: ApiClient,
    id: ExpeditionId,
    code: Option<String>,
    fetch: impl FnOnce(ApiClient) -> Fut + 'static,
    render: Render<T>,
) -> AnyView
where
    T: Clone + Send + Sync + 'static,
    Fut: std::future::Future<Output = Result<T, ApiError>> + 'static,
{
    let i18n = use_i18n();
    let state = RwSignal::new(None::<Result<(Member, ExpeditionSnapshot, T), ApiError>>);
    {
        let client = client.clone();
        leptos::task::spawn_local(async move {
            let result = async {
                let me = client.me().await?.member;
                let expedition = client.expedition(id).await?;
                let data = fetch(client.clone()).await?;
                Ok((me, expedition, data))
            }
            .await;
            let _ = state.try_set(Some(result));
        });
    }
    (move || match state.get() {
        None => view! { <p class="projector-note">{i18n.tr(|t| t.loading)}</p> }.into_any(),
        Some(Ok((me, expedition, data))) => {
            render(client.clone(), me, expedition, data, code.clone())
        }
        Some(Err(e)) => view! {
            <p class="projector-note" role="alert">
                {crate::components::error_text(i18n.t(), &e)}
            </p>
        }
        .into_any(),
    })
    .into_any()
}

/// How to join, large: a QR code of the invite link, where to go, and the code.
#[component]
pub fn JoinAside(code: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    let origin = window().location().origin().unwrap_or_default();
    code.map(|code| {
        let link = format!("{origin}{}", Route::Join(code.clone()));
        let shown = format!(
            "{}{}",
            origin
                .trim_start_matches("https://")
                .trim_start_matches("http://"),
            "/join"
        );
        view! {
            <aside class="projector-join" aria-label=ft(i18n, |t| t.join_code)>
                <QrCode link=link label=texts(i18n.lang_untracked()).qr_label />
                <p class="projector-join-at">
                    {ft(i18n, |t| t.join_at)} " " <bdi dir="ltr">{shown}</bdi>
                </p>
                <p class="projector-code-label">{ft(i18n, |t| t.join_code)}</p>
                <p class="projector-code" dir="ltr">
                    {code}
                </p>
            </aside>
        }
    })
}

#[component]
fn Wall(
    client: ApiClient,
    me: Member,
    expedition: ExpeditionSnapshot,
    snapshot: CanvasSnapshot,
    code: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let title = RwSignal::new(snapshot.canvas.title.clone());
    let after = snapshot.last_seq;
    let live = Live::new(&expedition);
    let session = Session::provide(&client, expedition.id, &me);
    let ctl = Ctl::new(client.clone(), &me, live, snapshot);
    set_title(move || format!("{} · {}", title.get(), texts(i18n.lang()).projector_title));
    let stream = CanvasStream {
        canvas: ctl.canvas,
        on_ops: std::rc::Rc::new(move |json| ctl.on_ops_json(json)),
        on_presence: std::rc::Rc::new(move |json| ctl.on_presence_json(json)),
    };
    let this = ctl.canvas;
    live.follow(&client, after, Some(stream), move |event, _| {
        if let hevruta_model::EventKind::CanvasRenamed {
            canvas_id,
            title: new,
            ..
        } = &event.change
            && *canvas_id == this
        {
            title.set(new.clone());
        }
    });
    let follow = use_follow(ctl, session, true);
    let pointers = super::pointers::Pointers::new(ctl, session);
    // Readable until someone presents (a view already here wins).
    request_animation_frame(move || {
        if follow.presenter.get_untracked().is_none() {
            ctl.open_view();
        }
    });

    view! {
        <div class="projector">
            <header class="projector-top">
                <h1 class="projector-title" dir="auto">
                    {title}
                </h1>
                <TimerBadge session=session />
                <Show when=move || follow.presenter.get().is_none()>
                    <p class="projector-waiting">{ft(i18n, |t| t.waiting)}</p>
                </Show>
            </header>
            <div class="projector-canvas">
                <Surface ctl=ctl title=title>
                    <super::overlay::CanvasOverlay
                        ctl=ctl
                        session=session
                        pointers=pointers
                        follow=follow
                        always=true
                    />
                </Surface>
            </div>
            <JoinAside code=code />
        </div>
    }
}
