//! One-sided interest never leaves the server. Ann marks her first date yes; he
//! marks her no. Then everything he, every staff role and the organiser can read is
//! collected, before and after the reveal: every frame on his phone, each role's
//! welcome snapshot, every GET route of the OpenAPI document with each of their
//! tokens, and the event log; none of it may tell Ann's choice. A positive control
//! (Ann's own phone, which shows her "yes") proves the search would find it.

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app_at};
use super::interest::{evening, mark, partner_in};
use super::{Ws, connect};

const T0: i64 = 1_800_000_000_000;

/// Whether a text tells a "yes" (or a "friend"): the JSON words a mark is made of,
/// and the words the pages would use.
const WORDS: [&str; 4] = ["\"yes\"", "\"friend\"", "想再见面", "做朋友"];

/// A text without what is not a mark: an SVG's XML declaration says
/// `standalone="yes"` (as is, or escaped inside JSON), and the OpenAPI document
/// lists the kinds a mutual match may be.
fn plain(text: &str) -> String {
    text.replace("standalone=\"yes\"", "")
        .replace("standalone=\\\"yes\\\"", "")
        .replace("\"enum\":[\"date\",\"friend\"]", "")
}

fn tells(text: &str) -> bool {
    let text = plain(text);
    WORDS.iter().any(|w| text.contains(w))
}

/// The start of a text and where it tells a choice, for the failure message.
fn around(text: &str) -> String {
    let t = plain(text);
    let at = WORDS.iter().filter_map(|w| t.find(w)).min().unwrap_or(0);
    let start = t.floor_char_boundary(at.saturating_sub(200));
    let end = t.ceil_char_boundary((at + 100).min(t.len()));
    let head = t.ceil_char_boundary(80.min(t.len()));
    format!("{} … {}", &t[..head], &t[start..end])
}

/// Every frame waiting on a socket, as text.
async fn drain(ws: &mut Ws, into: &mut Vec<String>) {
    use futures_util::StreamExt;
    while let Ok(Some(Ok(msg))) =
        tokio::time::timeout(std::time::Duration::from_millis(300), ws.next()).await
    {
        if let tokio_tungstenite::tungstenite::Message::Text(t) = msg {
            into.push(t.to_string());
        }
    }
}

/// Every GET route of the OpenAPI document, with each token, as text.
async fn every_get(app: &TestApp, event: &str, people: &[String], tokens: &[&str]) -> Vec<String> {
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    let mut out = Vec::new();
    for (path, ops) in doc["paths"].as_object().unwrap() {
        if ops.get("get").is_none() {
            continue;
        }
        let mut paths = vec![path.replace("{id}", event)];
        if path.contains("{pid}") {
            paths = people
                .iter()
                .map(|p| paths[0].replace("{pid}", p))
                .collect();
        }
        for path in paths {
            for token in tokens {
                let res = app.get(&path, Some(token)).await;
                let status = res.status();
                let bytes = res.bytes().await.unwrap();
                out.push(format!(
                    "GET {path} {status}: {}",
                    String::from_utf8_lossy(&bytes)
                ));
            }
        }
    }
    out
}

#[tokio::test]
async fn nothing_he_staff_or_the_organiser_can_read_tells_how_she_marked_him() {
    let app = spawn_app_at(T0).await;
    let (event, mut phones, mut host) = evening(&app).await;
    let numbers: Vec<i64> = phones
        .iter()
        .map(|(p, _)| p["number"].as_i64().unwrap())
        .collect();
    let his_number = partner_in(&mut phones[0].1, 1).await;
    let him = numbers.iter().position(|&n| n == his_number).unwrap();
    assert_eq!(mark(&mut phones[0].1, 1, "yes").await["type"], "ack");
    assert_eq!(mark(&mut phones[him].1, 1, "no").await["type"], "ack");
    let tokens = [
        app.admin.clone(),
        app.staff(&event, "host").await,
        app.staff(&event, "matchmaker").await,
        app.staff(&event, "projector").await,
        phones[him].0["token"].as_str().unwrap().to_string(),
    ];
    let people: Vec<String> = phones
        .iter()
        .map(|(p, _)| p["id"].as_str().unwrap().to_string())
        .collect();
    let mut read = Vec::new();
    let mut his_frames = Vec::new();
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    for stage in ["before the close", "closed", "revealed"] {
        match stage {
            "closed" => {
                app.clock.set(T0 + 61_000);
                app.clock.set(T0 + 71_000);
                app.clock.set(T0 + 132_000);
            }
            "revealed" => {
                let a = super::ask(&mut host, json!({"type": "results.reveal", "id": "r"})).await;
                assert_eq!(a["type"], "ack", "{a}");
            }
            _ => {}
        }
        drain(&mut phones[him].1, &mut his_frames).await;
        for token in &tokens[1..] {
            let (_, welcome) = connect(&app, token).await;
            read.push(format!("{stage} welcome: {welcome}"));
        }
        let refs: Vec<&str> = tokens.iter().map(String::as_str).collect();
        read.extend(every_get(&app, &event, &people, &refs).await);
        let log: Vec<(String, String, String)> =
            sqlx::query_as("SELECT actor, kind, data FROM event_log")
                .fetch_all(&db)
                .await
                .unwrap();
        read.extend(log.into_iter().map(|(a, k, d)| format!("log {a} {k} {d}")));
    }
    read.extend(his_frames);
    assert!(read.len() > 50, "read only {} things", read.len());
    let leaks: Vec<String> = read
        .iter()
        .filter(|t| tells(t))
        .map(|t| around(t))
        .collect();
    assert!(leaks.is_empty(), "one-sided interest leaked:\n{leaks:#?}");
    // The positive control: her own phone says "yes".
    let (_, hers) = connect(&app, phones[0].0["token"].as_str().unwrap()).await;
    assert!(tells(&hers.to_string()), "{hers}");
}
