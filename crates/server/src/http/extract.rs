//! Extractors whose rejections are problems like every other error, and the caller's
//! session.

use std::marker::PhantomData;

use axum::extract::{FromRequest, FromRequestParts, Query, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use hevruta_model::device::MAX_SECRET_LEN;
use hevruta_model::{ExpeditionId, Member, ProblemCode, Role};
use serde::Deserialize;
use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, Deserializer, MapAccess, Visitor};

use super::error::AppError;
use super::user_agent::label_of;
use crate::AppState;
use crate::auth::hash_token;

/// `axum::Json` with problem-shaped rejections, for bodies that are JSON objects.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let axum::Json(JsonObject(value)) = axum::Json::from_request(req, state).await?;
        Ok(ApiJson(value))
    }
}

/// A `T` read from a JSON object only: serde would also read a struct from an array of its
/// fields in order (`[]` for one whose fields all have defaults), which no contract allows.
struct JsonObject<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for JsonObject<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Object<T>(PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for Object<T> {
            type Value = T;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }

        deserializer
            .deserialize_map(Object(PhantomData))
            .map(JsonObject)
    }
}

/// `axum::extract::Path` with problem-shaped rejections (a malformed id is a 404).
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(AppError))]
pub struct ApiPath<T>(pub T);

/// The member making the request, from `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct Caller {
    pub expedition_id: ExpeditionId,
    pub member: Member,
    pub token_hash: String,
}

impl Caller {
    /// Checks the caller belongs to `expedition`. Another expedition's ids answer 404, not
    /// 403, so they reveal nothing about what exists.
    pub fn of(self, expedition: ExpeditionId) -> Result<Self, AppError> {
        if self.expedition_id == expedition {
            Ok(self)
        } else {
            Err(AppError::not_found())
        }
    }

    pub fn require(self, role: Role) -> Result<Self, AppError> {
        if self.member.role == role {
            Ok(self)
        } else {
            Err(AppError::code(ProblemCode::Forbidden))
        }
    }
}

impl Caller {
    /// Facilitators and participants; viewers (projectors) only read.
    pub fn require_writer(self) -> Result<Self, AppError> {
        if self.member.role.can_write() {
            Ok(self)
        } else {
            Err(AppError::code(ProblemCode::Forbidden))
        }
    }
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
}

/// The caller a session token names; `headers` tell what device it comes from.
pub async fn caller_from_token(
    state: &AppState,
    token: Option<&str>,
    headers: &HeaderMap,
) -> Result<Caller, AppError> {
    let token = token
        .filter(|t| !t.is_empty() && t.len() <= MAX_SECRET_LEN)
        .ok_or_else(|| AppError::code(ProblemCode::Unauthorized))?;
    caller_from_hash(state, hash_token(token), headers).await
}

async fn caller_from_hash(
    state: &AppState,
    token_hash: String,
    headers: &HeaderMap,
) -> Result<Caller, AppError> {
    let device = label_of(headers);
    let session = state
        .store
        .session(
            &token_hash,
            state.config.session_idle_timeout,
            device.as_deref(),
        )
        .await?
        .ok_or_else(|| AppError::code(ProblemCode::Unauthorized))?;
    Ok(Caller {
        expedition_id: session.expedition_id,
        member: session.member,
        token_hash,
    })
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        caller_from_token(state, bearer(&parts.headers), &parts.headers).await
    }
}

/// The caller of the event stream: a browser's `EventSource` cannot send headers, so this
/// route alone also accepts a stream ticket as `?ticket=` (single-use, short-lived; see
/// `POST …/stream-tickets`). The session token itself never goes in a URL.
pub struct StreamCaller(pub Caller);

#[derive(Deserialize)]
struct TicketQuery {
    ticket: Option<String>,
}

impl FromRequestParts<AppState> for StreamCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(token) = bearer(&parts.headers) {
            return caller_from_token(state, Some(token), &parts.headers)
                .await
                .map(StreamCaller);
        }
        let Query(q) = Query::<TicketQuery>::from_request_parts(parts, state).await?;
        let ticket = q
            .ticket
            .filter(|t| !t.is_empty() && t.len() <= MAX_SECRET_LEN)
            .ok_or_else(|| AppError::code(ProblemCode::Unauthorized))?;
        let token_hash = state
            .store
            .redeem_stream_ticket(&hash_token(&ticket))
            .await?
            .ok_or_else(|| {
                AppError::detail(
                    ProblemCode::Unauthorized,
                    "This stream ticket is unknown, used or expired: ask for a new one.",
                )
            })?;
        caller_from_hash(state, token_hash, &parts.headers)
            .await
            .map(StreamCaller)
    }
}

/// The client's address, as the connection shows it (`ConnectInfo`; proxies' headers such
/// as `X-Forwarded-For` are not trusted). Unspecified when the app runs without a
/// connection (tests calling the router directly).
pub struct ClientIp(pub std::net::IpAddr);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or(std::net::Ipv4Addr::UNSPECIFIED.into(), |c| c.0.ip());
        Ok(ClientIp(ip))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bearer_scheme_is_case_insensitive_and_required() {
        let mut h = HeaderMap::new();
        h.insert(header::AUTHORIZATION, "bearer abc".parse().unwrap());
        assert_eq!(bearer(&h), Some("abc"));
        h.insert(header::AUTHORIZATION, "Basic abc".parse().unwrap());
        assert_eq!(bearer(&h), None);
        h.insert(header::AUTHORIZATION, "Bearer".parse().unwrap());
        assert_eq!(bearer(&h), None);
    }
}
