use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::spawn_app;

#[tokio::test]
async fn events_participants_tokens_and_check_ins_survive_a_restart() {
    let mut app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let host = app.staff(&event, "host").await;
    let pid = a["id"].as_str().unwrap();
    let res = app
        .post(
            &format!("/api/events/{event}/participants/{pid}/check-in"),
            Some(&host),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let checked: Value = res.json().await.unwrap();
    let at = checked["checked_in_at"]
        .as_i64()
        .expect("the time of arrival");
    let before: Value = app.participants(&event, &host).await.json().await.unwrap();
    assert_eq!(
        before[0]["checked_in_at"], at,
        "the roster has the check-in"
    );

    app.restart().await;

    assert_eq!(
        app.get(&format!("/api/events/{event}"), Some(&app.admin))
            .await
            .status(),
        StatusCode::OK
    );
    let after: Value = app.participants(&event, &host).await.json().await.unwrap();
    assert_eq!(before, after);
    assert_eq!(after[0]["checked_in_at"], at, "the check-in survived");
    // Checking in again after the restart keeps the first time.
    let again: Value = app
        .post(
            &format!("/api/events/{event}/participants/{pid}/check-in"),
            Some(&host),
            &json!({}),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(again["checked_in_at"], at);
    // The badge can be re-printed: the same link is derived again after the restart.
    let qr = app
        .get(
            &format!("/api/events/{event}/participants/{pid}/qr.png"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(qr.status(), StatusCode::OK);
    let decoded = crate::qr_and_badges::decode_png(&qr.bytes().await.unwrap());
    assert_eq!(
        decoded,
        a["join_url"].as_str().unwrap(),
        "the same join link"
    );
    // And the link still pairs a phone, whose session works.
    let session = app.session(a["token"].as_str().unwrap()).await;
    let me = app.get("/api/me", Some(&session)).await;
    assert_eq!(me.status(), StatusCode::OK, "the phone's session works");
    assert_eq!(
        app.participant(&event, "B", "male").await["number"],
        2,
        "numbering goes on"
    );
}
