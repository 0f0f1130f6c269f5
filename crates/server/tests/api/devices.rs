//! People and their devices: sign-in links, co-facilitators, sessions listed and ended,
//! stream tickets.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{assert_problem, spawn_app};

async fn link(app: &crate::helpers::TestApp, path: &str, token: &str) -> reqwest::Response {
    app.req(Method::POST, path, Some(token))
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn a_device_link_signs_the_same_member_in_once() {
    let app = spawn_app().await;
    let f = app.create("Devices").await;
    let res = link(
        &app,
        &format!("/expeditions/{}/members/me/device-links", f.expedition_id),
        &f.token,
    )
    .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    let secret = body["secret"].as_str().unwrap().to_owned();
    let redeem = || async {
        app.send_json(Method::POST, "/sessions", None, &json!({ "link": secret }))
            .await
    };
    let res = redeem().await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let grant: Value = res.json().await.unwrap();
    assert_eq!(grant["member"]["id"], f.member.id.to_string());
    assert_eq!(grant["member"]["role"], "facilitator");
    assert_ne!(grant["token"], f.token.as_str());
    assert_problem(redeem().await, 401, "unauthorized").await;
    // Both devices are signed in.
    let me = app.get("/me", grant["token"].as_str().unwrap()).await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(app.get("/me", &f.token).await.status(), StatusCode::OK);
}

#[tokio::test]
async fn only_a_facilitator_issues_links_for_others_and_makes_co_facilitators() {
    let app = spawn_app().await;
    let f = app.create("Co").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Dana").await;
    let id = f.expedition_id;
    let for_f = format!("/expeditions/{id}/members/{}/device-links", f.member.id);
    assert_problem(link(&app, &for_f, &p.token).await, 403, "forbidden").await;
    let for_p = format!("/expeditions/{id}/members/{}/device-links", p.member.id);
    assert_eq!(
        link(&app, &for_p, &f.token).await.status(),
        StatusCode::CREATED
    );

    let role = |member: String, token: String, role: &'static str| {
        let app = &app;
        async move {
            app.send_json(
                Method::PUT,
                &format!("/expeditions/{id}/members/{member}/role"),
                Some(&token),
                &json!({ "role": role }),
            )
            .await
        }
    };
    // The only facilitator cannot step back.
    assert_problem(
        role(f.member.id.to_string(), f.token.clone(), "participant").await,
        409,
        "last_facilitator",
    )
    .await;
    assert_problem(
        role(p.member.id.to_string(), p.token.clone(), "facilitator").await,
        403,
        "forbidden",
    )
    .await;
    // A person is never made a viewer: the contract's enum leaves it out.
    assert_problem(
        role(p.member.id.to_string(), f.token.clone(), "viewer").await,
        422,
        "invalid_body",
    )
    .await;
    let res = role(p.member.id.to_string(), f.token.clone(), "facilitator").await;
    assert_eq!(res.status(), StatusCode::OK);
    // Now Dana is facilitator and Yael may step back.
    let res = role(f.member.id.to_string(), p.token.clone(), "participant").await;
    assert_eq!(res.status(), StatusCode::OK);
    let members: Value = app
        .get(&format!("/expeditions/{id}/members"), &p.token)
        .await
        .json()
        .await
        .unwrap();
    assert!(members.to_string().contains("facilitator"));
}

#[tokio::test]
async fn sessions_are_listed_and_ended_and_the_last_facilitator_is_warned() {
    let app = spawn_app().await;
    let f = app.create("Sessions").await;
    let id = f.expedition_id;
    // The only facilitator's only session does not end without force.
    let res = app
        .req(Method::DELETE, "/session", Some(&f.token))
        .send()
        .await
        .unwrap();
    assert_problem(res, 409, "last_facilitator").await;
    // A second device.
    let body: Value = link(
        &app,
        &format!("/expeditions/{id}/members/me/device-links"),
        &f.token,
    )
    .await
    .json()
    .await
    .unwrap();
    let grant: Value = app
        .send_json(
            Method::POST,
            "/sessions",
            None,
            &json!({ "link": body["secret"] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let phone = grant["token"].as_str().unwrap().to_owned();
    let list: Value = app
        .get(&format!("/expeditions/{id}/members/me/sessions"), &phone)
        .await
        .json()
        .await
        .unwrap();
    let sessions = list["sessions"].as_array().unwrap();
    assert_eq!(sessions.len(), 2);
    let laptop = sessions.iter().find(|s| s["current"] == false).unwrap();
    let res = app
        .req(
            Method::DELETE,
            &format!(
                "/expeditions/{id}/members/me/sessions/{}",
                laptop["id"].as_str().unwrap()
            ),
            Some(&phone),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/me", &f.token).await, 401, "unauthorized").await;
    // Now the phone is the last one: force ends it.
    let res = app
        .req(Method::DELETE, "/session?force=true", Some(&phone))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_problem(app.get("/me", &phone).await, 401, "unauthorized").await;
}

#[tokio::test]
async fn a_stream_ticket_opens_one_stream_once() {
    let app = spawn_app().await;
    let f = app.create("Tickets").await;
    let id = f.expedition_id;
    let ticket: Value = link(&app, &format!("/expeditions/{id}/stream-tickets"), &f.token)
        .await
        .json()
        .await
        .unwrap();
    let url = format!(
        "{}/api/v1/expeditions/{id}/events?ticket={}",
        app.url,
        ticket["ticket"].as_str().unwrap()
    );
    let first = app.http.get(&url).send().await.unwrap();
    assert_eq!(first.status(), StatusCode::OK);
    let again = app.http.get(&url).send().await.unwrap();
    assert_problem(again, 401, "unauthorized").await;
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "times the reference server's own hub"
)]
async fn ending_a_session_ends_its_open_stream_within_a_second_or_two() {
    let app = crate::helpers::spawn_app_with(hevruta_server::Config {
        // Far beyond the wait below: only the hub's ending can close the stream in time.
        session_recheck: std::time::Duration::from_secs(3600),
        ..Default::default()
    })
    .await;
    let f = app.create("Ends").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Dana").await;
    let res = app
        .http
        .get(format!(
            "{}/api/v1/expeditions/{}/events",
            app.url, p.expedition_id
        ))
        .bearer_auth(&p.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let signed_out = app
        .req(Method::DELETE, "/session", Some(&p.token))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_out.status(), StatusCode::NO_CONTENT);
    let body = tokio::time::timeout(std::time::Duration::from_secs(2), res.bytes()).await;
    assert!(body.is_ok(), "the stream ended within 2 s");
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "ages a session in the server's database"
)]
async fn a_session_unused_for_90_days_ends() {
    let app = spawn_app().await;
    let f = app.create("Idle").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Dana").await;
    let db = sqlx::SqlitePool::connect(&format!("sqlite://{}", app.db().display()))
        .await
        .unwrap();
    let day = 24 * 60 * 60 * 1000_i64;
    let now = hevruta_server::store::now_millis();
    sqlx::query("UPDATE sessions SET last_used_at = ? WHERE member_id = ?")
        .bind(now - 89 * day)
        .bind(f.member.id.to_string())
        .execute(&db)
        .await
        .unwrap();
    sqlx::query("UPDATE sessions SET last_used_at = ? WHERE member_id = ?")
        .bind(now - 91 * day)
        .bind(p.member.id.to_string())
        .execute(&db)
        .await
        .unwrap();
    assert_eq!(app.get("/me", &f.token).await.status(), StatusCode::OK);
    assert_problem(app.get("/me", &p.token).await, 401, "unauthorized").await;
    // Using it counted: the facilitator's session is fresh again.
    let used: i64 = sqlx::query_scalar("SELECT last_used_at FROM sessions WHERE member_id = ?")
        .bind(f.member.id.to_string())
        .fetch_one(&db)
        .await
        .unwrap();
    assert!(used > now - day);
}

#[tokio::test]
async fn each_device_is_listed_by_what_it_says_it_is_and_nothing_else_of_its_header() {
    let app = spawn_app().await;
    let f = app.create("Labels").await;
    let id = f.expedition_id;
    let list = |token: String, agent: &'static str| {
        let app = &app;
        async move {
            let res = app
                .req(
                    Method::GET,
                    &format!("/expeditions/{id}/members/me/sessions"),
                    Some(&token),
                )
                .header("user-agent", agent)
                .send()
                .await
                .unwrap();
            assert_eq!(res.status(), StatusCode::OK);
            res.json::<Value>().await.unwrap()
        }
    };
    let laptop_agent = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";
    list(f.token.clone(), laptop_agent).await;
    let body: Value = link(
        &app,
        &format!("/expeditions/{id}/members/me/device-links"),
        &f.token,
    )
    .await
    .json()
    .await
    .unwrap();
    let grant: Value = app
        .send_json(
            Method::POST,
            "/sessions",
            None,
            &json!({ "link": body["secret"] }),
        )
        .await
        .json()
        .await
        .unwrap();
    let phone = grant["token"].as_str().unwrap().to_owned();
    let phone_agent = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36 <b>x</b>";
    let seen = list(phone.clone(), phone_agent).await;
    let devices: Vec<(bool, Value)> = seen["sessions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["current"].as_bool().unwrap(), s["device"].clone()))
        .collect();
    assert!(
        devices.contains(&(true, json!("Chrome · Android"))),
        "{devices:?}"
    );
    assert!(
        devices.contains(&(false, json!("Firefox · Linux"))),
        "{devices:?}"
    );
    assert!(
        !seen.to_string().contains("<b>"),
        "nothing of the header is kept"
    );
    // An agent it does not know leaves the label as it was.
    let again = list(phone, "curl/8.5.0").await;
    assert!(again.to_string().contains("Chrome · Android"));
}
