//! Links in a learning's plain text: the text split into plain runs and http(s) addresses,
//! each address checked as the model's `WebUrl`. The page renders runs as text nodes and
//! addresses as `<a>`; nothing is ever read as HTML.

use hevruta_model::WebUrl;

/// A piece of text: plain, or a link to show as one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Punctuation that ends a sentence rather than an address.
fn trailing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | '"' | '\'' | '”' | '’' | '»' | '،' | '׃'
    )
}

/// Where the next address starts at or after `from`: `http://` or `https://` (any case),
/// not in the middle of a word.
fn next_start(text: &str, from: usize) -> Option<usize> {
    let lower = text[from..].to_ascii_lowercase();
    let mut at = 0;
    while let Some(i) = lower[at..].find("http") {
        let start = from + at + i;
        let rest = &lower[at + i..];
        let word_start = text[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        if word_start && (rest.starts_with("http://") || rest.starts_with("https://")) {
            return Some(start);
        }
        at += i + 4;
    }
    None
}

/// Splits `text` into plain runs and links.
pub fn segments(text: &str) -> Vec<Segment<'_>> {
    let mut out = Vec::new();
    let mut plain_from = 0;
    let mut from = 0;
    while let Some(start) = next_start(text, from) {
        let end = text[start..]
            .find(|c: char| c.is_whitespace() || c == '<' || c == '>')
            .map_or(text.len(), |i| start + i);
        let mut link = &text[start..end];
        // A closing bracket belongs to the link only if the link opened one.
        loop {
            let before = link.len();
            link = link.trim_end_matches(trailing);
            if link.ends_with(')') && !link.contains('(') {
                link = &link[..link.len() - 1];
            }
            if link.len() == before {
                break;
            }
        }
        let link_end = start + link.len();
        if WebUrl::parse(link).is_ok() {
            if plain_from < start {
                out.push(Segment::Text(&text[plain_from..start]));
            }
            out.push(Segment::Link(link));
            plain_from = link_end;
        }
        from = link_end.max(start + 4);
    }
    if plain_from < text.len() {
        out.push(Segment::Text(&text[plain_from..]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::Segment::{Link, Text};
    use super::*;

    #[test]
    fn addresses_become_links_and_the_rest_stays_text() {
        assert_eq!(
            segments("See https://hundred.org/en/innovations, and http://x.org."),
            [
                Text("See "),
                Link("https://hundred.org/en/innovations"),
                Text(", and "),
                Link("http://x.org"),
                Text("."),
            ]
        );
        assert_eq!(segments("no links here"), [Text("no links here")]);
        assert_eq!(segments(""), Vec::<Segment>::new());
    }

    #[test]
    fn brackets_and_right_to_left_text_around_links() {
        assert_eq!(
            segments("(https://example.org/a) ראו https://he.wikipedia.org/wiki/חינוך"),
            [
                Text("("),
                Link("https://example.org/a"),
                Text(") ראו "),
                Link("https://he.wikipedia.org/wiki/חינוך"),
            ]
        );
        assert_eq!(
            segments("https://en.wikipedia.org/wiki/Tikkun_(Judaism)"),
            [Link("https://en.wikipedia.org/wiki/Tikkun_(Judaism)")]
        );
    }

    #[test]
    fn nothing_else_is_ever_a_link() {
        for text in [
            "javascript:alert(1)",
            "data:text/html,<script>alert(1)</script>",
            "<a href=\"javascript:alert(1)\">x</a>",
            "xhttps://example.org",
            "https://",
            "ftp://example.org",
        ] {
            assert!(
                segments(text).iter().all(|s| matches!(s, Text(_))),
                "{text}"
            );
        }
        assert_eq!(
            segments("<b>https://a.org</b>"),
            [Text("<b>"), Link("https://a.org"), Text("</b>")]
        );
        let joined: String = segments("a https://b.org c")
            .iter()
            .map(|s| match s {
                Text(t) | Link(t) => *t,
            })
            .collect();
        assert_eq!(joined, "a https://b.org c", "no text lost");
    }
}
