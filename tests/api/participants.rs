use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{error_fields, person, spawn_app};

#[tokio::test]
async fn registration_returns_a_number_a_strong_token_and_a_join_link_with_the_token_in_the_fragment()
 {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "王芳", "女").await;
    let b = app.participant(&event, "张伟", "男").await;
    assert_eq!(
        (a["number"].as_i64(), b["number"].as_i64()),
        (Some(1), Some(2))
    );
    let token = a["token"].as_str().unwrap();
    assert!(token.len() >= 22, "at least 128 bits");
    assert_eq!(a["join_url"], format!("http://192.0.2.10:8080/p/#{token}"));
    assert_ne!(a["token"], b["token"]);

    assert_eq!(
        app.get("/api/me", Some(token)).await.status(),
        StatusCode::UNAUTHORIZED,
        "a link does nothing over HTTP but be claimed"
    );
    let session = app.session(token).await;
    assert_ne!(session, token);
    let me: Value = app
        .get("/api/me", Some(&session))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["role"], "participant");
    assert_eq!(me["name"], "王芳");
    assert_eq!(me["number"], 1);
    assert_eq!(me["event"]["id"], event);
}

#[tokio::test]
async fn the_roster_shows_every_field_to_staff_but_never_a_token() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let body = json!({
        "display_name": "B", "gender": "male", "age": 33, "marital_status": "divorced",
        "seeks": ["female"], "partner_age": [25, 35], "mobility": "wheelchair",
        "communication": ["sign", "text"], "quiet": true, "avoid": [1], "max_consecutive": 3,
        "available": [2, 8], "contact": "wechat: b", "share_contact": false, "companion": true,
        "notes_for_partner": "Please face me, I lip-read."
    });
    assert_eq!(
        app.register(&event, &app.admin, &body).await.status(),
        StatusCode::CREATED
    );
    let list = app.participants(&event, &app.admin).await;
    assert_eq!(list.status(), StatusCode::OK);
    let text = list.text().await.unwrap();
    assert!(!text.contains(a["token"].as_str().unwrap()));
    let list: Value = serde_json::from_str(&text).unwrap();
    let b = &list[1];
    assert_eq!(b["number"], 2);
    assert_eq!(b["mobility"], "wheelchair");
    assert_eq!(b["communication"], json!(["sign", "text"]));
    assert_eq!(b["avoid"], json!([1]));
    assert_eq!(b["partner_age"], json!([25, 35]));
    assert_eq!(b["available"], json!([2, 8]));
    assert_eq!(b["companion"], true);
    assert_eq!(b["notes_for_partner"], "Please face me, I lip-read.");
    assert_eq!(b["marital_status"], "divorced");
}

#[tokio::test]
async fn each_eligibility_rule_answers_422_naming_the_field_and_saves_nothing() {
    let app = spawn_app().await;
    let event = app.event().await;
    app.participant(&event, "Existing", "female").await;
    let cases: Vec<(Value, &str)> = vec![
        (json!({"gender": "male", "age": 21}), "age"),
        (json!({"gender": "female", "age": 19}), "age"),
        (json!({"marital_status": "married"}), "marital_status"),
        (json!({"mobility": "skateboard"}), "mobility"),
        (
            json!({"communication": ["speech", "morse"]}),
            "communication[1]",
        ),
        (json!({"partner_age": [40, 30]}), "partner_age"),
        (json!({"avoid": [99]}), "avoid[0]"),
        (json!({"avoid": ["Nobody"]}), "avoid[0]"),
        (json!({"available": [0, 9]}), "available[0]"),
        (json!({"max_consecutive": 0}), "max_consecutive"),
        (json!({"display_name": ""}), "display_name"),
        (json!({"age": "thirty"}), "age"),
    ];
    for (patch, field) in cases {
        let mut body = person("New", "female");
        for (k, v) in patch.as_object().unwrap() {
            body[k] = v.clone();
        }
        let fields = error_fields(app.register(&event, &app.admin, &body).await).await;
        assert!(
            fields.contains(&field.to_string()),
            "{patch}: expected {field} in {fields:?}"
        );
    }
    let mut body = person("Nameless", "male");
    body.as_object_mut().unwrap().remove("age");
    body.as_object_mut().unwrap().remove("marital_status");
    assert_eq!(
        error_fields(app.register(&event, &app.admin, &body).await).await,
        vec!["age", "marital_status"]
    );

    let list: Value = app
        .participants(&event, &app.admin)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        list.as_array().unwrap().len(),
        1,
        "nothing invalid was saved"
    );
    // A rejected registration does not use up a number.
    assert_eq!(app.participant(&event, "Next", "male").await["number"], 2);
}

#[tokio::test]
async fn a_stricter_event_minimum_age_is_enforced() {
    let app = spawn_app().await;
    let mut body = crate::helpers::event_body();
    body["eligibility"] = json!({"min_age_male": 25, "min_age_female": 25});
    let event: Value = app.create_event(&body).await.json().await.unwrap();
    let event = event["id"].as_str().unwrap();
    let mut p = person("Young", "female");
    p["age"] = json!(24);
    assert_eq!(
        error_fields(app.register(event, &app.admin, &p).await).await,
        vec!["age"]
    );
    // The event's own minimum is the line: 25 is accepted, as 24 was not.
    p["age"] = json!(25);
    assert_eq!(app.register(event, &app.admin, &p).await.status(), 201);
}

#[tokio::test]
async fn a_participant_is_updated_field_by_field_and_checked_again() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    app.participant(&event, "B", "male").await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    let res = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"mobility": "guided", "avoid": ["B"]}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["mobility"], "guided");
    assert_eq!(updated["avoid"], json!([2]));
    assert_eq!(updated["display_name"], "A");

    let bad = app
        .send_json(Method::PATCH, &path, Some(&app.admin), &json!({"age": 18}))
        .await;
    assert_eq!(error_fields(bad).await, vec!["age"]);
    let self_avoid = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"avoid": [1]}),
        )
        .await;
    assert_eq!(error_fields(self_avoid).await, vec!["avoid[0]"]);
    let read: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(read["age"], 30, "a rejected update changes nothing");
}

#[tokio::test]
async fn a_withdrawn_participant_keeps_their_record_but_loses_access() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let token = &app.session(a["token"].as_str().unwrap()).await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    let res = app
        .send_json(Method::DELETE, &path, Some(&app.admin), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    // The phone keeps its data and the erasure request, and nothing else.
    assert_eq!(
        app.get("/api/me", Some(token)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.get("/api/me/data", Some(token)).await.status(),
        StatusCode::OK
    );
    assert_eq!(
        app.get("/api/me", a["token"].as_str()).await.status(),
        StatusCode::UNAUTHORIZED,
        "the link is nobody's"
    );
    let read: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(read["status"], "withdrawn");
    let check_in = app
        .post(&format!("{path}/check-in"), Some(&app.admin), &json!({}))
        .await;
    assert_eq!(check_in.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_reissued_token_replaces_the_old_one() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let old = a["token"].as_str().unwrap();
    let old_session = app.session(old).await;
    let path = format!(
        "/api/events/{event}/participants/{}/token",
        a["id"].as_str().unwrap()
    );
    let res = app.post(&path, Some(&app.admin), &json!({})).await;
    assert_eq!(res.status(), StatusCode::OK);
    let new: Value = res.json().await.unwrap();
    let new_token = new["token"].as_str().unwrap();
    assert_ne!(new_token, old);
    assert_eq!(
        app.get("/api/me", Some(&old_session)).await.status(),
        StatusCode::UNAUTHORIZED,
        "the old phone's session ends with the old link"
    );
    let new_session = app.session(new_token).await;
    assert_ne!(new_session, old_session);
    assert_eq!(
        app.get("/api/me", Some(&new_session)).await.status(),
        StatusCode::OK
    );
}

#[tokio::test]
async fn check_in_records_the_first_arrival_time() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let id = a["id"].as_str().unwrap();
    let path = format!("/api/events/{event}/participants/{id}/check-in");
    let host = app.staff(&event, "host").await;
    let first: Value = app
        .post(&path, Some(&host), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    let again: Value = app
        .post(&path, Some(&app.admin), &json!({}))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(first["checked_in_at"], again["checked_in_at"]);
    assert!(first["checked_in_at"].as_i64().unwrap() > 1_700_000_000_000);
    let list: Value = app.participants(&event, &host).await.json().await.unwrap();
    assert_eq!(list[0]["checked_in_at"], first["checked_in_at"]);
    let session = app.session(a["token"].as_str().unwrap()).await;
    let me: Value = app
        .get("/api/me", Some(&session))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["checked_in"], true);
}

#[tokio::test]
async fn an_unknown_participant_is_not_found() {
    let app = spawn_app().await;
    let event = app.event().await;
    let res = app
        .get(
            &format!("/api/events/{event}/participants/nobody"),
            Some(&app.admin),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .post(
            &format!("/api/events/{event}/participants/nobody/check-in"),
            Some(&app.admin),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .register("no-such-event", &app.admin, &person("A", "female"))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_badge_number_finds_its_guest_for_the_desk_and_nobody_elses() {
    let app = spawn_app().await;
    let event = app.event().await;
    let other = app.event().await;
    let ann = app.participant(&event, "Ann", "female").await;
    let stranger = app.participant(&other, "Zed", "male").await;
    let desk = app.staff(&event, "matchmaker").await;
    let path = format!("/api/events/{event}/participants/by-badge");

    // The number printed on the badge, typed or picked at the desk.
    let res = app
        .post(&path, Some(&desk), &json!({"number": ann["number"]}))
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let found: Value = res.json().await.unwrap();
    assert_eq!(found["id"], ann["id"]);
    assert!(found.get("token").is_none());
    // Another event's number that is not this event's, or none at all.
    assert_eq!(stranger["number"], 1);
    for number in [json!(2), json!(99)] {
        let res = app
            .post(&path, Some(&desk), &json!({"number": number}))
            .await;
        assert_eq!(res.status(), StatusCode::NOT_FOUND);
        let body: Value = res.json().await.unwrap();
        assert!(body["detail"].as_str().unwrap().contains("badge"));
    }
    assert_eq!(
        error_fields(app.post(&path, Some(&desk), &json!({})).await).await,
        ["number"]
    );
    // A badge's code is the guest's own link: the desk never sends it.
    assert_eq!(
        error_fields(
            app.post(&path, Some(&desk), &json!({"link": ann["join_url"]}))
                .await
        )
        .await,
        ["link", "number"]
    );
    // A guest cannot look badges up.
    let session = app.session(ann["token"].as_str().unwrap()).await;
    let res = app
        .post(&path, Some(&session), &json!({"number": ann["number"]}))
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_guests_contact_is_shown_to_the_organiser_only_and_absent_for_staff() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "Ann", "female").await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    let res = app.get(&path, Some(&app.admin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let admin: Value = res.json().await.unwrap();
    assert_eq!(admin["contact"], "13800000000");
    let badge = format!("/api/events/{event}/participants/by-badge");
    for role in ["host", "matchmaker"] {
        let staff = app.staff(&event, role).await;
        let res = app.get(&path, Some(&staff)).await;
        assert_eq!(res.status(), StatusCode::OK);
        let one: Value = res.json().await.unwrap();
        assert!(one.get("contact").is_none(), "{role} sees {one}");
        let res = app.participants(&event, &staff).await;
        assert_eq!(res.status(), StatusCode::OK);
        let list: Value = res.json().await.unwrap();
        assert!(list[0].get("contact").is_none());
        // Everything the desk needs is still there.
        assert_eq!(list[0]["display_name"], "Ann");
        // A change answers with the guest, the contact still withheld.
        let res = app
            .send_json(Method::PATCH, &path, Some(&staff), &json!({"quiet": true}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let patched: Value = res.json().await.unwrap();
        assert_eq!(patched["quiet"], true);
        assert!(
            patched.get("contact").is_none(),
            "{role} PATCH shows {patched}"
        );
        // A badge number answers with the guest, the contact withheld.
        let res = app
            .post(&badge, Some(&staff), &json!({"number": a["number"]}))
            .await;
        assert_eq!(res.status(), StatusCode::OK);
        let scanned: Value = res.json().await.unwrap();
        assert_eq!(scanned["display_name"], "Ann");
        assert!(
            scanned.get("contact").is_none(),
            "{role} by-badge shows {scanned}"
        );
        let whole = serde_json::to_string(&(one, list, patched, scanned)).unwrap();
        assert!(
            !whole.contains("13800000000"),
            "{role}: the number appears nowhere"
        );
    }
    let res = app.get(&path, Some(&app.admin)).await;
    let admin: Value = res.json().await.unwrap();
    assert_eq!(
        admin["contact"], "13800000000",
        "staff changes kept the contact"
    );
}

#[tokio::test]
async fn only_the_organiser_changes_a_guests_consent_and_the_change_is_logged_old_and_new() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "Ann", "female").await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    let before: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    let was = before["share_contact"].as_bool().unwrap();
    for role in ["host", "matchmaker"] {
        let staff = app.staff(&event, role).await;
        let res = app
            .send_json(
                Method::PATCH,
                &path,
                Some(&staff),
                &json!({"share_contact": !was}),
            )
            .await;
        assert_eq!(error_fields(res).await, ["share_contact"], "{role}");
    }
    let unchanged: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(unchanged["share_contact"], was, "nothing changed");
    // The organiser, from a paper form: changed, and logged with who, old and new.
    let res = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"share_contact": !was}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let log: Vec<(String, String, i64)> =
        sqlx::query_as("SELECT actor, data, at FROM event_log WHERE kind = 'consent.changed'")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].0, "admin");
    let data: Value = serde_json::from_str(&log[0].1).unwrap();
    assert_eq!(data["share_contact"], json!({"old": was, "new": !was}));
    assert!(log[0].2 > 0);
}

#[tokio::test]
async fn staff_change_only_the_fields_they_may_read() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "Ann", "female").await;
    let path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    let host = app.staff(&event, "host").await;
    let mm = app.staff(&event, "matchmaker").await;
    for (token, body) in [
        (&host, json!({"age": 40})),
        (&host, json!({"notes_for_partner": "hi"})),
        (&mm, json!({"contact": "someone else's", "quiet": true})),
        (&mm, json!({"avoid": [1]})),
        (&mm, json!({"partner_age": null})),
    ] {
        let res = app
            .send_json(Method::PATCH, &path, Some(token), &body)
            .await;
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{body}");
        let problem: Value = res.json().await.unwrap();
        assert!(
            problem["detail"]
                .as_str()
                .unwrap()
                .contains("Only the organiser"),
            "{problem}"
        );
    }
    let after: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(
        (after["age"].as_i64(), after["quiet"].as_bool()),
        (Some(30), Some(false)),
        "nothing changed"
    );
    // What their screens show, they may change.
    for (token, body) in [
        (&mm, json!({"notes_for_partner": "I sign"})),
        (&host, json!({"mobility": "wheelchair"})),
    ] {
        let res = app
            .send_json(Method::PATCH, &path, Some(token), &body)
            .await;
        assert_eq!(res.status(), StatusCode::OK, "{body}");
    }
}
