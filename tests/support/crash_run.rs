//! Crash safety: a scripted evening that sends every verb, killed with SIGKILL at
//! random moments and started again each time. After each restart, every change
//! the server acknowledged is there (the announcement, each guest's mark and
//! consent, the chat settings: the last acknowledged value, or one that was in
//! flight at the kill), and the evening's clock has resumed within 1 s: the phase
//! a phone is shown after the restart does not end more than a second in the
//! past. Shared by `tests/live/crash.rs` (a few kills) and `benches/crash.rs` (50).

use std::collections::HashMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};
use tokio::sync::oneshot;
use tokio_tungstenite::tungstenite::Message;

use super::process::{Options, Served, serve_with};

pub const ADMIN: &str = "crash-run-admin-token-0123456789abcdef";

/// One connection: frames by type (the latest), and answers by id.
struct Conn {
    out: futures_util::stream::SplitSink<
        tokio_tungstenite::WebSocketStream<
            tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>,
        >,
        Message,
    >,
    latest: Arc<Mutex<HashMap<String, Value>>>,
    waiting: Arc<Mutex<HashMap<String, oneshot::Sender<Value>>>>,
    welcome: Value,
}

impl Conn {
    async fn open(base: &str, token: &str) -> Option<Conn> {
        let url = format!("{}/ws", base.replace("http", "ws"));
        let (ws, _) = tokio_tungstenite::connect_async(url).await.ok()?;
        let (mut out, mut inbox) = ws.split();
        let hello = json!({"type": "hello", "token": token, "lang": "en", "device": "test-phone"})
            .to_string();
        out.send(Message::Text(hello.into())).await.ok()?;
        let welcome = loop {
            match tokio::time::timeout(Duration::from_secs(10), inbox.next()).await {
                Ok(Some(Ok(Message::Text(t)))) => break serde_json::from_str::<Value>(&t).ok()?,
                Ok(Some(Ok(_))) => continue,
                _ => return None,
            }
        };
        let latest: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
        let waiting: Arc<Mutex<HashMap<String, oneshot::Sender<Value>>>> = Arc::default();
        let (l, w) = (latest.clone(), waiting.clone());
        tokio::spawn(async move {
            while let Some(Ok(m)) = inbox.next().await {
                let Message::Text(t) = m else { continue };
                let Ok(v) = serde_json::from_str::<Value>(&t) else {
                    continue;
                };
                let kind = v["type"].as_str().unwrap_or("").to_string();
                if kind == "ack" || kind == "error" {
                    if let Some(id) = v["id"].as_str()
                        && let Some(tx) = w.lock().unwrap().remove(id)
                    {
                        let _ = tx.send(v);
                    }
                } else {
                    l.lock().unwrap().insert(kind, v);
                }
            }
        });
        Some(Conn {
            out,
            latest,
            waiting,
            welcome,
        })
    }

    /// Sends a verb; its answer, or `None` if the connection went (the kill).
    async fn ask(&mut self, mut v: Value, id: String) -> Option<Value> {
        v["id"] = json!(id);
        let (tx, rx) = oneshot::channel();
        self.waiting.lock().unwrap().insert(id, tx);
        self.out
            .send(Message::Text(v.to_string().into()))
            .await
            .ok()?;
        tokio::time::timeout(Duration::from_secs(10), rx)
            .await
            .ok()?
            .ok()
    }

    fn latest(&self, kind: &str) -> Option<Value> {
        self.latest.lock().unwrap().get(kind).cloned()
    }
}

/// What the server acknowledged last, and what was in flight at the kill.
#[derive(Debug, Default, Clone)]
struct Acked {
    announce: Option<String>,
    marks: HashMap<usize, String>,
    consent: HashMap<usize, bool>,
    invite_seconds: Option<i64>,
}

/// The figures of a run.
#[derive(Debug, Default, Clone)]
pub struct Report {
    pub kills: usize,
    /// Acknowledged changes checked after the restarts.
    pub checked: usize,
    /// Verbs sent, and how many of them were acknowledged.
    pub sent: usize,
    pub acked: usize,
    /// The worst lag of the clock after a restart: how long ago the phase shown
    /// to a phone had ended (0 when it had not).
    pub worst_resume_ms: i64,
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

async fn start(bin: &Path, dir: &Path, port: u16, database_url: &str) -> Served {
    let options = Options {
        database_url: Some(database_url.to_string()),
        ..Options::default()
    };
    serve_with(bin, dir, port, ADMIN, options).await
}

/// Runs the scripted evening on `database_url`, killing the server `kills` times.
pub async fn run(bin: &Path, dir: &Path, database_url: &str, kills: usize, seed: u64) -> Report {
    let mut rng = StdRng::seed_from_u64(seed);
    let port = super::process::free_port();
    let mut server = start(bin, dir, port, database_url).await;
    let base = server.base.clone();
    let body = json!({"title": "Crash", "venue": "Here", "starts_at": "2026-12-12T14:00:00+08:00",
        "rounds": 60, "round_seconds": 3, "transition_seconds": 1, "break_after_rounds": 0,
        "tables": [{"label": "1", "accessible": true}, {"label": "2", "accessible": true}, {"label": "3"}],
        "rooms": [{"label": "A"}], "desks": [{"label": "1"}]});
    let event = server.post("/api/events", ADMIN, &body).await.1;
    let event = event["id"]
        .as_str()
        .unwrap_or_else(|| panic!("{event}"))
        .to_string();
    let mut guests = Vec::new();
    for (i, g) in ["female", "male", "female", "male", "female"]
        .iter()
        .enumerate()
    {
        let person = json!({"display_name": format!("G{i}"), "gender": g, "age": 30,
            "marital_status": "unmarried", "contact": format!("c{i}"), "share_contact": true});
        let p = server
            .post(&format!("/api/events/{event}/participants"), ADMIN, &person)
            .await
            .1;
        let path = format!(
            "/api/events/{event}/participants/{}/check-in",
            p["id"].as_str().unwrap()
        );
        server.post(&path, ADMIN, &json!({})).await;
        guests.push(p);
    }
    let staff = |role: &'static str| {
        let server = &server;
        let event = event.clone();
        async move {
            server
                .post(
                    &format!("/api/events/{event}/staff"),
                    ADMIN,
                    &json!({"role": role, "name": role}),
                )
                .await
                .1["token"]
                .as_str()
                .unwrap()
                .to_string()
        }
    };
    let host_token = staff("host").await;
    let mm_token = staff("matchmaker").await;
    let tokens: Vec<String> = guests
        .iter()
        .map(|g| g["token"].as_str().unwrap().to_string())
        .collect();
    let mut report = Report::default();
    let mut acked = Acked::default();
    // What the verb in flight at the last kill would have left: either counts.
    let mut flight = Acked::default();
    let mut step = 0usize;
    // Each guest's phone claims its link in the lobby: a trusted claim.
    for t in &tokens {
        drop(Conn::open(&base, t).await.unwrap());
    }
    let mut host = Conn::open(&base, &host_token).await.unwrap();
    let _ = host
        .ask(json!({"type": "event.start"}), "start".into())
        .await;
    // Until round 1's dates have begun, nobody has a date to mark.
    tokio::time::sleep(Duration::from_millis(300)).await;
    drop(host);
    while report.kills < kills {
        // Connect everyone (after a restart: check what survived first).
        let Some(mut host) = Conn::open(&base, &host_token).await else {
            continue;
        };
        let mut mm = Conn::open(&base, &mm_token).await.unwrap();
        let mut phones = Vec::new();
        for t in &tokens {
            phones.push(Conn::open(&base, t).await.unwrap());
        }
        if report.kills > 0 {
            report.checked += check(&host, &phones, &acked, &flight, &mut report);
        }
        // The script runs until the kill, which comes at a random moment.
        let kill_after = Duration::from_millis(rng.random_range(150..1500));
        let killed = tokio::time::Instant::now() + kill_after;
        let mut pending = Acked::default();
        while tokio::time::Instant::now() < killed {
            step += 1;
            let (who, verb) = script(step, &phones, &host);
            let id = format!("s{step}");
            report.sent += 1;
            // What this verb would leave, if acknowledged.
            let mut after = acked.clone();
            match verb["type"].as_str().unwrap() {
                "announce" => after.announce = verb["text"].as_str().map(String::from),
                "interest.mark" => {
                    after
                        .marks
                        .insert(who, verb["choice"].as_str().unwrap().to_string());
                }
                "consent.set" => {
                    after
                        .consent
                        .insert(who, verb["share_contact"].as_bool().unwrap());
                }
                "chat.settings" => after.invite_seconds = verb["invite_seconds"].as_i64(),
                _ => {}
            }
            pending = after.clone();
            let conn = match who {
                100 => &mut host,
                101 => &mut mm,
                i => &mut phones[i],
            };
            let Some(answer) = conn.ask(verb, id).await else {
                break;
            };
            if answer["type"] == "ack" {
                report.acked += 1;
                acked = after;
            }
            // Under every connection's verb limit.
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
        // Kill at once: no shutdown, no last words.
        drop(server);
        report.kills += 1;
        // A verb in flight at the kill may or may not have been saved: either counts.
        flight = pending;
        server = start(bin, dir, port, database_url).await;
    }
    // The end: the host closes the evening and reveals; both survive a last kill.
    let mut host = Conn::open(&base, &host_token).await.unwrap();
    let end = host
        .ask(json!({"type": "event.end"}), "end".into())
        .await
        .unwrap();
    assert_eq!(end["type"], "ack", "{end}");
    let reveal = host
        .ask(json!({"type": "results.reveal"}), "reveal".into())
        .await
        .unwrap();
    assert_eq!(reveal["type"], "ack", "{reveal}");
    drop(host);
    drop(server);
    report.kills += 1;
    let _server = start(bin, dir, port, database_url).await;
    let host = Conn::open(&base, &host_token).await.unwrap();
    let state = &host.welcome["state"];
    assert_eq!(state["phase"]["phase"], "closed", "{state}");
    assert_eq!(state["results"]["revealed"], true, "{state}");
    let mut phones = Vec::new();
    for t in &tokens {
        phones.push(Conn::open(&base, t).await.unwrap());
    }
    report.checked += 2 + check(&host, &phones, &acked, &flight, &mut report);
    report
}

/// Checks what the restarted server shows against what it acknowledged; returns
/// how many values were checked.
fn check(
    host: &Conn,
    phones: &[Conn],
    acked: &Acked,
    flight: &Acked,
    report: &mut Report,
) -> usize {
    let mut checked = 0;
    let state = &host.welcome["state"];
    if let Some(text) = &acked.announce {
        let shown = state["announce"]["text"].as_str();
        // The close takes the last announcement down.
        let closed = state["phase"]["phase"] == "closed" && shown == Some("");
        assert!(
            closed || shown == Some(text) || shown == flight.announce.as_deref(),
            "announcement {text:?} acknowledged, {shown:?} after the restart"
        );
        checked += 1;
    }
    if let Some(s) = acked.invite_seconds {
        let shown = state["rooms"]["settings"]["invite_ms"].as_i64();
        assert!(
            shown == Some(s * 1000) || shown == flight.invite_seconds.map(|f| f * 1000),
            "invitations of {s} s acknowledged, {shown:?} ms after the restart"
        );
        checked += 1;
    }
    for (i, phone) in phones.iter().enumerate() {
        let marks = &phone.welcome["state"]["marks"];
        if let Some(c) = acked.marks.get(&i) {
            let shown = marks["marks"][0]["choice"].as_str();
            assert!(
                shown == Some(c) || shown == flight.marks.get(&i).map(String::as_str),
                "guest {i}: mark {c} acknowledged, {shown:?} after the restart"
            );
            checked += 1;
        }
        if let Some(c) = acked.consent.get(&i) {
            let shown = marks["share_contact"].as_bool();
            assert!(
                shown == Some(*c) || shown == flight.consent.get(&i).copied(),
                "guest {i}: consent {c} acknowledged, {shown:?} after the restart"
            );
            checked += 1;
        }
        // The clock resumed: the phase shown does not end in the past.
        let phase = &phone.welcome["state"]["phase"];
        if let Some(ends) = phase["ends_at"].as_i64()
            && phase["paused"] != true
        {
            let lag = (now_ms() - ends).max(0);
            report.worst_resume_ms = report.worst_resume_ms.max(lag);
            assert!(lag <= 1000, "the phase shown ended {lag} ms ago: {phase}");
        }
    }
    checked
}

const CHOICES: [&str; 3] = ["yes", "friend", "no"];

/// The script: every verb in turn, from whoever may send it. `who`: a guest's
/// index, 100 the host, 101 the matchmaker.
fn script(step: usize, phones: &[Conn], host: &Conn) -> (usize, Value) {
    let g = step % 4;
    let request = |i: usize| {
        phones[i]
            .latest("chat")
            .and_then(|c| c["request"].as_str().map(String::from))
    };
    let ticket = || {
        host.latest("desks")
            .and_then(|d| d["queue"][0]["ticket"].as_str().map(String::from))
            .unwrap_or_else(|| "none".into())
    };
    match step % 24 {
        0 => (
            100,
            json!({"type": "announce", "text": format!("Notice {step}")}),
        ),
        1 => (
            g,
            json!({"type": "interest.mark", "round": 1, "choice": CHOICES[step % 3]}),
        ),
        2 => (
            g,
            json!({"type": "consent.set", "share_contact": step.is_multiple_of(2)}),
        ),
        3 => (
            100,
            json!({"type": "chat.settings", "invite_seconds": 60 + (step % 100) as i64, "longest_seconds": 600}),
        ),
        4 => (0, json!({"type": "chat.invite"})),
        5 => (
            1,
            json!({"type": "chat.accept", "request": request(1).unwrap_or_default()}),
        ),
        6 => (
            3,
            json!({"type": "chat.decline", "request": request(3).unwrap_or_default()}),
        ),
        7 => (
            0,
            json!({"type": "chat.cancel", "request": request(0).unwrap_or_default()}),
        ),
        8 => (1, json!({"type": "chat.end"})),
        9 => (101, json!({"type": "room.release", "room": "A"})),
        10 => (
            2,
            json!({"type": "desk.join", "reason": "advice", "note": "hello"}),
        ),
        11 => (101, json!({"type": "desk.next", "desk": "1"})),
        12 => (2, json!({"type": "desk.coming"})),
        13 => (101, json!({"type": "desk.start", "ticket": ticket()})),
        14 => (
            101,
            json!({"type": "desk.note", "ticket": ticket(), "note": "noted"}),
        ),
        15 => (101, json!({"type": "desk.done", "ticket": ticket()})),
        16 => (
            101,
            json!({"type": "desk.call", "desk": "1", "ticket": ticket()}),
        ),
        17 => (101, json!({"type": "desk.no_show", "ticket": ticket()})),
        18 => (2, json!({"type": "desk.leave"})),
        19 if step % 96 == 19 => (3, json!({"type": "rest.request"})),
        19 => (3, json!({"type": "rest.cancel"})),
        20 => (100, json!({"type": "event.pause"})),
        21 => (100, json!({"type": "event.resume"})),
        22 => (100, json!({"type": "phase.extend", "seconds": 1})),
        _ => match step % 5 {
            0 => (101, json!({"type": "gone", "participant": "nobody"})),
            1 => (101, json!({"type": "checkin", "participant": "nobody"})),
            2 => (100, json!({"type": "break.insert", "seconds": 1})),
            3 => (100, json!({"type": "phase.skip"})),
            _ => (
                4,
                json!({"type": "desk.join", "reason": "help", "come_to_me": true}),
            ),
        },
    }
}
