use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::helpers::{error_fields, event_body, spawn_app};

#[tokio::test]
async fn health_answers_ok_once_the_database_is_reachable() {
    let app = spawn_app().await;
    let res = app.get("/healthz", None).await;
    assert_eq!(res.status(), StatusCode::OK);
}

#[tokio::test]
async fn an_admin_creates_an_event_with_civil_code_defaults_and_reads_it_back() {
    let app = spawn_app().await;
    let res = app.create_event(&event_body()).await;
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["round_seconds"], 480);
    assert_eq!(created["transition_seconds"], 120);
    assert_eq!(
        created["eligibility"],
        json!({"min_age_male": 22, "min_age_female": 20})
    );
    assert_eq!(created["tables"].as_array().unwrap().len(), 3);
    assert_eq!(created["tables"][0]["accessible"], true);
    assert_eq!(created["tables"][1]["quiet"], true);
    assert_eq!(created["rooms"][1]["label"], "B");
    assert_eq!(created["desks"][0]["label"], "Desk 1");
    let id = created["id"].as_str().unwrap();

    let read: Value = app
        .get(&format!("/api/events/{id}"), Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read, created);
    let all: Value = app
        .get("/api/events", Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all.as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_invalid_event_names_every_bad_field_and_saves_nothing() {
    let app = spawn_app().await;
    let mut body = event_body();
    body["starts_at"] = json!("next Saturday");
    body["rounds"] = json!(0);
    body["tables"] = json!([]);
    body["rooms"] = json!([{"label": "A"}, {"label": "A"}]);
    body["eligibility"] = json!({"min_age_male": 12});
    let fields = error_fields(app.create_event(&body).await).await;
    assert_eq!(
        fields,
        vec![
            "starts_at",
            "rounds",
            "eligibility.min_age_male",
            "tables",
            "rooms[1].label"
        ]
    );
    let all: Value = app
        .get("/api/events", Some(&app.admin))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all, json!([]));
}

#[tokio::test]
async fn a_field_of_the_wrong_type_or_an_unknown_field_is_named() {
    let app = spawn_app().await;
    let mut body = event_body();
    body["rounds"] = json!("eight");
    assert_eq!(
        error_fields(app.create_event(&body).await).await,
        vec!["rounds"]
    );
    let mut body = event_body();
    body["colour"] = json!("pink");
    let res = app.create_event(&body).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: Value = res.json().await.unwrap();
    assert!(
        problem["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("colour")
    );
}

#[tokio::test]
async fn malformed_json_is_a_bad_request_with_a_problem_body() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/events"))
        .bearer_auth(&app.admin)
        .header("Content-Type", "application/json")
        .body("{\"title\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let body: Value = res.json().await.unwrap();
    assert!(body["detail"].as_str().unwrap().contains("JSON"));
}

#[tokio::test]
async fn errors_speak_chinese_unless_english_is_asked_for() {
    let app = spawn_app().await;
    let res = app
        .client
        .post(app.url("/api/events"))
        .bearer_auth(&app.admin)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    let body: Value = res.json().await.unwrap();
    assert!(
        body["detail"].as_str().unwrap().contains("没有保存"),
        "{body}"
    );
    assert_eq!(body["errors"][0]["message"], "此项必填。");
}

#[tokio::test]
async fn an_unknown_event_is_not_found() {
    let app = spawn_app().await;
    let res = app.get("/api/events/nope", Some(&app.admin)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    let res = app
        .get("/api/events/nope/participants", Some(&app.admin))
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn before_the_evening_staff_see_a_preview_of_the_plan_as_if_everyone_came() {
    let app = spawn_app().await;
    let event = app.event().await;
    for (name, g) in [
        ("Ann", "female"),
        ("Bo", "male"),
        ("Cai", "female"),
        ("Dan", "male"),
    ] {
        app.participant(&event, name, g).await;
    }
    let path = format!("/api/events/{event}/schedule");
    let matchmaker = app.staff(&event, "matchmaker").await;
    let res = app.get(&path, Some(&matchmaker)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let plan: Value = res.json().await.unwrap();
    assert_eq!(plan["source"], "preview");
    assert_eq!(plan["people"], 4);
    assert_eq!(plan["rounds"].as_array().unwrap().len(), 8);
    // Two women and two men, eight rounds: each of the four possible dates once.
    assert_eq!(plan["dates"], 4);
    assert_eq!(plan["without_date"], json!([]));
    let first = &plan["rounds"][0]["dates"][0];
    assert!(first["names"][0].is_string() && first["numbers"][0].is_i64());

    let projector = app.staff(&event, "projector").await;
    assert_eq!(
        app.get(&path, Some(&projector)).await.status(),
        StatusCode::FORBIDDEN
    );
    let guest = app.participant(&event, "Eve", "female").await;
    let session = app.session(guest["token"].as_str().unwrap()).await;
    assert_eq!(
        app.get(&path, Some(&session)).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn the_suite_runs_on_the_database_it_was_asked_for() {
    let app = spawn_app().await;
    let db = blossom::db::connect(app.database_url()).await.unwrap();
    let postgres = std::env::var("BLOSSOM_TEST_POSTGRES_URL").is_ok_and(|v| !v.is_empty());
    let (version,): (String,) = if postgres {
        sqlx::query_as("SELECT version()")
            .fetch_one(&db)
            .await
            .unwrap()
    } else {
        sqlx::query_as("SELECT 'SQLite ' || sqlite_version()")
            .fetch_one(&db)
            .await
            .unwrap()
    };
    let want = if postgres { "PostgreSQL" } else { "SQLite" };
    assert!(
        version.starts_with(want),
        "asked for {want}, running on {version}"
    );
    // .ci/run looks for this line to show which database the suite ran on.
    println!("database under test: {version}");
}

#[tokio::test]
async fn the_organiser_edits_a_scheduled_event_and_what_is_not_sent_stays() {
    let app = spawn_app().await;
    let created: Value = app.create_event(&event_body()).await.json().await.unwrap();
    let path = format!("/api/events/{}", created["id"].as_str().unwrap());
    let edit = json!({
        "organiser": "市残疾人联合会",
        "eligibility": {"min_age_female": 25},
        "tables": [{"label": "1", "accessible": true}, {"label": "2", "quiet": true}],
    });
    let res = app
        .send_json(reqwest::Method::PATCH, &path, Some(&app.admin), &edit)
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let edited: Value = res.json().await.unwrap();
    assert_eq!(edited["organiser"], "市残疾人联合会");
    assert_eq!(
        edited["eligibility"],
        json!({"min_age_male": 22, "min_age_female": 25})
    );
    assert_eq!(edited["tables"].as_array().unwrap().len(), 2);
    assert_eq!(edited["tables"][1]["quiet"], true);
    for same in ["title", "venue", "starts_at", "rounds", "rooms", "desks"] {
        match same {
            "rooms" | "desks" => {
                let labels = |v: &Value| -> Vec<Value> {
                    v.as_array()
                        .unwrap()
                        .iter()
                        .map(|r| r["label"].clone())
                        .collect()
                };
                assert_eq!(labels(&edited[same]), labels(&created[same]), "{same}");
            }
            _ => assert_eq!(edited[same], created[same], "{same}"),
        }
    }
    let read: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(read, edited);
}

#[tokio::test]
async fn a_bad_edit_names_its_fields_and_changes_nothing_and_staff_may_not_edit() {
    let app = spawn_app().await;
    let created: Value = app.create_event(&event_body()).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    let path = format!("/api/events/{id}");
    let bad = json!({"rounds": 0, "tables": [], "organiser": "x".repeat(121)});
    let res = app
        .send_json(reqwest::Method::PATCH, &path, Some(&app.admin), &bad)
        .await;
    assert_eq!(
        error_fields(res).await,
        vec!["organiser", "rounds", "tables"]
    );
    let read: Value = app.get(&path, Some(&app.admin)).await.json().await.unwrap();
    assert_eq!(read, created);
    let host = app.staff(id, "host").await;
    let res = app
        .send_json(
            reqwest::Method::PATCH,
            &path,
            Some(&host),
            &json!({"rounds": 2}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    let res = app
        .send_json(
            reqwest::Method::PATCH,
            "/api/events/nope",
            Some(&app.admin),
            &json!({}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_organiser_sets_the_programme_before_the_evening_checked_whole() {
    let app = spawn_app().await;
    let created: Value = app.create_event(&event_body()).await.json().await.unwrap();
    let id = created["id"].as_str().unwrap();
    assert_eq!(created["programme"], json!([]));
    let path = format!("/api/events/{id}/programme");
    let put = |body: Value| {
        let (app, path) = (&app, path.clone());
        async move {
            app.send_json(reqwest::Method::PUT, &path, Some(&app.admin), &body)
                .await
        }
    };
    let two = json!({"segments": [{"kind": "dates", "title": "a", "minutes": 5}, {"kind": "dates", "title": "b", "minutes": 5}]});
    let res = put(two).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_fields(res).await, vec!["segments"]);
    let good = json!({"segments": [
        {"kind": "opening", "title": "开场致辞", "minutes": 10},
        {"kind": "dates", "title": "八分钟约会", "minutes": 80},
        {"kind": "closing", "title": "合影", "minutes": 10},
    ]});
    let res = put(good).await;
    assert_eq!(res.status(), StatusCode::OK);
    let event: Value = res.json().await.unwrap();
    let kinds: Vec<&str> = event["programme"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["opening", "dates", "closing"]);
    assert_eq!(event["programme"][0]["id"], "s1");
    let host = app.staff(id, "host").await;
    let res = app
        .send_json(
            reqwest::Method::PUT,
            &path,
            Some(&host),
            &json!({"segments": []}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}
