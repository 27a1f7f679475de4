//! The evening's plan as staff may see it: the live plan once the event has an
//! actor or saved state, or else a preview as if every registered guest comes.

use std::sync::Arc;

use super::load;
use super::registry::{Registry, StartError, seed_of};
use crate::core::live::{Roster, saved};
use crate::core::schedule::{self, Effort, Instance, Schedule};
use crate::db::{self, Db};

/// A plan and the roster that names its people.
pub struct Plan {
    /// `true` for the running (or finished) event's own plan, `false` for a preview.
    pub live: bool,
    pub schedule: Schedule,
    pub roster: Arc<Roster>,
}

pub async fn plan(
    registry: &Registry,
    db: &Db,
    event_id: &str,
) -> Result<Option<Plan>, StartError> {
    if let Some(handle) = registry.get(event_id) {
        let now = handle.current();
        if now.live.clock.round > 0 || !now.live.seating.schedule.rounds.is_empty() {
            return Ok(Some(Plan {
                live: true,
                schedule: now.live.seating.schedule.clone(),
                roster: now.roster.clone(),
            }));
        }
    }
    let Some(loaded) = load::load(db, event_id).await? else {
        return Ok(None);
    };
    // A saved state that cannot be read is the stopped event's, not a preview's.
    let saved = match db::live::load(db, event_id).await? {
        Some(text) => {
            Some(saved::from_json(&text).map_err(|e| StartError::Unreadable(e.to_string()))?)
        }
        None => None,
    }
    .filter(|l| !l.seating.schedule.rounds.is_empty());
    if let Some(live) = saved {
        return Ok(Some(Plan {
            live: true,
            schedule: live.seating.schedule,
            roster: Arc::new(loaded.roster),
        }));
    }
    let inst = Instance {
        rounds: loaded.settings.rounds,
        interpreters: loaded.roster.interpreters,
        tables: loaded.roster.tables.clone(),
        participants: loaded.roster.people.clone(),
        met: Vec::new(),
    };
    let effort = Effort::for_size(inst.participants.len(), seed_of(event_id));
    // Planning takes up to a second for a large roster: keep it off the runtime.
    let planned = tokio::task::spawn_blocking(move || schedule::plan(&inst, effort))
        .await
        .ok()
        .and_then(Result::ok);
    Ok(Some(Plan {
        live: false,
        schedule: planned
            .map(|p| p.schedule)
            .unwrap_or(Schedule { rounds: Vec::new() }),
        roster: Arc::new(loaded.roster),
    }))
}
