//! Live captions (字幕): the lines a captioner (or the host) types of what is said
//! on stage, corrected in place, and the lines the engine writes of its own events
//! (a segment begins, a round begins or ends, a guest is called to a desk). Every
//! screen keeps the latest [`KEPT`] lines. Nothing said in the private chat area or
//! at a desk is ever captioned: the engine captions a desk call with the badge
//! number and the desk only, never a reason, and never a `come_to_me` ticket.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::message::Message;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;
use crate::core::text::{self, Lines};

pub const UNKNOWN_LINE: Refusal = Refusal::Said(&Said {
    code: "unknown_line",
    zh: "这一行字幕已经不在了，不能再改。",
    en: "That caption line is gone: it can no longer be corrected.",
});
pub const EMPTY_CAPTION: Refusal = Refusal::Said(&Said {
    code: "empty_caption",
    zh: "字幕是空的：请先输入文字。",
    en: "The caption is empty: type something first.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[UNKNOWN_LINE, EMPTY_CAPTION];

/// The longest caption line (characters).
pub const MAX_TEXT: usize = 200;
/// The longest speaker label (characters).
pub const MAX_SPEAKER: usize = 40;
/// The lines every screen keeps, and the `captions` frame carries.
pub const KEPT: usize = 40;

/// One caption line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    /// Its number, rising through the evening: a correction names it.
    pub line: u64,
    pub text: String,
    /// Who is speaking (主持人, a guest's number), or `null`.
    pub speaker: Option<String>,
    pub at: i64,
    /// The engine's own line, in English too (a captioner's is in their words).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub en: Option<String>,
    /// Corrected after it was first sent.
    #[serde(default)]
    pub fixed: bool,
}

/// The slice's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Captions {
    /// The latest lines, oldest first, at most [`KEPT`].
    pub lines: Vec<Line>,
    /// The last line's number.
    pub next: u64,
    /// Lines sent through the evening (the report's count).
    #[serde(default)]
    pub sent: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CaptionCmd {
    Send {
        text: String,
        speaker: Option<String>,
    },
    Fix {
        line: u64,
        text: String,
    },
}

/// The captioner's (and the host's) verbs, as clients send them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum CaptionMsg {
    #[serde(rename = "caption.send")]
    Send {
        text: String,
        #[serde(default)]
        speaker: Option<String>,
    },
    #[serde(rename = "caption.fix")]
    Fix { line: u64, text: String },
}

impl Message for CaptionMsg {
    type Command = CaptionCmd;

    fn command(self, _: &Viewer) -> Result<CaptionCmd, String> {
        Ok(match self {
            CaptionMsg::Send { text, speaker } => CaptionCmd::Send { text, speaker },
            CaptionMsg::Fix { line, text } => CaptionCmd::Fix { line, text },
        })
    }
}

impl CaptionCmd {
    /// The log keeps that a line was sent or fixed, and its number: its words are
    /// the evening's, kept in the state (and gone with a purge).
    pub fn log(&self, line: u64) -> (&'static str, Value) {
        match self {
            CaptionCmd::Send { .. } => ("caption.sent", json!({ "line": line })),
            CaptionCmd::Fix { line, .. } => ("caption.fixed", json!({ "line": line })),
        }
    }
}

/// Text as a caption holds it: trimmed, within its limit, by the text rules.
fn checked(text: &str, max: usize) -> Result<String, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Err(EMPTY_CAPTION);
    }
    if text.chars().count() > max {
        return Err(Refusal::TooLong(max));
    }
    text::check(text, Lines::One).map_err(Refusal::BadText)?;
    Ok(text.to_string())
}

impl Captions {
    /// Applies a captioner's verb at `now`; the line's number, sent or fixed.
    pub fn apply(&mut self, cmd: &CaptionCmd, now: i64) -> Result<u64, Refusal> {
        match cmd {
            CaptionCmd::Send { text, speaker } => {
                let text = checked(text, MAX_TEXT)?;
                let speaker = match speaker.as_deref().map(str::trim) {
                    None | Some("") => None,
                    Some(s) => Some(checked(s, MAX_SPEAKER)?),
                };
                Ok(self.push(text, speaker, None, now))
            }
            CaptionCmd::Fix { line, text } => {
                let text = checked(text, MAX_TEXT)?;
                let kept = self
                    .lines
                    .iter_mut()
                    .find(|l| l.line == *line && l.en.is_none())
                    .ok_or(UNKNOWN_LINE)?;
                kept.text = text;
                kept.fixed = true;
                Ok(*line)
            }
        }
    }

    /// The engine's own line, in both languages.
    pub fn engine(&mut self, zh: String, en: String, now: i64) -> u64 {
        self.push(zh, None, Some(en), now)
    }

    fn push(&mut self, text: String, speaker: Option<String>, en: Option<String>, now: i64) -> u64 {
        self.next += 1;
        self.sent += 1;
        self.lines.push(Line {
            line: self.next,
            text,
            speaker,
            at: now,
            en,
            fixed: false,
        });
        if self.lines.len() > KEPT {
            let over = self.lines.len() - KEPT;
            self.lines.drain(..over);
        }
        self.next
    }

    /// Erasure of a guest: their name as a speaker label is blanked.
    pub fn forget_name(&mut self, name: &str) {
        for l in self
            .lines
            .iter_mut()
            .filter(|l| l.speaker.as_deref() == Some(name))
        {
            l.speaker = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn send(text: &str, speaker: Option<&str>) -> CaptionCmd {
        CaptionCmd::Send {
            text: text.into(),
            speaker: speaker.map(str::to_owned),
        }
    }

    #[test]
    fn lines_are_numbered_kept_to_the_latest_and_corrected_in_place() {
        let mut c = Captions::default();
        assert_eq!(c.apply(&send("  欢迎大家  ", Some("主持人")), 1), Ok(1));
        assert_eq!(c.lines[0].text, "欢迎大家");
        assert_eq!(c.apply(&send("", None), 2), Err(EMPTY_CAPTION));
        let long = "字".repeat(MAX_TEXT + 1);
        assert_eq!(
            c.apply(&send(&long, None), 2),
            Err(Refusal::TooLong(MAX_TEXT))
        );
        assert!(matches!(
            c.apply(&send("a\u{202e}b", None), 2),
            Err(Refusal::BadText(_))
        ));
        let fix = CaptionCmd::Fix {
            line: 1,
            text: "欢迎各位来宾".into(),
        };
        assert_eq!(c.apply(&fix, 3), Ok(1));
        assert!(c.lines[0].fixed && c.lines[0].text == "欢迎各位来宾");
        let engine = c.engine("第 1 轮开始".into(), "Round 1 begins".into(), 4);
        let fix_engine = CaptionCmd::Fix {
            line: engine,
            text: "x".into(),
        };
        assert_eq!(
            c.apply(&fix_engine, 5),
            Err(UNKNOWN_LINE),
            "the engine's lines are its own"
        );
        for i in 0..KEPT + 5 {
            c.apply(&send(&format!("第 {i} 句"), None), 10 + i as i64)
                .unwrap();
        }
        assert_eq!(c.lines.len(), KEPT);
        assert_eq!(c.sent, (KEPT + 7) as u64);
        let gone = CaptionCmd::Fix {
            line: 1,
            text: "x".into(),
        };
        assert_eq!(
            c.apply(&gone, 99),
            Err(UNKNOWN_LINE),
            "a line no longer kept"
        );
    }
}
