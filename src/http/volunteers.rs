//! The organiser's volunteers: each with their shifts, hours and tasks done; a
//! shift started or ended for them (through the evening's actor, the only writer);
//! `volunteers.csv` for the certificates of service (UTF-8 with a byte-order mark,
//! Chinese headers); and a volunteer erased like a guest.

use std::collections::BTreeMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, UtcOffset};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::{ApiJson, Principal};
use crate::core::live::{EscortCmd, Role};
use crate::core::volunteer_hours;
use crate::db::{escorts, staff};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(shift))
        .routes(routes!(volunteers_csv))
        .routes(routes!(erase))
}

/// Erases a volunteer's personal data (organiser): name, contact and shifts; their
/// link stops working. The tasks they did stay, by a random id.
#[utoipa::path(post, path = "/api/events/{id}/volunteers/{sid}/erase", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("sid" = String, Path, description = "The volunteer's staff id")),
    responses((status = 204), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn erase(
    State(state): State<AppState>,
    who: Principal,
    Path((id, sid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_admin()?;
    super::events::load(&state, &id).await?;
    // Their tasks under way go back to the others first.
    if let Some(live) = state.registry.get(&id) {
        let cmd = EscortCmd::Off {
            volunteer: sid.clone(),
        };
        live.send(cmd.into(), &actor.log_name()).await?;
    }
    let now = state.clock.now();
    let mut tx = crate::db::begin(&state.db).await?;
    if !crate::db::erasure::erase_volunteer(&mut tx, &id, &sid).await? {
        return Err(ApiError::not_found(
            "这场活动没有这位志愿者。",
            "This event has no such volunteer.",
        ));
    }
    let data = serde_json::json!({ "staff_id": sid });
    crate::db::log::append(
        &mut tx,
        &id,
        &actor.log_name(),
        "volunteer.erased",
        data,
        now,
    )
    .await?;
    tx.commit().await?;
    crate::db::erasure::checkpoint(&state.db).await?;
    // Their open pages close, as with a link switched off.
    state.registry.roster_changed(&state.db, &id).await;
    Ok(StatusCode::NO_CONTENT)
}

/// One shift: on duty, and off (`null` while still on).
#[derive(Debug, Serialize, ToSchema)]
pub struct ShiftView {
    pub on_at: i64,
    pub off_at: Option<i64>,
}

/// A volunteer as the organiser certifies them.
#[derive(Debug, Serialize, ToSchema)]
pub struct VolunteerView {
    pub id: String,
    pub name: String,
    pub contact: Option<String>,
    pub on_shift: bool,
    pub shifts: Vec<ShiftView>,
    /// Hours on shift, rounded down to half hours.
    pub hours: f64,
    pub tasks_done: i64,
}

/// Every volunteer of the event with shifts, hours and tasks done (organiser).
async fn volunteers(state: &AppState, id: &str) -> Result<Vec<VolunteerView>, ApiError> {
    // A shift still open when the evening closed counts to the close.
    let event = crate::db::events::find(&state.db, id).await?;
    let now = event
        .and_then(|e| e.closed_at)
        .unwrap_or_else(|| state.clock.now());
    let mut shifts: BTreeMap<String, Vec<(i64, Option<i64>)>> = BTreeMap::new();
    for s in escorts::shifts(&state.db, id).await? {
        shifts
            .entry(s.staff_id)
            .or_default()
            .push((s.on_at, s.off_at));
    }
    let mut done: BTreeMap<String, i64> = BTreeMap::new();
    for t in escorts::tasks(&state.db, id).await? {
        if let (Some(v), "done") = (t.volunteer_id, t.status.as_str()) {
            *done.entry(v).or_default() += 1;
        }
    }
    Ok(staff::list(&state.db, id)
        .await?
        .into_iter()
        .filter(|s| s.role == Role::Volunteer)
        .map(|s| {
            let mine = shifts.remove(&s.id).unwrap_or_default();
            VolunteerView {
                on_shift: mine.iter().any(|x| x.1.is_none()),
                hours: volunteer_hours::hours(&mine, now),
                tasks_done: s
                    .tasks_done
                    .unwrap_or_else(|| done.get(&s.id).copied().unwrap_or(0)),
                shifts: mine
                    .into_iter()
                    .map(|(on_at, off_at)| ShiftView { on_at, off_at })
                    .collect(),
                id: s.id,
                name: s.name,
                contact: s.contact,
            }
        })
        .collect())
}

/// The event's volunteers with their shifts, hours and tasks done (organiser).
#[utoipa::path(get, path = "/api/events/{id}/volunteers", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = [VolunteerView]), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn list(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<VolunteerView>>, ApiError> {
    who.require_admin()?;
    super::events::load(&state, &id).await?;
    Ok(Json(volunteers(&state, &id).await?))
}

#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ShiftInput {
    /// `true` starts the volunteer's shift, `false` ends it.
    pub on: Option<bool>,
}

/// Starts or ends a volunteer's shift for them (organiser): as their own page does.
#[utoipa::path(post, path = "/api/events/{id}/volunteers/{sid}/shift", tag = "staff", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("sid" = String, Path, description = "The volunteer's staff id")),
    request_body = ShiftInput,
    responses((status = 204), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem),
        (status = 422, body = super::error::Problem)))]
async fn shift(
    State(state): State<AppState>,
    lang: crate::core::Lang,
    who: Principal,
    Path((id, sid)): Path<(String, String)>,
    body: ApiJson<ShiftInput>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_admin()?;
    let Some(on) = body.value.on.filter(|_| body.errors.is_empty()) else {
        let mut errors = body.errors;
        if errors.is_empty() {
            errors.push(crate::core::FieldError::required("on", lang));
        }
        return Err(ApiError::Invalid(errors));
    };
    let volunteer = staff::list(&state.db, &id)
        .await?
        .into_iter()
        .any(|s| s.id == sid && s.role == Role::Volunteer);
    if !volunteer {
        return Err(ApiError::not_found(
            "这场活动没有这位志愿者。",
            "This event has no such volunteer.",
        ));
    }
    let live = state
        .registry
        .get_or_start(&state.db, &state.clock, &id)
        .await?
        .ok_or(ApiError::EventNotFound)?;
    let cmd = if on {
        EscortCmd::On { volunteer: sid }
    } else {
        EscortCmd::Off { volunteer: sid }
    };
    live.send(cmd.into(), &actor.log_name()).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A row per volunteer for their certificates: name, contact, on and off duty,
/// hours (rounded down to half hours) and tasks done. Organiser only.
#[utoipa::path(get, path = "/api/events/{id}/exports/volunteers.csv", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn volunteers_csv(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    who.require_admin()?;
    let event = super::events::load(&state, &id).await?;
    let offset = OffsetDateTime::parse(&event.starts_at, &Rfc3339)
        .map(|t| t.offset())
        .unwrap_or(UtcOffset::UTC);
    let mut rows = vec![
        [
            "姓名",
            "联系方式",
            "签到时间",
            "签退时间",
            "服务时长（小时）",
            "完成任务数",
        ]
        .map(String::from)
        .to_vec(),
    ];
    for v in volunteers(&state, &id).await? {
        let spans: Vec<(i64, Option<i64>)> = v.shifts.iter().map(|s| (s.on_at, s.off_at)).collect();
        let (on, off) = volunteer_hours::span(&spans);
        rows.push(vec![
            v.name,
            v.contact.unwrap_or_default(),
            super::exports::local(on, offset),
            super::exports::local(off, offset),
            format!("{:.1}", v.hours),
            v.tasks_done.to_string(),
        ]);
    }
    Ok(super::exports::csv_file("volunteers.csv", rows))
}
