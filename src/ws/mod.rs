//! The WebSocket edge: `GET /ws`, one task per connection. The wire format is in
//! [`protocol`]; `docs/protocol.md` documents every message.

mod connection;
pub mod protocol;

pub use connection::handler;
