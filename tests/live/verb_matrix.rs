//! The authorisation matrix of the live protocol: every verb, sent by every role,
//! is refused `forbidden` exactly where PROTOCOL.md says that role may not send
//! it (a table written here from the protocol, not read from the code), and
//! reaches the evening's rules everywhere else. Then every verb that names
//! someone or something, sent from another event with that event's tokens and
//! this event's ids, changes nothing here: no answer is an `ack` that touched
//! this event, and its log has no entry by anyone from the other.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_at};
use super::interest::{evening, partner_of_first};
use super::{Ws, ask, connect, until};

const T0: i64 = 1_800_000_000_000;

/// Who may send each verb, from PROTOCOL.md (host, matchmaker = the desk roles).
const MAY_SEND: &[(&str, &[&str])] = &[
    ("event.start", &["host"]),
    ("event.pause", &["host"]),
    ("event.resume", &["host"]),
    ("phase.extend", &["host"]),
    ("phase.skip", &["host"]),
    ("break.insert", &["host"]),
    ("event.end", &["host"]),
    ("announce", &["host"]),
    ("programme.set", &["host"]),
    ("segment.start", &["host"]),
    ("caption.send", &["host", "captioner"]),
    ("caption.fix", &["host", "captioner"]),
    ("intro.set", &["participant"]),
    ("spotlight.set", &["host"]),
    ("poll.open", &["host"]),
    ("poll.answer", &["participant"]),
    ("poll.close", &["host"]),
    ("escort.need", &["participant"]),
    ("escort.ask", &["participant"]),
    ("escort.cancel", &["participant"]),
    ("volunteer.on", &["volunteer"]),
    ("escort.take", &["volunteer"]),
    ("escort.arrived", &["volunteer"]),
    ("escort.done", &["volunteer"]),
    ("volunteer.off", &["volunteer"]),
    ("results.reveal", &["host"]),
    ("chat.settings", &["host"]),
    ("checkin", &["host", "matchmaker"]),
    ("gone", &["host", "matchmaker"]),
    ("room.release", &["host", "matchmaker"]),
    ("room.extend", &["host", "matchmaker"]),
    ("desk.next", &["host", "matchmaker"]),
    ("desk.call", &["host", "matchmaker"]),
    ("desk.start", &["host", "matchmaker"]),
    ("desk.done", &["host", "matchmaker"]),
    ("desk.no_show", &["host", "matchmaker"]),
    ("desk.note", &["host", "matchmaker"]),
    ("desk.join", &["participant", "host", "matchmaker"]),
    ("rest.request", &["participant"]),
    ("rest.cancel", &["participant"]),
    ("chat.invite", &["participant"]),
    ("chat.accept", &["participant"]),
    ("chat.decline", &["participant"]),
    ("chat.cancel", &["participant"]),
    ("chat.end", &["participant"]),
    ("desk.leave", &["participant"]),
    ("desk.coming", &["participant"]),
    ("interest.mark", &["participant"]),
    ("consent.set", &["participant"]),
];

/// The ids a verb may name: a guest, a chat request, a desk ticket.
struct Ids {
    guest: String,
    request: String,
    ticket: String,
}

/// A frame of `verb` with fields that fit it, naming `ids`; staff name the guest.
fn frame(verb: &str, role: &str, ids: &Ids, n: usize) -> Value {
    let mut f = match verb {
        "phase.extend" | "break.insert" => json!({"seconds": 30}),
        "announce" => json!({"text": "Tea is served"}),
        "programme.set" => {
            json!({"segments": [{"kind": "opening", "title": "开场", "minutes": 10}, {"kind": "dates", "title": "约会", "minutes": 60}]})
        }
        // The dates (the second segment of the programme set above) run already.
        "segment.start" => json!({"segment": "s2"}),
        "caption.send" => json!({"text": "欢迎大家", "speaker": "主持人"}),
        // Some caption line the host sent before (the engine's own cannot be fixed).
        "caption.fix" => json!({"line": 1, "text": "欢迎各位"}),
        "checkin" | "gone" => json!({"participant": ids.guest}),
        "chat.accept" | "chat.decline" | "chat.cancel" => json!({"request": ids.request}),
        "room.release" | "room.extend" => json!({"room": "A"}),
        "desk.join" if role != "participant" => {
            json!({"reason": "access", "participant": ids.guest})
        }
        "desk.join" => json!({"reason": "advice"}),
        "desk.next" => json!({"desk": "Desk 1"}),
        "desk.call" => json!({"desk": "Desk 1", "ticket": ids.ticket}),
        "desk.start" | "desk.done" | "desk.no_show" => json!({"ticket": ids.ticket}),
        "desk.note" => json!({"ticket": ids.ticket, "note": "by the door"}),
        "interest.mark" => json!({"round": 1, "choice": "yes"}),
        "consent.set" => json!({"share_contact": true}),
        "intro.set" => json!({"text": "我喜欢唱歌。", "on_stage": true}),
        "spotlight.set" => json!({"participant": ids.guest}),
        "poll.open" => json!({"question": "最佳才艺？", "options": ["唱歌", "手语舞"]}),
        "poll.answer" => json!({"poll": "q1", "option": 1}),
        "poll.close" => json!({"poll": "q1"}),
        "escort.need" => json!({"need": "guide"}),
        "escort.ask" => json!({"to": "洗手间"}),
        // A task no event has (each event numbers its own from e1).
        "escort.cancel" | "escort.take" | "escort.arrived" | "escort.done" => {
            json!({"task": "e99"})
        }
        "chat.settings" => json!({"invite_seconds": 90, "longest_seconds": 600}),
        _ => json!({}),
    };
    f["type"] = json!(verb);
    f["id"] = json!(format!("{role}-{verb}-{n}"));
    f
}

/// Something for the verbs to name: the first guest invites their partner (`b`)
/// into the private chat area, the third queues at a desk. The request's id and
/// the ticket's.
async fn something_to_name(phones: &mut [(Value, Ws)], b: usize) -> (String, String) {
    let a = ask(
        &mut phones[0].1,
        json!({"type": "chat.invite", "id": "inv"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let offer = until(&mut phones[b].1, |v| {
        v["type"] == "chat" && v["request"].is_string()
    })
    .await;
    let a = ask(
        &mut phones[2].1,
        json!({"type": "desk.join", "id": "j", "reason": "help"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let ticket = until(&mut phones[2].1, |v| {
        v["type"] == "ticket" && v["ticket"].is_string()
    })
    .await;
    let id = |v: &Value, k: &str| v[k].as_str().unwrap().to_string();
    (id(&offer, "request"), id(&ticket, "ticket"))
}

/// A guest's phone may send 10 verbs a second: the test keeps under it.
async fn pace(role: &str) {
    if role == "participant" {
        tokio::time::sleep(std::time::Duration::from_millis(120)).await;
    }
}

async fn log_actors(app: &TestApp, event: &str) -> BTreeSet<String> {
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    blossom::db::log::list(&db, event)
        .await
        .unwrap()
        .into_iter()
        .map(|e| e.actor)
        .collect()
}

#[tokio::test]
async fn every_verb_is_refused_to_exactly_the_roles_the_protocol_keeps_it_from() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, _host) = evening(&app).await;
    let b = partner_of_first(&mut phones).await;
    // Every verb of the server is in the table, and the other way round.
    let served: BTreeSet<&str> = blossom::ws::verbs::VERBS.iter().map(|v| v.name).collect();
    let listed: BTreeSet<&str> = MAY_SEND.iter().map(|(v, _)| *v).collect();
    assert_eq!(served, listed);

    let (request, ticket) = something_to_name(&mut phones, b).await;
    let (mut mm, _) = connect(&app, &app.staff(&event, "matchmaker").await).await;
    let ids = Ids {
        guest: phones[b].0["id"].as_str().unwrap().to_string(),
        request,
        ticket,
    };
    let (mut projector, _) = connect(&app, &app.staff(&event, "projector").await).await;
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    let (mut captioner, _) = connect(&app, &app.staff(&event, "captioner").await).await;
    let mut n = 0;
    for (verb, may) in MAY_SEND {
        for role in [
            "participant",
            "host",
            "matchmaker",
            "projector",
            "captioner",
        ] {
            n += 1;
            let ws: &mut Ws = match role {
                "participant" => &mut phones[3].1,
                "host" => &mut host,
                "matchmaker" => &mut mm,
                "captioner" => &mut captioner,
                _ => &mut projector,
            };
            // The evening must still be running for the host's later verbs.
            if *verb == "event.end" || *verb == "results.reveal" {
                continue;
            }
            let answer = ask(ws, frame(verb, role, &ids, n)).await;
            pace(role).await;
            let forbidden = answer["code"] == "forbidden";
            assert_eq!(
                forbidden,
                !may.contains(&role),
                "{role} sending {verb}: {answer}"
            );
            assert_ne!(
                answer["code"], "bad_request",
                "{role} sending {verb}: {answer}"
            );
        }
    }
    // The two that end things, last.
    for verb in ["event.end", "results.reveal"] {
        for role in ["participant", "matchmaker", "projector"] {
            let ws: &mut Ws = match role {
                "participant" => &mut phones[3].1,
                "matchmaker" => &mut mm,
                _ => &mut projector,
            };
            let answer = ask(ws, frame(verb, role, &ids, 0)).await;
            assert_eq!(
                answer["code"], "forbidden",
                "{role} sending {verb}: {answer}"
            );
        }
        let answer = ask(&mut host, frame(verb, "host", &ids, 0)).await;
        assert_ne!(answer["code"], "forbidden", "host sending {verb}: {answer}");
    }
}

#[tokio::test]
async fn verbs_from_another_event_naming_this_events_people_change_nothing_here() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, _host) = evening(&app).await;
    let b = partner_of_first(&mut phones).await;
    let (request, ticket) = something_to_name(&mut phones, b).await;
    let ids = Ids {
        guest: phones[3].0["id"].as_str().unwrap().to_string(),
        request,
        ticket,
    };
    let before = log_actors(&app, &event).await;

    // Another event, started, with a guest of its own and every staff role.
    let (other, mut others, mut other_host) = evening(&app).await;
    let (mut other_mm, _) = connect(&app, &app.staff(&other, "matchmaker").await).await;
    let (mut other_captioner, _) = connect(&app, &app.staff(&other, "captioner").await).await;
    let (mut other_volunteer, _) = connect(&app, &app.staff(&other, "volunteer").await).await;
    let mut n = 0;
    for (verb, may) in MAY_SEND {
        if ["event.end", "results.reveal", "event.start"].contains(verb) {
            continue;
        }
        for role in may.iter() {
            n += 1;
            let ws: &mut Ws = match *role {
                "participant" => &mut others[0].1,
                "host" => &mut other_host,
                "captioner" => &mut other_captioner,
                "volunteer" => &mut other_volunteer,
                _ => &mut other_mm,
            };
            let answer = ask(ws, frame(verb, role, &ids, n)).await;
            pace(role).await;
            // Naming this event's guest, request or ticket from there is never
            // taken: the other event has no such one.
            let names_ours = frame(verb, role, &ids, n)
                .as_object()
                .unwrap()
                .keys()
                .any(|k| ["participant", "request", "ticket", "task"].contains(&k.as_str()));
            if names_ours {
                assert_eq!(
                    answer["type"], "error",
                    "{role} of another event sending {verb}: {answer}"
                );
            }
        }
    }
    // Nothing of the other event's people reached this event's log.
    let after = log_actors(&app, &event).await;
    assert_eq!(
        before, after,
        "this event's log gained an actor from elsewhere"
    );
    // This event's queue and chat are as they were.
    let (_, welcome) = connect(&app, &app.staff(&event, "host").await).await;
    let queue = &welcome["state"]["desks"]["queue"];
    assert_eq!(queue.as_array().unwrap().len(), 1, "{welcome}");
    assert_eq!(queue[0]["ticket"], ids.ticket.as_str());
    assert!(
        queue[0]["note"].is_null(),
        "no note was written from elsewhere: {welcome}"
    );
}

#[tokio::test]
async fn only_a_guests_own_phone_may_confirm_it() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, _host) = evening(&app).await;
    for role in ["host", "matchmaker", "projector", "captioner", "volunteer"] {
        let (mut ws, _) = connect(&app, &app.staff(&event, role).await).await;
        let answer = ask(
            &mut ws,
            json!({"type": "identity.confirm", "id": "c", "digits": "0000"}),
        )
        .await;
        assert_eq!(answer["code"], "forbidden", "{role}: {answer}");
    }
    // A guest whose phone is confirmed already: nothing to do, and no refusal.
    let answer = ask(
        &mut phones[0].1,
        json!({"type": "identity.confirm", "id": "c", "digits": "0000"}),
    )
    .await;
    assert_eq!(answer["type"], "ack", "{answer}");
}
