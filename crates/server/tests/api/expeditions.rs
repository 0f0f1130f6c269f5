use hevruta_model::{ExpeditionSnapshot, JoinAs, Me, Member, Role, SessionGrant, Stage};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::*;

#[tokio::test]
async fn health_answers_ok() {
    let app = spawn_app().await;
    let res = app.req(Method::GET, "/health", None).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

#[tokio::test]
async fn creator_becomes_facilitator_and_sees_the_join_code() {
    let app = spawn_app().await;
    let g = app.create("Hadera lab").await;
    assert_eq!(g.member.role, Role::Facilitator);
    assert_eq!(g.member.display_name, "Yael");

    let snap: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{}", g.expedition_id), &g.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snap.title, "Hadera lab");
    assert_eq!(snap.stage, Stage::GettingToKnow);
    assert_eq!(snap.members, vec![g.member.clone()]);
    assert_eq!(snap.last_seq, 1, "the facilitator's own joining is event 1");
    assert!(snap.join_code.is_some());

    let me: Me = app.get("/me", &g.token).await.json().await.unwrap();
    assert_eq!(me.member.id, g.member.id);
}

#[tokio::test]
async fn join_with_code_in_any_case_and_spacing_makes_a_participant() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let typed = code.to_lowercase().replace('-', " ");
    let p = app.join(&typed, "Amir").await;
    assert_eq!(p.member.role, Role::Participant);
    assert_eq!(p.expedition_id, f.expedition_id);

    let snap: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{}", f.expedition_id), &p.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snap.join_code, None, "participants do not see the code");
    let members: Vec<Member> = app
        .get(
            &format!("/expeditions/{}/members", f.expedition_id),
            &p.token,
        )
        .await
        .json()
        .await
        .unwrap();
    let names: Vec<_> = members.iter().map(|m| m.display_name.as_str()).collect();
    assert_eq!(names, ["Yael", "Amir"]);
}

#[tokio::test]
async fn the_grant_carries_the_expedition_as_its_member_enters_it() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let seen: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{}", f.expedition_id), &f.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(f.expedition, seen, "the facilitator's, join code included");
    assert!(f.expedition.join_code.is_some());

    let code = app.join_code(&f).await;
    let p = app.join(&code, "Amir").await;
    let seen: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{}", f.expedition_id), &p.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(p.expedition, seen, "a participant's, without the code");
    assert_eq!(p.expedition.join_code, None);
    assert_eq!(p.expedition.title, "Lab");
    assert_eq!(p.expedition.last_seq, 2, "their own joining included");
    assert_eq!(p.expedition.members.last(), Some(&p.member));
}

#[tokio::test]
async fn join_with_wrong_code_is_rejected() {
    let app = spawn_app().await;
    app.create("Lab").await;
    let res = app
        .try_join("ZZZZ-ZZZZ-ZZZZ", "Eve", JoinAs::Participant)
        .await;
    assert_problem(res, 404, "wrong_join_code").await;
    let res = app.try_join("1234", "Eve", JoinAs::Participant).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "code");
}

#[tokio::test]
async fn only_the_facilitator_moves_the_stage() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Noa").await;
    let viewer = app.join_viewer(&code).await;
    assert_eq!(viewer.member.role, Role::Viewer);
    assert_eq!(viewer.member.sector, None);

    assert_problem(app.set_stage(&p, "designing_model").await, 403, "forbidden").await;
    assert_problem(
        app.set_stage(&viewer, "designing_model").await,
        403,
        "forbidden",
    )
    .await;

    let res = app.set_stage(&f, "learning_expedition").await;
    assert_eq!(res.status(), StatusCode::OK);
    let snap: ExpeditionSnapshot = res.json().await.unwrap();
    assert_eq!(snap.stage, Stage::LearningExpedition);
    let seq = snap.last_seq;

    // Setting the same stage again changes nothing and logs nothing.
    let snap: ExpeditionSnapshot = app
        .set_stage(&f, "learning_expedition")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snap.last_seq, seq);

    assert_problem(app.set_stage(&f, "stage_five").await, 422, "invalid_body").await;
}

#[tokio::test]
async fn facilitator_edits_title_and_challenge() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let path = format!("/expeditions/{}", f.expedition_id);
    let res = app
        .req(Method::PATCH, &path, Some(&f.token))
        .json(&json!({ "title": "  Jerusalem lab ", "challenge": "What can the city teach?" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let snap: ExpeditionSnapshot = res.json().await.unwrap();
    assert_eq!(snap.title, "Jerusalem lab");
    assert_eq!(snap.challenge, "What can the city teach?");
    assert_eq!(snap.city, "Netanya", "fields left out stay");

    let res = app
        .req(Method::PATCH, &path, Some(&f.token))
        .json(&json!({ "title": "", "city": "x".repeat(500) }))
        .send()
        .await
        .unwrap();
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"].as_array().unwrap().len(), 2);

    let code = app.join_code(&f).await;
    let p = app.join(&code, "Noa").await;
    let res = app
        .req(Method::PATCH, &path, Some(&p.token))
        .json(&json!({ "title": "Mine now" }))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;
}

#[tokio::test]
async fn a_regenerated_code_replaces_the_old_one() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let old = app.join_code(&f).await;
    let p = app.join(&old, "Noa").await;
    let path = format!("/expeditions/{}/join-code", f.expedition_id);

    let res = app
        .req(Method::POST, &path, Some(&p.token))
        .send()
        .await
        .unwrap();
    assert_problem(res, 403, "forbidden").await;

    let res = app
        .req(Method::POST, &path, Some(&f.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let new = res.json::<serde_json::Value>().await.unwrap()["join_code"]
        .as_str()
        .unwrap()
        .to_owned();
    assert_ne!(new, old);
    assert_problem(
        app.try_join(&old, "Late", JoinAs::Participant).await,
        404,
        "wrong_join_code",
    )
    .await;
    app.join(&new, "On time").await;
    // Existing members keep their sessions.
    assert_eq!(app.get("/me", &p.token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn a_member_of_one_expedition_gets_404_for_another() {
    let app = spawn_app().await;
    let a = app.create("A").await;
    let b = app.create("B").await;
    let b_id = b.expedition_id;
    for path in [
        format!("/expeditions/{b_id}"),
        format!("/expeditions/{b_id}/members"),
        format!("/expeditions/{b_id}/events"),
    ] {
        assert_problem(app.get(&path, &a.token).await, 404, "not_found").await;
    }
    assert_problem(
        app.set_stage(
            &SessionGrant {
                expedition_id: b_id,
                ..a.clone()
            },
            "implementing",
        )
        .await,
        404,
        "not_found",
    )
    .await;
    let res = app
        .req(
            Method::POST,
            &format!("/expeditions/{b_id}/join-code"),
            Some(&a.token),
        )
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    // B is untouched.
    let snap: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{b_id}"), &b.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snap.stage, Stage::GettingToKnow);
}

#[tokio::test]
async fn leaving_removes_the_member_and_ends_their_sessions() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Noa").await;
    let path = format!("/expeditions/{}/members/me", f.expedition_id);

    let res = app
        .req(Method::DELETE, &path, Some(&p.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/me", &p.token).await, 401, "unauthorized").await;
    let members: Vec<Member> = app
        .get(
            &format!("/expeditions/{}/members", f.expedition_id),
            &f.token,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(members.len(), 1);

    let res = app
        .req(Method::DELETE, &path, Some(&f.token))
        .send()
        .await
        .unwrap();
    assert_problem(res, 409, "last_facilitator").await;
}

#[tokio::test]
async fn signing_out_ends_only_this_session() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Dana").await;
    let res = app
        .req(Method::DELETE, "/session", Some(&p.token))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/me", &p.token).await, 401, "unauthorized").await;
    assert_eq!(app.get("/me", &f.token).await.status(), StatusCode::OK);
}
