//! What the document says once for every operation: where the API lives, how a caller
//! authenticates, and the errors the shared extractors answer wherever they are used.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{
    ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityRequirement, SecurityScheme,
};
use utoipa::openapi::server::ServerBuilder;
use utoipa::openapi::{Ref, RefOr};
use utoipa::{Modify, ToResponse};

use super::responses;

/// The security scheme of `Authorization: Bearer <token>`.
pub const BEARER: &str = "bearer";
/// The security scheme of the event stream's `?ticket=`.
pub const TOKEN_QUERY: &str = "stream_ticket";

pub struct Contract;

impl Modify for Contract {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        // utoipa fills the licence from Cargo metadata, which names none.
        openapi.info.license = None;
        openapi.servers = Some(vec![
            ServerBuilder::new()
                .url("/")
                .description(Some(
                    "The origin that serves this document (the reference server serves the API \
                     beside the app; paths start with /api/v1)",
                ))
                .build(),
        ]);
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            BEARER,
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The session token from creating or joining an expedition, as \
                         `Authorization: Bearer <token>`.",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            TOKEN_QUERY,
            SecurityScheme::ApiKey(ApiKey::Query(ApiKeyValue::with_description(
                "ticket",
                "A stream ticket from `POST /expeditions/{id}/stream-tickets`, as `?ticket=`, \
                 accepted by the event stream only (a browser's EventSource cannot send \
                 headers): single-use, good for 30 seconds, so the session token never sits \
                 in a URL. The header wins when both are sent.",
            ))),
        );
        links(openapi);
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                extractor_errors(op);
            }
        }
    }
}

/// Adds a shared response under `status` unless the operation documents its own.
fn add<'r, R: ToResponse<'r>>(op: &mut Operation, status: &str) {
    let (name, _) = R::response();
    op.responses
        .responses
        .entry(status.to_owned())
        .or_insert_with(|| RefOr::Ref(Ref::from_response_name(name)));
}

/// The errors of the extractors (`extract.rs`, `error.rs`) an operation uses, told by what
/// it documents: a session (`Caller`) answers 401; a JSON body (`ApiJson`) 400, 413, 415
/// and 422; a path id (`ApiPath`) 404, since a malformed id names nothing; a query
/// (`Query`) 422. Every operation may answer 500. A public operation says so (`security:
/// []`).
fn extractor_errors(op: &mut Operation) {
    match &op.security {
        Some(alternatives) if !alternatives.is_empty() => add::<responses::Unauthorized>(op, "401"),
        _ => op.security = Some(Vec::<SecurityRequirement>::new()),
    }
    if op.request_body.is_some() {
        add::<responses::BadRequest>(op, "400");
        add::<responses::PayloadTooLarge>(op, "413");
        add::<responses::UnsupportedMediaType>(op, "415");
        add::<responses::Unprocessable>(op, "422");
    }
    let params = op.parameters.as_deref().unwrap_or_default();
    let in_path = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Path));
    let in_query = params
        .iter()
        .any(|p| matches!(p.parameter_in, ParameterIn::Query));
    if in_path {
        add::<responses::NotFound>(op, "404");
    }
    if in_query {
        add::<responses::InvalidQuery>(op, "422");
    }
    add::<responses::Internal>(op, "500");
}

/// Where a response leads: from `from`'s `status` answer, the link `name` to `to`.
struct Link {
    from: &'static str,
    status: &'static str,
    name: &'static str,
    to: &'static str,
    parameters: &'static [(&'static str, &'static str)],
}

const LINKS: &[Link] = &[
    Link {
        from: "create_canvas",
        status: "201",
        name: "open",
        to: "get_canvas",
        parameters: NEW_CANVAS,
    },
    Link {
        from: "create_canvas",
        status: "201",
        name: "edit",
        to: "apply_ops",
        parameters: NEW_CANVAS,
    },
    Link {
        from: "create_canvas",
        status: "201",
        name: "rename_or_archive",
        to: "update_canvas",
        parameters: NEW_CANVAS,
    },
    Link {
        from: "create_canvas",
        status: "201",
        name: "delete",
        to: "delete_canvas",
        parameters: NEW_CANVAS,
    },
    Link {
        from: "list_canvases",
        status: "200",
        name: "open_first",
        to: "get_canvas",
        parameters: FIRST_LISTED,
    },
];
const NEW_CANVAS: &[(&str, &str)] = &[("id", "$request.path.id"), ("canvas", "$response.body#/id")];
const FIRST_LISTED: &[(&str, &str)] = &[
    ("id", "$request.path.id"),
    ("canvas", "$response.body#/canvases/0/id"),
];

/// Adds `LINKS` as JSON: utoipa 5.5 writes a Link's fields in snake case (`operation_id`),
/// which no tool reads.
fn links(openapi: &mut utoipa::openapi::OpenApi) {
    for item in openapi.paths.paths.values_mut() {
        for op in [&mut item.get, &mut item.post].into_iter().flatten() {
            let id = op.operation_id.clone().unwrap_or_default();
            for link in LINKS.iter().filter(|l| l.from == id) {
                let Some(RefOr::T(response)) = op.responses.responses.get_mut(link.status) else {
                    continue;
                };
                let parameters: serde_json::Map<String, serde_json::Value> = link
                    .parameters
                    .iter()
                    .map(|(k, v)| ((*k).to_owned(), (*v).into()))
                    .collect();
                let extensions = response.extensions.get_or_insert_with(Default::default);
                let links = extensions
                    .entry("links".to_owned())
                    .or_insert_with(|| serde_json::json!({}));
                links[link.name] =
                    serde_json::json!({ "operationId": link.to, "parameters": parameters });
            }
        }
    }
}
