//! `/api/events/{id}/participants`: registration, the roster, updates, withdrawal
//! and check-in. A guest's join link (a new one, its QR code, who was shown it) is
//! `links.rs`.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::ApiJson;
use super::extract::Principal;
use crate::core::Lang;
use crate::core::fields::{self, Write};
use crate::core::live::PresenceCmd;
use crate::core::participant::{Escort, MaritalStatus, Mobility, Mode, ParticipantInput};
use crate::db::participants::{self, ParticipantRow};
use crate::qr;
use crate::records::registration::{Change, Registered, Registration};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, register))
        .routes(routes!(read, update, withdraw))
        .routes(routes!(by_badge))
        .routes(routes!(check_in))
}

/// A participant as staff see them. Tokens are never part of it. Each reader gets
/// only the fields [`Reader::may_read`] allows (the organiser all of them); the
/// others are absent, so every field but identity and presence is optional here.
#[derive(Debug, Serialize, ToSchema)]
pub struct ParticipantView {
    pub id: String,
    /// The short number on the badge and the projector.
    pub number: i64,
    /// `registered`, `withdrawn`, or `erased` (personal fields gone).
    pub status: String,
    pub display_name: String,
    #[schema(required = false)]
    pub gender: String,
    #[schema(required = false)]
    pub seeks: Vec<String>,
    #[schema(required = false)]
    pub age: i64,
    #[schema(required = false)]
    pub partner_age: Option<[i64; 2]>,
    pub mobility: Mobility,
    pub communication: Vec<Mode>,
    pub quiet: bool,
    /// Numbers of the people this person must not be seated with.
    #[schema(required = false)]
    pub avoid: Vec<i64>,
    #[schema(required = false)]
    pub max_consecutive: Option<i64>,
    #[schema(required = false)]
    pub available: Option<[i64; 2]>,
    #[schema(required = false)]
    pub marital_status: MaritalStatus,
    #[schema(required = false)]
    pub contact: Option<String>,
    #[schema(required = false)]
    pub share_contact: bool,
    pub companion: bool,
    #[schema(required = false)]
    pub notes_for_partner: Option<String>,
    /// Whether a volunteer goes with them when they move (an access need).
    #[schema(required = false)]
    pub escort: Escort,
    /// Unix milliseconds of arrival, if checked in.
    pub checked_in_at: Option<i64>,
    pub left_at: Option<i64>,
    /// When the guest asked, from their phone, to be erased (organiser only).
    #[schema(required = false)]
    pub erasure_requested_at: Option<i64>,
    /// A phone has opened (claimed) the guest's current link.
    pub link_on_phone: bool,
}

impl ParticipantView {
    /// The view as this caller may read it: the fields of their role only.
    pub fn seen_by(self, who: &Principal) -> Value {
        let full = serde_json::to_value(self).unwrap_or(Value::Null);
        who.reader().show(full)
    }

    pub fn new(p: &ParticipantRow, avoid: Vec<i64>) -> Self {
        let f = p.profile(avoid.clone());
        ParticipantView {
            id: p.id.clone(),
            number: p.number,
            status: if p.erased_at.is_some() {
                "erased".into()
            } else {
                p.status.clone()
            },
            display_name: f.display_name,
            gender: f.gender,
            seeks: f.seeks,
            age: f.age,
            partner_age: f.partner_age,
            mobility: f.mobility,
            communication: f.communication,
            quiet: f.quiet,
            avoid,
            max_consecutive: f.max_consecutive,
            available: f.available,
            marital_status: f.marital_status,
            contact: f.contact,
            share_contact: f.share_contact,
            companion: f.companion,
            notes_for_partner: f.notes_for_partner,
            escort: f.escort,
            checked_in_at: p.checked_in_at,
            left_at: p.left_at,
            erasure_requested_at: p.erasure_requested_at,
            link_on_phone: p.claimed_at.is_some(),
        }
    }
}

/// A new registration: the token is shown here once (it can be re-derived for a
/// badge, or re-issued).
#[derive(Debug, Serialize, ToSchema)]
pub struct RegisteredView {
    pub id: String,
    pub number: i64,
    pub display_name: String,
    pub token: String,
    /// `<public url>/p/#<token>`: what the badge's QR code opens.
    pub join_url: String,
    /// The join link as an SVG QR code, for the guest to scan at once (a walk-in
    /// registered at the door, a re-issued link); absent from an import.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub qr_svg: Option<String>,
}

impl RegisteredView {
    pub fn new(state: &AppState, r: Registered) -> Self {
        RegisteredView {
            join_url: state.join_url(&r.token),
            id: r.id,
            number: r.number,
            display_name: r.display_name,
            token: r.token,
            qr_svg: None,
        }
    }

    /// With the link as a QR code, named for a screen reader.
    pub fn with_qr(mut self, lang: Lang) -> Self {
        let label = lang.pick(
            format!("{} 号 {} 的加入二维码", self.number, self.display_name),
            format!("Join QR code of no. {} {}", self.number, self.display_name),
        );
        self.qr_svg = Some(qr::svg(&self.join_url, 300, &label));
        self
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CheckInView {
    pub participant_id: String,
    pub checked_in_at: i64,
}

async fn avoid_map(
    state: &AppState,
    event_id: &str,
) -> Result<HashMap<String, Vec<i64>>, ApiError> {
    let mut map: HashMap<String, Vec<i64>> = HashMap::new();
    for (pid, n) in participants::avoid_numbers(&state.db, event_id).await? {
        map.entry(pid).or_default().push(n);
    }
    Ok(map)
}

pub(super) async fn load(
    state: &AppState,
    event_id: &str,
    pid: &str,
) -> Result<ParticipantRow, ApiError> {
    participants::find(&state.db, event_id, pid)
        .await?
        .ok_or(ApiError::ParticipantNotFound)
}

async fn view_one(
    state: &AppState,
    event_id: &str,
    pid: &str,
) -> Result<ParticipantView, ApiError> {
    let p = load(state, event_id, pid).await?;
    let avoid = avoid_map(state, event_id)
        .await?
        .remove(pid)
        .unwrap_or_default();
    Ok(ParticipantView::new(&p, avoid))
}

/// The fields a body names: those it sets and those it clears (`null`).
fn named(body: &ApiJson<ParticipantInput>) -> Vec<String> {
    let set = serde_json::to_value(&body.value).unwrap_or(Value::Null);
    let mut names: Vec<String> = set
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(_, v)| !v.is_null())
        .map(|(k, _)| k.clone())
        .collect();
    names.extend(body.nulls.iter().cloned());
    names
}

/// Register one participant (admin, host or matchmaker).
#[utoipa::path(post, path = "/api/events/{id}/participants", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")), request_body = ParticipantInput,
    responses((status = 201, body = RegisteredView), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn register(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    body: ApiJson<ParticipantInput>,
) -> Result<(StatusCode, Json<RegisteredView>), ApiError> {
    let actor = who.require_staff(&id)?;
    let named = named(&body);
    let mut errors = body.errors;
    if who
        .reader()
        .refused(named.iter().map(String::as_str), Write::Register)
        .consent
    {
        errors.push(fields::consent_refused(lang));
        return Err(ApiError::Invalid(errors));
    }
    let batch = vec![Registration {
        line: None,
        input: body.value,
        errors,
    }];
    let mut done = state
        .records()
        .register(&id, batch, &actor, lang, state.clock.now())
        .await?;
    let r = done
        .pop()
        .ok_or_else(|| ApiError::internal("registration returned nobody"))?;
    Ok((
        StatusCode::CREATED,
        Json(RegisteredView::new(&state, r).with_qr(lang)),
    ))
}

/// The event's participants, by number (admin, host or matchmaker).
#[utoipa::path(get, path = "/api/events/{id}/participants", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 200, body = [ParticipantView]), (status = 401, body = super::error::Problem),
        (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
async fn list(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<Json<Vec<Value>>, ApiError> {
    who.require_staff(&id)?;
    events::load(&state, &id).await?;
    let rows = participants::list(&state.db, &id).await?;
    let mut avoid = avoid_map(&state, &id).await?;
    Ok(Json(
        rows.iter()
            .map(|p| ParticipantView::new(p, avoid.remove(&p.id).unwrap_or_default()).seen_by(&who))
            .collect(),
    ))
}

/// One participant (admin, host or matchmaker).
#[utoipa::path(get, path = "/api/events/{id}/participants/{pid}", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 200, body = ParticipantView), (status = 404, body = super::error::Problem)))]
async fn read(
    State(state): State<AppState>,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<Json<Value>, ApiError> {
    who.require_staff(&id)?;
    Ok(Json(view_one(&state, &id, &pid).await?.seen_by(&who)))
}

/// Change some fields of a participant; the result is checked like a registration.
#[utoipa::path(patch, path = "/api/events/{id}/participants/{pid}", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    request_body = ParticipantInput,
    responses((status = 200, body = ParticipantView), (status = 404, body = super::error::Problem),
        (status = 409, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn update(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
    body: ApiJson<ParticipantInput>,
) -> Result<Json<Value>, ApiError> {
    let actor = who.require_staff(&id)?;
    // Staff change only what they may read: a field they cannot see is not theirs
    // to set blind (an avoid list, an age, a contact); nor is a guest's consent.
    let named = named(&body);
    let refused = who
        .reader()
        .refused(named.iter().map(String::as_str), Write::Change);
    if !refused.hidden.is_empty() {
        let fields = refused.hidden.join(", ");
        return Err(ApiError::forbidden(
            format!("只有组织者可以修改这些资料：{fields}。"),
            format!("Only the organiser can change these fields: {fields}."),
        ));
    }
    if refused.consent {
        return Err(ApiError::Invalid(vec![fields::consent_refused(lang)]));
    }
    let change = Change {
        patch: body.value,
        clear: body.nulls,
        errors: body.errors,
    };
    state
        .records()
        .update(&id, &pid, change, &actor, lang, state.clock.now())
        .await?;
    Ok(Json(view_one(&state, &id, &pid).await?.seen_by(&who)))
}

/// Withdraw a participant: their link stops working; their history is kept.
#[utoipa::path(delete, path = "/api/events/{id}/participants/{pid}", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 204, description = "Withdrawn"), (status = 404, body = super::error::Problem)))]
async fn withdraw(
    State(state): State<AppState>,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_staff(&id)?;
    state
        .records()
        .withdraw(&id, &pid, &actor, state.clock.now())
        .await?;
    // Reloading the roster takes them off the evening (saved by its actor) and
    // closes their open connections.
    Ok(StatusCode::NO_CONTENT)
}

/// Record a participant's arrival. Checking in twice keeps the first time.
#[utoipa::path(post, path = "/api/events/{id}/participants/{pid}/check-in", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 200, body = CheckInView), (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
async fn check_in(
    State(state): State<AppState>,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<Json<CheckInView>, ApiError> {
    let actor = who.require_staff(&id)?;
    // The guest must be on this event's roster and not withdrawn (404, 409).
    if load(&state, &id, &pid).await?.is_withdrawn() {
        return Err(ApiError::ParticipantWithdrawn);
    }
    // The evening's actor is its only writer: it records the arrival (the guest's
    // row, the log, the live state) in one transaction, then answers.
    let live = state
        .registry
        .get_or_start(&state.db, &state.clock, &id)
        .await?
        .ok_or(ApiError::EventNotFound)?;
    let cmd = PresenceCmd::CheckIn {
        participant: pid.clone(),
        by: actor.staff_id().map(String::from),
    };
    let done = live.send(cmd.into(), &actor.log_name()).await?;
    let at = done.checked_in_at.unwrap_or_else(|| state.clock.now());
    Ok(Json(CheckInView {
        participant_id: pid,
        checked_in_at: at,
    }))
}

/// The badge number the desk typed (or picked from a name search).
#[derive(Debug, Default, serde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BadgeInput {
    /// The number printed on the guest's badge.
    pub number: Option<i64>,
}

/// Who wears a badge number, for the check-in desk (admin, host or matchmaker). The
/// desk never scans a badge's code: that is the guest's own link.
#[utoipa::path(post, path = "/api/events/{id}/participants/by-badge", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")), request_body = BadgeInput,
    responses((status = 200, body = ParticipantView), (status = 404, body = super::error::Problem), (status = 422, body = super::error::Problem)))]
async fn by_badge(
    State(state): State<AppState>,
    lang: Lang,
    who: Principal,
    Path(id): Path<String>,
    body: ApiJson<BadgeInput>,
) -> Result<Json<Value>, ApiError> {
    who.require_staff(&id)?;
    let number = body.value.number;
    if !body.errors.is_empty() || number.is_none() {
        let mut errors = body.errors;
        if number.is_none() && !errors.iter().any(|e| e.field == "number") {
            errors.push(crate::core::validation::FieldError::required(
                "number", lang,
            ));
        }
        return Err(ApiError::Invalid(errors));
    }
    events::load(&state, &id).await?;
    let not_ours = || {
        ApiError::not_found(
            "本活动没有这个胸牌号。",
            "No guest of this event has this badge number.",
        )
    };
    let p = participants::find_by_number(&state.db, &id, number.unwrap_or_default())
        .await?
        .ok_or_else(not_ours)?;
    Ok(Json(view_one(&state, &id, &p.id).await?.seen_by(&who)))
}
