//! The HTTP edge: one `router()` per area, merged here, plus the static web pages.

mod audit;
mod badges;
mod error;
mod events;
mod exports;
mod extract;
mod forward;
mod health;
mod identity;
mod import;
mod instances;
mod lang;
mod links;
mod me;
pub mod openapi;
mod pages;
mod paper;
mod participants;
mod privacy;
mod report;
mod schedule;
mod schemas;
mod signs;
mod staff;
mod volunteers;

use std::net::SocketAddr;

use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderValue, header};
use axum::middleware::Next;
use axum::response::Response;
use axum::routing::{any, get};
use axum::{Extension, Router};
use tower_http::services::ServeDir;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultOnResponse, TraceLayer};
use tracing::Level;
use utoipa::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

pub use error::{ApiError, Problem};
pub use extract::{ApiJson, Principal};

use crate::limits::Limits;
use crate::state::AppState;

/// The whole application: API, health check, OpenAPI document and web pages.
pub fn router(state: AppState, web_dir: Option<&std::path::Path>) -> Router {
    // Every API route is named once, by its area's router, which gives both the
    // route and its place in the OpenAPI document.
    let (api, mut doc) = OpenApiRouter::with_openapi(openapi::ApiDoc::openapi())
        .routes(routes!(health::healthz))
        .routes(routes!(health::readyz))
        .merge(openapi::router())
        .merge(me::router())
        .merge(events::router())
        .merge(participants::router())
        .merge(links::router())
        .merge(identity::router())
        .merge(audit::router())
        .merge(privacy::router())
        .merge(import::router())
        .merge(schedule::router())
        .merge(staff::router())
        .merge(badges::router())
        .merge(signs::router())
        .merge(report::router())
        .merge(exports::router())
        .merge(volunteers::router())
        .merge(instances::router())
        .split_for_parts();
    openapi::finish(&mut doc);
    let router = api
        .layer(Extension(Arc::new(doc)))
        .route("/ws", get(crate::ws::handler))
        .route("/api", any(api_no_route))
        .route("/api/{*rest}", any(api_no_route))
        .method_not_allowed_fallback(method_not_allowed);
    // The pages: from the binary, or from a folder while they are being edited.
    let router = match web_dir {
        Some(dir) => {
            router.fallback_service(ServeDir::new(dir).append_index_html_on_directories(true))
        }
        None => router.fallback(pages::serve),
    };
    router
        // A change to an event that another instance runs goes there (`forward`).
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            forward::to_owner,
        ))
        // Every error answer from here in, in the language the request asked for.
        .layer(axum::middleware::from_fn(error::in_their_language))
        // What every answer tells the browser: scripts, styles, images and
        // connections from this server only (the pages have no inline script or
        // style), never inside another site's frame, no guessing of content types,
        // and no address (with its event and page) sent to other sites.
        // One machine hammering the API is slowed first, before any token is read
        // (inside the headers' layers, so a 429 carries them too).
        .layer(axum::middleware::from_fn_with_state(
            state.limits.clone(),
            per_address,
        ))
        .layer(set(header::CONTENT_SECURITY_POLICY, CSP))
        .layer(set(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(set(header::REFERRER_POLICY, "no-referrer"))
        .layer(set(header::X_FRAME_OPTIONS, "DENY"))
        // Requests are traced by method and route only (`logged_path`), never by
        // the address as sent: a QR reader that percent-encodes a link's fragment
        // sends its token in the path.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(|req: &axum::http::Request<_>| {
                    let path = logged_path(req);
                    tracing::info_span!("request", method = %req.method(), path = %path)
                })
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

/// What the access log names a request by: the route it matched
/// (`/api/events/{id}/participants/{pid}`), or, for a page or an unknown address,
/// its path with every segment after `/p/` and every segment that could be a token
/// (long, or holding an encoded `#`) written `…`; never the query.
fn logged_path<B>(req: &axum::http::Request<B>) -> String {
    if let Some(route) = req.extensions().get::<axum::extract::MatchedPath>() {
        return route.as_str().to_string();
    }
    let path = req.uri().path();
    if let Some(rest) = path.strip_prefix("/p/") {
        return if rest.is_empty() {
            "/p/".into()
        } else {
            "/p/…".into()
        };
    }
    path.split('/')
        .map(|seg| {
            let encoded_hash = seg.to_ascii_lowercase().contains("%23") || seg.contains('#');
            if encoded_hash || seg.len() >= 20 {
                "…"
            } else {
                seg
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// The per-address limit on every `/api` request, before anything else is done.
pub async fn per_address(State(limits): State<Limits>, request: Request, next: Next) -> Response {
    // Absent only where the server is driven without a socket (never in service).
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    if request.uri().path().starts_with("/api")
        && let Some(peer) = peer
    {
        let client = limits.client(peer.ip(), request.headers());
        if let Err(wait) = limits.check_address(client) {
            let lang = lang::lang_from(request.headers());
            return ApiError::rate_limited(wait).render(lang);
        }
    }
    next.run(request).await
}

/// `blob:` images are the pages' own: a QR code fetched with the token in a header,
/// then shown.
const CSP: &str = "default-src 'self'; img-src 'self' blob:; base-uri 'none'; \
                   object-src 'none'; form-action 'self'; frame-ancestors 'none'";

fn set(name: header::HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

async fn api_no_route() -> ApiError {
    ApiError::NoRoute
}

async fn method_not_allowed() -> ApiError {
    ApiError::MethodNotAllowed
}

#[cfg(test)]
mod tests {
    use super::logged_path;

    fn logged(uri: &str) -> String {
        logged_path(&axum::http::Request::get(uri).body(()).unwrap())
    }

    #[test]
    fn the_access_log_never_names_a_token_however_the_link_was_mangled() {
        let token = "Xk3aVbQ9dLmN0pQrStUvWxYz0123456789abcdefGHI";
        for uri in [
            format!("/p/%23{token}"),
            format!("/p/%23{token}/more"),
            format!("/p/?token={token}"),
            format!("/host/%23{token}"),
            format!("/api/me?token={token}"),
            format!("/{token}"),
            "/x/%23ab".to_string(),
        ] {
            let line = logged(&uri);
            assert!(
                !line.contains(token) && !line.contains("%23"),
                "{uri} → {line}"
            );
        }
        assert_eq!(logged("/p/"), "/p/");
        assert_eq!(logged("/host/"), "/host/");
        assert_eq!(logged("/js/live.js"), "/js/live.js");
    }
}
