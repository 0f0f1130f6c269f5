//! RFC 9457 problem details: the one error body of the API.

use serde::{Deserialize, Serialize};

/// A stable, machine-readable reason. Clients translate by this, not by `title`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ProblemCode {
    /// The body is not JSON at all.
    InvalidJson,
    /// The body is JSON but not of the expected shape (missing field, wrong type, unknown value).
    InvalidBody,
    /// The body has the right shape but some fields break the rules: see `errors`.
    ValidationFailed,
    UnsupportedMediaType,
    PayloadTooLarge,
    /// No session token, or one that is unknown or revoked.
    Unauthorized,
    /// The session may not do this (e.g. a participant moving the stage).
    Forbidden,
    NotFound,
    /// No expedition has this join code (or it was regenerated).
    WrongJoinCode,
    MethodNotAllowed,
    Conflict,
    /// The only facilitator cannot leave: nobody could run the expedition any more.
    LastFacilitator,
    Internal,
    Unavailable,
    /// A code this client does not know yet (sent by a newer server).
    #[serde(other)]
    Unknown,
}

impl ProblemCode {
    /// Every code a server sends (all but `Unknown`).
    pub const ALL: [ProblemCode; 14] = [
        ProblemCode::InvalidJson,
        ProblemCode::InvalidBody,
        ProblemCode::ValidationFailed,
        ProblemCode::UnsupportedMediaType,
        ProblemCode::PayloadTooLarge,
        ProblemCode::Unauthorized,
        ProblemCode::Forbidden,
        ProblemCode::NotFound,
        ProblemCode::WrongJoinCode,
        ProblemCode::MethodNotAllowed,
        ProblemCode::Conflict,
        ProblemCode::LastFacilitator,
        ProblemCode::Internal,
        ProblemCode::Unavailable,
    ];

    pub fn status(self) -> u16 {
        match self {
            ProblemCode::InvalidJson => 400,
            ProblemCode::InvalidBody | ProblemCode::ValidationFailed => 422,
            ProblemCode::UnsupportedMediaType => 415,
            ProblemCode::PayloadTooLarge => 413,
            ProblemCode::Unauthorized => 401,
            ProblemCode::Forbidden => 403,
            ProblemCode::NotFound | ProblemCode::WrongJoinCode => 404,
            ProblemCode::MethodNotAllowed => 405,
            ProblemCode::Conflict | ProblemCode::LastFacilitator => 409,
            ProblemCode::Internal | ProblemCode::Unknown => 500,
            ProblemCode::Unavailable => 503,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "invalid_json",
            ProblemCode::InvalidBody => "invalid_body",
            ProblemCode::ValidationFailed => "validation_failed",
            ProblemCode::UnsupportedMediaType => "unsupported_media_type",
            ProblemCode::PayloadTooLarge => "payload_too_large",
            ProblemCode::Unauthorized => "unauthorized",
            ProblemCode::Forbidden => "forbidden",
            ProblemCode::NotFound => "not_found",
            ProblemCode::WrongJoinCode => "wrong_join_code",
            ProblemCode::MethodNotAllowed => "method_not_allowed",
            ProblemCode::Conflict => "conflict",
            ProblemCode::LastFacilitator => "last_facilitator",
            ProblemCode::Internal => "internal",
            ProblemCode::Unavailable => "unavailable",
            ProblemCode::Unknown => "unknown",
        }
    }

    /// A short English title, the same for every occurrence of the code.
    pub fn title(self) -> &'static str {
        match self {
            ProblemCode::InvalidJson => "The request body is not valid JSON.",
            ProblemCode::InvalidBody => "The request body does not have the expected fields.",
            ProblemCode::ValidationFailed => "Some fields are not valid.",
            ProblemCode::UnsupportedMediaType => "Send the body as application/json.",
            ProblemCode::PayloadTooLarge => "The request body is too large.",
            ProblemCode::Unauthorized => "Sign in to this expedition first.",
            ProblemCode::Forbidden => "Your role in this expedition does not allow this.",
            ProblemCode::NotFound => "Nothing was found here.",
            ProblemCode::WrongJoinCode => "No expedition has this join code.",
            ProblemCode::MethodNotAllowed => "This address does not accept that method.",
            ProblemCode::Conflict => "This conflicts with the current state.",
            ProblemCode::LastFacilitator => "The only facilitator cannot leave the expedition.",
            ProblemCode::Internal => "Something went wrong on the server.",
            ProblemCode::Unavailable => "The server is not available right now.",
            ProblemCode::Unknown => "Unknown problem.",
        }
    }
}

/// One field that broke a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The JSON field name, e.g. `display_name`.
    pub field: String,
    /// Stable reason: `empty`, `too_long`, `control_characters`, `invalid_url`, `malformed`, `required`.
    pub code: String,
    /// English explanation.
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }
    }
}

/// `application/problem+json` body (RFC 9457) with our `code` and `errors` extensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:hevruta:problem:<code>`.
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ProblemCode,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    pub fn new(code: ProblemCode) -> Self {
        Self {
            kind: format!("urn:hevruta:problem:{}", code.as_str()),
            title: code.title().into(),
            status: code.status(),
            detail: None,
            code,
            errors: Vec::new(),
        }
    }

    pub fn with_detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    pub fn invalid_fields(errors: Vec<FieldError>) -> Self {
        Self {
            errors,
            ..Self::new(ProblemCode::ValidationFailed)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn problem_round_trips_through_json() {
        let p =
            Problem::invalid_fields(vec![FieldError::new("title", "empty", "must not be empty")]);
        let json = serde_json::to_value(&p).unwrap();
        assert_eq!(json["type"], "urn:hevruta:problem:validation_failed");
        assert_eq!(json["status"], 422);
        assert_eq!(json["code"], "validation_failed");
        assert_eq!(json["errors"][0]["field"], "title");
        assert!(json.get("detail").is_none());
        let back: Problem = serde_json::from_value(json).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn unknown_codes_from_a_newer_server_still_parse() {
        let p: Problem =
            serde_json::from_str(r#"{"type":"x","title":"t","status":418,"code":"teapot"}"#)
                .unwrap();
        assert_eq!(p.code, ProblemCode::Unknown);
    }

    #[test]
    fn every_code_maps_to_a_4xx_or_5xx_status() {
        for code in ProblemCode::ALL {
            assert!((400..600).contains(&code.status()), "{code:?}");
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
