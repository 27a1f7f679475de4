//! The evening's report (活动总结) for the organiser: the same figures as the
//! report page, as JSON; and, after the reveal, the mutual matches for follow-up.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::Principal;
use crate::core::live::frames::{FollowUpRow, Named};
use crate::core::live::interest::MatchKind;
use crate::core::report::{self, Records, Report};
use crate::db::events::EventRow;
use crate::db::participants::ParticipantRow;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get_report))
        .routes(routes!(get_matches))
}

/// The evening's report: attendance, access, the private chat area, the desks and
/// outcomes, as counts and shares (a breakdown of fewer than five people is `null`;
/// no one-sided mark is ever counted where it could be told). Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/report", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = Report), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn get_report(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<serde_json::Value>, ApiError> {
    Ok(Json(figures(&state, &who, &id).await?))
}

/// The report's figures: as kept when the event was purged, or from its records.
pub(super) async fn figures(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<serde_json::Value, ApiError> {
    who.require_admin()?;
    let kept = crate::db::erasure::kept_report(&state.db, id).await?;
    if let Some(text) = kept {
        return serde_json::from_str(&text).map_err(ApiError::internal);
    }
    let (_, records, _) = organisers_records(state, who, id).await?;
    serde_json::to_value(report::report(&records)).map_err(ApiError::internal)
}

/// What the report, the follow-up list and the exports are made from, for the
/// organiser alone: the event, its records, and the participants they name.
pub(super) async fn organisers_records(
    state: &AppState,
    who: &Principal,
    id: &str,
) -> Result<(EventRow, Records, Vec<ParticipantRow>), ApiError> {
    who.require_admin()?;
    let event = super::events::load(state, id).await?;
    let (records, people) = crate::db::report::records(&state.db, id).await?;
    Ok((event, records, people))
}

/// The mutual matches, for the organiser's follow-up.
#[derive(Debug, Serialize, ToSchema)]
pub struct FollowUp {
    /// Whether the results have been revealed; before that, `matches` is empty.
    pub revealed: bool,
    /// Each mutual match once: both guests, the kind, whether contacts were shared.
    pub matches: Vec<MatchView>,
}

/// One mutual match as the organiser follows it up: the matchmakers' row, and both
/// guests' contacts when both consented to share them.
#[derive(Debug, Serialize, ToSchema)]
pub struct MatchView {
    pub a: Named,
    pub b: Named,
    pub kind: MatchKind,
    /// Both consented: each was shown the other's contact.
    pub contacts_shared: bool,
    /// `a`'s contact, only when `contacts_shared` (otherwise `null`).
    pub a_contact: Option<String>,
    /// `b`'s contact, only when `contacts_shared` (otherwise `null`).
    pub b_contact: Option<String>,
}

/// The organiser's rows: the follow-up rows, with contacts where both consented.
pub(super) fn with_contacts(records: &Records, people: &[ParticipantRow]) -> Vec<MatchView> {
    let contact_of = |number: i64| {
        people
            .iter()
            .find(|p| p.number == number)
            .and_then(|p| p.contact.clone())
            .filter(|c| !c.is_empty())
    };
    follow_up(records, people)
        .into_iter()
        .map(|m| {
            let (a_contact, b_contact) = if m.contacts_shared {
                (contact_of(m.a.number), contact_of(m.b.number))
            } else {
                (None, None)
            };
            MatchView {
                a: m.a,
                b: m.b,
                kind: m.kind,
                contacts_shared: m.contacts_shared,
                a_contact,
                b_contact,
            }
        })
        .collect()
}

/// The mutual matches of `records`, named from `people` (empty before the reveal;
/// never a one-sided mark). The matchmakers' `follow_up` frame has the same rows.
pub(super) fn follow_up(records: &Records, people: &[ParticipantRow]) -> Vec<FollowUpRow> {
    let by_id: HashMap<&str, &ParticipantRow> = people.iter().map(|p| (p.id.as_str(), p)).collect();
    // A guest's consent as they last said it: their phone writes it to their record.
    FollowUpRow::all(
        report::mutual(records),
        |id| {
            by_id.get(id).map(|p| Named {
                name: p.display_name.clone(),
                number: p.number,
            })
        },
        |id| by_id.get(id).is_some_and(|p| p.share_contact != 0),
    )
}

/// After the reveal, the mutual matches for follow-up: the names and numbers of
/// both, the kind, whether contacts were shared. Before it, none. Never a one-sided
/// mark. Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/matches", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = FollowUp), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn get_matches(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<FollowUp>, ApiError> {
    let (_, records, people) = organisers_records(&state, &who, &id).await?;
    Ok(Json(FollowUp {
        revealed: records.revealed,
        matches: with_contacts(&records, &people),
    }))
}
