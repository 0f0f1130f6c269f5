//! The updates feed: only facilitators announce, members react and reply, the digest
//! groups what others changed since a member last looked, pages follow an opaque cursor,
//! and read markers belong to the member across sessions; bad input is a clear 4xx.

use hevruta_model::SessionGrant;
use hevruta_model::feed::{FeedItem, FeedPage, FeedRead};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

fn feed(g: &SessionGrant) -> String {
    format!("/expeditions/{}/feed", g.expedition_id)
}

async fn post(app: &TestApp, g: &SessionGrant, body: &Value) -> Response {
    app.send_json(Method::POST, &feed(g), Some(&g.token), body)
        .await
}

async fn announce(app: &TestApp, g: &SessionGrant, text: &str) -> FeedItem {
    let res = post(app, g, &json!({ "kind": "announcement", "text": text })).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn page(app: &TestApp, g: &SessionGrant, query: &str) -> FeedPage {
    let res = app.get(&format!("{}{query}", feed(g)), &g.token).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn mark_read(app: &TestApp, g: &SessionGrant, seq: u64) -> FeedRead {
    let res = app
        .send_json(
            Method::PUT,
            &format!("{}/read", feed(g)),
            Some(&g.token),
            &json!({ "seq": seq }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

async fn field_codes(res: Response) -> Vec<(String, String)> {
    let body = assert_problem(res, 422, "validation_failed").await;
    body["errors"]
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
async fn only_facilitators_announce_and_members_react_and_reply() {
    let app = spawn_app().await;
    let yael = app.create("Feed").await;
    let code = app.join_code(&yael).await;
    let noa = app.join(&code, "Noa").await;
    let viewer = app.join_viewer(&code).await;

    let res = post(
        &app,
        &noa,
        &json!({ "kind": "announcement", "text": "Party!" }),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    let res = post(&app, &viewer, &json!({ "kind": "milestone", "text": "x" })).await;
    assert_problem(res, 403, "forbidden").await;

    let res = post(
        &app,
        &yael,
        &json!({
            "kind": "announcement",
            "text": "Learning trip to the Espoo library makerspace",
            "date": "2099-05-14", "time": "09:30", "time_zone": "Europe/Helsinki",
            "place": "Meet at the station", "link": "https://example.org/trip",
        }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let trip: FeedItem = res.json().await.unwrap();
    assert_eq!(trip.time_zone.as_deref(), Some("Europe/Helsinki"));

    let react = |g: &SessionGrant, on: bool| {
        let path = format!("{}/{}/reaction", feed(g), trip.id);
        let token = g.token.clone();
        let app = &app;
        async move {
            app.send_json(
                Method::PUT,
                &path,
                Some(&token),
                &json!({ "reaction": "going", "on": on }),
            )
            .await
        }
    };
    let res = react(&noa, true).await;
    assert_eq!(res.status(), StatusCode::OK);
    let again: FeedItem = react(&noa, true).await.json().await.unwrap();
    assert_eq!(
        again.reaction_count(noa.member.id, hevruta_model::feed::Reaction::Going),
        (true, 1)
    );
    assert_problem(react(&viewer, true).await, 403, "forbidden").await;
    let res = app
        .send_json(
            Method::PUT,
            &format!("{}/{}/reaction", feed(&noa), trip.id),
            Some(&noa.token),
            &json!({ "reaction": "angry", "on": true }),
        )
        .await;
    assert_problem(res, 422, "invalid_body").await;

    let res = app
        .send_json(
            Method::POST,
            &format!("{}/{}/replies", feed(&noa), trip.id),
            Some(&noa.token),
            &json!({ "text": "I'll bring the camera <script>" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let replied: FeedItem = res.json().await.unwrap();
    assert_eq!(replied.replies[0].text, "I'll bring the camera <script>");
    assert_eq!(replied.reactions.len(), 1, "the reply keeps the reaction");

    let res = app
        .send_json(
            Method::POST,
            &format!("{}/{}/replies", feed(&noa), Uuid::now_v7()),
            Some(&noa.token),
            &json!({ "text": "hello?" }),
        )
        .await;
    assert_problem(res, 404, "not_found").await;

    let listed = page(&app, &noa, "").await;
    assert_eq!(listed.items, std::slice::from_ref(&replied));
    assert_eq!(listed.upcoming, [replied], "dated and ahead");
}

#[tokio::test]
async fn new_items_arrive_on_the_stream() {
    let app = spawn_app().await;
    let yael = app.create("Feed").await;
    let code = app.join_code(&yael).await;
    let noa = app.join(&code, "Noa").await;
    let mut stream = app.stream(&noa, "", None).await;
    let item = announce(&app, &yael, "Stage 2 starts Monday").await;
    let frame = loop {
        let m = stream.next().await;
        if m.event == "feed" {
            break m;
        }
    };
    assert_eq!(frame.id, item.seq, "stored: resumable by its number");
    assert_eq!(frame.data["item"]["id"], json!(item.id));
    assert_eq!(frame.data["seq"], json!(item.seq));
}

#[tokio::test]
async fn bad_posts_are_refused_field_by_field() {
    let app = spawn_app().await;
    let yael = app.create("Feed").await;
    let res = post(
        &app,
        &yael,
        &json!({
            "kind": "announcement",
            "text": "x".repeat(2001),
            "date": "2027-02-29",
            "time": "25:00",
            "link": "javascript:alert(1)",
            "place": "p".repeat(81),
        }),
    )
    .await;
    let codes = field_codes(res).await;
    for expected in [
        ("text", "too_long"),
        ("date", "invalid_date"),
        ("time", "invalid_time"),
        ("place", "too_long"),
        ("link", "invalid_url"),
    ] {
        assert!(
            codes.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {codes:?}"
        );
    }
    let res = post(
        &app,
        &yael,
        &json!({ "kind": "announcement", "text": "x", "date": "2027-04-31", "time": "10:00", "time_zone": "Mars Base/Olympus" }),
    )
    .await;
    assert_eq!(
        field_codes(res).await,
        [
            ("date".to_owned(), "invalid_date".to_owned()),
            ("time_zone".to_owned(), "invalid_time_zone".to_owned())
        ]
    );
    let res = post(&app, &yael, &json!({ "kind": "rumour", "text": "x" })).await;
    assert_problem(res, 422, "invalid_body").await;
    assert!(
        page(&app, &yael, "").await.items.is_empty(),
        "nothing stored"
    );
}

#[tokio::test]
async fn pages_follow_the_cursor_and_refuse_foreign_or_made_up_ones() {
    let app = spawn_app().await;
    let yael = app.create("Feed").await;
    let other = app.create("Another city").await;
    for i in 0..5 {
        announce(&app, &yael, &format!("News {i}")).await;
    }
    let first = page(&app, &yael, "?limit=2").await;
    let texts = |p: &FeedPage| p.items.iter().map(|i| i.text.clone()).collect::<Vec<_>>();
    assert_eq!(texts(&first), ["News 4", "News 3"]);
    let cursor = first.next_cursor.clone().unwrap();
    let second = page(&app, &yael, &format!("?limit=2&cursor={cursor}")).await;
    assert_eq!(texts(&second), ["News 2", "News 1"]);
    assert!(second.digest.is_empty() && second.upcoming.is_empty());
    let last = page(
        &app,
        &yael,
        &format!("?limit=2&cursor={}", second.next_cursor.unwrap()),
    )
    .await;
    assert_eq!(texts(&last), ["News 0"]);
    assert_eq!(last.next_cursor, None);

    let foreign = app
        .get(&format!("{}?cursor={cursor}", feed(&other)), &other.token)
        .await;
    assert_eq!(
        field_codes(foreign).await,
        [("cursor".to_owned(), "malformed".to_owned())]
    );
    for junk in ["garbage", "%27%20OR%201%3D1", &"f".repeat(48)] {
        let res = app
            .get(&format!("{}?cursor={junk}", feed(&yael)), &yael.token)
            .await;
        assert_eq!(
            field_codes(res).await,
            [("cursor".to_owned(), "malformed".to_owned())]
        );
    }
    for limit in ["0", "21"] {
        let res = app
            .get(&format!("{}?limit={limit}", feed(&yael)), &yael.token)
            .await;
        assert_eq!(
            field_codes(res).await,
            [("limit".to_owned(), "too_many".to_owned())]
        );
    }
    let res = app
        .get(&format!("{}?limit=many", feed(&yael)), &yael.token)
        .await;
    assert_problem(res, 422, "invalid_body").await;
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "gives a member a second session in-process"
)]
async fn unread_counts_follow_the_member_across_sessions() {
    let app = spawn_app().await;
    let yael = app.create("Feed").await;
    let code = app.join_code(&yael).await;
    let phone = app.join(&code, "Noa").await;
    let laptop_token = "noa-laptop-session-token-0123456789abcdef";
    app.state()
        .store
        .add_session(
            phone.member.id,
            &hevruta_server::auth::hash_token(laptop_token),
        )
        .await
        .unwrap();
    let laptop = SessionGrant {
        token: laptop_token.into(),
        ..phone.clone()
    };

    announce(&app, &yael, "One").await;
    announce(&app, &yael, "Two").await;
    assert_eq!(page(&app, &phone, "").await.read.unread, 2);
    assert_eq!(page(&app, &laptop, "").await.read.unread, 2);
    assert_eq!(
        page(&app, &yael, "").await.read.unread,
        0,
        "one's own posts are read"
    );

    let listed = page(&app, &phone, "").await;
    let read = mark_read(&app, &phone, listed.last_seq).await;
    assert_eq!(read.unread, 0);
    let on_laptop = page(&app, &laptop, "").await;
    assert_eq!(
        on_laptop.read.unread, 0,
        "read on the phone, read on the laptop"
    );
    assert_eq!(on_laptop.read.seen_seq, listed.last_seq);

    let three = announce(&app, &yael, "Three").await;
    let on_laptop = page(&app, &laptop, "").await;
    assert_eq!(on_laptop.read.unread, 1);
    assert!(on_laptop.is_unread(&on_laptop.items[0], phone.member.id));
    assert_eq!(on_laptop.items[0].id, three.id);
    let back = mark_read(&app, &laptop, 1).await;
    assert_eq!(back.seen_seq, listed.last_seq, "a marker never moves back");
    let far = mark_read(&app, &laptop, u64::MAX / 2).await;
    assert_eq!(far.seen_seq, on_laptop.last_seq, "at most the latest");
    assert_eq!(page(&app, &phone, "").await.read.unread, 0);
    let beyond = app
        .send_json(
            Method::PUT,
            &format!("{}/read", feed(&laptop)),
            Some(&laptop.token),
            &json!({ "seq": u64::MAX / 2 + 1 }),
        )
        .await;
    assert_problem(beyond, 422, "invalid_body").await;
}

#[tokio::test]
async fn the_digest_groups_what_others_changed_since_one_last_looked() {
    let app = spawn_app().await;
    let yael = app.create("Feed").await;
    let code = app.join_code(&yael).await;
    let noa = app.join(&code, "Noa").await;
    let other = app.create("Another city").await;

    // Noa has seen everything so far.
    let start = page(&app, &noa, "").await;
    mark_read(&app, &noa, start.last_seq).await;

    // Yael: three stickies on a canvas (one deleted again), one of Noa's own.
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", yael.expedition_id),
            Some(&yael.token),
            &json!({ "title": "City Education Model", "template": "blank" }),
        )
        .await;
    let canvas: Value = res.json().await.unwrap();
    let ops_path = format!(
        "/expeditions/{}/canvases/{}/ops",
        yael.expedition_id,
        canvas["id"].as_str().unwrap()
    );
    let sticky = |text: &str| json!({"id": Uuid::now_v7(), "sticky": Uuid::now_v7(), "type": "create", "text": text, "x": 0, "y": 0});
    let gone = sticky("Gone");
    let ops = json!({ "ops": [sticky("Swim at the beaches"), sticky("Makerspace in every library"), sticky("Learning walks"), gone.clone(),
        {"id": Uuid::now_v7(), "sticky": gone["sticky"], "type": "delete"}] });
    let res = app
        .send_json(Method::POST, &ops_path, Some(&yael.token), &ops)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let mine = json!({ "ops": [sticky("Noa's own")] });
    let res = app
        .send_json(Method::POST, &ops_path, Some(&noa.token), &mine)
        .await;
    assert_eq!(res.status(), StatusCode::OK);

    // Yael: two learnings in circle 3, one hidden; a learning in another expedition.
    let learning = |title: &str| json!({"id": Uuid::now_v7(), "circle": 3, "title": title, "text": "From HundrED", "themes": []});
    let path = format!("/expeditions/{}/learnings", yael.expedition_id);
    for title in ["Espoo libraries", "Hidden one"] {
        let res = app
            .send_json(Method::POST, &path, Some(&yael.token), &learning(title))
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        if title == "Hidden one" {
            let l: Value = res.json().await.unwrap();
            let res = app
                .send_json(
                    Method::PUT,
                    &format!("{path}/{}/hidden", l["id"].as_str().unwrap()),
                    Some(&yael.token),
                    &json!({ "hidden": true }),
                )
                .await;
            assert_eq!(res.status(), StatusCode::OK);
        }
    }
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/learnings", other.expedition_id),
            Some(&other.token),
            &learning("Elsewhere"),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);

    // Yael: a board, two cards moved to its last column.
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/boards", yael.expedition_id),
            Some(&yael.token),
            &json!({ "id": Uuid::now_v7(), "title": "Global innovations" }),
        )
        .await;
    let board: Value = res.json().await.unwrap();
    let board_path = format!(
        "/expeditions/{}/boards/{}",
        yael.expedition_id,
        board["id"].as_str().unwrap()
    );
    let snap: Value = app
        .get(&board_path, &yael.token)
        .await
        .json()
        .await
        .unwrap();
    let first = snap["columns"][0]["id"].clone();
    let last = snap["columns"][3]["id"].clone();
    let last_title = snap["columns"][3]["title"].as_str().unwrap().to_owned();
    for (title, key) in [("HundrED schools", "V"), ("Espoo makerspaces", "W")] {
        let card = json!({ "id": Uuid::now_v7(), "column_id": first, "key": key, "title": title });
        let res = app
            .send_json(
                Method::POST,
                &format!("{board_path}/cards"),
                Some(&yael.token),
                &card,
            )
            .await;
        assert_eq!(res.status(), StatusCode::CREATED);
        let res = app
            .send_json(
                Method::POST,
                &format!("{board_path}/cards/{}/move", card["id"].as_str().unwrap()),
                Some(&yael.token),
                &json!({ "column_id": last, "key": key }),
            )
            .await;
        assert_eq!(
            res.status(),
            StatusCode::OK,
            "{}",
            res.text().await.unwrap()
        );
    }

    let digest = page(&app, &noa, "").await.digest;
    let lines: Vec<(String, u32, String, Vec<String>)> = digest
        .iter()
        .map(|l| {
            (
                serde_json::to_value(l.kind)
                    .unwrap()
                    .as_str()
                    .unwrap()
                    .to_owned(),
                l.count,
                l.target.clone(),
                l.previews.clone(),
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (
                "cards_moved".into(),
                2,
                last_title,
                vec!["Espoo makerspaces".into(), "HundrED schools".into()]
            ),
            (
                "new_cards".into(),
                2,
                "Global innovations".into(),
                vec!["Espoo makerspaces".into(), "HundrED schools".into()]
            ),
            (
                "new_learnings".into(),
                1,
                String::new(),
                vec!["Espoo libraries".into()]
            ),
            (
                "new_stickies".into(),
                3,
                "City Education Model".into(),
                lines[3].3.clone()
            ),
        ],
        "newest first, one line per object, none for Noa's own, the hidden or the other city"
    );
    assert_eq!(digest[2].circle, Some(3));
    assert_eq!(
        digest[3].previews.len(),
        2,
        "two previews, not one line per sticky"
    );

    // Seen: the digest is gone, not an empty line.
    let now = page(&app, &noa, "").await;
    mark_read(&app, &noa, now.last_seq).await;
    assert!(page(&app, &noa, "").await.digest.is_empty());
}
