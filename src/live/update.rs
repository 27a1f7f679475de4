//! What the actor publishes after each change: the state, and the frames each kind
//! of client gets, serialised once here rather than once per connection.

use std::collections::HashMap;
use std::sync::Arc;

use serde_json::{Value, json};

use crate::core::live::{Live, Roster};

/// A frame serialised once per change: what is sent (with the change's `at`), and
/// a key of its content, so a connection can tell whether it changed for its client.
#[derive(Debug, Clone)]
pub struct Frame {
    key: Arc<str>,
    sent: Arc<str>,
}

impl Frame {
    /// A frame whose content is `value`; `at` is added to what is sent only.
    fn new(value: Value, at: i64) -> Frame {
        let key = value.to_string();
        Frame::keyed(value, key, at)
    }

    /// A frame whose content is judged by `key` rather than by `value`.
    fn keyed(mut value: Value, key: String, at: i64) -> Frame {
        value["at"] = json!(at);
        Frame {
            key: key.into(),
            sent: value.to_string().into(),
        }
    }

    /// Whether the two frames say the same thing (their `at` aside).
    pub fn same(&self, other: &Frame) -> bool {
        self.key == other.key
    }

    /// The frame as sent.
    pub fn text(&self) -> &str {
        &self.sent
    }

    /// The frame as a JSON value, for snapshots.
    pub fn value(&self) -> Value {
        serde_json::from_str(&self.sent).unwrap_or(Value::Null)
    }
}

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
    pub phase: Frame,
    /// `tables` frames: with names (staff) and as the projector may show them.
    pub tables_staff: Frame,
    pub tables_projector: Frame,
    /// `counts` frame (host and matchmakers): how many are here, of how many.
    pub counts: Frame,
    /// `people` frame (host and matchmakers): each guest's number, name, presence,
    /// rest and table, for the check-in desk.
    pub people: Frame,
    /// `announce` frame, when there is an announcement.
    pub announce: Option<Frame>,
    /// Each participant's own `assignment` frame.
    pub assignments: HashMap<String, Frame>,
}

impl Update {
    pub fn new(live: Live, roster: Arc<Roster>, meta: (&str, &str, bool), at: i64) -> Update {
        let (title, venue, names_on_projector) = meta;
        let mut phase = serde_json::to_value(live.phase_view(at)).unwrap_or_default();
        phase["type"] = json!("phase");
        // While paused the frame's `ends_at` moves with the clock; what the phase
        // says changes only with these.
        let phase_key = json!([
            live.phase,
            live.round,
            live.started_at,
            live.ends_at,
            live.paused_at
        ])
        .to_string();
        let tables = |names: bool| {
            let rows = json!({"type": "tables", "round": live.shown_round(), "tables": live.tables(&roster, names)});
            Frame::new(rows, at)
        };
        let announce = live.announcement.as_ref().map(|(when, text)| {
            Frame::new(
                json!({"type": "announce", "text": text, "sent_at": when}),
                at,
            )
        });
        let mut people = Vec::with_capacity(roster.people.len());
        let assignments = roster
            .people
            .iter()
            .map(|p| {
                let seat = live.assignment(&roster, &p.id);
                let public = roster.public.get(&p.id);
                people.push(json!({
                    "id": p.id,
                    "number": public.map(|x| x.number),
                    "name": public.map(|x| &x.name),
                    "present": live.present.contains(&p.id),
                    "gone": live.gone.contains(&p.id),
                    "resting": live.resting.contains(&p.id),
                    "table": seat.as_ref().and_then(|a| a.table.clone()),
                }));
                let mut v = match seat {
                    Some(a) => serde_json::to_value(a).unwrap_or_default(),
                    None => {
                        json!({"round": null, "table": null, "partner": null, "interpreter": false})
                    }
                };
                v["type"] = json!("assignment");
                v["resting_requested"] = json!(live.resting.contains(&p.id));
                v["present"] = json!(live.present.contains(&p.id));
                (p.id.clone(), Frame::new(v, at))
            })
            .collect();
        let counts = json!({"type": "counts", "present": live.present.len(), "registered": roster.people.len()});
        let people = json!({"type": "people", "people": people});
        Update {
            counts: Frame::new(counts, at),
            people: Frame::new(people, at),
            tables_staff: tables(true),
            tables_projector: tables(names_on_projector),
            phase: Frame::keyed(phase, phase_key, at),
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
