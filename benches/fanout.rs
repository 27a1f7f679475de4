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
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

#[path = "../tests/support/bench.rs"]
mod bench;
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
    let served = process::serve(&bin, dir.path(), process::free_port(), bench::ADMIN).await;
    Server {
        base: served.base.clone(),
        served,
        _dir: dir,
    }
}

async fn run(n: usize) {
    let server = start_server().await;
    let evening = bench::evening(&server.base, n, 4, None).await;
    let (host_token, tokens): (String, Vec<String>) = (
        evening.host,
        evening.guests.into_iter().map(|g| g.token).collect(),
    );
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
        bench::percentile(&lat, 0.5),
        bench::percentile(&lat, 0.99),
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
