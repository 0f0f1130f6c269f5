//! Voting rounds: the facilitator opens one per canvas or board, members place dots within
//! the budget and the cap on that canvas's stickies or that board's cards while it is open,
//! viewers cannot vote, and nobody's dots nor any tally leave the server before the reveal,
//! by any answer or on the stream. The reveal ranks and stores the results (anonymous ones
//! without voters, even for the facilitator and in the stored snapshot).

use std::time::Duration;

use hevruta_model::board::BoardSummary;
use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::vote::{RoundListing, RoundStatus, RoundView};
use hevruta_model::{CanvasSummary, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

fn path(g: &SessionGrant, rest: &str) -> String {
    format!("/expeditions/{}{rest}", g.expedition_id)
}

async fn send(app: &TestApp, m: Method, g: &SessionGrant, rest: &str, body: Value) -> Response {
    app.send_json(m, &path(g, rest), Some(&g.token), &body)
        .await
}

async fn post(app: &TestApp, g: &SessionGrant, rest: &str) -> Response {
    app.req(Method::POST, &path(g, rest), Some(&g.token))
        .send()
        .await
        .unwrap()
}

async fn view(res: Response) -> RoundView {
    let status = res.status();
    let body: Value = res.json().await.unwrap();
    assert!(status.is_success(), "{status}: {body}");
    serde_json::from_value(body).expect("a RoundView")
}

/// A facilitator, two participants and a projector, with a canvas of three stickies.
struct Room {
    f: SessionGrant,
    noa: SessionGrant,
    dana: SessionGrant,
    projector: SessionGrant,
    canvas: CanvasSummary,
    stickies: Vec<Uuid>,
}

async fn room(app: &TestApp) -> Room {
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let dana = app.join(&code, "Dana").await;
    let projector = app.join_viewer(&code).await;
    let res = send(
        app,
        Method::POST,
        &f,
        "/canvases",
        json!({ "title": "Our model", "template": "blank" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let canvas: CanvasSummary = res.json().await.unwrap();
    let stickies: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
    let ops: Vec<Op> = stickies
        .iter()
        .zip(["Swim lessons", "Night library", "Market maths"])
        .map(|(id, text)| Op {
            id: OpId(Uuid::now_v7()),
            sticky: StickyId(*id),
            kind: OpKind::Create {
                section: None,
                text: text.into(),
                color: StickyColor::Yellow,
                x: 0.0,
                y: 0.0,
            },
        })
        .collect();
    let res = send(
        app,
        Method::POST,
        &f,
        &format!("/canvases/{}/ops", canvas.id),
        json!({ "ops": ops }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    Room {
        f,
        noa,
        dana,
        projector,
        canvas,
        stickies,
    }
}

async fn start(app: &TestApp, g: &SessionGrant, body: Value) -> Response {
    send(app, Method::POST, g, "/rounds", body).await
}

async fn open_on_canvas(
    app: &TestApp,
    r: &Room,
    budget: u32,
    cap: Option<u32>,
    anonymous: bool,
) -> RoundView {
    let res = start(
        app,
        &r.f,
        json!({ "on": { "canvas": r.canvas.id }, "budget": budget, "cap": cap, "anonymous": anonymous }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    view(res).await
}

async fn dots(app: &TestApp, g: &SessionGrant, round: &RoundView, item: Uuid, n: u32) -> Response {
    send(
        app,
        Method::PUT,
        g,
        &format!("/rounds/{}/votes", round.round.id),
        json!({ "item": item, "dots": n }),
    )
    .await
}

#[tokio::test]
async fn only_the_facilitator_opens_reveals_and_cancels_a_round() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let body = json!({ "on": { "canvas": r.canvas.id }, "budget": 3 });
    assert_problem(start(&app, &r.noa, body.clone()).await, 403, "forbidden").await;
    assert_problem(start(&app, &r.projector, body).await, 403, "forbidden").await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    assert_eq!(round.round.status, RoundStatus::Open);
    assert_eq!(round.remaining, 3);
    for action in ["reveal", "cancel"] {
        let rest = format!("/rounds/{}/{action}", round.round.id);
        assert_problem(post(&app, &r.noa, &rest).await, 403, "forbidden").await;
        assert_problem(post(&app, &r.projector, &rest).await, 403, "forbidden").await;
    }
}

#[tokio::test]
async fn one_round_is_open_per_canvas_and_the_rules_are_checked() {
    let app = spawn_app().await;
    let r = room(&app).await;
    for bad in [
        json!({ "on": { "canvas": r.canvas.id }, "budget": 0 }),
        json!({ "on": { "canvas": r.canvas.id }, "budget": 101 }),
        json!({ "on": { "canvas": r.canvas.id }, "budget": 3, "cap": 4 }),
        json!({ "on": { "canvas": r.canvas.id }, "budget": 3, "cap": 0 }),
    ] {
        assert_problem(start(&app, &r.f, bad).await, 422, "validation_failed").await;
    }
    assert_problem(
        start(&app, &r.f, json!({ "on": { "canvas": r.canvas.id } })).await,
        422,
        "invalid_body",
    )
    .await;
    let unknown = json!({ "on": { "canvas": Uuid::now_v7() }, "budget": 3 });
    assert_problem(start(&app, &r.f, unknown).await, 404, "not_found").await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    let again = json!({ "on": { "canvas": r.canvas.id }, "budget": 3 });
    assert_problem(start(&app, &r.f, again.clone()).await, 409, "conflict").await;
    let res = post(&app, &r.f, &format!("/rounds/{}/cancel", round.round.id)).await;
    assert_eq!(view(res).await.round.status, RoundStatus::Cancelled);
    assert_eq!(
        start(&app, &r.f, again).await.status(),
        StatusCode::CREATED,
        "open again once ended"
    );
}

#[tokio::test]
async fn nobody_votes_past_the_budget_or_the_cap() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 4, Some(2), false).await;
    let [a, b, c] = [r.stickies[0], r.stickies[1], r.stickies[2]];
    let mine = view(dots(&app, &r.noa, &round, a, 2).await).await;
    assert_eq!(mine.remaining, 2);
    let body = assert_problem(
        dots(&app, &r.noa, &round, b, 3).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "over_cap");
    assert_eq!(body["errors"][0]["max"], 2);
    view(dots(&app, &r.noa, &round, b, 2).await).await;
    let body = assert_problem(
        dots(&app, &r.noa, &round, c, 1).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "over_budget");
    assert_eq!(body["errors"][0]["max"], 4);
    // Taking a dot back frees it for another item.
    let mine = view(dots(&app, &r.noa, &round, a, 1).await).await;
    assert_eq!(mine.remaining, 1);
    let mine = view(dots(&app, &r.noa, &round, c, 1).await).await;
    assert_eq!(mine.remaining, 0);
    let mut spent: Vec<_> = mine.mine.iter().map(|d| (d.item, d.dots)).collect();
    spent.sort();
    let mut want = vec![(a, 1), (b, 2), (c, 1)];
    want.sort();
    assert_eq!(spent, want);
    // Another member has a budget of their own.
    assert_eq!(
        view(dots(&app, &r.dana, &round, a, 2).await)
            .await
            .remaining,
        2
    );
}

#[tokio::test]
async fn a_cap_absent_means_up_to_the_budget_on_one_item() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    assert_eq!(
        view(dots(&app, &r.noa, &round, r.stickies[0], 3).await)
            .await
            .remaining,
        0
    );
}

#[tokio::test]
async fn a_viewer_cannot_vote() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    assert_problem(
        dots(&app, &r.projector, &round, r.stickies[0], 1).await,
        403,
        "forbidden",
    )
    .await;
}

#[tokio::test]
async fn dots_go_only_on_items_of_the_rounds_canvas_or_board() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    // A sticky of another canvas of the same expedition.
    let other = send(
        &app,
        Method::POST,
        &r.f,
        "/canvases",
        json!({ "title": "Other", "template": "blank" }),
    )
    .await;
    let other: CanvasSummary = other.json().await.unwrap();
    let foreign = Uuid::now_v7();
    let op = Op {
        id: OpId(Uuid::now_v7()),
        sticky: StickyId(foreign),
        kind: OpKind::Create {
            section: None,
            text: "elsewhere".into(),
            color: StickyColor::Blue,
            x: 0.0,
            y: 0.0,
        },
    };
    let res = send(
        &app,
        Method::POST,
        &r.f,
        &format!("/canvases/{}/ops", other.id),
        json!({ "ops": [op] }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    for item in [foreign, Uuid::now_v7()] {
        let body = assert_problem(
            dots(&app, &r.noa, &round, item, 1).await,
            422,
            "validation_failed",
        )
        .await;
        assert_eq!(body["errors"][0]["code"], "unknown_item");
        assert_eq!(body["errors"][0]["field"], "item");
    }
    // A deleted sticky takes no dots either.
    let delete = Op {
        id: OpId(Uuid::now_v7()),
        sticky: StickyId(r.stickies[2]),
        kind: OpKind::Delete,
    };
    let res = send(
        &app,
        Method::POST,
        &r.f,
        &format!("/canvases/{}/ops", r.canvas.id),
        json!({ "ops": [delete] }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let body = assert_problem(
        dots(&app, &r.noa, &round, r.stickies[2], 1).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["code"], "unknown_item");
}

#[tokio::test]
async fn another_expeditions_round_is_not_found() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    let stranger = app.create("Other lab").await;
    let rest = format!("/rounds/{}", round.round.id);
    assert_problem(
        app.get(&path(&stranger, &rest), &stranger.token).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        dots(&app, &stranger, &round, r.stickies[0], 1).await,
        404,
        "not_found",
    )
    .await;
    assert_problem(
        post(&app, &stranger, &format!("{rest}/reveal")).await,
        404,
        "not_found",
    )
    .await;
    // Another expedition's canvas cannot get a round either.
    let body = json!({ "on": { "canvas": r.canvas.id }, "budget": 3 });
    assert_problem(start(&app, &stranger, body).await, 404, "not_found").await;
}

#[tokio::test]
async fn nobody_votes_once_a_round_has_ended() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, None, false).await;
    view(post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await).await;
    assert_problem(
        dots(&app, &r.noa, &round, r.stickies[0], 1).await,
        409,
        "conflict",
    )
    .await;
    assert_problem(
        post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await,
        409,
        "conflict",
    )
    .await;
    assert_problem(
        post(&app, &r.f, &format!("/rounds/{}/cancel", round.round.id)).await,
        409,
        "conflict",
    )
    .await;
}

/// Everything `who` can read about the round before the reveal, as raw JSON text.
async fn everything_readable(app: &TestApp, who: &SessionGrant, round: &RoundView) -> String {
    let one = app
        .get(
            &path(who, &format!("/rounds/{}", round.round.id)),
            &who.token,
        )
        .await;
    assert_eq!(one.status(), StatusCode::OK);
    let list = app.get(&path(who, "/rounds"), &who.token).await;
    assert_eq!(list.status(), StatusCode::OK);
    format!(
        "{}{}",
        one.text().await.unwrap(),
        list.text().await.unwrap()
    )
}

#[tokio::test]
async fn no_tally_and_no_one_elses_dots_leave_the_server_before_the_reveal() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let mut dana_stream = app.stream(&r.dana, "", None).await;
    let round = open_on_canvas(&app, &r, 5, None, false).await;
    view(dots(&app, &r.noa, &round, r.stickies[0], 3).await).await;
    view(dots(&app, &r.noa, &round, r.stickies[1], 1).await).await;
    view(dots(&app, &r.noa, &round, r.stickies[0], 2).await).await;

    for who in [&r.dana, &r.f, &r.projector] {
        let text = everything_readable(&app, who, &round).await;
        for item in &r.stickies {
            assert!(
                !text.contains(&item.to_string()),
                "no item with dots leaks: {text}"
            );
        }
        assert!(
            !text.contains(&r.noa.member.id.to_string()),
            "no voter leaks: {text}"
        );
        let seen: RoundView = app
            .get(
                &path(who, &format!("/rounds/{}", round.round.id)),
                &who.token,
            )
            .await
            .json()
            .await
            .unwrap();
        assert!(seen.mine.is_empty() && seen.results.is_none());
        assert_eq!(seen.round.voters, 1, "only the public count");
    }

    // The stream: everything Dana gets carries only public facts.
    let mut frames = Vec::new();
    while let Some(m) = dana_stream.next_within(Duration::from_millis(600)).await {
        frames.push(m);
    }
    let rounds: Vec<_> = frames.iter().filter(|m| m.event == "round").collect();
    assert_eq!(rounds.len(), 2, "opened, then one member voted: {frames:?}");
    assert_eq!(rounds[1].data["round"]["voters"], 1);
    for m in &frames {
        let text = m.data.to_string();
        for item in &r.stickies {
            assert!(
                !text.contains(&item.to_string()) || m.event == "ops",
                "{text}"
            );
        }
        assert!(
            !text.contains(&r.noa.member.id.to_string()) || m.event != "round",
            "{text}"
        );
    }
    assert!(
        rounds
            .iter()
            .all(|m| m.data["round"].get("results").is_none())
    );

    // Then the reveal is public.
    let revealed =
        view(post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await).await;
    let m = dana_stream.next().await;
    assert_eq!(m.event, "round");
    assert_eq!(m.data["round"]["status"], "revealed");
    let seen = view(
        app.get(
            &path(&r.dana, &format!("/rounds/{}", round.round.id)),
            &r.dana.token,
        )
        .await,
    )
    .await;
    assert_eq!(seen.results, revealed.results);
}

#[tokio::test]
async fn moving_a_dot_between_items_sends_nothing() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 5, None, false).await;
    view(dots(&app, &r.noa, &round, r.stickies[0], 1).await).await;
    let mut s = app
        .stream(&r.dana, "", Some(app_last_seq(&app, &r).await))
        .await;
    view(dots(&app, &r.noa, &round, r.stickies[1], 2).await).await;
    view(dots(&app, &r.noa, &round, r.stickies[0], 0).await).await;
    assert!(
        s.next_within(Duration::from_millis(500)).await.is_none(),
        "the count of voters did not change"
    );
    view(dots(&app, &r.dana, &round, r.stickies[0], 1).await).await;
    assert_eq!(s.next().await.data["round"]["voters"], 2);
}

async fn app_last_seq(app: &TestApp, r: &Room) -> u64 {
    let l: RoundListing = app
        .get(&path(&r.f, "/rounds"), &r.f.token)
        .await
        .json()
        .await
        .unwrap();
    l.last_seq
}

#[tokio::test]
async fn the_reveal_ranks_with_shared_ranks_and_names_voters_of_a_named_round() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 5, None, false).await;
    let [swim, library, market] = [r.stickies[0], r.stickies[1], r.stickies[2]];
    view(dots(&app, &r.noa, &round, library, 3).await).await;
    view(dots(&app, &r.dana, &round, market, 2).await).await;
    view(dots(&app, &r.dana, &round, swim, 1).await).await;
    view(dots(&app, &r.f, &round, swim, 1).await).await;
    let revealed =
        view(post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await).await;
    assert_eq!(revealed.round.status, RoundStatus::Revealed);
    let results = revealed.results.unwrap();
    let ranked: Vec<_> = results
        .items
        .iter()
        .map(|i| (i.label.as_str(), i.rank, i.dots))
        .collect();
    assert_eq!(
        ranked,
        [
            ("Night library", 1, 3),
            ("Market maths", 2, 2),
            ("Swim lessons", 2, 2)
        ]
    );
    assert_eq!((results.voters, results.dots), (3, 7));
    let swim_voters: Vec<_> = results.items[2]
        .voters
        .as_ref()
        .unwrap()
        .iter()
        .map(|v| (v.name.as_str(), v.dots))
        .collect();
    assert_eq!(swim_voters.len(), 2);
    assert!(swim_voters.contains(&("Dana", 1)) && swim_voters.contains(&("Yael", 1)));
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "opens a second store on the reference server's database"
)]
async fn an_anonymous_round_never_says_who_voted_not_even_in_the_stored_snapshot() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, None, true).await;
    view(dots(&app, &r.noa, &round, r.stickies[0], 2).await).await;
    view(dots(&app, &r.dana, &round, r.stickies[0], 1).await).await;
    let revealed = post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await;
    let text = revealed.text().await.unwrap();
    for who in [&r.noa, &r.dana] {
        assert!(!text.contains(&who.member.id.to_string()), "{text}");
    }
    assert!(!text.contains("Noa") && !text.contains("Dana"), "{text}");
    let v: RoundView = serde_json::from_str(&text).unwrap();
    assert_eq!(v.results.as_ref().unwrap().items[0].voters, None);
    assert_eq!(v.results.unwrap().items[0].dots, 3);

    // Nothing stored says it either: the dots are gone and the snapshot has no voters.
    let conn = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db().display()))
        .await
        .unwrap();
    let left: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM round_dots")
        .fetch_one(&conn)
        .await
        .unwrap();
    assert_eq!(left, 0);
    let stored: String = sqlx::query_scalar("SELECT results FROM vote_rounds")
        .fetch_one(&conn)
        .await
        .unwrap();
    assert!(
        !stored.contains(&r.noa.member.id.to_string()) && !stored.contains("Noa"),
        "{stored}"
    );
    let log: Vec<String> = sqlx::query_scalar("SELECT change FROM events WHERE name = 'round'")
        .fetch_all(&conn)
        .await
        .unwrap();
    assert!(
        log.iter()
            .all(|e| !e.contains(&r.noa.member.id.to_string()))
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reads the reference server's database with a second store"
)]
async fn revealed_results_are_stored_and_listed_after_a_restart() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let round = open_on_canvas(&app, &r, 3, Some(1), false).await;
    view(dots(&app, &r.noa, &round, r.stickies[1], 1).await).await;
    let revealed =
        view(post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await).await;
    let cancelled = open_on_canvas(&app, &r, 2, None, false).await;
    view(
        post(
            &app,
            &r.f,
            &format!("/rounds/{}/cancel", cancelled.round.id),
        )
        .await,
    )
    .await;

    // A second store on the same file is what a restarted server reads.
    let restarted = hevruta_server::store::Store::open(app.db()).await.unwrap();
    let listing = restarted.rounds(r.f.expedition_id).await.unwrap();
    let ids: Vec<_> = listing.rounds.iter().map(|x| (x.id, x.status)).collect();
    assert_eq!(
        ids,
        [
            (cancelled.round.id, RoundStatus::Cancelled),
            (round.round.id, RoundStatus::Revealed)
        ]
    );
    let again = restarted
        .round_view(r.f.expedition_id, round.round.id, r.dana.member.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(again.results, revealed.results);
    assert_eq!(again.results.unwrap().items[0].label, "Night library");
}

#[tokio::test]
async fn a_round_on_a_board_counts_its_cards_only() {
    let app = spawn_app().await;
    let r = room(&app).await;
    let board: BoardSummary = send(
        &app,
        Method::POST,
        &r.f,
        "/boards",
        json!({ "id": Uuid::now_v7(), "title": "Innovations" }),
    )
    .await
    .json()
    .await
    .unwrap();
    let snap: Value = app
        .get(&path(&r.f, &format!("/boards/{}", board.id)), &r.f.token)
        .await
        .json()
        .await
        .unwrap();
    let column = snap["columns"][0]["id"].clone();
    let mut cards = Vec::new();
    for title in ["Espoo", "=cmd|' /C calc'!A0"] {
        let id = Uuid::now_v7();
        let res = send(&app, Method::POST, &r.noa, &format!("/boards/{}/cards", board.id),
            json!({ "id": id, "column_id": column, "key": "V", "title": title, "source": "hundred", "themes": [], "sectors": [] })).await;
        assert_eq!(res.status(), StatusCode::CREATED);
        cards.push(id);
    }
    let res = start(
        &app,
        &r.f,
        json!({ "on": { "board": board.id }, "budget": 2, "anonymous": true }),
    )
    .await;
    let round = view(res).await;
    let body = assert_problem(
        dots(&app, &r.noa, &round, r.stickies[0], 1).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(
        body["errors"][0]["code"], "unknown_item",
        "a sticky is not a card"
    );
    view(dots(&app, &r.noa, &round, cards[1], 2).await).await;
    view(dots(&app, &r.dana, &round, cards[0], 1).await).await;
    let results = view(post(&app, &r.f, &format!("/rounds/{}/reveal", round.round.id)).await)
        .await
        .results
        .unwrap();
    let ranked: Vec<_> = results
        .items
        .iter()
        .map(|i| (i.label.as_str(), i.dots))
        .collect();
    assert_eq!(ranked, [("=cmd|' /C calc'!A0", 2), ("Espoo", 1)]);
    assert!(results.items.iter().all(|i| i.voters.is_none()));
}
