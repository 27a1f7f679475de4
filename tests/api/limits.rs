//! HTTP rate limits: a guest's link is slowed with 429 and `Retry-After`, the
//! organiser works at over 50 requests a second, and a forwarded address from
//! anyone but a configured proxy does not escape the per-address limit.

use std::time::{Duration, Instant};

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

#[tokio::test]
async fn a_guest_over_their_limit_gets_429_with_retry_after_and_is_served_after_waiting() {
    let app = spawn_app().await;
    let event = app.event().await;
    let guest = app.participant(&event, "A", "female").await;
    let token = &app.session(guest["token"].as_str().unwrap()).await;
    let mut refused = None;
    for _ in 0..60 {
        let res = app.get("/api/me", Some(token)).await;
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            refused = Some(res);
            break;
        }
        assert_eq!(res.status(), StatusCode::OK);
    }
    let res = refused.expect("a guest's link is limited");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let wait: u64 = res.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait), "{wait}");
    let body: Value = res.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("try again"),
        "{body}"
    );
    // Another guest is not slowed by the first.
    let other = app.participant(&event, "B", "male").await;
    assert_eq!(
        app.get(
            "/api/me",
            Some(&app.session(other["token"].as_str().unwrap()).await)
        )
        .await
        .status(),
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_secs(wait)).await;
    assert_eq!(
        app.get("/api/me", Some(token)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn the_organiser_works_at_more_than_fifty_requests_a_second() {
    let app = spawn_app().await;
    // A burst first (an import and its check-ins), then 60 a second for 3 s:
    // every request is served. The limit is 100 a second with bursts of 300
    // (`http::limits::ORGANISER`).
    for i in 0..200 {
        let res = app.get("/api/events", Some(&app.admin)).await;
        assert_eq!(res.status(), StatusCode::OK, "burst request {i}");
    }
    let mut every = tokio::time::interval(Duration::from_millis(1000 / 60));
    let started = Instant::now();
    for i in 0..180 {
        every.tick().await;
        let res = app.get("/api/events", Some(&app.admin)).await;
        assert_eq!(res.status(), StatusCode::OK, "paced request {i}");
    }
    assert!(started.elapsed() < Duration::from_secs(4));
}

#[tokio::test]
async fn a_forwarded_address_from_a_stranger_does_not_escape_the_per_address_limit() {
    let app = spawn_app().await;
    let mut limited = false;
    for i in 0..2000 {
        let res = app
            .client
            .get(app.url("/api/events/none/summary"))
            .header("X-Forwarded-For", format!("203.0.113.{}", i % 250))
            .send()
            .await
            .unwrap();
        if res.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(res.headers().contains_key("retry-after"));
            // A refusal carries the same security headers as every other answer.
            for h in [
                "content-security-policy",
                "x-content-type-options",
                "referrer-policy",
                "x-frame-options",
            ] {
                assert!(res.headers().contains_key(h), "a 429 without {h}");
            }
            limited = true;
            break;
        }
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
    }
    assert!(
        limited,
        "2,000 requests from one address were never limited"
    );
}
