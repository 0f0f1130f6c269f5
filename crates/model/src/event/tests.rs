use super::*;
use crate::canvas::StickyId;
use crate::{CanvasListing, ExpeditionId, ExpeditionSnapshot, Role, Sector};
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
fn a_role_change_reaches_the_member_and_reads_back() {
    let mut s = snapshot();
    s.apply(&joined(2, 5));
    let event = Event {
        seq: 3,
        at: 0,
        change: EventKind::MemberRoleChanged {
            member_id: MemberId(Uuid::from_u128(5)),
            role: crate::Role::Facilitator,
            by: MemberId(Uuid::from_u128(1)),
        },
    };
    let json = serde_json::to_string(&event).unwrap();
    assert!(json.contains(r#""type":"member_role_changed""#), "{json}");
    assert_eq!(serde_json::from_str::<Event>(&json).unwrap(), event);
    s.apply(&event);
    assert_eq!(s.members[0].role, crate::Role::Facilitator);
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
    let p =
        PresenceEvent::new(canvas, [a, b]).with_editing([(b, s1), (gone, s1), (a, s1), (b, s2)]);
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
