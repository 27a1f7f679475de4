//! On stage (自我推荐, 才艺展示) and polls without time pressure: each guest's
//! short self-introduction and whether they may be put on stage, the guest the
//! host puts in the spotlight, and the host's questions that guests answer as
//! often as they like until the host closes them.
//!
//! Privacy: an introduction reaches the host (for guests who consented) and, while
//! its author is in the spotlight, every screen; nobody else. A poll's answers are
//! counted, never shown one by one (not to staff, not in the log), and its counts
//! are withheld when fewer than [`WITHHELD_BELOW`] answered.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::interest::BAD_CHOICE;
use super::message::{self, Message};
use super::refusal::{self, Refusal, Said};
use super::viewer::Viewer;
use crate::core::text::{self, Lines};

pub const NOT_ON_STAGE: Refusal = Refusal::Said(&Said {
    code: "not_on_stage",
    zh: "这位嘉宾没有同意上台展示，不能请他或她上台。",
    en: "This guest has not agreed to go on stage: they cannot be put in the spotlight.",
});
pub const UNKNOWN_POLL: Refusal = Refusal::Said(&Said {
    code: "unknown_poll",
    zh: "没有这个投票，请刷新后再试。",
    en: "There is no such poll: reload and try again.",
});
pub const POLL_CLOSED: Refusal = Refusal::Said(&Said {
    code: "poll_closed",
    zh: "这个投票已经结束，不能再选了。",
    en: "This poll has closed: it takes no more answers.",
});
pub const POLL_OPEN: Refusal = Refusal::Said(&Said {
    code: "poll_open",
    zh: "已经有一个投票在进行，请先结束它。",
    en: "A poll is already open: close it first.",
});
pub const BAD_POLL: Refusal = Refusal::Said(&Said {
    code: "bad_poll",
    zh: "投票需要一个问题和 2 到 8 个选项，都不能为空。",
    en: "A poll needs a question and 2 to 8 options, none of them empty.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`). `bad_choice` is the interest slice's, said the same way.
pub const REFUSALS: &[Refusal] = &[NOT_ON_STAGE, UNKNOWN_POLL, POLL_CLOSED, POLL_OPEN, BAD_POLL];

/// The longest self-introduction (characters).
pub const MAX_INTRO: usize = 200;
/// The longest question (characters).
pub const MAX_QUESTION: usize = 200;
/// The longest option (characters).
pub const MAX_OPTION: usize = 60;
/// How many options a question has.
pub const OPTIONS: std::ops::RangeInclusive<usize> = 2..=8;
/// Fewer answers than this and the counts are withheld (the report's rule).
pub const WITHHELD_BELOW: usize = 5;

/// A guest's own words for the stage, and whether they may be put on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intro {
    pub text: String,
    pub on_stage: bool,
    pub at: i64,
}

/// One question the host asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Poll {
    /// `q1`, `q2`…
    pub id: String,
    pub question: String,
    pub options: Vec<String>,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    /// Each guest's latest answer, an index into `options`. Never shown one by one.
    pub answers: BTreeMap<String, usize>,
}

impl Poll {
    /// The counts per option, once closed and if enough answered.
    pub fn results(&self) -> Option<Vec<usize>> {
        if self.closed_at.is_none() || self.answers.len() < WITHHELD_BELOW {
            return None;
        }
        let mut counts = vec![0; self.options.len()];
        for &o in self.answers.values() {
            counts[o] += 1;
        }
        Some(counts)
    }
}

/// The guest in the spotlight, since when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spot {
    pub participant: String,
    pub since: i64,
}

/// The slice's state.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stage {
    pub intros: BTreeMap<String, Intro>,
    pub spotlight: Option<Spot>,
    /// Every question of the evening, in order; at most one open.
    pub polls: Vec<Poll>,
    /// How many times someone was put in the spotlight (the report's count).
    #[serde(default)]
    pub spotlights: u64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StageCmd {
    Intro {
        participant: String,
        text: String,
        on_stage: bool,
    },
    Spotlight {
        participant: Option<String>,
    },
    Open {
        question: String,
        options: Vec<String>,
    },
    Close {
        poll: String,
    },
    Answer {
        participant: String,
        poll: String,
        option: i64,
    },
}

/// The stage's verbs as clients send them: a guest's own introduction and
/// answers, the host's spotlight and questions.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum StageMsg {
    #[serde(rename = "intro.set")]
    Intro { text: String, on_stage: bool },
    #[serde(rename = "spotlight.set")]
    Spotlight { participant: Option<String> },
    #[serde(rename = "poll.open")]
    Open {
        question: String,
        options: Vec<String>,
    },
    #[serde(rename = "poll.close")]
    Close { poll: String },
    #[serde(rename = "poll.answer")]
    Answer { poll: String, option: i64 },
}

impl Message for StageMsg {
    type Command = StageCmd;

    fn command(self, by: &Viewer) -> Result<StageCmd, String> {
        Ok(match self {
            StageMsg::Intro { text, on_stage } => StageCmd::Intro {
                participant: message::me(by),
                text,
                on_stage,
            },
            StageMsg::Spotlight { participant } => StageCmd::Spotlight { participant },
            StageMsg::Open { question, options } => StageCmd::Open { question, options },
            StageMsg::Close { poll } => StageCmd::Close { poll },
            StageMsg::Answer { poll, option } => StageCmd::Answer {
                participant: message::me(by),
                poll,
                option,
            },
        })
    }
}

/// What happened on stage that the composer tells the hall (a caption line).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Happened {
    Nothing,
    /// Someone went on stage (their id), or the spotlight went out.
    Spotlight(Option<String>),
    Opened(usize),
    Closed(usize),
}

/// Text a guest or the host typed, as the stage keeps it.
fn checked(text: &str, max: usize, lines: Lines) -> Result<String, Refusal> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(String::new());
    }
    if text.chars().count() > max {
        return Err(Refusal::TooLong(max));
    }
    text::check(text, lines).map_err(Refusal::BadText)?;
    Ok(text.to_string())
}

impl Stage {
    /// Applies a verb at `now`; `known` says whether a participant is on the roster.
    /// The log entry never holds an introduction or an answer's option.
    pub fn apply(
        &mut self,
        cmd: &StageCmd,
        known: impl Fn(&str) -> bool,
        now: i64,
    ) -> Result<((&'static str, Value), Happened), Refusal> {
        match cmd {
            StageCmd::Intro {
                participant,
                text,
                on_stage,
            } => {
                let text = checked(text, MAX_INTRO, Lines::Many)?;
                self.intros.insert(
                    participant.clone(),
                    Intro {
                        text,
                        on_stage: *on_stage,
                        at: now,
                    },
                );
                // Consent withdrawn ends their spotlight at once.
                let ended = !on_stage
                    && self
                        .spotlight
                        .as_ref()
                        .is_some_and(|s| &s.participant == participant);
                if ended {
                    self.spotlight = None;
                }
                let log = (
                    "intro.set",
                    json!({ "participant_id": participant, "on_stage": on_stage }),
                );
                Ok((
                    log,
                    if ended {
                        Happened::Spotlight(None)
                    } else {
                        Happened::Nothing
                    },
                ))
            }
            StageCmd::Spotlight { participant: None } => {
                self.spotlight = None;
                Ok((
                    ("spotlight.set", json!({ "participant_id": null })),
                    Happened::Spotlight(None),
                ))
            }
            StageCmd::Spotlight {
                participant: Some(p),
            } => {
                if !known(p) {
                    return Err(refusal::UNKNOWN_PARTICIPANT);
                }
                if !self.on_stage(p) {
                    return Err(NOT_ON_STAGE);
                }
                if self.spotlight.as_ref().is_none_or(|s| &s.participant != p) {
                    self.spotlight = Some(Spot {
                        participant: p.clone(),
                        since: now,
                    });
                    self.spotlights += 1;
                }
                Ok((
                    ("spotlight.set", json!({ "participant_id": p })),
                    Happened::Spotlight(Some(p.clone())),
                ))
            }
            StageCmd::Open { question, options } => {
                if self.open().is_some() {
                    return Err(POLL_OPEN);
                }
                let question = checked(question, MAX_QUESTION, Lines::One)?;
                if question.is_empty() || !OPTIONS.contains(&options.len()) {
                    return Err(BAD_POLL);
                }
                let options = options
                    .iter()
                    .map(|o| checked(o, MAX_OPTION, Lines::One))
                    .collect::<Result<Vec<_>, _>>()?;
                if options.iter().any(String::is_empty) {
                    return Err(BAD_POLL);
                }
                let id = format!("q{}", self.polls.len() + 1);
                self.polls.push(Poll {
                    id: id.clone(),
                    question,
                    options,
                    opened_at: now,
                    closed_at: None,
                    answers: BTreeMap::new(),
                });
                let log = ("poll.opened", json!({ "poll": id }));
                Ok((log, Happened::Opened(self.polls.len() - 1)))
            }
            StageCmd::Close { poll } => {
                let i = self.index(poll)?;
                let p = &mut self.polls[i];
                if p.closed_at.is_some() {
                    return Err(POLL_CLOSED);
                }
                p.closed_at = Some(now);
                let log = (
                    "poll.closed",
                    json!({ "poll": poll, "answered": p.answers.len() }),
                );
                Ok((log, Happened::Closed(i)))
            }
            StageCmd::Answer {
                participant,
                poll,
                option,
            } => {
                let i = self.index(poll)?;
                let p = &mut self.polls[i];
                if p.closed_at.is_some() {
                    return Err(POLL_CLOSED);
                }
                let option = usize::try_from(*option)
                    .ok()
                    .filter(|&o| o < p.options.len())
                    .ok_or(BAD_CHOICE)?;
                p.answers.insert(participant.clone(), option);
                // Who answered, never what.
                let log = ("poll.answered", json!({ "poll": poll }));
                Ok((log, Happened::Nothing))
            }
        }
    }

    fn index(&self, poll: &str) -> Result<usize, Refusal> {
        self.polls
            .iter()
            .position(|p| p.id == poll)
            .ok_or(UNKNOWN_POLL)
    }

    /// Whether this guest agreed to be put on stage.
    pub fn on_stage(&self, participant: &str) -> bool {
        self.intros.get(participant).is_some_and(|i| i.on_stage)
    }

    /// The open poll, if any.
    pub fn open(&self) -> Option<&Poll> {
        self.polls.iter().find(|p| p.closed_at.is_none())
    }

    /// What every screen shows: the open poll, else the last one closed.
    pub fn shown(&self) -> Option<&Poll> {
        self.open().or(self.polls.last())
    }

    /// A guest left the roster: their spotlight ends (their words stay theirs
    /// until erasure).
    pub fn roster_changed(&mut self, known: impl Fn(&str) -> bool) -> bool {
        let gone = self
            .spotlight
            .as_ref()
            .is_some_and(|s| !known(&s.participant));
        if gone {
            self.spotlight = None;
        }
        gone
    }

    /// Erasure of a guest: their introduction and their answers are gone.
    pub fn forget(&mut self, participant: &str) {
        self.intros.remove(participant);
        if self
            .spotlight
            .as_ref()
            .is_some_and(|s| s.participant == participant)
        {
            self.spotlight = None;
        }
        for p in &mut self.polls {
            p.answers.remove(participant);
        }
    }
}
