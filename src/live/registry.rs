//! Event id → the handle of its running actor. Actors start on first use (a staff
//! member or guest connecting, a check-in) and, at server start, for every event
//! that was live when the server stopped, which then catches up on the deadlines
//! that passed while it was down.
//!
//! An event whose saved state cannot be read is stopped, not restarted in the lobby:
//! the registry remembers why, `/healthz` reports it, and its staff are told.
//!
//! Several instances may share one PostgreSQL database: an actor starts only once
//! this instance holds the event's lease (`db::leases`), and every save is fenced by
//! the lease's term, so an event has one writer across all of them. On SQLite the
//! lock file makes this server the only one, and it takes every lease at once.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use super::actor::{self, Handle};
use super::load;
use crate::clock::Clock;
use crate::core::live::{Live, interest, saved};
use crate::db::{self, Db};

/// This instance, as the leases name it.
#[derive(Debug, Clone)]
pub struct Me {
    pub name: String,
    /// Take leases whatever their state: SQLite, one server per file.
    pub steal: bool,
}

#[derive(Clone)]
pub struct Registry {
    me: Arc<Me>,
    // std Mutexes: held only to look up or insert, never across an `.await`.
    running: Arc<Mutex<HashMap<String, Handle>>>,
    /// Events stopped because their saved state cannot be read, with the reason.
    stopped: Arc<Mutex<BTreeMap<String, String>>>,
    /// Held while an actor is being started, so two callers never start two
    /// actors of one event (each would tick and save).
    starting: Arc<tokio::sync::Mutex<()>>,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// The saved state cannot be read: the event is stopped.
    #[error("the live state of this event cannot be read: {0}")]
    Unreadable(String),
    /// Another instance holds the event's lease and runs its actor: its name and
    /// the address where the others reach it (empty when not known).
    #[error("the event runs on the instance {owner} ({address})")]
    Elsewhere { owner: String, address: String },
}

impl Registry {
    pub fn new(me: Me) -> Registry {
        Registry {
            me: Arc::new(me),
            running: Default::default(),
            stopped: Default::default(),
            starting: Default::default(),
        }
    }

    /// This instance's name.
    pub fn name(&self) -> &str {
        &self.me.name
    }

    /// Whether this server is the only one on its database (SQLite's lock file).
    pub fn alone(&self) -> bool {
        self.me.steal
    }

    /// The events whose actor runs here, with the term of each one's lease.
    pub fn owned(&self) -> Vec<(String, i64)> {
        let mut running = self.running.lock().expect("registry lock");
        running.retain(|_, h| h.alive());
        running
            .iter()
            .map(|(id, h)| (id.clone(), h.term()))
            .collect()
    }

    /// Stops the actor of an event whose lease this instance lost (taken over by
    /// another instance after it expired): it writes nothing more, and its
    /// connections close with 1012 so that phones reconnect to the new owner.
    pub async fn lost(&self, event_id: &str) {
        let running = self.running.lock().expect("registry lock").remove(event_id);
        if let Some(handle) = running {
            tracing::warn!(event = %event_id, instance = %self.me.name, term = handle.term(), "lost the event's lease: its actor stops here");
            handle.stop().await;
        }
    }

    /// Stops every actor and gives up their leases at once, so other instances
    /// take the events over without waiting for the leases to expire.
    /// Returns how many it gave up.
    pub async fn hand_over(&self, db: &Db) -> usize {
        let all: Vec<(String, Handle)> = self
            .running
            .lock()
            .expect("registry lock")
            .drain()
            .collect();
        let count = all.len();
        for (id, handle) in all {
            handle.stop().await;
            if let Err(e) = db::leases::release(db, &id, &self.me.name, handle.term()).await {
                tracing::warn!(event = %id, error = %e, "cannot give the event's lease up; it expires by itself");
            } else {
                tracing::info!(event = %id, instance = %self.me.name, "gave the event up");
            }
        }
        count
    }
    /// The running actor of an event, if it has one.
    pub fn get(&self, event_id: &str) -> Option<Handle> {
        let mut running = self.running.lock().expect("registry lock");
        match running.get(event_id) {
            Some(h) if h.alive() => Some(h.clone()),
            // Its actor stopped itself (its lease was taken over).
            Some(_) => {
                running.remove(event_id);
                None
            }
            None => None,
        }
    }

    /// Events stopped because their saved state cannot be read, with the reason.
    pub fn stopped(&self) -> BTreeMap<String, String> {
        self.stopped.lock().expect("registry lock").clone()
    }

    /// The actor of an event, started (from its saved state, or in the lobby) if
    /// needed. `None` when there is no such event.
    pub async fn get_or_start(
        &self,
        db: &Db,
        clock: &Clock,
        event_id: &str,
    ) -> Result<Option<Handle>, StartError> {
        if let Some(h) = self.get(event_id) {
            return Ok(Some(h));
        }
        let _starting = self.starting.lock().await;
        // Started by another caller while this one waited.
        if let Some(h) = self.get(event_id) {
            return Ok(Some(h));
        }
        if let Some(why) = self.stopped.lock().expect("registry lock").get(event_id) {
            return Err(StartError::Unreadable(why.clone()));
        }
        let Some(loaded) = load::load(db, event_id).await? else {
            return Ok(None);
        };
        // The lease before the state: whatever an earlier owner saved under its
        // term is in the database by now, and nothing it tries later will be.
        let Some(term) = db::leases::take(db, event_id, &self.me.name, self.me.steal).await? else {
            let (owner, address) = db::leases::owner_of(db, event_id)
                .await?
                .unwrap_or_default();
            return Err(StartError::Elsewhere { owner, address });
        };
        tracing::info!(event = %event_id, instance = %self.me.name, term, "took the event");
        let mut live = match db::live::load(db, event_id).await? {
            Some(text) => match saved::from_json(&text) {
                Ok(live) => live,
                Err(e) => {
                    let why = e.to_string();
                    tracing::error!(event = %event_id, error = %why, "the event's live state cannot be read; the event is stopped");
                    let mut stopped = self.stopped.lock().expect("registry lock");
                    stopped.insert(event_id.to_string(), why.clone());
                    return Err(StartError::Unreadable(why));
                }
            },
            None => Live::new(loaded.settings, seed_of(event_id), clock.now()),
        };
        // A lobby saved before the organiser last changed the event's rules.
        live.roster_reloaded(&loaded.settings, loaded.programme.as_ref());
        // Interest marks are rows of their own, not part of the saved state.
        let marks = db::live::marks(db, event_id).await?;
        live.interest.load(
            marks
                .into_iter()
                .filter_map(|(from, round, to, choice, at)| {
                    let choice = interest::Choice::parse(&choice).ok()?;
                    let mark = interest::Mark {
                        partner: to,
                        choice,
                        at,
                    };
                    Some((from, u32::try_from(round).ok()?, mark))
                }),
        );
        // Check-ins recorded before the evening's actor ever ran (older versions
        // wrote them beside it).
        let p = &mut live.presence;
        for (id, at) in &loaded.arrived {
            p.arrived_at.entry(id.clone()).or_insert(*at);
            if !p.gone.contains(id) && !loaded.left.contains(id) {
                p.present.insert(id.clone());
            }
        }
        let fence = actor::Fence {
            owner: self.me.name.clone(),
            term,
        };
        let handle = actor::spawn(
            db.clone(),
            clock.clone(),
            event_id.to_string(),
            live,
            loaded.roster,
            fence,
        );
        let mut running = self.running.lock().expect("registry lock");
        Ok(Some(
            running
                .entry(event_id.to_string())
                .or_insert(handle)
                .clone(),
        ))
    }

    /// Tells a running event that its roster changed, and waits until it has it.
    /// Nothing to do when the event has no actor: one started later loads the
    /// roster then.
    pub async fn roster_changed(&self, db: &Db, event_id: &str) {
        let Some(handle) = self.get(event_id) else {
            return;
        };
        let loaded = match load::load(db, event_id).await {
            Ok(loaded) => loaded,
            Err(e) => {
                tracing::error!(event = %event_id, error = %e, "cannot reload the roster");
                None
            }
        };
        if let Some(l) = loaded
            && let Err(e) = handle.reload(l.roster, l.settings, l.programme).await
        {
            // The roster is the database's; the evening takes it up at its next
            // step even if this one could not be saved.
            tracing::warn!(event = %event_id, failure = ?e, "the live event has not saved the new roster yet");
        }
    }

    /// Runs `work` with the event's actor stopped and none starting until it is
    /// done: erasure rewrites what the actor would otherwise keep in memory and
    /// save again. Its connections close; phones reconnect afterwards.
    pub async fn with_stopped<T>(
        &self,
        db: &Db,
        event_id: &str,
        work: impl Future<Output = T>,
    ) -> T {
        let _starting = self.starting.lock().await;
        let running = self.running.lock().expect("registry lock").remove(event_id);
        if let Some(handle) = running {
            handle.stop().await;
        }
        // On another instance, its actor is stopped by taking the lease from it:
        // its next save finds a newer term and it stops there. Held while the work
        // runs, then given up.
        let term = db::leases::take(db, event_id, &self.me.name, true).await;
        let out = work.await;
        if let Ok(Some(term)) = term
            && let Err(e) = db::leases::release(db, event_id, &self.me.name, term).await
        {
            tracing::warn!(event = %event_id, error = %e, "cannot give the event's lease up; it expires by itself");
        }
        out
    }

    /// Starts the actors of every event that was live when the server stopped.
    pub async fn resume_all(&self, db: &Db, clock: &Clock) -> Result<usize, sqlx::Error> {
        let ids = db::live::running(db).await?;
        for id in &ids {
            match self.get_or_start(db, clock, id).await {
                Ok(_) | Err(StartError::Unreadable(_) | StartError::Elsewhere { .. }) => {}
                Err(StartError::Db(e)) => return Err(e),
            }
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
