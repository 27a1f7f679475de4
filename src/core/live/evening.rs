//! The composer: [`Live`], one field per slice, and the commands and deadlines
//! that move it. A command goes to its slice; what one slice's change means for the
//! others (a round ended: invitations lapse, the next round is re-planned) is
//! decided here and nowhere else.

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::captions::{CaptionCmd, Captions};
use super::chat::{Chat, ChatCmd};
use super::clock::{ClockCmd, Phase, PhaseClock, RoundRow, Settings, Step};
use super::deadline::{Deadline, Due};
use super::desk::{self, DeskCmd, Desks};
use super::escort::{EscortCmd, Escorts};
use super::frames::PhaseFrame;
use super::hall::{Hall, HallCmd};
use super::interest::{Interest, InterestCmd};
use super::presence::{Presence, PresenceCmd};
use super::programme::{self, Programme, ProgrammeCmd, SegmentKind};
use super::refusal::{self, Refusal};
use super::roster::Roster;
use super::rows::Outcome;
use super::seating::{AssignmentView, Seating, TableRow};
use super::stage::{Stage, StageCmd};
use super::worlds::{Dated, DatedWorld, Parts};

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
    /// The evening's segments; empty for an evening of dates alone.
    #[serde(default)]
    pub programme: Programme,
    /// The latest caption lines.
    #[serde(default)]
    pub captions: Captions,
    /// Introductions, the spotlight and polls.
    #[serde(default)]
    pub stage: Stage,
    /// Volunteers' shifts and escort tasks.
    #[serde(default)]
    pub escorts: Escorts,
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
    Programme(ProgrammeCmd),
    Captions(CaptionCmd),
    Stage(StageCmd),
    Escort(EscortCmd),
}

impl From<EscortCmd> for Command {
    fn from(c: EscortCmd) -> Command {
        Command::Escort(c)
    }
}

impl From<StageCmd> for Command {
    fn from(c: StageCmd) -> Command {
        Command::Stage(c)
    }
}

impl From<CaptionCmd> for Command {
    fn from(c: CaptionCmd) -> Command {
        Command::Captions(c)
    }
}

impl From<ProgrammeCmd> for Command {
    fn from(c: ProgrammeCmd) -> Command {
        Command::Programme(c)
    }
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
            programme: Programme::default(),
            captions: Captions::default(),
            stage: Stage::default(),
            escorts: Escorts::default(),
            replan_due: false,
        }
    }

    /// Applies a command at `now`, re-planning the coming round if it must.
    /// Nothing changes when it is refused.
    pub fn apply(&mut self, cmd: &Command, roster: &Roster, now: i64) -> Result<Outcome, Refusal> {
        let mut out = self.apply_deferred(cmd, roster, now)?;
        self.settle(roster);
        self.escort_sync(roster, now, &mut out);
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
                // The dates are over but the programme goes on: ending the evening
                // now closes it.
                if *c == ClockCmd::End
                    && self.clock.phase == Phase::Closed
                    && self.programme.goes_on_after_dates()
                {
                    if self.programme.closed_at.is_some() {
                        return Err(super::clock::CLOSED);
                    }
                    self.programme.close(now);
                    out.log_entry(c.log());
                    return Ok(out);
                }
                // A re-plan still owed is made before the clock moves on.
                self.settle(roster);
                let before = (self.clock.phase, self.clock.round);
                let steps = self.clock.apply(c, now)?;
                out.log_entry(c.log());
                // Each change of phase is logged once, as a deadline logs it, whoever
                // caused it (`event.start`, `phase.skip`, `break.insert`,
                // `event.end`): the log alone shows no round ended twice.
                if (self.clock.phase, self.clock.round) != before {
                    out.log(
                        "phase.changed",
                        json!({ "phase": self.clock.phase, "round": self.clock.round }),
                    );
                }
                if *c == ClockCmd::Start {
                    self.replan(roster, 0, false);
                    // Starting the evening makes the dates the segment under way.
                    if let Some(dates) = self.programme.dates().map(str::to_owned) {
                        self.programme.begin(&dates, now)?;
                    }
                }
                self.follow(steps, roster, &mut out);
            }
            Command::Programme(c) => {
                let out = self.apply_programme(c, roster, now)?;
                // A guest's moment on stage belongs to its segment.
                if matches!(c, ProgrammeCmd::Start { .. }) {
                    self.stage.spotlight = None;
                }
                return Ok(out);
            }
            Command::Captions(c) => {
                let line = self.captions.apply(c, now)?;
                out.log_entry(c.log(line));
            }
            Command::Escort(c) => self.apply_escort(c, roster, now, &mut out)?,
            Command::Stage(c) => {
                let (log, happened) =
                    self.stage
                        .apply(c, |p| roster.public.contains_key(p), now)?;
                out.log_entry(log);
                self.caption_stage(&happened, roster, now);
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
                let done = chat.apply(c, &self.parts().chat_world(roster).context(), now, &mut out);
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
                    return Err(refusal::UNKNOWN_PARTICIPANT);
                }
                let called: Vec<String> =
                    self.desks.calls().iter().map(|c| c.0.id.clone()).collect();
                let mut desks = std::mem::take(&mut self.desks);
                let ctx = desk::Context {
                    desks: &roster.desks,
                    evening: &self.parts().desk_world(now),
                };
                let done = desks.apply(c, &ctx, now, &mut out);
                self.desks = desks;
                done?;
                self.caption_calls(&called, roster, now);
            }
            Command::Interest(c) => {
                let mut interest = std::mem::take(&mut self.interest);
                let world = self.parts().interest_world(roster);
                let done = interest.apply(c, &world, now, &mut out);
                self.interest = interest;
                done?;
            }
        }
        Ok(out)
    }

    /// Fires every deadline up to `now`, each at its own time and in time order
    /// (ties in [`Due`]'s order), so a server that was down (or slept late) ends up
    /// where it would have been.
    pub fn tick(&mut self, roster: &Roster, now: i64) -> Outcome {
        let mut out = Outcome::default();
        while let Some(Deadline { at, due }) = self.deadline().filter(|d| d.at <= now) {
            match due {
                // A call to flag touches nothing else of the evening.
                Due::Desk => self.desks.fire(at, &mut out),
                // Nor does a reveal the host set for later.
                Due::Interest => self.interest.fire(at, &mut out),
                Due::Escort => self.escorts.fire(at, &mut out),
                Due::Chat => {
                    let away = self.chat.in_rooms();
                    let mut chat = std::mem::take(&mut self.chat);
                    // Only what a deadline's change is: no actor to hide (there is none).
                    let mut fired = Outcome::default();
                    chat.fire(at, &self.parts().chat_world(roster).context(), &mut fired);
                    self.chat = chat;
                    out.log.append(&mut fired.log);
                    out.rows.append(&mut fired.rows);
                    out.quiet_change |= fired.quiet_change;
                    if self.chat.in_rooms() != away {
                        self.presence_changed();
                    }
                }
                Due::Clock => {
                    self.settle(roster);
                    // A change of tables waits for escorted movers (a while).
                    if self.wait_for_escorts(at, &mut out) {
                        continue;
                    }
                    let step = self.clock.fire(at);
                    out.log(
                        "phase.changed",
                        json!({ "phase": self.clock.phase, "round": self.clock.round }),
                    );
                    self.follow(vec![step], roster, &mut out);
                }
            }
        }
        self.settle(roster);
        self.escort_sync(roster, now, &mut out);
        out
    }

    /// The earliest deadline over every slice, ties in [`Due`]'s order.
    pub fn deadline(&self) -> Option<Deadline> {
        Deadline::earliest([
            Deadline::of(Due::Desk, self.desks.next_deadline()),
            Deadline::of(Due::Interest, self.interest.next_deadline()),
            Deadline::of(Due::Chat, self.chat.next_deadline()),
            Deadline::of(Due::Escort, self.escorts.next_deadline()),
            Deadline::of(Due::Clock, self.clock.next_deadline()),
        ])
    }

    /// The next moment `tick` has work.
    pub fn next_deadline(&self) -> Option<i64> {
        self.deadline().map(|d| d.at)
    }

    /// The parts the adapters between slices read (`worlds`).
    pub(super) fn parts(&self) -> Parts<'_> {
        Parts {
            clock: &self.clock,
            seating: &self.seating,
            chat: &self.chat,
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
        // A withdrawn guest's ticket is withdrawn with them, and their spotlight.
        self.desks
            .drop_where(|p| !roster.public.contains_key(p), now, &mut out);
        if self.stage.roster_changed(|p| roster.public.contains_key(p)) {
            out.log("spotlight.set", json!({ "participant_id": null }));
        }
        // A desk taken away sends its guest back to the queue.
        self.desks.desks_changed(&roster.desks, &mut out);
        self.settle(roster);
        // What the step's commands and deadlines did may send an escorted guest
        // somewhere: their tasks follow.
        self.escort_sync(roster, now, &mut out);
        out
    }

    /// A roster read afresh from the database replaces the old one. Every consent a
    /// guest set on their phone was written there before it was acknowledged, so
    /// the new roster holds the latest word, the organiser's from a paper form
    /// included.
    pub fn roster_reloaded(&mut self, settings: &Settings, programme: Option<&Programme>) {
        self.interest.roster_changed();
        // The needs guests set on their phones were written there too.
        self.escorts.needs.clear();
        // Until the evening starts the organiser may still change its rules
        // (rounds, their lengths, the break) and its programme: the lobby takes them
        // as stored. Once started the clock keeps the rules it started with, and
        // the host keeps the programme.
        if self.clock.phase == Phase::Lobby {
            self.clock.settings = *settings;
            if self.programme.current.is_none()
                && let Some(p) = programme
            {
                self.programme = p.clone();
            }
        }
    }

    /// The event's status as the organiser and the store know it: `scheduled`
    /// until the host starts a segment or the dates, `closed` once the dates are
    /// over with nothing after them, or once `closing` began or the host ended the
    /// evening after the dates; `live` in between.
    pub fn status(&self) -> &'static str {
        if self.programme.closed_at.is_some() {
            return "closed";
        }
        match self.clock.phase {
            Phase::Lobby if self.programme.current.is_none() => "scheduled",
            Phase::Closed if !self.programme.goes_on_after_dates() => "closed",
            _ => "live",
        }
    }

    /// The host's verbs on the programme. Starting the dates is starting the
    /// evening (from the lobby) or resuming it (from a break another segment
    /// paused); any other segment waits for a break or the end of the rounds, and
    /// pauses a break it starts in. The reveal segment reveals; `closing` closes.
    fn apply_programme(
        &mut self,
        cmd: &ProgrammeCmd,
        roster: &Roster,
        now: i64,
    ) -> Result<Outcome, Refusal> {
        let mut out = Outcome::default();
        match cmd {
            ProgrammeCmd::Set { segments } => {
                self.programme.set(segments)?;
                out.log_entry(cmd.log());
            }
            ProgrammeCmd::Start { segment } => {
                let kind = self
                    .programme
                    .segment(segment)
                    .ok_or(programme::UNKNOWN_SEGMENT)?
                    .kind;
                if self.programme.closed_at.is_some() {
                    return Err(super::clock::CLOSED);
                }
                let phase = self.clock.phase;
                let paused = self.clock.paused_at.is_some();
                // Checked before anything moves: a refusal changes nothing.
                if kind == SegmentKind::Reveal && phase != Phase::Closed {
                    return Err(super::interest::NOT_FINISHED);
                }
                if kind == SegmentKind::Dates {
                    out = match phase {
                        Phase::Lobby => {
                            self.apply_deferred(&Command::Clock(ClockCmd::Start), roster, now)?
                        }
                        Phase::Break if paused => {
                            self.apply_deferred(&Command::Clock(ClockCmd::Resume), roster, now)?
                        }
                        Phase::Closed => return Err(programme::DATES_OVER),
                        _ => Outcome::default(),
                    };
                } else {
                    match phase {
                        Phase::Round | Phase::Transition => return Err(programme::DATES_RUNNING),
                        Phase::Break if !paused => {
                            out =
                                self.apply_deferred(&Command::Clock(ClockCmd::Pause), roster, now)?;
                        }
                        _ => {}
                    }
                    if kind == SegmentKind::Reveal && self.interest.revealed_at.is_none() {
                        let reveal = Command::Interest(InterestCmd::Reveal { at: None });
                        let mut revealed = self.apply_deferred(&reveal, roster, now)?;
                        out.log.append(&mut revealed.log);
                        out.rows.append(&mut revealed.rows);
                    }
                }
                if self.programme.current.as_deref() != Some(segment.as_str())
                    && let Some(s) = self.programme.segment(segment)
                {
                    let title = s.title.clone();
                    self.captions
                        .engine(format!("现在：{title}"), format!("Now: {title}"), now);
                }
                self.programme.begin(segment, now)?;
                if kind == SegmentKind::Closing {
                    // The rounds end with the evening, if they had not.
                    if !matches!(self.clock.phase, Phase::Closed | Phase::Lobby) {
                        let mut ended =
                            self.apply_deferred(&Command::Clock(ClockCmd::End), roster, now)?;
                        out.log.append(&mut ended.log);
                        out.rows.append(&mut ended.rows);
                    }
                    self.programme.closed_at.get_or_insert(now);
                }
                out.log_entry(cmd.log());
            }
        }
        Ok(out)
    }

    /// The rest of the evening follows the clock's moves.
    fn follow(&mut self, steps: Vec<Step>, roster: &Roster, out: &mut Outcome) {
        for step in steps {
            match step {
                Step::RoundStarted { round, at } => {
                    // Rest requests were for the round now starting: its plan has
                    // them; the next re-plan may seat them again.
                    self.presence.resting.clear();
                    self.captions.engine(
                        format!("第 {round} 轮约会开始"),
                        format!("Round {round} of the dates begins"),
                        at,
                    );
                    out.row(RoundRow::Started {
                        round,
                        started_at: at,
                        ends_at: at + self.clock.settings.round_ms,
                        dates: self.seating.dates(round).to_vec(),
                    });
                }
                Step::RoundEnded { round, at } => {
                    // A new change of tables: it may wait for escorts afresh.
                    self.escorts.extended_ms = 0;
                    self.captions.engine(
                        format!("第 {round} 轮结束：请道别，前往下一桌"),
                        format!("Round {round} is over: say goodbye and move to your next table"),
                        at,
                    );
                    // Invitations of the round lapse; queued pairs go to their dates.
                    self.chat.round_ended(round, out);
                    // Who rested this time may date again; the next round was only
                    // planned, not announced: plan it afresh with who is here.
                    self.replan(roster, round, false);
                    out.row(RoundRow::Ended { round, at });
                }
                Step::Closed { at, in_round } => {
                    // The dates are over: the evening closes with them, unless the
                    // programme has more after them.
                    if self.programme.goes_on_after_dates() {
                        if self.programme.current.as_deref() == self.programme.dates() {
                            self.programme.end_current(at);
                        }
                    } else {
                        self.programme.close(at);
                    }
                    // The rooms close with the hall; what the host last announced
                    // was for the evening that is over: an empty announcement
                    // takes it down (a frame is replaced, never withdrawn).
                    self.chat.evening_closed(self.clock.round, at, out);
                    self.hall.announcement = Some((at, String::new()));
                    // Only a round cut short by the close ends now; one that ended
                    // before a change of tables keeps its own end.
                    if in_round {
                        out.row(RoundRow::Ended {
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
    /// `name` is the name they had: where it stands as a caption's speaker label,
    /// the label is blanked.
    pub fn forget(&mut self, participant: &str, name: Option<&str>) {
        self.desks.forget(participant);
        self.stage.forget(participant);
        self.escorts.forget(participant);
        if let Some(name) = name.filter(|n| !n.is_empty()) {
            self.captions.forget_name(name);
        }
    }

    /// The rounds that have begun (dates held or under way): `1..=reached`.
    pub fn rounds_reached(&self) -> u32 {
        self.parts().rounds_reached()
    }

    /// Who `person` dated in `round`, if that round has begun and they had a date.
    pub fn partner_in(&self, person: &str, round: u32) -> Option<String> {
        self.parts().partner_in(person, round)
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

    /// Whether this state differs from `before` in the clock's times alone (an
    /// extension, a pause, a resume): the same phase, round and settings, and every
    /// other slice as it was. Then the board differs in the `phase` frame alone,
    /// and in the desks' frames, which count down to the end of a guest's date.
    pub fn only_times_differ(&self, before: &Live) -> bool {
        // Every field named, so that a new slice cannot be forgotten here.
        let Live {
            clock,
            presence,
            hall,
            seating,
            chat,
            desks,
            interest,
            programme,
            captions,
            stage,
            escorts,
            replan_due: _,
        } = self;
        clock.settings == before.clock.settings
            && clock.phase == before.clock.phase
            && clock.round == before.clock.round
            && *presence == before.presence
            && *hall == before.hall
            && *chat == before.chat
            && *desks == before.desks
            && *interest == before.interest
            && *programme == before.programme
            && *captions == before.captions
            && *stage == before.stage
            && *escorts == before.escorts
            && *seating == before.seating
    }

    /// A participant's own assignment for the shown round, if any.
    pub fn assignment(&self, roster: &Roster, participant: &str) -> Option<AssignmentView> {
        let round = self.clock.shown_round()?;
        Some(self.seating.assignment(roster, round, participant))
    }

    /// The shown round's dates by table, with names when `names` is true.
    pub fn tables(&self, roster: &Roster, names: bool) -> Vec<TableRow> {
        // A pair gone to the private chat area is no longer at their table: the
        // seating lists them nowhere (the rooms frame says where they are).
        let away: std::collections::BTreeSet<i64> = self
            .chat
            .in_rooms()
            .iter()
            .filter_map(|id| roster.public.get(id).map(|p| p.number))
            .collect();
        self.clock
            .shown_round()
            .map(|round| self.seating.tables(roster, round, names))
            .unwrap_or_default()
            .into_iter()
            .filter(|t| !t.numbers.iter().any(|n| away.contains(n)))
            .collect()
    }
}
