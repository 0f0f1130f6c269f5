//! Canvases and sticky ops: idempotent replay, last writer per field, all-or-nothing
//! batches, roles and cross-canvas/expedition checks.

use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::{CanvasListing, CanvasSnapshot, CanvasSummary, OpBatchResult, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

async fn new_canvas(app: &TestApp, g: &SessionGrant, template: &str) -> CanvasSummary {
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", g.expedition_id),
            Some(&g.token),
            &json!({ "title": "Our city's model", "template": template }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn send_ops(
    app: &TestApp,
    g: &SessionGrant,
    canvas: &CanvasSummary,
    ops: &Value,
) -> Response {
    app.req(
        Method::POST,
        &format!(
            "/expeditions/{}/canvases/{}/ops",
            g.expedition_id, canvas.id
        ),
        Some(&g.token),
    )
    .json(&json!({ "ops": ops }))
    .send()
    .await
    .unwrap()
}

async fn board(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary) -> CanvasSnapshot {
    app.get(
        &format!("/expeditions/{}/canvases/{}", g.expedition_id, canvas.id),
        &g.token,
    )
    .await
    .json()
    .await
    .unwrap()
}

fn op(sticky: StickyId, kind: OpKind) -> Op {
    Op {
        id: OpId(Uuid::now_v7()),
        sticky,
        kind,
    }
}

fn create(sticky: StickyId, text: &str) -> Op {
    op(
        sticky,
        OpKind::Create {
            section: None,
            text: text.into(),
            color: StickyColor::Yellow,
            x: 10.0,
            y: 20.0,
        },
    )
}

#[tokio::test]
async fn a_canvas_starts_from_its_template() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let canvas = new_canvas(&app, &f, "city_education_model").await;
    let snap = board(&app, &f, &canvas).await;
    let keys: Vec<_> = snap.sections.iter().map(|s| s.key.as_str()).collect();
    assert_eq!(keys.len(), 9);
    assert_eq!(keys[0], "dreams");
    assert!(snap.stickies.is_empty());
    let list: CanvasListing = app
        .get(
            &format!("/expeditions/{}/canvases", f.expedition_id),
            &f.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.canvases, vec![canvas]);
    assert_eq!(list.last_seq, 2, "joined, then the canvas");

    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", f.expedition_id),
            Some(&f.token),
            &json!({ "title": "", "template": "three_circles" }),
        )
        .await;
    assert_problem(res, 422, "validation_failed").await;
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", f.expedition_id),
            Some(&f.token),
            &json!({ "title": "x", "template": "mind_map" }),
        )
        .await;
    assert_problem(res, 422, "invalid_body").await;
}

#[tokio::test]
async fn the_canvas_list_says_where_the_stream_continues() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let first = new_canvas(&app, &f, "blank").await;
    let sticky = StickyId(Uuid::now_v7());
    let ops = serde_json::to_value([create(sticky, "A history of op batches")]).unwrap();
    assert_eq!(send_ops(&app, &f, &first, &ops).await.status(), 200);

    let list: CanvasListing = app
        .get(
            &format!("/expeditions/{}/canvases", f.expedition_id),
            &f.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((list.canvases.len(), list.last_seq), (1, 3));
    let mut stream = app
        .stream(&f, &format!("&after={}", list.last_seq), None)
        .await;
    let second = new_canvas(&app, &f, "three_circles").await;
    let next = stream.next().await;
    assert_eq!(next.id, 4, "nothing the list already holds is replayed");
    assert_eq!(next.data["change"]["type"], "canvas_created");
    assert_eq!(next.data["change"]["canvas"]["id"], second.id.to_string());
}

#[tokio::test]
async fn ops_build_the_board_and_are_broadcast_with_stamps() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let canvas = new_canvas(&app, &f, "city_education_model").await;
    let mut stream = app.stream(&f, "&after=2", None).await;
    let s = StickyId(Uuid::now_v7());
    let ops = serde_json::to_value([
        create(s, "A school in every theatre"),
        op(
            s,
            OpKind::Move {
                x: 900.0,
                y: 50.0,
                section: Some("city_strengths".into()),
            },
        ),
        op(
            s,
            OpKind::SetColor {
                color: StickyColor::Blue,
            },
        ),
    ])
    .unwrap();
    let res = send_ops(&app, &f, &canvas, &ops).await;
    assert_eq!(res.status(), StatusCode::OK);
    let result: OpBatchResult = res.json().await.unwrap();
    let stamps: Vec<_> = result
        .applied
        .iter()
        .map(|a| (a.stamp.seq, a.stamp.idx))
        .collect();
    assert_eq!(stamps, [(3, 0), (3, 1), (3, 2)]);

    let event = stream.next().await;
    assert_eq!((event.id, event.event.as_str()), (3, "ops"));
    assert_eq!(
        event.data["canvas_id"],
        serde_json::to_value(canvas.id).unwrap()
    );
    assert_eq!(event.data["ops"].as_array().unwrap().len(), 3);

    let snap = board(&app, &f, &canvas).await;
    let sticky = &snap.stickies[0];
    assert_eq!(sticky.text.value, "A school in every theatre");
    assert_eq!(sticky.position.value, (900.0, 50.0));
    assert_eq!(sticky.section.value.as_deref(), Some("city_strengths"));
    assert_eq!(sticky.color.value, StickyColor::Blue);
    assert_eq!(snap.last_seq, 3);
}

#[tokio::test]
async fn a_retry_with_awkward_floats_is_still_a_replay() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let canvas = new_canvas(&app, &f, "blank").await;
    let s = StickyId(Uuid::now_v7());
    // Written by hand, as a non-Rust client would: digits that do not round-trip as typed.
    let body = format!(
        r#"[{{"id":"{}","sticky":"{s}","type":"create","text":"x","x":0.1000000000000000055511151231257827,"y":1e-7}}]"#,
        Uuid::now_v7()
    );
    let ops: Value = serde_json::from_str(&body).unwrap();
    let first = send_ops(&app, &f, &canvas, &ops).await;
    assert_eq!(first.status(), 200);
    let again = send_ops(&app, &f, &canvas, &ops).await;
    assert_eq!(again.status(), 200, "an exact retry is never a conflict");
}

#[tokio::test]
async fn a_replayed_batch_is_a_no_op_with_the_original_stamps() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let canvas = new_canvas(&app, &f, "blank").await;
    let s = StickyId(Uuid::now_v7());
    let ops = serde_json::to_value([create(s, "idea")]).unwrap();
    let first: OpBatchResult = send_ops(&app, &f, &canvas, &ops)
        .await
        .json()
        .await
        .unwrap();
    let again: OpBatchResult = send_ops(&app, &f, &canvas, &ops)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first, again);
    assert_eq!(
        board(&app, &f, &canvas).await.last_seq,
        first.applied[0].stamp.seq,
        "no new event"
    );

    // The same op id with a different body is refused and changes nothing.
    let mut changed = ops.clone();
    changed[0]["text"] = json!("something else");
    assert_problem(send_ops(&app, &f, &canvas, &changed).await, 409, "conflict").await;
    assert_eq!(
        board(&app, &f, &canvas).await.stickies[0].text.value,
        "idea"
    );
}

#[tokio::test]
async fn a_move_without_a_section_takes_the_sticky_out_of_every_section() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let canvas = new_canvas(&app, &f, "city_education_model").await;
    let s = StickyId(Uuid::now_v7());
    let into_dreams = op(
        s,
        OpKind::Move {
            x: 100.0,
            y: 100.0,
            section: Some("dreams".into()),
        },
    );
    let ops = serde_json::to_value([create(s, "idea"), into_dreams]).unwrap();
    assert_eq!(send_ops(&app, &f, &canvas, &ops).await.status(), 200);

    let out = serde_json::to_value([op(
        s,
        OpKind::Move {
            x: -400.0,
            y: -400.0,
            section: None,
        },
    )])
    .unwrap();
    assert_eq!(send_ops(&app, &f, &canvas, &out).await.status(), 200);
    let sticky = board(&app, &f, &canvas).await.stickies.remove(0);
    assert_eq!(sticky.section.value, None);
    assert_eq!(sticky.position.value, (-400.0, -400.0));
}

#[tokio::test]
async fn the_last_writer_wins_per_field() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Noa").await;
    let canvas = new_canvas(&app, &f, "blank").await;
    let s = StickyId(Uuid::now_v7());
    send_ops(
        &app,
        &f,
        &canvas,
        &serde_json::to_value([create(s, "first")]).unwrap(),
    )
    .await;

    let mine = serde_json::to_value([op(
        s,
        OpKind::SetText {
            text: "facilitator's text".into(),
        },
    )])
    .unwrap();
    let theirs = serde_json::to_value([
        op(
            s,
            OpKind::SetText {
                text: "Noa's text".into(),
            },
        ),
        op(
            s,
            OpKind::Move {
                x: 5.0,
                y: 5.0,
                section: None,
            },
        ),
    ])
    .unwrap();
    assert_eq!(send_ops(&app, &f, &canvas, &mine).await.status(), 200);
    assert_eq!(send_ops(&app, &p, &canvas, &theirs).await.status(), 200);
    let sticky = board(&app, &f, &canvas).await.stickies.remove(0);
    assert_eq!(sticky.text.value, "Noa's text", "the later write wins");
    assert_eq!(sticky.position.value, (5.0, 5.0));
    assert_eq!(sticky.author, Some(f.member.id));
}

#[tokio::test]
async fn bad_ops_refuse_the_whole_batch() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let canvas = new_canvas(&app, &f, "city_education_model").await;
    let s = StickyId(Uuid::now_v7());
    let good = serde_json::to_value(create(s, "ok")).unwrap();

    let cases = [
        (
            json!({"id": Uuid::now_v7(), "sticky": s, "type": "move", "x": 1e300, "y": 0}),
            "bad_coordinate",
            json!(1_000_000),
        ),
        (
            json!({"id": Uuid::now_v7(), "sticky": s, "type": "set_text", "text": "x".repeat(2001)}),
            "too_long",
            json!(2000),
        ),
        (
            json!({"id": Uuid::now_v7(), "sticky": s, "type": "move", "x": 0, "y": 0, "section": "moon"}),
            "unknown_section",
            Value::Null,
        ),
        (
            json!({"id": Uuid::now_v7(), "sticky": Uuid::now_v7(), "type": "set_text", "text": "who?"}),
            "unknown_sticky",
            Value::Null,
        ),
    ];
    for (bad, code, max) in cases {
        let res = send_ops(&app, &f, &canvas, &json!([good.clone(), bad])).await;
        let body = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(body["errors"][0]["field"], "ops[1]", "{code}");
        assert_eq!(body["errors"][0]["code"], code);
        assert_eq!(body["errors"][0]["max"], max, "{code}");
    }
    assert!(
        board(&app, &f, &canvas).await.stickies.is_empty(),
        "nothing of a refused batch applies"
    );

    let res = send_ops(
        &app,
        &f,
        &canvas,
        &json!([{"id": Uuid::now_v7(), "sticky": s, "type": "explode"}]),
    )
    .await;
    assert_problem(res, 422, "invalid_body").await;
    // 501 small ops fit in the 64 KiB body limit, so this reaches the batch rule.
    let too_many: Vec<Value> = (0..501)
        .map(|_| serde_json::to_value(op(s, OpKind::Delete)).unwrap())
        .collect();
    let res = send_ops(&app, &f, &canvas, &json!(too_many)).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "batch_size");
    assert_eq!(body["errors"][0]["max"], 500);
    assert_problem(
        send_ops(&app, &f, &canvas, &json!([])).await,
        422,
        "validation_failed",
    )
    .await;
}

#[tokio::test]
async fn stickies_stay_on_their_canvas_and_expedition() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let a = new_canvas(&app, &f, "blank").await;
    let b = new_canvas(&app, &f, "blank").await;
    let s = StickyId(Uuid::now_v7());
    send_ops(
        &app,
        &f,
        &a,
        &serde_json::to_value([create(s, "on a")]).unwrap(),
    )
    .await;
    let res = send_ops(
        &app,
        &f,
        &b,
        &serde_json::to_value([op(s, OpKind::Delete)]).unwrap(),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "foreign_sticky");

    let other = app.create("Other lab").await;
    // Another expedition's sticky looks like no sticky at all.
    let theirs = new_canvas(&app, &other, "blank").await;
    let res = send_ops(
        &app,
        &other,
        &theirs,
        &serde_json::to_value([op(s, OpKind::Delete)]).unwrap(),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "unknown_sticky");
    let res = send_ops(
        &app,
        &other,
        &theirs,
        &serde_json::to_value([create(s, "mine now")]).unwrap(),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "another expedition's sticky id is a fresh id here"
    );
    let res = send_ops(
        &app,
        &f,
        &a,
        &serde_json::to_value([create(s, "again")]).unwrap(),
    )
    .await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "sticky_exists");
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases/{}/ops", f.expedition_id, a.id),
            Some(&other.token),
            &json!({ "ops": [serde_json::to_value(op(s, OpKind::Delete)).unwrap()] }),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
    let res = app
        .get(
            &format!("/expeditions/{}/canvases/{}", other.expedition_id, a.id),
            &other.token,
        )
        .await;
    assert_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn viewers_read_but_cannot_write() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Noa").await;
    let viewer = app.join_viewer(&code).await;
    let canvas = new_canvas(&app, &p, "three_circles").await;
    let s = StickyId(Uuid::now_v7());
    let created = send_ops(
        &app,
        &p,
        &canvas,
        &serde_json::to_value([create(s, "mine")]).unwrap(),
    )
    .await;
    assert_eq!(created.status(), 200);

    let res = send_ops(
        &app,
        &viewer,
        &canvas,
        &serde_json::to_value([op(s, OpKind::Delete)]).unwrap(),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    assert_eq!(
        board(&app, &viewer, &canvas).await.stickies.len(),
        1,
        "viewers can read"
    );
}

/// A batch of one op on `s`, as JSON.
fn one(s: StickyId, kind: OpKind) -> Value {
    serde_json::to_value([op(s, kind)]).unwrap()
}

#[tokio::test]
async fn a_member_may_undo_their_own_delete() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let canvas = new_canvas(&app, &f, "blank").await;
    let s = StickyId(Uuid::now_v7());
    let ops = serde_json::to_value([create(s, "x")]).unwrap();
    assert_eq!(send_ops(&app, &f, &canvas, &ops).await.status(), 200);

    assert_eq!(
        send_ops(&app, &noa, &canvas, &one(s, OpKind::Delete))
            .await
            .status(),
        200
    );
    let res = send_ops(&app, &noa, &canvas, &one(s, OpKind::Restore)).await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap());
    assert!(!board(&app, &f, &canvas).await.stickies[0].deleted.value);
}

#[tokio::test]
async fn only_the_deleter_or_the_facilitator_may_restore() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let amir = app.join(&code, "Amir").await;
    let canvas = new_canvas(&app, &noa, "three_circles").await;
    let s = StickyId(Uuid::now_v7());
    let ops = serde_json::to_value([create(s, "Amir's")]).unwrap();
    assert_eq!(send_ops(&app, &amir, &canvas, &ops).await.status(), 200);
    assert_eq!(
        send_ops(&app, &noa, &canvas, &one(s, OpKind::Delete))
            .await
            .status(),
        200
    );

    // Not even the sticky's author may undo someone else's delete.
    let body = assert_problem(
        send_ops(&app, &amir, &canvas, &one(s, OpKind::Restore)).await,
        403,
        "forbidden",
    )
    .await;
    assert!(
        body["detail"].as_str().unwrap().contains("deleted"),
        "{body}"
    );
    assert!(
        board(&app, &f, &canvas).await.stickies[0].deleted.value,
        "nothing applied"
    );

    // Deleting it again does not make Amir its deleter: the restore stays Noa's.
    assert_eq!(
        send_ops(&app, &amir, &canvas, &one(s, OpKind::Delete))
            .await
            .status(),
        200
    );
    assert_problem(
        send_ops(&app, &amir, &canvas, &one(s, OpKind::Restore)).await,
        403,
        "forbidden",
    )
    .await;
    let both = serde_json::to_value([op(s, OpKind::Delete), op(s, OpKind::Restore)]).unwrap();
    assert_problem(
        send_ops(&app, &amir, &canvas, &both).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        board(&app, &f, &canvas).await.stickies[0].deleted_by,
        Some(noa.member.id),
        "everyone's board says Noa deleted it"
    );
    assert_eq!(
        send_ops(&app, &noa, &canvas, &one(s, OpKind::Restore))
            .await
            .status(),
        200
    );

    // Deleted by Amir now, it is his to restore.
    assert_eq!(
        send_ops(&app, &amir, &canvas, &one(s, OpKind::Delete))
            .await
            .status(),
        200
    );
    assert_eq!(
        send_ops(&app, &amir, &canvas, &one(s, OpKind::Restore))
            .await
            .status(),
        200
    );

    // Once restored, nobody deleted it: a participant's restore is refused again.
    assert_problem(
        send_ops(&app, &amir, &canvas, &one(s, OpKind::Restore)).await,
        403,
        "forbidden",
    )
    .await;

    assert_eq!(
        send_ops(&app, &noa, &canvas, &one(s, OpKind::Delete))
            .await
            .status(),
        200
    );
    assert_eq!(
        send_ops(&app, &f, &canvas, &one(s, OpKind::Restore))
            .await
            .status(),
        200
    );
    assert!(!board(&app, &f, &canvas).await.stickies[0].deleted.value);
}

#[tokio::test]
async fn a_delete_earlier_in_the_batch_counts_for_a_restore() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let amir = app.join(&code, "Amir").await;
    let canvas = new_canvas(&app, &f, "blank").await;
    let (s, t) = (StickyId(Uuid::now_v7()), StickyId(Uuid::now_v7()));
    let ops = serde_json::to_value([create(s, "s"), create(t, "t")]).unwrap();
    assert_eq!(send_ops(&app, &f, &canvas, &ops).await.status(), 200);
    assert_eq!(
        send_ops(&app, &amir, &canvas, &one(t, OpKind::Delete))
            .await
            .status(),
        200
    );

    let mine = serde_json::to_value([op(s, OpKind::Delete), op(s, OpKind::Restore)]).unwrap();
    assert_eq!(send_ops(&app, &noa, &canvas, &mine).await.status(), 200);

    // Restoring Amir's delete in the same batch refuses the whole batch.
    let s2 = StickyId(Uuid::now_v7());
    let mixed = serde_json::to_value([create(s2, "new"), op(t, OpKind::Restore)]).unwrap();
    assert_problem(
        send_ops(&app, &noa, &canvas, &mixed).await,
        403,
        "forbidden",
    )
    .await;
    assert_eq!(
        board(&app, &f, &canvas).await.stickies.len(),
        2,
        "nothing applied"
    );
}
