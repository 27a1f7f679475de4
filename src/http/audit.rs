//! `GET /api/events/{id}/log`: the event's audit log for the organiser, a row an
//! entry: when, what, who did it (a role and a name, never a token) and whose record
//! it was about (a badge number). Link disclosures, re-issues, claims and
//! confirmations are in it. A guest's own actions (invitations and their answers,
//! desk visits they ask for, rest, consent) show their kind and time only: read
//! beside the seating, "no. 5 invited at 20:14" and no room after it would tell the
//! organiser that no. 12 said not now. No entry carries a mark, a decline, a note or
//! a contact: the log holds none, and only these four fields leave it.

use std::collections::HashMap;

use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::ApiError;
use super::events;
use super::extract::Principal;
use crate::db::{self, participants, staff};
use crate::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(audit_log))
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct LogFilter {
    /// Only entries of this kind (`participant.link_shown`), or of kinds that begin
    /// with it when it ends with a dot (`participant.`).
    pub kind: Option<String>,
}

/// One entry of the audit log.
#[derive(Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub at: i64,
    pub kind: String,
    /// `organiser`, `system`, `guest`, or a staff role and name (`matchmaker 周红娘`);
    /// absent for a guest's own action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor: Option<String>,
    /// The badge number of the guest it was about; absent for a guest's own action.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subject: Option<i64>,
    /// The badge numbers, when it was about several guests (the badge sheet).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subjects: Option<Vec<i64>>,
}

/// Entries a guest's phone made that are still about the guest's record, not the
/// evening between two people: these keep their actor and subject.
const RECORD_KINDS: [&str; 3] = [
    "participant.link_claimed",
    "participant.confirmed",
    "participant.confirm_failed",
];

/// The event's audit log (organiser only).
#[utoipa::path(get, path = "/api/events/{id}/log", tag = "events", security(("bearer" = [])),
    params(("id" = String, Path, description = "Event id"), LogFilter),
    responses((status = 200, body = [AuditEntry]), (status = 403, body = super::error::Problem), (status = 404, body = super::error::Problem)))]
pub async fn audit_log(
    State(state): State<AppState>,
    who: Principal,
    Path(id): Path<String>,
    Query(filter): Query<LogFilter>,
) -> Result<Json<Vec<AuditEntry>>, ApiError> {
    who.require_admin()?;
    events::load(&state, &id).await?;
    let numbers: HashMap<String, i64> = participants::list(&state.db, &id)
        .await?
        .into_iter()
        .map(|p| (p.id, p.number))
        .collect();
    let staff: HashMap<String, String> = staff::list(&state.db, &id)
        .await?
        .into_iter()
        .map(|s| {
            let named = if s.name.is_empty() {
                s.role.as_str().to_string()
            } else {
                format!("{} {}", s.role.as_str(), s.name)
            };
            (s.id, named)
        })
        .collect();
    let wanted = |kind: &str| match filter.kind.as_deref() {
        None | Some("") => true,
        Some(k) if k.ends_with('.') => kind.starts_with(k),
        Some(k) => kind == k,
    };
    let entries = db::log::list(&state.db, &id).await?;
    Ok(Json(
        entries
            .into_iter()
            .filter(|e| wanted(&e.kind))
            .map(|e| entry(e, &numbers, &staff))
            .collect(),
    ))
}

fn entry(
    e: db::log::LogEntry,
    numbers: &HashMap<String, i64>,
    staff: &HashMap<String, String>,
) -> AuditEntry {
    let by_guest = e.actor.starts_with("participant");
    if by_guest && !RECORD_KINDS.contains(&e.kind.as_str()) {
        return AuditEntry {
            at: e.at,
            kind: e.kind,
            actor: None,
            subject: None,
            subjects: None,
        };
    }
    let actor = match e.actor.split_once(':') {
        Some(("staff", sid)) => staff.get(sid).cloned().unwrap_or_else(|| "staff".into()),
        Some(("participant", _)) => "guest".into(),
        _ if e.actor == "admin" => "organiser".into(),
        _ => e.actor.clone(),
    };
    let data: serde_json::Value = serde_json::from_str(&e.data).unwrap_or_default();
    let number = |v: &serde_json::Value| v.as_str().and_then(|id| numbers.get(id)).copied();
    let one = ["participant", "participant_id"]
        .iter()
        .find_map(|k| data.get(*k).and_then(number));
    let many: Option<Vec<i64>> = data
        .get("participants")
        .and_then(|v| v.as_array())
        .map(|ids| ids.iter().filter_map(number).collect());
    let (subject, subjects) = match (one, many) {
        (Some(n), _) => (Some(n), None),
        (None, Some(list)) if list.len() == 1 => (Some(list[0]), None),
        (None, Some(list)) => (None, Some(list)),
        (None, None) => (None, None),
    };
    AuditEntry {
        at: e.at,
        kind: e.kind,
        actor: Some(actor),
        subject,
        subjects,
    }
}
