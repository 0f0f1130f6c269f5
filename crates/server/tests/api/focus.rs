//! The facilitator's spotlight on a board: only the facilitator sets or ends it; it names a
//! card or column of that board only; every stream hears it, and one opened later starts
//! with it; another expedition's board is not found.

use std::time::Duration;

use hevruta_model::SessionGrant;
use hevruta_model::board::{BoardSnapshot, Card};
use hevruta_model::focus::FocusEvent;
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

const QUIET: Duration = Duration::from_millis(400);

async fn send(app: &TestApp, m: Method, g: &SessionGrant, rest: &str, body: Value) -> Response {
    let path = format!("/expeditions/{}{rest}", g.expedition_id);
    app.send_json(m, &path, Some(&g.token), &body).await
}

/// A board of `g`'s expedition with one card in its first column.
async fn board_with_card(app: &TestApp, g: &SessionGrant) -> (BoardSnapshot, Card) {
    let id = Uuid::now_v7();
    let res = send(
        app,
        Method::POST,
        g,
        "/boards",
        json!({ "id": id, "title": "Innovations" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let board_path = format!("/expeditions/{}/boards/{id}", g.expedition_id);
    let snap: BoardSnapshot = app.get(&board_path, &g.token).await.json().await.unwrap();
    let res = send(
        app,
        Method::POST,
        g,
        &format!("/boards/{id}/cards"),
        json!({ "id": Uuid::now_v7(), "column_id": snap.columns[0].id, "key": "V",
                "title": "Espoo makerspaces", "source": "hundred", "themes": [], "sectors": [] }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let card: Card = res.json().await.unwrap();
    let snap = app.get(&board_path, &g.token).await.json().await.unwrap();
    (snap, card)
}

#[tokio::test]
async fn only_the_facilitator_spotlights_a_card_and_late_streams_start_with_it() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let wall = app.join_viewer(&code).await;
    let (board, card) = board_with_card(&app, &f).await;
    let focus_path = format!("/boards/{}/focus", board.board.id);
    let on_card = json!({ "card": card.id });
    for who in [&noa, &wall] {
        let res = send(&app, Method::PUT, who, &focus_path, on_card.clone()).await;
        assert_problem(res, 403, "forbidden").await;
        let res = app
            .req(
                Method::DELETE,
                &format!("/expeditions/{}{focus_path}", who.expedition_id),
                Some(&who.token),
            )
            .send()
            .await
            .unwrap();
        assert_problem(res, 403, "forbidden").await;
    }
    let mut projector = app.stream(&wall, "", None).await;
    assert!(
        projector.live_within("focus", QUIET).await.is_none(),
        "nothing is spotlit yet"
    );

    let res = send(&app, Method::PUT, &f, &focus_path, on_card.clone()).await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let heard: FocusEvent = serde_json::from_value(projector.next_live("focus").await).unwrap();
    assert_eq!((heard.board_id, heard.by), (board.board.id, f.member.id));
    let focus = heard.focus.expect("a spotlight");
    assert_eq!(
        (focus.card, focus.column, focus.bring),
        (Some(card.id), None, false)
    );

    let mut late = app.stream(&noa, "", None).await;
    let caught: FocusEvent = serde_json::from_value(late.next_live("focus").await).unwrap();
    assert_eq!(
        caught.focus.and_then(|f| f.card),
        Some(card.id),
        "a late follower starts at the spotlit card"
    );

    // The card's column with it, or the column alone, is fine; another column is not.
    let column = board.columns[0].id;
    for body in [
        json!({ "card": card.id, "column": column, "bring": true }),
        json!({ "column": column }),
    ] {
        let res = send(&app, Method::PUT, &f, &focus_path, body).await;
        assert_eq!(res.status(), StatusCode::NO_CONTENT);
    }
    let bring: FocusEvent = serde_json::from_value(projector.next_live("focus").await).unwrap();
    assert!(bring.focus.unwrap().bring);

    let end = app
        .req(
            Method::DELETE,
            &format!("/expeditions/{}{focus_path}", f.expedition_id),
            Some(&f.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(end.status(), StatusCode::NO_CONTENT);
    // The column-only spotlight, then its end.
    let _column_only = projector.next_live("focus").await;
    let ended: FocusEvent = serde_json::from_value(projector.next_live("focus").await).unwrap();
    assert_eq!(ended.focus, None, "the spotlight ended");
    let mut after = app.stream(&noa, "", None).await;
    assert!(after.live_within("focus", QUIET).await.is_none());
}

#[tokio::test]
async fn a_spotlight_names_a_card_or_column_of_that_board_only() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let (board, card) = board_with_card(&app, &f).await;
    let (second, other_card) = board_with_card(&app, &f).await;
    let focus_path = format!("/boards/{}/focus", board.board.id);
    for (body, field, code) in [
        (json!({}), "card", "required"),
        (json!({ "card": other_card.id }), "card", "unknown_item"),
        (json!({ "card": Uuid::now_v7() }), "card", "unknown_item"),
        (
            json!({ "column": second.columns[0].id }),
            "column",
            "unknown_column",
        ),
        (
            json!({ "card": card.id, "column": board.columns[1].id }),
            "column",
            "unknown_column",
        ),
    ] {
        let problem = assert_problem(
            send(&app, Method::PUT, &f, &focus_path, body.clone()).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(problem["errors"][0]["field"], field, "{body}");
        assert_eq!(problem["errors"][0]["code"], code, "{body}");
    }

    // Another expedition's board is not found, whichever id is asked for.
    let other = app.create("Elsewhere").await;
    let (theirs, their_card) = board_with_card(&app, &other).await;
    let res = send(
        &app,
        Method::PUT,
        &f,
        &format!("/boards/{}/focus", theirs.board.id),
        json!({ "card": their_card.id }),
    )
    .await;
    assert_problem(res, 404, "not_found").await;
    let res = app
        .req(
            Method::DELETE,
            &format!(
                "/expeditions/{}/boards/{}/focus",
                other.expedition_id, theirs.board.id
            ),
            Some(&f.token),
        )
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
}
