//! The stage slice's rules: consent before the spotlight, consent withdrawn ends
//! it, one open poll, answers changed freely until the close, counts withheld
//! under five, nothing of an answer in the log.

use super::refusal::{Refusal, UNKNOWN_PARTICIPANT};
use super::stage::*;

fn intro(p: &str, text: &str, on_stage: bool) -> StageCmd {
    StageCmd::Intro {
        participant: p.into(),
        text: text.into(),
        on_stage,
    }
}

fn spot(p: Option<&str>) -> StageCmd {
    StageCmd::Spotlight {
        participant: p.map(str::to_owned),
    }
}

fn answer(p: &str, poll: &str, option: i64) -> StageCmd {
    StageCmd::Answer {
        participant: p.into(),
        poll: poll.into(),
        option,
    }
}

const KNOWN: fn(&str) -> bool = |p| p.starts_with('p');

#[test]
fn only_a_guest_who_consented_goes_on_stage_and_withdrawing_ends_it_at_once() {
    let mut s = Stage::default();
    assert_eq!(
        s.apply(&spot(Some("x9")), KNOWN, 1).unwrap_err(),
        UNKNOWN_PARTICIPANT
    );
    assert_eq!(
        s.apply(&spot(Some("p1")), KNOWN, 1).unwrap_err(),
        NOT_ON_STAGE
    );
    s.apply(&intro("p1", "我喜欢唱歌", false), KNOWN, 2)
        .unwrap();
    assert_eq!(
        s.apply(&spot(Some("p1")), KNOWN, 3).unwrap_err(),
        NOT_ON_STAGE
    );
    let (log, _) = s
        .apply(&intro("p1", "  我喜欢唱歌。  ", true), KNOWN, 4)
        .unwrap();
    assert_eq!(s.intros["p1"].text, "我喜欢唱歌。");
    assert!(
        !log.1.to_string().contains("唱歌"),
        "the log holds no introduction"
    );
    let (_, happened) = s.apply(&spot(Some("p1")), KNOWN, 5).unwrap();
    assert_eq!(happened, Happened::Spotlight(Some("p1".into())));
    assert_eq!(s.spotlight.as_ref().unwrap().participant, "p1");
    let (_, happened) = s
        .apply(&intro("p1", "我喜欢唱歌。", false), KNOWN, 6)
        .unwrap();
    assert_eq!(happened, Happened::Spotlight(None));
    assert!(
        s.spotlight.is_none(),
        "consent withdrawn ends the spotlight"
    );
    assert_eq!(s.spotlights, 1);
    let long = "字".repeat(MAX_INTRO + 1);
    assert_eq!(
        s.apply(&intro("p1", &long, true), KNOWN, 7).unwrap_err(),
        Refusal::TooLong(MAX_INTRO)
    );
    assert!(matches!(
        s.apply(&intro("p1", "a\u{202e}b", true), KNOWN, 7),
        Err(Refusal::BadText(_))
    ));
    assert_eq!(
        s.intros["p1"].text, "我喜欢唱歌。",
        "a refused text changes nothing"
    );
}

#[test]
fn a_poll_takes_changed_answers_until_closed_and_counts_only_five_or_more() {
    let mut s = Stage::default();
    let open = |q: &str, o: &[&str]| StageCmd::Open {
        question: q.into(),
        options: o.iter().map(|x| x.to_string()).collect(),
    };
    assert_eq!(
        s.apply(&open("最佳才艺？", &["唱歌"]), KNOWN, 1)
            .unwrap_err(),
        BAD_POLL
    );
    assert_eq!(
        s.apply(&open(" ", &["a", "b"]), KNOWN, 1).unwrap_err(),
        BAD_POLL
    );
    assert_eq!(
        s.apply(&open("q", &["a", " "]), KNOWN, 1).unwrap_err(),
        BAD_POLL
    );
    assert_eq!(
        s.apply(&open("q", &["a", &"b".repeat(MAX_OPTION + 1)]), KNOWN, 1)
            .unwrap_err(),
        Refusal::TooLong(MAX_OPTION)
    );
    s.apply(&open("最佳才艺？", &["唱歌", "手语舞", "朗诵"]), KNOWN, 1)
        .unwrap();
    assert_eq!(
        s.apply(&open("再来一个？", &["a", "b"]), KNOWN, 2)
            .unwrap_err(),
        POLL_OPEN
    );
    assert_eq!(
        s.apply(&answer("p1", "q9", 0), KNOWN, 2).unwrap_err(),
        UNKNOWN_POLL
    );
    assert_eq!(
        s.apply(&answer("p1", "q1", 3), KNOWN, 2).unwrap_err(),
        super::interest::BAD_CHOICE
    );
    assert_eq!(
        s.apply(&answer("p1", "q1", -1), KNOWN, 2).unwrap_err(),
        super::interest::BAD_CHOICE
    );
    let (log, _) = s.apply(&answer("p1", "q1", 1), KNOWN, 3).unwrap();
    assert_eq!(log.0, "poll.answered");
    assert!(
        log.1.get("option").is_none(),
        "an answer is never logged with its option"
    );
    s.apply(&answer("p1", "q1", 2), KNOWN, 4).unwrap();
    assert_eq!(
        s.polls[0].answers.len(),
        1,
        "answering again changes the answer"
    );
    for p in ["p2", "p3", "p4"] {
        s.apply(&answer(p, "q1", 0), KNOWN, 5).unwrap();
    }
    assert_eq!(s.polls[0].results(), None, "nothing counted while open");
    let close = StageCmd::Close { poll: "q1".into() };
    s.apply(&close, KNOWN, 6).unwrap();
    assert_eq!(s.polls[0].results(), None, "four answers: withheld");
    assert_eq!(
        s.apply(&answer("p5", "q1", 0), KNOWN, 7).unwrap_err(),
        POLL_CLOSED
    );
    assert_eq!(s.apply(&close, KNOWN, 7).unwrap_err(), POLL_CLOSED);
    s.apply(&open("下一首？", &["a", "b"]), KNOWN, 8).unwrap();
    for (p, o) in [("p1", 0), ("p2", 1), ("p3", 1), ("p4", 1), ("p5", 0)] {
        s.apply(&answer(p, "q2", o), KNOWN, 9).unwrap();
    }
    s.apply(&StageCmd::Close { poll: "q2".into() }, KNOWN, 10)
        .unwrap();
    assert_eq!(s.polls[1].results(), Some(vec![2, 3]));
    assert_eq!(s.shown().unwrap().id, "q2", "the last closed poll is shown");
    s.forget("p2");
    assert_eq!(
        s.polls[1].results(),
        None,
        "an erased guest's answer is gone"
    );
}
