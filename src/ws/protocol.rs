//! The live protocol's client messages (PROTOCOL.md's fixed core plus Blossom's
//! additions), and the server's frames. Every server frame carries `at`, the
//! server's clock in Unix milliseconds.

use serde::Deserialize;
use serde_json::{Value, json};

use crate::core::Lang;

/// Largest client frame accepted.
pub const MAX_FRAME: usize = 16 * 1024;

/// What a client may send. `id` (optional, any string) is echoed in the `ack` or
/// `error` that answers it.
#[derive(Debug, Clone, Deserialize)]
#[serde(tag = "type", deny_unknown_fields)]
pub enum ClientMsg {
    #[serde(rename = "hello")]
    Hello {
        id: Option<String>,
        token: String,
        lang: Option<String>,
    },
    #[serde(rename = "ping")]
    Ping { id: Option<String>, t: f64 },
    #[serde(rename = "event.start")]
    Start { id: Option<String> },
    #[serde(rename = "event.pause")]
    Pause { id: Option<String> },
    #[serde(rename = "event.resume")]
    Resume { id: Option<String> },
    #[serde(rename = "phase.extend")]
    Extend { id: Option<String>, seconds: i64 },
    #[serde(rename = "phase.skip")]
    Skip { id: Option<String> },
    #[serde(rename = "break.insert")]
    InsertBreak { id: Option<String>, seconds: i64 },
    #[serde(rename = "event.end")]
    End { id: Option<String> },
    #[serde(rename = "announce")]
    Announce { id: Option<String>, text: String },
    #[serde(rename = "rest.request")]
    Rest { id: Option<String> },
    #[serde(rename = "rest.cancel")]
    RestCancel { id: Option<String> },
    #[serde(rename = "checkin")]
    CheckIn {
        id: Option<String>,
        participant: String,
    },
    #[serde(rename = "gone")]
    Gone {
        id: Option<String>,
        participant: String,
    },
}

impl ClientMsg {
    pub fn id(&self) -> Option<&str> {
        match self {
            ClientMsg::Hello { id, .. }
            | ClientMsg::Ping { id, .. }
            | ClientMsg::Start { id }
            | ClientMsg::Pause { id }
            | ClientMsg::Resume { id }
            | ClientMsg::Extend { id, .. }
            | ClientMsg::Skip { id }
            | ClientMsg::InsertBreak { id, .. }
            | ClientMsg::End { id }
            | ClientMsg::Announce { id, .. }
            | ClientMsg::Rest { id }
            | ClientMsg::RestCancel { id }
            | ClientMsg::CheckIn { id, .. }
            | ClientMsg::Gone { id, .. } => id.as_deref(),
        }
    }
}

/// Reads a client frame. `Err` is an `error` frame to send back (code
/// `bad_request` or `too_large`), with the frame's `id` when it could be read.
pub fn parse(text: &str, lang: Lang, at: i64) -> Result<ClientMsg, String> {
    if text.len() > MAX_FRAME {
        return Err(error(
            None,
            "too_large",
            &lang.pick(
                "消息太大（上限 16 KiB）。",
                "The message is too large (16 KiB at most).",
            ),
            at,
        ));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        error(
            None,
            "bad_request",
            &lang.pick(
                format!("不是有效的 JSON：{e}"),
                format!("Not valid JSON: {e}"),
            ),
            at,
        )
    })?;
    let id = value.get("id").and_then(Value::as_str).map(String::from);
    serde_json::from_value(value).map_err(|e| {
        let msg = lang.pick(
            format!("无法理解的消息：{e}"),
            format!("Cannot understand this message: {e}"),
        );
        error(id.as_deref(), "bad_request", &msg, at)
    })
}

pub fn error(id: Option<&str>, code: &str, message: &str, at: i64) -> String {
    json!({"type": "error", "id": id, "code": code, "message": message, "at": at}).to_string()
}

pub fn ack(id: Option<&str>, at: i64) -> String {
    json!({"type": "ack", "id": id, "at": at}).to_string()
}

pub fn pong(t: f64, at: i64) -> String {
    json!({"type": "pong", "t": t, "at": at}).to_string()
}
