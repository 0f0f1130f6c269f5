//! Canvases: creating, listing, renaming and archiving them, their snapshot, op batches and
//! who types where.

use serde::{Deserialize, Serialize};

use super::Fields;
use crate::canvas::{AppliedOp, CanvasId, Op, Section, Sticky, StickyId, Template};
use crate::{FieldError, Title, UnixMillis};

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
    /// The caller's own private stickies are among them (marked `private`); nobody
    /// else's are.
    pub stickies: Vec<Sticky>,
    /// While private writing is on: how much is written privately. Absent: it is off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub private_writing: Option<crate::facilitation::PrivateWriting>,
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
