//! Cards made from circle-3 learnings: the card keeps the learning's id, the board names
//! the learning as it is titled now, and only a visible third-circle learning of the same
//! expedition can be one.

use hevruta_model::board::{BoardSnapshot, BoardSummary, Card};
use hevruta_model::{Learning, SessionGrant};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

async fn learning(app: &TestApp, g: &SessionGrant, circle: u8, title: &str) -> Learning {
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/learnings", g.expedition_id),
            Some(&g.token),
            &json!({
                "id": Uuid::now_v7(),
                "circle": circle,
                "title": title,
                "text": "The libraries of Espoo lend tools as well as books.",
                "origin": "Espoo, Finland",
                "themes": ["makerspaces"],
            }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn board(app: &TestApp, g: &SessionGrant) -> (String, BoardSnapshot) {
    let path = format!("/expeditions/{}/boards", g.expedition_id);
    let res = app
        .send_json(
            Method::POST,
            &path,
            Some(&g.token),
            &json!({ "id": Uuid::now_v7(), "title": "Global innovations" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let summary: BoardSummary = res.json().await.unwrap();
    let path = format!("{path}/{}", summary.id);
    (path.clone(), snap(app, g, &path).await)
}

async fn snap(app: &TestApp, g: &SessionGrant, path: &str) -> BoardSnapshot {
    let res = app.get(path, &g.token).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn card_from(snap: &BoardSnapshot, learning: Uuid) -> Value {
    json!({
        "id": Uuid::now_v7(),
        "column_id": snap.columns[0].id,
        "key": "V",
        "title": "Espoo makerspaces",
        "summary": "The libraries of Espoo lend tools as well as books.",
        "origin_city": "Espoo",
        "origin_country": "Finland",
        "themes": ["makerspaces"],
        "from_learning": learning,
    })
}

async fn codes(res: reqwest::Response) -> Vec<(String, String)> {
    let body = assert_problem(res, 422, "validation_failed").await;
    body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().into(),
                e["code"].as_str().unwrap().into(),
            )
        })
        .collect()
}

#[tokio::test]
async fn a_card_made_from_a_learning_links_back_to_it_as_it_is_titled_now() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let found = learning(&app, &g, 3, "Espoo's library makerspaces").await;
    let (path, before) = board(&app, &g).await;
    let res = app
        .send_json(
            Method::POST,
            &format!("{path}/cards"),
            Some(&g.token),
            &card_from(&before, found.id.0),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let card: Card = res.json().await.unwrap();
    assert_eq!(card.from_learning, Some(found.id.0));
    let after = snap(&app, &g, &path).await;
    assert_eq!(after.learnings.len(), 1);
    assert_eq!(
        (after.learnings[0].id, after.learnings[0].title.as_str()),
        (found.id, "Espoo's library makerspaces")
    );

    // Renamed: the board names it as it is now.
    let mut draft = found.to_draft();
    draft.title = "Makerspaces in Espoo's libraries".into();
    let res = app
        .send_json(
            Method::PUT,
            &format!("/expeditions/{}/learnings/{}", g.expedition_id, found.id),
            Some(&g.token),
            &draft,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = snap(&app, &g, &path).await;
    assert_eq!(after.learnings[0].title, "Makerspaces in Espoo's libraries");

    // Hidden by the facilitator: the card stays and keeps its link, the title is not shown.
    let res = app
        .send_json(
            Method::PUT,
            &format!(
                "/expeditions/{}/learnings/{}/hidden",
                g.expedition_id, found.id
            ),
            Some(&g.token),
            &json!({ "hidden": true }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = snap(&app, &g, &path).await;
    assert!(after.learnings.is_empty());
    assert_eq!(after.cards[0].from_learning, Some(found.id.0));
}

#[tokio::test]
async fn only_a_visible_third_circle_learning_of_the_expedition_makes_a_card() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let other = app.create("Another lab").await;
    let personal = learning(&app, &g, 1, "My own classroom").await;
    let elsewhere = learning(&app, &other, 3, "Someone else's find").await;
    let (path, snap) = board(&app, &g).await;
    let post = |body: Value| {
        let path = format!("{path}/cards");
        let token = g.token.clone();
        let app = &app;
        async move {
            app.send_json(Method::POST, &path, Some(&token), &body)
                .await
        }
    };
    assert_eq!(
        codes(post(card_from(&snap, personal.id.0)).await).await,
        [("from_learning".to_owned(), "unknown_circle".to_owned())]
    );
    for missing in [elsewhere.id.0, Uuid::now_v7()] {
        assert_eq!(
            codes(post(card_from(&snap, missing)).await).await,
            [("from_learning".to_owned(), "unknown_learning".to_owned())]
        );
    }
    let res = app.get(&path, &g.token).await;
    let after: BoardSnapshot = res.json().await.unwrap();
    assert!(after.cards.is_empty(), "nothing half-made");
}
