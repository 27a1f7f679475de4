//! Event id → the handle of its running actor. Actors start on first use (a staff
//! member or guest connecting, a check-in) and, at server start, for every event
//! that was live when the server stopped, which then catches up on the deadlines
//! that passed while it was down.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::actor::{self, Handle, Meta};
use super::roster;
use crate::core::live::Live;
use crate::db::{self, Db};

#[derive(Clone, Default)]
pub struct Registry {
    // A std Mutex: held only to look up or insert, never across an `.await`.
    running: Arc<Mutex<HashMap<String, Handle>>>,
}

impl Registry {
    /// The running actor of an event, if it has one.
    pub fn get(&self, event_id: &str) -> Option<Handle> {
        self.running
            .lock()
            .expect("registry lock")
            .get(event_id)
            .cloned()
    }

    /// The actor of an event, started (from its saved state, or in the lobby) if
    /// needed. `None` when there is no such event.
    pub async fn get_or_start(
        &self,
        db: &Db,
        event_id: &str,
    ) -> Result<Option<Handle>, sqlx::Error> {
        if let Some(h) = self.get(event_id) {
            return Ok(Some(h));
        }
        let Some(loaded) = roster::load(db, event_id).await? else {
            return Ok(None);
        };
        let now = crate::http::now_ms();
        let mut live = match db::live::load(db, event_id)
            .await?
            .and_then(|s| serde_json::from_str::<Live>(&s).ok())
        {
            Some(live) => live,
            None => Live::new(loaded.settings, seed_of(event_id), now),
        };
        // Check-ins recorded while no actor ran (at the desk, before the evening).
        for id in &loaded.checked_in {
            if !live.gone.contains(id) {
                live.present.insert(id.clone());
            }
        }
        let meta = Meta {
            title: loaded.title,
            venue: loaded.venue,
            names_on_projector: loaded.names_on_projector,
        };
        let handle = actor::spawn(
            db.clone(),
            event_id.to_string(),
            live,
            Arc::new(loaded.roster),
            meta,
        );
        // Two callers may have raced: keep the first actor, let the other go.
        let mut running = self.running.lock().expect("registry lock");
        Ok(Some(
            running
                .entry(event_id.to_string())
                .or_insert(handle)
                .clone(),
        ))
    }

    /// Tells a running event that its roster changed. Nothing to do when the event
    /// has no actor: one started later loads the roster then.
    pub async fn roster_changed(&self, db: &Db, event_id: &str) {
        let Some(handle) = self.get(event_id) else {
            return;
        };
        match roster::load(db, event_id).await {
            Ok(Some(loaded)) => handle.reload(loaded.roster).await,
            Ok(None) => {}
            Err(e) => tracing::error!(event = %event_id, error = %e, "cannot reload the roster"),
        }
    }

    /// Starts the actors of every event that was live when the server stopped.
    pub async fn resume_all(&self, db: &Db) -> Result<usize, sqlx::Error> {
        let ids = db::live::running(db).await?;
        for id in &ids {
            self.get_or_start(db, id).await?;
        }
        Ok(ids.len())
    }
}

/// A stable seed per event, so its plans are reproducible.
pub(super) fn seed_of(event_id: &str) -> u64 {
    event_id.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ b as u64).wrapping_mul(0x100_0000_01b3)
    })
}
