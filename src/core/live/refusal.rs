//! Why the evening said no. Each slice declares its own refusals beside its rules
//! (`chat::BUSY`…), each a stable code for the protocol with its words in both
//! languages in one place; those no one slice owns are here. Codes are unique
//! across the evening (checked below, over every slice's `REFUSALS`).

use crate::core::Lang;
use crate::core::text::Problem;

/// A refusal's code (snake_case, stable) and its words: kind, plain, and saying
/// what to do where there is a way.
#[derive(Debug, PartialEq, Eq)]
pub struct Said {
    pub code: &'static str,
    pub zh: &'static str,
    pub en: &'static str,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// One of the refusals a slice declares.
    Said(&'static Said),
    /// Text a person typed that cannot be shown as it is (an announcement, a note).
    BadText(Problem),
    /// Text over its limit of this many characters (an announcement, a segment's
    /// title): refused whole rather than cut, so every screen and the log keep the
    /// same words.
    TooLong(usize),
}

pub const UNKNOWN_PARTICIPANT: Refusal = Refusal::Said(&Said {
    code: "unknown_participant",
    zh: "本活动没有这位参与者。",
    en: "This event has no such participant.",
});

impl Refusal {
    /// The protocol's `code` (snake_case, stable).
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Said(said) => said.code,
            Refusal::BadText(_) => "bad_text",
            Refusal::TooLong(_) => "too_long",
        }
    }

    /// What a person reads.
    pub fn text(self, lang: Lang) -> String {
        match self {
            Refusal::Said(said) => lang.pick(said.zh, said.en),
            Refusal::BadText(problem) => {
                let (zh, en) = problem.words();
                lang.pick(zh, en)
            }
            Refusal::TooLong(max) => lang.pick(
                format!("最多 {max} 个字，请缩短后再发。"),
                format!("At most {max} characters: shorten it and send it again."),
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::super::{captions, chat, clock, desk, hall, interest, presence, programme, stage};
    use super::*;

    #[test]
    fn every_refusal_has_a_unique_code_and_words_in_both_languages() {
        let all: Vec<Refusal> = [
            clock::REFUSALS,
            hall::REFUSALS,
            presence::REFUSALS,
            chat::REFUSALS,
            desk::REFUSALS,
            interest::REFUSALS,
            programme::REFUSALS,
            captions::REFUSALS,
            stage::REFUSALS,
            &[
                UNKNOWN_PARTICIPANT,
                Refusal::BadText(Problem::Invisible),
                Refusal::TooLong(500),
            ],
        ]
        .concat();
        assert!(all.len() >= 30, "every slice's refusals: {}", all.len());
        let codes: HashSet<&str> = all.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), all.len(), "no code twice");
        for r in &all {
            let (zh, en) = (r.text(Lang::Zh), r.text(Lang::En));
            assert!(!zh.is_empty() && !en.is_empty() && zh != en, "{r:?}");
            assert!(
                !en.to_lowercase().contains("declin"),
                "{r:?} never says declined"
            );
        }
    }
}
