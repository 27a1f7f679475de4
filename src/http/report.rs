//! The evening's report (活动总结) for the organiser: the same figures as the
//! report page, as JSON.

use axum::extract::{Path, State};
use axum::routing::get;
use axum::{Json, Router};

use super::error::ApiError;
use super::extract::Principal;
use crate::app::AppState;
use crate::core::Lang;
use crate::core::report::{self, Report};

pub fn router() -> Router<AppState> {
    Router::new().route("/api/events/{id}/report", get(get_report))
}

/// The evening's report: attendance, access, the private chat area, the desks and
/// outcomes, as counts and shares (a breakdown of fewer than five people is `null`;
/// no one-sided mark is ever counted where it could be told). Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/report", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = Report), (status = 403, body = super::Problem), (status = 404, body = super::Problem)))]
pub async fn get_report(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Report>, ApiError> {
    who.require_admin(lang)?;
    super::events::load(&state, &id, lang).await?;
    let (records, _) = crate::db::report::records(&state.db, &id)
        .await
        .map_err(|e| ApiError::internal(lang, e))?;
    Ok(Json(report::report(&records)))
}
