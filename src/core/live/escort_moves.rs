//! Where the evening sends a guest who needs an escort, so that a task is made for
//! them: a new table at a change of tables (not when their table stays), a desk
//! they are called to, a private room, the stage, the exit when the evening
//! closes. Worked out from the state after every step ([`Live::escort_sync`]), so a
//! re-plan that moves a guest again redirects their task, and one that keeps them
//! in place drops it. The change of tables waits for escorted movers: at its end it
//! is extended, 30 seconds at a time and by three minutes at most in all, while a
//! move task is still under way ([`Live::wait_for_escorts`]). Tasks whose cause is
//! gone end by themselves ([`Live::escorts_settle`]).

use serde_json::json;

use super::clock::{ClockCmd, Phase};
use super::escort::{EscortCmd, Place, Reason, TaskState, Whereabouts};
use super::evening::Live;
use super::refusal::Refusal;
use super::roster::Roster;
use super::rows::Outcome;
use crate::core::participant::Escort;

/// The most a change of tables is extended for escorts, in all.
pub const MOST_WAIT_MS: i64 = 3 * 60_000;
/// Each extension.
const STEP_S: i64 = 30;

impl Live {
    /// A guest's need now: set on their phone tonight, else as registered.
    pub fn escort_need(&self, roster: &Roster, person: &str) -> Escort {
        let registered = roster.escorts.get(person).copied().unwrap_or(Escort::None);
        self.escorts.need(person, registered)
    }

    /// Where a guest is now: their private room, else their table in the round
    /// under way (or just ended).
    pub(super) fn place_of(&self, person: &str) -> Option<Place> {
        if let Some((room, _)) = self.chat.stay(person) {
            return Some(Place::Room(room.to_string()));
        }
        self.table_in(person, self.clock.round).map(Place::Table)
    }

    fn table_in(&self, person: &str, round: u32) -> Option<String> {
        self.seating
            .dates(round)
            .iter()
            .find(|d| d.a == person || d.b == person)
            .map(|d| d.table.clone())
    }

    pub(super) fn apply_escort(
        &mut self,
        cmd: &EscortCmd,
        roster: &Roster,
        now: i64,
        out: &mut Outcome,
    ) -> Result<(), Refusal> {
        let person = match cmd {
            EscortCmd::Need { participant, .. }
            | EscortCmd::Ask { participant, .. }
            | EscortCmd::Cancel { participant, .. } => Some(participant.as_str()),
            _ => None,
        };
        let registered = person
            .and_then(|p| roster.escorts.get(p).copied())
            .unwrap_or(Escort::None);
        let place = Whereabouts {
            place: person.and_then(|p| self.place_of(p)),
        };
        let mut escorts = std::mem::take(&mut self.escorts);
        let done = escorts.apply(cmd, registered, place, now, out);
        self.escorts = escorts;
        done
    }

    /// Makes, redirects or drops the tasks the evening's state calls for.
    pub fn escort_sync(&mut self, roster: &Roster, now: i64, out: &mut Outcome) {
        self.escorts_settle(roster, now, out);
        let movers: Vec<(String, Escort)> = roster
            .people
            .iter()
            .map(|p| (p.id.clone(), self.escort_need(roster, &p.id)))
            .filter(|(id, need)| *need != Escort::None && self.presence.present.contains(id))
            .collect();
        if movers.is_empty() {
            return;
        }
        let clock = &self.clock;
        if clock.between_rounds() {
            let (current, next) = (clock.round, clock.round + 1);
            let by = clock.ends_at;
            for (id, need) in &movers {
                let here = self.table_in(id, current);
                let there = self.table_in(id, next).filter(|t| Some(t) != here.as_ref());
                // This change of tables' latest task for them, whatever its state.
                let last = self
                    .escorts
                    .tasks
                    .iter()
                    .rev()
                    .find(|t| {
                        t.participant == *id && t.reason == Reason::Move && t.round == Some(next)
                    })
                    .map(|t| (t.id.clone(), t.state.active(), t.to.clone()));
                match (there, last) {
                    // Done or declined for this very table: nothing more to do.
                    (Some(table), Some((_, false, to)))
                        if to.as_ref() == Some(&Place::Table(table.clone())) => {}
                    (Some(table), _) => {
                        let from = here.map(Place::Table);
                        let to = Some(Place::Table(table));
                        let (why, round) = (Reason::Move, Some(next));
                        self.escorts
                            .make(id, *need, why, from, to, by, round, now, out);
                    }
                    (None, Some((task, true, _))) => self.escorts.drop_task(&task, now, out),
                    (None, _) => {}
                }
            }
        }
        // Called to a desk (not a matchmaker walking to them), into a private room,
        // onto the stage: once for each call, stay and spotlight.
        let calls: Vec<(String, String, i64)> = self
            .desks
            .calls()
            .into_iter()
            .map(|(t, desk, at)| (t.participant.clone(), desk.to_string(), at))
            .collect();
        let spotlight = self.stage.spotlight.clone();
        let closed = self.status() == "closed";
        for (id, need) in &movers {
            let table = self.table_in(id, self.clock.round).map(Place::Table);
            let mut goes: Vec<(Reason, Place, i64)> = Vec::new();
            if let Some((_, desk, at)) = calls.iter().find(|c| c.0 == *id) {
                goes.push((Reason::Desk, Place::Desk(desk.clone()), *at));
            }
            if let Some((room, since)) = self.chat.stay_since(id) {
                goes.push((Reason::Room, Place::Room(room.to_string()), since));
            }
            if let Some(s) = spotlight.as_ref().filter(|s| s.participant == *id) {
                goes.push((Reason::Stage, Place::Stage, s.since));
            }
            if closed {
                goes.push((Reason::Exit, Place::Exit, 0));
            }
            for (reason, to, since) in goes {
                let made = self.escorts.tasks.iter().any(|t| {
                    t.participant == *id
                        && t.reason == reason
                        && t.to.as_ref() == Some(&to)
                        && t.made_at >= since
                });
                if !made {
                    let from = table.clone().filter(|p| *p != to);
                    self.escorts
                        .make(id, *need, reason, from, Some(to), None, None, now, out);
                }
            }
        }
    }

    /// Ends what no longer needs doing, before anything is made: the tasks of a
    /// guest who left, was withdrawn or no longer needs an escort (their own
    /// request aside); a call, a stay or a spotlight that is over before anyone
    /// took its task; and, once a round began, a move nobody took (the guest moved
    /// alone: the report counts them, the goal is none).
    fn escorts_settle(&mut self, roster: &Roster, now: i64, out: &mut Outcome) {
        let mut done: Vec<(String, bool)> = Vec::new();
        let round = (self.clock.phase == Phase::Round).then_some(self.clock.round);
        // The calls standing now, read once for every desk task.
        let calls = self.desks.calls();
        for t in self.escorts.tasks.iter().filter(|t| t.state.active()) {
            let p = t.participant.as_str();
            let here = roster.public.contains_key(p) && !self.presence.gone.contains(p);
            let needs = t.reason == Reason::Asked || self.escort_need(roster, p) != Escort::None;
            let open = t.state == TaskState::Open;
            let over = match (&t.reason, &t.to) {
                (Reason::Desk, Some(Place::Desk(d))) => !calls
                    .iter()
                    .any(|(k, desk, _)| k.participant == p && desk == d),
                (Reason::Room, Some(Place::Room(r))) => {
                    self.chat.stay_since(p).is_none_or(|(room, _)| room != r)
                }
                (Reason::Stage, _) => self
                    .stage
                    .spotlight
                    .as_ref()
                    .is_none_or(|s| s.participant != p),
                _ => false,
            };
            let alone = t.reason == Reason::Move
                && open
                && round.is_some_and(|r| t.round.is_some_and(|m| m <= r));
            if alone {
                done.push((t.id.clone(), true));
            } else if !here || !needs || (open && over) {
                done.push((t.id.clone(), false));
            }
        }
        for (id, alone) in done {
            if alone {
                if let Some(t) = self.escorts.tasks.iter_mut().find(|t| t.id == id) {
                    t.state = TaskState::Cancelled;
                    t.alone = true;
                    t.ended_at = Some(now);
                    out.row(super::escort::EscortRow::Task(t.clone()));
                    out.log("escort.alone", json!({ "task": t.id }));
                }
            } else {
                self.escorts.drop_task(&id, now, out);
            }
        }
    }

    /// At the end of a change of tables: whether it waits for escorts (and has
    /// been extended by another 30 seconds).
    pub(super) fn wait_for_escorts(&mut self, at: i64, out: &mut Outcome) -> bool {
        // Only the deadline that starts the next round waits (not a change of
        // tables that goes on into a break).
        if !self.clock.next_is_round() || self.escorts.extended_ms >= MOST_WAIT_MS {
            return false;
        }
        let next = self.clock.round + 1;
        let present = &self.presence.present;
        let waiting = self.escorts.tasks.iter().any(|t| {
            t.reason == Reason::Move
                && t.round == Some(next)
                && t.state.active()
                && present.contains(&t.participant)
        });
        if !waiting {
            return false;
        }
        let seconds = STEP_S.min((MOST_WAIT_MS - self.escorts.extended_ms) / 1000);
        let cmd = ClockCmd::Extend { seconds };
        if self.clock.apply(&cmd, at).is_err() {
            return false;
        }
        self.escorts.extended_ms += seconds * 1000;
        let (kind, mut data) = cmd.log();
        data["for"] = json!("escorts");
        out.log(kind, data);
        // Every screen shows the new end: the moves' `by` too.
        let by = self.clock.ends_at;
        for t in self
            .escorts
            .tasks
            .iter_mut()
            .filter(|t| t.reason == Reason::Move && t.round == Some(next) && t.state.active())
        {
            t.by = by;
            out.row(super::escort::EscortRow::Task(t.clone()));
        }
        true
    }
}
