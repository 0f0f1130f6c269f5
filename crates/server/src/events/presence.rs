//! Who has which canvas open, counted from open event streams and never stored. Each change
//! of a canvas's set of members is serialised once and broadcast to its whole expedition.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use hevruta_model::canvas::{CanvasId, StickyId};
use hevruta_model::pointer::{PointerBudget, PointerEvent};
use hevruta_model::{ExpeditionId, MemberId, PresenceEvent};

use super::{Hub, Live};

/// A canvas's presence as it goes over the wire, shared by every stream.
#[derive(Debug, Clone)]
pub struct PresenceFrame {
    pub canvas: CanvasId,
    /// A `PresenceEvent`.
    pub json: Arc<str>,
    /// This frame's number among its canvas's frames, and the newest number so far: a
    /// stream can skip a frame a newer one (already queued behind it) replaces.
    version: u64,
    newest: Arc<AtomicU64>,
}

impl PresenceFrame {
    fn new(event: &PresenceEvent, version: u64, newest: Arc<AtomicU64>) -> Self {
        Self {
            canvas: event.canvas_id,
            json: serde_json::to_string(event).unwrap_or_default().into(),
            version,
            newest,
        }
    }

    /// Nobody on `canvas`.
    pub fn empty(canvas: CanvasId) -> Self {
        Self::new(&PresenceEvent::new(canvas, []), 0, Arc::default())
    }

    /// Whether a newer frame of the same canvas has been sent since this one.
    pub fn is_stale(&self) -> bool {
        self.newest.load(Ordering::Relaxed) > self.version
    }
}

/// The canvases with anyone on them, by expedition.
#[derive(Default)]
pub(super) struct Rooms(HashMap<ExpeditionId, HashMap<CanvasId, Room>>);

/// One canvas: open streams per member, who types in which sticky, and the frame that
/// describes them; the pointer budget of each member who pointed there.
struct Room {
    streams: BTreeMap<MemberId, usize>,
    editing: BTreeMap<MemberId, StickyId>,
    pointers: BTreeMap<MemberId, PointerBudget>,
    frame: PresenceFrame,
}

impl Room {
    /// Renumbers and re-serialises after the set of members or what they edit changed.
    fn next_frame(&mut self) -> PresenceFrame {
        let version = self.frame.version + 1;
        let event = PresenceEvent::new(self.frame.canvas, self.streams.keys().copied())
            .with_editing(self.editing.iter().map(|(m, s)| (*m, *s)));
        self.frame = PresenceFrame::new(&event, version, self.frame.newest.clone());
        self.frame.newest.store(version, Ordering::Relaxed);
        self.frame.clone()
    }
}

/// One open stream of a member on a canvas; dropping it (the stream ended) leaves.
#[must_use = "the member is present only while the guard lives"]
pub struct PresenceGuard {
    hub: Hub,
    expedition: ExpeditionId,
    canvas: CanvasId,
    member: MemberId,
}

impl PresenceGuard {
    pub fn canvas(&self) -> CanvasId {
        self.canvas
    }
}

impl Drop for PresenceGuard {
    fn drop(&mut self) {
        self.hub.leave(self.expedition, self.canvas, self.member);
    }
}

impl Rooms {
    /// The pointer budget of `member` on `canvas`, if they have a stream open there.
    pub(super) fn budget(
        &mut self,
        expedition: ExpeditionId,
        canvas: CanvasId,
        member: MemberId,
        now_ms: i64,
    ) -> Option<&mut PointerBudget> {
        let room = self
            .0
            .get_mut(&expedition)?
            .get_mut(&canvas)
            .filter(|room| room.streams.contains_key(&member))?;
        Some(
            room.pointers
                .entry(member)
                .or_insert_with(|| PointerBudget::new(now_ms)),
        )
    }
}

impl Hub {
    /// Counts `member` as present on `canvas` (of `expedition`) while the guard lives. Other
    /// tabs of the same member count once; the expedition hears of the first.
    pub fn enter(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
        member: MemberId,
    ) -> PresenceGuard {
        let mut inner = self.lock();
        let room = inner
            .presence
            .0
            .entry(expedition)
            .or_default()
            .entry(canvas)
            .or_insert_with(|| Room {
                streams: BTreeMap::new(),
                editing: BTreeMap::new(),
                pointers: BTreeMap::new(),
                frame: PresenceFrame::empty(canvas),
            });
        let streams = room.streams.entry(member).or_insert(0);
        *streams += 1;
        if *streams == 1 {
            let frame = room.next_frame();
            inner.send(expedition, Live::Presence(frame));
        }
        PresenceGuard {
            hub: self.clone(),
            expedition,
            canvas,
            member,
        }
    }

    fn leave(&self, expedition: ExpeditionId, canvas: CanvasId, member: MemberId) {
        let mut inner = self.lock();
        let Some(rooms) = inner.presence.0.get_mut(&expedition) else {
            return;
        };
        let Some(room) = rooms.get_mut(&canvas) else {
            return;
        };
        let Some(streams) = room.streams.get_mut(&member) else {
            return;
        };
        *streams -= 1;
        if *streams > 0 {
            return;
        }
        room.streams.remove(&member);
        room.editing.remove(&member);
        let pointed = room.pointers.remove(&member).is_some();
        let frame = room.next_frame();
        if room.streams.is_empty() {
            rooms.remove(&canvas);
            if rooms.is_empty() {
                inner.presence.0.remove(&expedition);
            }
        }
        inner.send(expedition, Live::Presence(frame));
        if pointed {
            let gone = PointerEvent {
                canvas_id: canvas,
                by: member,
                pointer: None,
            };
            inner.send_pointer(expedition, &gone);
        }
    }

    /// Records which sticky `member` types in on `canvas` (`None`: none) and tells the
    /// expedition if that changed. Only a member with a stream open on the canvas can be
    /// typing there: returns `false` (and records nothing) for anyone else.
    pub fn set_editing(
        &self,
        expedition: ExpeditionId,
        canvas: CanvasId,
        member: MemberId,
        sticky: Option<StickyId>,
    ) -> bool {
        let mut inner = self.lock();
        let Some(room) = inner
            .presence
            .0
            .get_mut(&expedition)
            .and_then(|rooms| rooms.get_mut(&canvas))
            .filter(|room| room.streams.contains_key(&member))
        else {
            return false;
        };
        let before = match sticky {
            Some(sticky) => room.editing.insert(member, sticky),
            None => room.editing.remove(&member),
        };
        if before != sticky {
            let frame = room.next_frame();
            inner.send(expedition, Live::Presence(frame));
        }
        true
    }

    /// Who is on `canvas` now.
    pub fn presence_on(&self, expedition: ExpeditionId, canvas: CanvasId) -> PresenceFrame {
        self.lock()
            .presence
            .0
            .get(&expedition)
            .and_then(|rooms| rooms.get(&canvas))
            .map_or_else(|| PresenceFrame::empty(canvas), |room| room.frame.clone())
    }

    /// Who is on each canvas of `expedition` that anyone has open.
    pub fn presence_in(&self, expedition: ExpeditionId) -> Vec<PresenceFrame> {
        self.lock()
            .presence
            .0
            .get(&expedition)
            .map(|rooms| rooms.values().map(|room| room.frame.clone()).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::sync::broadcast;
    use uuid::Uuid;

    const EXPEDITION: ExpeditionId = ExpeditionId(Uuid::from_u128(1));
    const CANVAS: CanvasId = CanvasId(Uuid::from_u128(2));
    const A: MemberId = MemberId(Uuid::from_u128(10));
    const B: MemberId = MemberId(Uuid::from_u128(11));

    /// The members of each presence frame received so far.
    fn frames(rx: &mut broadcast::Receiver<Live>) -> Vec<Vec<MemberId>> {
        let mut out = Vec::new();
        while let Ok(live) = rx.try_recv() {
            if let Live::Presence(frame) = live {
                let event: PresenceEvent = serde_json::from_str(&frame.json).unwrap();
                assert_eq!(event.canvas_id, frame.canvas);
                out.push(event.members);
            }
        }
        out
    }

    #[test]
    fn a_member_counts_once_however_many_streams_they_open() {
        let hub = Hub::default();
        let mut rx = hub.subscribe(EXPEDITION);
        let b = hub.enter(EXPEDITION, CANVAS, B);
        let a1 = hub.enter(EXPEDITION, CANVAS, A);
        let a2 = hub.enter(EXPEDITION, CANVAS, A);
        assert_eq!(frames(&mut rx), [vec![B], vec![A, B]], "sorted, A once");

        drop(a1);
        assert!(frames(&mut rx).is_empty(), "A still has a tab open");
        drop(a2);
        assert_eq!(frames(&mut rx), [vec![B]]);
        drop(b);
        assert_eq!(frames(&mut rx), [Vec::<MemberId>::new()]);
        assert!(hub.lock().presence.0.is_empty(), "empty rooms are dropped");
        assert!(hub.presence_in(EXPEDITION).is_empty());
    }

    #[test]
    fn current_presence_is_readable_and_older_frames_go_stale() {
        let hub = Hub::default();
        let _rx = hub.subscribe(EXPEDITION);
        let other = CanvasId(Uuid::from_u128(3));
        let _a = hub.enter(EXPEDITION, CANVAS, A);
        let first = hub.presence_on(EXPEDITION, CANVAS);
        assert!(!first.is_stale());
        let _b = hub.enter(EXPEDITION, CANVAS, B);
        assert!(first.is_stale(), "B's arrival replaces it");
        let now = hub.presence_on(EXPEDITION, CANVAS);
        assert!(!now.is_stale());
        assert!(now.json.contains(&B.to_string()));
        assert!(!hub.presence_on(EXPEDITION, other).is_stale());
        assert!(
            hub.presence_on(EXPEDITION, other)
                .json
                .contains(r#""members":[]"#)
        );
        assert_eq!(hub.presence_in(EXPEDITION).len(), 1);
    }

    /// Who types in which sticky, frame by frame.
    fn editing(rx: &mut broadcast::Receiver<Live>) -> Vec<Vec<(MemberId, StickyId)>> {
        let mut out = Vec::new();
        while let Ok(live) = rx.try_recv() {
            if let Live::Presence(frame) = live {
                let event: PresenceEvent = serde_json::from_str(&frame.json).unwrap();
                out.push(
                    event
                        .editing
                        .iter()
                        .map(|e| (e.member_id, e.sticky_id))
                        .collect(),
                );
            }
        }
        out
    }

    #[test]
    fn typing_is_told_once_per_change_and_ends_with_the_members_last_stream() {
        let hub = Hub::default();
        let sticky = StickyId(Uuid::from_u128(20));
        let other = StickyId(Uuid::from_u128(21));
        assert!(
            !hub.set_editing(EXPEDITION, CANVAS, A, Some(sticky)),
            "not on the canvas: not typing there"
        );
        let a1 = hub.enter(EXPEDITION, CANVAS, A);
        let a2 = hub.enter(EXPEDITION, CANVAS, A);
        let _b = hub.enter(EXPEDITION, CANVAS, B);
        let mut rx = hub.subscribe(EXPEDITION);
        assert!(hub.set_editing(EXPEDITION, CANVAS, A, Some(sticky)));
        assert!(hub.set_editing(EXPEDITION, CANVAS, A, Some(sticky)));
        assert!(hub.set_editing(EXPEDITION, CANVAS, B, Some(sticky)));
        assert!(hub.set_editing(EXPEDITION, CANVAS, A, Some(other)));
        assert_eq!(
            editing(&mut rx),
            [
                vec![(A, sticky)],
                vec![(A, sticky), (B, sticky)],
                vec![(A, other), (B, sticky)],
            ],
            "the same sticky again changes nothing"
        );
        assert!(hub.set_editing(EXPEDITION, CANVAS, B, None));
        assert_eq!(editing(&mut rx), [vec![(A, other)]]);
        drop(a1);
        assert!(editing(&mut rx).is_empty(), "A's other tab still types");
        drop(a2);
        assert_eq!(editing(&mut rx), [Vec::new()], "A left: typing ends");
        assert!(
            hub.set_editing(EXPEDITION, CANVAS, B, None),
            "B is still there"
        );
        assert!(editing(&mut rx).is_empty(), "nothing changed");
    }
}
