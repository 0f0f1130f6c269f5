//! The sessions this device holds, one per expedition, kept in localStorage so a reload
//! or a later visit goes straight back in.

use hevruta_model::{ExpeditionId, Member, SessionGrant};
use serde::{Deserialize, Serialize};

use super::storage;

const STORAGE_KEY: &str = "hevruta.sessions.v1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SavedSession {
    pub expedition_id: ExpeditionId,
    pub token: String,
    pub member: Member,
    /// Last title seen, for the list of expeditions on the landing page.
    pub title: String,
}

impl SavedSession {
    pub fn from_grant(grant: SessionGrant) -> Self {
        Self {
            expedition_id: grant.expedition_id,
            token: grant.token,
            member: grant.member,
            title: grant.expedition.title,
        }
    }
}

/// All saved sessions, most recently used first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionBook {
    pub sessions: Vec<SavedSession>,
}

impl SessionBook {
    /// Adds or replaces the session of its expedition and puts it first.
    pub fn upsert(&mut self, session: SavedSession) {
        self.remove(session.expedition_id);
        self.sessions.insert(0, session);
    }

    pub fn remove(&mut self, id: ExpeditionId) {
        self.sessions.retain(|s| s.expedition_id != id);
    }

    pub fn get(&self, id: ExpeditionId) -> Option<&SavedSession> {
        self.sessions.iter().find(|s| s.expedition_id == id)
    }

    /// Reads the book; a missing or unreadable entry is an empty book, never an error.
    pub fn load() -> Self {
        storage::get(STORAGE_KEY)
            .and_then(|json| serde_json::from_str(&json).ok())
            .unwrap_or_default()
    }

    pub fn store(&self) {
        if let Ok(json) = serde_json::to_string(self) {
            storage::set(STORAGE_KEY, &json);
        }
    }

    /// Load, change, store.
    pub fn edit(f: impl FnOnce(&mut SessionBook)) -> SessionBook {
        let mut book = Self::load();
        f(&mut book);
        book.store();
        book
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hevruta_model::{MemberId, Role};
    use uuid::Uuid;

    fn session(n: u128, title: &str) -> SavedSession {
        SavedSession {
            expedition_id: ExpeditionId(Uuid::from_u128(n)),
            token: format!("t{n}"),
            member: Member {
                id: MemberId(Uuid::from_u128(n)),
                display_name: "Noa".into(),
                sector: None,
                role: Role::Participant,
                joined_at: 0,
            },
            title: title.into(),
        }
    }

    #[test]
    fn upsert_replaces_and_moves_to_front() {
        let mut book = SessionBook::default();
        book.upsert(session(1, "A"));
        book.upsert(session(2, "B"));
        book.upsert(session(1, "A2"));
        let titles: Vec<_> = book.sessions.iter().map(|s| s.title.as_str()).collect();
        assert_eq!(titles, ["A2", "B"]);
        book.remove(ExpeditionId(Uuid::from_u128(2)));
        assert_eq!(book.sessions.len(), 1);
        assert!(book.get(ExpeditionId(Uuid::from_u128(1))).is_some());
    }
}
