//! `POST /api/events/{id}/participants/import`: a whole roster from CSV, all or nothing.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::ApiBytes;
use super::extract::Principal;
use super::participants::RegisteredView;
use crate::core::{Lang, roster_csv};
use crate::records::registration::Registration;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(import))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ImportView {
    pub imported: usize,
    pub participants: Vec<RegisteredView>,
}

/// Register a whole roster from CSV (the organiser only: its answer holds every join link). One bad row answers
/// 422 listing every bad row's line and field, and nothing is saved.
#[utoipa::path(post, path = "/api/events/{id}/participants/import", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    request_body(content = String, content_type = "text/csv", description = "UTF-8 CSV, header row first"),
    responses((status = 201, body = ImportView), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn import(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    ApiBytes(body): ApiBytes,
) -> Result<(StatusCode, Json<ImportView>), ApiError> {
    let actor = who.require_admin()?;
    super::events::load(&state, &id).await?;
    let rows = roster_csv::parse(&body, lang).map_err(ApiError::Invalid)?;
    let batch = rows
        .into_iter()
        .map(|row| Registration {
            line: Some(row.line),
            input: row.input,
            errors: row.errors,
        })
        .collect();
    let done = state
        .records()
        .register(&id, batch, &actor, lang, state.clock.now())
        .await?;
    let participants: Vec<RegisteredView> = done
        .into_iter()
        .map(|r| RegisteredView::new(&state, r))
        .collect();
    Ok((
        StatusCode::CREATED,
        Json(ImportView {
            imported: participants.len(),
            participants,
        }),
    ))
}
