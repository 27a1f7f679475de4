//! Fan-out: N WebSocket clients on one event; the host extends the phase; how long
//! until the last client has the new `phase` frame (median and p99 over the
//! clients), and the server's memory per connection.
//!
//! `cargo build --release && cargo bench --bench fanout` (N = 500, 2,000, 5,000 by
//! default; `cargo bench --bench fanout -- 500` for one size). The server runs as a
//! separate process (`target/release/blossom serve`) on a loopback port, so its
//! memory is measured apart from the clients'. Figures go to docs/performance.md.

use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

#[path = "../tests/support/client.rs"]
mod client;
#[path = "../tests/support/process.rs"]
mod process;
use client::hello;

struct Server {
    served: process::Served,
    base: String,
    _dir: tempfile::TempDir,
}

fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmRSS:")).map(|l| {
                l.split_whitespace()
                    .nth(1)
                    .unwrap_or("0")
                    .parse()
                    .unwrap_or(0)
            })
        })
        .unwrap_or(0)
}

async fn start_server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/release/blossom");
    assert!(bin.exists(), "build first: cargo build --release");
    let served = process::serve(
        &bin,
        dir.path(),
        process::free_port(),
        "bench-admin-token-bench-admin-token",
    )
    .await;
    Server {
        base: served.base.clone(),
        served,
        _dir: dir,
    }
}

async fn setup(base: &str, n: usize) -> (String, Vec<String>) {
    let http = reqwest::Client::new();
    let event: Value = http
        .post(format!("{base}/api/events"))
        .bearer_auth("bench-admin-token-bench-admin-token")
        .json(&json!({"title": "Bench", "venue": "Here", "starts_at": "2026-12-12T14:00:00+08:00", "rounds": 4,
                      "tables": (1..=n / 2 + 1).map(|t| json!({"label": t.to_string(), "accessible": true})).collect::<Vec<_>>()}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = event["id"].as_str().unwrap().to_string();
    let mut csv = String::from("display_name,gender,age,marital_status\n");
    for i in 0..n {
        csv.push_str(&format!(
            "P{i},{},30,unmarried\n",
            if i % 2 == 0 { "female" } else { "male" }
        ));
    }
    let imported: Value = http
        .post(format!("{base}/api/events/{id}/participants/import"))
        .bearer_auth("bench-admin-token-bench-admin-token")
        .body(csv)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let tokens = imported["participants"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["token"].as_str().unwrap().to_string())
        .collect();
    let host: Value = http
        .post(format!("{base}/api/events/{id}/staff"))
        .bearer_auth("bench-admin-token-bench-admin-token")
        .json(&json!({"role": "host", "name": "Host"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (host["token"].as_str().unwrap().to_string(), tokens)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

async fn run(n: usize) {
    let server = start_server().await;
    let (host_token, tokens) = setup(&server.base, n).await;
    // Every phone opens its link in the lobby (a trusted claim), as at the door.
    for chunk in tokens.chunks(200) {
        drop(futures_util::future::join_all(chunk.iter().map(|t| hello(&server.base, t))).await);
    }
    let mut host = hello(&server.base, &host_token).await;
    host.send(Message::Text(
        json!({"type": "event.start", "id": "s"}).to_string().into(),
    ))
    .await
    .unwrap();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let before = rss_kib(server.served.child.id());
    let mut clients = Vec::with_capacity(n);
    for chunk in tokens.chunks(200) {
        let batch =
            futures_util::future::join_all(chunk.iter().map(|t| hello(&server.base, t))).await;
        clients.extend(batch);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = rss_kib(server.served.child.id());
    // Each client waits for the next `phase` frame and notes when it arrived.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<Instant>();
    for mut ws in clients {
        let tx = tx.clone();
        tokio::spawn(async move {
            while let Some(Ok(msg)) = ws.next().await {
                if let Message::Text(t) = msg
                    && t.contains("\"type\":\"phase\"")
                {
                    let _ = tx.send(Instant::now());
                    break;
                }
            }
            // Keep the socket open until the measurement is over.
            tokio::time::sleep(Duration::from_secs(5)).await;
        });
    }
    drop(tx);
    let sent = Instant::now();
    host.send(Message::Text(
        json!({"type": "phase.extend", "id": "x", "seconds": 60})
            .to_string()
            .into(),
    ))
    .await
    .unwrap();
    let mut lat = Vec::with_capacity(n);
    while lat.len() < n {
        match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
            Ok(Some(at)) => lat.push((at - sent).as_secs_f64() * 1000.0),
            _ => break,
        }
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "| {n} | {}/{n} | {:.1} ms | {:.1} ms | {:.1} ms | {:.1} KiB |",
        lat.len(),
        percentile(&lat, 0.5),
        percentile(&lat, 0.99),
        lat.last().copied().unwrap_or(0.0),
        (after.saturating_sub(before)) as f64 / n as f64,
    );
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![500, 2000, 5000]
    } else {
        sizes
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    println!("| clients | received | median | p99 | last | server memory per connection |");
    println!("| --- | --- | --- | --- | --- | --- |");
    for n in sizes {
        rt.block_on(run(n));
    }
}
