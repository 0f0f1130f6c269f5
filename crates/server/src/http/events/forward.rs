//! What an open stream sends: every stored event after its resume point (`catch_up`),
//! then live events, presence and the live session (`forward`), until the client goes,
//! its session ends or the server shuts down.

use hevruta_model::facilitation::{SSE_FACILITATION, SSE_VIEW};
use hevruta_model::focus::SSE_FOCUS;
use hevruta_model::pointer::SSE_POINTER;
use hevruta_model::{ExpeditionId, Member, MemberId};
use tokio::sync::{broadcast, mpsc};

use crate::events::{Hub, Live, PresenceGuard, Session, StreamPlace};
use crate::store::{Store, now_millis};

use super::CATCH_UP_BATCH;
use super::frames::{Frame, Frames, PresenceSent};

/// Sends every stored event after `last`, in order. Returns the new `last`, or `None`
/// when the client went away.
pub(super) async fn catch_up(
    store: &Store,
    id: ExpeditionId,
    member: MemberId,
    mut last: u64,
    tx: &Frames,
) -> Option<u64> {
    loop {
        let batch = match store.events_after(id, last, CATCH_UP_BATCH).await {
            Ok(b) => b,
            Err(e) => {
                tracing::error!(error = %e, "event stream catch-up failed");
                return None;
            }
        };
        let full = batch.len() == CATCH_UP_BATCH as usize;
        for event in batch {
            last = event.seq;
            tx.send(Frame::stored(event, member)).await.ok()?;
        }
        if !full {
            return Some(last);
        }
    }
}

/// Who a stream serves, and how to check they still may.
pub(super) struct StreamOf {
    pub(super) store: Store,
    pub(super) id: ExpeditionId,
    pub(super) token_hash: String,
    pub(super) recheck: std::time::Duration,
    /// How long a session may go unused (the recheck finds one that went idle).
    pub(super) idle: std::time::Duration,
    pub(super) hub: Hub,
    /// Keeps the member present on the stream's canvas until the stream ends.
    pub(super) presence: Option<PresenceGuard>,
    /// Start with every canvas's presence, not only the stream's own canvas's.
    pub(super) all_presence: bool,
    /// Its place among the session's open streams, given back when the stream ends.
    pub(super) place: StreamPlace,
    /// Whose stream it is: the session's state is written for them.
    pub(super) member: Member,
}

impl StreamOf {
    /// The session as this stream's member sees it now.
    fn session_frame(&self, session: &Session) -> Frame {
        let state = session.for_member(self.member.id, self.member.role, now_millis());
        let json = serde_json::to_string(&state).unwrap_or_default();
        Frame::Live(SSE_FACILITATION, json.into())
    }

    async fn session_still_valid(&self) -> bool {
        match self.store.session(&self.token_hash, self.idle, None).await {
            Ok(Some(s)) => s.expedition_id == self.id,
            Ok(None) => false,
            // A passing database error should not cut every stream; the next check decides.
            Err(_) => true,
        }
    }
}

pub(super) async fn forward(
    stream: StreamOf,
    after: u64,
    mut live: broadcast::Receiver<Live>,
    tx: Frames,
    shutdown: tokio_util::sync::CancellationToken,
) {
    let (store, id) = (&stream.store, stream.id);
    let me = stream.member.id;
    let Some(mut last) = catch_up(store, id, me, after, &tx).await else {
        return;
    };
    let mut presence = PresenceSent::default();
    if let Some(guard) = &stream.presence {
        let here = stream.hub.presence_on(id, guard.canvas());
        if !presence.send(here, &tx).await {
            return;
        }
    }
    // Read after subscribing: a change since is queued behind, and older frames go stale.
    if stream.all_presence {
        for frame in stream.hub.presence_in(id) {
            if !presence.send(frame, &tx).await {
                return;
            }
        }
    }
    // The session as it is now (a late joiner's timer, locks, hands), and the view of the
    // stream's canvas while someone presents it.
    if tx
        .send(stream.session_frame(&stream.hub.session(id)))
        .await
        .is_err()
    {
        return;
    }
    if let Some(view) = stream
        .presence
        .as_ref()
        .and_then(|guard| stream.hub.view_on(id, guard.canvas()))
        && tx.send(Frame::Live(SSE_VIEW, view)).await.is_err()
    {
        return;
    }
    for focus in stream.hub.focuses_in(id) {
        if tx.send(Frame::Live(SSE_FOCUS, focus)).await.is_err() {
            return;
        }
    }
    let mut recheck = tokio::time::interval(stream.recheck);
    recheck.tick().await;
    loop {
        let received = tokio::select! {
            _ = shutdown.cancelled() => return,
            _ = tx.closed() => return,
            _ = stream.place.ended() => return,
            _ = recheck.tick() => {
                if stream.session_still_valid().await {
                    continue;
                }
                return;
            }
            r = live.recv() => r,
        };
        match received {
            Ok(Live::Presence(frame)) => {
                if !presence.send(frame, &tx).await {
                    return;
                }
            }
            Ok(Live::Session(session)) => {
                if tx.send(stream.session_frame(&session)).await.is_err() {
                    return;
                }
            }
            Ok(Live::View(json)) => {
                if tx.send(Frame::Live(SSE_VIEW, json)).await.is_err() {
                    return;
                }
            }
            Ok(Live::Focus(json)) => {
                if tx.send(Frame::Live(SSE_FOCUS, json)).await.is_err() {
                    return;
                }
            }
            // Only to streams on the pointer's canvas, never back to its member; a stream
            // whose client reads slowly (a phone) drops pointers rather than wait.
            Ok(Live::Pointer(frame)) => {
                let here = stream.presence.as_ref().map(PresenceGuard::canvas);
                if here == Some(frame.canvas) && frame.by != stream.member.id {
                    match tx.try_send(Frame::Live(SSE_POINTER, frame.json)) {
                        Ok(()) | Err(mpsc::error::TrySendError::Full(_)) => {}
                        Err(mpsc::error::TrySendError::Closed(_)) => return,
                    }
                }
            }
            Ok(Live::Stored(event)) if event.seq <= last => {}
            Ok(Live::Stored(event)) if event.seq == last + 1 => {
                last = event.seq;
                if tx.send(Frame::stored(event, me)).await.is_err() {
                    return;
                }
            }
            // A gap (events published out of commit order): the store has them all.
            Ok(Live::Stored(_)) => match catch_up(store, id, me, last, &tx).await {
                Some(l) => last = l,
                None => return,
            },
            // A lag: stored events come from the store, presence from the hub.
            Err(broadcast::error::RecvError::Lagged(_)) => {
                match catch_up(store, id, me, last, &tx).await {
                    Some(l) => last = l,
                    None => return,
                }
                if !presence.resync(&stream.hub, id, &tx).await {
                    return;
                }
                if tx
                    .send(stream.session_frame(&stream.hub.session(id)))
                    .await
                    .is_err()
                {
                    return;
                }
            }
            Err(broadcast::error::RecvError::Closed) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::StoredEvent;
    use hevruta_model::canvas::CanvasId;
    use hevruta_model::{EventKind, MemberId, Stage};

    /// A store with one expedition holding `n` more stage events after its creation event.
    async fn store_with_events(
        n: usize,
    ) -> (
        Store,
        ExpeditionId,
        Vec<hevruta_model::Event>,
        tempfile::TempDir,
    ) {
        let (store, created, dir) = crate::store::store_with_expedition().await;
        let changes = (0..n)
            .map(|i| EventKind::StageChanged {
                stage: if i % 2 == 0 {
                    Stage::LearningExpedition
                } else {
                    Stage::GettingToKnow
                },
                by: MemberId(uuid::Uuid::nil()),
            })
            .collect();
        let events = store.append_events(created.id, changes).await.unwrap();
        (store, created.id, events, dir)
    }

    fn stream_of(store: &Store, id: ExpeditionId) -> StreamOf {
        let hub = Hub::default();
        StreamOf {
            store: store.clone(),
            id,
            token_hash: "hash".into(),
            recheck: std::time::Duration::from_secs(3600),
            idle: std::time::Duration::from_secs(3600),
            place: hub.open_stream("hash", 1, 1).unwrap(),
            hub,
            presence: None,
            all_presence: false,
            member: Member {
                id: MemberId(uuid::Uuid::nil()),
                display_name: "Dana".into(),
                role: hevruta_model::Role::Participant,
                sector: None,
                joined_at: 0,
            },
        }
    }

    /// The next frame `forward` sends, the live session's left out.
    async fn next_frame(rx: &mut mpsc::Receiver<Frame>) -> Frame {
        loop {
            let frame = tokio::time::timeout(std::time::Duration::from_secs(5), rx.recv())
                .await
                .expect("forward stalled")
                .expect("forward ended");
            if !matches!(frame, Frame::Live(..)) {
                return frame;
            }
        }
    }

    /// The sequence numbers of the next `want` frames, which must be stored events.
    async fn ids(rx: &mut mpsc::Receiver<Frame>, want: usize) -> Vec<u64> {
        let mut out = Vec::new();
        while out.len() < want {
            match next_frame(rx).await {
                Frame::Stored(event) => out.push(event.seq),
                other => panic!("a stored event, not {other:?}"),
            }
        }
        out
    }

    #[tokio::test]
    async fn events_published_out_of_order_are_sent_in_order() {
        let (store, id, events, _dir) = store_with_events(3).await; // seqs 2, 3, 4
        let (live_tx, live) = broadcast::channel(16);
        let (tx, mut rx) = mpsc::channel(64);
        let cancel = tokio_util::sync::CancellationToken::new();
        tokio::spawn(forward(stream_of(&store, id), 1, live, tx, cancel.clone()));
        // The catch-up already sent 2..=4 from the store; now 6 arrives before 5.
        assert_eq!(ids(&mut rx, 3).await, [2, 3, 4]);
        let more = store
            .append_events(
                id,
                vec![
                    EventKind::StageChanged {
                        stage: Stage::Implementing,
                        by: MemberId(uuid::Uuid::nil()),
                    },
                    EventKind::StageChanged {
                        stage: Stage::DesigningModel,
                        by: MemberId(uuid::Uuid::nil()),
                    },
                ],
            )
            .await
            .unwrap();
        live_tx
            .send(Live::Stored(StoredEvent::from_event(&more[1])))
            .unwrap();
        live_tx
            .send(Live::Stored(StoredEvent::from_event(&more[0])))
            .unwrap();
        live_tx
            .send(Live::Stored(StoredEvent::from_event(&events[0])))
            .unwrap(); // a stale duplicate
        assert_eq!(
            ids(&mut rx, 2).await,
            [5, 6],
            "the gap is filled from the store, nothing twice"
        );
        cancel.cancel();
    }

    #[tokio::test]
    async fn a_lagging_subscriber_catches_up_from_the_store() {
        let (store, id, _events, _dir) = store_with_events(0).await;
        let (live_tx, live) = broadcast::channel(4);
        let (tx, mut rx) = mpsc::channel(1);
        let cancel = tokio_util::sync::CancellationToken::new();
        let changes: Vec<EventKind> = (0..20)
            .map(|i| EventKind::StageChanged {
                stage: if i % 2 == 0 {
                    Stage::LearningExpedition
                } else {
                    Stage::GettingToKnow
                },
                by: MemberId(uuid::Uuid::nil()),
            })
            .collect();
        let published = store.append_events(id, changes).await.unwrap();
        // Overflow the 4-slot channel before the forwarder even starts reading.
        for e in &published {
            let _ = live_tx.send(Live::Stored(StoredEvent::from_event(e)));
        }
        tokio::spawn(forward(stream_of(&store, id), 1, live, tx, cancel.clone()));
        let got = ids(&mut rx, 20).await;
        assert_eq!(got, (2..=21).collect::<Vec<u64>>());
        cancel.cancel();
    }

    #[tokio::test]
    async fn after_a_lag_presence_is_resent_as_it_is_now() {
        let (store, id, events, _dir) = store_with_events(3).await; // seqs 2, 3, 4
        let stream = stream_of(&store, id);
        let canvas = CanvasId(uuid::Uuid::from_u128(9));
        let member = MemberId(uuid::Uuid::from_u128(5));
        // Entered while nobody listened: the frame saying so is lost to this stream.
        let _present = stream.hub.enter(id, canvas, member);
        let (live_tx, live) = broadcast::channel(2);
        for e in &events {
            let _ = live_tx.send(Live::Stored(StoredEvent::from_event(e)));
        }
        let (tx, mut rx) = mpsc::channel(64);
        let cancel = tokio_util::sync::CancellationToken::new();
        tokio::spawn(forward(stream, 1, live, tx, cancel.clone()));

        assert_eq!(ids(&mut rx, 3).await, [2, 3, 4], "the catch-up first");
        // A presence frame has no sequence number: it cannot be sent with an `id:`.
        let Frame::Presence(json) = next_frame(&mut rx).await else {
            panic!("the canvas's presence as it is now");
        };
        let presence: hevruta_model::PresenceEvent = serde_json::from_str(&json).unwrap();
        assert_eq!(
            presence,
            hevruta_model::PresenceEvent::new(canvas, [member])
        );
        cancel.cancel();
    }
}
