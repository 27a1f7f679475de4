//! Failover: three instances on one PostgreSQL database, two live evenings, the
//! phones spread over the three. Again and again the owner of one evening is
//! killed (SIGKILL) in the middle of the evening, and started again once the
//! evening has found a new owner. Meanwhile every phone marks its dates, one mark
//! at a time, each waiting for its `ack`.
//!
//! - `lost`: acknowledged marks missing from `interest_marks` (a mark sent but not
//!   answered before its connection dropped may or may not be there; both are
//!   right);
//! - `double_owner`: a phase change logged twice (two owners acting on one
//!   deadline), or a round skipped;
//! - `resume`: from the kill to the moment a phone of that evening has its
//!   `welcome` again, from whichever instance it reached (phones go back to their
//!   own instance, or the next one when theirs is down). A phone whose new
//!   `welcome` is in the same phase as before the kill must show the same
//!   deadline (`clock_wrong` otherwise, which fails the run).
//!
//! `cargo bench --bench failover -- [kills] [guests per evening]` (5 and 40 by
//! default) with `BLOSSOM_TEST_POSTGRES_URL` set to a PostgreSQL server (a fresh
//! database is made on it); without it the benchmark says so and stops. The last
//! line is `failover kills=K lost=L double_owner=D p95_resume_ms=X max_resume_ms=Y`.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

#[path = "../tests/support/bench.rs"]
mod bench;
#[path = "../tests/support/process.rs"]
mod process;

use bench::{ADMIN, api};
use process::Served;

const INSTANCES: usize = 3;
const CHOICES: [&str; 3] = ["yes", "friend", "no"];

/// One mark a phone sent: answered (`acked`), or cut off by its connection.
#[derive(Debug, Clone)]
struct Sent {
    round: i64,
    choice: &'static str,
    acked: bool,
}

/// A `welcome`: when, and the phase it showed.
#[derive(Debug, Clone)]
struct Welcome {
    at: Instant,
    phase: (String, i64),
    ends_at: Option<i64>,
}

#[derive(Default)]
struct Seen {
    sent: Vec<Sent>,
    welcomes: Vec<Welcome>,
}

struct Phone {
    evening: usize,
    id: String,
    token: String,
    home: usize,
    seen: Arc<Mutex<Seen>>,
}

fn ws_url(port: u16) -> String {
    format!("ws://127.0.0.1:{port}/ws")
}

/// Connects to the phone's own instance, or the next one up, and says `hello`:
/// the socket and its `welcome`.
async fn greet(ports: &[u16], home: usize, token: &str) -> Option<(bench_ws::Ws, Value)> {
    for k in 0..INSTANCES {
        let port = ports[(home + k) % INSTANCES];
        let connecting = tokio_tungstenite::connect_async_with_config(ws_url(port), None, true);
        let Ok(Ok((mut ws, _))) = tokio::time::timeout(Duration::from_secs(2), connecting).await
        else {
            continue;
        };
        let hello = json!({"type": "hello", "token": token, "device": "failover-phone"});
        if ws
            .send(Message::Text(hello.to_string().into()))
            .await
            .is_err()
        {
            continue;
        }
        let first = tokio::time::timeout(Duration::from_secs(5), async {
            while let Some(Ok(m)) = ws.next().await {
                match m {
                    Message::Text(t) => return serde_json::from_str::<Value>(&t).ok(),
                    Message::Close(_) => return None,
                    _ => {}
                }
            }
            None
        })
        .await;
        if let Ok(Some(w)) = first
            && w["type"] == "welcome"
        {
            return Some((ws, w));
        }
    }
    None
}

mod bench_ws {
    pub type Ws = tokio_tungstenite::WebSocketStream<
        tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
    >;
}

fn phase_of(frame: &Value) -> (String, i64, Option<i64>) {
    (
        frame["phase"].as_str().unwrap_or("").to_string(),
        frame["round"].as_i64().unwrap_or(0),
        frame["ends_at"].as_i64(),
    )
}

/// A phone for as long as `stop` says: connected (again after every drop), marking
/// its current date every 700 ms or so, one mark at a time.
async fn run_phone(
    phone: Arc<Phone>,
    ports: Arc<Vec<u16>>,
    stop: tokio::sync::watch::Receiver<bool>,
) {
    let mut turn = 0usize;
    let mut n = 0u64;
    while !*stop.borrow() {
        let Some((mut ws, welcome)) = greet(&ports, phone.home, &phone.token).await else {
            tokio::time::sleep(Duration::from_millis(300)).await;
            continue;
        };
        let (mut phase, mut round, ends_at) = phase_of(&welcome["state"]["phase"]);
        phone.seen.lock().unwrap().welcomes.push(Welcome {
            at: Instant::now(),
            phase: (phase.clone(), round),
            ends_at,
        });
        let mut pending: Option<(String, Sent)> = None;
        let mut tick = tokio::time::interval(Duration::from_millis(600 + (n % 7) * 30));
        let mut stop = stop.clone();
        loop {
            tokio::select! {
                _ = stop.changed() => {
                    if let Some((_, sent)) = pending.take() {
                        phone.seen.lock().unwrap().sent.push(sent);
                    }
                    return;
                }
                _ = tick.tick() => {
                    if pending.is_some() || round < 1 || phase == "lobby" || phase == "closed" {
                        continue;
                    }
                    n += 1;
                    turn += 1;
                    let id = format!("m{n}");
                    let choice = CHOICES[turn % CHOICES.len()];
                    let verb = json!({"type": "interest.mark", "id": id, "round": round, "choice": choice});
                    pending = Some((id, Sent { round, choice, acked: false }));
                    if ws.send(Message::Text(verb.to_string().into())).await.is_err() {
                        break;
                    }
                }
                frame = ws.next() => {
                    let Some(Ok(Message::Text(t))) = frame else {
                        if matches!(frame, Some(Ok(_))) { continue }
                        break;
                    };
                    let Ok(v) = serde_json::from_str::<Value>(&t) else { continue };
                    if v["type"] == "phase" {
                        (phase, round, _) = phase_of(&v);
                    }
                    let answers = pending.as_ref().is_some_and(|(id, _)| v["id"] == id.as_str());
                    if answers && let Some((_, mut sent)) = pending.take() {
                        // A refusal (the date ended under it, say) changed nothing.
                        if v["type"] == "ack" {
                            sent.acked = true;
                            phone.seen.lock().unwrap().sent.push(sent);
                        }
                    }
                }
            }
        }
        // Cut off: a mark under way may or may not have been saved.
        if let Some((_, sent)) = pending.take() {
            phone.seen.lock().unwrap().sent.push(sent);
        }
    }
}

async fn start(dir: &std::path::Path, url: &str, k: usize, port: u16) -> Served {
    let options = process::Options {
        database_url: Some(url.to_string()),
        instance: Some(format!("i{k}")),
        ..Default::default()
    };
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_blossom"));
    process::serve_with(bin, dir, port, ADMIN, options).await
}

/// The instance (by index) running `event`, asked of any instance that answers.
async fn owner(ports: &[u16], event: &str) -> Option<usize> {
    let http = reqwest::Client::new();
    for port in ports {
        let Ok(res) = http
            .get(format!("http://127.0.0.1:{port}/api/instances"))
            .bearer_auth(ADMIN)
            .timeout(Duration::from_secs(2))
            .send()
            .await
        else {
            continue;
        };
        let seen: Value = res.json().await.unwrap_or_default();
        for i in seen["instances"].as_array().into_iter().flatten() {
            let runs = i["events"].as_array().into_iter().flatten();
            if runs.clone().any(|e| e == event) {
                let name = i["name"].as_str().unwrap_or("");
                return name.strip_prefix('i').and_then(|k| k.parse().ok());
            }
        }
        return None;
    }
    None
}

async fn fresh_database(server: &str) -> String {
    use sqlx::Connection;
    let name = format!("blossom_failover_{}", uuid::Uuid::new_v4().simple());
    let mut conn = sqlx::PgConnection::connect(server).await.unwrap();
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(&mut conn)
        .await
        .unwrap();
    let (base, _) = server.rsplit_once('/').expect("a URL ending in /DATABASE");
    format!("{base}/{name}")
}

/// Sends a host's verb through any instance and waits for its answer.
async fn host(ports: &[u16], token: &str, verb: Value) -> Value {
    let (mut ws, _) = greet(ports, 0, token).await.expect("the host connects");
    ws.send(Message::Text(verb.to_string().into()))
        .await
        .unwrap();
    while let Some(Ok(m)) = ws.next().await {
        if let Message::Text(t) = m {
            let v: Value = serde_json::from_str(&t).unwrap();
            if v["id"] == verb["id"] {
                return v;
            }
        }
    }
    Value::Null
}

async fn run(kills: usize, guests: usize, server: &str) {
    let dir = tempfile::tempdir().unwrap();
    let url = fresh_database(server).await;
    let ports: Vec<u16> = (0..INSTANCES).map(|_| process::free_port()).collect();
    let mut served: Vec<Option<Served>> = Vec::new();
    for (k, port) in ports.iter().enumerate() {
        served.push(Some(start(dir.path(), &url, k, *port).await));
    }
    let base = |k: usize| format!("http://127.0.0.1:{}", ports[k]);
    let http = reqwest::Client::new();
    // Two evenings of long rounds (8 s and 2 s between), made on i0; the host of
    // the first opens its lobby on i0, the second's on i1. The check-ins go
    // through i2, which passes them on.
    let rules =
        json!({"rounds": 40, "round_seconds": 8, "transition_seconds": 2, "break_after_rounds": 0});
    let mut evenings = Vec::new();
    for e in 0..2 {
        let evening = bench::evening_with(&base(0), guests, rules.clone()).await;
        let lobby = greet(&ports[e..e + 1], 0, &evening.host).await;
        assert!(lobby.is_some(), "the host opens the lobby");
        for g in &evening.guests {
            let path = format!(
                "/api/events/{}/participants/{}/check-in",
                evening.event, g.id
            );
            api(&http, &base(2), &path, json!({})).await;
        }
        evenings.push(evening);
    }
    let ports = Arc::new(ports);
    let (stop_tx, stop) = tokio::sync::watch::channel(false);
    let mut phones = Vec::new();
    for (e, evening) in evenings.iter().enumerate() {
        for (i, g) in evening.guests.iter().enumerate() {
            phones.push(Arc::new(Phone {
                evening: e,
                id: g.id.clone(),
                token: g.token.clone(),
                home: i % INSTANCES,
                seen: Default::default(),
            }));
        }
    }
    let tasks: Vec<_> = phones
        .iter()
        .map(|p| tokio::spawn(run_phone(p.clone(), ports.clone(), stop.clone())))
        .collect();
    tokio::time::sleep(Duration::from_secs(2)).await;
    for evening in &evenings {
        let started = host(
            &ports,
            &evening.host,
            json!({"type": "event.start", "id": "go"}),
        )
        .await;
        assert_eq!(started["type"], "ack", "start: {started}");
    }
    tokio::time::sleep(Duration::from_secs(3)).await;

    let mut resumes: Vec<f64> = Vec::new();
    let mut clock_wrong = 0;
    for kill in 0..kills {
        let e = kill % 2;
        let event = &evenings[e].event;
        let Some(victim) = owner(&ports, event).await else {
            panic!("nobody runs evening {e}");
        };
        // Kill at a random moment of a round or a change of tables.
        tokio::time::sleep(Duration::from_millis(300 + (kill as u64 * 1_370) % 4_000)).await;
        let before: Vec<Option<Welcome>> = phones
            .iter()
            .map(|p| p.seen.lock().unwrap().welcomes.last().cloned())
            .collect();
        let killed = Instant::now();
        drop(served[victim].take());
        // Every phone of that evening has its welcome again (15 s at most).
        let mine: Vec<usize> = (0..phones.len())
            .filter(|&i| phones[i].evening == e)
            .collect();
        let mut back: BTreeMap<usize, Welcome> = BTreeMap::new();
        while back.len() < mine.len() && killed.elapsed() < Duration::from_secs(15) {
            for &i in &mine {
                if back.contains_key(&i) {
                    continue;
                }
                let seen = phones[i].seen.lock().unwrap();
                if let Some(w) = seen.welcomes.iter().find(|w| w.at > killed) {
                    back.insert(i, w.clone());
                }
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        for &i in &mine {
            match back.get(&i) {
                Some(w) => {
                    resumes.push(w.at.duration_since(killed).as_secs_f64() * 1000.0);
                    if let Some(old) = &before[i]
                        && old.phase == w.phase
                        && old.ends_at != w.ends_at
                    {
                        clock_wrong += 1;
                    }
                }
                None => resumes.push(f64::INFINITY),
            }
        }
        let now_owner = owner(&ports, event).await;
        eprintln!(
            "kill {}: i{victim} (evening {e}); now on {:?}; {} of {} phones back",
            kill + 1,
            now_owner.map(|k| format!("i{k}")),
            back.len(),
            mine.len()
        );
        served[victim] = Some(start(dir.path(), &url, victim, ports[victim]).await);
        tokio::time::sleep(Duration::from_secs(2)).await;
    }

    for evening in &evenings {
        let end = host(
            &ports,
            &evening.host,
            json!({"type": "event.end", "id": "end"}),
        )
        .await;
        assert_eq!(end["type"], "ack", "end: {end}");
    }
    stop_tx.send_replace(true);
    for t in tasks {
        let _ = t.await;
    }

    // What the database kept.
    let db = blossom::db::connect(&url).await.unwrap();
    let mut lost = 0;
    let mut acked = 0;
    for (e, evening) in evenings.iter().enumerate() {
        let rows: Vec<(String, i64, String)> =
            sqlx::query_as("SELECT from_id, round, choice FROM interest_marks WHERE event_id = $1")
                .bind(&evening.event)
                .fetch_all(&db)
                .await
                .unwrap();
        let stored: BTreeMap<(String, i64), String> =
            rows.into_iter().map(|(p, r, c)| ((p, r), c)).collect();
        for phone in phones.iter().filter(|p| p.evening == e) {
            let seen = phone.seen.lock().unwrap();
            let mut by_round: BTreeMap<i64, Vec<&Sent>> = BTreeMap::new();
            for s in &seen.sent {
                by_round.entry(s.round).or_default().push(s);
            }
            for (round, sent) in by_round {
                acked += sent.iter().filter(|s| s.acked).count();
                let last = sent.iter().rposition(|s| s.acked);
                // Right: the last acknowledged mark, or one sent after it whose
                // answer never came.
                let allowed: Vec<&str> = match last {
                    Some(k) => sent[k..].iter().map(|s| s.choice).collect(),
                    None => sent.iter().map(|s| s.choice).collect(),
                };
                let have = stored.get(&(phone.id.clone(), round)).map(String::as_str);
                let right = match (last, have) {
                    (None, None) => true,
                    (_, Some(c)) => allowed.contains(&c),
                    (Some(_), None) => false,
                };
                if !right {
                    lost += 1;
                    eprintln!(
                        "lost: {} round {round}: stored {have:?}, sent {sent:?}",
                        phone.id
                    );
                }
            }
        }
    }
    // Each phase change once, and no round skipped.
    let mut double_owner = 0;
    for evening in &evenings {
        let changes: Vec<Value> = blossom::db::log::list(&db, &evening.event)
            .await
            .unwrap()
            .into_iter()
            .filter(|e| e.kind == "phase.changed")
            .filter_map(|e| serde_json::from_str(&e.data).ok())
            .collect();
        let mut once = std::collections::BTreeSet::new();
        let mut last_round = 0;
        for c in &changes {
            if !once.insert(c.to_string()) {
                double_owner += 1;
                eprintln!("logged twice: {c}");
            }
            let round = c["round"].as_i64().unwrap_or(0);
            if c["phase"] == "round" {
                if round != last_round + 1 {
                    double_owner += 1;
                    eprintln!("round {round} after round {last_round}");
                }
                last_round = round;
            }
        }
        eprintln!(
            "evening {}: {} phase changes, up to round {last_round}",
            evening.event,
            changes.len()
        );
    }
    db.close().await;
    drop(served);

    resumes.sort_by(|a, b| a.partial_cmp(b).unwrap());
    eprintln!("acknowledged marks: {acked}; phones' clocks wrong after a failover: {clock_wrong}");
    println!(
        "failover kills={kills} lost={lost} double_owner={double_owner} p95_resume_ms={:.0} max_resume_ms={:.0}",
        bench::percentile(&resumes, 0.95),
        resumes.last().copied().unwrap_or(0.0)
    );
    assert_eq!(lost, 0, "acknowledged marks were lost");
    assert_eq!(
        double_owner, 0,
        "a phase change was logged twice, or a round skipped"
    );
    assert_eq!(
        clock_wrong, 0,
        "a phone's countdown was wrong after a failover"
    );
    assert!(
        resumes.iter().all(|r| r.is_finite()),
        "a phone did not come back within 15 s"
    );
}

fn main() {
    let mut args = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse::<usize>().ok());
    let kills = args.next().unwrap_or(5);
    let guests = args.next().unwrap_or(40);
    let Some(server) = std::env::var("BLOSSOM_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        println!("failover skipped: set BLOSSOM_TEST_POSTGRES_URL to a PostgreSQL server");
        return;
    };
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(kills, guests, &server));
}
