//! Erasure and retention (PIPL): erasing one guest, purging a closed event, and
//! the sweep that purges events a chosen number of days after they close.
//!
//! Each runs with the event's actor stopped ([`Registry::with_stopped`]): the actor
//! holds the evening in memory (desk notes among it) and would save it back. The
//! database work is one transaction with its log entry; then SQLite's write-ahead
//! log is checkpointed, so the erased values are in neither file.

use serde_json::json;

use crate::core::live::saved;
use crate::core::report;
use crate::core::retention::Retention;
use crate::db::{self, Db, erasure, events, log};
use crate::live::Registry;
use crate::records::registration::Actor;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no such participant in this event")]
    NotFound,
    #[error("no such event")]
    NoEvent,
    /// The evening is under way: withdraw the guest now, erase them after.
    #[error("the evening is under way")]
    Running,
    /// Only a closed event is purged: its report must be final.
    #[error("the event has not closed")]
    NotClosed,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Erases one guest's personal fields (see [`erasure::erase_participant`]) and the
/// notes about them in the evening's saved state.
pub(super) async fn erase_guest(
    db: &Db,
    registry: &Registry,
    event_id: &str,
    participant_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), Error> {
    let event = events::find(db, event_id).await?.ok_or(Error::NoEvent)?;
    if event.status == "live" {
        return Err(Error::Running);
    }
    registry
        .with_stopped(db, event_id, async {
            let state = db::live::load(db, event_id).await?;
            // Their name, where it stands as a caption's speaker label, goes too.
            let name = db::participants::find(db, event_id, participant_id)
                .await?
                .map(|p| p.display_name);
            let mut tx = db::begin(db).await?;
            if !erasure::erase_participant(&mut tx, event_id, participant_id, now).await? {
                return Err(Error::NotFound);
            }
            match state.as_deref().map(saved::from_json) {
                Some(Ok(mut live)) => {
                    live.forget(participant_id, name.as_deref());
                    db::live::save(&mut tx, event_id, &saved::to_json(&live), now).await?;
                }
                Some(Err(e)) => {
                    tracing::warn!(event = %event_id, error = %e, "the live state cannot be read: notes in it are not erased");
                }
                None => {}
            }
            let data = json!({ "participant_id": participant_id });
            log::append(&mut tx, event_id, &actor.log_name(), "participant.erased", data, now)
                .await?;
            tx.commit().await?;
            Ok(())
        })
        .await?;
    erasure::checkpoint(db).await?;
    Ok(())
}

/// Purges a closed event: its aggregate report is stored, then every personal
/// field is erased (see [`erasure::purge_event`]). Purging twice changes nothing.
pub(super) async fn purge_event(
    db: &Db,
    registry: &Registry,
    event_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), Error> {
    let event = events::find(db, event_id).await?.ok_or(Error::NoEvent)?;
    if event.purged_at.is_some() {
        return Ok(());
    }
    if event.status != "closed" {
        return Err(Error::NotClosed);
    }
    registry
        .with_stopped(db, event_id, async {
            let (records, _) = db::report::records(db, event_id).await?;
            let figures = serde_json::to_string(&report::report(&records))
                .map_err(|e| sqlx::Error::Encode(e.into()))?;
            let mut tx = db::begin(db).await?;
            erasure::purge_event(&mut tx, event_id, &figures, now).await?;
            log::append(
                &mut tx,
                event_id,
                &actor.log_name(),
                "event.purged",
                json!({}),
                now,
            )
            .await?;
            tx.commit().await?;
            Ok::<_, Error>(())
        })
        .await?;
    erasure::checkpoint(db).await?;
    Ok(())
}

/// Purges every event closed longer ago than `retention.erase_after_days`.
/// Returns how many were purged.
pub async fn sweep(
    db: &Db,
    registry: &Registry,
    retention: Retention,
    now: i64,
) -> Result<usize, Error> {
    let mut purged = 0;
    for (id, closed_at) in erasure::closed_unpurged(db).await? {
        if retention.erase_due(Some(closed_at), now) {
            purge_event(db, registry, &id, &Actor::System, now).await?;
            tracing::info!(event = %id, "personal data erased: the retention period after the close has passed");
            purged += 1;
        }
    }
    Ok(purged)
}
