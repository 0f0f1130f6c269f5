use proptest::prelude::*;

use super::*;

fn sticky(n: u8) -> StickyId {
    StickyId(Uuid::from_u128(n as u128 + 1))
}

fn arb_section() -> impl Strategy<Value = Option<String>> {
    prop_oneof![
        Just(None),
        Just(Some("dreams".to_owned())),
        Just(Some("city_strengths".to_owned()))
    ]
}

fn arb_color() -> impl Strategy<Value = StickyColor> {
    prop_oneof![
        Just(StickyColor::Yellow),
        Just(StickyColor::Pink),
        Just(StickyColor::Blue)
    ]
}

fn arb_kind() -> impl Strategy<Value = OpKind> {
    prop_oneof![
        (
            0..3u8,
            arb_section(),
            arb_color(),
            -500.0..500.0f64,
            -500.0..500.0f64
        )
            .prop_map(|(t, section, color, x, y)| OpKind::Create {
                section,
                text: format!("idea {t}"),
                color,
                x,
                y
            }),
        "[a-z ]{0,12}".prop_map(|text| OpKind::SetText { text }),
        arb_color().prop_map(|color| OpKind::SetColor { color }),
        (-500.0..500.0f64, -500.0..500.0f64, arb_section())
            .prop_map(|(x, y, section)| OpKind::Move { x, y, section }),
        Just(OpKind::BringToFront),
        Just(OpKind::Delete),
        Just(OpKind::Restore),
    ]
}

/// Ops from three clients on four stickies, stamped in the order the server received them.
fn arb_log() -> impl Strategy<Value = Vec<AppliedOp>> {
    prop::collection::vec((0..3u8, 0..4u8, arb_kind()), 1..60).prop_map(|ops| {
        ops.into_iter()
            .enumerate()
            .map(|(i, (client, s, kind))| AppliedOp {
                stamp: Stamp {
                    seq: 1 + i as u64 / 3,
                    idx: (i % 3) as u32,
                },
                author: MemberId(Uuid::from_u128(100 + client as u128)),
                at: 0,
                op: Op {
                    id: OpId(Uuid::from_u128(1000 + i as u128)),
                    sticky: sticky(s),
                    kind,
                },
                private: false,
            })
            .collect()
    })
}

fn replay(ops: &[AppliedOp]) -> Board {
    let mut b = Board::default();
    for op in ops {
        b.apply(op);
    }
    b
}

proptest! {
    #[test]
    fn any_delivery_order_with_duplicates_converges_to_the_server_order(
        log in arb_log(),
        orders in prop::collection::vec(prop::collection::vec(any::<prop::sample::Index>(), 0..120), 3),
    ) {
        let server = replay(&log);
        for picks in orders {
            // Each replica receives every op at least once, plus random duplicates, shuffled.
            let mut delivery: Vec<AppliedOp> = log.clone();
            delivery.extend(picks.iter().map(|i| log[i.index(log.len())].clone()));
            let n = delivery.len();
            for (k, i) in picks.iter().enumerate() {
                delivery.swap(k % n, i.index(n));
            }
            prop_assert_eq!(&replay(&delivery), &server);
        }
    }

    #[test]
    fn applying_twice_changes_nothing(log in arb_log()) {
        let once = replay(&log);
        let mut twice = once.clone();
        for op in &log {
            twice.apply(op);
        }
        prop_assert_eq!(twice, once);
    }
}

fn applied(seq: u64, s: u8, kind: OpKind) -> AppliedOp {
    AppliedOp {
        stamp: Stamp { seq, idx: 0 },
        author: MemberId(Uuid::from_u128(1)),
        at: 0,
        op: Op {
            id: OpId(Uuid::from_u128(seq as u128)),
            sticky: sticky(s),
            kind,
        },
        private: false,
    }
}

#[test]
fn the_later_writer_wins_per_field() {
    let mut b = Board::default();
    b.apply(&applied(
        1,
        0,
        OpKind::Create {
            section: None,
            text: "a".into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    ));
    b.apply(&applied(
        3,
        0,
        OpKind::SetText {
            text: "later".into(),
        },
    ));
    b.apply(&applied(
        2,
        0,
        OpKind::SetText {
            text: "earlier".into(),
        },
    ));
    b.apply(&applied(
        2,
        0,
        OpKind::Move {
            x: 5.0,
            y: 6.0,
            section: None,
        },
    ));
    let s = &b.stickies[&sticky(0)];
    assert_eq!(s.text.value, "later");
    assert_eq!(
        s.position.value,
        (5.0, 6.0),
        "a move does not touch the text"
    );
}

#[test]
fn a_move_always_sets_the_section_and_none_leaves_every_section() {
    let mut b = Board::default();
    b.apply(&applied(
        1,
        0,
        OpKind::Create {
            section: Some("dreams".into()),
            text: "a".into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    ));
    b.apply(&applied(
        3,
        0,
        OpKind::Move {
            x: 9.0,
            y: 9.0,
            section: None,
        },
    ));
    // An older move arriving late loses on both fields.
    b.apply(&applied(
        2,
        0,
        OpKind::Move {
            x: 1.0,
            y: 1.0,
            section: Some("city_strengths".into()),
        },
    ));
    let s = &b.stickies[&sticky(0)];
    assert_eq!(s.section.value, None, "outside every section");
    assert_eq!(s.position.value, (9.0, 9.0));
    b.apply(&applied(
        4,
        0,
        OpKind::Move {
            x: 2.0,
            y: 2.0,
            section: Some("dreams".into()),
        },
    ));
    assert_eq!(
        b.stickies[&sticky(0)].section.value.as_deref(),
        Some("dreams")
    );
}

#[test]
fn deleted_stickies_hide_and_restore() {
    let mut b = Board::default();
    b.apply(&applied(
        1,
        0,
        OpKind::Create {
            section: None,
            text: "a".into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    ));
    b.apply(&applied(2, 0, OpKind::Delete));
    assert!(b.visible().is_empty());
    b.apply(&applied(3, 0, OpKind::Restore));
    assert_eq!(b.visible().len(), 1);
}

#[test]
fn a_deleted_sticky_names_who_deleted_it_whatever_the_order() {
    let by = |n: u128, seq: u64, kind: OpKind| AppliedOp {
        author: MemberId(Uuid::from_u128(n)),
        ..applied(seq, 0, kind)
    };
    let create = applied(
        1,
        0,
        OpKind::Create {
            section: None,
            text: "a".into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    );
    let (first, later) = (by(7, 2, OpKind::Delete), by(8, 3, OpKind::Delete));
    for order in [[&create, &first, &later], [&later, &create, &first]] {
        let mut b = Board::default();
        for op in order {
            b.apply(op);
        }
        let s = &b.stickies[&sticky(0)];
        assert_eq!(
            s.deleted_by,
            Some(MemberId(Uuid::from_u128(7))),
            "the first delete: deleting again changes nobody's rights"
        );
    }
    // Deleted, restored, deleted by someone else: the delete after the restore, in any order.
    let (restore, again) = (by(9, 4, OpKind::Restore), by(8, 5, OpKind::Delete));
    for order in [
        [&create, &first, &restore, &again],
        [&again, &first, &create, &restore],
        [&restore, &again, &create, &first],
    ] {
        let mut b = Board::default();
        for op in order {
            b.apply(op);
        }
        assert_eq!(
            b.stickies[&sticky(0)].deleted_by,
            Some(MemberId(Uuid::from_u128(8)))
        );
    }
    let mut b = Board::default();
    for op in [&create, &first, &by(9, 4, OpKind::Restore)] {
        b.apply(op);
    }
    assert_eq!(b.stickies[&sticky(0)].deleted_by, None, "restored");
}

#[test]
fn ops_before_their_create_wait_invisibly() {
    let mut b = Board::default();
    b.apply(&applied(
        5,
        0,
        OpKind::SetText {
            text: "edited".into(),
        },
    ));
    assert!(b.visible().is_empty());
    b.apply(&applied(
        4,
        0,
        OpKind::Create {
            section: None,
            text: "new".into(),
            color: StickyColor::Yellow,
            x: 0.0,
            y: 0.0,
        },
    ));
    assert_eq!(b.visible()[0].text.value, "edited");
}

#[test]
fn bring_to_front_orders_the_stack() {
    let mut b = Board::default();
    for s in 0..3 {
        b.apply(&applied(
            1 + s as u64,
            s,
            OpKind::Create {
                section: None,
                text: String::new(),
                color: StickyColor::Yellow,
                x: 0.0,
                y: 0.0,
            },
        ));
    }
    b.apply(&applied(9, 0, OpKind::BringToFront));
    let order: Vec<_> = b.visible().iter().map(|s| s.id).collect();
    assert_eq!(order, [sticky(1), sticky(2), sticky(0)]);
}

#[test]
fn validation_refuses_absurd_input() {
    let op = |kind| Op {
        id: OpId(Uuid::nil()),
        sticky: sticky(0),
        kind,
    };
    let t = Template::CityEducationModel;
    assert_eq!(
        op(OpKind::Move {
            x: f64::NAN,
            y: 0.0,
            section: None
        })
        .validate(t),
        Err(OpError::BadCoordinate)
    );
    assert_eq!(
        op(OpKind::Move {
            x: 1e12,
            y: 0.0,
            section: None
        })
        .validate(t),
        Err(OpError::BadCoordinate)
    );
    assert_eq!(
        op(OpKind::SetText {
            text: "x".repeat(MAX_STICKY_CHARS + 1)
        })
        .validate(t)
        .unwrap_err()
        .code(),
        "too_long"
    );
    assert_eq!(
        op(OpKind::Move {
            x: 0.0,
            y: 0.0,
            section: Some("nowhere".into())
        })
        .validate(t),
        Err(OpError::UnknownSection)
    );
    assert!(
        op(OpKind::Move {
            x: 0.0,
            y: 0.0,
            section: Some("dreams".into())
        })
        .validate(t)
        .is_ok()
    );
    assert!(
        op(OpKind::SetText {
            text: "line\nbreak".into()
        })
        .validate(t)
        .is_ok()
    );
}

#[test]
fn ops_have_a_flat_tagged_wire_form() {
    let op = Op {
        id: OpId(Uuid::nil()),
        sticky: sticky(0),
        kind: OpKind::Move {
            x: 1.5,
            y: 2.0,
            section: None,
        },
    };
    let v = serde_json::to_value(&op).unwrap();
    assert_eq!(v["type"], "move");
    assert_eq!(v["x"], 1.5);
    assert_eq!(serde_json::from_value::<Op>(v).unwrap(), op);
    assert!(serde_json::from_str::<Op>(r#"{"id":"00000000-0000-0000-0000-000000000000","sticky":"00000000-0000-0000-0000-000000000001","type":"explode"}"#).is_err());
}

#[test]
fn templates_have_their_sections() {
    assert_eq!(Template::CityEducationModel.sections().len(), 9);
    assert_eq!(Template::ThreeCircles.sections().len(), 3);
    assert_eq!(Template::Blank.sections().len(), 1);
}

#[test]
fn a_reveal_ends_the_privacy_in_any_order_and_may_take_the_author() {
    let create = OpKind::Create {
        section: None,
        text: "mine".into(),
        color: StickyColor::Yellow,
        x: 0.0,
        y: 0.0,
    };
    let private = AppliedOp {
        private: true,
        ..applied(3, 0, create)
    };
    let revealed = AppliedOp {
        private: false,
        author: MemberId::ANONYMOUS,
        ..private.clone()
    };
    for order in [
        vec![&private, &revealed],
        vec![&revealed, &private],
        vec![&private, &revealed, &private],
    ] {
        let mut board = Board::default();
        for op in order {
            board.apply(op);
        }
        let s = &board.stickies[&sticky(0)];
        assert!(!s.private, "a late private copy does not hide it again");
        assert_eq!(s.author, None, "anonymous: nobody's");
    }
    let mut board = Board::default();
    board.apply(&private);
    assert!(board.stickies[&sticky(0)].private);
    assert_eq!(board.stickies[&sticky(0)].author, Some(private.author));
}
