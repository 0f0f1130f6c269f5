//! Provenance: what a sticky may cite, the check that a citation stays inside its
//! expedition, and the backlinks from learnings and cards to the stickies that cite them.

use hevruta_model::board::{BoardSnapshot, BoardSummary, Card};
use hevruta_model::canvas::{Citation, Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::{Citables, Learning, LearningListing, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

async fn post(app: &TestApp, g: &SessionGrant, path: &str, body: Value) -> Response {
    app.send_json(Method::POST, path, Some(&g.token), &body)
        .await
}

async fn learning(app: &TestApp, g: &SessionGrant, circle: u8, title: &str) -> Learning {
    let res = post(
        app,
        g,
        &format!("/expeditions/{}/learnings", g.expedition_id),
        json!({ "id": Uuid::now_v7(), "circle": circle, "title": title,
                "text": "What we saw", "themes": [] }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn board(app: &TestApp, g: &SessionGrant, title: &str) -> BoardSummary {
    let res = post(
        app,
        g,
        &format!("/expeditions/{}/boards", g.expedition_id),
        json!({ "id": Uuid::now_v7(), "title": title }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn board_snapshot(app: &TestApp, g: &SessionGrant, b: &BoardSummary) -> BoardSnapshot {
    let res = app
        .get(
            &format!("/expeditions/{}/boards/{}", g.expedition_id, b.id),
            &g.token,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn card(app: &TestApp, g: &SessionGrant, b: &BoardSummary, title: &str) -> Card {
    let snap = board_snapshot(app, g, b).await;
    let res = post(
        app,
        g,
        &format!("/expeditions/{}/boards/{}/cards", g.expedition_id, b.id),
        json!({ "id": Uuid::now_v7(), "column_id": snap.columns[0].id, "key": "V",
                "title": title, "source": "hundred" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

/// A new canvas of `g`'s expedition: its ops path.
async fn canvas(app: &TestApp, g: &SessionGrant, title: &str) -> String {
    let canvas: Value = post(
        app,
        g,
        &format!("/expeditions/{}/canvases", g.expedition_id),
        json!({ "title": title, "template": "city_education_model" }),
    )
    .await
    .json()
    .await
    .unwrap();
    format!(
        "/expeditions/{}/canvases/{}/ops",
        g.expedition_id,
        canvas["id"].as_str().unwrap()
    )
}

fn op(sticky: StickyId, kind: OpKind) -> Op {
    Op {
        id: OpId(Uuid::now_v7()),
        sticky,
        kind,
    }
}

fn create(sticky: StickyId) -> Op {
    op(
        sticky,
        OpKind::Create {
            section: Some("pilot_initiatives".into()),
            text: "A makerspace in our library".into(),
            color: StickyColor::Green,
            x: 1610.0,
            y: 1300.0,
        },
    )
}

fn cite(sticky: StickyId, citation: Option<Citation>) -> Op {
    op(sticky, OpKind::SetCitation { citation })
}

async fn send(app: &TestApp, g: &SessionGrant, path: &str, ops: &[Op]) -> Response {
    post(app, g, path, json!({ "ops": ops })).await
}

async fn learnings(app: &TestApp, g: &SessionGrant) -> LearningListing {
    let res = app
        .get(
            &format!("/expeditions/{}/learnings", g.expedition_id),
            &g.token,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn citables(app: &TestApp, g: &SessionGrant) -> Citables {
    let res = app
        .get(
            &format!("/expeditions/{}/citables", g.expedition_id),
            &g.token,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn citables_list_unhidden_learnings_circle_3_first_and_every_boards_cards() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let other = app.create("Elsewhere").await;
    let own = learning(&app, &g, 1, "My own class").await;
    let global = learning(&app, &g, 3, "Espoo libraries").await;
    let hidden = learning(&app, &g, 2, "Hidden one").await;
    let res = app
        .send_json(
            Method::PUT,
            &format!(
                "/expeditions/{}/learnings/{}/hidden",
                g.expedition_id, hidden.id
            ),
            Some(&g.token),
            &json!({ "hidden": true }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let b = board(&app, &g, "Innovations").await;
    let k = card(&app, &g, &b, "Playful learning").await;
    learning(&app, &other, 3, "Secret of another city").await;
    let ob = board(&app, &other, "Their board").await;
    card(&app, &other, &ob, "Their card").await;

    let list = citables(&app, &g).await;
    let ids: Vec<_> = list.learnings.iter().map(|l| l.id).collect();
    assert_eq!(
        ids,
        [global.id, own.id],
        "circle 3 first, the hidden one left out"
    );
    assert_eq!(list.learnings[0].title, "Espoo libraries");
    assert_eq!(list.cards.len(), 1, "only this expedition's cards");
    let c = &list.cards[0];
    assert_eq!(
        (c.id, c.board_id, c.board_title.as_str(), c.title.as_str()),
        (k.id, b.id, "Innovations", "Playful learning")
    );
    // Another expedition's session cannot read this list.
    let res = app
        .get(
            &format!("/expeditions/{}/citables", g.expedition_id),
            &other.token,
        )
        .await;
    assert!(res.status().is_client_error(), "got {}", res.status());
}

#[tokio::test]
async fn a_learning_lists_its_visible_citing_stickies_until_one_is_deleted() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let other = app.create("Elsewhere").await;
    let l = learning(&app, &g, 3, "Espoo libraries").await;
    let uncited = learning(&app, &g, 1, "Not cited").await;
    let path = canvas(&app, &g, "Our model").await;
    let (a, b) = (StickyId(Uuid::now_v7()), StickyId(Uuid::now_v7()));
    let ops = [
        create(a),
        cite(a, Some(Citation::Learning(l.id.0))),
        create(b),
        cite(b, Some(Citation::Learning(l.id.0))),
    ];
    assert_eq!(send(&app, &g, &path, &ops).await.status(), StatusCode::OK);
    // Another expedition's canvas, citing nothing of ours, changes nothing here.
    let theirs = canvas(&app, &other, "Their model").await;
    let s = StickyId(Uuid::now_v7());
    assert_eq!(
        send(&app, &other, &theirs, &[create(s)]).await.status(),
        StatusCode::OK
    );

    let list = learnings(&app, &g).await;
    assert_eq!(list.citations.len(), 2);
    assert!(list.citations.iter().all(|c| c.learning_id == l.id));
    assert!(!list.citations.iter().any(|c| c.learning_id == uncited.id));
    let first = list.citations.iter().find(|c| c.sticky_id == a).unwrap();
    assert_eq!(
        (first.canvas_title.as_str(), first.section.as_deref()),
        ("Our model", Some("pilot_initiatives"))
    );
    assert!(learnings(&app, &other).await.citations.is_empty());

    // Deleting one sticky and clearing the other's citation leave nothing.
    let ops = [op(a, OpKind::Delete), cite(b, None)];
    assert_eq!(send(&app, &g, &path, &ops).await.status(), StatusCode::OK);
    assert!(learnings(&app, &g).await.citations.is_empty());
    // Restored, the deleted sticky cites again.
    let ops = [op(a, OpKind::Restore)];
    assert_eq!(send(&app, &g, &path, &ops).await.status(), StatusCode::OK);
    let back = learnings(&app, &g).await.citations;
    assert_eq!(back.iter().map(|c| c.sticky_id).collect::<Vec<_>>(), [a]);
}

#[tokio::test]
async fn boards_and_learnings_read_the_same_citations_each_of_their_own_kind() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let l = learning(&app, &g, 3, "Espoo libraries").await;
    let b = board(&app, &g, "Innovations").await;
    let k = card(&app, &g, &b, "Playful learning").await;
    let path = canvas(&app, &g, "Our model").await;
    let (a, c, gone) = (
        StickyId(Uuid::now_v7()),
        StickyId(Uuid::now_v7()),
        StickyId(Uuid::now_v7()),
    );
    let ops = [
        create(a),
        cite(a, Some(Citation::Learning(l.id.0))),
        create(c),
        cite(c, Some(Citation::Card(k.id.0))),
        create(gone),
        cite(gone, Some(Citation::Card(k.id.0))),
        op(gone, OpKind::Delete),
    ];
    assert_eq!(send(&app, &g, &path, &ops).await.status(), StatusCode::OK);
    let cards = board_snapshot(&app, &g, &b).await.citations;
    assert_eq!(
        cards
            .iter()
            .map(|x| (x.card_id, x.sticky_id))
            .collect::<Vec<_>>(),
        [(k.id, c)],
        "the deleted sticky and the learning's are not the card's"
    );
    let ls = learnings(&app, &g).await.citations;
    assert_eq!(
        ls.iter()
            .map(|x| (x.learning_id, x.sticky_id))
            .collect::<Vec<_>>(),
        [(l.id, a)]
    );
}

#[tokio::test]
async fn a_citation_of_something_outside_the_expedition_is_refused_without_telling_it() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let other = app.create("Elsewhere").await;
    let theirs = learning(&app, &other, 3, "Secret of another city").await;
    let ob = board(&app, &other, "Their board").await;
    let their_card = card(&app, &other, &ob, "Their secret card").await;
    let path = canvas(&app, &g, "Our model").await;
    let s = StickyId(Uuid::now_v7());
    assert_eq!(
        send(&app, &g, &path, &[create(s)]).await.status(),
        StatusCode::OK
    );
    for citation in [
        Citation::Learning(theirs.id.0),
        Citation::Card(their_card.id.0),
        Citation::Learning(Uuid::now_v7()),
        Citation::Card(Uuid::now_v7()),
        // A learning's id named as a card is no card.
        Citation::Card(theirs.id.0),
    ] {
        let res = send(&app, &g, &path, &[cite(s, Some(citation))]).await;
        let problem = assert_problem(res, 422, "validation_failed").await;
        assert_eq!(problem["errors"][0]["field"], "ops[0]");
        assert_eq!(problem["errors"][0]["code"], "unknown_citation");
        let body = problem.to_string();
        assert!(
            !body.contains("Secret"),
            "nothing of theirs is told: {body}"
        );
    }
    // The whole batch was refused: the sticky cites nothing.
    assert!(learnings(&app, &g).await.citations.is_empty());
    // Clearing a citation needs nothing to exist.
    assert_eq!(
        send(&app, &g, &path, &[cite(s, None)]).await.status(),
        StatusCode::OK
    );
}
