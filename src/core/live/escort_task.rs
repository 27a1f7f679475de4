//! An escort task as the evening keeps it: who goes where, why, by when, and how it
//! stands (open, taken, arrived, done, cancelled), with the times the report reads.

use serde::{Deserialize, Serialize};

use crate::core::participant::Escort;

/// Where a guest goes, or comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "label", rename_all = "lowercase")]
pub enum Place {
    Table(String),
    Room(String),
    Desk(String),
    Stage,
    Exit,
    /// Where the guest said they want to go, in their words.
    Said(String),
}

impl Place {
    /// As the wire's `from` and `to` name it: the label, or `stage` / `exit`.
    pub fn label(&self) -> String {
        match self {
            Place::Table(l) | Place::Room(l) | Place::Desk(l) | Place::Said(l) => l.clone(),
            Place::Stage => "stage".into(),
            Place::Exit => "exit".into(),
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Place::Table(_) => "table",
            Place::Room(_) => "room",
            Place::Desk(_) => "desk",
            Place::Stage => "stage",
            Place::Exit => "exit",
            Place::Said(_) => "said",
        }
    }
}

/// Why a task was made.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reason {
    /// A new table at the change of tables before round `Task::round`.
    Move,
    Desk,
    Room,
    Stage,
    Exit,
    /// The guest asked.
    Asked,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TaskState {
    Open,
    Taken,
    Arrived,
    Done,
    Cancelled,
}

impl TaskState {
    pub fn as_str(self) -> &'static str {
        match self {
            TaskState::Open => "open",
            TaskState::Taken => "taken",
            TaskState::Arrived => "arrived",
            TaskState::Done => "done",
            TaskState::Cancelled => "cancelled",
        }
    }

    /// Still to be done by someone.
    pub fn active(self) -> bool {
        matches!(
            self,
            TaskState::Open | TaskState::Taken | TaskState::Arrived
        )
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    pub id: String,
    pub participant: String,
    pub need: Escort,
    pub reason: Reason,
    pub from: Option<Place>,
    pub to: Option<Place>,
    /// Be there by then (a change of tables' end).
    pub by: Option<i64>,
    /// The round a move is for.
    #[serde(default)]
    pub round: Option<u32>,
    pub state: TaskState,
    pub volunteer: Option<String>,
    pub made_at: i64,
    pub taken_at: Option<i64>,
    pub arrived_at: Option<i64>,
    pub ended_at: Option<i64>,
    /// Nobody took it within two minutes: the host is told.
    #[serde(default)]
    pub flagged: bool,
    /// The guest moved without the volunteer they asked for (the report's figure).
    #[serde(default)]
    pub alone: bool,
}
