//! What a command or a deadline did: the log entries and the rows the actor saves
//! with the new state in one transaction.

use serde_json::Value;

use crate::core::schedule::DatePlan;

/// A row the actor writes beside the state, in the same transaction, so the
/// database's tables agree with the evening.
#[derive(Debug, Clone, PartialEq)]
pub enum Row {
    /// First arrival (`check_ins`); a second check-in keeps the first time.
    CheckedIn {
        participant: String,
        by: Option<String>,
        at: i64,
    },
    /// Marked as gone (`check_ins.left_at`).
    Left { participant: String, at: i64 },
    /// Back after being marked gone (`left_at` cleared).
    Returned { participant: String },
    /// A round began: its row in `rounds`, and its dates in `dates`.
    RoundStarted {
        round: u32,
        started_at: i64,
        ends_at: i64,
        dates: Vec<DatePlan>,
    },
    /// A round ended (`rounds.ends_at`, as it really ran).
    RoundEnded { round: u32, at: i64 },
    /// A private-chat request as it now stands (`chat_requests`).
    Chat {
        id: String,
        round: u32,
        from: String,
        to: String,
        /// `offered`, `not_now`, `queued`, `room`, `cancelled` or `ended`.
        status: &'static str,
        room: Option<String>,
        created_at: i64,
        room_at: Option<i64>,
        until: Option<i64>,
        ended_at: Option<i64>,
    },
    /// A matchmaker-desk ticket as it now stands (`desk_tickets`).
    Ticket {
        id: String,
        participant: String,
        reason: &'static str,
        come_to_me: bool,
        note: Option<String>,
        /// The matchmakers' private note.
        staff_note: Option<String>,
        by_staff: bool,
        /// `waiting`, `called`, `serving`, `done`, `cancelled` or `no_show`.
        status: &'static str,
        desk: Option<String>,
        created_at: i64,
        called_at: Option<i64>,
        coming_at: Option<i64>,
        started_at: Option<i64>,
        ended_at: Option<i64>,
    },
    /// An interest mark as it now stands (`interest_marks`): never logged, never
    /// shown to anyone but the person who made it.
    Mark {
        from: String,
        to: String,
        round: u32,
        /// `yes`, `friend` or `no`.
        choice: &'static str,
        at: i64,
    },
    /// A guest's consent to share their contact with mutual matches
    /// (`participants.share_contact`).
    Consent { participant: String, share: bool },
}

/// What a command or a deadline did, for the actor to save and answer with.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// Event-log entries (`kind`, `data`), people by id only.
    pub log: Vec<(&'static str, Value)>,
    pub rows: Vec<Row>,
    /// For a check-in: when the guest first arrived.
    pub checked_in_at: Option<i64>,
    /// The log names no one for this change: its actor is written as a bare role
    /// (a private-chat verb tells no one who sent it).
    pub hide_actor: bool,
    /// The state changed, but privacy forbids a log entry (an invitation declined
    /// or lapsed: the log must not tell which, nor when).
    pub quiet_change: bool,
    /// The change is all in `rows` (an interest mark): the saved state need not be
    /// written again for it.
    pub rows_only: bool,
}

impl Outcome {
    pub fn log(&mut self, kind: &'static str, data: Value) {
        self.log.push((kind, data));
    }

    pub fn log_entry(&mut self, (kind, data): (&'static str, Value)) {
        self.log(kind, data);
    }

    /// Whether the state changed (and so must be saved).
    pub fn changed(&self) -> bool {
        !self.log.is_empty() || self.quiet_change || self.rows_only
    }

    /// Whether the saved state must be written for this change.
    pub fn touches_state(&self) -> bool {
        !self.log.is_empty() || self.quiet_change
    }
}
