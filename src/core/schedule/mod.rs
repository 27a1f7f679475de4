//! The scheduler: who sits with whom, at which table, in each round.
//!
//! Pure: no I/O, no clock, no async. `blossom schedule` and the live engine call
//! [`plan`] for a whole evening and [`replan`] for the rounds still to come. The
//! format is `../shared/scheduling/FORMAT.md` ([`format`]); the algorithm and its
//! measured quality are in `docs/scheduling.md`.

pub mod check;
pub mod format;
pub mod generate;
pub mod mitchell;
pub mod model;
mod movers;
mod plan;
mod polish;
mod reseat;
mod search;
mod state;
pub mod tables;

use std::collections::HashMap;

pub use check::Figures;
pub use format::{DatePlan, Instance, PersonSpec, RoundPlan, Schedule, TableSpec};
pub use model::{InstanceError, Model};
pub use plan::Effort;

use state::State;

/// A schedule and its figures.
#[derive(Debug, Clone)]
pub struct Planned {
    pub schedule: Schedule,
    pub figures: Figures,
}

/// Plans every round of an instance.
pub fn plan(inst: &Instance, effort: Effort) -> Result<Planned, Vec<InstanceError>> {
    replan(inst, &Schedule { rounds: Vec::new() }, 0, effort)
}

/// Plans the rounds after `fixed_through`, given `previous`: its rounds
/// `1..=fixed_through` happened (or are under way) and are kept exactly; its round
/// `fixed_through + 1`, if any, was announced, so each of its dates that is still
/// possible is kept at its table. Who is present now comes from the instance's
/// `available` windows: late arrivals, people who left, and people away in a
/// private chat or at a matchmaker desk.
pub fn replan(
    inst: &Instance,
    previous: &Schedule,
    fixed_through: u32,
    effort: Effort,
) -> Result<Planned, Vec<InstanceError>> {
    let fixed: Vec<&RoundPlan> = previous
        .rounds
        .iter()
        .filter(|r| r.round >= 1 && r.round <= fixed_through.min(inst.rounds))
        .collect();
    let fixed_through = fixed_through.min(inst.rounds);
    // Pairs that already dated may not date again: for the model they have met.
    // (Dates naming people no longer in the instance are history only.)
    let known: std::collections::HashSet<&str> =
        inst.participants.iter().map(|p| p.id.as_str()).collect();
    let mut inst_now = inst.clone();
    for d in fixed.iter().flat_map(|r| &r.dates) {
        if known.contains(d.a.as_str()) && known.contains(d.b.as_str()) {
            inst_now.met.push([d.a.clone(), d.b.clone()]);
        }
    }
    let m = Model::new(&inst_now)?;
    let index: HashMap<&str, u32> = m
        .people
        .iter()
        .enumerate()
        .map(|(i, p)| (p.id.as_str(), i as u32))
        .collect();
    let table_index: HashMap<&str, u32> = m
        .tables
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i as u32))
        .collect();
    let mut st = State::new(&m);
    st.start = (fixed_through as usize).min(m.rounds);
    st.history.last = vec![None; m.people.len()];
    let mut fixed_sorted = fixed.clone();
    fixed_sorted.sort_by_key(|r| r.round);
    for rp in &fixed_sorted {
        for d in &rp.dates {
            for id in [&d.a, &d.b] {
                if let Some(&v) = index.get(id.as_str()) {
                    st.fix_busy(rp.round as usize - 1, v);
                    st.history.last[v as usize] = table_index.get(d.table.as_str()).copied();
                }
            }
        }
    }
    // Keep the announced dates of the first open round that are still possible.
    if let Some(next) = previous
        .rounds
        .iter()
        .find(|r| r.round == fixed_through + 1)
    {
        let r = fixed_through as usize;
        for d in &next.dates {
            let table = table_index.get(d.table.as_str()).copied();
            for id in [&d.a, &d.b] {
                if let (Some(&v), Some(t)) = (index.get(id.as_str()), table) {
                    st.history.announced.insert(v, t);
                }
            }
            let (Some(&a), Some(&b)) = (index.get(d.a.as_str()), index.get(d.b.as_str())) else {
                continue;
            };
            let Some(&(_, p)) = m.adj[a as usize].iter().find(|&&(w, _)| w == b) else {
                continue;
            };
            if r < m.rounds && st.can_add(r, p) {
                st.add(r, p);
                st.locked[p as usize] = true;
                // Kept at its table where that table still meets the date's needs
                // (someone's needs may have changed) and no other kept date has it.
                let needs = m.pairs[p as usize].needs;
                if let Some(&t) = table_index.get(d.table.as_str())
                    && m.fits(p, t)
                    && !st.history.pinned.values().any(|&u| u == t)
                {
                    st.history.pinned.insert(p, t);
                    st.reserved[0][needs as usize] += 1;
                    st.reserved[1][m.tables[t as usize].offers as usize] += 1;
                }
            }
        }
    }
    // The fixed rounds each person dated in.
    let mut dated_then: Vec<Vec<u32>> = vec![Vec::new(); m.people.len()];
    for rp in &fixed_sorted {
        for d in &rp.dates {
            for id in [&d.a, &d.b] {
                if let Some(&v) = index.get(id.as_str()) {
                    dated_then[v as usize].push(rp.round);
                }
            }
        }
    }
    let (st, seated) = plan::plan(st, effort);
    let seating = seated.unwrap_or_else(|| reseat::seat(&m, &st, true));
    (effort.phase)("seating");
    let mut rounds: Vec<RoundPlan> = Vec::with_capacity(m.rounds);
    for r in 0..m.rounds {
        let round = r as u32 + 1;
        let dates: Vec<DatePlan> = if r < st.start {
            fixed_sorted
                .iter()
                .find(|x| x.round == round)
                .map(|x| x.dates.clone())
                .unwrap_or_default()
        } else {
            seating.rounds[r]
                .iter()
                .map(|&(p, t)| {
                    let pair = &m.pairs[p as usize];
                    DatePlan {
                        table: m.tables[t as usize].id.clone(),
                        a: m.people[pair.a as usize].id.clone(),
                        b: m.people[pair.b as usize].id.clone(),
                        interpreter: pair.interpreter,
                    }
                })
                .collect()
        };
        let dating: std::collections::HashSet<&str> = dates
            .iter()
            .flat_map(|d| [d.a.as_str(), d.b.as_str()])
            .collect();
        let resting = m
            .people
            .iter()
            .enumerate()
            .filter(|&(v, p)| {
                (p.present(r) || dated_then[v].contains(&round)) && !dating.contains(p.id.as_str())
            })
            .map(|(_, p)| p.id.clone())
            .collect();
        rounds.push(RoundPlan {
            round,
            dates,
            resting,
        });
    }
    let schedule = Schedule { rounds };
    // Fixed rounds are history: someone who dated then and is away now is checked
    // as present in the rounds they dated.
    let mut seen = inst.clone();
    for (p, rounds) in seen.participants.iter_mut().zip(&dated_then) {
        if let (Some(&lo), Some(&hi)) = (rounds.iter().min(), rounds.iter().max()) {
            let [a, b] = p.available.unwrap_or([1, inst.rounds]);
            p.available = Some([a.min(lo), b.max(hi)]);
        }
    }
    let (_, figures) = check::check(&seen, &schedule);
    if cfg!(debug_assertions) {
        // The rounds just planned keep every rule for who is present now.
        let open = Schedule {
            rounds: schedule.rounds[st.start..].to_vec(),
        };
        let (errors, _) = check::check(&inst_now, &open);
        debug_assert!(
            errors.is_empty(),
            "a planned schedule breaks a rule: {errors:?}"
        );
    }
    Ok(Planned { schedule, figures })
}
