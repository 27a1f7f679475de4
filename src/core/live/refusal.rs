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
    /// An announcement over its limit (500 characters).
    TooLong,
    // Any text a person types (an announcement, a note).
    BadText(crate::core::text::Problem),
    // Presence.
    UnknownParticipant,
    RestTooOften,
    // The private chat area.
    Busy,
    NotInRound,
    NoPartner,
    AlreadyAsked,
    UnknownRequest,
    UnknownRoom,
    // The matchmaker desks.
    AlreadyQueued,
    UnknownTicket,
    UnknownDesk,
    QueueEmpty,
    BadReason,
    DeskBusy,
    NoteTooLong,
    StaffNoteTooLong,
    // Interest and matches.
    NoDate,
    Locked,
    BadChoice,
    NotFinished,
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
            Refusal::TooLong => "too_long",
            Refusal::BadText(_) => "bad_text",
            Refusal::UnknownParticipant => "unknown_participant",
            Refusal::RestTooOften => "too_often",
            Refusal::Busy => "busy",
            Refusal::NotInRound => "not_in_round",
            Refusal::NoPartner => "no_partner",
            Refusal::AlreadyAsked => "already_asked",
            Refusal::UnknownRequest => "unknown_request",
            Refusal::UnknownRoom => "unknown_room",
            Refusal::AlreadyQueued => "already_queued",
            Refusal::UnknownTicket => "unknown_ticket",
            Refusal::UnknownDesk => "unknown_desk",
            Refusal::QueueEmpty => "queue_empty",
            Refusal::BadReason => "bad_reason",
            Refusal::DeskBusy => "desk_busy",
            Refusal::NoteTooLong => "note_too_long",
            Refusal::StaffNoteTooLong => "staff_note_too_long",
            Refusal::NoDate => "no_date",
            Refusal::Locked => "locked",
            Refusal::BadChoice => "bad_choice",
            Refusal::NotFinished => "not_finished",
        }
    }

    /// What a person reads: kind, plain, and saying what to do where there is a way.
    pub fn text(self, lang: Lang) -> String {
        if let Refusal::BadText(problem) = self {
            let (zh, en) = problem.words();
            return lang.pick(zh, en);
        }
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
            Refusal::TooLong => (
                "公告最多 500 个字，请缩短后再发。",
                "An announcement has at most 500 characters: shorten it and send it again.",
            ),
            Refusal::BadText(_) => unreachable!("worded above"),
            Refusal::UnknownParticipant => (
                "本活动没有这位参与者。",
                "This event has no such participant.",
            ),
            Refusal::RestTooOften => (
                "休息的选择一分钟内已经改了好几次，请等一会儿再改。",
                "You have changed your rest choice several times this minute: wait a moment, then change it again.",
            ),
            Refusal::Busy => (
                "你们当中有人已经有一个私聊邀请或正在私聊区，请先结束那一个。",
                "One of you already has a private-chat invitation or is in the private chat area: finish that one first.",
            ),
            Refusal::NotInRound => (
                "只有在约会进行时才能邀请对方去私聊区。",
                "You can invite your partner to the private chat area only while a date is under way.",
            ),
            Refusal::NoPartner => (
                "这一轮你没有约会对象，所以没有人可以邀请。",
                "You have no date this round, so there is nobody to invite.",
            ),
            Refusal::AlreadyAsked => (
                "这一轮你已经邀请过对方了，下一轮还可以再邀请别人。",
                "You have already invited this partner this round; you can invite someone in a later round.",
            ),
            Refusal::UnknownRequest => (
                "这个邀请已经不在了（可能已被取消或已过期）。",
                "That invitation is no longer there (it may have been taken back or have lapsed).",
            ),
            Refusal::UnknownRoom => ("没有这个私聊室。", "There is no such room."),
            Refusal::AlreadyQueued => (
                "已经在红娘服务区排队了（每人一次排一个号）。想换个原因，请先离开队伍再重新排。",
                "Already in the queue for the matchmakers (one ticket at a time). To change the reason, leave the queue and join again.",
            ),
            Refusal::UnknownTicket => (
                "这张排队号已经不在了（可能已被叫到、办完或取消）。",
                "That ticket is no longer there (it may have been called, finished or cancelled).",
            ),
            Refusal::UnknownDesk => ("没有这个红娘服务台。", "There is no such desk."),
            Refusal::QueueEmpty => (
                "现在没有可以叫的人：队伍是空的，或者排队的人都在约会中。",
                "Nobody to call now: the queue is empty, or everyone waiting is in a date.",
            ),
            Refusal::BadReason => (
                "请选择一个原因：咨询建议、需要帮助、无障碍协助、关于某位嘉宾或其他。",
                "Choose a reason: advice, help, accessibility assistance, about someone, or other.",
            ),
            Refusal::DeskBusy => (
                "这个服务台已经叫了一位或正在服务，请先办完或标记未到。",
                "This desk has already called or is serving someone: finish that visit or mark a no-show first.",
            ),
            Refusal::NoteTooLong => (
                "留言最多 200 个字，请缩短一些。",
                "A note can be at most 200 characters: please shorten it.",
            ),
            Refusal::StaffNoteTooLong => (
                "红娘记录最多 1000 个字，请缩短一些。",
                "A matchmaker's note can be at most 1000 characters: please shorten it.",
            ),
            Refusal::NoDate => (
                "那一轮您没有约会（或者那一轮还没开始），没有什么可选的。",
                "You had no date in that round (or it has not begun): there is nothing to mark.",
            ),
            Refusal::Locked => (
                "结果已经公布，选择不能再改了。",
                "The results have been revealed: choices can no longer be changed.",
            ),
            Refusal::BadChoice => (
                "请选择：想再见面、做朋友或不了。",
                "Choose one: yes, friends, or no thanks.",
            ),
            Refusal::NotFinished => (
                "最后一轮约会结束（或活动结束）后才能公布结果。",
                "Results can be revealed once the last date has ended (or the event is closed).",
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
        Refusal::TooLong,
        Refusal::BadText(crate::core::text::Problem::Invisible),
        Refusal::UnknownParticipant,
        Refusal::RestTooOften,
        Refusal::Busy,
        Refusal::NotInRound,
        Refusal::NoPartner,
        Refusal::AlreadyAsked,
        Refusal::UnknownRequest,
        Refusal::UnknownRoom,
        Refusal::AlreadyQueued,
        Refusal::UnknownTicket,
        Refusal::UnknownDesk,
        Refusal::QueueEmpty,
        Refusal::BadReason,
        Refusal::DeskBusy,
        Refusal::NoteTooLong,
        Refusal::StaffNoteTooLong,
        Refusal::NoDate,
        Refusal::Locked,
        Refusal::BadChoice,
        Refusal::NotFinished,
    ];
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn every_refusal_has_a_unique_code_and_words_in_both_languages() {
        let codes: HashSet<&str> = Refusal::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), Refusal::ALL.len());
        for r in Refusal::ALL {
            let (zh, en) = (r.text(Lang::Zh), r.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{r:?}");
            assert!(
                !en.to_lowercase().contains("declin"),
                "{r:?} never says declined"
            );
        }
    }
}
