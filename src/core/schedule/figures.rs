//! The figures `check.py` prints, computed the same way, so a run can be judged
//! without leaving Rust.

use serde::Serialize;

use super::model::Model;
use super::state::State;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub dates: u32,
    pub participants: usize,
    /// People who could date (a compatible partner present at the same time) but
    /// got no date.
    pub left_out: usize,
    pub min_dates: u32,
    pub max_dates: u32,
    /// Dates and table changes of people who move with difficulty.
    pub mover_dates: u32,
    pub mover_table_changes: u32,
}

/// Figures of a schedule with its tables (`tables[r][v]`: the table of `v` in round
/// `r`, if dating).
pub fn figures(m: &Model, st: &State, table_of: &[Vec<Option<u32>>]) -> Figures {
    let could: Vec<usize> = (0..m.people.len())
        .filter(|&v| !m.adj[v].is_empty())
        .collect();
    let mut mover_dates = 0;
    let mut changes = 0;
    for (v, p) in m.people.iter().enumerate() {
        if !p.mover {
            continue;
        }
        let seq: Vec<u32> = (0..m.rounds).filter_map(|r| table_of[r][v]).collect();
        mover_dates += seq.len() as u32;
        changes += seq.windows(2).filter(|w| w[0] != w[1]).count() as u32;
    }
    Figures {
        dates: st.total,
        participants: m.people.len(),
        left_out: could.iter().filter(|&&v| st.dates[v] == 0).count(),
        min_dates: could.iter().map(|&v| st.dates[v]).min().unwrap_or(0),
        max_dates: st.dates.iter().copied().max().unwrap_or(0),
        mover_dates,
        mover_table_changes: changes,
    }
}
