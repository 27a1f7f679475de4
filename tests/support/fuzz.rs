//! A fuzz run of the WebSocket edge and the evening's rules, without a nightly
//! toolchain: seeded random frames (noise, every verb with random fields, and
//! mutations of well-formed frames) go through the frame parser, the verb table
//! and the role check, and those that become commands are applied by the pure
//! core to a live evening of twelve guests, whose clock moves on and whose
//! board (every frame of every viewer) is rebuilt now and then. A panic anywhere
//! is caught and counted with the frame that caused it.
//!
//! Each verb's fields come from its slice's message enum (`wire.rs`). Shared by
//! `tests/fuzz.rs` (a short run) and `benches/fuzz.rs` (a million frames), through
//! the library's public types only.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde_json::{Map, Value, json};

use blossom::core::Lang;
use blossom::core::live::{
    ClockCmd, Command, EventInfo, Live, PresenceCmd, Public, RoomSpec, Roster, Settings, Viewer,
};
use blossom::core::participant::{Mobility, Mode};
use blossom::core::schedule::{PersonSpec, TableSpec};
use blossom::ws::{protocol, verbs};
use serde_reflection::Format;

use crate::wire::{self, Field};

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
        // Every third guest needs a guide; one volunteer works the evening.
        escorts: (0..GUESTS)
            .filter(|i| i % 3 == 0)
            .map(|i| (format!("p{i}"), blossom::core::participant::Escort::Guide))
            .collect(),
        volunteers: [("v1".to_string(), "志愿者 小李".to_string())].into(),
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
        ("h", blossom::core::live::Role::Host),
        ("m", blossom::core::live::Role::Matchmaker),
        ("pr", blossom::core::live::Role::Projector),
        ("c", blossom::core::live::Role::Captioner),
        ("v1", blossom::core::live::Role::Volunteer),
    ] {
        v.push(Viewer::Staff {
            id: id.into(),
            role,
        });
    }
    v
}

/// Keys no verb reads, beside every field some verb does: random frames are built
/// from both, so most reach the rules rather than stopping at the parser.
const NOISE_KEYS: &[&str] = &["minutes", "t", "id", "token", "lang"];

/// Words the evening uses.
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
        8 if depth < 3 => Value::Object(
            (0..rng.random_range(0..3))
                .map(|i| (format!("k{i}"), value(rng, depth + 1)))
                .collect(),
        ),
        _ => json!(rng.random_range(0u32..100_000)),
    }
}

fn fields(rng: &mut StdRng, keys: &[String], depth: u32) -> Map<String, Value> {
    (0..rng.random_range(0..5))
        .map(|_| {
            (
                keys[rng.random_range(0..keys.len())].clone(),
                value(rng, depth),
            )
        })
        .collect()
}

/// The ids the evening knows now: its requests and tickets.
fn ids(live: &Live) -> Vec<String> {
    let mut ids: Vec<String> = live.chat.requests.iter().map(|r| r.id.clone()).collect();
    ids.extend(live.desks.tickets.iter().map(|t| t.id.clone()));
    ids
}

/// A value of the kind a verb expects for `field`, most of the time: words the
/// evening knows where the name says what it is, else any value of its kind.
fn sensible(rng: &mut StdRng, field: &Field, known: &[String]) -> Value {
    if rng.random_bool(0.15) {
        return value(rng, 1);
    }
    match field.name.as_str() {
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
        "need" => json!(["none", "guide", "push", "company", "carry"][rng.random_range(0..5)]),
        "task" => json!(format!("e{}", rng.random_range(0..6))),
        "option" => json!(rng.random_range(-1i64..5)),
        "round" => json!(rng.random_range(0..8)),
        "come_to_me" | "share_contact" => json!(rng.random_bool(0.5)),
        "seconds" | "invite_seconds" | "longest_seconds" | "minutes" => {
            json!(rng.random_range(-60i64..1200))
        }
        "note" | "text" => json!(WORDS[rng.random_range(0..WORDS.len())]),
        "at" => json!(T0 + rng.random_range(0i64..10_000_000)),
        _ => of_kind(rng, &field.format),
    }
}

/// Any value of a field's kind.
fn of_kind(rng: &mut StdRng, format: &Format) -> Value {
    match format {
        Format::Option(_) if rng.random_bool(0.3) => Value::Null,
        Format::Option(inner) => of_kind(rng, inner),
        Format::Bool => json!(rng.random_bool(0.5)),
        Format::I64 | Format::I32 => json!(rng.random_range(-100i64..100_000)),
        Format::U32 | Format::U64 => json!(rng.random_range(0u32..100_000)),
        Format::Str => json!(WORDS[rng.random_range(0..WORDS.len())]),
        _ => value(rng, 1),
    }
}

/// The verbs (name, fields) and every key any of them reads or none does.
struct Wire {
    verbs: Vec<(String, Vec<Field>)>,
    keys: Vec<String>,
}

fn wire() -> Wire {
    let verbs: Vec<(String, Vec<Field>)> = wire::verbs()
        .into_iter()
        .map(|(verb, (_, fields))| (verb, fields))
        .collect();
    let mut keys: Vec<String> = verbs
        .iter()
        .flat_map(|(_, fields)| fields.iter().map(|f| f.name.clone()))
        .chain(NOISE_KEYS.iter().map(|k| k.to_string()))
        .collect();
    keys.sort();
    keys.dedup();
    Wire { verbs, keys }
}

/// One random frame's text.
fn frame(rng: &mut StdRng, wire: &Wire, known: &[String]) -> String {
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
            let mut text = well_formed(rng, wire, known).to_string();
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
            let mut f = fields(rng, &wire.keys, 0);
            if rng.random_bool(0.5) {
                f.insert("type".into(), value(rng, 2));
            }
            Value::Object(f).to_string()
        }
        _ => well_formed(rng, wire, known).to_string(),
    }
}

/// A frame with a real verb and fields, mostly of the kinds it expects.
fn well_formed(rng: &mut StdRng, wire: &Wire, known: &[String]) -> Value {
    let (verb, fields) = &wire.verbs[rng.random_range(0..wire.verbs.len())];
    let mut f = Map::new();
    for field in fields {
        if rng.random_bool(0.9) {
            f.insert(field.name.clone(), sensible(rng, field, known));
        }
    }
    // Now and then a field the verb does not read.
    if rng.random_bool(0.1) {
        let key = &wire.keys[rng.random_range(0..wire.keys.len())];
        let any = Field {
            name: key.clone(),
            format: Format::Str,
        };
        f.insert(key.clone(), sensible(rng, &any, known));
    }
    f.insert("type".into(), json!(verb));
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
    let Ok(cmd) = verb.make(frame.fields, viewer) else {
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
    let wire = wire();
    let viewers = viewers();
    let (mut live, roster) = evening();
    let mut now = T0;
    let mut report = Report::default();
    for n in 0..frames {
        let known = ids(&live);
        let text = frame(&mut rng, &wire, &known);
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
        if live.clock.phase == blossom::core::live::Phase::Closed && rng.random_bool(0.01) {
            let (fresh, _) = evening();
            live = fresh;
            now = T0;
        }
    }
    report
}
