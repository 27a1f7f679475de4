//! Interest marks and mutual matches: after (or during) each date a guest says
//! privately whether they would like to meet their partner again (yes, friends, or
//! no thanks); at the host's moment, the reveal, every mark is locked and each
//! guest is shown their mutual matches.
//!
//! **One-sided interest never leaves this module.** Nothing here hands anyone a
//! mark but the person who made it ([`Interest::own`]); everything else is either
//! a count ([`Interest::results`]) or a mutual match ([`Interest::matches_of`],
//! [`Interest::mutual`]). The log never names a choice: a mark is not logged at
//! all, since its own row (`interest_marks`) is its record.
//!
//! Marks are not part of the saved state (a 5,000-guest evening would re-save
//! them all with every change): each is its own row, written in the same
//! transaction as the change it belongs to, and loaded back at start
//! ([`Interest::load`]). What is saved with the state is small: whether and when
//! the results were revealed, a reveal the host set for later, and the consent
//! changes guests made on their phones.
//!
//! A date left unmarked counts as no. The kind of a match: `date` when both said
//! yes, `friend` when both said yes or friends but not both yes.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};
use serde_json::json;

use super::message::{Message, me};
use super::outcome::Outcome;
use super::refusal::{Refusal, Said};
use super::viewer::Viewer;

// Why interest says no: each refusal's code and its words in both languages.

pub const NO_DATE: Refusal = Refusal::Said(&Said {
    code: "no_date",
    zh: "那一轮您没有约会（或者那一轮还没开始），没有什么可选的。",
    en: "You had no date in that round (or it has not begun): there is nothing to mark.",
});
pub const LOCKED: Refusal = Refusal::Said(&Said {
    code: "locked",
    zh: "结果已经公布，选择不能再改了。",
    en: "The results have been revealed: choices can no longer be changed.",
});
pub const BAD_CHOICE: Refusal = Refusal::Said(&Said {
    code: "bad_choice",
    zh: "没有这个选项：请从给出的选项中选一个。",
    en: "That is not one of the choices: choose one of those offered.",
});
pub const NOT_FINISHED: Refusal = Refusal::Said(&Said {
    code: "not_finished",
    zh: "最后一轮约会结束（或活动结束）后才能公布结果。",
    en: "Results can be revealed once the last date has ended (or the event is closed).",
});

/// Every refusal of this slice (their codes are unique across the evening:
/// `refusal::tests`).
pub const REFUSALS: &[Refusal] = &[NO_DATE, LOCKED, BAD_CHOICE, NOT_FINISHED];

/// What a guest said about a date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Choice {
    /// 想再见面
    Yes,
    /// 做朋友
    Friend,
    /// 不了
    No,
}

impl Choice {
    /// The protocol's word, or `bad_choice`.
    pub fn parse(s: &str) -> Result<Choice, Refusal> {
        match s {
            "yes" => Ok(Choice::Yes),
            "friend" => Ok(Choice::Friend),
            "no" => Ok(Choice::No),
            _ => Err(BAD_CHOICE),
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Choice::Yes => "yes",
            Choice::Friend => "friend",
            Choice::No => "no",
        }
    }
}

/// A mutual match's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// Both said yes (牵手).
    Date,
    /// Both said yes or friends, not both yes.
    Friend,
}

impl MatchKind {
    /// The match two choices make, if any.
    pub fn of(a: Choice, b: Choice) -> Option<MatchKind> {
        match (a, b) {
            (Choice::Yes, Choice::Yes) => Some(MatchKind::Date),
            (Choice::No, _) | (_, Choice::No) => None,
            _ => Some(MatchKind::Friend),
        }
    }
}

/// One mark: who it was about, what, and when it was last set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mark {
    pub partner: String,
    pub choice: Choice,
    pub at: i64,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Interest {
    /// Every mark, by (person, round). Not saved with the state: each is its own
    /// row of `interest_marks`, loaded back by [`Interest::load`].
    #[serde(skip)]
    pub marks: BTreeMap<(String, u32), Mark>,
    /// When the results were revealed; every mark is locked from then.
    pub revealed_at: Option<i64>,
    /// A reveal the host set for a later moment.
    pub reveal_at: Option<i64>,
    /// Consent to share one's contact with mutual matches, as guests set it on
    /// their phones this evening (over what registration recorded).
    #[serde(default)]
    pub consent: BTreeMap<String, bool>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InterestCmd {
    /// A guest marks the date they had (or are having) in `round`. `choice` is
    /// the protocol's word, read here so that a wrong one is `bad_choice`.
    Mark {
        participant: String,
        round: u32,
        choice: String,
    },
    /// The host reveals the results, now or (`at`) at a later moment.
    Reveal { at: Option<i64> },
    /// A guest says whether their contact may be shared with mutual matches.
    Consent { participant: String, share: bool },
}

/// What interest writes beside its state.
#[derive(Debug, Clone, PartialEq)]
pub enum InterestRow {
    /// A mark as it now stands (`interest_marks`): never logged, never shown to
    /// anyone but the person who made it.
    Mark {
        from: String,
        to: String,
        round: u32,
        /// `yes`, `friend` or `no`.
        choice: &'static str,
        at: i64,
    },
    /// A guest's consent to share their contact with mutual matches
    /// (`participants.share_contact`).
    Consent { participant: String, share: bool },
}

/// Interest verbs as clients send them: a guest's own marks and consent, and
/// the host's reveal.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum InterestMsg {
    #[serde(rename = "interest.mark")]
    Mark {
        round: u32,
        /// Read by the slice, so that a wrong one is `bad_choice`.
        choice: String,
    },
    #[serde(rename = "consent.set")]
    Consent { share_contact: bool },
    #[serde(rename = "results.reveal")]
    Reveal {
        /// *(Blossom)* A later moment (Unix ms) for the reveal; absent: now.
        #[serde(default)]
        at: Option<i64>,
    },
}

impl Message for InterestMsg {
    type Command = InterestCmd;

    fn command(self, by: &Viewer) -> Result<InterestCmd, String> {
        Ok(match self {
            InterestMsg::Mark { round, choice } => InterestCmd::Mark {
                participant: me(by),
                round,
                choice,
            },
            InterestMsg::Consent { share_contact } => InterestCmd::Consent {
                participant: me(by),
                share: share_contact,
            },
            InterestMsg::Reveal { at } => InterestCmd::Reveal { at },
        })
    }
}

/// What the slice asks of the rest of the evening.
pub trait Evening {
    /// Who `person` dated in `round`, if that round has begun and they had a date.
    fn partner_in(&self, person: &str, round: u32) -> Option<String>;
    /// Whether the last date has ended (the event is closed).
    fn finished(&self) -> bool;
    /// The consent to share a contact that registration recorded for `person`.
    fn registered_consent(&self, person: &str) -> bool;
}

/// One line of a guest's "my dates": the round and their own choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnMark {
    pub round: u32,
    pub partner: String,
    pub choice: Option<Choice>,
}

/// The staff's counts (`results`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Results {
    /// People who marked every date they had.
    pub marked: usize,
    /// People who had a date.
    pub of: usize,
    pub revealed: bool,
    /// Mutual matches, once revealed.
    pub matches: Option<usize>,
}

impl Interest {
    /// The marks as stored, at start.
    pub fn load(&mut self, rows: impl IntoIterator<Item = (String, u32, Mark)>) {
        self.marks = rows.into_iter().map(|(p, r, m)| ((p, r), m)).collect();
    }

    pub fn locked(&self) -> bool {
        self.revealed_at.is_some()
    }

    pub fn apply(
        &mut self,
        cmd: &InterestCmd,
        evening: &dyn Evening,
        now: i64,
        out: &mut Outcome<impl From<InterestRow>>,
    ) -> Result<(), Refusal> {
        match cmd {
            InterestCmd::Mark {
                participant,
                round,
                choice,
            } => {
                let choice = Choice::parse(choice)?;
                if self.locked() {
                    return Err(LOCKED);
                }
                let partner = evening.partner_in(participant, *round).ok_or(NO_DATE)?;
                let key = (participant.clone(), *round);
                let same = self
                    .marks
                    .get(&key)
                    .is_some_and(|m| m.choice == choice && m.partner == partner);
                // The same mark again (a retry after a reconnect) changes nothing.
                if !same {
                    out.row(InterestRow::Mark {
                        from: participant.clone(),
                        to: partner.clone(),
                        round: *round,
                        choice: choice.code(),
                        at: now,
                    });
                    self.marks.insert(
                        key,
                        Mark {
                            partner,
                            choice,
                            at: now,
                        },
                    );
                    // Saved as its row, not in the state, and never logged.
                    out.rows_only = true;
                }
            }
            InterestCmd::Reveal { at } => {
                if self.locked() {
                    return Err(LOCKED);
                }
                if !evening.finished() {
                    return Err(NOT_FINISHED);
                }
                match at.filter(|&at| at > now) {
                    Some(later) => {
                        self.reveal_at = Some(later);
                        out.log("results.reveal_set", json!({ "at": later }));
                    }
                    None => self.reveal(now, out),
                }
            }
            InterestCmd::Consent { participant, share } => {
                if self.locked() {
                    return Err(LOCKED);
                }
                // Set to what it already is: nothing changes, nothing is logged.
                if self.shares(participant, evening.registered_consent(participant)) != *share {
                    self.consent.insert(participant.clone(), *share);
                    out.row(InterestRow::Consent {
                        participant: participant.clone(),
                        share: *share,
                    });
                    // Who (the entry's actor: the guest), when, the old and new value.
                    out.log(
                        "consent.changed",
                        json!({ "participant_id": participant, "share_contact": { "old": !share, "new": share } }),
                    );
                }
            }
        }
        Ok(())
    }

    fn reveal(&mut self, at: i64, out: &mut Outcome<impl From<InterestRow>>) {
        self.revealed_at = Some(at);
        self.reveal_at = None;
        out.log("results.revealed", json!({}));
    }

    /// A reveal set for later is this slice's one deadline.
    pub fn next_deadline(&self) -> Option<i64> {
        self.reveal_at.filter(|_| !self.locked())
    }

    pub fn fire(&mut self, at: i64, out: &mut Outcome<impl From<InterestRow>>) {
        if self.reveal_at.is_some_and(|r| r <= at) && !self.locked() {
            self.reveal(at, out);
        }
    }

    /// `person`'s own marks for the dates they had (`dates`: round and partner,
    /// in order). Only ever shown to `person`.
    pub fn own(&self, person: &str, dates: &[(u32, String)]) -> Vec<OwnMark> {
        dates
            .iter()
            .map(|(round, partner)| OwnMark {
                round: *round,
                partner: partner.clone(),
                choice: self
                    .marks
                    .get(&(person.to_owned(), *round))
                    .filter(|m| m.partner == *partner)
                    .map(|m| m.choice),
            })
            .collect()
    }

    /// What `person` said about `partner`: the latest date's mark (unmarked: no).
    fn toward(&self, person: &str, partner: &str) -> Choice {
        self.marks
            .range((person.to_owned(), 0)..=(person.to_owned(), u32::MAX))
            .filter(|(_, m)| m.partner == partner)
            .max_by_key(|((_, round), _)| *round)
            .map_or(Choice::No, |(_, m)| m.choice)
    }

    /// Every mutual match among the dates held (`pairs`: each pair who dated,
    /// once), with its kind. Only mutual interest is in it.
    pub fn mutual(&self, pairs: &BTreeSet<(String, String)>) -> Vec<(String, String, MatchKind)> {
        pairs
            .iter()
            .filter_map(|(a, b)| {
                MatchKind::of(self.toward(a, b), self.toward(b, a))
                    .map(|k| (a.clone(), b.clone(), k))
            })
            .collect()
    }

    /// `person`'s mutual matches (partner, kind), once revealed; `None` before.
    pub fn matches_of(
        &self,
        person: &str,
        partners: &BTreeSet<String>,
    ) -> Option<Vec<(String, MatchKind)>> {
        self.locked().then(|| {
            partners
                .iter()
                .filter_map(|p| {
                    MatchKind::of(self.toward(person, p), self.toward(p, person))
                        .map(|k| (p.clone(), k))
                })
                .collect()
        })
    }

    /// The staff's counts: `dated` is each person with a date and the rounds of
    /// their dates; `pairs` as for [`Interest::mutual`].
    pub fn results(
        &self,
        dated: &BTreeMap<String, Vec<(u32, String)>>,
        pairs: &BTreeSet<(String, String)>,
    ) -> Results {
        self.results_of(
            dated.iter().map(|(person, dates)| {
                (
                    person.as_str(),
                    dates.iter().map(|(r, partner)| (*r, partner.as_str())),
                )
            }),
            pairs,
        )
    }

    /// [`Interest::results`] read straight from each person's dates (round and
    /// partner), without building a map first: the live counts are made after
    /// every batch of marks, for thousands of people.
    pub fn results_of<'a, D>(
        &self,
        dated: impl Iterator<Item = (&'a str, D)>,
        pairs: &BTreeSet<(String, String)>,
    ) -> Results
    where
        D: Iterator<Item = (u32, &'a str)>,
    {
        let (mut marked, mut of) = (0, 0);
        for (person, mut dates) in dated {
            of += 1;
            let every = dates.all(|(round, partner)| {
                self.marks
                    .get(&(person.to_owned(), round))
                    .is_some_and(|m| m.partner == partner)
            });
            marked += usize::from(every);
        }
        Results {
            marked,
            of,
            revealed: self.locked(),
            matches: self.locked().then(|| self.mutual(pairs).len()),
        }
    }

    /// The roster was read afresh from the database, which has every consent set
    /// on a phone (each written before it was acknowledged) and any later change
    /// the organiser recorded: the roster's word is now the latest. (A phone's
    /// change that lands between that read and this call is taken back until the
    /// next reload; the phone shows it, and the database keeps the guest's word.)
    pub fn roster_changed(&mut self) {
        if !self.locked() {
            self.consent.clear();
        }
    }

    /// Whether `person` shares their contact with mutual matches: what they set
    /// this evening, else what registration recorded (`registered`).
    pub fn shares(&self, person: &str, registered: bool) -> bool {
        self.consent.get(person).copied().unwrap_or(registered)
    }
}
