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
    /// Event streams this server process may have open at once, all sessions together; one
    /// more answers `503 unavailable` with `Retry-After`.
    pub max_streams: usize,
    /// A session unused for this long ends (its token answers 401).
    pub session_idle_timeout: Duration,
    /// Rate limits (`429` with `Retry-After`); `None` turns them all off
    /// (`--no-rate-limits`, for test drivers that fire thousands of requests).
    pub rate_limits: Option<RateLimits>,
    /// How much one expedition may hold (`422 over_quota` past it).
    pub quotas: Quotas,
    /// The most stored events a stream replays when it opens; further behind, it sends a
    /// `reset` frame instead (the client reloads its snapshots) and ends.
    pub max_catch_up: u64,
    /// How long a connection may take to send a request's headers (also how long it may
    /// sit idle between requests), and the longest pause while sending a body.
    pub read_timeout: Duration,
}

/// So many per so long: a bucket of `count` that refills evenly over `per` (GCRA), so a
/// burst of `count` passes at once and then one more every `per / count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    pub count: u32,
    pub per: Duration,
}

impl Rate {
    pub const fn per_minute(count: u32) -> Self {
        Self {
            count,
            per: Duration::from_secs(60),
        }
    }

    pub const fn per_10s(count: u32) -> Self {
        Self {
            count,
            per: Duration::from_secs(10),
        }
    }
}

/// The rate limits, each `429 too_many_requests` with `Retry-After` past it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimits {
    /// `POST /expeditions` per client address.
    pub expeditions_per_ip: Rate,
    /// Join codes that lead nowhere (`POST /join`, `GET /join/{code}`) per client address;
    /// past it, that address's every join-code request waits, right codes too.
    pub wrong_join_codes_per_ip: Rate,
    /// `POST /join` per expedition.
    pub joins_per_expedition: Rate,
    /// Op batches (`POST …/ops`) per member.
    pub op_batches_per_member: Rate,
    /// Ops, the items of those batches, per member.
    pub ops_per_member: Rate,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            expeditions_per_ip: Rate::per_minute(EXPEDITIONS_PER_MINUTE),
            wrong_join_codes_per_ip: Rate::per_minute(WRONG_JOIN_CODES_PER_MINUTE),
            joins_per_expedition: Rate::per_minute(JOINS_PER_MINUTE),
            op_batches_per_member: Rate::per_10s(OP_BATCHES_PER_10S),
            ops_per_member: Rate::per_10s(OPS_PER_10S),
        }
    }
}

/// How much one expedition may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quotas {
    /// Members (who have not left), viewers included.
    pub members_per_expedition: usize,
    /// Canvases, archived ones included.
    pub canvases_per_expedition: usize,
    /// Stickies of one canvas, deleted ones included (they can be restored).
    pub stickies_per_canvas: usize,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            members_per_expedition: MAX_MEMBERS,
            canvases_per_expedition: MAX_CANVASES,
            stickies_per_canvas: MAX_STICKIES,
        }
    }
}

/// The default of `Config::session_idle_timeout`, in days.
pub const SESSION_IDLE_DAYS: u64 = 90;

/// The default of `Config::max_streams_per_session`.
pub const MAX_STREAMS_PER_SESSION: usize = 16;
/// The default of `Config::max_streams`.
pub const MAX_STREAMS: usize = 2000;
/// The default of `Config::max_catch_up`.
pub const MAX_CATCH_UP: u64 = 10_000;
/// The default of `Config::read_timeout`, in seconds.
pub const READ_TIMEOUT_SECS: u64 = 10;

/// Defaults of `RateLimits`.
pub const EXPEDITIONS_PER_MINUTE: u32 = 60;
pub const WRONG_JOIN_CODES_PER_MINUTE: u32 = 60;
pub const JOINS_PER_MINUTE: u32 = 300;
pub const OP_BATCHES_PER_10S: u32 = 200;
pub const OPS_PER_10S: u32 = 2000;

/// Defaults of `Quotas`.
pub const MAX_MEMBERS: usize = 1000;
pub const MAX_CANVASES: usize = 200;
pub const MAX_STICKIES: usize = 20_000;

impl Default for Config {
    fn default() -> Self {
        Self {
            dist: None,
            allowed_origins: Vec::new(),
            keep_alive: Duration::from_secs(15),
            session_recheck: Duration::from_secs(20),
            max_streams_per_session: MAX_STREAMS_PER_SESSION,
            max_streams: MAX_STREAMS,
            session_idle_timeout: Duration::from_secs(SESSION_IDLE_DAYS * 24 * 60 * 60),
            rate_limits: Some(RateLimits::default()),
            quotas: Quotas::default(),
            max_catch_up: MAX_CATCH_UP,
            read_timeout: Duration::from_secs(READ_TIMEOUT_SECS),
        }
    }
}
