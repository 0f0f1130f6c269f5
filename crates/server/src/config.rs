//! Run-time settings of the server.

use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone)]
pub struct Config {
    /// Folder with the built SPA (`dist/`); `None` serves the API only.
    pub dist: Option<PathBuf>,
    /// Origins allowed to call the API from another host (CORS). Empty: same origin only.
    pub allowed_origins: Vec<String>,
    /// Interval of keep-alive comments on event streams.
    pub keep_alive: Duration,
    /// How often an open event stream re-checks its session, so signing out, leaving or
    /// a revoked token also ends streams that are already open.
    pub session_recheck: Duration,
    /// Event streams one session may have open at once (tabs, the projector, a phone's
    /// reconnects); one more answers `429 too_many_requests`.
    pub max_streams_per_session: usize,
    /// A session unused for this long ends (its token answers 401).
    pub session_idle_timeout: Duration,
}

/// The default of `Config::session_idle_timeout`, in days.
pub const SESSION_IDLE_DAYS: u64 = 90;

/// The default of `Config::max_streams_per_session`.
pub const MAX_STREAMS_PER_SESSION: usize = 16;

impl Default for Config {
    fn default() -> Self {
        Self {
            dist: None,
            allowed_origins: Vec::new(),
            keep_alive: Duration::from_secs(15),
            session_recheck: Duration::from_secs(20),
            max_streams_per_session: MAX_STREAMS_PER_SESSION,
            session_idle_timeout: Duration::from_secs(SESSION_IDLE_DAYS * 24 * 60 * 60),
        }
    }
}
