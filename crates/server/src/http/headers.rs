//! Security headers. Every answer says `nosniff`, `Referrer-Policy: no-referrer` and a
//! `Permissions-Policy` that turns off what the app never uses. Every page gets a
//! Content-Security-Policy made from that page itself, read when it is served (a deployment
//! edits its pages, e.g. the `hevruta-api` meta): scripts only from this origin plus the
//! page's own inline scripts by hash (trunk's loader, the service worker's registration),
//! wasm compiled with `'wasm-unsafe-eval'` (never `'unsafe-eval'`), connections to this
//! origin and the backend the page names, and no framing by anyone.

use base64::Engine;
use sha2::{Digest, Sha256};

/// Turned off for every page: the app asks for none of these.
pub const PERMISSIONS_POLICY: &str = "accelerometer=(), autoplay=(), camera=(), display-capture=(), \
     geolocation=(), gyroscope=(), magnetometer=(), microphone=(), midi=(), payment=(), usb=()";

/// The `'sha256-…'` source of every inline script of `html` (a `<script>` without `src`).
fn inline_script_hashes(html: &str) -> Vec<String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else {
            break;
        };
        let tag = &after[..open_end];
        let body = &after[open_end + 1..];
        let Some(close) = body.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&body.as_bytes()[..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &body[close..];
    }
    hashes
}

/// The origin (`scheme://host[:port]`) of the backend the page's `hevruta-api` meta names,
/// if it names one; anything else than an http(s) origin is left out.
fn api_origin(html: &str) -> Option<String> {
    let at = html.find(r#"name="hevruta-api""#)?;
    let tag_start = html[..at].rfind('<')?;
    let tag_end = at + html[at..].find('>')?;
    let tag = &html[tag_start..tag_end];
    let content = tag.split("content=\"").nth(1)?.split('"').next()?.trim();
    let (scheme, rest) = content.split_once("://")?;
    if scheme != "http" && scheme != "https" {
        return None;
    }
    let host = rest.split(['/', '?', '#']).next()?;
    let ok = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    ok.then(|| format!("{scheme}://{host}"))
}

/// The Content-Security-Policy for the page `html`.
pub fn content_security_policy(html: &str) -> String {
    let mut script = vec!["'self'".to_owned(), "'wasm-unsafe-eval'".to_owned()];
    script.extend(inline_script_hashes(html));
    let mut connect = vec!["'self'".to_owned()];
    connect.extend(api_origin(html));
    format!(
        "default-src 'self'; script-src {}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; font-src 'self'; connect-src {}; media-src 'self' blob:; \
         worker-src 'self'; manifest-src 'self'; object-src 'none'; base-uri 'none'; \
         form-action 'self'; frame-ancestors 'none'",
        script.join(" "),
        connect.join(" ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_are_allowed_by_their_hash_and_files_by_origin() {
        let html = r#"<html><head><meta name="hevruta-api" content="" />
            <script type="module">import init from '/a.js';</script>
            <script src="/b.js"></script></head>
            <body><script>
        navigator.serviceWorker.register("/sw.js");
    </script></body></html>"#;
        let csp = content_security_policy(html);
        let hashes = inline_script_hashes(html);
        assert_eq!(hashes.len(), 2, "the two inline scripts, not the file");
        let module = base64::engine::general_purpose::STANDARD
            .encode(Sha256::digest(b"import init from '/a.js';"));
        assert_eq!(hashes[0], format!("'sha256-{module}'"));
        assert!(csp.contains(&format!(
            "script-src 'self' 'wasm-unsafe-eval' {}",
            hashes.join(" ")
        )));
        assert!(!csp.contains("'unsafe-eval'"));
        assert!(csp.contains("frame-ancestors 'none'"));
        assert!(csp.contains("connect-src 'self';"), "{csp}");
    }

    #[test]
    fn the_backend_a_page_names_may_be_connected_to_and_nothing_else() {
        let page =
            |api: &str| format!(r#"<meta name="hevruta-api" content="{api}" /><title>x</title>"#);
        assert!(
            content_security_policy(&page("https://api.example.org/v1/"))
                .contains("connect-src 'self' https://api.example.org;")
        );
        assert!(
            content_security_policy(&page("http://127.0.0.1:8081"))
                .contains("connect-src 'self' http://127.0.0.1:8081;")
        );
        for bad in [
            "javascript:alert(1)",
            "https://a.org; script-src *",
            "data:x",
            "",
        ] {
            assert!(
                content_security_policy(&page(bad)).contains("connect-src 'self';"),
                "{bad}"
            );
        }
    }
}
