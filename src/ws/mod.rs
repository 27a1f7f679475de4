//! The WebSocket edge: `GET /ws`, one task per connection.
//!
//! - [`protocol`]: the envelope (client frames in, `ack`/`error`/`pong`/`welcome` out);
//! - [`verbs`]: the one table from verb to command and allowed roles;
//! - `hello`: the first frame, the token, and the event's actor;
//! - [`caps`]: how many connections one link may have open;
//! - [`fuzz`]: seeded random frames through all of the above and the rules;
//! - `session`: the loop over the socket and the event's published states.
//!
//! What each viewer may see is not decided here but by the core's frames
//! (`core::live::frames`). `docs/protocol.md` documents every message.

pub mod caps;
pub mod fuzz;
mod hello;
mod identity;
mod limit;
pub mod protocol;
mod session;
pub mod verbs;

use axum::extract::State;
use axum::extract::ws::WebSocketUpgrade;
use axum::response::Response;

use crate::app::AppState;

pub async fn handler(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    // Frames up to 64 KiB reach us, so that a frame over 16 KiB gets an `error`
    // frame rather than a dropped connection.
    // Small buffers: frames are small, and thousands of phones share one server.
    ws.max_message_size(4 * protocol::MAX_FRAME)
        .read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .on_upgrade(move |socket| session::serve(socket, state))
}
