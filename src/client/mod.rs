//! The typed client of `/api/v1`: the only place in the SPA that knows URLs, methods and
//! status codes. One `ApiClient`, one async method per endpoint, grouped by resource.

mod canvases;
mod error;
mod events;
mod expeditions;
mod sessions;

use gloo_net::http::{Method, RequestBuilder, Response};
use hevruta_model::Problem;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use error::ApiError;
pub use events::{CanvasStream, StreamStatus, Subscription};

/// Attempts for idempotent requests (GET, PUT, DELETE) that fail on the network or with
/// 502–504, and the pause before each retry.
const RETRY_DELAYS_MS: [u32; 2] = [300, 1200];

/// Talks to one backend as one session (or none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiClient {
    base: String,
    token: Option<String>,
}

impl ApiClient {
    /// `base` is the backend's origin, e.g. `https://api.example.org`, or `""` for the
    /// origin that served the app.
    pub fn new(base: impl Into<String>) -> Self {
        Self {
            base: base.into().trim_end_matches('/').to_owned(),
            token: None,
        }
    }

    /// The backend named in `<meta name="hevruta-api" content="…">`, else same origin.
    /// Changing the tag in a deployed `index.html` points the app at another backend.
    pub fn from_page() -> Self {
        let base = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("meta[name=hevruta-api]").ok().flatten())
            .and_then(|m| m.get_attribute("content"))
            .unwrap_or_default();
        Self::new(base)
    }

    pub fn with_token(&self, token: impl Into<String>) -> Self {
        Self {
            base: self.base.clone(),
            token: Some(token.into()),
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}/api/v1{path}", self.base)
    }

    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    fn builder(&self, method: Method, path: &str) -> RequestBuilder {
        let b = RequestBuilder::new(&self.url(path)).method(method);
        match &self.token {
            Some(t) => b.header("Authorization", &format!("Bearer {t}")),
            None => b,
        }
    }

    /// Sends once; idempotent methods are retried on network errors and gateway failures.
    async fn exchange<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<Response, ApiError> {
        let idempotent = matches!(method, Method::GET | Method::PUT | Method::DELETE);
        let mut attempt = 0;
        loop {
            let builder = self.builder(method.clone(), path);
            let request = match body {
                Some(b) => builder.json(b),
                None => builder.build(),
            }
            .map_err(|e| ApiError::Network(e.to_string()))?;
            let result = request.send().await;
            let retryable = match &result {
                Err(_) => true,
                Ok(r) => matches!(r.status(), 502..=504),
            };
            if idempotent && retryable && attempt < RETRY_DELAYS_MS.len() {
                gloo_timers::future::TimeoutFuture::new(RETRY_DELAYS_MS[attempt]).await;
                attempt += 1;
                continue;
            }
            let response = result.map_err(|e| ApiError::Network(e.to_string()))?;
            if response.ok() {
                return Ok(response);
            }
            let status = response.status();
            let problem = response.json::<Problem>().await.ok();
            return Err(ApiError::from_status(status, problem));
        }
    }

    async fn send<T: DeserializeOwned, B: Serialize>(
        &self,
        method: Method,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        let response = self.exchange(method, path, body).await?;
        response
            .json::<T>()
            .await
            .map_err(|e| ApiError::Decode(e.to_string()))
    }

    async fn send_no_content(&self, method: Method, path: &str) -> Result<(), ApiError> {
        self.exchange::<()>(method, path, None).await.map(drop)
    }
}
