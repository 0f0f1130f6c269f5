//! A board's columns as the facilitator arranges them: renamed, moved by key, removed with
//! their cards moved elsewhere in their order; the last column stays.

use hevruta_model::SessionGrant;
use hevruta_model::board::{BoardSnapshot, BoardSummary};
use reqwest::{Method, StatusCode};
use serde_json::json;
use uuid::Uuid;

use crate::helpers::*;

async fn board(app: &TestApp, g: &SessionGrant) -> String {
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
    format!("{path}/{}", summary.id)
}

async fn snap(app: &TestApp, g: &SessionGrant, path: &str) -> BoardSnapshot {
    let res = app.get(path, &g.token).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn titles(s: &BoardSnapshot) -> Vec<&str> {
    s.columns.iter().map(|c| c.title.as_str()).collect()
}

#[tokio::test]
async fn columns_are_renamed_and_moved_by_key_and_a_participant_cannot() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let path = board(&app, &g).await;
    let s = snap(&app, &g, &path).await;
    let col = |i: usize| format!("{path}/columns/{}", s.columns[i].id);
    let patch = |p: String, body: serde_json::Value, token: String| {
        let app = &app;
        async move { app.send_json(Method::PATCH, &p, Some(&token), &body).await }
    };
    let res = patch(
        col(1),
        json!({ "title": "Looking closer" }),
        g.token.clone(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    // Piloting (the last) moves between Discovered and Looking closer.
    let key = hevruta_model::board::key_between(Some(&s.columns[0].key), Some(&s.columns[1].key))
        .unwrap();
    let res = patch(col(3), json!({ "key": key }), g.token.clone()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let after = snap(&app, &g, &path).await;
    assert_eq!(
        titles(&after),
        [
            "Discovered",
            "Piloting",
            "Looking closer",
            "Adapting for our city"
        ]
    );
    let code = app.join_code(&g).await;
    let noa = app.join(&code, "Noa").await;
    let res = patch(col(0), json!({ "title": "Mine" }), noa.token.clone()).await;
    assert_problem(res, 403, "forbidden").await;
    let res = patch(col(0), json!({ "title": "" }), g.token.clone()).await;
    assert_problem(res, 422, "validation_failed").await;
    let res = patch(col(0), json!({ "key": "not a key!" }), g.token.clone()).await;
    assert_problem(res, 422, "validation_failed").await;
    assert_eq!(titles(&snap(&app, &g, &path).await), titles(&after));
}

#[tokio::test]
async fn a_removed_columns_cards_keep_their_order_and_the_last_column_stays() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let path = board(&app, &g).await;
    let s = snap(&app, &g, &path).await;
    let (from, to) = (s.columns[0].id, s.columns[1].id);
    for (key, title, column) in [
        ("F", "One", from),
        ("V", "Two", from),
        ("k", "Three", from),
        ("V", "Already", to),
    ] {
        let res = app
            .send_json(
                Method::POST,
                &format!("{path}/cards"),
                Some(&g.token),
                &json!({ "id": Uuid::now_v7(), "column_id": column, "key": key, "title": title }),
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
    }
    let del = |column: hevruta_model::board::ColumnId, q: String| {
        let url = format!("{path}/columns/{column}{q}");
        let token = g.token.clone();
        let app = &app;
        async move {
            app.req(Method::DELETE, &url, Some(&token))
                .send()
                .await
                .unwrap()
        }
    };
    let res = del(from, format!("?cards_to={to}")).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let after = snap(&app, &g, &path).await;
    let order: Vec<&str> = after
        .column_cards(to)
        .map(|c| c.content.title.as_str())
        .collect();
    assert_eq!(order, ["Already", "One", "Two", "Three"]);
    // Down to one column, which stays.
    for c in &after.columns[1..] {
        let res = del(c.id, format!("?cards_to={to}")).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{}", c.title);
    }
    let last = snap(&app, &g, &path).await;
    assert_eq!(last.columns.len(), 1);
    assert_problem(
        del(last.columns[0].id, String::new()).await,
        409,
        "conflict",
    )
    .await;
    assert_eq!(snap(&app, &g, &path).await.cards.len(), 4);
}
