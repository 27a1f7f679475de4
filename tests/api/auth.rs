use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{person, spawn_app, walk_in};

#[tokio::test]
async fn no_token_or_a_wrong_token_is_unauthorized_with_a_problem_body() {
    let app = spawn_app().await;
    let event = app.event().await;
    for token in [None, Some("not-a-token")] {
        let res = app
            .get(&format!("/api/events/{event}/participants"), token)
            .await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        assert_eq!(res.headers()["www-authenticate"], "Bearer");
        assert_eq!(res.headers()["content-type"], "application/problem+json");
        let body: Value = res.json().await.unwrap();
        assert!(body["detail"].as_str().unwrap().contains("Bearer"));
    }
}

#[tokio::test]
async fn a_participant_token_cannot_read_the_roster_or_register_or_create_events() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let link = a["token"].as_str().unwrap();
    assert_eq!(
        app.participants(&event, link).await.status(),
        StatusCode::UNAUTHORIZED,
        "a link is only ever claimed"
    );
    let token = &app.session(link).await;
    assert_eq!(
        app.participants(&event, token).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.register(&event, token, &person("B", "male"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.post("/api/events", Some(token), &crate::helpers::event_body())
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let pid = a["id"].as_str().unwrap();
    let qr = app
        .get(
            &format!("/api/events/{event}/participants/{pid}/qr.svg"),
            Some(token),
        )
        .await;
    assert_eq!(qr.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        app.get(&format!("/api/events/{event}/badges"), Some(token))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn another_events_staff_cannot_touch_this_event() {
    let app = spawn_app().await;
    let mine = app.event().await;
    let theirs = app.event().await;
    let their_host = app.staff(&theirs, "host").await;
    let a = app.participant(&mine, "A", "female").await;
    let res = app.participants(&mine, &their_host).await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let body: Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("different event"));
    assert_eq!(
        app.register(&mine, &their_host, &person("B", "male"))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    let check_in = format!(
        "/api/events/{mine}/participants/{}/check-in",
        a["id"].as_str().unwrap()
    );
    assert_eq!(
        app.post(&check_in, Some(&their_host), &json!({}))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/api/events/{mine}"), Some(&their_host))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn hosts_and_matchmakers_manage_participants_but_only_the_admin_manages_events_and_staff() {
    let app = spawn_app().await;
    let event = app.event().await;
    for role in ["host", "matchmaker"] {
        let token = app.staff(&event, role).await;
        assert_eq!(
            app.register(&event, &token, &walk_in(role, "female"))
                .await
                .status(),
            StatusCode::CREATED
        );
        assert_eq!(
            app.participants(&event, &token).await.status(),
            StatusCode::OK
        );
        assert_eq!(
            app.create_event(&crate::helpers::event_body())
                .await
                .status(),
            StatusCode::CREATED
        );
        assert_eq!(
            app.post("/api/events", Some(&token), &crate::helpers::event_body())
                .await
                .status(),
            StatusCode::FORBIDDEN
        );
        let staff = app
            .post(
                &format!("/api/events/{event}/staff"),
                Some(&token),
                &json!({"role": "host", "name": "x"}),
            )
            .await;
        assert_eq!(staff.status(), StatusCode::FORBIDDEN);
        assert_eq!(
            app.get("/api/events", Some(&token)).await.status(),
            StatusCode::FORBIDDEN
        );
    }
}

#[tokio::test]
async fn the_projector_sees_the_event_but_not_participants_data() {
    let app = spawn_app().await;
    let event = app.event().await;
    let projector = app.staff(&event, "projector").await;
    assert_eq!(
        app.get(&format!("/api/events/{event}"), Some(&projector))
            .await
            .status(),
        StatusCode::OK
    );
    let qr = app
        .get(
            &format!("/api/events/{event}/join-qr.svg"),
            Some(&projector),
        )
        .await;
    assert_eq!(qr.status(), StatusCode::OK);
    assert_eq!(
        app.participants(&event, &projector).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get(&format!("/api/events/{event}/badges"), Some(&projector))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn a_copy_of_the_database_does_not_reveal_tokens_or_contain_them() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let host = app.staff(&event, "host").await;
    let db = blossom::db::connect(&app_db_url(&app)).await.unwrap();
    let rows: Vec<(Option<String>,)> = sqlx::query_as("SELECT token_hash FROM participants")
        .fetch_all(&db)
        .await
        .unwrap();
    let stored = rows[0].0.clone().unwrap();
    assert_ne!(stored, a["token"].as_str().unwrap());
    assert_eq!(stored, blossom::tokens::hash(a["token"].as_str().unwrap()));
    let staff: Vec<(Option<String>,)> = sqlx::query_as("SELECT token_hash FROM staff")
        .fetch_all(&db)
        .await
        .unwrap();
    assert_eq!(staff[0].0.clone().unwrap(), blossom::tokens::hash(&host));
    let log: Vec<(String,)> = sqlx::query_as("SELECT data FROM event_log")
        .fetch_all(&db)
        .await
        .unwrap();
    assert!(log.len() >= 3);
    for (data,) in log {
        assert!(
            !data.contains(a["token"].as_str().unwrap()) && !data.contains("13800000000"),
            "{data}"
        );
    }
    // On SQLite the copy is a file: the token's bytes appear nowhere in it.
    if let Some(path) = app_db_url(&app).strip_prefix("sqlite://") {
        db.close().await;
        for file in [path.to_string(), format!("{path}-wal")] {
            if let Ok(bytes) = std::fs::read(&file) {
                let token = a["token"].as_str().unwrap().as_bytes();
                assert!(
                    !bytes.windows(token.len()).any(|w| w == token),
                    "{file} holds a token"
                );
            }
        }
    }
}

fn app_db_url(app: &crate::helpers::TestApp) -> String {
    app.database_url().to_string()
}
