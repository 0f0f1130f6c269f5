//! The shared language of the Hevruta SPA and any backend that serves its contract:
//! request and response bodies, live events, the problem (error) body and validated
//! newtypes. No tokio, sqlx or axum here: this crate builds for wasm32.

pub mod api;
#[macro_use]
pub mod canvas;
pub mod board;
pub mod deferred;
pub mod device;
pub mod event;
pub mod expedition;
pub mod facilitation;
pub mod feed;
pub mod focus;
pub mod join_code;
pub mod learning;
pub mod pointer;
pub mod problem;
pub mod profile;
pub mod provenance;
pub mod route;
#[cfg(feature = "openapi")]
pub mod schema;
pub mod text;
pub mod vote;
pub mod whole;

pub use api::*;
pub use deferred::Deferred;
pub use device::{
    DeviceLink, DeviceSession, DeviceSessions, PersonRole, RedeemDeviceLink, SessionId, SetRole,
    StreamTicket,
};
pub use event::{Editing, Event, EventKind, OpsEvent, PresenceEvent};
pub use expedition::{ExpeditionId, Member, MemberId, Role, Sector, Stage};
pub use join_code::JoinCode;
pub use learning::{
    Circle, CreateLearning, Learning, LearningDraft, LearningId, LearningListing, SetHidden,
    SetReaction, ValidLearning,
};
pub use problem::{FieldCode, FieldError, Problem, ProblemCode};
pub use profile::{Profile, ProfileListing, SaveProfile, ValidProfile};
pub use provenance::{CitableCard, CitableLearning, Citables, LearningCitation};
pub use route::{Bundle, Route};
pub use text::{
    CardNote, CardSummary, ChallengeQuestion, CityName, ColumnTitle, CommentText, DisplayName,
    LearningText, PlaceName, ProfileText, Tag, TextError, Theme, Title, WebUrl,
};

/// Largest JSON body the API accepts, in bytes. Larger bodies get `413 payload_too_large`.
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// A board import's body may be larger: up to 500 cards, each with its longer texts.
pub const MAX_IMPORT_BYTES: usize = 2 * 1024 * 1024;

/// Milliseconds since the Unix epoch, UTC. Kept as an integer so both sides agree exactly.
pub type UnixMillis = i64;
