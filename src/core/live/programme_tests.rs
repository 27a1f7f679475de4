//! The programme's rules: a programme checked whole, segments kept by id with their
//! times, the dates tied to the clock (started from the lobby, resumed from a break
//! another segment paused, never interrupted by another), the evening going on
//! after the rounds until `closing` or `event.end`, and the event's status.

use super::clock::ClockCmd;
use super::programme::{
    BAD_PROGRAMME, DATES_OVER, DATES_RUNNING, MAX_TITLE, Programme, SegmentInput, SegmentKind,
    UNKNOWN_SEGMENT,
};
use super::tests::{T0, evening};
use super::{Live, Outcome, Phase, ProgrammeCmd, Refusal, Roster, clock, interest};

const MIN: i64 = 60_000;

fn seg(kind: SegmentKind, title: &str) -> SegmentInput {
    SegmentInput {
        id: None,
        kind,
        title: title.into(),
        minutes: 10,
    }
}

/// Opening, dates, talent, the reveal, closing.
fn full() -> Vec<SegmentInput> {
    vec![
        seg(SegmentKind::Opening, "开场"),
        seg(SegmentKind::Dates, "八分钟约会"),
        seg(SegmentKind::Talent, "才艺展示"),
        seg(SegmentKind::Reveal, "牵手"),
        seg(SegmentKind::Closing, "结束"),
    ]
}

fn start(live: &mut Live, roster: &Roster, id: &str, now: i64) -> Result<Outcome, Refusal> {
    live.apply(
        &ProgrammeCmd::Start { segment: id.into() }.into(),
        roster,
        now,
    )
}

fn id_of(live: &Live, kind: SegmentKind) -> String {
    live.programme
        .segments
        .iter()
        .find(|s| s.kind == kind)
        .unwrap()
        .id
        .clone()
}

#[test]
fn a_programme_is_checked_whole_and_kept_by_id_with_its_times() {
    let mut p = Programme::default();
    assert_eq!(
        p.set(&[seg(SegmentKind::Opening, "开场")]),
        Err(BAD_PROGRAMME),
        "no dates"
    );
    let two = [seg(SegmentKind::Dates, "a"), seg(SegmentKind::Dates, "b")];
    assert_eq!(p.set(&two), Err(BAD_PROGRAMME), "two dates");
    let long = [seg(SegmentKind::Dates, &"字".repeat(MAX_TITLE + 1))];
    assert_eq!(p.set(&long), Err(Refusal::TooLong(MAX_TITLE)));
    let mut zero = seg(SegmentKind::Dates, "a");
    zero.minutes = 0;
    assert_eq!(p.set(&[zero]), Err(BAD_PROGRAMME));
    let mut ghost = seg(SegmentKind::Dates, "a");
    ghost.id = Some("nope".into());
    assert_eq!(p.set(&[ghost]), Err(UNKNOWN_SEGMENT));
    assert_eq!(p, Programme::default(), "a refusal changes nothing");

    p.set(&full()).unwrap();
    let ids: Vec<&str> = p.segments.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["s1", "s2", "s3", "s4", "s5"]);
    p.begin("s1", T0).unwrap();
    // Sent again in another order with one new segment: ids and times kept.
    let mut again: Vec<SegmentInput> = p
        .segments
        .iter()
        .map(|s| SegmentInput {
            id: Some(s.id.clone()),
            kind: s.kind,
            title: s.title.clone(),
            minutes: s.minutes,
        })
        .collect();
    again.insert(2, seg(SegmentKind::Game, "击鼓传娃娃"));
    p.set(&again).unwrap();
    assert_eq!(p.segments[2].id, "s6");
    assert_eq!(p.segment("s1").unwrap().started_at, Some(T0));
    // The segment under way cannot be dropped.
    assert_eq!(p.set(&again[1..]), Err(BAD_PROGRAMME));
}

#[test]
fn the_evening_runs_its_programme_around_the_dates_and_closes_with_closing() {
    let (mut live, roster) = evening(10);
    live.apply(&ProgrammeCmd::Set { segments: full() }.into(), &roster, T0)
        .unwrap();
    assert_eq!(live.status(), "scheduled");
    let (opening, dates, talent, reveal, closing) = (
        id_of(&live, SegmentKind::Opening),
        id_of(&live, SegmentKind::Dates),
        id_of(&live, SegmentKind::Talent),
        id_of(&live, SegmentKind::Reveal),
        id_of(&live, SegmentKind::Closing),
    );
    // The opening makes the event live; the clock stays in the lobby.
    start(&mut live, &roster, &opening, T0).unwrap();
    assert_eq!((live.status(), live.clock.phase), ("live", Phase::Lobby));
    // The reveal waits for the dates to end.
    assert_eq!(
        start(&mut live, &roster, &reveal, T0).err(),
        Some(interest::NOT_FINISHED)
    );
    // The dates segment starts the evening.
    start(&mut live, &roster, &dates, T0 + MIN).unwrap();
    assert_eq!(live.clock.phase, Phase::Round);
    assert_eq!(live.programme.current.as_deref(), Some(dates.as_str()));
    assert_eq!(
        live.programme.segment(&opening).unwrap().ended_at,
        Some(T0 + MIN)
    );
    // Nothing else starts during a round or a change of tables.
    assert_eq!(
        start(&mut live, &roster, &talent, T0 + 2 * MIN).err(),
        Some(DATES_RUNNING)
    );
    live.tick(&roster, T0 + 9 * MIN);
    assert_eq!(live.clock.phase, Phase::Transition);
    assert_eq!(
        start(&mut live, &roster, &talent, T0 + 9 * MIN).err(),
        Some(DATES_RUNNING)
    );
    // A break: talent pauses it, the dates resume it with the break's time kept.
    live.apply(
        &ClockCmd::InsertBreak { seconds: 600 }.into(),
        &roster,
        T0 + 9 * MIN,
    )
    .unwrap();
    live.tick(&roster, T0 + 11 * MIN);
    assert_eq!(live.clock.phase, Phase::Break);
    let ends = live.clock.ends_at.unwrap();
    start(&mut live, &roster, &talent, T0 + 12 * MIN).unwrap();
    assert!(
        live.clock.paused_at.is_some(),
        "the break waits for the talent"
    );
    start(&mut live, &roster, &dates, T0 + 20 * MIN).unwrap();
    assert!(live.clock.paused_at.is_none());
    assert_eq!(
        live.clock.ends_at,
        Some(ends + 8 * MIN),
        "the break's time kept"
    );
    // The rounds end; the evening goes on.
    live.tick(&roster, T0 + 300 * MIN);
    assert_eq!(live.clock.phase, Phase::Closed);
    assert_eq!(live.status(), "live");
    assert_eq!(
        start(&mut live, &roster, &dates, T0 + 301 * MIN).err(),
        Some(DATES_OVER)
    );
    start(&mut live, &roster, &reveal, T0 + 302 * MIN).unwrap();
    assert!(
        live.interest.revealed_at.is_some(),
        "the reveal segment reveals"
    );
    start(&mut live, &roster, &closing, T0 + 310 * MIN).unwrap();
    assert_eq!(live.status(), "closed");
    assert_eq!(live.programme.closed_at, Some(T0 + 310 * MIN));
    assert_eq!(
        start(&mut live, &roster, &talent, T0 + 311 * MIN).err(),
        Some(clock::CLOSED)
    );
}

#[test]
fn an_evening_with_nothing_after_the_dates_closes_with_the_rounds_and_end_closes_one_that_goes_on()
{
    let (mut live, roster) = evening(10);
    let dates_only = vec![
        seg(SegmentKind::Opening, "开场"),
        seg(SegmentKind::Dates, "约会"),
    ];
    live.apply(
        &ProgrammeCmd::Set {
            segments: dates_only,
        }
        .into(),
        &roster,
        T0,
    )
    .unwrap();
    live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    live.tick(&roster, T0 + 300 * MIN);
    assert_eq!(live.status(), "closed");

    let (mut live, roster) = evening(10);
    live.apply(&ProgrammeCmd::Set { segments: full() }.into(), &roster, T0)
        .unwrap();
    live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    // event.end during the dates ends the dates; the programme goes on.
    live.apply(&ClockCmd::End.into(), &roster, T0 + MIN)
        .unwrap();
    assert_eq!((live.clock.phase, live.status()), (Phase::Closed, "live"));
    // After the dates it ends the evening.
    live.apply(&ClockCmd::End.into(), &roster, T0 + 2 * MIN)
        .unwrap();
    assert_eq!(live.status(), "closed");
    assert_eq!(
        live.apply(&ClockCmd::End.into(), &roster, T0 + 3 * MIN)
            .err(),
        Some(clock::CLOSED)
    );
    // No programme at all: as before.
    let (mut live, roster) = evening(10);
    live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    live.apply(&ClockCmd::End.into(), &roster, T0 + MIN)
        .unwrap();
    assert_eq!(live.status(), "closed");
}
