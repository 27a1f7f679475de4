//! `GET /api/me`: who a token belongs to, for the pages opened from a join link.

use axum::Json;
use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events::{self, EventSummary};
use super::extract::Principal;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// The caller and their event. A participant sees only their own name and number.
#[derive(Debug, Serialize, ToSchema)]
pub struct MeView {
    /// `admin`, `host`, `matchmaker`, `projector` or `participant`.
    pub role: String,
    pub name: Option<String>,
    /// The participant's number.
    pub number: Option<i64>,
    pub checked_in: Option<bool>,
    pub event: Option<EventSummary>,
}

/// Who am I?
#[utoipa::path(get, path = "/api/me", tag = "system", security(("bearer" = [])),
    responses((status = 200, body = MeView), (status = 401, body = super::error::Problem)))]
async fn me(State(state): State<AppState>, who: Principal) -> Result<Json<MeView>, ApiError> {
    let (role, name, number, checked_in, event_id) = match who {
        Principal::Admin => ("admin".to_string(), None, None, None, None),
        Principal::Staff(s) => (
            s.role.as_str().to_string(),
            Some(s.name),
            None,
            None,
            Some(s.event_id),
        ),
        // A withdrawn guest's phone keeps only its data and the erasure request.
        Principal::Withdrawn(_) => return Err(ApiError::Withdrawn),
        Principal::Participant(p) | Principal::FormerGuest(p) => (
            "participant".into(),
            Some(p.display_name.clone()),
            Some(p.number),
            Some(p.checked_in_at.is_some()),
            Some(p.event_id.clone()),
        ),
    };
    let event = match event_id {
        Some(id) => {
            let e = events::load(&state, &id).await?;
            Some(EventSummary {
                id: e.id,
                title: e.title,
                venue: e.venue,
                starts_at: e.starts_at,
            })
        }
        None => None,
    };
    Ok(Json(MeView {
        role,
        name,
        number,
        checked_in,
        event,
    }))
}
