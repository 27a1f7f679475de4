//! The live evening as plain data and rules. No tokio, no database, no system clock:
//! every function takes `now` (Unix milliseconds) and returns what changed, so the
//! rules are unit-tested without a runtime. The actor in `src/live/` drives it.
//!
//! [`Live`] composes one slice per capability, each owning its state, commands,
//! refusals, deadlines and frames:
//!
//! - the phases and the host's verbs on them, in [`clock`] (pause is the clock's own);
//! - check-in, gone and rest, in [`presence`];
//! - the host's announcements, in [`hall`];
//! - the plan and who sits where, in [`seating`];
//! - the private chat area (invitations, rooms, the queue), in [`chat`];
//! - the matchmaker desks (the queue, calls, visits), in [`desk`];
//! - interest marks, consent to share a contact, and the reveal of mutual
//!   matches, in [`interest`] (one-sided interest never leaves it).
//!
//! What each screen is shown of it is made in [`publish`].
//!
//! A command returns an [`Outcome`]: the log entries and projection rows the actor
//! saves with the new state in one transaction. A state change has a log entry,
//! except where privacy forbids one (an invitation declined or lapsed:
//! [`Outcome::quiet_change`]); [`Outcome::changed`] says whether to save. [`Live::tick`] fires every due
//! deadline of every slice in time order, each at its own time, so a server that was
//! down catches up exactly.
//!
//! Adding a capability: a module with its state (a field of `Live`, `#[serde(default)]`
//! so older saved states load), its command enum (a variant of [`Command`]), its
//! refusals ([`refusal`]), its deadlines (in [`Live::next_deadline`] and
//! [`Live::tick`]) and its frames (in [`Live::board`], each with its audience).

pub mod chat;
pub mod clock;
pub mod desk;
pub mod frames;
pub mod hall;
pub mod interest;
pub mod presence;
mod publish;
mod publish_interest;
pub mod refusal;
pub mod saved;
pub mod seating;
pub mod viewer;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use chat::{Chat, ChatCmd, RoomSpec};
pub use clock::{ClockCmd, MIN_LEFT_MS, Phase, PhaseClock, Settings, Step};
pub use desk::{DeskCmd, Desks};
pub use frames::{Board, Encoded, Frame, Kind};
pub use hall::{Hall, HallCmd};
pub use interest::{Interest, InterestCmd};
pub use presence::{Presence, PresenceCmd};
pub use publish_interest::Dated;
pub use refusal::Refusal;
pub use seating::{AssignmentView, PartnerView, Seating, TableRow};
pub use viewer::{Audience, Role, Viewer};

use crate::core::schedule::{DatePlan, PersonSpec, TableSpec};
use frames::*;

/// What a partner may know of a person: name, number, how they talk, and what they
/// asked a partner to know. Nothing else of a profile leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Public {
    pub name: String,
    pub number: i64,
    pub communication: Vec<crate::core::participant::Mode>,
    pub notes: Option<String>,
}

/// The event as the screens name it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventInfo {
    pub title: String,
    pub venue: String,
    pub names_on_projector: bool,
}

/// Who may be seated, as the scheduler sees them, and where.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub event: EventInfo,
    /// By participant id.
    pub public: HashMap<String, Public>,
    /// Ids are participant ids.
    pub people: Vec<PersonSpec>,
    /// Ids are table labels.
    pub tables: Vec<TableSpec>,
    /// The private chat area's rooms, in the organiser's order.
    pub rooms: Vec<RoomSpec>,
    /// The matchmaker desks' labels, in the organiser's order.
    pub desks: Vec<String>,
    /// Each participant's contact (if any) and the consent to share it with mutual
    /// matches recorded at registration. Read only for the reveal.
    pub contacts: HashMap<String, (Option<String>, bool)>,
    pub interpreters: u32,
    /// Each participant's current token version: a connection opened with an older
    /// token (re-issued since) or for someone no longer here (withdrawn) is closed.
    pub credentials: HashMap<String, i64>,
    /// The same for staff: each account whose link works, with its token version.
    /// A staff connection whose account is missing or newer here is closed.
    pub staff: HashMap<String, i64>,
    /// Each guest's phone as their own `identity` frame shows it; a guest missing
    /// here is confirmed.
    pub identity: HashMap<String, IdentityFrame>,
}

impl Roster {
    /// Whether the phone holding `person`'s link has shown it is theirs. An
    /// unconfirmed phone reads their number and name, presence, the seating and
    /// the evening's public state, and may send nothing but `identity.confirm`;
    /// an invitation to it is refused as if they were busy.
    pub fn confirmed(&self, person: &str) -> bool {
        self.identity.get(person).is_none_or(|i| i.confirmed)
    }
}

/// The state of a running event. Saved whole (see [`saved`]) after every change, so
/// a restart resumes exactly here.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Live {
    pub clock: PhaseClock,
    pub presence: Presence,
    #[serde(default)]
    pub hall: Hall,
    pub seating: Seating,
    #[serde(default)]
    pub chat: Chat,
    #[serde(default)]
    pub desks: Desks,
    /// Its marks are rows of their own, not part of the saved state.
    #[serde(default)]
    pub interest: Interest,
    /// Presence changed between rounds: the coming round is re-planned once the
    /// commands at hand are applied ([`Live::settle`]), not once for each.
    #[serde(skip)]
    pub replan_due: bool,
}

/// What someone asks of the evening, by slice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    Clock(ClockCmd),
    Presence(PresenceCmd),
    Hall(HallCmd),
    Chat(ChatCmd),
    Desk(DeskCmd),
    Interest(InterestCmd),
}

impl From<ClockCmd> for Command {
    fn from(c: ClockCmd) -> Command {
        Command::Clock(c)
    }
}
impl From<PresenceCmd> for Command {
    fn from(c: PresenceCmd) -> Command {
        Command::Presence(c)
    }
}
impl From<HallCmd> for Command {
    fn from(c: HallCmd) -> Command {
        Command::Hall(c)
    }
}
impl From<ChatCmd> for Command {
    fn from(c: ChatCmd) -> Command {
        Command::Chat(c)
    }
}
impl From<DeskCmd> for Command {
    fn from(c: DeskCmd) -> Command {
        Command::Desk(c)
    }
}
impl From<InterestCmd> for Command {
    fn from(c: InterestCmd) -> Command {
        Command::Interest(c)
    }
}

/// A row the actor writes beside the state, in the same transaction, so the
/// database's tables agree with the evening.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// First arrival (`check_ins`); a second check-in keeps the first time.
    CheckedIn {
        participant: String,
        by: Option<String>,
        at: i64,
    },
    /// Marked as gone (`check_ins.left_at`).
    Left { participant: String, at: i64 },
    /// Back after being marked gone (`left_at` cleared).
    Returned { participant: String },
    /// A round began: its row in `rounds`, and its dates in `dates`.
    RoundStarted {
        round: u32,
        started_at: i64,
        ends_at: i64,
        dates: Vec<DatePlan>,
    },
    /// A round ended (`rounds.ends_at`, as it really ran).
    RoundEnded { round: u32, at: i64 },
    /// A private-chat request as it now stands (`chat_requests`).
    Chat {
        id: String,
        round: u32,
        from: String,
        to: String,
        /// `offered`, `not_now`, `queued`, `room`, `cancelled` or `ended`.
        status: &'static str,
        room: Option<String>,
        created_at: i64,
        room_at: Option<i64>,
        until: Option<i64>,
        ended_at: Option<i64>,
    },
    /// A matchmaker-desk ticket as it now stands (`desk_tickets`).
    Ticket {
        id: String,
        participant: String,
        reason: &'static str,
        come_to_me: bool,
        note: Option<String>,
        /// The matchmakers' private note.
        staff_note: Option<String>,
        by_staff: bool,
        /// `waiting`, `called`, `serving`, `done`, `cancelled` or `no_show`.
        status: &'static str,
        desk: Option<String>,
        created_at: i64,
        called_at: Option<i64>,
        coming_at: Option<i64>,
        started_at: Option<i64>,
        ended_at: Option<i64>,
    },
    /// An interest mark as it now stands (`interest_marks`): never logged, never
    /// shown to anyone but the person who made it.
    Mark {
        from: String,
        to: String,
        round: u32,
        /// `yes`, `friend` or `no`.
        choice: &'static str,
        at: i64,
    },
    /// A guest's consent to share their contact with mutual matches
    /// (`participants.share_contact`).
    Consent { participant: String, share: bool },
}

/// What a command or a deadline did, for the actor to save and answer with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Event-log entries (`kind`, `data`), people by id only.
    pub log: Vec<(&'static str, Value)>,
    pub rows: Vec<Row>,
    /// For a check-in: when the guest first arrived.
    pub checked_in_at: Option<i64>,
    /// The log names no one for this change: its actor is written as a bare role
    /// (a private-chat verb tells no one who sent it).
    pub hide_actor: bool,
    /// The state changed, but privacy forbids a log entry (an invitation declined
    /// or lapsed: the log must not tell which, nor when).
    pub quiet_change: bool,
    /// The change is all in `rows` (an interest mark): the saved state need not be
    /// written again for it.
    pub rows_only: bool,
}

impl Outcome {
    pub fn log(&mut self, kind: &'static str, data: Value) {
        self.log.push((kind, data));
    }

    pub fn log_entry(&mut self, (kind, data): (&'static str, Value)) {
        self.log(kind, data);
    }

    /// Whether the state changed (and so must be saved).
    pub fn changed(&self) -> bool {
        !self.log.is_empty() || self.quiet_change || self.rows_only
    }

    /// Whether the saved state must be written for this change.
    pub fn touches_state(&self) -> bool {
        !self.log.is_empty() || self.quiet_change
    }
}

/// The evening as the chat slice sees it, borrowed for one command or deadline.
struct ChatWorld<'a> {
    live: &'a Live,
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
struct DeskWorld<'a> {
    live: &'a Live,
    /// Now, for a paused date: its end moves on with the pause.
    now: i64,
}

impl desk::Evening for DeskWorld<'_> {
    fn in_date_until(&self, person: &str) -> Option<i64> {
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
        // In a private chat room the date is over.
        // While paused the date's end moves on with the pause, as resuming will move it.
        let end = c.ends_at? + c.paused_at.map_or(0, |p| (self.now - p).max(0));
        (seated && !self.live.chat.in_rooms().contains(person)).then_some(end)
    }
}

/// The evening as the interest slice sees it: who dated whom in rounds begun
/// (both still on the roster, as [`Dated`] counts them).
struct InterestWorld<'a> {
    live: &'a Live,
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
struct DatedWorld<'a> {
    dated: &'a Dated,
    roster: &'a Roster,
    finished: bool,
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
    fn context(&self) -> chat::Context<'_> {
        chat::Context {
            round: self.round,
            evening: self,
            rooms: &self.roster.rooms,
            end_of_next_round: self.end_of_next_round,
        }
    }
}

impl Live {
    /// A new event in the lobby.
    pub fn new(settings: Settings, seed: u64, now: i64) -> Live {
        Live {
            clock: PhaseClock::new(settings, now),
            presence: Presence::default(),
            hall: Hall::default(),
            seating: Seating::new(seed),
            chat: Chat::default(),
            desks: Desks::default(),
            interest: Interest::default(),
            replan_due: false,
        }
    }

    /// Applies a command at `now`, re-planning the coming round if it must.
    /// Nothing changes when it is refused.
    pub fn apply(&mut self, cmd: &Command, roster: &Roster, now: i64) -> Result<Outcome, Refusal> {
        let out = self.apply_deferred(cmd, roster, now)?;
        self.settle(roster);
        Ok(out)
    }

    /// The re-plan that presence changes between rounds asked for, once however
    /// many there were.
    pub fn settle(&mut self, roster: &Roster) {
        if std::mem::take(&mut self.replan_due) && self.clock.between_rounds() {
            self.replan(roster, self.clock.round, true);
        }
    }

    /// Applies a command, leaving a re-plan it asks for to [`Live::settle`] (the
    /// actor applies a batch of commands, then settles once).
    pub fn apply_deferred(
        &mut self,
        cmd: &Command,
        roster: &Roster,
        now: i64,
    ) -> Result<Outcome, Refusal> {
        let mut out = Outcome::default();
        match cmd {
            Command::Clock(c) => {
                // A re-plan still owed is made before the clock moves on.
                self.settle(roster);
                let steps = self.clock.apply(c, now)?;
                out.log_entry(c.log());
                if *c == ClockCmd::Start {
                    self.replan(roster, 0, false);
                }
                self.follow(steps, roster, &mut out);
            }
            Command::Presence(c) => {
                if self.presence.apply(c, roster, &self.clock, now, &mut out)? {
                    self.presence_changed();
                }
                // A guest who has left is not called to a desk.
                if let PresenceCmd::Gone { participant } = c {
                    self.desks.drop_where(|p| p == participant, now, &mut out);
                }
            }
            Command::Hall(c) => {
                self.hall.apply(c, now)?;
                out.log_entry(c.log());
            }
            Command::Chat(c) => {
                let away = self.chat.in_rooms();
                let mut chat = std::mem::take(&mut self.chat);
                let done = chat.apply(c, &self.chat_world(roster).context(), now, &mut out);
                self.chat = chat;
                done?;
                // Back from a room between rounds: the coming round seats them.
                if self.chat.in_rooms() != away {
                    self.presence_changed();
                }
            }
            Command::Desk(c) => {
                if let DeskCmd::Join { participant, .. } = c
                    && !roster.public.contains_key(participant)
                {
                    return Err(Refusal::UnknownParticipant);
                }
                let mut desks = std::mem::take(&mut self.desks);
                let ctx = desk::Context {
                    desks: &roster.desks,
                    evening: &self.desk_world(now),
                };
                let done = desks.apply(c, &ctx, now, &mut out);
                self.desks = desks;
                done?;
            }
            Command::Interest(c) => {
                let mut interest = std::mem::take(&mut self.interest);
                let world = InterestWorld { live: self, roster };
                let done = interest.apply(c, &world, now, &mut out);
                self.interest = interest;
                done?;
            }
        }
        Ok(out)
    }

    /// Fires every deadline up to `now`, each at its own time and in time order, so
    /// a server that was down (or slept late) ends up where it would have been.
    pub fn tick(&mut self, roster: &Roster, now: i64) -> Outcome {
        let mut out = Outcome::default();
        // Only the clock has deadlines so far; each new slice with deadlines joins
        // this loop, which always takes the earliest first.
        while let Some(at) = self.next_deadline().filter(|&d| d <= now) {
            // A call to flag touches nothing else of the evening.
            if self.desks.next_deadline() == Some(at) {
                self.desks.fire(at, &mut out);
                continue;
            }
            // Nor does a reveal the host set for later.
            if self.interest.next_deadline() == Some(at) {
                self.interest.fire(at, &mut out);
                continue;
            }
            // The chat first when two deadlines fall together: a stay that ends
            // with the round is over before the next round is planned.
            if self.chat.next_deadline() != Some(at) {
                self.settle(roster);
                let step = self.clock.fire(at);
                out.log(
                    "phase.changed",
                    json!({ "phase": self.clock.phase, "round": self.clock.round }),
                );
                self.follow(vec![step], roster, &mut out);
            } else {
                let away = self.chat.in_rooms();
                let mut chat = std::mem::take(&mut self.chat);
                let mut fired = Outcome::default();
                chat.fire(at, &self.chat_world(roster).context(), &mut fired);
                self.chat = chat;
                out.log.append(&mut fired.log);
                out.rows.append(&mut fired.rows);
                out.quiet_change |= fired.quiet_change;
                if self.chat.in_rooms() != away {
                    self.presence_changed();
                }
            }
        }
        self.settle(roster);
        out
    }

    /// The next moment `tick` has work: the earliest deadline over every slice.
    pub fn next_deadline(&self) -> Option<i64> {
        [
            self.clock.next_deadline(),
            self.chat.next_deadline(),
            self.desks.next_deadline(),
            self.interest.next_deadline(),
        ]
        .into_iter()
        .flatten()
        .min()
    }

    /// The evening as the desks need to know it now.
    fn desk_world(&self, now: i64) -> DeskWorld<'_> {
        DeskWorld { live: self, now }
    }

    /// The evening as the chat slice needs to know it now.
    fn chat_world<'a>(&'a self, roster: &'a Roster) -> ChatWorld<'a> {
        let c = &self.clock;
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

    /// The roster changed (registrations, updates, withdrawals): people no longer
    /// on it leave the evening, and the coming round is re-planned if it is still
    /// being planned.
    pub fn roster_changed(&mut self, roster: &Roster, now: i64) -> Outcome {
        let mut out = Outcome::default();
        if self.presence.prune(roster) {
            out.log("roster.changed", json!({}));
            self.presence_changed();
        }
        // A withdrawn guest's ticket is withdrawn with them.
        self.desks
            .drop_where(|p| !roster.public.contains_key(p), now, &mut out);
        // A desk taken away sends its guest back to the queue.
        self.desks.desks_changed(&roster.desks, &mut out);
        self.settle(roster);
        out
    }

    /// A roster read afresh from the database replaces the old one. Every consent a
    /// guest set on their phone was written there before it was acknowledged, so
    /// the new roster holds the latest word, the organiser's from a paper form
    /// included.
    pub fn roster_reloaded(&mut self) {
        self.interest.roster_changed();
    }

    /// The rest of the evening follows the clock's moves.
    fn follow(&mut self, steps: Vec<Step>, roster: &Roster, out: &mut Outcome) {
        for step in steps {
            match step {
                Step::RoundStarted { round, at } => {
                    // Rest requests were for the round now starting: its plan has
                    // them; the next re-plan may seat them again.
                    self.presence.resting.clear();
                    out.rows.push(Row::RoundStarted {
                        round,
                        started_at: at,
                        ends_at: at + self.clock.settings.round_ms,
                        dates: self.seating.dates(round).to_vec(),
                    });
                }
                Step::RoundEnded { round, at } => {
                    // Invitations of the round lapse; queued pairs go to their dates.
                    self.chat.round_ended(round, out);
                    // Who rested this time may date again; the next round was only
                    // planned, not announced: plan it afresh with who is here.
                    self.replan(roster, round, false);
                    out.rows.push(Row::RoundEnded { round, at });
                }
                Step::Closed { at, in_round } => {
                    // Only a round cut short by the close ends now; one that ended
                    // before a change of tables keeps its own end.
                    if in_round {
                        out.rows.push(Row::RoundEnded {
                            round: self.clock.round,
                            at,
                        });
                    }
                }
                Step::Changed => {}
            }
        }
    }

    /// Presence changed: in the lobby nothing is planned yet; between rounds the
    /// coming round is re-planned at once (keeping announced tables where it can);
    /// during a round it waits for the next transition.
    fn presence_changed(&mut self) {
        if self.clock.between_rounds() {
            self.replan_due = true;
        }
    }

    /// Plans the rounds after `done` with who is here; people resting or in a
    /// private chat room sit the next round out.
    fn replan(&mut self, roster: &Roster, done: u32, keep_announced: bool) {
        let mut away = self.presence.resting.clone();
        away.extend(self.chat.in_rooms());
        let total = self.clock.settings.rounds;
        self.seating
            .replan(roster, &self.presence, &away, total, done, keep_announced);
    }

    /// Applies an interest command to `interest` (a copy of this evening's) rather
    /// than to the evening: the actor's quick path for a burst of marks, which
    /// touch nothing else (see `src/live/actor.rs`).
    /// `dated` is who dated whom as last published (an index, where the evening
    /// would scan every date).
    pub fn apply_to(
        &self,
        interest: &mut Interest,
        cmd: &InterestCmd,
        dated: &Dated,
        roster: &Roster,
        now: i64,
        out: &mut Outcome,
    ) -> Result<(), Refusal> {
        let world = DatedWorld {
            dated,
            roster,
            finished: self.clock.phase == Phase::Closed,
        };
        interest.apply(cmd, &world, now, out)
    }

    /// Erasure of a guest: every free text about them in the saved state is gone
    /// (the rest names them by an id that no longer leads to a name).
    pub fn forget(&mut self, participant: &str) {
        self.desks.forget(participant);
    }

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

    /// The `phase` frame at `now`.
    pub fn phase_frame(&self, now: i64) -> PhaseFrame {
        let c = &self.clock;
        let round = match c.phase {
            Phase::Lobby => None,
            Phase::Round | Phase::Closed => Some(c.round).filter(|&r| r > 0),
            Phase::Transition | Phase::Break => Some(c.round + 1),
        };
        let (ends_at, remaining_ms) = match (c.ends_at, c.paused_at) {
            (Some(end), Some(since)) => (Some(end + (now - since)), Some((end - since).max(0))),
            (end, None) => (end, None),
            (None, Some(_)) => (None, None),
        };
        PhaseFrame {
            phase: c.phase,
            round,
            rounds: c.settings.rounds,
            started_at: c.started_at,
            ends_at,
            paused: c.paused_at.is_some(),
            remaining_ms,
        }
    }

    /// A participant's own assignment for the shown round, if any.
    pub fn assignment(&self, roster: &Roster, participant: &str) -> Option<AssignmentView> {
        let round = self.clock.shown_round()?;
        Some(self.seating.assignment(roster, round, participant))
    }

    /// The shown round's dates by table, with names when `names` is true.
    pub fn tables(&self, roster: &Roster, names: bool) -> Vec<TableRow> {
        self.clock
            .shown_round()
            .map(|round| self.seating.tables(roster, round, names))
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod board_tests;
#[cfg(test)]
mod chat_tests;
#[cfg(test)]
mod desk_tests;
#[cfg(test)]
mod interest_tests;
#[cfg(test)]
mod tests;
