//! OpenAPI schemas for wire forms the Rust types do not spell out by themselves: text with
//! its limits, sticky fields with their stamps, coordinates, section keys, the op batch.
//! Every limit comes from the constant the validation uses, so the contract cannot drift
//! from the code. Server side only (the `openapi` feature); nothing here ships to phones.

use std::borrow::Cow;

use utoipa::openapi::schema::{Schema, SchemaType, Type};
use utoipa::openapi::{ArrayBuilder, ObjectBuilder, RefOr};
use utoipa::{PartialSchema, ToSchema};

use crate::canvas::{
    Citation, MAX_COORDINATE, MAX_OPS_PER_BATCH, MAX_STICKY_CHARS, Op, Stamp, StickyColor, Template,
};
use crate::join_code::TypedJoinCode;

mod stream;
use crate::{
    CanvasSummary, DisplayName, FieldCode, JoinExpedition, MAX_BODY_BYTES, PlaceName, ProblemCode,
    ProfileText, Sector, Title, WebUrl,
};
pub use stream::StreamFrame;

/// What Rust's `char::is_whitespace` (Unicode White_Space) trims, as a regex class body.
const WHITE_SPACE: &str =
    r"\u0009-\u000D\u0020\u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000";
/// What Rust's `char::is_control` (general category Cc) matches, as a regex class body.
const CONTROL: &str = r"\u0000-\u001F\u007F-\u009F";
/// Control characters other than tab and newline, which multi-line text may hold.
const CONTROL_BUT_TAB_NEWLINE: &str = r"\u0000-\u0008\u000B-\u001F\u007F-\u009F";

/// `text::INVISIBLE` as a regex class body: characters that show nothing by themselves.
const INVISIBLE: &str = r"\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF";

/// The pattern of text that `text::checked` accepts: at least one character that shows
/// something, and no control characters inside (tab and newline allowed when `multiline`;
/// white space around is trimmed).
fn trimmed_text_pattern(multiline: bool) -> String {
    let inner = if multiline {
        CONTROL_BUT_TAB_NEWLINE
    } else {
        CONTROL
    };
    format!(
        "^[{WHITE_SPACE}]*[^{inner}]*[^{WHITE_SPACE}{CONTROL}{INVISIBLE}][^{inner}]*[{WHITE_SPACE}]*$"
    )
}

/// A validated text newtype's schema: 1 to `max` characters after trimming.
pub(crate) fn trimmed_text(max: usize, multiline: bool, what: &str) -> RefOr<Schema> {
    let lines = if multiline {
        "; newlines and tabs allowed"
    } else {
        "; one line"
    };
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(max))
        .pattern(Some(trimmed_text_pattern(multiline)))
        .description(Some(format!(
            "{what}: at most {max} characters, not blank, no control characters{lines}. \
             The server trims leading and trailing white space and stores the rest."
        )))
        .into()
}

/// Declares schema-only types: a name in `components/schemas` and the schema it stands for.
macro_rules! schema_type {
    ($($(#[$doc:meta])* $name:ident => $schema:expr, deps = [$($dep:ty),*];)*) => {$(
        $(#[$doc])*
        pub struct $name;

        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }

            // Leaf types have no dependencies to register.
            #[allow(unused_variables)]
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                $(
                    schemas.push((<$dep as ToSchema>::name().into_owned(), <$dep as PartialSchema>::schema()));
                    <$dep as ToSchema>::schemas(schemas);
                )*
            }
        }
    )*};
}

fn reference<T: ToSchema>() -> RefOr<Schema> {
    RefOr::Ref(utoipa::openapi::Ref::from_schema_name(T::name()))
}

fn coordinate() -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::Number)
        .minimum(Some(-MAX_COORDINATE))
        .maximum(Some(MAX_COORDINATE))
}

/// A last-writer-wins field: its value and the stamp of the op that wrote it.
fn lww(value: RefOr<Schema>, what: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .property("value", value)
        .property("stamp", reference::<Stamp>())
        .required("value")
        .required("stamp")
        .description(Some(format!(
            "{what} and the stamp of the op that last wrote it (last writer wins: an op \
             writes the field only when its stamp is greater)."
        )))
        .into()
}

fn nullable(schema: RefOr<Schema>) -> RefOr<Schema> {
    utoipa::openapi::schema::OneOfBuilder::new()
        .item(ObjectBuilder::new().schema_type(Type::Null))
        .item(schema)
        .into()
}

schema_type! {
    /// A moment, as `crate::UnixMillis`.
    UnixMillis => ObjectBuilder::new()
        .schema_type(Type::Integer)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Int64)))
        .description(Some("Milliseconds since the Unix epoch, UTC."))
        .into(),
        deps = [];

    /// A title in the event log.
    ErasableTitle => utoipa::openapi::schema::OneOfBuilder::new()
        .item(reference::<Title>())
        .item(ObjectBuilder::new().schema_type(Type::String).enum_values(Some([""])))
        .description(Some(
            "A title; `\"\"` in the stored events of a canvas deleted since (deleting a canvas \
             erases its text from the log, and a catch-up replays the erased events).",
        ))
        .into(),
        deps = [Title];

    /// Sticky text.
    StickyText => ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(MAX_STICKY_CHARS))
        .pattern(Some(format!("^[^{CONTROL_BUT_TAB_NEWLINE}]*$")))
        .description(Some(format!(
            "Sticky text: at most {MAX_STICKY_CHARS} characters, empty allowed, several lines \
             allowed; no control characters other than newline and tab. Not trimmed."
        )))
        .into(),
        deps = [];

    /// A fractional key: a place among siblings.
    FracKey => ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(1))
        .max_length(Some(crate::board::MAX_KEY_CHARS))
        .pattern(Some(crate::board::key::KEY_PATTERN))
        .description(Some(format!(
            "A fractional key: base-62 digits `0-9A-Za-z`, compared byte by byte, never ending \
             in `0`, at most {} characters. Siblings sort by key, then by id; a client puts an \
             item between two others by making a key between theirs, so nothing is renumbered.",
            crate::board::MAX_KEY_CHARS
        )))
        .examples(["V"])
        .into(),
        deps = [];

    /// A canvas coordinate.
    Coordinate => coordinate()
        .description(Some(format!(
            "A canvas coordinate in canvas units, within ±{MAX_COORDINATE}."
        )))
        .into(),
        deps = [];

    /// A sticky's place.
    Position => ArrayBuilder::new()
        .schema_type(SchemaType::Type(Type::Array))
        .prefix_items([Schema::from(coordinate()), Schema::from(coordinate())])
        // Not `items: false`: tools still on draft-07 read that as "no items at all". With
        // exactly two items, a coordinate for every item says the same.
        .items(RefOr::T(Schema::from(coordinate())))
        .min_items(Some(2))
        .max_items(Some(2))
        .description(Some("`[x, y]`: where the sticky is, in canvas units (as the ops `create` and `move` set it)."))
        .into(),
        deps = [];

    /// A section key of some template.
    SectionKey => ObjectBuilder::new()
        .schema_type(Type::String)
        .enum_values(Some(section_keys()))
        .description(Some(
            "A section's stable key. An op may name only a section of its canvas's template \
             (see `Template`); any other key is refused with `unknown_section`.",
        ))
        .into(),
        deps = [];

    /// Sticky text with its stamp.
    LwwText => lww(reference::<StickyText>(), "The text"), deps = [StickyText, Stamp];
    /// Sticky colour with its stamp.
    LwwColor => lww(reference::<StickyColor>(), "The colour"), deps = [StickyColor, Stamp];
    /// Sticky position with its stamp.
    LwwPosition => lww(reference::<Position>(), "The position `[x, y]`"), deps = [Position, Stamp];
    /// Sticky section with its stamp.
    LwwSection => lww(nullable(reference::<SectionKey>()), "The section key (`null`: in no section)"),
        deps = [SectionKey, Stamp];
    /// Sticky citation with its stamp.
    LwwCitation => lww(nullable(reference::<Citation>()), "What inspired the sticky (`null`: nothing)"),
        deps = [Citation, Stamp];
    /// Whether the sticky is deleted, with its stamp.
    LwwDeleted => lww(ObjectBuilder::new().schema_type(Type::Boolean).into(), "Whether the sticky is deleted"),
        deps = [Stamp];
}

/// Text that may be blank (meaning "none"), or else a `T`.
fn blank_or(what: RefOr<Schema>, max: usize) -> RefOr<Schema> {
    utoipa::openapi::schema::OneOfBuilder::new()
        .item(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .max_length(Some(max))
                .pattern(Some(format!("^[{WHITE_SPACE}]*$")))
                .description(Some("Blank: none.")),
        )
        .item(what)
        .into()
}

schema_type! {
    /// A learning circle.
    CircleNumber => ObjectBuilder::new()
        .schema_type(Type::Integer)
        .enum_values(Some([1, 2, 3]))
        .description(Some(
            "The learning circle: 1 = my own experience, 2 = learned from or with colleagues, \
             3 = a global innovation.",
        ))
        .into(),
        deps = [];

    /// A profile paragraph that may be left blank.
    OptionalProfileText => blank_or(reference::<ProfileText>(), ProfileText::MAX_CHARS), deps = [ProfileText];
    /// A place or organisation that may be left blank.
    OptionalPlaceName => blank_or(reference::<PlaceName>(), PlaceName::MAX_CHARS), deps = [PlaceName];
    /// A link that may be left blank.
    OptionalWebUrl => blank_or(reference::<WebUrl>(), WebUrl::MAX_CHARS), deps = [WebUrl];
}

/// A string of `pattern` and at most `max` characters, described by `what`.
fn patterned(pattern: &str, max: usize, what: &str) -> RefOr<Schema> {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .max_length(Some(max))
        .pattern(Some(pattern))
        .description(Some(what))
        .into()
}

schema_type! {
    /// A calendar day.
    FeedDate => patterned(
        r"^[1-2][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$", 10,
        "A day that exists, `YYYY-MM-DD`, years 1900–2999 (31 April or 29 February of a \
         common year: `invalid_date`)."),
        deps = [];
    /// A time of day.
    FeedTime => patterned(r"^([01][0-9]|2[0-3]):[0-5][0-9]$", 5,
        "`HH:MM` on a 24-hour clock, on the item's `date` (`invalid_time` otherwise)."),
        deps = [];
    /// An IANA time zone name.
    TimeZoneName => patterned(
        r"^(UTC|[A-Z][A-Za-z0-9_+-]{0,29}(/[A-Z][A-Za-z0-9_+-]{0,29}){1,2})$", 64,
        "An IANA time zone such as `Europe/Helsinki` that `time` is in (`invalid_time_zone` \
         otherwise, or when there is no `time`). The server checks the spelling; clients \
         resolve the zone."),
        deps = [];
    /// A day that may be left blank.
    OptionalFeedDate => blank_or(reference::<FeedDate>(), 10), deps = [FeedDate];
    /// A time that may be left blank.
    OptionalFeedTime => blank_or(reference::<FeedTime>(), 5), deps = [FeedTime];
    /// A time zone that may be left blank.
    OptionalTimeZoneName => blank_or(reference::<TimeZoneName>(), 64), deps = [TimeZoneName];
    /// The feed's page cursor.
    FeedCursorText => patterned("^[0-9a-f]{48}$", crate::feed::cursor::CURSOR_LEN,
        "Opaque: pass back as `cursor` unchanged. One of another expedition's feed, or one \
         the server did not make, is refused (`validation_failed`, field `cursor`, code \
         `malformed`)."),
        deps = [];
}

impl PartialSchema for WebUrl {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .max_length(Some(WebUrl::MAX_CHARS))
            .pattern(Some(format!(
                "^[{WHITE_SPACE}]*[Hh][Tt][Tt][Pp][Ss]?://[^{WHITE_SPACE}{CONTROL}/?#:][^{WHITE_SPACE}{CONTROL}]*[{WHITE_SPACE}]*$"
            )))
            .description(Some(format!(
                "An absolute http or https address with a host, at most {} characters, no \
                 white space inside (other schemes, `javascript:` and `data:` included, are \
                 refused with `invalid_url`). The server trims it.",
                WebUrl::MAX_CHARS
            )))
            .into()
    }
}

impl ToSchema for WebUrl {}

impl PartialSchema for ProblemCode {
    fn schema() -> RefOr<Schema> {
        let lines: Vec<String> = ProblemCode::ALL
            .iter()
            .map(|c| format!("- `{}` ({}): {}", c.as_str(), c.status(), c.title()))
            .collect();
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(ProblemCode::ALL.map(ProblemCode::as_str)))
            .description(Some(format!(
                "A stable, machine-readable reason; clients translate by it, not by `title`, \
                 and read a code they do not know as a generic error of its status.\n\n{}",
                lines.join("\n")
            )))
            .into()
    }
}

impl ToSchema for ProblemCode {}

impl PartialSchema for FieldCode {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(FieldCode::ALL.map(FieldCode::as_str)))
            .description(Some(
                "Which rule a field broke; clients translate by it (and by `max`). A client \
                 reads a code it does not know as a generic error.",
            ))
            .into()
    }
}

impl ToSchema for FieldCode {}

impl PartialSchema for JoinExpedition {
    fn schema() -> RefOr<Schema> {
        // Two whole shapes rather than a shape and a rule, so each reads on its own.
        let shape = |role: &str, sector: RefOr<Schema>| {
            let builder = ObjectBuilder::new()
                .title(Some(format!("Join as a {role}")))
                .property("code", reference::<TypedJoinCode>())
                .property("display_name", reference::<DisplayName>())
                .property("sector", sector)
                .property(
                    "as",
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some([role])),
                )
                .required("code")
                .required("display_name");
            if role == "viewer" {
                builder.required("as")
            } else {
                builder.required("sector")
            }
        };
        // `anyOf`: the two cannot both match (`as`), but a linter cannot tell that from an
        // optional `as`.
        utoipa::openapi::schema::AnyOfBuilder::new()
            .item(shape("participant", reference::<Sector>()))
            .item(shape("viewer", nullable(reference::<Sector>())))
            .description(Some(
                "Join an expedition with its code. A participant (`as` left out or \
                 `participant`) says which `sector` they come from; a viewer (`as: viewer`, the \
                 projector) needs none, and any sector it sends is ignored.",
            ))
            .into()
    }
}

impl ToSchema for JoinExpedition {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        for (name, schema) in [
            (TypedJoinCode::name(), TypedJoinCode::schema()),
            (DisplayName::name(), DisplayName::schema()),
            (Sector::name(), Sector::schema()),
        ] {
            schemas.push((name.into_owned(), schema));
        }
    }
}

/// `CanvasSummary` as `canvas_created` carries it: the same, but its title may be erased.
pub struct CreatedCanvas;

impl PartialSchema for CreatedCanvas {
    fn schema() -> RefOr<Schema> {
        let mut schema = CanvasSummary::schema();
        if let RefOr::T(Schema::Object(object)) = &mut schema {
            object
                .properties
                .insert("title".into(), reference::<ErasableTitle>());
            object.description = Some(
                "The canvas as created; its `title` is `\"\"` once the canvas has been deleted."
                    .into(),
            );
        }
        schema
    }
}

impl ToSchema for CreatedCanvas {
    fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
        schemas.push((ErasableTitle::name().into_owned(), ErasableTitle::schema()));
        ErasableTitle::schemas(schemas);
        CanvasSummary::schemas(schemas);
    }
}

/// Every section key of every template, each once.
fn section_keys() -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    for template in Template::ALL {
        for section in template.sections() {
            if !keys.contains(&section.key) {
                keys.push(section.key);
            }
        }
    }
    keys
}

/// `OpBatch.ops`: 1 to `MAX_OPS_PER_BATCH` ops.
pub(crate) fn op_batch_ops() -> ArrayBuilder {
    ArrayBuilder::new()
        .items(reference::<Op>())
        .min_items(Some(1))
        .max_items(Some(MAX_OPS_PER_BATCH))
        .description(Some(format!(
            "1–{MAX_OPS_PER_BATCH} ops, applied in order, all or none (the whole body is also \
             limited to {} KiB).",
            MAX_BODY_BYTES / 1024
        )))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The contract's pattern for text says yes exactly where `parse` does (length aside).
    #[test]
    fn the_text_pattern_agrees_with_the_parser() {
        for multiline in [false, true] {
            let pattern = regex::Regex::new(&trimmed_text_pattern(multiline)).unwrap();
            let samples = [
                "Noa",
                "  Noa \n",
                "",
                "   ",
                "\u{200B}",
                "\u{202E}\u{202E}",
                "\u{FEFF} a",
                "a\u{0001}",
                "a\nb",
                "a\tb",
                "\u{2067}\u{2069}",
                "ש\u{200F}",
                "\u{00AD}",
                "\u{0085}x\u{0085}",
                "x\u{007F}",
            ];
            for text in samples {
                let parsed = if multiline {
                    crate::ChallengeQuestion::parse(text).is_ok()
                } else {
                    Title::parse(text).is_ok()
                };
                assert_eq!(
                    pattern.is_match(text),
                    parsed,
                    "{text:?} (multiline: {multiline})"
                );
            }
        }
    }

    #[test]
    fn section_keys_cover_every_template_once() {
        let keys = section_keys();
        assert!(keys.contains(&"dreams".to_owned()));
        assert!(keys.contains(&"open".to_owned()));
        assert!(keys.contains(&"circle_global".to_owned()));
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), keys.len());
    }
}
