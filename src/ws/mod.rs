//! The WebSocket edge: `GET /ws`, one task per connection.
//!
//! - [`protocol`]: the envelope (client frames in, `ack`/`error`/`pong`/`welcome` out);
//! - [`verbs`]: the one table from verb to command and allowed roles;
//! - `hello`: the first frame, the token, and the event's actor;
//! - `crate::limits::open`: how many connections one link may have open;
//! - `session`: the loop over the socket and the event's published states;
//! - `relay`: a connection whose event runs on another instance, passed on there.
//!
//! What each viewer may see is not decided here but by the core's frames
//! (`core::live::frames`). `docs/protocol.md` documents every message.

mod hello;
mod identity;
mod limit;
pub mod protocol;
mod relay;
mod session;
pub mod verbs;

use std::net::SocketAddr;

use axum::extract::ws::{CloseFrame, Message, WebSocketUpgrade, close_code};
use axum::extract::{ConnectInfo, State};
use axum::http::{Extensions, HeaderMap};
use axum::response::Response;

use crate::state::AppState;

pub async fn handler(
    ws: WebSocketUpgrade,
    State(state): State<AppState>,
    headers: HeaderMap,
    extensions: Extensions,
) -> Response {
    // One client address (a hall's phones behind one NAT share one) has so many
    // connections open, and opens so many a minute; past either, the socket is
    // closed at once with 1013, "try again later", and the pages retry a few
    // seconds on.
    let peer = extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip());
    let client = peer.map(|peer| state.limits.client(peer, &headers));
    // A connection another instance passed on is greeted here whatever happens:
    // two instances never pass one back and forth.
    let passed_on = crate::relay::passed_on(&state.key, &headers).is_some();
    let admitted = match client {
        None => Some(None),
        Some(client) => state.limits.check_hello(client).ok().and_then(|()| {
            let owner = format!("address:{client}");
            state
                .connections
                .take(&owner, state.ws_per_address)
                .map(Some)
        }),
    };
    // Frames up to 64 KiB reach us, so that a frame over 16 KiB gets an `error`
    // frame rather than a dropped connection.
    // Small buffers: frames are small, and thousands of phones share one server.
    ws.max_message_size(4 * protocol::MAX_FRAME)
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024)
        .on_upgrade(move |mut socket| async move {
            // The address's place is held for as long as the connection lives.
            let Some(_place) = admitted else {
                let close = CloseFrame {
                    code: close_code::AGAIN,
                    reason: "too many connections from this address: try again shortly".into(),
                };
                let _ = socket.send(Message::Close(Some(close))).await;
                return;
            };
            let relay = (!passed_on).then_some(client);
            session::serve(socket, state, relay).await
        })
}
