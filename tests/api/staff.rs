use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_fields, spawn_app};

#[tokio::test]
async fn the_admin_creates_staff_with_a_token_and_a_page_link() {
    let app = spawn_app().await;
    let event = app.event().await;
    let res = app
        .post(
            &format!("/api/events/{event}/staff"),
            Some(&app.admin),
            &json!({"role": "matchmaker", "name": "陈老师"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let body: Value = res.json().await.unwrap();
    let token = body["token"].as_str().unwrap();
    assert!(token.len() >= 22);
    assert_eq!(
        body["url"],
        format!("http://192.0.2.10:8080/matchmaker/#{token}")
    );
    let me: Value = app.get("/api/me", Some(token)).await.json().await.unwrap();
    assert_eq!(me["role"], "matchmaker");
    assert_eq!(me["name"], "陈老师");
    let list: Value = app
        .get(&format!("/api/events/{event}/staff"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert!(list[0].get("token").is_none());
    assert_eq!(
        list[0]["url"], body["url"],
        "the organiser can hand the same link out again"
    );
}

#[tokio::test]
async fn an_unknown_role_or_missing_name_is_named() {
    let app = spawn_app().await;
    let event = app.event().await;
    let res = app
        .post(
            &format!("/api/events/{event}/staff"),
            Some(&app.admin),
            &json!({"role": "dj"}),
        )
        .await;
    assert_eq!(error_fields(res).await, vec!["role", "name"]);
    let res = app
        .post(
            "/api/events/none/staff",
            Some(&app.admin),
            &json!({"role": "host", "name": "x"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}
