//! The one error type of the HTTP layer. Client mistakes become RFC 9457 problems with a
//! stable code; internal failures are logged with their cause and answered with a bare 500.

use std::time::Duration;

use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use hevruta_model::{FieldError, Problem, ProblemCode};

use crate::limits::{Limited, retry_after_secs};
use crate::store::StoreError;

#[derive(Debug)]
pub enum AppError {
    Problem(Problem),
    /// A problem answered with `Retry-After` (a rate limit, a full server).
    RetryLater(Problem, Duration),
    Internal(String),
}

impl AppError {
    pub fn code(code: ProblemCode) -> Self {
        Self::Problem(Problem::new(code))
    }

    pub fn detail(code: ProblemCode, detail: impl Into<String>) -> Self {
        Self::Problem(Problem::new(code).with_detail(detail))
    }

    pub fn not_found() -> Self {
        Self::code(ProblemCode::NotFound)
    }

    pub fn fields(errors: Vec<FieldError>) -> Self {
        Self::Problem(Problem::invalid_fields(errors))
    }

    /// `429 too_many_requests` with `Retry-After`.
    pub fn limited(limited: Limited) -> Self {
        Self::RetryLater(
            Problem::new(ProblemCode::TooManyRequests).with_detail(limited.detail),
            limited.retry_after,
        )
    }

    /// `422 over_quota`.
    pub fn over_quota(detail: impl Into<String>) -> Self {
        Self::detail(ProblemCode::OverQuota, detail)
    }
}

impl From<Limited> for AppError {
    fn from(limited: Limited) -> Self {
        Self::limited(limited)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::OverQuota(detail) => Self::over_quota(detail),
            e => Self::Internal(e.to_string()),
        }
    }
}

impl From<JsonRejection> for AppError {
    fn from(r: JsonRejection) -> Self {
        let code = match &r {
            JsonRejection::JsonSyntaxError(_) => ProblemCode::InvalidJson,
            JsonRejection::JsonDataError(_) => ProblemCode::InvalidBody,
            JsonRejection::MissingJsonContentType(_) => ProblemCode::UnsupportedMediaType,
            _ if r.status() == StatusCode::PAYLOAD_TOO_LARGE => ProblemCode::PayloadTooLarge,
            _ => ProblemCode::InvalidJson,
        };
        Self::detail(code, r.body_text())
    }
}

impl From<PathRejection> for AppError {
    fn from(_: PathRejection) -> Self {
        // A malformed id cannot name anything that exists.
        Self::not_found()
    }
}

impl From<QueryRejection> for AppError {
    fn from(r: QueryRejection) -> Self {
        Self::detail(ProblemCode::InvalidBody, r.body_text())
    }
}

/// Turns a problem into an `application/problem+json` response.
pub fn problem_response(problem: &Problem) -> Response {
    let status = StatusCode::from_u16(problem.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(problem).unwrap_or_default();
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/problem+json"),
    );
    if status == StatusCode::UNAUTHORIZED {
        res.headers_mut()
            .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    res
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::Problem(p) => problem_response(&p),
            AppError::RetryLater(p, wait) => {
                let mut res = problem_response(&p);
                res.headers_mut().insert(
                    header::RETRY_AFTER,
                    HeaderValue::from(retry_after_secs(wait)),
                );
                res
            }
            AppError::Internal(cause) => {
                tracing::error!(%cause, "internal error");
                problem_response(&Problem::new(ProblemCode::Internal))
            }
        }
    }
}

pub type ApiResult<T> = Result<T, AppError>;
