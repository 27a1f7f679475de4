//! The actor: the one owner of a running event's state and clock.
//!
//! `select!` on the inbox and on a sleep until the next deadline (the pattern of
//! mini-redis's purge task). Every accepted change is saved, in one transaction
//! with its event-log entry, before the command is acknowledged or anyone is told;
//! a change that cannot be saved is undone and reported.

use std::sync::Arc;
use std::time::Duration;

use serde_json::json;
use tokio::sync::{mpsc, oneshot, watch};

use super::update::Update;
use crate::core::live::{Command, CommandError, Live, Phase, Roster};
use crate::db::{self, Db};

/// Why a command did not take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reply {
    /// Refused by the rules (not started, already paused, ...).
    Rejected(CommandError),
    /// Valid, but it could not be saved; nothing changed.
    Storage,
    /// The actor has stopped.
    Gone,
}

enum Msg {
    Command {
        cmd: Command,
        actor: String,
        reply: oneshot::Sender<Result<(), Reply>>,
    },
    /// The roster changed (a registration, an update, a withdrawal).
    Roster(Roster),
}

/// A cheap handle on a running event's actor.
#[derive(Clone)]
pub struct Handle {
    tx: mpsc::Sender<Msg>,
    state: watch::Receiver<Arc<Update>>,
}

impl Handle {
    /// Sends a command; resolves once it is saved (or refused).
    pub async fn send(&self, cmd: Command, actor: &str) -> Result<(), Reply> {
        let (reply, rx) = oneshot::channel();
        let msg = Msg::Command {
            cmd,
            actor: actor.to_string(),
            reply,
        };
        self.tx.send(msg).await.map_err(|_| Reply::Gone)?;
        rx.await.map_err(|_| Reply::Gone)?
    }

    /// A receiver of every published state, starting from the current one. A slow
    /// reader skips straight to the newest state: no backlog builds up.
    pub fn watch(&self) -> watch::Receiver<Arc<Update>> {
        self.state.clone()
    }

    /// Replaces the roster (after registrations, updates or withdrawals), so new
    /// people can be checked in and seated from the next re-plan.
    pub async fn reload(&self, roster: Roster) {
        let _ = self.tx.send(Msg::Roster(roster)).await;
    }

    pub fn current(&self) -> Arc<Update> {
        self.state.borrow().clone()
    }
}

pub struct Meta {
    pub title: String,
    pub venue: String,
    pub names_on_projector: bool,
}

/// Starts an actor for `event_id` with its loaded state.
pub fn spawn(db: Db, event_id: String, live: Live, roster: Arc<Roster>, meta: Meta) -> Handle {
    let now = crate::http::now_ms();
    let first = Update::new(
        live.clone(),
        roster.clone(),
        (&meta.title, &meta.venue, meta.names_on_projector),
        now,
    );
    let (state_tx, state) = watch::channel(Arc::new(first));
    let (tx, inbox) = mpsc::channel(256);
    tokio::spawn(run(db, event_id, live, roster, meta, inbox, state_tx));
    Handle { tx, state }
}

fn kind(cmd: &Command) -> &'static str {
    match cmd {
        Command::Start => "event.start",
        Command::Pause => "event.pause",
        Command::Resume => "event.resume",
        Command::Extend { .. } => "phase.extend",
        Command::Skip => "phase.skip",
        Command::InsertBreak { .. } => "break.insert",
        Command::End => "event.end",
        Command::Announce { .. } => "announce",
        Command::CheckIn { .. } => "participant.checked_in",
        Command::Gone { .. } => "participant.gone",
        Command::Rest { .. } => "participant.rest",
        Command::RestCancel { .. } => "participant.rest_cancelled",
    }
}

/// What the log keeps of a command: people by id only, never their details.
fn log_data(cmd: &Command) -> serde_json::Value {
    match cmd {
        Command::Extend { seconds } | Command::InsertBreak { seconds } => {
            json!({ "seconds": seconds })
        }
        Command::Announce { text } => json!({ "text": text }),
        Command::CheckIn { participant }
        | Command::Gone { participant }
        | Command::Rest { participant }
        | Command::RestCancel { participant } => {
            json!({ "participant_id": participant })
        }
        _ => json!({}),
    }
}

async fn save(
    db: &Db,
    event_id: &str,
    live: &Live,
    actor: &str,
    kind: &str,
    data: serde_json::Value,
    now: i64,
) -> Result<(), sqlx::Error> {
    let state = serde_json::to_string(live).unwrap_or_default();
    let mut tx = db::begin(db).await?;
    db::live::save(&mut tx, event_id, &state, now).await?;
    let status = match live.phase {
        Phase::Lobby => "scheduled",
        Phase::Closed => "closed",
        _ => "live",
    };
    db::live::set_status(&mut tx, event_id, status).await?;
    db::log::append(&mut tx, event_id, actor, kind, data, now).await?;
    tx.commit().await
}

async fn run(
    db: Db,
    event_id: String,
    mut live: Live,
    mut roster: Arc<Roster>,
    meta: Meta,
    mut inbox: mpsc::Receiver<Msg>,
    publish: watch::Sender<Arc<Update>>,
) {
    let meta_ref = |m: &Meta| (m.title.clone(), m.venue.clone(), m.names_on_projector);
    let (title, venue, names) = meta_ref(&meta);
    let announce = |live: &Live, roster: &Arc<Roster>, at: i64| {
        let update = Update::new(live.clone(), roster.clone(), (&title, &venue, names), at);
        publish.send_replace(Arc::new(update));
    };
    loop {
        let now = crate::http::now_ms();
        let before = live.clone();
        if live.tick(&roster, now) {
            let data = json!({ "phase": live.phase, "round": live.round });
            match save(&db, &event_id, &live, "system", "phase.changed", data, now).await {
                Ok(()) => announce(&live, &roster, now),
                Err(e) => {
                    // Keep the old state and try again shortly.
                    tracing::error!(event = %event_id, error = %e, "cannot save a phase change");
                    live = before;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                    continue;
                }
            }
        }
        let wait = live
            .next_deadline()
            .map(|d| Duration::from_millis((d - crate::http::now_ms()).max(0) as u64));
        tokio::select! {
            msg = inbox.recv() => {
                let (cmd, actor, reply) = match msg {
                    None => break,
                    Some(Msg::Roster(new)) => {
                        roster = Arc::new(new);
                        announce(&live, &roster, crate::http::now_ms());
                        continue;
                    }
                    Some(Msg::Command { cmd, actor, reply }) => (cmd, actor, reply),
                };
                let now = crate::http::now_ms();
                let before = live.clone();
                let (kind, data) = (kind(&cmd), log_data(&cmd));
                let result = match live.apply(cmd, &roster, now) {
                    Err(e) => Err(Reply::Rejected(e)),
                    Ok(false) => Ok(()),
                    Ok(true) => match save(&db, &event_id, &live, &actor, kind, data, now).await {
                        Ok(()) => {
                            announce(&live, &roster, now);
                            Ok(())
                        }
                        Err(e) => {
                            tracing::error!(event = %event_id, error = %e, "cannot save a command");
                            live = before;
                            Err(Reply::Storage)
                        }
                    },
                };
                let _ = reply.send(result);
            }
            _ = async {
                match wait {
                    Some(d) => tokio::time::sleep(d).await,
                    None => std::future::pending().await,
                }
            } => {}
        }
    }
}
