//! The updates feed: announcements and milestones (their reactions and replies live in
//! the item's body), and how far each member has read. Every change to an item is one
//! transaction that stores it and a `feed` event carrying the item as it now is.

use hevruta_model::feed::{
    FeedCursor, FeedEvent, FeedItem, FeedItemId, FeedPage, FeedRead, MAX_REPLIES, MAX_UPCOMING,
    Reaction, ReplyText, SSE_FEED, ValidPost, local_millis, still_ahead,
};
use hevruta_model::{ExpeditionId, Member, MemberId};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::{Store, StoreError, Write, corrupt, digest, events, now_millis};

/// What became of a reaction or a reply.
#[derive(Debug)]
pub enum FeedOutcome {
    /// The item as it is now.
    Saved(Box<FeedItem>),
    /// No such item in this expedition.
    NotFound,
    /// The item has `MAX_REPLIES` replies already.
    Full,
}

fn decode(body: &str) -> Result<FeedItem, StoreError> {
    serde_json::from_str(body).map_err(|_| corrupt("feed item", body))
}

fn encode<T: serde::Serialize>(value: &T) -> Result<String, StoreError> {
    serde_json::to_string(value).map_err(|e| StoreError::Corrupt(e.to_string()))
}

async fn find(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    id: FeedItemId,
) -> Result<Option<FeedItem>, StoreError> {
    let body: Option<String> =
        sqlx::query_scalar("SELECT body FROM feed_items WHERE id = ? AND expedition_id = ?")
            .bind(id.to_string())
            .bind(expedition.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    body.as_deref().map(decode).transpose()
}

/// Stores `item` as it now is (its row, then a `feed` event numbered now).
async fn save(
    tx: &mut Write,
    expedition: ExpeditionId,
    item: &FeedItem,
    seq: u64,
) -> Result<(), StoreError> {
    let body = encode(item)?;
    sqlx::query(
        "INSERT INTO feed_items (id, expedition_id, author, seq, date, body) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET body = excluded.body",
    )
    .bind(item.id.to_string())
    .bind(expedition.to_string())
    .bind(item.author.to_string())
    .bind(item.seq as i64)
    .bind(&item.date)
    .bind(&body)
    .execute(&mut **tx)
    .await?;
    #[derive(serde::Serialize)]
    struct Body<'a> {
        item: &'a FeedItem,
    }
    let at = now_millis();
    let stored =
        events::insert_row(tx, expedition, seq, at, SSE_FEED, encode(&Body { item })?).await?;
    tx.announce(expedition, stored);
    Ok(())
}

/// How far `member` has read (0: nothing yet).
async fn seen_seq(conn: &mut SqliteConnection, member: MemberId) -> Result<u64, StoreError> {
    let seen: Option<i64> =
        sqlx::query_scalar("SELECT seen_seq FROM feed_reads WHERE member_id = ?")
            .bind(member.to_string())
            .fetch_optional(&mut *conn)
            .await?;
    Ok(seen.unwrap_or(0).max(0) as u64)
}

/// `member`'s read marker and the others' items after it.
async fn read_state(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    member: MemberId,
) -> Result<FeedRead, StoreError> {
    let seen_seq = seen_seq(conn, member).await?;
    let unread: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM feed_items WHERE expedition_id = ? AND seq > ? AND author != ?",
    )
    .bind(expedition.to_string())
    .bind(seen_seq as i64)
    .bind(member.to_string())
    .fetch_one(&mut *conn)
    .await?;
    Ok(FeedRead {
        seen_seq,
        unread: unread as u32,
    })
}

impl Store {
    /// Posts an announcement or milestone (the caller checked it is a facilitator).
    pub async fn post_feed_item(
        &self,
        expedition: ExpeditionId,
        author: MemberId,
        post: ValidPost,
    ) -> Result<FeedEvent, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let seq = events::next_seq(&mut tx, expedition).await?;
            let item = FeedItem {
                id: FeedItemId(Uuid::now_v7()),
                kind: post.kind,
                seq,
                author,
                at: now_millis(),
                text: post.text.into_inner(),
                date: post.date.map(|d| d.to_string()),
                time: post.time.map(|t| t.to_string()),
                time_zone: post.time_zone,
                place: post.place.map(|p| p.into_inner()),
                link: post.link.map(|l| l.as_str().to_owned()),
                reactions: Vec::new(),
                replies: Vec::new(),
            };
            save(&mut tx, expedition, &item, seq).await?;
            tx.commit().await?;
            Ok(FeedEvent {
                seq,
                at: item.at,
                item,
            })
        })
        .await
    }

    /// Gives or takes back `member`'s reaction; nothing changed, no event.
    pub async fn react_to_feed_item(
        &self,
        expedition: ExpeditionId,
        member: MemberId,
        id: FeedItemId,
        reaction: Reaction,
        on: bool,
    ) -> Result<FeedOutcome, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(mut item) = find(&mut tx, expedition, id).await? else {
                return Ok(FeedOutcome::NotFound);
            };
            if item.react(member, reaction, on) {
                let seq = events::next_seq(&mut tx, expedition).await?;
                save(&mut tx, expedition, &item, seq).await?;
                tx.commit().await?;
            }
            Ok(FeedOutcome::Saved(Box::new(item)))
        })
        .await
    }

    /// Adds `member`'s reply to an item.
    pub async fn reply_to_feed_item(
        &self,
        expedition: ExpeditionId,
        member: MemberId,
        id: FeedItemId,
        text: ReplyText,
    ) -> Result<FeedOutcome, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let Some(mut item) = find(&mut tx, expedition, id).await? else {
                return Ok(FeedOutcome::NotFound);
            };
            if item.replies.len() >= MAX_REPLIES {
                return Ok(FeedOutcome::Full);
            }
            item.replies.push(hevruta_model::feed::Reply {
                id: Uuid::now_v7(),
                author: member,
                text: text.into_inner(),
                at: now_millis(),
            });
            let seq = events::next_seq(&mut tx, expedition).await?;
            save(&mut tx, expedition, &item, seq).await?;
            tx.commit().await?;
            Ok(FeedOutcome::Saved(Box::new(item)))
        })
        .await
    }

    /// One page of `member`'s feed, newest first: `limit` items before `cursor`, or the
    /// newest with the digest and the upcoming list when there is no cursor.
    pub async fn feed_page(
        &self,
        expedition: ExpeditionId,
        member: &Member,
        cursor: Option<FeedCursor>,
        limit: u32,
    ) -> Result<FeedPage, StoreError> {
        let mut tx = self.pool.begin().await?;
        let last_seq = events::last_seq_in(&mut tx, expedition).await?;
        let read = read_state(&mut tx, expedition, member.id).await?;
        let before = cursor.map_or(i64::MAX, |c| c.before_seq as i64);
        let bodies: Vec<String> = sqlx::query_scalar(
            "SELECT body FROM feed_items WHERE expedition_id = ? AND seq < ?
             ORDER BY seq DESC LIMIT ?",
        )
        .bind(expedition.to_string())
        .bind(before)
        .bind(i64::from(limit) + 1)
        .fetch_all(&mut *tx)
        .await?;
        let mut items: Vec<FeedItem> =
            bodies.iter().map(|b| decode(b)).collect::<Result<_, _>>()?;
        let next_cursor = (items.len() > limit as usize).then(|| {
            items.truncate(limit as usize);
            FeedCursor {
                expedition,
                before_seq: items.last().map_or(1, |i| i.seq),
            }
            .encode()
        });
        let (digest, upcoming) = if cursor.is_none() {
            (
                digest::since(&mut tx, expedition, member.id, read.seen_seq).await?,
                upcoming(&mut tx, expedition).await?,
            )
        } else {
            (Vec::new(), Vec::new())
        };
        tx.commit().await?;
        Ok(FeedPage {
            items,
            next_cursor,
            digest,
            upcoming,
            read,
            last_seq,
        })
    }

    /// Marks everything up to `seq` (at most the expedition's latest) as read by `member`,
    /// on every device; a marker never moves back.
    pub async fn mark_feed_read(
        &self,
        expedition: ExpeditionId,
        member: MemberId,
        seq: u64,
    ) -> Result<FeedRead, StoreError> {
        let store = self.clone();
        self.detached(async move {
            let mut tx = store.begin_write().await?;
            let last = events::last_seq_in(&mut tx, expedition).await?;
            sqlx::query(
                "INSERT INTO feed_reads (member_id, seen_seq) VALUES (?, ?)
                 ON CONFLICT (member_id) DO UPDATE SET seen_seq = MAX(seen_seq, excluded.seen_seq)",
            )
            .bind(member.to_string())
            .bind(seq.min(last) as i64)
            .execute(&mut *tx)
            .await?;
            let read = read_state(&mut tx, expedition, member).await?;
            tx.commit().await?;
            Ok(read)
        })
        .await
    }
}

/// Dated items still ahead somewhere on earth, soonest first.
async fn upcoming(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
) -> Result<Vec<FeedItem>, StoreError> {
    let now = now_millis();
    // Days before yesterday (UTC) cannot be ahead anywhere: leave them in the table.
    let yesterday = (now / 86_400_000 - 1) * 86_400_000;
    let from = civil_from_millis(yesterday);
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM feed_items WHERE expedition_id = ? AND date >= ? ORDER BY date, seq",
    )
    .bind(expedition.to_string())
    .bind(from)
    .fetch_all(&mut *conn)
    .await?;
    let mut ahead: Vec<(i64, FeedItem)> = Vec::new();
    for body in &bodies {
        let item = decode(body)?;
        let date = item
            .date
            .as_deref()
            .and_then(hevruta_model::feed::CivilDate::parse);
        let time = item
            .time
            .as_deref()
            .and_then(hevruta_model::feed::TimeOfDay::parse);
        if let Some(date) = date
            && still_ahead(date, time, now)
        {
            ahead.push((local_millis(date, time), item));
        }
    }
    ahead.sort_by_key(|(at, item)| (*at, item.seq));
    Ok(ahead
        .into_iter()
        .take(MAX_UPCOMING)
        .map(|(_, i)| i)
        .collect())
}

/// `YYYY-MM-DD` of a UTC instant.
fn civil_from_millis(ms: i64) -> String {
    hevruta_model::feed::CivilDate::from_days_since_epoch(ms.div_euclid(86_400_000)).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates_of_instants() {
        assert_eq!(super::civil_from_millis(0), "1970-01-01");
        assert_eq!(super::civil_from_millis(951_782_400_000), "2000-02-29");
        assert_eq!(super::civil_from_millis(1_798_675_200_000), "2026-12-31");
    }
}
