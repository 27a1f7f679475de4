//! Authorisation on every protected route: no token, a participant's token, and
//! another event's host are each turned away with a problem body.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::spawn_app;

#[tokio::test]
async fn every_protected_route_turns_away_the_wrong_callers() {
    let app = spawn_app().await;
    let event = app.event().await;
    let other = app.event().await;
    let other_host = app.staff(&other, "host").await;
    let a = app.participant(&event, "A", "female").await;
    let link = a["token"].as_str().unwrap().to_string();
    // A guest acts with their phone's session; the link itself, once claimed, is
    // nobody's.
    let participant = app.session(&link).await;
    let pid = a["id"].as_str().unwrap();
    // What the event looks like before: it must look the same after.
    let read_all = || async {
        let event_row: serde_json::Value = app
            .get(&format!("/api/events/{event}"), Some(&app.admin))
            .await
            .json()
            .await
            .unwrap();
        let roster: serde_json::Value = app
            .participants(&event, &app.admin)
            .await
            .json()
            .await
            .unwrap();
        let staff: serde_json::Value = app
            .get(&format!("/api/events/{event}/staff"), Some(&app.admin))
            .await
            .json()
            .await
            .unwrap();
        let events: serde_json::Value = app
            .get("/api/events", Some(&app.admin))
            .await
            .json()
            .await
            .unwrap();
        (event_row, roster, staff, events)
    };
    let before = read_all().await;
    let routes: Vec<(Method, String)> = vec![
        (Method::GET, format!("/api/events/{event}")),
        (Method::GET, format!("/api/events/{event}/join-qr.svg")),
        (Method::POST, format!("/api/events/{event}/staff")),
        (Method::GET, format!("/api/events/{event}/staff")),
        (Method::POST, format!("/api/events/{event}/participants")),
        (Method::GET, format!("/api/events/{event}/participants")),
        (
            Method::POST,
            format!("/api/events/{event}/participants/import"),
        ),
        (
            Method::GET,
            format!("/api/events/{event}/participants/{pid}"),
        ),
        (
            Method::PATCH,
            format!("/api/events/{event}/participants/{pid}"),
        ),
        (
            Method::DELETE,
            format!("/api/events/{event}/participants/{pid}"),
        ),
        (
            Method::POST,
            format!("/api/events/{event}/participants/{pid}/token"),
        ),
        (
            Method::POST,
            format!("/api/events/{event}/participants/{pid}/check-in"),
        ),
        (
            Method::GET,
            format!("/api/events/{event}/participants/{pid}/qr.svg"),
        ),
        (
            Method::GET,
            format!("/api/events/{event}/participants/{pid}/qr.png"),
        ),
        (Method::GET, format!("/api/events/{event}/badges")),
        (Method::GET, format!("/api/events/{event}/schedule")),
        (
            Method::POST,
            format!("/api/events/{event}/participants/by-badge"),
        ),
        (
            Method::POST,
            format!("/api/events/{event}/participants/{pid}/erase"),
        ),
        (Method::POST, format!("/api/events/{event}/purge")),
    ];
    for (method, path) in &routes {
        for (who, token, want) in [
            ("no token", None, StatusCode::UNAUTHORIZED),
            (
                "a claimed link",
                Some(link.as_str()),
                StatusCode::UNAUTHORIZED,
            ),
            (
                "a participant",
                Some(participant.as_str()),
                StatusCode::FORBIDDEN,
            ),
            (
                "another event's host",
                Some(other_host.as_str()),
                StatusCode::FORBIDDEN,
            ),
        ] {
            let res = app.send_json(method.clone(), path, token, &json!({})).await;
            assert_eq!(res.status(), want, "{method} {path} with {who}");
            assert_eq!(
                res.headers()["content-type"],
                "application/problem+json",
                "{method} {path}"
            );
        }
    }
    for (method, path) in [
        (Method::GET, "/api/events".to_string()),
        (Method::POST, "/api/events".to_string()),
    ] {
        assert_eq!(
            app.send_json(method.clone(), &path, None, &json!({}))
                .await
                .status(),
            StatusCode::UNAUTHORIZED
        );
        let res = app
            .send_json(method.clone(), &path, Some(&other_host), &json!({}))
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{method} {path}");
    }
    // Nothing was changed by any of the refused calls: the event, its roster
    // (nobody checked in, withdrawn or renumbered), its staff, the list of events,
    // and the participant's session still works.
    assert_eq!(read_all().await, before);
    let me = app.get("/api/me", Some(&participant)).await;
    assert_eq!(me.status(), StatusCode::OK);
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log = blossom::db::log::list(&db, &event).await.unwrap();
    let kinds: Vec<&str> = log.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "event.created",
            "participant.registered",
            "participant.link_claimed"
        ],
        "the log has nothing new"
    );
}
