//! Who has a canvas open, and who types in which sticky: presence, never stored.

use serde::{Deserialize, Serialize};

use crate::MemberId;
use crate::canvas::{CanvasId, StickyId};

/// Who has a canvas open right now. Sent to every stream of the expedition whenever that
/// set changes, and to a stream opened on the canvas right after its catch-up.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PresenceEvent {
    pub canvas_id: CanvasId,
    /// Sorted, without duplicates; empty when the last one left.
    pub members: Vec<MemberId>,
    /// Which of them has which sticky open for typing (`PUT …/canvases/{canvas}/editing`),
    /// sorted by member, at most one sticky each. Absent means nobody.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub editing: Vec<Editing>,
}

/// A member typing in a sticky.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Editing {
    pub member_id: MemberId,
    pub sticky_id: StickyId,
}

impl PresenceEvent {
    /// The presence of `members` on the canvas, sorted and deduplicated.
    pub fn new(canvas_id: CanvasId, members: impl IntoIterator<Item = MemberId>) -> Self {
        let mut members: Vec<MemberId> = members.into_iter().collect();
        members.sort_unstable();
        members.dedup();
        Self {
            canvas_id,
            members,
            editing: Vec::new(),
        }
    }

    /// With who is typing where; entries of members not present are left out.
    #[must_use]
    pub fn with_editing(mut self, editing: impl IntoIterator<Item = (MemberId, StickyId)>) -> Self {
        let mut editing: Vec<Editing> = editing
            .into_iter()
            .filter(|(m, _)| self.members.binary_search(m).is_ok())
            .map(|(member_id, sticky_id)| Editing {
                member_id,
                sticky_id,
            })
            .collect();
        editing.sort_by_key(|e| e.member_id);
        editing.dedup_by_key(|e| e.member_id);
        self.editing = editing;
        self
    }

    /// Who, other than `me`, is typing in `sticky`.
    pub fn typing_in(&self, sticky: StickyId, me: MemberId) -> impl Iterator<Item = MemberId> + '_ {
        self.editing
            .iter()
            .filter(move |e| e.sticky_id == sticky && e.member_id != me)
            .map(|e| e.member_id)
    }
}
