//! The contract's shared error responses (`components/responses`): every problem a handler
//! or extractor answers, each an `application/problem+json` `Problem` with an example built
//! from the same `Problem` values the server sends.

use hevruta_model::canvas::MAX_OPS_PER_BATCH;

use crate::config::{
    EXPEDITIONS_PER_MINUTE, JOINS_PER_MINUTE, MAX_CANVASES, MAX_MEMBERS, MAX_STICKIES, MAX_STREAMS,
    OP_BATCHES_PER_10S, OPS_PER_10S, WRONG_JOIN_CODES_PER_MINUTE,
};
use hevruta_model::learning::MAX_THEMES;
use hevruta_model::problem::FieldCode;
use hevruta_model::{FieldError, MAX_BODY_BYTES, Problem, ProblemCode, Title};
use utoipa::ToResponse;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::schema::{ObjectBuilder, Type};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, Response, ResponseBuilder};

pub const PROBLEM_JSON: &str = "application/problem+json";

/// A response whose body is a `Problem`, with one named example per problem it may carry.
fn problem(description: &str, examples: Vec<(&str, Problem)>) -> ResponseBuilder {
    let examples = examples.into_iter().map(|(name, p)| {
        let value = serde_json::to_value(&p).expect("a problem serialises");
        (
            name,
            ExampleBuilder::new()
                .summary(format!("`{}`", p.code.as_str()))
                .value(Some(value))
                .build(),
        )
    });
    ResponseBuilder::new().description(description).content(
        PROBLEM_JSON,
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .examples_from_iter(examples)
            .build(),
    )
}

/// What every 422 of a JSON body may be.
const UNPROCESSABLE: &str = "`invalid_body`: JSON of the wrong shape (a missing field, a wrong type, an unknown \
     value) or a malformed query parameter; `validation_failed`: the right shape, but \
     fields break rules, each listed in `errors` with a typed `code` (and `max` where a \
     limit was broken).";

fn unprocessable_examples() -> Vec<(&'static str, Problem)> {
    vec![
        (
            "validation_failed",
            Problem::invalid_fields(vec![
                FieldError::new(
                    "title",
                    FieldCode::TooLong,
                    format!("must be at most {} characters", Title::MAX_CHARS),
                )
                .with_max(Title::MAX_CHARS),
                FieldError::new("display_name", FieldCode::Empty, "must not be empty"),
            ]),
        ),
        (
            "batch_size",
            Problem::invalid_fields(vec![
                FieldError::new(
                    "ops",
                    FieldCode::BatchSize,
                    format!("send between 1 and {MAX_OPS_PER_BATCH} ops"),
                )
                .with_max(MAX_OPS_PER_BATCH),
            ]),
        ),
        (
            "learning",
            Problem::invalid_fields(vec![
                FieldError::new(
                    "source_url",
                    FieldCode::InvalidUrl,
                    "must be an http or https address",
                ),
                FieldError::new(
                    "themes",
                    FieldCode::TooMany,
                    format!("at most {MAX_THEMES}"),
                )
                .with_max(MAX_THEMES),
                hevruta_model::learning::builds_on_error(FieldCode::Cycle),
            ]),
        ),
        (
            "invalid_body",
            code(
                ProblemCode::InvalidBody,
                "Failed to deserialize the JSON body into the target type: missing field `sector` at line 1 column 80",
            ),
        ),
    ]
}

/// The generic 422 examples and one `over_quota`.
fn with_quota(detail: &str) -> Vec<(&'static str, Problem)> {
    let mut examples = unprocessable_examples();
    examples.push(("over_quota", code(ProblemCode::OverQuota, detail)));
    examples
}

/// A 429 or 503 response: its problems, and `Retry-After`.
fn retry_later(description: &str, examples: Vec<(&str, Problem)>) -> ResponseBuilder {
    problem(description, examples).header(
        "Retry-After",
        HeaderBuilder::new()
            .schema(
                ObjectBuilder::new()
                    .schema_type(Type::Integer)
                    .minimum(Some(1))
                    .examples([serde_json::json!(2)]),
            )
            .description(Some("Seconds to wait before trying again."))
            .build(),
    )
}

/// Declares a reusable response: its component name is the type's name.
macro_rules! responses {
    ($($(#[$doc:meta])* $name:ident => $build:expr;)*) => {$(
        $(#[$doc])*
        pub struct $name;

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<Response>) {
                (stringify!($name), $build.build().into())
            }
        }
    )*};
}

fn code(code: ProblemCode, detail: &str) -> Problem {
    Problem::new(code).with_detail(detail)
}

responses! {
    /// 400: the body is not JSON.
    BadRequest => problem(
        "`invalid_json`: the body is not JSON at all.",
        vec![("invalid_json", code(ProblemCode::InvalidJson, "Failed to parse the request body as JSON: EOF while parsing an object at line 1 column 1"))],
    );

    /// 429: a session with as many event streams open as it may have.
    TooManyStreams => problem(
        "`too_many_requests`: this session already has the most event streams open at once \
         (16 on the reference server): close one (another tab, an old connection) first.",
        vec![("too_many_requests", code(ProblemCode::TooManyRequests, "This session has 16 event streams open, the most it may: close one first."))],
    );

    /// 503: the server has as many event streams open as it may.
    StreamsFull => retry_later(
        &format!("`unavailable`: this server has as many event streams open as it may \
            ({MAX_STREAMS} on the reference server, `--max-streams`): try again after \
            `Retry-After` seconds, or on another server."),
        vec![("unavailable", code(ProblemCode::Unavailable, "This server has 2000 event streams open, the most it may: try again in a few seconds."))],
    );

    /// 429: too many expeditions created from one address.
    TooManyExpeditions => retry_later(
        &format!("`too_many_requests`: this client address created as many expeditions as it \
            may for now ({EXPEDITIONS_PER_MINUTE} a minute on the reference server, \
            `--expeditions-per-minute`): try again after `Retry-After` seconds."),
        vec![("too_many_requests", code(ProblemCode::TooManyRequests, "Too many expeditions created from this address: at most 60 per 60 s. Try again in 1 s."))],
    );

    /// 429 on a join code: too many wrong ones from this address.
    TooManyWrongCodes => retry_later(
        &format!("`too_many_requests`: this client address sent as many join codes that lead \
            nowhere as it may for now ({WRONG_JOIN_CODES_PER_MINUTE} a minute on the \
            reference server, `--wrong-join-codes-per-minute`); until `Retry-After` has \
            passed, every join code it sends waits, right ones too."),
        vec![("too_many_requests", code(ProblemCode::TooManyRequests, "Too many wrong join codes from this address: at most 60 per 60 s. Try again in 1 s."))],
    );

    /// 429 on joining: too many wrong codes from this address, or too many joins of one
    /// expedition.
    TooManyJoins => retry_later(
        &format!("`too_many_requests`: this client address sent as many join codes that lead \
            nowhere as it may for now ({WRONG_JOIN_CODES_PER_MINUTE} a minute on the \
            reference server; until `Retry-After` has passed, every code it sends waits, \
            right ones too), or the expedition was joined as often as it may be for now \
            ({JOINS_PER_MINUTE} a minute, `--joins-per-minute`)."),
        vec![
            ("wrong_codes", code(ProblemCode::TooManyRequests, "Too many wrong join codes from this address: at most 60 per 60 s. Try again in 1 s.")),
            ("joins", code(ProblemCode::TooManyRequests, "Too many joins of this expedition: at most 300 per 60 s. Try again in 1 s.")),
        ],
    );

    /// 429 on op batches: one member sending too many.
    TooManyOps => retry_later(
        &format!("`too_many_requests`: this member sent as many op batches \
            ({OP_BATCHES_PER_10S} per 10 s on the reference server, `--op-batches-per-10s`) \
            or ops ({OPS_PER_10S} per 10 s, `--ops-per-10s`) as they may for now; nothing of \
            the batch was applied: send it again after `Retry-After` seconds."),
        vec![
            ("batches", code(ProblemCode::TooManyRequests, "Too many op batches of this member: at most 200 per 10 s. Try again in 1 s.")),
            ("ops", code(ProblemCode::TooManyRequests, "Too many ops of this member: at most 2000 per 10 s. Try again in 3 s.")),
        ],
    );

    /// 401: no session, or an unknown or revoked one.
    Unauthorized => problem(
        "`unauthorized`: no session token, or one that is unknown, revoked (signed out) or \
         belongs to a member who left.",
        vec![("unauthorized", Problem::new(ProblemCode::Unauthorized))],
    )
    .header(
        "WWW-Authenticate",
        HeaderBuilder::new()
            .schema(ObjectBuilder::new().schema_type(Type::String).enum_values(Some(["Bearer"])))
            .description(Some("Always `Bearer`."))
            .build(),
    );

    /// 403: the caller's role does not allow this.
    Forbidden => problem(
        "`forbidden`: the caller's role does not allow this (a viewer writing, a participant \
         doing what only the facilitator may).",
        vec![("forbidden", code(ProblemCode::Forbidden, "Only the facilitator can delete a canvas."))],
    );

    /// 404: nothing by this id here.
    NotFound => problem(
        "`not_found`: no such resource, a malformed id, or another expedition's (a member of \
         one expedition gets 404 for another's ids, so they reveal nothing).",
        vec![("not_found", Problem::new(ProblemCode::NotFound))],
    );

    /// 404: a join code that leads nowhere.
    WrongJoinCode => problem(
        "`wrong_join_code`: no expedition has this code (or it was replaced).",
        vec![("wrong_join_code", Problem::new(ProblemCode::WrongJoinCode))],
    );

    /// 409 on a renamed canvas.
    CanvasArchived => problem(
        "`canvas_archived`: the canvas is archived, so read-only; restore it first. \
         `locked`: the facilitator locked the canvas, so participants only read it for now.",
        vec![
            ("canvas_archived", Problem::new(ProblemCode::CanvasArchived)),
            ("locked", Problem::new(ProblemCode::Locked)),
        ],
    );

    /// 409 on op batches and typing.
    ConflictOrArchived => problem(
        "`conflict`: this clashes with the current state (see `detail`); `canvas_archived`: \
         the canvas is archived, so read-only; `locked`: the facilitator locked the canvas, \
         so participants only read it for now.",
        vec![
            ("conflict", code(ProblemCode::Conflict, "op 0193a1b2-0000-7000-8000-000000000001 was applied before with a different body")),
            ("canvas_archived", Problem::new(ProblemCode::CanvasArchived)),
            ("locked", Problem::new(ProblemCode::Locked)),
        ],
    );

    /// 409 on pointers: the caller has no stream open on the canvas.
    NotOnCanvas => problem(
        "`conflict`: open the canvas's event stream (`?canvas=`) first: only a member with \
         the canvas open points on it.",
        vec![("conflict", code(ProblemCode::Conflict, "Open this canvas's event stream (?canvas=) before pointing on it."))],
    );

    /// 409 on learnings.
    Conflict => problem(
        "`conflict`: this clashes with the current state (see `detail`): a learning id used \
         before for a different learning, or a change to a learning the facilitator hid.",
        vec![
            ("conflict", code(ProblemCode::Conflict, "this learning id was already used for a different learning")),
            ("hidden", code(ProblemCode::Conflict, "the facilitator hid this learning: show it again first")),
        ],
    );

    /// 409 on boards.
    BoardConflict => problem(
        "`conflict`: an id used before with a different body (a client-made id must name \
         one thing), or a column that holds cards removed without `cards_to`.",
        vec![("conflict", code(ProblemCode::Conflict, "card 0193a1b2-0000-7000-8000-000000000001 exists already with a different body"))],
    );

    /// 409 on a participant's card writes: an id used before, or a locked board.
    BoardConflictOrLocked => problem(
        "`conflict`: an id used before with a different body (a client-made id must name \
         one thing); `locked`: the facilitator locked the board, so participants only read \
         it for now.",
        vec![
            ("conflict", code(ProblemCode::Conflict, "card 0193a1b2-0000-7000-8000-000000000001 exists already with a different body")),
            ("locked", Problem::new(ProblemCode::Locked)),
        ],
    );

    /// 409 on a participant's write to a locked board.
    Locked => problem(
        "`locked`: the facilitator locked this board, so participants only read it for now \
         (the facilitator still writes).",
        vec![("locked", Problem::new(ProblemCode::Locked))],
    );

    /// 409 on a timer command with no timer set.
    NoTimer => problem(
        "`conflict`: `pause`, `resume` or `add` while there is no timer; start one first.",
        vec![("conflict", code(ProblemCode::Conflict, "There is no timer: start one first."))],
    );

    /// 409 on starting private writing.
    PrivateWritingConflict => problem(
        "`conflict`: private writing is on already in the other mode (named or anonymous);          reveal it first. `canvas_archived`: the canvas is archived, so read-only.",
        vec![
            ("conflict", code(ProblemCode::Conflict, "Private writing is already on in the other mode: reveal it first.")),
            ("canvas_archived", Problem::new(ProblemCode::CanvasArchived)),
        ],
    );

    /// 409 on opening a voting round.
    RoundOpen => problem(
        "`conflict`: a round is open on this canvas or board already (reveal or cancel it \
         first); `canvas_archived`: the canvas is archived, so read-only.",
        vec![
            ("conflict", code(ProblemCode::Conflict, "A round is already open there: reveal or cancel it first.")),
            ("canvas_archived", Problem::new(ProblemCode::CanvasArchived)),
        ],
    );
    /// 409 on a round that has ended.
    RoundEnded => problem(
        "`conflict`: the round was revealed or cancelled; nothing changes any more.",
        vec![("conflict", code(ProblemCode::Conflict, "This round has ended."))],
    );
    /// 422 on placing dots.
    RoundDots => problem(
        "`invalid_body`: JSON of the wrong shape; `validation_failed` with field code \
         `unknown_item` (not a sticky of the round's canvas, not a card of its board), \
         `over_cap` (more dots on one item than the round allows, `max`: the cap) or \
         `over_budget` (more dots than the caller has, `max`: the budget).",
        vec![
            ("over_budget", Problem::invalid_fields(vec![FieldError::new("dots", FieldCode::OverBudget, "4 of your 5 dots are on other items").with_max(5)])),
            ("over_cap", Problem::invalid_fields(vec![FieldError::new("dots", FieldCode::OverCap, "at most 3 dots on one item").with_max(3)])),
            ("unknown_item", Problem::invalid_fields(vec![FieldError::new("item", FieldCode::UnknownItem, "not a sticky of this round's canvas")])),
            ("invalid_body", code(ProblemCode::InvalidBody, "Failed to deserialize the JSON body into the target type: missing field `dots` at line 1 column 50")),
        ],
    );
    /// 422 on removing a column: where its cards should go is not a column of the board.
    UnknownColumn => problem(
        "`invalid_body`: a malformed query parameter; `validation_failed` with field code \
         `unknown_column`: `cards_to` is not another column of this board.",
        vec![
            ("unknown_column", Problem::invalid_fields(vec![FieldError::new("cards_to", FieldCode::UnknownColumn, "no such column on this board")])),
            ("invalid_body", code(ProblemCode::InvalidBody, "Failed to deserialize query string: cards_to: UUID parsing failed")),
        ],
    );

    /// 409 when the last facilitator leaves.
    LastFacilitator => problem(
        "`last_facilitator`: the only facilitator cannot leave; nobody could run the \
         expedition any more.",
        vec![("last_facilitator", Problem::new(ProblemCode::LastFacilitator))],
    );

    /// 409 when the only facilitator would end their last session.
    LastSession => problem(
        "`last_facilitator`: this is the last session of the expedition's only facilitator; \
         ending it would leave nobody able to run the lab from any device. Make someone \
         co-facilitator or sign in on another device first, or send `force=true`.",
        vec![("last_facilitator", code(ProblemCode::LastFacilitator, "This is the only facilitator's last signed-in device: send force=true to sign out anyway."))],
    );

    /// 409 on a role change that cannot be.
    RoleConflict => problem(
        "`last_facilitator`: the only facilitator cannot become participant (make another \
         member facilitator first); `conflict`: a viewer (a projector) keeps its role.",
        vec![
            ("last_facilitator", code(ProblemCode::LastFacilitator, "The only facilitator cannot become participant: make someone else facilitator first.")),
            ("viewer", code(ProblemCode::Conflict, "A viewer is a screen, not a person: it keeps its role.")),
        ],
    );

    /// 401 on a sign-in link that cannot be used.
    BadDeviceLink => problem(
        "`unauthorized`: the sign-in link is unknown, was used already, expired (after 10 \
         minutes) or belongs to a member who left: ask for a new one.",
        vec![("unauthorized", code(ProblemCode::Unauthorized, "This sign-in link is unknown, used or expired: ask for a new one."))],
    );

    /// 413: the body is over the limit.
    PayloadTooLarge => problem(
        &format!("`payload_too_large`: the body is over {} KiB.", MAX_BODY_BYTES / 1024),
        vec![("payload_too_large", code(ProblemCode::PayloadTooLarge, "Failed to buffer the request body: length limit exceeded"))],
    );

    /// 415: the body is not sent as JSON.
    UnsupportedMediaType => problem(
        "`unsupported_media_type`: send the body with `Content-Type: application/json`.",
        vec![("unsupported_media_type", code(ProblemCode::UnsupportedMediaType, "Expected request with `Content-Type: application/json`"))],
    );

    /// 422: the request has the wrong shape or breaks a rule.
    Unprocessable => problem(UNPROCESSABLE, unprocessable_examples());

    /// 422 on joining: the generic ones, and an expedition with as many members as it may.
    JoinUnprocessable => problem(
        &format!("{UNPROCESSABLE} `over_quota`: the expedition has as many members as it may \
            ({MAX_MEMBERS} on the reference server, `--max-members`; members who left do not count)."),
        with_quota("This expedition has 1000 members, the most it may have."),
    );

    /// 422 on creating a canvas: the generic ones, and an expedition with as many canvases
    /// as it may.
    CanvasUnprocessable => problem(
        &format!("{UNPROCESSABLE} `over_quota`: the expedition has as many canvases as it may \
            ({MAX_CANVASES} on the reference server, `--max-canvases`; archived ones count, deleted ones do not)."),
        with_quota("This expedition has 200 canvases, the most it may have (archived ones count): delete one first."),
    );

    /// 422 on op batches: the generic ones, and a canvas that would have more stickies than
    /// it may.
    OpsUnprocessable => problem(
        &format!("{UNPROCESSABLE} `over_quota`: the batch creates stickies past the most a \
            canvas may have ({MAX_STICKIES} on the reference server, `--max-stickies`; deleted \
            ones count, since they can be restored); nothing of the batch was applied."),
        with_quota("This canvas has 19999 stickies and may have 20000 (deleted ones count): this batch creates 2 more."),
    );

    /// 422 on a malformed query parameter.
    InvalidQuery => problem(
        "`invalid_body`: a query parameter of the wrong type (e.g. `after=soon`).",
        vec![("invalid_body", code(ProblemCode::InvalidBody, "Failed to deserialize query string: after: invalid digit found in string"))],
    );

    /// 422 on a feed page's query.
    FeedQuery => problem(
        "`invalid_body`: a query parameter of the wrong type (`limit=many`); \
         `validation_failed` with field `cursor`, code `malformed`: a cursor this server did \
         not make, or one of another expedition's feed; field `limit`, code `too_many`: \
         not 1–20.",
        vec![
            ("invalid_body", code(ProblemCode::InvalidBody, "Failed to deserialize query string: limit: invalid digit found in string")),
            ("malformed_cursor", Problem::invalid_fields(vec![FieldError::new(
                "cursor", FieldCode::Malformed, "a cursor of another expedition's feed")])),
            ("limit", Problem::invalid_fields(vec![FieldError::new(
                "limit", FieldCode::TooMany, "from 1 to 20 items a page").with_max(20)])),
        ],
    );

    /// 422 on a join code that cannot be one.
    MalformedJoinCode => problem(
        "`validation_failed` with field code `malformed`: not a join code at all (the wrong \
         length, or characters a code never has).",
        vec![("malformed", Problem::invalid_fields(vec![FieldError::new(
            "code",
            FieldCode::Malformed,
            hevruta_model::join_code::MalformedJoinCode.to_string(),
        )]))],
    );

    /// 500: the server failed; the cause is in its log, never in the answer.
    Internal => problem(
        "`internal`: something went wrong on the server (the cause is logged, never sent).",
        vec![("internal", Problem::new(ProblemCode::Internal))],
    );
}
