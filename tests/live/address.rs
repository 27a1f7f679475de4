//! Limits that hold everywhere (issue 22): one client address has so many `/ws`
//! connections open and opens so many a minute; past either the socket is closed
//! with 1013 (try again later). Text limits hold where text is stored.

use futures_util::StreamExt;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;

use super::helpers::{TestApp, spawn_app, spawn_app_with_ws};
use super::{Ws, ask, connect};

/// Opens `/ws` and returns the close code the server sends at once, if it does.
async fn closed_at_once(app: &TestApp) -> (Ws, Option<CloseCode>) {
    let url = app.url("/ws").replace("http://", "ws://");
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let first = tokio::time::timeout(std::time::Duration::from_millis(300), ws.next()).await;
    let code = match first {
        Ok(Some(Ok(Message::Close(Some(frame))))) => Some(frame.code),
        _ => None,
    };
    (ws, code)
}

#[tokio::test]
async fn one_address_opens_so_many_sockets_and_the_next_is_told_to_try_again() {
    let app = spawn_app_with_ws(blossom::app::WsLimits {
        open: 2,
        per_minute: 100,
    })
    .await;
    let (a, code) = closed_at_once(&app).await;
    assert_eq!(code, None);
    let (b, code) = closed_at_once(&app).await;
    assert_eq!(code, None);
    let (_, code) = closed_at_once(&app).await;
    assert_eq!(code, Some(CloseCode::Again), "1013 past two open");
    // One closes: its place frees.
    drop(a);
    let mut ok = false;
    for _ in 0..20 {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        if closed_at_once(&app).await.1.is_none() {
            ok = true;
            break;
        }
    }
    assert!(ok, "a freed place is given again");
    drop(b);
}

#[tokio::test]
async fn one_address_opens_so_many_sockets_a_minute() {
    let app = spawn_app_with_ws(blossom::app::WsLimits {
        open: 100,
        per_minute: 3,
    })
    .await;
    for i in 0..3 {
        let (ws, code) = closed_at_once(&app).await;
        assert_eq!(code, None, "connection {i}");
        drop(ws);
    }
    let (_, code) = closed_at_once(&app).await;
    assert_eq!(code, Some(CloseCode::Again));
}

#[tokio::test]
async fn an_announcement_over_its_limit_or_with_hidden_characters_is_refused_whole() {
    let app = spawn_app().await;
    let event = app.event().await;
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    let long = "字".repeat(501);
    let e = ask(
        &mut host,
        json!({"type": "announce", "id": "a", "text": long}),
    )
    .await;
    assert_eq!(e["code"], "too_long", "{e}");
    for (text, code) in [
        ("12\u{202E}34", "bad_text"),
        ("\u{200B}\u{200B}", "bad_text"),
        ("bell\u{7}", "bad_text"),
    ] {
        let e = ask(
            &mut host,
            json!({"type": "announce", "id": "b", "text": text}),
        )
        .await;
        assert_eq!(e["code"], code, "{text:?}: {e}");
        assert!(e["message"].as_str().unwrap().len() > 10);
    }
    // Lines stay lines in an announcement; exactly 500 characters are kept whole.
    let ok = ask(
        &mut host,
        json!({"type": "announce", "id": "c", "text": "第一行\n第二行"}),
    )
    .await;
    assert_eq!(ok["type"], "ack", "{ok}");
    let whole = "字".repeat(500);
    let ok = ask(
        &mut host,
        json!({"type": "announce", "id": "d", "text": whole}),
    )
    .await;
    assert_eq!(ok["type"], "ack", "{ok}");
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let (data,): (String,) =
        sqlx::query_as("SELECT data FROM event_log WHERE kind = 'announce' ORDER BY seq DESC")
            .fetch_one(&db)
            .await
            .unwrap();
    let data: Value = serde_json::from_str(&data).unwrap();
    assert_eq!(data["text"].as_str().unwrap().chars().count(), 500);
}

#[tokio::test]
async fn names_and_labels_refuse_line_breaks_hidden_direction_changes_and_invisible_text() {
    let app = spawn_app().await;
    let event = app.event().await;
    for name in ["王\n芳", "\u{202E}芳王", "\u{3164}", "\u{200B}\u{FEFF}"] {
        let mut body = super::helpers::person("x", "female");
        body["display_name"] = json!(name);
        let res = app.register(&event, &app.admin, &body).await;
        assert_eq!(res.status(), 422, "{name:?}");
        assert_eq!(
            super::helpers::error_fields(res).await,
            ["display_name"],
            "{name:?}"
        );
    }
    let mut body = super::helpers::person("x", "female");
    body["notes_for_partner"] = json!("第一行\n第二行");
    assert_eq!(
        app.register(&event, &app.admin, &body).await.status(),
        201,
        "a note keeps its lines"
    );
    let mut ev = super::helpers::event_body();
    ev["rooms"] = json!([{"label": "A\u{202E}B"}]);
    let res = app.create_event(&ev).await;
    assert_eq!(res.status(), 422);
    let res = app
        .post(
            &format!("/api/events/{event}/staff"),
            Some(&app.admin),
            &json!({"role": "host", "name": "\u{200B}"}),
        )
        .await;
    assert_eq!(res.status(), 422);
}
