//! The HTTP surface: `/api/v1` (one router per resource, merged here) and the built SPA.

mod board_examples;
mod boards;
mod canvases;
mod citations;
mod device_examples;
mod devices;
mod error;
mod events;
mod examples;
mod expeditions;
mod extract;
mod facilitation;
mod facilitation_examples;
mod feed;
mod feed_examples;
mod focus;
mod headers;
mod health;
mod learnings;
mod openapi;
mod pointers;
mod presence;
mod private_writing;
mod profiles;
mod responses;
mod roles;
mod round_examples;
mod rounds;
mod sessions;
mod spa;
mod stream_tickets;
mod user_agent;

use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderName, HeaderValue, Method, header};
use axum::response::Response;
use axum::routing::{any, get};
use axum::{Json, Router};
use hevruta_model::{MAX_BODY_BYTES, Problem, ProblemCode};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa::OpenApi;

pub use error::{ApiResult, AppError};
use openapi::Contract;

use crate::AppState;

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Hevruta API",
        version = "1",
        description = "JSON over HTTP for a city's shared learning expedition. Errors are RFC 9457 `application/problem+json` with a stable `code`. Live changes arrive on one Server-Sent-Events stream per expedition."
    ),
    paths(
        health::health,
        expeditions::create,
        expeditions::snapshot,
        expeditions::update,
        expeditions::members,
        expeditions::set_stage,
        expeditions::regenerate_join_code,
        sessions::join,
        sessions::me,
        sessions::sign_out,
        sessions::leave,
        devices::link_for_me,
        devices::link_for_member,
        devices::redeem,
        devices::list,
        devices::end,
        roles::set_role,
        stream_tickets::create,
        events::stream,
        canvases::create,
        canvases::list,
        canvases::snapshot,
        canvases::update,
        canvases::delete,
        canvases::apply_ops,
        presence::set_editing,
        sessions::preview,
        profiles::list,
        profiles::save,
        learnings::list,
        learnings::create,
        learnings::update,
        learnings::delete,
        learnings::set_hidden,
        learnings::set_reaction,
        citations::list,
        boards::create,
        boards::list,
        boards::snapshot,
        boards::update,
        boards::add_column,
        boards::update_column,
        boards::remove_column,
        boards::add_card,
        boards::update_card,
        boards::remove_card,
        boards::move_card,
        boards::set_votes,
        boards::add_comment,
        boards::import,
        facilitation::state,
        facilitation::timer,
        facilitation::set_signals,
        facilitation::clear_signals,
        facilitation::lock_canvas,
        facilitation::lock_board,
        facilitation::set_view,
        facilitation::end_view,
        focus::set_focus,
        focus::end_focus,
        private_writing::start,
        private_writing::reveal,
        feed::list,
        feed::create,
        feed::react,
        feed::reply,
        feed::mark_read,
        rounds::start,
        rounds::list,
        rounds::read,
        rounds::set_dots,
        rounds::reveal,
        rounds::cancel,
        pointers::point,
        pointers::hide,
    ),
    components(
        schemas(hevruta_model::Problem, hevruta_model::canvas::Op, hevruta_model::feed::FeedEvent),
        responses(
            responses::BadRequest,
            responses::Unauthorized,
            responses::Forbidden,
            responses::NotFound,
            responses::WrongJoinCode,
            responses::CanvasArchived,
            responses::ConflictOrArchived,
            responses::NotOnCanvas,
            responses::Conflict,
            responses::BoardConflict,
            responses::BoardConflictOrLocked,
            responses::Locked,
            responses::NoTimer,
            responses::PrivateWritingConflict,
            responses::RoundOpen,
            responses::RoundEnded,
            responses::RoundDots,
            responses::UnknownColumn,
            responses::LastFacilitator,
            responses::LastSession,
            responses::RoleConflict,
            responses::BadDeviceLink,
            responses::PayloadTooLarge,
            responses::UnsupportedMediaType,
            responses::Unprocessable,
            responses::InvalidQuery,
            responses::FeedQuery,
            responses::MalformedJoinCode,
            responses::TooManyStreams,
            responses::StreamsFull,
            responses::TooManyExpeditions,
            responses::TooManyWrongCodes,
            responses::TooManyJoins,
            responses::TooManyOps,
            responses::JoinUnprocessable,
            responses::CanvasUnprocessable,
            responses::OpsUnprocessable,
            responses::Internal,
        )
    ),
    modifiers(&Contract)
)]
struct ApiDoc;

/// The OpenAPI 3.1 document of `/api/v1`, generated from the handlers above.
pub fn openapi() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

async fn not_found() -> AppError {
    AppError::not_found()
}

async fn method_not_allowed() -> AppError {
    AppError::code(ProblemCode::MethodNotAllowed)
}

fn api_router() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/openapi.json", get(openapi_json))
        .merge(expeditions::router())
        .merge(sessions::router())
        .merge(devices::router())
        .merge(roles::router())
        .merge(stream_tickets::router())
        .merge(events::router())
        .merge(canvases::router())
        .merge(presence::router())
        .merge(profiles::router())
        .merge(learnings::router())
        .merge(citations::router())
        .merge(boards::router())
        .merge(facilitation::router())
        .merge(focus::router())
        .merge(private_writing::router())
        .merge(feed::router())
        .merge(rounds::router())
        .merge(pointers::router())
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(MAX_BODY_BYTES))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

fn panic_response(_: Box<dyn std::any::Any + Send + 'static>) -> Response {
    tracing::error!("a request handler panicked");
    error::problem_response(&Problem::new(ProblemCode::Internal))
}

fn cors(origins: &[String]) -> Option<CorsLayer> {
    let origins: Vec<HeaderValue> = origins.iter().filter_map(|o| o.parse().ok()).collect();
    (!origins.is_empty()).then(|| {
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([
                Method::GET,
                Method::POST,
                Method::PUT,
                Method::PATCH,
                Method::DELETE,
            ])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("last-event-id"),
            ])
    })
}

/// The whole application: `/api/v1` and, when `config.dist` is set, the SPA.
pub fn app(state: AppState) -> Router {
    let mut api = api_router();
    if let Some(cors) = cors(&state.config.allowed_origins) {
        api = api.layer(cors);
    }
    let mut router = Router::new()
        .nest("/api/v1", api)
        // Other versions or typos under /api are API 404s, never the SPA's index.html.
        .route("/api", any(not_found))
        .route("/api/{*rest}", any(not_found));
    router = match &state.config.dist {
        Some(dist) => router.fallback_service(spa::service(dist)),
        None => router.fallback(not_found),
    };
    router
        .layer(CatchPanicLayer::custom(panic_response))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            HeaderName::from_static("permissions-policy"),
            HeaderValue::from_static(headers::PERMISSIONS_POLICY),
        ))
        .with_state(state)
}
