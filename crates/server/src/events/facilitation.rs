//! The live session of an expedition, held in memory beside presence: the facilitator's
//! timer, locked canvases and boards (also stored, so they outlive a restart: see
//! `store::locks`), raised hands and "done", and the view each presented canvas is shown
//! at. Every change goes to the expedition's streams; each stream writes the state for its
//! own member (who raised a hand is for facilitators). Also the spotlight on each board.

use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

use hevruta_model::board::BoardId;
use hevruta_model::canvas::CanvasId;
use hevruta_model::facilitation::{Facilitation, MAX_TIMER_SECONDS, Timer, TimerAction, ViewEvent};
use hevruta_model::focus::FocusEvent;
use hevruta_model::{ExpeditionId, MemberId, Role, UnixMillis};

use super::{Hub, Live};

const MAX_TIMER_MS: u64 = MAX_TIMER_SECONDS as u64 * 1000;

/// One expedition's session as it is now.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Session {
    timer: Option<Timer>,
    locked_canvases: BTreeSet<CanvasId>,
    locked_boards: BTreeSet<BoardId>,
    hands: Vec<MemberId>,
    done: Vec<MemberId>,
}

/// Why a timer command does not apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimerRefusal {
    /// `start` or `add` without a usable number of seconds.
    Seconds,
    /// `pause`, `resume` or `add` with no timer set.
    NoTimer,
}

impl Session {
    /// The session as `member` (of `role`) sees it at the server's moment `now`.
    pub fn for_member(&self, member: MemberId, role: Role, now: UnixMillis) -> Facilitation {
        let facilitator = role == Role::Facilitator;
        Facilitation {
            now,
            timer: self.timer.map(|t| Timer {
                remaining_ms: t.remaining_at(now),
                ..t
            }),
            locked_canvases: self.locked_canvases.iter().copied().collect(),
            locked_boards: self.locked_boards.iter().copied().collect(),
            hands: u32::try_from(self.hands.len()).unwrap_or(u32::MAX),
            done: u32::try_from(self.done.len()).unwrap_or(u32::MAX),
            hands_by: facilitator.then(|| self.hands.clone()),
            done_by: facilitator.then(|| self.done.clone()),
            my_hand: self.hands.contains(&member),
            my_done: self.done.contains(&member),
        }
    }

    /// Applies a timer command at `now`.
    pub fn timer(
        &mut self,
        action: TimerAction,
        seconds: Option<u32>,
        now: UnixMillis,
    ) -> Result<(), TimerRefusal> {
        let ms = |s: u32| {
            (1..=MAX_TIMER_SECONDS)
                .contains(&s)
                .then_some(u64::from(s) * 1000)
                .ok_or(TimerRefusal::Seconds)
        };
        let at = |ms: u64| now.saturating_add(i64::try_from(ms).unwrap_or(i64::MAX));
        match action {
            TimerAction::Start => {
                let ms = ms(seconds.ok_or(TimerRefusal::Seconds)?)?;
                self.timer = Some(Timer {
                    duration_ms: ms,
                    remaining_ms: ms,
                    ends_at: Some(at(ms)),
                });
            }
            TimerAction::Reset => self.timer = None,
            TimerAction::Pause => {
                let t = self.timer.as_mut().ok_or(TimerRefusal::NoTimer)?;
                t.remaining_ms = t.remaining_at(now);
                t.ends_at = None;
            }
            TimerAction::Resume => {
                let t = self.timer.as_mut().ok_or(TimerRefusal::NoTimer)?;
                if t.ends_at.is_none() {
                    t.ends_at = Some(at(t.remaining_ms));
                }
            }
            TimerAction::Add => {
                let more = ms(seconds.unwrap_or(60))?;
                let t = self.timer.as_mut().ok_or(TimerRefusal::NoTimer)?;
                let left = (t.remaining_at(now) + more).min(MAX_TIMER_MS);
                t.duration_ms = (t.duration_ms + more).min(MAX_TIMER_MS).max(left);
                t.remaining_ms = left;
                if t.ends_at.is_some() {
                    t.ends_at = Some(at(left));
                }
            }
        }
        Ok(())
    }

    pub fn lock_canvas(&mut self, canvas: CanvasId, locked: bool) {
        if locked {
            self.locked_canvases.insert(canvas);
        } else {
            self.locked_canvases.remove(&canvas);
        }
    }

    pub fn lock_board(&mut self, board: BoardId, locked: bool) {
        if locked {
            self.locked_boards.insert(board);
        } else {
            self.locked_boards.remove(&board);
        }
    }

    /// Raises or lowers `member`'s hand, or marks them done or not; `None` leaves it.
    pub fn signals(&mut self, member: MemberId, hand: Option<bool>, done: Option<bool>) {
        let set = |list: &mut Vec<MemberId>, on: bool| {
            let has = list.contains(&member);
            if on && !has {
                list.push(member);
            } else if !on && has {
                list.retain(|m| *m != member);
            }
        };
        if let Some(on) = hand {
            set(&mut self.hands, on);
        }
        if let Some(on) = done {
            set(&mut self.done, on);
        }
    }

    /// Lowers every hand and clears every "done" (a new round).
    pub fn clear_signals(&mut self) {
        self.hands.clear();
        self.done.clear();
    }

    /// Forgets a member who left.
    pub fn forget(&mut self, member: MemberId) {
        self.signals(member, Some(false), Some(false));
    }
}

/// Every expedition's session, the views of presented canvases and the spotlit boards.
#[derive(Default)]
pub(super) struct Sessions {
    sessions: HashMap<ExpeditionId, Arc<Session>>,
    views: HashMap<(ExpeditionId, CanvasId), Arc<str>>,
    focuses: HashMap<(ExpeditionId, BoardId), Arc<str>>,
}

impl Hub {
    /// The session of `expedition` as it is now.
    pub fn session(&self, expedition: ExpeditionId) -> Arc<Session> {
        self.lock()
            .sessions
            .sessions
            .get(&expedition)
            .cloned()
            .unwrap_or_default()
    }

    /// Changes the session with `change` and, when it did change, tells every stream of
    /// the expedition. Returns the session after the change, or what `change` refused.
    pub fn update_session<E>(
        &self,
        expedition: ExpeditionId,
        change: impl FnOnce(&mut Session) -> Result<(), E>,
    ) -> Result<Arc<Session>, E> {
        let mut inner = self.lock();
        let current = inner
            .sessions
            .sessions
            .get(&expedition)
            .cloned()
            .unwrap_or_default();
        let mut next = (*current).clone();
        change(&mut next)?;
        if next == *current {
            return Ok(current);
        }
        let next = Arc::new(next);
        inner.sessions.sessions.insert(expedition, next.clone());
        inner.send(expedition, Live::Session(next.clone()));
        Ok(next)
    }

    pub fn canvas_locked(&self, expedition: ExpeditionId, canvas: CanvasId) -> bool {
        self.lock()
            .sessions
            .sessions
            .get(&expedition)
            .is_some_and(|s| s.locked_canvases.contains(&canvas))
    }

    pub fn board_locked(&self, expedition: ExpeditionId, board: BoardId) -> bool {
        self.lock()
            .sessions
            .sessions
            .get(&expedition)
            .is_some_and(|s| s.locked_boards.contains(&board))
    }

    /// Sends the facilitator's view of a canvas (or that it ended) to the expedition and
    /// keeps it for streams that open on the canvas later.
    pub fn set_view(&self, expedition: ExpeditionId, event: &ViewEvent) {
        let json: Arc<str> = serde_json::to_string(event).unwrap_or_default().into();
        let mut inner = self.lock();
        let key = (expedition, event.canvas_id);
        if event.view.is_some() {
            inner.sessions.views.insert(key, json.clone());
        } else if inner.sessions.views.remove(&key).is_none() {
            return;
        }
        inner.send(expedition, Live::View(json));
    }

    /// Sends a board's spotlight (or its end) to the expedition, and keeps it for streams
    /// that open later. Ending a spotlight nobody set sends nothing.
    pub fn set_focus(&self, expedition: ExpeditionId, event: &FocusEvent) {
        let json: Arc<str> = serde_json::to_string(event).unwrap_or_default().into();
        let mut inner = self.lock();
        let key = (expedition, event.board_id);
        if event.focus.is_some() {
            inner.sessions.focuses.insert(key, json.clone());
        } else if inner.sessions.focuses.remove(&key).is_none() {
            return;
        }
        inner.send(expedition, Live::Focus(json));
    }

    /// The spotlight of every board of `expedition` that has one now.
    pub fn focuses_in(&self, expedition: ExpeditionId) -> Vec<Arc<str>> {
        self.lock()
            .sessions
            .focuses
            .iter()
            .filter(|((e, _), _)| *e == expedition)
            .map(|(_, json)| json.clone())
            .collect()
    }

    /// The view a canvas is presented at now, if anyone presents it.
    pub fn view_on(&self, expedition: ExpeditionId, canvas: CanvasId) -> Option<Arc<str>> {
        self.lock()
            .sessions
            .views
            .get(&(expedition, canvas))
            .cloned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use uuid::Uuid;

    const A: MemberId = MemberId(Uuid::from_u128(10));
    const B: MemberId = MemberId(Uuid::from_u128(11));

    #[test]
    fn the_timer_starts_pauses_resumes_and_adds_on_the_servers_clock() {
        let mut s = Session::default();
        assert_eq!(
            s.timer(TimerAction::Pause, None, 0),
            Err(TimerRefusal::NoTimer)
        );
        assert_eq!(
            s.timer(TimerAction::Start, None, 0),
            Err(TimerRefusal::Seconds)
        );
        assert_eq!(
            s.timer(TimerAction::Start, Some(MAX_TIMER_SECONDS + 1), 0),
            Err(TimerRefusal::Seconds)
        );
        s.timer(TimerAction::Start, Some(300), 1_000).unwrap();
        let t = s.for_member(A, Role::Participant, 61_000).timer.unwrap();
        assert_eq!((t.ends_at, t.remaining_ms), (Some(301_000), 240_000));

        s.timer(TimerAction::Pause, None, 61_000).unwrap();
        let t = s.for_member(A, Role::Participant, 500_000).timer.unwrap();
        assert_eq!((t.ends_at, t.remaining_ms), (None, 240_000), "paused holds");

        s.timer(TimerAction::Add, None, 500_000).unwrap();
        s.timer(TimerAction::Resume, None, 600_000).unwrap();
        let t = s.for_member(A, Role::Participant, 600_000).timer.unwrap();
        assert_eq!((t.ends_at, t.remaining_ms), (Some(900_000), 300_000));
        assert_eq!(
            t.duration_ms, 360_000,
            "the added minute counts in the length"
        );

        // Run out, then add: a minute from now, not from the past end.
        s.timer(TimerAction::Add, Some(60), 2_000_000).unwrap();
        let t = s.for_member(A, Role::Participant, 2_000_000).timer.unwrap();
        assert_eq!(t.ends_at, Some(2_060_000));

        s.timer(TimerAction::Reset, None, 0).unwrap();
        assert_eq!(s.for_member(A, Role::Participant, 0).timer, None);
    }

    #[test]
    fn adding_never_goes_past_the_longest_timer() {
        let mut s = Session::default();
        s.timer(TimerAction::Start, Some(MAX_TIMER_SECONDS), 0)
            .unwrap();
        s.timer(TimerAction::Add, Some(600), 0).unwrap();
        let t = s.for_member(A, Role::Participant, 0).timer.unwrap();
        assert_eq!(t.remaining_ms, MAX_TIMER_MS);
        assert_eq!(t.duration_ms, MAX_TIMER_MS);
    }

    #[test]
    fn everyone_gets_counts_and_only_facilitators_see_who() {
        let mut s = Session::default();
        s.signals(A, Some(true), None);
        s.signals(B, Some(true), Some(true));
        s.signals(A, Some(true), None);
        let participant = s.for_member(A, Role::Participant, 0);
        assert_eq!((participant.hands, participant.done), (2, 1));
        assert!(participant.hands_by.is_none() && participant.done_by.is_none());
        assert!(participant.my_hand && !participant.my_done);
        let facilitator = s.for_member(MemberId(Uuid::nil()), Role::Facilitator, 0);
        assert_eq!(facilitator.hands_by, Some(vec![A, B]), "in order, once");
        assert_eq!(facilitator.done_by, Some(vec![B]));
        s.forget(B);
        assert_eq!(s.for_member(A, Role::Participant, 0).hands, 1);
        s.clear_signals();
        assert_eq!(s.for_member(A, Role::Participant, 0).hands, 0);
    }

    #[test]
    fn unchanged_sessions_are_not_sent_again() {
        let hub = Hub::default();
        let e = ExpeditionId(Uuid::from_u128(1));
        let c = CanvasId(Uuid::from_u128(2));
        let mut rx = hub.subscribe(e);
        hub.update_session(e, |s| {
            s.lock_canvas(c, true);
            Ok::<_, ()>(())
        })
        .unwrap();
        hub.update_session(e, |s| {
            s.lock_canvas(c, true);
            Ok::<_, ()>(())
        })
        .unwrap();
        assert!(matches!(rx.try_recv(), Ok(Live::Session(_))));
        assert!(rx.try_recv().is_err(), "the same lock again is no change");
        assert!(hub.canvas_locked(e, c));
        assert!(!hub.canvas_locked(ExpeditionId(Uuid::from_u128(9)), c));
    }
}
