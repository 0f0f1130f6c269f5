//! Partner profiles (stage 1, getting to know each other): a member's dream, passions,
//! ambitions and strengths, what they offer and what they look for. Each member writes
//! their own; the whole expedition reads them.

use serde::{Deserialize, Serialize};

use crate::api::Fields;
use crate::{FieldError, MemberId, PlaceName, ProfileText, Tag, UnixMillis};

/// Most passions a profile lists.
pub const MAX_PASSIONS: usize = 8;
/// Most offers, and most needs, a profile lists.
pub const MAX_OFFERS: usize = 8;

/// A member's profile as everyone sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Profile {
    pub member_id: MemberId,
    /// Their dream for the city's education.
    #[cfg_attr(feature = "openapi", schema(value_type = ProfileText))]
    pub dream: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, min_items = 1, max_items = 8))]
    pub passions: Vec<String>,
    /// Empty when not given.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::OptionalProfileText))]
    pub ambitions: String,
    /// Empty when not given.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::OptionalProfileText))]
    pub strengths: String,
    /// What they can offer others.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, max_items = 8))]
    pub offers: Vec<String>,
    /// What they are looking for.
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, max_items = 8))]
    pub looking_for: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PlaceName>))]
    pub organisation: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub updated_at: UnixMillis,
}

/// `PUT /expeditions/{id}/profiles/{member}`: the caller's own profile, whole. A dream and
/// at least one passion are required; the rest may be empty.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveProfile {
    #[cfg_attr(feature = "openapi", schema(value_type = ProfileText))]
    pub dream: String,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, min_items = 1, max_items = 8))]
    pub passions: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::OptionalProfileText))]
    pub ambitions: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::OptionalProfileText))]
    pub strengths: String,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, max_items = 8))]
    pub offers: Vec<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, max_items = 8))]
    pub looking_for: Vec<String>,
    /// Left out or empty: none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalPlaceName>))]
    pub organisation: Option<String>,
}

/// A `SaveProfile` whose fields passed validation (trimmed; tags without repeats).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProfile {
    pub dream: ProfileText,
    pub passions: Vec<Tag>,
    pub ambitions: Option<ProfileText>,
    pub strengths: Option<ProfileText>,
    pub offers: Vec<Tag>,
    pub looking_for: Vec<Tag>,
    pub organisation: Option<PlaceName>,
}

impl SaveProfile {
    pub fn validate(&self) -> Result<ValidProfile, Vec<FieldError>> {
        let mut f = Fields::default();
        let dream = f.text("dream", ProfileText::parse(&self.dream));
        let passions = f.tags("passions", &self.passions, MAX_PASSIONS, true);
        let ambitions = f.optional("ambitions", &self.ambitions, ProfileText::parse);
        let strengths = f.optional("strengths", &self.strengths, ProfileText::parse);
        let offers = f.tags("offers", &self.offers, MAX_OFFERS, false);
        let looking_for = f.tags("looking_for", &self.looking_for, MAX_OFFERS, false);
        let organisation = f.optional(
            "organisation",
            self.organisation.as_deref().unwrap_or(""),
            PlaceName::parse,
        );
        f.finish(|| {
            Some(ValidProfile {
                dream: dream?,
                passions: passions?,
                ambitions: ambitions?,
                strengths: strengths?,
                offers: offers?,
                looking_for: looking_for?,
                organisation: organisation?,
            })
        })
    }
}

impl ValidProfile {
    /// The profile as stored for `member` at `at`.
    pub fn into_profile(self, member_id: MemberId, updated_at: UnixMillis) -> Profile {
        let strings = |tags: Vec<Tag>| tags.into_iter().map(Tag::into_inner).collect();
        Profile {
            member_id,
            dream: self.dream.into_inner(),
            passions: strings(self.passions),
            ambitions: self
                .ambitions
                .map(ProfileText::into_inner)
                .unwrap_or_default(),
            strengths: self
                .strengths
                .map(ProfileText::into_inner)
                .unwrap_or_default(),
            offers: strings(self.offers),
            looking_for: strings(self.looking_for),
            organisation: self.organisation.map(PlaceName::into_inner),
            updated_at,
        }
    }
}

impl Profile {
    /// What a form starts from to edit this profile.
    pub fn to_request(&self) -> SaveProfile {
        SaveProfile {
            dream: self.dream.clone(),
            passions: self.passions.clone(),
            ambitions: self.ambitions.clone(),
            strengths: self.strengths.clone(),
            offers: self.offers.clone(),
            looking_for: self.looking_for.clone(),
            organisation: self.organisation.clone(),
        }
    }
}

/// `GET /expeditions/{id}/profiles`: the profiles of the expedition's members (those who
/// wrote one), as of `last_seq`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ProfileListing {
    pub profiles: Vec<Profile>,
    /// Subscribe to the event stream with `after=last_seq` to hear of newer ones
    /// (`profile_saved`).
    pub last_seq: u64,
}

impl ProfileListing {
    /// Puts `profile` in place of the member's older one (or adds it).
    pub fn upsert(&mut self, profile: Profile) {
        match self
            .profiles
            .iter_mut()
            .find(|p| p.member_id == profile.member_id)
        {
            Some(p) => *p = profile,
            None => self.profiles.push(profile),
        }
    }

    /// Folds one event in (events at or before `last_seq` are ignored). Returns whether
    /// the list changed.
    pub fn apply(&mut self, event: &crate::Event) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
        match &event.change {
            crate::EventKind::ProfileSaved { profile, .. } => match profile.get() {
                Some(p) => {
                    self.upsert(p);
                    true
                }
                None => false,
            },
            crate::EventKind::MemberLeft { member_id } => {
                let before = self.profiles.len();
                self.profiles.retain(|p| p.member_id != *member_id);
                before != self.profiles.len()
            }
            _ => false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FieldCode;

    fn save() -> SaveProfile {
        SaveProfile {
            dream: "Every child finds what they are good at".into(),
            passions: vec!["Outdoor learning".into(), " makerspaces ".into()],
            offers: vec!["A workshop space".into()],
            looking_for: vec!["Teachers who code".into()],
            ..SaveProfile::default()
        }
    }

    #[test]
    fn a_good_profile_validates_trimmed_and_without_repeats() {
        let mut req = save();
        req.passions.push("OUTDOOR learning".into());
        let v = req.validate().unwrap();
        let passions: Vec<&str> = v.passions.iter().map(Tag::as_str).collect();
        assert_eq!(passions, ["Outdoor learning", "makerspaces"]);
        assert_eq!(v.ambitions, None);
        let p = v.into_profile(MemberId(uuid::Uuid::nil()), 5);
        assert_eq!(p.ambitions, "");
        assert_eq!(p.to_request().passions, p.passions);
    }

    #[test]
    fn a_dream_and_a_passion_are_required_and_tags_are_limited() {
        let req = SaveProfile {
            dream: " ".into(),
            passions: vec![],
            offers: (0..=MAX_OFFERS).map(|i| format!("offer {i}")).collect(),
            looking_for: vec!["x".repeat(41)],
            organisation: Some("y".repeat(81)),
            ..SaveProfile::default()
        };
        let errs = req.validate().unwrap_err();
        let got: Vec<(&str, FieldCode, Option<u32>)> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code, e.max))
            .collect();
        assert_eq!(
            got,
            [
                ("dream", FieldCode::Empty, None),
                ("passions", FieldCode::Required, None),
                ("offers", FieldCode::TooMany, Some(8)),
                ("looking_for[0]", FieldCode::TooLong, Some(40)),
                ("organisation", FieldCode::TooLong, Some(80)),
            ]
        );
    }
}
