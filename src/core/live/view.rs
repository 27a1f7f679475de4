//! What each screen is told: the phase and its deadline (everyone), one
//! participant's own assignment (that participant only), and the table list (the
//! host, matchmakers, and the projector, which shows numbers unless the event allows
//! names).

use serde::Serialize;

use super::machine::{Live, Phase, Roster};
use crate::core::participant::Mode;

/// The `phase` frame's fields (PROTOCOL.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PhaseView {
    pub phase: Phase,
    /// The round under way, or the one people are moving to during a transition or
    /// break; `null` in the lobby.
    pub round: Option<u32>,
    pub rounds: u32,
    pub started_at: i64,
    /// Absolute deadline. While paused: the deadline if resumed now.
    pub ends_at: Option<i64>,
    pub paused: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub remaining_ms: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerView {
    pub name: String,
    pub communication: Vec<Mode>,
    pub notes: Option<String>,
}

/// One participant's place in a round. `partner: null` is a rest round.
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

impl Live {
    pub fn phase_view(&self, now: i64) -> PhaseView {
        let round = match self.phase {
            Phase::Lobby => None,
            Phase::Round | Phase::Closed => Some(self.round).filter(|&r| r > 0),
            Phase::Transition | Phase::Break => Some(self.round + 1),
        };
        let (ends_at, remaining_ms) = match (self.ends_at, self.paused_at) {
            (Some(end), Some(since)) => (Some(end + (now - since)), Some((end - since).max(0))),
            (end, None) => (end, None),
            (None, Some(_)) => (None, None),
        };
        PhaseView {
            phase: self.phase,
            round,
            rounds: self.settings.rounds,
            started_at: self.started_at,
            ends_at,
            paused: self.paused_at.is_some(),
            remaining_ms,
        }
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

    /// A participant's own assignment for the shown round, if any.
    pub fn assignment(&self, roster: &Roster, participant: &str) -> Option<AssignmentView> {
        let round = self.shown_round()?;
        let plan = self.schedule.rounds.iter().find(|r| r.round == round);
        let date = plan.and_then(|r| {
            r.dates
                .iter()
                .find(|d| d.a == participant || d.b == participant)
        });
        Some(match date {
            Some(d) => {
                let other = if d.a == participant { &d.b } else { &d.a };
                let public = roster.public.get(other);
                AssignmentView {
                    round,
                    table: Some(d.table.clone()),
                    partner: public.map(|p| PartnerView {
                        name: p.name.clone(),
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
        })
    }

    /// The shown round's dates by table, with names when `names` is true.
    pub fn tables(&self, roster: &Roster, names: bool) -> Vec<TableRow> {
        let Some(round) = self.shown_round() else {
            return Vec::new();
        };
        let Some(plan) = self.schedule.rounds.iter().find(|r| r.round == round) else {
            return Vec::new();
        };
        let number = |id: &str| roster.public.get(id).map_or(0, |p| p.number);
        let name = |id: &str| {
            roster
                .public
                .get(id)
                .map_or_else(String::new, |p| p.name.clone())
        };
        plan.dates
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
