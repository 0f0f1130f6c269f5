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
}

impl Default for Config {
    fn default() -> Self {
        Self {
            dist: None,
            allowed_origins: Vec::new(),
            keep_alive: Duration::from_secs(15),
            session_recheck: Duration::from_secs(20),
        }
    }
}
