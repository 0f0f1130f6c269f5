//! Request and response bodies of `/api/v1`. Requests carry raw text; `validate` turns
//! them into checked values and reports every offending field at once, so the server and
//! the SPA's forms give the same answer.

use serde::{Deserialize, Serialize};

use crate::problem::FieldCode;
use crate::{FieldError, TextError};

mod canvas;
mod expedition;
#[cfg(test)]
mod tests;

pub use canvas::*;
pub use expedition::*;

/// Collects field errors while parsing a request.
#[derive(Default)]
pub(crate) struct Fields(pub(crate) Vec<FieldError>);

impl Fields {
    pub(crate) fn text<T>(&mut self, field: &str, r: Result<T, TextError>) -> Option<T> {
        r.map_err(|e| self.0.push(FieldError::text(field, e))).ok()
    }

    /// Text that may be left blank: `Some(None)` when it is.
    pub(crate) fn optional<T>(
        &mut self,
        field: &str,
        raw: &str,
        parse: impl Fn(&str) -> Result<T, TextError>,
    ) -> Option<Option<T>> {
        if raw.trim().is_empty() {
            return Some(None);
        }
        self.text(field, parse(raw)).map(Some)
    }

    /// A list of tags: at most `max`, each a valid `Tag` (named `field[i]`), repeats
    /// (ignoring case) dropped; `required` wants at least one.
    pub(crate) fn tags(
        &mut self,
        field: &str,
        raw: &[String],
        max: usize,
        required: bool,
    ) -> Option<Vec<crate::Tag>> {
        let before = self.0.len();
        if required && raw.iter().all(|t| t.trim().is_empty()) {
            self.0.push(FieldError::new(
                field,
                FieldCode::Required,
                "name at least one",
            ));
        }
        let mut tags: Vec<crate::Tag> = Vec::new();
        for (i, t) in raw.iter().enumerate() {
            if let Some(tag) = self.text(&format!("{field}[{i}]"), crate::Tag::parse(t)) {
                let key = tag.as_str().to_lowercase();
                if !tags.iter().any(|t| t.as_str().to_lowercase() == key) {
                    tags.push(tag);
                }
            }
        }
        if tags.len() > max {
            self.0.insert(
                before,
                FieldError::new(field, FieldCode::TooMany, format!("at most {max}")).with_max(max),
            );
        }
        (self.0.len() == before).then_some(tags)
    }

    pub(crate) fn finish<T>(self, ok: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            ok().ok_or_else(Vec::new)
        } else {
            Err(self.0)
        }
    }
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}
