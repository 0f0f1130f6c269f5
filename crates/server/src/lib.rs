//! Hevruta's reference backend: `/api/v1` over axum 0.8 with SQLite storage, an SSE event
//! stream per expedition, and the built SPA served from `dist/`.

pub mod auth;
pub mod config;
pub mod demo;
pub mod events;
pub mod http;
pub mod store;

use std::sync::Arc;

use tokio_util::sync::CancellationToken;

pub use config::Config;
pub use http::{app, openapi};

/// Everything a request handler may need; cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub store: store::Store,
    /// The store's hub: its announced commits, and presence on canvases.
    pub hub: events::Hub,
    pub config: Arc<Config>,
    /// Cancelled on shutdown so long-lived event streams end and the server can stop.
    pub shutdown: CancellationToken,
}

impl AppState {
    pub fn new(store: store::Store, config: Config) -> Self {
        Self {
            hub: store.hub().clone(),
            store,
            config: Arc::new(config),
            shutdown: CancellationToken::new(),
        }
    }
}
