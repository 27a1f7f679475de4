//! The planner: build a schedule round by round, then improve it until no alternating
//! path helps. Deterministic for a given seed.

use rand::SeedableRng;
use rand::rngs::SmallRng;
use rand::seq::SliceRandom;

use super::model::Model;
use super::search::{self, Found, Scratch};
use super::state::{NONE, State};

/// How much work the planner may do.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    pub seed: u64,
    /// Improvement passes over everyone after construction.
    pub passes: u32,
}

impl Default for Effort {
    fn default() -> Self {
        Effort { seed: 1, passes: 6 }
    }
}

/// People who could date at all (someone compatible is present at the same time).
fn could_date(m: &Model) -> Vec<bool> {
    m.adj.iter().map(|a| !a.is_empty()).collect()
}

/// Round by round, the people with the fewest dates and then the fewest options
/// choose first, each taking the free partner who is worst off in the same sense;
/// then alternating paths fill the round further.
pub fn construct(st: &mut State, s: &mut Scratch, rng: &mut SmallRng) {
    let m = st.m;
    let n = m.people.len() as u32;
    let mut order: Vec<u32> = (0..n).collect();
    // Options left: unused pairs to people still to come.
    for r in 0..m.rounds {
        order.shuffle(rng);
        let options = |st: &State, v: u32| {
            m.adj[v as usize]
                .iter()
                .filter(|&&(_, p)| {
                    st.pair_round[p as usize] == NONE && m.pairs[p as usize].last as usize >= r
                })
                .count()
        };
        let mut keyed: Vec<(u32, usize, u32)> = order
            .iter()
            .map(|&v| (st.dates[v as usize], options(st, v), v))
            .collect();
        keyed.sort_by_key(|&(d, o, _)| (d, o));
        for &(_, _, u) in &keyed {
            if !st.can_take(r, u) {
                continue;
            }
            let best = m.adj[u as usize]
                .iter()
                .filter(|&&(v, p)| st.pair_open(r, p) && st.can_take(r, v))
                .min_by_key(|&&(v, _)| (st.dates[v as usize], options(st, v)))
                .map(|&(_, p)| p);
            if let Some(p) = best
                && st.fits_after(r, &[p], &[])
            {
                st.add(r, p);
            }
        }
        for &(_, _, u) in &keyed {
            if st.can_take(r, u) {
                search::improve(st, s, r, u, false);
            }
        }
    }
}

/// Passes over everyone, the worst off first, looking in every round where they are
/// free for an augmenting path or a fairness exchange. Stops when a pass changes
/// nothing.
pub fn improve(st: &mut State, s: &mut Scratch, rng: &mut SmallRng, passes: u32) {
    let m = st.m;
    let could = could_date(m);
    let mut order: Vec<u32> = (0..m.people.len() as u32)
        .filter(|&v| could[v as usize])
        .collect();
    let mut rounds: Vec<usize> = (0..m.rounds).collect();
    for _ in 0..passes {
        let mut changed = false;
        order.shuffle(rng);
        order.sort_by_key(|&v| st.dates[v as usize]);
        for &u in &order {
            rounds.shuffle(rng);
            for &r in &rounds {
                if st.can_take(r, u) && search::improve(st, s, r, u, true) != Found::Nothing {
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// Plans every round.
pub fn plan<'m>(m: &'m Model, effort: Effort) -> State<'m> {
    let mut rng = SmallRng::seed_from_u64(effort.seed);
    let mut st = State::new(m);
    let mut s = Scratch::new(m.people.len());
    construct(&mut st, &mut s, &mut rng);
    improve(&mut st, &mut s, &mut rng, effort.passes);
    st
}
