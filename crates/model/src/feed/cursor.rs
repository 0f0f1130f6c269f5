//! The feed's page cursor: opaque to clients, it names the expedition it belongs to and
//! the item a page ended at, so a cursor from another expedition or made up is refused.

use crate::ExpeditionId;

/// Where the next page starts: the items of `expedition` posted before `before_seq`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeedCursor {
    pub expedition: ExpeditionId,
    pub before_seq: u64,
}

/// Why a cursor is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CursorError {
    /// Not a cursor the server made.
    Malformed,
    /// Made for another expedition's feed.
    OtherExpedition,
}

/// Characters of a cursor: 32 hex digits of the expedition id, 16 of the sequence number.
pub const CURSOR_LEN: usize = 48;

impl FeedCursor {
    pub fn encode(self) -> String {
        format!("{}{:016x}", self.expedition.0.simple(), self.before_seq)
    }

    /// Reads a cursor for `expedition`'s feed.
    pub fn parse(s: &str, expedition: ExpeditionId) -> Result<FeedCursor, CursorError> {
        let ok = s.len() == CURSOR_LEN
            && s.bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !ok {
            return Err(CursorError::Malformed);
        }
        let (id, seq) = s.split_at(32);
        let id = uuid::Uuid::parse_str(id).map_err(|_| CursorError::Malformed)?;
        let before_seq = u64::from_str_radix(seq, 16).map_err(|_| CursorError::Malformed)?;
        if before_seq == 0 || before_seq > i64::MAX as u64 {
            return Err(CursorError::Malformed);
        }
        if id != expedition.0 {
            return Err(CursorError::OtherExpedition);
        }
        Ok(FeedCursor {
            expedition,
            before_seq,
        })
    }
}
