//! The instance turned into indices: people, tables and every compatible pair, with
//! what each pair needs (an accessible table, a quiet table, an interpreter) and the
//! rounds in which both are present. Bad input is reported by participant or table
//! and field, never a panic.

use std::collections::{HashMap, HashSet};
use std::fmt;

use super::format::{Instance, PersonSpec};
use crate::core::participant::{Mobility, Mode};

/// What is wrong with an instance, naming the participant or table and the field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstanceError {
    pub place: String,
    pub message: String,
}

impl fmt::Display for InstanceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.place, self.message)
    }
}

/// The longest evening the planner takes: far beyond any real one, and small enough
/// that round numbers fit the pair windows.
pub const MAX_ROUNDS: usize = 200;
/// The largest roster the planner takes at once.
pub const MAX_PARTICIPANTS: usize = 20_000;

/// Bit flags of what a date needs from its table.
pub const NEEDS_ACCESSIBLE: u8 = 1;
pub const NEEDS_QUIET: u8 = 2;

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    /// First and last round present, 0-based, inclusive.
    pub first: usize,
    pub last: usize,
    pub max_consecutive: Option<u32>,
    /// Moves with difficulty (wheelchair, limited, guided): keep at one table.
    pub mover: bool,
    pub wheelchair: bool,
}

impl Person {
    pub fn present(&self, r: usize) -> bool {
        self.first <= r && r <= self.last
    }
}

#[derive(Debug, Clone)]
pub struct Table {
    pub id: String,
    /// `NEEDS_ACCESSIBLE | NEEDS_QUIET` bits this table offers.
    pub offers: u8,
}

/// Two people who may date, and what their date needs.
#[derive(Debug, Clone, Copy)]
pub struct Pair {
    pub a: u32,
    pub b: u32,
    pub interpreter: bool,
    /// `NEEDS_ACCESSIBLE | NEEDS_QUIET` bits.
    pub needs: u8,
    /// Rounds in which both are present, 0-based, inclusive.
    pub first: u16,
    pub last: u16,
    /// The date takes someone who moves with difficulty away from their own table:
    /// both move with difficulty (one must go to the other), or a mover who does not
    /// ask for quiet dates someone who does (most tables are not quiet).
    pub awkward: bool,
}

impl Pair {
    pub fn other(&self, v: u32) -> u32 {
        if self.a == v { self.b } else { self.a }
    }
}

#[derive(Debug, Clone)]
pub struct Model {
    pub rounds: usize,
    pub interpreters: u32,
    pub people: Vec<Person>,
    pub tables: Vec<Table>,
    pub pairs: Vec<Pair>,
    /// For each person, `(partner, pair index)`.
    pub adj: Vec<Vec<(u32, u32)>>,
    /// How many tables offer exactly each combination of `needs` bits.
    pub tables_by_kind: [u32; 4],
}

/// Whether `p` accepts `q`'s age.
fn age_ok(range: Option<[i64; 2]>, age: Option<i64>) -> bool {
    match (range, age) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some([lo, hi]), Some(a)) => lo <= a && a <= hi,
    }
}

/// Whether two people share a mode, need an interpreter, or cannot talk at all.
fn interpreter_needed(a: &[Mode], b: &[Mode]) -> Option<bool> {
    if a.iter().any(|m| b.contains(m)) {
        return Some(false);
    }
    let signs_speaks =
        |x: &[Mode], y: &[Mode]| x.contains(&Mode::Sign) && y.contains(&Mode::Speech);
    if signs_speaks(a, b) || signs_speaks(b, a) {
        Some(true)
    } else {
        None
    }
}

impl Model {
    /// Whether table `t` meets every need of pair `p`'s date.
    pub fn fits(&self, p: u32, t: u32) -> bool {
        let needs = self.pairs[p as usize].needs;
        self.tables[t as usize].offers & needs == needs
    }

    /// Checks an instance and indexes it; `Err` lists every problem found.
    pub fn new(inst: &Instance) -> Result<Model, Vec<InstanceError>> {
        let mut errors = Vec::new();
        let err = |place: String, message: String| InstanceError { place, message };
        let rounds = inst.rounds as usize;
        if rounds == 0 || rounds > MAX_ROUNDS {
            errors.push(err(
                "rounds".into(),
                format!("must be between 1 and {MAX_ROUNDS}; got {rounds}"),
            ));
        }
        if inst.participants.len() > MAX_PARTICIPANTS {
            errors.push(err(
                "participants".into(),
                format!(
                    "at most {MAX_PARTICIPANTS} people can be planned at once; got {}",
                    inst.participants.len()
                ),
            ));
        }
        if inst.tables.is_empty() {
            errors.push(err(
                "tables".into(),
                "there are no tables: give at least one".into(),
            ));
        }
        let mut table_ids = HashSet::new();
        for (i, t) in inst.tables.iter().enumerate() {
            if t.id.is_empty() {
                errors.push(err(format!("tables[{i}].id"), "is empty".into()));
            } else if !table_ids.insert(t.id.as_str()) {
                errors.push(err(format!("table {}", t.id), "id appears twice".into()));
            }
        }
        let mut index: HashMap<&str, u32> = HashMap::new();
        for (i, p) in inst.participants.iter().enumerate() {
            if p.id.is_empty() {
                errors.push(err(format!("participants[{i}].id"), "is empty".into()));
            } else if index.insert(p.id.as_str(), i as u32).is_some() {
                errors.push(err(
                    format!("participant {}", p.id),
                    "id appears twice".into(),
                ));
            }
        }
        for p in &inst.participants {
            let at = |field: &str| format!("participant {} field {field}", p.id);
            for a in &p.avoid {
                if !index.contains_key(a.as_str()) {
                    errors.push(err(at("avoid"), format!("names unknown participant {a:?}")));
                }
            }
            if let Some([lo, hi]) = p.partner_age
                && lo > hi
            {
                errors.push(err(
                    at("partner_age"),
                    format!("min {lo} is above max {hi}"),
                ));
            }
            if let Some([first, last]) = p.available
                && first > last
            {
                errors.push(err(
                    at("available"),
                    format!("first round {first} is after last round {last}"),
                ));
            }
            if p.max_consecutive == Some(0) {
                errors.push(err(at("max_consecutive"), "must be at least 1".into()));
            }
            if p.communication.is_empty() {
                errors.push(err(
                    at("communication"),
                    "lists no mode: give at least one".into(),
                ));
            }
        }
        for (i, [a, b]) in inst.met.iter().enumerate() {
            for x in [a, b] {
                if !index.contains_key(x.as_str()) {
                    errors.push(err(
                        format!("met[{i}]"),
                        format!("names unknown participant {x:?}"),
                    ));
                }
            }
        }
        if !errors.is_empty() {
            return Err(errors);
        }

        let people: Vec<Person> = inst
            .participants
            .iter()
            .map(|p| {
                // Windows reaching outside the evening are cut to it, as check.py
                // does; one wholly outside it leaves the person absent throughout.
                let [a, b] = p.available.unwrap_or([1, inst.rounds]);
                let absent = a > inst.rounds || b < 1;
                let (first, last) = if absent {
                    (usize::MAX, 0)
                } else {
                    (a.max(1) as usize - 1, b.min(inst.rounds) as usize - 1)
                };
                Person {
                    id: p.id.clone(),
                    first,
                    last,
                    max_consecutive: p.max_consecutive,
                    mover: p.mobility != Mobility::None,
                    wheelchair: p.mobility == Mobility::Wheelchair,
                }
            })
            .collect();
        let tables: Vec<Table> = inst
            .tables
            .iter()
            .map(|t| Table {
                id: t.id.clone(),
                offers: if t.accessible { NEEDS_ACCESSIBLE } else { 0 }
                    | if t.quiet { NEEDS_QUIET } else { 0 },
            })
            .collect();
        let mut tables_by_kind = [0u32; 4];
        for t in &tables {
            tables_by_kind[t.offers as usize] += 1;
        }
        let met: HashSet<(u32, u32)> = inst
            .met
            .iter()
            .map(|[a, b]| {
                let (x, y) = (index[a.as_str()], index[b.as_str()]);
                (x.min(y), x.max(y))
            })
            .collect();
        let avoid: HashSet<(u32, u32)> = inst
            .participants
            .iter()
            .enumerate()
            .flat_map(|(i, p)| {
                let index = &index;
                p.avoid.iter().map(move |a| {
                    let j = index[a.as_str()];
                    ((i as u32).min(j), (i as u32).max(j))
                })
            })
            .collect();
        // Group people by gender so that only pairs whose genders match are examined:
        // on a typical roster that halves the work, and most pairs fail on gender.
        let mut by_gender: HashMap<&str, Vec<u32>> = HashMap::new();
        for (i, p) in inst.participants.iter().enumerate() {
            by_gender
                .entry(p.gender.as_str())
                .or_default()
                .push(i as u32);
        }
        let mut pairs = Vec::new();
        let mut adj = vec![Vec::new(); people.len()];
        for (i, p) in inst.participants.iter().enumerate() {
            let i = i as u32;
            let mut seeks: Vec<&str> = p.seeks.iter().map(String::as_str).collect();
            seeks.sort_unstable();
            seeks.dedup();
            for g in seeks {
                let Some(group) = by_gender.get(g) else {
                    continue;
                };
                // Each unordered pair is examined once, from its lower index.
                for &j in group.iter().filter(|&&j| j > i) {
                    let q = &inst.participants[j as usize];
                    if !q.seeks.contains(&p.gender) {
                        continue;
                    }
                    if !age_ok(p.partner_age, q.age) || !age_ok(q.partner_age, p.age) {
                        continue;
                    }
                    let key = (i.min(j), i.max(j));
                    if avoid.contains(&key) || met.contains(&key) {
                        continue;
                    }
                    let Some(interpreter) = interpreter_needed(&p.communication, &q.communication)
                    else {
                        continue;
                    };
                    let (pa, pb) = (&people[i as usize], &people[j as usize]);
                    let first = pa.first.max(pb.first);
                    let last = pa.last.min(pb.last);
                    if first > last {
                        continue;
                    }
                    let needs = if pa.wheelchair || pb.wheelchair {
                        NEEDS_ACCESSIBLE
                    } else {
                        0
                    } | if p.quiet || q.quiet { NEEDS_QUIET } else { 0 };
                    let quiet_away = |x: &Person, spec: &PersonSpec| {
                        x.mover && !spec.quiet && needs & NEEDS_QUIET != 0
                    };
                    let awkward = (pa.mover && pb.mover) || quiet_away(pa, p) || quiet_away(pb, q);
                    let id = pairs.len() as u32;
                    pairs.push(Pair {
                        a: i,
                        b: j,
                        interpreter,
                        needs,
                        first: first as u16,
                        last: last as u16,
                        awkward,
                    });
                    adj[i as usize].push((j, id));
                    adj[j as usize].push((i, id));
                }
            }
        }
        Ok(Model {
            rounds,
            interpreters: inst.interpreters,
            people,
            tables,
            pairs,
            adj,
            tables_by_kind,
        })
    }

    /// Whether a round's dates, counted by what they need, fit its tables (Hall's
    /// condition for this nested structure: every set of needs has enough tables
    /// that meet it).
    pub fn tables_fit(&self, by_needs: &[u32; 4]) -> bool {
        hall(by_needs, &self.tables_by_kind)
    }
}

/// Whether dates counted by needs fit tables counted by what they offer.
pub fn hall(by_needs: &[u32; 4], t: &[u32; 4]) -> bool {
    {
        let (aq, a, q, n) = (by_needs[3], by_needs[1], by_needs[2], by_needs[0]);
        aq <= t[3]
            && aq + a <= t[3] + t[1]
            && aq + q <= t[3] + t[2]
            && aq + a + q <= t[3] + t[1] + t[2]
            && aq + a + q + n <= t[0] + t[1] + t[2] + t[3]
    }
}
