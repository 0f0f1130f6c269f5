//! Partner profiles: written by their own member only, read by the expedition, checked
//! field by field, live on the stream and counted on the expedition home.

use hevruta_model::{ExpeditionSnapshot, Profile, ProfileListing, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};

use crate::helpers::*;

fn profile_body() -> Value {
    json!({
        "dream": "Every child finds what they are good at",
        "passions": ["Outdoor learning", "makerspaces"],
        "offers": ["a workshop space"],
        "looking_for": ["teachers who code"],
        "organisation": "Bat Yam makers",
    })
}

async fn put_profile(app: &TestApp, g: &SessionGrant, member: &str, body: &Value) -> Response {
    app.send_json(
        Method::PUT,
        &format!("/expeditions/{}/profiles/{member}", g.expedition_id),
        Some(&g.token),
        body,
    )
    .await
}

async fn listing(app: &TestApp, g: &SessionGrant) -> ProfileListing {
    let res = app
        .get(
            &format!("/expeditions/{}/profiles", g.expedition_id),
            &g.token,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

#[tokio::test]
async fn a_member_writes_their_profile_and_everyone_reads_it_live() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let mut stream = app.stream(&f, "&after=2", None).await;

    let res = put_profile(&app, &noa, &noa.member.id.to_string(), &profile_body()).await;
    assert_eq!(res.status(), StatusCode::OK);
    let saved: Profile = res.json().await.unwrap();
    assert_eq!(saved.member_id, noa.member.id);
    assert_eq!(saved.passions, ["Outdoor learning", "makerspaces"]);
    assert_eq!(saved.ambitions, "", "left out: empty");

    let event = stream.next().await;
    assert_eq!(event.data["change"]["type"], "profile_saved");
    assert_eq!(event.data["change"]["by"], noa.member.id.to_string());
    assert_eq!(event.data["change"]["profile"]["dream"], saved.dream);

    let list = listing(&app, &f).await;
    assert_eq!((list.profiles.len(), list.last_seq), (1, event.id));
    assert_eq!(list.profiles[0], saved);
    let home: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{}", f.expedition_id), &f.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(home.profiled, [noa.member.id], "stage 1's progress");
}

#[tokio::test]
async fn saving_the_same_profile_again_changes_nothing() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let me = f.member.id.to_string();
    assert_eq!(
        put_profile(&app, &f, &me, &profile_body()).await.status(),
        200
    );
    let seq = listing(&app, &f).await.last_seq;
    let again: Profile = put_profile(&app, &f, &me, &profile_body())
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listing(&app, &f).await.last_seq, seq, "no second event");
    assert_eq!(listing(&app, &f).await.profiles, [again]);
}

#[tokio::test]
async fn nobody_writes_another_members_profile() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let res = put_profile(&app, &f, &noa.member.id.to_string(), &profile_body()).await;
    assert_problem(res, 403, "forbidden").await;
    let viewer = app.join_viewer(&code).await;
    let res = put_profile(
        &app,
        &viewer,
        &viewer.member.id.to_string(),
        &profile_body(),
    )
    .await;
    assert_problem(res, 403, "forbidden").await;
    assert!(listing(&app, &f).await.profiles.is_empty());
}

#[tokio::test]
async fn bad_profile_fields_are_named_with_their_limits() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let body = json!({
        "dream": "  ",
        "passions": ["ok", "x".repeat(41)],
        "offers": (0..9).map(|i| format!("offer {i}")).collect::<Vec<_>>(),
        "strengths": "s".repeat(601),
    });
    let res = put_profile(&app, &f, &f.member.id.to_string(), &body).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    let fields: Vec<(&str, &str, Option<u64>)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap(),
                e["code"].as_str().unwrap(),
                e["max"].as_u64(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("dream", "empty", None),
            ("passions[1]", "too_long", Some(40)),
            ("strengths", "too_long", Some(600)),
            ("offers", "too_many", Some(8)),
        ]
    );
    let none = json!({ "dream": "A dream", "passions": [] });
    let res = put_profile(&app, &f, &f.member.id.to_string(), &none).await;
    let problem = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(problem["errors"][0]["field"], "passions");
    assert_eq!(problem["errors"][0]["code"], "required");
}

#[tokio::test]
async fn another_expeditions_profiles_are_not_found() {
    let app = spawn_app().await;
    let a = app.create("A").await;
    let b = app.create("B").await;
    let res = app
        .get(
            &format!("/expeditions/{}/profiles", a.expedition_id),
            &b.token,
        )
        .await;
    assert_problem(res, 404, "not_found").await;
    let res = app
        .send_json(
            Method::PUT,
            &format!("/expeditions/{}/profiles/{}", a.expedition_id, b.member.id),
            Some(&b.token),
            &profile_body(),
        )
        .await;
    assert_problem(res, 404, "not_found").await;
}
