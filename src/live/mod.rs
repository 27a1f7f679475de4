//! One actor per running event, the evening's only writer while it runs. The actor
//! owns the event's [`Live`] state and its deadlines: it takes commands from an
//! inbox (WebSocket verbs and HTTP routes alike), applies them through the pure core,
//! saves every change with its log entries and rows in one transaction before
//! anyone is told, and publishes each saved state once, through a `watch` channel,
//! to every connection.
//!
//! [`Live`]: crate::core::live::Live

mod actor;
mod load;
pub mod preview;
mod published;
mod registry;

pub use actor::{ANSWER_TIMEOUT, Done, Failure, Handle, QUEUE_LIMIT, SAVE_TIMEOUT};
pub use published::Published;
pub use registry::{Me, Registry, StartError};
