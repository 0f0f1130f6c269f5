//! Private writing: only the facilitator starts and reveals it; until the reveal a
//! participant's private sticky reaches nobody else (not the other participants, the
//! projector or the facilitator) through any answer or stream, live or on catch-up; the
//! reveal brings it to everyone live, without its author when anonymous. It is stored, so
//! a restart keeps it; locks, restore rights and limits still hold.

use std::time::Duration;

use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::{CanvasSnapshot, CanvasSummary, MemberId, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const QUIET: Duration = Duration::from_millis(400);

fn path(g: &SessionGrant, rest: &str) -> String {
    format!("/expeditions/{}{rest}", g.expedition_id)
}

async fn send(app: &TestApp, m: Method, g: &SessionGrant, rest: &str, body: Value) -> Response {
    app.send_json(m, &path(g, rest), Some(&g.token), &body)
        .await
}

/// A lab: the facilitator, participants Noa and Omer, a projector, and a canvas.
struct Room {
    f: SessionGrant,
    noa: SessionGrant,
    omer: SessionGrant,
    projector: SessionGrant,
    canvas: CanvasSummary,
}

async fn room(app: &TestApp) -> Room {
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let omer = app.join(&code, "Omer").await;
    let projector = app.join_viewer(&code).await;
    let res = send(
        app,
        Method::POST,
        &f,
        "/canvases",
        json!({ "title": "Our model", "template": "city_education_model" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let canvas = res.json().await.unwrap();
    Room {
        f,
        noa,
        omer,
        projector,
        canvas,
    }
}

impl Room {
    fn rest(&self, tail: &str) -> String {
        format!("/canvases/{}{tail}", self.canvas.id)
    }

    async fn start(&self, app: &TestApp, who: &SessionGrant, anonymous: bool) -> Response {
        send(
            app,
            Method::PUT,
            who,
            &self.rest("/private-writing"),
            json!({ "anonymous": anonymous }),
        )
        .await
    }

    async fn reveal(&self, app: &TestApp, who: &SessionGrant) -> Response {
        app.req(
            Method::DELETE,
            &path(who, &self.rest("/private-writing")),
            Some(&who.token),
        )
        .send()
        .await
        .unwrap()
    }

    async fn ops(&self, app: &TestApp, who: &SessionGrant, ops: Vec<Op>) -> Response {
        send(
            app,
            Method::POST,
            who,
            &self.rest("/ops"),
            json!({ "ops": ops }),
        )
        .await
    }

    async fn snapshot(&self, app: &TestApp, who: &SessionGrant) -> CanvasSnapshot {
        let res = app.get(&path(who, &self.rest("")), &who.token).await;
        assert_eq!(res.status(), StatusCode::OK);
        res.json().await.unwrap()
    }
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
            section: Some("dreams".into()),
            text: text.into(),
            color: StickyColor::Pink,
            x: 10.0,
            y: 20.0,
        },
    )
}

fn new_sticky() -> StickyId {
    StickyId(Uuid::now_v7())
}

/// Every stored frame the stream brings until it is quiet, as raw JSON text.
async fn drain(stream: &mut EventStream) -> Vec<SseMessage> {
    let mut got = Vec::new();
    while let Some(m) = stream.next_within(QUIET).await {
        got.push(m);
    }
    got
}

fn mentions(frames: &[SseMessage], needle: &str) -> bool {
    frames.iter().any(|m| m.data.to_string().contains(needle))
}

/// The ops of every `ops` frame, in order.
fn ops_in(frames: &[SseMessage]) -> Vec<Value> {
    frames
        .iter()
        .filter(|m| m.event == "ops")
        .flat_map(|m| m.data["ops"].as_array().cloned().unwrap_or_default())
        .collect()
}

/// The `private_writing` of the last `private_writing` change among `frames`.
fn last_count(frames: &[SseMessage]) -> Option<Value> {
    frames
        .iter()
        .rev()
        .find(|m| m.data["change"]["type"] == "private_writing")
        .map(|m| m.data["change"]["private_writing"].clone())
}

#[tokio::test]
async fn only_the_facilitator_starts_and_reveals_private_writing() {
    let app = spawn_app().await;
    let r = room(&app).await;
    for who in [&r.noa, &r.projector] {
        assert_problem(r.start(&app, who, false).await, 403, "forbidden").await;
        assert_problem(r.reveal(&app, who).await, 403, "forbidden").await;
    }
    let res = r.start(&app, &r.f, false).await;
    assert_eq!(res.status(), StatusCode::OK);
    let on: Value = res.json().await.unwrap();
    assert_eq!(
        on,
        json!({ "anonymous": false, "stickies": 0, "writers": 0 })
    );
    assert_eq!(
        r.start(&app, &r.f, false).await.status(),
        StatusCode::OK,
        "the same again changes nothing"
    );
    assert_problem(r.start(&app, &r.f, true).await, 409, "conflict").await;
    assert_eq!(
        r.snapshot(&app, &r.noa).await.private_writing,
        serde_json::from_value(on).unwrap(),
        "everyone reads that it is on"
    );
    assert_eq!(r.reveal(&app, &r.f).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        r.reveal(&app, &r.f).await.status(),
        StatusCode::NO_CONTENT,
        "safe to repeat"
    );
    assert_eq!(r.snapshot(&app, &r.noa).await.private_writing, None);

    let other = format!("/canvases/{}/private-writing", Uuid::now_v7());
    let res = send(
        &app,
        Method::PUT,
        &r.f,
        &other,
        json!({ "anonymous": true }),
    )
    .await;
    assert_problem(res, 404, "not_found").await;
    let res = send(
        &app,
        Method::PATCH,
        &r.f,
        &r.rest(""),
        json!({ "archived": true }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(r.start(&app, &r.f, false).await, 409, "canvas_archived").await;
}

#[tokio::test]
async fn a_private_sticky_reaches_only_its_author_until_the_reveal() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let q = format!("&canvas={}", r.canvas.id);
    let mut noa_tab = app.stream(&r.noa, &q, None).await;
    let mut noa_phone = app.stream(&r.noa, "", None).await;
    let mut others = [
        app.stream(&r.omer, &q, None).await,
        app.stream(&r.f, &q, None).await,
        app.stream(&r.projector, "", None).await,
    ];
    for s in others.iter_mut().chain([&mut noa_tab, &mut noa_phone]) {
        drain(s).await;
    }
    assert_eq!(r.start(&app, &r.f, false).await.status(), StatusCode::OK);

    let sticky = new_sticky();
    let first = create(sticky, "SECRET draft of Noa");
    let res = r.ops(&app, &r.noa, vec![first.clone()]).await;
    assert_eq!(res.status(), StatusCode::OK);
    let applied: Value = res.json().await.unwrap();
    assert_eq!(applied["applied"][0]["private"], true, "{applied}");
    let edit = op(
        sticky,
        OpKind::SetText {
            text: "SECRET final of Noa".into(),
        },
    );
    let moved = op(
        sticky,
        OpKind::Move {
            x: 300.0,
            y: 40.0,
            section: Some("dreams".into()),
        },
    );
    let res = r.ops(&app, &r.noa, vec![edit, moved]).await;
    assert_eq!(res.status(), StatusCode::OK);

    // Her other device gets it live; nobody else gets its text, its id or its author.
    let mine = drain(&mut noa_phone).await;
    assert!(mentions(&mine, "SECRET final of Noa"));
    assert!(ops_in(&mine).iter().all(|o| o["private"] == true));
    let noa_id = r.noa.member.id.to_string();
    for s in &mut others {
        let seen = drain(s).await;
        assert!(!mentions(&seen, "SECRET"), "{seen:?}");
        assert!(!mentions(&seen, &sticky.to_string()));
        assert!(
            ops_in(&seen).is_empty(),
            "batches come numbered, without ops"
        );
        assert!(seen.iter().any(|m| m.event == "ops"), "still numbered");
        assert_eq!(
            last_count(&seen),
            Some(json!({ "anonymous": false, "stickies": 1, "writers": 1 }))
        );
        assert!(!mentions(&seen, &noa_id), "nor who writes");
    }
    for who in [&r.omer, &r.f, &r.projector] {
        let snap = r.snapshot(&app, who).await;
        assert!(snap.stickies.iter().all(|s| s.id != sticky));
        assert_eq!(
            snap.private_writing.map(|p| (p.stickies, p.writers)),
            Some((1, 1))
        );
        // And from the start of the log, as a reconnecting client reads it.
        let mut replay = app.stream(who, "", Some(0)).await;
        assert!(!mentions(&drain(&mut replay).await, "SECRET"));
    }
    let snap = r.snapshot(&app, &r.noa).await;
    let own = snap.stickies.iter().find(|s| s.id == sticky).expect("hers");
    assert!(own.private);
    assert_eq!(own.text.value, "SECRET final of Noa");

    // Nobody else can reach it: not by its id, not by replaying her op.
    let touch = op(
        sticky,
        OpKind::SetColor {
            color: StickyColor::Blue,
        },
    );
    let res = r.ops(&app, &r.omer, vec![touch.clone()]).await;
    assert_problem(res, 422, "validation_failed").await;
    let res = r.ops(&app, &r.f, vec![op(sticky, OpKind::Delete)]).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["code"], "unknown_sticky");
    let res = r.ops(&app, &r.omer, vec![first]).await;
    let body = assert_problem(res, 409, "conflict").await;
    assert!(!body.to_string().contains("SECRET"));

    // The reveal brings it to everyone, live, with its author (named).
    assert_eq!(r.reveal(&app, &r.f).await.status(), StatusCode::NO_CONTENT);
    for s in others.iter_mut().chain([&mut noa_phone]) {
        let seen = drain(s).await;
        let revealed = ops_in(&seen);
        assert!(
            revealed
                .iter()
                .any(|o| o["op"]["text"] == "SECRET final of Noa" && o["author"] == noa_id.as_str())
        );
        assert!(revealed.iter().all(|o| o.get("private").is_none()));
        assert_eq!(last_count(&seen), Some(Value::Null), "and that it ended");
    }
    let snap = r.snapshot(&app, &r.omer).await;
    let shown = snap
        .stickies
        .iter()
        .find(|s| s.id == sticky)
        .expect("shown");
    assert!(!shown.private);
    assert_eq!(shown.text.value, "SECRET final of Noa");
    assert_eq!(shown.position.value, (300.0, 40.0));
    assert_eq!(shown.author, Some(r.noa.member.id));
    assert_eq!(snap.private_writing, None);
    assert_eq!(
        r.ops(&app, &r.omer, vec![touch]).await.status(),
        StatusCode::OK,
        "an ordinary sticky now"
    );
}

#[tokio::test]
async fn an_anonymous_reveal_hides_the_author_everywhere() {
    let app = spawn_app().await;
    let r = room(&app).await;
    assert_eq!(r.start(&app, &r.f, true).await.status(), StatusCode::OK);
    let sticky = new_sticky();
    let ops = vec![
        create(sticky, "Unsigned idea"),
        op(sticky, OpKind::BringToFront),
    ];
    assert_eq!(r.ops(&app, &r.noa, ops).await.status(), StatusCode::OK);
    let mut omer = app.stream(&r.omer, "", None).await;
    drain(&mut omer).await;
    assert_eq!(r.reveal(&app, &r.f).await.status(), StatusCode::NO_CONTENT);

    let nobody = MemberId::ANONYMOUS.to_string();
    let live = ops_in(&drain(&mut omer).await);
    assert_eq!(live.len(), 2);
    assert!(live.iter().all(|o| o["author"] == nobody.as_str()));
    for who in [&r.omer, &r.f, &r.projector, &r.noa] {
        let snap = r.snapshot(&app, who).await;
        let s = snap
            .stickies
            .iter()
            .find(|s| s.id == sticky)
            .expect("shown");
        assert_eq!(s.author, None);
        assert_eq!(s.text.value, "Unsigned idea");
        // Nothing in the log names her beside this sticky, from the start.
        let mut replay = app.stream(who, "", Some(0)).await;
        let ops = ops_in(&drain(&mut replay).await);
        let of_it: Vec<_> = ops
            .iter()
            .filter(|o| o["op"]["sticky"] == sticky.to_string().as_str())
            .collect();
        assert_eq!(of_it.len(), 2, "the reveal, once");
        assert!(of_it.iter().all(|o| o["author"] == nobody.as_str()));
    }
}

#[tokio::test]
async fn the_facilitators_and_earlier_stickies_stay_public_and_a_mixed_batch_is_split() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let before = new_sticky();
    assert_eq!(
        r.ops(&app, &r.noa, vec![create(before, "From before")])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(r.start(&app, &r.f, false).await.status(), StatusCode::OK);
    let by_f = new_sticky();
    assert_eq!(
        r.ops(
            &app,
            &r.f,
            vec![create(by_f, "Prompt: what do you dream of?")]
        )
        .await
        .status(),
        StatusCode::OK
    );
    let mut omer = app.stream(&r.omer, "", None).await;
    drain(&mut omer).await;
    let private = new_sticky();
    let batch = vec![
        op(
            before,
            OpKind::SetText {
                text: "From before, edited".into(),
            },
        ),
        create(private, "SECRET"),
    ];
    let res = r.ops(&app, &r.noa, batch).await;
    assert_eq!(res.status(), StatusCode::OK);
    let applied: Value = res.json().await.unwrap();
    let stamps = &applied["applied"];
    assert_ne!(
        stamps[0]["stamp"]["seq"], stamps[1]["stamp"]["seq"],
        "no public op shares a number with a private one"
    );
    let seen = drain(&mut omer).await;
    assert!(!mentions(&seen, "SECRET"));
    assert!(mentions(&seen, "From before, edited"));
    let snap = r.snapshot(&app, &r.omer).await;
    let ids: Vec<_> = snap.stickies.iter().map(|s| s.id).collect();
    assert!(ids.contains(&before) && ids.contains(&by_f) && !ids.contains(&private));
}

#[tokio::test]
async fn a_viewer_cannot_write_and_locks_restores_and_limits_still_hold() {
    let app = spawn_app().await;
    let r = room(&app).await;
    assert_eq!(r.start(&app, &r.f, false).await.status(), StatusCode::OK);
    let s = new_sticky();
    let res = r.ops(&app, &r.projector, vec![create(s, "x")]).await;
    assert_problem(res, 403, "forbidden").await;

    let long = "x".repeat(2001);
    let res = r.ops(&app, &r.noa, vec![create(s, &long)]).await;
    assert_problem(res, 422, "validation_failed").await;

    assert_eq!(
        r.ops(&app, &r.noa, vec![create(s, "mine")]).await.status(),
        StatusCode::OK
    );
    let mut omer = app.stream(&r.omer, "", None).await;
    drain(&mut omer).await;
    assert_eq!(
        r.ops(&app, &r.noa, vec![op(s, OpKind::Delete)])
            .await
            .status(),
        StatusCode::OK
    );
    assert_eq!(
        last_count(&drain(&mut omer).await),
        Some(json!({ "anonymous": false, "stickies": 0, "writers": 0 })),
        "a deleted private sticky is not counted"
    );
    assert_eq!(
        r.ops(&app, &r.noa, vec![op(s, OpKind::Restore)])
            .await
            .status(),
        StatusCode::OK,
        "who deleted it restores it"
    );

    let res = send(
        &app,
        Method::PUT,
        &r.f,
        &r.rest("/lock"),
        json!({ "locked": true }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = r
        .ops(&app, &r.noa, vec![create(new_sticky(), "late")])
        .await;
    assert_problem(res, 409, "locked").await;
}

#[tokio::test]
async fn typing_in_a_private_sticky_is_not_told() {
    let app = spawn_app().await;
    let r = room(&app).await;
    assert_eq!(r.start(&app, &r.f, true).await.status(), StatusCode::OK);
    let s = new_sticky();
    assert_eq!(
        r.ops(&app, &r.noa, vec![create(s, "")]).await.status(),
        StatusCode::OK
    );
    let q = format!("&canvas={}", r.canvas.id);
    let _noa = app.stream(&r.noa, &q, None).await;
    let mut omer = app.stream(&r.omer, &q, None).await;
    let res = send(
        &app,
        Method::PUT,
        &r.noa,
        &r.rest("/editing"),
        json!({ "sticky_id": s }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    while let Some(p) = omer.presence_within(QUIET).await {
        assert!(p.editing.iter().all(|e| e.sticky_id != s), "{p:?}");
    }
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "restarts the server in this process"
)]
async fn a_restart_keeps_private_stickies_private_and_revealable() {
    let app = spawn_app().await;
    let r = room(&app).await;
    assert_eq!(r.start(&app, &r.f, false).await.status(), StatusCode::OK);
    let s = new_sticky();
    assert_eq!(
        r.ops(&app, &r.noa, vec![create(s, "SECRET kept")])
            .await
            .status(),
        StatusCode::OK
    );

    let again = app.restarted().await;
    let omer = r.snapshot(&again, &r.omer).await;
    assert!(omer.stickies.iter().all(|x| x.id != s));
    assert_eq!(
        omer.private_writing.map(|p| p.stickies),
        Some(1),
        "still on"
    );
    let mut replay = again.stream(&r.omer, "", Some(0)).await;
    assert!(!mentions(&drain(&mut replay).await, "SECRET"));
    let noa = r.snapshot(&again, &r.noa).await;
    assert!(noa.stickies.iter().any(|x| x.id == s && x.private));

    assert_eq!(
        r.reveal(&again, &r.f).await.status(),
        StatusCode::NO_CONTENT
    );
    let omer = r.snapshot(&again, &r.omer).await;
    assert!(
        omer.stickies
            .iter()
            .any(|x| x.id == s && x.text.value == "SECRET kept")
    );
}
