//! The first frame: `hello` with a token, within ten seconds. The token is looked up
//! as HTTP looks it up ([`crate::auth`]), and the event's actor is found or started.

use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, WebSocket, close_code};

use super::protocol;
use crate::auth::Seat;
use crate::core::Lang;
use crate::limits::open as caps;
use crate::live::{Handle, StartError};
use crate::records::links::{self, Greeting};
use crate::state::AppState;

/// A connection that said `hello` with a good token.
pub struct Greeted {
    pub seat: Seat,
    pub lang: Lang,
    pub handle: Handle,
    /// This connection's place among its session's open connections.
    pub slot: caps::Slot,
    /// A guest's session token, for the `welcome`.
    pub session: Option<String>,
}

#[derive(serde::Deserialize)]
struct Hello {
    token: String,
    lang: Option<String>,
    /// The page's own random id, kept before its first hello: a repeated claim of
    /// a link from the same device gets the same session.
    device: Option<String>,
}

/// Why a connection is not greeted here.
pub enum Turned {
    /// Refused: the frame to send, if any, before closing.
    Refused(Option<String>),
    /// Its event runs on another instance of this database, reached at `address`:
    /// the connection is passed on there with its `hello` (`relay`).
    Elsewhere { address: String, hello: String },
}

impl From<Option<String>> for Turned {
    fn from(frame: Option<String>) -> Turned {
        Turned::Refused(frame)
    }
}

/// Reads `hello` and answers what went wrong (`Err`: the frame to send before
/// closing, or where the event runs, when `may_pass_on`).
pub async fn greet(
    socket: &mut WebSocket,
    state: &AppState,
    may_pass_on: bool,
) -> Result<Greeted, Turned> {
    let now = || state.clock.now();
    let first = tokio::time::timeout(Duration::from_secs(10), socket.recv()).await;
    let Ok(Some(Ok(Message::Text(text)))) = first else {
        return Err(None.into());
    };
    // Before `hello` nobody is known: a frame over the limit is not answered, the
    // connection is closed (1009, "message too big"), as the WebSocket layer would.
    if text.len() > protocol::MAX_FRAME {
        let close = CloseFrame {
            code: close_code::SIZE,
            reason: "16 KiB at most".into(),
        };
        let _ = socket.send(Message::Close(Some(close))).await;
        return Err(None.into());
    }
    let hello = protocol::parse(&text, Lang::Zh, now())
        .ok()
        .filter(|f| f.verb == "hello")
        .and_then(|f| serde_json::from_value::<Hello>(serde_json::Value::Object(f.fields)).ok());
    let Some(hello) = hello else {
        let msg = "请先发送 hello。 Send hello first.";
        return Err(Some(protocol::error(None, "unauthorized", msg, now())).into());
    };
    // Another instance runs the event: the phone is passed on before anything is
    // written here (a link's claim is the owner's to make, with its roster).
    if may_pass_on
        && !state.registry.alone()
        && let Ok(Some((_, owner, address))) =
            crate::db::leases::owner_of_token(&state.db, &crate::tokens::hash(&hello.token)).await
        && owner != state.registry.name()
        && !address.is_empty()
    {
        return Err(Turned::Elsewhere {
            address,
            hello: text.to_string(),
        });
    }
    let lang = hello
        .lang
        .map(|l| Lang::from_accept_language(&l))
        .unwrap_or_default();
    let found = links::hello(
        &state.db,
        &state.key,
        &state.admin_token_hash,
        &hello.token,
        hello.device.as_deref(),
        state.retention,
        now(),
    )
    .await;
    let (seat, session, claimed) = match found {
        Ok(Greeting::Known {
            principal: crate::auth::Principal::Withdrawn(_),
            ..
        }) => {
            let m = withdrawn(lang);
            return Err(Some(protocol::error(None, "withdrawn", &m, now())).into());
        }
        Ok(Greeting::Known {
            principal,
            session,
            claimed,
        }) => match principal.seat() {
            Some(seat) => (seat, session, claimed),
            None => return Err(Some(unauthorized(lang, now())).into()),
        },
        Ok(Greeting::Claimed) => {
            let msg = lang.pick(
                "这个链接已经在另一部手机上使用过了。请到签到台或找红娘要一个新链接。",
                "This link has already been used on another phone. Ask at the desk for a new one.",
            );
            return Err(Some(protocol::error(None, "link_claimed", &msg, now())).into());
        }
        Ok(Greeting::Unknown) => return Err(Some(unauthorized(lang, now())).into()),
        Err(e) => {
            tracing::warn!(error = %e, "a hello could not be looked up");
            let msg = lang.pick(
                "活动暂时无法连接，请稍后再试。",
                "The event cannot be reached right now; try again shortly.",
            );
            return Err(Some(protocol::error(None, "unavailable", &msg, now())).into());
        }
    };
    let max = if seat.viewer.participant().is_some() {
        caps::GUEST
    } else {
        caps::STAFF
    };
    let Some(slot) = state.connections.take(&seat.viewer.log_name(), max) else {
        let msg = lang.pick(
            format!("这个链接已经在 {max} 个页面上打开了。请先关掉一个，再打开这里。"),
            format!(
                "This link is already open on {max} pages: close one of them, then open this one."
            ),
        );
        return Err(Some(protocol::error(None, "too_many_connections", &msg, now())).into());
    };
    let started = state
        .registry
        .get_or_start(&state.db, &state.clock, &seat.event_id)
        .await;
    if claimed && matches!(started, Ok(Some(_))) {
        // The guest's record changed (a phone to confirm shows its code): the
        // evening takes the new roster before this phone's welcome.
        state
            .registry
            .roster_changed(&state.db, &seat.event_id)
            .await;
    }
    match started {
        Ok(Some(handle)) => Ok(Greeted {
            seat,
            lang,
            handle,
            slot,
            session,
        }),
        // Staff are told plainly; a guest is asked to wait, and their page retries.
        Err(StartError::Unreadable(why)) if seat.viewer.participant().is_none() => {
            let msg = lang.pick(
                format!("这场活动的进行状态无法读取，活动已停止，以免从头开始。请联系技术人员。（{why}）"),
                format!("This event's live state cannot be read, so the event is stopped rather than started again from the lobby. Please call for technical help. ({why})"),
            );
            Err(Some(protocol::error(None, "state_unreadable", &msg, now())).into())
        }
        _ => {
            let msg = lang.pick(
                "活动暂时无法连接，请稍后再试。",
                "The event cannot be reached right now; try again shortly.",
            );
            Err(Some(protocol::error(None, "unavailable", &msg, now())).into())
        }
    }
}

fn unauthorized(lang: Lang, at: i64) -> String {
    let msg = lang.pick(
        "令牌无效或已失效。",
        "The token is not valid, or no longer is.",
    );
    protocol::error(None, "unauthorized", &msg, at)
}

/// What a withdrawn guest's phone is told (`withdrawn`).
pub fn withdrawn(lang: Lang) -> String {
    lang.pick(
        "您已退出本场活动。您仍可以在这部手机上查看保存的资料，并申请删除。",
        "You have withdrawn from this event. On this phone you can still read what is stored about you, and ask for it to be erased.",
    )
}
