//! The paper method organisers use today, as a baseline: a Mitchell movement. The
//! smaller gender group sits (wheelchair users at accessible tables first), the
//! other group moves one table a round, and a pair that may not date simply skips
//! the round. Pairs are checked with the same rules as the planner; tables that
//! cannot hold a pair's needs, interpreters and fatigue limits are skipped too, so
//! the result is a valid schedule.

use super::format::{DatePlan, Instance, RoundPlan, Schedule};
use super::model::{Model, NEEDS_ACCESSIBLE};

/// A Mitchell movement for `inst`, or `None` when the instance is invalid.
pub fn mitchell(inst: &Instance) -> Option<Schedule> {
    let m = Model::new(inst).ok()?;
    let n = m.people.len();
    let females: Vec<u32> = (0..n as u32)
        .filter(|&v| inst.participants[v as usize].gender == "female")
        .collect();
    let males: Vec<u32> = (0..n as u32)
        .filter(|&v| inst.participants[v as usize].gender != "female")
        .collect();
    let (mut seated, moving) = if females.len() <= males.len() {
        (females, males)
    } else {
        (males, females)
    };
    // Wheelchair users sit first, so they get the accessible tables.
    seated.sort_by_key(|&v| !m.people[v as usize].wheelchair);
    let mut tables: Vec<u32> = (0..m.tables.len() as u32).collect();
    tables.sort_by_key(|&t| m.tables[t as usize].offers & NEEDS_ACCESSIBLE == 0);
    let k = seated.len().min(tables.len());
    let mut busy = vec![vec![false; m.rounds]; n];
    let mut used = vec![false; m.pairs.len()];
    let mut rounds = Vec::new();
    for r in 0..m.rounds {
        let mut dates = Vec::new();
        let mut interpreters = 0;
        for (i, &s) in seated.iter().take(k).enumerate() {
            let Some(&mv) = moving.get((i + r) % moving.len().max(1)) else {
                continue;
            };
            let Some(&(_, p)) = m.adj[s as usize].iter().find(|&&(w, _)| w == mv) else {
                continue;
            };
            let pair = &m.pairs[p as usize];
            let table = tables[i];
            let ok = !used[p as usize]
                && pair.first as usize <= r
                && r <= pair.last as usize
                && m.fits(p, table)
                && (!pair.interpreter || interpreters < m.interpreters)
                && [s, mv].iter().all(|&v| {
                    let limit = m.people[v as usize].max_consecutive.unwrap_or(u32::MAX) as usize;
                    (0..r).rev().take_while(|&x| busy[v as usize][x]).count() < limit
                });
            if ok {
                used[p as usize] = true;
                interpreters += pair.interpreter as u32;
                busy[s as usize][r] = true;
                busy[mv as usize][r] = true;
                dates.push(DatePlan {
                    table: m.tables[table as usize].id.clone(),
                    a: m.people[pair.a as usize].id.clone(),
                    b: m.people[pair.b as usize].id.clone(),
                    interpreter: pair.interpreter,
                });
            }
        }
        let resting = m
            .people
            .iter()
            .enumerate()
            .filter(|(v, p)| p.present(r) && !busy[*v][r])
            .map(|(_, p)| p.id.clone())
            .collect();
        rounds.push(RoundPlan {
            round: r as u32 + 1,
            dates,
            resting,
        });
    }
    Some(Schedule { rounds })
}
