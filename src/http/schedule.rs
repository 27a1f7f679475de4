//! `/api/events/{id}/schedule`: the evening's plan, round by round, for the
//! organiser, host and matchmakers.

use axum::Json;
use axum::extract::{Path, State};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::Principal;
use crate::live::preview;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(schedule))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ScheduleView {
    /// `live`: the running (or finished) event's own plan, re-planned as people
    /// came and went. `preview`: as if every registered guest comes.
    pub source: String,
    pub rounds: Vec<RoundView>,
    /// Dates in the whole plan.
    pub dates: usize,
    /// Registered guests.
    pub people: usize,
    /// Numbers of the guests the plan gives no date at all.
    pub without_date: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RoundView {
    pub round: u32,
    pub dates: Vec<DateView>,
    /// Numbers of those here but without a date this round.
    pub resting: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DateView {
    pub table: String,
    pub numbers: [i64; 2],
    pub names: [String; 2],
    pub interpreter: bool,
}

/// The plan, round by round (admin, host or matchmaker).
#[utoipa::path(get, path = "/api/events/{id}/schedule", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = ScheduleView), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn schedule(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<ScheduleView>, ApiError> {
    who.require_staff(&id)?;
    events::load(&state, &id).await?;
    let plan = preview::plan(&state.registry, &state.db, &id)
        .await?
        .ok_or_else(|| ApiError::not_found("没有这个活动。", "There is no such event."))?;
    let roster = &plan.roster;
    let number = |pid: &str| roster.public.get(pid).map_or(0, |p| p.number);
    let name = |pid: &str| {
        roster
            .public
            .get(pid)
            .map_or_else(String::new, |p| p.name.clone())
    };
    let mut dated = std::collections::HashSet::new();
    let rounds: Vec<RoundView> = plan
        .schedule
        .rounds
        .iter()
        .map(|r| RoundView {
            round: r.round,
            dates: r
                .dates
                .iter()
                .map(|d| {
                    dated.insert(d.a.as_str());
                    dated.insert(d.b.as_str());
                    DateView {
                        table: d.table.clone(),
                        numbers: [number(&d.a), number(&d.b)],
                        names: [name(&d.a), name(&d.b)],
                        interpreter: d.interpreter,
                    }
                })
                .collect(),
            resting: r.resting.iter().map(|p| number(p)).collect(),
        })
        .collect();
    let mut without_date: Vec<i64> = roster
        .people
        .iter()
        .filter(|p| !dated.contains(p.id.as_str()))
        .map(|p| number(&p.id))
        .collect();
    without_date.sort_unstable();
    Ok(Json(ScheduleView {
        source: if plan.live { "live" } else { "preview" }.into(),
        dates: rounds.iter().map(|r| r.dates.len()).sum(),
        people: roster.people.len(),
        without_date,
        rounds,
    }))
}
