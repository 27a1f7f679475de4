//! This server as one of several on one PostgreSQL database (docs/instances.md):
//! its name and address, the check that its clock agrees with the database's, and
//! the task that every second says it is alive, renews its leases, stops the actors
//! of events it lost, and takes over events whose owner died.

use std::time::Duration;

use crate::clock::Clock;
use crate::db::{self, Db};
use crate::live::Registry;

/// How often an instance renews its leases and looks for orphaned events.
pub const BEAT: Duration = Duration::from_secs(1);
/// The most an instance's system clock may differ from the database's.
pub const MAX_SKEW_MS: i64 = 250;
/// Instances seen within this long are listed by `GET /api/instances`.
pub const SEEN_WITHIN_MS: i64 = 10_000;

/// Who this instance is to the others.
#[derive(Debug, Clone)]
pub struct Instance {
    pub name: String,
    /// host:port, where the others reach it.
    pub address: String,
    pub started_at: i64,
}

/// The default name: the host's name and the port, unique on one machine.
pub fn default_name(port: u16) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .or_else(|| std::env::var("HOSTNAME").ok())
        .unwrap_or_else(|| "blossom".into());
    format!("{host}:{port}")
}

/// How far this machine's clock is from the database's, in milliseconds, measured
/// at the middle of the round trip.
pub async fn skew(db: &Db, clock: &Clock) -> Result<i64, sqlx::Error> {
    let before = clock.now();
    let theirs = db::leases::now(db).await?;
    let after = clock.now();
    Ok((before + after) / 2 - theirs)
}

/// Every [`BEAT`]: the heartbeat (alive, leases renewed), the actors of events lost
/// to another instance stopped, and orphaned events (their owner died or gave them
/// up) taken over. Runs until the server stops.
pub async fn keep(db: Db, clock: Clock, registry: Registry, me: Instance) {
    let mut every = tokio::time::interval(BEAT);
    every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        every.tick().await;
        beat(&db, &clock, &registry, &me).await;
    }
}

async fn beat(db: &Db, clock: &Clock, registry: &Registry, me: &Instance) {
    match db::leases::heartbeat(db, &me.name, &me.address, me.started_at).await {
        Ok(held) => {
            for (event, term) in registry.owned() {
                if !held.iter().any(|(e, t)| *e == event && *t == term) {
                    registry.lost(&event).await;
                }
            }
        }
        Err(e) => {
            // Leases run out by themselves; the saves are fenced whatever happens.
            tracing::warn!(instance = %me.name, error = %e, "cannot renew this instance's leases");
            return;
        }
    }
    // Alone on its database (SQLite), the server resumed every live evening at
    // start and nobody else can have dropped one.
    if registry.alone() {
        return;
    }
    match db::leases::orphans(db).await {
        Ok(ids) => {
            for id in ids {
                if registry.get(&id).is_some() {
                    continue;
                }
                if let Err(e) = registry.get_or_start(db, clock, &id).await {
                    tracing::debug!(event = %id, error = %e, "not taken over here");
                }
            }
        }
        Err(e) => tracing::warn!(error = %e, "cannot look for events without an owner"),
    }
}
