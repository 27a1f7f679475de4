//! What the benchmarks share: the organiser's token, a POST that waits out a 429
//! as a well-behaved client does, an evening of N guests set up through the API
//! (the event, its roster imported, its host), and percentiles. Each benchmark
//! uses what it needs of it.
#![allow(dead_code)]

use serde_json::{Value, json};

pub const ADMIN: &str = "bench-admin-token-bench-admin-token";

/// A POST as the organiser; a 429 waits its `Retry-After` and tries again.
pub async fn api(http: &reqwest::Client, base: &str, path: &str, body: Value) -> Value {
    loop {
        let res = http
            .post(format!("{base}{path}"))
            .bearer_auth(ADMIN)
            .json(&body)
            .send()
            .await
            .unwrap();
        if res.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = res.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
            continue;
        }
        assert!(res.status().is_success(), "{path}: {}", res.status());
        return res.json().await.unwrap_or_default();
    }
}

/// One imported guest.
pub struct Guest {
    pub id: String,
    pub token: String,
}

/// An evening set up through the API.
pub struct Evening {
    pub event: String,
    pub host: String,
    pub guests: Vec<Guest>,
}

/// An event of `n` guests (half women, half men, all 30 and unmarried) at `n / 2 + 1`
/// accessible tables, `rounds` rounds of `round_seconds` (the default when `None`),
/// with its roster imported in one CSV and a host account.
pub async fn evening(base: &str, n: usize, rounds: u32, round_seconds: Option<u32>) -> Evening {
    let mut rules = json!({"rounds": rounds});
    if let Some(s) = round_seconds {
        rules["round_seconds"] = json!(s);
    }
    evening_with(base, n, rules).await
}

/// As [`evening`], with the event's other rules (`rounds`, `round_seconds`,
/// `transition_seconds`, `rooms`, `desks`, …) given as fields of `rules`.
pub async fn evening_with(base: &str, n: usize, rules: Value) -> Evening {
    let http = reqwest::Client::new();
    let tables: Vec<Value> = (1..=n / 2 + 1)
        .map(|t| json!({"label": t.to_string(), "accessible": true}))
        .collect();
    let mut body = json!({"title": "Bench", "venue": "Here", "starts_at": "2026-12-12T14:00:00+08:00",
                          "tables": tables});
    for (k, v) in rules.as_object().into_iter().flatten() {
        body[k] = v.clone();
    }
    let event = api(&http, base, "/api/events", body).await;
    let id = event["id"].as_str().unwrap().to_string();
    let mut csv = String::from("display_name,gender,age,marital_status\n");
    for i in 0..n {
        let g = if i % 2 == 0 { "female" } else { "male" };
        csv.push_str(&format!("P{i},{g},30,unmarried\n"));
    }
    // Several evenings set up at once meet the organiser's rate limit: wait it out.
    let imported: Value = loop {
        let res = http
            .post(format!("{base}/api/events/{id}/participants/import"))
            .bearer_auth(ADMIN)
            .body(csv.clone())
            .send()
            .await
            .unwrap();
        if res.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = res.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
            continue;
        }
        assert!(res.status().is_success(), "import: {}", res.status());
        break res.json().await.unwrap();
    };
    let guests = imported["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| Guest {
            id: p["id"].as_str().unwrap().to_string(),
            token: p["token"].as_str().unwrap().to_string(),
        })
        .collect();
    let host = api(
        &http,
        base,
        &format!("/api/events/{id}/staff"),
        json!({"role": "host", "name": "Host"}),
    )
    .await;
    Evening {
        event: id,
        host: host["token"].as_str().unwrap().to_string(),
        guests,
    }
}

/// The `p` quantile (0 to 1) of sorted figures; 0 for none.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}
