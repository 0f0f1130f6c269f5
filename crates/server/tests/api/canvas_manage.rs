//! Managing canvases: rename (facilitator or creator), archive and restore, delete for
//! good (facilitator); the list's sticky counts, last changes and presence; all live.

use hevruta_model::canvas::{Op, OpId, OpKind, StickyColor, StickyId};
use hevruta_model::{CanvasListing, CanvasSummary, OpBatchResult, PresenceEvent, SessionGrant};
use reqwest::{Method, Response, StatusCode};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::helpers::*;

async fn new_canvas(app: &TestApp, g: &SessionGrant, title: &str) -> CanvasSummary {
    let res = app
        .send_json(
            Method::POST,
            &format!("/expeditions/{}/canvases", g.expedition_id),
            Some(&g.token),
            &json!({ "title": title, "template": "blank" }),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

fn canvas_path(g: &SessionGrant, canvas: &CanvasSummary) -> String {
    format!("/expeditions/{}/canvases/{}", g.expedition_id, canvas.id)
}

async fn patch(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary, body: Value) -> Response {
    app.send_json(
        Method::PATCH,
        &canvas_path(g, canvas),
        Some(&g.token),
        &body,
    )
    .await
}

async fn delete(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary) -> Response {
    app.req(Method::DELETE, &canvas_path(g, canvas), Some(&g.token))
        .send()
        .await
        .unwrap()
}

async fn send(app: &TestApp, g: &SessionGrant, canvas: &CanvasSummary, ops: &[Op]) -> Response {
    app.send_json(
        Method::POST,
        &format!("{}/ops", canvas_path(g, canvas)),
        Some(&g.token),
        &json!({ "ops": ops }),
    )
    .await
}

async fn listing(app: &TestApp, g: &SessionGrant) -> CanvasListing {
    let res = app
        .get(
            &format!("/expeditions/{}/canvases", g.expedition_id),
            &g.token,
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.unwrap()
}

fn op(sticky: StickyId, kind: OpKind) -> Op {
    Op {
        id: OpId(Uuid::now_v7()),
        sticky,
        kind,
    }
}

fn create(sticky: StickyId, text: &str) -> Op {
    op(
        sticky,
        OpKind::Create {
            section: None,
            text: text.into(),
            color: StickyColor::Yellow,
            x: 10.0,
            y: 20.0,
        },
    )
}

/// The facilitator, two participants (Noa and Amir) and a projector.
async fn lab(app: &TestApp) -> (SessionGrant, SessionGrant, SessionGrant, SessionGrant) {
    let f = app.create("Lab").await;
    let code = app.join_code(&f).await;
    let noa = app.join(&code, "Noa").await;
    let amir = app.join(&code, "Amir").await;
    let screen = app.join_viewer(&code).await;
    (f, noa, amir, screen)
}

#[tokio::test]
async fn the_creator_renames_a_canvas_and_every_list_hears_of_it() {
    let app = spawn_app().await;
    let (f, noa, amir, _) = lab(&app).await;
    let canvas = new_canvas(&app, &noa, "Ideas").await;
    let mut theirs = app
        .stream(
            &amir,
            &format!("&after={}", listing(&app, &amir).await.last_seq),
            None,
        )
        .await;

    let res = patch(&app, &noa, &canvas, json!({ "title": "  Pilot ideas  " })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let renamed: CanvasSummary = res.json().await.unwrap();
    assert_eq!(renamed.title, "Pilot ideas", "trimmed like every title");
    assert!(renamed.changed_at >= canvas.changed_at);

    let event = theirs.next().await;
    assert_eq!(event.event, "change");
    assert_eq!(event.data["change"]["type"], "canvas_renamed");
    assert_eq!(event.data["change"]["canvas_id"], canvas.id.to_string());
    assert_eq!(event.data["change"]["title"], "Pilot ideas");
    assert_eq!(event.data["change"]["by"], noa.member.id.to_string());
    assert_eq!(listing(&app, &f).await.canvases, vec![renamed.clone()]);

    // The same title again changes nothing and tells nobody.
    let res = patch(&app, &f, &canvas, json!({ "title": "Pilot ideas" })).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        theirs
            .next_within(std::time::Duration::from_millis(300))
            .await
            .is_none()
    );
}

#[tokio::test]
async fn only_the_facilitator_or_the_creator_renames_and_only_the_facilitator_archives_or_deletes()
{
    let app = spawn_app().await;
    let (f, noa, amir, screen) = lab(&app).await;
    let hers = new_canvas(&app, &noa, "Noa's canvas").await;

    let res = patch(&app, &amir, &hers, json!({ "title": "Mine now" })).await;
    assert_problem(res, 403, "forbidden").await;
    let res = patch(&app, &screen, &hers, json!({ "title": "Projected" })).await;
    assert_problem(res, 403, "forbidden").await;
    let res = patch(&app, &noa, &hers, json!({ "archived": true })).await;
    let body = assert_problem(res, 403, "forbidden").await;
    assert!(body["detail"].as_str().unwrap().contains("facilitator"));
    assert_problem(delete(&app, &noa, &hers).await, 403, "forbidden").await;
    assert_problem(delete(&app, &screen, &hers).await, 403, "forbidden").await;

    let res = patch(
        &app,
        &f,
        &hers,
        json!({ "title": "Renamed by the facilitator" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let res = patch(&app, &noa, &hers, json!({ "title": "Noa's again" })).await;
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "the creator may still rename it"
    );
    assert_eq!(listing(&app, &f).await.canvases[0].title, "Noa's again");
}

#[tokio::test]
async fn renames_are_checked_and_foreign_or_unknown_canvases_are_not_found() {
    let app = spawn_app().await;
    let f = app.create("Lab").await;
    let other = app.create("Other lab").await;
    let canvas = new_canvas(&app, &f, "Model").await;
    let theirs = new_canvas(&app, &other, "Theirs").await;

    let res = patch(&app, &f, &canvas, json!({ "title": " " })).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["field"], "title");
    let res = patch(&app, &f, &canvas, json!({ "title": "x".repeat(121) })).await;
    let body = assert_problem(res, 422, "validation_failed").await;
    assert_eq!(body["errors"][0]["max"], 120);
    let res = patch(&app, &f, &canvas, json!({ "archived": "yes" })).await;
    assert_problem(res, 422, "invalid_body").await;

    let foreign = app
        .send_json(
            Method::PATCH,
            &format!("/expeditions/{}/canvases/{}", f.expedition_id, theirs.id),
            Some(&f.token),
            &json!({ "title": "Taken" }),
        )
        .await;
    assert_problem(foreign, 404, "not_found").await;
    let unknown = app
        .req(
            Method::DELETE,
            &format!(
                "/expeditions/{}/canvases/{}",
                f.expedition_id,
                Uuid::now_v7()
            ),
            Some(&f.token),
        )
        .send()
        .await
        .unwrap();
    assert_problem(unknown, 404, "not_found").await;
    assert_eq!(listing(&app, &other).await.canvases[0].title, "Theirs");
}

#[tokio::test]
async fn an_archived_canvas_is_read_only_until_the_facilitator_restores_it() {
    let app = spawn_app().await;
    let (f, noa, _, _) = lab(&app).await;
    let canvas = new_canvas(&app, &noa, "Ideas").await;
    let sticky = StickyId(Uuid::now_v7());
    let first = create(sticky, "Before archiving");
    assert_eq!(
        send(&app, &noa, &canvas, std::slice::from_ref(&first))
            .await
            .status(),
        200
    );
    let mut stream = app
        .stream(
            &noa,
            &format!("&after={}", listing(&app, &noa).await.last_seq),
            None,
        )
        .await;

    let res = patch(&app, &f, &canvas, json!({ "archived": true })).await;
    assert_eq!(res.status(), StatusCode::OK);
    let archived: CanvasSummary = res.json().await.unwrap();
    assert!(archived.archived_at.is_some());
    let event = stream.next().await;
    assert_eq!(event.data["change"]["type"], "canvas_archived");
    assert_eq!(event.data["at"], archived.archived_at.unwrap());
    assert_eq!(listing(&app, &noa).await.canvases, vec![archived.clone()]);

    let later = create(StickyId(Uuid::now_v7()), "After archiving");
    assert_problem(
        send(&app, &noa, &canvas, std::slice::from_ref(&later)).await,
        409,
        "canvas_archived",
    )
    .await;
    let res = patch(
        &app,
        &noa,
        &canvas,
        json!({ "title": "Renamed while archived" }),
    )
    .await;
    assert_problem(res, 409, "canvas_archived").await;
    // A retry of an op applied before the archive still gets its stamp: nothing is lost.
    let retry = send(&app, &noa, &canvas, &[first]).await;
    assert_eq!(retry.status(), StatusCode::OK);
    let retried: OpBatchResult = retry.json().await.unwrap();
    assert_eq!(retried.applied.len(), 1);
    // Archiving again changes nothing.
    assert_eq!(
        patch(&app, &f, &canvas, json!({ "archived": true }))
            .await
            .status(),
        200
    );

    let res = patch(
        &app,
        &f,
        &canvas,
        json!({ "archived": false, "title": "Back in use" }),
    )
    .await;
    assert_eq!(res.status(), StatusCode::OK);
    let restored: CanvasSummary = res.json().await.unwrap();
    assert_eq!(
        (restored.archived_at, restored.title.as_str()),
        (None, "Back in use")
    );
    let kinds = [stream.next().await, stream.next().await]
        .map(|e| e.data["change"]["type"].as_str().unwrap().to_owned());
    assert_eq!(kinds, ["canvas_unarchived", "canvas_renamed"]);
    assert_eq!(send(&app, &noa, &canvas, &[later]).await.status(), 200);
    assert_eq!(listing(&app, &f).await.canvases[0].sticky_count, 2);
}

#[tokio::test]
async fn a_deleted_canvas_is_gone_with_its_stickies_and_its_text_leaves_the_log() {
    let app = spawn_app().await;
    let (f, noa, _, _) = lab(&app).await;
    let kept = new_canvas(&app, &f, "Kept").await;
    let doomed = new_canvas(&app, &noa, "Secret canvas").await;
    let sticky = StickyId(Uuid::now_v7());
    assert_eq!(
        send(&app, &noa, &doomed, &[create(sticky, "secret plan")])
            .await
            .status(),
        200
    );
    assert_eq!(
        patch(&app, &noa, &doomed, json!({ "title": "Secret canvas 2" }))
            .await
            .status(),
        200
    );
    let mut live = app
        .stream(
            &noa,
            &format!("&after={}", listing(&app, &noa).await.last_seq),
            None,
        )
        .await;

    assert_eq!(
        delete(&app, &f, &doomed).await.status(),
        StatusCode::NO_CONTENT
    );
    let event = live.next().await;
    assert_eq!(event.data["change"]["type"], "canvas_deleted");
    assert_eq!(event.data["change"]["canvas_id"], doomed.id.to_string());

    let gone = app.get(&canvas_path(&f, &doomed), &f.token).await;
    assert_problem(gone, 404, "not_found").await;
    assert_problem(delete(&app, &f, &doomed).await, 404, "not_found").await;
    let edit = op(
        sticky,
        OpKind::SetText {
            text: "more".into(),
        },
    );
    assert_problem(send(&app, &noa, &doomed, &[edit]).await, 404, "not_found").await;
    let list = listing(&app, &f).await;
    assert_eq!(list.canvases, vec![kept]);

    // A catch-up from the start replays none of its text, and numbers stay gapless.
    let mut replay = app.stream(&f, "", None).await;
    let mut seen = Vec::new();
    while seen.len() < list.last_seq as usize {
        let e = replay.next().await;
        let text = e.data.to_string();
        assert!(
            !text.contains("secret plan") && !text.contains("Secret canvas"),
            "{text}"
        );
        seen.push(e.id);
    }
    assert_eq!(seen, (1..=list.last_seq).collect::<Vec<_>>());
    // The sticky's id is free again, as nothing of the canvas remains.
    let again = new_canvas(&app, &noa, "Fresh").await;
    assert_eq!(
        send(&app, &noa, &again, &[create(sticky, "new")])
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn the_list_counts_stickies_and_says_when_each_canvas_last_changed() {
    let app = spawn_app().await;
    let (f, noa, amir, _) = lab(&app).await;
    let busy = new_canvas(&app, &f, "Busy").await;
    let quiet = new_canvas(&app, &f, "Quiet").await;
    let ids: Vec<StickyId> = (0..3).map(|_| StickyId(Uuid::now_v7())).collect();
    let made: Vec<Op> = ids.iter().map(|id| create(*id, "idea")).collect();
    assert_eq!(send(&app, &noa, &busy, &made).await.status(), 200);
    // Two people delete the same sticky at once; one is restored and deleted again.
    let res = send(&app, &noa, &busy, &[op(ids[0], OpKind::Delete)]).await;
    assert_eq!(res.status(), 200);
    assert_eq!(
        send(&app, &amir, &busy, &[op(ids[0], OpKind::Delete)])
            .await
            .status(),
        200
    );
    let churn = [
        op(ids[1], OpKind::Delete),
        op(ids[1], OpKind::Restore),
        op(ids[2], OpKind::Delete),
        op(ids[2], OpKind::Restore),
        op(ids[2], OpKind::Delete),
    ];
    let res = send(&app, &f, &busy, &churn).await;
    let last: OpBatchResult = res.json().await.unwrap();

    let list = listing(&app, &amir).await;
    let (b, q) = (&list.canvases[0], &list.canvases[1]);
    assert_eq!((b.sticky_count, q.sticky_count), (1, 0));
    assert_eq!(b.changed_at, last.applied[0].at, "the last batch's time");
    assert_eq!(
        q.changed_at, quiet.created_at,
        "never changed since it was made"
    );
    let snapshot: Value = app
        .get(&canvas_path(&f, &busy), &f.token)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(snapshot["canvas"]["sticky_count"], 1, "the snapshot agrees");
}

#[tokio::test]
async fn a_stream_asked_for_all_presence_starts_with_who_is_on_each_canvas() {
    let app = spawn_app().await;
    let (f, noa, amir, _) = lab(&app).await;
    let model = new_canvas(&app, &f, "Model").await;
    let circles = new_canvas(&app, &f, "Circles").await;
    let _hers = app
        .stream(&noa, &format!("&canvas={}", model.id), None)
        .await;
    let mut his = app
        .stream(&amir, &format!("&canvas={}", circles.id), None)
        .await;
    assert_eq!(
        his.next_presence().await,
        PresenceEvent::new(circles.id, [amir.member.id])
    );

    let mut list = app.stream(&f, "&all_presence=true", None).await;
    let mut first = vec![list.next_presence().await, list.next_presence().await];
    first.sort_by_key(|p| p.canvas_id != model.id);
    assert_eq!(
        first,
        [
            PresenceEvent::new(model.id, [noa.member.id]),
            PresenceEvent::new(circles.id, [amir.member.id]),
        ]
    );
    drop(his);
    assert_eq!(
        list.next_presence().await,
        PresenceEvent::new(circles.id, [])
    );
    // Without the flag a stream with no canvas hears only of changes.
    let mut plain = app.stream(&f, "", None).await;
    assert_eq!(
        plain
            .presence_within(std::time::Duration::from_millis(300))
            .await,
        None
    );
}

#[tokio::test]
async fn a_join_code_preview_names_the_expedition_and_nothing_else() {
    let app = spawn_app().await;
    let f = app.create("Netanya lab").await;
    let code = app.join_code(&f).await;
    let preview = |code: String| app.req(Method::GET, &format!("/join/{code}"), None).send();

    let res = preview(code.to_lowercase().replace('-', "")).await.unwrap();
    assert_eq!(
        res.status(),
        StatusCode::OK,
        "no session needed; case and dashes do not matter"
    );
    let body: Value = res.json().await.unwrap();
    assert_eq!(body, json!({ "title": "Netanya lab", "city": "Netanya" }));

    assert_problem(
        preview("ZZZZ-ZZZZ-ZZZZ".into()).await.unwrap(),
        404,
        "wrong_join_code",
    )
    .await;
    let body = assert_problem(
        preview("12".into()).await.unwrap(),
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(body["errors"][0]["field"], "code");
    assert_eq!(body["errors"][0]["code"], "malformed");

    let res = app
        .req(
            Method::POST,
            &format!("/expeditions/{}/join-code", f.expedition_id),
            Some(&f.token),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_problem(preview(code).await.unwrap(), 404, "wrong_join_code").await;
}
