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
//! - the private chat area (invitations, rooms, the queue), in [`chat`].
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
pub mod frames;
pub mod hall;
pub mod presence;
pub mod refusal;
pub mod saved;
pub mod seating;
pub mod viewer;

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

pub use chat::{Chat, ChatCmd, RoomSpec};
pub use clock::{ClockCmd, MIN_LEFT_MS, Phase, PhaseClock, Settings, Step};
pub use frames::{Board, Encoded, Frame, Kind};
pub use hall::{Hall, HallCmd};
pub use presence::{Presence, PresenceCmd};
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
    pub interpreters: u32,
    /// Each participant's current token version: a connection opened with an older
    /// token (re-issued since) or for someone no longer here (withdrawn) is closed.
    pub credentials: HashMap<String, i64>,
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

    fn needs_access(&self, person: &str) -> bool {
        use crate::core::participant::Mobility;
        self.roster
            .people
            .iter()
            .any(|p| p.id == person && p.mobility == Mobility::Wheelchair)
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
        [self.clock.next_deadline(), self.chat.next_deadline()]
            .into_iter()
            .flatten()
            .min()
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
    pub fn roster_changed(&mut self, roster: &Roster) -> Outcome {
        let mut out = Outcome::default();
        if self.presence.prune(roster) {
            out.log("roster.changed", json!({}));
            self.presence_changed();
        }
        self.settle(roster);
        out
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

    /// Every frame of this state, each with its audience, serialised once.
    pub fn board(&self, roster: &Roster, at: i64) -> Board {
        let mut board = Board::default();
        let s = &self.clock.settings;
        let event = Frame::Event(EventFrame {
            title: roster.event.title.clone(),
            venue: roster.event.venue.clone(),
            round_ms: s.round_ms,
            transition_ms: s.transition_ms,
            break_after: s.break_after,
            break_ms: s.break_ms,
        });
        board.put(Audience::Everyone, Kind::Event, Some(&event), at);
        let phase = Frame::Phase(self.phase_frame(at));
        board.put(Audience::Everyone, Kind::Phase, Some(&phase), at);
        let announce = self.hall.announcement.as_ref().map(|(when, text)| {
            Frame::Announce(AnnounceFrame {
                text: text.clone(),
                sent_at: *when,
            })
        });
        board.put(Audience::Everyone, Kind::Announce, announce.as_ref(), at);

        // Seating and presence, as each role sees them.
        let round = self.clock.shown_round();
        let tables = |names: bool| {
            Frame::Tables(TablesFrame {
                round,
                tables: self.tables(roster, names),
            })
        };
        board.put(Audience::Desk, Kind::Tables, Some(&tables(true)), at);
        let projector = tables(roster.event.names_on_projector);
        board.put(Audience::Projector, Kind::Tables, Some(&projector), at);
        let p = &self.presence;
        let counts = Frame::Counts(CountsFrame {
            present: p.present.len(),
            registered: roster.people.len(),
        });
        board.put(Audience::Desk, Kind::Counts, Some(&counts), at);
        let mut people = Vec::with_capacity(roster.people.len());
        for person in &roster.people {
            let id = &person.id;
            let seat = self.assignment(roster, id);
            let public = roster.public.get(id);
            people.push(PersonRow {
                id: id.clone(),
                number: public.map(|x| x.number),
                name: public.map(|x| x.name.clone()),
                present: p.present.contains(id),
                gone: p.gone.contains(id),
                resting: p.resting.contains(id),
                table: seat.as_ref().and_then(|a| a.table.clone()),
            });
            let own = Audience::Participant(id.clone());
            let me = public.map(|x| {
                Frame::Me(MeFrame {
                    name: x.name.clone(),
                    number: x.number,
                })
            });
            board.put(own.clone(), Kind::Me, me.as_ref(), at);
            let assignment = Frame::Assignment(AssignmentFrame::new(
                seat,
                p.resting.contains(id),
                p.present.contains(id),
            ));
            board.put(own, Kind::Assignment, Some(&assignment), at);
        }
        let people = Frame::People(PeopleFrame { people });
        board.put(Audience::Desk, Kind::People, Some(&people), at);
        self.chat_frames(&mut board, roster, at);
        board
    }

    /// The private chat area: each participant's own state, the rooms and the
    /// queue for staff (numbers and names), the rooms alone for the projector.
    fn chat_frames(&self, board: &mut Board, roster: &Roster, at: i64) {
        for person in &roster.people {
            let own = Frame::Chat(self.chat.view(&person.id));
            let audience = Audience::Participant(person.id.clone());
            board.put(audience, Kind::Chat, Some(&own), at);
        }
        let number = |id: &String| roster.public.get(id).map_or(0, |p| p.number);
        let name = |id: &String| {
            roster
                .public
                .get(id)
                .map_or_else(String::new, |p| p.name.clone())
        };
        let rooms = self.chat.rooms(&roster.rooms);
        let staff = Frame::Rooms(RoomsFrame {
            rooms: rooms
                .iter()
                .map(|r| RoomRow {
                    room: r.room.clone(),
                    in_use: r.inside.is_some(),
                    numbers: Some(r.inside.iter().flatten().map(number).collect()),
                    names: Some(r.inside.iter().flatten().map(name).collect()),
                    since: Some(r.since),
                    until: Some(r.until),
                })
                .collect(),
            queue: Some(
                self.chat
                    .queue()
                    .iter()
                    .map(|q| QueueRow {
                        numbers: vec![number(&q.from), number(&q.to)],
                        names: Some(vec![name(&q.from), name(&q.to)]),
                        since: match q.state {
                            chat::RequestState::Queued { since } => since,
                            _ => q.created_at,
                        },
                    })
                    .collect(),
            ),
            settings: Some(self.chat.settings),
        });
        board.put(Audience::Desk, Kind::Rooms, Some(&staff), at);
        let projector = Frame::Rooms(RoomsFrame {
            rooms: rooms
                .iter()
                .map(|r| RoomRow {
                    room: r.room.clone(),
                    in_use: r.inside.is_some(),
                    numbers: None,
                    names: None,
                    since: None,
                    until: None,
                })
                .collect(),
            queue: None,
            settings: None,
        });
        board.put(Audience::Projector, Kind::Rooms, Some(&projector), at);
    }
}

#[cfg(test)]
mod board_tests;
#[cfg(test)]
mod chat_tests;
#[cfg(test)]
mod tests;
