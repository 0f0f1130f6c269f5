//! The expedition itself: its ids, the four stages, partners' sectors and roles.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::UnixMillis;

/// Identifies an expedition. Opaque to clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct ExpeditionId(pub Uuid);

/// Identifies a member (one person's, or one projector's, place in an expedition).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct MemberId(pub Uuid);

impl MemberId {
    /// The author of a private sticky revealed anonymously (the nil UUID): nobody's id.
    pub const ANONYMOUS: MemberId = MemberId(Uuid::nil());
}

macro_rules! display_uuid {
    ($($t:ty),*) => {$(
        impl std::fmt::Display for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
        impl std::str::FromStr for $t {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}
display_uuid!(ExpeditionId, MemberId);

/// The four stages of the Educational/Urban Innovation Lab, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Partners learn each other's dreams, passions, ambitions and strengths.
    GettingToKnow,
    /// Learning in three circles: personal, colleagues, global innovations.
    LearningExpedition,
    /// Designing the city's unique model, inside budget and rules.
    DesigningModel,
    /// Pilots and a network of schools teaching each other.
    Implementing,
}

impl Stage {
    pub const ALL: [Stage; 4] = [
        Stage::GettingToKnow,
        Stage::LearningExpedition,
        Stage::DesigningModel,
        Stage::Implementing,
    ];

    /// 1-based position, as the method numbers the stages.
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The stage after this one, if any.
    pub fn next(self) -> Option<Stage> {
        Stage::ALL.get(self as usize + 1).copied()
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Stage::GettingToKnow => "getting_to_know",
            Stage::LearningExpedition => "learning_expedition",
            Stage::DesigningModel => "designing_model",
            Stage::Implementing => "implementing",
        }
    }

    pub fn parse(s: &str) -> Option<Stage> {
        Stage::ALL.into_iter().find(|st| st.as_str() == s)
    }
}

/// Where a partner comes from: the four sectors of the seeds, plus residents and learners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "kebab-case")]
pub enum Sector {
    /// First sector: municipality, schools, welfare, planning.
    Public,
    /// Second sector: businesses.
    Business,
    /// Third sector: non-profit organisations.
    NonProfit,
    /// Fourth sector: social businesses.
    SocialBusiness,
    Resident,
    Learner,
}

impl Sector {
    pub const ALL: [Sector; 6] = [
        Sector::Public,
        Sector::Business,
        Sector::NonProfit,
        Sector::SocialBusiness,
        Sector::Resident,
        Sector::Learner,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Sector::Public => "public",
            Sector::Business => "business",
            Sector::NonProfit => "non-profit",
            Sector::SocialBusiness => "social-business",
            Sector::Resident => "resident",
            Sector::Learner => "learner",
        }
    }

    pub fn parse(s: &str) -> Option<Sector> {
        Sector::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What a member may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Runs the lab: edits the expedition, moves the stage, manages the join code.
    Facilitator,
    /// Takes part and contributes.
    Participant,
    /// Read-only, for the projector in the room.
    Viewer,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Facilitator => "facilitator",
            Role::Participant => "participant",
            Role::Viewer => "viewer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        [Role::Facilitator, Role::Participant, Role::Viewer]
            .into_iter()
            .find(|r| r.as_str() == s)
    }

    pub fn can_write(self) -> bool {
        !matches!(self, Role::Viewer)
    }
}

/// A person (or a projector) in an expedition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    pub id: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::DisplayName))]
    pub display_name: String,
    /// `None` for viewers, which represent a screen rather than a partner.
    pub sector: Option<Sector>,
    pub role: Role,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub joined_at: UnixMillis,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_advance_in_order_and_stop_at_the_last() {
        assert_eq!(Stage::GettingToKnow.next(), Some(Stage::LearningExpedition));
        assert_eq!(Stage::DesigningModel.next(), Some(Stage::Implementing));
        assert_eq!(Stage::Implementing.next(), None);
        assert_eq!(Stage::ALL.map(Stage::number), [1, 2, 3, 4]);
    }

    #[test]
    fn enums_serialise_to_their_wire_names() {
        for s in Sector::ALL {
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
            assert_eq!(Sector::parse(s.as_str()), Some(s));
        }
        for st in Stage::ALL {
            let json = serde_json::to_string(&st).unwrap();
            assert_eq!(json, format!("\"{}\"", st.as_str()));
            assert_eq!(Stage::parse(st.as_str()), Some(st));
        }
        assert_eq!(serde_json::to_string(&Role::Viewer).unwrap(), "\"viewer\"");
        assert!(serde_json::from_str::<Sector>("\"government\"").is_err());
    }

    #[test]
    fn only_viewers_are_read_only() {
        assert!(Role::Facilitator.can_write());
        assert!(Role::Participant.can_write());
        assert!(!Role::Viewer.can_write());
    }
}
