//! Presence on canvases: who has a canvas open, from open event streams, never stored.

use std::time::Duration;

use hevruta_model::{CanvasSummary, MemberId, PresenceEvent, SessionGrant};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

/// Long enough for a presence event that is coming to arrive, on loopback.
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

/// Opens `g`'s event stream as present on `canvas`.
async fn open_on(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary) -> EventStream {
    app.stream(g, &format!("&canvas={}", canvas.id), None).await
}

fn presence(canvas: &CanvasSummary, members: &[&SessionGrant]) -> PresenceEvent {
    PresenceEvent::new(canvas.id, members.iter().map(|g| g.member.id))
}

#[tokio::test]
async fn members_on_one_canvas_see_each_other_come_and_go() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let canvas = new_canvas(&app, &f, "Model").await;

    let mut mine = open_on(&app, &f, &canvas).await;
    assert_eq!(
        mine.next_presence().await,
        presence(&canvas, &[&f]),
        "a newcomer sees who is there, itself included"
    );

    let mut hers = open_on(&app, &noa, &canvas).await;
    let both = presence(&canvas, &[&f, &noa]);
    assert_eq!(hers.next_presence().await, both);
    assert_eq!(mine.next_presence().await, both);
    assert!(both.members.is_sorted());
    assert_eq!(
        mine.next().await.id,
        1,
        "stored events still arrive as before"
    );

    drop(hers);
    assert_eq!(mine.next_presence().await, presence(&canvas, &[&f]));
}

#[tokio::test]
async fn several_tabs_of_one_member_count_once() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let canvas = new_canvas(&app, &f, "Model").await;
    let mut mine = open_on(&app, &f, &canvas).await;
    assert_eq!(mine.next_presence().await, presence(&canvas, &[&f]));

    let tab1 = open_on(&app, &noa, &canvas).await;
    let mut tab2 = open_on(&app, &noa, &canvas).await;
    let both = presence(&canvas, &[&f, &noa]);
    assert_eq!(tab2.next_presence().await, both);
    assert_eq!(mine.next_presence().await, both);
    assert_eq!(mine.presence_within(QUIET).await, None, "Noa counts once");

    drop(tab1);
    assert_eq!(
        mine.presence_within(QUIET).await,
        None,
        "Noa still has a tab open"
    );
    drop(tab2);
    assert_eq!(mine.next_presence().await, presence(&canvas, &[&f]));
}

#[tokio::test]
async fn a_stream_on_another_canvas_counts_only_there() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let amir = app.join(&code, "Amir").await;
    let model = new_canvas(&app, &f, "Model").await;
    let circles = new_canvas(&app, &f, "Circles").await;
    let mut home = app.stream(&f, "", None).await; // the expedition home: no canvas

    let mut mine = open_on(&app, &f, &model).await;
    assert_eq!(mine.next_presence().await, presence(&model, &[&f]));
    assert_eq!(home.next_presence().await, presence(&model, &[&f]));

    let mut hers = open_on(&app, &noa, &circles).await;
    assert_eq!(hers.next_presence().await, presence(&circles, &[&noa]));
    assert_eq!(
        mine.next_presence().await,
        presence(&circles, &[&noa]),
        "every stream of the expedition hears of every canvas"
    );
    assert_eq!(home.next_presence().await, presence(&circles, &[&noa]));

    let mut his = open_on(&app, &amir, &model).await;
    assert_eq!(
        his.next_presence().await,
        presence(&model, &[&f, &amir]),
        "Noa is on the other canvas, and a stream without `canvas` counts nowhere"
    );
    assert_eq!(
        hers.presence_within(QUIET).await,
        Some(presence(&model, &[&f, &amir]))
    );
    assert_eq!(hers.presence_within(QUIET).await, None);
}

#[tokio::test]
async fn leaving_the_expedition_leaves_the_canvas() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let canvas = new_canvas(&app, &f, "Model").await;
    let mut mine = open_on(&app, &f, &canvas).await;
    let _hers = open_on(&app, &noa, &canvas).await;
    let everyone = presence(&canvas, &[&f, &noa]);
    while mine.next_presence().await != everyone {}

    let res = app
        .req(
            Method::DELETE,
            &format!("/expeditions/{}/members/me", noa.expedition_id),
            Some(&noa.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    assert_eq!(
        mine.next_presence().await,
        presence(&canvas, &[&f]),
        "her stream ends with her session, even while the client holds it open"
    );
}

#[tokio::test]
async fn the_canvas_must_be_one_of_the_expeditions() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let other = app.create("Other lab").await;
    let theirs = new_canvas(&app, &other, "Theirs").await;
    let open = |canvas: String| {
        app.http
            .get(format!(
                "{}/api/v1/expeditions/{}/events?canvas={canvas}",
                app.url, f.expedition_id
            ))
            .bearer_auth(&f.token)
            .send()
    };
    assert_problem(open(theirs.id.to_string()).await.unwrap(), 404, "not_found").await;
    assert_problem(
        open(uuid::Uuid::now_v7().to_string()).await.unwrap(),
        404,
        "not_found",
    )
    .await;
    assert_problem(
        open("not-a-uuid".into()).await.unwrap(),
        422,
        "invalid_body",
    )
    .await;

    // Nothing counted for the refused streams.
    let mut s = open_on(&app, &other, &theirs).await;
    assert_eq!(
        s.next_presence().await.members,
        Vec::<MemberId>::from([other.member.id])
    );
}

async fn set_editing(
    app: &TestApp,
    g: &SessionGrant,
    canvas: &CanvasSummary,
    sticky: Option<&str>,
) -> reqwest::Response {
    app.send_json(
        Method::PUT,
        &format!(
            "/expeditions/{}/canvases/{}/editing",
            g.expedition_id, canvas.id
        ),
        Some(&g.token),
        &json!({ "sticky_id": sticky }),
    )
    .await
}

#[tokio::test]
async fn others_see_who_types_in_which_sticky_until_they_stop_or_go() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let canvas = new_canvas(&app, &f, "Model").await;
    let sticky = "7d2b7a4e-2f51-4c38-9a41-2a3c58c0f001";

    let res = set_editing(&app, &noa, &canvas, Some(sticky)).await;
    assert_problem(res, 409, "conflict").await;

    let mut mine = open_on(&app, &f, &canvas).await;
    mine.next_presence().await;
    let hers = open_on(&app, &noa, &canvas).await;
    mine.next_presence().await;

    let res = set_editing(&app, &noa, &canvas, Some(sticky)).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let typing = mine.next_presence().await;
    assert_eq!(typing.members.len(), 2);
    assert_eq!(
        typing
            .typing_in(sticky.parse().unwrap(), f.member.id)
            .collect::<Vec<_>>(),
        [noa.member.id]
    );

    let res = set_editing(&app, &noa, &canvas, None).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert!(mine.next_presence().await.editing.is_empty());

    set_editing(&app, &noa, &canvas, Some(sticky)).await;
    assert_eq!(mine.next_presence().await.editing.len(), 1);
    drop(hers);
    let left = mine.next_presence().await;
    assert_eq!(left.members, [f.member.id]);
    assert!(
        left.editing.is_empty(),
        "her last stream closed: typing ends"
    );
}

#[tokio::test]
async fn typing_needs_a_writer_on_a_canvas_of_the_expedition() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let viewer = app.join_viewer(&code).await;
    let canvas = new_canvas(&app, &f, "Model").await;
    let other = app.create("Another lab").await;
    let theirs = new_canvas(&app, &other, "Theirs").await;
    let sticky = Some("7d2b7a4e-2f51-4c38-9a41-2a3c58c0f001");

    let res = set_editing(&app, &viewer, &canvas, sticky).await;
    assert_problem(res, 403, "forbidden").await;
    let res = app
        .send_json(
            Method::PUT,
            &format!(
                "/expeditions/{}/canvases/{}/editing",
                f.expedition_id, theirs.id
            ),
            Some(&f.token),
            &json!({ "sticky_id": sticky }),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
    let res = app
        .send_json(
            Method::PUT,
            &format!(
                "/expeditions/{}/canvases/{}/editing",
                f.expedition_id, canvas.id
            ),
            Some(&f.token),
            &json!({ "sticky_id": "not-a-uuid" }),
        )
        .await;
    assert_problem(res, 422, "invalid_body").await;
    let res = app
        .req(
            Method::PUT,
            &format!(
                "/expeditions/{}/canvases/{}/editing",
                f.expedition_id, canvas.id
            ),
            None,
        )
        .json(&json!({ "sticky_id": null }))
        .send()
        .await
        .unwrap();
    assert_problem(res, 401, "unauthorized").await;
}
