//! The evening's report (活动总结): figures for the organiser, worked out from what
//! was recorded (plain records in, plain figures out; `src/db/report.rs` loads the
//! records). Counts and shares only: no person is named, no mark is told, and a
//! breakdown by a group of fewer than [`SMALL_GROUP`] people is suppressed (`null`),
//! so that nobody can be picked out of a small group.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::live::interest::{Choice, Interest, Mark, MatchKind};

/// A breakdown by a group smaller than this is not shown.
pub const SMALL_GROUP: usize = 5;

/// A guest as the report needs them.
#[derive(Debug, Clone)]
pub struct Guest {
    pub id: String,
    pub wheelchair: bool,
    /// Consents to share their contact with mutual matches.
    pub share_contact: bool,
    pub checked_in_at: Option<i64>,
    pub left_at: Option<i64>,
}

/// A date held (a row of `dates`), with its table's kind.
#[derive(Debug, Clone)]
pub struct Date {
    pub round: u32,
    pub a: String,
    pub b: String,
    pub interpreter: bool,
    pub accessible_table: bool,
    pub quiet_table: bool,
}

#[derive(Debug, Clone)]
pub struct ChatRequest {
    /// `offered`, `not_now`, `queued`, `room`, `cancelled` or `ended`.
    pub status: String,
    pub room: Option<String>,
    pub room_at: Option<i64>,
    pub ended_at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Ticket {
    pub reason: String,
    /// `waiting`, `called`, `serving`, `done`, `cancelled` or `no_show`.
    pub status: String,
    pub created_at: i64,
    pub called_at: Option<i64>,
    pub started_at: Option<i64>,
    pub ended_at: Option<i64>,
}

/// Everything recorded of an evening that the report reads.
#[derive(Debug, Clone, Default)]
pub struct Records {
    /// Guests not withdrawn.
    pub guests: Vec<Guest>,
    /// When round 1 began, if it did.
    pub started_at: Option<i64>,
    pub dates_planned: usize,
    pub dates: Vec<Date>,
    pub rests: usize,
    /// Rounds a guest present sat out without a date (person-rounds), over the
    /// rounds held.
    pub sat_out: usize,
    pub chats: Vec<ChatRequest>,
    pub tickets: Vec<Ticket>,
    /// Every mark: who, the round, whom, the choice.
    pub marks: Vec<(String, u32, String, Choice)>,
    pub revealed: bool,
    /// The programme, the captions, the spotlight and the polls, as run.
    pub stage: StageRecords,
    /// Every escort task: its status, when it was made, taken and reached.
    pub escorts: Vec<EscortRecord>,
}

/// An escort task as the report reads it (never who it was for).
#[derive(Debug, Clone, Default)]
pub struct EscortRecord {
    /// Whom it was for (counted, never shown).
    pub participant: String,
    /// `open`, `taken`, `arrived`, `done`, `cancelled` or `missed` (moved alone).
    pub status: String,
    pub made_at: i64,
    pub taken_at: Option<i64>,
    pub arrived_at: Option<i64>,
}

/// Volunteers' escorts: how many tasks, how many taken within two minutes, how
/// long until the volunteer was there (median and 90th percentile), and how many
/// guests moved alone after all (the goal is none). Under the report's rule, all
/// but the number of tasks are `null` when fewer than five guests were escorted.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EscortFigures {
    pub tasks: usize,
    pub guests: Option<usize>,
    pub taken_within_two_minutes: Option<usize>,
    pub minutes_to_arrival: Option<Quantiles>,
    pub moved_alone: Option<usize>,
}

fn escort_figures(r: &[EscortRecord]) -> EscortFigures {
    let guests = r
        .iter()
        .map(|t| t.participant.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let small = guests < SMALL_GROUP;
    let count = |n: usize| (!small).then_some(n);
    EscortFigures {
        tasks: r.len(),
        guests: shown(guests),
        taken_within_two_minutes: count(
            r.iter()
                .filter(|t| t.taken_at.is_some_and(|at| at - t.made_at <= 2 * 60_000))
                .count(),
        ),
        minutes_to_arrival: quantiles(
            r.iter()
                .filter_map(|t| Some((t.arrived_at? - t.made_at) as f64 / MIN))
                .collect(),
        )
        .filter(|_| !small),
        moved_alone: count(r.iter().filter(|t| t.status == "missed").count()),
    }
}

/// What the evening's stage leaves for the report: the programme as run, how many
/// caption lines were sent, how often someone went on stage, and each poll's
/// counts (never who answered what).
#[derive(Debug, Clone, Default)]
pub struct StageRecords {
    pub programme: Vec<super::live::programme::Segment>,
    pub captions_sent: u64,
    pub spotlights: u64,
    /// Each poll: its question, its options, and the answers per option.
    pub polls: Vec<(String, Vec<String>, Vec<usize>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    pub attendance: Attendance,
    pub access: Access,
    pub chat: ChatFigures,
    pub desks: DeskFigures,
    pub outcomes: Outcomes,
    pub stage: StageFigures,
    pub escorts: EscortFigures,
}

/// The programme as run and what happened on stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StageFigures {
    pub programme: Vec<SegmentRun>,
    pub captions_sent: u64,
    pub spotlights: u64,
    pub polls: Vec<PollFigures>,
}

/// One segment: planned minutes, and the minutes it actually ran (`null` if it
/// never started; up to the close if it never ended).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SegmentRun {
    pub kind: super::live::programme::SegmentKind,
    pub title: String,
    pub planned_minutes: u32,
    pub started_at: Option<i64>,
    pub actual_minutes: Option<f64>,
}

/// One poll: how many answered, and the counts per option (`null` when fewer
/// than five answered, the report's rule).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PollFigures {
    pub question: String,
    pub options: Vec<String>,
    pub answered: usize,
    pub results: Option<Vec<usize>>,
}

fn stage(r: &StageRecords) -> StageFigures {
    let last_end = r.programme.iter().filter_map(|s| s.ended_at).max();
    StageFigures {
        programme: r
            .programme
            .iter()
            .map(|s| SegmentRun {
                kind: s.kind,
                title: s.title.clone(),
                planned_minutes: s.minutes,
                started_at: s.started_at,
                actual_minutes: s.started_at.and_then(|from| {
                    let to = s.ended_at.or(last_end.filter(|&e| e > from))?;
                    Some(((to - from) as f64 / MIN * 10.0).round() / 10.0)
                }),
            })
            .collect(),
        captions_sent: r.captions_sent,
        spotlights: r.spotlights,
        polls: r
            .polls
            .iter()
            .map(|(question, options, counts)| {
                let answered: usize = counts.iter().sum();
                PollFigures {
                    question: question.clone(),
                    options: options.clone(),
                    answered,
                    results: (answered >= SMALL_GROUP).then(|| counts.clone()),
                }
            })
            .collect(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Attendance {
    pub registered: usize,
    pub came: usize,
    /// Arrived after round 1 began.
    pub late: usize,
    /// Marked as gone before the end.
    pub left_early: usize,
    pub dates_planned: usize,
    pub dates_held: usize,
    /// Dates per guest who came: the fewest, the median, the most.
    pub dates_per_guest: Spread,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Spread {
    pub min: usize,
    pub median: f64,
    pub max: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Access {
    /// Wheelchair users who came (`null` when fewer than five).
    pub wheelchair_users: Option<usize>,
    /// Their dates, and how many were at an accessible table (`null` likewise).
    pub wheelchair_dates: Option<usize>,
    pub wheelchair_dates_accessible: Option<usize>,
    pub interpreter_dates: usize,
    pub quiet_table_dates: usize,
    /// Rests the guests asked for (a total).
    pub rests_taken: usize,
    /// Rounds a guest present sat out without a date, asked for or not (person-rounds).
    pub rounds_sat_out: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChatFigures {
    pub invitations: usize,
    /// Invitations accepted (a room, or the queue for one).
    pub accepted: usize,
    /// `accepted / invitations` (0 to 1), `null` with no invitation.
    pub accepted_share: Option<f64>,
    pub rooms_used: usize,
    pub room_minutes: f64,
    /// Private chats held: invitations that reached a room.
    pub chats_held: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeskFigures {
    pub tickets: usize,
    /// Tickets by reason; a reason with fewer than five is `null`.
    pub by_reason: BTreeMap<String, Option<usize>>,
    /// From joining to the call (minutes), over tickets called: median and 90th
    /// percentile; `null` with fewer than five.
    pub wait_minutes: Option<Quantiles>,
    /// From the start of the visit to its end (minutes), likewise.
    pub service_minutes: Option<Quantiles>,
    pub no_shows: usize,
    /// Visits made: tickets whose visit began.
    pub visits: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quantiles {
    pub median: f64,
    pub p90: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Outcomes {
    pub guests_with_dates: usize,
    pub marked_every_date: usize,
    /// `marked_every_date / guests_with_dates`, `null` with nobody.
    pub marked_share: Option<f64>,
    /// Mutual matches by kind, once the results are revealed (`null` before).
    pub matches_date: Option<usize>,
    pub matches_friend: Option<usize>,
    /// Mutual matches where both consented, so contacts were exchanged (after the
    /// reveal; `null` before).
    pub contacts_exchanged: Option<usize>,
}

/// A count of a group, or `None` when the group is too small to show.
fn shown(n: usize) -> Option<usize> {
    (n >= SMALL_GROUP).then_some(n)
}

fn median(sorted: &[f64]) -> f64 {
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// The nearest-rank percentile of sorted values.
fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn quantiles(mut minutes: Vec<f64>) -> Option<Quantiles> {
    if minutes.len() < SMALL_GROUP {
        return None;
    }
    minutes.sort_by(f64::total_cmp);
    Some(Quantiles {
        median: median(&minutes),
        p90: percentile(&minutes, 0.9),
    })
}

const MIN: f64 = 60_000.0;

/// The mutual matches among the dates held (each pair once, the smaller id first),
/// with their kind; empty before the reveal. For the organiser's follow-up.
pub fn mutual(r: &Records) -> Vec<(String, String, MatchKind)> {
    if !r.revealed {
        return Vec::new();
    }
    let (interest, _, pairs) = marks_of(r);
    interest.mutual(&pairs)
}

type Dated = BTreeMap<String, Vec<(u32, String)>>;

/// The marks as an interest slice, each person's dates, and each pair once.
fn marks_of(r: &Records) -> (Interest, Dated, BTreeSet<(String, String)>) {
    let mut interest = Interest::default();
    interest.load(r.marks.iter().map(|(from, round, to, choice)| {
        let mark = Mark {
            partner: to.clone(),
            choice: *choice,
            at: 0,
        };
        (from.clone(), *round, mark)
    }));
    let mut dated: Dated = BTreeMap::new();
    let mut pairs = BTreeSet::new();
    for d in &r.dates {
        dated
            .entry(d.a.clone())
            .or_default()
            .push((d.round, d.b.clone()));
        dated
            .entry(d.b.clone())
            .or_default()
            .push((d.round, d.a.clone()));
        pairs.insert(if d.a < d.b {
            (d.a.clone(), d.b.clone())
        } else {
            (d.b.clone(), d.a.clone())
        });
    }
    (interest, dated, pairs)
}

pub fn report(r: &Records) -> Report {
    let came: Vec<&Guest> = r
        .guests
        .iter()
        .filter(|g| g.checked_in_at.is_some())
        .collect();
    let mut per_guest: BTreeMap<&str, usize> = came.iter().map(|g| (g.id.as_str(), 0)).collect();
    for d in &r.dates {
        for p in [&d.a, &d.b] {
            if let Some(n) = per_guest.get_mut(p.as_str()) {
                *n += 1;
            }
        }
    }
    let mut counts: Vec<usize> = per_guest.values().copied().collect();
    counts.sort_unstable();
    let as_f: Vec<f64> = counts.iter().map(|&n| n as f64).collect();
    let attendance = Attendance {
        registered: r.guests.len(),
        came: came.len(),
        late: came
            .iter()
            .filter(|g| matches!((g.checked_in_at, r.started_at), (Some(at), Some(start)) if at > start))
            .count(),
        left_early: came.iter().filter(|g| g.left_at.is_some()).count(),
        dates_planned: r.dates_planned.max(r.dates.len()),
        dates_held: r.dates.len(),
        dates_per_guest: Spread {
            min: counts.first().copied().unwrap_or(0),
            median: median(&as_f),
            max: counts.last().copied().unwrap_or(0),
        },
    };

    let wheelchair: BTreeSet<&str> = came
        .iter()
        .filter(|g| g.wheelchair)
        .map(|g| g.id.as_str())
        .collect();
    let theirs: Vec<&Date> = r
        .dates
        .iter()
        .filter(|d| wheelchair.contains(d.a.as_str()) || wheelchair.contains(d.b.as_str()))
        .collect();
    let small = wheelchair.len() < SMALL_GROUP;
    let access = Access {
        wheelchair_users: shown(wheelchair.len()),
        wheelchair_dates: (!small).then_some(theirs.len()),
        wheelchair_dates_accessible: (!small)
            .then(|| theirs.iter().filter(|d| d.accessible_table).count()),
        interpreter_dates: r.dates.iter().filter(|d| d.interpreter).count(),
        quiet_table_dates: r.dates.iter().filter(|d| d.quiet_table).count(),
        rests_taken: r.rests,
        rounds_sat_out: r.sat_out,
    };

    let invitations = r.chats.len();
    let accepted = r
        .chats
        .iter()
        .filter(|c| c.room_at.is_some() || c.status == "queued" || c.status == "room")
        .count();
    let chat = ChatFigures {
        invitations,
        accepted,
        accepted_share: (invitations > 0).then(|| accepted as f64 / invitations as f64),
        rooms_used: r
            .chats
            .iter()
            .filter_map(|c| c.room.as_deref())
            .collect::<BTreeSet<_>>()
            .len(),
        room_minutes: r
            .chats
            .iter()
            .filter_map(|c| Some((c.ended_at? - c.room_at?) as f64 / MIN))
            .sum(),
        chats_held: r.chats.iter().filter(|c| c.room_at.is_some()).count(),
    };

    let mut by_reason: BTreeMap<String, usize> = BTreeMap::new();
    for t in &r.tickets {
        *by_reason.entry(t.reason.clone()).or_default() += 1;
    }
    let desks = DeskFigures {
        tickets: r.tickets.len(),
        by_reason: by_reason.into_iter().map(|(k, n)| (k, shown(n))).collect(),
        wait_minutes: quantiles(
            r.tickets
                .iter()
                .filter_map(|t| Some((t.called_at? - t.created_at) as f64 / MIN))
                .collect(),
        ),
        service_minutes: quantiles(
            r.tickets
                .iter()
                .filter_map(|t| Some((t.ended_at? - t.started_at?) as f64 / MIN))
                .collect(),
        ),
        no_shows: r.tickets.iter().filter(|t| t.status == "no_show").count(),
        visits: r.tickets.iter().filter(|t| t.started_at.is_some()).count(),
    };

    // Marks: every date's pair, and each person's dates, for counts alone.
    let (interest, dated, pairs) = marks_of(r);
    let counted = interest.results(&dated, &pairs);
    let mutual = interest.mutual(&pairs);
    let kind = |k: MatchKind| {
        r.revealed
            .then(|| mutual.iter().filter(|m| m.2 == k).count())
    };
    let outcomes = Outcomes {
        guests_with_dates: counted.of,
        marked_every_date: counted.marked,
        marked_share: (counted.of > 0).then(|| counted.marked as f64 / counted.of as f64),
        matches_date: kind(MatchKind::Date),
        matches_friend: kind(MatchKind::Friend),
        contacts_exchanged: r.revealed.then(|| {
            let consents = |id: &str| r.guests.iter().any(|g| g.id == id && g.share_contact);
            mutual
                .iter()
                .filter(|m| consents(&m.0) && consents(&m.1))
                .count()
        }),
    };
    Report {
        attendance,
        access,
        chat,
        desks,
        outcomes,
        stage: stage(&r.stage),
        escorts: escort_figures(&r.escorts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guest(id: &str, wheelchair: bool, at: Option<i64>) -> Guest {
        Guest {
            id: id.into(),
            wheelchair,
            share_contact: false,
            checked_in_at: at,
            left_at: None,
        }
    }

    fn date(round: u32, a: &str, b: &str) -> Date {
        Date {
            round,
            a: a.into(),
            b: b.into(),
            interpreter: false,
            accessible_table: true,
            quiet_table: false,
        }
    }

    #[test]
    fn the_programme_is_reported_as_run_and_a_poll_with_fewer_than_five_answers_shows_no_counts() {
        use crate::core::live::programme::{Segment, SegmentKind};
        let seg = |id: &str, kind, start: Option<i64>, end: Option<i64>| Segment {
            id: id.into(),
            kind,
            title: id.into(),
            minutes: 10,
            started_at: start,
            ended_at: end,
        };
        let r = Records {
            stage: StageRecords {
                programme: vec![
                    seg("s1", SegmentKind::Opening, Some(0), Some(12 * 60_000)),
                    seg(
                        "s2",
                        SegmentKind::Dates,
                        Some(12 * 60_000),
                        Some(72 * 60_000),
                    ),
                    seg("s3", SegmentKind::Game, None, None),
                ],
                captions_sent: 42,
                spotlights: 3,
                polls: vec![
                    (
                        "最佳才艺？".into(),
                        vec!["唱歌".into(), "朗诵".into()],
                        vec![4, 2],
                    ),
                    ("下一首？".into(), vec!["a".into(), "b".into()], vec![3, 1]),
                ],
            },
            ..Records::default()
        };
        let g = report(&r).stage;
        assert_eq!(g.programme[0].actual_minutes, Some(12.0));
        assert_eq!(g.programme[1].actual_minutes, Some(60.0));
        assert_eq!(g.programme[2].actual_minutes, None, "never held");
        assert_eq!((g.captions_sent, g.spotlights), (42, 3));
        assert_eq!(g.polls[0].results, Some(vec![4, 2]));
        assert_eq!((g.polls[1].answered, g.polls[1].results.clone()), (4, None));
    }

    #[test]
    fn a_small_evening_counts_people_and_dates_and_hides_small_groups() {
        let r = Records {
            guests: vec![
                guest("a", true, Some(0)),
                guest("b", false, Some(5)),
                guest("c", false, None),
            ],
            started_at: Some(1),
            dates_planned: 2,
            dates: vec![date(1, "a", "b"), date(2, "a", "b")],
            tickets: (0..3)
                .map(|i| Ticket {
                    reason: "help".into(),
                    status: "done".into(),
                    created_at: 0,
                    called_at: Some(i * 60_000),
                    started_at: Some(i * 60_000),
                    ended_at: Some(i * 60_000 + 300_000),
                })
                .collect(),
            marks: vec![
                ("a".into(), 1, "b".into(), Choice::Yes),
                ("b".into(), 1, "a".into(), Choice::Yes),
                ("a".into(), 2, "b".into(), Choice::Yes),
            ],
            revealed: false,
            ..Records::default()
        };
        let rep = report(&r);
        assert_eq!(
            (
                rep.attendance.registered,
                rep.attendance.came,
                rep.attendance.late
            ),
            (3, 2, 1)
        );
        assert_eq!(
            rep.attendance.dates_per_guest,
            Spread {
                min: 2,
                median: 2.0,
                max: 2
            }
        );
        assert_eq!(
            rep.access.wheelchair_users, None,
            "one wheelchair user is not shown"
        );
        assert_eq!(
            rep.desks.by_reason["help"], None,
            "three tickets of a reason are not shown"
        );
        assert_eq!(rep.desks.wait_minutes, None);
        // b left round 2 unmarked: one of two marked every date; no match count before the reveal.
        assert_eq!(
            (
                rep.outcomes.marked_every_date,
                rep.outcomes.guests_with_dates
            ),
            (1, 2)
        );
        assert_eq!(rep.outcomes.matches_date, None);
        let revealed = report(&Records {
            revealed: true,
            ..r
        });
        assert_eq!(
            (
                revealed.outcomes.matches_date,
                revealed.outcomes.matches_friend
            ),
            (Some(1), Some(0))
        );
    }

    #[test]
    fn waits_and_service_times_are_the_median_and_the_90th_percentile() {
        let r = Records {
            tickets: (1..=10)
                .map(|i| Ticket {
                    reason: "advice".into(),
                    status: if i == 10 { "no_show" } else { "done" }.into(),
                    created_at: 0,
                    called_at: Some(i * 60_000),
                    started_at: (i < 10).then_some(i * 60_000),
                    ended_at: Some(i * 60_000 + 2 * 60_000),
                })
                .collect(),
            ..Records::default()
        };
        let rep = report(&r);
        assert_eq!(
            rep.desks.wait_minutes,
            Some(Quantiles {
                median: 5.5,
                p90: 9.0
            })
        );
        assert_eq!(
            rep.desks.service_minutes,
            Some(Quantiles {
                median: 2.0,
                p90: 2.0
            })
        );
        assert_eq!(rep.desks.by_reason["advice"], Some(10));
        assert_eq!(rep.desks.no_shows, 1);
    }
}
