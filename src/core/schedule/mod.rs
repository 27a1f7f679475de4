//! The scheduler: who sits with whom, at which table, in each round.
//!
//! Pure: no I/O, no clock, no async. `blossom schedule` and the live engine call
//! [`plan`]. The format is `../shared/scheduling/FORMAT.md` ([`format`]); the
//! algorithm and its measured quality are in `docs/scheduling.md`.

pub mod figures;
pub mod format;
pub mod generate;
pub mod model;
mod plan;
mod search;
mod state;
pub mod tables;

pub use figures::Figures;
pub use format::{DatePlan, Instance, RoundPlan, Schedule};
pub use model::{InstanceError, Model};
pub use plan::Effort;

/// A schedule and its figures.
#[derive(Debug, Clone)]
pub struct Planned {
    pub schedule: Schedule,
    pub figures: Figures,
}

/// Plans every round of an instance.
pub fn plan(inst: &Instance, effort: Effort) -> Result<Planned, Vec<InstanceError>> {
    let m = Model::new(inst)?;
    let st = plan::plan(&m, effort);
    let seating = tables::seat(&m, &st);
    let figures = figures::figures(&m, &st, &seating.table_of);
    let rounds = (0..m.rounds)
        .map(|r| {
            let dates = seating.rounds[r]
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
                .collect();
            let resting = m
                .people
                .iter()
                .enumerate()
                .filter(|(v, p)| p.present(r) && seating.table_of[r][*v].is_none())
                .map(|(_, p)| p.id.clone())
                .collect();
            RoundPlan {
                round: r as u32 + 1,
                dates,
                resting,
            }
        })
        .collect();
    Ok(Planned {
        schedule: Schedule { rounds },
        figures,
    })
}
