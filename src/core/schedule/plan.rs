//! The planner: build a schedule round by round, then improve it until no alternating
//! path helps. Deterministic for a given seed.

use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{RngExt, SeedableRng};

use super::polish::{EXACT_SEATING_UP_TO, Kept, pull_earlier, seating_changes, unpair_movers};
use super::search::{self, Found, Scratch};
use super::state::{NONE, State, could_date, quality};
use super::tables::Seating;

/// How much work the planner may do.
#[derive(Debug, Clone, Copy)]
pub struct Effort {
    pub seed: u64,
    /// Improvement passes over everyone after construction.
    pub passes: u32,
    /// Ruin-and-recreate trials after that.
    pub iterations: u32,
    /// Most tree vertices one alternating-path search may grow.
    pub search_limit: u32,
    /// Trials at taking apart dates between two people who move with difficulty.
    pub mover_trials: u32,
    /// Most pairs the searches after the first plan may look at, in all (see
    /// [`Scratch::work`]): a bound on time that is the same on every machine.
    pub work: u64,
    /// Called with each phase's name as it ends, so that an edge with a clock can
    /// say where the time goes (`blossom schedule --timings`); the core has none.
    pub phase: fn(&'static str),
}

impl Effort {
    /// The default effort for `n` participants: small evenings get many trials,
    /// since each is cheap; large ones few, since the first plan is already close.
    pub fn for_size(n: usize, seed: u64) -> Effort {
        let n = n.max(1) as u64;
        // Small evenings get many trials, since each is cheap (up to 120 people each
        // seats the whole evening to count table changes exactly); from 200 people
        // a trial grows dearer with the evening and the first plan is closer.
        let iterations = if n <= EXACT_SEATING_UP_TO as u64 {
            8_000_000 / (n * n)
        } else if n <= 200 {
            4_000_000 / (n * n)
        } else {
            (36_000_000_000 / (n * n * n)).min(1_500)
        }
        // At most 5,000, which binds below 40 people: there 5,000 trials find the
        // dates 10,000 found, with no more table changes, in half the time (six
        // small evenings, 12 to 30 seeds each).
        .clamp(30, 5_000) as u32;
        Effort {
            seed,
            iterations,
            mover_trials: (1_000_000 / n).clamp(500, 10_000) as u32,
            ..Effort::default()
        }
    }

    /// The effort for a re-plan between two rounds, where the live engine has a few
    /// milliseconds: fewer passes and trials, the rest of the evening being short.
    pub fn replan(n: usize, seed: u64) -> Effort {
        let n = n.max(1) as u64;
        let iterations = (1_000_000 / (n * n)).clamp(10, 2000) as u32;
        Effort {
            seed,
            passes: 2,
            iterations,
            search_limit: 48,
            mover_trials: 500,
            work: 1_500_000,
            phase: |_| {},
        }
    }
}

impl Default for Effort {
    fn default() -> Self {
        Effort {
            seed: 1,
            passes: 6,
            iterations: 3000,
            search_limit: super::search::MAX_OUTER,
            mover_trials: 10_000,
            work: WORK_LIMIT,
            phase: |_| {},
        }
    }
}

/// Round by round, the people with the fewest dates and then the fewest options
/// choose first, each taking the free partner who is worst off in the same sense;
/// then alternating paths fill the round further.
pub fn construct(st: &mut State, s: &mut Scratch, rng: &mut StdRng) {
    let m = st.m;
    let n = m.people.len() as u32;
    let mut order: Vec<u32> = (0..n).collect();
    // The rounds with the fewest people present first: their few pairs are not
    // used up by the full rounds before them (late arrivals, early leavers).
    let mut rounds: Vec<usize> = (st.start..m.rounds).collect();
    rounds.sort_by_key(|&r| (m.people.iter().filter(|p| p.present(r)).count(), r));
    for r in rounds {
        order.shuffle(rng);
        let mut keyed: Vec<(u32, u32, u32)> = order
            .iter()
            .map(|&v| (st.dates[v as usize], st.options[v as usize], v))
            .collect();
        keyed.sort_by_key(|&(d, o, _)| (d, o));
        for &(_, _, u) in &keyed {
            if !st.can_take(r, u) {
                continue;
            }
            let best = m.adj[u as usize]
                .iter()
                .filter(|&&(v, p)| st.pair_open(r, p) && st.can_take(r, v))
                .min_by_key(|&&(v, p)| {
                    // Among equals, a mover meets someone who can come to their table.
                    let awkward = m.pairs[p as usize].awkward;
                    (st.dates[v as usize], awkward, st.options[v as usize])
                })
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
pub fn improve(st: &mut State, s: &mut Scratch, rng: &mut StdRng, passes: u32) {
    let m = st.m;
    let could = could_date(m);
    let mut order: Vec<u32> = (0..m.people.len() as u32)
        .filter(|&v| could[v as usize])
        .collect();
    let mut rounds: Vec<usize> = (st.start..m.rounds).collect();
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

/// Everyone who could date but has no date yet gets a search without the usual
/// limit on its size, in every round: they are few, and an evening spent watching
/// others is the worst outcome of all (FORMAT.md's first rule).
pub fn rescue(st: &mut State, s: &mut Scratch) {
    let m = st.m;
    let could = could_date(m);
    let limit = s.max_outer;
    s.max_outer = m.people.len() as u32 + 2;
    for v in 0..m.people.len() as u32 {
        for r in st.start..m.rounds {
            if !could[v as usize] || st.dates[v as usize] > 0 {
                break;
            }
            if st.can_take(r, v) {
                search::improve(st, s, r, v, true);
            }
        }
    }
    s.max_outer = limit;
}

/// Most pairs the searches of ruin and recreate may look at (see [`Scratch::work`]):
/// about 50 ms on this machine. On evenings where each trial is dear (a dense
/// roster, every round full) it ends the search before the trials do.
pub(super) const WORK_LIMIT: u64 = 15_000_000;

/// What a search of [`perturb`] looks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aim {
    /// Fewer left out and more dates, nothing else: no fairness exchanges, and a
    /// trial as good in these two is kept however the dates are spread. The
    /// schedules with the most dates are often uneven (at 60 guests with late
    /// arrivals, the optimum gives one guest 8 dates and another 2); a search that
    /// also sought an even spread kept to fair schedules a date or two short. The
    /// search for [`Aim::All`] evens the spread out afterwards, at the same dates.
    Dates,
    /// Fewer left out, more dates, a fairer spread, then fewer table changes: on
    /// evenings of up to [`EXACT_SEATING_UP_TO`] people by seating each candidate,
    /// beyond by counting awkward dates.
    All,
}

/// Ruin and recreate (Schrimpf et al., 2000): take out a few random dates, let the
/// alternating-path search refill, keep the result when it is at least as good. Ties
/// are kept too, so the search wanders across plateaus instead of stopping at the
/// first local optimum. The search stops after `patience` trials in a row that
/// found nothing better (for [`Aim::All`], in left out, dates or spread); it
/// returns the trials made.
pub fn perturb(
    st: &mut State,
    s: &mut Scratch,
    rng: &mut StdRng,
    iterations: u32,
    work: u64,
    aim: Aim,
    patience: u32,
) -> u32 {
    let m = st.m;
    let n = m.people.len();
    if n == 0 || m.pairs.is_empty() {
        return 0;
    }
    let could = could_date(m);
    // Up to EXACT_SEATING_UP_TO people, seat each candidate to count its table
    // changes exactly; beyond that, count awkward dates instead.
    let exact_seating = aim == Aim::All && n <= EXACT_SEATING_UP_TO;
    // What counts: [left out, dates] for Aim::Dates, all four for Aim::All.
    let counted = if aim == Aim::Dates { 2 } else { 3 };
    let exchange = aim == Aim::All;
    let mut best = quality(st, &could);
    if exact_seating {
        best[3] = -(seating_changes(st) as i64);
    }
    let mut freed: Vec<(usize, u32)> = Vec::new();
    if st.start >= m.rounds {
        return 0;
    }
    let mut rounds: Vec<usize> = (st.start..m.rounds).collect();
    // Evenings where searches come back empty (few tables: every round full) stop
    // on the work done rather than on the trials made.
    let stop = s.work + work;
    // On small evenings a trial takes out more dates: a date that hides behind
    // a few others is found by taking them out together.
    let most = (480 / n.max(1)).clamp(3, 8);
    let mut since = 0;
    let mut made = 0;
    for _ in 0..iterations {
        if s.work > stop || since >= patience {
            break;
        }
        made += 1;
        since += 1;
        st.begin();
        freed.clear();
        // One trial in five takes out every date of one person: a date missing
        // because someone's dates sit in the wrong rounds (a rest forced by
        // `max_consecutive`, a partner booked elsewhere), or a mover's table
        // changes that come from the order of their partners, need several of
        // them moved at once. (Beyond the evenings seated trial by trial, it
        // cost a fifth to two thirds more time for less than a date more.)
        let whole_person = (aim == Aim::Dates || exact_seating) && rng.random_range(0..5) == 0;
        // (Drawn on every trial: the figures in docs/scheduling.md are for
        // this sequence of random choices.)
        let k = rng.random_range(1..=most);
        if whole_person {
            let v = rng.random_range(0..n as u32);
            for r in st.start..m.rounds {
                take_out(st, r, v, &mut freed);
            }
        } else {
            for _ in 0..k {
                let r = rng.random_range(st.start..m.rounds);
                let v = rng.random_range(0..n as u32);
                take_out(st, r, v, &mut freed);
            }
        }
        if freed.is_empty() {
            st.commit();
            continue;
        }
        // Refill: the freed people in every round, and their partners-to-be in the
        // rounds that were opened up.
        freed.shuffle(rng);
        freed.sort_by_key(|&(_, v)| st.dates[v as usize]);
        for &(_, u) in &freed {
            rounds.shuffle(rng);
            for &r in &rounds {
                if st.can_take(r, u) {
                    search::improve(st, s, r, u, exchange);
                }
            }
        }
        // After a whole person's dates were taken out of a seated trial, only the
        // rounds where someone is still without a date are searched from their
        // partners-to-be: searching every round again cost a sixth more time on
        // the dense kind and gained no measurable date or table change.
        let settled = exact_seating && whole_person;
        for &(r, v) in &freed {
            if settled && st.mate(r, v) != NONE {
                continue;
            }
            for &(w, _) in m.adj[v as usize].iter() {
                if st.can_take(r, w) {
                    search::improve(st, s, r, w, exchange);
                }
            }
        }
        // Trials often put back the very dates they took out: nothing to count
        // (and no seating to make, the dearest part of a trial).
        if st.unchanged() {
            st.commit();
            continue;
        }
        let mut now = quality(st, &could);
        if now[..counted] > best[..counted] {
            since = 0;
            if exact_seating {
                now[3] = -(seating_changes(st) as i64);
            }
            best = now;
            st.commit();
        } else if aim == Aim::Dates && now[..counted] == best[..counted] {
            // Every tie is kept, awkward dates too: a tie-break on them held the
            // search to a narrower plateau and cost dates; the seated search after
            // it takes apart the awkward dates it can.
            best = now;
            st.commit();
        } else if now[..3] == best[..3] {
            if exact_seating {
                now[3] = -(seating_changes(st) as i64);
            }
            if now[3..] >= best[3..] {
                best = now;
                st.commit();
            } else {
                st.rollback();
            }
        } else {
            st.rollback();
        }
    }
    made
}

/// Takes `v`'s date in round `r` out, unless it is locked, and notes both people
/// as freed there.
fn take_out(st: &mut State, r: usize, v: u32, freed: &mut Vec<(usize, u32)>) {
    let p = st.mate(r, v);
    if p != NONE && !st.locked[p as usize] {
        let pair = st.m.pairs[p as usize];
        st.remove(p);
        freed.extend([(r, pair.a), (r, pair.b)]);
    }
}

/// Plans every open round of `st` (all of them, or those after a re-plan's fixed
/// rounds, around its locked dates), with the final seating where [`Kept`] made it.
pub fn plan<'m>(mut st: State<'m>, effort: Effort) -> (State<'m>, Option<Seating>) {
    let m = st.m;
    let mut rng = StdRng::seed_from_u64(effort.seed);
    let mut s = Scratch::new(m.people.len());
    s.max_outer = effort.search_limit.max(2);
    (effort.phase)("model");
    // Beyond the evenings where every candidate is seated, the first plan is
    // built without awkward dates (see [`super::model::Pair::awkward`]); the
    // search after it lets them in only where they add dates or make the spread
    // fairer. Built with them, the plan kept many that a later exchange could not
    // take apart, each costing a mover a table change.
    let staged = m.people.len() > EXACT_SEATING_UP_TO && m.pairs.iter().any(|p| p.awkward);
    st.no_awkward = staged;
    construct(&mut st, &mut s, &mut rng);
    (effort.phase)("construct");
    improve(&mut st, &mut s, &mut rng, effort.passes);
    st.no_awkward = false;
    if staged {
        improve(&mut st, &mut s, &mut rng, 1);
    }
    rescue(&mut st, &mut s);
    (effort.phase)("improve");
    let it = effort.iterations;
    if staged {
        // The first plan took longer; the search gets a quarter less work.
        perturb(
            &mut st,
            &mut s,
            &mut rng,
            it,
            effort.work / 4 * 3,
            Aim::All,
            u32::MAX,
        );
    } else {
        // Dates first, cheaply: without seating each candidate, for up to four
        // times the trials, until one and a half budgets of trials in a row find
        // no more dates. Then the spread and the table changes, seating every
        // candidate, with the trials that are left, each cheap trial counted as a
        // sixth of a seated one (it costs about a quarter, but trials that change
        // nothing are not seated), and at least half of them.
        let used = perturb(
            &mut st,
            &mut s,
            &mut rng,
            it * 4,
            effort.work / 2,
            Aim::Dates,
            it / 2 * 3,
        );
        (effort.phase)("search_dates");
        let left = it.saturating_sub(used / 6).max(it / 2);
        perturb(
            &mut st,
            &mut s,
            &mut rng,
            left,
            effort.work / 2,
            Aim::All,
            u32::MAX,
        );
    }
    (effort.phase)("ruin_recreate");
    // The schedule after the search and after each step is seated as it will be
    // at the end, and the best of them is kept (see [`Kept`]).
    let mut kept = Kept::new(&st);
    super::movers::separate(
        &mut st,
        &mut s,
        &mut rng,
        effort.mover_trials,
        effort.work / 10,
    );
    kept.offer(&st);
    (effort.phase)("movers");
    pull_earlier(&mut st);
    kept.offer(&st);
    unpair_movers(&mut st);
    kept.offer(&st);
    super::movers::to_the_ends(&mut st);
    kept.offer(&st);
    let seating = kept.best(&mut st);
    (effort.phase)("earlier");
    (st, seating)
}
