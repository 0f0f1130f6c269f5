//! Live events: every change to an expedition is stored with a per-expedition sequence
//! number and sent on the SSE stream with that number as its id.

use serde::{Deserialize, Serialize};

use crate::canvas::{AppliedOp, CanvasId};
use crate::facilitation::PrivateWriting;
use crate::{
    CanvasSummary, Deferred, Learning, LearningId, Member, MemberId, Profile, Role, Stage,
    UnixMillis,
};

mod fold;
mod presence;
#[cfg(test)]
mod tests;

pub use presence::{Editing, PresenceEvent};

/// SSE `event:` name of expedition changes (`Event`).
pub const SSE_CHANGE: &str = "change";
/// SSE `event:` name of canvas op batches (`OpsEvent`). A separate name, so screens that
/// show no canvas (the expedition home, phone followers) need not decode ops at all.
pub const SSE_OPS: &str = "ops";
/// SSE `event:` name of canvas presence (`PresenceEvent`). Presence is not stored: these
/// events have no `id:` and take no sequence number.
pub const SSE_PRESENCE: &str = "presence";
/// SSE `event:` name of the frame that replaces a catch-up too long to send
/// (`StreamReset`): the client reloads its snapshots and opens the stream again from their
/// `last_seq`. Not stored: no `id:`. The stream ends right after it.
pub const SSE_RESET: &str = "reset";

/// Sent instead of the catch-up when more events are stored after the resume point than a
/// stream replays (10,000 on the reference server): reading them one by one would cost more
/// than reloading the snapshot, which is where the client continues from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamReset {
    /// The resume point the stream was opened with.
    pub after: u64,
    /// The expedition's newest sequence number now.
    pub last_seq: u64,
    /// The most stored events a stream replays.
    pub max_catch_up: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Event {
    /// 1, 2, 3… per expedition, without gaps.
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    pub change: EventKind,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case", try_from = "FlatEventKind")]
pub enum EventKind {
    MemberJoined {
        member: Member,
    },
    MemberLeft {
        member_id: MemberId,
    },
    /// A facilitator made a member facilitator, or participant again.
    MemberRoleChanged {
        member_id: MemberId,
        role: Role,
        by: MemberId,
    },
    StageChanged {
        stage: Stage,
        by: MemberId,
    },
    ExpeditionUpdated {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::Title))]
        title: String,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::CityName))]
        city: String,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::ChallengeQuestion))]
        challenge: String,
        by: MemberId,
    },
    CanvasCreated {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::CreatedCanvas))]
        canvas: CanvasSummary,
    },
    /// A canvas got a new title.
    CanvasRenamed {
        canvas_id: CanvasId,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::ErasableTitle))]
        title: String,
        by: MemberId,
    },
    /// A canvas became read-only and is listed apart, as of the event's `at`.
    CanvasArchived {
        canvas_id: CanvasId,
        by: MemberId,
    },
    /// An archived canvas is back in use.
    CanvasUnarchived {
        canvas_id: CanvasId,
        by: MemberId,
    },
    /// A canvas and its stickies are gone for good.
    CanvasDeleted {
        canvas_id: CanvasId,
        by: MemberId,
    },
    /// A member wrote or rewrote their profile (`by` is that member).
    ProfileSaved {
        #[cfg_attr(feature = "openapi", schema(value_type = Profile))]
        profile: Deferred<Profile>,
        by: MemberId,
    },
    /// A learning as it is now: new, edited, moved to another circle, shown again after
    /// being hidden, or with a reaction more or less.
    LearningSaved {
        #[cfg_attr(feature = "openapi", schema(value_type = Learning))]
        learning: Deferred<Learning>,
        by: MemberId,
    },
    /// The facilitator hid a learning: participants and viewers drop it; the facilitator
    /// keeps it, marked hidden (a `learning_saved` shows it again).
    LearningHidden {
        learning_id: LearningId,
        by: MemberId,
    },
    /// Its author deleted a learning; what built on it now builds on nothing.
    LearningDeleted {
        learning_id: LearningId,
        by: MemberId,
    },
    /// Private writing on a canvas started, or its count changed (`private_writing`), or
    /// the facilitator revealed it (`null`: the revealed stickies came just before, as
    /// `ops`). Says nothing of who writes.
    PrivateWriting {
        canvas_id: CanvasId,
        private_writing: Option<PrivateWriting>,
    },
}

/// `EventKind` as read from JSON: every variant's fields side by side, then checked by
/// `TryFrom`. Reads the same documents as serde's internally tagged form would, without
/// its buffering of each event into an intermediate tree (14 KB of the app's first load).
#[derive(Deserialize)]
struct FlatEventKind {
    #[serde(rename = "type")]
    kind: String,
    member: Option<Member>,
    member_id: Option<MemberId>,
    role: Option<Role>,
    stage: Option<Stage>,
    by: Option<MemberId>,
    title: Option<String>,
    city: Option<String>,
    challenge: Option<String>,
    canvas: Option<CanvasSummary>,
    canvas_id: Option<CanvasId>,
    profile: Option<Deferred<Profile>>,
    learning: Option<Deferred<Learning>>,
    learning_id: Option<LearningId>,
    private_writing: Option<PrivateWriting>,
}

impl TryFrom<FlatEventKind> for EventKind {
    type Error = String;

    fn try_from(f: FlatEventKind) -> Result<Self, String> {
        let kind = f.kind;
        let missing = |field: &str| format!("`{kind}` event without `{field}`");
        Ok(match kind.as_str() {
            "member_joined" => EventKind::MemberJoined {
                member: f.member.ok_or_else(|| missing("member"))?,
            },
            "member_left" => EventKind::MemberLeft {
                member_id: f.member_id.ok_or_else(|| missing("member_id"))?,
            },
            "member_role_changed" => EventKind::MemberRoleChanged {
                member_id: f.member_id.ok_or_else(|| missing("member_id"))?,
                role: f.role.ok_or_else(|| missing("role"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "stage_changed" => EventKind::StageChanged {
                stage: f.stage.ok_or_else(|| missing("stage"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "expedition_updated" => EventKind::ExpeditionUpdated {
                title: f.title.ok_or_else(|| missing("title"))?,
                city: f.city.ok_or_else(|| missing("city"))?,
                challenge: f.challenge.ok_or_else(|| missing("challenge"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "canvas_created" => EventKind::CanvasCreated {
                canvas: f.canvas.ok_or_else(|| missing("canvas"))?,
            },
            "canvas_renamed" => EventKind::CanvasRenamed {
                canvas_id: f.canvas_id.ok_or_else(|| missing("canvas_id"))?,
                title: f.title.ok_or_else(|| missing("title"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "canvas_archived" => EventKind::CanvasArchived {
                canvas_id: f.canvas_id.ok_or_else(|| missing("canvas_id"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "canvas_unarchived" => EventKind::CanvasUnarchived {
                canvas_id: f.canvas_id.ok_or_else(|| missing("canvas_id"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "canvas_deleted" => EventKind::CanvasDeleted {
                canvas_id: f.canvas_id.ok_or_else(|| missing("canvas_id"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "profile_saved" => EventKind::ProfileSaved {
                profile: f.profile.ok_or_else(|| missing("profile"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "learning_saved" => EventKind::LearningSaved {
                learning: f.learning.ok_or_else(|| missing("learning"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "learning_hidden" => EventKind::LearningHidden {
                learning_id: f.learning_id.ok_or_else(|| missing("learning_id"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "learning_deleted" => EventKind::LearningDeleted {
                learning_id: f.learning_id.ok_or_else(|| missing("learning_id"))?,
                by: f.by.ok_or_else(|| missing("by"))?,
            },
            "private_writing" => EventKind::PrivateWriting {
                canvas_id: f.canvas_id.ok_or_else(|| missing("canvas_id"))?,
                private_writing: f.private_writing,
            },
            other => return Err(format!("unknown event type `{other}`")),
        })
    }
}

/// One accepted batch of sticky operations, stamped in the server's order. Shares the
/// expedition's sequence numbers with `Event`; sent as SSE `event: ops`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpsEvent {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    pub canvas_id: CanvasId,
    pub ops: Vec<AppliedOp>,
}
