//! The envelope of the live protocol (PROTOCOL.md): reading a client frame into its
//! `type`, `id` and fields, and the server's answers (`ack`, `error`, `pong`,
//! `welcome`) as types. The evening's own frames are [`crate::core::live::Frame`];
//! the verbs are in [`super::verbs`]. Every server frame carries `at`, the server's
//! clock in Unix milliseconds.

use serde::Serialize;
use serde_json::{Map, Value};

use crate::core::Lang;
use crate::core::live::Role;

/// Largest client frame accepted.
pub const MAX_FRAME: usize = 16 * 1024;

/// A client frame, read as far as the envelope: the verb, the optional `id` echoed
/// in the answer, and the other fields for the verb to read.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientFrame {
    pub verb: String,
    pub id: Option<String>,
    pub fields: Map<String, Value>,
}

/// The server's answers to a client frame, and the `welcome` after `hello`.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum Answer<'a> {
    /// The verb's effect is saved.
    Ack { id: Option<&'a str>, at: i64 },
    /// Refused, or not understood: `code` is stable, `message` in the client's
    /// language.
    Error {
        id: Option<&'a str>,
        code: &'a str,
        message: &'a str,
        at: i64,
    },
    /// The answer to `ping`, with the client's own `t`.
    Pong { t: f64, at: i64 },
}

impl Answer<'_> {
    pub fn text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

pub fn error(id: Option<&str>, code: &str, message: &str, at: i64) -> String {
    Answer::Error {
        id,
        code,
        message,
        at,
    }
    .text()
}

pub fn ack(id: Option<&str>, at: i64) -> String {
    Answer::Ack { id, at }.text()
}

pub fn pong(t: f64, at: i64) -> String {
    Answer::Pong { t, at }.text()
}

/// The `welcome` frame: `state` is the snapshot, already JSON (see
/// `Board::snapshot`).
/// `welcome`: the role, the event, the snapshot, and for a guest's phone its
/// `session` (the token it uses from now on instead of its link).
pub fn welcome(role: Role, event_id: &str, session: Option<&str>, state: &str, at: i64) -> String {
    let mut head =
        serde_json::json!({"type": "welcome", "role": role, "event_id": event_id, "at": at});
    if let Some(session) = session {
        head["session"] = session.into();
    }
    let head = head.to_string();
    // `{"at":..,"event_id":..,"role":..,"type":"welcome"` + `,"state":{..}}`
    format!("{},\"state\":{state}}}", &head[..head.len() - 1])
}

/// Reads a client frame. `Err` is an `error` frame to send back (code
/// `bad_request` or `too_large`), with the frame's `id` when it could be read.
pub fn parse(text: &str, lang: Lang, at: i64) -> Result<ClientFrame, String> {
    if text.len() > MAX_FRAME {
        let m = lang.pick(
            "消息太大（上限 16 KiB）。",
            "The message is too large (16 KiB at most).",
        );
        return Err(error(None, "too_large", &m, at));
    }
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let m = lang.pick(
            format!("不是有效的 JSON：{e}"),
            format!("Not valid JSON: {e}"),
        );
        error(None, "bad_request", &m, at)
    })?;
    let Value::Object(mut fields) = value else {
        let m = lang.pick(
            "消息应当是一个 JSON 对象。",
            "A message is one JSON object.",
        );
        return Err(error(None, "bad_request", &m, at));
    };
    let id = match fields.remove("id") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s),
        Some(_) => {
            let m = lang.pick("id 应当是字符串。", "`id` must be a string.");
            return Err(error(None, "bad_request", &m, at));
        }
    };
    let Some(Value::String(verb)) = fields.remove("type") else {
        let m = lang.pick(
            "消息缺少 type（字符串）。",
            "The message has no `type` (a string).",
        );
        return Err(error(id.as_deref(), "bad_request", &m, at));
    };
    Ok(ClientFrame { verb, id, fields })
}

/// The `unavailable` error: the change could not be saved, so nothing changed.
pub fn unavailable(id: Option<&str>, lang: Lang, at: i64) -> String {
    let m = lang.pick(
        "没能保存，什么都没有改变。请再试一次。",
        "This could not be saved, so nothing changed. Try again.",
    );
    error(id, "unavailable", &m, at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_envelope_is_read_and_answers_carry_the_id() {
        let f = parse(
            r#"{"type":"phase.extend","id":"7","seconds":30}"#,
            Lang::En,
            1,
        )
        .unwrap();
        assert_eq!(
            (f.verb.as_str(), f.id.as_deref()),
            ("phase.extend", Some("7"))
        );
        assert_eq!(f.fields["seconds"], 30);
        let e: Value = serde_json::from_str(&parse("[1]", Lang::En, 5).unwrap_err()).unwrap();
        assert_eq!(
            (e["code"].as_str(), e["at"].as_i64()),
            (Some("bad_request"), Some(5))
        );
        let e: Value =
            serde_json::from_str(&parse(r#"{"id":"q"}"#, Lang::En, 5).unwrap_err()).unwrap();
        assert_eq!(e["id"], "q");
        let w: Value =
            serde_json::from_str(&welcome(Role::Host, "e1", None, r#"{"phase":null}"#, 9)).unwrap();
        assert_eq!(w["type"], "welcome");
        assert_eq!(w["role"], "host");
        assert_eq!(w["state"]["phase"], Value::Null);
        assert_eq!(ack(Some("a"), 3), r#"{"type":"ack","id":"a","at":3}"#);
    }
}
