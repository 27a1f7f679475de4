//! The live engine over real WebSockets against the real server.

#[allow(dead_code)]
#[path = "../support/app.rs"]
mod helpers;

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use helpers::{TestApp, person, spawn_app};

mod address;
mod caps;
mod chat;
mod claims;
mod crash;
#[path = "../support/crash_run.rs"]
mod crash_run;
mod desk;
mod escorts;
mod instances;
mod interest;
#[path = "../support/keys.rs"]
mod keys;
mod keys_seen;
mod logs;
mod one_sided;
mod organiser;
#[path = "../support/process.rs"]
mod process;
mod programme;
mod purge;
mod relay;
mod retention;
mod stage;
mod verb_matrix;
mod virtual_time;

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(app: &TestApp, token: &str) -> (Ws, Value) {
    connect_lang(app, token, "en").await
}

/// Connects with the server's words in `lang`.
async fn connect_lang(app: &TestApp, token: &str, lang: &str) -> (Ws, Value) {
    let url = app.url("/ws").replace("http://", "ws://");
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    ws.send(Message::Text(
        json!({"type": "hello", "token": token, "lang": lang, "device": helpers::DEVICE})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let welcome = next(&mut ws).await;
    // A guest's link first claimed after the evening started leaves the phone to be
    // confirmed: the tests' organiser confirms it by the code it shows, and the
    // phone connects again (a test of confirming itself says `hello` on its own).
    let identity = &welcome["state"]["identity"];
    if identity["confirmed"] == false {
        let code = identity["code"]
            .as_str()
            .expect("an unconfirmed phone's code");
        let event = welcome["event_id"].as_str().unwrap();
        let me = app.get("/api/me", welcome["session"].as_str()).await;
        let number = me.json::<Value>().await.unwrap()["number"].clone();
        let roster: Value = app
            .participants(event, &app.admin)
            .await
            .json()
            .await
            .unwrap();
        let pid = roster
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["number"] == number)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_string();
        let path = format!("/api/events/{event}/participants/{pid}/confirm");
        let res = app
            .post(&path, Some(&app.admin), &json!({ "code": code }))
            .await;
        assert_eq!(res.status(), 204, "confirming a test phone");
        drop(ws);
        return Box::pin(connect_lang(app, token, lang)).await;
    }
    (ws, welcome)
}

async fn next(ws: &mut Ws) -> Value {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(15), ws.next())
            .await
            .expect("a frame in time")
            .unwrap()
            .unwrap();
        if let Message::Text(t) = msg {
            return serde_json::from_str(&t).unwrap();
        }
    }
}

/// Reads frames until one matches.
async fn until(ws: &mut Ws, mut pred: impl FnMut(&Value) -> bool) -> Value {
    loop {
        let v = next(ws).await;
        if pred(&v) {
            return v;
        }
    }
}

/// Sends a verb and reads until its answer (`ack` or `error` with its `id`).
async fn ask(ws: &mut Ws, v: Value) -> Value {
    let id = v["id"].clone();
    send(ws, v).await;
    until(ws, |f| {
        (f["type"] == "ack" || f["type"] == "error") && f["id"] == id
    })
    .await
}

async fn send(ws: &mut Ws, v: Value) {
    ws.send(Message::Text(v.to_string().into())).await.unwrap();
}

/// Registers a guest and checks them in at the desk; the registration's answer.
async fn arrive(app: &TestApp, event: &str, name: &str, gender: &str) -> Value {
    let p: Value = app
        .register(event, &app.admin, &person(name, gender))
        .await
        .json()
        .await
        .unwrap();
    // Their phone scans the badge's slip at the door: a claim before the evening
    // starts is trusted.
    app.session(p["token"].as_str().unwrap()).await;
    let path = format!(
        "/api/events/{event}/participants/{}/check-in",
        p["id"].as_str().unwrap()
    );
    assert_eq!(
        app.post(&path, Some(&app.admin), &json!({})).await.status(),
        200
    );
    p
}

/// An event of two short rounds with two women and two men, all checked in.
async fn short_event(app: &TestApp, round_seconds: i64) -> (String, String, Vec<Value>) {
    let mut body = helpers::event_body();
    body["rounds"] = json!(2);
    body["round_seconds"] = json!(round_seconds);
    body["transition_seconds"] = json!(1);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let mut people = Vec::new();
    for (name, g) in [
        ("Ann", "female"),
        ("Bo", "male"),
        ("Cai", "female"),
        ("Dan", "male"),
    ] {
        people.push(arrive(app, &event, name, g).await);
    }
    let host = app.staff(&event, "host").await;
    (event, host, people)
}

#[tokio::test]
async fn a_whole_short_event_runs_from_start_to_close_with_consistent_assignments() {
    let app = spawn_app().await;
    let (_, host, people) = short_event(&app, 2).await;
    let (mut h, welcome) = connect(&app, &host).await;
    assert_eq!(welcome["type"], "welcome");
    assert_eq!(welcome["role"], "host");
    assert_eq!(welcome["state"]["phase"]["phase"], "lobby");
    let mut phones = Vec::new();
    for p in &people {
        let (ws, w) = connect(&app, p["token"].as_str().unwrap()).await;
        assert_eq!(w["role"], "participant");
        assert_eq!(w["state"]["me"]["name"], p["display_name"]);
        phones.push(ws);
    }
    send(&mut h, json!({"type": "event.start", "id": "s1"})).await;
    let ack = until(&mut h, |v| v["type"] == "ack" || v["type"] == "error").await;
    assert_eq!(ack, json!({"type": "ack", "id": "s1", "at": ack["at"]}));
    let phase = until(&mut h, |v| v["type"] == "phase").await;
    assert_eq!(
        (phase["phase"].as_str(), phase["round"].as_i64()),
        (Some("round"), Some(1))
    );
    assert_eq!(
        phase["ends_at"].as_i64().unwrap() - phase["started_at"].as_i64().unwrap(),
        2000
    );
    // Round 1: everyone gets their own assignment, and both sides agree.
    let mut seen = Vec::new();
    for (ws, p) in phones.iter_mut().zip(&people) {
        let a = until(ws, |v| v["type"] == "assignment" && v["round"] == 1).await;
        seen.push((p["display_name"].as_str().unwrap().to_string(), a));
    }
    for (name, a) in &seen {
        let partner = a["partner"]["name"]
            .as_str()
            .expect("everyone dates in round 1");
        let (_, b) = seen.iter().find(|(n, _)| n == partner).unwrap();
        assert_eq!(
            b["partner"]["name"],
            name.as_str(),
            "{name} and {partner} see each other"
        );
        assert_eq!(a["table"], b["table"]);
        assert!(a.get("contact").is_none() && a["partner"].get("contact").is_none());
    }
    // The event moves on by itself and closes after round 2.
    let closed = until(&mut h, |v| v["type"] == "phase" && v["phase"] == "closed").await;
    assert_eq!(closed["round"], 2);
    for ws in phones.iter_mut() {
        until(ws, |v| v["type"] == "phase" && v["phase"] == "closed").await;
    }
}

#[tokio::test]
async fn pause_resume_extend_and_skip_are_acked_and_broadcast() {
    let app = spawn_app().await;
    let (_, host, people) = short_event(&app, 60).await;
    let (mut h, _) = connect(&app, &host).await;
    let (mut phone, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    // The host's own answer to each verb: an ack with its id, never an error.
    async fn acked(h: &mut Ws, v: Value) {
        let id = v["id"].clone();
        send(h, v).await;
        let answer = until(h, |f| f["type"] == "ack" || f["type"] == "error").await;
        assert_eq!(answer["type"], "ack", "{answer}");
        assert_eq!(answer["id"], id);
        assert!(answer["at"].as_i64().unwrap() > 1_700_000_000_000);
    }
    acked(&mut h, json!({"type": "event.start", "id": "1"})).await;
    let first = until(&mut phone, |v| {
        v["type"] == "phase" && v["phase"] == "round"
    })
    .await;
    acked(
        &mut h,
        json!({"type": "phase.extend", "id": "2", "seconds": 30}),
    )
    .await;
    let extended = until(&mut phone, |v| v["type"] == "phase").await;
    assert_eq!(
        extended["ends_at"].as_i64().unwrap() - first["ends_at"].as_i64().unwrap(),
        30_000
    );
    acked(&mut h, json!({"type": "event.pause", "id": "3"})).await;
    let paused = until(&mut phone, |v| v["type"] == "phase" && v["paused"] == true).await;
    assert!(paused["remaining_ms"].as_i64().unwrap() > 80_000);
    acked(&mut h, json!({"type": "event.resume", "id": "4"})).await;
    until(&mut phone, |v| v["type"] == "phase" && v["paused"] == false).await;
    acked(&mut h, json!({"type": "phase.skip", "id": "5"})).await;
    let skipped = until(&mut phone, |v| v["type"] == "phase").await;
    assert_eq!(skipped["phase"], "transition");
    acked(
        &mut h,
        json!({"type": "announce", "id": "6", "text": "Tea is served in the lobby"}),
    )
    .await;
    let a = until(&mut phone, |v| v["type"] == "announce").await;
    assert_eq!(a["text"], "Tea is served in the lobby");
    // The host's screen hears the same broadcasts.
    let (_, again) = connect(&app, &host).await;
    assert_eq!(
        again["state"]["announce"]["text"],
        "Tea is served in the lobby"
    );
    assert_eq!(again["state"]["phase"]["phase"], "transition");
}

#[tokio::test]
async fn bad_input_gets_error_frames_and_the_connection_stays() {
    let app = spawn_app().await;
    let (_, host, people) = short_event(&app, 60).await;
    let (mut phone, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    ws_text(&mut phone, "{not json").await;
    assert_eq!(
        until(&mut phone, |v| v["type"] == "error").await["code"],
        "bad_request"
    );
    send(&mut phone, json!({"type": "fly.to.moon", "id": "x"})).await;
    let e = until(&mut phone, |v| v["type"] == "error").await;
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("bad_request"), Some("x"))
    );
    send(&mut phone, json!({"type": "phase.extend", "id": "y"})).await;
    assert_eq!(
        until(&mut phone, |v| v["type"] == "error").await["code"],
        "bad_request",
        "missing field"
    );
    ws_text(
        &mut phone,
        &format!(
            "{{\"type\":\"announce\",\"text\":\"{}\"}}",
            "x".repeat(20_000)
        ),
    )
    .await;
    assert_eq!(
        until(&mut phone, |v| v["type"] == "error").await["code"],
        "too_large"
    );
    send(&mut phone, json!({"type": "event.start", "id": "z"})).await;
    let e = until(&mut phone, |v| v["type"] == "error").await;
    assert_eq!(
        (e["code"].as_str(), e["id"].as_str()),
        (Some("forbidden"), Some("z"))
    );
    // Still connected: ping answers with the same t.
    send(&mut phone, json!({"type": "ping", "t": 1234.5})).await;
    let pong = until(&mut phone, |v| v["type"] == "pong").await;
    assert_eq!(pong["t"], 1234.5);
    assert!(pong["at"].as_i64().unwrap() > 1_700_000_000_000);
    // A bad token: unauthorized.
    let (_, refused) = connect(&app, "nope").await;
    assert_eq!(refused["code"], "unauthorized");
    // The host is not affected by any of this.
    let (mut h, _) = connect(&app, &host).await;
    send(&mut h, json!({"type": "event.start", "id": "ok"})).await;
    assert_eq!(
        until(&mut h, |v| v["type"] == "ack" || v["type"] == "error").await["type"],
        "ack"
    );
}

#[tokio::test]
async fn a_frame_over_16_kib_before_hello_closes_the_connection_unanswered() {
    let app = spawn_app().await;
    let url = app.base.replace("http://", "ws://") + "/ws";
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let big = format!(r#"{{"type":"hello","token":"{}"}}"#, "x".repeat(17 * 1024));
    ws_text(&mut ws, &big).await;
    match tokio::time::timeout(Duration::from_secs(5), ws.next())
        .await
        .unwrap()
    {
        Some(Ok(Message::Close(Some(f)))) => assert_eq!(u16::from(f.code), 1009),
        other => panic!("expected a close, got {other:?}"),
    }
}

async fn ws_text(ws: &mut Ws, text: &str) {
    ws.send(Message::Text(text.to_string().into()))
        .await
        .unwrap();
}

#[tokio::test]
async fn a_restart_mid_round_keeps_the_same_deadline() {
    let mut app = spawn_app().await;
    let (_, host, people) = short_event(&app, 60).await;
    let (mut h, _) = connect(&app, &host).await;
    send(&mut h, json!({"type": "event.start", "id": "1"})).await;
    let before = until(&mut h, |v| v["type"] == "phase" && v["phase"] == "round").await;
    drop(h);
    app.restart().await;
    let (_, welcome) = connect(&app, people[1]["token"].as_str().unwrap()).await;
    let phase = &welcome["state"]["phase"];
    assert_eq!(phase["phase"], "round");
    assert_eq!(phase["round"], 1);
    assert_eq!(
        phase["ends_at"], before["ends_at"],
        "the same deadline after a restart"
    );
    assert!(welcome["state"]["assignment"]["table"].is_string());
}

#[tokio::test]
async fn a_late_arrival_joins_from_the_next_round_and_a_rest_request_gives_a_rest_round() {
    let app = spawn_app().await;
    let (event, host, people) = short_event(&app, 3).await;
    let matchmaker = app.staff(&event, "matchmaker").await;
    let (mut h, _) = connect(&app, &host).await;
    let (mut ann, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    send(&mut h, json!({"type": "event.start", "id": "go"})).await;
    until(&mut ann, |v| v["type"] == "assignment" && v["round"] == 1).await;
    // Ann asks to rest next round; Eve arrives late and is registered and checked in.
    send(&mut ann, json!({"type": "rest.request", "id": "r"})).await;
    assert_eq!(
        until(&mut ann, |v| v["type"] == "ack" || v["type"] == "error").await["type"],
        "ack"
    );
    let eve: Value = app
        .register(&event, &app.admin, &person("Eve", "female"))
        .await
        .json()
        .await
        .unwrap();
    let (mut m, _) = connect(&app, &matchmaker).await;
    send(
        &mut m,
        json!({"type": "checkin", "id": "c", "participant": eve["id"]}),
    )
    .await;
    assert_eq!(
        until(&mut m, |v| v["type"] == "ack" || v["type"] == "error").await["type"],
        "ack"
    );
    // The host sees the head count change.
    let counts = until(&mut h, |v| v["type"] == "counts" && v["present"] == 5).await;
    assert_eq!(counts["registered"], 5);
    let (mut eve_ws, welcome) = connect(&app, eve["token"].as_str().unwrap()).await;
    assert!(
        welcome["state"]["assignment"]["table"].is_null(),
        "not seated in the round under way"
    );
    // Round 2: Ann rests, kindly; Eve has a date.
    let rest = until(&mut ann, |v| v["type"] == "assignment" && v["round"] == 2).await;
    assert!(rest["partner"].is_null() && rest["table"].is_null());
    let eve2 = until(&mut eve_ws, |v| {
        v["type"] == "assignment" && v["round"] == 2
    })
    .await;
    assert!(eve2["partner"]["name"].is_string(), "{eve2}");
    // A participant cannot check people in.
    send(
        &mut ann,
        json!({"type": "checkin", "id": "x", "participant": eve["id"]}),
    )
    .await;
    assert_eq!(
        until(&mut ann, |v| v["type"] == "error").await["code"],
        "forbidden"
    );
}

/// Reads until the server closes the connection; returns the last `error` frame.
async fn until_closed(ws: &mut Ws) -> Option<Value> {
    let mut last_error = None;
    loop {
        match tokio::time::timeout(Duration::from_secs(15), ws.next())
            .await
            .expect("the server closes the connection in time")
        {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == "error" {
                    last_error = Some(v);
                }
            }
            Some(Ok(Message::Close(_))) | None | Some(Err(_)) => return last_error,
            Some(Ok(_)) => {}
        }
    }
}

#[tokio::test]
async fn withdrawing_a_guest_or_reissuing_their_link_closes_their_open_connections() {
    let app = spawn_app().await;
    let (event, host, people) = short_event(&app, 30).await;
    let (mut h, _) = connect(&app, &host).await;
    send(&mut h, json!({"type": "event.start", "id": "go"})).await;
    let (mut ann, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    let (mut bo, _) = connect(&app, people[1]["token"].as_str().unwrap()).await;
    let (mut cai, _) = connect(&app, people[2]["token"].as_str().unwrap()).await;

    // Ann is withdrawn: her phone is told kindly, and the connection closes.
    let session = app.session(people[0]["token"].as_str().unwrap()).await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        people[0]["id"].as_str().unwrap()
    );
    let res = app
        .send_json(reqwest::Method::DELETE, &path, Some(&app.admin), &json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let error = until_closed(&mut ann).await.expect("an error frame first");
    assert_eq!(error["code"], "withdrawn");
    assert!(
        error["message"].as_str().unwrap().contains("erased"),
        "{error}"
    );
    // Her phone's session still reads what is stored about her and asks for
    // erasure (PIPL), and nothing else; her link is nobody's.
    assert_eq!(app.get("/api/me/data", Some(&session)).await.status(), 200);
    let me = app.get("/api/me", Some(&session)).await;
    assert_eq!(me.status(), 403);
    assert_eq!(
        me.json::<Value>().await.unwrap()["type"],
        "/problems/withdrawn"
    );
    assert_eq!(
        app.get(&format!("/api/events/{event}"), Some(&session))
            .await
            .status(),
        403
    );
    let (_, again) = connect(&app, &session).await;
    assert_eq!(again["code"], "withdrawn", "{again}");
    let (_, link) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    assert_eq!(link["code"], "unauthorized", "{link}");
    assert_eq!(
        app.post("/api/me/erasure", Some(&session), &json!({}))
            .await
            .status(),
        202
    );
    // The organiser ends that session: from then on it is nobody's.
    let end = format!("{path}/token");
    let host_tries = app.post(&end, Some(&host), &json!({})).await;
    assert_eq!(host_tries.status(), 409, "only the organiser ends it");
    assert_eq!(
        app.post(&end, Some(&app.admin), &json!({})).await.status(),
        204
    );
    assert_eq!(app.get("/api/me/data", Some(&session)).await.status(), 401);
    let (_, gone) = connect(&app, &session).await;
    assert_eq!(gone["code"], "unauthorized", "{gone}");

    // Bo's link is re-issued (a lost phone): the old connection closes, the new token works.
    let path = format!(
        "/api/events/{event}/participants/{}/token",
        people[1]["id"].as_str().unwrap()
    );
    let fresh: Value = app
        .post(&path, Some(&app.admin), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(until_closed(&mut bo).await.unwrap()["code"], "revoked");
    let (_, welcome) = connect(&app, fresh["token"].as_str().unwrap()).await;
    assert_eq!(welcome["type"], "welcome");
    let (_, refused) = connect(&app, people[1]["token"].as_str().unwrap()).await;
    assert_eq!(refused["code"], "unauthorized");

    // Cai, untouched, stays connected and hears the next change.
    send(
        &mut h,
        json!({"type": "announce", "id": "a", "text": "Tea is served"}),
    )
    .await;
    let heard = until(&mut cai, |v| v["type"] == "announce").await;
    assert_eq!(heard["text"], "Tea is served");
}

#[tokio::test]
async fn a_guest_marked_gone_at_the_desk_shows_as_left_on_the_roster_until_they_return() {
    let app = spawn_app().await;
    let (event, _host, people) = short_event(&app, 30).await;
    let matchmaker = app.staff(&event, "matchmaker").await;
    let (mut m, _) = connect(&app, &matchmaker).await;
    let bo = people[1]["id"].as_str().unwrap();
    let path = format!("/api/events/{event}/participants/{bo}");
    send(
        &mut m,
        json!({"type": "gone", "id": "g", "participant": bo}),
    )
    .await;
    assert_eq!(
        until(&mut m, |v| v["type"] == "ack" || v["type"] == "error").await["type"],
        "ack"
    );
    let left: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert!(left["left_at"].is_i64(), "{left}");
    let first = left["checked_in_at"]
        .as_i64()
        .expect("checked in before leaving");
    let people_frame = until(&mut m, |v| v["type"] == "people").await;
    let me = people_frame["people"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == bo)
        .unwrap()
        .clone();
    assert_eq!(
        (me["gone"].as_bool(), me["present"].as_bool()),
        (Some(true), Some(false))
    );

    send(
        &mut m,
        json!({"type": "checkin", "id": "c", "participant": bo}),
    )
    .await;
    assert_eq!(
        until(&mut m, |v| v["type"] == "ack" || v["type"] == "error").await["type"],
        "ack"
    );
    let back: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert!(back["left_at"].is_null(), "{back}");
    assert_eq!(
        back["checked_in_at"], first,
        "the first arrival's time is kept"
    );
    // The log says left, then returned: by id only.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log = blossom::db::log::list(&db, &event).await.unwrap();
    let kinds: Vec<&str> = log
        .iter()
        .filter(|e| e.data.contains(bo))
        .map(|e| e.kind.as_str())
        .collect();
    assert_eq!(
        kinds,
        [
            "participant.registered",
            "participant.link_claimed",
            "participant.checked_in",
            "participant.left",
            "participant.returned"
        ]
    );
    // Someone of another event, or nobody, is refused.
    send(
        &mut m,
        json!({"type": "gone", "id": "x", "participant": "nobody"}),
    )
    .await;
    assert_eq!(
        until(&mut m, |v| v["type"] == "error").await["code"],
        "unknown_participant"
    );
}

#[tokio::test]
async fn a_staff_link_switched_off_or_reissued_closes_its_connections_and_stops_working() {
    let app = spawn_app().await;
    let (event, _host, _people) = short_event(&app, 30).await;
    let made: Value = app
        .post(
            &format!("/api/events/{event}/staff"),
            Some(&app.admin),
            &json!({"role": "matchmaker", "name": "Li"}),
        )
        .await
        .json()
        .await
        .unwrap();
    let (sid, old) = (
        made["id"].as_str().unwrap(),
        made["token"].as_str().unwrap(),
    );
    let (mut m, welcome) = connect(&app, old).await;
    assert_eq!(welcome["type"], "welcome");

    // A new link: the open connection is closed, the old token refused, the new one works.
    let fresh: Value = app
        .post(
            &format!("/api/events/{event}/staff/{sid}/token"),
            Some(&app.admin),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    let closed = until_closed(&mut m).await.expect("an error frame first");
    assert_eq!(closed["code"], "revoked");
    assert!(closed["message"].as_str().unwrap().contains("organiser"));
    let (_, refused) = connect(&app, old).await;
    assert_eq!(refused["code"], "unauthorized");
    let new = fresh["token"].as_str().unwrap();
    assert_ne!(new, old);
    assert!(fresh["url"].as_str().unwrap().ends_with(new));
    let (mut m, welcome) = connect(&app, new).await;
    assert_eq!(welcome["type"], "welcome");
    let roster = format!("/api/events/{event}/participants");
    assert_eq!(app.get(&roster, Some(new)).await.status(), 200);

    // Switched off: the connection closes, HTTP answers 401, hello `unauthorized`.
    let path = format!("/api/events/{event}/staff/{sid}");
    let res = app
        .send_json(reqwest::Method::DELETE, &path, Some(&app.admin), &json!({}))
        .await;
    assert_eq!(res.status(), 204);
    assert_eq!(until_closed(&mut m).await.unwrap()["code"], "revoked");
    assert_eq!(app.get(&roster, Some(new)).await.status(), 401);
    let (_, refused) = connect(&app, new).await;
    assert_eq!(refused["code"], "unauthorized");

    // The account stays, without a link; the log says who did what, and when.
    let list: Value = app
        .get(&format!("/api/events/{event}/staff"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    let me = list
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == sid)
        .unwrap();
    assert_eq!(me["active"], false);
    assert!(me.get("url").is_none(), "{me}");
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log = blossom::db::log::list(&db, &event).await.unwrap();
    let kinds: Vec<(&str, &str)> = log
        .iter()
        .filter(|e| e.data.contains(sid) && e.kind.starts_with("staff.link"))
        .map(|e| (e.kind.as_str(), e.actor.as_str()))
        .collect();
    assert_eq!(
        kinds,
        [
            ("staff.link_reissued", "admin"),
            ("staff.link_revoked", "admin")
        ]
    );
    // Another event's staff id, or none: 404.
    let res = app
        .send_json(
            reqwest::Method::DELETE,
            &format!("/api/events/{event}/staff/nobody"),
            Some(&app.admin),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 404);
}

#[tokio::test]
async fn plain_http_on_an_address_others_can_reach_is_refused_without_insecure_http() {
    let dir = tempfile::tempdir().unwrap();
    let run = |extra: &[&str]| {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_blossom"));
        c.args(["serve", "--bind", "0.0.0.0:0", "--database-url"])
            .arg(format!("sqlite://{}", dir.path().join("b.db").display()))
            .arg("--secret-file")
            .arg(dir.path().join("b.key"))
            .args(extra)
            .env_remove("BLOSSOM_INSECURE_HTTP")
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        c
    };
    let refused = run(&[]).output().unwrap();
    assert!(!refused.status.success());
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(
        said.contains("--insecure-http") && said.contains("in clear"),
        "{said}"
    );
    // With the flag it starts, and says why it matters.
    let mut started = run(&["--insecure-http"]).spawn().unwrap();
    let mut out = started.stdout.take().unwrap();
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !seen.contains("WARNING: plain HTTP") && std::time::Instant::now() < deadline {
        let mut buf = [0u8; 4096];
        let n = std::io::Read::read(&mut out, &mut buf).unwrap();
        if n == 0 {
            break;
        }
        seen.push_str(&String::from_utf8_lossy(&buf[..n]));
    }
    let _ = started.kill();
    let _ = started.wait();
    assert!(seen.contains("WARNING: plain HTTP"), "{seen}");
    assert!(seen.contains("wake lock"), "{seen}");
}

#[tokio::test]
async fn over_ten_verbs_a_second_from_a_phone_are_rate_limited_and_ping_still_works() {
    let app = spawn_app().await;
    let (_event, _host, people) = short_event(&app, 30).await;
    let (mut phone, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    for i in 0..12 {
        let verb =
            json!({"type": "interest.mark", "id": format!("m{i}"), "round": 99, "choice": "yes"});
        send(&mut phone, verb).await;
    }
    send(&mut phone, json!({"type": "ping", "t": 7})).await;
    let mut codes = Vec::new();
    let mut ponged = false;
    while codes.len() < 12 || !ponged {
        let v = next(&mut phone).await;
        match v["type"].as_str() {
            Some("pong") => ponged = true,
            Some("error") if v["id"].is_string() => {
                codes.push(v["code"].as_str().unwrap().to_string())
            }
            _ => {}
        }
    }
    let limited = codes.iter().filter(|c| *c == "rate_limited").count();
    assert_eq!(limited, 2, "{codes:?}");
    assert!(codes[..10].iter().all(|c| c != "rate_limited"), "{codes:?}");
}
