//! Events folded into what the app keeps: the expedition snapshot and the canvas listing,
//! each event once.

use super::{Event, EventKind};
use crate::canvas::CanvasId;
use crate::{CanvasListing, CanvasSummary, ExpeditionSnapshot, UnixMillis};

impl ExpeditionSnapshot {
    /// Folds one event into the snapshot. Events at or before `last_seq` are ignored, so a
    /// replayed or duplicated event cannot apply twice. Returns whether anything changed.
    pub fn apply(&mut self, event: &Event) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
        match &event.change {
            EventKind::MemberJoined { member } => {
                if !self.members.iter().any(|m| m.id == member.id) {
                    self.members.push(member.clone());
                }
            }
            EventKind::MemberLeft { member_id } => {
                self.members.retain(|m| m.id != *member_id);
                self.profiled.retain(|m| m != member_id);
            }
            EventKind::MemberRoleChanged {
                member_id, role, ..
            } => {
                if let Some(m) = self.members.iter_mut().find(|m| m.id == *member_id) {
                    m.role = *role;
                }
            }
            EventKind::ProfileSaved { by, .. } => {
                if !self.profiled.contains(by) {
                    self.profiled.push(*by);
                }
            }
            EventKind::StageChanged { stage, .. } => self.stage = *stage,
            EventKind::ExpeditionUpdated {
                title,
                city,
                challenge,
                ..
            } => {
                self.title.clone_from(title);
                self.city.clone_from(city);
                self.challenge.clone_from(challenge);
            }
            // Canvases live in their own listing and snapshots.
            EventKind::CanvasCreated { .. }
            | EventKind::CanvasRenamed { .. }
            | EventKind::CanvasArchived { .. }
            | EventKind::CanvasUnarchived { .. }
            | EventKind::CanvasDeleted { .. }
            | EventKind::PrivateWriting { .. } => {}
            // Learnings live in their own listing.
            EventKind::LearningSaved { .. }
            | EventKind::LearningHidden { .. }
            | EventKind::LearningDeleted { .. } => {}
        }
        true
    }
}

impl CanvasListing {
    /// Folds one event into the list, like `ExpeditionSnapshot::apply`: events at or before
    /// `last_seq` are ignored. Returns whether the list changed.
    pub fn apply(&mut self, event: &Event) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
        let find =
            |list: &mut Vec<CanvasSummary>, id: CanvasId| list.iter_mut().position(|c| c.id == id);
        match &event.change {
            EventKind::CanvasCreated { canvas } => {
                if find(&mut self.canvases, canvas.id).is_some() {
                    return false;
                }
                self.canvases.push(canvas.clone());
            }
            EventKind::CanvasRenamed {
                canvas_id, title, ..
            } => {
                let Some(i) = find(&mut self.canvases, *canvas_id) else {
                    return false;
                };
                let c = &mut self.canvases[i];
                c.title.clone_from(title);
                c.changed_at = c.changed_at.max(event.at);
            }
            EventKind::CanvasArchived { canvas_id, .. } => {
                let Some(i) = find(&mut self.canvases, *canvas_id) else {
                    return false;
                };
                self.canvases[i].archived_at = Some(event.at);
            }
            EventKind::CanvasUnarchived { canvas_id, .. } => {
                let Some(i) = find(&mut self.canvases, *canvas_id) else {
                    return false;
                };
                self.canvases[i].archived_at = None;
            }
            EventKind::CanvasDeleted { canvas_id, .. } => {
                let before = self.canvases.len();
                self.canvases.retain(|c| c.id != *canvas_id);
                return self.canvases.len() != before;
            }
            _ => return false,
        }
        true
    }

    /// Notes an op batch on `canvas` (its sequence number and time): the canvas changed.
    /// Sticky counts are not derived from ops (a delete may hit a sticky already deleted
    /// elsewhere); read the listing again for them.
    pub fn touch(&mut self, canvas: CanvasId, seq: u64, at: UnixMillis) -> bool {
        if seq <= self.last_seq {
            return false;
        }
        self.last_seq = seq;
        match self.canvases.iter_mut().find(|c| c.id == canvas) {
            Some(c) => {
                c.changed_at = c.changed_at.max(at);
                true
            }
            None => false,
        }
    }

    /// Takes `newer` if it is at least as current as this list. Returns whether it did.
    pub fn replace_with(&mut self, newer: CanvasListing) -> bool {
        if newer.last_seq < self.last_seq {
            return false;
        }
        *self = newer;
        true
    }
}
