//! Erasure and access (PIPL): the organiser erases a guest, whose personal fields
//! are then in neither the database file nor its write-ahead log; a guest reads
//! everything stored about them and asks to be erased.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{contains, person, spawn_app};

#[tokio::test]
async fn an_erased_guests_personal_fields_are_gone_from_the_database_and_its_log_file() {
    let app = spawn_app().await;
    let event = app.event().await;
    let mut zhu = person("Zhuzhu-Erasable", "female");
    zhu["contact"] = json!("wechat-erasable-777");
    zhu["notes_for_partner"] = json!("notes-erasable-42");
    let zhu: Value = app
        .register(&event, &app.admin, &zhu)
        .await
        .json()
        .await
        .unwrap();
    let mut other = person("Other", "male");
    other["avoid"] = json!([zhu["number"]]);
    let other: Value = app
        .register(&event, &app.admin, &other)
        .await
        .json()
        .await
        .unwrap();
    let pid = zhu["id"].as_str().unwrap();
    let zhu_session = app.session(zhu["token"].as_str().unwrap()).await;
    let path = format!("/api/events/{event}/participants/{pid}/erase");
    let host = app.staff(&event, "host").await;
    assert_eq!(
        app.post(&path, Some(&host), &json!({})).await.status(),
        StatusCode::FORBIDDEN
    );
    if let Some(bytes) = app.database_bytes() {
        assert!(
            contains(&bytes, "wechat-erasable-777"),
            "the test reads the right file"
        );
    }
    assert_eq!(
        app.post(&path, Some(&app.admin), &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );

    // The record is a number and "erased"; the link is nobody's; the avoid list
    // that named them is gone.
    let one: Value = app
        .get(
            &format!("/api/events/{event}/participants/{pid}"),
            Some(&app.admin),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["status"], "erased", "{one}");
    assert_eq!(one["display_name"], "");
    assert!(
        one["contact"].is_null() && one["notes_for_partner"].is_null(),
        "{one}"
    );
    assert_eq!(
        app.get("/api/me", Some(&zhu_session)).await.status(),
        StatusCode::UNAUTHORIZED
    );
    let o: Value = app
        .get(
            &format!(
                "/api/events/{event}/participants/{}",
                other["id"].as_str().unwrap()
            ),
            Some(&app.admin),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(o["avoid"], json!([]), "{o}");
    if let Some(bytes) = app.database_bytes() {
        for gone in [
            "Zhuzhu-Erasable",
            "wechat-erasable-777",
            "notes-erasable-42",
        ] {
            assert!(
                !contains(&bytes, gone),
                "{gone} is still in the database files"
            );
        }
    }
    // The log says who erased whom, by id.
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let (actor, data): (String, String) =
        sqlx::query_as("SELECT actor, data FROM event_log WHERE kind = 'participant.erased'")
            .fetch_one(&db)
            .await
            .unwrap();
    assert_eq!(actor, "admin");
    assert_eq!(data, json!({"participant_id": pid}).to_string());
    // Erasing twice is no error; a stranger is 404.
    assert_eq!(
        app.post(&path, Some(&app.admin), &json!({})).await.status(),
        StatusCode::NO_CONTENT
    );
    let nobody = format!("/api/events/{event}/participants/nobody/erase");
    assert_eq!(
        app.post(&nobody, Some(&app.admin), &json!({}))
            .await
            .status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn a_guest_reads_everything_stored_about_them_and_asks_to_be_erased() {
    let app = spawn_app().await;
    let event = app.event().await;
    let mut ann = person("Ann", "female");
    ann["contact"] = json!("ann-contact");
    ann["notes_for_partner"] = json!("I lip-read");
    let ann: Value = app
        .register(&event, &app.admin, &ann)
        .await
        .json()
        .await
        .unwrap();
    let token = &app.session(ann["token"].as_str().unwrap()).await;
    let res = app.get("/api/me/data", Some(token)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let data: Value = res.json().await.unwrap();
    assert_eq!(data["profile"]["contact"], "ann-contact", "{data}");
    assert_eq!(data["profile"]["notes_for_partner"], "I lip-read");
    assert_eq!(data["profile"]["age"], 30);
    assert_eq!(data["event"]["id"], event);
    assert_eq!(data["link_days"], 30);
    assert!(data["erase_after_days"].is_null());
    let kinds: Vec<&str> = data["log"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["kind"].as_str().unwrap())
        .collect();
    assert!(kinds.contains(&"participant.registered"), "{data}");
    assert_eq!(data["log"][0]["by"], "organiser");
    // Staff cannot read it for them; the organiser neither (they have the roster).
    let host = app.staff(&event, "host").await;
    assert_eq!(
        app.get("/api/me/data", Some(&host)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/me/data", Some(&app.admin)).await.status(),
        StatusCode::FORBIDDEN
    );

    // The request: 202, kept once, shown to the organiser only.
    let res = app.post("/api/me/erasure", Some(token), &json!({})).await;
    assert_eq!(res.status(), StatusCode::ACCEPTED);
    let first: Value = res.json().await.unwrap();
    let again: Value = app
        .post("/api/me/erasure", Some(token), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["asked_at"], again["asked_at"]);
    let path = format!(
        "/api/events/{event}/participants/{}",
        ann["id"].as_str().unwrap()
    );
    let seen: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(seen["erasure_requested_at"], first["asked_at"], "{seen}");
    let by_host: Value = app.get(&path, Some(&host)).await.json().await.unwrap();
    assert!(by_host.get("erasure_requested_at").is_none(), "{by_host}");
}
