//! The organiser's edits before the evening reach an open lobby at once; once the
//! host starts, the rules are the running clock's and edits are refused.

use serde_json::{Value, json};

use super::{arrive, ask, connect, helpers, until};
use helpers::spawn_app;

#[tokio::test]
async fn an_edit_while_check_in_runs_reaches_the_lobby_and_the_evening_then_stops_at_the_start() {
    let app = spawn_app().await;
    let mut body = helpers::event_body();
    body["rounds"] = json!(2);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    for (name, g) in [("Ann", "female"), ("Bo", "male")] {
        arrive(&app, &event, name, g).await;
    }
    let host = app.staff(&event, "host").await;
    let (mut h, welcome) = connect(&app, &host).await;
    assert_eq!(welcome["state"]["phase"]["rounds"], 2);
    assert_eq!(welcome["state"]["event"]["organiser"], "");

    let path = format!("/api/events/{event}");
    let edit = json!({"title": "冬日联谊", "organiser": "市残疾人联合会", "rounds": 3, "round_seconds": 5});
    let res = app
        .send_json(reqwest::Method::PATCH, &path, Some(&app.admin), &edit)
        .await;
    assert_eq!(res.status(), 200);
    let edited: Value = res.json().await.unwrap();
    // The organiser's page shows the lobby open, and who is in.
    assert_eq!(edited["progress"]["phase"], "lobby");
    assert_eq!(edited["progress"]["present"], 2);
    assert_eq!(edited["revealed"], false);
    assert_eq!(
        (edited["rounds"].as_i64(), edited["venue"].clone()),
        (Some(3), body["venue"].clone())
    );

    let shown = until(&mut h, |f| f["type"] == "event").await;
    assert_eq!(
        (shown["title"].as_str(), shown["organiser"].as_str()),
        (Some("冬日联谊"), Some("市残疾人联合会"))
    );
    assert_eq!(shown["round_ms"], 5000);
    let phase = until(&mut h, |f| f["type"] == "phase").await;
    assert_eq!(phase["rounds"], 3);

    let ack = ask(&mut h, json!({"type": "event.start", "id": "go"})).await;
    assert_eq!(ack["type"], "ack");
    let round = until(&mut h, |f| f["type"] == "phase" && f["phase"] == "round").await;
    assert_eq!(
        round["ends_at"].as_i64().unwrap() - round["started_at"].as_i64().unwrap(),
        5000
    );
    assert_eq!(round["rounds"], 3);

    let res = app
        .send_json(
            reqwest::Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"rounds": 8}),
        )
        .await;
    assert_eq!(res.status(), 409);
    let read: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(
        (read["rounds"].as_i64(), read["status"].as_str()),
        (Some(3), Some("live"))
    );
    let p = &read["progress"];
    assert_eq!(
        (
            p["phase"].as_str(),
            p["round"].as_i64(),
            p["rounds"].as_i64()
        ),
        (Some("round"), Some(1), Some(3))
    );
}

/// The report counts what the evening was: with three women and two men, one woman
/// sits out each of the two rounds, and the report says two rounds were sat out.
#[tokio::test]
async fn the_report_counts_every_round_a_guest_sat_out() {
    const T0: i64 = 1_800_000_000_000;
    let app = helpers::spawn_app_at(T0).await;
    let mut body = helpers::event_body();
    body["rounds"] = json!(2);
    body["round_seconds"] = json!(60);
    body["transition_seconds"] = json!(10);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    for (name, g) in [
        ("Ann", "female"),
        ("Bo", "male"),
        ("Cai", "female"),
        ("Dan", "male"),
        ("Eve", "female"),
    ] {
        arrive(&app, &event, name, g).await;
    }
    let (mut h, _) = connect(&app, &app.staff(&event, "host").await).await;
    assert_eq!(
        ask(&mut h, json!({"type": "event.start", "id": "go"})).await["type"],
        "ack"
    );
    for at in [60_000, 70_000, 130_000] {
        app.clock.set(T0 + at);
    }
    until(&mut h, |f| f["type"] == "phase" && f["phase"] == "closed").await;
    let report: Value = app
        .get(&format!("/api/events/{event}/report"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(report["attendance"]["dates_held"], 4, "{report}");
    assert_eq!(report["access"]["rounds_sat_out"], 2, "{report}");
    assert_eq!(
        report["access"]["rests_taken"], 0,
        "nobody asked to rest: {report}"
    );
}
