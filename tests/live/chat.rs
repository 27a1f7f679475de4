//! The private chat area over real WebSockets, on a manual clock: the race for the
//! last room, an expiry that reads "not now", a restart mid-chat, and a guest of
//! another event who cannot touch a request.

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_at};
use super::{Ws, arrive, ask, connect, send, until};

const T0: i64 = 1_800_000_000_000;

/// One room, four guests in two dates, the evening started; the host, each guest's
/// phone (in registration order) and who dates whom.
async fn evening(app: &TestApp) -> (String, Ws, Vec<(Value, Ws)>) {
    let (event, host, phones) = evening_seen(app).await;
    (
        event,
        host,
        phones.into_iter().map(|(p, ws, _)| (p, ws)).collect(),
    )
}

/// As `evening`, with each phone's welcome.
async fn evening_seen(app: &TestApp) -> (String, Ws, Vec<(Value, Ws, Value)>) {
    let mut body = super::helpers::event_body();
    body["rounds"] = json!(3);
    body["rooms"] = json!([{"label": "A", "accessible": true}]);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let mut people = Vec::new();
    for (i, g) in ["female", "male", "female", "male"].iter().enumerate() {
        people.push(arrive(app, &event, &format!("P{i}"), g).await);
    }
    let (mut host, _) = connect(app, &app.staff(&event, "host").await).await;
    send(&mut host, json!({"type": "event.start", "id": "go"})).await;
    until(&mut host, |v| v["type"] == "ack").await;
    let mut phones = Vec::new();
    for p in people {
        let (ws, welcome) = connect(app, p["token"].as_str().unwrap()).await;
        assert_eq!(welcome["state"]["chat"]["state"], "none", "{welcome}");
        phones.push((p, ws, welcome));
    }
    (event, host, phones)
}

/// The first guest invites their partner, who accepts: both are in room A. The
/// partner's index and the room as their phone shows it.
async fn into_room(phones: &mut [(Value, Ws, Value)]) -> (usize, Value) {
    let partner = phones[0].2["state"]["assignment"]["partner"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let b = phones
        .iter()
        .position(|(p, _, _)| p["display_name"] == partner.as_str())
        .unwrap();
    let a = ask(&mut phones[0].1, json!({"type": "chat.invite", "id": "i"})).await;
    assert_eq!(a["type"], "ack");
    let offer = until(&mut phones[b].1, |v| {
        v["type"] == "chat" && v["state"] == "offered"
    })
    .await;
    let yes = json!({"type": "chat.accept", "id": "a", "request": offer["request"]});
    assert_eq!(ask(&mut phones[b].1, yes).await["type"], "ack");
    let room = until(&mut phones[b].1, |v| {
        v["type"] == "chat" && v["state"] == "room"
    })
    .await;
    (b, room)
}

/// The phone whose partner is `name`.
fn partner_of(phones: &[(Value, Ws)], name: &str, welcome_partner: &[(String, String)]) -> usize {
    let (who, _) = welcome_partner.iter().find(|(_, p)| p == name).unwrap();
    phones
        .iter()
        .position(|(p, _)| p["display_name"] == who.as_str())
        .unwrap()
}

#[tokio::test]
async fn two_pairs_race_for_the_last_room_and_an_expiry_reads_not_now() {
    let app = spawn_app_at(T0).await;
    let (_, mut host, seen) = evening_seen(&app).await;
    // Who dates whom, as the phones were told.
    let mut dates = Vec::new();
    let mut phones = Vec::new();
    for (p, ws, welcome) in seen {
        let a = &welcome["state"]["assignment"];
        assert_eq!(a["round"], 1);
        dates.push((
            p["display_name"].as_str().unwrap().to_string(),
            a["partner"]["name"].as_str().unwrap().to_string(),
        ));
        phones.push((p, ws));
    }
    let b = partner_of(&phones, "P0", &dates);
    let d = partner_of(&phones, "P2", &dates);
    // Both women invite; each partner is offered, discreetly, with a deadline.
    for i in [0, 2] {
        let a = ask(
            &mut phones[i].1,
            json!({"type": "chat.invite", "id": "inv"}),
        )
        .await;
        assert_eq!(a["type"], "ack", "{a}");
        let waiting = until(&mut phones[i].1, |v| v["type"] == "chat").await;
        assert_eq!(waiting["state"], "waiting");
    }
    let mut offers = Vec::new();
    for j in [b, d] {
        let offer = until(&mut phones[j].1, |v| v["type"] == "chat").await;
        assert_eq!(offer["state"], "offered");
        assert_eq!(offer["expires_at"].as_i64(), Some(T0 + 60_000));
        offers.push(offer["request"].as_str().unwrap().to_string());
    }
    // Inviting again is refused: busy.
    let again = ask(
        &mut phones[0].1,
        json!({"type": "chat.invite", "id": "again"}),
    )
    .await;
    assert_eq!(again["code"], "busy");
    // Both accept at the same moment: one room, the other pair first in line.
    for (j, r) in [b, d].into_iter().zip(&offers) {
        let f = json!({"type": "chat.accept", "id": format!("acc{j}"), "request": r});
        send(&mut phones[j].1, f).await;
    }
    let mut states = Vec::new();
    for j in [b, d] {
        let s = until(&mut phones[j].1, |v| {
            v["type"] == "chat" && v["state"] != "offered"
        })
        .await;
        states.push((
            s["state"].as_str().unwrap().to_string(),
            s["position"].clone(),
            s["room"].clone(),
        ));
    }
    states.sort_by(|x, y| x.0.cmp(&y.0));
    assert_eq!(states[0], ("queued".to_string(), json!(1), Value::Null));
    assert_eq!(states[1], ("room".to_string(), Value::Null, json!("A")));
    // Staff see the room taken and the queue; never who asked whom.
    let rooms = until(&mut host, |v| {
        v["type"] == "rooms" && !v["queue"].as_array().unwrap().is_empty()
    })
    .await;
    assert_eq!(rooms["rooms"][0]["in_use"], true);
    assert_eq!(rooms["rooms"][0]["numbers"].as_array().unwrap().len(), 2);
    // The room frees: the queued pair is called in.
    let in_room = if states[1].0 == "room" { b } else { d };
    let (first, second) = if in_room == b { (b, d) } else { (d, b) };
    let a = ask(
        &mut phones[first].1,
        json!({"type": "chat.end", "id": "end"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let called = until(&mut phones[second].1, |v| {
        v["type"] == "chat" && v["state"] == "room"
    })
    .await;
    assert_eq!(called["room"], "A");
    // An invitation nobody answers reads "not now", as a decline would.
    let woman = if first == b { 0 } else { 2 };
    let a = ask(
        &mut phones[woman].1,
        json!({"type": "chat.invite", "id": "inv2"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    until(&mut phones[first].1, |v| {
        v["type"] == "chat" && v["state"] == "offered"
    })
    .await;
    app.clock.advance(61_000);
    let lapsed = until(&mut phones[woman].1, |v| {
        v["type"] == "chat" && v["state"] != "waiting"
    })
    .await;
    assert_eq!(lapsed["state"], "not_now");
    let gone = until(&mut phones[first].1, |v| v["type"] == "chat").await;
    assert_eq!(gone["state"], "none", "the invitee is not reminded of it");
    let again = ask(
        &mut phones[woman].1,
        json!({"type": "chat.invite", "id": "inv3"}),
    )
    .await;
    assert_eq!(again["code"], "already_asked");
    // The log names requests only: nobody's id, and a bare role as the actor.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, data FROM event_log WHERE kind LIKE 'chat.%' ORDER BY seq")
            .fetch_all(&db)
            .await
            .unwrap();
    assert!(rows.len() >= 4, "{rows:?}");
    for (actor, data) in &rows {
        assert!(actor == "participant" || actor == "system", "{actor}");
        for (p, _) in &phones {
            assert!(!data.contains(p["id"].as_str().unwrap()), "{data}");
        }
    }
    let stored: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, ended_at FROM chat_requests ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert!(
        stored.contains(&("not_now".to_string(), None)),
        "{stored:?}"
    );
}

#[tokio::test]
async fn a_guest_of_another_event_cannot_touch_a_request_and_staff_cannot_invite() {
    let app = spawn_app_at(T0).await;
    let (_, mut host, mut phones) = evening(&app).await;
    let a = ask(&mut phones[0].1, json!({"type": "chat.invite", "id": "i"})).await;
    assert_eq!(a["type"], "ack");
    let (_, _, mut others) = evening(&app).await;
    let stranger = &mut others[1].1;
    let r = ask(
        stranger,
        json!({"type": "chat.accept", "id": "x", "request": "r1"}),
    )
    .await;
    assert_eq!(r["code"], "unknown_request", "{r}");
    let f = ask(&mut host, json!({"type": "chat.invite", "id": "h"})).await;
    assert_eq!(f["code"], "forbidden");
    let g = ask(
        &mut phones[1].1,
        json!({"type": "room.release", "id": "g", "room": "A"}),
    )
    .await;
    assert_eq!(g["code"], "forbidden");
    let u = ask(
        &mut host,
        json!({"type": "room.release", "id": "u", "room": "Z"}),
    )
    .await;
    assert_eq!(u["code"], "unknown_room");
    // The host sets the invitation time and the longest stay; staff see them.
    let s =
        json!({"type": "chat.settings", "id": "s", "invite_seconds": 90, "longest_seconds": 900});
    assert_eq!(ask(&mut host, s.clone()).await["type"], "ack");
    let rooms = until(&mut host, |v| {
        v["type"] == "rooms" && v["settings"]["invite_ms"] == 90_000
    })
    .await;
    assert_eq!(rooms["settings"]["longest_ms"], 900_000);
    assert_eq!(ask(&mut phones[1].1, s).await["code"], "forbidden");
    let bad =
        json!({"type": "chat.settings", "id": "b", "invite_seconds": 1, "longest_seconds": null});
    assert_eq!(ask(&mut host, bad).await["code"], "bad_seconds");
}

#[tokio::test]
async fn a_restart_mid_chat_keeps_the_room_and_its_end_and_the_stay_ends_on_time() {
    let mut app = spawn_app_at(T0).await;
    let (_, _host, seen) = evening_seen(&app).await;
    let mut phones: Vec<(Value, Ws, Value)> = seen;
    let (b, room) = into_room(&mut phones).await;
    let until_ms = room["until"].as_i64().unwrap();
    let tokens: Vec<String> = [0, b]
        .iter()
        .map(|&i| phones[i].0["token"].as_str().unwrap().to_string())
        .collect();
    drop(phones);
    app.restart().await;
    // Both phones come back to the same room and the same end.
    let mut again = Vec::new();
    for t in &tokens {
        let (ws, welcome) = connect(&app, t).await;
        let chat = &welcome["state"]["chat"];
        assert_eq!(
            (chat["state"].as_str(), chat["room"].as_str()),
            (Some("room"), Some("A")),
            "{welcome}"
        );
        assert_eq!(chat["until"].as_i64(), Some(until_ms));
        again.push(ws);
    }
    // The stay ends at its time, after the restart as before it.
    app.clock.set(until_ms);
    for ws in again.iter_mut() {
        let over = until(ws, |v| v["type"] == "chat").await;
        assert_eq!(over["state"], "none");
    }
}

#[tokio::test]
async fn a_decline_reaches_the_inviter_only_as_a_lapse_would_at_the_end_of_the_window() {
    let mut app = spawn_app_at(T0).await;
    let (_, _host, seen) = evening_seen(&app).await;
    let mut dates = Vec::new();
    let mut phones = Vec::new();
    for (p, ws, welcome) in seen {
        dates.push((
            p["display_name"].as_str().unwrap().to_string(),
            welcome["state"]["assignment"]["partner"]["name"]
                .as_str()
                .unwrap()
                .to_string(),
        ));
        phones.push((p, ws));
    }
    let b = partner_of(&phones, "P0", &dates);
    let d = partner_of(&phones, "P2", &dates);
    // P0 invites b, who declines; P2 invites d, who lets it lapse.
    let mut waiting = Vec::new();
    for i in [0, 2] {
        let a = ask(&mut phones[i].1, json!({"type": "chat.invite", "id": "i"})).await;
        assert_eq!(a["type"], "ack", "{a}");
        waiting.push(until(&mut phones[i].1, |v| v["type"] == "chat").await);
    }
    let offer = until(&mut phones[b].1, |v| v["type"] == "chat").await;
    until(&mut phones[d].1, |v| v["type"] == "chat").await;
    app.clock.advance(5_000);
    let no = json!({"type": "chat.decline", "id": "no", "request": offer["request"]});
    assert_eq!(ask(&mut phones[b].1, no).await["type"], "ack");
    let closed = until(&mut phones[b].1, |v| v["type"] == "chat").await;
    assert_eq!(
        closed["state"], "none",
        "the invitee's prompt closes at once"
    );
    // Within the window both invitations count as pending, for both people.
    for (i, want) in [(0, "busy"), (b, "busy"), (2, "busy"), (d, "busy")] {
        let e = ask(
            &mut phones[i].1,
            json!({"type": "chat.invite", "id": "again"}),
        )
        .await;
        assert_eq!(e["code"], want, "phone {i}: {e}");
    }
    // Over HTTP too: each inviter's own data shows the invitation sent and
    // unanswered.
    let mut mine = Vec::new();
    for i in [0, 2] {
        let session = app.session(phones[i].0["token"].as_str().unwrap()).await;
        let data: Value = app
            .get("/api/me/data", Some(&session))
            .await
            .json()
            .await
            .unwrap();
        let inv = data["invitations"][0].clone();
        assert_eq!(
            (inv["sent"].as_bool(), inv["status"].as_str()),
            (Some(true), Some("offered")),
            "{data}"
        );
        mine.push((
            inv["status"].clone(),
            inv["at"].clone(),
            inv["round"].clone(),
        ));
    }
    assert_eq!(mine[0], mine[1]);
    // A restart within the window: the invitee's prompt stays closed, and each
    // inviter reads the same as before.
    let people: Vec<Value> = phones.into_iter().map(|(p, _)| p).collect();
    app.restart().await;
    let mut phones = Vec::new();
    for p in people {
        let (ws, welcome) = super::connect(&app, p["token"].as_str().unwrap()).await;
        phones.push((p, ws, welcome));
    }
    assert_eq!(phones[b].2["state"]["chat"]["state"], "none");
    assert_eq!(phones[d].2["state"]["chat"]["state"], "offered");
    let strip = |v: &Value| {
        let mut v = v.clone();
        for k in ["request", "at", "type"] {
            v.as_object_mut().unwrap().remove(k);
        }
        v
    };
    for (k, i) in [0, 2].into_iter().enumerate() {
        assert_eq!(
            strip(&phones[i].2["state"]["chat"]),
            strip(&waiting[k]),
            "inviter {i} after the restart"
        );
    }
    // At the end of the window both inviters are told "not now" alike: the same
    // fields, at the same moment.
    app.clock.advance(56_000);
    let mut told = Vec::new();
    for i in [0, 2] {
        told.push(until(&mut phones[i].1, |v| v["type"] == "chat").await);
    }
    assert_eq!(told[0]["state"], "not_now");
    assert_eq!(strip(&told[0]), strip(&told[1]));
    assert_eq!(told[0]["at"], told[1]["at"]);
    // And nothing stored tells them apart.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let stored: Vec<(String, Option<i64>, Option<i64>)> =
        sqlx::query_as("SELECT status, ended_at, room_at FROM chat_requests ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(stored.len(), 2, "{stored:?}");
    assert_eq!(stored[0], stored[1]);
    assert_eq!(stored[0].0, "not_now");
}

#[tokio::test]
async fn a_matchmaker_gives_a_room_five_more_minutes_and_both_phones_and_the_store_see_the_new_end()
{
    let app = spawn_app_at(T0).await;
    let (event, mut host, seen) = evening_seen(&app).await;
    let mut phones: Vec<(Value, Ws, Value)> = seen;
    // Nobody in the room yet: nothing to extend.
    let empty = ask(
        &mut host,
        json!({"type": "room.extend", "id": "e0", "room": "A"}),
    )
    .await;
    assert_eq!(empty["code"], "room_empty", "{empty}");
    let (b, room) = into_room(&mut phones).await;
    let end = room["until"].as_i64().unwrap();
    let (mut matchmaker, welcome) = connect(&app, &app.staff(&event, "matchmaker").await).await;
    // The pair in the room is no longer listed at their table; the others are.
    let listed: Vec<i64> = welcome["state"]["tables"]["tables"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| {
            t["numbers"]
                .as_array()
                .unwrap()
                .iter()
                .filter_map(|n| n.as_i64())
        })
        .collect();
    assert!(!listed.is_empty(), "{welcome}");
    for i in [0, b] {
        let number = phones[i].0["number"].as_i64().unwrap();
        assert!(
            !listed.contains(&number),
            "{number} is in the room: {listed:?}"
        );
    }
    let ok = ask(
        &mut matchmaker,
        json!({"type": "room.extend", "id": "e1", "room": "A"}),
    )
    .await;
    assert_eq!(ok["type"], "ack", "{ok}");
    let later = end + 5 * 60_000;
    for i in [0, b] {
        let seen = until(&mut phones[i].1, |v| {
            v["type"] == "chat" && v["until"] == later
        })
        .await;
        assert_eq!(seen["state"], "room");
    }
    let rooms = until(&mut matchmaker, |v| v["type"] == "rooms").await;
    assert_eq!(rooms["rooms"][0]["until"], later, "{rooms}");
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let stored: Vec<(Option<i64>,)> =
        sqlx::query_as("SELECT until FROM chat_requests WHERE status = 'room'")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(stored, vec![(Some(later),)]);
    // A guest may not, and a room that does not exist is said so.
    let guest = ask(
        &mut phones[2].1,
        json!({"type": "room.extend", "id": "g", "room": "A"}),
    )
    .await;
    assert_eq!(guest["code"], "forbidden");
    let none = ask(
        &mut host,
        json!({"type": "room.extend", "id": "z", "room": "Z"}),
    )
    .await;
    assert_eq!(none["code"], "unknown_room");
    // The stay is not over at the old end, and is at the new one.
    app.clock.set(end + 1_000);
    let no = ask(&mut phones[0].1, json!({"type": "chat.invite", "id": "x"})).await;
    assert_eq!(no["code"], "busy", "still in the room: {no}");
    app.clock.set(later);
    let over = until(&mut phones[0].1, |v| {
        v["type"] == "chat" && v["state"] == "none"
    })
    .await;
    assert_eq!(over["state"], "none");
}

#[tokio::test]
async fn ending_the_evening_closes_every_room_clears_the_seating_and_takes_down_the_announcement() {
    let app = spawn_app_at(T0).await;
    let (event, mut host, seen) = evening_seen(&app).await;
    let mut phones: Vec<(Value, Ws, Value)> = seen;
    let said = json!({"type": "announce", "id": "an", "text": "茶点在大厅后方。"});
    assert_eq!(ask(&mut host, said).await["type"], "ack");
    let (b, _) = into_room(&mut phones).await;
    let end = ask(&mut host, json!({"type": "event.end", "id": "end"})).await;
    assert_eq!(end["type"], "ack", "{end}");
    for i in [0, b] {
        let over = until(&mut phones[i].1, |v| {
            v["type"] == "chat" && v["state"] != "waiting" && v["state"] != "room"
        })
        .await;
        assert_eq!(over["state"], "none", "{over}");
    }
    // A screen opened now: the rooms free, nobody at a table, no old announcement.
    let (_, welcome) = connect(&app, &app.staff(&event, "projector").await).await;
    let state = &welcome["state"];
    assert_eq!(state["phase"]["phase"], "closed");
    assert_eq!(state["announce"]["text"], "", "taken down: {state}");
    assert_eq!(state["tables"]["tables"], json!([]), "{state}");
    assert!(
        state["rooms"]["rooms"]
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r["in_use"] == false),
        "{state}"
    );
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let stored: Vec<(String, Option<i64>)> =
        sqlx::query_as("SELECT status, ended_at FROM chat_requests WHERE room_at IS NOT NULL")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(stored.len(), 1);
    assert_eq!(stored[0].0, "ended");
    assert!(stored[0].1.is_some());
}

#[tokio::test]
async fn a_desk_ticket_says_where_its_guest_is_and_a_call_waits_for_a_guest_in_a_room() {
    let app = spawn_app_at(T0).await;
    let (event, _host, seen) = evening_seen(&app).await;
    let mut phones: Vec<(Value, Ws, Value)> = seen;
    let (b, _) = into_room(&mut phones).await;
    let c = (1..phones.len()).find(|&i| i != b).unwrap();
    let join = json!({"type": "desk.join", "id": "j", "reason": "advice"});
    assert_eq!(ask(&mut phones[0].1, join).await["type"], "ack");
    let come = json!({"type": "desk.join", "id": "k", "reason": "help", "come_to_me": true, "place": " 大厅门口 "});
    assert_eq!(ask(&mut phones[c].1, come).await["type"], "ack");
    let (mut mm, welcome) = connect(&app, &app.staff(&event, "matchmaker").await).await;
    let queue = welcome["state"]["desks"]["queue"]
        .as_array()
        .unwrap()
        .clone();
    let of = |i: usize| {
        let number = phones[i].0["number"].clone();
        queue
            .iter()
            .find(|t| t["number"] == number)
            .unwrap()
            .clone()
    };
    let in_room = of(0);
    assert_eq!(
        (in_room["room"].as_str(), in_room["table"].as_str()),
        (Some("A"), None),
        "{in_room}"
    );
    assert!(
        in_room["in_date_until"].is_i64(),
        "busy until the stay ends: {in_room}"
    );
    let there = of(c);
    assert_eq!(there["place"], "大厅门口", "{there}");
    assert!(
        there["table"].is_string() && there["room"].is_null(),
        "{there}"
    );
    // The guest in the room is passed over; the one who asked for a visit is not.
    let next = ask(
        &mut mm,
        json!({"type": "desk.next", "id": "n", "desk": "Desk 1"}),
    )
    .await;
    assert_eq!(next["type"], "ack", "{next}");
    let desks = until(&mut mm, |v| {
        v["type"] == "desks" && !v["desks"][0]["ticket"].is_null()
    })
    .await;
    assert_eq!(
        desks["desks"][0]["ticket"]["number"], phones[c].0["number"],
        "{desks}"
    );
}
