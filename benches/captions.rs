//! Captions: 1,000 phones on one event, a captioner typing a line every half
//! second; for every line and every phone, how long from the captioner's send to
//! the phone's `captions` frame carrying it. Prints
//! `captions phones=N p95_ms=X p99_ms=Y lost=Z` (lost: lines a phone never got
//! within ten seconds).
//!
//! `cargo bench --bench captions` (1,000 phones and 20
//! lines by default; `cargo bench --bench captions -- 200 10` for fewer). The
//! server is a separate process (`blossom serve` of the same build) with the
//! per-address connection limits raised by their flags (every phone here comes
//! from 127.0.0.1). Figures go to docs/performance.md.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

#[path = "../tests/support/bench.rs"]
mod bench;
#[path = "../tests/support/client.rs"]
mod client;
#[path = "../tests/support/process.rs"]
mod process;
use client::hello;

/// When each line was sent, by its number.
type Sent = Arc<Mutex<HashMap<u64, Instant>>>;

async fn run(phones: usize, lines: u64) {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_blossom"));
    let served = process::serve(&bin, dir.path(), process::free_port(), bench::ADMIN).await;
    let base = served.base.clone();
    let evening = bench::evening(&base, phones, 4, None).await;
    let http = reqwest::Client::new();
    let captioner = bench::api(
        &http,
        &base,
        &format!("/api/events/{}/staff", evening.event),
        json!({"role": "captioner", "name": "字幕员"}),
    )
    .await["token"]
        .as_str()
        .unwrap()
        .to_string();
    let tokens: Vec<String> = evening.guests.into_iter().map(|g| g.token).collect();
    // Every phone scans its badge in the lobby, then stays connected.
    let mut clients = Vec::with_capacity(phones);
    for chunk in tokens.chunks(200) {
        clients.extend(futures_util::future::join_all(chunk.iter().map(|t| hello(&base, t))).await);
    }
    // Each phone notes when each new line reached it.
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(u64, Instant)>();
    for mut ws in clients {
        let tx = tx.clone();
        tokio::spawn(async move {
            let mut seen = 0;
            while let Some(Ok(msg)) = ws.next().await {
                let Message::Text(t) = msg else { continue };
                if !t.contains("\"type\":\"captions\"") {
                    continue;
                }
                let at = Instant::now();
                let v: Value = serde_json::from_str(&t).unwrap_or_default();
                for l in v["lines"].as_array().into_iter().flatten() {
                    let n = l["line"].as_u64().unwrap_or(0);
                    if n > seen {
                        seen = n;
                        let _ = tx.send((n, at));
                    }
                }
            }
        });
    }
    drop(tx);
    let mut cap = hello(&base, &captioner).await;
    let sent: Sent = Arc::default();
    for n in 1..=lines {
        let frame = json!({"type": "caption.send", "id": format!("c{n}"),
                           "text": format!("第 {n} 句：现在请三号嘉宾上台，为大家表演手语舞"), "speaker": "主持人"});
        sent.lock().unwrap().insert(n, Instant::now());
        cap.send(Message::Text(frame.to_string().into()))
            .await
            .unwrap();
        tokio::time::sleep(Duration::from_millis(500)).await;
    }
    let mut lat = Vec::with_capacity(phones * lines as usize);
    let deadline = Instant::now() + Duration::from_secs(10);
    while lat.len() < phones * lines as usize {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, rx.recv()).await {
            Ok(Some((n, at))) => {
                if let Some(&from) = sent.lock().unwrap().get(&n) {
                    lat.push((at - from).as_secs_f64() * 1000.0);
                }
            }
            _ => break,
        }
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let lost = phones * lines as usize - lat.len();
    println!(
        "captions phones={phones} p95_ms={:.1} p99_ms={:.1} lost={lost}",
        bench::percentile(&lat, 0.95),
        bench::percentile(&lat, 0.99),
    );
    assert_eq!(lost, 0, "a phone never got a line");
    drop(served);
}

fn main() {
    let args: Vec<u64> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let phones = args.first().copied().unwrap_or(1000) as usize;
    let lines = args.get(1).copied().unwrap_or(20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(phones, lines));
}
