//! One connection: `hello` → `welcome` with a full snapshot, then one `select!`
//! loop over the socket and the event's published state. The connection subscribes
//! to the state before it reads the snapshot, so no change falls between them; a
//! slow client skips to the newest state instead of queueing a backlog.

use std::time::Duration;

use axum::extract::State;
use axum::extract::ws::{Message, WebSocket, WebSocketUpgrade};
use axum::response::Response;
use serde_json::{Value, json};

use super::protocol::{self, ClientMsg, MAX_FRAME};
use crate::core::Lang;
use crate::core::live::{Command, CommandError};
use crate::db::{participants, staff};
use crate::http::{AppState, now_ms};
use crate::live::{Frame, Reply, Update};
use crate::{roster, tokens};

pub async fn handler(ws: WebSocketUpgrade, State(state): State<AppState>) -> Response {
    // Frames up to 64 KiB reach us, so that a frame over 16 KiB gets an `error`
    // frame rather than a dropped connection.
    // Small buffers: frames are small, and thousands of phones share one server.
    ws.max_message_size(4 * MAX_FRAME)
        .read_buffer_size(8 * 1024)
        .write_buffer_size(8 * 1024)
        .on_upgrade(move |socket| serve(socket, state))
}

#[derive(Debug, Clone, PartialEq)]
enum Who {
    Participant(String),
    Staff { id: String, role: String },
}

impl Who {
    fn role(&self) -> &str {
        match self {
            Who::Participant(_) => "participant",
            Who::Staff { role, .. } => role,
        }
    }

    fn log_name(&self) -> String {
        match self {
            Who::Participant(id) => format!("participant:{id}"),
            Who::Staff { id, .. } => format!("staff:{id}"),
        }
    }
}

async fn send(socket: &mut WebSocket, text: impl Into<String>) -> bool {
    socket.send(Message::Text(text.into().into())).await.is_ok()
}

/// Authenticates a token: who, for which event, and a participant's token version.
async fn who(state: &AppState, token: &str) -> Option<(Who, String, i64)> {
    let hash = tokens::hash(token);
    if let Ok(Some(s)) = staff::find_by_token_hash(&state.db, &hash).await {
        return Some((
            Who::Staff {
                id: s.id,
                role: s.role,
            },
            s.event_id,
            0,
        ));
    }
    if let Ok(Some(p)) = participants::find_by_token_hash(&state.db, &hash).await {
        return Some((Who::Participant(p.id), p.event_id, p.token_version));
    }
    None
}

async fn serve(mut socket: WebSocket, state: AppState) {
    // The first frame must be `hello`, within ten seconds.
    let first = tokio::time::timeout(Duration::from_secs(10), socket.recv()).await;
    let Ok(Some(Ok(Message::Text(text)))) = first else {
        return;
    };
    let (token, lang) = match protocol::parse(&text, Lang::Zh, now_ms()) {
        Ok(ClientMsg::Hello { token, lang, .. }) => (
            token,
            lang.map(|l| Lang::from_accept_language(&l))
                .unwrap_or_default(),
        ),
        Ok(_) | Err(_) => {
            let msg = "请先发送 hello。 Send hello first.";
            send(
                &mut socket,
                protocol::error(None, "unauthorized", msg, now_ms()),
            )
            .await;
            return;
        }
    };
    let Some((who, event_id, version)) = who(&state, &token).await else {
        let msg = lang.pick(
            "令牌无效或已失效。",
            "The token is not valid, or no longer is.",
        );
        send(
            &mut socket,
            protocol::error(None, "unauthorized", &msg, now_ms()),
        )
        .await;
        return;
    };
    let handle = match state.registry.get_or_start(&state.db, &event_id).await {
        Ok(Some(h)) => h,
        _ => {
            let msg = lang.pick(
                "活动暂时无法连接，请稍后再试。",
                "The event cannot be reached right now; try again shortly.",
            );
            send(
                &mut socket,
                protocol::error(None, "unavailable", &msg, now_ms()),
            )
            .await;
            return;
        }
    };
    let mut updates = handle.watch();
    let current = updates.borrow_and_update().clone();
    let welcome = json!({
        "type": "welcome",
        "role": who.role(),
        "event_id": event_id,
        "state": snapshot(&who, &current),
        "at": now_ms(),
    });
    if !send(&mut socket, welcome.to_string()).await {
        return;
    }
    let mut last = current;
    loop {
        tokio::select! {
            frame = socket.recv() => {
                let text = match frame {
                    Some(Ok(Message::Text(t))) => t.to_string(),
                    Some(Ok(Message::Binary(_))) => {
                        let msg = lang.pick("只接受文本（JSON）消息。", "Only text (JSON) frames are accepted.");
                        if !send(&mut socket, protocol::error(None, "bad_request", &msg, now_ms())).await { break }
                        continue;
                    }
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => break,
                    Some(Ok(_)) => continue, // ping/pong frames of the WebSocket layer
                };
                let reply = handle_frame(&state, &event_id, &handle, &who, lang, &text).await;
                if !send(&mut socket, reply).await { break }
            }
            changed = updates.changed() => {
                if changed.is_err() { break }
                let now = updates.borrow_and_update().clone();
                if revoked(&who, version, &last, &now) {
                    let msg = lang.pick(
                        "这个链接已停用。如有疑问，请到签到台询问。",
                        "This link has been switched off. If this is a surprise, please ask at the check-in desk.",
                    );
                    send(&mut socket, protocol::error(None, "revoked", &msg, now_ms())).await;
                    let _ = socket.send(Message::Close(None)).await;
                    return;
                }
                for frame in diff(&who, &last, &now) {
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
fn revoked(who: &Who, version: i64, old: &Update, new: &Update) -> bool {
    let Who::Participant(id) = who else {
        return false;
    };
    let withdrawn =
        old.roster.credentials.contains_key(id) && !new.roster.credentials.contains_key(id);
    withdrawn || new.roster.credentials.get(id).is_some_and(|v| *v > version)
}

/// Everything a client needs to draw its screen.
fn snapshot(who: &Who, u: &Update) -> Value {
    let mut state = json!({
        "event": {
            "title": u.title,
            "venue": u.venue,
            // Planned lengths, so a page can say when a resting guest's next date is.
            "round_ms": u.live.settings.round_ms,
            "transition_ms": u.live.settings.transition_ms,
            "break_after": u.live.settings.break_after,
            "break_ms": u.live.settings.break_ms,
        },
        "phase": u.phase.value(),
        "announcement": u.announce.as_ref().map(Frame::value),
    });
    match who {
        Who::Participant(id) => {
            let me = u.roster.public.get(id);
            state["me"] = json!({"name": me.map(|p| &p.name), "number": me.map(|p| p.number)});
            state["assignment"] = u.assignments.get(id).map_or(Value::Null, Frame::value);
        }
        Who::Staff { role, .. } if role == "projector" => {
            state["tables"] = u.tables_projector.value()
        }
        Who::Staff { .. } => {
            state["tables"] = u.tables_staff.value();
            state["people"] = u.people.value();
            state["present"] = json!(u.live.present.len());
            state["registered"] = json!(u.roster.people.len());
        }
    }
    state
}

/// The frames this client needs after a change: only those whose content changed.
fn diff<'a>(who: &Who, old: &'a Update, new: &'a Update) -> Vec<&'a Frame> {
    let changed = |o: Option<&Frame>, n: &Frame| !o.is_some_and(|o| o.same(n));
    let mut out = Vec::new();
    if changed(Some(&old.phase), &new.phase) {
        out.push(&new.phase);
    }
    if let Some(a) = &new.announce
        && changed(old.announce.as_ref(), a)
    {
        out.push(a);
    }
    match who {
        Who::Participant(id) => {
            if let Some(a) = new.assignments.get(id)
                && changed(old.assignments.get(id), a)
            {
                out.push(a);
            }
        }
        Who::Staff { role, .. } if role == "projector" => {
            if changed(Some(&old.tables_projector), &new.tables_projector) {
                out.push(&new.tables_projector);
            }
        }
        Who::Staff { .. } => {
            if changed(Some(&old.tables_staff), &new.tables_staff) {
                out.push(&new.tables_staff);
            }
            if changed(Some(&old.counts), &new.counts) {
                out.push(&new.counts);
            }
            if changed(Some(&old.people), &new.people) {
                out.push(&new.people);
            }
        }
    }
    out
}

async fn handle_frame(
    state: &AppState,
    event_id: &str,
    handle: &crate::live::Handle,
    who: &Who,
    lang: Lang,
    text: &str,
) -> String {
    let now = now_ms();
    let msg = match protocol::parse(text, lang, now) {
        Ok(m) => m,
        Err(frame) => return frame,
    };
    let id = msg.id().map(String::from);
    let forbidden = |what: &str| {
        let m = lang.pick(
            format!("你的角色不能{what}。"),
            format!("Your role cannot {what}."),
        );
        protocol::error(id.as_deref(), "forbidden", &m, now)
    };
    let role = who.role();
    let host = role == "host";
    let desk = role == "host" || role == "matchmaker";
    let cmd = match msg {
        ClientMsg::Ping { t, .. } => return protocol::pong(t, now_ms()),
        ClientMsg::Hello { .. } => {
            let m = lang.pick(
                "已经连接，无需再次 hello。",
                "Already connected: no second hello is needed.",
            );
            return protocol::error(id.as_deref(), "bad_request", &m, now);
        }
        ClientMsg::Start { .. } if host => Command::Start,
        ClientMsg::Pause { .. } if host => Command::Pause,
        ClientMsg::Resume { .. } if host => Command::Resume,
        ClientMsg::Extend { seconds, .. } if host => Command::Extend { seconds },
        ClientMsg::Skip { .. } if host => Command::Skip,
        ClientMsg::InsertBreak { seconds, .. } if host => Command::InsertBreak { seconds },
        ClientMsg::End { .. } if host => Command::End,
        ClientMsg::Announce { text, .. } if host => Command::Announce { text },
        ClientMsg::CheckIn { participant, .. } if desk => {
            if let Err(frame) = at_desk(
                state,
                event_id,
                who,
                true,
                &participant,
                lang,
                id.as_deref(),
            )
            .await
            {
                return frame;
            }
            Command::CheckIn { participant }
        }
        ClientMsg::Gone { participant, .. } if desk => {
            if let Err(frame) = at_desk(
                state,
                event_id,
                who,
                false,
                &participant,
                lang,
                id.as_deref(),
            )
            .await
            {
                return frame;
            }
            Command::Gone { participant }
        }
        ClientMsg::Rest { .. } | ClientMsg::RestCancel { .. } => match who {
            Who::Participant(me) => {
                let participant = me.clone();
                if matches!(msg, ClientMsg::Rest { .. }) {
                    Command::Rest { participant }
                } else {
                    Command::RestCancel { participant }
                }
            }
            Who::Staff { .. } => {
                return forbidden(&lang.pick("替别人申请休息", "ask for a rest for someone else"));
            }
        },
        ClientMsg::CheckIn { .. } | ClientMsg::Gone { .. } => {
            return forbidden(&lang.pick("办理签到或离场", "check people in or out"));
        }
        _ => return forbidden(&lang.pick("控制活动", "control the event")),
    };
    match handle.send(cmd, &who.log_name()).await {
        Ok(()) => protocol::ack(id.as_deref(), now_ms()),
        Err(Reply::Rejected(e)) => {
            protocol::error(id.as_deref(), e.code(), &refusal(e, lang), now_ms())
        }
        Err(Reply::Storage | Reply::Gone) => unavailable(id.as_deref(), lang),
    }
}

/// Records an arrival (`arrived`) or a departure on the guest's own row, as the
/// HTTP check-in does, so the organiser's roster agrees with the live event. `Err`
/// is the `error` frame to answer with.
async fn at_desk(
    state: &AppState,
    event_id: &str,
    who: &Who,
    arrived: bool,
    participant: &str,
    lang: Lang,
    id: Option<&str>,
) -> Result<(), String> {
    let Who::Staff { id: staff, .. } = who else {
        return Err(unavailable(id, lang));
    };
    let actor = roster::Actor::Staff(staff.clone());
    let now = now_ms();
    let done = if arrived {
        roster::check_in(&state.db, event_id, participant, &actor, now)
            .await
            .map(|_| ())
    } else {
        roster::mark_gone(&state.db, event_id, participant, &actor, now).await
    };
    match done {
        Ok(()) => Ok(()),
        Err(roster::Error::ParticipantNotFound | roster::Error::Withdrawn) => {
            let unknown = CommandError::UnknownParticipant;
            Err(protocol::error(
                id,
                unknown.code(),
                &refusal(unknown, lang),
                now,
            ))
        }
        Err(_) => Err(unavailable(id, lang)),
    }
}

fn unavailable(id: Option<&str>, lang: Lang) -> String {
    let m = lang.pick(
        "没能保存，什么都没有改变。请再试一次。",
        "This could not be saved, so nothing changed. Try again.",
    );
    protocol::error(id, "unavailable", &m, now_ms())
}

fn refusal(e: CommandError, lang: Lang) -> String {
    let (zh, en) = match e {
        CommandError::AlreadyStarted => ("活动已经开始了。", "The event has already started."),
        CommandError::NotStarted => ("活动还没有开始。", "The event has not started yet."),
        CommandError::Closed => ("活动已经结束。", "The event has ended."),
        CommandError::Paused => ("已经暂停了。", "The event is already paused."),
        CommandError::NotPaused => ("现在没有暂停。", "The event is not paused."),
        CommandError::BadSeconds => (
            "秒数不在允许范围内。",
            "That number of seconds is outside the allowed range.",
        ),
        CommandError::EmptyText => ("公告内容不能为空。", "The announcement is empty."),
        CommandError::UnknownParticipant => (
            "本活动没有这位参与者。",
            "This event has no such participant.",
        ),
        CommandError::NoNextRound => ("后面已经没有下一轮了。", "There is no next round."),
    };
    lang.pick(zh, en)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::core::live::{Live, Public, Roster, Settings};

    fn update(live: &Live, roster: &Arc<Roster>, at: i64) -> Update {
        Update::new(live.clone(), roster.clone(), ("T", "V", false), at)
    }

    #[test]
    fn a_client_gets_only_the_frames_whose_content_changed() {
        let mut roster = Roster::default();
        let public = Public {
            name: "A".into(),
            number: 1,
            communication: Vec::new(),
            notes: None,
        };
        roster.public.insert("a".into(), public);
        let roster = Arc::new(roster);
        let settings = Settings {
            rounds: 2,
            round_ms: 1000,
            transition_ms: 1000,
            break_after: None,
            break_ms: 0,
        };
        let mut live = Live::new(settings, 1, 0);
        let (old, same) = (update(&live, &roster, 10), update(&live, &roster, 20));
        let host = Who::Staff {
            id: "h".into(),
            role: "host".into(),
        };
        let guest = Who::Participant("a".into());
        assert!(
            diff(&host, &old, &same).is_empty(),
            "a later `at` alone sends nothing"
        );
        assert!(diff(&guest, &old, &same).is_empty());
        live.announcement = Some((30, "Tea".into()));
        let announced = update(&live, &roster, 30);
        let frames: Vec<&str> = diff(&guest, &same, &announced)
            .into_iter()
            .map(Frame::text)
            .collect();
        assert_eq!(frames.len(), 1);
        assert!(frames[0].contains("\"announce\"") && frames[0].contains("\"at\":30"));
    }
}
