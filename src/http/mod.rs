//! The HTTP edge: one `router()` per area, merged here, plus the static web pages.

mod badges;
mod error;
mod events;
mod extract;
mod import;
mod me;
pub mod openapi;
mod participants;
mod schedule;
mod staff;

use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{any, get};
use tower_http::services::ServeDir;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use error::{ApiError, Problem};
pub use extract::{ApiJson, Principal};

use crate::core::Lang;
use crate::db::Db;
use crate::tokens::TokenKey;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub key: Arc<TokenKey>,
    /// SHA-256 of the admin token: the token itself is not kept in memory longer than
    /// start-up needs it.
    pub admin_token_hash: Arc<str>,
    /// Where guests' phones reach this server, without a trailing slash.
    pub public_url: Arc<str>,
    /// The live engine's running events.
    pub registry: crate::live::Registry,
}

impl AppState {
    /// The join link of a participant: the token rides in the fragment, which
    /// browsers never send to a server.
    pub fn join_url(&self, token: &str) -> String {
        format!("{}/p/#{token}", self.public_url)
    }

    /// The page of a staff member, the token again in the fragment.
    pub fn staff_url(&self, role: &str, token: &str) -> String {
        format!("{}/{role}/#{token}", self.public_url)
    }
}

/// The whole application: API, health check, OpenAPI document and web pages.
pub fn router(state: AppState, web_dir: &std::path::Path) -> Router {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/ws", get(crate::ws::handler))
        .merge(openapi::router())
        .merge(me::router())
        .merge(events::router())
        .merge(participants::router())
        .merge(import::router())
        .merge(schedule::router())
        .merge(staff::router())
        .merge(badges::router())
        .route("/api", any(api_no_route))
        .route("/api/{*rest}", any(api_no_route))
        .method_not_allowed_fallback(method_not_allowed)
        .fallback_service(ServeDir::new(web_dir).append_index_html_on_directories(true))
        // Requests are traced by method and path only: tokens travel in headers and
        // fragments, never in paths, so nothing secret reaches the log.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .with_state(state)
}

async fn api_no_route(lang: Lang) -> ApiError {
    ApiError::no_route(lang)
}

async fn method_not_allowed(headers: axum::http::HeaderMap) -> ApiError {
    ApiError::method_not_allowed(extract::lang_from(&headers))
}

/// 200 once the database answers, 503 otherwise.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, description = "The database is reachable"), (status = 503, description = "The database is not reachable")))]
async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    if crate::db::ping(&state.db).await {
        (StatusCode::OK, "ok")
    } else {
        (StatusCode::SERVICE_UNAVAILABLE, "database unreachable")
    }
}

/// Milliseconds since the Unix epoch: the edges read the clock, the core is given it.
pub fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or(0)
}
