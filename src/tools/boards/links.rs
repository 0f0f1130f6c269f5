//! Comments with safe auto-links: text is split into plain runs and http(s) addresses, and
//! rendered as text nodes and `<a>` elements, never as HTML, so a comment cannot inject
//! markup or a `javascript:` link.

use hevruta_model::WebUrl;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Segment {
    Text(String),
    Link(String),
}

/// The runs of `text`: every word that is an http or https address becomes a link (with
/// closing punctuation left outside it), the rest stays text.
pub fn segments(text: &str) -> Vec<Segment> {
    let mut out: Vec<Segment> = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let word_end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let (word, after) = rest.split_at(word_end);
        let trimmed =
            word.trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '"', '\'', '»', '”']);
        let lower = trimmed.to_ascii_lowercase();
        if (lower.starts_with("https://") || lower.starts_with("http://"))
            && WebUrl::parse(trimmed).is_ok()
        {
            if !plain.is_empty() {
                out.push(Segment::Text(std::mem::take(&mut plain)));
            }
            out.push(Segment::Link(trimmed.to_owned()));
            plain.push_str(&word[trimmed.len()..]);
        } else {
            plain.push_str(word);
        }
        let space_end = after
            .find(|c: char| !c.is_whitespace())
            .unwrap_or(after.len());
        plain.push_str(&after[..space_end]);
        rest = &after[space_end..];
    }
    if !plain.is_empty() {
        out.push(Segment::Text(plain));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use Segment::*;

    #[test]
    fn addresses_become_links_and_everything_else_stays_text() {
        assert_eq!(
            segments("See https://hundred.org/en, then http://x.org."),
            [
                Text("See ".into()),
                Link("https://hundred.org/en".into()),
                Text(", then ".into()),
                Link("http://x.org".into()),
                Text(".".into()),
            ]
        );
        assert_eq!(
            segments("javascript:alert(1) <b>hi</b>"),
            [Text("javascript:alert(1) <b>hi</b>".into())]
        );
        assert_eq!(segments("https://"), [Text("https://".into())]);
        assert_eq!(
            segments("שלום https://example.org/שלום"),
            [
                Text("שלום ".into()),
                Link("https://example.org/שלום".into())
            ]
        );
        assert_eq!(segments(""), []);
    }
}
