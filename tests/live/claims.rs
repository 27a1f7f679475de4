//! A join link pairs one phone: the first `hello` claims it and gets the phone's
//! own session; the same device gets the same session again; any other hello with
//! the link is refused `link_claimed`; over HTTP a link is nobody's.

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app, walk_in};
use super::{Ws, ask, next, send, until};

/// Says `hello` with `token` from `device` (or none) and returns the first answer.
async fn hello(app: &TestApp, token: &str, device: Option<&str>) -> (Ws, Value) {
    let url = app.url("/ws").replace("http://", "ws://");
    let (mut ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
    let mut h = json!({"type": "hello", "token": token, "lang": "en"});
    if let Some(d) = device {
        h["device"] = json!(d);
    }
    send(&mut ws, h).await;
    let first = next(&mut ws).await;
    (ws, first)
}

#[tokio::test]
async fn a_link_pairs_the_first_phone_that_says_hello_with_it_and_no_other() {
    let app = spawn_app().await;
    let event = app.event().await;
    let ann = app.participant(&event, "Ann", "female").await;
    let link = ann["token"].as_str().unwrap();
    assert_eq!(app.get("/api/me", Some(link)).await.status(), 401);

    let (_phone, w) = hello(&app, link, Some("ann-phone")).await;
    assert_eq!(w["type"], "welcome", "{w}");
    let session = w["session"].as_str().unwrap().to_string();
    assert_ne!(session, link);
    assert!(session.len() >= 43, "256 bits");
    // A lost welcome: the same phone claims again and gets the same session.
    let (_again, w2) = hello(&app, link, Some("ann-phone")).await;
    assert_eq!(w2["session"], session.as_str());
    // Anyone else with the link (a photo of the slip, a staff member) is refused,
    // and said so in words.
    for device in [Some("someone-else"), None] {
        let (_, e) = hello(&app, link, device).await;
        assert_eq!(e["type"], "error", "{e}");
        assert_eq!(e["code"], "link_claimed", "{e}");
        assert!(e["message"].as_str().unwrap().contains("new one"), "{e}");
    }
    // The session reconnects, and acts over HTTP; the link does neither.
    let (_back, w3) = hello(&app, &session, None).await;
    assert_eq!(w3["type"], "welcome");
    assert_eq!(w3["role"], "participant");
    assert_eq!(app.get("/api/me", Some(link)).await.status(), 401);
    let me: Value = app
        .get("/api/me", Some(&session))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["name"], "Ann");
    // The claim is logged once, by id, with neither token.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT actor, data FROM event_log WHERE kind = 'participant.link_claimed'")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    let pid = ann["id"].as_str().unwrap();
    assert_eq!(rows[0].0, format!("participant:{pid}"));
    assert!(!rows[0].1.contains(link) && !rows[0].1.contains(&session));
    // Only the session's hash is stored.
    let (stored,): (Option<String>,) =
        sqlx::query_as("SELECT session_hash FROM participants WHERE id = $1")
            .bind(pid)
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(stored.unwrap(), blossom::tokens::hash(&session));
}

#[tokio::test]
async fn a_reissued_link_ends_the_old_phones_session_and_pairs_a_new_phone() {
    let app = spawn_app().await;
    let event = app.event().await;
    let ann = app.participant(&event, "Ann", "female").await;
    let pid = ann["id"].as_str().unwrap();
    let (mut old_phone, w) = hello(&app, ann["token"].as_str().unwrap(), Some("lost")).await;
    let old_session = w["session"].as_str().unwrap().to_string();
    let host = app.staff(&event, "host").await;
    let res = app
        .post(
            &format!("/api/events/{event}/participants/{pid}/token"),
            Some(&host),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), 200);
    let new_link = res.json::<Value>().await.unwrap()["token"]
        .as_str()
        .unwrap()
        .to_string();
    let gone = until(&mut old_phone, |v| v["type"] == "error").await;
    assert_eq!(gone["code"], "revoked", "{gone}");
    let (_, e) = hello(&app, &old_session, None).await;
    assert_eq!(e["code"], "unauthorized", "{e}");
    assert_eq!(app.get("/api/me", Some(&old_session)).await.status(), 401);
    let (mut new_phone, w) = hello(&app, &new_link, Some("new")).await;
    let new_session = w["session"].as_str().unwrap();
    assert_ne!(new_session, old_session);
    // The new phone acts: a verb is acknowledged.
    let a = ask(
        &mut new_phone,
        json!({"type": "consent.set", "id": "c", "share_contact": true}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let (kind, actor): (String, String) = sqlx::query_as(
        "SELECT kind, actor FROM event_log WHERE kind = 'participant.link_reissued'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kind, "participant.link_reissued");
    assert!(actor.starts_with("staff:"), "{actor}");
}

#[tokio::test]
async fn staff_register_a_walk_in_without_their_consent_and_import_nothing() {
    let app = spawn_app().await;
    let event = app.event().await;
    let host = app.staff(&event, "host").await;
    for share in [json!(true), json!(false), json!(null)] {
        let mut body = walk_in("Wu", "male");
        body["share_contact"] = share.clone();
        let res = app.register(&event, &host, &body).await;
        assert_eq!(res.status(), 422, "share_contact {share}");
        assert_eq!(
            super::helpers::error_fields(res).await,
            ["share_contact"],
            "{share}"
        );
    }
    let res = app.register(&event, &host, &walk_in("Wu", "male")).await;
    assert_eq!(res.status(), 201);
    let csv = "display_name,gender,age,marital_status\nXu,female,30,unmarried\n";
    for staff in [host.clone(), app.staff(&event, "matchmaker").await] {
        assert_eq!(app.import(&event, &staff, csv).await.status(), 403);
    }
    assert_eq!(app.import(&event, &app.admin, csv).await.status(), 201);
}
