//! Learnings (stage 2, the shared learning expedition): insights members record in one of
//! three circles — their own experience, colleagues, global innovations — each with its
//! themes, an optional source, and what it builds on.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::Fields;
use crate::problem::FieldCode;
use crate::{
    Event, EventKind, FieldError, LearningText, MemberId, PlaceName, Tag, Title, UnixMillis, WebUrl,
};

/// Most themes a learning carries.
pub const MAX_THEMES: usize = 6;

/// Identifies a learning; made by the client (UUIDv7), so a retried create is recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct LearningId(pub Uuid);

impl std::fmt::Display for LearningId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for LearningId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// The three circles of learning, as the seeds number them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "u8", into = "u8")]
pub enum Circle {
    /// 1: my own experience.
    Personal = 1,
    /// 2: learned from or with colleagues.
    Colleagues = 2,
    /// 3: a global innovation in the area of interest.
    Global = 3,
}

impl Circle {
    pub const ALL: [Circle; 3] = [Circle::Personal, Circle::Colleagues, Circle::Global];

    pub fn number(self) -> u8 {
        self as u8
    }

    pub fn from_number(n: u8) -> Option<Circle> {
        Circle::ALL.into_iter().find(|c| c.number() == n)
    }
}

impl From<Circle> for u8 {
    fn from(c: Circle) -> u8 {
        c.number()
    }
}

impl TryFrom<u8> for Circle {
    type Error = String;
    fn try_from(n: u8) -> Result<Self, String> {
        Circle::from_number(n).ok_or_else(|| format!("circle {n}: there are circles 1, 2 and 3"))
    }
}

/// A learning as members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Learning {
    pub id: LearningId,
    pub author: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::CircleNumber))]
    pub circle: Circle,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    /// Plain text; clients show http(s) addresses in it as links, and never read it as HTML.
    #[cfg_attr(feature = "openapi", schema(value_type = LearningText))]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<WebUrl>))]
    pub source_url: Option<String>,
    /// Where a global innovation comes from, e.g. "Espoo, Finland".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PlaceName>))]
    pub origin: Option<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, max_items = 6))]
    pub themes: Vec<String>,
    /// The learning this one builds on, in the same expedition.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builds_on: Option<LearningId>,
    /// Hidden by the facilitator: listed to the facilitator only (marked), restorable.
    #[serde(default)]
    pub hidden: bool,
    /// Who said "I learned from this", each once, in the order they said it.
    pub learned_by: Vec<MemberId>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub created_at: UnixMillis,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub updated_at: UnixMillis,
}

/// What a member writes of a learning: the body of an edit (`PUT …/learnings/{learning}`,
/// which also moves it between circles), and with an `id` of a create.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearningDraft {
    /// 1, 2 or 3; any other number is refused with `unknown_circle`.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::CircleNumber))]
    pub circle: u8,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    #[cfg_attr(feature = "openapi", schema(value_type = LearningText))]
    pub text: String,
    /// An http or https address; left out or empty for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalWebUrl>))]
    pub source_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalPlaceName>))]
    pub origin: Option<String>,
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = Vec<Tag>, max_items = 6))]
    pub themes: Vec<String>,
    /// Another learning of this expedition, not this one nor one that builds on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub builds_on: Option<LearningId>,
}

/// `POST /expeditions/{id}/learnings`: a new learning with the id its client made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateLearning {
    pub id: LearningId,
    #[serde(flatten)]
    pub draft: LearningDraft,
}

/// A `LearningDraft` whose fields passed their own checks (the store checks `builds_on`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidLearning {
    pub circle: Circle,
    pub title: Title,
    pub text: LearningText,
    pub source_url: Option<WebUrl>,
    pub origin: Option<PlaceName>,
    pub themes: Vec<Tag>,
    pub builds_on: Option<LearningId>,
}

impl LearningDraft {
    pub fn validate(&self) -> Result<ValidLearning, Vec<FieldError>> {
        let mut f = Fields::default();
        let circle = Circle::from_number(self.circle);
        if circle.is_none() {
            f.0.push(FieldError::new(
                "circle",
                FieldCode::UnknownCircle,
                "there are circles 1, 2 and 3",
            ));
        }
        let title = f.text("title", Title::parse(&self.title));
        let text = f.text("text", LearningText::parse(&self.text));
        let source_url = f.optional(
            "source_url",
            self.source_url.as_deref().unwrap_or(""),
            WebUrl::parse,
        );
        let origin = f.optional(
            "origin",
            self.origin.as_deref().unwrap_or(""),
            PlaceName::parse,
        );
        let themes = f.tags("themes", &self.themes, MAX_THEMES, false);
        f.finish(|| {
            Some(ValidLearning {
                circle: circle?,
                title: title?,
                text: text?,
                source_url: source_url?,
                origin: origin?,
                themes: themes?,
                builds_on: self.builds_on,
            })
        })
    }
}

impl ValidLearning {
    /// Writes these fields over `learning`'s (its id, author, reactions and times stay).
    pub fn write_to(self, learning: &mut Learning) {
        learning.circle = self.circle;
        learning.title = self.title.into_inner();
        learning.text = self.text.into_inner();
        learning.source_url = self.source_url.map(|u| u.as_str().to_owned());
        learning.origin = self.origin.map(PlaceName::into_inner);
        learning.themes = self.themes.into_iter().map(Tag::into_inner).collect();
        learning.builds_on = self.builds_on;
    }
}

impl Learning {
    /// What an edit form starts from.
    pub fn to_draft(&self) -> LearningDraft {
        LearningDraft {
            circle: self.circle.number(),
            title: self.title.clone(),
            text: self.text.clone(),
            source_url: self.source_url.clone(),
            origin: self.origin.clone(),
            themes: self.themes.clone(),
            builds_on: self.builds_on,
        }
    }
}

/// Why a "builds on" is refused, as the field error the API answers.
pub fn builds_on_error(code: FieldCode) -> FieldError {
    let message = match code {
        FieldCode::Cycle => "this would make a loop: that learning builds on this one",
        _ => "no such learning in this expedition",
    };
    FieldError::new("builds_on", code, message)
}

/// Whether `id` building on `target` would close a loop, given what each learning builds
/// on (`parent`): `target` is `id` itself or reaches it.
pub fn makes_cycle(
    id: LearningId,
    target: LearningId,
    parent: impl Fn(LearningId) -> Option<LearningId>,
) -> bool {
    let mut at = Some(target);
    // Bounded, so a loop already stored cannot hang the check.
    for _ in 0..10_000 {
        match at {
            None => return false,
            Some(l) if l == id => return true,
            Some(l) => at = parent(l),
        }
    }
    true
}

/// `PUT …/learnings/{learning}/hidden` (facilitator): hide or show again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetHidden {
    pub hidden: bool,
}

/// `PUT …/learnings/{learning}/reaction`: "I learned from this" (`true`) or not any more.
/// Setting it to what it is changes nothing, so a retry is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetReaction {
    pub learned: bool,
}

/// `GET /expeditions/{id}/learnings`: the learnings, oldest first, as of `last_seq`.
/// Hidden ones are listed (marked) to the facilitator only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LearningListing {
    pub learnings: Vec<Learning>,
    /// Where visible canvas stickies cite the listed learnings (read when the listing is
    /// made; not followed live).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub citations: Vec<crate::LearningCitation>,
    /// Subscribe to the event stream with `after=last_seq` for `learning_saved`,
    /// `learning_hidden` and `learning_deleted`.
    pub last_seq: u64,
}

impl LearningListing {
    /// Puts `learning` in place of its older version, or adds it at the end.
    pub fn upsert(&mut self, learning: Learning) {
        match self.learnings.iter_mut().find(|l| l.id == learning.id) {
            Some(l) => *l = learning,
            None => self.learnings.push(learning),
        }
    }

    /// Takes a learning out, and every "builds on" that pointed at it.
    pub fn remove(&mut self, id: LearningId) {
        self.learnings.retain(|l| l.id != id);
        for l in &mut self.learnings {
            if l.builds_on == Some(id) {
                l.builds_on = None;
            }
        }
    }

    /// Folds one event in (at or before `last_seq`: ignored). A hidden learning is kept,
    /// marked, for the facilitator (`sees_hidden`) and dropped for everyone else.
    pub fn apply(&mut self, event: &Event, sees_hidden: bool) -> bool {
        if event.seq <= self.last_seq {
            return false;
        }
        self.last_seq = event.seq;
        match &event.change {
            EventKind::LearningSaved { learning, .. } => match learning.get() {
                Some(l) => self.upsert(l),
                None => return false,
            },
            EventKind::LearningHidden { learning_id, .. } => {
                if sees_hidden {
                    match self.learnings.iter_mut().find(|l| l.id == *learning_id) {
                        Some(l) => l.hidden = true,
                        None => return false,
                    }
                } else {
                    self.learnings.retain(|l| l.id != *learning_id);
                }
            }
            EventKind::LearningDeleted { learning_id, .. } => self.remove(*learning_id),
            _ => return false,
        }
        true
    }

    pub fn get(&self, id: LearningId) -> Option<&Learning> {
        self.learnings.iter().find(|l| l.id == id)
    }

    /// The thread a learning belongs to, read upwards: what it builds on, what that builds
    /// on, and so on (nearest first; stops at a loop or a learning not listed).
    pub fn ancestors(&self, id: LearningId) -> Vec<&Learning> {
        let mut out: Vec<&Learning> = Vec::new();
        let mut at = self.get(id).and_then(|l| l.builds_on);
        while let Some(next) = at.and_then(|a| self.get(a)) {
            if next.id == id || out.iter().any(|l| l.id == next.id) {
                break;
            }
            out.push(next);
            at = next.builds_on;
        }
        out
    }

    /// The learnings that build on `id` directly.
    pub fn built_on_by(&self, id: LearningId) -> impl Iterator<Item = &Learning> {
        self.learnings
            .iter()
            .filter(move |l| l.builds_on == Some(id))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Deferred;

    fn draft() -> LearningDraft {
        LearningDraft {
            circle: 3,
            title: "Makerspaces in Espoo's libraries".into(),
            text: "People of all ages share tools and ideas. https://example.org/espoo".into(),
            source_url: Some("https://www.edcities.org/en/focus-experience".into()),
            origin: Some("Espoo, Finland".into()),
            themes: vec!["makerspaces".into(), "libraries".into()],
            builds_on: None,
        }
    }

    fn id(n: u128) -> LearningId {
        LearningId(Uuid::from_u128(n))
    }

    fn learning(n: u128, builds_on: Option<u128>) -> Learning {
        let mut l = Learning {
            id: id(n),
            author: MemberId(Uuid::from_u128(99)),
            circle: Circle::Personal,
            title: String::new(),
            text: String::new(),
            source_url: None,
            origin: None,
            themes: vec![],
            builds_on: None,
            hidden: false,
            learned_by: vec![],
            created_at: 0,
            updated_at: 0,
        };
        draft().validate().unwrap().write_to(&mut l);
        l.builds_on = builds_on.map(id);
        l
    }

    #[test]
    fn circles_are_numbers_on_the_wire_and_only_three_exist() {
        assert_eq!(serde_json::to_string(&Circle::Colleagues).unwrap(), "2");
        assert_eq!(serde_json::from_str::<Circle>("3").unwrap(), Circle::Global);
        assert!(serde_json::from_str::<Circle>("4").is_err());
        let bad = LearningDraft {
            circle: 0,
            ..draft()
        };
        assert_eq!(
            bad.validate().unwrap_err()[0].code,
            FieldCode::UnknownCircle
        );
    }

    #[test]
    fn only_http_links_are_sources_and_an_empty_one_is_none() {
        for bad in [
            "javascript:alert(1)",
            "data:text/html,<b>x</b>",
            "ftp://x.org",
        ] {
            let d = LearningDraft {
                source_url: Some(bad.into()),
                ..draft()
            };
            let errs = d.validate().unwrap_err();
            assert_eq!(
                (errs[0].field.as_str(), errs[0].code),
                ("source_url", FieldCode::InvalidUrl),
                "{bad}"
            );
        }
        let none = LearningDraft {
            source_url: Some("  ".into()),
            ..draft()
        };
        assert_eq!(none.validate().unwrap().source_url, None);
    }

    #[test]
    fn bad_fields_are_all_reported() {
        let d = LearningDraft {
            title: "".into(),
            text: "x".repeat(LearningText::MAX_CHARS + 1),
            themes: (0..7).map(|i| format!("t{i}")).collect(),
            ..draft()
        };
        let fields: Vec<(String, FieldCode)> = d
            .validate()
            .unwrap_err()
            .into_iter()
            .map(|e| (e.field, e.code))
            .collect();
        assert_eq!(
            fields,
            [
                ("title".into(), FieldCode::Empty),
                ("text".into(), FieldCode::TooLong),
                ("themes".into(), FieldCode::TooMany),
            ]
        );
    }

    #[test]
    fn a_create_body_is_the_draft_with_an_id() {
        let c = CreateLearning {
            id: id(1),
            draft: draft(),
        };
        let json = serde_json::to_value(&c).unwrap();
        assert_eq!(json["circle"], 3);
        assert_eq!(json["id"], id(1).to_string());
        assert_eq!(serde_json::from_value::<CreateLearning>(json).unwrap(), c);
    }

    #[test]
    fn loops_are_found_however_long() {
        // 3 builds on 2, 2 on 1.
        let parent = |l: LearningId| match l.0.as_u128() {
            3 => Some(id(2)),
            2 => Some(id(1)),
            _ => None,
        };
        assert!(makes_cycle(id(1), id(3), parent), "1 on 3 closes 3→2→1");
        assert!(makes_cycle(id(1), id(1), parent), "on itself");
        assert!(!makes_cycle(id(4), id(3), parent));
    }

    #[test]
    fn the_listing_follows_saves_hides_and_deletes_once() {
        let by = MemberId(Uuid::from_u128(7));
        let mut list = LearningListing {
            learnings: vec![learning(1, None)],
            citations: vec![],
            last_seq: 2,
        };
        let saved = |seq, l: &Learning| Event {
            seq,
            at: 0,
            change: EventKind::LearningSaved {
                learning: Deferred::new(l),
                by,
            },
        };
        assert!(list.apply(&saved(3, &learning(2, Some(1))), false));
        assert!(
            !list.apply(&saved(3, &learning(2, Some(1))), false),
            "replay"
        );
        assert_eq!(
            list.ancestors(id(2))
                .iter()
                .map(|l| l.id)
                .collect::<Vec<_>>(),
            [id(1)]
        );
        assert_eq!(list.built_on_by(id(1)).count(), 1);
        let hidden = Event {
            seq: 4,
            at: 0,
            change: EventKind::LearningHidden {
                learning_id: id(2),
                by,
            },
        };
        let mut facilitators = list.clone();
        assert!(facilitators.apply(&hidden, true));
        assert!(facilitators.get(id(2)).unwrap().hidden);
        assert!(list.apply(&hidden, false));
        assert!(list.get(id(2)).is_none(), "gone for participants");
        let deleted = Event {
            seq: 5,
            at: 0,
            change: EventKind::LearningDeleted {
                learning_id: id(1),
                by,
            },
        };
        assert!(facilitators.apply(&deleted, true));
        assert_eq!(facilitators.learnings.len(), 1);
        assert_eq!(
            facilitators.learnings[0].builds_on, None,
            "what built on it stands alone"
        );
    }
}
