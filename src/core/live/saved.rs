//! The saved state: [`Live`] as JSON with a `version`, and the migrations that read
//! every older version. A state that cannot be read is an error, never a silent
//! fresh start: the actor stops that event and says so (`state_unreadable`).
//!
//! Versions:
//! - 1 (no `version` field): one flat object (`settings`, `phase`, `round`, ...,
//!   `present`, `gone`, `resting`, `announcement`, `schedule`, `seed`).
//! - 2: one object per slice (`clock`, `presence`, `hall`, `seating`).

use serde::Serialize;
use serde_json::{Map, Value};

use super::evening::Live;

/// The version this build writes.
pub const VERSION: u64 = 2;

#[derive(Serialize)]
struct Saved<'a> {
    version: u64,
    #[serde(flatten)]
    live: &'a Live,
}

/// Why a saved state could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    /// Where the text stops being JSON (line and column only).
    #[error("the saved state is not JSON (line {0}, column {1})")]
    NotJson(usize, usize),
    #[error("the saved state is version {0}, newer than this build of Blossom reads ({VERSION})")]
    Newer(u64),
    /// Where the state does not fit (a path of field names, never a value: the
    /// state names people, and this text reaches the log and staff screens).
    #[error("the saved state (version {version}) does not fit at `{path}`")]
    Shape { version: u64, path: String },
}

pub fn to_json(live: &Live) -> String {
    serde_json::to_string(&Saved {
        version: VERSION,
        live,
    })
    .unwrap_or_default()
}

pub fn from_json(text: &str) -> Result<Live, Unreadable> {
    let mut value: Value =
        serde_json::from_str(text).map_err(|e| Unreadable::NotJson(e.line(), e.column()))?;
    let version = value.get("version").and_then(Value::as_u64).unwrap_or(1);
    if version > VERSION {
        return Err(Unreadable::Newer(version));
    }
    if version < 2 {
        value = v1_to_v2(value);
    }
    serde_path_to_error::deserialize(value).map_err(|e| Unreadable::Shape {
        version,
        path: e.path().to_string(),
    })
}

/// Version 1 kept every field in one object; version 2 groups them by slice.
fn v1_to_v2(value: Value) -> Value {
    let Value::Object(mut old) = value else {
        return value;
    };
    let mut take = |names: &[(&str, &str)]| {
        let mut slice = Map::new();
        for (from, to) in names {
            if let Some(v) = old.remove(*from) {
                slice.insert((*to).to_string(), v);
            }
        }
        Value::Object(slice)
    };
    let clock = take(&[
        ("settings", "settings"),
        ("phase", "phase"),
        ("round", "round"),
        ("started_at", "started_at"),
        ("ends_at", "ends_at"),
        ("paused_at", "paused_at"),
        ("break_requested", "break_requested"),
    ]);
    let presence = take(&[
        ("present", "present"),
        ("gone", "gone"),
        ("resting", "resting"),
    ]);
    let hall = take(&[("announcement", "announcement")]);
    let seating = take(&[("schedule", "schedule"), ("seed", "seed")]);
    serde_json::json!({
        "version": 2,
        "clock": clock,
        "presence": presence,
        "hall": hall,
        "seating": seating,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::live::Phase;

    /// Written by the engine as it was before versions (kept in `tests/fixtures`).
    const V1: &str = include_str!("../../../tests/fixtures/live_state_v1.json");

    #[test]
    fn a_state_saved_before_versions_loads_with_every_field() {
        let live = from_json(V1).expect("version 1 loads");
        let c = &live.clock;
        assert_eq!((c.phase, c.round), (Phase::Transition, 1));
        assert_eq!(c.ends_at, Some(1_800_000_600_000));
        assert_eq!(c.paused_at, Some(1_800_000_570_000));
        assert_eq!(c.break_requested, Some(300_000));
        assert_eq!(c.settings.rounds, 4);
        assert_eq!(live.presence.present.len(), 8);
        assert!(live.presence.gone.contains("p3"));
        assert!(live.presence.resting.contains("p0"));
        assert_eq!(
            live.hall.announcement,
            Some((1_800_000_060_000, "Tea is served".into()))
        );
        assert_eq!(live.seating.seed, 1);
        assert_eq!(live.seating.schedule.rounds.len(), 4);
        // Saved again, it is the current version and reads back the same.
        let again = to_json(&live);
        assert!(again.contains("\"version\":2"));
        assert_eq!(from_json(&again).unwrap(), live);
    }

    #[test]
    fn a_state_that_cannot_be_read_is_an_error_not_a_fresh_start() {
        assert!(matches!(from_json("{oops"), Err(Unreadable::NotJson(1, _))));
        assert_eq!(from_json(r#"{"version": 99}"#), Err(Unreadable::Newer(99)));
        let broken = r#"{"version": 2, "clock": {"phase": "dancing"}}"#;
        let err = from_json(broken).unwrap_err();
        assert!(matches!(err, Unreadable::Shape { version: 2, .. }), "{err}");
        assert!(
            err.to_string().contains("clock.phase"),
            "names the field: {err}"
        );
        assert!(!err.to_string().contains("dancing"), "never a value: {err}");
    }
}
