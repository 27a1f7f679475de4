//! Volunteers (志愿者) and escort tasks: a guest who needs a guide, a push or company
//! never moves alone. The evening makes a task whenever such a guest must go
//! somewhere (the composer's `escort_moves.rs`: a new table at a change of tables,
//! a desk, a private room, the stage, the exit); a guest may ask for one at any
//! time. A volunteer on shift takes a task (one volunteer only), says they arrived,
//! and that it is done; a guest may decline one. A task nobody took within two
//! minutes is flagged to the host.
//!
//! What a volunteer reads of a guest: number, name, need and communication modes;
//! never a note for partners, nor a desk ticket's reason or note.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::message::{Message, me};
use super::outcome::Outcome;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;
use crate::core::participant::Escort;
use crate::core::text::{self, Lines};

pub use super::escort_task::{Place, Reason, Task, TaskState};

pub const TAKEN: Refusal = Refusal::Said(&Said {
    code: "taken",
    zh: "另一位志愿者已经接了这个任务。",
    en: "Another volunteer has taken this task.",
});
pub const UNKNOWN_TASK: Refusal = Refusal::Said(&Said {
    code: "unknown_task",
    zh: "没有这个任务，或者它已经结束了。请刷新后再看。",
    en: "There is no such task, or it is over: reload and look again.",
});
pub const OFF_SHIFT: Refusal = Refusal::Said(&Said {
    code: "off_shift",
    zh: "您还没有开始值班：请先点“开始值班”。",
    en: "You are not on shift: start your shift first.",
});

/// Every refusal of this slice (their codes are unique across the evening).
pub const REFUSALS: &[Refusal] = &[TAKEN, UNKNOWN_TASK, OFF_SHIFT];

/// A task nobody took is flagged to the host after this long.
pub const FLAG_AFTER_MS: i64 = 2 * 60_000;
/// The longest a guest's own "go to" may be (characters).
pub const MAX_TO: usize = 60;

/// The slice's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Escorts {
    pub tasks: Vec<Task>,
    /// Needs a guest set on their phone this evening (the roster holds the rest).
    pub needs: BTreeMap<String, Escort>,
    /// Volunteers on shift, since when.
    pub shifts: BTreeMap<String, i64>,
    /// How long the change of tables under way was extended to wait for escorts.
    #[serde(default)]
    pub extended_ms: i64,
    /// The last task's number: ids are never given twice, whatever was erased.
    #[serde(default)]
    pub next: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EscortCmd {
    Need {
        participant: String,
        need: Escort,
    },
    Ask {
        participant: String,
        to: Option<String>,
    },
    Cancel {
        participant: String,
        task: String,
    },
    Take {
        volunteer: String,
        task: String,
    },
    Arrived {
        volunteer: String,
        task: String,
    },
    Done {
        volunteer: String,
        task: String,
    },
    On {
        volunteer: String,
    },
    Off {
        volunteer: String,
    },
}

/// The escort verbs as clients send them: a guest's need, request and "no thanks";
/// a volunteer's shift and tasks.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EscortMsg {
    #[serde(rename = "escort.need")]
    Need { need: Escort },
    #[serde(rename = "escort.ask")]
    Ask {
        #[serde(default)]
        to: Option<String>,
    },
    #[serde(rename = "escort.cancel")]
    Cancel { task: String },
    #[serde(rename = "escort.take")]
    Take { task: String },
    #[serde(rename = "escort.arrived")]
    Arrived { task: String },
    #[serde(rename = "escort.done")]
    Done { task: String },
    #[serde(rename = "volunteer.on")]
    On {},
    #[serde(rename = "volunteer.off")]
    Off {},
}

impl Message for EscortMsg {
    type Command = EscortCmd;

    fn command(self, by: &Viewer) -> Result<EscortCmd, String> {
        let staff = || by.staff().unwrap_or_default().to_string();
        Ok(match self {
            EscortMsg::Need { need } => EscortCmd::Need {
                participant: me(by),
                need,
            },
            EscortMsg::Ask { to } => EscortCmd::Ask {
                participant: me(by),
                to,
            },
            EscortMsg::Cancel { task } => EscortCmd::Cancel {
                participant: me(by),
                task,
            },
            EscortMsg::Take { task } => EscortCmd::Take {
                volunteer: staff(),
                task,
            },
            EscortMsg::Arrived { task } => EscortCmd::Arrived {
                volunteer: staff(),
                task,
            },
            EscortMsg::Done { task } => EscortCmd::Done {
                volunteer: staff(),
                task,
            },
            EscortMsg::On {} => EscortCmd::On { volunteer: staff() },
            EscortMsg::Off {} => EscortCmd::Off { volunteer: staff() },
        })
    }
}

/// What the slice writes beside its state.
#[derive(Debug, Clone, PartialEq)]
pub enum EscortRow {
    /// A task as it now stands (`escort_tasks`, written whole).
    Task(Task),
    /// A guest's need, set on their phone (`participants.escort`).
    Need {
        participant: String,
        need: Escort,
    },
    ShiftOn {
        volunteer: String,
        at: i64,
    },
    ShiftOff {
        volunteer: String,
        at: i64,
    },
}

/// Where a guest is now, as the composer knows it.
pub struct Whereabouts {
    pub place: Option<Place>,
}

impl Escorts {
    /// A guest's need: theirs from the phone, else the roster's.
    pub fn need(&self, participant: &str, registered: Escort) -> Escort {
        self.needs.get(participant).copied().unwrap_or(registered)
    }

    /// The guest's task under way, if any.
    pub fn active_of(&self, participant: &str) -> Option<&Task> {
        self.tasks
            .iter()
            .rev()
            .find(|t| t.participant == participant && t.state.active())
    }

    fn find_mut(&mut self, task: &str) -> Result<&mut Task, Refusal> {
        self.tasks
            .iter_mut()
            .find(|t| t.id == task)
            .ok_or(UNKNOWN_TASK)
    }

    /// Makes a task, or sends the one under way for the same cause somewhere else
    /// (a re-plan moves a guest again; a volunteer already with them goes on with
    /// them). A guest may have tasks for different causes at once (a change of
    /// tables and a call to a desk); their own request keeps their words.
    #[allow(clippy::too_many_arguments)]
    pub fn make(
        &mut self,
        participant: &str,
        need: Escort,
        reason: Reason,
        from: Option<Place>,
        to: Option<Place>,
        by: Option<i64>,
        round: Option<u32>,
        now: i64,
        out: &mut Outcome<impl From<EscortRow>>,
    ) {
        if let Some(t) = self.tasks.iter_mut().rev().find(|t| {
            t.participant == participant
                && t.reason == reason
                && t.round == round
                && t.state.active()
        }) {
            if (t.to == to || (reason == Reason::Asked && to.is_none())) && t.by == by {
                return;
            }
            if reason != Reason::Asked || to.is_some() {
                t.to = to;
            }
            t.by = by;
            out.row(EscortRow::Task(t.clone()));
            out.log("escort.redirected", json!({ "task": t.id }));
            return;
        }
        self.next = self.next.max(self.tasks.len() as u64) + 1;
        let task = Task {
            id: format!("e{}", self.next),
            participant: participant.to_string(),
            need,
            reason,
            from,
            to,
            by,
            round,
            state: TaskState::Open,
            volunteer: None,
            made_at: now,
            taken_at: None,
            arrived_at: None,
            ended_at: None,
            flagged: false,
            alone: false,
        };
        // The task id alone: naming the guest and why (a private room) would tell
        // the log who went into the private chat area, which its own entries hide.
        out.log("escort.made", json!({ "task": task.id }));
        out.row(EscortRow::Task(task.clone()));
        self.tasks.push(task);
    }

    /// Ends a task that is no longer needed (its move was planned away).
    pub fn drop_task(&mut self, id: &str, now: i64, out: &mut Outcome<impl From<EscortRow>>) {
        if let Some(t) = self
            .tasks
            .iter_mut()
            .find(|t| t.id == id && t.state.active())
        {
            t.state = TaskState::Cancelled;
            t.ended_at = Some(now);
            out.row(EscortRow::Task(t.clone()));
            out.log("escort.dropped", json!({ "task": t.id }));
        }
    }

    /// Applies a guest's or a volunteer's verb. `registered` is the guest's need as
    /// the roster holds it; `place` where they are now.
    pub fn apply(
        &mut self,
        cmd: &EscortCmd,
        registered: Escort,
        place: Whereabouts,
        now: i64,
        out: &mut Outcome<impl From<EscortRow>>,
    ) -> Result<(), Refusal> {
        match cmd {
            EscortCmd::Need { participant, need } => {
                // The log says that it changed, never what (a need is an access need).
                if self.need(participant, registered) != *need {
                    self.needs.insert(participant.clone(), *need);
                    out.row(EscortRow::Need {
                        participant: participant.clone(),
                        need: *need,
                    });
                    out.log("escort.need", json!({ "participant_id": participant }));
                }
            }
            EscortCmd::Ask { participant, to } => {
                let to = match to.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(t) if t.chars().count() > MAX_TO => return Err(Refusal::TooLong(MAX_TO)),
                    Some(t) => {
                        text::check(t, Lines::One).map_err(Refusal::BadText)?;
                        Some(Place::Said(t.to_string()))
                    }
                };
                // Someone who said they need nobody still gets company when they ask.
                let need = match self.need(participant, registered) {
                    Escort::None => Escort::Company,
                    n => n,
                };
                let reason = Reason::Asked;
                self.make(
                    participant,
                    need,
                    reason,
                    place.place,
                    to,
                    None,
                    None,
                    now,
                    out,
                );
            }
            EscortCmd::Cancel { participant, task } => {
                let t = self.find_mut(task)?;
                if &t.participant != participant || !t.state.active() {
                    return Err(UNKNOWN_TASK);
                }
                t.state = TaskState::Cancelled;
                t.ended_at = Some(now);
                out.row(EscortRow::Task(t.clone()));
                out.log("escort.declined", json!({ "task": task }));
            }
            EscortCmd::Take { volunteer, task } => {
                if !self.shifts.contains_key(volunteer) {
                    return Err(OFF_SHIFT);
                }
                let t = self.find_mut(task)?;
                match t.state {
                    TaskState::Open => {
                        t.state = TaskState::Taken;
                        t.volunteer = Some(volunteer.clone());
                        t.taken_at = Some(now);
                        out.row(EscortRow::Task(t.clone()));
                        out.log("escort.taken", json!({ "task": task }));
                    }
                    _ if t.volunteer.as_ref() == Some(volunteer) && t.state.active() => {}
                    TaskState::Done | TaskState::Cancelled => return Err(UNKNOWN_TASK),
                    _ => return Err(TAKEN),
                }
            }
            EscortCmd::Arrived { volunteer, task } | EscortCmd::Done { volunteer, task } => {
                if !self.shifts.contains_key(volunteer) {
                    return Err(OFF_SHIFT);
                }
                let t = self.find_mut(task)?;
                if !t.state.active() {
                    return Err(UNKNOWN_TASK);
                }
                if t.volunteer.as_ref() != Some(volunteer) {
                    return Err(TAKEN);
                }
                let done = matches!(cmd, EscortCmd::Done { .. });
                if done {
                    t.state = TaskState::Done;
                    t.ended_at = Some(now);
                } else {
                    t.state = TaskState::Arrived;
                    t.arrived_at.get_or_insert(now);
                }
                out.row(EscortRow::Task(t.clone()));
                let kind = if done {
                    "escort.done"
                } else {
                    "escort.arrived"
                };
                out.log(kind, json!({ "task": task }));
            }
            EscortCmd::On { volunteer } => {
                if !self.shifts.contains_key(volunteer) {
                    self.shifts.insert(volunteer.clone(), now);
                    out.row(EscortRow::ShiftOn {
                        volunteer: volunteer.clone(),
                        at: now,
                    });
                    out.log("volunteer.on", json!({ "staff_id": volunteer }));
                }
            }
            EscortCmd::Off { volunteer } => {
                if self.shifts.remove(volunteer).is_some() {
                    // Their tasks under way go back to the others.
                    for t in self
                        .tasks
                        .iter_mut()
                        .filter(|t| t.volunteer.as_ref() == Some(volunteer) && t.state.active())
                    {
                        t.state = TaskState::Open;
                        t.volunteer = None;
                        t.taken_at = None;
                        t.arrived_at = None;
                        out.row(EscortRow::Task(t.clone()));
                    }
                    out.row(EscortRow::ShiftOff {
                        volunteer: volunteer.clone(),
                        at: now,
                    });
                    out.log("volunteer.off", json!({ "staff_id": volunteer }));
                }
            }
        }
        Ok(())
    }

    /// When the next open task is due to be flagged.
    pub fn next_deadline(&self) -> Option<i64> {
        self.tasks
            .iter()
            .filter(|t| t.state == TaskState::Open && !t.flagged)
            .map(|t| t.made_at + FLAG_AFTER_MS)
            .min()
    }

    /// Flags every open task nobody took within two minutes, as of `at`.
    pub fn fire(&mut self, at: i64, out: &mut Outcome<impl From<EscortRow>>) {
        for t in self
            .tasks
            .iter_mut()
            .filter(|t| t.state == TaskState::Open && !t.flagged && t.made_at + FLAG_AFTER_MS <= at)
        {
            t.flagged = true;
            out.log("escort.flagged", json!({ "task": t.id }));
        }
    }

    /// Erasure of a guest: their tasks are gone.
    pub fn forget(&mut self, participant: &str) {
        self.tasks.retain(|t| t.participant != participant);
        self.needs.remove(participant);
    }
}
