//! `/api/events`: creating and reading events.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::extract::ApiJson;
use super::extract::Principal;
use crate::core::Lang;
use crate::core::live::programme::{Programme, Segment, SegmentInput};
use crate::core::setup::{EventInput, EventSetup};
use crate::core::validation::merge_errors;
use crate::db::events::{self, EventRow};
use crate::qr;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_events, create_event))
        .routes(routes!(get_event, edit_event))
        .routes(routes!(set_programme))
        .routes(routes!(join_qr))
        .routes(routes!(summary))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventView {
    pub id: String,
    pub title: String,
    /// The organisation holding the evening (主办单位); empty when not given.
    pub organiser: String,
    pub venue: String,
    pub starts_at: String,
    pub round_seconds: i64,
    pub transition_seconds: i64,
    pub rounds: i64,
    pub interpreters: i64,
    pub break_after_rounds: Option<i64>,
    pub break_seconds: i64,
    pub names_on_projector: bool,
    /// `scheduled`, `live` or `closed`.
    pub status: String,
    /// Where the evening stands while its engine runs (check-in open, live, or
    /// closed before its engine stops): the phase, the round, who is here.
    pub progress: Option<ProgressView>,
    /// The results have been revealed (牵手).
    pub revealed: bool,
    /// The evening's programme (活动流程): its segments in order, with their actual
    /// times once run; empty for an evening of dates alone.
    pub programme: Vec<Segment>,
    /// When the evening closed (Unix ms): links and data are kept from here.
    pub closed_at: Option<i64>,
    /// When every personal field of the event was erased; only its report is kept.
    pub purged_at: Option<i64>,
    pub eligibility: EligibilityView,
    pub tables: Vec<TableView>,
    /// The private chat area's rooms, with their access features.
    pub rooms: Vec<TableView>,
    pub desks: Vec<LabelView>,
    /// The event's own join page (for the projector's QR code).
    pub join_url: String,
}

/// The running evening at a glance.
#[derive(Debug, Serialize, ToSchema)]
pub struct ProgressView {
    /// `lobby`, `round`, `transition`, `break` or `closed`.
    pub phase: String,
    /// The round under way (or coming, during a change of tables or a break).
    pub round: Option<u32>,
    pub rounds: u32,
    pub paused: bool,
    /// Guests checked in and in the hall now.
    pub present: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EligibilityView {
    pub min_age_male: i64,
    pub min_age_female: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TableView {
    pub id: String,
    pub label: String,
    pub accessible: bool,
    pub quiet: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct LabelView {
    pub id: String,
    pub label: String,
}

/// Loads an event with its rooms, or 404.
pub async fn load(state: &AppState, id: &str) -> Result<EventRow, ApiError> {
    events::find(&state.db, id)
        .await?
        .ok_or(ApiError::EventNotFound)
}

fn event_join_url(state: &AppState, id: &str) -> String {
    format!("{}/p/?event={id}", state.public_url)
}

/// The running evening's phase and whether the results are out: from its engine
/// when it runs, else from its saved state.
async fn progress(
    state: &AppState,
    e: &EventRow,
) -> Result<(Option<ProgressView>, bool), ApiError> {
    if let Some(handle) = state.registry.get(&e.id) {
        let now = state.clock.now();
        let published = handle.current();
        let live = &published.live;
        let phase = live.phase_frame(now);
        let view = ProgressView {
            phase: serde_json::to_value(phase.phase)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default(),
            round: phase.round,
            rounds: phase.rounds,
            paused: phase.paused,
            present: live.presence.present.len(),
        };
        return Ok((Some(view), live.interest.revealed_at.is_some()));
    }
    if e.status == "scheduled" {
        return Ok((None, false));
    }
    let saved = crate::db::live::load(&state.db, &e.id)
        .await?
        .and_then(|text| crate::core::live::saved::from_json(&text).ok());
    Ok((
        None,
        saved.is_some_and(|l| l.interest.revealed_at.is_some()),
    ))
}

async fn view(state: &AppState, e: EventRow) -> Result<EventView, ApiError> {
    let db = &state.db;
    let (progress, revealed) = progress(state, &e).await?;
    let tables = events::tables(db, &e.id).await?;
    let rooms = events::rooms(db, &e.id).await?;
    let desks = events::desks(db, &e.id).await?;
    Ok(EventView {
        join_url: event_join_url(state, &e.id),
        id: e.id,
        title: e.title,
        organiser: e.organiser,
        venue: e.venue,
        starts_at: e.starts_at,
        round_seconds: e.round_seconds,
        transition_seconds: e.transition_seconds,
        rounds: e.rounds,
        interpreters: e.interpreters,
        break_after_rounds: e.break_after_rounds,
        break_seconds: e.break_seconds,
        names_on_projector: e.names_on_projector != 0,
        status: e.status,
        progress,
        revealed,
        programme: e
            .programme
            .as_deref()
            .and_then(|text| serde_json::from_str::<Programme>(text).ok())
            .map(|p| p.segments)
            .unwrap_or_default(),
        closed_at: e.closed_at,
        purged_at: e.purged_at,
        eligibility: EligibilityView {
            min_age_male: e.min_age_male,
            min_age_female: e.min_age_female,
        },
        tables: tables
            .into_iter()
            .map(|t| TableView {
                id: t.id,
                label: t.label,
                accessible: t.accessible != 0,
                quiet: t.quiet != 0,
            })
            .collect(),
        rooms: rooms
            .into_iter()
            .map(|r| TableView {
                id: r.id,
                label: r.label,
                accessible: r.accessible != 0,
                quiet: r.quiet != 0,
            })
            .collect(),
        desks: desks
            .into_iter()
            .map(|d| LabelView {
                id: d.id,
                label: d.label,
            })
            .collect(),
    })
}

/// What anyone in the hall may know of an event: the page the projector's join QR
/// code opens shows it.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventSummary {
    pub id: String,
    pub title: String,
    pub venue: String,
    pub starts_at: String,
}

/// The event's public summary (no token needed): title, venue, start.
#[utoipa::path(get, path = "/api/events/{id}/summary", tag = "events",
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventSummary), (status = 404, body = super::error::Problem)))]
async fn summary(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> Result<Json<EventSummary>, ApiError> {
    let e = load(&state, &id).await?;
    Ok(Json(EventSummary {
        id: e.id,
        title: e.title,
        venue: e.venue,
        starts_at: e.starts_at,
    }))
}

/// Create an event (admin).
#[utoipa::path(post, path = "/api/events", tag = "events", request_body = EventInput,
    security(("bearer" = [])),
    responses((status = 201, body = EventView), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn create_event(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    body: ApiJson<EventInput>,
) -> Result<(StatusCode, Json<EventView>), ApiError> {
    let actor = who.require_admin()?;
    let setup = merge_errors(body.errors, EventSetup::parse(body.value, lang))
        .map_err(ApiError::Invalid)?;
    let id = state
        .records()
        .create_event(&setup, &actor, state.clock.now())
        .await?;
    let event = load(&state, &id).await?;
    Ok((StatusCode::CREATED, Json(view(&state, event).await?)))
}

/// List every event (admin).
#[utoipa::path(get, path = "/api/events", tag = "events", security(("bearer" = [])),
    responses((status = 200, body = [EventView]), (status = 401, body = super::error::Problem), (status = 403, body = super::error::Problem)))]
async fn list_events(
    State(state): State<AppState>,
    who: Principal,
) -> Result<Json<Vec<EventView>>, ApiError> {
    who.require_admin()?;
    let rows = events::list(&state.db).await?;
    let mut out = Vec::with_capacity(rows.len());
    for e in rows {
        out.push(view(&state, e).await?);
    }
    Ok(Json(out))
}

/// Read an event (admin, or any staff of the event).
#[utoipa::path(get, path = "/api/events/{id}", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn get_event(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<EventView>, ApiError> {
    who.require_any_staff(&id)?;
    let event = load(&state, &id).await?;
    Ok(Json(view(&state, event).await?))
}

/// Change a scheduled event (admin): the fields sent, checked whole with the rest
/// as stored. An open lobby takes the change at once; 409 once the evening started.
#[utoipa::path(patch, path = "/api/events/{id}", tag = "events", request_body = EventInput,
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem),
        (status = 409, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn edit_event(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    body: ApiJson<EventInput>,
) -> Result<Json<EventView>, ApiError> {
    let actor = who.require_admin()?;
    if !body.errors.is_empty() {
        return Err(ApiError::Invalid(body.errors));
    }
    state
        .records()
        .edit_event(&id, body.value, &actor, lang, state.clock.now())
        .await?;
    let event = load(&state, &id).await?;
    Ok(Json(view(&state, event).await?))
}

/// A programme as the organiser sends it.
#[derive(Debug, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeInput {
    /// In order; exactly one `dates` segment. A segment sent with its `id` keeps it.
    pub segments: Vec<SegmentInput>,
}

/// Set the evening's programme before it starts (admin): checked whole (exactly
/// one `dates` segment, titles up to 60 characters, 1–600 minutes, at most 30
/// segments); an open lobby takes it at once; 409 once the event is live.
#[utoipa::path(put, path = "/api/events/{id}/programme", tag = "events", request_body = ProgrammeInput,
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = EventView), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem),
        (status = 409, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn set_programme(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    body: ApiJson<ProgrammeInput>,
) -> Result<Json<EventView>, ApiError> {
    let actor = who.require_admin()?;
    if !body.errors.is_empty() {
        return Err(ApiError::Invalid(body.errors));
    }
    state
        .records()
        .set_programme(&id, &body.value.segments, &actor, lang, state.clock.now())
        .await?;
    let event = load(&state, &id).await?;
    Ok(Json(view(&state, event).await?))
}

/// The event's join QR code, for the projector (any staff of the event).
#[utoipa::path(get, path = "/api/events/{id}/join-qr.svg", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, content_type = "image/svg+xml", body = String), (status = 404, body = super::error::Problem)))]
async fn join_qr(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
) -> Result<impl IntoResponse, ApiError> {
    who.require_any_staff(&id)?;
    let event = load(&state, &id).await?;
    let label = lang.pick(
        format!("“{}”的加入二维码", event.title),
        format!("Join QR code for {}", event.title),
    );
    let svg = qr::svg(&event_join_url(&state, &id), 400, &label);
    Ok((
        [
            (header::CONTENT_TYPE, "image/svg+xml"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        svg,
    ))
}
