//! Purging a closed event: every personal field gone from the database file and
//! its write-ahead log (names, contacts, marks, desk notes, announcements, staff
//! names and links), the aggregate report kept; refused while the evening runs;
//! and done automatically `--erase-after-days` after the close.

use serde_json::{Value, json};

use super::helpers::{TestApp, contains, spawn_app_at};
use super::interest::{close_and_reveal, evening, mutual_yes};
use super::{ask, connect};

const T0: i64 = 1_800_000_000_000;
const DAY: i64 = 86_400_000;

/// The evening of `interest::evening` with a mutual match, a desk note and an
/// announcement, run to its close. Returns the event and the guests' tokens.
async fn closed_evening(app: &TestApp) -> (String, Vec<String>) {
    let (event, mut phones, mut host) = evening(app).await;
    mutual_yes(&mut phones).await;
    let a = ask(
        &mut phones[1].1,
        json!({"type": "desk.join", "id": "d", "reason": "advice", "note": "desk-note-purgeable"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let a = ask(
        &mut host,
        json!({"type": "announce", "id": "n", "text": "announce-purgeable"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    // While the evening runs, neither purge nor erasure.
    let purge = format!("/api/events/{event}/purge");
    assert_eq!(
        app.post(&purge, Some(&app.admin), &json!({}))
            .await
            .status(),
        409
    );
    let erase = format!(
        "/api/events/{event}/participants/{}/erase",
        phones[0].0["id"].as_str().unwrap()
    );
    let refused = app.post(&erase, Some(&app.admin), &json!({})).await;
    assert_eq!(refused.status(), 409);
    let body: Value = refused.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("withdraw"),
        "{body}"
    );
    close_and_reveal(app, &mut host).await;
    let tokens = phones
        .iter()
        .map(|(p, _)| p["token"].as_str().unwrap().to_string())
        .collect();
    (event, tokens)
}

fn assert_nothing_personal_left(app: &TestApp) {
    if let Some(bytes) = app.database_bytes() {
        for gone in [
            "Ann",
            "wechat-Ann-0",
            "wechat-Dan-3",
            "desk-note-purgeable",
            "announce-purgeable",
        ] {
            assert!(
                !contains(&bytes, gone),
                "{gone} is still in the database files"
            );
        }
    }
}

#[tokio::test]
async fn a_purged_event_keeps_its_report_and_no_personal_field() {
    let app = spawn_app_at(T0).await;
    let (event, tokens) = closed_evening(&app).await;
    let host = app.staff(&event, "host").await;
    let report_path = format!("/api/events/{event}/report");
    let before: Value = app
        .get(&report_path, Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(before["attendance"]["registered"], 4, "{before}");
    if let Some(bytes) = app.database_bytes() {
        assert!(
            contains(&bytes, "wechat-Ann-0"),
            "the test reads the right file"
        );
    }

    let mut sessions = Vec::new();
    for t in &tokens {
        sessions.push(app.session(t).await);
    }
    let purge = format!("/api/events/{event}/purge");
    assert_eq!(
        app.post(&purge, Some(&host), &json!({})).await.status(),
        403
    );
    assert_eq!(
        app.post(&purge, Some(&app.admin), &json!({}))
            .await
            .status(),
        204
    );
    assert_eq!(
        app.post(&purge, Some(&app.admin), &json!({}))
            .await
            .status(),
        204,
        "twice is no error"
    );

    let after: Value = app
        .get(&report_path, Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(after, before, "the aggregate report is kept");
    let csv = app
        .get(
            &format!("/api/events/{event}/exports/report.csv"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(csv.status(), 200);
    let roster: Value = app
        .get(
            &format!("/api/events/{event}/participants"),
            Some(&app.admin),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(roster, json!([]));
    let matches: Value = app
        .get(&format!("/api/events/{event}/matches"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(matches["matches"], json!([]), "{matches}");
    for t in tokens.iter().chain(&sessions).chain([&host]) {
        assert_eq!(app.get("/api/me", Some(t)).await.status(), 401);
        let (_, refused) = connect(&app, t).await;
        assert_eq!(refused["code"], "unauthorized", "{refused}");
    }
    let staff: Value = app
        .get(&format!("/api/events/{event}/staff"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        staff
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["name"] == "" && s["active"] == false),
        "{staff}"
    );
    assert_nothing_personal_left(&app);
    // The event itself is still listed, for the report.
    assert_eq!(
        app.get(&format!("/api/events/{event}"), Some(&app.admin))
            .await
            .status(),
        200
    );
}

#[tokio::test]
async fn personal_data_is_erased_automatically_the_chosen_days_after_the_close() {
    let mut app = spawn_app_at(T0).await;
    let (event, links) = closed_evening(&app).await;
    let tokens = [app.session(&links[0]).await];
    let closed_at = T0 + 132_000;
    let retention = blossom::app::Retention {
        link_days: 30,
        erase_after_days: Some(7),
    };
    // Six days on, nothing is erased yet.
    app.clock.set(closed_at + 6 * DAY);
    app.restart_with(retention).await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert_eq!(app.get("/api/me", Some(&tokens[0])).await.status(), 200);
    // Seven days on, the sweep at start erases it.
    app.clock.set(closed_at + 7 * DAY);
    app.restart_with(retention).await;
    let mut purged = false;
    for _ in 0..50 {
        if app.get("/api/me", Some(&tokens[0])).await.status() == 401 {
            purged = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(purged, "the event was not purged");
    let report: Value = app
        .get(&format!("/api/events/{event}/report"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["attendance"]["registered"], 4, "{report}");
    assert_nothing_personal_left(&app);
}
