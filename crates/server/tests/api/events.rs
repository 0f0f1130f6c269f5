//! The SSE stream: backlog, live delivery, resume after a gap, order under concurrency.

use std::time::Duration;

use hevruta_model::ExpeditionSnapshot;

use crate::helpers::*;

#[tokio::test]
async fn a_new_subscriber_gets_the_backlog_then_live_events() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    app.join(&code, "Noa").await;

    let mut s = app.stream(&f, "", None).await;
    let first = s.next().await;
    assert_eq!((first.id, first.event.as_str()), (1, "change"));
    assert_eq!(first.data["change"]["type"], "member_joined");
    assert_eq!(first.data["change"]["member"]["display_name"], "Yael");
    assert_eq!(
        s.next().await.data["change"]["member"]["display_name"],
        "Noa"
    );

    app.join(&code, "Amir").await;
    let live = s.next().await;
    assert_eq!(live.id, 3);
    assert_eq!(live.data["change"]["member"]["display_name"], "Amir");
    assert_eq!(live.data["seq"], 3);
}

#[tokio::test]
async fn reconnecting_with_last_event_id_resumes_after_a_gap() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let mut s = app.stream(&f, "", None).await;
    assert_eq!(s.next().await.id, 1);
    drop(s); // the phone loses its connection

    app.join(&code, "Noa").await;
    assert_eq!(app.set_stage(&f, "learning_expedition").await.status(), 200);
    app.join(&code, "Amir").await;

    let mut s = app.stream(&f, "", Some(1)).await;
    let ids: Vec<u64> = [s.next().await, s.next().await, s.next().await]
        .iter()
        .map(|m| m.id)
        .collect();
    assert_eq!(ids, [2, 3, 4]);
    assert!(
        s.next_within(Duration::from_millis(300)).await.is_none(),
        "nothing replayed twice"
    );
}

#[tokio::test]
async fn after_query_parameter_also_resumes_and_header_wins() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    app.join(&code, "Noa").await;
    app.join(&code, "Amir").await;
    let mut s = app.stream(&f, "&after=2", None).await;
    assert_eq!(s.next().await.id, 3);
    let mut s = app.stream(&f, "&after=0", Some(2)).await;
    assert_eq!(s.next().await.id, 3);
}

#[tokio::test]
async fn a_resume_point_that_is_not_a_number_is_refused_as_header_and_as_query() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let url = format!("{}/api/v1/expeditions/{}/events", app.url, f.expedition_id);
    let by_header = app
        .http
        .get(&url)
        .bearer_auth(&f.token)
        .header("Last-Event-ID", "not-a-number")
        .send()
        .await
        .unwrap();
    assert_problem(by_header, 422, "invalid_body").await;
    let by_query = app
        .http
        .get(format!("{url}?after=not-a-number"))
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    assert_problem(by_query, 422, "invalid_body").await;
    // Past the contract's int64 is no sequence number either.
    let beyond = app
        .http
        .get(format!("{url}?after=9223372036854775808"))
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    assert_problem(beyond, 422, "invalid_body").await;
}

#[tokio::test]
async fn the_stream_needs_a_valid_ticket_or_header_and_never_the_token_in_the_url() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let url = format!("{}/api/v1/expeditions/{}/events", app.url, f.expedition_id);
    for query in ["?ticket=wrong".to_owned(), format!("?token={}", f.token)] {
        let res = app.http.get(format!("{url}{query}")).send().await.unwrap();
        assert_problem(res, 401, "unauthorized").await;
    }
    let res = app
        .http
        .get(&url)
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "a header token works");
}

#[tokio::test]
async fn concurrent_changes_arrive_in_order_without_gaps() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let mut s = app.stream(&f, "", None).await;
    assert_eq!(s.next().await.id, 1);

    let joins = (0..20).map(|i| {
        let (app, code) = (&app, code.clone());
        async move { app.join(&code, &format!("Partner {i}")).await }
    });
    futures_util::future::join_all(joins).await;

    for expected in 2..=21 {
        assert_eq!(s.next().await.id, expected);
    }
    let snap: ExpeditionSnapshot = app
        .get(&format!("/expeditions/{}", f.expedition_id), &f.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!((snap.last_seq, snap.members.len()), (21, 21));
}

#[tokio::test]
async fn leaving_ends_an_open_stream() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let p = app.join(&code, "Noa").await;
    let mut s = app.stream(&p, "&after=2", None).await;
    let res = app
        .req(
            reqwest::Method::DELETE,
            &format!("/expeditions/{}/members/me", p.expedition_id),
            Some(&p.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 204);
    let ended = tokio::time::timeout(patience(), s.wait_end()).await;
    assert!(ended.is_ok(), "a stream must not outlive its session");
}

#[tokio::test]
async fn a_resume_point_beyond_the_log_still_gets_new_events() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let mut s = app.stream(&f, "", Some(999)).await;
    app.join(&code, "Noa").await;
    let event = s.next().await;
    assert_eq!(event.id, 2);
    assert_eq!(event.data["change"]["member"]["display_name"], "Noa");
}

#[tokio::test]
async fn hebrew_text_survives_the_stream() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let mut s = app.stream(&f, "&after=1", None).await;
    let name = "נועה ".repeat(12);
    app.join(&code, name.trim()).await;
    assert_eq!(
        s.next().await.data["change"]["member"]["display_name"],
        name.trim()
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "in-process only: shuts the server down"
)]
async fn streams_end_when_the_server_shuts_down() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let mut s = app.stream(&f, "", None).await;
    assert_eq!(s.next().await.id, 1);
    app.state().shutdown.cancel();
    let ended = tokio::time::timeout(Duration::from_secs(5), s.wait_end()).await;
    assert!(
        ended.is_ok(),
        "the stream must close so graceful shutdown can finish"
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "the limit is the reference server's configuration"
)]
async fn one_session_holds_a_bounded_number_of_streams_and_a_closed_one_frees_its_place() {
    let app = spawn_app_with(hevruta_server::Config {
        max_streams_per_session: 3,
        ..Default::default()
    })
    .await;
    let f = app.create("Lab").await;
    let mut open = Vec::new();
    for _ in 0..3 {
        open.push(app.stream(&f, "", None).await);
    }
    let url = format!("{}/api/v1/expeditions/{}/events", app.url, f.expedition_id);
    let refused = app
        .http
        .get(&url)
        .bearer_auth(&f.token)
        .send()
        .await
        .unwrap();
    let problem = assert_problem(refused, 429, "too_many_requests").await;
    assert!(
        problem["detail"]
            .as_str()
            .unwrap()
            .contains("3 event streams")
    );
    // Another member's session is counted on its own.
    let other = app.join(&app.join_code(&f).await, "Noa").await;
    app.stream(&other, "", None).await;

    // Closing one gives its place back once the server notices (its next keep-alive).
    drop(open.pop());
    let mut status = 0;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let res = app
            .http
            .get(&url)
            .bearer_auth(&f.token)
            .send()
            .await
            .unwrap();
        status = res.status().as_u16();
        if status == 200 {
            break;
        }
    }
    assert_eq!(status, 200, "a place came back");
}
