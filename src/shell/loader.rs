//! One loader for every page of an expedition: finds this device's session, fetches the
//! expedition (members and roles included) and whatever else the page needs, shows what
//! went wrong if anything did, and hands the page a `Loaded`. `Live::follow` then opens
//! the expedition's event stream and keeps a live copy of the snapshot.
//!
//! (A plain signal rather than `LocalResource` + `Transition`: the async-derived and
//! suspense machinery cost about 5 KB of brotli'd wasm.)

use std::future::Future;

use hevruta_model::{Event, ExpeditionId, ExpeditionSnapshot, Member};
use leptos::prelude::*;

use super::Message;
use crate::client::{
    ApiClient, ApiError, BoardStream, CanvasStream, CanvasesStream, FeedStream, StreamExtra,
    StreamStatus,
};
use crate::components::{LoadFailed, NotAMember};
use crate::i18n::use_i18n;
use crate::state::sessions::SessionBook;

/// What a page of an expedition starts from.
#[derive(Clone)]
pub struct Loaded<T> {
    /// The client, signed in as this device's member.
    pub client: ApiClient,
    /// This device's member, as the server knows them now.
    pub me: Member,
    pub expedition: ExpeditionSnapshot,
    /// What the page loaded besides the expedition.
    pub data: T,
}

/// A snapshot already in hand (the answer to a join or a create), kept for the next page
/// that loads that expedition, so entering it costs no second request.
#[derive(Clone, Copy)]
pub struct Handoff(StoredValue<Option<ExpeditionSnapshot>>);

impl Handoff {
    pub fn provide() {
        provide_context(Handoff(StoredValue::new(None)));
    }

    pub fn give(&self, snapshot: ExpeditionSnapshot) {
        self.0.set_value(Some(snapshot));
    }

    /// The snapshot of `id` if one was handed over (once: later loads fetch).
    fn take(&self, id: ExpeditionId) -> Option<ExpeditionSnapshot> {
        let mine = self
            .0
            .with_value(|s| s.as_ref().is_some_and(|s| s.id == id));
        mine.then(|| self.0.try_update_value(Option::take).flatten())
            .flatten()
    }
}

/// The expedition as the stream keeps it, and how the stream is doing.
#[derive(Clone, Copy)]
pub struct Live {
    pub snapshot: RwSignal<ExpeditionSnapshot>,
    pub status: RwSignal<StreamStatus>,
}

/// Loads the expedition `id` and `load`'s data with this device's session, then renders
/// `page`. No session, a session that ended, something not found and a failed load
/// (with a retry) each get their own message.
#[component]
pub fn ExpeditionLoader<T, L, Fut, P, V>(
    id: ExpeditionId,
    /// Fetches what the page needs besides the expedition (`async { Ok(()) }` for nothing).
    load: L,
    /// What to say when `load`'s data does not exist (default: the generic sentence).
    #[prop(optional, into)]
    not_found: Option<Signal<&'static str>>,
    /// What to show instead when the server cannot be reached (a transient failure).
    #[prop(optional)]
    offline: Option<fn(ExpeditionId) -> AnyView>,
    /// The page, given what was loaded.
    page: P,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    L: Fn(ApiClient) -> Fut + Clone + Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
    P: Fn(Loaded<T>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let i18n = use_i18n();
    let Some(session) = SessionBook::load().get(id).cloned() else {
        return view! { <NotAMember /> }.into_any();
    };
    let client = expect_context::<ApiClient>().with_token(session.token.clone());
    let state = RwSignal::new(None::<Result<(ExpeditionSnapshot, T), ApiError>>);
    let handoff = use_context::<Handoff>();
    let fetch = {
        let client = client.clone();
        move || {
            let (client, load) = (client.clone(), load.clone());
            state.set(None);
            let handed = handoff.and_then(|h| h.take(id));
            leptos::task::spawn_local(async move {
                let result = async {
                    let expedition = match handed {
                        Some(snapshot) => snapshot,
                        None => client.expedition(id).await?,
                    };
                    Ok((expedition, load(client).await?))
                }
                .await;
                state.set(Some(result));
            });
        }
    };
    fetch();
    (move || match state.get() {
        None => view! { <p class="page loading">{i18n.tr(|t| t.loading)}</p> }.into_any(),
        Some(Ok((expedition, data))) => {
            let me = expedition
                .members
                .iter()
                .find(|m| m.id == session.member.id)
                .cloned()
                .unwrap_or_else(|| session.member.clone());
            page(Loaded {
                client: client.clone(),
                me,
                expedition,
                data,
            })
            .into_any()
        }
        Some(Err(ApiError::Unauthorized(_))) => {
            SessionBook::edit(|b| b.remove(id));
            view! { <Message text=Signal::derive(i18n.tr(|t| t.session_ended)) alert=true /> }
                .into_any()
        }
        Some(Err(ApiError::NotFound(_))) if not_found.is_some() => {
            view! { <Message text=not_found.unwrap() alert=true /> }.into_any()
        }
        Some(Err(e)) if e.is_transient() && offline.is_some() => offline.unwrap()(id),
        Some(Err(e)) => view! { <LoadFailed error=e retry=fetch.clone() /> }.into_any(),
    })
    .into_any()
}

impl Live {
    /// A live copy of the loaded expedition; `follow` keeps it current. Also provided as
    /// the page's context (`use_live`), so parts deep in a page can read the expedition.
    pub fn new(expedition: &ExpeditionSnapshot) -> Live {
        let live = Live {
            snapshot: RwSignal::new(expedition.clone()),
            status: RwSignal::new(StreamStatus::Connecting),
        };
        provide_context(live);
        live
    }

    /// Follows the expedition's stream from `after` (with a canvas's op batches and
    /// presence when `canvas` is given) for as long as the calling component lives. Every
    /// change is folded into `snapshot`; `on_event` sees each one first, with the snapshot
    /// as it was before it.
    pub fn follow(
        self,
        client: &ApiClient,
        after: u64,
        canvas: Option<CanvasStream>,
        on_event: impl Fn(&Event, &ExpeditionSnapshot) + 'static,
    ) -> Live {
        self.follow_extra(client, after, canvas.into(), on_event)
    }

    /// `follow`, with every canvas's op batches and presence for a list of canvases.
    pub fn follow_canvases(
        self,
        client: &ApiClient,
        after: u64,
        canvases: CanvasesStream,
        on_event: impl Fn(&Event, &ExpeditionSnapshot) + 'static,
    ) -> Live {
        self.follow_extra(client, after, StreamExtra::Canvases(canvases), on_event)
    }

    /// `follow`, with the board changes of a board screen.
    pub fn follow_board(
        self,
        client: &ApiClient,
        after: u64,
        board: BoardStream,
        on_event: impl Fn(&Event, &ExpeditionSnapshot) + 'static,
    ) -> Live {
        self.follow_extra(client, after, StreamExtra::Board(board), on_event)
    }

    /// `follow`, with the feed items of the expedition home.
    pub fn follow_feed(
        self,
        client: &ApiClient,
        after: u64,
        feed: FeedStream,
        on_event: impl Fn(&Event, &ExpeditionSnapshot) + 'static,
    ) -> Live {
        self.follow_extra(client, after, StreamExtra::Feed(feed), on_event)
    }

    fn follow_extra(
        self,
        client: &ApiClient,
        after: u64,
        extra: StreamExtra,
        on_event: impl Fn(&Event, &ExpeditionSnapshot) + 'static,
    ) -> Live {
        let live = self;
        let id = live.snapshot.with_untracked(|s| s.id);
        let subscription = client.subscribe_extra(
            id,
            after,
            move |event| {
                // Already folded in (e.g. adopted from a write's answer): nothing to do.
                if live.snapshot.with_untracked(|s| event.seq <= s.last_seq) {
                    return;
                }
                live.snapshot.with_untracked(|s| on_event(&event, s));
                live.snapshot.update(|s| {
                    s.apply(&event);
                });
            },
            move |s| live.status.set(s),
            extra,
        );
        let subscription = StoredValue::new_local(Some(subscription));
        on_cleanup(move || subscription.set_value(None));
        live
    }
}

/// The page's live expedition, if the page keeps one (see `Live::new`).
pub fn use_live() -> Option<Live> {
    use_context::<Live>()
}
