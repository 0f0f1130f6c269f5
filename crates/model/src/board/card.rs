//! A card: one innovation, with where it comes from and what makes it work.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{CardId, ColumnId, MAX_THEMES, key};
use crate::problem::FieldCode;
use crate::text::{CardNote, CardSummary, PlaceName, Theme};
use crate::{FieldError, MemberId, Sector, TextError, Title, UnixMillis, WebUrl};

/// Where the lab heard of an innovation.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Source {
    /// HundrED's library of education innovations.
    Hundred,
    /// The IAEC (International Association of Educating Cities) Bank of Experiences.
    Iaec,
    /// A member of the lab found it.
    Member,
    #[default]
    Other,
}

impl Source {
    pub const ALL: [Source; 4] = [Source::Hundred, Source::Iaec, Source::Member, Source::Other];

    pub fn as_str(self) -> &'static str {
        match self {
            Source::Hundred => "hundred",
            Source::Iaec => "iaec",
            Source::Member => "member",
            Source::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Option<Source> {
        Source::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a card says: everything a member edits. Optional texts are left out when empty.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CardContent {
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CardSummary>))]
    pub summary: Option<String>,
    /// An http or https address where the innovation is described.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<WebUrl>))]
    pub link: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PlaceName>))]
    pub origin_city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PlaceName>))]
    pub origin_country: Option<String>,
    #[serde(default)]
    pub source: Source,
    /// At most `MAX_THEMES`, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Theme>, max_items = 10))]
    pub themes: Vec<String>,
    /// The sectors involved, each once.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sectors: Vec<Sector>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CardNote>))]
    pub impact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CardNote>))]
    pub scalability: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CardNote>))]
    pub first_steps: Option<String>,
}

/// Collects field errors under a prefix (`cards[3].` in an import, nothing in a request).
struct Check<'a> {
    prefix: &'a str,
    errors: Vec<FieldError>,
}

impl Check<'_> {
    fn field(&self, name: &str) -> String {
        format!("{}{name}", self.prefix)
    }

    fn text<T: AsRef<str>>(&mut self, name: &str, r: Result<T, TextError>) -> Option<String> {
        match r {
            Ok(t) => Some(t.as_ref().to_owned()),
            Err(e) => {
                self.errors.push(FieldError::text(&self.field(name), e));
                None
            }
        }
    }

    fn optional<T: AsRef<str>>(
        &mut self,
        name: &str,
        raw: &Option<String>,
        parse: fn(&str) -> Result<T, TextError>,
    ) -> Option<String> {
        let raw = raw.as_deref()?;
        self.text(name, parse(raw))
    }
}

impl CardContent {
    /// The content trimmed and checked; `prefix` goes before every field name in errors.
    pub fn validate_at(&self, prefix: &str) -> Result<CardContent, Vec<FieldError>> {
        let mut c = Check {
            prefix,
            errors: Vec::new(),
        };
        let title = c.text("title", Title::parse(&self.title));
        let mut themes: Vec<String> = Vec::new();
        if self.themes.len() > MAX_THEMES {
            c.errors.push(
                FieldError::new(
                    &c.field("themes"),
                    FieldCode::TooLong,
                    format!("at most {MAX_THEMES} themes"),
                )
                .with_max(MAX_THEMES),
            );
        }
        for (i, t) in self.themes.iter().enumerate() {
            if let Some(t) = c.text(&format!("themes[{i}]"), Theme::parse(t))
                && !themes.iter().any(|x| x.eq_ignore_ascii_case(&t))
            {
                themes.push(t);
            }
        }
        let mut sectors = self.sectors.clone();
        sectors.sort_unstable();
        sectors.dedup();
        let content = CardContent {
            title: title.unwrap_or_default(),
            summary: c.optional("summary", &self.summary, CardSummary::parse),
            link: c.optional("link", &self.link, WebUrl::parse),
            origin_city: c.optional("origin_city", &self.origin_city, PlaceName::parse),
            origin_country: c.optional("origin_country", &self.origin_country, PlaceName::parse),
            source: self.source,
            themes,
            sectors,
            impact: c.optional("impact", &self.impact, CardNote::parse),
            scalability: c.optional("scalability", &self.scalability, CardNote::parse),
            first_steps: c.optional("first_steps", &self.first_steps, CardNote::parse),
        };
        if c.errors.is_empty() {
            Ok(content)
        } else {
            Err(c.errors)
        }
    }

    pub fn validate(&self) -> Result<CardContent, Vec<FieldError>> {
        self.validate_at("")
    }
}

/// A card on a board.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Card {
    pub id: CardId,
    pub column_id: ColumnId,
    /// Its place in the column: cards sort by key, then by id.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::FracKey))]
    pub key: String,
    #[serde(flatten)]
    pub content: CardContent,
    pub added_by: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub created_at: UnixMillis,
    /// The circle-3 learning this card was made from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::LearningId>))]
    pub from_learning: Option<Uuid>,
}

/// `POST …/boards/{board}/cards`: a new card, with a client-made id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewCard {
    pub id: CardId,
    pub column_id: ColumnId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::FracKey))]
    pub key: String,
    #[serde(flatten)]
    pub content: CardContent,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::LearningId>))]
    pub from_learning: Option<Uuid>,
}

/// A fractional key from outside, as a field error when it is not one.
pub(crate) fn key_error(field: &str, raw: &str) -> Option<FieldError> {
    match key::check_key(raw) {
        Ok(()) => None,
        Err(e @ key::KeyError::TooLong) => Some(
            FieldError::new(field, FieldCode::TooLong, e.message()).with_max(key::MAX_KEY_CHARS),
        ),
        Err(e) => Some(FieldError::new(field, FieldCode::Malformed, e.message())),
    }
}

impl NewCard {
    pub fn validate_at(&self, prefix: &str) -> Result<NewCard, Vec<FieldError>> {
        let key = key_error(&format!("{prefix}key"), &self.key);
        match (self.content.validate_at(prefix), key) {
            (Ok(content), None) => Ok(NewCard {
                content,
                ..self.clone()
            }),
            (Ok(_), Some(k)) => Err(vec![k]),
            (Err(mut e), k) => {
                e.extend(k);
                Err(e)
            }
        }
    }
}
