//! The updates feed: facilitators' announcements and milestones with members' reactions
//! and replies, the digest of what changed since a member last looked, and the upcoming
//! dated announcements. Phones follow it; it is the expedition home's first screen.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::api::Fields;
use crate::problem::FieldCode;
use crate::{FieldError, MemberId, PlaceName, UnixMillis, WebUrl};

pub(crate) mod cursor;
#[cfg(test)]
mod tests;
mod when;

pub use cursor::{CursorError, FeedCursor};
pub use when::{CivilDate, TimeOfDay, local_millis, still_ahead, valid_time_zone};

/// SSE `event:` name of feed items (`FeedEvent`): posted, reacted to, replied to.
pub const SSE_FEED: &str = "feed";
/// Items in one page of the feed, at most (and by default).
pub const MAX_PAGE: u32 = 20;
/// Replies one item takes, at most.
pub const MAX_REPLIES: usize = 200;
/// Upcoming announcements listed, at most.
pub const MAX_UPCOMING: usize = 10;
/// Lines of a digest, at most; previews per line, at most.
pub const MAX_DIGEST_LINES: usize = 12;
pub const MAX_PREVIEWS: usize = 2;
/// Characters of a preview, at most (longer texts are cut with "…").
pub const PREVIEW_CHARS: usize = 60;

crate::text::text_newtype!(
    /// What an announcement or milestone says: plain text, several lines; http(s)
    /// addresses in it are shown as links, never read as HTML.
    FeedText, max = 2000, multiline = true
);
crate::text::text_newtype!(
    /// A reply to a feed item.
    ReplyText, max = 1000, multiline = true
);

/// Identifies a feed item (made by the server, UUIDv7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(value_type = String, format = Uuid))]
#[serde(transparent)]
pub struct FeedItemId(pub Uuid);

impl std::fmt::Display for FeedItemId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::str::FromStr for FeedItemId {
    type Err = uuid::Error;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Uuid::parse_str(s).map(Self)
    }
}

/// What a facilitator posts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum FeedKind {
    /// News, often with a date and place: "Learning trip to the Espoo makerspace, 14 May".
    Announcement,
    /// A step of the expedition reached: a stage started, a pilot launched.
    Milestone,
}

/// The fixed set of reactions a member may give an item (each once).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reaction {
    /// 👍
    Thanks,
    /// 🙋 I'll be there.
    Going,
    /// 💡
    Idea,
    /// 🎉
    Celebrate,
}

impl Reaction {
    pub const ALL: [Reaction; 4] = [
        Reaction::Thanks,
        Reaction::Going,
        Reaction::Idea,
        Reaction::Celebrate,
    ];

    pub fn emoji(self) -> &'static str {
        match self {
            Reaction::Thanks => "👍",
            Reaction::Going => "🙋",
            Reaction::Idea => "💡",
            Reaction::Celebrate => "🎉",
        }
    }
}

/// Who gave one reaction, in the order they gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reactions {
    pub reaction: Reaction,
    pub by: Vec<MemberId>,
}

/// A member's reply to an item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Reply {
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Uuid))]
    pub id: Uuid,
    pub author: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = ReplyText))]
    pub text: String,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
}

/// An announcement or milestone as members see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedItem {
    pub id: FeedItemId,
    pub kind: FeedKind,
    /// The sequence number of the event that posted it: unread while above the member's
    /// `seen_seq`; the feed is ordered by it, newest first.
    pub seq: u64,
    pub author: MemberId,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    #[cfg_attr(feature = "openapi", schema(value_type = FeedText))]
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::FeedDate>))]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::FeedTime>))]
    pub time: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::TimeZoneName>))]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<PlaceName>))]
    pub place: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<WebUrl>))]
    pub link: Option<String>,
    /// Only reactions someone gave, in `Reaction` order.
    #[serde(default)]
    pub reactions: Vec<Reactions>,
    /// Oldest first.
    #[serde(default)]
    pub replies: Vec<Reply>,
}

impl FeedItem {
    /// Gives (`on`) or takes back `member`'s `reaction`; whether anything changed.
    pub fn react(&mut self, member: MemberId, reaction: Reaction, on: bool) -> bool {
        let at = self.reactions.iter().position(|r| r.reaction == reaction);
        match (at, on) {
            (Some(i), true) if !self.reactions[i].by.contains(&member) => {
                self.reactions[i].by.push(member)
            }
            (Some(i), false) if self.reactions[i].by.contains(&member) => {
                self.reactions[i].by.retain(|m| *m != member);
                if self.reactions[i].by.is_empty() {
                    self.reactions.remove(i);
                }
            }
            (None, true) => {
                self.reactions.push(Reactions {
                    reaction,
                    by: vec![member],
                });
                self.reactions.sort_by_key(|r| {
                    Reaction::ALL
                        .iter()
                        .position(|x| *x == r.reaction)
                        .unwrap_or(0)
                });
            }
            _ => return false,
        }
        true
    }

    /// Whether `member` gave `reaction`, and how many did.
    pub fn reaction_count(&self, member: MemberId, reaction: Reaction) -> (bool, usize) {
        self.reactions
            .iter()
            .find(|r| r.reaction == reaction)
            .map_or((false, 0), |r| (r.by.contains(&member), r.by.len()))
    }
}

/// `POST /expeditions/{id}/feed` (facilitators): an announcement or milestone.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostDraft {
    #[cfg_attr(feature = "openapi", schema(value_type = FeedKind))]
    pub kind: Option<FeedKind>,
    #[cfg_attr(feature = "openapi", schema(value_type = FeedText))]
    pub text: String,
    /// The day it is about, `YYYY-MM-DD`; left out or empty for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalFeedDate>))]
    pub date: Option<String>,
    /// `HH:MM` on a 24-hour clock, on `date` (which it needs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalFeedTime>))]
    pub time: Option<String>,
    /// The IANA zone `time` is in (which it needs); none: the reader's own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalTimeZoneName>))]
    pub time_zone: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalPlaceName>))]
    pub place: Option<String>,
    /// An http or https address; left out or empty for none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::OptionalWebUrl>))]
    pub link: Option<String>,
}

/// A `PostDraft` whose every field passed its check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidPost {
    pub kind: FeedKind,
    pub text: FeedText,
    pub date: Option<CivilDate>,
    pub time: Option<TimeOfDay>,
    pub time_zone: Option<String>,
    pub place: Option<PlaceName>,
    pub link: Option<WebUrl>,
}

fn blank(s: &Option<String>) -> Option<&str> {
    s.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

impl PostDraft {
    pub fn validate(&self) -> Result<ValidPost, Vec<FieldError>> {
        let mut f = Fields::default();
        if self.kind.is_none() {
            f.0.push(FieldError::new(
                "kind",
                FieldCode::Required,
                "announcement or milestone",
            ));
        }
        let text = f.text("text", FeedText::parse(&self.text));
        let date = blank(&self.date).map(|d| {
            CivilDate::parse(d).ok_or_else(|| {
                FieldError::new(
                    "date",
                    FieldCode::InvalidDate,
                    "a day that exists, as YYYY-MM-DD",
                )
            })
        });
        let time = blank(&self.time).map(|t| {
            TimeOfDay::parse(t).ok_or_else(|| {
                FieldError::new("time", FieldCode::InvalidTime, "HH:MM on a 24-hour clock")
            })
        });
        let zone = blank(&self.time_zone);
        let date = match date {
            Some(Err(e)) => {
                f.0.push(e);
                None
            }
            Some(Ok(d)) => Some(d),
            None => None,
        };
        let time = match time {
            Some(Err(e)) => {
                f.0.push(e);
                None
            }
            Some(Ok(t)) => Some(t),
            None => None,
        };
        if blank(&self.time).is_some() && blank(&self.date).is_none() {
            f.0.push(FieldError::new(
                "date",
                FieldCode::Required,
                "a time needs a date",
            ));
        }
        if let Some(z) = zone
            && (!valid_time_zone(z) || blank(&self.time).is_none())
        {
            f.0.push(FieldError::new(
                "time_zone",
                FieldCode::InvalidTimeZone,
                "an IANA time zone such as Europe/Helsinki, with a time",
            ));
        }
        let place = f.optional(
            "place",
            self.place.as_deref().unwrap_or(""),
            PlaceName::parse,
        );
        let link = f.optional("link", self.link.as_deref().unwrap_or(""), WebUrl::parse);
        f.finish(|| {
            Some(ValidPost {
                kind: self.kind?,
                text: text?,
                date,
                time,
                time_zone: zone.map(str::to_owned),
                place: place?,
                link: link?,
            })
        })
    }
}

/// `POST …/feed/{item}/replies`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostReply {
    #[cfg_attr(feature = "openapi", schema(value_type = ReplyText))]
    pub text: String,
}

impl PostReply {
    pub fn validate(&self) -> Result<ReplyText, Vec<FieldError>> {
        ReplyText::parse(&self.text).map_err(|e| vec![FieldError::text("text", e)])
    }
}

/// `PUT …/feed/{item}/reaction`: give (`on: true`) or take back one reaction. Setting
/// what is already so changes nothing, so a retry is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetFeedReaction {
    pub reaction: Reaction,
    pub on: bool,
}

/// `PUT …/feed/read`: everything up to `seq` is read (never moves back).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MarkRead {
    #[serde(deserialize_with = "crate::whole::seq")]
    pub seq: u64,
}

/// How far a member has read, whichever device they read on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedRead {
    /// Items and changes up to this sequence number are read.
    pub seen_seq: u64,
    /// Others' announcements and milestones after `seen_seq`.
    pub unread: u32,
}

/// What one digest line counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum DigestKind {
    /// New stickies on the canvas `target` ("12 new stickies on City Education Model").
    NewStickies,
    /// New cards on the board `target`.
    NewCards,
    /// Cards moved to the column `target` ("3 cards moved to Piloting").
    CardsMoved,
    /// New learnings in `circle` ("5 new learnings in circle 3").
    NewLearnings,
}

/// One line of the digest: one object, how much changed there, two previews.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DigestLine {
    pub kind: DigestKind,
    /// At least 1.
    pub count: u32,
    /// The canvas, board or column's title; empty for learnings.
    #[cfg_attr(feature = "openapi", schema(max_length = 120))]
    pub target: String,
    /// The canvas or board to open (for `cards_moved`, the board).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Uuid))]
    pub target_id: Option<Uuid>,
    /// For `new_learnings`: 1, 2 or 3.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(minimum = 1, maximum = 3))]
    pub circle: Option<u8>,
    /// Up to two of the newest texts or titles, each cut to 60 characters.
    #[cfg_attr(feature = "openapi", schema(max_items = 2))]
    pub previews: Vec<String>,
    /// When the latest change counted was made: lines are newest first by it.
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
}

/// `GET /expeditions/{id}/feed`: one page of items, newest first. The first page (no
/// `cursor`) also carries the digest and the upcoming list, so a phone needs one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedPage {
    pub items: Vec<FeedItem>,
    /// Pass as `cursor` for the next (older) page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<crate::schema::FeedCursorText>))]
    pub next_cursor: Option<String>,
    /// What others changed since `seen_seq`, grouped by object, newest first; empty on
    /// later pages and when nothing changed (never a line with nothing in it).
    #[serde(default)]
    pub digest: Vec<DigestLine>,
    /// Dated items still ahead, soonest first (first page only).
    #[serde(default)]
    pub upcoming: Vec<FeedItem>,
    pub read: FeedRead,
    /// Follow the event stream from here for `feed` events.
    pub last_seq: u64,
}

impl FeedPage {
    /// Puts `item` in place of its older version, or adds it on top; keeps `upcoming` in
    /// step. Whether it was new.
    pub fn upsert(&mut self, item: FeedItem) -> bool {
        if let Some(u) = self.upcoming.iter_mut().find(|u| u.id == item.id) {
            *u = item.clone();
        }
        match self.items.iter_mut().find(|i| i.id == item.id) {
            Some(i) => {
                *i = item;
                false
            }
            None => {
                let at = self.items.iter().position(|i| i.seq < item.seq);
                self.items.insert(at.unwrap_or(self.items.len()), item);
                true
            }
        }
    }

    /// Whether `item` is unread for `me`: someone else's, posted after `seen_seq`.
    pub fn is_unread(&self, item: &FeedItem, me: MemberId) -> bool {
        item.author != me && item.seq > self.read.seen_seq
    }
}

/// One feed item as it is now, stamped in the expedition's sequence; SSE `event: feed`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FeedEvent {
    pub seq: u64,
    #[cfg_attr(feature = "openapi", schema(value_type = crate::schema::UnixMillis))]
    pub at: UnixMillis,
    pub item: FeedItem,
}

/// A text cut to `PREVIEW_CHARS` characters on one line, with "…" when cut.
pub fn preview(text: &str) -> String {
    let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= PREVIEW_CHARS {
        line
    } else {
        let mut cut: String = line.chars().take(PREVIEW_CHARS - 1).collect();
        cut.push('…');
        cut
    }
}
