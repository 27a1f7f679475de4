//! `GET /api/instances` (organiser): the instances serving this database and the
//! events whose actor each runs, answered alike by any of them (docs/instances.md).

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::Principal;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(list))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstancesView {
    /// The instance that answered.
    #[serde(rename = "self")]
    pub this: String,
    /// Every instance seen in the last ten seconds.
    pub instances: Vec<InstanceView>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct InstanceView {
    pub name: String,
    /// Where the other instances reach it: its bind host:port, or `--advertise`.
    pub address: String,
    /// The ids of the events whose actor it runs (it holds their leases).
    pub events: Vec<String>,
    /// When it last said it was alive, in Unix milliseconds (the database's clock).
    pub seen_at: i64,
}

/// The instances serving this database, and the events each runs (admin).
#[utoipa::path(get, path = "/api/instances", tag = "system", security(("bearer" = [])),
    responses((status = 200, body = InstancesView), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem)))]
async fn list(
    State(state): State<AppState>,
    who: Principal,
) -> Result<Json<InstancesView>, ApiError> {
    who.require_admin()?;
    let rows = crate::db::leases::instances(&state.db, crate::instance::SEEN_WITHIN_MS).await?;
    let instances = rows
        .into_iter()
        .map(|(row, events)| InstanceView {
            name: row.name,
            address: row.address,
            events,
            seen_at: row.seen_at,
        })
        .collect();
    Ok(Json(InstancesView {
        this: state.registry.name().to_string(),
        instances,
    }))
}
