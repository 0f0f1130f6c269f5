//! Learnings in three circles: idempotent creates with client ids, edits and moves by the
//! author only, the facilitator's hiding, reactions, "builds on" within the expedition and
//! without loops, safe links only; every change on the stream.

use std::time::Duration;

use hevruta_model::{Learning, LearningListing, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

fn draft(circle: u8, title: &str) -> Value {
    json!({
        "circle": circle,
        "title": title,
        "text": "The libraries of Espoo lend tools as well as books: https://example.org/espoo",
        "source_url": "https://www.edcities.org/en/",
        "origin": "Espoo, Finland",
        "themes": ["makerspaces", "libraries"],
    })
}

fn with_id(mut body: Value, id: Uuid) -> Value {
    body["id"] = json!(id);
    body
}

fn base(g: &SessionGrant) -> String {
    format!("/expeditions/{}/learnings", g.expedition_id)
}

async fn post(app: &TestApp, g: &SessionGrant, body: &Value) -> Response {
    app.send_json(Method::POST, &base(g), Some(&g.token), body)
        .await
}

/// Creates a learning (as `g`) and returns it.
async fn add(app: &TestApp, g: &SessionGrant, body: Value) -> Learning {
    let res = post(app, g, &with_id(body, Uuid::now_v7())).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn put(app: &TestApp, g: &SessionGrant, path: &str, body: &Value) -> Response {
    app.send_json(
        Method::PUT,
        &format!("{}{path}", base(g)),
        Some(&g.token),
        body,
    )
    .await
}

async fn listing(app: &TestApp, g: &SessionGrant) -> LearningListing {
    let res = app.get(&base(g), &g.token).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

/// A facilitator and a participant of one expedition.
async fn two(app: &TestApp) -> (SessionGrant, SessionGrant) {
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    (f, noa)
}

fn field_errors(problem: &Value) -> Vec<(String, String)> {
    problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_learning_is_created_listed_and_streamed() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let mut stream = app.stream(&f, "&after=2", None).await;
    let learning = add(&app, &noa, draft(3, "Makerspaces in Espoo")).await;
    assert_eq!(learning.author, noa.member.id);
    assert_eq!(learning.circle.number(), 3);
    assert_eq!(learning.origin.as_deref(), Some("Espoo, Finland"));

    let event = stream.next().await;
    assert_eq!(event.data["change"]["type"], "learning_saved");
    assert_eq!(
        event.data["change"]["learning"]["id"],
        learning.id.to_string()
    );
    assert_eq!(event.data["change"]["learning"]["circle"], 3);

    let list = listing(&app, &f).await;
    assert_eq!((list.learnings.len(), list.last_seq), (1, event.id));
    assert_eq!(list.learnings[0], learning);
}

#[tokio::test]
async fn a_retried_create_answers_the_stored_learning_once() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let id = Uuid::now_v7();
    let body = with_id(draft(1, "Teaching maths on the beach"), id);
    assert_eq!(post(&app, &noa, &body).await.status(), StatusCode::CREATED);
    let seq = listing(&app, &f).await.last_seq;
    let res = post(&app, &noa, &body).await;
    assert_eq!(res.status(), StatusCode::OK, "a retry");
    let again: Learning = res.json().await.unwrap();
    assert_eq!(again.id.0, id);
    assert_eq!(listing(&app, &f).await.last_seq, seq, "no second event");
    assert_eq!(listing(&app, &f).await.learnings.len(), 1);

    let other = with_id(draft(1, "Something else"), id);
    assert_problem(post(&app, &noa, &other).await, 409, "conflict").await;
    assert_problem(post(&app, &f, &body).await, 409, "conflict").await;
}

#[tokio::test]
async fn only_the_author_edits_moves_and_deletes_a_learning() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let learning = add(&app, &noa, draft(2, "What Dana does with parents")).await;
    let path = format!("/{}", learning.id);

    let res = put(&app, &f, &path, &draft(3, "Mine now")).await;
    assert_problem(res, 403, "forbidden").await;
    let res = app
        .req(
            Method::DELETE,
            &format!("{}{path}", base(&f)),
            Some(&f.token),
        )
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;

    let mut stream = app
        .stream(
            &f,
            &format!("&after={}", listing(&app, &f).await.last_seq),
            None,
        )
        .await;
    let res = put(&app, &noa, &path, &draft(3, "A global model after all")).await;
    assert_eq!(res.status(), StatusCode::OK);
    let moved: Learning = res.json().await.unwrap();
    assert_eq!(
        (moved.circle.number(), moved.title.as_str()),
        (3, "A global model after all")
    );
    let event = stream.next().await;
    assert_eq!(event.data["change"]["learning"]["circle"], 3);

    let res = app
        .req(
            Method::DELETE,
            &format!("{}{path}", base(&noa)),
            Some(&noa.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let event = stream.next().await;
    assert_eq!(event.data["change"]["type"], "learning_deleted");
    assert!(listing(&app, &f).await.learnings.is_empty());
    let res = put(&app, &noa, &path, &draft(3, "gone")).await;
    assert_problem(res, 404, "not_found").await;
}

#[tokio::test]
async fn only_http_and_https_sources_are_accepted() {
    let app = spawn_app().await;
    let (_, noa) = two(&app).await;
    for bad in [
        "javascript:alert(1)",
        "JavaScript:alert(document.cookie)",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.org/file",
        "//example.org",
    ] {
        let mut body = with_id(draft(3, "A link"), Uuid::now_v7());
        body["source_url"] = json!(bad);
        let problem = assert_problem(post(&app, &noa, &body).await, 422, "validation_failed").await;
        assert_eq!(
            field_errors(&problem),
            [("source_url".to_owned(), "invalid_url".to_owned())],
            "{bad}"
        );
    }
    let mut body = with_id(draft(3, "No source"), Uuid::now_v7());
    body["source_url"] = json!("");
    let res = post(&app, &noa, &body).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.json::<Learning>().await.unwrap().source_url, None);
}

#[tokio::test]
async fn empty_oversized_and_unknown_fields_are_named() {
    let app = spawn_app().await;
    let (_, noa) = two(&app).await;
    let body = with_id(
        json!({
            "circle": 4,
            "title": " ",
            "text": "x".repeat(4001),
            "themes": (0..7).map(|i| format!("theme {i}")).collect::<Vec<_>>(),
        }),
        Uuid::now_v7(),
    );
    let problem = assert_problem(post(&app, &noa, &body).await, 422, "validation_failed").await;
    let fields: Vec<(String, String)> = field_errors(&problem);
    let want = [
        ("circle", "unknown_circle"),
        ("title", "empty"),
        ("text", "too_long"),
        ("themes", "too_many"),
    ];
    assert_eq!(fields, want.map(|(f, c)| (f.to_owned(), c.to_owned())));
    assert_eq!(problem["errors"][2]["max"], 4000);
    assert_eq!(problem["errors"][3]["max"], 6);
}

#[tokio::test]
async fn builds_on_stays_inside_the_expedition_and_never_loops() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let other = app.create("Another city").await;
    let theirs = add(&app, &other, draft(3, "Elsewhere")).await;

    let mut body = with_id(draft(2, "Adapted"), Uuid::now_v7());
    body["builds_on"] = json!(theirs.id);
    let problem = assert_problem(post(&app, &noa, &body).await, 422, "validation_failed").await;
    assert_eq!(
        field_errors(&problem),
        [("builds_on".into(), "unknown_learning".into())]
    );

    let global = add(&app, &f, draft(3, "Global")).await;
    let mut colleague = draft(2, "A colleague adapted it");
    colleague["builds_on"] = json!(global.id);
    let colleague = add(&app, &noa, colleague).await;
    let mut mine = draft(1, "I tried it in class");
    mine["builds_on"] = json!(colleague.id);
    let mine = add(&app, &noa, mine).await;
    assert_eq!(mine.builds_on, Some(colleague.id));

    // Global → builds on "I tried it" would close the loop global ← colleague ← mine.
    let mut looped = draft(3, "Global");
    looped["builds_on"] = json!(mine.id);
    let res = put(&app, &f, &format!("/{}", global.id), &looped).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(
        field_errors(&problem),
        [("builds_on".into(), "cycle".into())]
    );
    let mut itself = draft(1, "Itself");
    itself["builds_on"] = json!(mine.id);
    let res = put(&app, &noa, &format!("/{}", mine.id), &itself).await;
    assert_problem(res, 422, "validation_failed").await;

    // Deleting the middle of the thread leaves the rest standing alone.
    let res = app
        .req(
            Method::DELETE,
            &format!("{}/{}", base(&noa), colleague.id),
            Some(&noa.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let list = listing(&app, &noa).await;
    let mine = list.learnings.iter().find(|l| l.id == mine.id).unwrap();
    assert_eq!(mine.builds_on, None);
}

#[tokio::test]
async fn the_facilitator_hides_a_learning_from_everyone_else_and_shows_it_again() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let learning = add(&app, &noa, draft(1, "Off topic")).await;
    let hidden = format!("/{}/hidden", learning.id);
    let res = put(&app, &noa, &hidden, &json!({ "hidden": true })).await;
    assert_problem(res, 403, "forbidden").await;

    let mut stream = app
        .stream(
            &noa,
            &format!("&after={}", listing(&app, &f).await.last_seq),
            None,
        )
        .await;
    let res = put(&app, &f, &hidden, &json!({ "hidden": true })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.json::<Learning>().await.unwrap().hidden);
    let event = stream.next().await;
    assert_eq!(event.data["change"]["type"], "learning_hidden");
    assert!(
        event.data["change"].get("learning").is_none(),
        "the event does not carry what is hidden"
    );
    assert!(
        listing(&app, &noa).await.learnings.is_empty(),
        "gone for participants"
    );
    let for_facilitator = listing(&app, &f).await;
    assert!(
        for_facilitator.learnings[0].hidden,
        "kept, marked, for the facilitator"
    );

    // Hidden, it is not there for the others, and the facilitator shows it first.
    let path = format!("/{}", learning.id);
    assert_problem(
        put(&app, &noa, &path, &draft(1, "Back?")).await,
        404,
        "not_found",
    )
    .await;
    let react = format!("/{}/reaction", learning.id);
    assert_problem(
        put(&app, &f, &react, &json!({ "learned": true })).await,
        409,
        "conflict",
    )
    .await;

    let res = put(&app, &f, &hidden, &json!({ "hidden": false })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let event = stream.next().await;
    assert_eq!(event.data["change"]["type"], "learning_saved");
    assert_eq!(event.data["change"]["learning"]["hidden"], false);
    assert_eq!(listing(&app, &noa).await.learnings.len(), 1);
}

/// Everything a stream catching up from the start replays, as JSON text.
async fn replay(app: &TestApp, g: &SessionGrant) -> String {
    let mut stream = app.stream(g, "&after=0", None).await;
    let mut seen = String::new();
    while let Some(event) = stream.next_within(Duration::from_millis(400)).await {
        seen.push_str(&event.data.to_string());
    }
    seen
}

#[tokio::test]
async fn a_hidden_or_deleted_learning_is_not_replayed_to_a_stream_catching_up() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let code = app.join_code(&f).await;
    let sara = app.join(&code, "Sara").await;
    let hidden = add(&app, &noa, draft(1, "Quarrel in the staff room")).await;
    let path = format!("/{}", hidden.id);
    let res = put(
        &app,
        &noa,
        &path,
        &draft(2, "Quarrel in the staff room, again"),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let deleted = add(&app, &sara, draft(3, "A draft Sara regrets")).await;
    assert!(
        replay(&app, &sara).await.contains("staff room"),
        "replayed before"
    );

    let res = put(
        &app,
        &f,
        &format!("/{}/hidden", hidden.id),
        &json!({ "hidden": true }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .req(
            Method::DELETE,
            &format!("{}/{}", base(&sara), deleted.id),
            Some(&sara.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);

    for (who, g) in [
        ("a participant", &sara),
        ("the author", &noa),
        ("the facilitator", &f),
    ] {
        let seen = replay(&app, g).await;
        assert!(
            !seen.contains("staff room"),
            "{who} replays the hidden text: {seen}"
        );
        assert!(
            !seen.contains("regrets"),
            "{who} replays the deleted text: {seen}"
        );
        assert!(seen.contains("learning_hidden") && seen.contains("learning_deleted"));
    }
    // The facilitator still has the hidden learning, whole, in the listing.
    let kept = listing(&app, &f).await;
    assert_eq!(kept.learnings.len(), 1);
    assert_eq!(kept.learnings[0].title, "Quarrel in the staff room, again");

    // Shown again, it is replayed from then on, as it is now.
    let res = put(
        &app,
        &f,
        &format!("/{}/hidden", hidden.id),
        &json!({ "hidden": false }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(replay(&app, &sara).await.contains("staff room, again"));
}

#[tokio::test]
async fn i_learned_from_this_counts_once_per_member() {
    let app = spawn_app().await;
    let (f, noa) = two(&app).await;
    let learning = add(&app, &noa, draft(2, "Peer observation")).await;
    let react = format!("/{}/reaction", learning.id);
    for _ in 0..2 {
        let res = put(&app, &f, &react, &json!({ "learned": true })).await;
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = put(&app, &noa, &react, &json!({ "learned": true })).await;
    let l: Learning = res.json().await.unwrap();
    assert_eq!(l.learned_by, [f.member.id, noa.member.id]);
    let res = put(&app, &f, &react, &json!({ "learned": false })).await;
    let l: Learning = res.json().await.unwrap();
    assert_eq!(l.learned_by, [noa.member.id]);
}

#[tokio::test]
async fn viewers_read_but_do_not_write() {
    let app = spawn_app().await;
    let (f, _) = two(&app).await;
    let code = app.join_code(&f).await;
    let viewer = app.join_viewer(&code).await;
    let learning = add(&app, &f, draft(3, "On the projector")).await;
    let res = post(&app, &viewer, &with_id(draft(1, "x"), Uuid::now_v7())).await;
    assert_problem(res, 403, "forbidden").await;
    let react = format!("/{}/reaction", learning.id);
    let res = put(&app, &viewer, &react, &json!({ "learned": true })).await;
    assert_problem(res, 403, "forbidden").await;
    assert_eq!(listing(&app, &viewer).await.learnings.len(), 1);
}

#[tokio::test]
async fn another_expeditions_learnings_are_not_found() {
    let app = spawn_app().await;
    let (f, _) = two(&app).await;
    let other = app.create("Another city").await;
    let learning = add(&app, &f, draft(3, "Ours")).await;
    // Their own session, our ids: every route answers 404.
    let ours = format!("/expeditions/{}/learnings", f.expedition_id);
    let res = app.get(&ours, &other.token).await;
    assert_problem(res, 404, "not_found").await;
    // Our learning's id under their expedition: unknown there.
    let theirs = base(&other);
    for (method, path, body) in [
        (
            Method::PUT,
            format!("{theirs}/{}", learning.id),
            draft(1, "x"),
        ),
        (
            Method::PUT,
            format!("{theirs}/{}/reaction", learning.id),
            json!({ "learned": true }),
        ),
        (
            Method::PUT,
            format!("{theirs}/{}/hidden", learning.id),
            json!({ "hidden": true }),
        ),
        (
            Method::DELETE,
            format!("{theirs}/{}", learning.id),
            json!({}),
        ),
    ] {
        let res = app
            .send_json(method.clone(), &path, Some(&other.token), &body)
            .await;
        assert_problem(res, 404, "not_found").await;
    }
    assert_eq!(listing(&app, &f).await.learnings.len(), 1);
}
