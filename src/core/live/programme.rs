//! The evening's programme (活动流程): its segments in order (the opening,
//! self-introductions, talent, games, the dates, the reveal, the closing), which one
//! runs now, and when each actually began and ended. The `dates` segment is the
//! rounds themselves: the composer (`evening.rs`) ties starting it to the clock, and
//! keeps every other segment out of a round or a change of tables.
//!
//! A segment's planned minutes are a plan, never a deadline: the host moves on.

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use super::message::Message;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;
use crate::core::text::{self, Lines};

pub const UNKNOWN_SEGMENT: Refusal = Refusal::Said(&Said {
    code: "unknown_segment",
    zh: "节目单里没有这个环节，请刷新后再试。",
    en: "The programme has no such segment: reload and try again.",
});
pub const DATES_RUNNING: Refusal = Refusal::Said(&Said {
    code: "dates_running",
    zh: "约会正在进行（或正在换桌），这时不能开始别的环节。可以在休息时间开始。",
    en: "A round or a change of tables is under way: no other segment can start now. One can start during a break.",
});
pub const BAD_PROGRAMME: Refusal = Refusal::Said(&Said {
    code: "bad_programme",
    zh: "节目单需要恰好一个“八分钟约会”环节，每个环节 1 到 600 分钟，最多 30 个环节，正在进行的环节不能删掉。",
    en: "A programme has exactly one dates segment, each segment 1 to 600 minutes, at most 30 segments, and keeps the segment under way.",
});
pub const DATES_OVER: Refusal = Refusal::Said(&Said {
    code: "dates_over",
    zh: "今晚的约会已经结束，不能再开始。",
    en: "Tonight's dates are over: they cannot start again.",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[UNKNOWN_SEGMENT, DATES_RUNNING, BAD_PROGRAMME, DATES_OVER];

/// The longest title of a segment (characters).
pub const MAX_TITLE: usize = 60;
/// The most segments in a programme.
pub const MAX_SEGMENTS: usize = 30;
/// The longest a segment is planned to last (minutes).
pub const MAX_MINUTES: u32 = 600;

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SegmentKind {
    Opening,
    Introductions,
    Talent,
    Game,
    Dates,
    Reveal,
    Closing,
    Other,
}

impl SegmentKind {
    pub fn code(self) -> &'static str {
        match self {
            SegmentKind::Opening => "opening",
            SegmentKind::Introductions => "introductions",
            SegmentKind::Talent => "talent",
            SegmentKind::Game => "game",
            SegmentKind::Dates => "dates",
            SegmentKind::Reveal => "reveal",
            SegmentKind::Closing => "closing",
            SegmentKind::Other => "other",
        }
    }
}

/// One segment: its plan, and when it actually ran.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Segment {
    pub id: String,
    pub kind: SegmentKind,
    pub title: String,
    /// Planned length: shown, never enforced.
    pub minutes: u32,
    #[serde(default)]
    pub started_at: Option<i64>,
    #[serde(default)]
    pub ended_at: Option<i64>,
}

/// The slice's state. Empty: an evening of dates alone, as before programmes.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Programme {
    pub segments: Vec<Segment>,
    /// The segment under way.
    pub current: Option<String>,
    /// The next new segment's number.
    pub next: u64,
    /// When the evening closed: `closing` began, or the host ended it after the
    /// dates.
    #[serde(default)]
    pub closed_at: Option<i64>,
}

/// A segment as the host (or the organiser) sends it: `id` only for one that
/// exists, which keeps it and its actual times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SegmentInput {
    #[serde(default)]
    pub id: Option<String>,
    pub kind: SegmentKind,
    pub title: String,
    pub minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgrammeCmd {
    Set { segments: Vec<SegmentInput> },
    Start { segment: String },
}

/// The host's verbs on the programme, as clients send them.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum ProgrammeMsg {
    #[serde(rename = "programme.set")]
    Set { segments: Vec<SegmentInput> },
    #[serde(rename = "segment.start")]
    Start { segment: String },
}

impl Message for ProgrammeMsg {
    type Command = ProgrammeCmd;

    fn command(self, _: &Viewer) -> Result<ProgrammeCmd, String> {
        Ok(match self {
            ProgrammeMsg::Set { segments } => ProgrammeCmd::Set { segments },
            ProgrammeMsg::Start { segment } => ProgrammeCmd::Start { segment },
        })
    }
}

impl ProgrammeCmd {
    pub fn log(&self) -> (&'static str, Value) {
        match self {
            ProgrammeCmd::Set { segments } => {
                ("programme.set", json!({ "segments": segments.len() }))
            }
            ProgrammeCmd::Start { segment } => ("segment.start", json!({ "segment": segment })),
        }
    }
}

/// The programme as every screen shows it (`programme`): the segments with their
/// planned minutes and, once run, their actual times, and the one under way.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProgrammeFrame {
    pub segments: Vec<Segment>,
    pub current: Option<String>,
    /// When the evening closed (`closing` began, or the host ended it after the dates).
    pub closed_at: Option<i64>,
}

impl Programme {
    pub fn frame(&self) -> ProgrammeFrame {
        ProgrammeFrame {
            segments: self.segments.clone(),
            current: self.current.clone(),
            closed_at: self.closed_at,
        }
    }

    /// The segment with this id.
    pub fn segment(&self, id: &str) -> Option<&Segment> {
        self.segments.iter().find(|s| s.id == id)
    }

    /// Whether anything is planned after the dates: then the evening goes on when
    /// the rounds end, until `closing` begins or the host ends it.
    pub fn goes_on_after_dates(&self) -> bool {
        self.segments
            .iter()
            .position(|s| s.kind == SegmentKind::Dates)
            .is_some_and(|i| i + 1 < self.segments.len())
    }

    /// The dates segment's id, if the programme has one.
    pub fn dates(&self) -> Option<&str> {
        self.segments
            .iter()
            .find(|s| s.kind == SegmentKind::Dates)
            .map(|s| s.id.as_str())
    }

    /// Replaces the programme with `inputs`, checked whole: nothing changes when
    /// it is refused. Segments sent with their id keep their actual times.
    pub fn set(&mut self, inputs: &[SegmentInput]) -> Result<(), Refusal> {
        if inputs.is_empty() || inputs.len() > MAX_SEGMENTS {
            return Err(BAD_PROGRAMME);
        }
        if inputs
            .iter()
            .filter(|s| s.kind == SegmentKind::Dates)
            .count()
            != 1
        {
            return Err(BAD_PROGRAMME);
        }
        let mut next = self.next;
        let mut out = Vec::with_capacity(inputs.len());
        for input in inputs {
            if !(1..=MAX_MINUTES).contains(&input.minutes) {
                return Err(BAD_PROGRAMME);
            }
            let title = input.title.trim();
            if title.chars().count() > MAX_TITLE {
                return Err(Refusal::TooLong(MAX_TITLE));
            }
            text::check(title, Lines::One).map_err(Refusal::BadText)?;
            let (id, started_at, ended_at) = match &input.id {
                Some(id) => {
                    let old = self.segment(id).ok_or(UNKNOWN_SEGMENT)?;
                    if out.iter().any(|s: &Segment| &s.id == id) {
                        return Err(BAD_PROGRAMME);
                    }
                    (id.clone(), old.started_at, old.ended_at)
                }
                None => {
                    next += 1;
                    (format!("s{next}"), None, None)
                }
            };
            out.push(Segment {
                id,
                kind: input.kind,
                title: title.to_string(),
                minutes: input.minutes,
                started_at,
                ended_at,
            });
        }
        // The dates keep their segment once they began, and the segment under way
        // stays.
        let kept =
            |id: &Option<String>| id.as_ref().is_none_or(|id| out.iter().any(|s| &s.id == id));
        let dates_began = self
            .segments
            .iter()
            .find(|s| s.kind == SegmentKind::Dates && s.started_at.is_some())
            .map(|s| s.id.clone());
        if !kept(&self.current) || !kept(&dates_began) {
            return Err(BAD_PROGRAMME);
        }
        self.segments = out;
        self.next = next;
        Ok(())
    }

    /// Makes `id` the segment under way at `now`: the one before it ends.
    pub fn begin(&mut self, id: &str, now: i64) -> Result<SegmentKind, Refusal> {
        let kind = self.segment(id).ok_or(UNKNOWN_SEGMENT)?.kind;
        if self.current.as_deref() == Some(id) {
            return Ok(kind);
        }
        self.end_current(now);
        if let Some(s) = self.segments.iter_mut().find(|s| s.id == id) {
            s.started_at.get_or_insert(now);
            s.ended_at = None;
        }
        self.current = Some(id.to_string());
        Ok(kind)
    }

    /// The segment under way ends at `now` (the evening closed, or another began).
    pub fn end_current(&mut self, now: i64) {
        if let Some(id) = self.current.take()
            && let Some(s) = self.segments.iter_mut().find(|s| s.id == id)
        {
            s.ended_at = Some(now);
        }
    }

    /// The evening closes at `now`: the programme is over.
    pub fn close(&mut self, now: i64) {
        self.end_current(now);
        self.closed_at.get_or_insert(now);
    }
}
