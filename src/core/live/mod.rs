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

pub mod captions;
pub mod chat;
pub mod clock;
mod deadline;
pub mod desk;
mod engine_lines;
pub mod escort;
mod escort_moves;
mod escort_task;
#[cfg(test)]
mod escort_tests;
mod evening;
pub mod frames;
pub mod hall;
pub mod interest;
pub mod message;
mod outcome;
pub mod presence;
pub mod programme;
mod publish;
mod publish_escort;
mod publish_interest;
mod publish_stage;
pub mod refusal;
mod roster;
mod rows;
pub mod saved;
pub mod seating;
pub mod stage;
#[cfg(test)]
mod stage_tests;
pub mod viewer;
mod worlds;

pub use captions::{CaptionCmd, CaptionMsg, Captions};
pub use chat::{Chat, ChatCmd, ChatMsg, ChatRow, RoomSpec};
pub use clock::{ClockCmd, ClockMsg, MIN_LEFT_MS, Phase, PhaseClock, RoundRow, Settings, Step};
pub use deadline::{Deadline, Due};
pub use desk::{DeskCmd, DeskMsg, Desks, TicketRow};
pub use escort::{EscortCmd, EscortMsg, Escorts};
pub use evening::{Command, Live};
pub use frames::{Board, Encoded, Frame, Kind};
pub use hall::{Hall, HallCmd, HallMsg};
pub use interest::{Interest, InterestCmd, InterestMsg, InterestRow};
pub use message::Message;
pub use presence::{Presence, PresenceCmd, PresenceMsg, PresenceRow};
pub use programme::{Programme, ProgrammeCmd, ProgrammeMsg};
pub use refusal::Refusal;
pub use roster::{EventInfo, Public, Roster};
pub use rows::{Outcome, Row};
pub use seating::{AssignmentView, PartnerView, Seating, TableRow};
pub use stage::{Stage, StageCmd, StageMsg};
pub use viewer::{Audience, Role, Viewer};
pub use worlds::Dated;

#[cfg(test)]
mod board_tests;
#[cfg(test)]
mod chat_tests;
#[cfg(test)]
mod desk_tests;
#[cfg(test)]
mod interest_tests;
#[cfg(test)]
mod programme_tests;
#[cfg(test)]
mod tests;
