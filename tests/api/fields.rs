//! The keys each role receives from every route that answers JSON (and the header
//! of every CSV export), enumerated and kept in `tests/fixtures/api-keys.txt`: a
//! field of a guest's record that a role may not read is absent, not null, and no
//! staff role but the organiser ever receives an avoid list, an orientation, an
//! age, a marital status or a contact.

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::{Value, json};

use crate::helpers::{person, spawn_app, walk_in};
use crate::keys::{check_against, leaf, paths};

#[tokio::test]
async fn every_route_gives_each_role_only_the_fields_listed_for_it() {
    let app = spawn_app().await;
    let event = app.event().await;
    let mut full = person("Ann", "female");
    full["seeks"] = json!(["male"]);
    full["partner_age"] = json!([25, 45]);
    full["mobility"] = json!("wheelchair");
    full["communication"] = json!(["sign"]);
    full["notes_for_partner"] = json!("I sign, slowly");
    full["max_consecutive"] = json!(3);
    let ann: Value = app
        .register(&event, &app.admin, &full)
        .await
        .json()
        .await
        .unwrap();
    let bo = app.participant(&event, "Bo", "male").await;
    let ann_id = ann["id"].as_str().unwrap().to_string();
    let mut with_avoid = person("Cai", "male");
    with_avoid["avoid"] = json!([ann["number"]]);
    app.register(&event, &app.admin, &with_avoid).await;
    let roles = [
        ("organiser", app.admin.clone()),
        ("host", app.staff(&event, "host").await),
        ("matchmaker", app.staff(&event, "matchmaker").await),
        ("projector", app.staff(&event, "projector").await),
        (
            "participant",
            app.session(bo["token"].as_str().unwrap()).await,
        ),
    ];
    let p = format!("/api/events/{event}/participants");
    let one = format!("{p}/{ann_id}");
    let routes: Vec<(&str, Method, String, Value)> = vec![
        ("GET /api/me", Method::GET, "/api/me".into(), json!(null)),
        (
            "GET /api/me/data",
            Method::GET,
            "/api/me/data".into(),
            json!(null),
        ),
        (
            "GET /api/events",
            Method::GET,
            "/api/events".into(),
            json!(null),
        ),
        (
            "GET /api/events/{id}",
            Method::GET,
            format!("/api/events/{event}"),
            json!(null),
        ),
        (
            "GET /api/events/{id}/summary",
            Method::GET,
            format!("/api/events/{event}/summary"),
            json!(null),
        ),
        (
            "GET /api/events/{id}/staff",
            Method::GET,
            format!("/api/events/{event}/staff"),
            json!(null),
        ),
        (
            "GET /api/events/{id}/participants",
            Method::GET,
            p.clone(),
            json!(null),
        ),
        (
            "GET /api/events/{id}/participants/{pid}",
            Method::GET,
            one.clone(),
            json!(null),
        ),
        (
            "PATCH /api/events/{id}/participants/{pid}",
            Method::PATCH,
            one.clone(),
            json!({"quiet": true}),
        ),
        (
            "POST /api/events/{id}/participants/by-badge",
            Method::POST,
            format!("{p}/by-badge"),
            json!({"number": ann["number"]}),
        ),
        (
            "POST /api/events/{id}/participants/{pid}/check-in",
            Method::POST,
            format!("{one}/check-in"),
            json!({}),
        ),
        (
            "GET /api/events/{id}/log",
            Method::GET,
            format!("/api/events/{event}/log"),
            json!(null),
        ),
        (
            "POST /api/events/{id}/participants",
            Method::POST,
            p.clone(),
            walk_in("Dan", "male"),
        ),
        (
            "GET /api/events/{id}/schedule",
            Method::GET,
            format!("/api/events/{event}/schedule"),
            json!(null),
        ),
        (
            "GET /api/events/{id}/report",
            Method::GET,
            format!("/api/events/{event}/report"),
            json!(null),
        ),
        (
            "GET /api/events/{id}/matches",
            Method::GET,
            format!("/api/events/{event}/matches"),
            json!(null),
        ),
    ];
    let mut seen = BTreeSet::new();
    for (role, token) in &roles {
        for (name, method, path, body) in &routes {
            let res = if body.is_null() {
                app.get(path, Some(token)).await
            } else {
                app.send_json(method.clone(), path, Some(token), body).await
            };
            let status = res.status().as_u16();
            seen.insert(format!("{role} {name} -> {status}"));
            if status >= 300 {
                continue;
            }
            let v: Value = res.json().await.unwrap();
            let mut keys = BTreeSet::new();
            paths(&v, "", &mut keys);
            for k in keys {
                seen.insert(format!("{role} {name} {k}"));
            }
        }
        for csv in ["attendance.csv", "matches.csv", "report.csv"] {
            let res = app
                .get(&format!("/api/events/{event}/exports/{csv}"), Some(token))
                .await;
            let status = res.status().as_u16();
            seen.insert(format!("{role} GET exports/{csv} -> {status}"));
            if status == 200 {
                let text = res.text().await.unwrap();
                let header = text
                    .trim_start_matches('\u{feff}')
                    .lines()
                    .next()
                    .unwrap_or("");
                seen.insert(format!("{role} GET exports/{csv} header {header}"));
            }
        }
    }
    for line in &seen {
        let (role, rest) = line.split_once(' ').unwrap();
        if role == "organiser" || !rest.contains("/participants") {
            continue;
        }
        let path = rest.rsplit(' ').next().unwrap();
        assert!(
            !blossom::core::fields::ORGANISER_ONLY.contains(&leaf(path)),
            "{role} receives {path}: {line}"
        );
    }
    // The organiser reads what the guest gave, the avoid list included.
    assert!(seen.contains("organiser GET /api/events/{id}/participants [].avoid"));
    check_against("api-keys.txt", &seen);
}
