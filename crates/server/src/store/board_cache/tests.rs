use std::sync::Arc;

use hevruta_model::canvas::{
    AppliedOp, Board, CanvasId, Op, OpId, OpKind, Stamp, StickyColor, StickyId, Template,
};
use hevruta_model::{DisplayName, ExpeditionId, Member, MemberId, Role, Sector, Title, ValidJoin};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use super::{BoardCache, Folded};
use crate::store::{Store, StoreError};

/// The fold without the cache: every op `reader` may see, in stamp order (what
/// `Store::board` did before it kept folds).
async fn full_fold(store: &Store, canvas: CanvasId, reader: Option<MemberId>) -> Board {
    let rows: Vec<(i64, i64, String, i64, String, bool)> = sqlx::query_as(
        "SELECT seq, idx, author, at, op, private_to IS NOT NULL FROM canvas_ops
         WHERE canvas_id = ?1 AND (private_to IS NULL OR private_to = ?2) ORDER BY seq, idx",
    )
    .bind(canvas.to_string())
    .bind(reader.map(|r| r.to_string()))
    .fetch_all(&store.pool)
    .await
    .unwrap();
    let mut board = Board::default();
    for (seq, idx, author, at, op, private) in rows {
        board.apply(&AppliedOp {
            stamp: Stamp {
                seq: seq as u64,
                idx: idx as u32,
            },
            author: author.parse().unwrap(),
            at,
            op: serde_json::from_str(&op).unwrap(),
            private,
        });
    }
    board
}

/// Two stores on one file (two server processes), an expedition with a facilitator and
/// three participants, and a canvas; keep the dir alive.
struct Lab {
    stores: [Store; 2],
    expedition: ExpeditionId,
    members: Vec<Member>,
    canvas: CanvasId,
    _dir: tempfile::TempDir,
}

async fn lab() -> Lab {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.sqlite3");
    let one = Store::open(&path).await.unwrap();
    let two = Store::open(&path).await.unwrap();
    let code = crate::auth::new_join_code();
    let new = hevruta_model::CreateExpedition {
        title: "t".into(),
        city: "c".into(),
        challenge: "q".into(),
        display_name: "f".into(),
        sector: Sector::Public,
    }
    .validate()
    .unwrap();
    let created = one.create_expedition(&new, &code, "hash").await.unwrap();
    let mut members = vec![created.facilitator.clone()];
    for i in 0..3 {
        let join = ValidJoin {
            code: code.clone(),
            display_name: DisplayName::parse(&format!("p{i}")).unwrap(),
            sector: Some(Sector::Business),
            role: Role::Participant,
        };
        let (_, member, _) = one.join(&join, &format!("hash{i}")).await.unwrap().unwrap();
        members.push(member);
    }
    let (canvas, _) = one
        .create_canvas(
            created.id,
            &Title::parse("c").unwrap(),
            Template::Blank,
            created.facilitator.id,
        )
        .await
        .unwrap();
    Lab {
        stores: [one, two],
        expedition: created.id,
        members,
        canvas: canvas.id,
        _dir: dir,
    }
}

fn op(sticky: StickyId, kind: OpKind) -> Op {
    Op {
        id: OpId(Uuid::now_v7()),
        sticky,
        kind,
    }
}

fn create(text: &str) -> Op {
    op(
        StickyId(Uuid::now_v7()),
        OpKind::Create {
            section: None,
            text: text.into(),
            color: StickyColor::Yellow,
            x: 1.0,
            y: 2.0,
        },
    )
}

impl Lab {
    /// Reads through `store` as `reader` and checks it against the full fold.
    async fn read_checked(&self, store: usize, reader: Option<MemberId>) -> Board {
        let store = &self.stores[store];
        let (board, private_writing, last_seq) = store
            .board(self.expedition, self.canvas, reader)
            .await
            .unwrap();
        let want = full_fold(store, self.canvas, reader).await;
        assert_eq!(board, want, "as {reader:?}");
        // Equal as sent, too (the delete bookkeeping is not compared above).
        assert_eq!(
            serde_json::to_value(&board).unwrap(),
            serde_json::to_value(&want).unwrap()
        );
        assert_eq!(last_seq, store.last_seq(self.expedition).await.unwrap());
        assert_eq!(private_writing, store.canvas_private(self.canvas).await);
        board
    }
}

impl Store {
    async fn canvas_private(
        &self,
        canvas: CanvasId,
    ) -> Option<hevruta_model::facilitation::PrivateWriting> {
        let mut conn = self.pool.acquire().await.unwrap();
        crate::store::private_writing::state(&mut conn, canvas)
            .await
            .unwrap()
    }

    fn kept(&self, canvas: CanvasId) -> Option<Folded> {
        self.boards.get(canvas)
    }
}

#[tokio::test]
async fn reads_equal_the_full_fold_through_a_long_random_history() {
    let lab = lab().await;
    let mut rng = StdRng::seed_from_u64(14);
    let texts = ["a", "bb", "ccc", "", "שלום", "¿qué?"];
    let mut private_on = false;
    let (mut reads, mut reveals, mut applied) = (0, 0, 0);
    for step in 0..700 {
        let store = rng.random_range(0..2);
        let roll = rng.random_range(0..100);
        if roll < 55 {
            let author = &lab.members[rng.random_range(0..lab.members.len())];
            // What the author can see is what they can edit.
            let seen: Vec<StickyId> = full_fold(&lab.stores[store], lab.canvas, Some(author.id))
                .await
                .stickies
                .into_keys()
                .collect();
            let mut ops = Vec::new();
            for _ in 0..rng.random_range(1..=4) {
                if seen.is_empty() || rng.random_range(0..10) < 3 {
                    ops.push(create(texts[rng.random_range(0..texts.len())]));
                    continue;
                }
                let sticky = seen[rng.random_range(0..seen.len())];
                let kind = match rng.random_range(0..8) {
                    0 => OpKind::SetText {
                        text: format!("{step}"),
                    },
                    1 => OpKind::SetColor {
                        color: StickyColor::Blue,
                    },
                    2 => OpKind::Move {
                        x: step as f64,
                        y: -(step as f64),
                        section: None,
                    },
                    3 => OpKind::BringToFront,
                    4 | 5 => OpKind::Delete,
                    _ => OpKind::Restore,
                };
                ops.push(op(sticky, kind));
            }
            let outcome = lab.stores[store]
                .apply_ops(lab.expedition, lab.canvas, author, ops)
                .await
                .unwrap();
            applied += matches!(outcome, crate::store::OpsOutcome::Applied { .. }) as usize;
        } else if roll < 61 && !private_on {
            lab.stores[store]
                .start_private_writing(lab.expedition, lab.canvas, rng.random_bool(0.5))
                .await
                .unwrap();
            private_on = true;
        } else if roll < 66 && private_on {
            lab.stores[store]
                .reveal_private_writing(lab.expedition, lab.canvas)
                .await
                .unwrap();
            private_on = false;
            reveals += 1;
        } else {
            let reader = rng
                .random_bool(0.8)
                .then(|| lab.members[rng.random_range(0..lab.members.len())].id);
            lab.read_checked(store, reader).await;
            let kept = lab.stores[store]
                .kept(lab.canvas)
                .expect("the fold is kept");
            assert_eq!(
                kept.seq,
                lab.stores[store].last_seq(lab.expedition).await.unwrap()
            );
            reads += 1;
        }
    }
    assert!(
        reads > 150 && reveals > 5 && applied > 250,
        "{reads} reads, {reveals} reveals, {applied} batches"
    );
    for store in 0..2 {
        for m in &lab.members {
            lab.read_checked(store, Some(m.id)).await;
        }
    }
    // Gone: both stores read it empty, and this one keeps nothing of it.
    lab.stores[0]
        .delete_canvas(lab.expedition, lab.canvas, lab.members[0].id)
        .await
        .unwrap();
    for store in 0..2 {
        let board = lab.read_checked(store, Some(lab.members[1].id)).await;
        assert!(board.stickies.is_empty());
        assert!(lab.stores[store].kept(lab.canvas).is_none());
    }
}

#[tokio::test]
async fn a_read_with_nothing_new_reuses_the_kept_fold_and_one_after_an_edit_extends_it() {
    let lab = lab().await;
    let [one, _] = &lab.stores;
    let first = create("first");
    one.apply_ops(
        lab.expedition,
        lab.canvas,
        &lab.members[0],
        vec![first.clone()],
    )
    .await
    .unwrap();
    lab.read_checked(0, None).await;
    let kept = one.kept(lab.canvas).unwrap();
    lab.read_checked(0, Some(lab.members[1].id)).await;
    assert!(Arc::ptr_eq(
        &kept.board,
        &one.kept(lab.canvas).unwrap().board
    ));

    let second = create("second");
    one.apply_ops(
        lab.expedition,
        lab.canvas,
        &lab.members[1],
        vec![second.clone()],
    )
    .await
    .unwrap();
    let board = lab.read_checked(0, None).await;
    assert_eq!(board.stickies.len(), 2);
    let extended = one.kept(lab.canvas).unwrap();
    assert!(extended.seq > kept.seq);
    assert_eq!(
        kept.board.stickies.len(),
        1,
        "the kept fold is not changed in place"
    );
}

#[tokio::test]
async fn a_reveal_by_another_process_is_seen() {
    let lab = lab().await;
    let [one, _] = &lab.stores;
    let writer = &lab.members[1];
    one.start_private_writing(lab.expedition, lab.canvas, true)
        .await
        .unwrap();
    let secret = create("mine until the reveal");
    one.apply_ops(lab.expedition, lab.canvas, writer, vec![secret.clone()])
        .await
        .unwrap();
    // The second process keeps a fold without the private sticky, and the writer sees it.
    assert!(lab.read_checked(1, None).await.stickies.is_empty());
    let own = lab.read_checked(1, Some(writer.id)).await;
    assert!(own.stickies[&secret.sticky].private);

    one.reveal_private_writing(lab.expedition, lab.canvas)
        .await
        .unwrap();
    let board = lab.read_checked(1, None).await;
    let revealed = &board.stickies[&secret.sticky];
    assert!(!revealed.private);
    assert_eq!(revealed.author, None, "revealed anonymously");
    assert_eq!(lab.read_checked(1, Some(writer.id)).await, board);
}

#[tokio::test]
async fn another_processs_edits_are_seen() {
    let lab = lab().await;
    let [one, _] = &lab.stores;
    let sticky = create("a");
    one.apply_ops(
        lab.expedition,
        lab.canvas,
        &lab.members[0],
        vec![sticky.clone()],
    )
    .await
    .unwrap();
    lab.read_checked(1, None).await;
    one.apply_ops(
        lab.expedition,
        lab.canvas,
        &lab.members[0],
        vec![op(sticky.sticky, OpKind::SetText { text: "b".into() })],
    )
    .await
    .unwrap();
    let board = lab.read_checked(1, None).await;
    assert_eq!(board.stickies[&sticky.sticky].text.value, "b");
}

#[tokio::test]
async fn a_canvas_of_another_expedition_reads_empty() -> Result<(), StoreError> {
    let lab = lab().await;
    let [one, _] = &lab.stores;
    one.apply_ops(
        lab.expedition,
        lab.canvas,
        &lab.members[0],
        vec![create("a")],
    )
    .await?;
    let (board, private_writing, _) = one
        .board(ExpeditionId(Uuid::now_v7()), lab.canvas, None)
        .await?;
    assert!(board.stickies.is_empty() && private_writing.is_none());
    Ok(())
}

fn folded(stickies: usize, seq: u64) -> Folded {
    let mut board = Board::default();
    for i in 0..stickies {
        board.apply(&AppliedOp {
            stamp: Stamp { seq, idx: i as u32 },
            author: MemberId(Uuid::nil()),
            at: 0,
            op: create("x"),
            private: false,
        });
    }
    Folded {
        board: Arc::new(board),
        seq,
        private: 0,
    }
}

#[test]
fn the_least_recently_read_canvases_go_over_the_budget() {
    let cache = BoardCache::with_budget(5);
    let [a, b, c] = [(); 3].map(|_| CanvasId(Uuid::now_v7()));
    cache.put(a, folded(2, 1));
    cache.put(b, folded(2, 1));
    assert!(cache.get(a).is_some(), "a is now read more recently than b");
    cache.put(c, folded(2, 1));
    assert!(cache.get(b).is_none());
    assert!(cache.get(a).is_some() && cache.get(c).is_some());
    assert_eq!(cache.stickies(), 4);

    // Too big to keep, and what was kept of it goes.
    cache.put(a, folded(6, 2));
    assert!(cache.get(a).is_none());
    assert_eq!(cache.stickies(), 2);
}

#[test]
fn an_older_fold_does_not_replace_a_newer_one() {
    let cache = BoardCache::with_budget(10);
    let a = CanvasId(Uuid::now_v7());
    cache.put(a, folded(2, 7));
    cache.put(a, folded(1, 5));
    assert_eq!(cache.get(a).unwrap().seq, 7);
    cache.put(a, folded(3, 9));
    assert_eq!(cache.get(a).unwrap().seq, 9);
    assert_eq!(cache.stickies(), 3);
}
