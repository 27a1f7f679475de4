//! The matchmaker desks (红娘服务区): one queue for every desk that any guest joins
//! from their phone (or a matchmaker joins for them), called to a desk by the
//! matchmaker there, served, and finished or marked a no-show.
//!
//! Order: tickets for accessibility assistance first, then the others by the time
//! they joined (a ticket never moves back behind a later one of its kind). A guest
//! in a date is not called away from it: `desk.next` passes over them, and they
//! keep their place, so the first `desk.next` after the date may call them. A
//! `come_to_me` ticket (the matchmaker walks to the guest) is never passed over.
//!
//! The call: a ticket called and not answered "on my way" within
//! [`FLAG_AFTER_MS`] is flagged for the matchmaker (go to their table, send a
//! volunteer), never turned into a no-show by itself.
//!
//! Waits: [`Desks::wait`] estimates a range from recent service times and the
//! number of desks (the formula is in its comment and `docs/protocol.md`).
//!
//! Pausing: not this slice's business; the queue is not the hall's clock.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::message::{Message, me};
use super::outcome::Outcome;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;
use crate::core::text::{self, Lines};

// Why the desks say no: each refusal's code and its words in both languages.

pub const ALREADY_QUEUED: Refusal = Refusal::Said(&Said {
    code: "already_queued",
    zh: "已经在红娘服务区排队了（每人一次排一个号）。想换个原因，请先离开队伍再重新排。",
    en: "Already in the queue for the matchmakers (one ticket at a time). To change the reason, leave the queue and join again.",
});
pub const UNKNOWN_TICKET: Refusal = Refusal::Said(&Said {
    code: "unknown_ticket",
    zh: "这张排队号已经不在了（可能已被叫到、办完或取消）。",
    en: "That ticket is no longer there (it may have been called, finished or cancelled).",
});
pub const UNKNOWN_DESK: Refusal = Refusal::Said(&Said {
    code: "unknown_desk",
    zh: "没有这个红娘服务台。",
    en: "There is no such desk.",
});
pub const QUEUE_EMPTY: Refusal = Refusal::Said(&Said {
    code: "queue_empty",
    zh: "现在没有可以叫的人：队伍是空的，或者排队的人都在约会中。",
    en: "Nobody to call now: the queue is empty, or everyone waiting is in a date.",
});
pub const BAD_REASON: Refusal = Refusal::Said(&Said {
    code: "bad_reason",
    zh: "请选择一个原因：咨询建议、需要帮助、无障碍协助、关于某位嘉宾或其他。",
    en: "Choose a reason: advice, help, accessibility assistance, about someone, or other.",
});
pub const DESK_BUSY: Refusal = Refusal::Said(&Said {
    code: "desk_busy",
    zh: "这个服务台已经叫了一位或正在服务，请先办完或标记未到。",
    en: "This desk has already called or is serving someone: finish that visit or mark a no-show first.",
});
pub const NOTE_TOO_LONG: Refusal = Refusal::Said(&Said {
    code: "note_too_long",
    zh: "留言最多 200 个字，请缩短一些。",
    en: "A note can be at most 200 characters: please shorten it.",
});
pub const PLACE_TOO_LONG: Refusal = Refusal::Said(&Said {
    code: "place_too_long",
    zh: "所在位置最多 60 个字，请写短一些，例如“大厅门口”。",
    en: "Where you are can be at most 60 characters: keep it short, like \"by the hall door\".",
});
/// The most characters of a place a guest types for "come to me".
pub const PLACE_MAX: usize = 60;
pub const STAFF_NOTE_TOO_LONG: Refusal = Refusal::Said(&Said {
    code: "staff_note_too_long",
    zh: "红娘记录最多 1000 个字，请缩短一些。",
    en: "A matchmaker's note can be at most 1000 characters: please shorten it.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[
    ALREADY_QUEUED,
    UNKNOWN_TICKET,
    UNKNOWN_DESK,
    QUEUE_EMPTY,
    BAD_REASON,
    DESK_BUSY,
    NOTE_TOO_LONG,
    STAFF_NOTE_TOO_LONG,
    PLACE_TOO_LONG,
];

/// A call not acknowledged within two minutes is flagged on the matchmaker tablet.
pub const FLAG_AFTER_MS: i64 = 120_000;
/// The service time assumed before any service is done: five minutes.
pub const DEFAULT_SERVICE_MS: i64 = 300_000;
/// How many recent services the estimate averages.
pub const RECENT_SERVICES: usize = 5;
/// The longest note a guest may leave for staff (characters).
pub const NOTE_MAX: usize = 200;
/// The longest private note a matchmaker may keep on a visit (characters).
pub const STAFF_NOTE_MAX: usize = 1000;

/// Why a guest comes to a desk.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// 咨询建议
    Advice,
    /// 需要帮助
    Help,
    /// 无障碍协助: served first.
    Access,
    /// 关于某位嘉宾
    AboutSomeone,
    Other,
}

impl Reason {
    /// The protocol's word, or `bad_reason`.
    pub fn parse(s: &str) -> Result<Reason, Refusal> {
        match s {
            "advice" => Ok(Reason::Advice),
            "help" => Ok(Reason::Help),
            "access" => Ok(Reason::Access),
            "about_someone" => Ok(Reason::AboutSomeone),
            "other" => Ok(Reason::Other),
            _ => Err(BAD_REASON),
        }
    }

    /// The protocol's word.
    pub fn code(self) -> &'static str {
        match self {
            Reason::Advice => "advice",
            Reason::Help => "help",
            Reason::Access => "access",
            Reason::AboutSomeone => "about_someone",
            Reason::Other => "other",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum TicketState {
    Waiting,
    /// Called to `desk` at `at`; `coming`: when the guest answered "on my way".
    Called {
        desk: String,
        at: i64,
        coming: Option<i64>,
        flagged: bool,
    },
    Serving {
        desk: String,
        since: i64,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ticket {
    pub id: String,
    pub participant: String,
    pub reason: Reason,
    pub come_to_me: bool,
    /// For staff only.
    pub note: Option<String>,
    /// Where a guest asking the matchmaker to come said they are (besides their
    /// table or room, which the tablet follows by itself).
    #[serde(default)]
    pub place: Option<String>,
    pub joined_at: i64,
    /// Queued by a matchmaker for a guest who asked in person.
    pub by_staff: bool,
    pub state: TicketState,
    /// When it was last called, and when its guest said "on my way" (for the
    /// report's waits, kept once the service starts).
    #[serde(default)]
    pub called_at: Option<i64>,
    #[serde(default)]
    pub coming_at: Option<i64>,
    /// The matchmakers' private note on this visit (`desk.note`): host and
    /// matchmakers read it; never the guest's phone, the projector or the log.
    #[serde(default)]
    pub staff_note: Option<String>,
}

/// A matchmaker-desk ticket as it now stands (`desk_tickets`).
#[derive(Debug, Clone, PartialEq)]
pub struct TicketRow {
    pub id: String,
    pub participant: String,
    pub reason: &'static str,
    pub come_to_me: bool,
    pub note: Option<String>,
    /// The matchmakers' private note.
    pub staff_note: Option<String>,
    pub by_staff: bool,
    /// `waiting`, `called`, `serving`, `done`, `cancelled` or `no_show`.
    pub status: &'static str,
    pub desk: Option<String>,
    pub created_at: i64,
    pub called_at: Option<i64>,
    pub coming_at: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// The row of `desk_tickets` for a ticket as it now stands.
fn row(t: &Ticket, status: &'static str, ended_at: Option<i64>) -> TicketRow {
    let (desk, started_at) = match &t.state {
        TicketState::Waiting => (None, None),
        TicketState::Called { desk, .. } => (Some(desk.clone()), None),
        TicketState::Serving { desk, since } => (Some(desk.clone()), Some(*since)),
    };
    TicketRow {
        id: t.id.clone(),
        participant: t.participant.clone(),
        reason: t.reason.code(),
        come_to_me: t.come_to_me,
        note: t.note.clone(),
        staff_note: t.staff_note.clone(),
        by_staff: t.by_staff,
        status,
        desk,
        created_at: t.joined_at,
        called_at: t.called_at,
        coming_at: t.coming_at,
        started_at,
        ended_at,
    }
}

/// How a ticket ended: what its guest's phone shows until they join again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ending {
    Done,
    Cancelled,
    NoShow,
}

impl Ending {
    pub fn code(self) -> &'static str {
        match self {
            Ending::Done => "done",
            Ending::Cancelled => "cancelled",
            Ending::NoShow => "no_show",
        }
    }
}

/// The slice's state.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Desks {
    /// Tickets under way (waiting, called, serving).
    pub tickets: Vec<Ticket>,
    /// Each guest's last finished ticket: (ticket, reason, how it ended).
    pub ended: BTreeMap<String, (String, Reason, Ending)>,
    /// How long the latest visits held their desk (ms, from the call to the end,
    /// a no-show included), oldest first, at most [`RECENT_SERVICES`].
    pub services: Vec<i64>,
    /// The next ticket's number.
    pub next: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeskCmd {
    /// A guest (or a matchmaker for them: `by_staff`) joins the queue. `reason` is
    /// the protocol's word, read here so that a wrong one is `bad_reason`.
    Join {
        participant: String,
        reason: String,
        come_to_me: bool,
        note: Option<String>,
        /// Where the guest is, typed, for "come to me".
        place: Option<String>,
        by_staff: bool,
    },
    Leave {
        participant: String,
    },
    /// The guest heard the call and is on the way.
    Coming {
        participant: String,
    },
    /// Call the next ticket in order to `desk`.
    Next {
        desk: String,
    },
    /// Call one ticket out of turn.
    Call {
        desk: String,
        ticket: String,
    },
    Start {
        ticket: String,
    },
    Done {
        ticket: String,
    },
    NoShow {
        ticket: String,
    },
    /// A matchmaker's private note on a ticket under way (empty clears it).
    Note {
        ticket: String,
        note: String,
    },
}

/// The desks' verbs as clients send them: a guest's own place in the queue, and
/// the matchmakers' work at a desk.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum DeskMsg {
    #[serde(rename = "desk.join")]
    Join {
        /// Read by the slice, so that a wrong one is `bad_reason`.
        reason: String,
        #[serde(default)]
        come_to_me: bool,
        #[serde(default)]
        note: Option<String>,
        /// With `come_to_me`: where the guest is, in their words ("大厅门口").
        #[serde(default)]
        place: Option<String>,
        /// Staff only: the guest who asked in person.
        #[serde(default)]
        participant: Option<String>,
    },
    #[serde(rename = "desk.leave")]
    Leave {},
    #[serde(rename = "desk.coming")]
    Coming {},
    #[serde(rename = "desk.next")]
    Next { desk: String },
    #[serde(rename = "desk.call")]
    Call { desk: String, ticket: String },
    #[serde(rename = "desk.start")]
    Start { ticket: String },
    #[serde(rename = "desk.done")]
    Done { ticket: String },
    #[serde(rename = "desk.no_show")]
    NoShow { ticket: String },
    #[serde(rename = "desk.note")]
    Note {
        ticket: String,
        /// Empty clears the note.
        note: String,
    },
}

impl Message for DeskMsg {
    type Command = DeskCmd;

    fn command(self, by: &Viewer) -> Result<DeskCmd, String> {
        Ok(match self {
            DeskMsg::Join {
                reason,
                come_to_me,
                note,
                place,
                participant,
            } => {
                // A guest joins for themself; staff name the guest who asked in person.
                let (participant, by_staff) = match (by.participant(), participant) {
                    (Some(me), None) => (me.to_owned(), false),
                    (Some(_), Some(_)) => return Err("unknown field `participant`".into()),
                    (None, Some(p)) => (p, true),
                    (None, None) => return Err("missing field `participant`".into()),
                };
                DeskCmd::Join {
                    participant,
                    reason,
                    come_to_me,
                    note,
                    place,
                    by_staff,
                }
            }
            DeskMsg::Leave {} => DeskCmd::Leave {
                participant: me(by),
            },
            DeskMsg::Coming {} => DeskCmd::Coming {
                participant: me(by),
            },
            DeskMsg::Next { desk } => DeskCmd::Next { desk },
            DeskMsg::Call { desk, ticket } => DeskCmd::Call { desk, ticket },
            DeskMsg::Start { ticket } => DeskCmd::Start { ticket },
            DeskMsg::Done { ticket } => DeskCmd::Done { ticket },
            DeskMsg::NoShow { ticket } => DeskCmd::NoShow { ticket },
            DeskMsg::Note { ticket, note } => DeskCmd::Note { ticket, note },
        })
    }
}

/// What the slice asks of the rest of the evening.
pub trait Evening {
    /// When the date a person is in now ends, if they are in one (a round under
    /// way, seated with a partner), or their stay in a private chat room.
    fn in_date_until(&self, person: &str) -> Option<i64>;
}

pub struct Context<'a> {
    /// The event's desks, by label.
    pub desks: &'a [String],
    pub evening: &'a dyn Evening,
}

/// What a guest's phone shows (the `ticket` frame, less the badge number).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TicketView {
    pub ticket: Option<String>,
    /// `none | waiting | called | serving | done | cancelled | no_show`.
    pub state: &'static str,
    pub reason: Option<Reason>,
    pub position: Option<usize>,
    pub wait_ms: Option<[i64; 2]>,
    pub desk: Option<String>,
    pub come_to_me: bool,
}

impl Desks {
    /// Erasure of a guest: the notes on their tickets (theirs and the
    /// matchmakers') are gone. The tickets stay, naming them by id only, for the
    /// report's counts.
    pub fn forget(&mut self, participant: &str) {
        for t in self
            .tickets
            .iter_mut()
            .filter(|t| t.participant == participant)
        {
            t.note = None;
            t.staff_note = None;
        }
    }

    pub fn apply(
        &mut self,
        cmd: &DeskCmd,
        ctx: &Context,
        now: i64,
        out: &mut Outcome<impl From<TicketRow>>,
    ) -> Result<(), Refusal> {
        match cmd {
            DeskCmd::Join {
                participant,
                reason,
                come_to_me,
                note,
                place,
                by_staff,
            } => {
                let reason = Reason::parse(reason)?;
                if self.of(participant).is_some() {
                    return Err(ALREADY_QUEUED);
                }
                let note = note
                    .as_deref()
                    .map(str::trim)
                    .filter(|n| !n.is_empty())
                    .map(str::to_owned);
                if note.as_ref().is_some_and(|n| n.chars().count() > NOTE_MAX) {
                    return Err(NOTE_TOO_LONG);
                }
                if let Some(n) = &note {
                    text::check(n, Lines::Many).map_err(Refusal::BadText)?;
                }
                // A place matters only to a matchmaker coming to the guest.
                let place = place
                    .as_deref()
                    .map(str::trim)
                    .filter(|p| !p.is_empty() && *come_to_me)
                    .map(str::to_owned);
                if place
                    .as_ref()
                    .is_some_and(|p| p.chars().count() > PLACE_MAX)
                {
                    return Err(PLACE_TOO_LONG);
                }
                if let Some(p) = &place {
                    text::check(p, Lines::One).map_err(Refusal::BadText)?;
                }
                self.next += 1;
                let id = format!("t{}", self.next);
                self.tickets.push(Ticket {
                    id: id.clone(),
                    participant: participant.clone(),
                    reason,
                    come_to_me: *come_to_me,
                    note,
                    place,
                    joined_at: now,
                    by_staff: *by_staff,
                    state: TicketState::Waiting,
                    called_at: None,
                    coming_at: None,
                    staff_note: None,
                });
                self.ended.remove(participant);
                if let Some(t) = self.tickets.last() {
                    out.row(row(t, "waiting", None));
                }
                // The log keeps who and when, never the reason or the note.
                out.log(
                    "desk.joined",
                    json!({ "ticket": id, "participant": participant, "by_staff": by_staff }),
                );
            }
            DeskCmd::Leave { participant } => {
                let i = self
                    .of(participant)
                    .filter(|&i| !matches!(self.tickets[i].state, TicketState::Serving { .. }))
                    .ok_or(UNKNOWN_TICKET)?;
                self.finish(i, Ending::Cancelled, now, out);
            }
            DeskCmd::Coming { participant } => {
                let i = self.of(participant).ok_or(UNKNOWN_TICKET)?;
                let TicketState::Called {
                    coming, flagged, ..
                } = &mut self.tickets[i].state
                else {
                    return Err(UNKNOWN_TICKET);
                };
                if coming.is_none() {
                    *coming = Some(now);
                    *flagged = false;
                    let t = &mut self.tickets[i];
                    t.coming_at = Some(now);
                    out.row(row(t, "called", None));
                    out.log("desk.coming", json!({ "ticket": t.id }));
                }
            }
            DeskCmd::Next { desk } => {
                self.free_desk(desk, ctx)?;
                let id = self
                    .order()
                    .into_iter()
                    .find(|t| t.come_to_me || ctx.evening.in_date_until(&t.participant).is_none())
                    .map(|t| t.id.clone())
                    .ok_or(QUEUE_EMPTY)?;
                self.call(&id, desk, now, out);
            }
            DeskCmd::Call { desk, ticket } => {
                self.free_desk(desk, ctx)?;
                let waiting = self
                    .tickets
                    .iter()
                    .any(|t| t.id == *ticket && t.state == TicketState::Waiting);
                if !waiting {
                    return Err(UNKNOWN_TICKET);
                }
                self.call(ticket, desk, now, out);
            }
            DeskCmd::Start { ticket } => {
                let i = self.find(ticket)?;
                let TicketState::Called { desk, .. } = &self.tickets[i].state else {
                    return Err(UNKNOWN_TICKET);
                };
                self.tickets[i].state = TicketState::Serving {
                    desk: desk.clone(),
                    since: now,
                };
                out.row(row(&self.tickets[i], "serving", None));
                out.log("desk.started", json!({ "ticket": ticket }));
            }
            DeskCmd::Done { ticket } => {
                let i = self.find(ticket)?;
                if self.tickets[i].state == TicketState::Waiting {
                    return Err(UNKNOWN_TICKET);
                }
                self.finish(i, Ending::Done, now, out);
            }
            DeskCmd::NoShow { ticket } => {
                let i = self.find(ticket)?;
                if self.tickets[i].state == TicketState::Waiting {
                    return Err(UNKNOWN_TICKET);
                }
                self.finish(i, Ending::NoShow, now, out);
            }
            DeskCmd::Note { ticket, note } => {
                let i = self.find(ticket)?;
                let note = Some(note.trim()).filter(|n| !n.is_empty());
                if note.is_some_and(|n| n.chars().count() > STAFF_NOTE_MAX) {
                    return Err(STAFF_NOTE_TOO_LONG);
                }
                if let Some(n) = note {
                    text::check(n, Lines::Many).map_err(Refusal::BadText)?;
                }
                let t = &mut self.tickets[i];
                t.staff_note = note.map(str::to_owned);
                let status = match t.state {
                    TicketState::Waiting => "waiting",
                    TicketState::Called { .. } => "called",
                    TicketState::Serving { .. } => "serving",
                };
                out.row(row(t, status, None));
                // Who wrote what stays in the ticket; the log says only that it changed.
                out.log("desk.noted", json!({ "ticket": ticket }));
            }
        }
        Ok(())
    }

    /// Cancels the tickets of the people `gone` names (withdrawn, or left the
    /// evening), called or waiting; a visit under way is left to its matchmaker.
    pub fn drop_where(
        &mut self,
        gone: impl Fn(&str) -> bool,
        now: i64,
        out: &mut Outcome<impl From<TicketRow>>,
    ) {
        while let Some(i) = self
            .tickets
            .iter()
            .position(|t| gone(&t.participant) && !matches!(t.state, TicketState::Serving { .. }))
        {
            self.finish(i, Ending::Cancelled, now, out);
        }
    }

    /// The organiser changed the event's desks: a guest called to (or served at) a
    /// desk that is gone goes back to waiting, in the place they had, so that
    /// an open desk can call them; nobody is left called to a desk nobody staffs.
    pub fn desks_changed(&mut self, desks: &[String], out: &mut Outcome<impl From<TicketRow>>) {
        for t in &mut self.tickets {
            let gone = match &t.state {
                TicketState::Called { desk, .. } | TicketState::Serving { desk, .. } => {
                    !desks.contains(desk)
                }
                TicketState::Waiting => false,
            };
            if gone {
                t.state = TicketState::Waiting;
                out.row(row(t, "waiting", None));
                out.log("desk.returned", json!({ "ticket": t.id }));
            }
        }
    }

    /// The next moment this slice has work: a call to flag. A `come_to_me` call
    /// is never flagged: the matchmaker is the one walking.
    pub fn next_deadline(&self) -> Option<i64> {
        self.tickets
            .iter()
            .filter(|t| !t.come_to_me)
            .filter_map(|t| match t.state {
                TicketState::Called {
                    at,
                    coming: None,
                    flagged: false,
                    ..
                } => Some(at + FLAG_AFTER_MS),
                _ => None,
            })
            .min()
    }

    /// Flags the calls unanswered for two minutes at `at`.
    pub fn fire(&mut self, at: i64, out: &mut Outcome<impl From<TicketRow>>) {
        for t in self.tickets.iter_mut().filter(|t| !t.come_to_me) {
            if let TicketState::Called {
                at: called,
                coming: None,
                flagged,
                ..
            } = &mut t.state
                && !*flagged
                && *called + FLAG_AFTER_MS <= at
            {
                *flagged = true;
                out.log("desk.flagged", json!({ "ticket": t.id }));
            }
        }
    }

    /// The waiting tickets in the order they are served: accessibility assistance
    /// first, then by the time they joined (the ticket's number breaks a tie).
    pub fn order(&self) -> Vec<&Ticket> {
        let mut q: Vec<&Ticket> = self
            .tickets
            .iter()
            .filter(|t| t.state == TicketState::Waiting)
            .collect();
        q.sort_by_key(|t| (t.reason != Reason::Access, t.joined_at, number(&t.id)));
        q
    }

    /// The estimated wait (ms) of the ticket at `position` (1 = next), as a range.
    ///
    /// With `S` the mean time the last [`RECENT_SERVICES`] visits held their desk
    /// (from the call to the end: the walk to the desk, the talk, or the wait for
    /// a guest who never came; [`DEFAULT_SERVICE_MS`] before any) and `D` the desks
    /// (at least 1), the `position − 1` tickets ahead are served `D` at a time, so
    /// the guest's turn comes after `k = ⌊(position − 1) / D⌋` full visits at the
    /// least, and within one more: `[k·S, (k + 1)·S]`. A guest in a date is not
    /// called before it ends ([`Desks::view_in`]).
    pub fn wait(&self, position: usize, desks: usize) -> [i64; 2] {
        let s = self.mean_visit();
        let k = (position.saturating_sub(1) / desks.max(1)) as i64;
        [k * s, (k + 1) * s]
    }

    /// What `person`'s phone shows when `left_in_date` (ms) is what is left of the
    /// date they are in, if they are in one: they are not called before it ends,
    /// so the estimate starts no sooner, and runs one visit past it at the least.
    pub fn view_in(&self, person: &str, desks: usize, left_in_date: Option<i64>) -> TicketView {
        let mut v = self.view(person, desks);
        if let (Some(left), Some([lo, hi])) = (left_in_date.filter(|&l| l > 0), v.wait_ms) {
            v.wait_ms = Some([lo.max(left), hi.max(left + self.mean_visit())]);
        }
        v
    }

    /// The mean time a visit holds its desk (ms).
    fn mean_visit(&self) -> i64 {
        if self.services.is_empty() {
            DEFAULT_SERVICE_MS
        } else {
            self.services.iter().sum::<i64>() / self.services.len() as i64
        }
    }

    /// What `person`'s phone shows.
    pub fn view(&self, person: &str, desks: usize) -> TicketView {
        let none = TicketView {
            ticket: None,
            state: "none",
            reason: None,
            position: None,
            wait_ms: None,
            desk: None,
            come_to_me: false,
        };
        let Some(i) = self.of(person) else {
            return match self.ended.get(person) {
                Some((id, reason, ending)) => TicketView {
                    ticket: Some(id.clone()),
                    state: ending.code(),
                    reason: Some(*reason),
                    ..none
                },
                None => none,
            };
        };
        let t = &self.tickets[i];
        let base = TicketView {
            ticket: Some(t.id.clone()),
            reason: Some(t.reason),
            come_to_me: t.come_to_me,
            ..none
        };
        match &t.state {
            TicketState::Waiting => {
                let position = self
                    .order()
                    .iter()
                    .position(|q| q.id == t.id)
                    .map(|p| p + 1);
                TicketView {
                    state: "waiting",
                    position,
                    wait_ms: position.map(|p| self.wait(p, desks)),
                    ..base
                }
            }
            TicketState::Called { desk, .. } => TicketView {
                state: "called",
                desk: Some(desk.clone()),
                ..base
            },
            TicketState::Serving { desk, .. } => TicketView {
                state: "serving",
                desk: Some(desk.clone()),
                ..base
            },
        }
    }

    /// The ticket at each desk now (called or serving), by desk label.
    pub fn at_desk(&self, desk: &str) -> Option<&Ticket> {
        self.tickets.iter().find(|t| match &t.state {
            TicketState::Called { desk: d, .. } | TicketState::Serving { desk: d, .. } => d == desk,
            TicketState::Waiting => false,
        })
    }

    /// The calls for the projector's board: guests called to come to a desk
    /// (not `come_to_me`: the matchmaker walks to those), oldest first.
    pub fn calls(&self) -> Vec<(&Ticket, &str, i64)> {
        let mut calls: Vec<(&Ticket, &str, i64)> = self
            .tickets
            .iter()
            .filter(|t| !t.come_to_me)
            .filter_map(|t| match &t.state {
                TicketState::Called { desk, at, .. } => Some((t, desk.as_str(), *at)),
                _ => None,
            })
            .collect();
        calls.sort_by_key(|(t, _, at)| (*at, number(&t.id)));
        calls
    }

    /// The index of a guest's ticket under way.
    fn of(&self, person: &str) -> Option<usize> {
        self.tickets.iter().position(|t| t.participant == person)
    }

    fn find(&self, ticket: &str) -> Result<usize, Refusal> {
        self.tickets
            .iter()
            .position(|t| t.id == ticket)
            .ok_or(UNKNOWN_TICKET)
    }

    /// A desk of this event with nobody called to it or served at it.
    fn free_desk(&self, desk: &str, ctx: &Context) -> Result<(), Refusal> {
        if !ctx.desks.iter().any(|d| d == desk) {
            return Err(UNKNOWN_DESK);
        }
        if self.at_desk(desk).is_some() {
            return Err(DESK_BUSY);
        }
        Ok(())
    }

    fn call(
        &mut self,
        ticket: &str,
        desk: &str,
        now: i64,
        out: &mut Outcome<impl From<TicketRow>>,
    ) {
        if let Some(t) = self.tickets.iter_mut().find(|t| t.id == ticket) {
            t.state = TicketState::Called {
                desk: desk.to_owned(),
                at: now,
                coming: None,
                flagged: false,
            };
            t.called_at = Some(now);
            t.coming_at = None;
            out.row(row(t, "called", None));
            out.log("desk.called", json!({ "ticket": ticket, "desk": desk }));
        }
    }

    fn finish(
        &mut self,
        i: usize,
        ending: Ending,
        now: i64,
        out: &mut Outcome<impl From<TicketRow>>,
    ) {
        let t = self.tickets.remove(i);
        out.row(row(&t, ending.code(), Some(now)));
        // A visit held its desk from the call: the walk, the talk, or the wait.
        if let (Ending::Done | Ending::NoShow, Some(called)) = (ending, t.called_at)
            && !matches!(t.state, TicketState::Waiting)
        {
            self.services.push(now - called);
            if self.services.len() > RECENT_SERVICES {
                self.services.remove(0);
            }
        }
        out.log(
            match ending {
                Ending::Done => "desk.done",
                Ending::Cancelled => "desk.left",
                Ending::NoShow => "desk.no_show",
            },
            json!({ "ticket": t.id }),
        );
        self.ended
            .insert(t.participant.clone(), (t.id, t.reason, ending));
    }
}

/// A ticket's number ("t12" → 12), to break ties of time in the order made.
fn number(id: &str) -> u64 {
    id.get(1..).and_then(|n| n.parse().ok()).unwrap_or(u64::MAX)
}
