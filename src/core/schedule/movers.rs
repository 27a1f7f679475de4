//! Dates between two people who move with difficulty, taken apart. Such a date makes
//! one of them leave their table and, usually, come back: two table changes. Once the
//! dates and their spread are settled, each of these dates is tried against the
//! mover's other partners who move freely: the mover dates one of them instead, and
//! the people this frees look for a date again by alternating paths. A trial is kept
//! only when nobody more is left out, no date is lost and the spread is no less fair,
//! with fewer dates between two movers; so the movers are seated first and kept, and
//! the others are re-seated around them.

use rand::RngExt;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;

use super::search::{self, Scratch};
use super::state::{NONE, State, could_date, quality};

/// Partners who move freely tried for each mover of such a date in one sweep.
const CANDIDATES: usize = 6;
/// Most sweeps over the awkward dates.
const SWEEPS: u32 = 4;

/// Sweeps over every awkward date until a sweep changes nothing, or until `trials`
/// trials were made or the searches looked at `work` pairs.
pub fn separate(st: &mut State, s: &mut Scratch, rng: &mut StdRng, trials: u32, work: u64) {
    let m = st.m;
    if st.start >= m.rounds || st.mover_pairs == 0 {
        return;
    }
    let mover = |v: u32| m.people[v as usize].mover;
    let could = could_date(m);
    let mut best = quality(st, &could);
    let mut left = trials;
    let mut rounds: Vec<usize> = (st.start..m.rounds).collect();
    let mut cands: Vec<(u32, u32)> = Vec::new();
    let stop = s.work + work;
    for _ in 0..SWEEPS {
        let mut both: Vec<(usize, u32)> = (st.start..m.rounds)
            .flat_map(|r| st.round_pairs(r).into_iter().map(move |p| (r, p)))
            .filter(|&(_, p)| {
                let pair = &m.pairs[p as usize];
                !st.locked[p as usize] && pair.awkward
            })
            .collect();
        both.shuffle(rng);
        let mut changed = false;
        'dates: for (r, p) in both {
            if st.pair_round[p as usize] != r as u32 {
                continue;
            }
            let pair = m.pairs[p as usize];
            let movers = if rng.random_bool(0.5) {
                [pair.a, pair.b]
            } else {
                [pair.b, pair.a]
            };
            for x in movers.into_iter().filter(|&x| mover(x)) {
                let y = pair.other(x);
                cands.clear();
                cands.extend(
                    m.adj[x as usize]
                        .iter()
                        .copied()
                        .filter(|&(_, q)| !m.pairs[q as usize].awkward && st.pair_open(r, q)),
                );
                cands.shuffle(rng);
                cands.truncate(CANDIDATES);
                for &(c, q) in &cands {
                    if left == 0 || s.work > stop {
                        return;
                    }
                    left -= 1;
                    st.begin();
                    st.remove(p);
                    let old = st.mate(r, c);
                    let mut freed = [y, NONE];
                    if old != NONE {
                        if st.locked.get(old as usize).is_none_or(|&l| l) {
                            st.rollback();
                            continue;
                        }
                        freed[1] = m.pairs[old as usize].other(c);
                        st.remove(old);
                    }
                    if !(st.can_take(r, x) && st.can_take(r, c) && st.fits_after(r, &[q], &[])) {
                        st.rollback();
                        continue;
                    }
                    st.add(r, q);
                    for u in freed.into_iter().filter(|&u| u != NONE) {
                        rounds.shuffle(rng);
                        for &rr in &rounds {
                            if st.can_take(rr, u) {
                                search::improve(st, s, rr, u, true);
                            }
                        }
                    }
                    let now = quality(st, &could);
                    if now[..3] > best[..3] || (now[..3] == best[..3] && now[3] > best[3]) {
                        best = now;
                        st.commit();
                        changed = true;
                        continue 'dates;
                    }
                    st.rollback();
                }
            }
        }
        if !changed {
            break;
        }
    }
}

/// What the awkward dates cost in table changes, roughly: each takes one of its
/// movers away from their table and back (two changes), or only away (one) when it
/// is that mover's first or last date. The cheaper mover is counted.
fn awkward_cost(st: &State, people: &[u32]) -> u32 {
    let m = st.m;
    let edge = |v: u32, r: usize| {
        let dated = |x: usize| {
            let p = st.mate(x, v);
            p != NONE && p != super::state::FIXED
        };
        !(0..r).any(dated) || !(r + 1..m.rounds).any(dated)
    };
    let mut seen: Vec<u32> = Vec::new();
    let mut cost = 0;
    for &v in people {
        for r in st.start..m.rounds {
            let p = st.mate(r, v);
            if p == NONE || p == super::state::FIXED || !m.pairs[p as usize].awkward {
                continue;
            }
            if seen.contains(&p) {
                continue;
            }
            seen.push(p);
            let pair = m.pairs[p as usize];
            cost += [pair.a, pair.b]
                .into_iter()
                .filter(|&z| m.people[z as usize].mover)
                .map(|z| if edge(z, r) { 1 } else { 2 })
                .min()
                .unwrap_or(0);
        }
    }
    cost
}

/// Moves awkward dates to the ends of a mover's evening: a mover's awkward date in
/// the middle trades rounds with their first or last date, when both partners are
/// free then and the rounds still fit. The same dates, the same spread; the mover
/// leaves their table once instead of twice.
pub fn to_the_ends(st: &mut State) {
    let m = st.m;
    for x in (0..m.people.len() as u32).filter(|&x| m.people[x as usize].mover) {
        let rounds: Vec<usize> = (st.start..m.rounds)
            .filter(|&r| {
                let p = st.mate(r, x);
                p != NONE && p != super::state::FIXED
            })
            .collect();
        if rounds.len() < 3 {
            continue;
        }
        for &r in &rounds[1..rounds.len() - 1] {
            let p = st.mate(r, x);
            if !m.pairs[p as usize].awkward || st.locked[p as usize] {
                continue;
            }
            for end in [rounds[0], rounds[rounds.len() - 1]] {
                let q = st.mate(end, x);
                if q == NONE || q == super::state::FIXED || st.locked[q as usize] {
                    continue;
                }
                if m.pairs[q as usize].awkward {
                    continue;
                }
                let (y, z) = (m.pairs[p as usize].other(x), m.pairs[q as usize].other(x));
                let people = [x, y, z];
                let before = awkward_cost(st, &people);
                st.begin();
                st.remove(p);
                st.remove(q);
                let ok = st.can_add(end, p) && {
                    st.add(end, p);
                    st.can_add(r, q)
                };
                if ok {
                    st.add(r, q);
                    if awkward_cost(st, &people) < before {
                        st.commit();
                        break;
                    }
                }
                st.rollback();
            }
        }
    }
}
