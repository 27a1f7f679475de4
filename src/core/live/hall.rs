//! The hall: what the host tells everyone (announcements). Pausing does not stop
//! an announcement: "we pause for five minutes" is one.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::message::Message;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;
use crate::core::text::{self, Lines};

// Why the hall says no: each refusal's code and its words in both languages.

pub const EMPTY_TEXT: Refusal = Refusal::Said(&Said {
    code: "empty_text",
    zh: "公告内容不能为空。",
    en: "The announcement is empty.",
});
/// An announcement over its limit (500 characters).
pub const TOO_LONG: Refusal = Refusal::TooLong(MAX_ANNOUNCEMENT);

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[EMPTY_TEXT];

/// The longest announcement kept (characters).
pub const MAX_ANNOUNCEMENT: usize = 500;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Hall {
    /// The latest announcement: when, and what.
    pub announcement: Option<(i64, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HallCmd {
    Announce { text: String },
}

/// The host's verbs on the hall, as clients send them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum HallMsg {
    #[serde(rename = "announce")]
    Announce { text: String },
}

impl Message for HallMsg {
    type Command = HallCmd;

    fn command(self, _: &Viewer) -> Result<HallCmd, String> {
        let HallMsg::Announce { text } = self;
        Ok(HallCmd::Announce { text })
    }
}

impl HallCmd {
    pub fn log(&self) -> (&'static str, Value) {
        match self {
            HallCmd::Announce { text } => ("announce", json!({ "text": text })),
        }
    }
}

impl Hall {
    pub fn apply(&mut self, cmd: &HallCmd, now: i64) -> Result<(), Refusal> {
        match cmd {
            HallCmd::Announce { text } => {
                let text = text.trim();
                if text.is_empty() {
                    return Err(EMPTY_TEXT);
                }
                // Refused whole rather than cut: the log and every screen keep the
                // same words.
                if text.chars().count() > MAX_ANNOUNCEMENT {
                    return Err(TOO_LONG);
                }
                text::check(text, Lines::Many).map_err(Refusal::BadText)?;
                self.announcement = Some((now, text.to_string()));
                Ok(())
            }
        }
    }
}
