//! Browser tests of the canvas outbox in IndexedDB, run in headless Chromium by
//! wasm-bindgen-test (`cargo xtask test`). Each test works on canvases of its own, so they
//! do not see each other's records in the shared database.
#![cfg(target_arch = "wasm32")]

use hevruta::tools::canvas::outbox::{self, Draft};
use hevruta_model::canvas::{CanvasId, Op, OpId, OpKind, StickyColor, StickyId};
use uuid::Uuid;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A canvas id no other test (or earlier run in the same profile) has used.
fn fresh_canvas() -> CanvasId {
    let random = (js_sys::Math::random() * 2f64.powi(53)) as u64;
    CanvasId(Uuid::from_u64_pair(js_sys::Date::now() as u64, random))
}

/// Op `n` of `canvas` (ids are global keys, like the UUIDv7s the app makes). The tests
/// number ops out of order, so a store that returned records by key would fail them.
fn op(canvas: CanvasId, n: u64, text: &str) -> Op {
    Op {
        id: op_id(canvas, n),
        sticky: StickyId(Uuid::from_u128(1)),
        kind: OpKind::Create {
            section: Some("dreams".into()),
            text: text.into(),
            color: StickyColor::Green,
            x: 10.5,
            y: -20.0,
        },
    }
}

fn op_id(canvas: CanvasId, n: u64) -> OpId {
    OpId(Uuid::from_u64_pair(canvas.0.as_u64_pair().1, n))
}

fn texts(ops: &[Op]) -> Vec<&str> {
    ops.iter()
        .map(|op| match &op.kind {
            OpKind::Create { text, .. } => text.as_str(),
            _ => "?",
        })
        .collect()
}

#[wasm_bindgen_test]
async fn loaded_ops_come_back_whole_in_the_order_they_were_put() {
    let canvas = fresh_canvas();
    let first = [
        op(canvas, 30, "a"),
        op(canvas, 10, "b"),
        op(canvas, 20, "c"),
    ];
    outbox::put(canvas, &first).await.unwrap();
    outbox::put(canvas, &[op(canvas, 5, "d")]).await.unwrap();

    let loaded = outbox::load(canvas).await.unwrap();

    assert_eq!(texts(&loaded), ["a", "b", "c", "d"]);
    assert_eq!(loaded[0], first[0]);
}

#[wasm_bindgen_test]
async fn putting_a_queued_op_again_keeps_its_place() {
    let canvas = fresh_canvas();
    outbox::put(canvas, &[op(canvas, 1, "a"), op(canvas, 2, "b")])
        .await
        .unwrap();

    outbox::put(canvas, &[op(canvas, 1, "a"), op(canvas, 3, "c")])
        .await
        .unwrap();

    let loaded = outbox::load(canvas).await.unwrap();
    assert_eq!(texts(&loaded), ["a", "b", "c"]);
}

#[wasm_bindgen_test]
async fn removed_ops_are_gone_and_the_rest_stay_in_order() {
    let canvas = fresh_canvas();
    let ops = [
        op(canvas, 1, "a"),
        op(canvas, 2, "b"),
        op(canvas, 3, "c"),
        op(canvas, 4, "d"),
    ];
    outbox::put(canvas, &ops).await.unwrap();

    outbox::remove(&[ops[0].id, ops[2].id, op_id(canvas, 99)])
        .await
        .unwrap();

    let loaded = outbox::load(canvas).await.unwrap();
    assert_eq!(texts(&loaded), ["b", "d"]);
}

#[wasm_bindgen_test]
async fn canvases_do_not_see_each_others_ops() {
    let (one, two) = (fresh_canvas(), fresh_canvas());
    outbox::put(one, &[op(one, 1, "one")]).await.unwrap();
    outbox::put(two, &[op(two, 1, "two")]).await.unwrap();

    assert_eq!(texts(&outbox::load(one).await.unwrap()), ["one"]);
    assert_eq!(texts(&outbox::load(two).await.unwrap()), ["two"]);
    assert!(outbox::load(fresh_canvas()).await.unwrap().is_empty());
}

#[wasm_bindgen_test]
async fn drafts_are_kept_per_canvas_oldest_first_until_removed() {
    let (canvas, other) = (fresh_canvas(), fresh_canvas());
    let draft = |id: &str, canvas: CanvasId, at: f64| Draft {
        id: format!("{canvas}-{id}"),
        canvas,
        text: format!("refused text {id}\nwith a second line"),
        at,
        reason: "too_long".into(),
    };
    let later = draft("later", canvas, 2000.0);
    let earlier = draft("earlier", canvas, 1000.0);
    outbox::add_draft(&later).await.unwrap();
    outbox::add_draft(&earlier).await.unwrap();
    outbox::add_draft(&draft("elsewhere", other, 0.0))
        .await
        .unwrap();

    assert_eq!(
        outbox::drafts(canvas).await.unwrap(),
        [earlier.clone(), later.clone()]
    );

    outbox::remove_draft(&earlier.id).await.unwrap();

    assert_eq!(outbox::drafts(canvas).await.unwrap(), [later]);
    assert_eq!(outbox::drafts(other).await.unwrap().len(), 1);
}
