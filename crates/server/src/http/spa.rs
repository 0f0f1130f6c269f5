//! Serves the built SPA from `dist/`: precompressed files when the browser accepts them,
//! the entry page of the bundle that renders each app route (read by the model's `Route`,
//! as the SPA reads it) so deep links work, and cache headers by kind of file. A path that
//! is no page gets `index.html` with status 404: the app shows its not-found page. Every
//! page gets its Content-Security-Policy (`headers`).

use std::path::{Path, PathBuf};

use axum::Router;
use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use hevruta_model::{Bundle, Route};
use tower::ServiceExt;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_header::SetResponseHeaderLayer;

pub fn service(dist: &Path) -> Router {
    let page = |bundle: Bundle| {
        ServeFile::new(dist.join(bundle.entry()))
            .precompressed_br()
            .precompressed_gzip()
    };
    // Each bundle's page, and where its file is (checked per request: a build without a
    // tool's page still serves the app).
    let pages: Vec<(Bundle, ServeFile, std::path::PathBuf)> = Bundle::ALL
        .into_iter()
        .map(|b| (b, page(b), dist.join(b.entry())))
        .collect();
    // App routes (no extension) get their entry page; a missing file (an old build's hashed
    // asset) is a plain 404, so it is never cached as HTML under an immutable name.
    let app_routes = Router::new().fallback(move |req: Request| {
        let pages = pages.clone();
        async move {
            let path = req.uri().path();
            let name = path.rsplit('/').next().unwrap_or("");
            if name.contains('.') {
                return StatusCode::NOT_FOUND.into_response();
            }
            let route = Route::parse(path);
            let bundle = route.as_ref().map_or(Bundle::App, Route::bundle);
            let (mut page, mut file) = (pages[0].1.clone(), pages[0].2.clone());
            if let Some((_, own, own_file)) = pages.iter().find(|(b, ..)| *b == bundle)
                && (bundle == Bundle::App || tokio::fs::try_exists(own_file).await.unwrap_or(false))
            {
                (page, file) = (own.clone(), own_file.clone());
            }
            let mut res = match page.oneshot(req).await {
                Ok(res) => res.map(Body::new),
                Err(never) => match never {},
            };
            res.extensions_mut().insert(PageFile(file));
            if route.is_none() && res.status().is_success() {
                *res.status_mut() = StatusCode::NOT_FOUND;
            }
            res
        }
    });
    let files = ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .fallback(app_routes);
    let dist = dist.to_path_buf();
    Router::new()
        .fallback_service(files)
        .layer(middleware::from_fn(cache_headers))
        // Files may be answered precompressed: caches between must key on the encoding.
        .layer(SetResponseHeaderLayer::if_not_present(
            header::VARY,
            HeaderValue::from_static("accept-encoding"),
        ))
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            page_policy(dist.clone(), req, next)
        }))
}

/// The file an app route was answered with.
#[derive(Clone)]
struct PageFile(PathBuf);

/// Gives a page its Content-Security-Policy, made from the page as it is on disk now.
async fn page_policy(dist: PathBuf, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    let html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/html"));
    if !html {
        return res;
    }
    let file = match res.extensions().get::<PageFile>() {
        Some(PageFile(file)) => file.clone(),
        None if !path.split('/').any(|s| s == "..") => {
            let name = path.trim_start_matches('/');
            dist.join(if name.is_empty() { "index.html" } else { name })
        }
        None => return res,
    };
    // A page that cannot be read gets the policy of a page without inline scripts.
    let page = tokio::fs::read_to_string(&file).await.unwrap_or_default();
    if let Ok(csp) = HeaderValue::from_str(&super::headers::content_security_policy(&page)) {
        res.headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    res
}

/// What a file may be cached for, judged by its request path.
pub fn cache_policy(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or("");
    if is_hashed(name) {
        // trunk puts a content hash in the name: a new build means a new name.
        "public, max-age=31536000, immutable"
    } else if name.is_empty() || name.ends_with(".html") || !name.contains('.') || name == "sw.js" {
        // index.html (also served for app routes) and the service worker: always revalidate
        // to pick up new builds.
        "no-cache"
    } else {
        "public, max-age=3600"
    }
}

/// `hevruta-1a2b3c4d5e6f7a8b_bg.wasm`, `main-1a2b3c4d5e6f7a8b.css`: a dash then trunk's
/// content hash, 16 hex digits or fewer when the hash starts with zeros (`canvas-d89c6dac566b3b.css`).
/// Only a file name (with an extension) counts: a page path's uuid has hex runs too.
fn is_hashed(name: &str) -> bool {
    let Some((stem, _extension)) = name.split_once('.') else {
        return false;
    };
    stem.split(['-', '_'])
        .skip(1)
        .any(|part| (10..=16).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_hexdigit()))
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
        assert_eq!(
            cache_policy("/sw.js"),
            "no-cache",
            "a new worker is seen at once"
        );
        assert_eq!(
            cache_policy("/canvas-d89c6dac566b3b.css"),
            "public, max-age=31536000, immutable",
            "a hash that starts with zeros is printed shorter"
        );
        assert_eq!(
            cache_policy("/e/0199aaaa-0000-7000-8000-000000000000"),
            "no-cache",
            "a page path's uuid is no hash"
        );
        assert_eq!(cache_policy("/e/0199-abc"), "no-cache");
        assert_eq!(cache_policy("/e/0199-abc/canvas/0199-def"), "no-cache");
        assert_eq!(
            cache_policy("/manifest.webmanifest"),
            "public, max-age=3600"
        );
    }
}
