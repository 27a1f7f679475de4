//! One connection after `hello`: `welcome` with the snapshot, then one `select!` loop
//! over the socket and the event's published states. The connection subscribes
//! before it reads the snapshot, so no change falls between them; a slow client
//! skips to the newest state instead of queueing a backlog. The snapshot and the
//! updates both come from the board's `visible` list for this viewer.

use axum::extract::ws::{Message, WebSocket};

use super::hello::{self, Greeted};
use super::{protocol, verbs};
use crate::app::AppState;
use crate::auth::Seat;
use crate::core::Lang;
use crate::live::{Failure, Handle, Published};

async fn send(socket: &mut WebSocket, text: impl Into<String>) -> bool {
    socket.send(Message::Text(text.into().into())).await.is_ok()
}

pub async fn serve(mut socket: WebSocket, state: AppState) {
    let Greeted { seat, lang, handle } = match hello::greet(&mut socket, &state).await {
        Ok(g) => g,
        Err(frame) => {
            if let Some(frame) = frame {
                send(&mut socket, frame).await;
            }
            return;
        }
    };
    let mut updates = handle.watch();
    let mut last = updates.borrow_and_update().clone();
    let snapshot = last.board.snapshot(&seat.viewer);
    let welcome = protocol::welcome(
        seat.viewer.role(),
        &seat.event_id,
        &snapshot,
        state.clock.now(),
    );
    if !send(&mut socket, welcome).await {
        return;
    }
    loop {
        tokio::select! {
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Binary(_))) => {
                        let msg = lang.pick("只接受文本（JSON）消息。", "Only text (JSON) frames are accepted.");
                        let frame = protocol::error(None, "bad_request", &msg, state.clock.now());
                        if !send(&mut socket, frame).await { break }
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue, // ping/pong frames of the WebSocket layer
                };
                let reply = answer(&state, &handle, &seat, lang, &text).await;
                if !send(&mut socket, reply).await { break }
            }
            changed = updates.changed() => {
                if changed.is_err() { break }
                let now = updates.borrow_and_update().clone();
                if revoked(&seat, &last, &now) {
                    let msg = lang.pick(
                        "这个链接已停用。如有疑问，请到签到台询问。",
                        "This link has been switched off. If this is a surprise, please ask at the check-in desk.",
                    );
                    send(&mut socket, protocol::error(None, "revoked", &msg, state.clock.now())).await;
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
                for frame in now.board.changes(&seat.viewer, &last.board) {
                    if !send(&mut socket, frame.text()).await { return }
                }
                last = now;
            }
        }
    }
}

/// Whether a participant's connection must close: they were withdrawn (present in
/// the old roster, gone from the new), or their token was re-issued since they
/// connected. A roster that has not caught up yet (an older version) closes nothing.
fn revoked(seat: &Seat, old: &Published, new: &Published) -> bool {
    let Some(id) = seat.viewer.participant() else {
        return false;
    };
    let withdrawn =
        old.roster.credentials.contains_key(id) && !new.roster.credentials.contains_key(id);
    withdrawn
        || new
            .roster
            .credentials
            .get(id)
            .is_some_and(|v| *v > seat.token_version)
}

/// The answer to one client frame: `pong`, `ack` or `error`.
async fn answer(state: &AppState, handle: &Handle, seat: &Seat, lang: Lang, text: &str) -> String {
    let now = state.clock.now();
    let frame = match protocol::parse(text, lang, now) {
        Ok(f) => f,
        Err(error) => return error,
    };
    let id = frame.id.as_deref();
    match frame.verb.as_str() {
        // Never queued behind the evening: answered here, at once.
        "ping" => {
            return match frame.fields.get("t").and_then(serde_json::Value::as_f64) {
                Some(t) => protocol::pong(t, state.clock.now()),
                None => {
                    let m = lang.pick("ping 需要数字 t。", "`ping` needs a number `t`.");
                    protocol::error(id, "bad_request", &m, now)
                }
            };
        }
        "hello" => {
            let m = lang.pick(
                "已经连接，无需再次 hello。",
                "Already connected: no second hello is needed.",
            );
            return protocol::error(id, "bad_request", &m, now);
        }
        _ => {}
    }
    let Some(verb) = verbs::find(&frame.verb) else {
        let m = lang.pick(
            format!("不认识的消息类型：{}", frame.verb),
            format!("Unknown message type: {}", frame.verb),
        );
        return protocol::error(id, "bad_request", &m, now);
    };
    let cmd = match (verb.make)(frame.fields, &seat.viewer) {
        Ok(cmd) => cmd,
        Err(e) => {
            let m = lang.pick(
                format!("无法理解的消息：{e}"),
                format!("Cannot understand this message: {e}"),
            );
            return protocol::error(id, "bad_request", &m, now);
        }
    };
    if !verb.roles.contains(&seat.viewer.role()) {
        let (zh, en) = verb.forbidden;
        let m = lang.pick(
            format!("你的角色不能{zh}。"),
            format!("Your role cannot {en}."),
        );
        return protocol::error(id, "forbidden", &m, now);
    }
    match handle.send(cmd, &seat.viewer.log_name()).await {
        Ok(_) => protocol::ack(id, state.clock.now()),
        Err(Failure::Refused(r)) => protocol::error(id, r.code(), &r.text(lang), state.clock.now()),
        Err(Failure::Unavailable) => unavailable(id, lang, state.clock.now()),
    }
}

pub fn unavailable(id: Option<&str>, lang: Lang, at: i64) -> String {
    let m = lang.pick(
        "没能保存，什么都没有改变。请再试一次。",
        "This could not be saved, so nothing changed. Try again.",
    );
    protocol::error(id, "unavailable", &m, at)
}
