//! Loading what the live engine needs to know of an event's people and tables.

use std::collections::HashMap;

use crate::core::live::frames::{IdentityFrame, IssuedBy};
use crate::core::live::{EventInfo, Programme, Public, RoomSpec, Roster, Settings};
use crate::core::schedule::{PersonSpec, TableSpec};
use crate::db::{Db, events, participants, staff};

/// The event's roster and settings, and who has checked in (with the time of their
/// first arrival) and who has left, as the desk recorded them.
pub struct Loaded {
    pub roster: Roster,
    pub settings: Settings,
    /// The programme as stored (set by the organiser before the evening).
    pub programme: Option<Programme>,
    pub arrived: HashMap<String, i64>,
    pub left: Vec<String>,
}

pub async fn load(db: &Db, event_id: &str) -> Result<Option<Loaded>, sqlx::Error> {
    // A purged event has nobody left to run an evening for.
    let Some(event) = events::find(db, event_id)
        .await?
        .filter(|e| e.purged_at.is_none())
    else {
        return Ok(None);
    };
    let rows = participants::list(db, event_id).await?;
    let avoid = participants::avoid_numbers(db, event_id).await?;
    let id_of: HashMap<i64, &str> = rows.iter().map(|p| (p.number, p.id.as_str())).collect();
    let mut avoid_ids: HashMap<&str, Vec<String>> = HashMap::new();
    for (pid, number) in &avoid {
        if let Some(other) = id_of.get(number) {
            avoid_ids
                .entry(pid.as_str())
                .or_default()
                .push(other.to_string());
        }
    }
    let mut roster = Roster {
        interpreters: event.interpreters as u32,
        event: EventInfo {
            title: event.title.clone(),
            organiser: event.organiser.clone(),
            venue: event.venue.clone(),
            names_on_projector: event.names_on_projector != 0,
        },
        ..Roster::default()
    };
    let staff_rows = staff::list(db, event_id).await?;
    let (mut arrived, mut left) = (HashMap::new(), Vec::new());
    for p in rows.iter().filter(|p| !p.is_withdrawn()) {
        let profile = p.profile(Vec::new());
        roster.people.push(PersonSpec {
            id: p.id.clone(),
            gender: profile.gender.clone(),
            seeks: profile.seeks.clone(),
            age: Some(profile.age),
            partner_age: profile.partner_age,
            mobility: profile.mobility,
            communication: profile.communication.clone(),
            quiet: profile.quiet,
            avoid: avoid_ids.remove(p.id.as_str()).unwrap_or_default(),
            max_consecutive: profile.max_consecutive.map(|n| n as u32),
            available: profile.available.map(|[a, b]| [a as u32, b as u32]),
        });
        roster.public.insert(
            p.id.clone(),
            Public {
                name: profile.display_name,
                number: p.number,
                communication: profile.communication,
                notes: profile.notes_for_partner,
            },
        );
        roster.credentials.insert(p.id.clone(), p.token_version);
        roster
            .identity
            .insert(p.id.clone(), identity(p, &staff_rows));
        roster
            .contacts
            .insert(p.id.clone(), (p.contact.clone(), p.share_contact != 0));
        if profile.escort != crate::core::participant::Escort::None {
            roster.escorts.insert(p.id.clone(), profile.escort);
        }
        if let Some(at) = p.checked_in_at {
            arrived.insert(p.id.clone(), at);
            if p.left_at.is_some() {
                left.push(p.id.clone());
            }
        }
    }
    roster.volunteers = staff_rows
        .iter()
        .filter(|s| s.active != 0 && s.role == crate::core::live::Role::Volunteer)
        .map(|s| (s.id.clone(), s.name.clone()))
        .collect();
    roster.staff = staff_rows
        .into_iter()
        .filter(|s| s.active != 0)
        .map(|s| (s.id, s.token_version))
        .collect();
    roster.tables = events::tables(db, event_id)
        .await?
        .into_iter()
        .map(|t| TableSpec {
            id: t.label,
            accessible: t.accessible != 0,
            quiet: t.quiet != 0,
        })
        .collect();
    roster.rooms = events::rooms(db, event_id)
        .await?
        .into_iter()
        .map(|r| RoomSpec {
            label: r.label,
            accessible: r.accessible != 0,
        })
        .collect();
    roster.desks = events::desks(db, event_id)
        .await?
        .into_iter()
        .map(|d| d.label)
        .collect();
    let settings = Settings {
        rounds: event.rounds as u32,
        round_ms: event.round_seconds * 1000,
        transition_ms: event.transition_seconds * 1000,
        break_after: event.break_after_rounds.map(|n| n as u32),
        break_ms: event.break_seconds * 1000,
    };
    let programme = event.programme.as_deref().and_then(|text| {
        serde_json::from_str(text)
            .map_err(|e| tracing::warn!(event = %event_id, error = %e, "the stored programme cannot be read"))
            .ok()
    });
    Ok(Some(Loaded {
        roster,
        settings,
        programme,
        arrived,
        left,
    }))
}

/// A guest's own `identity` frame: their phone confirmed or not, who gave their
/// current link (named by role and name, never by token) and when.
fn identity(p: &participants::ParticipantRow, staff: &[staff::StaffRow]) -> IdentityFrame {
    let issued_by = p
        .issued_by
        .as_deref()
        .map(|by| match by.strip_prefix("staff:") {
            Some(id) => {
                let s = staff.iter().find(|s| s.id == id);
                IssuedBy {
                    role: s.map_or_else(|| "staff".into(), |s| s.role.as_str().to_string()),
                    name: s.map(|s| s.name.clone()).filter(|n| !n.is_empty()),
                }
            }
            None => IssuedBy {
                role: "organiser".into(),
                name: None,
            },
        });
    let confirmed = p.confirmed != 0;
    IdentityFrame {
        confirmed,
        issued_by,
        issued_at: p.issued_at,
        tries_left: if confirmed {
            0
        } else {
            crate::core::identity::tries_left(
                p.contact.as_deref(),
                p.contact_by_staff != 0,
                p.confirm_tries,
            )
        },
        code: p.confirm_code.clone().filter(|_| !confirmed),
    }
}
