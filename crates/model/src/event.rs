//! Live events: every change to an expedition is stored with a per-expedition sequence
//! number and sent on the SSE stream with that number as its id.

use serde::{Deserialize, Serialize};

use crate::canvas::{AppliedOp, CanvasId, StickyId};
use crate::{
    CanvasListing, CanvasSummary, Deferred, ExpeditionSnapshot, Learning, LearningId, Member,
    MemberId, Profile, Stage, UnixMillis,
};

/// SSE `event:` name of expedition changes (`Event`).
pub const SSE_CHANGE: &str = "change";
/// SSE `event:` name of canvas op batches (`OpsEvent`). A separate name, so screens that
/// show no canvas (the expedition home, phone followers) need not decode ops at all.
pub const SSE_OPS: &str = "ops";
/// SSE `event:` name of canvas presence (`PresenceEvent`). Presence is not stored: these
/// events have no `id:` and take no sequence number.
pub const SSE_PRESENCE: &str = "presence";

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
            | EventKind::CanvasDeleted { .. } => {}
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ExpeditionId, Role, Sector};
    use uuid::Uuid;

    fn snapshot() -> ExpeditionSnapshot {
        ExpeditionSnapshot {
            id: ExpeditionId(Uuid::nil()),
            title: "Lab".into(),
            city: "Hadera".into(),
            challenge: "q".into(),
            stage: Stage::GettingToKnow,
            members: vec![],
            last_seq: 1,
            created_at: 0,
            join_code: None,
            profiled: vec![],
        }
    }

    fn summary(n: u128, title: &str) -> CanvasSummary {
        CanvasSummary {
            id: CanvasId(Uuid::from_u128(n)),
            title: title.into(),
            template: crate::canvas::Template::Blank,
            created_by: MemberId(Uuid::from_u128(7)),
            created_at: 5,
            archived_at: None,
            sticky_count: 0,
            changed_at: 5,
        }
    }

    fn profile(n: u128) -> Profile {
        Profile {
            member_id: MemberId(Uuid::from_u128(n)),
            dream: "A city that teaches".into(),
            passions: vec!["outdoor learning".into()],
            ambitions: String::new(),
            strengths: String::new(),
            offers: vec![],
            looking_for: vec![],
            organisation: None,
            updated_at: 1,
        }
    }

    #[test]
    fn the_home_counts_profiles_once_and_forgets_those_who_left() {
        let mut s = snapshot();
        let saved = |seq, n| Event {
            seq,
            at: 0,
            change: EventKind::ProfileSaved {
                profile: Deferred::new(&profile(n)),
                by: MemberId(Uuid::from_u128(n)),
            },
        };
        s.apply(&joined(2, 5));
        s.apply(&saved(3, 5));
        s.apply(&saved(4, 5));
        assert_eq!(s.profiled, [MemberId(Uuid::from_u128(5))]);
        s.apply(&Event {
            seq: 5,
            at: 0,
            change: EventKind::MemberLeft {
                member_id: MemberId(Uuid::from_u128(5)),
            },
        });
        assert!(s.profiled.is_empty());
    }

    fn at(seq: u64, at: UnixMillis, change: EventKind) -> Event {
        Event { seq, at, change }
    }

    fn joined(seq: u64, n: u128) -> Event {
        Event {
            seq,
            at: 0,
            change: EventKind::MemberJoined {
                member: Member {
                    id: MemberId(Uuid::from_u128(n)),
                    display_name: format!("m{n}"),
                    sector: Some(Sector::Business),
                    role: Role::Participant,
                    joined_at: 0,
                },
            },
        }
    }

    #[test]
    fn events_apply_once_even_when_replayed() {
        let mut s = snapshot();
        assert!(s.apply(&joined(2, 1)));
        assert!(!s.apply(&joined(2, 1)));
        assert!(!s.apply(&joined(1, 9)), "older than the snapshot");
        assert_eq!(s.members.len(), 1);
        assert_eq!(s.last_seq, 2);
    }

    #[test]
    fn stage_and_details_follow_events() {
        let mut s = snapshot();
        s.apply(&Event {
            seq: 2,
            at: 0,
            change: EventKind::StageChanged {
                stage: Stage::DesigningModel,
                by: MemberId(Uuid::nil()),
            },
        });
        s.apply(&Event {
            seq: 3,
            at: 0,
            change: EventKind::ExpeditionUpdated {
                title: "New".into(),
                city: "Netanya".into(),
                challenge: "Q2".into(),
                by: MemberId(Uuid::nil()),
            },
        });
        assert_eq!(s.stage, Stage::DesigningModel);
        assert_eq!((s.title.as_str(), s.city.as_str()), ("New", "Netanya"));
    }

    #[test]
    fn member_left_removes_them() {
        let mut s = snapshot();
        s.apply(&joined(2, 5));
        s.apply(&Event {
            seq: 3,
            at: 0,
            change: EventKind::MemberLeft {
                member_id: MemberId(Uuid::from_u128(5)),
            },
        });
        assert!(s.members.is_empty());
    }

    #[test]
    fn presence_lists_each_member_once_in_order() {
        let canvas = CanvasId(Uuid::from_u128(7));
        let (a, b) = (MemberId(Uuid::from_u128(1)), MemberId(Uuid::from_u128(2)));
        let p = PresenceEvent::new(canvas, [b, a, b]);
        assert_eq!(p.members, [a, b]);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["canvas_id"], canvas.to_string());
        assert_eq!(v["members"][0], a.to_string());
        assert_eq!(serde_json::from_value::<PresenceEvent>(v).unwrap(), p);
        assert!(
            serde_json::to_value(&p).unwrap().get("editing").is_none(),
            "nobody typing: the field is left out"
        );
    }

    #[test]
    fn presence_names_who_types_where_among_those_present() {
        let canvas = CanvasId(Uuid::from_u128(7));
        let (a, b, gone) = (
            MemberId(Uuid::from_u128(1)),
            MemberId(Uuid::from_u128(2)),
            MemberId(Uuid::from_u128(3)),
        );
        let (s1, s2) = (StickyId(Uuid::from_u128(8)), StickyId(Uuid::from_u128(9)));
        let p = PresenceEvent::new(canvas, [a, b]).with_editing([
            (b, s1),
            (gone, s1),
            (a, s1),
            (b, s2),
        ]);
        assert_eq!(
            p.editing,
            [
                Editing {
                    member_id: a,
                    sticky_id: s1
                },
                Editing {
                    member_id: b,
                    sticky_id: s1
                },
            ],
            "one sticky per member, only members present"
        );
        assert_eq!(p.typing_in(s1, a).collect::<Vec<_>>(), [b]);
        assert_eq!(p.typing_in(s2, a).count(), 0);
        let v = serde_json::to_value(&p).unwrap();
        assert_eq!(v["editing"][1]["member_id"], b.to_string());
        assert_eq!(serde_json::from_value::<PresenceEvent>(v).unwrap(), p);
    }

    #[test]
    fn event_json_is_tagged_by_type() {
        let e = joined(4, 1);
        let v = serde_json::to_value(&e).unwrap();
        assert_eq!(v["seq"], 4);
        assert_eq!(v["change"]["type"], "member_joined");
        assert_eq!(v["change"]["member"]["sector"], "business");
        assert_eq!(serde_json::from_value::<Event>(v).unwrap(), e);
    }

    #[test]
    fn every_kind_of_event_reads_back_as_written_and_broken_ones_do_not() {
        let by = MemberId(Uuid::from_u128(7));
        let kinds = [
            joined(1, 1).change,
            EventKind::MemberLeft { member_id: by },
            EventKind::StageChanged {
                stage: Stage::LearningExpedition,
                by,
            },
            EventKind::ExpeditionUpdated {
                title: "T".into(),
                city: "C".into(),
                challenge: "Q".into(),
                by,
            },
            EventKind::CanvasCreated {
                canvas: summary(3, "Model"),
            },
            EventKind::CanvasRenamed {
                canvas_id: CanvasId(Uuid::from_u128(3)),
                title: "Model, take 2".into(),
                by,
            },
            EventKind::CanvasArchived {
                canvas_id: CanvasId(Uuid::from_u128(3)),
                by,
            },
            EventKind::CanvasUnarchived {
                canvas_id: CanvasId(Uuid::from_u128(3)),
                by,
            },
            EventKind::CanvasDeleted {
                canvas_id: CanvasId(Uuid::from_u128(3)),
                by,
            },
            EventKind::ProfileSaved {
                profile: Deferred::new(&profile(7)),
                by,
            },
            EventKind::LearningHidden {
                learning_id: LearningId(Uuid::from_u128(4)),
                by,
            },
            EventKind::LearningDeleted {
                learning_id: LearningId(Uuid::from_u128(4)),
                by,
            },
        ];
        for kind in kinds {
            let json = serde_json::to_value(&kind).unwrap();
            assert!(json["type"].is_string(), "{json}");
            // As text: a deferred payload is kept as the text it arrived as.
            let text = serde_json::to_string(&kind).unwrap();
            assert_eq!(serde_json::from_str::<EventKind>(&text).unwrap(), kind);
        }
        for broken in [
            r#"{"type":"stage_changed","stage":"designing_model"}"#,
            r#"{"type":"member_left"}"#,
            r#"{"type":"moon_landed"}"#,
            r#"{"type":"canvas_renamed","canvas_id":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab","by":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab"}"#,
            r#"{"type":"canvas_deleted","by":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab"}"#,
            r#"{"type":"canvas_archived","canvas_id":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab"}"#,
            r#"{"member_id":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab"}"#,
            r#"{"type":"learning_saved","by":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab"}"#,
            r#"{"type":"learning_hidden","by":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab"}"#,
        ] {
            assert!(
                serde_json::from_str::<EventKind>(broken).is_err(),
                "{broken}"
            );
        }
    }

    #[test]
    fn a_canvas_summary_written_before_archiving_existed_still_reads() {
        let old = r#"{"id":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab","title":"Model","template":"blank","created_by":"0190c7d2-9b1a-7e4e-8a8a-0123456789ab","created_at":5}"#;
        let c: CanvasSummary = serde_json::from_str(old).unwrap();
        assert_eq!((c.archived_at, c.sticky_count, c.changed_at), (None, 0, 0));
        assert!(!serde_json::to_string(&c).unwrap().contains("archived_at"));
    }

    #[test]
    fn the_canvas_list_follows_renames_archiving_and_deletions_once() {
        let by = MemberId(Uuid::from_u128(7));
        let (a, b) = (CanvasId(Uuid::from_u128(1)), CanvasId(Uuid::from_u128(2)));
        let mut list = CanvasListing {
            canvases: vec![summary(1, "A")],
            last_seq: 3,
        };
        assert!(list.apply(&at(
            4,
            40,
            EventKind::CanvasCreated {
                canvas: summary(2, "B")
            }
        )));
        assert!(
            !list.apply(&at(
                4,
                40,
                EventKind::CanvasCreated {
                    canvas: summary(2, "B")
                }
            )),
            "replayed"
        );
        let renamed = at(
            5,
            50,
            EventKind::CanvasRenamed {
                canvas_id: a,
                title: "A2".into(),
                by,
            },
        );
        assert!(list.apply(&renamed));
        assert_eq!(
            (list.canvases[0].title.as_str(), list.canvases[0].changed_at),
            ("A2", 50)
        );
        assert!(list.apply(&at(6, 60, EventKind::CanvasArchived { canvas_id: b, by })));
        assert_eq!(list.canvases[1].archived_at, Some(60));
        assert!(list.apply(&at(7, 70, EventKind::CanvasUnarchived { canvas_id: b, by })));
        assert!(!list.canvases[1].is_archived());
        assert!(list.apply(&at(8, 80, EventKind::CanvasDeleted { canvas_id: a, by })));
        assert_eq!(list.canvases.len(), 1);
        assert!(
            !list.apply(&at(
                9,
                90,
                EventKind::CanvasRenamed {
                    canvas_id: a,
                    title: "gone".into(),
                    by
                }
            )),
            "a deleted canvas stays deleted"
        );
        assert!(!list.apply(&joined(10, 3)), "not about canvases");
        assert_eq!(list.last_seq, 10);
    }

    #[test]
    fn op_batches_mark_their_canvas_changed_and_a_newer_listing_replaces_the_list() {
        let mut list = CanvasListing {
            canvases: vec![summary(1, "A")],
            last_seq: 3,
        };
        let a = CanvasId(Uuid::from_u128(1));
        assert!(list.touch(a, 4, 99));
        assert!(!list.touch(a, 4, 120), "seen already");
        assert_eq!(list.canvases[0].changed_at, 99);
        let older = CanvasListing {
            canvases: vec![],
            last_seq: 3,
        };
        assert!(!list.replace_with(older));
        let mut fresh = summary(1, "A");
        fresh.sticky_count = 4;
        assert!(list.replace_with(CanvasListing {
            canvases: vec![fresh],
            last_seq: 4
        }));
        assert_eq!(list.canvases[0].sticky_count, 4);
    }
}
