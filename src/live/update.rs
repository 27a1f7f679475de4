//! What the actor publishes after each change: the state, and the frames each kind
//! of client gets, serialised once here rather than once per connection.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::json;

use crate::core::live::{Live, Roster};

/// One published change. Cheap to clone (shared).
#[derive(Debug)]
pub struct Update {
    pub live: Live,
    pub roster: Arc<Roster>,
    pub names_on_projector: bool,
    pub title: String,
    pub venue: String,
    /// The server time of the change (ms).
    pub at: i64,
    /// `phase` frame, for everyone.
    pub phase: Arc<str>,
    /// `tables` frames: with names (staff) and as the projector may show them.
    pub tables_staff: Arc<str>,
    pub tables_projector: Arc<str>,
    /// `counts` frame (host and matchmakers): how many are here, of how many.
    pub counts: Arc<str>,
    /// `announce` frame, when there is an announcement.
    pub announce: Option<Arc<str>>,
    /// Each participant's own `assignment` frame.
    pub assignments: HashMap<String, Arc<str>>,
}

fn frame(value: serde_json::Value) -> Arc<str> {
    value.to_string().into()
}

impl Update {
    pub fn new(live: Live, roster: Arc<Roster>, meta: (&str, &str, bool), at: i64) -> Update {
        let (title, venue, names_on_projector) = meta;
        let mut phase = serde_json::to_value(live.phase_view(at)).unwrap_or_default();
        phase["type"] = json!("phase");
        phase["at"] = json!(at);
        let tables = |names: bool| {
            frame(json!({
                "type": "tables",
                "round": live.shown_round(),
                "tables": live.tables(&roster, names),
                "at": at,
            }))
        };
        let announce = live.announcement.as_ref().map(|(when, text)| {
            frame(json!({"type": "announce", "text": text, "sent_at": when, "at": at}))
        });
        let assignments = roster
            .people
            .iter()
            .map(|p| {
                let a = live.assignment(&roster, &p.id);
                let mut v = match a {
                    Some(a) => serde_json::to_value(a).unwrap_or_default(),
                    None => {
                        json!({"round": null, "table": null, "partner": null, "interpreter": false})
                    }
                };
                v["type"] = json!("assignment");
                v["resting_requested"] = json!(live.resting.contains(&p.id));
                v["present"] = json!(live.present.contains(&p.id));
                v["at"] = json!(at);
                (p.id.clone(), frame(v))
            })
            .collect();
        let counts = frame(json!({
            "type": "counts",
            "present": live.present.len(),
            "registered": roster.people.len(),
            "at": at,
        }));
        Update {
            counts,
            tables_staff: tables(true),
            tables_projector: tables(names_on_projector),
            phase: frame(phase),
            announce,
            assignments,
            live,
            roster,
            names_on_projector,
            title: title.to_string(),
            venue: venue.to_string(),
            at,
        }
    }
}
