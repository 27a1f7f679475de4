//! Any instance serves any phone (PostgreSQL only, the tier of `.ci/run` that has
//! it): a phone or an organiser's command that reaches an instance not running
//! the event is passed on to its owner; a frozen owner, woken after its lease ran
//! out, writes nothing more and closes its connections with 1012. And on any
//! database, SIGTERM stops a server cleanly, telling its connections 1012.

use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::crash::hello;
use super::instances::{ADMIN, logged_once, runs};
use super::process::{Served, free_port};

fn bin() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_BIN_EXE_blossom"))
}

fn postgres() -> bool {
    let on = std::env::var("BLOSSOM_TEST_POSTGRES_URL").is_ok_and(|u| !u.is_empty());
    if !on {
        eprintln!("skipped: needs BLOSSOM_TEST_POSTGRES_URL (the PostgreSQL tier of .ci/run)");
    }
    on
}

/// Two instances, a and b, on a fresh database: the folder, the database and both
/// (with their ports).
async fn two_instances() -> (tempfile::TempDir, String, (Served, u16), (Served, u16)) {
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database_url(dir.path()).await;
    let (pa, pb) = (free_port(), free_port());
    let a = start(dir.path(), &url, "a", pa).await;
    let b = start(dir.path(), &url, "b", pb).await;
    (dir, url, (a, pa), (b, pb))
}

/// Sends a signal (`-STOP`, `-CONT`, `-TERM`) to a server's process.
fn signal(server: &Served, which: &str) {
    let pid = server.child.id().to_string();
    let sent = std::process::Command::new("kill")
        .args([which, &pid])
        .status()
        .unwrap();
    assert!(sent.success());
}

/// Checks every guest in through `server`.
async fn check_in(server: &Served, event: &str, guests: &[(String, String)]) {
    for (id, _) in guests {
        let path = format!("/api/events/{event}/participants/{id}/check-in");
        let (status, answer) = server.post(&path, ADMIN, &json!({})).await;
        assert_eq!(status, 200, "{answer}");
    }
}

async fn start(dir: &std::path::Path, url: &str, name: &str, port: u16) -> Served {
    let options = super::process::Options {
        database_url: Some(url.to_string()),
        instance: Some(name.to_string()),
        ..Default::default()
    };
    super::process::serve_with(bin(), dir, port, ADMIN, options).await
}

/// An event of short rounds with Ann and Bo registered (not checked in) and a
/// host: the event, the guests' ids and links, the host's link.
async fn evening(server: &Served, round_seconds: u32) -> (String, Vec<(String, String)>, String) {
    let mut body = crate::helpers::event_body();
    body["rounds"] = json!(4);
    body["round_seconds"] = json!(round_seconds);
    body["transition_seconds"] = json!(1);
    body["break_after_rounds"] = json!(0);
    let event: Value = server.post("/api/events", ADMIN, &body).await.1;
    let event = event["id"].as_str().unwrap().to_string();
    let mut guests = Vec::new();
    for (name, g) in [("Ann", "female"), ("Bo", "male")] {
        let path = format!("/api/events/{event}/participants");
        let p = server
            .post(&path, ADMIN, &crate::helpers::person(name, g))
            .await
            .1;
        guests.push((
            p["id"].as_str().unwrap().to_string(),
            p["token"].as_str().unwrap().to_string(),
        ));
    }
    let path = format!("/api/events/{event}/staff");
    let host = server
        .post(&path, ADMIN, &json!({"role": "host", "name": "H"}))
        .await
        .1;
    (event, guests, host["token"].as_str().unwrap().to_string())
}

/// Reads until the server closes: the close code, if it gave one, and the last
/// `error` frame before it.
async fn closed(ws: &mut super::Ws, within: Duration) -> (Option<CloseCode>, Option<Value>) {
    let mut last_error = None;
    loop {
        let msg = tokio::time::timeout(within, ws.next())
            .await
            .expect("the connection closes in time");
        match msg {
            Some(Ok(Message::Text(t))) => {
                let v: Value = serde_json::from_str(&t).unwrap();
                if v["type"] == "error" {
                    last_error = Some(v);
                }
            }
            Some(Ok(Message::Close(frame))) => return (frame.map(|f| f.code), last_error),
            None | Some(Err(_)) => return (None, last_error),
            Some(Ok(_)) => {}
        }
    }
}

/// Says `hello` on `port` until a `welcome` comes (the event may be between
/// owners for a few seconds), within `secs`.
async fn welcomed(port: u16, token: &str, secs: u64) -> (super::Ws, Value) {
    let began = Instant::now();
    loop {
        let url = format!("ws://127.0.0.1:{port}/ws");
        let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let hi = json!({"type": "hello", "token": token, "lang": "en", "device": "test-phone"});
        super::send(&mut ws, hi).await;
        // A text frame (`welcome`, or an `error` saying why not), or the close
        // that says the event is between owners.
        let first = loop {
            match tokio::time::timeout(Duration::from_secs(10), ws.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => break serde_json::from_str(&t).unwrap(),
                Ok(Some(Ok(Message::Close(f)))) => {
                    break json!({ "closed": f.map(|f| u16::from(f.code)) });
                }
                Ok(Some(Ok(_))) => continue,
                _ => break json!({ "closed": null }),
            }
        };
        if first["type"] == "welcome" {
            return (ws, first);
        }
        assert!(
            began.elapsed() < Duration::from_secs(secs),
            "no welcome within {secs} s: {first}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn on_postgres_phones_and_commands_reaching_another_instance_reach_the_owner() {
    if !postgres() {
        return;
    }
    let (dir, url, (a, pa), (b, pb)) = two_instances().await;
    let (event, guests, host) = evening(&a, 30).await;
    // The host's console opens the lobby on a: a runs the event.
    let (mut h, welcome) = hello(pa, &host).await;
    assert_eq!(welcome["type"], "welcome", "{welcome}");
    // Check-ins through b reach a's lobby (the host sees both guests arrive).
    check_in(&b, &event, &guests).await;
    super::until(&mut h, |v| v["type"] == "counts" && v["present"] == 2).await;
    // Ann's phone reaches the evening through b, which does not take it over; Bo's
    // reaches a itself.
    let (mut ann, w) = hello(pb, &guests[0].1).await;
    assert_eq!(w["type"], "welcome", "{w}");
    let (mut bo, w) = hello(pa, &guests[1].1).await;
    assert_eq!(w["type"], "welcome", "{w}");
    assert_eq!(runs(&b.base, "a").await, vec![event.clone()]);
    assert!(runs(&b.base, "b").await.is_empty());
    // The evening's frames and a phone's verbs go both ways through b.
    let started = super::ask(&mut h, json!({"type": "event.start", "id": "go"})).await;
    assert_eq!(started["type"], "ack", "{started}");
    super::until(&mut ann, |v| v["type"] == "phase" && v["phase"] == "round").await;
    super::send(&mut ann, json!({"type": "ping", "id": "p1", "t": 1})).await;
    super::until(&mut ann, |v| v["type"] == "pong").await;
    // A new link for Bo, asked of b, switches off his phone on a.
    let path = format!("/api/events/{event}/participants/{}/token", guests[1].0);
    let (status, answer) = b.post(&path, ADMIN, &json!({})).await;
    assert!(status.is_success(), "{status} {answer}");
    let (_, last) = closed(&mut bo, Duration::from_secs(10)).await;
    assert_eq!(last.map(|e| e["code"].clone()), Some(json!("revoked")));
    // A third instance that stops cleanly (SIGTERM) tells the console it passed
    // on 1012, so that it finds the evening elsewhere at once.
    let pc = free_port();
    let c = start(dir.path(), &url, "c", pc).await;
    let (mut hc, w) = hello(pc, &host).await;
    assert_eq!(w["type"], "welcome", "{w}");
    signal(&c, "-TERM");
    let (code, _) = closed(&mut hc, Duration::from_secs(5)).await;
    assert_eq!(code, Some(CloseCode::Restart));

    // The owner dies: the phone on b is told 1012 and finds the evening again
    // (on b, once a's lease has run out) within ten seconds.
    drop(a);
    let killed = Instant::now();
    let (code, _) = closed(&mut ann, Duration::from_secs(10)).await;
    assert_eq!(code, Some(CloseCode::Restart));
    let (_, w) = welcomed(pb, &guests[0].1, 10).await;
    assert!(
        killed.elapsed() < Duration::from_secs(10),
        "{:?}",
        killed.elapsed()
    );
    assert_eq!(w["state"]["phase"]["phase"], "round", "{w}");
    assert_eq!(runs(&b.base, "b").await, vec![event.clone()]);
    logged_once(&url, &event).await;
}

#[tokio::test]
async fn on_postgres_an_owner_frozen_past_its_lease_writes_nothing_more_when_woken_and_closes_with_1012()
 {
    if !postgres() {
        return;
    }
    let (_dir, url, (a, pa), (b, pb)) = two_instances().await;
    let (event, guests, host) = evening(&a, 3).await;
    check_in(&a, &event, &guests).await;
    let (mut h, _) = hello(pa, &host).await;
    super::send(&mut h, json!({"type": "event.start", "id": "go"})).await;
    super::until(&mut h, |v| v["type"] == "phase" && v["phase"] == "round").await;

    // A partition without network tools: a is frozen past its lease (and past a
    // round's end, which it will want to act on when it wakes).
    signal(&a, "-STOP");
    let frozen = Instant::now();
    while runs(&b.base, "b").await != vec![event.clone()] {
        assert!(
            frozen.elapsed() < Duration::from_secs(8),
            "b did not take over"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    signal(&a, "-CONT");
    // Woken, a finds its term stale: the host's console on a is told 1012.
    let (code, _) = closed(&mut h, Duration::from_secs(10)).await;
    assert_eq!(code, Some(CloseCode::Restart));
    // And the evening went on at b: the host finds it there, past round 1.
    let (mut h, _) = welcomed(pb, &host, 10).await;
    super::until(&mut h, |v| {
        v["type"] == "phase" && v["round"].as_i64() >= Some(3)
    })
    .await;
    // Every phase change was logged once: a, woken, wrote none of its own.
    logged_once(&url, &event).await;
    drop(a);
}

/// On SQLite too: SIGTERM (what systemd or a container runtime sends) stops the
/// server cleanly, and a connected console is told 1012 before the process ends.
#[tokio::test]
async fn sigterm_stops_the_server_cleanly_telling_its_connections_1012() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let mut served = super::process::serve(bin(), dir.path(), port, ADMIN).await;
    let (_, _, host) = evening(&served, 30).await;
    let (mut h, w) = hello(port, &host).await;
    assert_eq!(w["type"], "welcome", "{w}");
    signal(&served, "-TERM");
    let (code, _) = closed(&mut h, Duration::from_secs(5)).await;
    assert_eq!(code, Some(CloseCode::Restart));
    let began = Instant::now();
    while served.child.try_wait().unwrap().is_none() {
        assert!(
            began.elapsed() < Duration::from_secs(5),
            "still running 5 s after SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}
