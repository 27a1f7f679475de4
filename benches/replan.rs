//! Pings during re-plans: an event of 1,000 guests is started and moved through
//! rounds (each end of a round re-plans the rest of the evening with who is there),
//! while a guest's phone pings every 10 ms and another event's host announces
//! every 50 ms. Planning runs off the runtime's threads, so neither should wait.
//!
//! `cargo bench --bench replan` (`-- 2000` for another
//! size). The server runs as its own process (`blossom serve` of the same build) on a
//! loopback port. Prints one line of figures for docs/performance.md.

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
use client::{Ws, hello};

/// Sends a verb and waits for its answer; the milliseconds it took.
async fn ask(ws: &mut Ws, verb: Value) -> f64 {
    let id = verb["id"].as_str().unwrap().to_string();
    let sent = Instant::now();
    ws.send(Message::Text(verb.to_string().into()))
        .await
        .unwrap();
    while let Some(Ok(msg)) = ws.next().await {
        if let Message::Text(t) = msg {
            let v: Value = serde_json::from_str(&t).unwrap();
            if v["id"] == id.as_str() {
                assert_eq!(v["type"], "ack", "{v}");
                break;
            }
        }
    }
    sent.elapsed().as_secs_f64() * 1000.0
}

/// Round trips (ms) of a loop that sends a frame every `every` and waits for its
/// answer, until `stop`.
fn keep_asking(
    mut ws: Ws,
    every: Duration,
    frame: impl Fn(u64) -> Value + Send + 'static,
    stop: Arc<Mutex<bool>>,
) -> tokio::task::JoinHandle<Vec<f64>> {
    tokio::spawn(async move {
        let mut out = Vec::new();
        let mut i = 0u64;
        while !*stop.lock().unwrap() {
            i += 1;
            let f = frame(i);
            let sent = Instant::now();
            ws.send(Message::Text(f.to_string().into())).await.unwrap();
            loop {
                match tokio::time::timeout(Duration::from_secs(30), ws.next()).await {
                    Ok(Some(Ok(Message::Text(t)))) => {
                        let v: Value = serde_json::from_str(&t).unwrap();
                        let answered = (v["type"] == "pong" && v["t"] == i as f64)
                            || ((v["type"] == "ack" || v["type"] == "error")
                                && v["id"].as_str() == Some(i.to_string().as_str()));
                        if answered {
                            break;
                        }
                    }
                    Ok(Some(Ok(_))) => {}
                    _ => panic!("no answer in 30 s"),
                }
            }
            out.push(sent.elapsed().as_secs_f64() * 1000.0);
            tokio::time::sleep(every).await;
        }
        out
    })
}

async fn run(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_blossom"));
    let served = process::serve(&bin, dir.path(), process::free_port(), bench::ADMIN).await;
    let base = served.base.clone();
    let evening = bench::evening(&base, n, 8, None).await;
    let (host_a, event_a) = (evening.host, evening.event);
    let guests: Vec<(String, String)> = evening
        .guests
        .into_iter()
        .map(|g| (g.id, g.token))
        .collect();
    let host_b = bench::evening(&base, 4, 8, None).await.host;
    let mut host = hello(&base, &host_a).await;
    // Everyone checks in at the organiser's page (a tablet's connection may send
    // 300 verbs a minute: a whole hall is checked in over HTTP, as at the door).
    let http = reqwest::Client::new();
    for chunk in guests.chunks(100) {
        futures_util::future::join_all(chunk.iter().map(|(id, _)| {
            let path = format!("/api/events/{event_a}/participants/{id}/check-in");
            let (http, base) = (http.clone(), base.clone());
            async move { bench::api(&http, &base, &path, json!({})).await }
        }))
        .await;
    }
    // The same pings with nothing else going on, for comparison.
    let idle_stop = Arc::new(Mutex::new(false));
    let idle = keep_asking(
        hello(&base, &guests[1].1).await,
        Duration::from_millis(10),
        |i| json!({"type": "ping", "t": i}),
        idle_stop.clone(),
    );
    tokio::time::sleep(Duration::from_millis(700)).await;
    *idle_stop.lock().unwrap() = true;
    let mut idle = idle.await.unwrap();
    idle.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let stop = Arc::new(Mutex::new(false));
    let phone = hello(&base, &guests[0].1).await;
    let pings = keep_asking(
        phone,
        Duration::from_millis(10),
        |i| json!({"type": "ping", "t": i}),
        stop.clone(),
    );
    let other = hello(&base, &host_b).await;
    let announces = keep_asking(
        other,
        Duration::from_millis(50),
        |i| json!({"type": "announce", "id": i.to_string(), "text": format!("Note {i}")}),
        stop.clone(),
    );
    tokio::time::sleep(Duration::from_millis(200)).await;
    let start_ms = ask(&mut host, json!({"type": "event.start", "id": "start"})).await;
    let mut replans = Vec::new();
    for r in 0..5 {
        // The end of a round re-plans the rest of the evening; the end of the
        // change of tables starts the next round.
        replans.push(
            ask(
                &mut host,
                json!({"type": "phase.skip", "id": format!("end{r}")}),
            )
            .await,
        );
        ask(
            &mut host,
            json!({"type": "phase.skip", "id": format!("next{r}")}),
        )
        .await;
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    *stop.lock().unwrap() = true;
    let mut pings = pings.await.unwrap();
    let mut announces = announces.await.unwrap();
    pings.sort_by(|a, b| a.partial_cmp(b).unwrap());
    announces.sort_by(|a, b| a.partial_cmp(b).unwrap());
    replans.sort_by(|a, b| a.partial_cmp(b).unwrap());
    println!(
        "replan guests={n} idle_ping_median_ms={:.1} idle_ping_max_ms={:.1} start_ms={start_ms:.0} replan_ms_median={:.0} replan_ms_max={:.0} pings={} ping_median_ms={:.1} ping_p99_ms={:.1} ping_max_ms={:.1} other_event_acks={} other_event_ack_p99_ms={:.1} other_event_ack_max_ms={:.1}",
        bench::percentile(&idle, 0.5),
        idle.last().copied().unwrap_or(0.0),
        bench::percentile(&replans, 0.5),
        replans.last().copied().unwrap_or(0.0),
        pings.len(),
        bench::percentile(&pings, 0.5),
        bench::percentile(&pings, 0.99),
        pings.last().copied().unwrap_or(0.0),
        announces.len(),
        bench::percentile(&announces, 0.99),
        announces.last().copied().unwrap_or(0.0),
    );
    drop(served);
}

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() { vec![1000] } else { sizes };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    for n in sizes {
        rt.block_on(run(n));
    }
}
