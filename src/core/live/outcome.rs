//! What a command or a deadline did: the log entries and the rows the actor saves
//! with the new state in one transaction. Each slice declares its own rows beside
//! its state (`chat::ChatRow`…) and writes them into any outcome whose rows can hold
//! them (`impl From<ChatRow>`); the composer's `Row` holds them all (`rows.rs`).

use serde_json::Value;

/// What a command or a deadline did, for the actor to save and answer with.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome<R> {
    /// Event-log entries (`kind`, `data`), people by id only.
    pub log: Vec<(&'static str, Value)>,
    /// Rows written beside the state, in the same transaction, so the database's
    /// tables agree with the evening.
    pub rows: Vec<R>,
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

impl<R> Default for Outcome<R> {
    fn default() -> Self {
        Outcome {
            log: Vec::new(),
            rows: Vec::new(),
            checked_in_at: None,
            hide_actor: false,
            quiet_change: false,
            rows_only: false,
        }
    }
}

impl<R> Outcome<R> {
    /// A row of a slice's, as the outcome's rows hold it.
    pub fn row(&mut self, row: impl Into<R>) {
        self.rows.push(row.into());
    }

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
