//! The built app is served with deep links and sensible caching; the API never falls
//! back to index.html.

use hevruta_model::{Bundle, Route};
use hevruta_server::Config;

use crate::helpers::*;

const HASHED_JS: &str = "hevruta-0123456789abcdef.js";

const CANVAS_ROUTE: &str =
    "/e/0199aaaa-0000-7000-8000-000000000000/canvas/0199bbbb-0000-7000-8000-000000000000";

async fn app_with_dist() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    std::fs::write(
        dist.path().join("index.html"),
        "<!doctype html><title>Hevruta</title>",
    )
    .unwrap();
    std::fs::write(dist.path().join(HASHED_JS), "console.log(1)").unwrap();
    serve(dist).await
}

/// A dist with both entry pages, and a precompressed asset, as xtask builds it (pages get
/// no compressed siblings: a deployment edits them).
async fn app_with_canvas_page() -> (TestApp, tempfile::TempDir) {
    let dist = tempfile::tempdir().unwrap();
    for (name, title) in [
        ("index.html", "Hevruta"),
        ("canvas.html", "Canvas"),
        ("circles.html", "Circles"),
        ("boards.html", "Boards"),
        ("projector.html", "Projector"),
        ("devices.html", "Devices"),
    ] {
        let html = format!("<!doctype html><title>{title}</title>");
        std::fs::write(dist.path().join(name), &html).unwrap();
    }
    std::fs::write(dist.path().join(HASHED_JS), "console.log(1)").unwrap();
    std::fs::write(
        dist.path().join(format!("{HASHED_JS}.br")),
        "br:console.log(1)",
    )
    .unwrap();
    serve(dist).await
}

async fn serve(dist: tempfile::TempDir) -> (TestApp, tempfile::TempDir) {
    let app = spawn_app_with(Config {
        dist: Some(dist.path().to_owned()),
        ..Default::default()
    })
    .await;
    (app, dist)
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn deep_links_get_index_html_without_caching() {
    let (app, _dist) = app_with_dist().await;
    for path in [
        "/",
        "/e/0199aaaa-0000-7000-8000-000000000000",
        "/join/ABCD-EFGH-JKMN",
    ] {
        let res = app
            .http
            .get(format!("{}{path}", app.url))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
        assert!(res.text().await.unwrap().contains("<title>Hevruta</title>"));
    }
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn hashed_assets_are_cached_forever() {
    let (app, _dist) = app_with_dist().await;
    let res = app
        .http
        .get(format!("{}/{HASHED_JS}", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    assert_eq!(
        res.headers()["cache-control"],
        "public, max-age=31536000, immutable"
    );
    assert_eq!(res.headers()["x-content-type-options"], "nosniff");
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn a_missing_asset_is_404_not_the_app() {
    let (app, _dist) = app_with_dist().await;
    let res = app
        .http
        .get(format!("{}/hevruta-fedcba9876543210_bg.wasm", app.url))
        .send()
        .await
        .unwrap();
    assert_eq!(
        res.status(),
        404,
        "an old build's asset must not be answered (and cached) as HTML"
    );
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn unknown_api_paths_stay_json_404s() {
    let (app, _dist) = app_with_dist().await;
    let res = app
        .http
        .get(format!("{}/api/v1/nope", app.url))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .http
        .post(format!("{}/api", app.url))
        .send()
        .await
        .unwrap();
    assert_problem(res, 404, "not_found").await;
    let res = app
        .req(reqwest::Method::GET, "/health", None)
        .send()
        .await
        .unwrap();
    assert_eq!(res.headers()["cache-control"], "no-store");
}

async fn page(app: &TestApp, path: &str, accept_encoding: Option<&str>) -> reqwest::Response {
    let mut req = app.http.get(format!("{}{path}", app.url));
    if let Some(enc) = accept_encoding {
        req = req.header("accept-encoding", enc);
    }
    req.send().await.unwrap()
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn canvas_deep_links_get_the_canvas_page_without_caching() {
    let (app, _dist) = app_with_canvas_page().await;
    let res = page(&app, CANVAS_ROUTE, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    assert_eq!(
        res.text().await.unwrap(),
        "<!doctype html><title>Canvas</title>"
    );

    let res = page(&app, CANVAS_ROUTE, Some("br")).await;
    assert!(res.headers().get("content-encoding").is_none());
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert_eq!(
        res.text().await.unwrap(),
        "<!doctype html><title>Canvas</title>",
        "no sibling: the page itself"
    );
    let res = page(&app, &format!("/{HASHED_JS}"), Some("br")).await;
    assert_eq!(res.headers()["content-encoding"], "br");
    assert_eq!(res.text().await.unwrap(), "br:console.log(1)");
}

/// A deployment points the app at its backend by editing the `hevruta-api` meta in the
/// built pages; browsers that accept compressed files get the edit too.
#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn an_edited_page_is_served_as_edited() {
    let (app, dist) = app_with_canvas_page().await;
    for name in ["index.html", "canvas.html"] {
        let html = std::fs::read_to_string(dist.path().join(name)).unwrap();
        let edited = html.replace(
            "<title>",
            r#"<meta name="hevruta-api" content="https://api.example.org"><title>"#,
        );
        std::fs::write(dist.path().join(name), edited).unwrap();
    }
    for path in [
        "/",
        "/index.html",
        "/e/0199aaaa-0000-7000-8000-000000000000",
        CANVAS_ROUTE,
        "/canvas.html",
    ] {
        for encoding in [None, Some("br, gzip"), Some("gzip")] {
            let res = page(&app, path, encoding).await;
            assert_eq!(res.status(), 200, "{path} {encoding:?}");
            assert!(res.headers().get("content-encoding").is_none());
            assert!(
                res.text()
                    .await
                    .unwrap()
                    .contains(r#"content="https://api.example.org""#),
                "{path} {encoding:?} serves the edited page"
            );
        }
    }
}

/// Every page the app links to is served by the bundle that renders it, with or without a
/// trailing slash (the SPA reads paths with the same `Route::parse`).
#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn every_app_page_is_served_by_its_bundle() {
    let (app, _dist) = app_with_canvas_page().await;
    let routes = Route::one_of_each(
        "0199aaaa-0000-7000-8000-000000000000".parse().unwrap(),
        "0199bbbb-0000-7000-8000-000000000000".parse().unwrap(),
    );
    for route in routes {
        let link = route.to_string();
        let title = match route.bundle() {
            Bundle::App => "<title>Hevruta</title>",
            Bundle::Canvas => "<title>Canvas</title>",
            Bundle::Circles => "<title>Circles</title>",
            Bundle::Boards => "<title>Boards</title>",
            Bundle::Projector => "<title>Projector</title>",
            Bundle::Devices => "<title>Devices</title>",
        };
        for path in [link.clone(), format!("{}/", link.trim_end_matches('/'))] {
            assert_eq!(Route::parse(&path), Some(route.clone()), "{path}");
            let res = page(&app, &path, None).await;
            assert_eq!(res.status(), 200, "{path}");
            assert_eq!(res.headers()["cache-control"], "no-cache", "{path}");
            assert!(res.text().await.unwrap().contains(title), "{path}");
        }
    }
}

/// A path that is no page gets the app (which shows its not-found page) with a 404.
#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn paths_that_are_no_page_get_the_app_with_404() {
    let (app, _dist) = app_with_canvas_page().await;
    for path in [
        "/e/0199aaaa-0000-7000-8000-000000000000/canvas",
        &format!("{CANVAS_ROUTE}/more"),
        "/e/0199aaaa-0000-7000-8000-000000000000/boards/0199bbbb",
        "/e/not-an-id",
        "/nowhere",
    ] {
        assert_eq!(Route::parse(path), None, "{path}");
        let res = page(&app, path, None).await;
        assert_eq!(res.status(), 404, "{path}");
        assert!(
            res.text().await.unwrap().contains("<title>Hevruta</title>"),
            "{path}"
        );
    }
    let res = page(&app, &format!("{CANVAS_ROUTE}.js"), None).await;
    assert_eq!(res.status(), 404, "extensions are assets, never pages");
    assert!(!res.text().await.unwrap().contains("<title>"));
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn without_a_canvas_page_canvas_links_get_index_html() {
    let (app, _dist) = app_with_dist().await;
    let res = page(&app, CANVAS_ROUTE, None).await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.headers()["cache-control"], "no-cache");
    assert!(res.text().await.unwrap().contains("<title>Hevruta</title>"));
}

#[tokio::test]
#[cfg_attr(
    feature = "conformance",
    ignore = "reference server only: serves a dist/ the test writes"
)]
async fn every_page_gets_a_policy_made_from_itself_and_every_answer_the_safe_headers() {
    let (app, dist) = app_with_canvas_page().await;
    let script = "navigator.serviceWorker.register(\"/sw.js\");";
    let html = format!(
        "<!doctype html><meta name=\"hevruta-api\" content=\"\" /><title>Canvas</title><script>{script}</script>"
    );
    std::fs::write(dist.path().join("canvas.html"), &html).unwrap();
    use base64::Engine;
    use sha2::Digest;
    let hash = base64::engine::general_purpose::STANDARD.encode(sha2::Sha256::digest(script));
    for path in [CANVAS_ROUTE, "/canvas.html"] {
        let res = page(&app, path, None).await;
        assert_eq!(res.status(), 200, "{path}");
        let csp = res.headers()["content-security-policy"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(csp.contains(&format!("'sha256-{hash}'")), "{path}: {csp}");
        assert!(
            csp.contains("'wasm-unsafe-eval'") && !csp.contains("'unsafe-eval'"),
            "{csp}"
        );
        assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
        assert!(csp.contains("connect-src 'self';"), "{csp}");
    }
    // Not found pages too (the app's 404 page is index.html).
    let missing = page(&app, "/no/such/page", None).await;
    assert_eq!(missing.status(), 404);
    assert!(missing.headers().contains_key("content-security-policy"));

    // A deployment that points the page at another backend may connect there, at once.
    std::fs::write(
        dist.path().join("canvas.html"),
        html.replace("content=\"\"", "content=\"https://api.example.org\""),
    )
    .unwrap();
    let csp = page(&app, CANVAS_ROUTE, None).await.headers()["content-security-policy"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        csp.contains("connect-src 'self' https://api.example.org;"),
        "{csp}"
    );

    // Every answer, assets and API included, says no referrer and no device features.
    for path in [
        format!("/{HASHED_JS}"),
        "/api/v1/health".into(),
        CANVAS_ROUTE.into(),
    ] {
        let res = page(&app, &path, Some("br")).await;
        assert_eq!(res.headers()["referrer-policy"], "no-referrer", "{path}");
        assert!(
            res.headers()["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
        assert_eq!(res.headers()["x-content-type-options"], "nosniff", "{path}");
    }
    // A precompressed answer says it depends on Accept-Encoding (for caches between).
    let br = page(&app, &format!("/{HASHED_JS}"), Some("br")).await;
    assert_eq!(br.headers()["content-encoding"], "br");
    assert!(
        br.headers()["vary"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding"),
        "{:?}",
        br.headers().get("vary")
    );
    let plain = page(&app, &format!("/{HASHED_JS}"), None).await;
    assert!(
        plain.headers()["vary"]
            .to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-encoding"),
        "the uncompressed answer varies too"
    );
}
