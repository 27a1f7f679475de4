//! A join link pairs one phone: the first `hello` claims it and gets the phone's
//! own session; the same device gets the same session again; any other hello with
//! the link is refused `link_claimed`; over HTTP a link is nobody's.

use serde_json::{Value, json};

use super::helpers::{TestApp, spawn_app, walk_in};
use super::{Ws, ask, next, send, until};

/// Re-issues guest `pid`'s link as `by` (200): the answer, with the new link.
async fn reissue(app: &TestApp, event: &str, pid: &str, by: &str) -> Value {
    let path = format!("/api/events/{event}/participants/{pid}/token");
    let res = app.post(&path, Some(by), &json!({})).await;
    assert_eq!(res.status(), 200);
    res.json().await.unwrap()
}

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
    // On her own phone she wrote an introduction and answered a poll.
    let said = json!({"type": "intro.set", "id": "i", "text": "我喜欢唱歌。", "on_stage": true});
    assert_eq!(ask(&mut old_phone, said).await["type"], "ack");
    let (mut console, _) = hello(&app, &host, None).await;
    let open = json!({"type": "poll.open", "id": "o", "question": "最佳才艺？", "options": ["唱歌", "朗诵"]});
    assert_eq!(ask(&mut console, open).await["type"], "ack");
    let answer = json!({"type": "poll.answer", "id": "a", "poll": "q1", "option": 1});
    assert_eq!(ask(&mut old_phone, answer).await["type"], "ack");
    let new_link = reissue(&app, &event, pid, &host).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let gone = until(&mut old_phone, |v| v["type"] == "error").await;
    assert_eq!(gone["code"], "revoked", "{gone}");
    let (_, e) = hello(&app, &old_session, None).await;
    assert_eq!(e["code"], "unauthorized", "{e}");
    assert_eq!(app.get("/api/me", Some(&old_session)).await.status(), 401);
    let (mut new_phone, w) = hello(&app, &new_link, Some("new")).await;
    let new_session = w["session"].as_str().unwrap().to_string();
    assert_ne!(new_session, old_session);
    // A re-issued link's claim is never trusted: whoever scanned it (a staff member,
    // a passer-by) must show it is the guest's phone.
    let id = &w["state"]["identity"];
    assert_eq!(id["confirmed"], false, "{w}");
    assert_eq!(id["issued_by"]["role"], "host", "{id}");
    assert!(id["issued_at"].as_i64().is_some());
    assert_eq!(id["tries_left"], 5);
    let code = id["code"].as_str().unwrap().to_string();
    assert_eq!(code.len(), 6);
    // Until then it does nothing as the guest and reads nothing of theirs.
    let e = ask(
        &mut new_phone,
        json!({"type": "consent.set", "id": "c", "share_contact": true}),
    )
    .await;
    assert_eq!(e["code"], "confirm_needed", "{e}");
    assert!(e["message"].as_str().unwrap().contains("last four digits"));
    // Nor her introduction, her stage consent or her answer.
    assert!(w["state"]["intro"]["text"].is_null(), "{w}");
    assert_eq!(w["state"]["intro"]["on_stage"], false);
    assert!(w["state"]["poll"]["mine"].is_null(), "{w}");
    for verb in [
        json!({"type": "intro.set", "id": "i2", "text": "x", "on_stage": false}),
        json!({"type": "poll.answer", "id": "a2", "poll": "q1", "option": 0}),
    ] {
        assert_eq!(ask(&mut new_phone, verb).await["code"], "confirm_needed");
    }
    let data = app.get("/api/me/data", Some(&new_session)).await;
    assert_eq!(data.status(), 403);
    let problem: Value = data.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/confirm_needed", "{problem}");
    assert_eq!(app.get("/api/me", Some(&new_session)).await.status(), 200);
    // Wrong digits, then the right ones (the contact "13800000000" ends in 0000).
    let e = ask(
        &mut new_phone,
        json!({"type": "identity.confirm", "id": "w", "digits": "1234"}),
    )
    .await;
    assert_eq!(e["code"], "wrong_digits", "{e}");
    assert!(
        e["message"].as_str().unwrap().contains("4 tries left"),
        "{e}"
    );
    let left = until(&mut new_phone, |v| v["type"] == "identity").await;
    assert_eq!(left["tries_left"], 4);
    let a = ask(
        &mut new_phone,
        json!({"type": "identity.confirm", "id": "r", "digits": "0000"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    let ok = until(&mut new_phone, |v| v["type"] == "identity").await;
    assert_eq!(
        (ok["confirmed"].as_bool(), ok["code"].as_str()),
        (Some(true), None)
    );
    // The new phone acts: a verb is acknowledged.
    let a = ask(
        &mut new_phone,
        json!({"type": "consent.set", "id": "c2", "share_contact": true}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    assert_eq!(
        app.get("/api/me/data", Some(&new_session)).await.status(),
        200
    );
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let (kind, actor): (String, String) = sqlx::query_as(
        "SELECT kind, actor FROM event_log WHERE kind = 'participant.link_reissued'",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    assert_eq!(kind, "participant.link_reissued");
    assert!(actor.starts_with("staff:"), "{actor}");
    let kinds: Vec<(String,)> = sqlx::query_as(
        "SELECT kind FROM event_log WHERE kind LIKE 'participant.confirm%' ORDER BY seq",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert_eq!(
        kinds,
        [
            ("participant.confirm_failed".to_string(),),
            ("participant.confirmed".to_string(),)
        ]
    );
    let _ = code;
}

/// A short event with two guests in a date, started; the organiser's view of them.
async fn started(app: &TestApp) -> (String, Vec<Value>, Ws) {
    let (event, host, people) = super::short_event(app, 600).await;
    let (mut h, _) = super::connect(app, &host).await;
    let a = ask(&mut h, json!({"type": "event.start", "id": "go"})).await;
    assert_eq!(a["type"], "ack", "{a}");
    (event, people, h)
}

#[tokio::test]
async fn a_link_first_opened_after_the_start_waits_and_the_organiser_confirms_it_by_its_code() {
    let app = spawn_app().await;
    let (event, _, _h) = started(&app).await;
    // A guest registered by the organiser during the evening, whose slip is first
    // scanned after the start.
    let late = app.participant(&event, "Eve", "female").await;
    let pid = late["id"].as_str().unwrap();
    let (mut phone, w) = hello(&app, late["token"].as_str().unwrap(), Some("eve")).await;
    let id = &w["state"]["identity"];
    assert_eq!(id["confirmed"], false, "{w}");
    assert!(id["issued_by"].is_null(), "the original link: {id}");
    // Five wrong tries lock the digits; only the organiser then confirms.
    for i in 0..5 {
        let e = ask(
            &mut phone,
            json!({"type": "identity.confirm", "id": format!("w{i}"), "digits": "9999"}),
        )
        .await;
        let want = if i < 4 {
            "wrong_digits"
        } else {
            "confirm_locked"
        };
        assert_eq!(e["code"], want, "try {i}: {e}");
    }
    let e = ask(
        &mut phone,
        json!({"type": "identity.confirm", "id": "late", "digits": "0000"}),
    )
    .await;
    assert_eq!(e["code"], "confirm_locked", "even the right digits: {e}");
    let path = format!("/api/events/{event}/participants/{pid}/confirm");
    let host = app.staff(&event, "host").await;
    assert_eq!(
        app.post(&path, Some(&host), &json!({"code": "000000"}))
            .await
            .status(),
        403,
        "staff never confirm"
    );
    let res = app
        .post(&path, Some(&app.admin), &json!({"code": "000000x"}))
        .await;
    assert_eq!(res.status(), 422);
    assert_eq!(super::helpers::error_fields(res).await, ["code"]);
    let code = id["code"].as_str().unwrap();
    assert_eq!(
        app.post(&path, Some(&app.admin), &json!({"code": code}))
            .await
            .status(),
        204
    );
    let ok = until(&mut phone, |v| {
        v["type"] == "identity" && v["confirmed"] == true
    })
    .await;
    assert!(ok["code"].is_null());
    // A re-issue does not give the tries back.
    let link = reissue(&app, &event, pid, &app.admin).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, w) = hello(&app, &link, Some("eve-2")).await;
    assert_eq!(w["state"]["identity"]["tries_left"], 0, "{w}");
    assert_eq!(w["state"]["identity"]["issued_by"]["role"], "organiser");
}

#[tokio::test]
async fn a_walk_in_registered_at_the_door_is_trusted_and_a_contact_staff_typed_proves_nothing() {
    let app = spawn_app().await;
    let (event, _, _h) = started(&app).await;
    let desk = app.staff(&event, "matchmaker").await;
    let res = app.register(&event, &desk, &walk_in("Wu", "male")).await;
    assert_eq!(res.status(), 201);
    let wu: Value = res.json().await.unwrap();
    assert!(
        wu["qr_svg"].as_str().unwrap().contains("<svg"),
        "shown once for the guest to scan"
    );
    let (_, w) = hello(&app, wu["token"].as_str().unwrap(), Some("wu")).await;
    assert_eq!(w["state"]["identity"]["confirmed"], true, "{w}");
    // Re-issued later, the digits staff typed cannot confirm it.
    let pid = wu["id"].as_str().unwrap();
    let again = reissue(&app, &event, pid, &desk).await;
    assert!(again["qr_svg"].as_str().unwrap().contains("aria-label"));
    let (mut phone, w) = hello(&app, again["token"].as_str().unwrap(), Some("wu-2")).await;
    assert_eq!(w["state"]["identity"]["confirmed"], false);
    assert_eq!(w["state"]["identity"]["tries_left"], 0);
    let e = ask(
        &mut phone,
        json!({"type": "identity.confirm", "id": "d", "digits": "0000"}),
    )
    .await;
    assert_eq!(e["code"], "confirm_locked", "{e}");
}

#[tokio::test]
async fn an_unconfirmed_phone_reads_no_choice_no_match_and_cannot_be_invited() {
    let app = spawn_app().await;
    let (event, people, _h) = started(&app).await;
    let ann = &people[0];
    let (mut phone, w) = super::connect(&app, ann["token"].as_str().unwrap()).await;
    let partner = w["state"]["assignment"]["partner"]["name"]
        .as_str()
        .unwrap()
        .to_string();
    let a = ask(
        &mut phone,
        json!({"type": "interest.mark", "id": "m", "round": 1, "choice": "yes"}),
    )
    .await;
    assert_eq!(a["type"], "ack", "{a}");
    // Ann's link is re-issued (her phone was lost) and scanned by someone.
    let pid = ann["id"].as_str().unwrap();
    let link = reissue(&app, &event, pid, &app.admin).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, w) = hello(&app, &link, Some("found-it")).await;
    let state = &w["state"];
    assert_eq!(state["identity"]["confirmed"], false);
    assert_eq!(state["me"]["name"], "Ann", "number and name");
    assert_eq!(
        state["assignment"]["partner"]["name"],
        partner.as_str(),
        "the seating"
    );
    assert!(
        state["marks"]["marks"]
            .as_array()
            .unwrap()
            .iter()
            .all(|m| m["choice"].is_null()),
        "{state}"
    );
    assert_eq!(state["marks"]["share_contact"], false);
    assert_eq!(state["chat"]["state"], "none");
    assert_eq!(state["ticket"]["state"], "none");
    // Her partner's invitation is refused as if she were busy.
    let other = people
        .iter()
        .find(|p| p["display_name"] == partner.as_str())
        .unwrap();
    let (mut theirs, _) = super::connect(&app, other["token"].as_str().unwrap()).await;
    let e = ask(&mut theirs, json!({"type": "chat.invite", "id": "i"})).await;
    assert_eq!(e["code"], "busy", "{e}");
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

#[tokio::test]
async fn the_organiser_reads_who_did_what_to_whose_record_and_a_guests_own_actions_by_kind_and_time_only()
 {
    let app = spawn_app().await;
    let (event, people, _h) = started(&app).await;
    let ann = &people[0];
    let pid = ann["id"].as_str().unwrap();
    let desk = app.staff(&event, "matchmaker").await;
    // A guest's own action: an invitation to her partner.
    let (mut phone, _) = super::connect(&app, ann["token"].as_str().unwrap()).await;
    let a = ask(&mut phone, json!({"type": "chat.invite", "id": "i"})).await;
    assert_eq!(a["type"], "ack", "{a}");
    // Staff re-issue her link; the new phone claims it.
    let link = reissue(&app, &event, pid, &desk).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    hello(&app, &link, Some("new")).await;
    let path = format!("/api/events/{event}/log");
    for staff in [desk.clone(), app.staff(&event, "host").await] {
        assert_eq!(app.get(&path, Some(&staff)).await.status(), 403);
    }
    let log: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    let entries = log.as_array().unwrap();
    let find = |kind: &str| {
        entries
            .iter()
            .filter(|e| e["kind"] == kind)
            .cloned()
            .collect::<Vec<_>>()
    };
    let number = ann["number"].clone();
    let reissued = find("participant.link_reissued");
    assert_eq!(reissued.len(), 1);
    assert_eq!(reissued[0]["actor"], "matchmaker Test", "{log}");
    assert_eq!(reissued[0]["subject"], number);
    let claims = find("participant.link_claimed");
    assert!(claims.iter().all(|c| c["actor"] == "guest"), "{claims:?}");
    assert!(claims.iter().any(|c| c["subject"] == number));
    let invited = find("chat.invited");
    assert_eq!(invited.len(), 1);
    assert!(invited[0]["at"].as_i64().is_some());
    let keys: Vec<&String> = invited[0].as_object().unwrap().keys().collect();
    assert_eq!(keys, ["at", "kind"], "a guest's own action: {}", invited[0]);
    // Every entry is these fields only: no data, no token, no note.
    for e in entries {
        for k in e.as_object().unwrap().keys() {
            assert!(
                ["at", "kind", "actor", "subject", "subjects"].contains(&k.as_str()),
                "{e}"
            );
        }
    }
    let text = log.to_string();
    assert!(!text.contains(&link) && !text.contains(pid), "{text}");
    // The filter: one kind, or a family of kinds.
    let only: Value = app
        .get(
            &format!("{path}?kind=participant.link_reissued"),
            Some(&app.admin),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(only.as_array().unwrap().len(), 1);
    let family: Value = app
        .get(&format!("{path}?kind=participant."), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert!(
        family
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["kind"].as_str().unwrap().starts_with("participant."))
    );
    assert!(family.as_array().unwrap().len() >= 6);
}

#[tokio::test]
async fn a_withdrawn_guests_phone_that_was_never_confirmed_reads_none_of_their_data() {
    let app = spawn_app().await;
    let (event, people, _h) = started(&app).await;
    let ann = &people[0];
    let pid = ann["id"].as_str().unwrap();
    // Someone scans Ann's re-issued link; then Ann withdraws.
    let link = reissue(&app, &event, pid, &app.admin).await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let (_, w) = hello(&app, &link, Some("not-hers")).await;
    assert_eq!(w["state"]["identity"]["confirmed"], false);
    let session = w["session"].as_str().unwrap().to_string();
    let path = format!("/api/events/{event}/participants/{pid}");
    let res = app
        .send_json(reqwest::Method::DELETE, &path, Some(&app.admin), &json!({}))
        .await;
    assert_eq!(res.status(), 204);
    let data = app.get("/api/me/data", Some(&session)).await;
    assert_eq!(data.status(), 403);
    let problem: Value = data.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/confirm_needed", "{problem}");
    assert_eq!(
        app.post("/api/me/erasure", Some(&session), &json!({}))
            .await
            .status(),
        403
    );
}
