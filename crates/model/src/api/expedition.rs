//! Expeditions and sessions: creating one, joining with its code (and what the code shows
//! first), who I am, the snapshot, editing it and moving its stage.

use serde::{Deserialize, Serialize};

use super::Fields;
use crate::problem::FieldCode;
use crate::{
    ChallengeQuestion, CityName, DisplayName, ExpeditionId, FieldError, JoinCode, Member, MemberId,
    Role, Sector, Stage, Title, UnixMillis,
};

/// `POST /expeditions`: start an expedition; its creator becomes the facilitator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateExpedition {
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = CityName))]
    pub city: String,
    #[cfg_attr(feature = "openapi", schema(value_type = ChallengeQuestion))]
    pub challenge: String,
    /// The facilitator's name.
    #[cfg_attr(feature = "openapi", schema(value_type = DisplayName))]
    pub display_name: String,
    pub sector: Sector,
}

/// A `CreateExpedition` whose fields passed validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewExpedition {
    pub title: Title,
    pub city: CityName,
    pub challenge: ChallengeQuestion,
    pub display_name: DisplayName,
    pub sector: Sector,
}

impl CreateExpedition {
    pub fn validate(&self) -> Result<NewExpedition, Vec<FieldError>> {
        let mut f = Fields::default();
        let title = f.text("title", Title::parse(&self.title));
        let city = f.text("city", CityName::parse(&self.city));
        let challenge = f.text("challenge", ChallengeQuestion::parse(&self.challenge));
        let display_name = f.text("display_name", DisplayName::parse(&self.display_name));
        f.finish(|| {
            Some(NewExpedition {
                title: title?,
                city: city?,
                challenge: challenge?,
                display_name: display_name?,
                sector: self.sector,
            })
        })
    }
}

/// How someone joins with the code: as a partner, or as a read-only screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum JoinAs {
    #[default]
    Participant,
    /// The projector: sees everything live, changes nothing.
    Viewer,
}

/// `POST /join`: join an expedition with its code. (Its OpenAPI schema is written out in
/// `crate::schema`: a participant's `sector` is required, a viewer's is not.)
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JoinExpedition {
    /// The join code, e.g. `ABCD-EFGH-JKMN`; case, spaces and dashes do not matter.
    pub code: String,
    pub display_name: String,
    /// Required when joining as a participant.
    #[serde(default)]
    pub sector: Option<Sector>,
    #[serde(default, rename = "as")]
    pub join_as: JoinAs,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidJoin {
    pub code: JoinCode,
    pub display_name: DisplayName,
    pub sector: Option<Sector>,
    pub role: Role,
}

impl JoinExpedition {
    pub fn validate(&self) -> Result<ValidJoin, Vec<FieldError>> {
        let mut f = Fields::default();
        let code = JoinCode::parse(&self.code)
            .map_err(|e| {
                f.0.push(FieldError::new("code", FieldCode::Malformed, e.to_string()))
            })
            .ok();
        let display_name = f.text("display_name", DisplayName::parse(&self.display_name));
        let role = match self.join_as {
            JoinAs::Participant => Role::Participant,
            JoinAs::Viewer => Role::Viewer,
        };
        if role == Role::Participant && self.sector.is_none() {
            f.0.push(FieldError::new(
                "sector",
                FieldCode::Required,
                "participants say which sector they come from",
            ));
        }
        f.finish(|| {
            Some(ValidJoin {
                code: code?,
                display_name: display_name?,
                sector: if role == Role::Viewer {
                    None
                } else {
                    self.sector
                },
                role,
            })
        })
    }
}

/// What creating or joining returns: the session token (shown once), who you are, and the
/// expedition as you enter it, so entering takes no second request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SessionGrant {
    /// Send as `Authorization: Bearer <token>`. Only its hash is stored.
    #[cfg_attr(feature = "openapi", schema(min_length = 1, max_length = 256))]
    pub token: String,
    pub expedition_id: ExpeditionId,
    pub member: Member,
    /// What `GET /expeditions/{id}` would answer this member now (your own `member_joined`
    /// included): show it, and subscribe with `after=expedition.last_seq`.
    pub expedition: ExpeditionSnapshot,
}

/// `GET /me`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    pub expedition_id: ExpeditionId,
    pub member: Member,
}

/// `GET /expeditions/{id}`: everything the expedition home needs, as of `last_seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ExpeditionSnapshot {
    pub id: ExpeditionId,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = CityName))]
    pub city: String,
    #[cfg_attr(feature = "openapi", schema(value_type = ChallengeQuestion))]
    pub challenge: String,
    pub stage: Stage,
    pub members: Vec<Member>,
    /// The sequence number of the last event folded into this snapshot; subscribe to the
    /// event stream with `after=last_seq` to continue from here.
    pub last_seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub created_at: UnixMillis,
    /// Shown to facilitators only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join_code: Option<JoinCode>,
    /// The members who have written their profile (stage 1's progress), in the order they
    /// first did.
    #[serde(default)]
    pub profiled: Vec<MemberId>,
}

/// `PATCH /expeditions/{id}` (facilitator): change what is given; leave the rest out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateExpedition {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Title>))]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<CityName>))]
    pub city: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<ChallengeQuestion>))]
    pub challenge: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ValidUpdate {
    pub title: Option<Title>,
    pub city: Option<CityName>,
    pub challenge: Option<ChallengeQuestion>,
}

impl UpdateExpedition {
    pub fn validate(&self) -> Result<ValidUpdate, Vec<FieldError>> {
        let mut f = Fields::default();
        let title = self
            .title
            .as_deref()
            .map(|t| f.text("title", Title::parse(t)));
        let city = self
            .city
            .as_deref()
            .map(|c| f.text("city", CityName::parse(c)));
        let challenge = self
            .challenge
            .as_deref()
            .map(|c| f.text("challenge", ChallengeQuestion::parse(c)));
        f.finish(|| {
            Some(ValidUpdate {
                title: title.flatten(),
                city: city.flatten(),
                challenge: challenge.flatten(),
            })
        })
    }
}

/// `PUT /expeditions/{id}/stage` (facilitator). Setting the current stage again is a no-op.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetStage {
    pub stage: Stage,
}

/// `POST /expeditions/{id}/join-code` (facilitator): the new code; the old one stops working.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinCodeResponse {
    pub join_code: JoinCode,
}

/// `GET /join/{code}`: where a join code leads, shown before the joiner gives a name.
/// Nothing else about the expedition is told to someone who only has its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinPreview {
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = CityName))]
    pub city: String,
}
