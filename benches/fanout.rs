//! Fan-out against a floor: N WebSocket clients on one event; the host extends the
//! phase; how long until each client has the new `phase` frame (p99 over the
//! clients), and the server's memory per connection. In the same run, the floor: a
//! bare tokio-tungstenite server (this benchmark's own binary, started again as
//! `--floor-server`) that broadcasts a frame of the same size to the same N clients
//! when a trigger arrives. Both servers are processes of their own; the clients are
//! in this one. For each size one line:
//! `fanout clients=N p99_ms=X floor_p99_ms=Y ratio=Z mem_kib_per_conn=M`.
//!
//! `cargo bench --bench fanout` (N = 500, 2,000, 5,000; `cargo bench --bench fanout
//! -- 5000` for one size). The server is the `blossom` of the same build
//! (`CARGO_BIN_EXE_blossom`); `.ci/run` makes a small smoke run in the test profile.
//! Figures go to docs/performance.md.

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

async fn start_server() -> Server {
    let dir = tempfile::tempdir().unwrap();
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_blossom"));
    // `FANOUT_LOG=<file>` keeps the server's log (`blossom=debug` times each step
    // of the evening's actor: docs/performance.md).
    let options = process::Options {
        log: std::env::var_os("FANOUT_LOG").map(Into::into),
        filter: Some("blossom=debug".into()),
        ..Default::default()
    };
    let served =
        process::serve_with(bin, dir.path(), process::free_port(), bench::ADMIN, options).await;
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
    let before = bench::rss_kib(server.served.child.id());
    let mut clients = Vec::with_capacity(n);
    for chunk in tokens.chunks(200) {
        let batch =
            futures_util::future::join_all(chunk.iter().map(|t| hello(&server.base, t))).await;
        clients.extend(batch);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let after = bench::rss_kib(server.served.child.id());
    // Each client notes when each `phase` frame arrives, until told to stop.
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, usize)>();
    for mut ws in clients {
        let (tx, mut stopped) = (tx.clone(), stopped.clone());
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    msg = ws.next() => match msg {
                        Some(Ok(Message::Text(t))) if t.contains("\"type\":\"phase\"") => {
                            let _ = tx.send((Instant::now(), t.len()));
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                    _ = stopped.wait_for(|&s| s) => break,
                }
            }
        });
    }
    drop(tx);
    // Two extensions, the better p99 kept, as for the floor.
    let mut best: Option<(Vec<f64>, usize)> = None;
    for k in 0..ROUNDS {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let sent = Instant::now();
        host.send(Message::Text(
            json!({"type": "phase.extend", "id": format!("x{k}"), "seconds": 60})
                .to_string()
                .into(),
        ))
        .await
        .unwrap();
        let got = collect(&mut rx, n, sent).await;
        assert_eq!(got.0.len(), n, "every client has the frame");
        if best.as_ref().is_none_or(|b| p99(&got.0) < p99(&b.0)) {
            best = Some(got);
        }
    }
    let (lat, size) = best.unwrap();
    let _ = stop.send(true);
    drop(host);
    drop(server);
    // Let the closed connections go before the floor is measured.
    tokio::time::sleep(Duration::from_secs(1)).await;
    let floor = floor_fn(n, size.max(1)).await;
    let (p99, floor_p99) = (p99(&lat), p99(&floor));
    println!(
        "fanout clients={n} p99_ms={p99:.1} floor_p99_ms={floor_p99:.1} ratio={:.2} mem_kib_per_conn={:.1}",
        p99 / floor_p99.max(0.001),
        (after.saturating_sub(before)) as f64 / n as f64,
    );
}

/// Measurements of each server in one run; the better p99 is kept.
const ROUNDS: usize = 2;

fn p99(sorted: &[f64]) -> f64 {
    bench::percentile(sorted, 0.99)
}

/// Arrival times (ms after `sent`, sorted) and the frame's size, until all `n`
/// clients have it or 30 s pass without one.
async fn collect(
    rx: &mut tokio::sync::mpsc::UnboundedReceiver<(Instant, usize)>,
    n: usize,
    sent: Instant,
) -> (Vec<f64>, usize) {
    let mut lat = Vec::with_capacity(n);
    let mut size = 0;
    while lat.len() < n {
        match tokio::time::timeout(Duration::from_secs(30), rx.recv()).await {
            Ok(Some((at, len))) => {
                lat.push((at - sent).as_secs_f64() * 1000.0);
                size = len;
            }
            _ => break,
        }
    }
    lat.sort_by(|a, b| a.partial_cmp(b).unwrap());
    (lat, size)
}

/// The floor: the same `n` clients on a bare broadcasting server (this binary as
/// `--floor-server PORT SIZE`, its own process); latencies in ms, sorted.
async fn floor_fn(n: usize, size: usize) -> Vec<f64> {
    let port = process::free_port();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--floor-server", &port.to_string(), &size.to_string()])
        .spawn()
        .unwrap();
    let url = format!("ws://127.0.0.1:{port}/");
    let connect = |url: String| async move {
        for _ in 0..200 {
            if let Ok((ws, _)) = tokio_tungstenite::connect_async(&url).await {
                return ws;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        panic!("the floor server does not answer at {url}");
    };
    let mut trigger = connect(url.clone()).await;
    let mut clients = Vec::with_capacity(n);
    for chunk in (0..n).collect::<Vec<_>>().chunks(200) {
        let batch =
            futures_util::future::join_all(chunk.iter().map(|_| connect(url.clone()))).await;
        clients.extend(batch);
    }
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel::<(Instant, usize)>();
    for mut ws in clients {
        let (tx, mut stopped) = (tx.clone(), stopped.clone());
        tokio::spawn(async move {
            loop {
                tokio::select! {
                    msg = ws.next() => match msg {
                        Some(Ok(Message::Text(t))) => {
                            let _ = tx.send((Instant::now(), t.len()));
                        }
                        Some(Ok(_)) => {}
                        _ => break,
                    },
                    _ = stopped.wait_for(|&s| s) => break,
                }
            }
        });
    }
    drop(tx);
    let mut best: Option<Vec<f64>> = None;
    for _ in 0..ROUNDS {
        tokio::time::sleep(Duration::from_millis(300)).await;
        let sent = Instant::now();
        trigger.send(Message::Text("go".into())).await.unwrap();
        let (lat, _) = collect(&mut rx, n, sent).await;
        assert_eq!(lat.len(), n, "every client has the floor's frame");
        if best.as_ref().is_none_or(|b| p99(&lat) < p99(b)) {
            best = Some(lat);
        }
    }
    let _ = stop.send(true);
    let _ = child.kill();
    let _ = child.wait();
    best.unwrap()
}

/// A bare tokio-tungstenite server: every connection waits on one broadcast
/// `watch` channel (as Blossom's connections do); any text from any connection
/// sends a frame of `size` bytes to all.
fn floor_server(port: u16, size: usize) {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", port))
            .await
            .unwrap();
        let (tx, _) = tokio::sync::watch::channel::<Option<Message>>(None);
        let tx = std::sync::Arc::new(tx);
        let frame = Message::Text("x".repeat(size).into());
        loop {
            let Ok((stream, _)) = listener.accept().await else {
                continue;
            };
            let (tx, frame) = (tx.clone(), frame.clone());
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let Ok(ws) = tokio_tungstenite::accept_async(stream).await else {
                    return;
                };
                let (mut sink, mut stream) = ws.split();
                let mut rx = tx.subscribe();
                loop {
                    tokio::select! {
                        got = rx.changed() => {
                            let msg = rx.borrow_and_update().clone();
                            match (got, msg) {
                                (Ok(()), Some(msg)) => {
                                    if sink.send(msg).await.is_err() {
                                        return;
                                    }
                                }
                                (Ok(()), None) => {}
                                (Err(_), _) => return,
                            }
                        },
                        msg = stream.next() => match msg {
                            Some(Ok(Message::Text(_))) => {
                                tx.send_replace(Some(frame.clone()));
                            }
                            Some(Ok(_)) => {}
                            _ => return,
                        },
                    }
                }
            });
        }
    });
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.get(1).map(String::as_str) == Some("--floor-server") {
        let port = args[2].parse().unwrap();
        let size = args[3].parse().unwrap();
        return floor_server(port, size);
    }
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
    for n in sizes {
        rt.block_on(run(n));
    }
}
