//! Why the evening said no: one type for every slice, each with a stable code for
//! the protocol and a sentence in both languages. A new capability adds its refusals
//! here, next to the others, so codes stay unique and every one has its words.

use crate::core::Lang;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    // The phase clock.
    AlreadyStarted,
    NotStarted,
    Closed,
    Paused,
    NotPaused,
    BadSeconds,
    NoNextRound,
    // The hall.
    EmptyText,
    // Presence.
    UnknownParticipant,
}

impl Refusal {
    /// The protocol's `code` (snake_case, stable).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::AlreadyStarted => "already_started",
            Refusal::NotStarted => "not_started",
            Refusal::Closed => "closed",
            Refusal::Paused => "paused",
            Refusal::NotPaused => "not_paused",
            Refusal::BadSeconds => "bad_seconds",
            Refusal::NoNextRound => "no_next_round",
            Refusal::EmptyText => "empty_text",
            Refusal::UnknownParticipant => "unknown_participant",
        }
    }

    /// What a person reads: kind, plain, and saying what to do where there is a way.
    pub fn text(self, lang: Lang) -> String {
        let (zh, en) = match self {
            Refusal::AlreadyStarted => ("活动已经开始了。", "The event has already started."),
            Refusal::NotStarted => ("活动还没有开始。", "The event has not started yet."),
            Refusal::Closed => ("活动已经结束。", "The event has ended."),
            Refusal::Paused => ("已经暂停了。", "The event is already paused."),
            Refusal::NotPaused => ("现在没有暂停。", "The event is not paused."),
            Refusal::BadSeconds => (
                "秒数不在允许范围内。",
                "That number of seconds is outside the allowed range.",
            ),
            Refusal::NoNextRound => ("后面已经没有下一轮了。", "There is no next round."),
            Refusal::EmptyText => ("公告内容不能为空。", "The announcement is empty."),
            Refusal::UnknownParticipant => (
                "本活动没有这位参与者。",
                "This event has no such participant.",
            ),
        };
        lang.pick(zh, en)
    }

    /// Every refusal, for tests that check codes are unique and worded.
    pub const ALL: &'static [Refusal] = &[
        Refusal::AlreadyStarted,
        Refusal::NotStarted,
        Refusal::Closed,
        Refusal::Paused,
        Refusal::NotPaused,
        Refusal::BadSeconds,
        Refusal::NoNextRound,
        Refusal::EmptyText,
        Refusal::UnknownParticipant,
    ];
}
