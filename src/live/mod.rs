//! One actor per running event. The actor owns the event's [`Live`] state and its
//! clock: it takes commands from an inbox, sleeps until the next deadline, saves
//! every change to the database before acknowledging or publishing it, and
//! publishes each change once, through a broadcast channel, to every connection.
//!
//! [`Live`]: crate::core::live::Live

mod actor;
pub mod preview;
mod registry;
mod roster;
mod update;

pub use actor::{Handle, Reply};
pub use registry::Registry;
pub use update::{Frame, Update};
