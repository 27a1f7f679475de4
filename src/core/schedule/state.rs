//! A schedule being built: who dates whom in which round, with every hard rule kept
//! at all times (one date per person per round, each pair at most once, presence,
//! fatigue limits, tables by need, interpreters). Tables are chosen afterwards
//! (`tables.rs`); here only their counts matter, through [`Model::tables_fit`].

use std::collections::HashMap;

use super::model::Model;

pub const NONE: u32 = u32::MAX;
/// In `mate`: busy in a round that is already fixed (it happened, or is under way).
pub const FIXED: u32 = u32::MAX - 1;

/// What seating must respect from before the rounds being planned: where each
/// person last sat, and the tables already announced for dates that were kept.
#[derive(Debug, Clone, Default)]
pub struct History {
    pub last: Vec<Option<u32>>,
    /// Pair index → table index, for the first open round.
    pub pinned: HashMap<u32, u32>,
    /// Person → the table announced to them for the first open round, kept for
    /// their new date when the announced one fell through.
    pub announced: HashMap<u32, u32>,
}

#[derive(Clone)]
pub struct State<'m> {
    pub m: &'m Model,
    n: usize,
    /// `mate[r * n + v]`: the pair `v` dates in round `r`, or `NONE`.
    mate: Vec<u32>,
    /// The round a pair dates in, or `NONE`.
    pub pair_round: Vec<u32>,
    /// Dates per person.
    pub dates: Vec<u32>,
    /// Unused pairs per person: how many partners they still could meet.
    pub options: Vec<u32>,
    /// Per round, dates counted by what they need from a table.
    by_needs: Vec<[u32; 4]>,
    /// Per round, dates that need an interpreter.
    interp: Vec<u32>,
    pub total: u32,
    /// Dates between two people who both move with difficulty: one of them must
    /// leave their table for it.
    pub mover_pairs: u32,
    /// The sum of the round numbers of all dates: lower means dates come earlier,
    /// which matters on the evening (people who leave early lose nothing, and
    /// nobody waits through an empty first round for a date that could be now).
    pub round_sum: u64,
    /// The first round still open to planning; earlier rounds are fixed.
    pub start: usize,
    /// Pairs that must stay where they are (announced dates kept by a re-plan).
    pub locked: Vec<bool>,
    /// While set, awkward pairs (see [`super::model::Pair::awkward`]) may not date.
    pub no_awkward: bool,
    /// A re-plan's first open round: the announced dates kept at their tables,
    /// counted by what they need and by what their tables offer. New dates of
    /// that round must fit the other tables, so that none of them is moved.
    pub reserved: [[u32; 4]; 2],
    /// Where people sat before `start`, for seating.
    pub history: History,
    /// Changes since [`State::begin`], so a trial can be undone.
    journal: Vec<(bool, u32, u32)>,
    journaling: bool,
}

impl<'m> State<'m> {
    pub fn new(m: &'m Model) -> Self {
        let n = m.people.len();
        State {
            m,
            n,
            mate: vec![NONE; n * m.rounds],
            pair_round: vec![NONE; m.pairs.len()],
            dates: vec![0; n],
            options: m.adj.iter().map(|a| a.len() as u32).collect(),
            by_needs: vec![[0; 4]; m.rounds],
            interp: vec![0; m.rounds],
            total: 0,
            mover_pairs: 0,
            round_sum: 0,
            start: 0,
            locked: vec![false; m.pairs.len()],
            no_awkward: false,
            reserved: [[0; 4]; 2],
            history: Default::default(),
            journal: Vec::new(),
            journaling: false,
        }
    }

    /// Marks `v` as dating in the fixed round `r`, so fatigue limits and fairness
    /// count it.
    pub fn fix_busy(&mut self, r: usize, v: u32) {
        if self.mate[r * self.n + v as usize] == NONE {
            self.mate[r * self.n + v as usize] = FIXED;
            self.dates[v as usize] += 1;
        }
    }

    /// Starts recording changes, to [`State::rollback`] or [`State::commit`] later.
    pub fn begin(&mut self) {
        self.journal.clear();
        self.journaling = true;
    }

    /// Keeps the changes since [`State::begin`].
    pub fn commit(&mut self) {
        self.journal.clear();
        self.journaling = false;
    }

    /// Undoes the changes since [`State::begin`].
    pub fn rollback(&mut self) {
        self.journaling = false;
        while let Some((added, r, p)) = self.journal.pop() {
            if added {
                self.remove(p);
            } else {
                self.add(r as usize, p);
            }
        }
    }

    /// Whether every date is where it was at [`State::begin`]: a trial that took
    /// dates out and put the same ones back. Each pair's first entry in the journal
    /// says where it was (a removal: in that round; an addition: nowhere).
    pub fn unchanged(&self) -> bool {
        self.journal.iter().enumerate().all(|(i, &(added, r, p))| {
            let first = !self.journal[..i].iter().any(|&(_, _, q)| q == p);
            let before = if added { NONE } else { r };
            !first || self.pair_round[p as usize] == before
        })
    }

    #[inline]
    pub fn mate(&self, r: usize, v: u32) -> u32 {
        self.mate[r * self.n + v as usize]
    }

    #[inline]
    fn busy(&self, r: usize, v: u32) -> bool {
        self.mate(r, v) != NONE
    }

    /// Whether `v` may take a date in round `r`: present, free, and within their
    /// limit of dates in a row once this one is added.
    pub fn can_take(&self, r: usize, v: u32) -> bool {
        let p = &self.m.people[v as usize];
        if !p.present(r) || self.busy(r, v) {
            return false;
        }
        let Some(limit) = p.max_consecutive else {
            return true;
        };
        let mut run = 1;
        let mut x = r;
        while x > 0 && self.busy(x - 1, v) {
            run += 1;
            x -= 1;
        }
        x = r;
        while x + 1 < self.m.rounds && self.busy(x + 1, v) {
            run += 1;
            x += 1;
        }
        run <= limit
    }

    /// Whether pair `p` may date in round `r` as far as the pair itself goes: both
    /// present, and the pair unused.
    #[inline]
    pub fn pair_open(&self, r: usize, p: u32) -> bool {
        let pair = &self.m.pairs[p as usize];
        self.pair_round[p as usize] == NONE
            && pair.first as usize <= r
            && r <= pair.last as usize
            && !(self.no_awkward && pair.awkward)
    }

    /// Whether round `r` still fits its tables and interpreters after adding the
    /// pairs in `add` and removing those in `remove`.
    pub fn fits_after(&self, r: usize, add: &[u32], remove: &[u32]) -> bool {
        let mut counts = self.by_needs[r];
        let mut interp = self.interp[r] as i64;
        for &p in add {
            let pair = &self.m.pairs[p as usize];
            counts[pair.needs as usize] += 1;
            interp += pair.interpreter as i64;
        }
        for &p in remove {
            let pair = &self.m.pairs[p as usize];
            counts[pair.needs as usize] -= 1;
            interp -= pair.interpreter as i64;
        }
        if interp > self.m.interpreters as i64 {
            return false;
        }
        if r == self.start && self.reserved[1] != [0; 4] {
            let [needs, offers] = self.reserved;
            let mut tables = self.m.tables_by_kind;
            for k in 0..4 {
                counts[k] = counts[k].saturating_sub(needs[k]);
                tables[k] = tables[k].saturating_sub(offers[k]);
            }
            return super::model::hall(&counts, &tables);
        }
        self.m.tables_fit(&counts)
    }

    /// Adds pair `p` in round `r`. The caller has checked every rule.
    pub fn add(&mut self, r: usize, p: u32) {
        let pair = self.m.pairs[p as usize];
        debug_assert!(self.pair_round[p as usize] == NONE);
        debug_assert!(!self.busy(r, pair.a) && !self.busy(r, pair.b));
        self.pair_round[p as usize] = r as u32;
        self.mate[r * self.n + pair.a as usize] = p;
        self.mate[r * self.n + pair.b as usize] = p;
        self.dates[pair.a as usize] += 1;
        self.dates[pair.b as usize] += 1;
        self.options[pair.a as usize] -= 1;
        self.options[pair.b as usize] -= 1;
        self.by_needs[r][pair.needs as usize] += 1;
        self.interp[r] += pair.interpreter as u32;
        self.total += 1;
        self.mover_pairs += pair.awkward as u32;
        self.round_sum += r as u64;
        if self.journaling {
            self.journal.push((true, r as u32, p));
        }
    }

    /// Removes pair `p` from the round it dates in.
    pub fn remove(&mut self, p: u32) {
        let r = self.pair_round[p as usize] as usize;
        let pair = self.m.pairs[p as usize];
        self.pair_round[p as usize] = NONE;
        self.mate[r * self.n + pair.a as usize] = NONE;
        self.mate[r * self.n + pair.b as usize] = NONE;
        self.dates[pair.a as usize] -= 1;
        self.dates[pair.b as usize] -= 1;
        self.options[pair.a as usize] += 1;
        self.options[pair.b as usize] += 1;
        self.by_needs[r][pair.needs as usize] -= 1;
        self.interp[r] -= pair.interpreter as u32;
        self.total -= 1;
        self.mover_pairs -= pair.awkward as u32;
        self.round_sum -= r as u64;
        if self.journaling {
            self.journal.push((false, r as u32, p));
        }
    }

    /// Whether adding `p` in round `r` keeps every rule.
    pub fn can_add(&self, r: usize, p: u32) -> bool {
        let pair = &self.m.pairs[p as usize];
        self.pair_open(r, p)
            && self.can_take(r, pair.a)
            && self.can_take(r, pair.b)
            && self.fits_after(r, &[p], &[])
    }

    /// The pairs dating in round `r`.
    pub fn round_pairs(&self, r: usize) -> Vec<u32> {
        let mut out: Vec<u32> = (0..self.n as u32)
            .filter_map(|v| {
                let p = self.mate(r, v);
                (p != NONE && p != FIXED && self.m.pairs[p as usize].a == v).then_some(p)
            })
            .collect();
        out.sort_unstable();
        out
    }
}

/// People who could date at all (someone compatible is present at the same time).
pub fn could_date(m: &Model) -> Vec<bool> {
    m.adj.iter().map(|a| !a.is_empty()).collect()
}

/// How good a schedule is, in the order of FORMAT.md: fewer people left out, then
/// more dates, then a fairer spread (a smaller sum of squared date counts), then fewer
/// dates that take a person who moves with difficulty away from their table. Larger
/// is better. (Earlier dates are preferred afterwards, by [`pull_earlier`], so the
/// search keeps its freedom to wander.)
pub fn quality(st: &State, could: &[bool]) -> [i64; 4] {
    let mut left_out = 0;
    let mut squares = 0i64;
    for (v, &d) in st.dates.iter().enumerate() {
        if could[v] && d == 0 {
            left_out += 1;
        }
        squares += (d as i64) * (d as i64);
    }
    [
        -left_out,
        st.total as i64,
        -squares,
        -(st.mover_pairs as i64),
    ]
}
