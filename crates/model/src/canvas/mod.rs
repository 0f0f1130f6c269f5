//! Model canvases: sections from a template, sticky notes, and the operations that edit
//! them. The reducer here runs on the server (to answer snapshots) and in the browser (to
//! apply edits optimistically), so both agree by construction.
//!
//! Convergence: every op gets a `Stamp` from the server (the event's sequence number and the
//! op's place in its batch). Each sticky field keeps the stamp of the op that last wrote
//! it, and an op only writes a field whose stamp is older. Applying ops is therefore
//! commutative and idempotent: any delivery order, with duplicates, gives the state of
//! applying them once in stamp order.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::{MemberId, TextError, UnixMillis};

macro_rules! id_type {
    ($($(#[$doc:meta])* $name:ident),*) => {$(
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
        #[serde(transparent)]
        pub struct $name(pub Uuid);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    )*};
}

id_type!(
    /// Identifies a canvas.
    CanvasId,
    /// Identifies a sticky note; made by the client (UUIDv7) so it can be used offline.
    StickyId,
    /// Identifies an operation; made by the client, so a replayed op is recognised.
    OpId
);

/// Largest sticky text, in characters.
pub const MAX_STICKY_CHARS: usize = 2000;
/// Coordinates must stay within ±this (canvas units); beyond is refused as absurd.
pub const MAX_COORDINATE: f64 = 1_000_000.0;
/// Most ops one request may carry.
pub const MAX_OPS_PER_BATCH: usize = 500;

/// The templates a canvas can start from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Template {
    /// Dreams · Learners' uniqueness · City strengths · … · Measures of success.
    CityEducationModel,
    /// One open area.
    Blank,
    /// One ring per learning circle.
    ThreeCircles,
}

impl Template {
    pub const ALL: [Template; 3] = [
        Template::CityEducationModel,
        Template::Blank,
        Template::ThreeCircles,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Template::CityEducationModel => "city_education_model",
            Template::Blank => "blank",
            Template::ThreeCircles => "three_circles",
        }
    }

    pub fn parse(s: &str) -> Option<Template> {
        Template::ALL.into_iter().find(|t| t.as_str() == s)
    }
}

/// A region of a canvas, with a stable key (translated titles are looked up by it).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Section {
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::SectionKey))]
    pub key: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Template {
    /// The section keys and layout of the template, in reading order.
    pub fn sections(self) -> Vec<Section> {
        let grid = |keys: &[&str], cols: usize, w: f64, h: f64| {
            keys.iter()
                .enumerate()
                .map(|(i, k)| Section {
                    key: (*k).to_owned(),
                    x: (i % cols) as f64 * w,
                    y: (i / cols) as f64 * h,
                    w,
                    h,
                })
                .collect()
        };
        match self {
            Template::CityEducationModel => grid(
                &[
                    "dreams",
                    "learners_uniqueness",
                    "city_strengths",
                    "growth_areas",
                    "partners_by_sector",
                    "learning_spaces",
                    "budget_rules",
                    "pilot_initiatives",
                    "measures_of_success",
                ],
                3,
                800.0,
                600.0,
            ),
            Template::Blank => grid(&["open"], 1, 2400.0, 1800.0),
            Template::ThreeCircles => grid(
                &["circle_personal", "circle_colleagues", "circle_global"],
                3,
                800.0,
                800.0,
            ),
        }
    }
}

/// Sticky colours; named, so themes can render them with enough contrast.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum StickyColor {
    #[default]
    Yellow,
    Pink,
    Blue,
    Green,
    Orange,
    Purple,
}

/// What inspired a sticky: a board card or a learning (their ids; the tools come later).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "kind", content = "id", rename_all = "snake_case")]
pub enum Citation {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    Card(Uuid),
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    Learning(Uuid),
}

/// One edit of one sticky.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum OpKind {
    Create {
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::SectionKey>))]
        section: Option<String>,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::StickyText))]
        text: String,
        #[serde(default)]
        color: StickyColor,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
        x: f64,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
        y: f64,
    },
    SetText {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::StickyText))]
        text: String,
    },
    SetColor {
        color: StickyColor,
    },
    SetCitation {
        citation: Option<Citation>,
    },
    /// Places the sticky: position and section are both written (each last writer wins);
    /// a null or absent `section` takes it out of every section.
    Move {
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
        x: f64,
        #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::Coordinate))]
        y: f64,
        #[serde(default)]
        #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::SectionKey>))]
        section: Option<String>,
    },
    BringToFront,
    Delete,
    Restore,
}

/// An operation as a client sends it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Op {
    pub id: OpId,
    pub sticky: StickyId,
    #[serde(flatten)]
    pub kind: OpKind,
}

/// Why an op is refused before it reaches the reducer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpError {
    Text(TextError),
    /// NaN, infinite, or further out than `MAX_COORDINATE`.
    BadCoordinate,
    UnknownSection,
}

impl OpError {
    /// An English sentence for API consumers; clients translate by `code`.
    pub fn message(&self) -> String {
        match self {
            OpError::Text(e) => e.message(),
            OpError::BadCoordinate => {
                format!("coordinates must be finite and within ±{MAX_COORDINATE}")
            }
            OpError::UnknownSection => "this canvas's template has no such section".into(),
        }
    }

    pub fn code(&self) -> &'static str {
        match self {
            OpError::Text(e) => e.code(),
            OpError::BadCoordinate => "bad_coordinate",
            OpError::UnknownSection => "unknown_section",
        }
    }
}

fn check_text(text: &str) -> Result<(), OpError> {
    // Sticky text may be empty (a fresh sticky) and multi-line.
    if text.chars().count() > MAX_STICKY_CHARS {
        return Err(OpError::Text(TextError::TooLong {
            max: MAX_STICKY_CHARS,
        }));
    }
    if text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Err(OpError::Text(TextError::ControlCharacters));
    }
    Ok(())
}

fn check_point(x: f64, y: f64) -> Result<(), OpError> {
    let ok = |v: f64| v.is_finite() && v.abs() <= MAX_COORDINATE;
    if ok(x) && ok(y) {
        Ok(())
    } else {
        Err(OpError::BadCoordinate)
    }
}

impl Op {
    /// Checks the op on its own (text, coordinates, section of the canvas's template).
    pub fn validate(&self, template: Template) -> Result<(), OpError> {
        let section_ok = |s: &Option<String>| {
            s.as_ref()
                .is_none_or(|k| template.sections().iter().any(|sec| &sec.key == k))
        };
        match &self.kind {
            OpKind::Create {
                section,
                text,
                x,
                y,
                ..
            } => {
                check_text(text)?;
                check_point(*x, *y)?;
                if !section_ok(section) {
                    return Err(OpError::UnknownSection);
                }
            }
            OpKind::SetText { text } => check_text(text)?,
            OpKind::Move { x, y, section } => {
                check_point(*x, *y)?;
                if !section_ok(section) {
                    return Err(OpError::UnknownSection);
                }
            }
            _ => {}
        }
        Ok(())
    }
}

/// The server's order of an op: the event that carried it, then its place in the batch.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Stamp {
    /// The sequence number of the event (op batch) that carried the op.
    pub seq: u64,
    /// The op's place in its batch, from 0.
    pub idx: u32,
}

/// An op with its stamp and author, as the server stores and broadcasts it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppliedOp {
    pub stamp: Stamp,
    pub author: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    pub op: Op,
    /// An op on a private sticky (written during private writing, not revealed yet): only
    /// its author ever receives it. Absent: `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
}

/// A field and the stamp of the op that last wrote it. (Its OpenAPI schemas are one per
/// field, `crate::schema::LwwText` etc., since the value's rules differ per field.)
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Lww<T> {
    pub value: T,
    pub stamp: Stamp,
}

impl<T> Lww<T> {
    fn new(value: T, stamp: Stamp) -> Self {
        Self { value, stamp }
    }

    /// Writes if `stamp` is newer; returns whether it wrote.
    fn set(&mut self, value: T, stamp: Stamp) -> bool {
        if stamp > self.stamp {
            self.value = value;
            self.stamp = stamp;
            true
        } else {
            false
        }
    }
}

/// A sticky note as the reducer sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sticky {
    pub id: StickyId,
    /// Stamp of the create op; `None` while only later ops have arrived (not shown yet).
    pub created: Option<Stamp>,
    /// `null` also when it was revealed anonymously.
    pub author: Option<MemberId>,
    /// Written during private writing and not revealed yet: only its author sees it (they
    /// are the only one it is sent to). Absent: `false`.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub private: bool,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::LwwText))]
    pub text: Lww<String>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::LwwColor))]
    pub color: Lww<StickyColor>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::LwwPosition))]
    pub position: Lww<(f64, f64)>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::LwwSection))]
    pub section: Lww<Option<String>>,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::LwwCitation))]
    pub citation: Lww<Option<Citation>>,
    /// Stacking order: the stamp of the last bring-to-front (or of the create).
    pub z: Stamp,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::LwwDeleted))]
    pub deleted: Lww<bool>,
    /// Who deleted it, while it is deleted: the author of the first delete since its last
    /// restore (deleting it again changes nobody's rights). Only they and the facilitator
    /// may restore it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deleted_by: Option<MemberId>,
    #[serde(skip)]
    history: DeleteHistory,
}

/// The deletes since the latest restore a sticky has seen, so `deleted_by` comes out the
/// same in any delivery order. Bookkeeping, not state: never sent, and equal to any other
/// (a board folded from the log equals the same board read from a snapshot).
#[derive(Debug, Clone, Default)]
struct DeleteHistory {
    /// Sorted by stamp, each once; only those after `restored`.
    deletes: Vec<(Stamp, MemberId)>,
    restored: Stamp,
}

impl PartialEq for DeleteHistory {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl DeleteHistory {
    fn delete(&mut self, stamp: Stamp, by: MemberId) {
        if stamp > self.restored
            && let Err(at) = self.deletes.binary_search_by_key(&stamp, |d| d.0)
        {
            self.deletes.insert(at, (stamp, by));
        }
    }

    fn restore(&mut self, stamp: Stamp) {
        if stamp > self.restored {
            self.restored = stamp;
            self.deletes.retain(|d| d.0 > stamp);
        }
    }

    /// The first deleter since the last restore; `known` (from a snapshot) when this
    /// history holds no delete, and nobody when the sticky is not deleted.
    fn deleter(&self, deleted: bool, known: Option<MemberId>) -> Option<MemberId> {
        if !deleted {
            None
        } else {
            self.deletes.first().map(|d| d.1).or(known)
        }
    }
}

impl Sticky {
    fn empty(id: StickyId) -> Self {
        let zero = Stamp::default();
        Self {
            id,
            created: None,
            author: None,
            private: false,
            text: Lww::new(String::new(), zero),
            color: Lww::new(StickyColor::default(), zero),
            position: Lww::new((0.0, 0.0), zero),
            section: Lww::new(None, zero),
            citation: Lww::new(None, zero),
            z: zero,
            deleted: Lww::new(false, zero),
            deleted_by: None,
            history: DeleteHistory::default(),
        }
    }

    /// Created and not deleted.
    pub fn visible(&self) -> bool {
        self.created.is_some() && !self.deleted.value
    }
}

/// All stickies of a canvas, keyed by id.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Board {
    pub stickies: BTreeMap<StickyId, Sticky>,
}

impl Board {
    /// Applies one stamped op. Commutative and idempotent (see the module comment).
    pub fn apply(&mut self, applied: &AppliedOp) {
        let s = applied.stamp;
        let sticky = self
            .stickies
            .entry(applied.op.sticky)
            .or_insert_with(|| Sticky::empty(applied.op.sticky));
        match &applied.op.kind {
            OpKind::Create {
                section,
                text,
                color,
                x,
                y,
            } => {
                // The earliest create wins; its fields then compete like any other write.
                // Its reveal comes as the same create, public: it ends the privacy (and
                // may take the author away); a late copy of the private one does not undo it.
                let author = Some(applied.author).filter(|a| *a != MemberId::ANONYMOUS);
                if sticky.created.is_none_or(|c| s < c) {
                    sticky.created = Some(s);
                    sticky.author = author;
                    sticky.private = applied.private;
                } else if sticky.created == Some(s) && !applied.private {
                    sticky.author = author;
                    sticky.private = false;
                }
                sticky.text.set(text.clone(), s);
                sticky.color.set(*color, s);
                sticky.position.set((*x, *y), s);
                sticky.section.set(section.clone(), s);
                sticky.z = sticky.z.max(s);
            }
            OpKind::SetText { text } => {
                sticky.text.set(text.clone(), s);
            }
            OpKind::SetColor { color } => {
                sticky.color.set(*color, s);
            }
            OpKind::SetCitation { citation } => {
                sticky.citation.set(*citation, s);
            }
            OpKind::Move { x, y, section } => {
                sticky.position.set((*x, *y), s);
                sticky.section.set(section.clone(), s);
            }
            OpKind::BringToFront => sticky.z = sticky.z.max(s),
            OpKind::Delete => {
                sticky.deleted.set(true, s);
                sticky.history.delete(s, applied.author);
                sticky.deleted_by = sticky
                    .history
                    .deleter(sticky.deleted.value, sticky.deleted_by);
            }
            OpKind::Restore => {
                sticky.deleted.set(false, s);
                sticky.history.restore(s);
                sticky.deleted_by = sticky
                    .history
                    .deleter(sticky.deleted.value, sticky.deleted_by);
            }
        }
    }

    /// Visible stickies, bottom to top.
    pub fn visible(&self) -> Vec<&Sticky> {
        let mut v: Vec<&Sticky> = self.stickies.values().filter(|s| s.visible()).collect();
        v.sort_by_key(|s| s.z);
        v
    }
}

#[cfg(test)]
mod tests;
