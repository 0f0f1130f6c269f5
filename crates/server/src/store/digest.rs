//! The feed's digest: what others changed since a member last looked, read from what is
//! stored (canvas ops, learnings, board events), one line per object with a count and the
//! two newest previews. Only what the member may read now: stickies and cards still there,
//! learnings neither hidden nor deleted, nothing of another expedition, nothing of theirs.

use std::collections::HashMap;

use hevruta_model::board::SSE_BOARD;
use hevruta_model::canvas::{Op, OpKind};
use hevruta_model::feed::{DigestKind, DigestLine, MAX_DIGEST_LINES, MAX_PREVIEWS, preview};
use hevruta_model::{ExpeditionId, Learning, MemberId, UnixMillis};
use sqlx::SqliteConnection;
use uuid::Uuid;

use super::StoreError;

/// One object's changes while they are gathered: previews keyed by what they preview.
struct Group {
    kind: DigestKind,
    target: String,
    target_id: Option<Uuid>,
    circle: Option<u8>,
    /// Per counted thing (sticky, card, learning): its latest time and text.
    things: HashMap<String, (UnixMillis, String)>,
}

impl Group {
    fn new(kind: DigestKind, target: String, target_id: Option<Uuid>) -> Self {
        Self {
            kind,
            target,
            target_id,
            circle: None,
            things: HashMap::new(),
        }
    }

    fn line(self) -> Option<DigestLine> {
        let mut things: Vec<(UnixMillis, String)> = self.things.into_values().collect();
        things.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
        let at = things.first()?.0;
        Some(DigestLine {
            kind: self.kind,
            count: things.len() as u32,
            target: self.target,
            target_id: self.target_id,
            circle: self.circle,
            previews: things
                .iter()
                .map(|(_, t)| preview(t))
                .filter(|t| !t.is_empty())
                .take(MAX_PREVIEWS)
                .collect(),
            at,
        })
    }
}

/// The digest of `expedition` for `me` after `seen_seq`, newest line first.
pub(super) async fn since(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    me: MemberId,
    seen_seq: u64,
) -> Result<Vec<DigestLine>, StoreError> {
    let mut groups: Vec<Group> = Vec::new();
    stickies(conn, expedition, me, seen_seq, &mut groups).await?;
    learnings(conn, expedition, me, seen_seq, &mut groups).await?;
    cards(conn, expedition, me, seen_seq, &mut groups).await?;
    let mut lines: Vec<DigestLine> = groups.into_iter().filter_map(Group::line).collect();
    lines.sort_by_key(|l| std::cmp::Reverse(l.at));
    lines.truncate(MAX_DIGEST_LINES);
    Ok(lines)
}

/// New stickies per canvas: created by others after `seen_seq` and not deleted since; the
/// preview is each one's latest text.
async fn stickies(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    me: MemberId,
    seen_seq: u64,
    groups: &mut Vec<Group>,
) -> Result<(), StoreError> {
    let rows: Vec<(String, String, i64, String, String)> = sqlx::query_as(
        "SELECT c.id, c.title, o.at, o.author, o.op FROM canvas_ops o
         JOIN canvases c ON c.id = o.canvas_id
         WHERE c.expedition_id = ? AND o.seq > ?
         ORDER BY o.seq, o.idx",
    )
    .bind(expedition.to_string())
    .bind(seen_seq as i64)
    .fetch_all(&mut *conn)
    .await?;
    let me = me.to_string();
    let mut by_canvas: HashMap<String, Group> = HashMap::new();
    for (canvas, title, at, author, op) in rows {
        let Ok(op) = serde_json::from_str::<Op>(&op) else {
            continue;
        };
        let sticky = op.sticky.0.to_string();
        let group = by_canvas
            .entry(canvas.clone())
            .or_insert_with(|| Group::new(DigestKind::NewStickies, title, canvas.parse().ok()));
        match op.kind {
            OpKind::Create { text, .. } if author != me => {
                group.things.insert(sticky, (at, text));
            }
            OpKind::SetText { text } => {
                if let Some(t) = group.things.get_mut(&sticky) {
                    *t = (at.max(t.0), text);
                }
            }
            OpKind::Delete => {
                group.things.remove(&sticky);
            }
            _ => {}
        }
    }
    groups.extend(by_canvas.into_values());
    Ok(())
}

/// New learnings per circle: by others, stored after `seen_seq`, neither hidden nor
/// deleted now.
async fn learnings(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    me: MemberId,
    seen_seq: u64,
    groups: &mut Vec<Group>,
) -> Result<(), StoreError> {
    let seen_at: Option<i64> =
        sqlx::query_scalar("SELECT at FROM events WHERE expedition_id = ? AND seq = ?")
            .bind(expedition.to_string())
            .bind(seen_seq as i64)
            .fetch_optional(&mut *conn)
            .await?;
    let bodies: Vec<String> = sqlx::query_scalar(
        "SELECT body FROM learnings
         WHERE expedition_id = ? AND hidden = 0 AND author != ? AND created_at > ?",
    )
    .bind(expedition.to_string())
    .bind(me.to_string())
    .bind(if seen_seq == 0 {
        i64::MIN
    } else {
        seen_at.unwrap_or(i64::MIN)
    })
    .fetch_all(&mut *conn)
    .await?;
    let mut by_circle: HashMap<u8, Group> = HashMap::new();
    for body in bodies {
        let Ok(l) = serde_json::from_str::<Learning>(&body) else {
            continue;
        };
        let n = l.circle.number();
        let group = by_circle.entry(n).or_insert_with(|| {
            let mut g = Group::new(DigestKind::NewLearnings, String::new(), None);
            g.circle = Some(n);
            g
        });
        group
            .things
            .insert(l.id.to_string(), (l.created_at, l.title));
    }
    groups.extend(by_circle.into_values());
    Ok(())
}

/// New cards per board and cards moved per column: by others after `seen_seq`, counting
/// only cards still on their board (and, for moves, still in that column).
async fn cards(
    conn: &mut SqliteConnection,
    expedition: ExpeditionId,
    me: MemberId,
    seen_seq: u64,
    groups: &mut Vec<Group>,
) -> Result<(), StoreError> {
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT at, change FROM events WHERE expedition_id = ? AND seq > ? AND name = ?
         ORDER BY seq",
    )
    .bind(expedition.to_string())
    .bind(seen_seq as i64)
    .bind(SSE_BOARD)
    .fetch_all(&mut *conn)
    .await?;
    // card id → (time, added here?, column moved to)
    let mut added: Vec<(String, i64)> = Vec::new();
    let mut moved: HashMap<String, (i64, String)> = HashMap::new();
    let me = me.to_string();
    for (at, body) in rows {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&body) else {
            continue;
        };
        if v["by"].as_str() == Some(me.as_str()) {
            continue;
        }
        let change = &v["change"];
        match change["type"].as_str() {
            Some("card_added") => {
                if let Some(id) = change["card"]["id"].as_str() {
                    added.push((id.to_owned(), at));
                }
            }
            Some("imported") => {
                for card in change["cards"].as_array().into_iter().flatten() {
                    if let Some(id) = card["id"].as_str() {
                        added.push((id.to_owned(), at));
                    }
                }
            }
            Some("card_moved") => {
                if let (Some(card), Some(column)) =
                    (change["card_id"].as_str(), change["column_id"].as_str())
                {
                    moved.insert(card.to_owned(), (at, column.to_owned()));
                }
            }
            _ => {}
        }
    }
    if added.is_empty() && moved.is_empty() {
        return Ok(());
    }
    // What each card is now: its board, column and title (gone cards are not listed).
    let now: Vec<(String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT k.id, b.id, b.title, k.column_id, c.title, COALESCE(json_extract(k.content, '$.title'), '')
         FROM board_cards k JOIN boards b ON b.expedition_id = k.expedition_id AND b.id = k.board_id
         JOIN board_columns c ON c.expedition_id = k.expedition_id AND c.id = k.column_id
         WHERE b.expedition_id = ?",
    )
    .bind(expedition.to_string())
    .fetch_all(&mut *conn)
    .await?;
    let now: HashMap<&str, (&str, &str, &str, &str, &str)> = now
        .iter()
        .map(|(k, b, bt, c, ct, t)| {
            (
                k.as_str(),
                (b.as_str(), bt.as_str(), c.as_str(), ct.as_str(), t.as_str()),
            )
        })
        .collect();
    let mut boards: HashMap<String, Group> = HashMap::new();
    for (card, at) in added {
        if let Some((board, board_title, _, _, title)) = now.get(card.as_str()) {
            boards
                .entry((*board).to_owned())
                .or_insert_with(|| {
                    Group::new(
                        DigestKind::NewCards,
                        (*board_title).to_owned(),
                        board.parse().ok(),
                    )
                })
                .things
                .insert(card, (at, (*title).to_owned()));
        }
    }
    let mut columns: HashMap<String, Group> = HashMap::new();
    for (card, (at, column)) in moved {
        if let Some((board, _, now_in, column_title, title)) = now.get(card.as_str())
            && *now_in == column
        {
            columns
                .entry(column)
                .or_insert_with(|| {
                    Group::new(
                        DigestKind::CardsMoved,
                        (*column_title).to_owned(),
                        board.parse().ok(),
                    )
                })
                .things
                .insert(card, (at, (*title).to_owned()));
        }
    }
    groups.extend(boards.into_values());
    groups.extend(columns.into_values());
    Ok(())
}
