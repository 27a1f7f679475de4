//! `GET /api/openapi.json`: the OpenAPI 3 document of every route, generated from the
//! handlers' annotations so it cannot drift from the code. The routes and the
//! document come from one list: each area's `router()` names its handlers once
//! (`routes!`), and `http::router` splits the merged routers into the axum router
//! and this document ([`finish`] adds what every route may answer).

use std::sync::Arc;

use axum::{Extension, Json};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::state::AppState;

#[derive(OpenApi)]
#[openapi(
    info(title = "Blossom", description = "An event engine for accessible eight-minute dating. Errors are application/problem+json."),
    modifiers(&BearerAuth),
    tags(
        (name = "events", description = "Setting up an evening"),
        (name = "participants", description = "Registration, the roster, badges and check-in"),
        (name = "staff", description = "Host, matchmaker and projector accounts"),
        (name = "system", description = "Health and identity"),
    )
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The problems every API route may answer, said once for all of them: each
/// problem's content type is `application/problem+json`; 429 (`http::limits`)
/// everywhere; 401 and 403 where a token is needed; 404 where the path names
/// something; 400, 413, 415 and 422 where there is a body to read.
struct Problems;

impl Modify for Problems {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::header::HeaderBuilder;
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
        let problem = |description: &str| {
            ResponseBuilder::new().description(description).content(
                "application/problem+json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("Problem")))
                    .build(),
            )
        };
        let limited =
            problem("Too many requests from this caller or address: wait `Retry-After` seconds")
                .header(
                    "Retry-After",
                    HeaderBuilder::new()
                        .schema(
                            ObjectBuilder::new()
                                .schema_type(Type::Integer)
                                .minimum(Some(1)),
                        )
                        .description(Some("Whole seconds to wait before trying again"))
                        .build(),
                )
                .build();
        // `/healthz` is outside `/api`, where the limits apply.
        for (path, item) in openapi
            .paths
            .paths
            .iter_mut()
            .filter(|(p, _)| p.starts_with("/api"))
        {
            let names_something = path.contains('{');
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.patch,
                &mut item.delete,
            ]
            .into_iter()
            .flatten()
            {
                let responses = &mut op.responses.responses;
                // utoipa writes `body = Problem` as application/json.
                for r in responses.values_mut() {
                    if let RefOr::T(r) = r
                        && let Some(c) = r.content.get("application/json")
                        && matches!(&c.schema, Some(RefOr::Ref(s)) if s.ref_location.ends_with("/Problem"))
                    {
                        let c = c.clone();
                        r.content.shift_remove("application/json");
                        r.content.insert("application/problem+json".into(), c);
                    }
                }
                let secured = op.security.as_ref().is_some_and(|s| !s.is_empty());
                let body = op.request_body.is_some();
                let mut add = |code: &str, description: &str| {
                    responses
                        .entry(code.into())
                        .or_insert_with(|| problem(description).build().into());
                };
                if secured {
                    add("401", "No token, or one that is not valid (any more)");
                    add("403", "This token may not do this");
                }
                if names_something {
                    add("404", "No such event, participant or account");
                }
                if body {
                    add("400", "The body is not JSON");
                    add("413", "The body is too large");
                    add("415", "The body is not of the expected content type");
                    add(
                        "422",
                        "The body's fields are not valid: `errors` says which and why",
                    );
                }
                responses.insert("429".into(), limited.clone().into());
            }
        }
    }
}

/// What every route may answer, added once the areas' paths are in.
pub fn finish(doc: &mut utoipa::openapi::OpenApi) {
    Problems.modify(doc);
}

/// This document.
// (Given to the handler by `http::router`, which made it.)
#[utoipa::path(get, path = "/api/openapi.json", tag = "system",
    responses((status = 200, description = "The OpenAPI 3 document of every route", content_type = "application/json")))]
async fn openapi_json(
    Extension(doc): Extension<Arc<utoipa::openapi::OpenApi>>,
) -> Json<utoipa::openapi::OpenApi> {
    Json((*doc).clone())
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi_json))
}
