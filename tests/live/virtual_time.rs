//! The live engine on a manual clock: whole evenings of eight-minute rounds in a
//! fraction of a second, a late joiner against one there all along, and a database
//! that stalls across a round's deadline.

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_at};
use super::{Ws, arrive, ask, connect, next, send, until};

const T0: i64 = 1_800_000_000_000;
const MIN: i64 = 60_000;

/// An event of `rounds` eight-minute rounds with `n` women and `n` men checked in.
async fn evening(app: &TestApp, rounds: u32, n: usize) -> (String, String, Vec<Value>) {
    let mut body = super::helpers::event_body();
    body["rounds"] = json!(rounds);
    body["round_seconds"] = json!(480);
    body["transition_seconds"] = json!(120);
    body["break_after_rounds"] = json!(4);
    body["break_seconds"] = json!(600);
    body["tables"] = json!(
        (1..=n)
            .map(|t| json!({"label": t.to_string(), "accessible": true}))
            .collect::<Vec<_>>()
    );
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let mut people = Vec::new();
    for i in 0..2 * n {
        let g = if i % 2 == 0 { "female" } else { "male" };
        people.push(arrive(app, &event, &format!("P{i}"), g).await);
    }
    let host = app.staff(&event, "host").await;
    (event, host, people)
}

#[tokio::test]
async fn a_whole_twelve_round_evening_with_breaks_runs_by_its_deadlines_in_virtual_time() {
    let app = spawn_app_at(T0).await;
    let (event, host, people) = evening(&app, 12, 12).await;
    let (mut h, _) = connect(&app, &host).await;
    let (mut phone, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    let began = Instant::now();
    assert_eq!(
        ask(&mut h, json!({"type": "event.start", "id": "go"})).await["type"],
        "ack"
    );
    // A break the host inserts after round 7, besides the planned one after round 4.
    let mut seen = Vec::new();
    let mut last_end = T0;
    let mut seats = Vec::new();
    loop {
        let p = until(&mut phone, |v| {
            if v["type"] == "assignment" && v["table"].is_string() {
                seats.push((
                    v["round"].as_i64().unwrap(),
                    v["table"].as_str().unwrap().to_string(),
                ));
            }
            v["type"] == "phase"
        })
        .await;
        let phase = p["phase"].as_str().unwrap().to_string();
        assert_eq!(
            p["started_at"].as_i64(),
            Some(last_end),
            "each phase starts where the last ended: {p}"
        );
        seen.push((phase.clone(), p["round"].as_i64()));
        if phase == "closed" {
            break;
        }
        if phase == "round" && p["round"] == 7 {
            let a = ask(
                &mut h,
                json!({"type": "break.insert", "id": "b", "seconds": 300}),
            )
            .await;
            assert_eq!(a["type"], "ack", "{a}");
        }
        last_end = p["ends_at"].as_i64().unwrap();
        app.clock.set(last_end);
    }
    let elapsed = began.elapsed();
    eprintln!(
        "12 rounds with two breaks ran in {} ms of real time",
        elapsed.as_millis()
    );
    let mut expected = Vec::new();
    for r in 1..=12 {
        expected.push(("round".to_string(), Some(r)));
        if r < 12 {
            expected.push(("transition".to_string(), Some(r + 1)));
            if r == 4 || r == 7 {
                expected.push(("break".to_string(), Some(r + 1)));
            }
        }
    }
    expected.push(("closed".to_string(), Some(12)));
    assert_eq!(seen, expected);
    // The evening's end is exact: 12 rounds of 8, 11 changes of 2, breaks of 10 and 5.
    assert_eq!(
        last_end,
        T0 + 12 * 8 * MIN + 11 * 2 * MIN + 10 * MIN + 5 * MIN
    );
    // Every round and every date is a row.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let dates = blossom::db::live::dates(&db, &event).await.unwrap();
    assert!(
        (1..=12).all(|r| dates.iter().any(|d| d.round == r)),
        "dates in every round"
    );
    assert_eq!(dates.iter().map(|d| d.round).max(), Some(12));
    // The guest's own dates, as their phone was told, are the rows.
    let me = people[0]["id"].as_str().unwrap();
    let mut stored: Vec<(i64, String)> = dates
        .iter()
        .filter(|d| d.a_id == me || d.b_id == me)
        .map(|d| (d.round, d.table_label.clone()))
        .collect();
    seats.dedup();
    stored.sort();
    assert_eq!(seats, stored);
    assert!(seats.len() >= 10, "the guest dated most rounds: {seats:?}");
    let rounds: Vec<(i64, i64, i64)> = sqlx::query_as(
        "SELECT number, started_at, ends_at FROM rounds WHERE event_id = $1 ORDER BY number",
    )
    .bind(&event)
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(rounds.len(), 12);
    assert_eq!(rounds[0], (1, T0, T0 + 8 * MIN));
    assert!(
        rounds.iter().all(|(_, s, e)| e - s == 8 * MIN),
        "{rounds:?}"
    );
}

/// Each frame kind's latest content (without `at`) as a connection has it.
fn fold(state: &mut BTreeMap<String, Value>, frame: &Value) {
    let mut v = frame.clone();
    v.as_object_mut().unwrap().remove("at");
    state.insert(v["type"].as_str().unwrap().to_string(), v);
}

fn snapshot(welcome: &Value) -> BTreeMap<String, Value> {
    let mut out = BTreeMap::new();
    for (k, v) in welcome["state"].as_object().unwrap() {
        if v.is_null() {
            out.insert(k.clone(), Value::Null);
        } else {
            assert_eq!(v["type"], k.as_str(), "the snapshot is keyed by frame type");
            fold(&mut out, v);
        }
    }
    out
}

/// Reads every frame that arrives within `quiet` of the last one.
async fn drain(ws: &mut Ws, into: &mut BTreeMap<String, Value>) {
    while let Ok(frame) = tokio::time::timeout(Duration::from_millis(150), next(ws)).await {
        if frame["type"] != "ack" && frame["type"] != "error" && frame["type"] != "pong" {
            assert!(
                into.contains_key(frame["type"].as_str().unwrap()),
                "a frame its snapshot lacks: {frame}"
            );
            fold(into, &frame);
        }
    }
}

#[tokio::test]
async fn every_role_joining_late_sees_exactly_what_a_connection_there_all_along_sees() {
    let app = spawn_app_at(T0).await;
    let (event, host, people) = evening(&app, 3, 3).await;
    let matchmaker = app.staff(&event, "matchmaker").await;
    let projector = app.staff(&event, "projector").await;
    let tokens = [
        host.clone(),
        matchmaker.clone(),
        projector,
        people[0]["token"].as_str().unwrap().to_string(),
        // The one who rests and the one who goes: their own frames change too.
        people[1]["token"].as_str().unwrap().to_string(),
        people[2]["token"].as_str().unwrap().to_string(),
        people[3]["token"].as_str().unwrap().to_string(),
    ];
    let mut early = Vec::new();
    for t in &tokens {
        let (ws, welcome) = connect(&app, t).await;
        early.push((ws, snapshot(&welcome)));
    }
    let (mut h, _) = connect(&app, &host).await;
    let (mut m, _) = connect(&app, &matchmaker).await;
    let (mut guest, _) = connect(&app, people[1]["token"].as_str().unwrap()).await;
    let steps: Vec<(&str, Value)> = vec![
        ("h", json!({"type": "event.start", "id": "1"})),
        (
            "h",
            json!({"type": "announce", "id": "2", "text": "Tea is served"}),
        ),
        ("g", json!({"type": "rest.request", "id": "3"})),
        ("h", json!({"type": "event.pause", "id": "4"})),
        (
            "h",
            json!({"type": "phase.extend", "id": "5", "seconds": 60}),
        ),
        ("h", json!({"type": "event.resume", "id": "6"})),
        ("clock", json!([9 * MIN, "transition"])),
        (
            "m",
            json!({"type": "gone", "id": "7", "participant": people[2]["id"]}),
        ),
        ("g", json!({"type": "rest.cancel", "id": "8"})),
        ("clock", json!([3 * MIN, "round"])),
    ];
    for (who, v) in steps {
        match who {
            "clock" => {
                // A deadline passes: wait until the evening has moved on.
                app.clock.advance(v[0].as_i64().unwrap());
                let now = app.clock.now();
                until(&mut h, |f| {
                    f["type"] == "phase"
                        && f["phase"] == v[1]
                        && f["started_at"].as_i64() <= Some(now)
                })
                .await;
            }
            "h" => assert_eq!(ask(&mut h, v).await["type"], "ack"),
            "m" => assert_eq!(ask(&mut m, v).await["type"], "ack"),
            _ => assert_eq!(ask(&mut guest, v).await["type"], "ack"),
        }
        for (ws, state) in early.iter_mut() {
            drain(ws, state).await;
        }
        for (t, (_, state)) in tokens.iter().zip(&early) {
            let (_, welcome) = connect(&app, t).await;
            assert_eq!(
                &snapshot(&welcome),
                state,
                "{} joining late",
                welcome["role"]
            );
        }
    }
}

#[tokio::test]
async fn a_stalled_database_answers_unavailable_in_time_and_the_evening_catches_up() {
    let app = spawn_app_at(T0).await;
    let Some(file) = app
        .database_url()
        .strip_prefix("sqlite://")
        .map(String::from)
    else {
        // The lock below is SQLite's; PostgreSQL's own locking is its business.
        eprintln!("skipped on PostgreSQL: the stall is made with a SQLite write lock");
        return;
    };
    let (_, host, people) = evening(&app, 2, 2).await;
    let (mut h, _) = connect(&app, &host).await;
    let (mut phone, _) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    assert_eq!(
        ask(&mut h, json!({"type": "event.start", "id": "go"})).await["type"],
        "ack"
    );
    let round = until(&mut phone, |v| {
        v["type"] == "phase" && v["phase"] == "round"
    })
    .await;
    let deadline = round["ends_at"].as_i64().unwrap();

    // Another connection holds the write lock, as `sqlite3 blossom.db` with
    // `BEGIN EXCLUSIVE` would.
    use sqlx::Connection;
    let mut other = sqlx::SqliteConnection::connect(&format!("sqlite://{file}"))
        .await
        .unwrap();
    let mut lock = other.begin_with("BEGIN EXCLUSIVE").await.unwrap();
    sqlx::query("UPDATE settings SET value = value")
        .execute(&mut *lock)
        .await
        .unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The round's deadline passes while nothing can be written.
    app.clock.set(deadline + 1_000);
    let asked = Instant::now();
    let a = ask(
        &mut h,
        json!({"type": "phase.extend", "id": "x", "seconds": 60}),
    )
    .await;
    let waited = asked.elapsed();
    assert_eq!(
        (a["type"].as_str(), a["code"].as_str()),
        (Some("error"), Some("unavailable")),
        "{a}"
    );
    assert!(
        waited < Duration::from_secs(6),
        "answered within the bound: {waited:?}"
    );
    // Pings go on meanwhile, answered at once.
    let pinged = Instant::now();
    send(&mut phone, json!({"type": "ping", "t": 1.0})).await;
    until(&mut phone, |v| v["type"] == "pong").await;
    let ping = pinged.elapsed();
    assert!(
        ping < Duration::from_millis(100),
        "a ping while stalled: {ping:?}"
    );
    // The lock goes; the evening catches up at the original deadline.
    lock.rollback().await.unwrap();
    let moved = until(&mut phone, |v| {
        v["type"] == "phase" && v["phase"] != "round"
    })
    .await;
    assert_eq!(moved["phase"], "transition");
    assert_eq!(
        moved["started_at"].as_i64(),
        Some(deadline),
        "at the deadline it had"
    );
    eprintln!(
        "stalled: unavailable after {} ms, ping {} µs",
        waited.as_millis(),
        ping.as_micros()
    );
}

#[tokio::test]
async fn a_saved_state_that_cannot_be_read_stops_the_event_and_says_so_to_staff() {
    let mut app = spawn_app_at(T0).await;
    let (event, host, people) = evening(&app, 2, 2).await;
    let (mut h, _) = connect(&app, &host).await;
    assert_eq!(
        ask(&mut h, json!({"type": "event.start", "id": "go"})).await["type"],
        "ack"
    );
    drop(h);
    // A state no version of Blossom wrote (a failed upgrade, a hand edit).
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let broken = r#"{"version": 2, "clock": {"phase": "dancing"}}"#;
    sqlx::query("UPDATE live_state SET state = $1 WHERE event_id = $2")
        .bind(broken)
        .bind(&event)
        .execute(&db)
        .await
        .unwrap();
    app.restart().await;

    // The host is told plainly; a guest is asked to wait.
    let (_, refused) = connect(&app, &host).await;
    assert_eq!(
        (refused["type"].as_str(), refused["code"].as_str()),
        (Some("error"), Some("state_unreadable")),
        "{refused}"
    );
    assert!(
        refused["message"].as_str().unwrap().contains("clock"),
        "names what is wrong: {refused}"
    );
    let (_, guest) = connect(&app, people[0]["token"].as_str().unwrap()).await;
    assert_eq!(guest["code"], "unavailable");
    // /healthz says which event is stopped, and why.
    let health: Value = app.get("/healthz", None).await.json().await.unwrap();
    assert_eq!(health["status"], "degraded");
    assert_eq!(health["events_stopped"][0]["event_id"], event.as_str());
    assert_eq!(health["events_stopped"][0]["code"], "state_unreadable");
    // Nothing starts the event again in the lobby, nor overwrites what was saved.
    let pid = people[1]["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/events/{event}/participants/{pid}/check-in"),
            Some(&app.admin),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 503);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "state_unreadable");
    // Nor does the plan pass a preview off as the evening's.
    let plan = app
        .get(&format!("/api/events/{event}/schedule"), Some(&app.admin))
        .await;
    assert_eq!(plan.status(), 503);
    let (kept,): (String,) = sqlx::query_as("SELECT state FROM live_state WHERE event_id = $1")
        .bind(&event)
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(kept, broken);
}
