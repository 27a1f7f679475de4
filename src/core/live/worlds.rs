//! The adapters between slices: each slice that must know something of the rest
//! of the evening declares a trait (`chat::Evening`, `desk::Evening`,
//! `interest::Evening`), and here the composer's parts answer it, borrowed for one
//! command or deadline. A slice never reads another slice, nor the composer.

use std::collections::{BTreeMap, BTreeSet};

use super::chat::{self, Chat};
use super::clock::{Phase, PhaseClock};
use super::roster::Roster;
use super::seating::Seating;
use super::{desk, interest};

/// Who dated whom, from the rounds begun: each person's dates (round, partner,
/// table) in order, and each pair once (the smaller id first).
#[derive(Debug, Default)]
pub struct Dated {
    pub by_person: BTreeMap<String, Vec<(u32, String, String)>>,
    pub pairs: BTreeSet<(String, String)>,
}

impl Dated {
    /// Who `person` dated in `round`.
    pub fn partner_in(&self, person: &str, round: u32) -> Option<&str> {
        self.by_person
            .get(person)?
            .iter()
            .find(|(r, _, _)| *r == round)
            .map(|(_, p, _)| p.as_str())
    }
}

/// The composer's parts the adapters read, borrowed for one command or deadline.
#[derive(Clone, Copy)]
pub struct Parts<'a> {
    pub clock: &'a PhaseClock,
    pub seating: &'a Seating,
    pub chat: &'a Chat,
}

impl<'a> Parts<'a> {
    /// The rounds that have begun (dates held or under way): `1..=reached`.
    pub fn rounds_reached(&self) -> u32 {
        match self.clock.phase {
            Phase::Lobby => 0,
            _ => self.clock.round,
        }
    }

    /// Who `person` dated in `round`, if that round has begun and they had a date.
    pub fn partner_in(&self, person: &str, round: u32) -> Option<String> {
        if round == 0 || round > self.rounds_reached() {
            return None;
        }
        self.seating.dates(round).iter().find_map(|d| {
            if d.a == person {
                Some(d.b.clone())
            } else if d.b == person {
                Some(d.a.clone())
            } else {
                None
            }
        })
    }

    /// The evening as the desks need to know it now.
    pub fn desk_world(self, now: i64) -> DeskWorld<'a> {
        DeskWorld { live: self, now }
    }

    /// The evening as the interest slice needs to know it.
    pub fn interest_world(self, roster: &'a Roster) -> InterestWorld<'a> {
        InterestWorld { live: self, roster }
    }

    /// The evening as the chat slice needs to know it now.
    pub fn chat_world(self, roster: &'a Roster) -> ChatWorld<'a> {
        let c = self.clock;
        let s = &c.settings;
        // A stay lasts at most to the end of the next round (its break included).
        let end = c.ends_at.unwrap_or(c.started_at);
        let to_next = match c.phase {
            Phase::Round => end + s.transition_ms,
            _ => end,
        };
        let brk = if s.break_after == Some(c.round) {
            s.break_ms
        } else {
            0
        };
        ChatWorld {
            live: self,
            roster,
            round: (c.phase == Phase::Round).then_some(c.round),
            end_of_next_round: to_next + brk + s.round_ms,
        }
    }
}

/// The evening as the chat slice sees it, borrowed for one command or deadline.
pub struct ChatWorld<'a> {
    live: Parts<'a>,
    roster: &'a Roster,
    round: Option<u32>,
    end_of_next_round: i64,
}

impl chat::Evening for ChatWorld<'_> {
    fn partner(&self, person: &str) -> Option<String> {
        let round = self.round?;
        let dates = self.live.seating.dates(round);
        let d = dates.iter().find(|d| d.a == person || d.b == person)?;
        Some(if d.a == person {
            d.b.clone()
        } else {
            d.a.clone()
        })
    }

    fn confirmed(&self, person: &str) -> bool {
        self.roster.confirmed(person)
    }

    fn needs_access(&self, person: &str) -> bool {
        use crate::core::participant::Mobility;
        self.roster
            .people
            .iter()
            .any(|p| p.id == person && p.mobility == Mobility::Wheelchair)
    }
}

/// The evening as the desks see it: who is in a date, and until when.
pub struct DeskWorld<'a> {
    live: Parts<'a>,
    /// Now, for a paused date: its end moves on with the pause.
    now: i64,
}

impl desk::Evening for DeskWorld<'_> {
    fn in_date_until(&self, person: &str) -> Option<i64> {
        // In a private chat room: busy until the stay ends, as in a date (a call
        // waits for it, and never sends anyone to the table they left).
        if let Some((_, until)) = self.live.chat.stay(person) {
            return Some(until);
        }
        let c = &self.live.clock;
        if c.phase != Phase::Round {
            return None;
        }
        let seated = self
            .live
            .seating
            .dates(c.round)
            .iter()
            .any(|d| d.a == person || d.b == person);
        // While paused the date's end moves on with the pause, as resuming will move it.
        let end = c.ends_at? + c.paused_at.map_or(0, |p| (self.now - p).max(0));
        seated.then_some(end)
    }
}

/// The evening as the interest slice sees it: who dated whom in rounds begun
/// (both still on the roster, as [`Dated`] counts them).
pub struct InterestWorld<'a> {
    live: Parts<'a>,
    roster: &'a Roster,
}

impl interest::Evening for InterestWorld<'_> {
    fn partner_in(&self, person: &str, round: u32) -> Option<String> {
        let on = |p: &str| self.roster.public.contains_key(p);
        self.live
            .partner_in(person, round)
            .filter(|p| on(p) && on(person))
    }

    fn finished(&self) -> bool {
        self.live.clock.phase == Phase::Closed
    }

    fn registered_consent(&self, person: &str) -> bool {
        registered_consent(self.roster, person)
    }
}

/// The consent to share a contact that registration recorded.
fn registered_consent(roster: &Roster, person: &str) -> bool {
    roster.contacts.get(person).is_some_and(|c| c.1)
}

/// The same, from the published index of dates: the actor's quick path for marks.
pub struct DatedWorld<'a> {
    pub dated: &'a Dated,
    pub roster: &'a Roster,
    pub finished: bool,
}

impl interest::Evening for DatedWorld<'_> {
    fn partner_in(&self, person: &str, round: u32) -> Option<String> {
        self.dated.partner_in(person, round).map(str::to_owned)
    }

    fn finished(&self) -> bool {
        self.finished
    }

    fn registered_consent(&self, person: &str) -> bool {
        registered_consent(self.roster, person)
    }
}

impl ChatWorld<'_> {
    pub fn context(&self) -> chat::Context<'_> {
        chat::Context {
            round: self.round,
            evening: self,
            rooms: &self.roster.rooms,
            end_of_next_round: self.end_of_next_round,
        }
    }
}
