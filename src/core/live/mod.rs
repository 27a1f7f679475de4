//! The live event as plain data and rules: phases, the clock, host verbs, check-ins
//! and rests, and what each screen is told. No tokio, no database, no system clock:
//! every function takes `now` (Unix milliseconds) and returns what changed, so the
//! rules are unit-tested without a runtime. The actor in `src/live/` drives it.

mod machine;
mod view;

pub use machine::{Command, CommandError, Live, MIN_LEFT_MS, Phase, Public, Roster, Settings};
pub use view::{AssignmentView, PartnerView, PhaseView, TableRow};

#[cfg(test)]
mod tests;
