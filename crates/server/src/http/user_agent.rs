//! What a device says it is: a short, fixed-vocabulary label ("Firefox · Android") made
//! from its `User-Agent`, so a member can tell their signed-in devices apart. Nothing of
//! the header itself is kept or shown: only names from the lists below.

use axum::http::HeaderMap;

/// Browsers, most specific first (Edge and Opera also say "Chrome", Chrome says "Safari").
const BROWSERS: [(&str, &str); 8] = [
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("SamsungBrowser/", "Samsung Internet"),
    ("Firefox/", "Firefox"),
    ("FxiOS/", "Firefox"),
    ("CriOS/", "Chrome"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
];

/// Systems, most specific first (iPads and Android also say "Linux" or "Mac OS X").
const SYSTEMS: [(&str, &str); 7] = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
];

/// The label of a `User-Agent`, e.g. "Chrome · Android"; `None` when neither the browser
/// nor the system is one it knows.
pub fn device_label(user_agent: &str) -> Option<String> {
    let find = |list: &[(&str, &'static str)]| {
        list.iter()
            .find(|(needle, _)| user_agent.contains(needle))
            .map(|(_, name)| *name)
    };
    match (find(&BROWSERS), find(&SYSTEMS)) {
        (Some(browser), Some(system)) => Some(format!("{browser} · {system}")),
        (Some(one), None) | (None, Some(one)) => Some(one.to_owned()),
        (None, None) => None,
    }
}

/// The label of the request's `User-Agent`, if it has one it knows.
pub fn label_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get(axum::http::header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .and_then(device_label)
}

#[cfg(test)]
mod tests {
    use super::device_label;

    #[test]
    fn common_browsers_are_named_with_their_system() {
        for (ua, label) in [
            (
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36",
                "Chrome · Android",
            ),
            (
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
                "Safari · iPhone",
            ),
            (
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36 Edg/126.0",
                "Edge · Windows",
            ),
            (
                "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
                "Firefox · Linux",
            ),
            (
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
                "Safari · macOS",
            ),
        ] {
            assert_eq!(device_label(ua).as_deref(), Some(label), "{ua}");
        }
    }

    #[test]
    fn unknown_agents_get_no_label_and_nothing_of_the_header_is_kept() {
        assert_eq!(device_label("curl/8.5.0"), None);
        assert_eq!(device_label(""), None);
        assert_eq!(
            device_label("<script>alert(1)</script> Firefox/1").as_deref(),
            Some("Firefox")
        );
    }
}
