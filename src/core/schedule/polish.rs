//! After the searches: two of the steps that keep every date and the spread and
//! try to lower movers' table changes (dates moved earlier, 2-opt for movers; the
//! other two, awkward dates taken apart or moved to the ends of a mover's evening,
//! are in `movers.rs`), and [`Kept`], which keeps the best schedule seen along all
//! four. Each step judges its own moves by a cheaper measure
//! than the final seating, so a step can leave the seating worse: on the 40-guest
//! kind, taking apart dates between movers and moving them to the ends added one
//! or two table changes on some seeds.

use super::state::{NONE, State, could_date, quality};
use super::tables::Seating;

/// Up to this many people, ruin and recreate seats every candidate schedule (each
/// seating costs about a tenth of a millisecond at 100 people).
pub const EXACT_SEATING_UP_TO: usize = 120;

/// Table changes of people who move with difficulty, once the schedule is seated.
pub fn seating_changes(st: &State) -> u32 {
    let seating = super::reseat::seat(st.m, st, false);
    super::tables::mover_changes(st.m, &seating.table_of)
}

/// Up to this many people, the schedule after each step is seated as the final
/// seating will be, and the best one is kept (each seating costs about a
/// millisecond at 150 people; at 300 it gained nothing on the seeds tried and
/// cost 20 ms, at 1,000 people 270 ms).
const KEPT_UP_TO: usize = 200;

/// A schedule's left out, dates and spread (which no step should change), then its
/// final seating's table changes.
type Score = ([i64; 3], u32);

/// The best schedule seen so far, by its [`Score`], with its seating.
pub struct Kept<'m> {
    could: Vec<bool>,
    best: Option<(Score, State<'m>, Seating)>,
    /// The round of each pair in the schedule last offered: a step that changed
    /// nothing is not seated again.
    last: Vec<u32>,
}

impl<'m> Kept<'m> {
    /// Starts from `st`, when the evening is small enough to be seated after each
    /// step (and does nothing otherwise).
    pub fn new(st: &State<'m>) -> Self {
        let mut kept = Kept {
            could: Vec::new(),
            best: None,
            last: Vec::new(),
        };
        if st.m.people.len() <= KEPT_UP_TO {
            kept.could = could_date(st.m);
            let (score, seating) = kept.score(st);
            kept.best = Some((score, st.clone(), seating));
            kept.last = st.pair_round.clone();
        }
        kept
    }

    fn score(&self, st: &State) -> (Score, Seating) {
        let q = quality(st, &self.could);
        let seating = super::reseat::seat(st.m, st, true);
        let changes = super::tables::mover_changes(st.m, &seating.table_of);
        (([q[0], q[1], q[2]], changes), seating)
    }

    /// Keeps `st` if it is at least as good as the best so far (a tie goes to the
    /// later: the steps move awkward dates to where they cost less).
    pub fn offer(&mut self, st: &State<'m>) {
        let Some((best, ..)) = &self.best else {
            return;
        };
        if st.pair_round == self.last {
            return;
        }
        let (now, seating) = self.score(st);
        if now.0 > best.0 || (now.0 == best.0 && now.1 <= best.1) {
            self.best = Some((now, st.clone(), seating));
        }
        self.last.clone_from(&st.pair_round);
    }

    /// Puts the best schedule seen into `st`, and gives its final seating (`None`
    /// on evenings too large to be kept: the caller seats `st`).
    pub fn best(self, st: &mut State<'m>) -> Option<Seating> {
        let (_, best, seating) = self.best?;
        *st = best;
        Some(seating)
    }
}

/// Moves each date to the earliest round where both people are free and every rule
/// still holds: the same dates, but nobody waits through an empty first round for a
/// date that could be now, and people who leave early lose less.
pub fn pull_earlier(st: &mut State) {
    let m = st.m;
    // On evenings small enough to seat every candidate, a move that would cost
    // people who move with difficulty a table change is not made.
    let exact = m.people.len() <= EXACT_SEATING_UP_TO;
    let mut changes = if exact { seating_changes(st) } else { 0 };
    for r in st.start + 1..m.rounds {
        for p in st.round_pairs(r) {
            if st.locked[p as usize] {
                continue;
            }
            st.remove(p);
            let Some(to) = (st.start..r).find(|&x| st.can_add(x, p)) else {
                st.add(r, p);
                continue;
            };
            st.add(to, p);
            if exact {
                let after = seating_changes(st);
                if after > changes {
                    st.remove(p);
                    st.add(r, p);
                } else {
                    changes = after;
                }
            }
        }
    }
}

/// Within each round, turns two dates, one awkward for a mover (see
/// [`super::model::Pair::awkward`]) and one not, into two that are less awkward
/// between them (a 2-opt move): the same people date as often as before, and each
/// mover can more often stay at their own table while the other comes to them.
pub fn unpair_movers(st: &mut State) {
    let m = st.m;
    let find = |a: u32, b: u32| {
        m.adj[a as usize]
            .iter()
            .find(|&&(w, _)| w == b)
            .map(|&(_, p)| p)
    };
    let awkward = |p: u32| m.pairs[p as usize].awkward as u32;
    for r in st.start..m.rounds {
        let pairs = st.round_pairs(r);
        let mut plain: Vec<u32> = pairs
            .iter()
            .copied()
            .filter(|&p| !st.locked[p as usize] && awkward(p) == 0)
            .collect();
        for p in pairs {
            let (a, b) = (m.pairs[p as usize].a, m.pairs[p as usize].b);
            if awkward(p) == 0 || st.pair_round[p as usize] != r as u32 || st.locked[p as usize] {
                continue;
            }
            let swap = plain.iter().enumerate().find_map(|(i, &q)| {
                let (c, d) = (m.pairs[q as usize].a, m.pairs[q as usize].b);
                [(c, d), (d, c)].into_iter().find_map(|(c, d)| {
                    let (x, y) = (find(a, c)?, find(b, d)?);
                    let open = |p: u32| {
                        let pair = &m.pairs[p as usize];
                        st.pair_round[p as usize] == NONE
                            && pair.first as usize <= r
                            && r <= pair.last as usize
                    };
                    (awkward(x) + awkward(y) < 1
                        && open(x)
                        && open(y)
                        && st.fits_after(r, &[x, y], &[p, q]))
                    .then_some((i, q, x, y))
                })
            });
            if let Some((i, q, x, y)) = swap {
                st.remove(p);
                st.remove(q);
                st.add(r, x);
                st.add(r, y);
                plain.swap_remove(i);
            }
        }
    }
}
