//! The phase machine, without a runtime: `now` is just a number.

use std::collections::HashMap;

use super::*;
use super::{chat, clock, hall, presence, refusal};
use crate::core::participant::{Mobility, Mode};
use crate::core::schedule::{PersonSpec, TableSpec};

const MIN: i64 = 60_000;

/// The old shape of the calls, to keep these tests short: `true` when the state
/// changed.
trait Run {
    fn run(&mut self, cmd: impl Into<Command>, roster: &Roster, now: i64) -> Result<bool, Refusal>;
    fn run_tick(&mut self, roster: &Roster, now: i64) -> bool;
}

impl Run for Live {
    fn run(&mut self, cmd: impl Into<Command>, roster: &Roster, now: i64) -> Result<bool, Refusal> {
        self.apply(&cmd.into(), roster, now).map(|o| o.changed())
    }

    fn run_tick(&mut self, roster: &Roster, now: i64) -> bool {
        self.tick(roster, now).changed()
    }
}
pub(super) const T0: i64 = 1_800_000_000_000;

fn person(i: usize, female: bool) -> PersonSpec {
    PersonSpec {
        id: format!("p{i}"),
        gender: if female { "female" } else { "male" }.into(),
        seeks: vec![if female { "male" } else { "female" }.into()],
        age: Some(30),
        partner_age: None,
        mobility: Mobility::None,
        communication: vec![Mode::Speech],
        quiet: false,
        avoid: Vec::new(),
        max_consecutive: None,
        available: None,
    }
}

/// Five women and five men, six tables.
fn roster() -> Roster {
    let people: Vec<PersonSpec> = (0..10).map(|i| person(i, i % 2 == 0)).collect();
    let public = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let public = Public {
                name: format!("Name {i}"),
                number: i as i64 + 1,
                communication: vec![Mode::Speech],
                notes: None,
            };
            (p.id.clone(), public)
        })
        .collect::<HashMap<_, _>>();
    let tables = (1..=6)
        .map(|t| TableSpec {
            id: t.to_string(),
            accessible: true,
            quiet: false,
        })
        .collect();
    Roster {
        event: EventInfo::default(),
        public,
        people,
        tables,
        interpreters: 0,
        credentials: Default::default(),
        staff: Default::default(),
        identity: Default::default(),
        escorts: Default::default(),
        volunteers: Default::default(),
        rooms: vec![RoomSpec {
            label: "A".into(),
            accessible: true,
        }],
        desks: vec!["1".into(), "2".into()],
        // Even-numbered guests have a contact and agreed at registration to share it.
        contacts: (0..10)
            .map(|i| {
                let contact = (i % 2 == 0).then(|| format!("微信 guest{i}"));
                (format!("p{i}"), (contact, i % 2 == 0))
            })
            .collect(),
    }
}

fn settings() -> Settings {
    Settings {
        rounds: 4,
        round_ms: 8 * MIN,
        transition_ms: 2 * MIN,
        break_after: None,
        break_ms: 10 * MIN,
    }
}

/// Ten people in the lobby, the first `present` checked in.
pub(super) fn evening(present: usize) -> (Live, Roster) {
    let roster = roster();
    let mut live = Live::new(settings(), 1, T0);
    for i in 0..present {
        let participant = format!("p{i}");
        live.run(
            PresenceCmd::CheckIn {
                participant,
                by: None,
            },
            &roster,
            T0,
        )
        .unwrap();
    }
    (live, roster)
}

pub(super) fn started(present: usize) -> (Live, Roster) {
    let (mut live, roster) = evening(present);
    live.run(ClockCmd::Start, &roster, T0).unwrap();
    (live, roster)
}

fn partner_of(live: &Live, roster: &Roster, id: &str) -> Option<(String, String)> {
    let a = live.assignment(roster, id)?;
    Some((a.table?, a.partner?.name))
}

#[test]
fn start_seats_the_checked_in_and_both_sides_of_a_date_agree() {
    let (live, roster) = started(8);
    assert_eq!(live.clock.phase, Phase::Round);
    assert_eq!(live.clock.ends_at, Some(T0 + 8 * MIN));
    let round1 = &live.seating.schedule.rounds[0];
    assert_eq!(round1.dates.len(), 4);
    for d in &round1.dates {
        let a = live.assignment(&roster, &d.a).unwrap();
        let b = live.assignment(&roster, &d.b).unwrap();
        assert_eq!(a.table, b.table);
        assert_eq!(a.partner.unwrap().name, roster.public[&d.b].name);
        assert_eq!(b.partner.unwrap().name, roster.public[&d.a].name);
    }
    // Not checked in: not seated.
    assert!(live.seating.schedule.rounds.iter().all(|r| {
        r.dates
            .iter()
            .all(|d| [&d.a, &d.b].iter().all(|x| *x != "p8" && *x != "p9"))
    }));
}

#[test]
fn deadlines_move_the_event_on_each_at_its_own_time_even_after_a_long_sleep() {
    let (mut live, roster) = started(10);
    assert!(!live.run_tick(&roster, T0 + 8 * MIN - 1));
    assert!(live.run_tick(&roster, T0 + 8 * MIN));
    assert_eq!(live.clock.phase, Phase::Transition);
    assert_eq!(live.clock.ends_at, Some(T0 + 10 * MIN));
    // Asleep for 13 minutes: round 2 began at 0:10 and ended at 0:18; the
    // transition ends at 0:20, as if the server had been running all along.
    live.run_tick(&roster, T0 + 23 * MIN);
    assert_eq!((live.clock.phase, live.clock.round), (Phase::Round, 3));
    assert_eq!(live.clock.started_at, T0 + 20 * MIN);
    assert_eq!(live.clock.ends_at, Some(T0 + 28 * MIN));
    live.run_tick(&roster, T0 + 60 * MIN);
    assert_eq!(live.clock.phase, Phase::Closed);
    assert_eq!(live.next_deadline(), None);
}

#[test]
fn pause_freezes_every_clock_and_resume_shifts_the_deadline() {
    let (mut live, roster) = started(10);
    live.run(ClockCmd::Pause, &roster, T0 + MIN).unwrap();
    assert!(
        !live.run_tick(&roster, T0 + 30 * MIN),
        "nothing moves while paused"
    );
    let v = live.phase_frame(T0 + 5 * MIN);
    assert!(v.paused);
    assert_eq!(v.remaining_ms, Some(7 * MIN));
    assert_eq!(v.ends_at, Some(T0 + 12 * MIN));
    live.run(ClockCmd::Resume, &roster, T0 + 5 * MIN).unwrap();
    assert_eq!(live.clock.ends_at, Some(T0 + 12 * MIN));
    assert_eq!(
        live.run(ClockCmd::Resume, &roster, T0 + 6 * MIN),
        Err(clock::NOT_PAUSED)
    );
}

#[test]
fn extend_and_skip_change_the_current_phase() {
    let (mut live, roster) = started(10);
    live.run(ClockCmd::Extend { seconds: 90 }, &roster, T0)
        .unwrap();
    assert_eq!(live.clock.ends_at, Some(T0 + 8 * MIN + 90_000));
    assert_eq!(
        live.run(ClockCmd::Extend { seconds: 0 }, &roster, T0),
        Err(clock::BAD_SECONDS)
    );
    live.run(ClockCmd::Skip, &roster, T0 + MIN).unwrap();
    assert_eq!(
        (live.clock.phase, live.clock.started_at),
        (Phase::Transition, T0 + MIN)
    );
}

#[test]
fn every_change_of_phase_is_logged_once_whether_a_deadline_or_the_host_made_it() {
    let (mut live, roster) = evening(10);
    let changes = |o: Outcome| {
        o.log
            .into_iter()
            .filter(|(k, _)| *k == "phase.changed")
            .map(|(_, d)| (d["phase"].as_str().unwrap().to_string(), d["round"].clone()))
            .collect::<Vec<_>>()
    };
    let at = |p: &str, r: i64| vec![(p.to_string(), serde_json::json!(r))];
    let start = live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    assert_eq!(changes(start), at("round", 1));
    let skip = live
        .apply(&ClockCmd::Skip.into(), &roster, T0 + MIN)
        .unwrap();
    assert_eq!(changes(skip), at("transition", 1));
    // A pause and an extension change no phase, and log none.
    let pause = live
        .apply(&ClockCmd::Pause.into(), &roster, T0 + MIN)
        .unwrap();
    assert!(changes(pause).is_empty());
    let resume = live
        .apply(&ClockCmd::Resume.into(), &roster, T0 + MIN)
        .unwrap();
    assert!(changes(resume).is_empty());
    let tick = live.tick(&roster, T0 + 3 * MIN);
    assert_eq!(changes(tick), at("round", 2));
    let end = live
        .apply(&ClockCmd::End.into(), &roster, T0 + 4 * MIN)
        .unwrap();
    assert_eq!(changes(end), at("closed", 2));
}

#[test]
fn a_planned_break_and_an_inserted_break_come_after_the_transition() {
    let roster = roster();
    let mut live = Live::new(
        Settings {
            break_after: Some(1),
            ..settings()
        },
        1,
        T0,
    );
    for i in 0..10 {
        live.run(
            PresenceCmd::CheckIn {
                by: None,
                participant: format!("p{i}"),
            },
            &roster,
            T0,
        )
        .unwrap();
    }
    live.run(ClockCmd::Start, &roster, T0).unwrap();
    live.run_tick(&roster, T0 + 10 * MIN);
    assert_eq!(
        (live.clock.phase, live.clock.ends_at),
        (Phase::Break, Some(T0 + 20 * MIN))
    );
    assert_eq!(live.phase_frame(T0).round, Some(2));
    live.run_tick(&roster, T0 + 20 * MIN);
    assert_eq!((live.clock.phase, live.clock.round), (Phase::Round, 2));
    live.run(
        ClockCmd::InsertBreak { seconds: 300 },
        &roster,
        T0 + 21 * MIN,
    )
    .unwrap();
    live.run_tick(&roster, T0 + 30 * MIN);
    assert_eq!(
        (live.clock.phase, live.clock.ends_at),
        (Phase::Break, Some(T0 + 35 * MIN))
    );
}

#[test]
fn a_late_arrival_is_seated_from_the_next_round() {
    let (mut live, roster) = started(8);
    live.run(
        PresenceCmd::CheckIn {
            by: None,
            participant: "p8".into(),
        },
        &roster,
        T0 + MIN,
    )
    .unwrap();
    assert!(
        live.assignment(&roster, "p8").unwrap().table.is_none(),
        "not in the round under way"
    );
    live.run_tick(&roster, T0 + 8 * MIN);
    let next = live.assignment(&roster, "p8").unwrap();
    assert_eq!(next.round, 2);
    assert!(next.table.is_some(), "seated in round 2");
}

#[test]
fn a_rest_request_gives_a_rest_round_next_and_is_then_spent() {
    let (mut live, roster) = started(10);
    live.run(
        PresenceCmd::Rest {
            participant: "p0".into(),
        },
        &roster,
        T0 + MIN,
    )
    .unwrap();
    live.run_tick(&roster, T0 + 8 * MIN);
    let rest = live.assignment(&roster, "p0").unwrap();
    assert_eq!((rest.round, rest.partner), (2, None));
    live.run_tick(&roster, T0 + 10 * MIN);
    assert!(live.presence.resting.is_empty());
    live.run_tick(&roster, T0 + 18 * MIN);
    assert!(
        live.assignment(&roster, "p0").unwrap().partner.is_some(),
        "seated again in round 3"
    );
}

#[test]
fn someone_gone_is_not_seated_again_and_the_announced_tables_stay() {
    let (mut live, roster) = started(10);
    live.run_tick(&roster, T0 + 8 * MIN);
    let before: Vec<_> = (0..10)
        .map(|i| partner_of(&live, &roster, &format!("p{i}")))
        .collect();
    live.run(
        PresenceCmd::Gone {
            participant: "p1".into(),
        },
        &roster,
        T0 + 9 * MIN,
    )
    .unwrap();
    assert!(live.assignment(&roster, "p1").unwrap().table.is_none());
    for (i, was) in before.iter().enumerate().skip(2) {
        let id = format!("p{i}");
        let with_p1 = was.as_ref().is_some_and(|(_, n)| n == "Name 1");
        if !with_p1 {
            assert_eq!(
                &partner_of(&live, &roster, &id),
                was,
                "{id} keeps the announced table"
            );
        }
    }
    for r in &live.seating.schedule.rounds[1..] {
        assert!(r.dates.iter().all(|d| d.a != "p1" && d.b != "p1"));
    }
}

#[test]
fn commands_at_the_wrong_time_are_refused_with_a_code() {
    let roster = roster();
    let mut live = Live::new(settings(), 1, T0);
    assert_eq!(
        live.run(ClockCmd::Pause, &roster, T0),
        Err(clock::NOT_STARTED)
    );
    assert_eq!(
        live.run(ClockCmd::Skip, &roster, T0),
        Err(clock::NOT_STARTED)
    );
    assert_eq!(
        live.run(
            PresenceCmd::CheckIn {
                by: None,
                participant: "nobody".into()
            },
            &roster,
            T0
        ),
        Err(refusal::UNKNOWN_PARTICIPANT)
    );
    assert_eq!(
        live.run(HallCmd::Announce { text: "  ".into() }, &roster, T0),
        Err(hall::EMPTY_TEXT)
    );
    live.run(ClockCmd::Start, &roster, T0).unwrap();
    assert_eq!(
        live.run(ClockCmd::Start, &roster, T0).unwrap_err().code(),
        "already_started"
    );
    live.run(ClockCmd::End, &roster, T0).unwrap();
    assert_eq!(
        live.run(ClockCmd::Extend { seconds: 30 }, &roster, T0),
        Err(clock::CLOSED)
    );
    assert_eq!(live.run(ClockCmd::End, &roster, T0), Err(clock::CLOSED));
}

#[test]
fn the_table_list_shows_numbers_and_names_only_when_allowed() {
    let (live, roster) = started(10);
    let rows = live.tables(&roster, false);
    assert_eq!(rows.len(), 5);
    assert!(rows.iter().all(|r| r.names.is_none() && r.numbers[0] > 0));
    assert!(live.tables(&roster, true).iter().all(|r| r.names.is_some()));
}

#[test]
fn the_state_survives_a_round_trip_through_json() {
    let (live, _) = started(10);
    let text = saved::to_json(&live);
    let back = saved::from_json(&text).unwrap();
    assert_eq!(back, live);
}

#[test]
fn a_guest_who_cancels_their_rest_request_before_the_transition_is_seated_next_round() {
    let (mut live, roster) = started(10);
    let rest = |p: &str| PresenceCmd::Rest {
        participant: p.into(),
    };
    let cancel = |p: &str| PresenceCmd::RestCancel {
        participant: p.into(),
    };
    live.run(rest("p0"), &roster, T0 + MIN).unwrap();
    assert_eq!(live.run(cancel("p0"), &roster, T0 + 2 * MIN), Ok(true));
    assert_eq!(
        live.run(cancel("p0"), &roster, T0 + 3 * MIN),
        Ok(false),
        "cancelling twice changes nothing"
    );
    live.run_tick(&roster, T0 + 8 * MIN);
    assert!(live.assignment(&roster, "p0").unwrap().partner.is_some());
    // Cancelled during the transition, the re-plan seats them again.
    live.run_tick(&roster, T0 + 10 * MIN);
    live.run(rest("p0"), &roster, T0 + 12 * MIN).unwrap();
    live.run_tick(&roster, T0 + 18 * MIN);
    assert!(live.assignment(&roster, "p0").unwrap().partner.is_none());
    live.run(cancel("p0"), &roster, T0 + 18 * MIN + 1000)
        .unwrap();
    let seat = live.assignment(&roster, "p0").unwrap();
    assert_eq!(seat.round, 3);
    assert!(seat.partner.is_some(), "seated again by the re-plan");
}

#[test]
fn a_negative_extension_shortens_the_phase_but_leaves_a_few_seconds() {
    let (mut live, roster) = started(4);
    let extend = |seconds| ClockCmd::Extend { seconds };
    live.run(extend(60), &roster, T0 + MIN).unwrap();
    assert_eq!(live.clock.ends_at, Some(T0 + 9 * MIN));
    live.run(extend(-60), &roster, T0 + MIN).unwrap();
    assert_eq!(
        live.clock.ends_at,
        Some(T0 + 8 * MIN),
        "the undo of an extension"
    );
    live.run(extend(-3600), &roster, T0 + 2 * MIN).unwrap();
    assert_eq!(live.clock.ends_at, Some(T0 + 2 * MIN + MIN_LEFT_MS));
    assert_eq!(live.run(extend(0), &roster, T0), Err(clock::BAD_SECONDS));
    assert_eq!(
        live.run(extend(-3601), &roster, T0),
        Err(clock::BAD_SECONDS)
    );
}

#[test]
fn a_guest_who_can_stay_only_two_rounds_is_not_seated_after_them() {
    let mut roster = roster();
    roster.people[0].available = Some([1, 2]);
    let mut live = Live::new(settings(), 1, T0);
    for i in 0..10 {
        let participant = format!("p{i}");
        live.run(
            PresenceCmd::CheckIn {
                by: None,
                participant,
            },
            &roster,
            T0,
        )
        .unwrap();
    }
    live.run(ClockCmd::Start, &roster, T0).unwrap();
    for r in &live.seating.schedule.rounds {
        let seated = r.dates.iter().any(|d| d.a == "p0" || d.b == "p0");
        assert!(!(seated && r.round > 2), "p0 seated in round {}", r.round);
    }
    // A re-plan at the first transition keeps the window too.
    live.run_tick(&roster, T0 + 8 * MIN);
    for r in live.seating.schedule.rounds.iter().filter(|r| r.round > 2) {
        assert!(r.dates.iter().all(|d| d.a != "p0" && d.b != "p0"));
    }
}

/// The current partner of `id` in the round under way.
fn partner_id(live: &Live, id: &str) -> String {
    let d = live.seating.dates(live.clock.round);
    let d = d.iter().find(|d| d.a == id || d.b == id).expect("seated");
    if d.a == id { d.b.clone() } else { d.a.clone() }
}

/// A woman (p0, p2, … p8) with a date in the round under way: with five women and
/// four men checked in, one woman rests each round, whichever the plan chose.
fn seated_woman(live: &Live) -> String {
    let d = live.seating.dates(live.clock.round);
    (0..10)
        .step_by(2)
        .map(|i| format!("p{i}"))
        .find(|id| d.iter().any(|d| &d.a == id || &d.b == id))
        .expect("a woman seated")
}

#[test]
fn a_pair_in_a_room_at_the_transition_sits_the_next_round_out_and_is_seated_after() {
    let (mut live, roster) = started(10);
    let b = partner_id(&live, "p0");
    live.run(
        ChatCmd::Invite {
            participant: "p0".into(),
        },
        &roster,
        T0 + MIN,
    )
    .unwrap();
    let request = live.chat.view(&b).request.unwrap();
    live.run(
        ChatCmd::Accept {
            participant: b.clone(),
            request,
        },
        &roster,
        T0 + 2 * MIN,
    )
    .unwrap();
    let stay = live.chat.view("p0");
    assert_eq!((stay.state, stay.room.as_deref()), ("room", Some("A")));
    // To the end of the next round: this round's end, the change, one more round.
    assert_eq!(stay.until, Some(T0 + 8 * MIN + 2 * MIN + 8 * MIN));
    live.run_tick(&roster, T0 + 8 * MIN);
    for p in ["p0", b.as_str()] {
        let seat = live.assignment(&roster, p).unwrap();
        assert_eq!((seat.round, seat.partner), (2, None), "{p} is in the room");
    }
    // The stay ends with round 2; round 3 seats them again.
    live.run_tick(&roster, T0 + 18 * MIN);
    assert_eq!(live.chat.view("p0").state, "none");
    assert_eq!(live.clock.phase, Phase::Transition);
    assert!(
        live.assignment(&roster, "p0").unwrap().partner.is_some(),
        "back for round 3"
    );
}

#[test]
fn leaving_the_room_between_rounds_gets_a_seat_in_the_coming_round() {
    // Five women and four men: a woman rests each round, free for a man back
    // from the room (his partner there, whom he has met, is not).
    let (mut live, roster) = started(9);
    let a = seated_woman(&live);
    let b = partner_id(&live, &a);
    live.run(
        ChatCmd::Invite {
            participant: a.clone(),
        },
        &roster,
        T0 + MIN,
    )
    .unwrap();
    let request = live.chat.view(&b).request.unwrap();
    live.run(
        ChatCmd::Accept {
            participant: b.clone(),
            request,
        },
        &roster,
        T0 + MIN,
    )
    .unwrap();
    live.run_tick(&roster, T0 + 8 * MIN);
    assert!(live.assignment(&roster, &b).unwrap().partner.is_none());
    live.run(
        ChatCmd::End {
            participant: a.clone(),
        },
        &roster,
        T0 + 9 * MIN,
    )
    .unwrap();
    assert!(
        live.assignment(&roster, &b).unwrap().partner.is_some(),
        "re-planned at once"
    );
}

#[test]
fn chat_deadlines_fire_in_time_order_with_the_clock_and_only_during_a_date_can_one_invite() {
    let (mut live, roster) = started(9);
    let a = seated_woman(&live);
    assert_eq!(
        live.run(
            ChatCmd::Invite {
                participant: "p9".into()
            },
            &roster,
            T0
        )
        .unwrap_err(),
        chat::NO_PARTNER,
        "not checked in: no date"
    );
    live.run(
        ChatCmd::Invite {
            participant: a.clone(),
        },
        &roster,
        T0 + 7 * MIN + 30_000,
    )
    .unwrap();
    assert_eq!(
        live.next_deadline(),
        Some(T0 + 8 * MIN),
        "the round ends before the invitation lapses"
    );
    live.run_tick(&roster, T0 + 8 * MIN);
    assert_eq!(live.chat.view(&a).state, "none", "lapsed with the round");
    assert_eq!(
        live.run(
            ChatCmd::Invite {
                participant: a.clone()
            },
            &roster,
            T0 + 9 * MIN
        )
        .unwrap_err(),
        chat::NOT_IN_ROUND
    );
}

#[test]
fn check_ins_and_departures_give_the_rows_and_log_entries_of_the_guests_record() {
    let roster = roster();
    let mut live = Live::new(settings(), 1, T0);
    let check_in = |p: &str| {
        Command::from(PresenceCmd::CheckIn {
            participant: p.into(),
            by: Some("desk".into()),
        })
    };
    let gone = |p: &str| {
        Command::from(PresenceCmd::Gone {
            participant: p.into(),
        })
    };
    let kinds = |o: &Outcome| o.log.iter().map(|(k, _)| *k).collect::<Vec<_>>();
    let first = live.apply(&check_in("p0"), &roster, T0).unwrap();
    assert_eq!(kinds(&first), ["participant.checked_in"]);
    assert_eq!(first.checked_in_at, Some(T0));
    assert!(
        matches!(&first.rows[..], [Row::Presence(PresenceRow::CheckedIn { at, by: Some(_), .. })] if *at == T0)
    );
    let again = live.apply(&check_in("p0"), &roster, T0 + MIN).unwrap();
    assert!(!again.changed(), "a second check-in changes nothing");
    assert_eq!(
        again.checked_in_at,
        Some(T0),
        "and answers with the first time"
    );
    let left = live.apply(&gone("p0"), &roster, T0 + 2 * MIN).unwrap();
    assert_eq!(kinds(&left), ["participant.left"]);
    assert!(
        matches!(&left.rows[..], [Row::Presence(PresenceRow::Left { at, .. })] if *at == T0 + 2 * MIN)
    );
    let back = live.apply(&check_in("p0"), &roster, T0 + 3 * MIN).unwrap();
    assert_eq!(kinds(&back), ["participant.returned"]);
    assert!(
        back.rows
            .iter()
            .any(|r| matches!(r, Row::Presence(PresenceRow::Returned { .. })))
    );
    assert_eq!(back.checked_in_at, Some(T0));
    // Marked gone before ever arriving: not seated, and no departure to record.
    let never = live.apply(&gone("p1"), &roster, T0).unwrap();
    assert_eq!(kinds(&never), ["participant.gone"]);
    assert!(never.rows.is_empty());
    let late = live.apply(&check_in("p1"), &roster, T0 + 5 * MIN).unwrap();
    assert_eq!(
        kinds(&late),
        ["participant.checked_in"],
        "a first arrival after all"
    );
    // Every entry names people by id only.
    for out in [&first, &left, &back, &never, &late] {
        for (_, data) in &out.log {
            assert_eq!(
                data.as_object().unwrap().keys().collect::<Vec<_>>(),
                ["participant_id"]
            );
        }
    }
}

#[test]
fn a_round_writes_its_dates_when_it_starts_and_its_end_when_it_ends() {
    let (mut live, roster) = evening(10);
    let begun = live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    let Some(Row::Round(RoundRow::Started {
        round: 1,
        started_at,
        ends_at,
        dates,
    })) = begun.rows.first()
    else {
        panic!("round 1's row: {:?}", begun.rows);
    };
    assert_eq!((*started_at, *ends_at, dates.len()), (T0, T0 + 8 * MIN, 5));
    let ended = live.tick(&roster, T0 + 8 * MIN);
    assert!(ended.rows.contains(&Row::Round(RoundRow::Ended {
        round: 1,
        at: T0 + 8 * MIN
    })));
    // The host ends the evening during the change of tables: round 1 keeps its end.
    let closed = live
        .apply(&ClockCmd::End.into(), &roster, T0 + 9 * MIN)
        .unwrap();
    assert!(closed.rows.is_empty(), "{:?}", closed.rows);
    // Ended during a round, that round ends then.
    let (mut live, roster) = started(10);
    let cut = live
        .apply(&ClockCmd::End.into(), &roster, T0 + 3 * MIN)
        .unwrap();
    assert_eq!(
        cut.rows,
        [Row::Round(RoundRow::Ended {
            round: 1,
            at: T0 + 3 * MIN
        })]
    );
}

#[test]
fn presence_changes_between_rounds_are_re_planned_once_settled() {
    let (mut live, roster) = started(8);
    live.run_tick(&roster, T0 + 8 * MIN);
    for p in ["p8", "p9"] {
        let cmd = PresenceCmd::CheckIn {
            participant: p.into(),
            by: None,
        };
        live.apply_deferred(&cmd.into(), &roster, T0 + 9 * MIN)
            .unwrap();
    }
    assert!(live.replan_due);
    assert!(
        live.assignment(&roster, "p8").unwrap().table.is_none(),
        "not yet"
    );
    live.settle(&roster);
    assert!(!live.replan_due);
    assert!(
        live.assignment(&roster, "p8").unwrap().table.is_some(),
        "seated by one re-plan"
    );
}

#[test]
fn a_guest_changes_their_rest_choice_at_most_four_times_a_minute_then_waits() {
    let (mut live, roster) = started(10);
    let rest = |p: &str| PresenceCmd::Rest {
        participant: p.into(),
    };
    let cancel = |p: &str| PresenceCmd::RestCancel {
        participant: p.into(),
    };
    let t = T0 + MIN;
    for i in 0..2 {
        assert_eq!(live.run(rest("p0"), &roster, t + i * 1000), Ok(true));
        assert_eq!(
            live.run(cancel("p0"), &roster, t + i * 1000 + 500),
            Ok(true)
        );
    }
    assert_eq!(
        live.run(rest("p0"), &roster, t + 5000),
        Err(presence::REST_TOO_OFTEN)
    );
    assert!(!live.presence.resting.contains("p0"), "nothing changed");
    // Someone else is not held back; a repeat that changes nothing is no change.
    assert_eq!(live.run(rest("p1"), &roster, t + 5000), Ok(true));
    assert_eq!(live.run(cancel("p0"), &roster, t + 5000), Ok(false));
    // A minute after the first change, one more is allowed.
    assert_eq!(live.run(rest("p0"), &roster, t + 60_000), Ok(true));
}
