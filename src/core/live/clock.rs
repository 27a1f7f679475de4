//! The phase clock: lobby → round k → transition → (break) → round k+1 … → closed,
//! and the host's verbs on it. It knows nothing of who sits where: each move it makes
//! is returned as a [`Step`], and [`super::Live`] re-plans and seats people from those.
//!
//! Pausing is this slice's own: a pause freezes its deadline and nothing else. While
//! paused, guests still check in, leave and ask to rest, and the host still announces.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::message::Message;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;
use crate::core::schedule::DatePlan;

// Why the clock says no: each refusal's code and its words in both languages.

pub const ALREADY_STARTED: Refusal = Refusal::Said(&Said {
    code: "already_started",
    zh: "活动已经开始了。",
    en: "The event has already started.",
});
pub const NOT_STARTED: Refusal = Refusal::Said(&Said {
    code: "not_started",
    zh: "活动还没有开始。",
    en: "The event has not started yet.",
});
pub const CLOSED: Refusal = Refusal::Said(&Said {
    code: "closed",
    zh: "活动已经结束。",
    en: "The event has ended.",
});
pub const PAUSED: Refusal = Refusal::Said(&Said {
    code: "paused",
    zh: "已经暂停了。",
    en: "The event is already paused.",
});
pub const NOT_PAUSED: Refusal = Refusal::Said(&Said {
    code: "not_paused",
    zh: "现在没有暂停。",
    en: "The event is not paused.",
});
pub const BAD_SECONDS: Refusal = Refusal::Said(&Said {
    code: "bad_seconds",
    zh: "秒数不在允许范围内。",
    en: "That number of seconds is outside the allowed range.",
});
pub const NO_NEXT_ROUND: Refusal = Refusal::Said(&Said {
    code: "no_next_round",
    zh: "后面已经没有下一轮了。",
    en: "There is no next round.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[
    ALREADY_STARTED,
    NOT_STARTED,
    CLOSED,
    PAUSED,
    NOT_PAUSED,
    BAD_SECONDS,
    NO_NEXT_ROUND,
];

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

/// What a shortened phase keeps at least (ms).
pub const MIN_LEFT_MS: i64 = 5_000;

/// The clock's state.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PhaseClock {
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
}

/// The host's verbs on the clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClockCmd {
    Start,
    Pause,
    Resume,
    /// Seconds to add; negative takes an extension back.
    Extend {
        seconds: i64,
    },
    Skip,
    InsertBreak {
        seconds: i64,
    },
    End,
}

/// What the clock's moves write beside the state: each round as it really ran
/// (`rounds`), with its dates (`dates`).
#[derive(Debug, Clone, PartialEq)]
pub enum RoundRow {
    /// A round began.
    Started {
        round: u32,
        started_at: i64,
        ends_at: i64,
        dates: Vec<DatePlan>,
    },
    /// A round ended, as it really ran.
    Ended { round: u32, at: i64 },
}

/// The host's verbs on the clock, as clients send them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ClockMsg {
    #[serde(rename = "event.start")]
    Start {},
    #[serde(rename = "event.pause")]
    Pause {},
    #[serde(rename = "event.resume")]
    Resume {},
    #[serde(rename = "phase.extend")]
    Extend { seconds: i64 },
    #[serde(rename = "phase.skip")]
    Skip {},
    #[serde(rename = "break.insert")]
    InsertBreak { seconds: i64 },
    #[serde(rename = "event.end")]
    End {},
}

impl Message for ClockMsg {
    type Command = ClockCmd;

    fn command(self, _: &Viewer) -> Result<ClockCmd, String> {
        Ok(match self {
            ClockMsg::Start {} => ClockCmd::Start,
            ClockMsg::Pause {} => ClockCmd::Pause,
            ClockMsg::Resume {} => ClockCmd::Resume,
            ClockMsg::Extend { seconds } => ClockCmd::Extend { seconds },
            ClockMsg::Skip {} => ClockCmd::Skip,
            ClockMsg::InsertBreak { seconds } => ClockCmd::InsertBreak { seconds },
            ClockMsg::End {} => ClockCmd::End,
        })
    }
}

impl ClockCmd {
    /// The event log's `kind` and `data` for this command.
    pub fn log(&self) -> (&'static str, Value) {
        match self {
            ClockCmd::Start => ("event.start", json!({})),
            ClockCmd::Pause => ("event.pause", json!({})),
            ClockCmd::Resume => ("event.resume", json!({})),
            ClockCmd::Extend { seconds } => ("phase.extend", json!({ "seconds": seconds })),
            ClockCmd::Skip => ("phase.skip", json!({})),
            ClockCmd::InsertBreak { seconds } => ("break.insert", json!({ "seconds": seconds })),
            ClockCmd::End => ("event.end", json!({})),
        }
    }
}

/// A move of the clock that the rest of the evening must follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Round `round` begins at `at`: its dates are now fixed.
    RoundStarted { round: u32, at: i64 },
    /// Round `round` is over at `at`: the next one is re-planned with who is here.
    RoundEnded { round: u32, at: i64 },
    /// The event is over (the last round ended, or the host ended it); `in_round`
    /// when a round was under way until then.
    Closed { at: i64, in_round: bool },
    /// The phase or its deadline changed in some other way (pause, extend, break).
    Changed,
}

impl PhaseClock {
    pub fn new(settings: Settings, now: i64) -> PhaseClock {
        PhaseClock {
            settings,
            phase: Phase::Lobby,
            round: 0,
            started_at: now,
            ends_at: None,
            paused_at: None,
            break_requested: None,
        }
    }

    pub fn apply(&mut self, cmd: &ClockCmd, now: i64) -> Result<Vec<Step>, Refusal> {
        let closed = self.phase == Phase::Closed;
        match *cmd {
            ClockCmd::Start => {
                if self.phase != Phase::Lobby {
                    return Err(ALREADY_STARTED);
                }
                self.round = 1;
                self.enter(Phase::Round, now, self.settings.round_ms);
                return Ok(vec![Step::RoundStarted { round: 1, at: now }]);
            }
            ClockCmd::Pause => {
                self.running(closed)?;
                if self.paused_at.is_some() {
                    return Err(PAUSED);
                }
                self.paused_at = Some(now);
            }
            ClockCmd::Resume => {
                let Some(since) = self.paused_at else {
                    return Err(NOT_PAUSED);
                };
                if let Some(end) = self.ends_at.as_mut() {
                    *end += now - since;
                }
                self.paused_at = None;
            }
            ClockCmd::Extend { seconds } => {
                self.running(closed)?;
                if seconds == 0 || !(-3600..=3600).contains(&seconds) {
                    return Err(BAD_SECONDS);
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
            ClockCmd::Skip => {
                self.running(closed)?;
                let at = self.paused_at.take().unwrap_or(now);
                return Ok(vec![self.advance(at.max(now))]);
            }
            ClockCmd::InsertBreak { seconds } => {
                self.running(closed)?;
                if !(60..=7200).contains(&seconds) {
                    return Err(BAD_SECONDS);
                }
                if self.round >= self.settings.rounds {
                    return Err(NO_NEXT_ROUND);
                }
                self.break_requested = Some(seconds * 1000);
            }
            ClockCmd::End => {
                if closed {
                    return Err(CLOSED);
                }
                let in_round = self.phase == Phase::Round;
                self.close(now);
                return Ok(vec![Step::Closed { at: now, in_round }]);
            }
        }
        Ok(vec![Step::Changed])
    }

    /// The next moment the clock moves by itself; none while paused.
    pub fn next_deadline(&self) -> Option<i64> {
        if self.paused_at.is_some() {
            None
        } else {
            self.ends_at
        }
    }

    /// Takes the deadline due at `at` (the caller checked it is due).
    pub fn fire(&mut self, at: i64) -> Step {
        self.advance(at)
    }

    /// The round whose seating people need now: the one under way, or the one they
    /// are moving to.
    pub fn shown_round(&self) -> Option<u32> {
        match self.phase {
            Phase::Round => Some(self.round),
            Phase::Transition | Phase::Break if self.round < self.settings.rounds => {
                Some(self.round + 1)
            }
            _ => None,
        }
    }

    /// Whether the phase under way ends in a round (a change of tables with no
    /// break after it, or a break).
    pub fn next_is_round(&self) -> bool {
        match self.phase {
            Phase::Break => true,
            Phase::Transition => {
                self.break_requested.is_none() && self.settings.break_after != Some(self.round)
            }
            _ => false,
        }
    }

    /// Whether the evening is between rounds (its next round still being planned).
    pub fn between_rounds(&self) -> bool {
        matches!(self.phase, Phase::Transition | Phase::Break)
    }

    fn running(&self, closed: bool) -> Result<(), Refusal> {
        match self.phase {
            Phase::Lobby => Err(NOT_STARTED),
            _ if closed => Err(CLOSED),
            _ => Ok(()),
        }
    }

    fn enter(&mut self, phase: Phase, at: i64, length_ms: i64) {
        self.phase = phase;
        self.started_at = at;
        self.ends_at = Some(at + length_ms);
    }

    fn close(&mut self, at: i64) {
        self.phase = Phase::Closed;
        self.started_at = at;
        self.ends_at = None;
        self.paused_at = None;
    }

    /// The next phase, starting at `at`.
    fn advance(&mut self, at: i64) -> Step {
        match self.phase {
            Phase::Round if self.round >= self.settings.rounds => {
                self.close(at);
                Step::Closed { at, in_round: true }
            }
            Phase::Round => {
                self.enter(Phase::Transition, at, self.settings.transition_ms);
                Step::RoundEnded {
                    round: self.round,
                    at,
                }
            }
            Phase::Transition => {
                let planned = self.settings.break_after == Some(self.round);
                if let Some(ms) = self.break_requested.take() {
                    self.enter(Phase::Break, at, ms);
                    Step::Changed
                } else if planned {
                    self.enter(Phase::Break, at, self.settings.break_ms);
                    Step::Changed
                } else {
                    self.start_round(at)
                }
            }
            Phase::Break => self.start_round(at),
            Phase::Lobby | Phase::Closed => {
                self.ends_at = None;
                Step::Changed
            }
        }
    }

    fn start_round(&mut self, at: i64) -> Step {
        self.round += 1;
        self.enter(Phase::Round, at, self.settings.round_ms);
        Step::RoundStarted {
            round: self.round,
            at,
        }
    }
}
