//! Whole evenings under load: E events of G guests and R short rounds at once on one
//! server, every phone a real WebSocket client in this process (the server is its
//! own process, the `blossom` of the same build). Each guest checks in at the door,
//! opens their link, and through the evening marks every date, sometimes invites
//! their partner to the private chat area and answers invitations, queues at a
//! matchmaker's desk and leaves it, asks to rest, answers the poll and sets an
//! escort need; a matchmaker serves the desk; the host announces, opens and closes
//! a poll and, at the end, closes the evening and reveals the matches; a captioner
//! captions. At the end the marks acknowledged are read back from the database.
//!
//! `errors` counts server faults only: an `internal`, `bad_request` or
//! `rate_limited` answer, a dropped socket, or a verb unanswered within 5 s. The
//! refusals the rules give by design (`busy`, `taken`, `queue_empty`, …) are counted
//! apart. `phase_p99_ms`: how late the phones get the `phase` frame of a change made
//! by a deadline, after that deadline. Ends with one line:
//! `evening events=E guests=G errors=X lost=L ack_p99_ms=A phase_p99_ms=P`.
//!
//! `cargo bench --bench evening` (10 events of 300 guests, 12 rounds of 8 s);
//! `cargo bench --bench evening -- E G R S` for another size, S seconds a round
//! (`.ci/run`: a smoke run).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures_util::{SinkExt, StreamExt};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Value, json};
use tokio::sync::{oneshot, watch};
use tokio_tungstenite::tungstenite::Message;

#[path = "../tests/support/bench.rs"]
mod bench;
#[path = "../tests/support/process.rs"]
mod process;

use bench::{ADMIN, api};

/// What every connection adds up.
#[derive(Default)]
struct Tally {
    acks: Vec<f64>,
    phase: Vec<f64>,
    faults: BTreeMap<String, usize>,
    refusals: BTreeMap<String, usize>,
    verbs: usize,
    /// Acknowledged verbs by type.
    acked: BTreeMap<String, usize>,
    /// (event, guest, round) → the choice last acknowledged.
    marks: HashMap<(String, String, u64), String>,
}

type Shared = Arc<Mutex<Tally>>;

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

type Sink = futures_util::stream::SplitSink<
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>,
    Message,
>;

/// One connection: the latest frame of each type, a watch of the `phase` frame and
/// one of the `chat` and `ticket` frames (the guest's prompts), and answers by id.
struct Phone {
    out: Sink,
    latest: Arc<Mutex<HashMap<String, Value>>>,
    waiting: Arc<Mutex<HashMap<String, oneshot::Sender<Value>>>>,
    phase: watch::Receiver<Value>,
    chat: watch::Receiver<Value>,
    next_id: u64,
    tally: Shared,
}

impl Phone {
    async fn open(base: &str, token: &str, tally: Shared) -> Phone {
        let url = format!("{}/ws", base.replace("http", "ws"));
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let (mut out, mut inbox) = ws.split();
        let hello = json!({"type": "hello", "token": token, "lang": "en", "device": "load-phone"});
        out.send(Message::Text(hello.to_string().into()))
            .await
            .unwrap();
        let latest: Arc<Mutex<HashMap<String, Value>>> = Arc::default();
        let waiting: Arc<Mutex<HashMap<String, oneshot::Sender<Value>>>> = Arc::default();
        let (phase_tx, phase) = watch::channel(Value::Null);
        let (chat_tx, chat) = watch::channel(Value::Null);
        let (l, w, t) = (latest.clone(), waiting.clone(), tally.clone());
        let (ready_tx, ready) = oneshot::channel::<()>();
        tokio::spawn(async move {
            let mut ready_tx = Some(ready_tx);
            let mut last_phase = Value::Null;
            while let Some(Ok(m)) = inbox.next().await {
                let Message::Text(text) = m else { continue };
                let Ok(v) = serde_json::from_str::<Value>(&text) else {
                    continue;
                };
                let kind = v["type"].as_str().unwrap_or("").to_string();
                match kind.as_str() {
                    "welcome" => {
                        for (k, f) in v["state"].as_object().into_iter().flatten() {
                            l.lock().unwrap().insert(k.clone(), f.clone());
                        }
                        let _ = phase_tx.send(v["state"]["phase"].clone());
                        last_phase = v["state"]["phase"].clone();
                        if let Some(r) = ready_tx.take() {
                            let _ = r.send(());
                        }
                    }
                    "ack" | "error" => {
                        if let Some(id) = v["id"].as_str()
                            && let Some(tx) = w.lock().unwrap().remove(id)
                        {
                            let _ = tx.send(v);
                        }
                    }
                    _ => {
                        if kind == "phase" {
                            phase_late(&t, &last_phase, &v);
                            last_phase = v.clone();
                            let _ = phase_tx.send(v.clone());
                        }
                        if kind == "chat" || kind == "ticket" {
                            let _ = chat_tx.send(v.clone());
                        }
                        l.lock().unwrap().insert(kind, v);
                    }
                }
            }
            // The socket closed: whoever waits for an answer hears nothing.
            w.lock().unwrap().clear();
        });
        let _ = tokio::time::timeout(Duration::from_secs(30), ready).await;
        Phone {
            out,
            latest,
            waiting,
            phase,
            chat,
            next_id: 0,
            tally,
        }
    }

    fn latest(&self, kind: &str) -> Value {
        self.latest
            .lock()
            .unwrap()
            .get(kind)
            .cloned()
            .unwrap_or(Value::Null)
    }

    /// Sends a verb and waits up to 5 s for its answer; tallies it. `Ok(ack)`, or
    /// `Err(code)` (a refusal, or a fault).
    async fn ask(&mut self, mut verb: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = format!("v{}", self.next_id);
        let kind = verb["type"].as_str().unwrap_or("?").to_string();
        verb["id"] = json!(id);
        let (tx, rx) = oneshot::channel();
        self.waiting.lock().unwrap().insert(id.clone(), tx);
        let sent = Instant::now();
        let answer = match self.out.send(Message::Text(verb.to_string().into())).await {
            Ok(()) => match tokio::time::timeout(Duration::from_secs(5), rx).await {
                Ok(Ok(v)) => Ok(v),
                Ok(Err(_)) => Err("dropped_socket".to_string()),
                Err(_) => Err("unanswered".to_string()),
            },
            Err(_) => Err("dropped_socket".to_string()),
        };
        let mut t = self.tally.lock().unwrap();
        t.verbs += 1;
        match answer {
            Ok(v) => {
                t.acks.push(sent.elapsed().as_secs_f64() * 1000.0);
                if v["type"] == "ack" {
                    *t.acked.entry(kind).or_default() += 1;
                    return Ok(v);
                }
                let code = v["code"].as_str().unwrap_or("?").to_string();
                let fault = matches!(code.as_str(), "internal" | "bad_request" | "rate_limited");
                let map = if fault {
                    &mut t.faults
                } else {
                    &mut t.refusals
                };
                *map.entry(code.clone()).or_default() += 1;
                Err(code)
            }
            Err(why) => {
                self.waiting.lock().unwrap().remove(&id);
                *t.faults.entry(why.clone()).or_default() += 1;
                Err(why)
            }
        }
    }
}

/// A change of phase made by a deadline: how long after the deadline it arrived.
fn phase_late(tally: &Shared, old: &Value, new: &Value) {
    let changed = old["phase"] != new["phase"] || old["round"] != new["round"];
    let Some(deadline) = old["ends_at"].as_i64() else {
        return;
    };
    let now = now_ms();
    // A change well before the deadline was the host's (a skip, the start).
    if changed && old["paused"] != true && now >= deadline - 50 {
        tally
            .lock()
            .unwrap()
            .phase
            .push((now - deadline).max(0) as f64);
    }
}

async fn staff(http: &reqwest::Client, base: &str, event: &str, role: &str) -> String {
    let s = api(
        http,
        base,
        &format!("/api/events/{event}/staff"),
        json!({"role": role, "name": role}),
    )
    .await;
    s["token"].as_str().unwrap().to_string()
}

/// One guest's evening, until the phase reads `closed`.
async fn guest(mut phone: Phone, event: String, who: String, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut marked = 0u64;
    let mut coming = Value::Null;
    // A few guests need a volunteer to move between tables: each such move makes a
    // task, and an untaken task holds the change of tables (by design).
    if rng.random_bool(0.03) {
        let need = ["guide", "push", "company"][rng.random_range(0..3)];
        let _ = phone
            .ask(json!({"type": "escort.need", "need": need}))
            .await;
    }
    loop {
        tokio::select! {
            changed = phone.phase.changed() => if changed.is_err() { return },
            changed = phone.chat.changed() => {
                if changed.is_err() { return }
                let frame = phone.chat.borrow_and_update().clone();
                let ticket = phone.latest("ticket");
                if frame["type"] == "ticket" && ticket["state"] == "called" && ticket["ticket"] != coming {
                    coming = ticket["ticket"].clone();
                    if rng.random_bool(0.8) {
                        let _ = phone.ask(json!({"type": "desk.coming"})).await;
                    }
                }
                let chat = phone.latest("chat");
                if frame["type"] == "chat" && chat["state"] == "offered" {
                    tokio::time::sleep(Duration::from_millis(rng.random_range(200..1500))).await;
                    let verb = if rng.random_bool(0.6) { "chat.accept" } else { "chat.decline" };
                    let _ = phone.ask(json!({"type": verb, "request": chat["request"]})).await;
                }
                continue;
            }
        }
        let phase = phone.phase.borrow_and_update().clone();
        let round = phase["round"].as_u64().unwrap_or(0);
        match phase["phase"].as_str().unwrap_or("") {
            "round" => {
                tokio::time::sleep(Duration::from_millis(rng.random_range(100..1500))).await;
                let a = phone.latest("assignment");
                let dating = !a["partner"].is_null() && a["round"].as_u64() == Some(round);
                let roll = rng.random_range(0..100);
                if dating && roll < 12 {
                    let _ = phone.ask(json!({"type": "chat.invite"})).await;
                } else if roll < 16 {
                    let joined = phone
                        .ask(json!({"type": "desk.join", "reason": "advice"}))
                        .await;
                    if joined.is_ok() && rng.random_bool(0.3) {
                        tokio::time::sleep(Duration::from_millis(800)).await;
                        let _ = phone.ask(json!({"type": "desk.leave"})).await;
                    }
                } else if roll < 19 {
                    let _ = phone.ask(json!({"type": "rest.request"})).await;
                    if rng.random_bool(0.5) {
                        let _ = phone.ask(json!({"type": "rest.cancel"})).await;
                    }
                }
                let poll = phone.latest("poll");
                if poll["open"] == true && poll["mine"].is_null() && rng.random_bool(0.7) {
                    let option =
                        rng.random_range(0..poll["options"].as_array().map_or(1, Vec::len));
                    let _ = phone
                        .ask(json!({"type": "poll.answer", "poll": poll["poll"], "option": option}))
                        .await;
                }
            }
            "transition" | "closed" if round > marked || phase["phase"] == "closed" => {
                // Mark the date just had (the transition names the next round).
                let last = if phase["phase"] == "closed" {
                    round
                } else {
                    round.saturating_sub(1)
                };
                let a = phone.latest("assignment");
                if last > marked && last > 0 {
                    marked = last;
                    tokio::time::sleep(Duration::from_millis(rng.random_range(50..1000))).await;
                    let choice = ["yes", "friend", "no", "no"][rng.random_range(0..4)];
                    let verb = json!({"type": "interest.mark", "round": last, "choice": choice});
                    if phone.ask(verb).await.is_ok() {
                        phone
                            .tally
                            .lock()
                            .unwrap()
                            .marks
                            .insert((event.clone(), who.clone(), last), choice.to_string());
                    }
                }
                let _ = a;
                if phase["phase"] == "closed" {
                    return;
                }
            }
            _ => {}
        }
    }
}

/// The matchmaker: serves desk 1 while the evening runs: calls the next guest,
/// starts the visit once they come (or after a moment), ends it a little later.
async fn matchmaker(mut phone: Phone, done: watch::Receiver<bool>) {
    while !*done.borrow() {
        let desks = phone.latest("desks");
        let ticket = desks["desks"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|d| d["desk"] == "1")
            .map(|d| d["ticket"].clone())
            .unwrap_or(Value::Null);
        match ticket["state"].as_str() {
            Some("called") => {
                tokio::time::sleep(Duration::from_millis(700)).await;
                let _ = phone
                    .ask(json!({"type": "desk.start", "ticket": ticket["ticket"]}))
                    .await;
            }
            Some("serving") => {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                let _ = phone
                    .ask(json!({"type": "desk.done", "ticket": ticket["ticket"]}))
                    .await;
            }
            _ => {
                let _ = phone.ask(json!({"type": "desk.next", "desk": "1"})).await;
            }
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
}

/// Two volunteers: each takes the open escort tasks, is with the guest a moment
/// later, and done; the escorts' `taken` refusal when both reach for one is by design.
async fn volunteer(mut phone: Phone, done: watch::Receiver<bool>, seed: u64) {
    let mut rng = StdRng::seed_from_u64(seed);
    let _ = phone.ask(json!({"type": "volunteer.on"})).await;
    while !*done.borrow() {
        let escorts = phone.latest("escorts");
        let open: Vec<String> = escorts["tasks"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|t| t["state"] == "open")
            .filter_map(|t| t["task"].as_str().map(String::from))
            .collect();
        if let Some(task) = open.get(rng.random_range(0..open.len().max(1))) {
            if phone
                .ask(json!({"type": "escort.take", "task": task}))
                .await
                .is_ok()
            {
                tokio::time::sleep(Duration::from_millis(rng.random_range(100..600))).await;
                let _ = phone
                    .ask(json!({"type": "escort.arrived", "task": task}))
                    .await;
                let _ = phone
                    .ask(json!({"type": "escort.done", "task": task}))
                    .await;
            }
            continue;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let _ = phone.ask(json!({"type": "volunteer.off"})).await;
}

/// The captioner: a line every two seconds while the evening runs.
async fn captioner(mut phone: Phone, done: watch::Receiver<bool>) {
    let mut i = 0;
    while !*done.borrow() {
        i += 1;
        let line =
            json!({"type": "caption.send", "text": format!("Line {i}"), "speaker": "主持人"});
        let _ = phone.ask(line).await;
        tokio::time::sleep(Duration::from_secs(2)).await;
    }
}

/// The host: starts, announces, runs a poll, and at the close ends and reveals.
async fn host(mut phone: Phone, rounds: u64, done: watch::Sender<bool>) {
    phone
        .ask(json!({"type": "event.start"}))
        .await
        .expect("start");
    let mut poll: Option<String> = None;
    loop {
        if phone.phase.changed().await.is_err() {
            break;
        }
        let phase = phone.phase.borrow_and_update().clone();
        let round = phase["round"].as_u64().unwrap_or(0);
        if phase["phase"] == "closed" {
            break;
        }
        if phase["phase"] != "round" {
            continue;
        }
        if round % 3 == 1 {
            let text = format!("Round {round} of {rounds}: have a good date.");
            let _ = phone.ask(json!({"type": "announce", "text": text})).await;
        }
        if round == 2 {
            let open =
                json!({"type": "poll.open", "question": "Best song?", "options": ["A", "B", "C"]});
            if let Ok(ack) = phone.ask(open).await {
                poll = ack["poll"].as_str().map(String::from);
            }
            if poll.is_none() {
                poll = phone.latest("poll")["poll"].as_str().map(String::from);
            }
        }
        if round == 4
            && let Some(p) = poll.take()
        {
            let _ = phone.ask(json!({"type": "poll.close", "poll": p})).await;
        }
    }
    let _ = done.send(true);
    // The last marks come in before the host closes and reveals.
    tokio::time::sleep(Duration::from_secs(3)).await;
    let _ = phone.ask(json!({"type": "event.end"})).await;
    let _ = phone.ask(json!({"type": "results.reveal"})).await;
}

/// One evening set up and run to the reveal.
async fn evening(base: String, n: usize, rounds: u32, seconds: u32, e: usize, tally: Shared) {
    let http = reqwest::Client::new();
    // Short changes of tables, two rooms and one desk.
    let rules = json!({"rounds": rounds, "round_seconds": seconds, "transition_seconds": 2,
        "break_after_rounds": 0, "rooms": [{"label": "A"}, {"label": "B"}],
        "desks": [{"label": "1"}]});
    let setup = bench::evening_with(&base, n, rules).await;
    let id = setup.event.clone();
    for chunk in setup.guests.chunks(100) {
        futures_util::future::join_all(chunk.iter().map(|p| {
            let path = format!("/api/events/{id}/participants/{}/check-in", p.id);
            let http = http.clone();
            let base = base.clone();
            async move { api(&http, &base, &path, json!({})).await }
        }))
        .await;
    }
    let mm = staff(&http, &base, &id, "matchmaker").await;
    let cap = staff(&http, &base, &id, "captioner").await;
    let vols = [
        staff(&http, &base, &id, "volunteer").await,
        staff(&http, &base, &id, "volunteer").await,
    ];
    // Every phone opens its link in the lobby (a trusted claim), as at the door.
    let mut phones = Vec::new();
    for chunk in setup.guests.chunks(100) {
        let opened = futures_util::future::join_all(
            chunk
                .iter()
                .map(|g| Phone::open(&base, &g.token, tally.clone())),
        )
        .await;
        phones.extend(opened.into_iter().zip(chunk.iter().map(|g| g.id.clone())));
    }
    eprintln!("evening {e}: {n} guests checked in and connected");
    let (done_tx, done) = watch::channel(false);
    let mut tasks = Vec::new();
    for (i, (phone, who)) in phones.into_iter().enumerate() {
        let seed = (e * 100_000 + i) as u64;
        tasks.push(tokio::spawn(guest(phone, id.clone(), who, seed)));
    }
    let mm = Phone::open(&base, &mm, tally.clone()).await;
    tasks.push(tokio::spawn(matchmaker(mm, done.clone())));
    for (k, v) in vols.iter().enumerate() {
        let v = Phone::open(&base, v, tally.clone()).await;
        tasks.push(tokio::spawn(volunteer(
            v,
            done.clone(),
            (e * 10 + k) as u64,
        )));
    }
    let cap = Phone::open(&base, &cap, tally.clone()).await;
    tasks.push(tokio::spawn(captioner(cap, done)));
    let host_phone = Phone::open(&base, &setup.host, tally.clone()).await;
    tasks.push(tokio::spawn(host(host_phone, rounds as u64, done_tx)));
    for t in tasks {
        t.await.unwrap();
    }
}

/// Marks acknowledged but not stored as acknowledged (the last choice of each).
async fn lost_marks(db: &str, tally: &Tally) -> usize {
    let pool = sqlx::SqlitePool::connect(db).await.unwrap();
    let rows: Vec<(String, String, i64, String)> =
        sqlx::query_as("SELECT event_id, from_id, round, choice FROM interest_marks")
            .fetch_all(&pool)
            .await
            .unwrap();
    pool.close().await;
    let stored: HashMap<(String, String, u64), String> = rows
        .into_iter()
        .map(|(e, p, r, c)| ((e, p, r as u64), c))
        .collect();
    tally
        .marks
        .iter()
        .filter(|(k, choice)| stored.get(*k) != Some(*choice))
        .count()
}

fn main() {
    let args: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let events = args.first().copied().unwrap_or(10) as usize;
    let guests = args.get(1).copied().unwrap_or(300) as usize;
    let rounds = args.get(2).copied().unwrap_or(12);
    let seconds = args.get(3).copied().unwrap_or(8);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let bin = std::path::Path::new(env!("CARGO_BIN_EXE_blossom"));
        let served = process::serve(bin, dir.path(), process::free_port(), ADMIN).await;
        let pid = served.child.id();
        // A panic in any evening's task ends the whole run at once, server included,
        // rather than leaving the other evenings running.
        let hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            hook(info);
            let _ = std::process::Command::new("kill").arg(pid.to_string()).status();
            std::process::exit(101);
        }));
        let (cpu0, rss0) = (bench::cpu_ms(pid), bench::rss_kib(pid));
        let started = Instant::now();
        let tally: Shared = Arc::default();
        let runs: Vec<_> = (0..events)
            .map(|e| {
                tokio::spawn(evening(
                    served.base.clone(),
                    guests,
                    rounds,
                    seconds,
                    e,
                    tally.clone(),
                ))
            })
            .collect();
        for r in runs {
            r.await.unwrap();
        }
        let (cpu, rss) = (bench::cpu_ms(pid) - cpu0, bench::rss_kib(pid).saturating_sub(rss0));
        let wall = started.elapsed().as_secs_f64();
        let db = format!("sqlite://{}", dir.path().join("blossom.db").display());
        let mut t = std::mem::take(&mut *tally.lock().unwrap());
        let lost = lost_marks(&db, &t).await;
        t.acks.sort_by(|a, b| a.partial_cmp(b).unwrap());
        t.phase.sort_by(|a, b| a.partial_cmp(b).unwrap());
        let errors: usize = t.faults.values().sum();
        eprintln!(
            "verbs={} acked={:?} faults={:?} refusals={:?} phase_changes_seen={} wall_s={wall:.0} \
             server_cpu_s_per_event={:.1} server_rss_mib_per_event={:.1} ack_median_ms={:.1}",
            t.verbs,
            t.acked,
            t.faults,
            t.refusals,
            t.phase.len(),
            cpu / 1000.0 / events as f64,
            rss as f64 / 1024.0 / events as f64,
            bench::percentile(&t.acks, 0.5),
        );
        println!(
            "evening events={events} guests={guests} errors={errors} lost={lost} ack_p99_ms={:.0} phase_p99_ms={:.0}",
            bench::percentile(&t.acks, 0.99),
            bench::percentile(&t.phase, 0.99),
        );
        assert_eq!(errors, 0, "server faults: {:?}", t.faults);
        assert_eq!(lost, 0, "acknowledged marks were lost");
        drop(served);
    });
}
