//! The roster as the live evening reads it: who may be seated and where, what a
//! partner may know of each guest, and each guest's phone. A snapshot the actor
//! loads from the database (`src/live/load.rs`) and replaces when it changes.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use super::chat::RoomSpec;
use crate::core::schedule::{PersonSpec, TableSpec};

/// What a partner may know of a person: name, number, how they talk, and what they
/// asked a partner to know. Nothing else of a profile leaves the server.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Public {
    pub name: String,
    pub number: i64,
    pub communication: Vec<crate::core::participant::Mode>,
    pub notes: Option<String>,
}

/// The event as the screens name it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventInfo {
    pub title: String,
    /// 主办单位; empty when not given.
    pub organiser: String,
    pub venue: String,
    pub names_on_projector: bool,
}

/// Who may be seated, as the scheduler sees them, and where.
#[derive(Debug, Clone, Default)]
pub struct Roster {
    pub event: EventInfo,
    /// By participant id.
    pub public: HashMap<String, Public>,
    /// Ids are participant ids.
    pub people: Vec<PersonSpec>,
    /// Ids are table labels.
    pub tables: Vec<TableSpec>,
    /// The private chat area's rooms, in the organiser's order.
    pub rooms: Vec<RoomSpec>,
    /// The matchmaker desks' labels, in the organiser's order.
    pub desks: Vec<String>,
    /// Each participant's contact (if any) and the consent to share it with mutual
    /// matches recorded at registration. Read only for the reveal.
    pub contacts: HashMap<String, (Option<String>, bool)>,
    pub interpreters: u32,
    /// Each participant's current token version: a connection opened with an older
    /// token (re-issued since) or for someone no longer here (withdrawn) is closed.
    pub credentials: HashMap<String, i64>,
    /// The same for staff: each account whose link works, with its token version.
    /// A staff connection whose account is missing or newer here is closed.
    pub staff: HashMap<String, i64>,
    /// Each guest's phone as their own `identity` frame shows it; a guest missing
    /// here is confirmed.
    pub identity: HashMap<String, IdentityFrame>,
    /// Each guest's escort need as registered (a guest missing here needs none).
    pub escorts: HashMap<String, crate::core::participant::Escort>,
    /// The volunteers' accounts whose links work: id and name.
    pub volunteers: std::collections::BTreeMap<String, String>,
}

impl Roster {
    /// Whether the phone holding `person`'s link has shown it is theirs. An
    /// unconfirmed phone reads their number and name, presence, the seating and
    /// the evening's public state, and may send nothing but `identity.confirm`;
    /// an invitation to it is refused as if they were busy.
    pub fn confirmed(&self, person: &str) -> bool {
        self.identity.get(person).is_none_or(|i| i.confirmed)
    }
}

/// A guest's own phone: whether it has shown it is theirs, who gave its link and
/// when (a re-issue), and, while unconfirmed, the tries at the last four digits of
/// their contact still left and the code the organiser types to confirm it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdentityFrame {
    pub confirmed: bool,
    pub issued_by: Option<IssuedBy>,
    pub issued_at: Option<i64>,
    pub tries_left: i64,
    pub code: Option<String>,
}

/// Who gave a guest their current link: `organiser`, `host` or `matchmaker`, and
/// the staff member's name (a desk's name, "红娘 1 号台").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssuedBy {
    pub role: String,
    pub name: Option<String>,
}
