//! Pointers on a canvas: members' cursors and the facilitator's laser. Only members with
//! the canvas open point (viewers watch), only the facilitator has the laser, coordinates
//! are checked, moves past the rate are dropped, only streams on the canvas hear them (not
//! the sender's own), leaving hides them, and nothing is ever stored.

use std::time::Duration;

use hevruta_model::pointer::{MAX_POINTERS_PER_SECOND, PointerEvent};
use hevruta_model::{CanvasSummary, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

/// Long enough for a pointer frame that is coming to arrive, on loopback.
const QUIET: Duration = Duration::from_millis(400);

async fn new_canvas(app: &TestApp, g: &SessionGrant, title: &str) -> CanvasSummary {
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", g.expedition_id),
            Some(&g.token),
            &json!({ "title": title, "template": "blank" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn pointer_path(g: &SessionGrant, canvas: &CanvasSummary) -> String {
    format!(
        "/expeditions/{}/canvases/{}/pointer",
        g.expedition_id, canvas.id
    )
}

async fn point(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary, body: Value) -> Response {
    app.send_json(Method::PUT, &pointer_path(g, canvas), Some(&g.token), &body)
        .await
}

async fn open_on(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary) -> EventStream {
    app.stream(g, &format!("&canvas={}", canvas.id), None).await
}

async fn heard(stream: &mut EventStream) -> PointerEvent {
    serde_json::from_value(stream.next_live("pointer").await).expect("a PointerEvent")
}

/// The facilitator, a participant and a projector, on one canvas.
async fn room(app: &TestApp) -> (SessionGrant, SessionGrant, SessionGrant, CanvasSummary) {
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let projector = app.join_viewer(&code).await;
    let canvas = new_canvas(app, &f, "Model").await;
    (f, noa, projector, canvas)
}

#[tokio::test]
async fn a_cursor_reaches_the_others_on_the_canvas_and_no_one_else() {
    let app = spawn_app().await;
    let (f, noa, projector, canvas) = room(&app).await;
    let other = new_canvas(&app, &f, "Elsewhere").await;
    let mut noas_own = open_on(&app, &noa, &canvas).await;
    let mut facilitator = open_on(&app, &f, &canvas).await;
    let mut wall = open_on(&app, &projector, &canvas).await;
    let mut elsewhere = open_on(&app, &f, &other).await;
    let mut listing = app.stream(&f, "&all_presence=true", None).await;

    let res = point(&app, &noa, &canvas, json!({ "x": 120.5, "y": -40.0 })).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    for stream in [&mut facilitator, &mut wall] {
        let event = heard(stream).await;
        assert_eq!((event.canvas_id, event.by), (canvas.id, noa.member.id));
        let p = event.pointer.expect("a place");
        assert_eq!((p.x, p.y, p.laser), (120.5, -40.0, false));
    }
    for (stream, why) in [
        (&mut noas_own, "not back to its sender"),
        (&mut elsewhere, "not to another canvas"),
        (&mut listing, "not to a stream on no canvas"),
    ] {
        assert!(
            stream.live_within("pointer", QUIET).await.is_none(),
            "{why}"
        );
    }

    let hide = app
        .req(
            Method::DELETE,
            &pointer_path(&noa, &canvas),
            Some(&noa.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(hide.status(), StatusCode::NO_CONTENT);
    assert_eq!(heard(&mut facilitator).await.pointer, None, "hidden");

    point(&app, &noa, &canvas, json!({ "x": 1.0, "y": 1.0 })).await;
    assert!(heard(&mut facilitator).await.pointer.is_some());
    drop(noas_own);
    let gone = heard(&mut facilitator).await;
    assert_eq!(
        (gone.by, gone.pointer),
        (noa.member.id, None),
        "closing the canvas hides the cursor"
    );
}

#[tokio::test]
async fn viewers_only_watch_and_only_the_facilitator_has_the_laser() {
    let app = spawn_app().await;
    let (f, noa, projector, canvas) = room(&app).await;
    let _f_open = open_on(&app, &f, &canvas).await;
    let _noa_open = open_on(&app, &noa, &canvas).await;
    let mut wall = open_on(&app, &projector, &canvas).await;

    let res = point(&app, &projector, &canvas, json!({ "x": 1.0, "y": 2.0 })).await;
    assert_problem(res, 403, "forbidden").await;
    let hide = app
        .req(
            Method::DELETE,
            &pointer_path(&projector, &canvas),
            Some(&projector.token),
        )
        .send()
        .await
        .unwrap();
    assert_problem(hide, 403, "forbidden").await;
    let laser = json!({ "x": 300.0, "y": 200.0, "laser": true });
    let res = point(&app, &noa, &canvas, laser.clone()).await;
    let body = assert_problem(res, 403, "forbidden").await;
    assert!(body["detail"].as_str().unwrap().contains("laser"));
    assert!(
        wall.live_within("pointer", QUIET).await.is_none(),
        "refused moves reach nobody"
    );

    let res = point(&app, &f, &canvas, laser).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let event = heard(&mut wall).await;
    assert_eq!(event.by, f.member.id);
    assert!(event.pointer.unwrap().laser, "the projector sees the laser");
}

#[tokio::test]
async fn bad_coordinates_and_bodies_are_refused() {
    let app = spawn_app().await;
    let (f, _, _, canvas) = room(&app).await;
    let _open = open_on(&app, &f, &canvas).await;
    for bad in [
        json!({ "x": 1e308, "y": 0.0 }),
        json!({ "x": 0.0, "y": -1_000_001.0 }),
        json!({ "x": 2e6, "y": 2e6, "laser": true }),
    ] {
        let body = assert_problem(
            point(&app, &f, &canvas, bad).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["field"], "pointer");
        assert_eq!(body["errors"][0]["code"], "bad_coordinate");
    }
    for bad in [
        json!({ "x": "NaN", "y": 0.0 }),
        json!({ "x": 1.0 }),
        json!({ "x": 1.0, "y": 1.0, "laser": "yes" }),
    ] {
        assert_problem(point(&app, &f, &canvas, bad).await, 422, "invalid_body").await;
    }
    // JSON has no NaN or Infinity: such a body is not JSON.
    for raw in [r#"{"x":NaN,"y":0}"#, r#"{"x":Infinity,"y":0}"#] {
        let res = app
            .req(Method::PUT, &pointer_path(&f, &canvas), Some(&f.token))
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap();
        assert_problem(res, 400, "invalid_json").await;
    }
}

#[tokio::test]
async fn pointing_needs_the_canvas_open_and_a_canvas_that_exists() {
    let app = spawn_app().await;
    let (f, noa, _, canvas) = room(&app).await;
    let res = point(&app, &noa, &canvas, json!({ "x": 1.0, "y": 2.0 })).await;
    let body = assert_problem(res, 409, "conflict").await;
    assert!(body["detail"].as_str().unwrap().contains("?canvas="));
    let nowhere = CanvasSummary {
        id: hevruta_model::canvas::CanvasId(uuid::Uuid::now_v7()),
        ..canvas.clone()
    };
    let res = point(&app, &f, &nowhere, json!({ "x": 1.0, "y": 2.0 })).await;
    assert_problem(res, 404, "not_found").await;
    let other = app.create("Another lab").await;
    let res = app
        .send_json(
            Method::PUT,
            &pointer_path(&f, &canvas),
            Some(&other.token),
            &json!({ "x": 1.0, "y": 2.0 }),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn moves_past_the_rate_are_dropped_not_queued() {
    let app = spawn_app().await;
    let (f, noa, _, canvas) = room(&app).await;
    let _noa_open = open_on(&app, &noa, &canvas).await;
    let mut facilitator = open_on(&app, &f, &canvas).await;
    let started = std::time::Instant::now();
    for i in 0..60 {
        let res = point(&app, &noa, &canvas, json!({ "x": f64::from(i), "y": 0.0 })).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "dropped, not refused");
    }
    let elapsed = started.elapsed().as_secs_f64();
    let mut got = 0u32;
    while facilitator.live_within("pointer", QUIET).await.is_some() {
        got += 1;
    }
    // A burst of one second's worth, plus what refilled while the 60 were sent.
    let allowed =
        MAX_POINTERS_PER_SECOND + (elapsed * f64::from(MAX_POINTERS_PER_SECOND)).ceil() as u32;
    assert!(
        (MAX_POINTERS_PER_SECOND..=allowed.min(59)).contains(&got),
        "{got} of 60 went out in {elapsed:.3} s"
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "in-process only: reads the reference server's event log"
)]
async fn pointers_are_never_stored() {
    let app = spawn_app().await;
    let (f, noa, _, canvas) = room(&app).await;
    let seq_before = app.state().store.last_seq(f.expedition_id).await.unwrap();
    let _noa_open = open_on(&app, &noa, &canvas).await;
    // From the log's end, so any stored event that came would show.
    let mut facilitator = app
        .stream(
            &f,
            &format!("&canvas={}&after={seq_before}", canvas.id),
            None,
        )
        .await;
    for _ in 0..5 {
        let res = point(
            &app,
            &noa,
            &canvas,
            json!({ "x": 777_331.25, "y": -555_113.5 }),
        )
        .await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
        heard(&mut facilitator).await;
    }
    let laser = json!({ "x": 444_919.75, "y": 1.0, "laser": true });
    assert_eq!(
        point(&app, &f, &canvas, laser).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.state().store.last_seq(f.expedition_id).await.unwrap(),
        seq_before,
        "nothing in the event log"
    );
    assert!(
        facilitator.next_within(QUIET).await.is_none(),
        "no stored event on the stream"
    );
    // Nor anywhere in the database: its files hold none of the numbers sent.
    let mut bytes = Vec::new();
    for suffix in ["", "-wal", "-shm"] {
        let mut name = app.db().as_os_str().to_owned();
        name.push(suffix);
        bytes.extend(std::fs::read(&name).unwrap_or_default());
    }
    assert!(!bytes.is_empty());
    for needle in ["777331", "555113", "444919"] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "{needle} landed in the database"
        );
    }
}
