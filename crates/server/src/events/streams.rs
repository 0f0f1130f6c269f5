//! How many event streams each session has open, so one token cannot hold a thousand:
//! a stream takes a place while it runs and gives it back when it ends. A session that
//! ends (signed out, ended from another device, its member left) ends its open streams at
//! once through the same places.

use std::collections::HashMap;

use tokio_util::sync::CancellationToken;

use super::Hub;

/// Open streams by session (its token's hash): how many, and what ends them; and how many
/// in all.
#[derive(Default)]
pub(super) struct Open {
    sessions: HashMap<String, Places>,
    total: usize,
}

/// Why a stream gets no place.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoPlace {
    /// Its session has as many open as it may.
    Session,
    /// This server has as many open as it may, all sessions together.
    Server,
}

#[derive(Default)]
pub(super) struct Places {
    open: usize,
    ended: CancellationToken,
}

/// A stream's place; dropped, the place is free again.
pub struct StreamPlace {
    hub: Hub,
    session: String,
    ended: CancellationToken,
}

impl StreamPlace {
    /// Resolves when the stream's session ends.
    pub async fn ended(&self) {
        self.ended.cancelled().await;
    }
}

impl Hub {
    /// A place for one more stream of `session`, if it has fewer than `max` open and the
    /// server fewer than `max_total`.
    pub fn open_stream(
        &self,
        session: &str,
        max: usize,
        max_total: usize,
    ) -> Result<StreamPlace, NoPlace> {
        let mut inner = self.lock();
        if inner.streams.total >= max_total {
            return Err(NoPlace::Server);
        }
        let places = inner
            .streams
            .sessions
            .entry(session.to_owned())
            .or_default();
        if places.open >= max {
            return Err(NoPlace::Session);
        }
        places.open += 1;
        let ended = places.ended.clone();
        inner.streams.total += 1;
        Ok(StreamPlace {
            hub: self.clone(),
            session: session.to_owned(),
            ended,
        })
    }

    /// How many streams are open on this server.
    pub fn open_streams_in_all(&self) -> usize {
        self.lock().streams.total
    }

    /// How many streams `session` has open.
    pub fn open_streams(&self, session: &str) -> usize {
        self.lock()
            .streams
            .sessions
            .get(session)
            .map_or(0, |p| p.open)
    }

    /// Ends the open streams of these sessions (they have ended; called after the commit).
    pub fn end_sessions(&self, sessions: &[String]) {
        let inner = self.lock();
        for session in sessions {
            if let Some(places) = inner.streams.sessions.get(session) {
                places.ended.cancel();
            }
        }
    }
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        let mut inner = self.hub.lock();
        inner.streams.total = inner.streams.total.saturating_sub(1);
        if let Some(places) = inner.streams.sessions.get_mut(&self.session) {
            places.open = places.open.saturating_sub(1);
            if places.open == 0 {
                inner.streams.sessions.remove(&self.session);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_holds_at_most_max_streams_and_gets_places_back() {
        let hub = Hub::default();
        let mut a: Vec<_> = (0..3)
            .map(|_| hub.open_stream("a", 3, 100).unwrap())
            .collect();
        assert_eq!(
            hub.open_stream("a", 3, 100).err(),
            Some(NoPlace::Session),
            "a fourth is refused"
        );
        assert!(
            hub.open_stream("b", 3, 100).is_ok(),
            "another session is not counted"
        );
        drop(a.pop());
        assert_eq!(hub.open_streams("a"), 2);
        assert!(hub.open_stream("a", 3, 100).is_ok(), "a place came back");
    }

    #[test]
    fn the_server_holds_at_most_max_total_streams_of_all_sessions() {
        let hub = Hub::default();
        let a = hub.open_stream("a", 3, 2).unwrap();
        let _b = hub.open_stream("b", 3, 2).unwrap();
        assert_eq!(hub.open_stream("c", 3, 2).err(), Some(NoPlace::Server));
        drop(a);
        assert_eq!(hub.open_streams_in_all(), 1);
        assert!(hub.open_stream("c", 3, 2).is_ok(), "a place came back");
    }

    #[tokio::test]
    async fn ending_a_session_ends_its_streams_only() {
        let hub = Hub::default();
        let (a, b) = (
            hub.open_stream("a", 3, 100).unwrap(),
            hub.open_stream("b", 3, 100).unwrap(),
        );
        hub.end_sessions(&["a".to_owned()]);
        tokio::time::timeout(std::time::Duration::from_secs(1), a.ended())
            .await
            .expect("a's stream is told to end");
        assert!(
            tokio::time::timeout(std::time::Duration::from_millis(50), b.ended())
                .await
                .is_err(),
            "b's goes on"
        );
    }
}
