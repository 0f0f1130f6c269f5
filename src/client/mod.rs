//! The typed client of `/api/v1`: the only place in the SPA that knows URLs, methods and
//! status codes. One `ApiClient`, one async method per endpoint, grouped by resource.

mod boards;
mod canvases;
mod circles;
mod error;
mod events;
mod expeditions;
mod facilitation;
mod feed;
mod fetch;
mod rounds;
mod sessions;

use hevruta_model::Problem;
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use error::ApiError;
pub use events::{
    BoardStream, CanvasStream, CanvasesStream, FeedStream, StreamExtra, StreamStatus, Subscription,
    tap_live_session, tap_rounds,
};

/// Retries of idempotent requests (GET, PUT, DELETE) that fail transiently (see
/// `ApiError::is_transient`), and the pause before each.
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

    /// Sends once; idempotent methods are retried while the failure is transient.
    /// Returns the body of a successful answer.
    async fn exchange(
        &self,
        method: &'static str,
        path: &str,
        json: Option<String>,
    ) -> Result<String, ApiError> {
        let idempotent = matches!(method, "GET" | "PUT" | "DELETE");
        let url = self.url(path);
        let mut attempt = 0;
        loop {
            let error = match fetch::fetch(method, &url, self.token(), json.clone()).await {
                Ok(answer) if (200..300).contains(&answer.status) => return Ok(answer.body),
                Ok(answer) => ApiError::from_status(
                    answer.status,
                    serde_json::from_str::<Problem>(&answer.body).ok(),
                ),
                Err(reason) => ApiError::Network(reason),
            };
            if !(idempotent && error.is_transient() && attempt < RETRY_DELAYS_MS.len()) {
                return Err(error);
            }
            gloo_timers::future::TimeoutFuture::new(RETRY_DELAYS_MS[attempt]).await;
            attempt += 1;
        }
    }

    async fn send<T: DeserializeOwned>(
        &self,
        method: &'static str,
        path: &str,
        json: Option<String>,
    ) -> Result<T, ApiError> {
        let body = self.exchange(method, path, json).await?;
        serde_json::from_str(&body).map_err(|e| ApiError::Decode(e.to_string()))
    }

    async fn get<T: DeserializeOwned>(&self, path: &str) -> Result<T, ApiError> {
        self.send(GET, path, None).await
    }

    async fn post<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: Option<&B>,
    ) -> Result<T, ApiError> {
        self.send(POST, path, body.map(to_json)).await
    }

    async fn put<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send(PUT, path, Some(to_json(body))).await
    }

    /// A PUT answered with no content.
    async fn put_empty<B: Serialize>(&self, path: &str, body: &B) -> Result<(), ApiError> {
        self.exchange(PUT, path, Some(to_json(body)))
            .await
            .map(drop)
    }

    async fn patch<T: DeserializeOwned, B: Serialize>(
        &self,
        path: &str,
        body: &B,
    ) -> Result<T, ApiError> {
        self.send(PATCH, path, Some(to_json(body))).await
    }

    /// A DELETE answered with no content.
    async fn delete(&self, path: &str) -> Result<(), ApiError> {
        self.exchange(DELETE, path, None).await.map(drop)
    }
}

const GET: &str = "GET";
const POST: &str = "POST";
const PUT: &str = "PUT";
const PATCH: &str = "PATCH";
const DELETE: &str = "DELETE";

/// Request bodies are the model's own types: serialising them cannot fail.
fn to_json<B: Serialize>(body: &B) -> String {
    serde_json::to_string(body).unwrap_or_default()
}
