//! Re-seating one mover at a time along their whole evening. Polishing moves one
//! date at a time, so it stops where keeping a mover in place takes several dates
//! moving together: a mover who sits at a table for two dates, then must leave it
//! for one, is better off staying at the new table for the rest of the evening,
//! and no single move shows that. Here, for each mover in turn, a shortest path
//! over their dates chooses the table of every one of them at once (the fewest
//! changes for them, and for a partner who also moves with difficulty), taking
//! free tables or swapping with a date that has no mover in it.

use super::model::Model;
use super::state::State;
use super::tables::{Seating, around};

const NONE: u32 = u32::MAX;

/// Seats the evening ([`super::tables::seat`]), then re-seats each mover along it.
/// With `thorough` (the schedule's own seating), any table may be taken and the
/// passes repeat until one changes nothing; without (each trial's count, which
/// must be cheap), one pass over the tables the mover and their partners sit at.
pub fn seat(m: &Model, st: &State, thorough: bool) -> Seating {
    let mut seating = super::tables::seat(m, st);
    movers(m, st, &mut seating, thorough);
    for round in &mut seating.rounds {
        round.sort_unstable_by_key(|&(_, t)| t);
    }
    seating
}

const FAR: u32 = u32::MAX / 4;

/// Improves `s` mover by mover. With `thorough`, any table may be taken, and
/// passes repeat (with runs of dates moved, [`segments`], once paths find nothing)
/// until one changes nothing, at most eight; without, one pass over the tables
/// named below. Each change lowers the table changes, so the seating never gets
/// worse.
fn movers(m: &Model, st: &State, s: &mut Seating, thorough: bool) {
    let tables = m.tables.len();
    if tables == 0 {
        return;
    }
    // `occupant[r * tables + t]`: the index in `s.rounds[r]` of the date at `t`.
    let mut occupant = vec![NONE; m.rounds * tables];
    for (r, round) in s.rounds.iter().enumerate() {
        for (i, &(_, t)) in round.iter().enumerate() {
            occupant[r * tables + t as usize] = i as u32;
        }
    }
    // A re-plan's first open round keeps its tables: they were announced.
    let replan = !st.history.pinned.is_empty() || !st.history.announced.is_empty();
    let fixed = |r: usize| r < st.start || (replan && r == st.start);
    let movers: Vec<u32> = (0..m.people.len() as u32)
        .filter(|&v| m.people[v as usize].mover)
        .collect();
    let has_mover = |p: u32| {
        let pair = &m.pairs[p as usize];
        m.people[pair.a as usize].mover || m.people[pair.b as usize].mover
    };
    let mut dated: Vec<(usize, u32)> = Vec::new(); // (round, index in round)
    let mut cands: Vec<u32> = Vec::new();
    let mut cost: Vec<u32> = Vec::new();
    let mut next: Vec<u32> = Vec::new();
    let mut from: Vec<u32> = Vec::new(); // per date and table: the table before
    let mut extra: Vec<u32> = Vec::new(); // per date and table: partner's changes
    // Shortest paths until they find nothing, then runs of dates (thorough
    // only), then paths again if those found something.
    let passes = if thorough { 8 } else { 1 };
    for _pass in 0..passes {
        let mut better = false;
        for &v in &movers {
            dates_of(m, s, &occupant, v, &mut dated);
            if dated.is_empty() {
                continue;
            }
            // The tables worth trying: every one when thorough; else where the
            // mover sits now, where they sat before, and where a partner who moves
            // with difficulty sits around their date (other tables seldom help,
            // and each trial's count must be cheap).
            let last = st.history.last.get(v as usize).copied().flatten();
            cands.clear();
            if thorough {
                cands.extend(0..tables as u32);
            }
            cands.extend(last);
            for &(r, i) in &dated {
                let (p, here) = s.rounds[r][i as usize];
                cands.push(here);
                let pair = m.pairs[p as usize];
                let partner = if pair.a == v { pair.b } else { pair.a };
                if m.people[partner as usize].mover {
                    let (b, a) = around(m, st, s, partner, r);
                    cands.extend(b);
                    cands.extend(a);
                }
            }
            cands.sort_unstable();
            cands.dedup();
            let width = cands.len();
            // Each date's possible tables, with what they cost the partner.
            extra.clear();
            extra.resize(dated.len() * width, FAR);
            let mut now = 0; // the present seating's cost, to beat
            for (k, &(r, i)) in dated.iter().enumerate() {
                let (p, here) = s.rounds[r][i as usize];
                let pair = m.pairs[p as usize];
                let partner = if pair.a == v { pair.b } else { pair.a };
                let partner_around = m.people[partner as usize]
                    .mover
                    .then(|| around(m, st, s, partner, r));
                let partner_cost = |t: u32| {
                    partner_around.map_or(0, |(b, a)| {
                        b.is_some_and(|b| b != t) as u32 + a.is_some_and(|a| a != t) as u32
                    })
                };
                now += partner_cost(here);
                for (c, &t) in cands.iter().enumerate() {
                    let allowed = if t == here {
                        true
                    } else if fixed(r) || !m.fits(p, t) {
                        false
                    } else {
                        match occupant[r * tables + t as usize] {
                            NONE => true,
                            j => {
                                let q = s.rounds[r][j as usize].0;
                                !has_mover(q) && m.fits(q, here)
                            }
                        }
                    };
                    if allowed {
                        extra[k * width + c] = partner_cost(t);
                    }
                }
            }
            let mut prev_table = last;
            for &(r, i) in &dated {
                let t = s.rounds[r][i as usize].1;
                now += prev_table.is_some_and(|p| p != t) as u32;
                prev_table = Some(t);
            }
            // The shortest path: staying costs nothing, a change costs one.
            from.clear();
            from.resize(dated.len() * width, NONE);
            cost.clear();
            next.clear();
            next.resize(width, FAR);
            for (c, &t) in cands.iter().enumerate() {
                cost.push(extra[c].saturating_add(last.is_some_and(|l| l != t) as u32));
            }
            for k in 1..dated.len() {
                let (best_c, best) = lowest(&cost);
                for c in 0..width {
                    let (low, f) = if cost[c] <= best + 1 {
                        (cost[c], c)
                    } else {
                        (best + 1, best_c)
                    };
                    next[c] = low.saturating_add(extra[k * width + c]).min(FAR);
                    from[k * width + c] = f as u32;
                }
                std::mem::swap(&mut cost, &mut next);
            }
            let (mut c, best) = lowest(&cost);
            if best >= now {
                continue;
            }
            better = true;
            for k in (0..dated.len()).rev() {
                let (r, i) = dated[k];
                move_date(m, s, &mut occupant, r, i, cands[c]);
                if k > 0 {
                    c = from[k * width + c] as usize;
                }
            }
        }
        let runs_moved = !better && thorough && segments(m, st, s, &mut occupant, &fixed);
        if !better && !runs_moved {
            break;
        }
    }
}

/// Moves the date at index `i` of round `r` to table `to`, and the date there, if
/// any, to the table it leaves.
fn move_date(m: &Model, s: &mut Seating, occupant: &mut [u32], r: usize, i: u32, to: u32) {
    let tables = m.tables.len();
    let here = s.rounds[r][i as usize].1;
    if here == to {
        return;
    }
    let j = occupant[r * tables + to as usize];
    let mut seat = |s: &mut Seating, idx: u32, t: u32| {
        let (q, _) = s.rounds[r][idx as usize];
        s.rounds[r][idx as usize].1 = t;
        let pair = &m.pairs[q as usize];
        s.table_of[r][pair.a as usize] = Some(t);
        s.table_of[r][pair.b as usize] = Some(t);
        occupant[r * tables + t as usize] = idx;
    };
    seat(s, i, to);
    if j == NONE {
        occupant[r * tables + here as usize] = NONE;
    } else {
        seat(s, j, here);
    }
}

/// The cheapest entry and where it is (the first among equals).
fn lowest(cost: &[u32]) -> (usize, u32) {
    cost.iter()
        .copied()
        .enumerate()
        .min_by_key(|&(_, c)| c)
        .unwrap_or((0, FAR))
}

/// Table changes of mover `w`, counting from where they sat before a re-plan.
fn changes_of(st: &State, s: &Seating, w: u32) -> u32 {
    let from = st.history.last.get(w as usize).copied().flatten();
    super::tables::changes_of(&s.table_of, w, from)
}

/// Mover `v`'s dates in round order: (round, index in `s.rounds[round]`).
fn dates_of(m: &Model, s: &Seating, occupant: &[u32], v: u32, out: &mut Vec<(usize, u32)>) {
    let tables = m.tables.len();
    out.clear();
    for r in 0..m.rounds {
        if let Some(t) = s.table_of[r][v as usize] {
            out.push((r, occupant[r * tables + t as usize]));
        }
    }
}

/// Moves a run of a mover's consecutive dates to the table of the date just
/// before or just after the run, swapping with whatever date sits there (movers'
/// dates too, which the shortest paths leave alone), where every date still fits
/// its table and the changes of everyone involved go down. Sweeps until one changes
/// nothing, at most four.
fn segments(
    m: &Model,
    st: &State,
    s: &mut Seating,
    occupant: &mut [u32],
    fixed: &dyn Fn(usize) -> bool,
) -> bool {
    let mut dated: Vec<(usize, u32)> = Vec::new();
    let mut work = RunWork::default();
    let mut any = false;
    for _sweep in 0..4 {
        let mut better = false;
        for v in (0..m.people.len() as u32).filter(|&v| m.people[v as usize].mover) {
            dates_of(m, s, occupant, v, &mut dated);
            let k = dated.len();
            for first in 0..k {
                for last in first..k {
                    let table_at =
                        |s: &Seating, x: usize| s.rounds[dated[x].0][dated[x].1 as usize].1;
                    let targets = [
                        first.checked_sub(1).map(|x| table_at(s, x)),
                        (last + 1 < k).then(|| table_at(s, last + 1)),
                    ];
                    for u in targets.into_iter().flatten() {
                        if try_run(
                            m,
                            st,
                            s,
                            occupant,
                            fixed,
                            &dated[first..=last],
                            u,
                            &mut work,
                        ) {
                            better = true;
                            any = true;
                        }
                    }
                }
            }
        }
        if !better {
            break;
        }
    }
    any
}

/// Buffers for [`try_run`], kept between runs.
#[derive(Default)]
struct RunWork {
    /// The movers whose changes the move can alter.
    involved: Vec<u32>,
    /// (round, date, table it left), to undo.
    moved: Vec<(usize, u32, u32)>,
}

/// Moves the dates of `run` to table `u`, swapping with the date there, and keeps
/// the move if every date fits where it goes and the changes of the movers involved
/// go down; else leaves the seating as it was. Whether it kept the move.
#[allow(clippy::too_many_arguments)]
fn try_run(
    m: &Model,
    st: &State,
    s: &mut Seating,
    occupant: &mut [u32],
    fixed: &dyn Fn(usize) -> bool,
    run: &[(usize, u32)],
    u: u32,
    work: &mut RunWork,
) -> bool {
    let tables = m.tables.len();
    // Every date of the run, and every date it displaces, must fit where it goes;
    // nothing moves in a fixed round.
    let possible = run.iter().all(|&(r, i)| {
        let (p, here) = s.rounds[r][i as usize];
        here == u
            || (!fixed(r)
                && m.fits(p, u)
                && match occupant[r * tables + u as usize] {
                    NONE => true,
                    j => m.fits(s.rounds[r][j as usize].0, here),
                })
    });
    if !possible || run.iter().all(|&(r, i)| s.rounds[r][i as usize].1 == u) {
        return false;
    }
    let involved = &mut work.involved;
    involved.clear();
    for &(r, i) in run {
        let j = occupant[r * tables + u as usize];
        for idx in [i, j].into_iter().filter(|&idx| idx != NONE) {
            let pair = m.pairs[s.rounds[r][idx as usize].0 as usize];
            involved.extend(
                [pair.a, pair.b]
                    .into_iter()
                    .filter(|&w| m.people[w as usize].mover),
            );
        }
    }
    involved.sort_unstable();
    involved.dedup();
    let before: u32 = involved.iter().map(|&w| changes_of(st, s, w)).sum();
    work.moved.clear();
    for &(r, i) in run {
        let here = s.rounds[r][i as usize].1;
        if here != u {
            move_date(m, s, occupant, r, i, u);
            work.moved.push((r, i, here));
        }
    }
    let after: u32 = work.involved.iter().map(|&w| changes_of(st, s, w)).sum();
    if after < before {
        return true;
    }
    for &(r, i, here) in work.moved.iter().rev() {
        move_date(m, s, occupant, r, i, here);
    }
    false
}
