//! The feed as this page holds it: the first page with later pages appended, kept live by
//! the stream's `feed` events. Plain folds on `FeedPage`, natively tested.

use hevruta_model::feed::{DigestKind, DigestLine, FeedEvent, FeedPage};
use leptos::prelude::*;

use super::texts::FeedTexts;
use crate::i18n::fill;

/// The page's feed: `None` until the first page is in.
#[derive(Clone, Copy)]
pub struct FeedState {
    pub page: RwSignal<Option<FeedPage>>,
    /// When what is shown was last fetched, if it came from this device's copy while
    /// offline.
    pub offline_since: RwSignal<Option<i64>>,
}

impl FeedState {
    pub fn new() -> Self {
        Self {
            page: RwSignal::new(None),
            offline_since: RwSignal::new(None),
        }
    }

    /// Fetches the first page (digest and upcoming included).
    pub fn load(&self, client: &crate::client::ApiClient, id: hevruta_model::ExpeditionId) {
        let (state, client) = (*self, client.clone());
        leptos::task::spawn_local(async move {
            if let Ok(page) = client.feed(id, None).await {
                state.page.set(Some(page));
                state.offline_since.set(None);
            }
        });
    }

    /// Folds one `feed` frame's JSON in; the item when it is new.
    pub fn apply_raw(&self, json: &str) -> Option<hevruta_model::feed::FeedItem> {
        let event: FeedEvent = serde_json::from_str(json).ok()?;
        let mut new = None;
        self.page.update(|p| {
            if let Some(p) = p
                && apply(p, event.clone())
            {
                new = Some(event.item);
            }
        });
        new
    }
}

impl Default for FeedState {
    fn default() -> Self {
        Self::new()
    }
}

/// Folds `event` into `page`: the item in place, or on top (and in the upcoming list when
/// it is dated). Whether it was new.
pub fn apply(page: &mut FeedPage, event: FeedEvent) -> bool {
    page.last_seq = page.last_seq.max(event.seq);
    let dated = event.item.date.is_some();
    let item = event.item;
    if dated && !page.upcoming.iter().any(|u| u.id == item.id) {
        page.upcoming.push(item.clone());
        page.upcoming.sort_by(|a, b| {
            (a.date.as_deref(), a.time.as_deref()).cmp(&(b.date.as_deref(), b.time.as_deref()))
        });
    }
    let new = page.upsert(item);
    if new {
        page.read.unread += 1;
    }
    new
}

/// The sentence of one digest line, e.g. "New stickies on City model: 12".
pub fn digest_sentence(t: &FeedTexts, line: &DigestLine) -> String {
    let template = match line.kind {
        DigestKind::NewStickies => t.new_stickies,
        DigestKind::NewCards => t.new_cards,
        DigestKind::CardsMoved => t.cards_moved,
        DigestKind::NewLearnings => t.new_learnings,
    };
    fill(
        template,
        &[
            ("target", &crate::i18n::isolate(&line.target)),
            ("n", &line.count.to_string()),
            ("circle", &line.circle.unwrap_or(0).to_string()),
        ],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::MemberId;
    use hevruta_model::feed::{FeedItem, FeedItemId, FeedKind, FeedRead};
    use uuid::Uuid;

    fn item(n: u128, seq: u64, date: Option<&str>) -> FeedItem {
        FeedItem {
            id: FeedItemId(Uuid::from_u128(n)),
            kind: FeedKind::Announcement,
            seq,
            author: MemberId(Uuid::from_u128(99)),
            at: 0,
            text: format!("item {n}"),
            date: date.map(str::to_owned),
            time: None,
            time_zone: None,
            place: None,
            link: None,
            reactions: vec![],
            replies: vec![],
        }
    }

    fn page() -> FeedPage {
        FeedPage {
            items: vec![item(1, 5, None)],
            next_cursor: None,
            digest: vec![],
            upcoming: vec![item(2, 3, Some("2099-06-01"))],
            read: FeedRead {
                seen_seq: 5,
                unread: 0,
            },
            last_seq: 5,
        }
    }

    #[test]
    fn a_new_item_goes_on_top_unread_and_a_change_in_place() {
        let mut p = page();
        assert!(apply(
            &mut p,
            FeedEvent {
                seq: 6,
                at: 0,
                item: item(3, 6, Some("2099-05-01"))
            }
        ));
        assert_eq!(p.items[0].seq, 6);
        assert_eq!(p.read.unread, 1);
        assert_eq!(
            p.upcoming[0].id,
            FeedItemId(Uuid::from_u128(3)),
            "soonest first"
        );
        let mut changed = item(1, 5, None);
        changed.text = "edited".into();
        assert!(!apply(
            &mut p,
            FeedEvent {
                seq: 7,
                at: 0,
                item: changed
            }
        ));
        assert_eq!(p.items.len(), 2);
        assert_eq!(p.items[1].text, "edited");
        assert_eq!(p.read.unread, 1, "a reply is no new item");
        assert_eq!(p.last_seq, 7);
    }

    #[test]
    fn digest_lines_read_as_sentences_with_isolated_titles() {
        let t = super::super::texts::texts(crate::i18n::Lang::En);
        let line = DigestLine {
            kind: DigestKind::NewStickies,
            count: 12,
            target: "City Education Model".into(),
            target_id: None,
            circle: None,
            previews: vec![],
            at: 0,
        };
        assert_eq!(
            digest_sentence(t, &line),
            "New stickies on \u{2068}City Education Model\u{2069}: 12"
        );
    }
}
