//! People and their devices: sign-in links that move a member to another device, the
//! sessions (devices) a member holds, roles a facilitator gives, and stream tickets.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{MemberId, Role, UnixMillis};

/// How long a sign-in link stays good (10 minutes); it also works only once.
pub const DEVICE_LINK_TTL_MS: UnixMillis = 10 * 60 * 1000;
/// How long a stream ticket stays good (30 seconds); it also works only once.
pub const STREAM_TICKET_TTL_MS: UnixMillis = 30 * 1000;
/// Longest secret (link or ticket) the server reads; real ones are 43 characters.
pub const MAX_SECRET_LEN: usize = 256;

/// Identifies one session (one device) of a member. Opaque to clients; not its token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct SessionId(pub Uuid);

impl std::fmt::Display for SessionId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for SessionId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// `POST …/members/{member}/device-links`: a short-lived, single-use sign-in link for a
/// member. Open it as `/session#link=<secret>` on the other device.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceLink {
    /// URL-safe; shown only now, stored as a hash. Redeem with `POST /sessions`.
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 256, pattern = "^[A-Za-z0-9_-]+$")
    )]
    pub secret: String,
    /// Whom it signs in.
    pub member_id: MemberId,
    /// After this moment it answers 401, as after its one use.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub expires_at: UnixMillis,
}

/// `POST /sessions`: a new session for the member a sign-in link was issued for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct RedeemDeviceLink {
    /// The link's `secret`.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub link: String,
}

/// One of a member's sessions: a device (or a browser) signed in as them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSession {
    pub id: SessionId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub created_at: UnixMillis,
    /// When it last made a request (to the minute).
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub last_used_at: UnixMillis,
    /// What the device last said it was, e.g. "Chrome · Android" (browser and system
    /// names only, from its User-Agent); absent until known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(
        feature = "openapi",
        schema(max_length = 40, example = "Chrome · Android")
    )]
    pub device: Option<String>,
    /// The session making this request.
    pub current: bool,
}

/// `GET …/members/me/sessions`: the caller's live sessions, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DeviceSessions {
    pub sessions: Vec<DeviceSession>,
    /// Milliseconds a session may go unused before it ends.
    pub idle_timeout_ms: u64,
}

/// `PUT …/members/{member}/role`: make a member facilitator, or participant again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetRole {
    pub role: PersonRole,
}

/// The roles a person can be given: a viewer is a screen and keeps its role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PersonRole {
    /// Co-facilitator, with every right the first facilitator has.
    Facilitator,
    /// Takes part and contributes.
    Participant,
}

impl From<PersonRole> for Role {
    fn from(role: PersonRole) -> Self {
        match role {
            PersonRole::Facilitator => Role::Facilitator,
            PersonRole::Participant => Role::Participant,
        }
    }
}

/// `POST …/stream-tickets`: opens one event stream as `?ticket=`, so the session token
/// never sits in a URL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StreamTicket {
    #[cfg_attr(
        feature = "openapi",
        schema(min_length = 1, max_length = 256, pattern = "^[A-Za-z0-9_-]+$")
    )]
    pub ticket: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub expires_at: UnixMillis,
}
