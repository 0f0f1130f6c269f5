//! Running a live session: the facilitator's timer (the server's deadline, on every stream,
//! for late joiners too), locks on canvases and boards through every write path, hands and
//! done (counts for all, names for facilitators), and the facilitator's view. Only the
//! facilitator drives; viewers only read; another expedition's ids are 404.

use std::time::Duration;

use hevruta_model::board::{BoardSnapshot, BoardSummary};
use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::facilitation::{Facilitation, ViewEvent};
use hevruta_model::{CanvasSummary, Role, SessionGrant};
use hevruta_server::store::Store;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const QUIET: Duration = Duration::from_millis(400);

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn path(g: &SessionGrant, rest: &str) -> String {
    format!("/expeditions/{}{rest}", g.expedition_id)
}

async fn send(app: &TestApp, m: Method, g: &SessionGrant, rest: &str, body: Value) -> Response {
    app.send_json(m, &path(g, rest), Some(&g.token), &body)
        .await
}

async fn timer(app: &TestApp, g: &SessionGrant, body: Value) -> Response {
    send(app, Method::POST, g, "/facilitation/timer", body).await
}

async fn ok_state(res: Response) -> Facilitation {
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn state_of(data: Value) -> Facilitation {
    serde_json::from_value(data).expect("a Facilitation")
}

async fn new_canvas(app: &TestApp, g: &SessionGrant) -> CanvasSummary {
    let res = send(
        app,
        Method::POST,
        g,
        "/canvases",
        json!({ "title": "Our model", "template": "city_education_model" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn create_op(sticky: Uuid, text: &str) -> Value {
    let op = Op {
        id: OpId(Uuid::now_v7()),
        sticky: StickyId(sticky),
        kind: OpKind::Create {
            section: None,
            text: text.into(),
            color: StickyColor::Yellow,
            x: 10.0,
            y: 20.0,
        },
    };
    json!({ "ops": [op] })
}

async fn ops(app: &TestApp, g: &SessionGrant, c: &CanvasSummary, body: Value) -> Response {
    send(
        app,
        Method::POST,
        g,
        &format!("/canvases/{}/ops", c.id),
        body,
    )
    .await
}

async fn lock_canvas(app: &TestApp, g: &SessionGrant, c: &CanvasSummary, locked: bool) -> Response {
    send(
        app,
        Method::PUT,
        g,
        &format!("/canvases/{}/lock", c.id),
        json!({ "locked": locked }),
    )
    .await
}

/// Three members: the facilitator, a participant and a projector.
async fn room(app: &TestApp) -> (SessionGrant, SessionGrant, SessionGrant) {
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let projector = app.join_viewer(&code).await;
    (f, noa, projector)
}

#[tokio::test]
async fn only_the_facilitator_runs_the_timer() {
    let app = spawn_app().await;
    let (f, noa, projector) = room(&app).await;
    let start = json!({ "action": "start", "seconds": 300 });
    assert_problem(timer(&app, &noa, start.clone()).await, 403, "forbidden").await;
    assert_problem(
        timer(&app, &projector, start.clone()).await,
        403,
        "forbidden",
    )
    .await;

    let before = now_ms();
    let state = ok_state(timer(&app, &f, start).await).await;
    let t = state.timer.expect("a timer");
    assert!(
        state.now >= before && state.now <= now_ms(),
        "the server's now"
    );
    assert_eq!(
        t.ends_at,
        Some(state.now + 300_000),
        "the server owns the deadline"
    );
    assert_eq!((t.duration_ms, t.remaining_ms), (300_000, 300_000));
    for who in [&noa, &projector] {
        let seen = ok_state(app.get(&path(who, "/facilitation"), &who.token).await).await;
        assert_eq!(seen.timer.unwrap().ends_at, t.ends_at, "everyone reads it");
    }
}

#[tokio::test]
async fn the_timer_pauses_adds_a_minute_resumes_and_resets() {
    let app = spawn_app().await;
    let (f, _, _) = room(&app).await;
    assert_problem(
        timer(&app, &f, json!({ "action": "pause" })).await,
        409,
        "conflict",
    )
    .await;
    for bad in [
        json!({ "action": "start" }),
        json!({ "action": "start", "seconds": 0 }),
        json!({ "action": "start", "seconds": 10801 }),
    ] {
        assert_problem(timer(&app, &f, bad).await, 422, "invalid_body").await;
    }
    assert_problem(
        timer(&app, &f, json!({ "action": "start", "seconds": -5 })).await,
        422,
        "invalid_body",
    )
    .await;

    ok_state(timer(&app, &f, json!({ "action": "start", "seconds": 120 })).await).await;
    let paused = ok_state(timer(&app, &f, json!({ "action": "pause" })).await).await;
    let t = paused.timer.unwrap();
    assert_eq!(t.ends_at, None, "paused");
    assert!(t.remaining_ms <= 120_000 && t.remaining_ms > 110_000);
    let added = ok_state(timer(&app, &f, json!({ "action": "add" })).await).await;
    assert_eq!(
        added.timer.unwrap().remaining_ms,
        t.remaining_ms + 60_000,
        "a minute more"
    );
    assert_eq!(added.timer.unwrap().duration_ms, 180_000);
    let resumed = ok_state(timer(&app, &f, json!({ "action": "resume" })).await).await;
    let r = resumed.timer.unwrap();
    assert_eq!(
        r.ends_at,
        Some(resumed.now + i64::try_from(r.remaining_ms).unwrap())
    );
    let reset = ok_state(timer(&app, &f, json!({ "action": "reset" })).await).await;
    assert_eq!(reset.timer, None);
}

#[tokio::test]
async fn every_stream_hears_the_timer_and_a_late_joiner_starts_with_it() {
    let app = spawn_app().await;
    let (f, noa, projector) = room(&app).await;
    let mut hers = app.stream(&noa, "", None).await;
    let first = state_of(hers.next_live("facilitation").await);
    assert_eq!(first.timer, None, "the session right after the catch-up");

    let started =
        ok_state(timer(&app, &f, json!({ "action": "start", "seconds": 600 })).await).await;
    let heard = state_of(hers.next_live("facilitation").await);
    assert_eq!(heard.timer.unwrap().ends_at, started.timer.unwrap().ends_at);
    assert!(
        heard.now >= started.now,
        "written when sent, with the server's now"
    );

    tokio::time::sleep(Duration::from_millis(50)).await;
    let mut late = app.stream(&projector, "", None).await;
    let caught = state_of(late.next_live("facilitation").await);
    let t = caught.timer.unwrap();
    assert_eq!(
        t.ends_at,
        started.timer.unwrap().ends_at,
        "the late joiner's timer"
    );
    assert_eq!(
        i64::try_from(t.remaining_ms).unwrap(),
        t.ends_at.unwrap() - caught.now,
        "what is left as of its now"
    );
}

#[tokio::test]
async fn a_locked_canvas_refuses_participants_writes_on_every_path() {
    let app = spawn_app().await;
    let (f, noa, projector) = room(&app).await;
    let canvas = send(
        &app,
        Method::POST,
        &noa,
        "/canvases",
        json!({ "title": "Noa's", "template": "blank" }),
    )
    .await
    .json::<CanvasSummary>()
    .await
    .unwrap();
    assert_problem(
        lock_canvas(&app, &noa, &canvas, true).await,
        403,
        "forbidden",
    )
    .await;
    assert_problem(
        lock_canvas(&app, &projector, &canvas, true).await,
        403,
        "forbidden",
    )
    .await;
    let locked = ok_state(lock_canvas(&app, &f, &canvas, true).await).await;
    assert_eq!(locked.locked_canvases, vec![canvas.id]);
    ok_state(lock_canvas(&app, &f, &canvas, true).await).await; // safe to repeat

    let sticky = Uuid::now_v7();
    let refused = assert_problem(
        ops(&app, &noa, &canvas, create_op(sticky, "mine")).await,
        409,
        "locked",
    )
    .await;
    assert!(refused["title"].as_str().unwrap().contains("locked"));
    let rename = send(
        &app,
        Method::PATCH,
        &noa,
        &format!("/canvases/{}", canvas.id),
        json!({ "title": "Renamed" }),
    )
    .await;
    assert_problem(rename, 409, "locked").await;
    let mut stream = app
        .stream(&noa, &format!("&canvas={}", canvas.id), None)
        .await;
    stream.next_live("facilitation").await;
    let typing = send(
        &app,
        Method::PUT,
        &noa,
        &format!("/canvases/{}/editing", canvas.id),
        json!({ "sticky_id": StickyId(sticky) }),
    )
    .await;
    assert_problem(typing, 409, "locked").await;

    let res = ops(
        &app,
        &f,
        &canvas,
        create_op(Uuid::now_v7(), "the facilitator's"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK, "facilitators still write");

    let unlocked = ok_state(lock_canvas(&app, &f, &canvas, false).await).await;
    assert!(unlocked.locked_canvases.is_empty());
    let res = ops(&app, &noa, &canvas, create_op(sticky, "mine")).await;
    assert_eq!(res.status(), StatusCode::OK, "writable again");
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "opens the server's SQLite file as a restarted server would"
)]
async fn locks_outlive_a_restart_and_unlocking_is_stored_too() {
    let app = spawn_app().await;
    let (f, _, _) = room(&app).await;
    let expedition = f.expedition_id;
    let canvas = new_canvas(&app, &f).await;
    let board: BoardSummary = send(
        &app,
        Method::POST,
        &f,
        "/boards",
        json!({ "id": Uuid::now_v7(), "title": "Innovations" }),
    )
    .await
    .json()
    .await
    .unwrap();
    ok_state(lock_canvas(&app, &f, &canvas, true).await).await;
    let board_lock = format!("/boards/{}/lock", board.id);
    ok_state(
        send(
            &app,
            Method::PUT,
            &f,
            &board_lock,
            json!({ "locked": true }),
        )
        .await,
    )
    .await;

    // A server started on the same file finds both locks.
    let restarted = Store::open(app.db()).await.unwrap();
    assert!(restarted.hub().canvas_locked(expedition, canvas.id));
    assert!(restarted.hub().board_locked(expedition, board.id));
    let session = restarted.hub().session(expedition);
    let seen = session.for_member(f.member.id, Role::Participant, 0);
    assert_eq!(seen.locked_canvases, vec![canvas.id]);
    assert_eq!(seen.locked_boards, vec![board.id]);

    ok_state(lock_canvas(&app, &f, &canvas, false).await).await;
    let again = Store::open(app.db()).await.unwrap();
    assert!(
        !again.hub().canvas_locked(expedition, canvas.id),
        "unlocked is stored"
    );
    assert!(again.hub().board_locked(expedition, board.id));
}

#[tokio::test]
async fn a_locked_board_refuses_participants_card_writes() {
    let app = spawn_app().await;
    let (f, noa, _) = room(&app).await;
    let board: BoardSummary = send(
        &app,
        Method::POST,
        &f,
        "/boards",
        json!({ "id": Uuid::now_v7(), "title": "Innovations" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let snap: BoardSnapshot = app
        .get(&path(&f, &format!("/boards/{}", board.id)), &f.token)
        .await
        .json()
        .await
        .unwrap();
    let card = |title: &str| {
        json!({ "id": Uuid::now_v7(), "column_id": snap.columns[0].id, "key": "V", "title": title,
                "source": "hundred", "themes": [], "sectors": [] })
    };
    let lock_path = format!("/boards/{}/lock", board.id);
    assert_problem(
        send(
            &app,
            Method::PUT,
            &noa,
            &lock_path,
            json!({ "locked": true }),
        )
        .await,
        403,
        "forbidden",
    )
    .await;
    let before: Value = send(
        &app,
        Method::POST,
        &noa,
        &format!("/boards/{}/cards", board.id),
        card("Espoo"),
    )
    .await
    .json()
    .await
    .unwrap();
    let state =
        ok_state(send(&app, Method::PUT, &f, &lock_path, json!({ "locked": true })).await).await;
    assert_eq!(state.locked_boards, vec![board.id]);

    let add = send(
        &app,
        Method::POST,
        &noa,
        &format!("/boards/{}/cards", board.id),
        card("Seoul"),
    )
    .await;
    assert_problem(add, 409, "locked").await;
    let card_path = format!(
        "/boards/{}/cards/{}",
        board.id,
        before["id"].as_str().unwrap()
    );
    let votes = send(
        &app,
        Method::PUT,
        &noa,
        &format!("{card_path}/votes"),
        json!({ "count": 1 }),
    )
    .await;
    assert_problem(votes, 409, "locked").await;
    let comment = send(
        &app,
        Method::POST,
        &noa,
        &format!("{card_path}/comments"),
        json!({ "id": Uuid::now_v7(), "text": "yes" }),
    )
    .await;
    assert_problem(comment, 409, "locked").await;
    let remove = app
        .req(Method::DELETE, &path(&noa, &card_path), Some(&noa.token))
        .send()
        .await
        .unwrap();
    assert_problem(remove, 409, "locked").await;

    let res = send(
        &app,
        Method::POST,
        &f,
        &format!("/boards/{}/cards", board.id),
        card("Facilitator's"),
    )
    .await;
    assert_eq!(
        res.status(),
        StatusCode::CREATED,
        "facilitators still write"
    );
    ok_state(
        send(
            &app,
            Method::PUT,
            &f,
            &lock_path,
            json!({ "locked": false }),
        )
        .await,
    )
    .await;
    let res = send(
        &app,
        Method::POST,
        &noa,
        &format!("/boards/{}/cards", board.id),
        card("Seoul"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[tokio::test]
async fn everyone_sees_how_many_hands_and_the_facilitator_sees_whose() {
    let app = spawn_app().await;
    let (f, noa, projector) = room(&app).await;
    let mut facilitators = app.stream(&f, "", None).await;
    let mut projectors = app.stream(&projector, "", None).await;
    facilitators.next_live("facilitation").await;
    projectors.next_live("facilitation").await;

    let me = send(
        &app,
        Method::PUT,
        &projector,
        "/facilitation/me",
        json!({ "hand": true }),
    )
    .await;
    assert_problem(me, 403, "forbidden").await;
    let mine = ok_state(
        send(
            &app,
            Method::PUT,
            &noa,
            "/facilitation/me",
            json!({ "hand": true }),
        )
        .await,
    )
    .await;
    assert!(mine.my_hand && !mine.my_done);
    assert_eq!(mine.hands, 1);
    assert_eq!(mine.hands_by, None, "a participant sees counts, not names");

    let seen = state_of(facilitators.next_live("facilitation").await);
    assert_eq!(seen.hands_by, Some(vec![noa.member.id]));
    let wall = state_of(projectors.next_live("facilitation").await);
    assert_eq!((wall.hands, wall.hands_by), (1, None));

    let done = ok_state(
        send(
            &app,
            Method::PUT,
            &noa,
            "/facilitation/me",
            json!({ "hand": false, "done": true }),
        )
        .await,
    )
    .await;
    assert_eq!((done.hands, done.done, done.my_done), (0, 1, true));
    let clear = app
        .req(
            Method::DELETE,
            &path(&noa, "/facilitation/signals"),
            Some(&noa.token),
        )
        .send()
        .await
        .unwrap();
    assert_problem(clear, 403, "forbidden").await;
    let cleared = app
        .req(
            Method::DELETE,
            &path(&f, "/facilitation/signals"),
            Some(&f.token),
        )
        .send()
        .await
        .unwrap();
    let cleared = ok_state(cleared).await;
    assert_eq!((cleared.hands, cleared.done), (0, 0));
}

#[tokio::test]
async fn only_the_facilitator_leads_the_view_and_late_streams_start_with_it() {
    let app = spawn_app().await;
    let (f, noa, projector) = room(&app).await;
    let canvas = new_canvas(&app, &f).await;
    let view_path = format!("/canvases/{}/view", canvas.id);
    let view = json!({ "x": 640.0, "y": 360.0, "zoom": 1.5, "section": "dreams" });
    for who in [&noa, &projector] {
        let res = send(&app, Method::PUT, who, &view_path, view.clone()).await;
        assert_problem(res, 403, "forbidden").await;
    }
    let mut wall = app
        .stream(&projector, &format!("&canvas={}", canvas.id), None)
        .await;
    assert!(
        wall.live_within("view", QUIET).await.is_none(),
        "nobody presents yet"
    );

    let res = send(&app, Method::PUT, &f, &view_path, view.clone()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let heard: ViewEvent = serde_json::from_value(wall.next_live("view").await).unwrap();
    assert_eq!((heard.canvas_id, heard.by), (canvas.id, f.member.id));
    let v = heard.view.unwrap();
    assert_eq!(
        (v.x, v.y, v.zoom, v.section.as_deref()),
        (640.0, 360.0, 1.5, Some("dreams"))
    );

    let mut late = app
        .stream(&noa, &format!("&canvas={}", canvas.id), None)
        .await;
    let caught: ViewEvent = serde_json::from_value(late.next_live("view").await).unwrap();
    assert_eq!(
        caught.view.unwrap().zoom,
        1.5,
        "a late follower starts where the facilitator is"
    );

    for (bad, field) in [
        (json!({ "x": 0.0, "y": 0.0, "zoom": 0.0 }), "view"),
        (json!({ "x": 2e6, "y": 0.0, "zoom": 1.0 }), "view"),
        (
            json!({ "x": 0.0, "y": 0.0, "zoom": 1.0, "section": "nowhere" }),
            "section",
        ),
    ] {
        let body = assert_problem(
            send(&app, Method::PUT, &f, &view_path, bad).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["field"], field);
    }

    let end = app
        .req(Method::DELETE, &path(&f, &view_path), Some(&f.token))
        .send()
        .await
        .unwrap();
    assert_eq!(end.status(), StatusCode::NO_CONTENT);
    let ended: ViewEvent = serde_json::from_value(wall.next_live("view").await).unwrap();
    assert_eq!(ended.view, None, "stopped presenting");
    let mut after = app
        .stream(&noa, &format!("&canvas={}", canvas.id), None)
        .await;
    assert!(after.live_within("view", QUIET).await.is_none());
}

#[tokio::test]
async fn another_expeditions_ids_are_not_found() {
    let app = spawn_app().await;
    let (f, _, _) = room(&app).await;
    let other = app.create("Elsewhere").await;
    let theirs = new_canvas(&app, &other).await;
    let res = app.get(&path(&other, "/facilitation"), &f.token).await;
    assert_problem(res, 404, "not_found").await;
    assert_problem(lock_canvas(&app, &f, &theirs, true).await, 404, "not_found").await;
    let res = send(
        &app,
        Method::PUT,
        &f,
        &format!("/canvases/{}/view", theirs.id),
        json!({ "x": 0.0, "y": 0.0, "zoom": 1.0 }),
    )
    .await;
    assert_problem(res, 404, "not_found").await;
    let res = send(
        &app,
        Method::PUT,
        &f,
        &format!("/boards/{}/lock", Uuid::now_v7()),
        json!({ "locked": true }),
    )
    .await;
    assert_problem(res, 404, "not_found").await;
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/facilitation/timer", other.expedition_id),
            Some(&f.token),
            &json!({ "action": "reset" }),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
    // Their canvas, their lock: ours never touched it.
    let state = ok_state(app.get(&path(&other, "/facilitation"), &other.token).await).await;
    assert!(state.locked_canvases.is_empty());
}

#[tokio::test]
async fn leaving_lowers_the_hand() {
    let app = spawn_app().await;
    let (f, noa, _) = room(&app).await;
    ok_state(
        send(
            &app,
            Method::PUT,
            &noa,
            "/facilitation/me",
            json!({ "hand": true }),
        )
        .await,
    )
    .await;
    let res = app
        .req(Method::DELETE, &path(&noa, "/members/me"), Some(&noa.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let state = ok_state(app.get(&path(&f, "/facilitation"), &f.token).await).await;
    assert_eq!((state.hands, state.hands_by), (0, Some(vec![])));
}
