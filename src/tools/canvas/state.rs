//! The canvas as this browser sees it: the server's state, plus this member's ops that the
//! server has not confirmed yet, applied on top. Pure logic (no DOM), tested natively.
//!
//! The server's order is the truth. `confirmed` holds exactly the ops the server stamped;
//! `pending` holds this member's own ops, in the order they were made. What the screen
//! shows is `confirmed` with `pending` replayed on top under provisional stamps that are
//! newer than any server stamp. When the server's order differs from ours (someone else's
//! op landed first), the pending ops are simply replayed again on the new confirmed state:
//! that is the rebase, and because the reducer is last-writer-wins per field, the screen
//! ends where every other browser ends once the pending ops are confirmed.

use std::collections::{BTreeSet, HashMap};

use hevruta_model::MemberId;
use hevruta_model::canvas::{AppliedOp, Board, Op, OpId, OpKind, Stamp, Sticky, StickyId};

/// Provisional stamps of pending ops start here, above any real sequence number.
const PENDING_SEQ: u64 = u64::MAX / 2;

/// Someone else's text replaced this member's within this long: offer to keep mine.
pub const CONFLICT_WINDOW_MS: i64 = 15_000;

/// Stickies whose shown state may have changed.
pub type Touched = BTreeSet<StickyId>;

/// Another member's text replaced this member's recent text on the same sticky.
#[derive(Debug, Clone, PartialEq)]
pub struct TextConflict {
    pub sticky: StickyId,
    pub mine: String,
    pub theirs: String,
    pub by: MemberId,
}

/// What a batch from the server did here.
#[derive(Debug, Default)]
pub struct Confirmed {
    pub touched: Touched,
    pub conflicts: Vec<TextConflict>,
    /// Our own ops it confirmed.
    pub mine: Vec<OpId>,
}

/// One undoable step: the ops that reverse it, in the order to apply them.
type Step = Vec<(StickyId, OpKind)>;

#[derive(Debug, Clone)]
pub struct CanvasState {
    me: MemberId,
    confirmed: Board,
    pending: Vec<Op>,
    display: Board,
    /// The text this member last wrote per sticky, as confirmed: (stamp, server time, text).
    my_texts: HashMap<StickyId, (Stamp, i64, String)>,
    undo: Vec<Step>,
    redo: Vec<Step>,
    /// A sticky just made on this page and still empty: shown here, but neither stored nor
    /// sent until it gets text (`release`), and gone without a trace if it never does
    /// (`withdraw`), so nobody else sees empty stickies come and go.
    held: Option<StickyId>,
    /// The sticky whose text is being typed live: its run of text ops is one undo step
    /// (with its making, when it was just made).
    typing: Option<StickyId>,
}

impl CanvasState {
    pub fn new(me: MemberId, stickies: Vec<Sticky>) -> Self {
        let confirmed = Board {
            stickies: stickies.into_iter().map(|s| (s.id, s)).collect(),
        };
        Self {
            me,
            display: confirmed.clone(),
            confirmed,
            pending: Vec::new(),
            my_texts: HashMap::new(),
            undo: Vec::new(),
            redo: Vec::new(),
            held: None,
            typing: None,
        }
    }

    /// What the screen shows: the server's state with the pending ops on top.
    pub fn display(&self) -> &Board {
        &self.display
    }

    pub fn sticky(&self, id: StickyId) -> Option<&Sticky> {
        self.display.stickies.get(&id).filter(|s| s.visible())
    }

    pub fn pending(&self) -> &[Op] {
        &self.pending
    }

    /// Stickies with ops the server has not confirmed yet.
    pub fn pending_stickies(&self) -> BTreeSet<StickyId> {
        self.pending.iter().map(|op| op.sticky).collect()
    }

    /// The oldest pending ops, at most `max`, to send next (a held sticky's wait).
    pub fn next_batch(&self, max: usize) -> Vec<Op> {
        self.pending
            .iter()
            .filter(|op| Some(op.sticky) != self.held)
            .take(max)
            .cloned()
            .collect()
    }

    /// How many ops wait to be sent (a held sticky's not counted: it is not due yet).
    pub fn waiting(&self) -> usize {
        self.pending
            .iter()
            .filter(|op| Some(op.sticky) != self.held)
            .count()
    }

    /// Keeps `id` (just made, empty) on this page until it gets text.
    pub fn hold(&mut self, id: StickyId) {
        self.held = Some(id);
    }

    pub fn held(&self) -> Option<StickyId> {
        self.held
    }

    /// The held sticky got text: its ops are due now; returns them, to be stored.
    pub fn release(&mut self, id: StickyId) -> Vec<Op> {
        if self.held != Some(id) {
            return Vec::new();
        }
        self.held = None;
        self.pending
            .iter()
            .filter(|op| op.sticky == id)
            .cloned()
            .collect()
    }

    /// The held sticky was left empty: as if it had never been made (no ops, no undo).
    pub fn withdraw(&mut self, id: StickyId) -> Touched {
        if self.held != Some(id) {
            return Touched::new();
        }
        self.held = None;
        self.pending.retain(|op| op.sticky != id);
        self.forget(id);
        self.rebuild();
        Touched::from([id])
    }

    /// Leaves `id` out of undo and redo (a sticky that was made and left empty).
    pub fn forget(&mut self, id: StickyId) {
        let mentions = |step: &Step| step.iter().any(|(s, _)| *s == id);
        self.undo.retain(|step| !mentions(step));
        self.redo.retain(|step| !mentions(step));
        if self.typing == Some(id) {
            self.typing = None;
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// Ops restored from the outbox after a reload: pending again, but not undoable.
    pub fn restore_pending(&mut self, ops: Vec<Op>) -> Touched {
        let known: BTreeSet<OpId> = self.pending.iter().map(|op| op.id).collect();
        let fresh: Vec<Op> = ops
            .into_iter()
            .filter(|op| !known.contains(&op.id))
            .collect();
        let touched = fresh.iter().map(|op| op.sticky).collect();
        // They were made before anything typed on this page: they go first.
        let newer = std::mem::replace(&mut self.pending, fresh);
        self.pending.extend(newer);
        self.rebuild();
        touched
    }

    /// This member's own edit: shown at once, queued for the server, undoable.
    pub fn local(&mut self, ops: Vec<Op>) -> Touched {
        // A sticky's first text, typed right after making it, belongs to its making.
        self.typing = match ops.as_slice() {
            [
                Op {
                    sticky,
                    kind: OpKind::Create { .. },
                    ..
                },
            ] => Some(*sticky),
            _ => None,
        };
        let step = self.inverse(&ops);
        if !step.is_empty() {
            self.undo.push(step);
            self.redo.clear();
        }
        self.push_pending(ops)
    }

    /// Text typed into `id` while its editor is open, sent as it is typed: like `local`,
    /// but a run of them up to `end_typing` is one undoable step, back to the text before
    /// the run began.
    pub fn typed(&mut self, id: StickyId, text: String, op_id: OpId) -> Touched {
        let op = Op {
            id: op_id,
            sticky: id,
            kind: OpKind::SetText { text },
        };
        if self.typing == Some(id) && !self.undo.is_empty() {
            self.redo.clear();
            return self.push_pending(vec![op]);
        }
        let touched = self.local(vec![op]);
        self.typing = Some(id);
        touched
    }

    /// Escape: the text typed in this run goes back to what it was, and the run leaves no
    /// undo step. Returns the ops that put it back, to be stored and sent.
    pub fn revert_typing(
        &mut self,
        id: StickyId,
        new_id: impl FnMut() -> OpId,
    ) -> Option<(Vec<Op>, Touched)> {
        if self.typing != Some(id) {
            return None;
        }
        self.typing = None;
        if self.undo.last() == Some(&vec![(id, OpKind::Delete)]) {
            return None; // the sticky's making: not a text to put back
        }
        let step = self.undo.pop()?;
        let ops = self.ops_of(step, new_id);
        let touched = self.push_pending(ops.clone());
        Some((ops, touched))
    }

    /// The editor closed: the next text op starts a new undo step.
    pub fn end_typing(&mut self) {
        self.typing = None;
    }

    /// Reverts this member's last undoable step with new ops (made with `new_id`), which
    /// are returned so the caller can store and send them.
    pub fn undo(&mut self, new_id: impl FnMut() -> OpId) -> Option<(Vec<Op>, Touched)> {
        self.typing = None;
        let step = self.undo.pop()?;
        let ops = self.ops_of(step, new_id);
        let inverse = self.inverse(&ops);
        if !inverse.is_empty() {
            self.redo.push(inverse);
        }
        let touched = self.push_pending(ops.clone());
        Some((ops, touched))
    }

    pub fn redo(&mut self, new_id: impl FnMut() -> OpId) -> Option<(Vec<Op>, Touched)> {
        self.typing = None;
        let step = self.redo.pop()?;
        let ops = self.ops_of(step, new_id);
        let inverse = self.inverse(&ops);
        if !inverse.is_empty() {
            self.undo.push(inverse);
        }
        let touched = self.push_pending(ops.clone());
        Some((ops, touched))
    }

    fn ops_of(&self, step: Step, mut new_id: impl FnMut() -> OpId) -> Vec<Op> {
        step.into_iter()
            .map(|(sticky, kind)| Op {
                id: new_id(),
                sticky,
                kind,
            })
            .collect()
    }

    fn push_pending(&mut self, ops: Vec<Op>) -> Touched {
        let touched = ops.iter().map(|op| op.sticky).collect();
        for op in ops {
            let stamp = provisional(self.pending.len());
            self.display.apply(&AppliedOp {
                stamp,
                author: self.me,
                at: 0,
                op: op.clone(),
                private: false,
            });
            self.pending.push(op);
        }
        touched
    }

    /// The ops that undo `ops`, judged against what is shown now, newest first.
    fn inverse(&self, ops: &[Op]) -> Step {
        let mut shown = self.display.clone();
        let mut step = Vec::new();
        for (i, op) in ops.iter().enumerate() {
            let before = shown.stickies.get(&op.sticky);
            let back = match (&op.kind, before) {
                (OpKind::Create { .. }, _) => Some(OpKind::Delete),
                (OpKind::SetText { .. }, Some(s)) => Some(OpKind::SetText {
                    text: s.text.value.clone(),
                }),
                (OpKind::SetColor { .. }, Some(s)) => Some(OpKind::SetColor {
                    color: s.color.value,
                }),
                (OpKind::SetCitation { .. }, Some(s)) => Some(OpKind::SetCitation {
                    citation: s.citation.value,
                }),
                (OpKind::Move { .. }, Some(s)) => Some(OpKind::Move {
                    x: s.position.value.0,
                    y: s.position.value.1,
                    section: s.section.value.clone(),
                }),
                (OpKind::Delete, Some(s)) if !s.deleted.value => Some(OpKind::Restore),
                (OpKind::Restore, Some(s)) if s.deleted.value => Some(OpKind::Delete),
                _ => None,
            };
            if let Some(kind) = back {
                step.push((op.sticky, kind));
            }
            shown.apply(&AppliedOp {
                stamp: provisional(self.pending.len() + i),
                author: self.me,
                at: 0,
                op: op.clone(),
                private: false,
            });
        }
        step.reverse();
        step
    }

    /// Ops the server stamped (from the event stream or from the answer to our own batch;
    /// seeing one twice is harmless). Returns what changed, any text of ours that someone
    /// else's later write replaced, and which of our pending ops it confirmed (so the
    /// outbox can forget them whichever way the confirmation came).
    pub fn server(&mut self, ops: &[AppliedOp]) -> Confirmed {
        let mut touched = Touched::new();
        let mut conflicts = Vec::new();
        let mut confirmed = Vec::new();
        for applied in ops {
            let op = &applied.op;
            touched.insert(op.sticky);
            let was_pending = self.pending.iter().position(|p| p.id == op.id);
            if let Some(i) = was_pending {
                self.pending.remove(i);
                confirmed.push(op.id);
            }
            if let OpKind::SetText { text } | OpKind::Create { text, .. } = &op.kind {
                if applied.author == self.me {
                    let newer = self
                        .my_texts
                        .get(&op.sticky)
                        .is_none_or(|(s, _, _)| *s < applied.stamp);
                    if newer {
                        self.my_texts
                            .insert(op.sticky, (applied.stamp, applied.at, text.clone()));
                    }
                } else if let Some((stamp, at, mine)) = self.my_texts.get(&op.sticky)
                    // A newer text of mine is still on its way: it will win anyway.
                    && !self.pending.iter().any(|p| {
                        p.sticky == op.sticky
                            && matches!(p.kind, OpKind::SetText { .. } | OpKind::Create { .. })
                    })
                {
                    let current = self.confirmed.stickies.get(&op.sticky);
                    let mine_is_shown = current.is_some_and(|s| s.text.stamp == *stamp);
                    if *stamp < applied.stamp
                        && mine_is_shown
                        && applied.at - at <= CONFLICT_WINDOW_MS
                        && mine != text
                        && !mine.trim().is_empty()
                    {
                        conflicts.push(TextConflict {
                            sticky: op.sticky,
                            mine: mine.clone(),
                            theirs: text.clone(),
                            by: applied.author,
                        });
                    }
                }
            }
            self.confirmed.apply(applied);
        }
        if self.pending.is_empty() && confirmed.is_empty() {
            // Nothing of ours in flight: the shown state follows the server directly.
            for applied in ops {
                self.display.apply(applied);
            }
        } else {
            self.rebuild();
            touched.extend(self.pending.iter().map(|op| op.sticky));
        }
        // Only the last conflict per sticky matters.
        let mut seen = BTreeSet::new();
        conflicts.reverse();
        conflicts.retain(|c| seen.insert(c.sticky));
        conflicts.reverse();
        Confirmed {
            touched,
            conflicts,
            mine: confirmed,
        }
    }

    /// The text shown on a sticky now (empty if it is not shown).
    pub fn text(&self, id: StickyId) -> &str {
        self.sticky(id).map_or("", |s| s.text.value.as_str())
    }

    /// The server refused these pending ops for good: they leave the queue (the caller
    /// keeps their text as drafts). Returns the dropped ops and what changed.
    pub fn refuse(&mut self, ids: &[OpId]) -> (Vec<Op>, Touched) {
        let (dropped, kept): (Vec<Op>, Vec<Op>) = std::mem::take(&mut self.pending)
            .into_iter()
            .partition(|op| ids.contains(&op.id));
        self.pending = kept;
        self.rebuild();
        let touched = dropped.iter().map(|op| op.sticky).collect();
        (dropped, touched)
    }

    fn rebuild(&mut self) {
        self.display = self.confirmed.clone();
        for (i, op) in self.pending.iter().enumerate() {
            self.display.apply(&AppliedOp {
                stamp: provisional(i),
                author: self.me,
                at: 0,
                op: op.clone(),
                private: false,
            });
        }
    }
}

fn provisional(i: usize) -> Stamp {
    Stamp {
        seq: PENDING_SEQ + i as u64,
        idx: 0,
    }
}

#[cfg(test)]
mod tests;
