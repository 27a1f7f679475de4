//! Finding more and fairer dates within one round by alternating paths, the idea
//! behind Berge's theorem on maximum matchings: from a person without a date in a
//! round, follow an unused pair to someone who dates, then that someone's date, and
//! so on. Reaching a person who is free gives everyone on the path a date and one
//! more date in total (an augmenting path). Stopping at someone who has at least two
//! more dates than the starting person moves a date from the richer to the poorer
//! (a fairness exchange). Blossoms are not contracted, so a path through an odd
//! cycle may be missed; the randomised restarts of `plan.rs` make up for it.

use std::collections::VecDeque;

use super::state::{NONE, State};

/// Most people an alternating tree grows from before the search gives up. Short
/// paths do nearly all the good; the cap keeps a failing search from walking the
/// whole graph, which on 1,000 people is most of the planner's time.
pub const MAX_OUTER: u32 = 96;

/// The outcome of one search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    /// One more date in the round.
    Augmented,
    /// The same number of dates, one moved from someone who had more.
    Exchanged,
    Nothing,
}

/// Reusable memory for searches, sized for one model.
pub struct Scratch {
    /// Most tree vertices one search may grow (see [`MAX_OUTER`]).
    pub max_outer: u32,
    /// Pairs looked at by every search so far: the planner's measure of work,
    /// the same on every machine.
    pub work: u64,
    stamp: u32,
    seen: Vec<u32>,
    /// For an outer vertex `z`: `(previous outer, pair previous→y, pair y→z)`.
    tree: Vec<(u32, u32, u32)>,
    queue: VecDeque<u32>,
    add: Vec<u32>,
    remove: Vec<u32>,
}

impl Scratch {
    pub fn new(n: usize) -> Self {
        Scratch {
            max_outer: MAX_OUTER,
            work: 0,
            stamp: 0,
            seen: vec![0; n],
            tree: vec![(NONE, NONE, NONE); n],
            queue: VecDeque::new(),
            add: Vec::new(),
            remove: Vec::new(),
        }
    }
}

/// Collects the pairs to add and remove along the tree path from the root to `end`
/// (an outer vertex), then optionally the final pair `last`.
fn path(s: &mut Scratch, root: u32, end: u32, last: Option<u32>) {
    s.add.clear();
    s.remove.clear();
    if let Some(p) = last {
        s.add.push(p);
    }
    let mut cur = end;
    while cur != root {
        let (prev, p_in, q) = s.tree[cur as usize];
        s.remove.push(q);
        s.add.push(p_in);
        cur = prev;
    }
}

fn apply(st: &mut State, r: usize, s: &Scratch) {
    for &q in &s.remove {
        st.remove(q);
    }
    for &p in &s.add {
        st.add(r, p);
    }
}

/// Searches round `r` from `root`, who must be able to take a date there. With
/// `exchange`, a path may end at someone with at least two more dates than `root`.
pub fn improve(st: &mut State, s: &mut Scratch, r: usize, root: u32, exchange: bool) -> Found {
    debug_assert!(st.can_take(r, root));
    s.stamp = s.stamp.wrapping_add(1);
    if s.stamp == 0 {
        s.seen.fill(0);
        s.stamp = 1;
    }
    let stamp = s.stamp;
    s.seen[root as usize] = stamp;
    s.queue.clear();
    s.queue.push_back(root);
    let root_dates = st.dates[root as usize];
    let mut best_release: Option<(u32, u32)> = None; // (dates, vertex)
    let mut budget = s.max_outer;
    while let Some(x) = s.queue.pop_front() {
        budget -= 1;
        if budget == 0 {
            break;
        }
        s.work += st.m.adj[x as usize].len() as u64;
        for &(y, p) in &st.m.adj[x as usize] {
            if s.seen[y as usize] == stamp || !st.pair_open(r, p) {
                continue;
            }
            let q = st.mate(r, y);
            if q != NONE && st.locked[q as usize] {
                continue;
            }
            if q == NONE {
                if st.can_take(r, y) {
                    path(s, root, x, Some(p));
                    if st.fits_after(r, &s.add, &s.remove) {
                        apply(st, r, s);
                        return Found::Augmented;
                    }
                }
                continue;
            }
            let z = st.m.pairs[q as usize].other(y);
            if s.seen[z as usize] == stamp {
                continue;
            }
            s.seen[y as usize] = stamp;
            s.seen[z as usize] = stamp;
            s.tree[z as usize] = (x, p, q);
            s.queue.push_back(z);
            let dz = st.dates[z as usize];
            // Each richer candidate is checked against the tables as it is met: the
            // richest may hold a plain table where the root needs an accessible one.
            if exchange && dz >= root_dates + 2 && best_release.is_none_or(|(d, _)| dz > d) {
                path(s, root, z, None);
                if st.fits_after(r, &s.add, &s.remove) {
                    best_release = Some((dz, z));
                }
            }
        }
    }
    if let Some((_, z)) = best_release {
        path(s, root, z, None);
        apply(st, r, s);
        return Found::Exchanged;
    }
    Found::Nothing
}
