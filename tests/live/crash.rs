//! The server killed with SIGKILL mid-round and started again: the event resumes
//! with the same round and the same deadline, and moves on by itself.

use serde_json::{Value, json};

use super::process::{Served, free_port, serve};
use super::{next, send, until};

async fn start(dir: &std::path::Path, port: u16) -> Served {
    serve(
        std::path::Path::new(env!("CARGO_BIN_EXE_blossom")),
        dir,
        port,
        "crash-admin",
    )
    .await
}

async fn hello(port: u16, token: &str) -> (super::Ws, Value) {
    let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/ws"))
        .await
        .unwrap();
    send(
        &mut ws,
        json!({"type": "hello", "token": token, "lang": "en"}),
    )
    .await;
    let welcome = next(&mut ws).await;
    (ws, welcome)
}

#[tokio::test]
async fn after_kill_9_the_event_resumes_with_the_same_deadline_and_moves_on() {
    let dir = tempfile::tempdir().unwrap();
    let port = free_port();
    let server = start(dir.path(), port).await;
    let http = reqwest::Client::new();
    let base = server.base.clone();
    let mut body = crate::helpers::event_body();
    body["rounds"] = json!(2);
    body["round_seconds"] = json!(3);
    body["transition_seconds"] = json!(1);
    body["break_after_rounds"] = json!(0);
    let event: Value = http
        .post(format!("{base}/api/events"))
        .bearer_auth("crash-admin")
        .json(&body)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let event = event["id"].as_str().unwrap();
    let mut tokens = Vec::new();
    for (name, g) in [("Ann", "female"), ("Bo", "male")] {
        let p: Value = http
            .post(format!("{base}/api/events/{event}/participants"))
            .bearer_auth("crash-admin")
            .json(&crate::helpers::person(name, g))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        http.post(format!(
            "{base}/api/events/{event}/participants/{}/check-in",
            p["id"].as_str().unwrap()
        ))
        .bearer_auth("crash-admin")
        .send()
        .await
        .unwrap();
        tokens.push(p["token"].as_str().unwrap().to_string());
    }
    let host: Value = http
        .post(format!("{base}/api/events/{event}/staff"))
        .bearer_auth("crash-admin")
        .json(&json!({"role": "host", "name": "H"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let (mut h, _) = hello(port, host["token"].as_str().unwrap()).await;
    send(&mut h, json!({"type": "event.start", "id": "go"})).await;
    let before = until(&mut h, |v| v["type"] == "phase" && v["phase"] == "round").await;

    drop(server); // SIGKILL: no shutdown, no last words.
    let _server = start(dir.path(), port).await;

    let (mut phone, welcome) = hello(port, &tokens[0]).await;
    let phase = &welcome["state"]["phase"];
    assert_eq!(
        (phase["phase"].as_str(), phase["round"].as_i64()),
        (Some("round"), Some(1))
    );
    assert_eq!(
        phase["ends_at"], before["ends_at"],
        "the same deadline after kill -9"
    );
    assert_eq!(
        welcome["state"]["assignment"]["partner"]["name"], "Bo",
        "{welcome}"
    );
    // It moves on by itself, at the original deadlines.
    let closed = until(&mut phone, |v| {
        v["type"] == "phase" && v["phase"] == "closed"
    })
    .await;
    assert!(closed["started_at"].as_i64().unwrap() >= before["ends_at"].as_i64().unwrap());
}
