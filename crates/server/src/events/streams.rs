//! How many event streams each session has open, so one token cannot hold a thousand:
//! a stream takes a place while it runs and gives it back when it ends.

use std::collections::HashMap;

use super::Hub;

/// Open streams by session (its token's hash).
#[derive(Default)]
pub(super) struct Open(HashMap<String, usize>);

/// A stream's place; dropped, the place is free again.
pub struct StreamPlace {
    hub: Hub,
    session: String,
}

impl Hub {
    /// A place for one more stream of `session`, if it has fewer than `max` open.
    pub fn open_stream(&self, session: &str, max: usize) -> Option<StreamPlace> {
        let mut inner = self.lock();
        let open = inner.streams.0.entry(session.to_owned()).or_default();
        if *open >= max {
            return None;
        }
        *open += 1;
        Some(StreamPlace {
            hub: self.clone(),
            session: session.to_owned(),
        })
    }

    /// How many streams `session` has open.
    pub fn open_streams(&self, session: &str) -> usize {
        self.lock().streams.0.get(session).copied().unwrap_or(0)
    }
}

impl Drop for StreamPlace {
    fn drop(&mut self) {
        let mut inner = self.hub.lock();
        if let Some(open) = inner.streams.0.get_mut(&self.session) {
            *open = open.saturating_sub(1);
            if *open == 0 {
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
}
