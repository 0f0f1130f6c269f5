//! Serves the built SPA from `dist/`: precompressed files when the browser accepts them,
//! the entry page for app routes so deep links work (`canvas.html` for the canvas screen,
//! `index.html` for everything else), and cache headers by kind of file.

use std::path::Path;

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};

/// The entry page of the canvas screen (its own wasm), built next to `index.html`.
const CANVAS_PAGE: &str = "canvas.html";

pub fn service(dist: &Path) -> Router {
    let page = |name: &str| {
        ServeFile::new(dist.join(name))
            .precompressed_br()
            .precompressed_gzip()
    };
    let (index, canvas) = (page("index.html"), page(CANVAS_PAGE));
    let canvas_path = dist.join(CANVAS_PAGE);
    // App routes (no extension) get their entry page; a missing file (an old build's hashed
    // asset) is a plain 404, so it is never cached as HTML under an immutable name.
    let app_routes = Router::new().fallback(move |req: Request| {
        let (index, canvas, canvas_path) = (index.clone(), canvas.clone(), canvas_path.clone());
        async move {
            let path = req.uri().path();
            let name = path.rsplit('/').next().unwrap_or("");
            if name.contains('.') {
                return StatusCode::NOT_FOUND.into_response();
            }
            // Checked per request: a build without the canvas page still serves the app.
            let page = if is_canvas_route(path)
                && tokio::fs::try_exists(&canvas_path).await.unwrap_or(false)
            {
                canvas
            } else {
                index
            };
            match page.oneshot(req).await {
                Ok(res) => res.map(Body::new),
                Err(never) => match never {},
            }
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_routes);
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
}

/// The canvas screen's pages: `/e/{expedition}/canvas/{canvas}` (one canvas) and
/// `/e/{expedition}/canvases` (the list), with non-empty ids and nothing after them.
pub fn is_canvas_route(path: &str) -> bool {
    let mut segments = path.strip_prefix('/').unwrap_or(path).split('/');
    matches!(
        (segments.next(), segments.next(), segments.next(), segments.next(), segments.next()),
        (Some("e"), Some(e), Some("canvas"), Some(c), None) if !e.is_empty() && !c.is_empty()
    ) || {
        let mut segments = path.strip_prefix('/').unwrap_or(path).split('/');
        matches!(
            (segments.next(), segments.next(), segments.next(), segments.next()),
            (Some("e"), Some(e), Some("canvases"), None) if !e.is_empty()
        )
    }
}

/// What a file may be cached for, judged by its request path.
pub fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    if is_hashed(name) {
        // trunk puts a content hash in the name: a new build means a new name.
        "public, max-age=31536000, immutable"
    } else if name.is_empty() || name.ends_with(".html") || !name.contains('.') {
        // index.html (also served for app routes): always revalidate to pick up new builds.
        "no-cache"
    } else {
        "public, max-age=3600"
    }
}

/// `hevruta-1a2b3c4d5e6f7a8b_bg.wasm`, `main-1a2b3c4d5e6f7a8b.css`: a dash then 16 hex digits.
fn is_hashed(name: &str) -> bool {
    name.split(['-', '_', '.'])
        .any(|part| part.len() == 16 && part.bytes().all(|b| b.is_ascii_hexdigit()))
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let policy = cache_policy(req.uri().path());
    let mut res = next.run(req).await;
    if res.status().is_success() || res.status().as_u16() == 304 {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static(policy));
    }
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canvas_routes_have_exactly_their_segments() {
        assert!(is_canvas_route("/e/0199-abc/canvas/0199-def"));
        assert!(is_canvas_route("/e/0199-abc/canvases"));
        for other in [
            "/",
            "/e/0199-abc",
            "/e/0199-abc/canvas",
            "/e/0199-abc/canvas/",
            "/e//canvas/0199-def",
            "/e/0199-abc/canvas/0199-def/",
            "/e/0199-abc/canvas/0199-def/more",
            "/e/0199-abc/board/0199-def",
            "/x/e/0199-abc/canvas/0199-def",
            "/e//canvases",
            "/e/0199-abc/canvases/",
            "/e/0199-abc/canvases/x",
        ] {
            assert!(!is_canvas_route(other), "{other}");
        }
    }

    #[test]
    fn hashed_assets_are_immutable_and_pages_revalidate() {
        assert_eq!(
            cache_policy("/hevruta-1a2b3c4d5e6f7a8b_bg.wasm"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_policy("/main-0123456789abcdef.css"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_policy("/"), "no-cache");
        assert_eq!(cache_policy("/index.html"), "no-cache");
        assert_eq!(cache_policy("/e/0199-abc"), "no-cache");
        assert_eq!(cache_policy("/e/0199-abc/canvas/0199-def"), "no-cache");
        assert_eq!(
            cache_policy("/manifest.webmanifest"),
            "public, max-age=3600"
        );
    }
}
