//! The matchmaker desks' rules: the order, passing over a guest in a date, the
//! call and its flag, how a visit ends, the refusals, and the wait formula.

use std::collections::HashMap;

use super::Outcome;
use super::desk;
use super::desk::*;
use super::refusal::Refusal;

/// Who is in a date, and until when.
#[derive(Default)]
struct Hall(HashMap<String, i64>);

impl Evening for Hall {
    fn in_date_until(&self, person: &str) -> Option<i64> {
        self.0.get(person).copied()
    }
}

struct World {
    desks: Desks,
    hall: Hall,
    labels: Vec<String>,
}

impl World {
    fn new() -> World {
        World {
            desks: Desks::default(),
            hall: Hall::default(),
            labels: vec!["1".into(), "2".into()],
        }
    }

    fn run(&mut self, cmd: DeskCmd, now: i64) -> Result<Outcome, Refusal> {
        let mut out = Outcome::default();
        let ctx = Context {
            desks: &self.labels,
            evening: &self.hall,
        };
        self.desks.apply(&cmd, &ctx, now, &mut out)?;
        Ok(out)
    }

    fn join(&mut self, who: &str, reason: Reason, now: i64) -> String {
        self.join_with(who, reason, false, now)
    }

    fn join_with(&mut self, who: &str, reason: Reason, come_to_me: bool, now: i64) -> String {
        self.run(
            DeskCmd::Join {
                participant: who.into(),
                reason: reason.code().into(),
                come_to_me,
                note: Some("想问问下一轮".into()),
                place: None,
                by_staff: false,
            },
            now,
        )
        .unwrap();
        self.desks.view(who, 2).ticket.unwrap()
    }

    fn next(&mut self, desk: &str, now: i64) -> Result<String, Refusal> {
        self.run(DeskCmd::Next { desk: desk.into() }, now)?;
        Ok(self.desks.at_desk(desk).unwrap().participant.clone())
    }

    fn order(&self) -> Vec<String> {
        self.desks
            .order()
            .iter()
            .map(|t| t.participant.clone())
            .collect()
    }
}

#[test]
fn accessibility_assistance_comes_first_then_first_come_first_served() {
    let mut w = World::new();
    w.join("a", Reason::Advice, 1_000);
    w.join("b", Reason::Help, 2_000);
    w.join("c", Reason::Access, 3_000);
    w.join("d", Reason::Other, 3_000);
    w.join("e", Reason::Access, 4_000);
    assert_eq!(w.order(), ["c", "e", "a", "b", "d"]);
    // Positions count every ticket ahead.
    assert_eq!(w.desks.view("a", 2).position, Some(3));
    assert_eq!(w.desks.view("e", 2).position, Some(2));
    assert_eq!(w.next("1", 5_000).unwrap(), "c");
    assert_eq!(w.next("2", 5_000).unwrap(), "e");
    // A later ticket of the same kind never goes ahead of an earlier one.
    w.join("f", Reason::Advice, 6_000);
    assert_eq!(w.order(), ["a", "b", "d", "f"]);
}

#[test]
fn a_guest_in_a_date_is_passed_over_and_keeps_their_place() {
    let mut w = World::new();
    w.join("a", Reason::Advice, 1_000);
    w.join("b", Reason::Advice, 2_000);
    w.join("c", Reason::Advice, 3_000);
    w.hall.0.insert("a".into(), 60_000);
    assert_eq!(w.next("1", 5_000).unwrap(), "b");
    // Still first in line, position 1, while in the date.
    assert_eq!(w.order(), ["a", "c"]);
    assert_eq!(w.desks.view("a", 2).position, Some(1));
    // The date ends: the next call is theirs.
    w.hall.0.clear();
    assert_eq!(w.next("2", 61_000).unwrap(), "a");
}

#[test]
fn a_come_to_me_ticket_is_served_at_the_table_even_during_a_date() {
    let mut w = World::new();
    w.join_with("a", Reason::Help, true, 1_000);
    w.join("b", Reason::Advice, 2_000);
    w.hall.0.insert("a".into(), 60_000);
    assert_eq!(w.next("1", 5_000).unwrap(), "a");
    // The projector's call board does not show it: the matchmaker walks over.
    assert!(w.desks.calls().is_empty());
    assert_eq!(w.next("2", 5_000).unwrap(), "b");
    let calls = w.desks.calls();
    assert_eq!(calls.len(), 1);
    assert_eq!((calls[0].0.participant.as_str(), calls[0].1), ("b", "2"));
}

#[test]
fn everyone_waiting_in_a_date_leaves_nobody_to_call() {
    let mut w = World::new();
    assert_eq!(w.next("1", 0), Err(desk::QUEUE_EMPTY));
    w.join("a", Reason::Advice, 1_000);
    w.hall.0.insert("a".into(), 60_000);
    assert_eq!(w.next("1", 2_000), Err(desk::QUEUE_EMPTY));
    assert_eq!(w.order(), ["a"], "nothing changed");
}

#[test]
fn one_ticket_per_guest_and_a_guest_can_leave_and_join_again() {
    let mut w = World::new();
    let t = w.join("a", Reason::Advice, 1_000);
    let again = w.run(
        DeskCmd::Join {
            participant: "a".into(),
            reason: "help".into(),
            come_to_me: false,
            note: None,
            place: None,
            by_staff: true,
        },
        2_000,
    );
    assert_eq!(again.err(), Some(desk::ALREADY_QUEUED));
    w.run(
        DeskCmd::Leave {
            participant: "a".into(),
        },
        3_000,
    )
    .unwrap();
    let v = w.desks.view("a", 2);
    assert_eq!(
        (v.ticket.as_deref(), v.state),
        (Some(t.as_str()), "cancelled")
    );
    assert_eq!(
        w.run(
            DeskCmd::Leave {
                participant: "a".into()
            },
            3_000
        )
        .err(),
        Some(desk::UNKNOWN_TICKET)
    );
    let t2 = w.join("a", Reason::Help, 4_000);
    assert_ne!(t, t2);
    assert_eq!(w.desks.view("a", 2).state, "waiting");
}

#[test]
fn an_unanswered_call_is_flagged_after_two_minutes_and_never_made_a_no_show() {
    let mut w = World::new();
    let t = w.join("a", Reason::Advice, 0);
    w.next("1", 10_000).unwrap();
    assert_eq!(w.desks.next_deadline(), Some(10_000 + FLAG_AFTER_MS));
    let mut out = Outcome::default();
    w.desks.fire(10_000 + FLAG_AFTER_MS, &mut out);
    assert!(matches!(
        w.desks.at_desk("1").unwrap().state,
        TicketState::Called { flagged: true, .. }
    ));
    assert_eq!(out.log[0].0, "desk.flagged");
    assert_eq!(w.desks.next_deadline(), None, "flagged once");
    // Still called: only the matchmaker decides a no-show.
    assert_eq!(w.desks.view("a", 2).state, "called");
    // "On my way" clears the flag.
    w.run(
        DeskCmd::Coming {
            participant: "a".into(),
        },
        200_000,
    )
    .unwrap();
    assert!(matches!(
        w.desks.at_desk("1").unwrap().state,
        TicketState::Called {
            flagged: false,
            coming: Some(200_000),
            ..
        }
    ));
    w.run(DeskCmd::NoShow { ticket: t }, 300_000).unwrap();
    assert_eq!(w.desks.view("a", 2).state, "no_show");
}

#[test]
fn a_come_to_me_call_is_never_flagged_the_matchmaker_is_the_one_walking() {
    let mut w = World::new();
    w.join_with("a", Reason::Help, true, 0);
    w.next("1", 10_000).unwrap();
    assert_eq!(w.desks.next_deadline(), None);
    let mut out = Outcome::default();
    w.desks.fire(10_000 + FLAG_AFTER_MS, &mut out);
    assert!(out.log.is_empty());
}

#[test]
fn a_call_answered_in_time_is_not_flagged() {
    let mut w = World::new();
    w.join("a", Reason::Advice, 0);
    w.next("1", 10_000).unwrap();
    w.run(
        DeskCmd::Coming {
            participant: "a".into(),
        },
        20_000,
    )
    .unwrap();
    assert_eq!(w.desks.next_deadline(), None);
}

#[test]
fn a_visit_is_started_and_finished_from_a_call_or_a_service_and_its_time_kept() {
    let mut w = World::new();
    let a = w.join("a", Reason::Advice, 0);
    let b = w.join("b", Reason::Advice, 0);
    // Nothing to start, finish or miss while still waiting.
    for cmd in [
        DeskCmd::Start { ticket: a.clone() },
        DeskCmd::Done { ticket: a.clone() },
        DeskCmd::NoShow { ticket: a.clone() },
    ] {
        assert_eq!(w.run(cmd, 1_000).err(), Some(desk::UNKNOWN_TICKET));
    }
    w.next("1", 1_000).unwrap();
    w.run(DeskCmd::Start { ticket: a.clone() }, 61_000).unwrap();
    assert_eq!(w.desks.view("a", 2).state, "serving");
    w.run(DeskCmd::Done { ticket: a.clone() }, 241_000).unwrap();
    assert_eq!(w.desks.view("a", 2).state, "done");
    // The desk was held from the call: the walk and the talk.
    assert_eq!(w.desks.services, [240_000]);
    // Finished from a call, without a start (served at once): the same.
    w.next("1", 250_000).unwrap();
    w.run(DeskCmd::Done { ticket: b.clone() }, 260_000).unwrap();
    assert_eq!(w.desks.services, [240_000, 10_000]);
    assert_eq!(
        w.run(DeskCmd::Done { ticket: b }, 270_000).err(),
        Some(desk::UNKNOWN_TICKET)
    );
}

#[test]
fn a_desk_calls_one_guest_at_a_time_and_only_desks_of_the_event() {
    let mut w = World::new();
    let a = w.join("a", Reason::Advice, 0);
    let b = w.join("b", Reason::Advice, 0);
    assert_eq!(w.next("9", 1_000), Err(desk::UNKNOWN_DESK));
    w.next("1", 1_000).unwrap();
    assert_eq!(w.next("1", 2_000), Err(desk::DESK_BUSY));
    // Out of turn, to the other desk: only a waiting ticket.
    assert_eq!(
        w.run(
            DeskCmd::Call {
                desk: "2".into(),
                ticket: a
            },
            2_000
        )
        .err(),
        Some(desk::UNKNOWN_TICKET)
    );
    w.run(
        DeskCmd::Call {
            desk: "2".into(),
            ticket: b,
        },
        2_000,
    )
    .unwrap();
    assert_eq!(w.desks.view("b", 2).desk.as_deref(), Some("2"));
}

#[test]
fn the_log_names_tickets_never_reasons_or_notes() {
    let mut w = World::new();
    let mut logs = Vec::new();
    logs.extend(
        w.run(
            DeskCmd::Join {
                participant: "a".into(),
                reason: "about_someone".into(),
                come_to_me: false,
                note: Some("关于 7 号嘉宾".into()),
                place: None,
                by_staff: false,
            },
            0,
        )
        .unwrap()
        .log,
    );
    let t = w.desks.view("a", 2).ticket.unwrap();
    logs.extend(w.run(DeskCmd::Next { desk: "1".into() }, 1).unwrap().log);
    logs.extend(w.run(DeskCmd::Start { ticket: t.clone() }, 2).unwrap().log);
    logs.extend(w.run(DeskCmd::Done { ticket: t }, 3).unwrap().log);
    let text = serde_json::to_string(&logs.iter().map(|(_, d)| d).collect::<Vec<_>>()).unwrap();
    assert!(
        !text.contains("about_someone") && !text.contains("7 号"),
        "{text}"
    );
}

#[test]
fn a_note_is_trimmed_and_at_most_200_characters() {
    let mut w = World::new();
    let join = |note: String| DeskCmd::Join {
        participant: "a".into(),
        reason: "other".into(),
        come_to_me: false,
        note: Some(note),
        place: None,
        by_staff: false,
    };
    assert_eq!(
        w.run(join("字".repeat(201)), 0).err(),
        Some(desk::NOTE_TOO_LONG)
    );
    assert!(w.desks.tickets.is_empty(), "nothing changed");
    w.run(join(format!("  {}  ", "字".repeat(200))), 0).unwrap();
    assert_eq!(
        w.desks.tickets[0].note.as_ref().unwrap().chars().count(),
        200
    );
}

#[test]
fn a_wrong_reason_is_refused_and_changes_nothing() {
    let mut w = World::new();
    let join = DeskCmd::Join {
        participant: "a".into(),
        reason: "gossip".into(),
        come_to_me: false,
        note: None,
        place: None,
        by_staff: false,
    };
    assert_eq!(w.run(join, 0).err(), Some(desk::BAD_REASON));
    assert!(w.desks.tickets.is_empty());
}

#[test]
fn reasons_are_read_from_the_protocols_words_only() {
    assert_eq!(Reason::parse("access"), Ok(Reason::Access));
    assert_eq!(Reason::parse("about_someone"), Ok(Reason::AboutSomeone));
    assert_eq!(Reason::parse("Access"), Err(desk::BAD_REASON));
    assert_eq!(Reason::parse(""), Err(desk::BAD_REASON));
}

#[test]
fn the_wait_is_a_range_of_whole_services_shared_by_the_desks() {
    let mut d = Desks::default();
    // Before any service: five minutes a visit.
    assert_eq!(d.wait(1, 2), [0, DEFAULT_SERVICE_MS]);
    assert_eq!(d.wait(3, 2), [DEFAULT_SERVICE_MS, 2 * DEFAULT_SERVICE_MS]);
    assert_eq!(
        d.wait(3, 0),
        [2 * DEFAULT_SERVICE_MS, 3 * DEFAULT_SERVICE_MS],
        "no desks counts as one"
    );
    // The mean of the last five services.
    d.services = vec![60_000, 120_000, 180_000, 240_000, 300_000];
    assert_eq!(d.wait(5, 2), [360_000, 540_000]);
    let mut w = World::new();
    for (i, who) in ["a", "b", "c", "d", "e", "f", "g"].iter().enumerate() {
        w.join(who, Reason::Advice, i as i64);
    }
    for i in 0..6 {
        let who = w.next("1", 1_000 * i).unwrap();
        let t = w.desks.view(&who, 2).ticket.unwrap();
        w.run(DeskCmd::Start { ticket: t.clone() }, 1_000 * i)
            .unwrap();
        w.run(DeskCmd::Done { ticket: t }, 1_000 * i + 60_000 * (i + 1))
            .unwrap();
    }
    assert_eq!(
        w.desks.services,
        [120_000, 180_000, 240_000, 300_000, 360_000]
    );
    assert_eq!(w.desks.view("g", 2).wait_ms, Some([0, 240_000]));
    // In a date with five minutes left: not before it ends, and a visit past it.
    assert_eq!(
        w.desks.view_in("g", 2, Some(300_000)).wait_ms,
        Some([300_000, 540_000])
    );
    assert_eq!(w.desks.view_in("g", 2, None).wait_ms, Some([0, 240_000]));
}

// The desks inside the evening: who is in a date comes from the seating, and what
// each screen is shown comes from the board.

mod evening {
    use serde_json::Value;

    use super::super::desk::{FLAG_AFTER_MS, TicketState};
    use super::super::tests::{T0, started};
    use super::super::*;

    fn join(live: &mut Live, roster: &Roster, who: &str, reason: &str, note: &str) {
        let cmd = DeskCmd::Join {
            participant: who.into(),
            reason: reason.into(),
            come_to_me: false,
            note: Some(note.into()),
            place: None,
            by_staff: false,
        };
        live.apply(&cmd.into(), roster, T0 + 1_000).unwrap();
    }

    /// The frame of `kind` that `viewer` is shown, as JSON.
    fn shown(live: &Live, roster: &Roster, viewer: &Viewer, kind: Kind) -> Value {
        let board = live.board(roster, T0 + 2_000);
        let text = board
            .visible(viewer)
            .find_map(|(k, e)| (k == kind).then_some(e).flatten())
            .map(|e| e.text().to_owned())
            .expect("the frame is shown");
        serde_json::from_str(&text).unwrap()
    }

    #[test]
    fn a_guest_in_a_date_is_passed_over_until_the_round_ends() {
        let (mut live, roster) = started(4);
        let seated: Vec<String> = roster
            .people
            .iter()
            .filter(|p| {
                live.assignment(&roster, &p.id)
                    .and_then(|a| a.partner)
                    .is_some()
            })
            .map(|p| p.id.clone())
            .collect();
        let idle = roster
            .people
            .iter()
            .find(|p| !seated.contains(&p.id))
            .unwrap()
            .id
            .clone();
        join(&mut live, &roster, &seated[0], "advice", "");
        join(&mut live, &roster, &idle, "advice", "");
        let next = |live: &mut Live, now| {
            live.apply(&DeskCmd::Next { desk: "1".into() }.into(), &roster, now)
        };
        next(&mut live, T0 + 3_000).unwrap();
        assert_eq!(live.desks.at_desk("1").unwrap().participant, idle);
        // The round ends: the guest who was in a date is called next.
        live.tick(&roster, T0 + 8 * 60_000);
        next(&mut live, T0 + 8 * 60_000 + 1).unwrap_err();
        live.apply(
            &DeskCmd::Next { desk: "2".into() }.into(),
            &roster,
            T0 + 8 * 60_000 + 1,
        )
        .unwrap();
        assert_eq!(live.desks.at_desk("2").unwrap().participant, seated[0]);
    }

    #[test]
    fn while_paused_a_dates_end_moves_on_with_the_pause() {
        let (mut live, roster) = started(4);
        let seated = roster
            .people
            .iter()
            .find(|p| {
                live.assignment(&roster, &p.id)
                    .and_then(|a| a.partner)
                    .is_some()
            })
            .unwrap()
            .id
            .clone();
        join(&mut live, &roster, &seated, "advice", "");
        let until = |live: &Live, at| {
            let board = live.board(&roster, at);
            let host = Viewer::Staff {
                id: "h".into(),
                role: Role::Host,
            };
            let text = board
                .visible(&host)
                .find_map(|(k, e)| (k == Kind::Desks).then_some(e).flatten())
                .map(|e| e.text().to_owned())
                .unwrap();
            let v: Value = serde_json::from_str(&text).unwrap();
            v["queue"][0]["in_date_until"].as_i64().unwrap()
        };
        let end = until(&live, T0 + 2_000);
        live.apply(&ClockCmd::Pause.into(), &roster, T0 + 60_000)
            .unwrap();
        // Three minutes into the pause, the date ends three minutes later than planned.
        assert_eq!(until(&live, T0 + 240_000), end + 180_000);
        live.apply(&ClockCmd::Resume.into(), &roster, T0 + 240_000)
            .unwrap();
        assert_eq!(
            until(&live, T0 + 241_000),
            end + 180_000,
            "as resuming set it"
        );
    }

    #[test]
    fn reasons_and_notes_reach_staff_only_and_the_projector_sees_numbers_and_desks() {
        let (mut live, roster) = started(10);
        join(&mut live, &roster, "p9", "about_someone", "关于 3 号");
        // p9 may be in a date: call them out of turn.
        let ticket = live.desks.view("p9", 2).ticket.unwrap();
        let call = DeskCmd::Call {
            desk: "2".into(),
            ticket: ticket.clone(),
        };
        live.apply(&call.into(), &roster, T0 + 1_500).unwrap();

        let own = shown(
            &live,
            &roster,
            &Viewer::Participant { id: "p9".into() },
            Kind::Ticket,
        );
        assert_eq!(own["state"], "called");
        assert_eq!(own["desk"], "2");
        assert_eq!(own["number"], 10);
        assert!(
            own.get("note").is_none(),
            "a guest's own phone has no staff fields"
        );

        let host = Viewer::Staff {
            id: "h".into(),
            role: Role::Host,
        };
        let desks = shown(&live, &roster, &host, Kind::Desks);
        assert_eq!(desks["desks"][1]["ticket"]["note"], "关于 3 号");
        assert_eq!(desks["desks"][1]["ticket"]["reason"], "about_someone");
        assert_eq!(desks["desks"][1]["ticket"]["name"], "Name 9");

        let projector = Viewer::Staff {
            id: "pr".into(),
            role: Role::Projector,
        };
        let calls = shown(&live, &roster, &projector, Kind::Calls);
        assert_eq!(calls["calls"][0]["number"], 10);
        assert_eq!(calls["calls"][0]["desk"], "2");
        let text = calls.to_string();
        assert!(
            !text.contains("about") && !text.contains("关于") && !text.contains("Name"),
            "{text}"
        );
        let board = live.board(&roster, T0 + 2_000);
        assert!(
            board
                .visible(&projector)
                .all(|(k, _)| k != Kind::Desks && k != Kind::Ticket)
        );
        // Another guest sees only their own (empty) ticket.
        let other = shown(
            &live,
            &roster,
            &Viewer::Participant { id: "p0".into() },
            Kind::Ticket,
        );
        assert_eq!(other["state"], "none");
        assert!(!other.to_string().contains(&ticket));
    }

    #[test]
    fn an_unanswered_call_is_flagged_by_the_evenings_tick() {
        let (mut live, roster) = started(10);
        join(&mut live, &roster, "p9", "help", "");
        let ticket = live.desks.view("p9", 2).ticket.unwrap();
        let call = DeskCmd::Call {
            desk: "1".into(),
            ticket,
        };
        live.apply(&call.into(), &roster, T0 + 2_000).unwrap();
        assert_eq!(live.next_deadline(), Some(T0 + 2_000 + FLAG_AFTER_MS));
        let out = live.tick(&roster, T0 + 2_000 + FLAG_AFTER_MS);
        assert!(out.log.iter().any(|(k, _)| *k == "desk.flagged"));
        assert!(matches!(
            live.desks.at_desk("1").unwrap().state,
            TicketState::Called { flagged: true, .. }
        ));
    }

    #[test]
    fn a_guest_who_leaves_or_is_withdrawn_leaves_the_queue_too() {
        let (mut live, mut roster) = started(10);
        join(&mut live, &roster, "p8", "advice", "");
        join(&mut live, &roster, "p9", "advice", "");
        let gone = PresenceCmd::Gone {
            participant: "p8".into(),
        };
        live.apply(&gone.into(), &roster, T0 + 3_000).unwrap();
        assert_eq!(live.desks.view("p8", 2).state, "cancelled");
        roster.public.remove("p9");
        roster.people.retain(|p| p.id != "p9");
        let out = live.roster_changed(&roster, T0 + 4_000);
        assert!(out.changed());
        assert!(live.desks.tickets.is_empty());
    }

    #[test]
    fn an_event_without_desks_shows_nobody_a_queue() {
        let (live, mut roster) = started(4);
        roster.desks.clear();
        let board = live.board(&roster, T0);
        let guest = Viewer::Participant { id: "p0".into() };
        assert!(board.visible(&guest).all(|(k, _)| k != Kind::Ticket));
    }

    #[test]
    fn staff_cannot_queue_someone_who_is_not_on_the_roster() {
        let (mut live, roster) = started(4);
        let cmd = DeskCmd::Join {
            participant: "nobody".into(),
            reason: "help".into(),
            come_to_me: false,
            note: None,
            place: None,
            by_staff: true,
        };
        assert_eq!(
            live.apply(&cmd.into(), &roster, T0).err(),
            Some(refusal::UNKNOWN_PARTICIPANT)
        );
    }
}

#[test]
fn a_matchmakers_note_is_kept_on_the_ticket_and_never_in_the_log() {
    let mut w = World::new();
    let t = w.join("a", Reason::Help, 0);
    let note = |note: &str| DeskCmd::Note {
        ticket: t.clone(),
        note: note.into(),
    };
    let out = w.run(note("  想认识喜欢旅行的人  "), 1).unwrap();
    assert_eq!(
        w.desks.tickets[0].staff_note.as_deref(),
        Some("想认识喜欢旅行的人")
    );
    assert!(!format!("{:?}", out.log).contains("旅行"), "{:?}", out.log);
    assert!(
        matches!(
            &out.rows[..],
            [super::Row::Ticket(TicketRow {
                staff_note: Some(_),
                ..
            })]
        ),
        "saved with the ticket"
    );
    assert_eq!(
        w.run(note(&"字".repeat(1001)), 2).err(),
        Some(desk::STAFF_NOTE_TOO_LONG)
    );
    assert!(w.desks.tickets[0].staff_note.is_some(), "nothing changed");
    w.run(note(" "), 3).unwrap();
    assert_eq!(
        w.desks.tickets[0].staff_note, None,
        "an empty note clears it"
    );
    assert_eq!(
        w.run(
            DeskCmd::Note {
                ticket: "t99".into(),
                note: "x".into()
            },
            4
        )
        .err(),
        Some(desk::UNKNOWN_TICKET)
    );
}

#[test]
fn a_guest_called_to_a_desk_that_is_taken_away_goes_back_to_their_place() {
    let mut w = World::new();
    w.join("a", Reason::Help, 0);
    w.join("b", Reason::Help, 1);
    assert_eq!(w.next("2", 2).unwrap(), "a");
    let mut out = Outcome::default();
    w.desks.desks_changed(&["1".to_owned()], &mut out);
    assert!(w.desks.at_desk("2").is_none());
    assert_eq!(w.order(), ["a", "b"], "first in line again");
    assert_eq!(w.next("1", 3).unwrap(), "a");
}

#[test]
fn forgetting_a_guest_removes_every_note_on_their_tickets_and_keeps_the_tickets() {
    let mut d = Desks::default();
    for (i, p) in ["p1", "p2"].iter().enumerate() {
        d.tickets.push(Ticket {
            id: format!("t{i}"),
            participant: p.to_string(),
            reason: Reason::Advice,
            come_to_me: false,
            note: Some("my ex is here".into()),
            place: None,
            joined_at: 0,
            by_staff: false,
            state: TicketState::Waiting,
            called_at: None,
            coming_at: None,
            staff_note: Some("nervous".into()),
        });
    }
    d.forget("p1");
    assert_eq!(d.tickets.len(), 2);
    assert_eq!(
        (d.tickets[0].note.as_ref(), d.tickets[0].staff_note.as_ref()),
        (None, None)
    );
    assert!(d.tickets[1].note.is_some() && d.tickets[1].staff_note.is_some());
}

#[test]
fn a_come_to_me_ticket_keeps_the_place_typed_and_a_long_one_is_refused() {
    let mut w = World::new();
    let join = |place: &str| DeskCmd::Join {
        participant: "p1".into(),
        reason: "help".into(),
        come_to_me: true,
        note: None,
        place: Some(place.into()),
        by_staff: false,
    };
    let long = "门".repeat(PLACE_MAX + 1);
    assert_eq!(w.run(join(&long), 0).err(), Some(PLACE_TOO_LONG));
    w.run(join("  大厅门口  "), 0).unwrap();
    assert_eq!(w.desks.tickets[0].place.as_deref(), Some("大厅门口"));
}
