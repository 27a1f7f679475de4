//! The scheduling exchange format of `../shared/scheduling/FORMAT.md`: instances in,
//! schedules out, as serde types.

use serde::{Deserialize, Serialize};

use crate::core::participant::{Mobility, Mode};

/// A scheduling problem.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Instance {
    pub rounds: u32,
    #[serde(default)]
    pub interpreters: u32,
    pub tables: Vec<TableSpec>,
    pub participants: Vec<PersonSpec>,
    /// Pairs who have already met.
    #[serde(default)]
    pub met: Vec<[String; 2]>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct TableSpec {
    pub id: String,
    #[serde(default)]
    pub accessible: bool,
    #[serde(default)]
    pub quiet: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PersonSpec {
    pub id: String,
    pub gender: String,
    pub seeks: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub age: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_age: Option<[i64; 2]>,
    #[serde(default = "no_mobility")]
    pub mobility: Mobility,
    #[serde(default = "speech")]
    pub communication: Vec<Mode>,
    #[serde(default)]
    pub quiet: bool,
    #[serde(default)]
    pub avoid: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_consecutive: Option<u32>,
    /// First and last round present, inclusive.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub available: Option<[u32; 2]>,
}

fn no_mobility() -> Mobility {
    Mobility::None
}

fn speech() -> Vec<Mode> {
    vec![Mode::Speech]
}

/// A plan for every round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Schedule {
    pub rounds: Vec<RoundPlan>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoundPlan {
    pub round: u32,
    pub dates: Vec<DatePlan>,
    /// Present participants without a date this round.
    #[serde(default)]
    pub resting: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DatePlan {
    pub table: String,
    pub a: String,
    pub b: String,
    #[serde(default)]
    pub interpreter: bool,
}
