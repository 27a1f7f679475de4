//! The edges of input: several wrong fields at once, nulls that clear, control
//! characters, unknown routes, wrong methods, oversize bodies.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{error_fields, person, spawn_app};

#[tokio::test]
async fn every_wrongly_typed_field_and_every_invalid_value_is_named_in_one_answer() {
    let app = spawn_app().await;
    let event = app.event().await;
    let mut body = person("A", "female");
    body["age"] = json!("thirty");
    body["quiet"] = json!("yes");
    body["marital_status"] = json!("married");
    body["communication"] = json!(["speech", 7]);
    body["shoe_size"] = json!(38);
    let fields = error_fields(app.register(&event, &app.admin, &body).await).await;
    for f in [
        "age",
        "quiet",
        "communication[1]",
        "shoe_size",
        "marital_status",
    ] {
        assert!(
            fields.contains(&f.to_string()),
            "{f} missing from {fields:?}"
        );
    }
    assert_eq!(
        fields.iter().filter(|f| *f == "age").count(),
        1,
        "no field is named twice"
    );
}

#[tokio::test]
async fn null_in_an_update_clears_a_field_and_a_new_gender_brings_its_default_seeks() {
    let app = spawn_app().await;
    let event = app.event().await;
    let mut body = person("A", "female");
    body["partner_age"] = json!([25, 35]);
    body["available"] = json!([2, 6]);
    let a: Value = app
        .register(&event, &app.admin, &body)
        .await
        .json()
        .await
        .unwrap();
    let path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    let res = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"partner_age": null, "available": null, "gender": "male"}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["partner_age"], Value::Null);
    assert_eq!(p["available"], Value::Null);
    assert_eq!(p["seeks"], json!(["female"]));
    let cleared = app
        .send_json(
            Method::PATCH,
            &path,
            Some(&app.admin),
            &json!({"age": null}),
        )
        .await;
    assert_eq!(
        error_fields(cleared).await,
        vec!["age"],
        "a required field cannot be cleared"
    );
}

#[tokio::test]
async fn someone_whose_avoided_person_withdrew_can_still_be_updated() {
    let app = spawn_app().await;
    let event = app.event().await;
    let a = app.participant(&event, "A", "female").await;
    let mut body = person("B", "male");
    body["avoid"] = json!([1]);
    let b: Value = app
        .register(&event, &app.admin, &body)
        .await
        .json()
        .await
        .unwrap();
    let a_path = format!(
        "/api/events/{event}/participants/{}",
        a["id"].as_str().unwrap()
    );
    app.send_json(Method::DELETE, &a_path, Some(&app.admin), &json!({}))
        .await;
    let b_path = format!(
        "/api/events/{event}/participants/{}",
        b["id"].as_str().unwrap()
    );
    let res = app
        .send_json(
            Method::PATCH,
            &b_path,
            Some(&app.admin),
            &json!({"age": 31}),
        )
        .await;
    assert_eq!(res.status(), StatusCode::OK);
    let p: Value = res.json().await.unwrap();
    assert_eq!(p["avoid"], json!([]));
}

#[tokio::test]
async fn a_roster_reports_cell_errors_and_rule_errors_of_every_row_together() {
    let app = spawn_app().await;
    let event = app.event().await;
    let csv = "姓名,性别,年龄,婚姻状况,回避\n坏格,男,三十,已婚,没这人\n好人,女,30,未婚,\n";
    let res = app.import(&event, &app.admin, csv).await;
    assert_eq!(res.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body: Value = res.json().await.unwrap();
    let got: Vec<(i64, &str)> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["line"].as_i64().unwrap(), e["field"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![(2, "age"), (2, "marital_status"), (2, "avoid[0]")]
    );
}

#[tokio::test]
async fn control_characters_in_text_are_refused() {
    let app = spawn_app().await;
    let event = app.event().await;
    let body = person("A\u{0000}B", "female");
    assert_eq!(
        error_fields(app.register(&event, &app.admin, &body).await).await,
        vec!["display_name"]
    );
    let mut body = person("A", "female");
    body["notes_for_partner"] = json!("Line one\nline two");
    assert_eq!(
        app.register(&event, &app.admin, &body).await.status(),
        StatusCode::CREATED,
        "newlines are fine"
    );
}

#[tokio::test]
async fn unknown_api_routes_and_wrong_methods_answer_with_problems() {
    let app = spawn_app().await;
    let res = app.get("/api/nothing-here", Some(&app.admin)).await;
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let res = app
        .send_json(Method::PUT, "/api/events", Some(&app.admin), &json!({}))
        .await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn an_oversize_roster_is_refused_with_advice() {
    let app = spawn_app().await;
    let event = app.event().await;
    let mut csv = String::from("姓名,性别,年龄,婚姻状况\n");
    while csv.len() < 3 * 1024 * 1024 {
        csv.push_str("王芳,女,29,未婚\n");
    }
    let res = app.import(&event, &app.admin, &csv).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
}

#[tokio::test]
async fn the_event_summary_is_public_and_holds_nothing_private() {
    let app = spawn_app().await;
    let event = app.event().await;
    let res = app.get(&format!("/api/events/{event}/summary"), None).await;
    assert_eq!(res.status(), StatusCode::OK);
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["title"], "Spring evening");
    assert_eq!(body.as_object().unwrap().len(), 4);
}
