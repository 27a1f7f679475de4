//! The private chat area on its own: invitations, the race for the last room, expiry,
//! `busy`, accessible rooms, the longest stay, the end of a round, and a restart.

use std::collections::HashMap;

use super::Outcome;
use super::chat::*;
use super::refusal::Refusal;
use super::{chat, clock};

const T: i64 = 1_800_000_000_000;
const MIN: i64 = 60_000;

/// Dates of the round under way: a–b, c–d, e–f; `w` uses a wheelchair and dates `x`.
struct Hall {
    round: Option<u32>,
    partners: HashMap<String, String>,
    rooms: Vec<RoomSpec>,
}

impl Evening for Hall {
    fn partner(&self, person: &str) -> Option<String> {
        self.round?;
        self.partners.get(person).cloned()
    }

    fn needs_access(&self, person: &str) -> bool {
        person == "w"
    }
}

impl Hall {
    fn new(rooms: &[(&str, bool)]) -> Hall {
        let mut partners = HashMap::new();
        for (a, b) in [("a", "b"), ("c", "d"), ("e", "f"), ("w", "x")] {
            partners.insert(a.to_string(), b.to_string());
            partners.insert(b.to_string(), a.to_string());
        }
        let rooms = rooms
            .iter()
            .map(|(l, accessible)| RoomSpec {
                label: l.to_string(),
                accessible: *accessible,
            })
            .collect();
        Hall {
            round: Some(3),
            partners,
            rooms,
        }
    }

    fn run(&self, chat: &mut Chat, cmd: ChatCmd, now: i64) -> Result<Outcome, Refusal> {
        let ctx = Context {
            round: self.round,
            evening: self,
            rooms: &self.rooms,
            end_of_next_round: T + 20 * MIN,
        };
        let mut out = Outcome::default();
        chat.apply(&cmd, &ctx, now, &mut out).map(|()| out)
    }

    fn fire(&self, chat: &mut Chat, at: i64) -> Outcome {
        let ctx = Context {
            round: self.round,
            evening: self,
            rooms: &self.rooms,
            end_of_next_round: at + 20 * MIN,
        };
        let mut out = Outcome::default();
        chat.fire(at, &ctx, &mut out);
        out
    }
}

fn invite(p: &str) -> ChatCmd {
    ChatCmd::Invite {
        participant: p.into(),
    }
}

fn accept(p: &str, r: &str) -> ChatCmd {
    ChatCmd::Accept {
        participant: p.into(),
        request: r.into(),
    }
}

fn decline(p: &str, r: &str) -> ChatCmd {
    ChatCmd::Decline {
        participant: p.into(),
        request: r.into(),
    }
}

/// Invites `from`'s partner and returns the request's id.
fn invited(hall: &Hall, chat: &mut Chat, from: &str, now: i64) -> String {
    hall.run(chat, invite(from), now).unwrap();
    chat.view(from).request.unwrap()
}

#[test]
fn an_accepted_invitation_takes_a_free_room_until_the_end_of_the_next_round() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let r = invited(&hall, &mut chat, "a", T);
    assert_eq!(chat.view("a").state, "waiting");
    let offer = chat.view("b");
    assert_eq!(
        (offer.state, offer.expires_at),
        ("offered", Some(T + INVITE_MS))
    );
    assert_eq!(chat.view("c").state, "none", "nobody else hears of it");
    hall.run(&mut chat, accept("b", &r), T + 5_000).unwrap();
    for p in ["a", "b"] {
        let v = chat.view(p);
        assert_eq!(
            (v.state, v.room.as_deref(), v.until),
            ("room", Some("A"), Some(T + 20 * MIN))
        );
    }
    let rooms = chat.rooms(&hall.rooms);
    assert_eq!(rooms[0].inside, Some(["a".to_string(), "b".to_string()]));
    assert_eq!(rooms[0].since, Some(T + 5_000));
    assert_eq!(chat.in_rooms().len(), 2);
}

#[test]
fn two_pairs_accepting_at_once_for_the_last_room_one_gets_it_the_other_is_first_in_line() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let r1 = invited(&hall, &mut chat, "a", T);
    let r2 = invited(&hall, &mut chat, "c", T);
    hall.run(&mut chat, accept("b", &r1), T + MIN).unwrap();
    hall.run(&mut chat, accept("d", &r2), T + MIN).unwrap();
    assert_eq!(chat.view("a").state, "room");
    let queued = chat.view("d");
    assert_eq!((queued.state, queued.position), ("queued", Some(1)));
    assert_eq!(chat.view("c").position, Some(1));
    // The room frees: the queue's first pair is called in.
    hall.run(
        &mut chat,
        ChatCmd::End {
            participant: "b".into(),
        },
        T + 3 * MIN,
    )
    .unwrap();
    assert_eq!(chat.view("a").state, "none");
    let called = chat.view("c");
    assert_eq!((called.state, called.room.as_deref()), ("room", Some("A")));
}

#[test]
fn a_decline_reads_to_the_inviter_as_a_wait_until_its_window_ends_then_as_a_lapse() {
    let hall = Hall::new(&[("A", true)]);
    let (mut declined, mut lapsed) = (Chat::default(), Chat::default());
    let r = invited(&hall, &mut declined, "a", T);
    invited(&hall, &mut lapsed, "a", T);
    let said_no = hall
        .run(&mut declined, decline("b", &r), T + 10_000)
        .unwrap();
    assert!(
        said_no.log.is_empty() && said_no.rows.is_empty() && said_no.changed(),
        "saved, with no log entry and no row"
    );
    // Until the window ends: the inviter reads the same, every rule counts it as
    // pending, and only the invitee's prompt is closed.
    assert_eq!(declined.view("a"), lapsed.view("a"));
    assert_eq!(declined.view("a").state, "waiting");
    assert_eq!(declined.view("b").state, "none");
    assert_eq!(lapsed.view("b").state, "offered");
    assert_eq!(declined.next_deadline(), lapsed.next_deadline());
    for chat in [&mut declined, &mut lapsed] {
        for who in ["a", "b"] {
            let busy = hall.run(chat, invite(who), T + 20_000);
            assert_eq!(busy.unwrap_err(), chat::BUSY, "{who}");
        }
        // The inviter may take it back, answered alike (kept on a copy).
        let mut copy = chat.clone();
        let cancel = ChatCmd::Cancel {
            participant: "a".into(),
            request: r.clone(),
        };
        let out = hall.run(&mut copy, cancel, T + 20_000).unwrap();
        assert_eq!(out.log[0].0, "chat.cancelled");
        assert_eq!(copy.view("a").state, "none");
    }
    // A restart in the window keeps the invitee's prompt closed.
    let back: Chat = serde_json::from_str(&serde_json::to_string(&declined).unwrap()).unwrap();
    assert_eq!(back.view("b").state, "none");
    assert_eq!(back.view("a"), lapsed.view("a"));
    let nothing = hall.fire(&mut declined, T + INVITE_MS - 1);
    assert!(!nothing.changed(), "not yet");
    // At the window's end both turn "not now", with the same rows and no log.
    let declined_out = hall.fire(&mut declined, T + INVITE_MS);
    let lapsed_out = hall.fire(&mut lapsed, T + INVITE_MS);
    assert_eq!(declined_out, lapsed_out);
    assert!(lapsed_out.log.is_empty() && lapsed_out.changed());
    // The same state, the same views, whatever happened.
    assert_eq!(declined, lapsed);
    assert_eq!(declined.view("a").state, "not_now");
    assert_eq!(declined.view("b").state, "none");
    // Not asked again this round; asked again next round.
    let again = hall.run(&mut declined, invite("a"), T + 2 * MIN);
    assert_eq!(again.unwrap_err(), chat::ALREADY_ASKED);
    // The one who said "not now" may change their mind and ask.
    hall.run(&mut declined, invite("b"), T + 2 * MIN).unwrap();
    assert_eq!(declined.view("a").state, "offered");
    assert_eq!(declined.view("b").state, "waiting");
}

#[test]
fn a_declined_invitation_lapses_with_the_others_when_the_round_ends() {
    let hall = Hall::new(&[("A", true)]);
    let (mut declined, mut lapsed) = (Chat::default(), Chat::default());
    let r = invited(&hall, &mut declined, "a", T);
    invited(&hall, &mut lapsed, "a", T);
    hall.run(&mut declined, decline("b", &r), T + 1_000)
        .unwrap();
    let (mut d, mut l) = (Outcome::default(), Outcome::default());
    declined.round_ended(1, &mut d);
    lapsed.round_ended(1, &mut l);
    assert_eq!(d, l);
    assert_eq!(declined, lapsed);
    assert_eq!(declined.view("a"), lapsed.view("a"));
}

#[test]
fn busy_is_checked_first_and_the_other_refusals_follow() {
    let mut hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    invited(&hall, &mut chat, "a", T);
    assert_eq!(hall.run(&mut chat, invite("a"), T).unwrap_err(), chat::BUSY);
    assert_eq!(hall.run(&mut chat, invite("b"), T).unwrap_err(), chat::BUSY);
    hall.round = None;
    assert_eq!(
        hall.run(&mut chat, invite("a"), T).unwrap_err(),
        chat::BUSY,
        "busy before not_in_round"
    );
    assert_eq!(
        hall.run(&mut chat, invite("c"), T).unwrap_err(),
        chat::NOT_IN_ROUND
    );
    hall.round = Some(3);
    assert_eq!(
        hall.run(&mut chat, invite("nobody"), T).unwrap_err(),
        chat::NO_PARTNER
    );
    assert_eq!(
        hall.run(&mut chat, accept("c", "r1"), T).unwrap_err(),
        chat::UNKNOWN_REQUEST,
        "not offered to c"
    );
    assert_eq!(
        hall.run(&mut chat, accept("b", "r9"), T).unwrap_err(),
        chat::UNKNOWN_REQUEST
    );
    let release = ChatCmd::Release { room: "Z".into() };
    assert_eq!(
        hall.run(&mut chat, release, T).unwrap_err(),
        chat::UNKNOWN_ROOM
    );
}

#[test]
fn the_inviter_takes_an_invitation_back_and_either_leaves_the_queue() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let r = invited(&hall, &mut chat, "a", T);
    let cancel = |p: &str, r: &str| ChatCmd::Cancel {
        participant: p.into(),
        request: r.into(),
    };
    assert_eq!(
        hall.run(&mut chat, cancel("b", &r), T).unwrap_err(),
        chat::UNKNOWN_REQUEST,
        "the invitee answers instead"
    );
    hall.run(&mut chat, cancel("a", &r), T).unwrap();
    assert_eq!(
        (chat.view("a").state, chat.view("b").state),
        ("none", "none")
    );
    // Taken back is not "not now": asking again is fine.
    let r = invited(&hall, &mut chat, "a", T + MIN);
    hall.run(&mut chat, accept("b", &r), T + MIN).unwrap();
    let r2 = invited(&hall, &mut chat, "c", T + MIN);
    hall.run(&mut chat, accept("d", &r2), T + MIN).unwrap();
    hall.run(&mut chat, cancel("d", &r2), T + 2 * MIN).unwrap();
    assert_eq!(chat.view("c").state, "none");
    assert!(chat.queue().is_empty());
}

#[test]
fn a_pair_with_a_wheelchair_user_waits_for_an_accessible_room() {
    let hall = Hall::new(&[("Quiet", false), ("Ramp", true)]);
    let mut chat = Chat::default();
    let r1 = invited(&hall, &mut chat, "a", T);
    hall.run(&mut chat, accept("b", &r1), T).unwrap();
    assert_eq!(
        chat.view("a").room.as_deref(),
        Some("Quiet"),
        "the first room that suits"
    );
    let r2 = invited(&hall, &mut chat, "c", T);
    hall.run(&mut chat, accept("d", &r2), T).unwrap();
    assert_eq!(chat.view("c").room.as_deref(), Some("Ramp"));
    let r3 = invited(&hall, &mut chat, "w", T);
    hall.run(&mut chat, accept("x", &r3), T).unwrap();
    assert_eq!(chat.view("w").state, "queued");
    // "Quiet" frees first, but has no ramp: w and x wait on.
    hall.run(
        &mut chat,
        ChatCmd::End {
            participant: "a".into(),
        },
        T + MIN,
    )
    .unwrap();
    assert_eq!(chat.view("w").state, "queued");
    hall.run(
        &mut chat,
        ChatCmd::Release {
            room: "Ramp".into(),
        },
        T + 2 * MIN,
    )
    .unwrap();
    assert_eq!(chat.view("w").room.as_deref(), Some("Ramp"));
}

#[test]
fn a_stay_ends_at_its_longest_and_the_room_goes_to_the_queue() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat {
        settings: ChatSettings {
            longest_ms: Some(10 * MIN),
            ..ChatSettings::default()
        },
        ..Chat::default()
    };
    let r1 = invited(&hall, &mut chat, "a", T);
    hall.run(&mut chat, accept("b", &r1), T).unwrap();
    let r2 = invited(&hall, &mut chat, "c", T);
    hall.run(&mut chat, accept("d", &r2), T).unwrap();
    assert_eq!(chat.view("a").until, Some(T + 10 * MIN));
    assert_eq!(chat.next_deadline(), Some(T + 10 * MIN));
    let out = hall.fire(&mut chat, T + 10 * MIN);
    assert!(out.changed());
    assert_eq!(chat.view("a").state, "none");
    assert_eq!(
        chat.view("c").until,
        Some(T + 20 * MIN),
        "a full stay from when it began"
    );
}

#[test]
fn at_the_end_of_a_round_unanswered_invitations_lapse_and_queued_pairs_go_to_their_dates() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let r1 = invited(&hall, &mut chat, "a", T);
    hall.run(&mut chat, accept("b", &r1), T).unwrap();
    let r2 = invited(&hall, &mut chat, "c", T);
    hall.run(&mut chat, accept("d", &r2), T).unwrap();
    invited(&hall, &mut chat, "e", T);
    let mut out = Outcome::default();
    chat.round_ended(3, &mut out);
    assert!(out.changed());
    assert_eq!(
        chat.view("a").state,
        "room",
        "a stay goes on into the next round"
    );
    assert_eq!(chat.view("c").state, "none", "queued: to their next date");
    assert_eq!(
        chat.view("e").state,
        "none",
        "a new round, a new page: no old \"not now\""
    );
    assert_eq!(
        chat.in_rooms(),
        ["a".to_string(), "b".to_string()].into_iter().collect()
    );
    assert!(
        chat.asked.is_empty(),
        "anyone may be asked again in a later round"
    );
}

#[test]
fn the_log_names_requests_never_people_and_hides_who_sent_the_verb() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let mut outs = vec![hall.run(&mut chat, invite("a"), T).unwrap()];
    let r = chat.view("a").request.unwrap();
    outs.push(hall.run(&mut chat, accept("b", &r), T).unwrap());
    outs.push(
        hall.run(
            &mut chat,
            ChatCmd::End {
                participant: "a".into(),
            },
            T + MIN,
        )
        .unwrap(),
    );
    for out in &outs {
        assert!(out.hide_actor);
        for (kind, data) in &out.log {
            let text = data.to_string();
            assert!(
                !text.contains("\"a\"") && !text.contains("\"b\""),
                "{kind} names someone: {text}"
            );
        }
    }
}

#[test]
fn rooms_the_queue_and_every_deadline_survive_a_restart() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let r1 = invited(&hall, &mut chat, "a", T);
    hall.run(&mut chat, accept("b", &r1), T).unwrap();
    let r2 = invited(&hall, &mut chat, "c", T);
    hall.run(&mut chat, accept("d", &r2), T).unwrap();
    invited(&hall, &mut chat, "e", T + MIN);
    let text = serde_json::to_string(&chat).unwrap();
    let mut back: Chat = serde_json::from_str(&text).unwrap();
    assert_eq!(back, chat);
    assert_eq!(back.next_deadline(), Some(T + MIN + INVITE_MS));
    hall.fire(&mut back, T + 30 * MIN);
    assert_eq!(back.view("e").state, "not_now");
    assert_eq!(
        back.view("c").state,
        "room",
        "called in when the first stay ended"
    );
}

#[test]
fn the_host_sets_the_invitation_time_and_the_longest_stay() {
    let hall = Hall::new(&[("A", true)]);
    let mut chat = Chat::default();
    let set = |invite, longest| ChatCmd::Settings {
        invite_seconds: invite,
        longest_seconds: longest,
    };
    assert_eq!(
        hall.run(&mut chat, set(5, None), T).unwrap_err(),
        clock::BAD_SECONDS
    );
    assert_eq!(
        hall.run(&mut chat, set(30, Some(10)), T).unwrap_err(),
        clock::BAD_SECONDS
    );
    let out = hall.run(&mut chat, set(30, Some(600)), T).unwrap();
    assert_eq!(out.log[0].0, "chat.settings");
    let r = invited(&hall, &mut chat, "a", T);
    assert_eq!(chat.view("b").expires_at, Some(T + 30_000));
    hall.run(&mut chat, accept("b", &r), T + 1_000).unwrap();
    assert_eq!(chat.view("a").until, Some(T + 1_000 + 600_000));
    hall.run(&mut chat, set(60, None), T + 2_000).unwrap();
    assert_eq!(chat.settings, ChatSettings::default());
}

#[test]
fn staff_give_a_stay_five_more_minutes_and_its_end_moves_with_it() {
    let hall = Hall::new(&[("A", true), ("B", true)]);
    let mut chat = Chat::default();
    let r = invited(&hall, &mut chat, "a", T);
    hall.run(&mut chat, accept("b", &r), T).unwrap();
    assert_eq!(chat.view("a").until, Some(T + 20 * MIN));
    let extend = |room: &str| ChatCmd::Extend { room: room.into() };
    let out = hall.run(&mut chat, extend("A"), T + MIN).unwrap();
    assert_eq!(out.log[0].0, "room.extended");
    assert!(
        matches!(&out.rows[..], [super::Row::Chat(ChatRow { status: "room", until: Some(u), .. })] if *u == T + 25 * MIN),
        "the stored stay ends later too: {:?}",
        out.rows
    );
    hall.run(&mut chat, extend("A"), T + 2 * MIN).unwrap();
    for p in ["a", "b"] {
        assert_eq!(
            chat.view(p).until,
            Some(T + 30 * MIN),
            "pressed twice: ten minutes"
        );
    }
    assert_eq!(chat.rooms(&hall.rooms)[0].until, Some(T + 30 * MIN));
    assert_eq!(chat.next_deadline(), Some(T + 30 * MIN));
    assert!(
        !hall.fire(&mut chat, T + 20 * MIN).changed(),
        "not over at the old end"
    );
    assert_eq!(chat.view("a").state, "room");
    assert!(
        hall.fire(&mut chat, T + 30 * MIN).changed(),
        "over at the new one"
    );
    assert_eq!(chat.view("a").state, "none");
    assert_eq!(
        hall.run(&mut chat, extend("B"), T).unwrap_err(),
        chat::ROOM_EMPTY
    );
    assert_eq!(
        hall.run(&mut chat, extend("Z"), T).unwrap_err(),
        chat::UNKNOWN_ROOM
    );
}
