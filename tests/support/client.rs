//! A guest's or staff member's WebSocket for the benchmarks: connected and greeted.

use futures_util::{SinkExt, StreamExt};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

pub type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Connects to `base`'s `/ws`, says `hello` with `token` and waits for the welcome.
pub async fn hello(base: &str, token: &str) -> Ws {
    let url = format!("{}/ws", base.replace("http", "ws"));
    // As a phone's browser does: no Nagle delay on its small frames.
    let (mut ws, _) = tokio_tungstenite::connect_async_with_config(url, None, true)
        .await
        .unwrap();
    let hello = json!({"type": "hello", "token": token, "device": "bench-phone"}).to_string();
    ws.send(Message::Text(hello.into())).await.unwrap();
    loop {
        if let Some(Ok(Message::Text(t))) = ws.next().await
            && t.contains("\"welcome\"")
        {
            return ws;
        }
    }
}
