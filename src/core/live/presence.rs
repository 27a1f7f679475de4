//! Presence: who has arrived, who has left, who asked to rest next round. A change
//! here asks [`super::Live`] for a re-plan; where the clock stands decides whether it
//! happens at once (between rounds) or at the next transition.
//!
//! Pausing does not touch this slice: guests arrive, leave and rest as they do.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::clock;
use super::clock::{Phase, PhaseClock};
use super::message::{Message, me};
use super::outcome::Outcome;
use super::refusal::{self, Refusal, Said};
use super::roster::Roster;
use super::viewer::Viewer;

// Why presence says no: each refusal's code and its words in both languages.

pub const REST_TOO_OFTEN: Refusal = Refusal::Said(&Said {
    code: "too_often",
    zh: "休息的选择一分钟内已经改了好几次，请等一会儿再改。",
    en: "You have changed your rest choice several times this minute: wait a moment, then change it again.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[REST_TOO_OFTEN];

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Presence {
    /// Checked in and not gone.
    pub present: BTreeSet<String>,
    pub gone: BTreeSet<String>,
    /// Asked to rest in the next round.
    pub resting: BTreeSet<String>,
    /// When each guest first checked in (a second check-in keeps the first time).
    #[serde(default)]
    pub arrived_at: BTreeMap<String, i64>,
    /// When each guest last changed their rest choice (the last minute's only):
    /// each change may re-plan the evening, so a guest gets a few a minute.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rest_changes: BTreeMap<String, Vec<i64>>,
}

/// Rest choices a guest may change in any minute.
pub const REST_CHANGES_PER_MINUTE: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PresenceCmd {
    /// Arrived (or back after leaving); `by` is the staff id at the desk, if any.
    CheckIn {
        participant: String,
        by: Option<String>,
    },
    /// Left the evening.
    Gone { participant: String },
    /// Asks to rest next round.
    Rest { participant: String },
    /// Changed their mind: no rest after all.
    RestCancel { participant: String },
}

/// What presence writes beside its state (`check_ins`).
#[derive(Debug, Clone, PartialEq)]
pub enum PresenceRow {
    /// First arrival; a second check-in keeps the first time.
    CheckedIn {
        participant: String,
        by: Option<String>,
        at: i64,
    },
    /// Marked as gone (`left_at`).
    Left { participant: String, at: i64 },
    /// Back after being marked gone (`left_at` cleared).
    Returned { participant: String },
}

/// Presence verbs as clients send them: staff check guests in and out, a guest
/// asks for a rest for themself.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum PresenceMsg {
    #[serde(rename = "checkin")]
    CheckIn { participant: String },
    #[serde(rename = "gone")]
    Gone { participant: String },
    #[serde(rename = "rest.request")]
    Rest {},
    #[serde(rename = "rest.cancel")]
    RestCancel {},
}

impl Message for PresenceMsg {
    type Command = PresenceCmd;

    fn command(self, by: &Viewer) -> Result<PresenceCmd, String> {
        Ok(match self {
            PresenceMsg::CheckIn { participant } => PresenceCmd::CheckIn {
                participant,
                by: by.staff().map(String::from),
            },
            PresenceMsg::Gone { participant } => PresenceCmd::Gone { participant },
            PresenceMsg::Rest {} => PresenceCmd::Rest {
                participant: me(by),
            },
            PresenceMsg::RestCancel {} => PresenceCmd::RestCancel {
                participant: me(by),
            },
        })
    }
}

impl PresenceCmd {
    /// The event log's `kind` and `data`: people by id only, never their details.
    pub fn log(&self) -> (&'static str, Value) {
        let (kind, who) = match self {
            PresenceCmd::CheckIn { participant, .. } => ("participant.checked_in", participant),
            PresenceCmd::Gone { participant } => ("participant.gone", participant),
            PresenceCmd::Rest { participant } => ("participant.rest", participant),
            PresenceCmd::RestCancel { participant } => ("participant.rest_cancelled", participant),
        };
        (kind, json!({ "participant_id": who }))
    }
}

impl Presence {
    /// Applies `cmd`; `Ok(true)` when a re-plan may be needed.
    pub fn apply(
        &mut self,
        cmd: &PresenceCmd,
        roster: &Roster,
        clock: &PhaseClock,
        now: i64,
        out: &mut Outcome<impl From<PresenceRow>>,
    ) -> Result<bool, Refusal> {
        let who = match cmd {
            PresenceCmd::CheckIn { participant, .. }
            | PresenceCmd::Gone { participant }
            | PresenceCmd::Rest { participant }
            | PresenceCmd::RestCancel { participant } => participant,
        };
        if !roster.people.iter().any(|p| &p.id == who) {
            return Err(refusal::UNKNOWN_PARTICIPANT);
        }
        let closed = clock.phase == Phase::Closed;
        match cmd {
            PresenceCmd::CheckIn { participant, by } => {
                let was_gone = self.gone.remove(participant);
                let first = !self.arrived_at.contains_key(participant);
                let at = *self.arrived_at.entry(participant.clone()).or_insert(now);
                out.checked_in_at = Some(at);
                let new = self.present.insert(participant.clone());
                let about = json!({ "participant_id": participant });
                if first {
                    // A first arrival, even of someone marked gone before it.
                    out.log("participant.checked_in", about);
                } else if was_gone {
                    out.log("participant.returned", about);
                    out.row(PresenceRow::Returned {
                        participant: participant.clone(),
                    });
                }
                if first || new {
                    // The guest's row keeps the first time (insert or nothing).
                    out.row(PresenceRow::CheckedIn {
                        participant: participant.clone(),
                        by: by.clone(),
                        at,
                    });
                }
                Ok(new)
            }
            PresenceCmd::Gone { participant } => {
                let was = self.present.remove(participant);
                let newly = self.gone.insert(participant.clone());
                let about = json!({ "participant_id": participant });
                if was {
                    out.log("participant.left", about);
                    out.row(PresenceRow::Left {
                        participant: participant.clone(),
                        at: now,
                    });
                } else if newly {
                    // Not here yet, and now not expected: never seated.
                    out.log("participant.gone", about);
                }
                Ok(was)
            }
            PresenceCmd::Rest { participant } => {
                if closed {
                    return Err(clock::CLOSED);
                }
                if clock.round >= clock.settings.rounds && clock.phase != Phase::Lobby {
                    return Err(clock::NO_NEXT_ROUND);
                }
                if self.resting.contains(participant) {
                    return Ok(false);
                }
                self.count_rest_change(participant, now)?;
                self.resting.insert(participant.clone());
                out.log_entry(cmd.log());
                Ok(true)
            }
            PresenceCmd::RestCancel { participant } => {
                if closed {
                    return Err(clock::CLOSED);
                }
                if !self.resting.contains(participant) {
                    return Ok(false);
                }
                self.count_rest_change(participant, now)?;
                self.resting.remove(participant);
                out.log_entry(cmd.log());
                Ok(true)
            }
        }
    }

    /// Counts one change of `participant`'s rest choice at `now`, or refuses it
    /// when they have made [`REST_CHANGES_PER_MINUTE`] in the last minute.
    fn count_rest_change(&mut self, participant: &str, now: i64) -> Result<(), Refusal> {
        let recent = self
            .rest_changes
            .entry(participant.to_string())
            .or_default();
        recent.retain(|&at| now - at < 60_000);
        if recent.len() >= REST_CHANGES_PER_MINUTE {
            return Err(REST_TOO_OFTEN);
        }
        recent.push(now);
        Ok(())
    }

    /// People no longer on the roster (withdrawn) leave the evening. `true` when
    /// anyone did.
    pub fn prune(&mut self, roster: &Roster) -> bool {
        let known: BTreeSet<&str> = roster.people.iter().map(|p| p.id.as_str()).collect();
        let before = self.present.len() + self.resting.len();
        self.present.retain(|id| known.contains(id.as_str()));
        self.resting.retain(|id| known.contains(id.as_str()));
        before != self.present.len() + self.resting.len()
    }

    /// Here now: checked in and not gone.
    pub fn is_here(&self, id: &str) -> bool {
        self.present.contains(id) && !self.gone.contains(id)
    }
}
