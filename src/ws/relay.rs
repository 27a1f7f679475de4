//! A connection whose event runs on another instance of this database: this
//! instance passes it on, frame for frame, to the owner's advertised address,
//! with the client's address signed (`crate::relay`). The owner greets it, counts
//! it among the link's connections and sends it every frame, as if the phone had
//! reached it directly.
//!
//! When the owner goes (it stopped, died or lost the event), the phone is told
//! 1012, "service restart": its page reconnects at once, and the connection lands
//! wherever the event runs by then, with a full snapshot.

use std::net::IpAddr;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, close_code};
use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message as Up;
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;

use super::protocol;
use crate::state::AppState;

/// How long the owner may take to accept the connection.
const CONNECT: Duration = Duration::from_secs(5);

/// Passes `socket` on to the instance at `address`, starting with the phone's
/// `hello`, until either side closes.
pub async fn pipe(
    mut socket: WebSocket,
    state: &AppState,
    address: &str,
    hello: String,
    client: Option<IpAddr>,
) {
    let Some(mut upstream) = connect(state, address, client).await else {
        return restart(&mut socket, "the event's server cannot be reached").await;
    };
    if upstream.send(Up::text(hello)).await.is_err() {
        return restart(&mut socket, "the event's server cannot be reached").await;
    }
    let mut stopping = state.stopping.subscribe();
    loop {
        tokio::select! {
            // This server stops: the phone goes elsewhere at once.
            // (It only ever changes to `true`.)
            _ = stopping.changed() => {
                let _ = upstream.close(None).await;
                break;
            }
            down = socket.recv() => match down {
                Some(Ok(Message::Text(t))) => {
                    if upstream.send(Up::text(t.as_str())).await.is_err() { break }
                }
                Some(Ok(Message::Binary(b))) => {
                    if upstream.send(Up::binary(b.to_vec())).await.is_err() { break }
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                    let _ = upstream.close(None).await;
                    return;
                }
            },
            up = upstream.next() => match up {
                Some(Ok(Up::Text(t))) => {
                    if socket.send(Message::Text(t.as_str().into())).await.is_err() {
                        let _ = upstream.close(None).await;
                        return;
                    }
                }
                Some(Ok(Up::Close(frame))) => {
                    // The owner's own close, as it gave it (a revoked link, a
                    // withdrawn guest, its own 1012 when it lost the event).
                    let frame = frame.map(|f| CloseFrame {
                        code: f.code.into(),
                        reason: f.reason.as_str().into(),
                    });
                    let _ = socket.send(Message::Close(frame)).await;
                    return;
                }
                Some(Ok(_)) => {}
                None | Some(Err(_)) => break,
            },
        }
    }
    restart(&mut socket, "the event moved to another server").await;
}

type Upstream =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(state: &AppState, address: &str, client: Option<IpAddr>) -> Option<Upstream> {
    let mut request = format!("ws://{address}/ws").into_client_request().ok()?;
    // Always signed, so that the owner greets it itself (never passes it on
    // again); without a socket (never in service) the client is nobody in particular.
    let client = client.unwrap_or(std::net::Ipv4Addr::UNSPECIFIED.into());
    let tag = crate::relay::tag(&state.key, client, crate::relay::wall_ms());
    request
        .headers_mut()
        .insert(crate::relay::HEADER, tag.parse().ok()?);
    let config = WebSocketConfig::default()
        .max_message_size(Some(4 * protocol::MAX_FRAME))
        .read_buffer_size(4 * 1024)
        .write_buffer_size(4 * 1024);
    let connecting = tokio_tungstenite::connect_async_with_config(request, Some(config), true);
    match tokio::time::timeout(CONNECT, connecting).await {
        Ok(Ok((ws, _))) => Some(ws),
        Ok(Err(e)) => {
            tracing::warn!(owner = %address, error = %e, "cannot pass a connection on to the event's owner");
            None
        }
        Err(_) => {
            tracing::warn!(owner = %address, "the event's owner did not accept a connection within 5 s");
            None
        }
    }
}

/// 1012: the page reconnects at once and finds the event where it runs now.
pub async fn restart(socket: &mut WebSocket, reason: &str) {
    let close = CloseFrame {
        code: close_code::RESTART,
        reason: reason.into(),
    };
    let _ = socket.send(Message::Close(Some(close))).await;
}
