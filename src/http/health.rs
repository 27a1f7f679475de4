//! `/healthz`: whether the database answers and which events are stopped; `/readyz`:
//! whether this instance should be sent traffic (for a load balancer).

use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

/// 200 once the database answers, 503 otherwise. The body says what is wrong: the
/// database, or events stopped because their live state cannot be read.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200, description = "The database is reachable; `events_stopped` lists events whose live state cannot be read"), (status = 503, description = "The database is not reachable")))]
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, axum::Json<serde_json::Value>) {
    let database = crate::db::ping(&state.db).await;
    let stopped: Vec<serde_json::Value> = state
        .registry
        .stopped()
        .into_iter()
        .map(|(event_id, detail)| {
            // The detail names a field path, never a value (`core::live::saved`).
            serde_json::json!({"event_id": event_id, "code": "state_unreadable", "detail": detail})
        })
        .collect();
    let status = match (database, stopped.is_empty()) {
        (false, _) => "database unreachable",
        (true, true) => "ok",
        (true, false) => "degraded",
    };
    let body = serde_json::json!({"status": status, "events_stopped": stopped});
    let code = if database {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body))
}

/// 200 when this instance can serve (its database answers), 503 otherwise: what a
/// load balancer asks before sending it phones. Names the instance.
#[utoipa::path(get, path = "/readyz", tag = "system", responses((status = 200, description = "Ready: the database answers"), (status = 503, description = "Not ready: the database is not reachable")))]
pub async fn readyz(State(state): State<AppState>) -> (StatusCode, axum::Json<serde_json::Value>) {
    let ready = crate::db::ping(&state.db).await;
    let body = serde_json::json!({
        "status": if ready { "ready" } else { "database unreachable" },
        "instance": state.registry.name(),
    });
    let code = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (code, axum::Json(body))
}
