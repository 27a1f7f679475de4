//! Escorts without a runtime: one volunteer gets a task however close two taps are,
//! a task nobody took is flagged after two minutes, a change of tables makes a task
//! for each escorted guest whose table changes (and none when it stays), and waits
//! for them by three minutes at most; whoever still waited then moved alone.

use super::clock::{ClockCmd, Phase};
use super::escort::*;
use super::rows::Outcome;
use super::tests::{T0, started};
use crate::core::participant::Escort;

const MIN: i64 = 60_000;

fn one_task() -> Escorts {
    let mut e = Escorts::default();
    let mut out = Outcome::default();
    e.make(
        "p1",
        Escort::Guide,
        Reason::Asked,
        None,
        Some(Place::Stage),
        None,
        None,
        T0,
        &mut out,
    );
    for v in ["v1", "v2"] {
        let on = EscortCmd::On {
            volunteer: v.into(),
        };
        e.apply(&on, Escort::None, Whereabouts { place: None }, T0, &mut out)
            .unwrap();
    }
    e
}

fn run(e: &mut Escorts, cmd: EscortCmd, now: i64) -> Result<(), super::refusal::Refusal> {
    e.apply(
        &cmd,
        Escort::Guide,
        Whereabouts { place: None },
        now,
        &mut Outcome::default(),
    )
}

#[test]
fn one_volunteer_gets_a_task_and_only_they_finish_it() {
    let mut e = one_task();
    let take = |v: &str| EscortCmd::Take {
        volunteer: v.into(),
        task: "e1".into(),
    };
    assert_eq!(run(&mut e, take("v3"), T0), Err(OFF_SHIFT));
    assert_eq!(run(&mut e, take("v1"), T0 + 1), Ok(()));
    assert_eq!(
        run(&mut e, take("v2"), T0 + 1),
        Err(TAKEN),
        "the second tap"
    );
    assert_eq!(
        run(&mut e, take("v1"), T0 + 2),
        Ok(()),
        "taking it again is no change"
    );
    let done = |v: &str| EscortCmd::Done {
        volunteer: v.into(),
        task: "e1".into(),
    };
    assert_eq!(run(&mut e, done("v2"), T0 + 3), Err(TAKEN));
    assert_eq!(
        run(
            &mut e,
            EscortCmd::Arrived {
                volunteer: "v1".into(),
                task: "e1".into()
            },
            T0 + 3
        ),
        Ok(())
    );
    assert_eq!(run(&mut e, done("v1"), T0 + 4), Ok(()));
    assert_eq!(e.tasks[0].state, TaskState::Done);
    assert_eq!(run(&mut e, done("v1"), T0 + 5), Err(UNKNOWN_TASK));
    assert_eq!(run(&mut e, take("v1"), T0 + 5), Err(UNKNOWN_TASK));
    // Going off shift hands a task under way back.
    let mut e = one_task();
    run(&mut e, take("v1"), T0).unwrap();
    run(
        &mut e,
        EscortCmd::Off {
            volunteer: "v1".into(),
        },
        T0 + 1,
    )
    .unwrap();
    assert_eq!(
        (e.tasks[0].state, e.tasks[0].volunteer.clone()),
        (TaskState::Open, None)
    );
}

#[test]
fn a_task_nobody_took_is_flagged_after_two_minutes_and_a_guest_may_decline_it() {
    let mut e = one_task();
    assert_eq!(e.next_deadline(), Some(T0 + FLAG_AFTER_MS));
    e.fire(T0 + FLAG_AFTER_MS - 1, &mut Outcome::default());
    assert!(!e.tasks[0].flagged);
    e.fire(T0 + FLAG_AFTER_MS, &mut Outcome::default());
    assert!(e.tasks[0].flagged);
    assert_eq!(e.next_deadline(), None);
    let cancel = |p: &str| EscortCmd::Cancel {
        participant: p.into(),
        task: "e1".into(),
    };
    assert_eq!(
        run(&mut e, cancel("p2"), T0),
        Err(UNKNOWN_TASK),
        "not theirs"
    );
    assert_eq!(run(&mut e, cancel("p1"), T0), Ok(()));
    assert_eq!(e.tasks[0].state, TaskState::Cancelled);
}

#[test]
fn a_change_of_tables_makes_a_task_for_each_escorted_mover_and_waits_three_minutes_at_most() {
    let (mut live, mut roster) = started(10);
    for i in 0..10 {
        roster.escorts.insert(format!("p{i}"), Escort::Guide);
    }
    // The end of round 1: the change of tables begins.
    live.tick(&roster, T0 + 8 * MIN);
    assert_eq!(live.clock.phase, Phase::Transition);
    let table = |live: &super::Live, p: &str, round: u32| {
        live.seating
            .dates(round)
            .iter()
            .find(|d| d.a == p || d.b == p)
            .map(|d| d.table.clone())
    };
    let mut movers = 0;
    for i in 0..10 {
        let p = format!("p{i}");
        let (now, next) = (table(&live, &p, 1), table(&live, &p, 2));
        let task = live
            .escorts
            .tasks
            .iter()
            .find(|t| t.participant == p && t.reason == Reason::Move);
        let moves = next.is_some() && next != now;
        assert_eq!(task.is_some(), moves, "{p}: {now:?} → {next:?}");
        if let Some(t) = task {
            movers += 1;
            assert_eq!(t.to, Some(Place::Table(next.unwrap())));
            assert_eq!(t.by, live.clock.ends_at);
        }
    }
    assert!(movers > 0, "someone changes tables");
    // Nobody takes them: the change of tables waits, 30 s at a time, 3 minutes at most.
    let end = live.clock.ends_at.unwrap();
    live.tick(&roster, end);
    assert_eq!(live.clock.phase, Phase::Transition);
    assert_eq!(live.clock.ends_at, Some(end + 30_000));
    live.tick(&roster, end + 3 * MIN);
    assert_eq!(live.clock.phase, Phase::Round, "at most three minutes");
    assert_eq!(live.clock.started_at, end + 3 * MIN);
    let alone = live.escorts.tasks.iter().filter(|t| t.alone).count();
    assert_eq!(alone, movers, "whoever waited moved alone");
}

#[test]
fn tasks_done_in_time_let_the_change_of_tables_end_on_time() {
    let (mut live, mut roster) = started(10);
    roster.escorts.insert("p0".into(), Escort::Push);
    roster.escorts.insert("p1".into(), Escort::Guide);
    roster.volunteers.insert("v1".into(), "志愿者 小李".into());
    live.apply(
        &EscortCmd::On {
            volunteer: "v1".into(),
        }
        .into(),
        &roster,
        T0,
    )
    .unwrap();
    live.tick(&roster, T0 + 8 * MIN);
    let ids: Vec<String> = live.escorts.tasks.iter().map(|t| t.id.clone()).collect();
    for id in &ids {
        for cmd in [
            EscortCmd::Take {
                volunteer: "v1".into(),
                task: id.clone(),
            },
            EscortCmd::Done {
                volunteer: "v1".into(),
                task: id.clone(),
            },
        ] {
            live.apply(&cmd.into(), &roster, T0 + 9 * MIN).unwrap();
        }
    }
    let end = live.clock.ends_at.unwrap();
    assert_eq!(end, T0 + 10 * MIN);
    live.tick(&roster, end);
    assert_eq!(live.clock.phase, Phase::Round, "no wait");
    assert_eq!(live.clock.started_at, end);
    assert!(live.escorts.tasks.iter().all(|t| !t.alone));
    // The evening's close sends both to the exit.
    live.apply(&ClockCmd::End.into(), &roster, end + MIN)
        .unwrap();
    let exits = live
        .escorts
        .tasks
        .iter()
        .filter(|t| t.reason == Reason::Exit)
        .count();
    assert_eq!(exits, 2);
}

#[test]
fn ids_are_never_given_twice_even_after_an_erasure() {
    let mut e = one_task();
    let mut out = Outcome::default();
    e.make(
        "p2",
        Escort::Push,
        Reason::Asked,
        None,
        None,
        None,
        None,
        T0,
        &mut out,
    );
    e.forget("p1");
    e.make(
        "p3",
        Escort::Push,
        Reason::Asked,
        None,
        None,
        None,
        None,
        T0,
        &mut out,
    );
    let ids: Vec<&str> = e.tasks.iter().map(|t| t.id.as_str()).collect();
    assert_eq!(ids, ["e2", "e3"]);
}

#[test]
fn a_guest_who_leaves_is_not_waited_for_and_a_desk_call_adds_a_task_of_its_own() {
    let (mut live, mut roster) = started(10);
    for i in 0..10 {
        roster.escorts.insert(format!("p{i}"), Escort::Guide);
    }
    live.tick(&roster, T0 + 8 * MIN);
    let movers: Vec<String> = live
        .escorts
        .tasks
        .iter()
        .map(|t| t.participant.clone())
        .collect();
    assert!(!movers.is_empty());
    // A desk call for a mover: a task of its own beside the move.
    let first = movers[0].clone();
    let join = super::desk::DeskCmd::Join {
        participant: first.clone(),
        reason: "help".into(),
        come_to_me: false,
        note: None,
        place: None,
        by_staff: true,
    };
    live.apply(&join.into(), &roster, T0 + 8 * MIN).unwrap();
    let next = super::desk::DeskCmd::Next { desk: "1".into() };
    live.apply(&next.into(), &roster, T0 + 8 * MIN).unwrap();
    let theirs: Vec<Reason> = live
        .escorts
        .tasks
        .iter()
        .filter(|t| t.participant == first)
        .map(|t| t.reason)
        .collect();
    assert_eq!(theirs, [Reason::Move, Reason::Desk]);
    // Everyone who moves leaves: their tasks end (a re-plan may move others,
    // whose moves a volunteer then does).
    for p in &movers {
        let gone = super::presence::PresenceCmd::Gone {
            participant: p.clone(),
        };
        live.apply(&gone.into(), &roster, T0 + 9 * MIN).unwrap();
    }
    assert!(
        live.escorts
            .tasks
            .iter()
            .filter(|t| movers.contains(&t.participant))
            .all(|t| !t.state.active())
    );
    live.apply(
        &EscortCmd::On {
            volunteer: "v1".into(),
        }
        .into(),
        &roster,
        T0 + 9 * MIN,
    )
    .unwrap();
    let left: Vec<String> = live
        .escorts
        .tasks
        .iter()
        .filter(|t| t.state.active())
        .map(|t| t.id.clone())
        .collect();
    for id in left {
        for cmd in [
            EscortCmd::Take {
                volunteer: "v1".into(),
                task: id.clone(),
            },
            EscortCmd::Done {
                volunteer: "v1".into(),
                task: id.clone(),
            },
        ] {
            live.apply(&cmd.into(), &roster, T0 + 9 * MIN).unwrap();
        }
    }
    let end = live.clock.ends_at.unwrap();
    live.tick(&roster, end);
    assert_eq!(
        live.clock.phase,
        Phase::Round,
        "no wait for guests who left"
    );
}

#[test]
fn a_change_of_tables_before_a_break_does_not_wait_the_break_does() {
    let (mut live, mut roster) = started(10);
    for i in 0..10 {
        roster.escorts.insert(format!("p{i}"), Escort::Push);
    }
    live.apply(
        &ClockCmd::InsertBreak { seconds: 300 }.into(),
        &roster,
        T0 + MIN,
    )
    .unwrap();
    live.tick(&roster, T0 + 8 * MIN);
    assert_eq!(live.clock.phase, Phase::Transition);
    assert!(!live.escorts.tasks.is_empty());
    let end = live.clock.ends_at.unwrap();
    live.tick(&roster, end);
    assert_eq!(live.clock.phase, Phase::Break, "straight into the break");
    let end = live.clock.ends_at.unwrap();
    live.tick(&roster, end);
    assert_eq!(
        live.clock.phase,
        Phase::Break,
        "the break's end waits for the moves"
    );
    assert_eq!(live.clock.ends_at, Some(end + 30_000));
}
