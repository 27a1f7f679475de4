//! Interest marks under load: 5,000 connected guests, each in a date, send a mark
//! at the same moment. How long until every mark is durable (the last `ack`: an ack
//! is sent only once its mark is committed), the p99 of the acknowledgements, and
//! how many marks were lost (acknowledged or not, missing from `interest_marks`).
//! Then every guest sends the same mark again, which must change nothing.
//!
//! `cargo bench --bench marks` (5,000 guests by default;
//! `cargo bench --bench marks -- 1000` for another size). The server runs as its own
//! process (`blossom serve` of the same build, SQLite) on a loopback port; the clients
//! run here, on the same cores. The last line is
//! `marks guests=N durable_ms=D ack_p99_ms=A lost=L`; figures go to
//! docs/performance.md.

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
use client::{Ws, hello};

use bench::{ADMIN, api};

/// An event of N guests (half women, half men), all checked in, started: everyone
/// is in a date in round 1. The guests' tokens.
async fn setup(base: &str, n: usize) -> Vec<String> {
    let http = reqwest::Client::new();
    let evening = bench::evening(base, n, 4, Some(3600)).await;
    let (id, people) = (evening.event, evening.guests);
    for chunk in people.chunks(100) {
        futures_util::future::join_all(chunk.iter().map(|p| {
            let path = format!("/api/events/{id}/participants/{}/check-in", p.id);
            let http = http.clone();
            async move { api(&http, base, &path, json!({})).await }
        }))
        .await;
    }
    // Every phone opens its link in the lobby (a trusted claim), as at the door.
    for chunk in people.chunks(200) {
        let links = chunk.iter().map(|p| p.token.as_str());
        drop(futures_util::future::join_all(links.map(|t| hello(base, t))).await);
    }
    let mut h = hello(base, &evening.host).await;
    h.send(Message::Text(
        json!({"type": "event.start", "id": "s"}).to_string().into(),
    ))
    .await
    .unwrap();
    while let Some(Ok(m)) = h.next().await {
        if let Message::Text(t) = m
            && (t.contains("\"ack\"") || t.contains("\"error\""))
        {
            assert!(t.contains("\"ack\""), "start: {t}");
            break;
        }
    }
    people.into_iter().map(|p| p.token).collect()
}

/// Every client sends its mark when `go` opens; each answer's time (ms after `go`),
/// `None` for a refusal or no answer in 30 s.
async fn burst(clients: Vec<Ws>, round: u32) -> (Vec<Ws>, Vec<Option<f64>>) {
    let (go_tx, go) = tokio::sync::watch::channel(None::<Instant>);
    let tasks: Vec<_> = clients
        .into_iter()
        .map(|mut ws| {
            let mut go = go.clone();
            tokio::spawn(async move {
                let start = loop {
                    if let Some(at) = *go.borrow_and_update() {
                        break at;
                    }
                    go.changed().await.unwrap();
                };
                let verb =
                    json!({"type": "interest.mark", "id": "m1", "round": round, "choice": "yes"});
                ws.send(Message::Text(verb.to_string().into()))
                    .await
                    .unwrap();
                let answer = tokio::time::timeout(Duration::from_secs(30), async {
                    while let Some(Ok(m)) = ws.next().await {
                        if let Message::Text(t) = m
                            && t.contains("\"id\":\"m1\"")
                        {
                            return t.contains("\"ack\"");
                        }
                    }
                    false
                })
                .await;
                let at = (answer == Ok(true)).then(|| start.elapsed().as_secs_f64() * 1000.0);
                (ws, at)
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    go_tx.send_replace(Some(Instant::now()));
    let mut clients = Vec::new();
    let mut times = Vec::new();
    for t in tasks {
        let (ws, at) = t.await.unwrap();
        clients.push(ws);
        times.push(at);
    }
    (clients, times)
}

async fn stored(db: &str) -> (i64, i64) {
    let pool = sqlx::SqlitePool::connect(db).await.unwrap();
    let row: (i64, i64) =
        sqlx::query_as("SELECT COUNT(*), COALESCE(SUM(marked_at), 0) FROM interest_marks")
            .fetch_one(&pool)
            .await
            .unwrap();
    pool.close().await;
    row
}

async fn run(n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_blossom"));
    // `MARKS_LOG=<file>` keeps the server's log (`RUST_LOG=blossom=debug` times
    // each batch of marks: docs/performance.md).
    let options = process::Options {
        log: std::env::var_os("MARKS_LOG").map(Into::into),
        filter: Some("blossom=debug".into()),
        ..Default::default()
    };
    let served = process::serve_with(&bin, dir.path(), process::free_port(), ADMIN, options).await;
    let db = format!("sqlite://{}", dir.path().join("blossom.db").display());
    let tokens = setup(&served.base, n).await;
    let mut clients = Vec::with_capacity(n);
    for chunk in tokens.chunks(200) {
        clients.extend(
            futures_util::future::join_all(chunk.iter().map(|t| hello(&served.base, t))).await,
        );
    }
    // Let the welcome frames settle.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (server_cpu, bench_cpu) = (
        bench::cpu_ms(served.child.id()),
        bench::cpu_ms(std::process::id()),
    );
    let (clients, times) = burst(clients, 1).await;
    eprintln!(
        "cpu during the burst: server {:.0} ms, clients {:.0} ms",
        bench::cpu_ms(served.child.id()) - server_cpu,
        bench::cpu_ms(std::process::id()) - bench_cpu
    );
    let mut acked: Vec<f64> = times.iter().flatten().copied().collect();
    acked.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let (rows, sum) = stored(&db).await;
    let lost = n as i64 - rows;
    let durable = acked.last().copied().unwrap_or(f64::NAN);
    eprintln!(
        "acked {}/{n}; median {:.0} ms; stored {rows}",
        acked.len(),
        bench::percentile(&acked, 0.5)
    );
    // The same mark again changes nothing: no row, no time moves.
    let (_clients, again) = burst(clients, 1).await;
    let (rows_again, sum_again) = stored(&db).await;
    eprintln!(
        "again: acked {}/{n}; rows {rows_again} (was {rows}); changed {}",
        again.iter().flatten().count(),
        sum_again != sum
    );
    assert_eq!(
        (rows_again, sum_again),
        (rows, sum),
        "a repeated mark changed what is stored"
    );
    println!(
        "marks guests={n} durable_ms={durable:.0} ack_p99_ms={:.0} lost={lost}",
        bench::percentile(&acked, 0.99)
    );
    assert_eq!(lost, 0, "acknowledged marks were lost");
    drop(served);
}

fn main() {
    let n = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(5000);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(n));
}
