//! The keys each role receives in the live protocol, enumerated: every frame of the
//! welcome snapshot (which is built by the same function as every live update) at
//! the busiest moments of an evening, and the answers to verbs. Staff never receive
//! an avoid list, an orientation, an age, a marital status or a contact, and a
//! guest's interest reaches nobody else. The whole list is kept in
//! `tests/fixtures/frame-keys.txt`, so any new key is a reviewed decision.

use std::collections::BTreeSet;

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_at};
use super::interest::{close_and_reveal, evening, mark, partner_of_first};
use super::keys::{check_against, leaf, paths};
use super::{ask, connect, until};

const T0: i64 = 1_800_000_000_000;

/// A fresh connection's welcome for each role, as `role kind.path` lines.
async fn welcomes(app: &TestApp, who: &[(&str, String)], out: &mut BTreeSet<String>) {
    for (role, token) in who {
        let (_ws, welcome) = connect(app, token).await;
        assert_eq!(welcome["type"], "welcome", "{welcome}");
        let mut keys = BTreeSet::new();
        paths(&welcome, "", &mut keys);
        for k in keys {
            out.insert(format!("{role} {k}"));
        }
    }
}

fn answer(role: &str, a: &Value, out: &mut BTreeSet<String>) {
    let mut keys = BTreeSet::new();
    paths(a, "", &mut keys);
    let kind = a["type"].as_str().unwrap_or("?");
    for k in keys {
        out.insert(format!("{role} answer:{kind} {k}"));
    }
}

#[tokio::test]
async fn every_role_receives_only_the_keys_listed_for_it() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, mut host) = evening(&app).await;
    let mut seen = BTreeSet::new();
    let host_token = app.staff(&event, "host").await;
    let mm_token = app.staff(&event, "matchmaker").await;
    let projector = app.staff(&event, "projector").await;
    let (mut mm, _) = connect(&app, &mm_token).await;

    // Round 1: Ann invites her partner, who accepts (a room in use); the other
    // pair's invitation waits; the fourth guest queues at a desk with a note.
    let b = partner_of_first(&mut phones).await;
    let others: Vec<usize> = (1..4).filter(|&i| i != b).collect();
    let a = ask(&mut phones[0].1, json!({"type": "chat.invite", "id": "i"})).await;
    answer("participant", &a, &mut seen);
    let offer = until(&mut phones[b].1, |v| v["type"] == "chat").await;
    let r = offer["request"].as_str().unwrap().to_string();
    let a = ask(
        &mut phones[b].1,
        json!({"type": "chat.accept", "id": "a", "request": r}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let a = ask(
        &mut phones[others[0]].1,
        json!({"type": "chat.invite", "id": "j"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let a = ask(
        &mut phones[others[1]].1,
        json!({"type": "desk.join", "id": "d", "reason": "access", "note": "a ramp, please"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let a = ask(
        &mut mm,
        json!({"type": "desk.join", "id": "c", "reason": "advice", "participant": phones[0].0["id"], "come_to_me": true}),
    )
    .await;
    answer("matchmaker", &a, &mut seen);
    let a = ask(
        &mut mm,
        json!({"type": "desk.next", "id": "n", "desk": "Desk 1"}),
    )
    .await;
    answer("matchmaker", &a, &mut seen);
    let wrong = ask(
        &mut host,
        json!({"type": "interest.mark", "id": "x", "round": 1, "choice": "yes"}),
    )
    .await;
    answer("host", &wrong, &mut seen);
    for (i, (_, ws)) in phones.iter_mut().enumerate() {
        let a = mark(ws, 1, if i % 2 == 0 { "yes" } else { "friend" }).await;
        assert_eq!(a["type"], "ack", "{a}");
    }
    // The stage: an introduction with consent, the spotlight, a caption, a poll
    // answered and closed (too few answers for counts).
    let a = ask(
        &mut phones[0].1,
        json!({"type": "intro.set", "id": "in", "text": "我喜欢唱歌。", "on_stage": true}),
    )
    .await;
    answer("participant", &a, &mut seen);
    let guest = phones[0].0["id"].clone();
    for f in [
        json!({"type": "spotlight.set", "id": "sp", "participant": guest}),
        json!({"type": "caption.send", "id": "cs", "text": "欢迎大家", "speaker": "主持人"}),
        json!({"type": "poll.open", "id": "po", "question": "最佳才艺？", "options": ["唱歌", "手语舞"]}),
    ] {
        let a = ask(&mut host, f).await;
        assert_eq!(a["type"], "ack", "{a}");
    }
    let a = ask(
        &mut phones[1].1,
        json!({"type": "poll.answer", "id": "pa", "poll": "q1", "option": 1}),
    )
    .await;
    answer("participant", &a, &mut seen);
    let captioner = app.staff(&event, "captioner").await;
    let volunteer = app.staff(&event, "volunteer").await;
    // A guest asks for a volunteer, who takes the task.
    let (mut vol, _) = connect(&app, &volunteer).await;
    let a = ask(&mut vol, json!({"type": "volunteer.on", "id": "on"})).await;
    answer("volunteer", &a, &mut seen);
    let a = ask(
        &mut phones[2].1,
        json!({"type": "escort.ask", "id": "ea", "to": "洗手间"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let a = ask(
        &mut vol,
        json!({"type": "escort.take", "id": "et", "task": "e1"}),
    )
    .await;
    answer("volunteer", &a, &mut seen);
    let mut who: Vec<(&str, String)> = phones
        .iter()
        .map(|(p, _)| ("participant", p["token"].as_str().unwrap().to_string()))
        .collect();
    who.push(("host", host_token.clone()));
    who.push(("matchmaker", mm_token.clone()));
    who.push(("projector", projector.clone()));
    who.push(("captioner", captioner.clone()));
    who.push(("volunteer", volunteer.clone()));
    welcomes(&app, &who, &mut seen).await;
    let a = ask(
        &mut host,
        json!({"type": "poll.close", "id": "pc", "poll": "q1"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");

    // The close and the reveal: matches, results and the follow-up list.
    close_and_reveal(&app, &mut host).await;
    welcomes(&app, &who, &mut seen).await;

    for line in &seen {
        let (role, rest) = line.split_once(' ').unwrap();
        let path = rest.rsplit(' ').next().unwrap();
        if role != "participant" {
            assert!(
                !blossom::core::fields::ORGANISER_ONLY.contains(&leaf(path))
                    && leaf(path) != "choice",
                "{role} receives {path}"
            );
        }
    }
    check_against("frame-keys.txt", &seen);
}
