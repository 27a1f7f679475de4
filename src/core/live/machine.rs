//! The phase machine: lobby → round k → transition → (break) → round k+1 … → closed.
//! A round's pairings come from the scheduler: the evening's plan at the start,
//! re-planned at each transition (and when presence changes during one) with who is
//! actually there, keeping the announced tables where it can.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::core::schedule::{self, Effort, Instance, PersonSpec, Schedule, TableSpec};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    Lobby,
    Round,
    Transition,
    Break,
    Closed,
}

/// The event's clock settings, in milliseconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    pub rounds: u32,
    pub round_ms: i64,
    pub transition_ms: i64,
    /// A break after this many rounds (organisers often take one after four dates).
    pub break_after: Option<u32>,
    pub break_ms: i64,
}

/// What a partner may know of a person: name, number, how they talk, and what they
/// asked a partner to know. Nothing else of a profile leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Public {
    pub name: String,
    pub number: i64,
    pub communication: Vec<crate::core::participant::Mode>,
    pub notes: Option<String>,
}

/// What a shortened phase keeps at least (ms).
pub const MIN_LEFT_MS: i64 = 5_000;

/// Who may be seated, as the scheduler sees them, and where.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    /// By participant id.
    pub public: std::collections::HashMap<String, Public>,
    /// Ids are participant ids.
    pub people: Vec<PersonSpec>,
    /// Ids are table labels.
    pub tables: Vec<TableSpec>,
    pub interpreters: u32,
    /// Each participant's current token version: a connection opened with an older
    /// token (re-issued since) or for someone no longer here (withdrawn) is closed.
    pub credentials: std::collections::HashMap<String, i64>,
}

/// The state of a running event. Serialised whole into the database after every
/// change, so a restart resumes exactly here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Live {
    pub settings: Settings,
    pub phase: Phase,
    /// The round under way, or just finished during a transition or break; 0 in the
    /// lobby.
    pub round: u32,
    pub started_at: i64,
    /// When the phase ends if nobody intervenes; `None` in the lobby and once closed.
    pub ends_at: Option<i64>,
    /// Set while paused: the moment the pause began.
    pub paused_at: Option<i64>,
    /// A break the host inserted, taken after the current round (length in ms).
    pub break_requested: Option<i64>,
    pub schedule: Schedule,
    /// Checked in and not gone.
    pub present: BTreeSet<String>,
    pub gone: BTreeSet<String>,
    /// Asked to rest in the next round.
    pub resting: BTreeSet<String>,
    pub announcement: Option<(i64, String)>,
    pub seed: u64,
}

/// What someone asks of the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Start,
    Pause,
    Resume,
    Extend {
        seconds: i64,
    },
    Skip,
    InsertBreak {
        seconds: i64,
    },
    End,
    Announce {
        text: String,
    },
    CheckIn {
        participant: String,
    },
    Gone {
        participant: String,
    },
    Rest {
        participant: String,
    },
    /// Changed their mind: no rest after all.
    RestCancel {
        participant: String,
    },
}

/// Why a command was refused; each has a stable code for the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CommandError {
    AlreadyStarted,
    NotStarted,
    Closed,
    Paused,
    NotPaused,
    BadSeconds,
    EmptyText,
    UnknownParticipant,
    NoNextRound,
}

impl CommandError {
    pub fn code(self) -> &'static str {
        match self {
            CommandError::AlreadyStarted => "already_started",
            CommandError::NotStarted => "not_started",
            CommandError::Closed => "closed",
            CommandError::Paused => "paused",
            CommandError::NotPaused => "not_paused",
            CommandError::BadSeconds => "bad_seconds",
            CommandError::EmptyText => "empty_text",
            CommandError::UnknownParticipant => "unknown_participant",
            CommandError::NoNextRound => "no_next_round",
        }
    }
}

impl Live {
    /// A new event in the lobby.
    pub fn new(settings: Settings, seed: u64, now: i64) -> Live {
        Live {
            settings,
            phase: Phase::Lobby,
            round: 0,
            started_at: now,
            ends_at: None,
            paused_at: None,
            break_requested: None,
            schedule: Schedule { rounds: Vec::new() },
            present: BTreeSet::new(),
            gone: BTreeSet::new(),
            resting: BTreeSet::new(),
            announcement: None,
            seed,
        }
    }

    /// Applies a command at `now`. `Ok(true)` when the state changed.
    pub fn apply(&mut self, cmd: Command, roster: &Roster, now: i64) -> Result<bool, CommandError> {
        let closed = self.phase == Phase::Closed;
        match cmd {
            Command::Start => {
                if self.phase != Phase::Lobby {
                    return Err(CommandError::AlreadyStarted);
                }
                self.round = 1;
                self.replan(roster, 0, false);
                self.resting.clear();
                self.enter(Phase::Round, now, self.settings.round_ms);
            }
            Command::Pause => {
                self.running(closed)?;
                if self.paused_at.is_some() {
                    return Err(CommandError::Paused);
                }
                self.paused_at = Some(now);
            }
            Command::Resume => {
                let Some(since) = self.paused_at else {
                    return Err(CommandError::NotPaused);
                };
                if let Some(end) = self.ends_at.as_mut() {
                    *end += now - since;
                }
                self.paused_at = None;
            }
            Command::Extend { seconds } => {
                self.running(closed)?;
                if seconds == 0 || !(-3600..=3600).contains(&seconds) {
                    return Err(CommandError::BadSeconds);
                }
                // A negative extension shortens the phase (the host's undo of an
                // extension), but always leaves a few seconds to finish a sentence.
                let floor = self.paused_at.unwrap_or(now) + MIN_LEFT_MS;
                if let Some(end) = self.ends_at.as_mut() {
                    *end += seconds * 1000;
                    if seconds < 0 {
                        *end = (*end).max(floor);
                    }
                }
            }
            Command::Skip => {
                self.running(closed)?;
                let at = self.paused_at.take().unwrap_or(now);
                self.advance(roster, at.max(now));
            }
            Command::InsertBreak { seconds } => {
                self.running(closed)?;
                if !(60..=7200).contains(&seconds) {
                    return Err(CommandError::BadSeconds);
                }
                if self.round >= self.settings.rounds {
                    return Err(CommandError::NoNextRound);
                }
                self.break_requested = Some(seconds * 1000);
            }
            Command::End => {
                if closed {
                    return Err(CommandError::Closed);
                }
                self.phase = Phase::Closed;
                self.started_at = now;
                self.ends_at = None;
                self.paused_at = None;
            }
            Command::Announce { text } => {
                let text = text.trim();
                if text.is_empty() {
                    return Err(CommandError::EmptyText);
                }
                self.announcement = Some((now, text.chars().take(500).collect()));
            }
            Command::CheckIn { participant } => {
                self.known(roster, &participant)?;
                self.gone.remove(&participant);
                if !self.present.insert(participant) {
                    return Ok(false);
                }
                self.presence_changed(roster);
            }
            Command::Gone { participant } => {
                self.known(roster, &participant)?;
                let was = self.present.remove(&participant);
                self.gone.insert(participant);
                if was {
                    self.presence_changed(roster);
                }
            }
            Command::Rest { participant } => {
                self.known(roster, &participant)?;
                if closed {
                    return Err(CommandError::Closed);
                }
                if self.round >= self.settings.rounds && self.phase != Phase::Lobby {
                    return Err(CommandError::NoNextRound);
                }
                if !self.resting.insert(participant) {
                    return Ok(false);
                }
                self.presence_changed(roster);
            }
            Command::RestCancel { participant } => {
                self.known(roster, &participant)?;
                if closed {
                    return Err(CommandError::Closed);
                }
                if !self.resting.remove(&participant) {
                    return Ok(false);
                }
                self.presence_changed(roster);
            }
        }
        Ok(true)
    }

    /// Moves past every deadline up to `now`, each at its own deadline, so a server
    /// that was down (or slept late) ends up where it would have been. `true` when
    /// the phase changed.
    pub fn tick(&mut self, roster: &Roster, now: i64) -> bool {
        let mut changed = false;
        while self.paused_at.is_none()
            && let Some(end) = self.ends_at
            && end <= now
        {
            self.advance(roster, end);
            changed = true;
        }
        changed
    }

    /// The next moment `tick` has work, if any.
    pub fn next_deadline(&self) -> Option<i64> {
        if self.paused_at.is_some() {
            None
        } else {
            self.ends_at
        }
    }

    fn running(&self, closed: bool) -> Result<(), CommandError> {
        match self.phase {
            Phase::Lobby => Err(CommandError::NotStarted),
            _ if closed => Err(CommandError::Closed),
            _ => Ok(()),
        }
    }

    fn known(&self, roster: &Roster, id: &str) -> Result<(), CommandError> {
        if roster.people.iter().any(|p| p.id == id) {
            Ok(())
        } else {
            Err(CommandError::UnknownParticipant)
        }
    }

    fn enter(&mut self, phase: Phase, at: i64, length_ms: i64) {
        self.phase = phase;
        self.started_at = at;
        self.ends_at = Some(at + length_ms);
    }

    /// The next phase, starting at `at`.
    fn advance(&mut self, roster: &Roster, at: i64) {
        match self.phase {
            Phase::Round if self.round >= self.settings.rounds => {
                self.phase = Phase::Closed;
                self.started_at = at;
                self.ends_at = None;
            }
            Phase::Round => {
                // Who rested this time may date again; re-plan with who is here.
                // The next round was only planned, not announced: plan it afresh.
                self.enter(Phase::Transition, at, self.settings.transition_ms);
                self.replan(roster, self.round, false);
            }
            Phase::Transition => {
                let planned = self.settings.break_after == Some(self.round);
                if let Some(ms) = self.break_requested.take() {
                    self.enter(Phase::Break, at, ms);
                } else if planned {
                    self.enter(Phase::Break, at, self.settings.break_ms);
                } else {
                    self.start_round(at);
                }
            }
            Phase::Break => self.start_round(at),
            Phase::Lobby | Phase::Closed => self.ends_at = None,
        }
    }

    fn start_round(&mut self, at: i64) {
        self.round += 1;
        // Rest requests were for the round now starting: its plan has them; the
        // next re-plan may seat them again.
        self.resting.clear();
        self.enter(Phase::Round, at, self.settings.round_ms);
    }

    /// Presence changed: in the lobby nothing is planned yet; during a transition
    /// the coming round is re-planned at once (keeping announced tables where it
    /// can); during a round or break it waits for the next transition.
    fn presence_changed(&mut self, roster: &Roster) {
        if matches!(self.phase, Phase::Transition | Phase::Break) {
            self.replan(roster, self.round, true);
        }
    }

    /// Plans rounds after `done`, keeping rounds `1..=done` as they were. People
    /// not here (not checked in, or gone) and people resting next round are given
    /// presence windows that keep them out of the rounds they will miss. With
    /// `keep_announced`, the dates of round `done + 1` already shown to people stay
    /// at their tables where still possible.
    fn replan(&mut self, roster: &Roster, done: u32, keep_announced: bool) {
        let total = self.settings.rounds;
        let people: Vec<PersonSpec> = roster
            .people
            .iter()
            .filter_map(|p| {
                let here = self.present.contains(&p.id) && !self.gone.contains(&p.id);
                let resting = self.resting.contains(&p.id);
                let window = match (here, resting) {
                    (true, false) => None,
                    (true, true) if done + 2 <= total => Some([done + 2, total]),
                    _ if done == 0 => return None,
                    _ => Some([1, done]),
                };
                // The rounds the organiser said they can attend still bound it.
                let available = match (window, p.available) {
                    (w, None) => w,
                    (None, own) => own,
                    (Some([a, b]), Some([c, d])) if a.max(c) <= b.min(d) => {
                        Some([a.max(c), b.min(d)])
                    }
                    _ if done == 0 => return None,
                    _ => Some([1, done]),
                };
                let mut p = p.clone();
                p.available = available;
                Some(p)
            })
            .collect();
        let inst = Instance {
            rounds: total,
            interpreters: roster.interpreters,
            tables: roster.tables.clone(),
            participants: people,
            met: Vec::new(),
        };
        let effort = if done == 0 {
            Effort::for_size(inst.participants.len(), self.seed)
        } else {
            Effort::replan(inst.participants.len(), self.seed.wrapping_add(done as u64))
        };
        let mut previous = self.schedule.clone();
        let keep_through = if keep_announced { done + 1 } else { done };
        previous.rounds.retain(|r| r.round <= keep_through);
        match schedule::replan(&inst, &previous, done, effort) {
            Ok(planned) => self.schedule = planned.schedule,
            Err(errors) => {
                // The roster was checked at registration; an instance error here is
                // a bug, not bad input. Keep the old plan rather than stop the event.
                debug_assert!(false, "re-plan refused: {errors:?}");
            }
        }
    }
}
