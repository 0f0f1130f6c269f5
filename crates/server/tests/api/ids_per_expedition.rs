//! Ids made by clients are the expedition's own: a second expedition that reuses every id
//! the first one used (op, sticky, learning, board, column, card, comment, imported rows)
//! gets exactly the answers never-seen ids get, and nothing it does reaches the first's.

use hevruta_model::SessionGrant;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

/// Every client-made id one run of `exercise` uses.
struct Ids {
    sticky: Uuid,
    ops: [Uuid; 3],
    learning: Uuid,
    board: Uuid,
    columns: [Uuid; 3],
    cards: [Uuid; 2],
    comment: Uuid,
}

impl Ids {
    fn fresh() -> Self {
        let id = Uuid::now_v7;
        Ids {
            sticky: id(),
            ops: [id(), id(), id()],
            learning: id(),
            board: id(),
            columns: [id(), id(), id()],
            cards: [id(), id()],
            comment: id(),
        }
    }
}

fn card(id: Uuid, column: Uuid, title: &str, from_learning: Option<Uuid>) -> Value {
    json!({
        "id": id,
        "column_id": column,
        "key": "V",
        "title": title,
        "link": "https://hundred.org/en/innovations",
        "origin_city": "Espoo",
        "origin_country": "Finland",
        "source": "hundred",
        "themes": ["makerspaces"],
        "sectors": ["public"],
        "from_learning": from_learning,
    })
}

/// Creates, changes and removes one of everything with `ids` in `g`'s expedition; the
/// status of each step, named.
async fn exercise(app: &TestApp, g: &SessionGrant, ids: &Ids) -> Vec<(&'static str, u16)> {
    let e = format!("/expeditions/{}", g.expedition_id);
    let mut said = Vec::new();
    let mut send = async |what: &'static str, method: Method, path: String, body: Value| {
        let res = app.send_json(method, &path, Some(&g.token), &body).await;
        said.push((what, res.status().as_u16()));
        res
    };
    let canvas: Value = send(
        "create canvas",
        Method::POST,
        format!("{e}/canvases"),
        json!({ "title": "Our model", "template": "blank" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let ops = format!("{e}/canvases/{}/ops", canvas["id"].as_str().unwrap());
    let create = json!({ "id": ids.ops[0], "sticky": ids.sticky, "type": "create",
        "text": "a sticky", "color": "yellow", "x": 1.0, "y": 2.0 });
    send(
        "create sticky",
        Method::POST,
        ops.clone(),
        json!({ "ops": [create] }),
    )
    .await;
    send(
        "replay op",
        Method::POST,
        ops.clone(),
        json!({ "ops": [create] }),
    )
    .await;
    let edit =
        json!({ "id": ids.ops[1], "sticky": ids.sticky, "type": "set_text", "text": "edited" });
    send(
        "edit sticky",
        Method::POST,
        ops.clone(),
        json!({ "ops": [edit] }),
    )
    .await;
    let delete = json!({ "id": ids.ops[2], "sticky": ids.sticky, "type": "delete" });
    send(
        "delete sticky",
        Method::POST,
        ops.clone(),
        json!({ "ops": [delete] }),
    )
    .await;

    let learning = json!({ "id": ids.learning, "circle": 3, "title": "Tool libraries",
        "text": "Espoo's libraries lend tools.", "themes": ["libraries"] });
    send(
        "create learning",
        Method::POST,
        format!("{e}/learnings"),
        learning.clone(),
    )
    .await;
    send(
        "replay learning",
        Method::POST,
        format!("{e}/learnings"),
        learning.clone(),
    )
    .await;
    let mut changed = learning.clone();
    changed["title"] = json!("Tool libraries, again");
    send(
        "same learning id, another body",
        Method::POST,
        format!("{e}/learnings"),
        changed.clone(),
    )
    .await;
    send(
        "update learning",
        Method::PUT,
        format!("{e}/learnings/{}", ids.learning),
        changed,
    )
    .await;

    let [c1, c2, c3] = ids.columns;
    let board = json!({ "id": ids.board, "title": "Innovations", "columns": [
        { "id": c1, "title": "Seen", "key": "a" }, { "id": c2, "title": "Tried", "key": "b" }] });
    send(
        "create board",
        Method::POST,
        format!("{e}/boards"),
        board.clone(),
    )
    .await;
    send("replay board", Method::POST, format!("{e}/boards"), board).await;
    let b = format!("{e}/boards/{}", ids.board);
    send(
        "add column",
        Method::POST,
        format!("{b}/columns"),
        json!({ "id": c3, "title": "Later", "key": "c" }),
    )
    .await;
    send(
        "rename column",
        Method::PATCH,
        format!("{b}/columns/{c3}"),
        json!({ "title": "Soon" }),
    )
    .await;
    let [k1, k2] = ids.cards;
    let first = card(k1, c1, "Makerspaces", Some(ids.learning));
    send(
        "add card",
        Method::POST,
        format!("{b}/cards"),
        first.clone(),
    )
    .await;
    send("replay card", Method::POST, format!("{b}/cards"), first).await;
    send(
        "same card id, another body",
        Method::POST,
        format!("{b}/cards"),
        card(k1, c1, "Something else", None),
    )
    .await;
    send(
        "import",
        Method::POST,
        format!("{b}/import"),
        json!({
        "columns": [{ "id": c3, "title": "Soon", "key": "c" }],
        "cards": [card(k2, c3, "Imported", None)] }),
    )
    .await;
    send("edit card", Method::PATCH, format!("{b}/cards/{k1}"), {
        let mut content = card(k1, c1, "Makerspaces in libraries", None);
        for field in ["id", "column_id", "key", "from_learning"] {
            content.as_object_mut().unwrap().remove(field);
        }
        content
    })
    .await;
    send(
        "move card",
        Method::POST,
        format!("{b}/cards/{k1}/move"),
        json!({ "column_id": c2, "key": "V" }),
    )
    .await;
    send(
        "vote",
        Method::PUT,
        format!("{b}/cards/{k1}/votes"),
        json!({ "count": 2 }),
    )
    .await;
    let comment = json!({ "id": ids.comment, "text": "Worth a visit" });
    let comments = format!("{b}/cards/{k1}/comments");
    send("comment", Method::POST, comments.clone(), comment.clone()).await;
    send("replay comment", Method::POST, comments.clone(), comment).await;
    send(
        "same comment id, another text",
        Method::POST,
        comments,
        json!({ "id": ids.comment, "text": "Not worth it" }),
    )
    .await;
    send(
        "remove card",
        Method::DELETE,
        format!("{b}/cards/{k2}"),
        json!({}),
    )
    .await;
    send(
        "remove column",
        Method::DELETE,
        format!("{b}/columns/{c3}"),
        json!({}),
    )
    .await;
    send(
        "delete learning",
        Method::DELETE,
        format!("{e}/learnings/{}", ids.learning),
        json!({}),
    )
    .await;
    said
}

/// What `g` reads of its expedition's boards, learnings and canvases, without the
/// expedition-wide sequence numbers.
async fn everything(app: &TestApp, g: &SessionGrant, ids: &Ids) -> Vec<Value> {
    let e = format!("/expeditions/{}", g.expedition_id);
    let mut read = Vec::new();
    for path in [
        format!("{e}/boards/{}", ids.board),
        format!("{e}/learnings"),
        format!("{e}/citables"),
    ] {
        let res = app.get(&path, &g.token).await;
        assert_eq!(res.status(), StatusCode::OK, "{path}");
        read.push(res.json().await.unwrap());
    }
    let canvases: Value = app
        .get(&format!("{e}/canvases"), &g.token)
        .await
        .json()
        .await
        .unwrap();
    for c in canvases["canvases"].as_array().unwrap() {
        let path = format!("{e}/canvases/{}", c["id"].as_str().unwrap());
        read.push(app.get(&path, &g.token).await.json().await.unwrap());
    }
    read
}

#[tokio::test]
async fn another_expeditions_ids_answer_like_never_seen_ones() {
    let app = spawn_app().await;
    let first = app.create("Lab").await;
    let ids = Ids::fresh();
    let fresh = exercise(&app, &first, &ids).await;
    let statuses: Vec<u16> = fresh.iter().map(|(_, s)| *s).collect();
    assert_eq!(
        statuses,
        [
            201, 200, 200, 200, 200, // canvas, sticky ops
            201, 200, 409, 200, // learning
            201, 200, 201, 200, // board, columns
            201, 200, 409, 200, 200, 200, 200, // cards, import, votes
            201, 200, 409, // comment
            204, 204, 204, // removals
        ],
        "{fresh:?}"
    );
    let before = everything(&app, &first, &ids).await;

    let second = app.create("Other lab").await;
    let reused = exercise(&app, &second, &ids).await;
    assert_eq!(
        reused, fresh,
        "ids the other expedition used are fresh here"
    );
    assert_eq!(
        everything(&app, &first, &ids).await,
        before,
        "nothing the second expedition did reached the first's rows"
    );

    // And the first expedition's ids still answer as its own, after the second used them.
    let again = exercise(&app, &first, &ids).await;
    let code = |r: &[(&str, u16)], what: &str| r.iter().find(|(w, _)| *w == what).unwrap().1;
    assert_eq!(code(&again, "create board"), 200, "{again:?}");
    assert_eq!(
        code(&again, "create sticky"),
        409,
        "its op ids are taken (by its first canvas): {again:?}"
    );
}

#[tokio::test]
async fn an_op_id_is_still_the_expeditions_once_across_its_canvases() {
    let app = spawn_app().await;
    let g = app.create("Lab").await;
    let e = format!("/expeditions/{}", g.expedition_id);
    let mut canvases = Vec::new();
    for _ in 0..2 {
        let res = app
            .send_json(
                Method::POST,
                &format!("{e}/canvases"),
                Some(&g.token),
                &json!({ "title": "Our model", "template": "blank" }),
            )
            .await;
        let c: Value = res.json().await.unwrap();
        canvases.push(format!("{e}/canvases/{}/ops", c["id"].as_str().unwrap()));
    }
    let (op, sticky) = (Uuid::now_v7(), Uuid::now_v7());
    let create = json!({ "ops": [{ "id": op, "sticky": sticky, "type": "create",
        "text": "a sticky", "color": "yellow", "x": 1.0, "y": 2.0 }] });
    let res = app
        .send_json(Method::POST, &canvases[0], Some(&g.token), &create)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = app
        .send_json(Method::POST, &canvases[1], Some(&g.token), &create)
        .await;
    assert_problem(res, 409, "conflict").await;
}
