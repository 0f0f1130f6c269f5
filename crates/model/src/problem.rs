//! RFC 9457 problem details: the one error body of the API.

use serde::{Deserialize, Serialize};

use crate::TextError;
use crate::canvas::{MAX_COORDINATE, OpError};

/// A stable, machine-readable reason. Clients translate by this, not by `title`. (Its
/// OpenAPI schema, `crate::schema`, lists `ALL`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The canvas is archived, so it is read-only: restore it first.
    CanvasArchived,
    /// The facilitator locked this canvas or board: participants may only read it now.
    Locked,
    /// Too many at once (e.g. open event streams of one session): try again later.
    TooManyRequests,
    /// The expedition, canvas or board is at a quota (members, canvases, stickies): nothing
    /// more of that kind fits; `detail` says which and how many.
    OverQuota,
    Internal,
    Unavailable,
    /// A code this client does not know yet (sent by a newer server).
    #[serde(other)]
    Unknown,
}

impl ProblemCode {
    /// Every code a server sends (all but `Unknown`).
    pub const ALL: [ProblemCode; 18] = [
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
        ProblemCode::CanvasArchived,
        ProblemCode::Locked,
        ProblemCode::TooManyRequests,
        ProblemCode::OverQuota,
        ProblemCode::Internal,
        ProblemCode::Unavailable,
    ];

    pub fn status(self) -> u16 {
        match self {
            ProblemCode::InvalidJson => 400,
            ProblemCode::InvalidBody | ProblemCode::ValidationFailed | ProblemCode::OverQuota => {
                422
            }
            ProblemCode::UnsupportedMediaType => 415,
            ProblemCode::PayloadTooLarge => 413,
            ProblemCode::Unauthorized => 401,
            ProblemCode::Forbidden => 403,
            ProblemCode::NotFound | ProblemCode::WrongJoinCode => 404,
            ProblemCode::MethodNotAllowed => 405,
            ProblemCode::Conflict
            | ProblemCode::LastFacilitator
            | ProblemCode::CanvasArchived
            | ProblemCode::Locked => 409,
            ProblemCode::TooManyRequests => 429,
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
            ProblemCode::CanvasArchived => "canvas_archived",
            ProblemCode::Locked => "locked",
            ProblemCode::TooManyRequests => "too_many_requests",
            ProblemCode::OverQuota => "over_quota",
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
            ProblemCode::CanvasArchived => "The canvas is archived: restore it to change it.",
            ProblemCode::Locked => {
                "The facilitator locked this for now: you can read it, not change it."
            }
            ProblemCode::TooManyRequests => "Too many at once: wait a moment and try again.",
            ProblemCode::OverQuota => "This is full: nothing more of this kind fits here.",
            ProblemCode::Internal => "Something went wrong on the server.",
            ProblemCode::Unavailable => "The server is not available right now.",
            ProblemCode::Unknown => "Unknown problem.",
        }
    }
}

/// Which rule a field broke: stable, so clients translate by it. (Its OpenAPI schema,
/// `crate::schema`, lists `ALL`.)
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldCode {
    /// Blank once trimmed.
    Empty,
    /// More than `max` characters.
    TooLong,
    /// Control characters (newlines and tabs only where the text may have several lines).
    ControlCharacters,
    /// Not an http or https address.
    InvalidUrl,
    /// Not a join code at all: the wrong length, or characters a code never has.
    Malformed,
    /// Missing, e.g. a participant's sector.
    Required,
    /// An op batch with no ops, or more than `max`.
    BatchSize,
    /// A coordinate that is not finite or lies beyond ±`max`.
    BadCoordinate,
    /// A section the canvas's template does not have.
    UnknownSection,
    /// An op on a sticky that was never created on this canvas.
    UnknownSticky,
    /// A create with a sticky id that is taken.
    StickyExists,
    /// An op on a sticky of another canvas.
    ForeignSticky,
    /// The same op id twice in one batch.
    DuplicateOp,
    /// A list with more than `max` items (tags, passions).
    TooMany,
    /// A learning circle other than 1, 2 or 3.
    UnknownCircle,
    /// A learning that does not exist in this expedition (e.g. what one builds on).
    UnknownLearning,
    /// A "builds on" that would make a loop (a learning building on itself, at last).
    Cycle,
    /// A board column that is not on this board (another board's, another expedition's,
    /// or none).
    UnknownColumn,
    /// More votes than the member has left on the board (`max`: the budget).
    OverBudget,
    /// More votes on one card than the board allows (`max`: the cap).
    OverCap,
    /// The same id twice in one request.
    Duplicate,
    /// A sticky citing a learning or card that is not in this expedition.
    UnknownCitation,
    /// A date that is not `YYYY-MM-DD` or does not exist (31 April, 29 February 2027).
    InvalidDate,
    /// A time that is not `HH:MM` on a 24-hour clock.
    InvalidTime,
    /// Not an IANA time zone name such as `Europe/Helsinki`, or one given without a time.
    InvalidTimeZone,
    /// A vote on something that is not an item of the round's canvas (a sticky) or board
    /// (a card).
    UnknownItem,
    /// A code this client does not know yet (sent by a newer server).
    #[serde(other)]
    Unknown,
}

impl FieldCode {
    /// Every code a server sends (all but `Unknown`).
    pub const ALL: [FieldCode; 26] = [
        FieldCode::Empty,
        FieldCode::TooLong,
        FieldCode::ControlCharacters,
        FieldCode::InvalidUrl,
        FieldCode::Malformed,
        FieldCode::Required,
        FieldCode::BatchSize,
        FieldCode::BadCoordinate,
        FieldCode::UnknownSection,
        FieldCode::UnknownSticky,
        FieldCode::StickyExists,
        FieldCode::ForeignSticky,
        FieldCode::DuplicateOp,
        FieldCode::TooMany,
        FieldCode::UnknownCircle,
        FieldCode::UnknownLearning,
        FieldCode::Cycle,
        FieldCode::UnknownColumn,
        FieldCode::OverBudget,
        FieldCode::OverCap,
        FieldCode::Duplicate,
        FieldCode::UnknownCitation,
        FieldCode::InvalidDate,
        FieldCode::InvalidTime,
        FieldCode::InvalidTimeZone,
        FieldCode::UnknownItem,
    ];

    /// The wire name, e.g. `too_long`.
    pub fn as_str(self) -> &'static str {
        match self {
            FieldCode::Empty => "empty",
            FieldCode::TooLong => "too_long",
            FieldCode::ControlCharacters => "control_characters",
            FieldCode::InvalidUrl => "invalid_url",
            FieldCode::Malformed => "malformed",
            FieldCode::Required => "required",
            FieldCode::BatchSize => "batch_size",
            FieldCode::BadCoordinate => "bad_coordinate",
            FieldCode::UnknownSection => "unknown_section",
            FieldCode::UnknownSticky => "unknown_sticky",
            FieldCode::StickyExists => "sticky_exists",
            FieldCode::ForeignSticky => "foreign_sticky",
            FieldCode::DuplicateOp => "duplicate_op",
            FieldCode::TooMany => "too_many",
            FieldCode::UnknownCircle => "unknown_circle",
            FieldCode::UnknownLearning => "unknown_learning",
            FieldCode::Cycle => "cycle",
            FieldCode::UnknownColumn => "unknown_column",
            FieldCode::OverBudget => "over_budget",
            FieldCode::OverCap => "over_cap",
            FieldCode::Duplicate => "duplicate",
            FieldCode::UnknownCitation => "unknown_citation",
            FieldCode::InvalidDate => "invalid_date",
            FieldCode::InvalidTime => "invalid_time",
            FieldCode::InvalidTimeZone => "invalid_time_zone",
            FieldCode::UnknownItem => "unknown_item",
            FieldCode::Unknown => "unknown",
        }
    }

    /// The code of a wire name; `Unknown` for a name this build does not know.
    pub fn parse(s: &str) -> FieldCode {
        FieldCode::ALL
            .into_iter()
            .find(|c| c.as_str() == s)
            .unwrap_or(FieldCode::Unknown)
    }
}

impl From<TextError> for FieldCode {
    fn from(e: TextError) -> Self {
        match e {
            TextError::Empty => FieldCode::Empty,
            TextError::TooLong { .. } => FieldCode::TooLong,
            TextError::ControlCharacters => FieldCode::ControlCharacters,
            TextError::InvalidUrl => FieldCode::InvalidUrl,
        }
    }
}

impl std::fmt::Display for FieldCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One field that broke a rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The JSON field name, e.g. `display_name`, or `ops[3]` for an op of a batch.
    pub field: String,
    pub code: FieldCode,
    /// The limit that was broken, where the rule has one: the most characters
    /// (`too_long`), ops in a batch (`batch_size`) or the coordinate bound
    /// (`bad_coordinate`). Absent otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<u32>,
    /// English explanation; clients translate by `code` (and `max`).
    pub message: String,
}

impl FieldError {
    pub fn new(field: &str, code: impl Into<FieldCode>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.into(),
            max: None,
            message: message.into(),
        }
    }

    /// The same error, naming the limit that was broken.
    pub fn with_max(mut self, max: usize) -> Self {
        self.max = Some(u32::try_from(max).unwrap_or(u32::MAX));
        self
    }

    /// A text field that failed its check (`too_long` names its `max`).
    pub fn text(field: &str, e: TextError) -> Self {
        let error = Self::new(field, e, e.message());
        match e {
            TextError::TooLong { max } => error.with_max(max),
            _ => error,
        }
    }

    /// An op that failed its own check (`too_long` and `bad_coordinate` name their `max`).
    pub fn op(field: &str, e: &OpError) -> Self {
        match e {
            OpError::Text(e) => Self {
                message: e.message(),
                ..Self::text(field, *e)
            },
            OpError::BadCoordinate => Self::new(field, FieldCode::BadCoordinate, e.message())
                .with_max(MAX_COORDINATE as usize),
            OpError::UnknownSection => Self::new(field, FieldCode::UnknownSection, e.message()),
        }
    }
}

/// `application/problem+json` body (RFC 9457) with our `code` and `errors` extensions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI naming the kind of problem: `urn:hevruta:problem:<code>`.
    #[serde(rename = "type")]
    #[cfg_attr(
        feature = "openapi",
        schema(
            pattern = "^urn:hevruta:problem:[a-z_]+$",
            example = "urn:hevruta:problem:not_found"
        )
    )]
    pub kind: String,
    /// A short English title, the same for every occurrence of the code.
    pub title: String,
    /// The HTTP status of the response, repeated.
    #[cfg_attr(feature = "openapi", schema(minimum = 100, maximum = 599))]
    pub status: u16,
    /// This occurrence, in English (for logs and developers).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    pub code: ProblemCode,
    /// With `validation_failed`: every field that broke a rule (absent otherwise).
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
        let p = Problem::invalid_fields(vec![FieldError::new(
            "title",
            FieldCode::Empty,
            "must not be empty",
        )]);
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
    fn field_errors_carry_a_typed_code_and_the_limit() {
        let e = FieldError::text("title", TextError::TooLong { max: 120 });
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["field"], "title");
        assert_eq!(json["code"], "too_long");
        assert_eq!(json["max"], 120);
        assert_eq!(serde_json::from_value::<FieldError>(json).unwrap(), e);

        let e = FieldError::text("title", TextError::Empty);
        assert_eq!(e.code, FieldCode::Empty);
        assert!(serde_json::to_value(&e).unwrap().get("max").is_none());
        assert_eq!(
            FieldError::op("ops[0]", &OpError::BadCoordinate).max,
            Some(1_000_000)
        );
    }

    #[test]
    fn field_codes_keep_their_wire_names_and_unknown_ones_still_parse() {
        for code in FieldCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
            assert_eq!(FieldCode::parse(code.as_str()), code);
        }
        let e: FieldError =
            serde_json::from_str(r#"{"field":"x","code":"too_shiny","message":"m"}"#).unwrap();
        assert_eq!((e.code, e.max), (FieldCode::Unknown, None));
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
