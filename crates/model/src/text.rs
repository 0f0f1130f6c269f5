//! Validated text newtypes. `parse` trims, checks and returns a `Result`; a value of one of
//! these types is always valid, so neither side has to check it again.

use serde::Serialize;

/// Why a piece of text was refused. The wire form (`code`) is stable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextError {
    Empty,
    TooLong { max: usize },
    ControlCharacters,
    InvalidUrl,
}

impl TextError {
    /// Stable machine code, used in `FieldError::code`.
    pub fn code(self) -> &'static str {
        match self {
            TextError::Empty => "empty",
            TextError::TooLong { .. } => "too_long",
            TextError::ControlCharacters => "control_characters",
            TextError::InvalidUrl => "invalid_url",
        }
    }

    /// An English sentence for logs and API consumers; the SPA translates by `code`.
    pub fn message(self) -> String {
        match self {
            TextError::Empty => "must not be empty".into(),
            TextError::TooLong { max } => format!("must be at most {max} characters"),
            TextError::ControlCharacters => "must not contain control characters".into(),
            TextError::InvalidUrl => "must be an http or https address".into(),
        }
    }
}

impl std::fmt::Display for TextError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for TextError {}

/// Characters that show nothing by themselves: zero-width spaces and joiners, direction
/// marks, embeddings, overrides and isolates, word joiners, variation selectors, the byte
/// order mark, the soft hyphen. Text made only of these (and white space) is empty.
pub const INVISIBLE: [(char, char); 6] = [
    ('\u{00AD}', '\u{00AD}'),
    ('\u{200B}', '\u{200F}'),
    ('\u{202A}', '\u{202E}'),
    ('\u{2060}', '\u{206F}'),
    ('\u{FE00}', '\u{FE0F}'),
    ('\u{FEFF}', '\u{FEFF}'),
];

fn is_invisible(c: char) -> bool {
    INVISIBLE.iter().any(|&(lo, hi)| (lo..=hi).contains(&c))
}

/// `s` without the bidi embeddings, overrides and isolates that are never closed and the
/// closers that close nothing, so no text can turn the direction of what follows it.
fn balanced_bidi(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut keep = vec![true; chars.len()];
    // Openers still open: (index, closed by an isolate's PDI rather than PDF).
    let mut open: Vec<(usize, bool)> = Vec::new();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\u{202A}' | '\u{202B}' | '\u{202D}' | '\u{202E}' => open.push((i, false)),
            '\u{2066}' | '\u{2067}' | '\u{2068}' => open.push((i, true)),
            '\u{202C}' | '\u{2069}' => {
                let isolate = c == '\u{2069}';
                match open.iter().rposition(|&(_, iso)| iso == isolate) {
                    // A PDI also ends the embeddings opened inside its isolate.
                    Some(at) => {
                        for &(j, _) in &open[at + 1..] {
                            keep[j] = false;
                        }
                        open.truncate(at);
                    }
                    None => keep[i] = false,
                }
            }
            '\n' => {
                // Paragraph ends close everything.
                for &(j, _) in &open {
                    keep[j] = false;
                }
                open.clear();
            }
            _ => {}
        }
    }
    for &(j, _) in &open {
        keep[j] = false;
    }
    chars
        .into_iter()
        .zip(keep)
        .filter_map(|(c, k)| k.then_some(c))
        .collect()
}

/// Trims `raw` and checks it shows something, is at most `max` characters, and is free of
/// control characters (newlines allowed only when `multiline`). Unpaired bidi controls
/// are dropped.
pub(crate) fn checked(raw: &str, max: usize, multiline: bool) -> Result<String, TextError> {
    let balanced = balanced_bidi(raw);
    let s = balanced.trim();
    if !s
        .chars()
        .any(|c| !c.is_whitespace() && !c.is_control() && !is_invisible(c))
    {
        return Err(TextError::Empty);
    }
    // The limit counts what was sent, white space included, as the contract's `maxLength`
    // and the SPA's `maxlength` inputs do.
    if raw.chars().count() > max {
        return Err(TextError::TooLong { max });
    }
    if s.chars()
        .any(|c| c.is_control() && !(multiline && (c == '\n' || c == '\t')))
    {
        return Err(TextError::ControlCharacters);
    }
    Ok(s.to_owned())
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident, max = $max:expr, multiline = $ml:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
        #[serde(transparent)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            pub fn parse(raw: &str) -> Result<Self, $crate::TextError> {
                $crate::text::checked(raw, $max, $ml).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_inner(self) -> String {
                self.0
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                &self.0
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.0)
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::PartialSchema for $name {
            fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
                crate::schema::trimmed_text($max, $ml, stringify!($name))
            }
        }

        #[cfg(feature = "openapi")]
        impl utoipa::ToSchema for $name {}
    };
}

pub(crate) use text_newtype;

text_newtype!(
    /// A person's name as others see it, e.g. "Noa (Bialik school)".
    DisplayName, max = 60, multiline = false
);
text_newtype!(
    /// A title: of an expedition, and later of boards, cards and canvases.
    Title, max = 120, multiline = false
);
text_newtype!(
    /// The city or region the expedition belongs to.
    CityName, max = 80, multiline = false
);
text_newtype!(
    /// The question the expedition sets out to answer.
    ChallengeQuestion, max = 600, multiline = true
);

text_newtype!(
    /// What a learning says: plain text, several lines; links in it are shown as links.
    LearningText, max = 4000, multiline = true
);
text_newtype!(
    /// A paragraph of a partner profile: the dream, the ambitions, the strengths.
    ProfileText, max = 600, multiline = true
);
text_newtype!(
    /// A short tag: a passion, an offer, a need, a theme.
    Tag, max = 40, multiline = false
);
text_newtype!(
    /// An organisation, or where a global innovation comes from ("Espoo, Finland").
    PlaceName, max = 80, multiline = false
);
text_newtype!(
    /// A board column's title, e.g. "Adapting for our city".
    ColumnTitle, max = 60, multiline = false
);
text_newtype!(
    /// What an innovation is, in a few sentences.
    CardSummary, max = 2000, multiline = true
);
text_newtype!(
    /// A theme of a card, e.g. "makerspaces".
    Theme, max = 40, multiline = false
);
text_newtype!(
    /// What makes an innovation work: its impact, how it scales, first steps.
    CardNote, max = 600, multiline = true
);
text_newtype!(
    /// A comment on a card.
    CommentText, max = 1000, multiline = true
);

/// An absolute http(s) address, for sources and links.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(transparent)]
pub struct WebUrl(String);

impl AsRef<str> for WebUrl {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl WebUrl {
    pub const MAX_CHARS: usize = 2048;

    pub fn parse(raw: &str) -> Result<Self, TextError> {
        let s = checked(raw, Self::MAX_CHARS, false)?;
        let lower = s.to_ascii_lowercase();
        let rest = lower
            .strip_prefix("https://")
            .or_else(|| lower.strip_prefix("http://"))
            .ok_or(TextError::InvalidUrl)?;
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit('@').next().unwrap_or("");
        if host.is_empty() || host.starts_with(':') || s.chars().any(char::is_whitespace) {
            return Err(TextError::InvalidUrl);
        }
        Ok(Self(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn names_are_trimmed() {
        assert_eq!(DisplayName::parse("  Noa  ").unwrap().as_str(), "Noa");
    }

    #[test]
    fn the_limit_counts_the_text_as_sent() {
        let padded = format!(" {} ", "a".repeat(DisplayName::MAX_CHARS - 1));
        assert_eq!(
            DisplayName::parse(&padded),
            Err(TextError::TooLong { max: 60 })
        );
        let fits = format!(" {}", "a".repeat(DisplayName::MAX_CHARS - 1));
        assert_eq!(DisplayName::parse(&fits).unwrap().as_str().len(), 59);
    }

    #[test]
    fn blank_text_is_rejected() {
        assert_eq!(Title::parse("   \t "), Err(TextError::Empty));
        assert_eq!(DisplayName::parse(""), Err(TextError::Empty));
    }

    #[test]
    fn text_that_shows_nothing_is_empty() {
        assert_eq!(Title::parse("\u{200B}\u{200B}"), Err(TextError::Empty));
        assert_eq!(
            DisplayName::parse("\u{202E}\u{202E}"),
            Err(TextError::Empty)
        );
        assert_eq!(
            DisplayName::parse(" \u{2067}\u{2069} \u{FEFF}"),
            Err(TextError::Empty)
        );
        assert_eq!(
            Title::parse("\u{200B}Espoo").unwrap().as_str(),
            "\u{200B}Espoo"
        );
    }

    #[test]
    fn unpaired_bidi_controls_are_dropped_and_pairs_kept() {
        // An override never closed would turn everything after the name around.
        assert_eq!(DisplayName::parse("Noa\u{202E}").unwrap().as_str(), "Noa");
        assert_eq!(DisplayName::parse("\u{202C}Noa").unwrap().as_str(), "Noa");
        let paired = "\u{2067}נועה\u{2069} (\u{202B}בת ים\u{202C})";
        assert_eq!(DisplayName::parse(paired).unwrap().as_str(), paired);
        // A PDI ends the embedding opened inside its isolate; a new line ends everything.
        assert_eq!(
            ChallengeQuestion::parse("\u{2068}a\u{202B}b\u{2069}c\n\u{202E}d")
                .unwrap()
                .as_str(),
            "\u{2068}ab\u{2069}c\nd"
        );
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        let hebrew = "ש".repeat(DisplayName::MAX_CHARS);
        assert!(hebrew.len() > DisplayName::MAX_CHARS);
        assert!(DisplayName::parse(&hebrew).is_ok());
        let too_long = "ש".repeat(DisplayName::MAX_CHARS + 1);
        assert_eq!(
            DisplayName::parse(&too_long),
            Err(TextError::TooLong { max: 60 })
        );
    }

    #[test]
    fn control_characters_are_rejected_except_newlines_in_questions() {
        assert_eq!(Title::parse("a\u{0}b"), Err(TextError::ControlCharacters));
        assert_eq!(Title::parse("a\nb"), Err(TextError::ControlCharacters));
        assert!(ChallengeQuestion::parse("How can\nthe city teach?").is_ok());
        assert_eq!(
            ChallengeQuestion::parse("bell\u{7}"),
            Err(TextError::ControlCharacters)
        );
    }

    #[test]
    fn urls_must_be_http_with_a_host() {
        assert!(WebUrl::parse("https://hundred.org/en/innovations").is_ok());
        assert!(WebUrl::parse("HTTP://Example.org").is_ok());
        for bad in [
            "javascript:alert(1)",
            "ftp://x.org",
            "https://",
            "https:///path",
            "https://a b.org",
            "hundred.org",
        ] {
            assert_eq!(WebUrl::parse(bad), Err(TextError::InvalidUrl), "{bad}");
        }
    }

    #[test]
    fn serialises_as_a_plain_string() {
        let t = Title::parse("Bat Yam lab").unwrap();
        assert_eq!(serde_json::to_string(&t).unwrap(), "\"Bat Yam lab\"");
    }

    proptest! {
        #[test]
        fn parse_never_panics_and_valid_output_reparses(s in "\\PC{0,200}") {
            if let Ok(t) = Title::parse(&s) {
                prop_assert_eq!(Title::parse(t.as_str()), Ok(t.clone()));
                prop_assert!(t.as_str().chars().count() <= Title::MAX_CHARS);
            }
        }
    }
}
