//! Interest marks and matches: the kinds, locking at the reveal, unmarked dates,
//! marks only for dates had, the reveal's timing, consent, and re-planned rounds.

use std::collections::{BTreeMap, BTreeSet};

use super::Outcome;
use super::interest;
use super::interest::*;
use super::refusal::Refusal;

/// Who dated whom, by round; and whether the last date has ended.
#[derive(Default)]
struct Hall {
    dates: BTreeMap<u32, Vec<(&'static str, &'static str)>>,
    finished: bool,
}

impl Evening for Hall {
    fn partner_in(&self, person: &str, round: u32) -> Option<String> {
        self.dates.get(&round)?.iter().find_map(|(a, b)| {
            (*a == person)
                .then_some(*b)
                .or((*b == person).then_some(*a))
                .map(str::to_owned)
        })
    }

    fn finished(&self) -> bool {
        self.finished
    }

    fn registered_consent(&self, _: &str) -> bool {
        false
    }
}

fn hall() -> Hall {
    let mut h = Hall::default();
    h.dates.insert(1, vec![("a", "b"), ("c", "d")]);
    h.dates.insert(2, vec![("a", "d"), ("c", "b")]);
    h
}

fn mark(
    i: &mut Interest,
    h: &Hall,
    who: &str,
    round: u32,
    choice: &str,
) -> Result<Outcome, Refusal> {
    let mut out = Outcome::default();
    let cmd = InterestCmd::Mark {
        participant: who.into(),
        round,
        choice: choice.into(),
    };
    i.apply(&cmd, h, 10, &mut out)?;
    Ok(out)
}

fn reveal(i: &mut Interest, h: &Hall, at: Option<i64>, now: i64) -> Result<Outcome, Refusal> {
    let mut out = Outcome::default();
    i.apply(&InterestCmd::Reveal { at }, h, now, &mut out)?;
    Ok(out)
}

fn pairs() -> BTreeSet<(String, String)> {
    [("a", "b"), ("c", "d"), ("a", "d"), ("b", "c")]
        .iter()
        .map(|(x, y)| (x.to_string(), y.to_string()))
        .collect()
}

#[test]
fn both_yes_is_a_date_yes_and_friend_is_friends_and_any_no_is_nothing() {
    use Choice::*;
    assert_eq!(MatchKind::of(Yes, Yes), Some(MatchKind::Date));
    assert_eq!(MatchKind::of(Yes, Friend), Some(MatchKind::Friend));
    assert_eq!(MatchKind::of(Friend, Friend), Some(MatchKind::Friend));
    assert_eq!(MatchKind::of(Yes, No), None);
    assert_eq!(MatchKind::of(No, Friend), None);
}

#[test]
fn a_mark_is_a_row_only_never_logged_and_the_same_mark_again_changes_nothing() {
    let h = hall();
    let mut i = Interest::default();
    let out = mark(&mut i, &h, "a", 1, "yes").unwrap();
    assert!(out.log.is_empty(), "a mark is never logged: {:?}", out.log);
    assert!(
        out.changed() && !out.touches_state(),
        "saved as its row alone"
    );
    assert!(
        matches!(&out.rows[..], [super::Row::Interest(InterestRow::Mark { from, to, round: 1, choice: "yes", .. })] if from == "a" && to == "b")
    );
    let again = mark(&mut i, &h, "a", 1, "yes").unwrap();
    assert!(!again.changed() && again.rows.is_empty());
    // Changed until the reveal.
    mark(&mut i, &h, "a", 1, "friend").unwrap();
    assert_eq!(i.marks[&("a".to_owned(), 1)].choice, Choice::Friend);
}

#[test]
fn a_wrong_choice_is_refused_before_any_other_rule() {
    let mut h = hall();
    h.finished = true;
    let mut i = Interest::default();
    reveal(&mut i, &h, None, 5).unwrap();
    // Locked, and no date in round 9: the choice is still what is wrong first.
    assert_eq!(
        mark(&mut i, &h, "a", 9, "maybe").err(),
        Some(interest::BAD_CHOICE)
    );
    assert_eq!(
        mark(&mut i, &h, "a", 1, "yes").err(),
        Some(interest::LOCKED)
    );
}

#[test]
fn only_a_date_had_can_be_marked() {
    let h = hall();
    let mut i = Interest::default();
    assert_eq!(
        mark(&mut i, &h, "a", 3, "yes").err(),
        Some(interest::NO_DATE),
        "a round not reached"
    );
    assert_eq!(
        mark(&mut i, &h, "zed", 1, "yes").err(),
        Some(interest::NO_DATE),
        "no date that round"
    );
    assert!(i.marks.is_empty(), "nothing changed");
}

#[test]
fn the_reveal_waits_for_the_last_date_and_then_locks_every_mark() {
    let mut h = hall();
    let mut i = Interest::default();
    mark(&mut i, &h, "a", 1, "yes").unwrap();
    assert_eq!(
        reveal(&mut i, &h, None, 5).err(),
        Some(interest::NOT_FINISHED)
    );
    h.finished = true;
    // Marking goes on after the close, until the reveal.
    mark(&mut i, &h, "b", 1, "yes").unwrap();
    let out = reveal(&mut i, &h, None, 6).unwrap();
    assert_eq!(out.log.len(), 1);
    assert!(i.locked());
    assert_eq!(mark(&mut i, &h, "b", 1, "no").err(), Some(interest::LOCKED));
    assert_eq!(reveal(&mut i, &h, None, 7).err(), Some(interest::LOCKED));
    let consent = InterestCmd::Consent {
        participant: "a".into(),
        share: true,
    };
    assert_eq!(
        i.apply(&consent, &h, 8, &mut Outcome::default()).err(),
        Some(interest::LOCKED),
        "consent is locked with the marks"
    );
}

#[test]
fn a_timed_reveal_happens_at_its_moment() {
    let mut h = hall();
    h.finished = true;
    let mut i = Interest::default();
    reveal(&mut i, &h, Some(1_000), 5).unwrap();
    assert!(!i.locked());
    assert_eq!(i.next_deadline(), Some(1_000));
    let mut out = Outcome::default();
    i.fire(999, &mut out);
    assert!(!i.locked());
    i.fire(1_000, &mut out);
    assert!(i.locked() && i.next_deadline().is_none());
    assert_eq!(i.revealed_at, Some(1_000));
}

#[test]
fn matches_are_mutual_only_and_an_unmarked_date_counts_as_no() {
    let mut h = hall();
    let mut i = Interest::default();
    mark(&mut i, &h, "a", 1, "yes").unwrap();
    mark(&mut i, &h, "b", 1, "yes").unwrap();
    mark(&mut i, &h, "c", 1, "friend").unwrap();
    mark(&mut i, &h, "d", 1, "yes").unwrap();
    mark(&mut i, &h, "a", 2, "yes").unwrap();
    // d left round 2 unmarked; b said no to c, c yes to b.
    mark(&mut i, &h, "c", 2, "yes").unwrap();
    mark(&mut i, &h, "b", 2, "no").unwrap();
    let partners = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        i.matches_of("a", &partners(&["b", "d"])),
        None,
        "nothing before the reveal"
    );
    h.finished = true;
    reveal(&mut i, &h, None, 20).unwrap();
    assert_eq!(
        i.mutual(&pairs()),
        vec![
            ("a".into(), "b".into(), MatchKind::Date),
            ("c".into(), "d".into(), MatchKind::Friend),
        ]
    );
    assert_eq!(
        i.matches_of("a", &partners(&["b", "d"])),
        Some(vec![("b".into(), MatchKind::Date)])
    );
    assert_eq!(
        i.matches_of("c", &partners(&["b", "d"])),
        Some(vec![("d".into(), MatchKind::Friend)])
    );
    // c said yes to b, b said no: c sees no match with b, and nothing says why.
    assert!(
        !i.matches_of("c", &partners(&["b"]))
            .unwrap()
            .iter()
            .any(|(p, _)| p == "b")
    );
}

#[test]
fn a_guest_sees_their_own_choices_and_staff_see_counts_only() {
    let h = hall();
    let mut i = Interest::default();
    mark(&mut i, &h, "a", 1, "yes").unwrap();
    mark(&mut i, &h, "a", 2, "no").unwrap();
    mark(&mut i, &h, "b", 1, "friend").unwrap();
    let dates = |p: &[(u32, &str)]| {
        p.iter()
            .map(|(r, s)| (*r, s.to_string()))
            .collect::<Vec<_>>()
    };
    let own = i.own("b", &dates(&[(1, "a"), (2, "c")]));
    assert_eq!(own[0].choice, Some(Choice::Friend));
    assert_eq!(own[1].choice, None, "unmarked");
    let mut dated = BTreeMap::new();
    dated.insert("a".to_string(), dates(&[(1, "b"), (2, "d")]));
    dated.insert("b".to_string(), dates(&[(1, "a"), (2, "c")]));
    let r = i.results(&dated, &pairs());
    assert_eq!((r.marked, r.of, r.revealed, r.matches), (1, 2, false, None));
}

#[test]
fn a_mark_follows_the_date_as_it_was_held_not_a_re_plan() {
    // A round is marked once begun; if its seating were ever to change, a mark
    // for another partner is not shown as this date's.
    let mut h = hall();
    let mut i = Interest::default();
    mark(&mut i, &h, "a", 1, "yes").unwrap();
    h.dates.insert(1, vec![("a", "c"), ("b", "d")]);
    let own = i.own("a", &[(1, "c".to_string())]);
    assert_eq!(own[0].choice, None);
    // Marking again names the partner now seated.
    mark(&mut i, &h, "a", 1, "no").unwrap();
    assert_eq!(i.marks[&("a".to_owned(), 1)].partner, "c");
}

#[test]
fn consent_set_on_the_phone_overrides_registration_and_is_logged_without_interest() {
    let h = hall();
    let mut i = Interest::default();
    assert!(!i.shares("a", false));
    let mut out = Outcome::default();
    let cmd = InterestCmd::Consent {
        participant: "a".into(),
        share: true,
    };
    i.apply(&cmd, &h, 3, &mut out).unwrap();
    assert!(i.shares("a", false));
    assert_eq!(out.log[0].0, "consent.changed");
    assert!(matches!(
        &out.rows[..],
        [super::Row::Interest(InterestRow::Consent {
            share: true,
            ..
        })]
    ));
    let mut again = Outcome::default();
    i.apply(&cmd, &h, 4, &mut again).unwrap();
    assert!(!again.changed());
    // A roster read afresh has the latest word (a later paper form included): the
    // phone's setting no longer stands over it.
    i.roster_changed();
    assert!(!i.shares("a", false), "the roster now says no");
    assert!(i.shares("a", true));
}

/// A whole evening through [`super::Live`]: marks during and after dates, the
/// close, the reveal, and what each screen is then shown.
mod evening {
    use serde_json::Value;

    use super::super::tests::{T0, started};
    use super::super::*;

    const MIN: i64 = 60_000;

    fn shown(live: &Live, roster: &Roster, viewer: &Viewer, kind: Kind) -> Option<Value> {
        let board = live.board(roster, T0 + 60 * MIN);
        board
            .visible(viewer)
            .find_map(|(k, e)| (k == kind).then_some(e).flatten())
            .map(|e| serde_json::from_str(e.text()).unwrap())
    }

    fn mark(
        live: &mut Live,
        roster: &Roster,
        who: &str,
        round: u32,
        choice: &str,
        now: i64,
    ) -> Result<Outcome, Refusal> {
        let cmd = InterestCmd::Mark {
            participant: who.into(),
            round,
            choice: choice.into(),
        };
        live.apply(&cmd.into(), roster, now)
    }

    #[test]
    fn marks_during_and_after_the_evening_then_the_reveal_shows_mutual_matches_only() {
        let (mut live, roster) = started(10);
        let partner = |live: &Live, p: &str, r| live.partner_in(p, r).unwrap();
        // Round 1 under way: a guest may mark the date they are having.
        let (a, b) = ("p0".to_string(), partner(&live, "p0", 1));
        assert_eq!(
            mark(&mut live, &roster, &a, 2, "yes", T0 + MIN).err(),
            Some(interest::NO_DATE)
        );
        mark(&mut live, &roster, &a, 1, "yes", T0 + MIN).unwrap();
        // Through every round to the close (the last round goes straight to it).
        live.tick(&roster, T0 + 60 * MIN);
        assert_eq!(live.clock.phase, Phase::Closed);
        mark(&mut live, &roster, &b, 1, "yes", T0 + 61 * MIN).unwrap();
        // Someone a marked yes who said no: nothing of it is shown to anyone.
        let c = partner(&live, &a, 2);
        mark(&mut live, &roster, &a, 2, "yes", T0 + 61 * MIN).unwrap();
        mark(&mut live, &roster, &c, 2, "no", T0 + 61 * MIN).unwrap();

        let guest = |id: &str| Viewer::Participant { id: id.into() };
        let host = Viewer::Staff {
            id: "h".into(),
            role: Role::Host,
        };
        let mm = Viewer::Staff {
            id: "m".into(),
            role: Role::Matchmaker,
        };
        let own = shown(&live, &roster, &guest(&a), Kind::Marks).unwrap();
        assert_eq!(own["marks"][0]["choice"], "yes");
        assert_eq!(
            own["marks"][0]["partner"]["name"],
            roster.public[&b].name.as_str()
        );
        assert_eq!(own["locked"], false);
        assert!(
            shown(&live, &roster, &guest(&a), Kind::Matches).is_none(),
            "no matches before the reveal"
        );
        let results = shown(&live, &roster, &host, Kind::Results).unwrap();
        assert_eq!(results["revealed"], false);
        assert!(results["matches"].is_null());
        assert!(shown(&live, &roster, &mm, Kind::FollowUp).is_none());

        // The reveal: the host only, once closed.
        live.apply(
            &InterestCmd::Reveal { at: None }.into(),
            &roster,
            T0 + 62 * MIN,
        )
        .unwrap();
        let matches = shown(&live, &roster, &guest(&a), Kind::Matches).unwrap();
        let list = matches["matches"].as_array().unwrap();
        assert_eq!(list.len(), 1, "{matches}");
        assert_eq!(list[0]["kind"], "date");
        assert_eq!(list[0]["number"], roster.public[&b].number);
        // Contacts only where both agreed (even-numbered guests did, in this roster).
        let both = roster.contacts[&a].1 && roster.contacts[&b].1;
        assert_eq!(list[0]["contact"].is_string(), both, "{matches}");
        let of_c = shown(&live, &roster, &guest(&c), Kind::Matches).unwrap();
        assert!(
            of_c["matches"]
                .as_array()
                .unwrap()
                .iter()
                .all(|m| m["number"] != roster.public[&a].number)
        );
        let results = shown(&live, &roster, &host, Kind::Results).unwrap();
        assert_eq!(
            (results["revealed"].clone(), results["matches"].clone()),
            (Value::Bool(true), Value::from(1))
        );
        let follow = shown(&live, &roster, &mm, Kind::FollowUp).unwrap();
        assert_eq!(follow["matches"].as_array().unwrap().len(), 1);
        assert!(
            shown(&live, &roster, &host, Kind::FollowUp).is_none(),
            "the host gets counts only"
        );
        assert_eq!(
            mark(&mut live, &roster, &a, 2, "no", T0 + 63 * MIN).err(),
            Some(interest::LOCKED)
        );

        // One-sided interest: what c (who said no) and every staff screen is shown
        // says nothing of a's yes to c.
        let board = live.board(&roster, T0 + 64 * MIN);
        let a_number = roster.public[&a].number;
        for viewer in [
            guest(&c),
            host.clone(),
            mm.clone(),
            Viewer::Staff {
                id: "p".into(),
                role: Role::Projector,
            },
        ] {
            let text = board.snapshot(&viewer);
            let v: Value = serde_json::from_str(&text).unwrap();
            if let Some(m) = v.get("matches").filter(|m| !m.is_null()) {
                assert!(
                    m["matches"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|m| m["number"] != a_number)
                );
            }
            if let Some(f) = v.get("follow_up").filter(|f| !f.is_null()) {
                // The mutual match of a and b, and nothing else.
                let b_number = roster.public[&b].number;
                for m in f["matches"].as_array().unwrap() {
                    let mut pair = [m["a"]["number"].as_i64(), m["b"]["number"].as_i64()];
                    pair.sort();
                    let mut want = [Some(a_number), Some(b_number)];
                    want.sort();
                    assert_eq!(pair, want, "{f}");
                }
            }
            if let Some(marks) = v.get("marks").filter(|m| !m.is_null()) {
                // c's own marks are c's: c's "no" only.
                assert!(
                    marks["marks"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .all(|m| m["choice"] != "yes")
                );
            }
        }
    }

    #[test]
    fn only_the_host_reveals_and_only_once_the_evening_is_closed() {
        let (mut live, roster) = started(10);
        let reveal = InterestCmd::Reveal { at: None };
        assert_eq!(
            live.apply(&reveal.clone().into(), &roster, T0 + MIN).err(),
            Some(interest::NOT_FINISHED)
        );
        live.apply(&ClockCmd::End.into(), &roster, T0 + 2 * MIN)
            .unwrap();
        // Ended early: round 1 was a date, and can still be marked.
        let b = live.partner_in("p0", 1).unwrap();
        mark(&mut live, &roster, "p0", 1, "friend", T0 + 3 * MIN).unwrap();
        mark(&mut live, &roster, &b, 1, "yes", T0 + 3 * MIN).unwrap();
        live.apply(&reveal.into(), &roster, T0 + 4 * MIN).unwrap();
        let m = shown(
            &live,
            &roster,
            &Viewer::Participant { id: b.clone() },
            Kind::Matches,
        )
        .unwrap();
        assert_eq!(m["matches"][0]["kind"], "friend");
    }
}
