//! How many event streams each session has open, so one token cannot hold a thousand:
//! a stream takes a place while it runs and gives it back when it ends. A session that
//! ends (signed out, ended from another device, its member left) ends its open streams at
//! once through the same places.

use std::collections::HashMap;

use tokio_util::sync::CancellationToken;

use super::Hub;

/// Open streams by session (its token's hash): how many, and what ends them.
#[derive(Default)]
pub(super) struct Open(HashMap<String, Places>);

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
    /// A place for one more stream of `session`, if it has fewer than `max` open.
    pub fn open_stream(&self, session: &str, max: usize) -> Option<StreamPlace> {
        let mut inner = self.lock();
        let places = inner.streams.0.entry(session.to_owned()).or_default();
        if places.open >= max {
            return None;
        }
        places.open += 1;
        Some(StreamPlace {
            hub: self.clone(),
            session: session.to_owned(),
            ended: places.ended.clone(),
        })
    }

    /// How many streams `session` has open.
    pub fn open_streams(&self, session: &str) -> usize {
        self.lock().streams.0.get(session).map_or(0, |p| p.open)
    }

    /// Ends the open streams of these sessions (they have ended; called after the commit).
    pub fn end_sessions(&self, sessions: &[String]) {
        let inner = self.lock();
        for session in sessions {
            if let Some(places) = inner.streams.0.get(session) {
                places.ended.cancel();
            }
        }
    }
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        let mut inner = self.hub.lock();
        if let Some(places) = inner.streams.0.get_mut(&self.session) {
            places.open = places.open.saturating_sub(1);
            if places.open == 0 {
                inner.streams.0.remove(&self.session);
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
        let mut a: Vec<_> = (0..3).map(|_| hub.open_stream("a", 3).unwrap()).collect();
        assert!(hub.open_stream("a", 3).is_none(), "a fourth is refused");
        assert!(
            hub.open_stream("b", 3).is_some(),
            "another session is not counted"
        );
        drop(a.pop());
        assert_eq!(hub.open_streams("a"), 2);
        assert!(hub.open_stream("a", 3).is_some(), "a place came back");
    }

    #[tokio::test]
    async fn ending_a_session_ends_its_streams_only() {
        let hub = Hub::default();
        let (a, b) = (
            hub.open_stream("a", 3).unwrap(),
            hub.open_stream("b", 3).unwrap(),
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
