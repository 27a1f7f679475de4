//! The server's own log, at its most talkative (`RUST_LOG=trace`), over an evening
//! that touches every secret: no token, contact or note ever reaches it.

use serde_json::{Value, json};

use super::process::{Options, free_port, serve_with};
use super::{send, until};

#[tokio::test]
async fn no_token_contact_or_note_reaches_the_log_even_at_trace() {
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("server.log");
    let port = free_port();
    let admin = "log-test-admin-token-0123456789abcdef";
    let options = Options {
        log: Some(log.clone()),
        ..Options::default()
    };
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_blossom"));
    let server = serve_with(bin, dir.path(), port, admin, options).await;
    let base = server.base.clone();
    let http = reqwest::Client::new();
    let mut body = crate::helpers::event_body();
    body["rounds"] = json!(2);
    let event: Value = server.post("/api/events", admin, &body).await.1;
    let event = event["id"].as_str().unwrap();
    let (contact, note) = ("13912345678", "please face me, I lip-read");
    let mut secrets = vec![admin.to_string(), contact.to_string(), note.to_string()];
    let mut guests = Vec::new();
    for (name, g) in [("Ann", "female"), ("Bo", "male")] {
        let mut p = crate::helpers::person(name, g);
        p["contact"] = json!(contact);
        p["notes_for_partner"] = json!(note);
        let p: Value = server
            .post(&format!("/api/events/{event}/participants"), admin, &p)
            .await
            .1;
        let check_in = format!(
            "/api/events/{event}/participants/{}/check-in",
            p["id"].as_str().unwrap()
        );
        assert_eq!(server.post(&check_in, admin, &json!({})).await.0, 200);
        secrets.push(p["token"].as_str().unwrap().to_string());
        guests.push(p);
    }
    let host: Value = server
        .post(
            &format!("/api/events/{event}/staff"),
            admin,
            &json!({"role": "host", "name": "H"}),
        )
        .await
        .1;
    let host = host["token"].as_str().unwrap().to_string();
    secrets.push(host.clone());
    let connect = |token: String| async move {
        let (mut ws, _) = tokio_tungstenite::connect_async(format!("ws://127.0.0.1:{port}/ws"))
            .await
            .unwrap();
        send(
            &mut ws,
            json!({"type": "hello", "token": token, "lang": "en", "device": "test-phone"}),
        )
        .await;
        let welcome = until(&mut ws, |v| v["type"] == "welcome").await;
        (ws, welcome["session"].as_str().map(String::from))
    };
    // Each guest's phone claims their link; its session reads their own page.
    for g in &guests {
        let (_, session) = connect(g["token"].as_str().unwrap().to_string()).await;
        let session = session.expect("a guest's session");
        let me = http
            .get(format!("{base}/api/me"))
            .bearer_auth(&session)
            .send()
            .await
            .unwrap();
        assert_eq!(me.status(), 200);
        secrets.push(session);
    }
    let list = http
        .get(format!("{base}/api/events/{event}/participants"))
        .bearer_auth(admin)
        .send()
        .await
        .unwrap();
    assert!(
        list.text().await.unwrap().contains(contact),
        "the organiser reads the contact"
    );
    // Links mangled on the way: a QR reader that percent-encodes the fragment, a
    // link pasted with the token as a query.
    for t in secrets.clone() {
        for path in [
            format!("/p/%23{t}"),
            format!("/p/?token={t}"),
            format!("/host/%23{t}"),
            format!("/api/me?token={t}"),
        ] {
            let res = http.get(format!("{base}{path}")).send().await.unwrap();
            assert!(res.status().as_u16() < 500, "{path}");
        }
    }
    let (mut h, _) = connect(host.clone()).await;
    let (mut phone, _) = connect(guests[0]["token"].as_str().unwrap().to_string()).await;
    send(&mut h, json!({"type": "event.start", "id": "1"})).await;
    let a = until(&mut phone, |v| v["type"] == "assignment" && v["round"] == 1).await;
    assert_eq!(a["partner"]["notes"], note, "the partner sees the note");
    send(&mut phone, json!({"type": "rest.request", "id": "2"})).await;
    until(&mut phone, |v| v["type"] == "ack").await;
    send(&mut h, json!({"type": "hello", "token": host})).await;
    until(&mut h, |v| v["type"] == "error").await;
    drop(server);

    let text = std::fs::read_to_string(&log).unwrap();
    assert!(
        text.lines().count() > 20,
        "the log was written at trace: {} lines",
        text.lines().count()
    );
    for secret in &secrets {
        let line = text
            .lines()
            .find(|l| l.contains(secret.as_str()))
            .unwrap_or("");
        let line: String = line.chars().take(400).collect();
        assert!(
            !text.contains(secret.as_str()),
            "the log contains a secret ({}…): {line}",
            &secret[..6]
        );
    }
    // Nor the hash of a token, which finds its owner in the database.
    for secret in &secrets[3..] {
        let hash = blossom::tokens::hash(secret);
        assert!(!text.contains(&hash), "the log contains a token's hash");
    }
}
