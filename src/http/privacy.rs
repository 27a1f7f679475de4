//! Erasure and access (PIPL): the organiser erases a guest or purges a closed
//! event; a guest reads everything Blossom stores about them and asks to be
//! erased.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events::{self, EventSummary};
use super::extract::Principal;
use super::participants::ParticipantView;
use crate::db::{self, about, participants};
use crate::records::erasure::Error;
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(erase))
        .routes(routes!(purge))
        .routes(routes!(my_data))
        .routes(routes!(ask_erasure))
}

impl From<Error> for ApiError {
    fn from(e: Error) -> ApiError {
        match e {
            Error::NotFound => ApiError::ParticipantNotFound,
            Error::NoEvent => ApiError::EventNotFound,
            Error::Running => ApiError::conflict(
                "活动正在进行：请先让这位参与者退出，活动结束后再删除其资料。",
                "The evening is under way: withdraw this guest now, and erase their data once it has closed.",
            ),
            Error::NotClosed => ApiError::conflict(
                "只有已结束的活动才能清除个人资料：总结要先定下来。",
                "Only a closed event can be purged: its report must be final first.",
            ),
            Error::Db(e) => ApiError::internal(e),
        }
    }
}

/// Erase a guest: their personal fields, avoid list, marks and desk notes are
/// gone, not just withdrawn; their link stops working. Not while the evening is
/// under way (409). Organiser only.
#[utoipa::path(post, path = "/api/events/{id}/participants/{pid}/erase", tag = "participants", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), ("pid" = String, Path, description = "Participant id")),
    responses((status = 204, description = "Erased"), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
async fn erase(
    State(state): State<AppState>,
    who: Principal,
    Path((id, pid)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_admin()?;
    let now = state.clock.now();
    state.records().erase_guest(&id, &pid, &actor, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Purge a closed event: every personal field gone from the database (its
/// write-ahead log included); the aggregate report kept. Organiser only.
#[utoipa::path(post, path = "/api/events/{id}/purge", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id")),
    responses((status = 204, description = "Purged"), (status = 403, body = super::error::Problem),
        (status = 404, body = super::error::Problem), (status = 409, body = super::error::Problem)))]
async fn purge(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let actor = who.require_admin()?;
    let now = state.clock.now();
    state.records().purge_event(&id, &actor, now).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Someone the guest met, as they were shown: number and name.
#[derive(Debug, Serialize, ToSchema)]
pub struct Met {
    pub number: Option<i64>,
    pub name: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyDate {
    pub round: i64,
    pub table: String,
    pub partner: Met,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyMark {
    pub round: i64,
    pub partner: Met,
    /// `yes`, `friend` or `no`: the guest's own choice.
    pub choice: String,
    pub at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyInvitation {
    pub round: i64,
    /// The guest sent it (`true`) or was invited (`false`).
    pub sent: bool,
    pub partner: Met,
    /// `offered`, `not_now` (declined or expired: the same words), `queued`,
    /// `room`, `cancelled` or `ended`.
    pub status: String,
    pub at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyTicket {
    pub reason: String,
    /// What the guest wrote for the matchmaker.
    pub note: Option<String>,
    /// What a matchmaker noted about the visit.
    pub staff_note: Option<String>,
    pub status: String,
    pub at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyLogEntry {
    pub at: i64,
    /// `you`, `organiser`, `host`, `matchmaker`, `staff` (an account since
    /// removed) or `system`.
    pub by: String,
    /// The staff member's name, when a host or matchmaker did it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub by_name: Option<String>,
    pub kind: String,
}

/// Everything Blossom stores about the guest.
#[derive(Debug, Serialize, ToSchema)]
pub struct MyData {
    pub event: EventSummary,
    /// Their record as the organiser sees it.
    pub profile: ParticipantView,
    pub dates: Vec<MyDate>,
    pub marks: Vec<MyMark>,
    pub invitations: Vec<MyInvitation>,
    pub desk_visits: Vec<MyTicket>,
    /// Their introduction for the stage, and whether they may be put on it.
    pub intro: Option<MyIntro>,
    /// Their own answers to the evening's polls.
    pub poll_answers: Vec<MyPollAnswer>,
    /// The volunteers who walked with them: where from and to, and how it went.
    pub escort_tasks: Vec<MyEscort>,
    /// Who did what with their record, and when.
    pub log: Vec<MyLogEntry>,
    /// Links stop working this many days after the event closes.
    pub link_days: u32,
    /// Personal data is erased this many days after the close (`null`: when the
    /// organiser purges the event, or on request).
    pub erase_after_days: Option<u32>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyIntro {
    pub text: String,
    pub on_stage: bool,
    pub at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyEscort {
    /// `move`, `desk`, `room`, `stage`, `exit` or `asked`.
    pub reason: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// `open`, `taken`, `arrived`, `done`, `cancelled` or `missed`.
    pub status: String,
    pub at: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MyPollAnswer {
    pub question: String,
    /// The option they chose last.
    pub answer: String,
}

/// What the evening's saved state holds of this guest: their introduction and
/// their poll answers.
async fn on_stage(
    db: &crate::db::Db,
    event: &str,
    me: &str,
) -> Result<(Option<MyIntro>, Vec<MyPollAnswer>), ApiError> {
    let state = crate::db::live::load(db, event).await?;
    let Some(live) = state.and_then(|s| crate::core::live::saved::from_json(&s).ok()) else {
        return Ok((None, Vec::new()));
    };
    let intro = live.stage.intros.get(me).map(|i| MyIntro {
        text: i.text.clone(),
        on_stage: i.on_stage,
        at: i.at,
    });
    let answers = live
        .stage
        .polls
        .iter()
        .filter_map(|p| {
            let o = *p.answers.get(me)?;
            Some(MyPollAnswer {
                question: p.question.clone(),
                answer: p.options.get(o)?.clone(),
            })
        })
        .collect();
    Ok((intro, answers))
}

/// Everything Blossom stores about the calling guest (their token).
#[utoipa::path(get, path = "/api/me/data", tag = "system", security(("bearer" = [])),
    responses((status = 200, body = MyData), (status = 401, body = super::error::Problem), (status = 403, body = super::error::Problem)))]
async fn my_data(State(state): State<AppState>, who: Principal) -> Result<Json<MyData>, ApiError> {
    let me = guest(&who)?;
    let (db, ev) = (&state.db, me.event_id.as_str());
    let people = participants::list(db, ev).await?;
    let by_id: HashMap<&str, &participants::ParticipantRow> =
        people.iter().map(|p| (p.id.as_str(), p)).collect();
    let met = |id: &str| match by_id.get(id) {
        Some(p) => Met {
            number: Some(p.number),
            name: (!p.display_name.is_empty()).then(|| p.display_name.clone()),
        },
        None => Met {
            number: None,
            name: None,
        },
    };
    let mine = by_id
        .get(me.id.as_str())
        .copied()
        .ok_or(ApiError::ParticipantNotFound)?;
    let avoid = participants::avoid_numbers(db, ev)
        .await?
        .into_iter()
        .filter(|(p, _)| *p == me.id)
        .map(|(_, n)| n)
        .collect();
    let event = events::load(&state, ev).await?;
    // Staff are named by their role and name (a desk's name), never by token.
    let staff: std::collections::HashMap<String, (String, String)> = crate::db::staff::list(db, ev)
        .await?
        .into_iter()
        .map(|s| (s.id, (s.role.as_str().to_string(), s.name)))
        .collect();
    let by = |actor: &str| -> (String, Option<String>) {
        match actor.split_once(':').unwrap_or((actor, "")) {
            ("participant", _) => ("you".into(), None),
            ("admin", _) => ("organiser".into(), None),
            ("staff", id) => match staff.get(id) {
                Some((role, name)) => (role.clone(), Some(name.clone()).filter(|n| !n.is_empty())),
                None => ("staff".into(), None),
            },
            _ => ("system".into(), None),
        }
    };
    let (intro, poll_answers) = on_stage(db, ev, &me.id).await?;
    let escort_tasks = crate::db::escorts::tasks(db, ev)
        .await?
        .into_iter()
        .filter(|t| t.participant_id == me.id)
        .map(|t| MyEscort {
            reason: t.reason,
            from: t.from_place,
            to: t.to_place,
            status: t.status,
            at: t.created_at,
        })
        .collect();
    Ok(Json(MyData {
        intro,
        poll_answers,
        escort_tasks,
        event: EventSummary {
            id: event.id,
            title: event.title,
            venue: event.venue,
            starts_at: event.starts_at,
        },
        profile: ParticipantView::new(mine, avoid),
        dates: about::dates(db, ev, &me.id)
            .await?
            .into_iter()
            .map(|d| MyDate {
                round: d.round,
                table: d.table_label,
                partner: met(&d.partner),
            })
            .collect(),
        marks: about::marks(db, ev, &me.id)
            .await?
            .into_iter()
            .map(|m| MyMark {
                round: m.round,
                partner: met(&m.partner),
                choice: m.choice,
                at: m.marked_at,
            })
            .collect(),
        invitations: about::chats(db, ev, &me.id)
            .await?
            .into_iter()
            .map(|c| {
                let sent = c.from_id == me.id;
                MyInvitation {
                    round: c.round,
                    sent,
                    partner: met(if sent { &c.to_id } else { &c.from_id }),
                    status: c.status,
                    at: c.created_at,
                }
            })
            .collect(),
        desk_visits: about::tickets(db, ev, &me.id)
            .await?
            .into_iter()
            .map(|t| MyTicket {
                reason: t.reason,
                note: t.note,
                staff_note: t.staff_note,
                status: t.status,
                at: t.created_at,
            })
            .collect(),
        log: about::log(db, ev, &me.id)
            .await?
            .into_iter()
            .map(|l| {
                let (by, by_name) = by(&l.actor);
                MyLogEntry {
                    at: l.at,
                    by,
                    by_name,
                    kind: l.kind,
                }
            })
            .collect(),
        link_days: state.retention.link_days,
        erase_after_days: state.retention.erase_after_days,
    }))
}

/// The calling guest asks to be erased: the organiser is shown the request on the
/// roster, and erases them. Asking again keeps the first time.
#[utoipa::path(post, path = "/api/me/erasure", tag = "system", security(("bearer" = [])),
    responses((status = 202, body = ErasureAsked), (status = 401, body = super::error::Problem), (status = 403, body = super::error::Problem)))]
async fn ask_erasure(
    State(state): State<AppState>,
    who: Principal,
) -> Result<(StatusCode, Json<ErasureAsked>), ApiError> {
    let me = guest(&who)?;
    let now = state.clock.now();
    let mut tx = db::begin(&state.db).await?;
    db::erasure::request(&mut tx, &me.id, now).await?;
    let data = json!({ "participant_id": me.id });
    db::log::append(
        &mut tx,
        &me.event_id,
        &format!("participant:{}", me.id),
        "participant.erasure_requested",
        data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((
        StatusCode::ACCEPTED,
        Json(ErasureAsked {
            asked_at: me.erasure_requested_at.unwrap_or(now),
        }),
    ))
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErasureAsked {
    /// When the guest first asked.
    pub asked_at: i64,
}

/// The calling guest (their link may have ended: they still read their data).
fn guest(who: &Principal) -> Result<&crate::db::participants::ParticipantRow, ApiError> {
    match who {
        // A phone not yet confirmed reads only `/api/me` (number, name, event).
        Principal::Participant(p) | Principal::FormerGuest(p) | Principal::Withdrawn(p)
            if p.confirmed == 0 =>
        {
            Err(ApiError::ConfirmNeeded)
        }
        Principal::Participant(p) | Principal::FormerGuest(p) | Principal::Withdrawn(p) => Ok(p),
        _ => Err(ApiError::forbidden(
            "只有参与者本人可以查看自己的资料。",
            "Only the guest themselves can read this: use the guest's own link.",
        )),
    }
}
