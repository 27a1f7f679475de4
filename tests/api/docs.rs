//! The documents that describe the API, held against what the server does: every
//! route of `docs/api.md` is in the OpenAPI document and every operation of the
//! document is in `docs/api.md`; every operation of the document is routed (calling
//! it never meets the "no such route" or "method not allowed" answer).

use std::collections::BTreeSet;

use reqwest::Method;
use serde_json::Value;

use super::helpers::{TestApp, spawn_app};

/// `(method, path)` of every operation in the OpenAPI document the server serves.
async fn operations(app: &TestApp) -> BTreeSet<(String, String)> {
    let doc: Value = app
        .get("/api/openapi.json", None)
        .await
        .json()
        .await
        .unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut ops = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in ["get", "post", "put", "patch", "delete"] {
            if item.get(method).is_some() {
                ops.insert((method.to_uppercase(), path.clone()));
            }
        }
    }
    ops
}

/// `(method, path)` of every row of `docs/api.md`'s route table.
fn documented() -> BTreeSet<(String, String)> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/api.md")).unwrap();
    text.lines()
        .filter_map(|line| {
            let cells: Vec<&str> = line.split('|').map(str::trim).collect();
            let (method, path) = (cells.get(1)?, cells.get(2)?);
            let path = path.strip_prefix('`')?.strip_suffix('`')?;
            ["GET", "POST", "PUT", "PATCH", "DELETE"]
                .contains(method)
                .then(|| (method.to_string(), path.to_string()))
        })
        .collect()
}

#[tokio::test]
async fn the_route_table_of_the_api_guide_is_the_openapi_document_s() {
    let app = spawn_app().await;
    let ops = operations(&app).await;
    let table = documented();
    assert!(
        ops.len() >= 30 && table.len() >= 30,
        "{} {}",
        ops.len(),
        table.len()
    );
    let undocumented: Vec<_> = ops.difference(&table).collect();
    let unknown: Vec<_> = table.difference(&ops).collect();
    assert!(
        undocumented.is_empty(),
        "in the OpenAPI document, not in docs/api.md: {undocumented:?}"
    );
    assert!(
        unknown.is_empty(),
        "in docs/api.md, not in the OpenAPI document: {unknown:?}"
    );
}

#[tokio::test]
async fn every_operation_of_the_openapi_document_is_routed() {
    let app = spawn_app().await;
    let ops = operations(&app).await;
    // The router's own answers for what it does not have.
    let nowhere = app.get("/api/no/such/route", None).await;
    assert_eq!(nowhere.status(), 404);
    let nowhere: Value = nowhere.json().await.unwrap();
    for (method, path) in &ops {
        let url = app.url(
            &path
                .replace("{id}", "x")
                .replace("{pid}", "y")
                .replace("{sid}", "z"),
        );
        let method = Method::from_bytes(method.as_bytes()).unwrap();
        let res = app
            .client
            .request(method.clone(), url)
            .header("Accept-Language", "en")
            .send()
            .await
            .unwrap();
        assert_ne!(res.status(), 405, "{method} {path} is not routed");
        if res.status() == 404 {
            let body: Value = res.json().await.unwrap_or_default();
            assert_ne!(
                body["detail"], nowhere["detail"],
                "{method} {path} is not routed"
            );
        }
    }
}
