//! What the benchmarks share: the organiser's token, a POST that waits out a 429
//! as a well-behaved client does, an evening of N guests set up through the API
//! (the event, its roster imported, its host), and percentiles. Each benchmark
//! uses what it needs of it.
#![allow(dead_code)]

use serde_json::{Value, json};

pub const ADMIN: &str = "bench-admin-token-bench-admin-token";

/// Sends the request `make` builds; a 429 waits its `Retry-After` and sends it again,
/// as a well-behaved client does. Any other failure fails the benchmark.
pub async fn send_patiently(
    what: &str,
    make: impl Fn() -> reqwest::RequestBuilder,
) -> reqwest::Response {
    loop {
        let res = make().send().await.unwrap();
        if res.status() == reqwest::StatusCode::TOO_MANY_REQUESTS {
            let wait = res.headers()["retry-after"]
                .to_str()
                .unwrap()
                .parse()
                .unwrap();
            tokio::time::sleep(std::time::Duration::from_secs(wait)).await;
            continue;
        }
        assert!(res.status().is_success(), "{what}: {}", res.status());
        return res;
    }
}

/// A POST as the organiser (see [`send_patiently`]).
pub async fn api(http: &reqwest::Client, base: &str, path: &str, body: Value) -> Value {
    send_patiently(path, || {
        http.post(format!("{base}{path}"))
            .bearer_auth(ADMIN)
            .json(&body)
    })
    .await
    .json()
    .await
    .unwrap_or_default()
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
    let path = format!("{base}/api/events/{id}/participants/import");
    let imported: Value = send_patiently("import", || {
        http.post(&path).bearer_auth(ADMIN).body(csv.clone())
    })
    .await
    .json()
    .await
    .unwrap();
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

/// CPU time a process has used (user and system, ms), from `/proc`.
pub fn cpu_ms(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are the
    // 12th and 13th of them (counting the state, a letter, as the first).
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<f64> = rest
        .split_whitespace()
        .map(|x| x.parse().unwrap_or(0.0))
        .collect();
    let ticks = 100.0;
    f.get(11)
        .zip(f.get(12))
        .map_or(0.0, |(u, s)| (u + s) * 1000.0 / ticks)
}

/// A process's resident memory (KiB), from `/proc`.
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}
