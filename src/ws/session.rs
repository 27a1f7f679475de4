//! One connection after `hello`: `welcome` with the snapshot, then one `select!` loop
//! over the socket and the event's published states. The connection subscribes
//! before it reads the snapshot, so no change falls between them; a slow client
//! skips to the newest state instead of queueing a backlog. The snapshot and the
//! updates both come from the board's `visible` list for this viewer.

use std::collections::VecDeque;
use std::sync::Arc;

use axum::extract::ws::{Message, WebSocket};
use futures_util::SinkExt;

use super::hello::{self, Greeted, Turned, withdrawn};
use super::limit::VerbLimit;
use super::{identity, protocol, verbs};
use crate::auth::Seat;
use crate::core::Lang;
use crate::live::{Failure, Handle, Published};
use crate::state::AppState;

async fn send(socket: &mut WebSocket, text: impl Into<String>) -> bool {
    socket.send(Message::Text(text.into().into())).await.is_ok()
}

/// `relay`: `None` when the connection may not be passed on to another instance
/// (one already did); else the phone's own address, said to the owner then.
pub async fn serve(
    mut socket: WebSocket,
    state: AppState,
    relay: Option<Option<std::net::IpAddr>>,
) {
    // `_slot` holds this connection's place until the function returns.
    let Greeted {
        seat,
        lang,
        handle,
        slot: _slot,
        session,
    } = match Box::pin(hello::greet(&mut socket, &state, relay.is_some())).await {
        Ok(g) => g,
        Err(Turned::Refused(frame)) => {
            if let Some(frame) = frame {
                send(&mut socket, frame).await;
            }
            return;
        }
        Err(Turned::Elsewhere { address, hello }) => {
            let client = relay.flatten();
            return Box::pin(super::relay::pipe(socket, &state, &address, hello, client)).await;
        }
    };
    let mut updates = handle.watch();
    let mut last = updates.borrow_and_update().clone();
    if !current(&seat, &last.roster) {
        // The link was looked up before a change this evening started with: an
        // erasure runs with the evening stopped, and this hello waited for it to
        // start again. Asked again (1012), the link is answered as it stands now
        // ("no longer works"), instead of greeting someone the roster has not.
        super::relay::restart(&mut socket, "the link changed while the event restarted").await;
        return;
    }
    let snapshot = last.board.snapshot(&seat.viewer);
    let welcome = protocol::welcome(
        seat.viewer.role(),
        &seat.event_id,
        session.as_deref(),
        &snapshot,
        state.clock.now(),
    );
    if !send(&mut socket, welcome).await {
        return;
    }
    // Client frames still to handle: those that came in while a verb waited.
    let mut backlog: VecDeque<String> = VecDeque::new();
    let mut limit = if seat.viewer.participant().is_some() {
        VerbLimit::guest()
    } else {
        VerbLimit::staff()
    };
    // Counted in real time, not the evening's clock (which tests may hold still).
    let opened = std::time::Instant::now();
    loop {
        let text = if let Some(text) = backlog.pop_front() {
            text
        } else {
            tokio::select! {
                frame = socket.recv() => match read(frame) {
                    Read::Text(t) => t,
                    Read::Binary => {
                        if !send(&mut socket, binary(lang, state.clock.now())).await { break }
                        continue;
                    }
                    Read::Skip => continue,
                    Read::Closed => break,
                },
                changed = updates.changed() => {
                    if changed.is_err() {
                        // The actor stopped: this server gave the event up or lost
                        // its lease. The page reconnects at once and finds the
                        // event where it runs now.
                        return super::relay::restart(&mut socket, "the event moved to another server").await;
                    }
                    let now = updates.borrow_and_update().clone();
                    if !catch_up(&mut socket, &seat, lang, &state, &mut last, now).await
                        || socket.flush().await.is_err()
                    {
                        return;
                    }
                    continue;
                }
            }
        };
        let now = state.clock.now();
        let frame = match protocol::parse(&text, lang, now) {
            Ok(f) => f,
            Err(error) => {
                if !send(&mut socket, error).await {
                    break;
                }
                continue;
            }
        };
        // Pings and mistakes are answered at once. `None`: `identity.confirm`,
        // which is not an evening verb (see `identity`).
        let verb = if frame.verb == identity::VERB {
            None
        } else {
            match at_once(&frame, lang, now) {
                Ok(verb) => Some(verb),
                Err(reply) => {
                    if !send(&mut socket, reply).await {
                        break;
                    }
                    continue;
                }
            }
        };
        // A guest's phone not yet confirmed sends nothing but its confirmation.
        let unconfirmed = verb.is_some()
            && seat
                .viewer
                .participant()
                .is_some_and(|id| !last.roster.confirmed(id));
        // Verbs this connection may not send now: long after the close a guest's
        // link only shows them their own matches; and a connection has its limit.
        let refused = if seat.read_only {
            Some((
                "link_ended",
                lang.pick(
                    "活动已结束很久，这个链接现在只能查看你的配对结果。",
                    "This event ended a while ago: this link now only shows your matches.",
                ),
            ))
        } else if !limit.allow(opened.elapsed().as_millis() as i64) {
            Some((
                "rate_limited",
                lang.pick(
                    "操作太频繁了，请稍等一会儿再试。",
                    "Too many requests in a short time: wait a moment and try again.",
                ),
            ))
        } else if unconfirmed {
            Some(("confirm_needed", identity::needed(lang)))
        } else {
            None
        };
        if let Some((code, m)) = refused {
            if !send(
                &mut socket,
                protocol::error(frame.id.as_deref(), code, &m, now),
            )
            .await
            {
                break;
            }
            continue;
        }
        // While the verb waits for the evening (a stalled save may take seconds),
        // pings are still answered; other frames wait their turn. The verb's ack
        // comes before the frames it caused, as on a quiet evening.
        // Boxed, as is the greeting above: a future lives inside the connection's
        // own for as long as the connection, and thousands of idle phones would
        // each carry the room for the largest one (10 KiB before, 2 KiB now).
        let mut pending = Box::pin(async {
            match verb {
                Some(verb) => command(&state, &handle, &seat, lang, verb, frame).await,
                None => identity::confirm(&state, &seat, lang, &frame).await,
            }
        });
        let reply = loop {
            tokio::select! {
                reply = &mut pending => break Some(reply),
                incoming = socket.recv() => match read(incoming) {
                    Read::Text(t) if is_ping(&t) => {
                        let now = state.clock.now();
                        if let Ok(f) = protocol::parse(&t, lang, now)
                            && let Err(pong) = at_once(&f, lang, now)
                            && !send(&mut socket, pong).await
                        {
                            break None;
                        }
                    }
                    Read::Text(t) if backlog.len() < BACKLOG => backlog.push_back(t),
                    Read::Text(t) => {
                        let id = protocol::parse(&t, lang, 0).ok().and_then(|f| f.id);
                        let m = lang.pick(
                            "请求太多，请稍等片刻再试。",
                            "Too many requests at once: wait a moment and try again.",
                        );
                        let busy = protocol::error(id.as_deref(), "rate_limited", &m, state.clock.now());
                        if !send(&mut socket, busy).await { break None }
                    }
                    Read::Binary => {
                        if !send(&mut socket, binary(lang, state.clock.now())).await { break None }
                    }
                    Read::Skip => {}
                    Read::Closed => break None,
                },
            }
        };
        let Some(reply) = reply else { break };
        if socket.feed(Message::Text(reply.into())).await.is_err() {
            break;
        }
        // The frames the verb caused are most often published by now: they go in
        // the same write as the ack, after it.
        if updates.has_changed().unwrap_or(false) {
            let now = updates.borrow_and_update().clone();
            if !catch_up(&mut socket, &seat, lang, &state, &mut last, now).await {
                return;
            }
        }
        if socket.flush().await.is_err() {
            break;
        }
    }
}

/// Queues what a newly published state changes for this connection (the caller
/// flushes), and takes it as the last one seen. `false`: the connection ends (its
/// link was switched off, or the socket failed).
async fn catch_up(
    socket: &mut WebSocket,
    seat: &Seat,
    lang: Lang,
    state: &AppState,
    last: &mut Arc<Published>,
    now: Arc<Published>,
) -> bool {
    if let Some(why) = ended(seat, last, &now) {
        if let Ended::Withdrawn = why {
            // The guest left the evening; their phone still shows them their data.
            send(
                socket,
                protocol::error(None, "withdrawn", &withdrawn(lang), state.clock.now()),
            )
            .await;
            let _ = socket.send(Message::Close(None)).await;
            return false;
        }
        let msg = if seat.viewer.participant().is_some() {
            lang.pick(
                "这个链接已停用。如有疑问，请到签到台询问。",
                "This link has been switched off. If this is a surprise, please ask at the check-in desk.",
            )
        } else {
            lang.pick(
                "这个工作人员链接已被主办方停用。如需继续，请向主办方要一个新链接。",
                "The organiser has switched this staff link off. To go on, ask the organiser for a new link.",
            )
        };
        send(
            socket,
            protocol::error(None, "revoked", &msg, state.clock.now()),
        )
        .await;
        let _ = socket.send(Message::Close(None)).await;
        return false;
    }
    for frame in now.board.changes(&seat.viewer, &last.board) {
        if socket
            .feed(Message::Text(frame.text().into()))
            .await
            .is_err()
        {
            return false;
        }
    }
    *last = now;
    true
}

/// Frames kept while a verb waits; more are answered `rate_limited`.
const BACKLOG: usize = 16;

enum Read {
    Text(String),
    Binary,
    /// The WebSocket layer's own ping and pong.
    Skip,
    Closed,
}

fn read(frame: Option<Result<Message, axum::Error>>) -> Read {
    match frame {
        Some(Ok(Message::Text(t))) => Read::Text(t.to_string()),
        Some(Ok(Message::Binary(_))) => Read::Binary,
        Some(Ok(Message::Close(_))) | None | Some(Err(_)) => Read::Closed,
        Some(Ok(_)) => Read::Skip,
    }
}

fn binary(lang: Lang, at: i64) -> String {
    let msg = lang.pick(
        "只接受文本（JSON）消息。",
        "Only text (JSON) frames are accepted.",
    );
    protocol::error(None, "bad_request", &msg, at)
}

/// A `ping`, told apart cheaply (the full reading comes after).
fn is_ping(text: &str) -> bool {
    text.contains("\"ping\"") && protocol::parse(text, Lang::Zh, 0).is_ok_and(|f| f.verb == "ping")
}

/// Why a connection must close, if it must: a participant was withdrawn (present
/// in the old roster, gone from the new: `Withdrawn`), or their link was re-issued
/// since they connected, or a staff link switched off (`Revoked`). A roster that
/// has not caught up yet (an older version) closes nothing.
fn ended(seat: &Seat, old: &Published, new: &Published) -> Option<Ended> {
    // Most changes (every batch of marks) keep the roster.
    if Arc::ptr_eq(&old.roster, &new.roster) {
        return None;
    }
    // A guest missing from the new roster was withdrawn if the old one had them;
    // otherwise the roster is behind the link and closes nothing. Everyone else
    // still on it stays while their seat is current.
    if let crate::core::live::Viewer::Participant { id } = &seat.viewer
        && !new.roster.credentials.contains_key(id)
    {
        return old
            .roster
            .credentials
            .contains_key(id)
            .then_some(Ended::Withdrawn);
    }
    (!current(seat, &new.roster)).then_some(Ended::Revoked)
}

/// Whether a roster still has this connection's seat: the guest on it with no
/// newer link, the staff account with this link's version (a roster is read whole
/// from the database: a staff account missing from it was switched off). Also
/// checked when a connection starts.
fn current(seat: &Seat, roster: &crate::core::live::Roster) -> bool {
    match &seat.viewer {
        crate::core::live::Viewer::Participant { id } => roster
            .credentials
            .get(id)
            .is_some_and(|v| *v <= seat.token_version),
        crate::core::live::Viewer::Staff { id, .. } => {
            roster.staff.get(id) == Some(&seat.token_version)
        }
    }
}

enum Ended {
    Withdrawn,
    Revoked,
}

/// What is answered without the evening: `pong`, and the errors of a frame that
/// names no verb or cannot become one (`Err`). `Ok` is the verb to send on.
fn at_once(
    frame: &protocol::ClientFrame,
    lang: Lang,
    now: i64,
) -> Result<&'static verbs::Verb, String> {
    let id = frame.id.as_deref();
    match frame.verb.as_str() {
        "ping" => {
            return Err(
                match frame.fields.get("t").and_then(serde_json::Value::as_f64) {
                    Some(t) => protocol::pong(t, now),
                    None => {
                        let m = lang.pick("ping 需要数字 t。", "`ping` needs a number `t`.");
                        protocol::error(id, "bad_request", &m, now)
                    }
                },
            );
        }
        "hello" => {
            let m = lang.pick(
                "已经连接，无需再次 hello。",
                "Already connected: no second hello is needed.",
            );
            return Err(protocol::error(id, "bad_request", &m, now));
        }
        _ => {}
    }
    verbs::find(&frame.verb).ok_or_else(|| {
        let m = lang.pick(
            format!("不认识的消息类型：{}", frame.verb),
            format!("Unknown message type: {}", frame.verb),
        );
        protocol::error(id, "bad_request", &m, now)
    })
}

/// The answer to one verb: `ack` once saved, or `error`. Fields are read first
/// (`bad_request`), then the role is checked (`forbidden`).
async fn command(
    state: &AppState,
    handle: &Handle,
    seat: &Seat,
    lang: Lang,
    verb: &'static verbs::Verb,
    frame: protocol::ClientFrame,
) -> String {
    let now = state.clock.now();
    let id = frame.id.as_deref();
    let cmd = match verb.make(frame.fields.clone(), &seat.viewer) {
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
        Err(Failure::Unavailable) => protocol::unavailable(id, lang, state.clock.now()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::live::{Role, Roster, Viewer};

    fn seat(viewer: Viewer, version: i64) -> Seat {
        Seat {
            viewer,
            event_id: "e".into(),
            token_version: version,
            read_only: false,
        }
    }

    #[test]
    fn a_connection_starts_only_for_a_seat_its_roster_still_has() {
        let mut roster = Roster::default();
        roster.credentials.insert("p1".into(), 2);
        roster.staff.insert("s1".into(), 1);
        let guest = |id: &str, v| seat(Viewer::Participant { id: id.into() }, v);
        let staff = |id: &str, v| {
            seat(
                Viewer::Staff {
                    id: id.into(),
                    role: Role::Matchmaker,
                },
                v,
            )
        };
        assert!(current(&guest("p1", 2), &roster));
        // A roster a step behind the link (a new link not yet taken up) keeps it.
        assert!(current(&guest("p1", 3), &roster));
        // Erased or withdrawn while the evening was stopped; or given a new link.
        assert!(!current(&guest("p2", 1), &roster));
        assert!(!current(&guest("p1", 1), &roster));
        assert!(current(&staff("s1", 1), &roster));
        assert!(!current(&staff("s1", 2), &roster));
        assert!(!current(&staff("s2", 1), &roster));
    }
}
