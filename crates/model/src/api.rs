//! Request and response bodies of `/api/v1`. Requests carry raw text; `validate` turns
//! them into checked values and reports every offending field at once, so the server and
//! the SPA's forms give the same answer.

use serde::{Deserialize, Serialize};

use crate::canvas::{AppliedOp, CanvasId, Op, Section, Sticky, StickyId, Template};
use crate::problem::FieldCode;
use crate::{
    ChallengeQuestion, CityName, DisplayName, ExpeditionId, FieldError, JoinCode, Member, MemberId,
    Role, Sector, Stage, TextError, Title, UnixMillis,
};

/// Collects field errors while parsing a request.
#[derive(Default)]
pub(crate) struct Fields(pub(crate) Vec<FieldError>);

impl Fields {
    pub(crate) fn text<T>(&mut self, field: &str, r: Result<T, TextError>) -> Option<T> {
        r.map_err(|e| self.0.push(FieldError::text(field, e))).ok()
    }

    /// Text that may be left blank: `Some(None)` when it is.
    pub(crate) fn optional<T>(
        &mut self,
        field: &str,
        raw: &str,
        parse: impl Fn(&str) -> Result<T, TextError>,
    ) -> Option<Option<T>> {
        if raw.trim().is_empty() {
            return Some(None);
        }
        self.text(field, parse(raw)).map(Some)
    }

    /// A list of tags: at most `max`, each a valid `Tag` (named `field[i]`), repeats
    /// (ignoring case) dropped; `required` wants at least one.
    pub(crate) fn tags(
        &mut self,
        field: &str,
        raw: &[String],
        max: usize,
        required: bool,
    ) -> Option<Vec<crate::Tag>> {
        let before = self.0.len();
        if required && raw.iter().all(|t| t.trim().is_empty()) {
            self.0.push(FieldError::new(
                field,
                FieldCode::Required,
                "name at least one",
            ));
        }
        let mut tags: Vec<crate::Tag> = Vec::new();
        for (i, t) in raw.iter().enumerate() {
            if let Some(tag) = self.text(&format!("{field}[{i}]"), crate::Tag::parse(t)) {
                let key = tag.as_str().to_lowercase();
                if !tags.iter().any(|t| t.as_str().to_lowercase() == key) {
                    tags.push(tag);
                }
            }
        }
        if tags.len() > max {
            self.0.insert(
                before,
                FieldError::new(field, FieldCode::TooMany, format!("at most {max}")).with_max(max),
            );
        }
        (self.0.len() == before).then_some(tags)
    }

    pub(crate) fn finish<T>(self, ok: impl FnOnce() -> Option<T>) -> Result<T, Vec<FieldError>> {
        if self.0.is_empty() {
            ok().ok_or_else(Vec::new)
        } else {
            Err(self.0)
        }
    }
}

/// `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Health {
    pub status: String,
    pub version: String,
}

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

/// `POST /expeditions/{id}/canvases`: a new canvas from a template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateCanvas {
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    pub template: Template,
}

impl CreateCanvas {
    pub fn validate(&self) -> Result<Title, Vec<FieldError>> {
        let mut f = Fields::default();
        let title = f.text("title", Title::parse(&self.title));
        f.finish(|| title)
    }
}

/// A canvas in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanvasSummary {
    pub id: CanvasId,
    #[cfg_attr(feature = "openapi", schema(value_type = Title))]
    pub title: String,
    pub template: Template,
    pub created_by: crate::MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub created_at: UnixMillis,
    /// When it was archived; absent while it is in use. An archived canvas is read-only
    /// (ops and renames answer `409 canvas_archived`) and listed apart.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::UnixMillis>))]
    pub archived_at: Option<UnixMillis>,
    /// Its stickies now: created and not deleted.
    #[serde(default)]
    pub sticky_count: u32,
    /// When its stickies or its title last changed (its creation, if never since).
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub changed_at: UnixMillis,
}

impl CanvasSummary {
    pub fn is_archived(&self) -> bool {
        self.archived_at.is_some()
    }
}

/// `PATCH /expeditions/{id}/canvases/{canvas}`: rename (the facilitator or the canvas's
/// creator), archive or restore (the facilitator). Leave out what stays as it is.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateCanvas {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Title>))]
    pub title: Option<String>,
    /// `true` archives the canvas (read-only, listed apart), `false` restores it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(example = true))]
    pub archived: Option<bool>,
}

/// An `UpdateCanvas` whose fields passed validation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ValidCanvasUpdate {
    pub title: Option<Title>,
    pub archived: Option<bool>,
}

impl UpdateCanvas {
    pub fn validate(&self) -> Result<ValidCanvasUpdate, Vec<FieldError>> {
        let mut f = Fields::default();
        let title = self
            .title
            .as_deref()
            .map(|t| f.text("title", Title::parse(t)));
        f.finish(|| {
            Some(ValidCanvasUpdate {
                title: title.flatten(),
                archived: self.archived,
            })
        })
    }
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

/// `GET /expeditions/{id}/canvases`: the expedition's canvases, oldest first, as of
/// `last_seq`; archived ones included (marked by `archived_at`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanvasListing {
    pub canvases: Vec<CanvasSummary>,
    /// The expedition's sequence number the list is current as of; subscribe to the event
    /// stream with `after=last_seq` to hear of newer canvases (`canvas_created`) and of
    /// renames, archiving and deletions.
    pub last_seq: u64,
}

/// `GET /expeditions/{id}/canvases/{canvas}`: the canvas as of `last_seq`. Deleted stickies
/// are included (marked) so a facilitator can restore them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CanvasSnapshot {
    pub canvas: CanvasSummary,
    pub sections: Vec<Section>,
    pub stickies: Vec<Sticky>,
    pub last_seq: u64,
}

/// `POST /expeditions/{id}/canvases/{canvas}/ops`: a batch of operations, applied in order,
/// all or none (see the OpenAPI description for the rules).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpBatch {
    #[cfg_attr(feature = "openapi", schema(schema_with = crate::schema::op_batch_ops))]
    pub ops: Vec<Op>,
}

/// The stamped ops of a batch. Ops that had been applied before (same id, same body) come
/// back with their original stamps.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpBatchResult {
    pub applied: Vec<AppliedOp>,
}

/// `PUT /expeditions/{id}/canvases/{canvas}/editing`: which sticky this member has open for
/// typing (`null`: none). Others see it in the canvas's presence while this member has the
/// canvas's event stream open; it ends with their last stream on the canvas.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetEditing {
    #[serde(default)]
    pub sticky_id: Option<StickyId>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn create() -> CreateExpedition {
        CreateExpedition {
            title: "Bat Yam learning lab".into(),
            city: "Bat Yam".into(),
            challenge: "How can the whole city become one big school?".into(),
            display_name: "Yael".into(),
            sector: Sector::Public,
        }
    }

    #[test]
    fn a_good_create_request_validates() {
        let v = create().validate().unwrap();
        assert_eq!(v.title.as_str(), "Bat Yam learning lab");
        assert_eq!(v.sector, Sector::Public);
    }

    #[test]
    fn every_bad_field_is_reported_at_once() {
        let req = CreateExpedition {
            title: " ".into(),
            city: "x".repeat(81),
            display_name: "\u{1b}[31m".into(),
            ..create()
        };
        let errs = req.validate().unwrap_err();
        let fields: Vec<_> = errs
            .iter()
            .map(|e| (e.field.as_str(), e.code.as_str()))
            .collect();
        assert_eq!(
            fields,
            [
                ("title", "empty"),
                ("city", "too_long"),
                ("display_name", "control_characters")
            ]
        );
    }

    #[test]
    fn participants_need_a_sector_but_viewers_do_not() {
        let mut join = JoinExpedition {
            code: "abcd-efgh-jkmn".into(),
            display_name: "Projector".into(),
            sector: None,
            join_as: JoinAs::Participant,
        };
        let errs = join.validate().unwrap_err();
        assert_eq!(errs[0].field, "sector");
        join.join_as = JoinAs::Viewer;
        join.sector = Some(Sector::Business);
        let v = join.validate().unwrap();
        assert_eq!(v.role, Role::Viewer);
        assert_eq!(v.sector, None, "a screen has no sector");
    }

    #[test]
    fn a_malformed_code_is_a_field_error() {
        let join = JoinExpedition {
            code: "1234".into(),
            display_name: "Noa".into(),
            sector: Some(Sector::Learner),
            join_as: JoinAs::default(),
        };
        assert_eq!(join.validate().unwrap_err()[0].code, FieldCode::Malformed);
    }

    #[test]
    fn join_as_defaults_to_participant_on_the_wire() {
        let j: JoinExpedition = serde_json::from_str(
            r#"{"code":"ABCD-EFGH-JKMN","display_name":"Noa","sector":"social-business"}"#,
        )
        .unwrap();
        assert_eq!(j.join_as, JoinAs::Participant);
        assert_eq!(j.sector, Some(Sector::SocialBusiness));
    }

    #[test]
    fn an_empty_update_is_valid_and_changes_nothing() {
        assert_eq!(
            UpdateExpedition::default().validate().unwrap(),
            ValidUpdate::default()
        );
        let bad = UpdateExpedition {
            title: Some("".into()),
            ..Default::default()
        };
        assert_eq!(bad.validate().unwrap_err()[0].field, "title");
    }

    #[test]
    fn snapshot_round_trips_and_hides_an_absent_code() {
        let snap = ExpeditionSnapshot {
            id: ExpeditionId(uuid::Uuid::nil()),
            title: "t".into(),
            city: "c".into(),
            challenge: "q".into(),
            stage: Stage::DesigningModel,
            members: vec![],
            last_seq: 7,
            created_at: 1,
            join_code: None,
            profiled: vec![],
        };
        let json = serde_json::to_string(&snap).unwrap();
        assert!(!json.contains("join_code"));
        assert_eq!(
            serde_json::from_str::<ExpeditionSnapshot>(&json).unwrap(),
            snap
        );
    }

    #[test]
    fn a_canvas_update_checks_its_title_and_leaves_out_what_stays() {
        assert_eq!(
            UpdateCanvas::default().validate().unwrap(),
            ValidCanvasUpdate::default()
        );
        let archive: UpdateCanvas = serde_json::from_str(r#"{"archived":true}"#).unwrap();
        assert_eq!(archive.validate().unwrap().archived, Some(true));
        let rename = UpdateCanvas {
            title: Some("  Second round  ".into()),
            archived: None,
        };
        assert_eq!(
            rename.validate().unwrap().title.unwrap().as_str(),
            "Second round"
        );
        let long = UpdateCanvas {
            title: Some("x".repeat(121)),
            archived: Some(false),
        };
        let errs = long.validate().unwrap_err();
        assert_eq!((errs[0].field.as_str(), errs[0].max), ("title", Some(120)));
        assert_eq!(
            serde_json::to_string(&UpdateCanvas::default()).unwrap(),
            "{}"
        );
    }
}
