//! The board: what each viewer sees, and that a connection joining late sees
//! exactly what one that was there all along sees.

use std::collections::BTreeMap;

use serde_json::Value;

use super::frames::*;
use super::tests::{T0, evening};
use super::*;

const MIN: i64 = 60_000;

fn viewers() -> Vec<Viewer> {
    vec![
        Viewer::Participant { id: "p0".into() },
        Viewer::Participant { id: "p3".into() },
        Viewer::Participant { id: "p9".into() },
        Viewer::Staff {
            id: "h".into(),
            role: Role::Host,
        },
        Viewer::Staff {
            id: "m".into(),
            role: Role::Matchmaker,
        },
        Viewer::Staff {
            id: "pr".into(),
            role: Role::Projector,
        },
        Viewer::Staff {
            id: "c".into(),
            role: Role::Captioner,
        },
        Viewer::Staff {
            id: "v".into(),
            role: Role::Volunteer,
        },
    ]
}

/// A frame without its `at`, which says when it was sent, not what.
fn content(text: &str) -> Value {
    let mut v: Value = serde_json::from_str(text).unwrap();
    v.as_object_mut().unwrap().remove("at");
    v
}

fn snapshot(board: &Board, viewer: &Viewer) -> BTreeMap<String, Value> {
    let state: Value = serde_json::from_str(&board.snapshot(viewer)).unwrap();
    state
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| {
            let mut v = v.clone();
            if let Some(o) = v.as_object_mut() {
                o.remove("at");
            }
            (k.clone(), v)
        })
        .collect()
}

#[test]
fn a_viewer_that_joins_late_sees_what_one_there_all_along_sees() {
    let (mut live, roster) = evening(8);
    let mut boards = vec![live.board(&roster, T0)];
    let mut t = T0;
    let step = |live: &mut Live, cmd: Option<Command>, at: i64| {
        match cmd {
            Some(c) => {
                let _ = live.apply(&c, &roster, at);
            }
            None => {
                live.tick(&roster, at);
            }
        }
        live.board(&roster, at)
    };
    let script: Vec<(i64, Option<Command>)> = vec![
        (0, Some(ClockCmd::Start.into())),
        (MIN, Some(HallCmd::Announce { text: "Tea".into() }.into())),
        (
            0,
            Some(
                ChatCmd::Invite {
                    participant: "p0".into(),
                }
                .into(),
            ),
        ),
        (
            MIN,
            Some(
                PresenceCmd::Rest {
                    participant: "p0".into(),
                }
                .into(),
            ),
        ),
        (
            MIN,
            Some(
                PresenceCmd::CheckIn {
                    participant: "p9".into(),
                    by: None,
                }
                .into(),
            ),
        ),
        (MIN, Some(ClockCmd::Pause.into())),
        // Something else changes while paused, a minute on: the phase frame's
        // `ends_at` has moved meanwhile, for the old hand as for the late joiner.
        (
            MIN,
            Some(
                HallCmd::Announce {
                    text: "Back soon".into(),
                }
                .into(),
            ),
        ),
        (MIN, Some(ClockCmd::Extend { seconds: 60 }.into())),
        (MIN, Some(ClockCmd::Resume.into())),
        (6 * MIN, None),
        (
            MIN,
            Some(
                PresenceCmd::Gone {
                    participant: "p3".into(),
                }
                .into(),
            ),
        ),
        (2 * MIN, None),
        (
            MIN,
            Some(
                PresenceCmd::RestCancel {
                    participant: "p0".into(),
                }
                .into(),
            ),
        ),
        (30 * MIN, None),
        (60 * MIN, None),
    ];
    for (dt, cmd) in script {
        t += dt;
        boards.push(step(&mut live, cmd, t));
    }
    for viewer in viewers() {
        // There all along: the first snapshot, then every change as it came.
        let mut seen = snapshot(&boards[0], &viewer);
        for pair in boards.windows(2) {
            for frame in pair[1].changes(&viewer, &pair[0]) {
                let v = content(frame.text());
                let kind = v["type"].as_str().unwrap().to_string();
                assert!(
                    seen.contains_key(&kind),
                    "{viewer:?} got {kind}, which its snapshot lacks"
                );
                seen.insert(kind, v);
            }
            // Joining now: the snapshot of this state.
            let late = snapshot(&pair[1], &viewer);
            assert_eq!(seen, late, "{viewer:?}: late joiner and old hand differ");
        }
    }
}

#[test]
fn each_role_sees_only_its_own_frames() {
    let (mut live, mut roster) = evening(8);
    roster.volunteers.insert("v".into(), "志愿者 小李".into());
    live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    let board = live.board(&roster, T0);
    let kinds =
        |v: &Viewer| -> Vec<&'static str> { board.visible(v).map(|(k, _)| k.as_str()).collect() };
    let [p0, _, _, host, matchmaker, projector, captioner, volunteer] =
        <[Viewer; 8]>::try_from(viewers()).unwrap();
    assert_eq!(
        kinds(&p0),
        [
            "event",
            "phase",
            "programme",
            "captions",
            "announce",
            "spotlight",
            "me",
            "identity",
            "assignment",
            "chat",
            "ticket",
            "marks",
            "poll",
            "intro",
            "escort"
        ]
    );
    // The captioner's page shows the stage alone.
    assert_eq!(
        kinds(&captioner),
        ["programme", "captions", "spotlight", "poll"]
    );
    assert_eq!(
        kinds(&host),
        [
            "event",
            "phase",
            "programme",
            "captions",
            "announce",
            "tables",
            "counts",
            "people",
            "rooms",
            "desks",
            "results",
            "spotlight",
            "poll",
            "intros",
            "escorts"
        ]
    );
    let mut without_intros = kinds(&host);
    without_intros.retain(|k| *k != "intros" && *k != "escorts");
    assert_eq!(kinds(&matchmaker), without_intros);
    // A volunteer: the hall's clock and words, the stage, and the escort tasks.
    assert_eq!(
        kinds(&volunteer),
        [
            "event",
            "phase",
            "programme",
            "captions",
            "announce",
            "spotlight",
            "poll",
            "escorts"
        ]
    );
    assert_eq!(
        kinds(&projector),
        [
            "event",
            "phase",
            "programme",
            "captions",
            "announce",
            "tables",
            "rooms",
            "calls",
            "spotlight",
            "poll"
        ]
    );
    // The projector sees rooms as free or in use, nothing more.
    let rooms = &snapshot(&board, &projector)["rooms"];
    assert_eq!(
        rooms["rooms"][0],
        serde_json::json!({"room": "A", "in_use": false})
    );
    assert!(rooms.get("queue").is_none());
    // A guest sees their own assignment and no one else's.
    let mine = snapshot(&board, &p0);
    let me = &roster.public["p0"];
    assert_eq!(mine["me"]["name"], me.name.as_str());
    let text = board.snapshot(&p0);
    for other in roster.public.values().filter(|p| p.number != me.number) {
        let partner = mine["assignment"]["partner"]["name"].as_str();
        if partner != Some(other.name.as_str()) {
            assert!(!text.contains(&other.name), "{} leaks to p0", other.name);
        }
    }
    // The projector gets numbers, not names (the event does not allow names).
    let shown = board.snapshot(&projector);
    assert!(roster.public.values().all(|p| !shown.contains(&p.name)));
    assert!(snapshot(&board, &projector)["tables"]["tables"][0]["numbers"].is_array());
}

#[test]
fn a_frame_replaced_for_one_audience_reaches_that_audience_alone_with_its_time() {
    let (mut live, roster) = evening(8);
    live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    let old = live.board(&roster, T0);
    let at = T0 + 5;
    let mut new = old.clone();
    let marks = Frame::Marks(MarksFrame {
        marks: vec![],
        locked: true,
        share_contact: false,
        has_contact: false,
    });
    new.replace(
        Audience::Participant("p0".into()),
        Kind::Marks,
        Some(&marks),
        at,
    );
    let results = Frame::Results(ResultsFrame {
        marked: 7,
        of: 8,
        revealed: false,
        matches: None,
        reveal_at: None,
    });
    new.replace(Audience::Desk, Kind::Results, Some(&results), at);
    for viewer in viewers() {
        let got: Vec<Value> = new
            .changes(&viewer, &old)
            .iter()
            .map(|f| serde_json::from_str(f.text()).unwrap())
            .collect();
        let expected: &[&str] = match (&viewer, viewer.participant()) {
            (_, Some("p0")) => &["marks"],
            (Viewer::Staff { role, .. }, _) if role.is_desk() => &["results"],
            _ => &[],
        };
        let kinds: Vec<&str> = got.iter().map(|v| v["type"].as_str().unwrap()).collect();
        assert_eq!(kinds, expected, "{viewer:?}");
        for v in &got {
            assert_eq!(v["at"], at, "{viewer:?}: {v}");
        }
        // Nothing more the second time: the frame is the same.
        assert!(new.changes(&viewer, &new.clone()).is_empty(), "{viewer:?}");
    }
}

#[test]
fn when_only_the_clock_s_times_change_the_last_board_with_a_new_phase_frame_is_the_new_board() {
    let (mut live, roster) = evening(10);
    live.apply(&ClockCmd::Start.into(), &roster, T0).unwrap();
    // A guest waiting at a desk: their ticket counts down to the end of their
    // date, which the clock's changes move.
    let join = DeskCmd::Join {
        participant: "p0".into(),
        reason: "advice".into(),
        come_to_me: false,
        note: None,
        place: None,
        by_staff: false,
    };
    live.apply(&join.into(), &roster, T0).unwrap();
    let mut at = T0;
    for cmd in [
        ClockCmd::Extend { seconds: 90 },
        ClockCmd::Pause,
        ClockCmd::Resume,
        ClockCmd::Extend { seconds: -30 },
    ] {
        let before = live.clone();
        let last = before.board(&roster, at);
        at += MIN;
        live.apply(&cmd.clone().into(), &roster, at).unwrap();
        assert!(live.only_times_differ(&before), "{cmd:?}");
        let whole = live.board(&roster, at);
        let quick = live.board_after_times(&last, &roster, at);
        // Without the desks' frames it would not be after an extension: the
        // ticket's wait would be stale.
        if cmd == (ClockCmd::Extend { seconds: 90 }) {
            let phase = Frame::Phase(live.phase_frame(at));
            let mut phase_only = last.clone();
            phase_only.replace(Audience::Everyone, Kind::Phase, Some(&phase), at);
            let p0 = Viewer::Participant { id: "p0".into() };
            assert_ne!(snapshot(&whole, &p0), snapshot(&phase_only, &p0));
        }
        for v in viewers() {
            assert_eq!(snapshot(&whole, &v), snapshot(&quick, &v), "{cmd:?} {v:?}");
        }
    }
    // A change of phase, or of anything else, is not a change of times alone.
    let before = live.clone();
    live.apply(&ClockCmd::Skip.into(), &roster, at + MIN)
        .unwrap();
    assert!(!live.only_times_differ(&before));
    let before = live.clone();
    let gone = PresenceCmd::Gone {
        participant: "p1".into(),
    };
    live.apply(&gone.into(), &roster, at + 2 * MIN).unwrap();
    assert!(!live.only_times_differ(&before));
}
