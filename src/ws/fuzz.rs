//! A fuzz run of the WebSocket edge and the evening's rules, without a nightly
//! toolchain: seeded random frames (noise, every verb with random fields, and
//! mutations of well-formed frames) go through the frame parser, the verb table
//! and the role check, and those that become commands are applied by the pure
//! core to a live evening of twelve guests, whose clock moves on and whose
//! board (every frame of every viewer) is rebuilt now and then. A panic anywhere
//! is caught and counted with the frame that caused it.
//!
//! `cargo bench --bench fuzz` runs a million frames; the test suite runs fewer
//! (`tests/fuzz.rs`).

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Map, Value, json};

use super::{protocol, verbs};
use crate::core::Lang;
use crate::core::live::{
    ClockCmd, Command, EventInfo, Live, PresenceCmd, Public, RoomSpec, Roster, Settings, Viewer,
};
use crate::core::participant::{Mobility, Mode};
use crate::core::schedule::{PersonSpec, TableSpec};

/// What a run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    pub frames: usize,
    /// Frames the parser refused (not JSON, no `type`, too large…).
    pub unparsed: usize,
    /// Frames that became a command the core applied, or refused with a code.
    pub applied: usize,
    pub refused: usize,
    /// Panics caught, and the first frame that caused one.
    pub panics: usize,
    pub first_panic: Option<String>,
}

const T0: i64 = 1_800_000_000_000;
const GUESTS: usize = 12;

fn evening() -> (Live, Roster) {
    let people: Vec<PersonSpec> = (0..GUESTS)
        .map(|i| PersonSpec {
            id: format!("p{i}"),
            gender: if i % 2 == 0 { "female" } else { "male" }.into(),
            seeks: vec![if i % 2 == 0 { "male" } else { "female" }.into()],
            age: Some(30),
            partner_age: None,
            mobility: if i % 5 == 0 {
                Mobility::Wheelchair
            } else {
                Mobility::None
            },
            communication: vec![if i % 4 == 1 { Mode::Sign } else { Mode::Speech }],
            quiet: i % 6 == 0,
            avoid: if i == 3 {
                vec!["p0".into()]
            } else {
                Vec::new()
            },
            max_consecutive: (i % 7 == 2).then_some(2),
            available: None,
        })
        .collect();
    let public: HashMap<String, Public> = people
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let public = Public {
                name: format!("Guest {i}"),
                number: i as i64 + 1,
                communication: p.communication.clone(),
                notes: (i % 3 == 0).then(|| "notes".to_string()),
            };
            (p.id.clone(), public)
        })
        .collect();
    let roster = Roster {
        event: EventInfo::default(),
        public,
        tables: (1..=5)
            .map(|t| TableSpec {
                id: t.to_string(),
                accessible: t <= 3,
                quiet: t == 5,
            })
            .collect(),
        interpreters: 1,
        credentials: Default::default(),
        staff: Default::default(),
        identity: Default::default(),
        rooms: vec![
            RoomSpec {
                label: "A".into(),
                accessible: true,
            },
            RoomSpec {
                label: "B".into(),
                accessible: false,
            },
        ],
        desks: vec!["1".into(), "2".into()],
        contacts: (0..GUESTS)
            .map(|i| (format!("p{i}"), (Some(format!("c{i}")), i % 2 == 0)))
            .collect(),
        people,
    };
    let settings = Settings {
        rounds: 6,
        round_ms: 480_000,
        transition_ms: 60_000,
        break_after: Some(3),
        break_ms: 300_000,
    };
    let mut live = Live::new(settings, 7, T0);
    for i in 0..GUESTS - 2 {
        let _ = live.apply(
            &Command::Presence(PresenceCmd::CheckIn {
                participant: format!("p{i}"),
                by: None,
            }),
            &roster,
            T0,
        );
    }
    let _ = live.apply(&Command::Clock(ClockCmd::Start), &roster, T0);
    (live, roster)
}

fn viewers() -> Vec<Viewer> {
    let mut v: Vec<Viewer> = (0..GUESTS)
        .map(|i| Viewer::Participant {
            id: format!("p{i}"),
        })
        .collect();
    for (id, role) in [
        ("h", crate::core::live::Role::Host),
        ("m", crate::core::live::Role::Matchmaker),
        ("pr", crate::core::live::Role::Projector),
    ] {
        v.push(Viewer::Staff {
            id: id.into(),
            role,
        });
    }
    v
}

/// Field names the verbs read, and words the evening uses: random frames are
/// built from them, so most reach the rules rather than stopping at the parser.
const KEYS: &[&str] = &[
    "participant",
    "request",
    "room",
    "desk",
    "ticket",
    "reason",
    "note",
    "come_to_me",
    "round",
    "choice",
    "share_contact",
    "seconds",
    "text",
    "invite_seconds",
    "longest_seconds",
    "at",
    "minutes",
    "t",
    "id",
    "token",
    "lang",
];
const WORDS: &[&str] = &[
    "p0",
    "p1",
    "p3",
    "p11",
    "p99",
    "",
    "A",
    "B",
    "Z",
    "1",
    "2",
    "9",
    "yes",
    "no",
    "friend",
    "maybe",
    "advice",
    "help",
    "access",
    "about_someone",
    "other",
    "gossip",
    "r1",
    "r2",
    "t1",
    "t2",
    "\u{0}",
    "名字",
    "\u{202e}",
    "🌸",
];

fn value(rng: &mut StdRng, depth: u32) -> Value {
    match rng.random_range(0..10) {
        0 => Value::Null,
        1 => Value::Bool(rng.random_bool(0.5)),
        2 => json!(rng.random_range(-3i64..12)),
        3 => [
            json!(i64::MIN),
            json!(i64::MAX),
            json!(u64::MAX),
            json!(-0.0),
            json!(1e300),
            json!(0.5),
        ][rng.random_range(0..6)]
        .clone(),
        4 | 5 => json!(WORDS[rng.random_range(0..WORDS.len())]),
        6 => json!("x".repeat(rng.random_range(0..400))),
        7 if depth < 3 => Value::Array(
            (0..rng.random_range(0..4))
                .map(|_| value(rng, depth + 1))
                .collect(),
        ),
        8 if depth < 3 => Value::Object(fields(rng, depth + 1)),
        _ => json!(rng.random_range(0u32..100_000)),
    }
}

fn fields(rng: &mut StdRng, depth: u32) -> Map<String, Value> {
    (0..rng.random_range(0..5))
        .map(|_| {
            (
                KEYS[rng.random_range(0..KEYS.len())].to_string(),
                value(rng, depth),
            )
        })
        .collect()
}

/// The fields each verb reads (PROTOCOL.md): a well-formed frame draws from these.
fn keys_of(verb: &str) -> &'static [&'static str] {
    match verb {
        "phase.extend" | "break.insert" => &["seconds"],
        "announce" => &["text"],
        "checkin" | "gone" | "rest.request" | "rest.cancel" => &["participant"],
        "chat.accept" | "chat.decline" | "chat.cancel" => &["request"],
        "room.release" => &["room"],
        "desk.join" => &["reason", "come_to_me", "note", "participant"],
        "desk.next" => &["desk"],
        "desk.call" => &["desk", "ticket"],
        "desk.start" | "desk.done" | "desk.no_show" => &["ticket"],
        "desk.note" => &["ticket", "note"],
        "interest.mark" => &["round", "choice"],
        "consent.set" => &["share_contact"],
        "results.reveal" => &["at"],
        "chat.settings" => &["invite_seconds", "longest_seconds"],
        _ => &[],
    }
}

/// The ids the evening knows now: its requests and tickets.
fn ids(live: &Live) -> Vec<String> {
    let mut ids: Vec<String> = live.chat.requests.iter().map(|r| r.id.clone()).collect();
    ids.extend(live.desks.tickets.iter().map(|t| t.id.clone()));
    ids
}

/// A value of the kind a verb expects under `key`, most of the time.
fn sensible(rng: &mut StdRng, key: &str, known: &[String]) -> Value {
    if rng.random_bool(0.15) {
        return value(rng, 1);
    }
    match key {
        "participant" => json!(format!("p{}", rng.random_range(0..GUESTS + 1))),
        "request" | "ticket" if !known.is_empty() => {
            json!(known[rng.random_range(0..known.len())])
        }
        "room" => json!(["A", "B", "Z"][rng.random_range(0..3)]),
        "desk" => json!(["1", "2", "9"][rng.random_range(0..3)]),
        "reason" => json!(
            [
                "advice",
                "help",
                "access",
                "about_someone",
                "other",
                "gossip"
            ][rng.random_range(0..6)]
        ),
        "choice" => json!(["yes", "friend", "no", "maybe"][rng.random_range(0..4)]),
        "round" => json!(rng.random_range(0..8)),
        "come_to_me" | "share_contact" => json!(rng.random_bool(0.5)),
        "seconds" | "invite_seconds" | "longest_seconds" | "minutes" => {
            json!(rng.random_range(-60i64..1200))
        }
        "note" | "text" => json!(WORDS[rng.random_range(0..WORDS.len())]),
        "at" => json!(T0 + rng.random_range(0i64..10_000_000)),
        _ => value(rng, 1),
    }
}

/// One random frame's text.
fn frame(rng: &mut StdRng, known: &[String]) -> String {
    match rng.random_range(0..10) {
        // Noise: any bytes that are text.
        0 => (0..rng.random_range(0..64))
            .map(|_| char::from_u32(rng.random_range(0..0x3000)).unwrap_or('?'))
            .collect(),
        // Too large, or nearly.
        1 if rng.random_bool(0.05) => format!(
            "{{\"type\":\"desk.join\",\"note\":\"{}\"}}",
            "a".repeat(rng.random_range(16_000..17_000))
        ),
        // Well-formed, then cut or changed at one place.
        2 | 3 => {
            let mut text = well_formed(rng, known).to_string();
            if !text.is_empty() {
                let at = rng.random_range(0..text.len());
                let at = (0..=at)
                    .rev()
                    .find(|i| text.is_char_boundary(*i))
                    .unwrap_or(0);
                match rng.random_range(0..3) {
                    0 => text.truncate(at),
                    1 => text.insert(
                        at,
                        ['"', '{', '}', ',', ':', '\\', '0'][rng.random_range(0..7)],
                    ),
                    _ => {
                        text.remove(at);
                    }
                }
            }
            text
        }
        // No verb, or one that does not exist.
        4 if rng.random_bool(0.3) => {
            let mut f = fields(rng, 0);
            if rng.random_bool(0.5) {
                f.insert("type".into(), value(rng, 2));
            }
            Value::Object(f).to_string()
        }
        _ => well_formed(rng, known).to_string(),
    }
}

/// A frame with a real verb and fields, mostly of the kinds it expects.
fn well_formed(rng: &mut StdRng, known: &[String]) -> Value {
    let v = &verbs::VERBS[rng.random_range(0..verbs::VERBS.len())];
    let mut f = Map::new();
    for key in keys_of(v.name) {
        if rng.random_bool(0.9) {
            f.insert(key.to_string(), sensible(rng, key, known));
        }
    }
    // Now and then a field the verb does not read.
    if rng.random_bool(0.1) {
        let key = KEYS[rng.random_range(0..KEYS.len())];
        f.insert(key.to_string(), sensible(rng, key, known));
    }
    f.insert("type".into(), json!(v.name));
    if rng.random_bool(0.7) {
        f.insert(
            "id".into(),
            json!(format!("f{}", rng.random_range(0..1000))),
        );
    }
    Value::Object(f)
}

/// One frame through the edge and the rules; what became of it.
enum Fate {
    Unparsed,
    Skipped,
    Applied,
    Refused,
}

fn one(text: &str, viewer: &Viewer, live: &mut Live, roster: &Roster, now: i64) -> Fate {
    let Ok(frame) = protocol::parse(text, Lang::En, now) else {
        return Fate::Unparsed;
    };
    let Some(verb) = verbs::find(&frame.verb) else {
        return Fate::Skipped;
    };
    let Ok(cmd) = (verb.make)(frame.fields, viewer) else {
        return Fate::Skipped;
    };
    if !verb.roles.contains(&viewer.role()) {
        return Fate::Skipped;
    }
    let mut next = live.clone();
    match next.apply(&cmd, roster, now) {
        Ok(_) => {
            *live = next;
            Fate::Applied
        }
        Err(r) => {
            // Every refusal has its code and words.
            let _ = (r.code(), r.text(Lang::Zh));
            Fate::Refused
        }
    }
}

/// Runs `frames` random frames from `seed`.
pub fn run(frames: usize, seed: u64) -> Report {
    let mut rng = StdRng::seed_from_u64(seed);
    let viewers = viewers();
    let (mut live, roster) = evening();
    let mut now = T0;
    let mut report = Report::default();
    for n in 0..frames {
        let known = ids(&live);
        let text = frame(&mut rng, &known);
        // Mostly someone the verb is for: the rules, not only the role check.
        let allowed: Vec<&Viewer> = protocol::parse(&text, Lang::En, now)
            .ok()
            .and_then(|f| verbs::find(&f.verb))
            .map(|v| {
                viewers
                    .iter()
                    .filter(|w| v.roles.contains(&w.role()))
                    .collect()
            })
            .unwrap_or_default();
        let viewer = if !allowed.is_empty() && rng.random_bool(0.8) {
            allowed[rng.random_range(0..allowed.len())]
        } else {
            &viewers[rng.random_range(0..viewers.len())]
        };
        report.frames += 1;
        let fate = catch_unwind(AssertUnwindSafe(|| {
            one(&text, viewer, &mut live, &roster, now)
        }));
        match fate {
            Ok(Fate::Unparsed) => report.unparsed += 1,
            Ok(Fate::Skipped) => {}
            Ok(Fate::Applied) => report.applied += 1,
            Ok(Fate::Refused) => report.refused += 1,
            Err(_) => {
                report.panics += 1;
                report.first_panic.get_or_insert(text.clone());
            }
        }
        // The clock moves on; now and then every viewer's frames are rebuilt.
        now += rng.random_range(0..20_000);
        let ticked = catch_unwind(AssertUnwindSafe(|| {
            let _ = live.tick(&roster, now);
            if n % 64 == 0 {
                let board = live.board(&roster, now);
                for v in &viewers {
                    let _ = board.snapshot(v);
                }
            }
        }));
        if ticked.is_err() {
            report.panics += 1;
            report
                .first_panic
                .get_or_insert(format!("tick after {text}"));
        }
        // A closed evening is started afresh, so every phase keeps being reached.
        if live.clock.phase == crate::core::live::Phase::Closed && rng.random_bool(0.01) {
            let (fresh, _) = evening();
            live = fresh;
            now = T0;
        }
    }
    report
}
