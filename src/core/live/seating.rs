//! Seating: the evening's plan, from the scheduler at the start, re-planned at each
//! transition (and when presence changes during one) with who is actually there,
//! keeping the announced tables where it can; and who sits where in the shown round.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use super::presence::Presence;
use super::roster::Roster;
use crate::core::participant::Mode;
use crate::core::schedule::{self, DatePlan, Effort, Instance, PersonSpec, Schedule};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Seating {
    pub schedule: Schedule,
    pub seed: u64,
}

/// What a partner may know of a person: name, how they talk, and what they asked a
/// partner to know. Nothing else of a profile leaves the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerView {
    pub name: String,
    /// The partner's badge number, to find them by it.
    pub number: i64,
    pub communication: Vec<Mode>,
    pub notes: Option<String>,
}

/// One participant's place in a round. `partner: None` is a rest round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AssignmentView {
    pub round: u32,
    pub table: Option<String>,
    pub partner: Option<PartnerView>,
    pub interpreter: bool,
}

/// One date of the table list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableRow {
    pub table: String,
    /// Participant numbers.
    pub numbers: [i64; 2],
    /// Display names, only where the viewer may see them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub names: Option<[String; 2]>,
    pub interpreter: bool,
}

impl Seating {
    pub fn new(seed: u64) -> Seating {
        Seating {
            schedule: Schedule { rounds: Vec::new() },
            seed,
        }
    }

    /// The dates of round `round`, if planned.
    pub fn dates(&self, round: u32) -> &[DatePlan] {
        self.schedule
            .rounds
            .iter()
            .find(|r| r.round == round)
            .map_or(&[], |r| r.dates.as_slice())
    }

    /// Plans rounds after `done` of `total`, keeping rounds `1..=done` as they were.
    /// People not here (not checked in, or gone) and people `away` next round
    /// (resting, or in a private chat room) get
    /// presence windows that keep them out of the rounds they will miss. With
    /// `keep_announced`, the dates of round `done + 1` already shown to people stay
    /// at their tables where still possible.
    pub fn replan(
        &mut self,
        roster: &Roster,
        presence: &Presence,
        away: &BTreeSet<String>,
        total: u32,
        done: u32,
        keep_announced: bool,
    ) {
        let people: Vec<PersonSpec> = roster
            .people
            .iter()
            .filter_map(|p| {
                let here = presence.is_here(&p.id);
                let resting = away.contains(&p.id);
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

    /// A participant's own place in `round`.
    pub fn assignment(&self, roster: &Roster, round: u32, participant: &str) -> AssignmentView {
        let date = self
            .dates(round)
            .iter()
            .find(|d| d.a == participant || d.b == participant);
        Self::view(roster, round, participant, date)
    }

    /// Every seated person's date in `round`, by id: a board of thousands of
    /// guests looks each one up once, not along the round's dates each time.
    pub fn dates_by_person(&self, round: u32) -> HashMap<&str, &DatePlan> {
        let mut by = HashMap::new();
        for d in self.dates(round) {
            by.insert(d.a.as_str(), d);
            by.insert(d.b.as_str(), d);
        }
        by
    }

    /// A participant's own place in `round`, given their date there (if any).
    pub fn view(
        roster: &Roster,
        round: u32,
        participant: &str,
        date: Option<&DatePlan>,
    ) -> AssignmentView {
        match date {
            Some(d) => {
                let other = if d.a == participant { &d.b } else { &d.a };
                let public = roster.public.get(other);
                AssignmentView {
                    round,
                    table: Some(d.table.clone()),
                    partner: public.map(|p| PartnerView {
                        name: p.name.clone(),
                        number: p.number,
                        communication: p.communication.clone(),
                        notes: p.notes.clone(),
                    }),
                    interpreter: d.interpreter,
                }
            }
            None => AssignmentView {
                round,
                table: None,
                partner: None,
                interpreter: false,
            },
        }
    }

    /// Round `round`'s dates by table, with names when `names` is true.
    pub fn tables(&self, roster: &Roster, round: u32, names: bool) -> Vec<TableRow> {
        let number = |id: &str| roster.public.get(id).map_or(0, |p| p.number);
        let name = |id: &str| {
            roster
                .public
                .get(id)
                .map_or_else(String::new, |p| p.name.clone())
        };
        self.dates(round)
            .iter()
            .map(|d| TableRow {
                table: d.table.clone(),
                numbers: [number(&d.a), number(&d.b)],
                names: names.then(|| [name(&d.a), name(&d.b)]),
                interpreter: d.interpreter,
            })
            .collect()
    }
}
