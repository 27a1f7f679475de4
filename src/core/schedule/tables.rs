//! Seating: which table each date of a round gets. People who move with difficulty
//! keep the table they last sat at whenever the round's other dates still fit, like
//! the seated side of a Mitchell movement; everyone else takes the plainest table
//! that meets their date's needs, so accessible and quiet tables stay free for those
//! who need them.

use super::model::{Model, hall};
use super::state::{FIXED, NONE, State};

/// `table_of[r][v]`: the table index of person `v` in round `r`, if dating; and for
/// each round, `(pair, table)` for every date.
pub struct Seating {
    pub table_of: Vec<Vec<Option<u32>>>,
    pub rounds: Vec<Vec<(u32, u32)>>,
}

/// Table changes of people who move with difficulty in the seated rounds (counting
/// from where they last sat before them).
pub fn mover_changes(m: &Model, table_of: &[Vec<Option<u32>>]) -> u32 {
    (0..m.people.len() as u32)
        .filter(|&v| m.people[v as usize].mover)
        .map(|v| changes_of(table_of, v, None))
        .sum()
}

/// Table changes of person `v` over the seated rounds, counting from `from` (where
/// they sat before them, if that counts).
pub(super) fn changes_of(table_of: &[Vec<Option<u32>>], v: u32, from: Option<u32>) -> u32 {
    let mut prev = from;
    let mut changes = 0;
    for t in table_of.iter().filter_map(|round| round[v as usize]) {
        changes += prev.is_some_and(|p| p != t) as u32;
        prev = Some(t);
    }
    changes
}

/// The first seating, round by round, then polished date by date; the planner
/// then re-seats each mover along their evening (`super::reseat::seat`).
pub fn seat(m: &Model, st: &State) -> Seating {
    let n = m.people.len();
    let history = &st.history;
    let mut last: Vec<Option<u32>> = if history.last.len() == n {
        history.last.clone()
    } else {
        vec![None; n]
    };
    // Every mover's own table, chosen before any round is seated.
    let home = homes(m, st, &last);
    // How many movers count a table as theirs, so the displaced pick another.
    let mut claimed = vec![0u32; m.tables.len()];
    for t in home.iter().flatten() {
        claimed[*t as usize] += 1;
    }
    let mut table_of = vec![vec![None; n]; m.rounds];
    let mut rounds = Vec::with_capacity(m.rounds);
    for (r, seats) in table_of.iter_mut().enumerate() {
        if r < st.start {
            rounds.push(Vec::new());
            continue;
        }
        let mut pairs = st.round_pairs(r);
        let mut free_by_offer = m.tables_by_kind;
        let mut taken = vec![false; m.tables.len()];
        let mut left_by_needs = [0u32; 4];
        for &p in &pairs {
            left_by_needs[m.pairs[p as usize].needs as usize] += 1;
        }
        let mut seated: Vec<(u32, u32)> = Vec::with_capacity(pairs.len());
        let mut take =
            |p: u32, t: u32, free: &mut [u32; 4], left: &mut [u32; 4], taken: &mut Vec<bool>| {
                taken[t as usize] = true;
                free[m.tables[t as usize].offers as usize] -= 1;
                left[m.pairs[p as usize].needs as usize] -= 1;
                seated.push((p, t));
            };
        // First, movers back at their own table where the rest still fits.
        let movers_of = |p: u32| {
            let pair = &m.pairs[p as usize];
            [pair.a, pair.b]
                .into_iter()
                .filter(|&v| m.people[v as usize].mover)
        };
        // Announced tables first (a re-plan keeps them), then the strictest needs.
        let pinned = |p: u32| {
            if r == st.start {
                history.pinned.get(&p).copied()
            } else {
                None
            }
        };
        // In buckets rather than by a sort (seating runs in every trial); `pairs`
        // comes sorted, so each bucket keeps that order.
        let len = pairs.len();
        let unsorted = std::mem::replace(&mut pairs, Vec::with_capacity(len));
        for want_pinned in [true, false] {
            for ones in (0..=2).rev() {
                pairs.extend(unsorted.iter().copied().filter(|&p| {
                    pinned(p).is_some() == want_pinned
                        && m.pairs[p as usize].needs.count_ones() == ones
                }));
            }
        }
        let mut rest = Vec::with_capacity(pairs.len());
        let mut wants: Vec<u32> = Vec::with_capacity(8);
        for &p in &pairs {
            let needs = m.pairs[p as usize].needs;
            // Wheelchair users first: their table is the scarcer kind.
            wants.clear();
            for accessible in [1, 0] {
                for v in movers_of(p) {
                    for t in [last[v as usize], home[v as usize]].into_iter().flatten() {
                        if m.tables[t as usize].offers & 1 == accessible {
                            wants.push(t);
                        }
                    }
                }
            }
            if r == st.start {
                let pair = &m.pairs[p as usize];
                for v in [pair.a, pair.b] {
                    wants.extend(history.announced.get(&v).copied());
                }
            }
            if let Some(t) = pinned(p) {
                wants.insert(0, t);
            }
            let fits_here = |t: u32, free: &[u32; 4], left: &[u32; 4]| {
                let offers = m.tables[t as usize].offers;
                if offers & needs != needs {
                    return false;
                }
                let (mut f, mut l) = (*free, *left);
                f[offers as usize] -= 1;
                l[needs as usize] -= 1;
                hall(&l, &f)
            };
            match wants
                .iter()
                .copied()
                .find(|&t| !taken[t as usize] && fits_here(t, &free_by_offer, &left_by_needs))
            {
                Some(t) => take(p, t, &mut free_by_offer, &mut left_by_needs, &mut taken),
                None => rest.push((rest.len() as u32, p)),
            }
        }
        // Then the rest, strictest needs first, movers first among equals, each at
        // the plainest fitting table, preferring tables no mover counts as theirs.
        rest.sort_unstable_by_key(|&(i, p)| {
            let pair = &m.pairs[p as usize];
            (
                std::cmp::Reverse(pair.needs.count_ones()),
                pair.needs,
                std::cmp::Reverse(movers_of(p).count()),
                i,
            )
        });
        for (_, p) in rest {
            let needs = m.pairs[p as usize].needs;
            let has_mover = movers_of(p).next().is_some();
            let best = (0..m.tables.len() as u32)
                .filter(|&t| !taken[t as usize] && m.tables[t as usize].offers & needs == needs)
                .min_by_key(|&t| {
                    let extra = (m.tables[t as usize].offers & !needs).count_ones();
                    (
                        extra,
                        if has_mover {
                            claimed[t as usize]
                        } else {
                            u32::MAX - claimed[t as usize]
                        },
                    )
                });
            match best {
                Some(t) => take(p, t, &mut free_by_offer, &mut left_by_needs, &mut taken),
                None => debug_assert!(false, "round {r} does not fit its tables"),
            }
        }
        for &(p, t) in &seated {
            let pair = &m.pairs[p as usize];
            for v in [pair.a, pair.b] {
                seats[v as usize] = Some(t);
                if m.people[v as usize].mover {
                    last[v as usize] = Some(t);
                }
            }
        }
        seated.sort_unstable_by_key(|&(_, t)| t);
        rounds.push(seated);
    }
    let mut seating = Seating { table_of, rounds };
    polish(m, st, &mut seating);
    seating
}

/// Each mover's own table, before any round is seated: where they last sat (a
/// re-plan), or else a table that meets their needs with the fewest extras, shared
/// with as few others who date in the same rounds as possible. Wheelchair users
/// choose first (accessible tables are the scarcer kind), then whoever dates most.
fn homes(m: &Model, st: &State, last: &[Option<u32>]) -> Vec<Option<u32>> {
    let n = m.people.len();
    let words = m.rounds.div_ceil(64);
    let mut dated = vec![0u64; n * words];
    let mut count = vec![0u32; n];
    // How many of each person's dates need each combination of needs.
    let mut by_needs = vec![[0u32; 4]; n];
    for r in st.start..m.rounds {
        for v in 0..n {
            let p = st.mate(r, v as u32);
            if p != NONE && p != FIXED {
                dated[v * words + r / 64] |= 1 << (r % 64);
                count[v] += 1;
                by_needs[v][m.pairs[p as usize].needs as usize] += 1;
            }
        }
    }
    let mut home: Vec<Option<u32>> = vec![None; n];
    let mut busy = vec![0u64; m.tables.len() * words];
    let mut load = vec![0u32; m.tables.len()];
    let settle =
        |v: usize, t: u32, home: &mut [Option<u32>], busy: &mut [u64], load: &mut [u32]| {
            home[v] = Some(t);
            load[t as usize] += 1;
            for w in 0..words {
                busy[t as usize * words + w] |= dated[v * words + w];
            }
        };
    let mut order: Vec<usize> = Vec::new();
    for v in (0..n).filter(|&v| m.people[v].mover) {
        match last.get(v).copied().flatten() {
            Some(t) => settle(v, t, &mut home, &mut busy, &mut load),
            None if count[v] > 0 => order.push(v),
            None => {}
        }
    }
    // What a person's every date needs: a quiet person's pairs all ask for quiet.
    let mut need_of = vec![0u8; n];
    for &v in &order {
        need_of[v] = m.adj[v]
            .iter()
            .fold(u8::MAX, |acc, &(_, p)| acc & m.pairs[p as usize].needs)
            & 3;
    }
    order.sort_unstable_by_key(|&v| {
        (
            !m.people[v].wheelchair,
            std::cmp::Reverse(need_of[v].count_ones()),
            std::cmp::Reverse(count[v]),
            v,
        )
    });
    for v in order {
        let need = need_of[v];
        let best = (0..m.tables.len())
            .filter(|&t| m.tables[t].offers & need == need)
            .min_by_key(|&t| {
                let overlap: u32 = (0..words)
                    .map(|w| (busy[t * words + w] & dated[v * words + w]).count_ones())
                    .sum();
                let offers = m.tables[t].offers;
                // Dates the table cannot hold, which take the mover elsewhere.
                let unmet: u32 = (0..4u8)
                    .filter(|&k| offers & k != k)
                    .map(|k| by_needs[v][k as usize])
                    .sum();
                let extra = (offers & !need).count_ones();
                (overlap + unmet, extra, load[t])
            });
        if let Some(t) = best {
            settle(v, t as u32, &mut home, &mut busy, &mut load);
        }
    }
    home
}

/// The table changes a date would cause at table `t` in round `r`: for each of its
/// movers, against where they sit at their dates just before and just after.
fn cost(m: &Model, st: &State, s: &Seating, p: u32, r: usize, t: u32) -> u32 {
    let pair = &m.pairs[p as usize];
    let mut c = 0;
    for v in [pair.a, pair.b] {
        if !m.people[v as usize].mover {
            continue;
        }
        let (before, after) = around(m, st, s, v, r);
        c += before.is_some_and(|b| b != t) as u32 + after.is_some_and(|a| a != t) as u32;
    }
    c
}

/// Where person `v` sits at their dates just before and just after round `r` (before
/// the first, where they sat before a re-plan).
pub(super) fn around(
    m: &Model,
    st: &State,
    s: &Seating,
    v: u32,
    r: usize,
) -> (Option<u32>, Option<u32>) {
    let before = (0..r)
        .rev()
        .find_map(|x| s.table_of[x][v as usize])
        .or_else(|| st.history.last.get(v as usize).copied().flatten());
    let after = (r + 1..m.rounds).find_map(|x| s.table_of[x][v as usize]);
    (before, after)
}

/// Local search on a seating: a date with a mover moves to a free table, or swaps
/// tables with another date of its round, whenever that lowers the table changes
/// (looking at the rounds before and after) and both dates keep tables that meet
/// their needs. Tables tried are where the date's movers sit just before or after,
/// the only ones that can help.
fn polish(m: &Model, st: &State, s: &mut Seating) {
    let mut at: Vec<Option<u32>> = vec![None; m.tables.len()]; // table -> index in round
    let mut wanted: Vec<u32> = Vec::with_capacity(4);
    for _sweep in 0..4 {
        let mut better = false;
        for r in st.start..m.rounds {
            at.fill(None);
            for (i, &(_, t)) in s.rounds[r].iter().enumerate() {
                at[t as usize] = Some(i as u32);
            }
            for i in 0..s.rounds[r].len() {
                let (p, t) = s.rounds[r][i];
                let pair = m.pairs[p as usize];
                let pinned = |p: u32| r == st.start && st.history.pinned.contains_key(&p);
                if pinned(p)
                    || (!m.people[pair.a as usize].mover && !m.people[pair.b as usize].mover)
                {
                    continue;
                }
                wanted.clear();
                for v in [pair.a, pair.b]
                    .into_iter()
                    .filter(|&v| m.people[v as usize].mover)
                {
                    let (before, after) = around(m, st, s, v, r);
                    wanted.extend(before.into_iter().chain(after));
                }
                let here = cost(m, st, s, p, r, t);
                for &u in &wanted {
                    if u == t || !m.fits(p, u) {
                        continue;
                    }
                    let moved = match at[u as usize] {
                        None => {
                            if cost(m, st, s, p, r, u) < here {
                                s.rounds[r][i].1 = u;
                                at[t as usize] = None;
                                at[u as usize] = Some(i as u32);
                                true
                            } else {
                                false
                            }
                        }
                        Some(j) if pinned(s.rounds[r][j as usize].0) => false,
                        Some(j) => {
                            let (q, _) = s.rounds[r][j as usize];
                            let before = here + cost(m, st, s, q, r, u);
                            let after = cost(m, st, s, p, r, u) + cost(m, st, s, q, r, t);
                            if m.fits(q, t) && after < before {
                                s.rounds[r][i].1 = u;
                                s.rounds[r][j as usize].1 = t;
                                at[t as usize] = Some(j);
                                at[u as usize] = Some(i as u32);
                                let qp = m.pairs[q as usize];
                                s.table_of[r][qp.a as usize] = Some(t);
                                s.table_of[r][qp.b as usize] = Some(t);
                                true
                            } else {
                                false
                            }
                        }
                    };
                    if moved {
                        s.table_of[r][pair.a as usize] = Some(u);
                        s.table_of[r][pair.b as usize] = Some(u);
                        better = true;
                        break;
                    }
                }
            }
        }
        if !better {
            break;
        }
    }
}
