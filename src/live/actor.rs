//! The actor: the one writer of a running event.
//!
//! `select!` on the inbox and on a sleep until the next deadline (the pattern of
//! mini-redis's purge task). Each wake takes every message waiting (up to a batch),
//! fires the deadlines that are due, applies the commands in order, all on a
//! blocking thread (a 1,000-guest re-plan takes a few hundred milliseconds and must
//! not hold up the runtime), then saves the new state, its log entries and its
//! projection rows in **one** transaction, and only then acknowledges and publishes.
//!
//! A batch of interest marks and nothing else (5,000 guests mark their date at the
//! same moment) takes a quick path ([`Actor::step_marks`]): the marks are checked
//! and applied to a copy of the interest slice on the actor's own task, saved as
//! their rows alone (not with the whole state), and published by replacing the
//! frames they change in the last board rather than building a new one.
//!
//! A save that fails, or takes longer than [`SAVE_TIMEOUT`], undoes the whole batch:
//! its commands are answered `unavailable`, and the actor tries the due deadlines
//! again shortly, reading its inbox meanwhile, so a stalled database costs a late
//! phase change but never a hung connection.

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::Instant;

use super::published::Published;
use crate::clock::Clock;
use crate::core::live::{
    Command, InterestCmd, Live, Outcome, Programme, Refusal, Roster, Settings, saved,
};
use crate::db::{self, Db};

/// How long a save may take before the batch is given up.
pub const SAVE_TIMEOUT: Duration = Duration::from_secs(3);
/// A command that waited longer than this in the inbox (behind a stalled save) is
/// answered `unavailable` without being applied: with [`SAVE_TIMEOUT`], every
/// command is answered within about five seconds.
pub const QUEUE_LIMIT: Duration = Duration::from_secs(2);
/// How long a caller waits at most: only an actor that has died takes this long.
pub const ANSWER_TIMEOUT: Duration = Duration::from_secs(15);
/// After a failed save, the wait before due deadlines are tried again.
const RETRY: Duration = Duration::from_millis(500);
/// The most messages taken into one transaction. Large: a transaction's cost is
/// mostly its few round trips to the database, each waiting its turn on a runtime
/// busy with thousands of sockets, so a burst (5,000 marks at once) is best taken
/// in a few large steps rather than many small ones.
const BATCH: usize = 8192;
/// How many messages may wait in the inbox.
const INBOX: usize = 8192;

/// Why a command did not take effect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// Refused by the rules (not started, already paused, ...).
    Refused(Refusal),
    /// Valid, but it could not be saved in time; nothing changed.
    Unavailable,
}

/// What an accepted command answers with.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Done {
    /// For a check-in: when the guest first arrived.
    pub checked_in_at: Option<i64>,
}

/// Where a message's answer goes.
type Reply = oneshot::Sender<Result<Done, Failure>>;

enum Msg {
    Command {
        cmd: Command,
        actor: String,
        reply: Reply,
        sent: Instant,
    },
    /// The roster changed (a registration, an update, a withdrawal).
    Roster {
        roster: Box<Roster>,
        settings: Settings,
        programme: Option<Programme>,
        reply: Reply,
    },
}

/// The lease an actor runs under: every save checks that it still holds it.
#[derive(Debug, Clone)]
pub struct Fence {
    pub owner: String,
    pub term: i64,
}

/// A cheap handle on a running event's actor.
#[derive(Clone)]
pub struct Handle {
    term: i64,
    tx: mpsc::Sender<Msg>,
    state: watch::Receiver<Arc<Published>>,
    stop: mpsc::Sender<oneshot::Sender<()>>,
}

impl Handle {
    /// Sends a command; resolves once it is saved, refused, or given up.
    pub async fn send(&self, cmd: Command, actor: &str) -> Result<Done, Failure> {
        let (reply, rx) = oneshot::channel();
        let actor = actor.to_string();
        let sent = Instant::now();
        self.ask(
            Msg::Command {
                cmd,
                actor,
                reply,
                sent,
            },
            rx,
        )
        .await
    }

    /// Replaces the roster (after registrations, updates or withdrawals), so new
    /// people can be checked in and seated, and people withdrawn leave the evening.
    /// In the lobby the clock also takes the event's rules as stored.
    pub async fn reload(
        &self,
        roster: Roster,
        settings: Settings,
        programme: Option<Programme>,
    ) -> Result<Done, Failure> {
        let (reply, rx) = oneshot::channel();
        self.ask(
            Msg::Roster {
                roster: Box::new(roster),
                settings,
                programme,
                reply,
            },
            rx,
        )
        .await
    }

    /// Stops the actor: it finishes the batch at hand, saves nothing more, and
    /// its connections close (their phones reconnect to a new actor, which reads
    /// the state as saved). Resolves once it has stopped.
    pub async fn stop(&self) {
        let (reply, stopped) = oneshot::channel();
        if self.stop.send(reply).await.is_ok() {
            let _ = stopped.await;
        }
    }

    /// The term of the lease the actor runs under.
    pub fn term(&self) -> i64 {
        self.term
    }

    /// False once the actor has stopped (by itself, when its lease was lost).
    pub fn alive(&self) -> bool {
        !self.tx.is_closed()
    }

    async fn ask(
        &self,
        msg: Msg,
        rx: oneshot::Receiver<Result<Done, Failure>>,
    ) -> Result<Done, Failure> {
        let asked = async {
            self.tx.send(msg).await.map_err(|_| Failure::Unavailable)?;
            rx.await.map_err(|_| Failure::Unavailable)?
        };
        tokio::time::timeout(ANSWER_TIMEOUT, asked)
            .await
            .unwrap_or(Err(Failure::Unavailable))
    }

    /// A receiver of every published state, starting from the current one. A slow
    /// reader skips straight to the newest state: no backlog builds up.
    pub fn watch(&self) -> watch::Receiver<Arc<Published>> {
        self.state.clone()
    }

    pub fn current(&self) -> Arc<Published> {
        self.state.borrow().clone()
    }
}

/// Starts an actor for `event_id` with its loaded state.
pub fn spawn(
    db: Db,
    clock: Clock,
    event_id: String,
    live: Live,
    roster: Roster,
    fence: Fence,
) -> Handle {
    let term = fence.term;
    let roster = Arc::new(roster);
    let first = Published::new(live.clone(), roster.clone(), clock.now());
    let (publish, state) = watch::channel(Arc::new(first));
    let (tx, inbox) = mpsc::channel(INBOX);
    let (stop, stops) = mpsc::channel(1);
    let actor = Actor {
        db,
        clock,
        event_id,
        live,
        roster,
        publish,
        retry_at: None,
        save_failed: false,
        fence,
        fenced: false,
    };
    tokio::spawn(actor.run(inbox, stops));
    Handle {
        term,
        tx,
        state,
        stop,
    }
}

struct Actor {
    db: Db,
    clock: Clock,
    event_id: String,
    live: Live,
    roster: Arc<Roster>,
    publish: watch::Sender<Arc<Published>>,
    /// Set after a failed save: when to try the due deadlines again.
    retry_at: Option<Instant>,
    /// The last save failed: the database may be stalled.
    save_failed: bool,
    fence: Fence,
    /// A save found the lease in other hands: the actor stops.
    fenced: bool,
}

/// What the blocking thread worked out for one batch.
struct Worked {
    live: Live,
    roster: Arc<Roster>,
    /// Log entries and rows to save, each with who caused them.
    saves: Vec<(String, Outcome)>,
    /// Each message's answer if the save succeeds, and whether it was a roster.
    answers: Vec<(Reply, Result<Done, Failure>, bool)>,
    published: Option<Published>,
}

impl Actor {
    async fn run(
        mut self,
        mut inbox: mpsc::Receiver<Msg>,
        mut stops: mpsc::Receiver<oneshot::Sender<()>>,
    ) {
        loop {
            if self.fenced {
                // Another instance took the event over: nothing more is written
                // here, and dropping the publisher ends every session (1012).
                tracing::warn!(event = %self.event_id, instance = %self.fence.owner, term = self.fence.term, "the event's lease is in other hands: its actor stops");
                return;
            }
            let deadline = self.live.next_deadline();
            let due = deadline.is_some_and(|d| d <= self.clock.now());
            // The retry after a failed save waits in real time: it is about the
            // database, not the evening's clock.
            let retrying = self.retry_at.is_some_and(|r| r > Instant::now());
            if due && !retrying {
                self.step(Vec::new()).await;
                continue;
            }
            let wake = if due { None } else { deadline };
            let clock = self.clock.clone();
            let retry = self.retry_at;
            tokio::select! {
                stop = stops.recv() => {
                    // Dropping `self` drops the publisher: every session ends.
                    if let Some(reply) = stop {
                        drop(self);
                        let _ = reply.send(());
                    }
                    return;
                }
                msg = inbox.recv() => {
                    let Some(msg) = msg else { break };
                    let mut batch = vec![msg];
                    while batch.len() < BATCH && let Ok(more) = inbox.try_recv() {
                        batch.push(more);
                    }
                    if marks_only(&batch) && !self.save_failed {
                        let more = !inbox.is_empty();
                        self.step_marks(batch, more).await;
                    } else {
                        self.step(batch).await;
                    }
                }
                _ = async {
                    match wake {
                        Some(at) => clock.sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                } => {}
                _ = async {
                    match retry {
                        Some(at) => tokio::time::sleep_until(at).await,
                        None => std::future::pending().await,
                    }
                } => {
                    self.retry_at = None;
                }
            }
        }
    }

    /// One batch: deadlines due, then the messages, saved together.
    async fn step(&mut self, mut batch: Vec<Msg>) {
        // A caller that has given up is not served later behind its back; and
        // after a failed save, commands kept waiting too long behind it are told
        // now (by dropping their reply), never applied later.
        let stalled = self.save_failed;
        batch.retain(|msg| match msg {
            Msg::Command { reply, sent, .. } => {
                let gave_up = reply.is_closed();
                let waited_out = stalled && sent.elapsed() > QUEUE_LIMIT;
                !(gave_up || waited_out)
            }
            Msg::Roster { .. } => true,
        });
        let now = self.clock.now();
        let started = Instant::now();
        let live = self.live.clone();
        let roster = self.roster.clone();
        let last = self.publish.borrow().clone();
        // Planning is CPU work that may take a while: off the runtime's threads.
        let worked =
            tokio::task::spawn_blocking(move || work(live, roster, &last, batch, now)).await;
        let applied = started.elapsed();
        let Ok(worked) = worked else {
            // A bug in the rules: nothing is applied; try the deadlines again
            // shortly rather than spin.
            tracing::error!(event = %self.event_id, "the planner thread failed");
            self.retry_at = Some(Instant::now() + RETRY);
            return;
        };
        let changed = worked.saves.iter().any(|(_, o)| o.changed());
        let saved = if changed {
            match save(
                &self.db,
                &self.event_id,
                &self.fence,
                &worked.live,
                &worked.saves,
                now,
            )
            .await
            {
                Ok(()) => true,
                Err(SaveError::Fenced) => {
                    self.fenced = true;
                    false
                }
                Err(e) => {
                    tracing::error!(event = %self.event_id, error = %e, "cannot save the evening");
                    false
                }
            }
        } else {
            true
        };
        let stored = started.elapsed();
        // The roster comes from the database already: keep it even if the save
        // failed (presence follows it at the next successful step).
        let roster_changed = !Arc::ptr_eq(&self.roster, &worked.roster);
        self.roster = worked.roster;
        self.save_failed = !saved;
        if saved {
            self.live = worked.live;
            self.retry_at = None;
            if let Some(p) = worked.published {
                self.publish.send_replace(Arc::new(p));
            }
            for (reply, answer, _) in worked.answers {
                let _ = reply.send(answer);
            }
            tracing::debug!(event = %self.event_id, ?applied, ?stored, published = ?started.elapsed(), "a step");
        } else {
            self.retry_at = Some(Instant::now() + RETRY);
            if roster_changed {
                let p = Published::new(self.live.clone(), self.roster.clone(), now);
                self.publish.send_replace(Arc::new(p));
            }
            for (reply, _, roster) in worked.answers {
                // Everything in the batch was undone: even a refusal was judged
                // against a state that is gone. A new roster was taken up all the
                // same.
                let answer = if roster {
                    Ok(Done::default())
                } else {
                    Err(Failure::Unavailable)
                };
                let _ = reply.send(answer);
            }
        }
    }
}

/// Whether a batch is interest marks and nothing else.
fn marks_only(batch: &[Msg]) -> bool {
    batch.iter().all(|m| {
        matches!(
            m,
            Msg::Command {
                cmd: Command::Interest(InterestCmd::Mark { .. }),
                ..
            }
        )
    })
}

impl Actor {
    /// The quick path for a batch of marks: each checked against the evening and
    /// applied to a copy of the interest slice, saved as its rows in one
    /// transaction (the state is not re-saved: marks are not part of it), then
    /// published by replacing the changed guests' `marks` frames in the last board.
    /// The staff's counts are brought up to date once the burst is over (`more`:
    /// messages are still waiting), not with every batch.
    async fn step_marks(&mut self, batch: Vec<Msg>, more: bool) {
        let now = self.clock.now();
        let started = std::time::Instant::now();
        let n = batch.len();
        let mut interest = self.live.interest.clone();
        let dated = self.publish.borrow().dated.clone();
        let mut out = Outcome::default();
        let mut people = Vec::new();
        let mut answers = Vec::new();
        for msg in batch {
            let Msg::Command {
                cmd: Command::Interest(cmd),
                reply,
                ..
            } = msg
            else {
                continue;
            };
            if reply.is_closed() {
                continue;
            }
            let mut one = Outcome::default();
            match self
                .live
                .apply_to(&mut interest, &cmd, &dated, &self.roster, now, &mut one)
            {
                Ok(()) => {
                    if one.changed()
                        && let InterestCmd::Mark { participant, .. } = &cmd
                    {
                        people.push(participant.clone());
                    }
                    out.rows.append(&mut one.rows);
                    out.rows_only |= one.rows_only;
                    answers.push((reply, Ok(Done::default())));
                }
                Err(r) => answers.push((reply, Err(Failure::Refused(r)))),
            }
        }
        let applied = started.elapsed();
        if out.changed() {
            // Marks alone are one statement without the lease's check only where
            // no other instance can take the event (SQLite's lock file).
            let alone = db::is_sqlite(&self.db);
            let written =
                if alone && out.log.is_empty() && db::live::marks_fit_one_statement(&out.rows) {
                    // Marks alone are one statement, atomic by itself: no transaction
                    // to open and commit, two round trips fewer on a busy runtime.
                    tokio::time::timeout(
                        SAVE_TIMEOUT,
                        db::live::write_rows_alone(&self.db, &self.event_id, &out.rows),
                    )
                    .await
                    .map_err(|_| SaveError::TimedOut)
                    .and_then(|r| r.map_err(SaveError::Db))
                } else {
                    let saves = [("participant".to_string(), out)];
                    save(
                        &self.db,
                        &self.event_id,
                        &self.fence,
                        &self.live,
                        &saves,
                        now,
                    )
                    .await
                };
            // A statement given up may still have landed: harmless for marks, which
            // the phone sends again and which change nothing when repeated.
            if let Err(e) = written {
                self.fenced |= matches!(e, SaveError::Fenced);
                tracing::error!(event = %self.event_id, error = %e, "cannot save interest marks");
                self.save_failed = true;
                self.retry_at = Some(Instant::now() + RETRY);
                for (reply, _) in answers {
                    let _ = reply.send(Err(Failure::Unavailable));
                }
                return;
            }
        }
        let saved = started.elapsed();
        self.live.interest = interest;
        // Durable now: each guest hears so at once, and their "my dates" follows.
        for (reply, answer) in answers {
            let _ = reply.send(answer);
        }
        people.sort();
        people.dedup();
        if !people.is_empty() || !more {
            let last = self.publish.borrow().clone();
            let next = last.with_marks(&self.live, &people, !more, now);
            self.publish.send_replace(Arc::new(next));
        }
        // Where a burst's time goes (docs/performance.md): `RUST_LOG=blossom=debug`.
        tracing::debug!(marks = n, ?applied, ?saved, published = ?started.elapsed(), more, "a batch of marks");
    }
}

/// The pure part of a step, run on a blocking thread.
fn work(
    mut live: Live,
    mut roster: Arc<Roster>,
    last: &Published,
    batch: Vec<Msg>,
    now: i64,
) -> Worked {
    let mut saves = Vec::new();
    let mut answers = Vec::new();
    let ticked = live.tick(&roster, now);
    let mut publish = ticked.changed();
    saves.push(("system".to_string(), ticked));
    for msg in batch {
        match msg {
            Msg::Command {
                cmd, actor, reply, ..
            } => match live.apply_deferred(&cmd, &roster, now) {
                Ok(out) => {
                    publish |= out.changed();
                    let done = Done {
                        checked_in_at: out.checked_in_at,
                    };
                    saves.push((actor, out));
                    answers.push((reply, Ok(done), false));
                }
                Err(r) => answers.push((reply, Err(Failure::Refused(r)), false)),
            },
            Msg::Roster {
                roster: new,
                settings,
                programme,
                reply,
            } => {
                roster = Arc::new(*new);
                live.roster_reloaded(&settings, programme.as_ref());
                publish = true;
                answers.push((reply, Ok(Done::default()), true));
            }
        }
    }
    // Withdrawn people leave the evening (checked on every step, so a step that
    // could not be saved is made good by the next), and the coming round is
    // re-planned once for every change of presence in the batch.
    let pruned = live.roster_changed(&roster, now);
    publish |= pruned.changed();
    saves.push(("system".to_string(), pruned));
    let published = publish.then(|| last.after(live.clone(), roster.clone(), now));
    Worked {
        live,
        roster,
        saves,
        answers,
        published,
    }
}

async fn save(
    db: &Db,
    event_id: &str,
    fence: &Fence,
    live: &Live,
    saves: &[(String, Outcome)],
    now: i64,
) -> Result<(), SaveError> {
    let state = saves
        .iter()
        .any(|(_, o)| o.touches_state())
        .then(|| saved::to_json(live));
    let writes = async {
        let mut tx = db::begin_bounded(db).await?;
        // First the lease, held until the commit: an instance that lost the event
        // writes nothing (fencing by term).
        if !db::leases::holds(&mut tx, event_id, &fence.owner, fence.term).await? {
            return Err(SaveError::Fenced);
        }
        // A batch of interest marks only is its rows: the state is as last saved.
        if let Some(state) = &state {
            db::live::save(&mut tx, event_id, state, now).await?;
        }
        // The rows first (a date's row holds its guests' records against a change
        // of key), the event's own row last (the log's numbering, the status): the
        // organiser's changes take a guest's record, then the event's row, so in
        // this order the two wait for each other at most, never in a circle.
        for (_, out) in saves {
            db::live::write_rows(&mut tx, event_id, &out.rows).await?;
        }
        for (actor, out) in saves {
            // "participant:<id>" becomes "participant" where the change must not
            // say who.
            let actor = match actor.split_once(':') {
                Some((role, _)) if out.hide_actor => role,
                _ => actor.as_str(),
            };
            for (kind, data) in &out.log {
                db::log::append(&mut tx, event_id, actor, kind, data.clone(), now).await?;
            }
        }
        if state.is_some() {
            let programme = serde_json::to_string(&live.programme).unwrap_or_default();
            db::live::set_status(&mut tx, event_id, live.status(), &programme, now).await?;
        }
        Ok::<_, SaveError>(tx)
    };
    // The writes may be given up (the transaction then rolls back unseen); the
    // commit, once sent, is awaited to the end: its outcome is the truth, and the
    // engine must not tell anyone "nothing changed" about a batch that landed.
    let tx = tokio::time::timeout(SAVE_TIMEOUT, writes)
        .await
        .map_err(|_| SaveError::TimedOut)??;
    Ok(tx.commit().await?)
}

#[derive(Debug, thiserror::Error)]
enum SaveError {
    #[error("the database took longer than {SAVE_TIMEOUT:?}")]
    TimedOut,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    #[error("the event's lease is held by a newer term")]
    Fenced,
}
