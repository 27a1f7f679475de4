//! The evening's programme over real WebSockets: the host sets it and every screen
//! gets it; starting the opening makes the event live (the organiser can no longer
//! change it); the dates segment starts the rounds; after the rounds the event stays
//! live until `closing`, and a restart in between resumes it.

use serde_json::{Value, json};

use super::{arrive, ask, connect, helpers, until};

const T0: i64 = 1_800_000_000_000;

/// The event as the organiser reads it.
async fn read(app: &helpers::TestApp, path: &str) -> Value {
    app.get(path, Some(&app.admin)).await.json().await.unwrap()
}

#[tokio::test]
async fn the_host_runs_a_programme_around_the_dates_and_the_event_stays_live_until_closing() {
    let mut app = helpers::spawn_app_at(T0).await;
    let mut body = helpers::event_body();
    body["rounds"] = json!(1);
    body["round_seconds"] = json!(60);
    body["transition_seconds"] = json!(10);
    body["break_after_rounds"] = json!(0);
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    for (name, g) in [("Ann", "female"), ("Bo", "male")] {
        arrive(&app, &event, name, g).await;
    }
    let host_token = app.staff(&event, "host").await;
    let (mut host, welcome) = connect(&app, &host_token).await;
    assert_eq!(welcome["state"]["programme"]["segments"], json!([]));
    let set = json!({"type": "programme.set", "id": "p", "segments": [
        {"kind": "opening", "title": "开场致辞", "minutes": 10},
        {"kind": "dates", "title": "八分钟约会", "minutes": 30},
        {"kind": "talent", "title": "才艺展示", "minutes": 20},
        {"kind": "closing", "title": "合影留念", "minutes": 10},
    ]});
    assert_eq!(ask(&mut host, set).await["type"], "ack");
    let shown = until(&mut host, |f| f["type"] == "programme").await;
    let ids: Vec<&str> = shown["segments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["s1", "s2", "s3", "s4"]);
    let path = format!("/api/events/{event}");
    let status = |v: Value| v["status"].as_str().unwrap().to_string();
    assert_eq!(status(read(&app, &path).await), "scheduled");

    // The opening: live, in the lobby still; the organiser's edits stop.
    let go = ask(
        &mut host,
        json!({"type": "segment.start", "id": "o", "segment": "s1"}),
    )
    .await;
    assert_eq!(go["type"], "ack", "{go}");
    assert_eq!(status(read(&app, &path).await), "live");
    let res = app
        .send_json(
            reqwest::Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"rounds": 3}),
        )
        .await;
    assert_eq!(res.status(), 409);
    // Not during a round; the dates start the rounds.
    let dates = ask(
        &mut host,
        json!({"type": "segment.start", "id": "d", "segment": "s2"}),
    )
    .await;
    assert_eq!(dates["type"], "ack", "{dates}");
    until(&mut host, |f| f["type"] == "phase" && f["phase"] == "round").await;
    let talent = ask(
        &mut host,
        json!({"type": "segment.start", "id": "t", "segment": "s3"}),
    )
    .await;
    assert_eq!(talent["code"], "dates_running", "{talent}");
    // The rounds end; the event stays live, and a restart resumes it.
    app.clock.set(T0 + 60_000);
    until(&mut host, |f| {
        f["type"] == "phase" && f["phase"] == "closed"
    })
    .await;
    assert_eq!(status(read(&app, &path).await), "live");
    drop(host);
    app.restart().await;
    let (mut host, welcome) = connect(&app, &host_token).await;
    assert_eq!(
        welcome["state"]["programme"]["current"],
        json!(null),
        "the dates ended with the rounds"
    );
    let talent = ask(
        &mut host,
        json!({"type": "segment.start", "id": "t2", "segment": "s3"}),
    )
    .await;
    assert_eq!(talent["type"], "ack", "{talent}");
    let closing = ask(
        &mut host,
        json!({"type": "segment.start", "id": "c", "segment": "s4"}),
    )
    .await;
    assert_eq!(closing["type"], "ack", "{closing}");
    let done = read(&app, &path).await;
    assert_eq!(status(done.clone()), "closed");
    assert!(done["closed_at"].is_i64(), "{done}");
    let shown = until(&mut host, |f| {
        f["type"] == "programme" && f["closed_at"].is_i64()
    })
    .await;
    let talent = &shown["segments"][2];
    assert!(
        talent["started_at"].is_i64() && talent["ended_at"].is_i64(),
        "{shown}"
    );
}

#[tokio::test]
async fn the_organisers_programme_reaches_an_open_lobby_and_is_refused_once_the_event_is_live() {
    let app = helpers::spawn_app_at(T0).await;
    let event: Value = app
        .create_event(&helpers::event_body())
        .await
        .json()
        .await
        .unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    arrive(&app, &event, "Ann", "female").await;
    let (mut host, _) = connect(&app, &app.staff(&event, "host").await).await;
    let path = format!("/api/events/{event}/programme");
    let body = json!({"segments": [
        {"kind": "opening", "title": "开场致辞", "minutes": 10},
        {"kind": "dates", "title": "八分钟约会", "minutes": 80},
    ]});
    let res = app
        .send_json(reqwest::Method::PUT, &path, Some(&app.admin), &body)
        .await;
    assert_eq!(res.status(), 200);
    let shown = until(&mut host, |f| {
        f["type"] == "programme" && f["segments"].as_array().is_some_and(|s| s.len() == 2)
    })
    .await;
    assert_eq!(shown["segments"][0]["title"], "开场致辞");
    // Through the open lobby's engine too, a bad programme is named and changes nothing.
    let two = json!({"segments": [{"kind": "dates", "title": "a", "minutes": 5}, {"kind": "dates", "title": "b", "minutes": 5}]});
    let res = app
        .send_json(reqwest::Method::PUT, &path, Some(&app.admin), &two)
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(helpers::error_fields(res).await, vec!["segments"]);
    let go = ask(
        &mut host,
        json!({"type": "segment.start", "id": "o", "segment": "s1"}),
    )
    .await;
    assert_eq!(go["type"], "ack", "{go}");
    let res = app
        .send_json(reqwest::Method::PUT, &path, Some(&app.admin), &body)
        .await;
    assert_eq!(res.status(), 409);
    // The store mirrors the evening's programme: the opening under way.
    let read: Value = app
        .get(&format!("/api/events/{event}"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(read["programme"][0]["started_at"].is_i64(), "{read}");
}

#[tokio::test]
async fn a_caption_reaches_every_screen_a_correction_replaces_it_and_the_engine_captions_its_rounds()
 {
    let app = helpers::spawn_app_at(T0).await;
    let event: Value = app
        .create_event(&helpers::event_body())
        .await
        .json()
        .await
        .unwrap();
    let event = event["id"].as_str().unwrap().to_string();
    let ann = arrive(&app, &event, "Ann", "female").await;
    arrive(&app, &event, "Bo", "male").await;
    let (mut host, welcome) = connect(&app, &app.staff(&event, "host").await).await;
    assert_eq!(welcome["state"]["captions"]["lines"], json!([]));
    let (mut phone, _) = connect(&app, ann["token"].as_str().unwrap()).await;
    let (mut projector, _) = connect(&app, &app.staff(&event, "projector").await).await;
    let said = ask(
        &mut host,
        json!({"type": "caption.send", "id": "c", "text": " 欢迎大家 ", "speaker": "主持人"}),
    )
    .await;
    assert_eq!(said["type"], "ack", "{said}");
    for ws in [&mut phone, &mut projector] {
        let c = until(ws, |f| {
            f["type"] == "captions" && !f["lines"].as_array().unwrap().is_empty()
        })
        .await;
        assert_eq!(
            (
                c["lines"][0]["text"].as_str(),
                c["lines"][0]["speaker"].as_str()
            ),
            (Some("欢迎大家"), Some("主持人"))
        );
    }
    let fix = ask(
        &mut host,
        json!({"type": "caption.fix", "id": "f", "line": 1, "text": "欢迎各位来宾"}),
    )
    .await;
    assert_eq!(fix["type"], "ack", "{fix}");
    let c = until(&mut phone, |f| {
        f["type"] == "captions" && f["lines"][0]["fixed"] == true
    })
    .await;
    assert_eq!(c["lines"][0]["text"], "欢迎各位来宾");
    let long = ask(
        &mut host,
        json!({"type": "caption.send", "id": "l", "text": "字".repeat(201)}),
    )
    .await;
    assert_eq!(long["code"], "too_long", "{long}");
    // A guest may not caption.
    let guest = ask(
        &mut phone,
        json!({"type": "caption.send", "id": "g", "text": "hi"}),
    )
    .await;
    assert_eq!(guest["code"], "forbidden", "{guest}");
    // The engine captions the start of a round, in both languages.
    assert_eq!(
        ask(&mut host, json!({"type": "event.start", "id": "s"})).await["type"],
        "ack"
    );
    let c = until(&mut phone, |f| {
        f["type"] == "captions" && f["lines"].as_array().unwrap().len() == 2
    })
    .await;
    assert_eq!(c["lines"][1]["text"], "第 1 轮约会开始");
    assert_eq!(c["lines"][1]["en"], "Round 1 of the dates begins");
}
