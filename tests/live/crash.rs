//! The server killed with SIGKILL mid-round and started again: the event resumes
//! with the same round and the same deadline, and moves on by itself.

use serde_json::{Value, json};

use super::process::{Options, Served, free_port, serve_with};
use super::{next, send, until};

/// The organiser's token of these tests (at least 32 characters, as the server asks).
const ADMIN: &str = "crash-test-admin-token-0123456789abcdef";

/// The real binary, on SQLite in `dir` or on the PostgreSQL database `.ci/run` gives.
async fn start(dir: &std::path::Path, port: u16, database_url: &str) -> Served {
    let options = Options {
        database_url: Some(database_url.to_string()),
        ..Options::default()
    };
    serve_with(
        std::path::Path::new(env!("CARGO_BIN_EXE_blossom")),
        dir,
        port,
        ADMIN,
        options,
    )
    .await
}

/// A `hello` on `port` with `token` (the device `test-phone`), and its answer.
pub(super) async fn hello(port: u16, token: &str) -> (super::Ws, Value) {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/ws"))
        .await
        .unwrap();
    send(
        &mut ws,
        json!({"type": "hello", "token": token, "lang": "en", "device": "test-phone"}),
    )
    .await;
    let welcome = next(&mut ws).await;
    (ws, welcome)
}

/// An event made by `body` with Ann and Bo registered and checked in, and a host:
/// the event's id, the guests' tokens and the host's token.
pub(super) async fn two_guests_and_a_host(
    server: &Served,
    admin: &str,
    body: &Value,
) -> (String, Vec<String>, String) {
    let event: Value = server.post("/api/events", admin, body).await.1;
    let event = event["id"].as_str().unwrap().to_string();
    let mut tokens = Vec::new();
    for (name, g) in [("Ann", "female"), ("Bo", "male")] {
        let p: Value = server
            .post(
                &format!("/api/events/{event}/participants"),
                admin,
                &crate::helpers::person(name, g),
            )
            .await
            .1;
        let check_in = format!(
            "/api/events/{event}/participants/{}/check-in",
            p["id"].as_str().unwrap()
        );
        assert_eq!(server.post(&check_in, admin, &json!({})).await.0, 200);
        tokens.push(p["token"].as_str().unwrap().to_string());
    }
    let host: Value = server
        .post(
            &format!("/api/events/{event}/staff"),
            admin,
            &json!({"role": "host", "name": "H"}),
        )
        .await
        .1;
    (event, tokens, host["token"].as_str().unwrap().to_string())
}

#[tokio::test]
async fn after_kill_9_the_event_resumes_with_the_same_deadline_and_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let database_url = crate::helpers::fresh_database_url(dir.path()).await;
    let server = start(dir.path(), port, &database_url).await;
    let mut body = crate::helpers::event_body();
    body["rounds"] = json!(2);
    body["round_seconds"] = json!(4);
    body["transition_seconds"] = json!(1);
    body["break_after_rounds"] = json!(0);
    let (_, tokens, host) = two_guests_and_a_host(&server, ADMIN, &body).await;
    let (mut h, _) = hello(port, &host).await;
    send(&mut h, json!({"type": "event.start", "id": "go"})).await;
    let before = until(&mut h, |v| v["type"] == "phase" && v["phase"] == "round").await;

    let deadline = before["ends_at"].as_i64().unwrap();
    let (round_ms, transition_ms) = (4_000, 1_000);
    assert_eq!(deadline - before["started_at"].as_i64().unwrap(), round_ms);

    drop(server); // SIGKILL: no shutdown, no last words.
    let _server = start(dir.path(), port, &database_url).await;

    // The restart may take longer than what was left of the round: wherever the
    // evening is now, it got there by the original deadlines, to the millisecond.
    let (mut phone, welcome) = hello(port, &tokens[0]).await;
    let phase = &welcome["state"]["phase"];
    let at = |v: &Value, k: &str| v[k].as_i64();
    match (phase["phase"].as_str().unwrap(), phase["round"].as_i64()) {
        ("round", Some(1)) => {
            assert_eq!(
                at(phase, "ends_at"),
                Some(deadline),
                "the same deadline after kill -9"
            );
            assert_eq!(
                welcome["state"]["assignment"]["partner"]["name"], "Bo",
                "{welcome}"
            );
        }
        ("transition", Some(2)) => {
            assert_eq!(at(phase, "started_at"), Some(deadline));
            assert_eq!(at(phase, "ends_at"), Some(deadline + transition_ms));
        }
        ("round", Some(2)) => {
            assert_eq!(at(phase, "started_at"), Some(deadline + transition_ms));
            assert_eq!(
                at(phase, "ends_at"),
                Some(deadline + transition_ms + round_ms)
            );
        }
        other => panic!("the restart took too long to tell: {other:?} {welcome}"),
    }
    // It moves on by itself, at the original deadlines: round 1's end, a change of
    // tables, and round 2.
    let closed = until(&mut phone, |v| {
        v["type"] == "phase" && v["phase"] == "closed"
    })
    .await;
    assert_eq!(
        at(&closed, "started_at"),
        Some(deadline + transition_ms + round_ms),
        "closed exactly when round 2 ended: {closed}"
    );
}

/// The scripted evening of every verb, killed three times at random moments (the
/// benchmark `crash` kills it fifty times): every acknowledged change survives,
/// and the clock resumes within a second.
#[tokio::test]
async fn an_evening_of_every_verb_killed_at_random_moments_keeps_every_acknowledged_change() {
    let dir = tempfile::tempdir().unwrap();
    let database_url = crate::helpers::fresh_database_url(dir.path()).await;
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_blossom"));
    let report = crate::crash_run::run(bin, dir.path(), &database_url, 3, 7).await;
    eprintln!("{report:?}");
    assert_eq!(report.kills, 4, "{report:?}");
    assert!(report.acked > 20, "{report:?}");
    assert!(report.checked > 10, "{report:?}");
    assert!(report.worst_resume_ms <= 1000, "{report:?}");
}
