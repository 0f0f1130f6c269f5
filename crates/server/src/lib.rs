//! Hevruta's reference backend: `/api/v1` over axum 0.8 with SQLite storage, an SSE event
//! stream per expedition, and the built SPA served from `dist/`.

pub mod auth;
pub mod config;
pub mod demo;
pub mod events;
pub mod http;
pub mod limits;
pub mod serve;
pub mod store;

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

pub use config::Config;
pub use http::{app, openapi};
pub use serve::serve;

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: store::Store,
    /// The store's hub: its announced commits, and presence on canvases.
    pub hub: events::Hub,
    pub config: Arc<Config>,
    /// The rate limits' buckets; `None` when `config.rate_limits` turns them off.
    pub limits: Option<Arc<limits::Limiters>>,
    /// Cancelled on shutdown so long-lived event streams end and the server can stop.
    pub shutdown: CancellationToken,
}

impl AppState {
    /// Runs `check` on the rate limits' buckets; passes when they are off.
    pub fn limit(
        &self,
        check: impl FnOnce(&limits::Limiters) -> Result<(), limits::Limited>,
    ) -> Result<(), limits::Limited> {
        self.limits.as_deref().map_or(Ok(()), check)
    }

    pub fn new(store: store::Store, config: Config) -> Self {
        Self {
            hub: store.hub().clone(),
            store: store.with_quotas(config.quotas),
            limits: config
                .rate_limits
                .as_ref()
                .map(|l| Arc::new(limits::Limiters::new(l))),
            config: Arc::new(config),
            shutdown: CancellationToken::new(),
        }
    }
}
