use hevruta_model::canvas::{StickyColor, Template};
use uuid::Uuid;

use super::*;

fn member(n: u128) -> MemberId {
    MemberId(Uuid::from_u128(1000 + n))
}

fn sticky(n: u128) -> StickyId {
    StickyId(Uuid::from_u128(2000 + n))
}

/// Op ids from a counter, distinct per test.
struct Ids(u128);
impl Ids {
    fn next(&mut self) -> OpId {
        self.0 += 1;
        OpId(Uuid::from_u128(self.0))
    }
}

fn op(ids: &mut Ids, s: StickyId, kind: OpKind) -> Op {
    Op {
        id: ids.next(),
        sticky: s,
        kind,
    }
}

fn create(ids: &mut Ids, s: StickyId, text: &str) -> Op {
    op(
        ids,
        s,
        OpKind::Create {
            section: Some("dreams".into()),
            text: text.into(),
            color: StickyColor::Yellow,
            x: 10.0,
            y: 20.0,
        },
    )
}

/// A tiny server: stamps batches in arrival order and keeps the log.
#[derive(Default)]
struct Server {
    seq: u64,
    board: Board,
    log: Vec<AppliedOp>,
    at: i64,
}

impl Server {
    fn receive(&mut self, author: MemberId, ops: &[Op]) -> Vec<AppliedOp> {
        self.seq += 1;
        self.at += 1000;
        let applied: Vec<AppliedOp> = ops
            .iter()
            .enumerate()
            .map(|(i, op)| AppliedOp {
                stamp: Stamp {
                    seq: self.seq,
                    idx: i as u32,
                },
                author,
                at: self.at,
                op: op.clone(),
                private: false,
            })
            .collect();
        for a in &applied {
            self.board.apply(a);
        }
        self.log.extend(applied.clone());
        applied
    }
}

fn text_of(state: &CanvasState, s: StickyId) -> Option<&str> {
    state.sticky(s).map(|s| s.text.value.as_str())
}

#[test]
fn local_edits_show_at_once_and_stay_pending_until_confirmed() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let me = member(1);
    let mut state = CanvasState::new(me, vec![]);
    let c = create(&mut ids, sticky(1), "hello");
    let touched = state.local(vec![c.clone()]);
    assert!(touched.contains(&sticky(1)));
    assert_eq!(text_of(&state, sticky(1)), Some("hello"));
    assert_eq!(state.pending().len(), 1);
    assert!(state.pending_stickies().contains(&sticky(1)));

    let applied = server.receive(me, &state.next_batch(100));
    state.server(&applied);
    assert!(state.pending().is_empty());
    assert_eq!(state.display(), &server.board);
    // The same batch again (our answer and the stream both carry it): no change.
    state.server(&applied);
    assert_eq!(state.display(), &server.board);
}

#[test]
fn pending_ops_are_rebased_onto_someone_elses_earlier_write() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let (me, other) = (member(1), member(2));
    let c = create(&mut ids, sticky(1), "start");
    let first = server.receive(other, std::slice::from_ref(&c));
    let mut state = CanvasState::new(me, vec![]);
    state.server(&first);

    // I move it (pending); meanwhile the other moves it and recolours it, and the
    // server receives theirs first.
    let mine = op(
        &mut ids,
        sticky(1),
        OpKind::Move {
            x: 100.0,
            y: 100.0,
            section: Some("dreams".into()),
        },
    );
    state.local(vec![mine.clone()]);
    let theirs = vec![
        op(
            &mut ids,
            sticky(1),
            OpKind::Move {
                x: -5.0,
                y: -5.0,
                section: None,
            },
        ),
        op(
            &mut ids,
            sticky(1),
            OpKind::SetColor {
                color: StickyColor::Blue,
            },
        ),
    ];
    let theirs_applied = server.receive(other, &theirs);
    state.server(&theirs_applied);
    // Their colour shows; my move still wins on screen because it is pending after theirs.
    let shown = state.sticky(sticky(1)).unwrap();
    assert_eq!(shown.color.value, StickyColor::Blue);
    assert_eq!(shown.position.value, (100.0, 100.0));

    let mine_applied = server.receive(me, &[mine]);
    state.server(&mine_applied);
    assert!(state.pending().is_empty());
    assert_eq!(state.display(), &server.board);
}

#[test]
fn undo_and_redo_revert_my_own_steps() {
    let mut ids = Ids(0);
    let me = member(1);
    let mut state = CanvasState::new(me, vec![]);
    state.local(vec![create(&mut ids, sticky(1), "first")]);
    state.local(vec![op(
        &mut ids,
        sticky(1),
        OpKind::SetText {
            text: "second".into(),
        },
    )]);
    state.local(vec![op(
        &mut ids,
        sticky(1),
        OpKind::Move {
            x: 50.0,
            y: 60.0,
            section: None,
        },
    )]);
    assert!(state.can_undo() && !state.can_redo());

    let (ops, _) = state.undo(|| ids.next()).unwrap();
    assert!(matches!(ops[0].kind, OpKind::Move { x, y, .. } if (x, y) == (10.0, 20.0)));
    assert_eq!(
        state.sticky(sticky(1)).unwrap().section.value.as_deref(),
        Some("dreams")
    );
    state.undo(|| ids.next()).unwrap();
    assert_eq!(text_of(&state, sticky(1)), Some("first"));
    state.undo(|| ids.next()).unwrap();
    assert_eq!(text_of(&state, sticky(1)), None, "undoing a create deletes");
    assert!(!state.can_undo());
    assert!(state.undo(|| ids.next()).is_none());

    state.redo(|| ids.next()).unwrap();
    assert_eq!(text_of(&state, sticky(1)), Some("first"), "redo restores");
    state.redo(|| ids.next()).unwrap();
    assert_eq!(text_of(&state, sticky(1)), Some("second"));
    // A new edit clears what could be redone.
    state.local(vec![op(
        &mut ids,
        sticky(1),
        OpKind::SetColor {
            color: StickyColor::Pink,
        },
    )]);
    assert!(!state.can_redo());
    // Every undo/redo made fresh op ids (a replayed id would be a no-op on the server).
    let unique: BTreeSet<OpId> = state.pending().iter().map(|o| o.id).collect();
    assert_eq!(unique.len(), state.pending().len());
}

#[test]
fn a_later_text_from_someone_else_reports_a_conflict_to_the_loser_only() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let (me, other) = (member(1), member(2));
    let mut mine_state = CanvasState::new(me, vec![]);
    let mut their_state = CanvasState::new(other, vec![]);
    let c = create(&mut ids, sticky(1), "");
    let a = server.receive(other, std::slice::from_ref(&c));
    mine_state.server(&a);
    their_state.server(&a);

    let my_text = op(
        &mut ids,
        sticky(1),
        OpKind::SetText {
            text: "mine".into(),
        },
    );
    let their_text = op(
        &mut ids,
        sticky(1),
        OpKind::SetText {
            text: "theirs".into(),
        },
    );
    mine_state.local(vec![my_text.clone()]);
    their_state.local(vec![their_text.clone()]);
    // Mine reaches the server first, theirs second: theirs wins, I lose.
    let m = server.receive(me, &[my_text]);
    let t = server.receive(other, &[their_text]);
    let c1 = mine_state.server(&m).conflicts;
    assert!(c1.is_empty());
    let c2 = mine_state.server(&t).conflicts;
    assert_eq!(
        c2,
        vec![TextConflict {
            sticky: sticky(1),
            mine: "mine".into(),
            theirs: "theirs".into(),
            by: other,
        }]
    );
    let c3 = their_state.server(&m).conflicts;
    let c4 = their_state.server(&t).conflicts;
    assert!(c3.is_empty() && c4.is_empty(), "the winner is not asked");
    assert_eq!(text_of(&mine_state, sticky(1)), Some("theirs"));
    assert_eq!(mine_state.display(), their_state.display());
}

#[test]
fn an_edit_long_after_mine_is_not_a_conflict() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let (me, other) = (member(1), member(2));
    let mut state = CanvasState::new(me, vec![]);
    let c = create(&mut ids, sticky(1), "mine");
    state.local(vec![c.clone()]);
    state.server(&server.receive(me, &[c]));
    server.at += CONFLICT_WINDOW_MS + 1;
    let later = op(
        &mut ids,
        sticky(1),
        OpKind::SetText {
            text: "improved".into(),
        },
    );
    let conflicts = state.server(&server.receive(other, &[later])).conflicts;
    assert!(conflicts.is_empty());
}

#[test]
fn no_conflict_while_a_newer_text_of_mine_is_pending() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let (me, other) = (member(1), member(2));
    let mut state = CanvasState::new(me, vec![]);
    let c = create(&mut ids, sticky(1), "A");
    state.local(vec![c.clone()]);
    state.server(&server.receive(me, &[c]));
    // I type "C" (pending) while Bob's "B" lands: mine is still to come and will win.
    state.local(vec![op(
        &mut ids,
        sticky(1),
        OpKind::SetText { text: "C".into() },
    )]);
    let theirs = op(&mut ids, sticky(1), OpKind::SetText { text: "B".into() });
    let result = state.server(&server.receive(other, &[theirs]));
    assert!(result.conflicts.is_empty());
    assert_eq!(state.text(sticky(1)), "C");
}

#[test]
fn confirmations_name_my_ops_whichever_way_they_come() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let me = member(1);
    let mut state = CanvasState::new(me, vec![]);
    let c = create(&mut ids, sticky(1), "x");
    state.local(vec![c.clone()]);
    let applied = server.receive(me, std::slice::from_ref(&c));
    // The stream delivers it first; the answer to the POST then confirms nothing new.
    assert_eq!(state.server(&applied).mine, vec![c.id]);
    assert!(state.server(&applied).mine.is_empty());
}

#[test]
fn ops_from_the_outbox_go_before_edits_made_since_the_page_opened() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), vec![]);
    let old = create(&mut ids, sticky(1), "typed offline yesterday");
    let newer = op(
        &mut ids,
        sticky(1),
        OpKind::SetText {
            text: "typed just now".into(),
        },
    );
    state.local(vec![newer.clone()]);
    state.restore_pending(vec![old.clone()]);
    assert_eq!(state.pending(), &[old, newer]);
    assert_eq!(state.text(sticky(1)), "typed just now");
}

#[test]
fn an_undo_with_nothing_left_to_revert_leaves_no_empty_redo() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    let (me, other) = (member(1), member(2));
    let mut state = CanvasState::new(me, vec![]);
    let c = create(&mut ids, sticky(1), "mine");
    state.local(vec![c.clone()]);
    state.server(&server.receive(me, &[c]));
    let gone = op(&mut ids, sticky(1), OpKind::Delete);
    state.server(&server.receive(other, &[gone]));
    // Undoing my create deletes an already deleted sticky: nothing to redo afterwards.
    state.undo(|| ids.next()).unwrap();
    assert!(!state.can_redo());
}

#[test]
fn refused_ops_leave_the_queue_and_the_screen() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), vec![]);
    let c = create(&mut ids, sticky(1), "lost?");
    state.local(vec![c.clone()]);
    let (dropped, touched) = state.refuse(&[c.id]);
    assert_eq!(dropped, vec![c]);
    assert!(touched.contains(&sticky(1)));
    assert!(state.pending().is_empty());
    assert!(state.sticky(sticky(1)).is_none());
}

#[test]
fn ops_restored_from_the_outbox_show_as_pending_once() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), vec![]);
    let c = create(&mut ids, sticky(1), "offline");
    state.restore_pending(vec![c.clone()]);
    state.restore_pending(vec![c]);
    assert_eq!(state.pending().len(), 1);
    assert_eq!(text_of(&state, sticky(1)), Some("offline"));
    assert!(!state.can_undo(), "restored ops are not this page's steps");
}

#[test]
fn snapshot_stickies_start_confirmed() {
    let mut ids = Ids(0);
    let mut server = Server::default();
    server.receive(member(2), &[create(&mut ids, sticky(1), "from before")]);
    let stickies: Vec<Sticky> = server.board.stickies.values().cloned().collect();
    let state = CanvasState::new(member(1), stickies);
    assert_eq!(text_of(&state, sticky(1)), Some("from before"));
    assert!(state.pending().is_empty());
    let _ = Template::CityEducationModel; // the snapshot's template is the view's business
}

#[cfg(not(target_arch = "wasm32"))]
mod convergence {
    use proptest::prelude::*;

    use super::*;

    fn arb_kind() -> impl Strategy<Value = OpKind> {
        prop_oneof![
            "[a-z]{0,6}".prop_map(|text| OpKind::SetText { text }),
            (0..4i32, 0..4i32).prop_map(|(x, y)| OpKind::Move {
                x: f64::from(x),
                y: f64::from(y),
                section: None
            }),
            Just(OpKind::SetColor {
                color: StickyColor::Green
            }),
            Just(OpKind::BringToFront),
            Just(OpKind::Delete),
            Just(OpKind::Restore),
        ]
    }

    /// A script: which client edits which sticky how, and when a client's queue is
    /// flushed to the server or the server's log reaches a client.
    #[derive(Debug, Clone)]
    enum Step {
        Edit(usize, u128, OpKind),
        Flush(usize),
        Deliver(usize),
        Undo(usize),
    }

    fn arb_step() -> impl Strategy<Value = Step> {
        prop_oneof![
            4 => (0..3usize, 0..3u128, arb_kind()).prop_map(|(c, s, k)| Step::Edit(c, s, k)),
            2 => (0..3usize).prop_map(Step::Flush),
            2 => (0..3usize).prop_map(Step::Deliver),
            1 => (0..3usize).prop_map(Step::Undo),
        ]
    }

    proptest! {
        /// Three clients edit optimistically while the server orders their batches.
        /// Whatever the interleaving, once every queue is flushed and every client has
        /// seen the whole log, all three show exactly the server's board.
        #[test]
        fn clients_converge_to_the_server(script in prop::collection::vec(arb_step(), 1..80)) {
            let mut ids = Ids(10_000);
            let mut server = Server::default();
            let members = [member(1), member(2), member(3)];
            // Everyone starts from the same three stickies.
            let seed: Vec<Op> = (0..3).map(|s| create(&mut ids, sticky(s), "seed")).collect();
            let seed = server.receive(members[0], &seed);
            let mut clients: Vec<CanvasState> = members.iter().map(|m| {
                let mut c = CanvasState::new(*m, vec![]);
                c.server(&seed);
                c
            }).collect();
            let mut delivered = vec![server.log.len(); 3];
            let run = |step: &Step, clients: &mut Vec<CanvasState>, server: &mut Server, delivered: &mut Vec<usize>, ids: &mut Ids| match step {
                Step::Edit(c, s, kind) => {
                    let o = op(ids, sticky(*s), kind.clone());
                    clients[*c].local(vec![o]);
                }
                Step::Undo(c) => {
                    let _ = clients[*c].undo(|| ids.next());
                }
                Step::Flush(c) => {
                    let batch = clients[*c].next_batch(usize::MAX);
                    if !batch.is_empty() {
                        let applied = server.receive(members[*c], &batch);
                        // The answer to the POST confirms our own ops first.
                        clients[*c].server(&applied);
                    }
                }
                Step::Deliver(c) => {
                    let new = server.log[delivered[*c]..].to_vec();
                    delivered[*c] = server.log.len();
                    clients[*c].server(&new);
                }
            };
            for step in &script {
                run(step, &mut clients, &mut server, &mut delivered, &mut ids);
            }
            for c in 0..3 {
                run(&Step::Flush(c), &mut clients, &mut server, &mut delivered, &mut ids);
            }
            for c in 0..3 {
                run(&Step::Deliver(c), &mut clients, &mut server, &mut delivered, &mut ids);
                prop_assert!(clients[c].pending().is_empty());
                prop_assert_eq!(clients[c].display(), &server.board);
            }
        }
    }
}

#[test]
fn a_new_sticky_left_empty_is_never_sent_and_leaves_no_undo_step() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), Vec::new());
    let (kept, empty) = (sticky(1), sticky(2));
    state.local(vec![create(&mut ids, kept, "kept")]);
    state.local(vec![create(&mut ids, empty, "")]);
    state.hold(empty);
    // Shown here, but not due: only the other sticky's op goes out.
    assert!(state.sticky(empty).is_some());
    assert_eq!(state.next_batch(10).len(), 1);
    assert_eq!(state.waiting(), 1);
    let touched = state.withdraw(empty);
    assert!(touched.contains(&empty));
    assert!(state.sticky(empty).is_none());
    assert_eq!(state.pending().len(), 1);
    // Undo now reverts the kept sticky's creation, not the withdrawn one.
    let (undo_ops, _) = state.undo(|| ids.next()).unwrap();
    assert!(undo_ops.iter().all(|op| op.sticky == kept));
    assert!(!state.can_undo());
}

#[test]
fn a_held_sticky_that_gets_text_is_released_with_its_create_first() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), Vec::new());
    let s = sticky(1);
    state.local(vec![create(&mut ids, s, "")]);
    state.hold(s);
    assert!(state.next_batch(10).is_empty());
    let due = state.release(s);
    assert!(matches!(
        due.as_slice(),
        [Op {
            kind: OpKind::Create { .. },
            ..
        }]
    ));
    state.local(vec![op(&mut ids, s, OpKind::SetText { text: "hi".into() })]);
    let batch = state.next_batch(10);
    assert!(matches!(batch[0].kind, OpKind::Create { .. }));
    assert!(matches!(batch[1].kind, OpKind::SetText { .. }));
    assert_eq!(state.held(), None);
    // Withdrawing a sticky that is not held does nothing.
    assert!(state.withdraw(s).is_empty());
    assert_eq!(state.pending().len(), 2);
}

#[test]
fn text_typed_live_is_one_undo_step_back_to_the_text_before() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), Vec::new());
    let s = sticky(1);
    state.local(vec![create(&mut ids, s, "Parks")]);
    state.end_typing();
    for text in ["Parks ", "Parks a", "Parks as", "Parks as classrooms"] {
        let id = ids.next();
        state.typed(s, text.into(), id);
    }
    assert_eq!(text_of(&state, s), Some("Parks as classrooms"));
    assert_eq!(state.pending().len(), 5, "every throttled text goes out");
    state.end_typing();
    let (ops, _) = state.undo(|| ids.next()).unwrap();
    assert_eq!(
        text_of(&state, s),
        Some("Parks"),
        "one step for the whole run"
    );
    assert_eq!(ops.len(), 1);
    state.redo(|| ids.next()).unwrap();
    assert_eq!(text_of(&state, s), Some("Parks as classrooms"));

    // A second run after the editor closed is a step of its own, and so is a run that
    // another edit interrupted.
    state.typed(s, "Parks!".into(), ids.next());
    state.end_typing();
    state.typed(s, "Parks!!".into(), ids.next());
    state.local(vec![op(
        &mut ids,
        s,
        OpKind::SetColor {
            color: StickyColor::Pink,
        },
    )]);
    state.typed(s, "Parks!!!".into(), ids.next());
    for expected in ["Parks!!", "Parks!!", "Parks!", "Parks as classrooms"] {
        state.undo(|| ids.next()).unwrap();
        assert_eq!(text_of(&state, s), Some(expected));
    }
}

#[test]
fn a_sticky_forgotten_leaves_undo_and_redo() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), Vec::new());
    let (kept, gone) = (sticky(1), sticky(2));
    state.local(vec![create(&mut ids, kept, "kept")]);
    state.local(vec![create(&mut ids, gone, "")]);
    state.typed(gone, "x".into(), ids.next());
    state.typed(gone, String::new(), ids.next());
    state.local(vec![op(&mut ids, gone, OpKind::Delete)]);
    state.forget(gone);
    let (ops, _) = state.undo(|| ids.next()).unwrap();
    assert!(ops.iter().all(|op| op.sticky == kept));
    assert!(!state.can_undo());
}

#[test]
fn a_new_stickys_first_text_is_part_of_making_it() {
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), Vec::new());
    let s = sticky(1);
    state.local(vec![create(&mut ids, s, "")]);
    state.typed(s, "Sha".into(), ids.next());
    state.typed(s, "Shared".into(), ids.next());
    state.end_typing();
    assert_eq!(
        state.revert_typing(s, || ids.next()),
        None,
        "nothing to put back once the editor closed"
    );
    // A later edit is a step of its own; Escape puts its text back and leaves no step.
    state.typed(s, "Shared gardens".into(), ids.next());
    let (ops, _) = state.revert_typing(s, || ids.next()).unwrap();
    assert!(matches!(&ops[..], [Op { kind: OpKind::SetText { text }, .. }] if text == "Shared"));
    assert_eq!(text_of(&state, s), Some("Shared"));
    state.undo(|| ids.next()).unwrap();
    assert_eq!(
        text_of(&state, s),
        None,
        "one undo takes the sticky and its text away"
    );
    assert!(!state.can_undo());
    state.redo(|| ids.next()).unwrap();
    assert_eq!(text_of(&state, s), Some("Shared"));
}

#[test]
fn undoing_a_citation_puts_back_the_one_before_and_redo_the_new_one() {
    use hevruta_model::canvas::Citation;
    let mut ids = Ids(0);
    let mut state = CanvasState::new(member(1), vec![]);
    let (learning, card) = (
        Citation::Learning(Uuid::from_u128(7)),
        Citation::Card(Uuid::from_u128(8)),
    );
    let cite = |ids: &mut Ids, c| op(ids, sticky(1), OpKind::SetCitation { citation: c });
    let made = create(&mut ids, sticky(1), "pilot");
    state.local(vec![made]);
    state.local(vec![cite(&mut ids, Some(learning))]);
    state.local(vec![cite(&mut ids, Some(card))]);
    let cited = |s: &CanvasState| s.sticky(sticky(1)).unwrap().citation.value;
    assert_eq!(cited(&state), Some(card));
    state.undo(|| ids.next()).unwrap();
    assert_eq!(cited(&state), Some(learning));
    state.undo(|| ids.next()).unwrap();
    assert_eq!(cited(&state), None, "the sticky cited nothing before");
    state.redo(|| ids.next()).unwrap();
    assert_eq!(cited(&state), Some(learning));
}
