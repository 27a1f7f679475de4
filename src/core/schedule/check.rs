//! An independent check of a schedule against its instance: every hard rule of
//! FORMAT.md and the figures `check.py` prints, computed from the exchange format
//! alone. It shares no code with the planner, so the planner's tests can trust it.

use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::format::{Instance, PersonSpec, Schedule};
use crate::core::participant::{Mobility, Mode};

/// The figures of a schedule, as `check.py` prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Figures {
    pub dates: u32,
    pub participants: usize,
    /// People who could date (a compatible partner present at the same time) but
    /// got no date.
    pub left_out: usize,
    pub min_dates: u32,
    pub max_dates: u32,
    /// Dates and table changes of people who move with difficulty.
    pub mover_dates: u32,
    pub mover_table_changes: u32,
}

fn window(p: &PersonSpec, rounds: u32) -> (u32, u32) {
    let [a, b] = p.available.unwrap_or([1, rounds]);
    (a.max(1), b.min(rounds))
}

fn age_ok(p: &PersonSpec, q: &PersonSpec) -> bool {
    match (p.partner_age, q.age) {
        (None, _) => true,
        (Some(_), None) => false,
        (Some([lo, hi]), Some(a)) => lo <= a && a <= hi,
    }
}

/// Why two people can never date (`Err`), or whether their date needs an
/// interpreter (`Ok`).
fn pair_rule(
    p: &PersonSpec,
    q: &PersonSpec,
    met: &HashSet<(&str, &str)>,
) -> Result<bool, &'static str> {
    if !q.seeks.contains(&p.gender) || !p.seeks.contains(&q.gender) {
        return Err("genders do not match what each seeks");
    }
    if !age_ok(p, q) || !age_ok(q, p) {
        return Err("age outside a partner_age range");
    }
    if p.avoid.contains(&q.id) || q.avoid.contains(&p.id) {
        return Err("one avoids the other");
    }
    if met.contains(&(p.id.as_str(), q.id.as_str()))
        || met.contains(&(q.id.as_str(), p.id.as_str()))
    {
        return Err("already met before this schedule");
    }
    if p.communication.iter().any(|m| q.communication.contains(m)) {
        return Ok(false);
    }
    let signs_speaks = |x: &PersonSpec, y: &PersonSpec| {
        x.communication.contains(&Mode::Sign) && y.communication.contains(&Mode::Speech)
    };
    if signs_speaks(p, q) || signs_speaks(q, p) {
        Ok(true)
    } else {
        Err("no shared way to communicate")
    }
}

/// The rule violations of `schedule` (empty when valid) and its figures.
pub fn check(inst: &Instance, schedule: &Schedule) -> (Vec<String>, Figures) {
    let rounds = inst.rounds;
    let mut errors = Vec::new();
    let mut people: HashMap<&str, &PersonSpec> = HashMap::new();
    for p in &inst.participants {
        if people.insert(p.id.as_str(), p).is_some() {
            errors.push(format!("instance: participant id {} appears twice", p.id));
        }
    }
    let tables: HashMap<&str, (bool, bool)> = inst
        .tables
        .iter()
        .map(|t| (t.id.as_str(), (t.accessible, t.quiet)))
        .collect();
    let met: HashSet<(&str, &str)> = inst
        .met
        .iter()
        .map(|[a, b]| (a.as_str(), b.as_str()))
        .collect();
    let mut dated: HashMap<(&str, &str), u32> = HashMap::new();
    let mut busy: HashMap<&str, Vec<u32>> = HashMap::new();
    let mut seats: HashMap<&str, Vec<(u32, &str)>> = HashMap::new();
    let mut seen_rounds = HashSet::new();
    for rp in &schedule.rounds {
        let r = rp.round;
        if r < 1 || r > rounds || !seen_rounds.insert(r) {
            errors.push(format!(
                "round {r}: not a round number in 1..{rounds}, or given twice"
            ));
            continue;
        }
        let mut used_tables = HashSet::new();
        let mut used_people = HashSet::new();
        let mut interpreters = 0;
        for (i, d) in rp.dates.iter().enumerate() {
            let at = format!("round {r} date {}", i + 1);
            let (Some(p), Some(q)) = (people.get(d.a.as_str()), people.get(d.b.as_str())) else {
                errors.push(format!("{at}: unknown participant"));
                continue;
            };
            let Some(&(accessible, quiet)) = tables.get(d.table.as_str()) else {
                errors.push(format!("{at}: unknown table {}", d.table));
                continue;
            };
            if d.a == d.b {
                errors.push(format!("{at}: {} is paired with themself", d.a));
                continue;
            }
            for x in [d.a.as_str(), d.b.as_str()] {
                if !used_people.insert(x) {
                    errors.push(format!("{at}: {x} has two dates in this round"));
                }
            }
            if !used_tables.insert(d.table.as_str()) {
                errors.push(format!(
                    "{at}: table {} holds two dates in this round",
                    d.table
                ));
            }
            match pair_rule(p, q, &met) {
                Err(why) => errors.push(format!("{at}: {} and {} cannot date: {why}", d.a, d.b)),
                Ok(needed) if needed != d.interpreter => {
                    errors.push(format!("{at}: interpreter should be {needed}"))
                }
                Ok(_) => {}
            }
            interpreters += d.interpreter as u32;
            let key = if d.a < d.b {
                (d.a.as_str(), d.b.as_str())
            } else {
                (d.b.as_str(), d.a.as_str())
            };
            if let Some(before) = dated.insert(key, r) {
                errors.push(format!(
                    "{at}: {} and {} already dated in round {before}",
                    d.a, d.b
                ));
            }
            for x in [*p, *q] {
                if x.mobility == Mobility::Wheelchair && !accessible {
                    errors.push(format!(
                        "{at}: {} uses a wheelchair but table {} is not accessible",
                        x.id, d.table
                    ));
                }
                if x.quiet && !quiet {
                    errors.push(format!(
                        "{at}: {} needs a quiet table but {} is not quiet",
                        x.id, d.table
                    ));
                }
                let (first, last) = window(x, rounds);
                if r < first || r > last {
                    errors.push(format!("{at}: {} is not present in round {r}", x.id));
                }
                busy.entry(x.id.as_str()).or_default().push(r);
                seats
                    .entry(x.id.as_str())
                    .or_default()
                    .push((r, d.table.as_str()));
            }
        }
        if interpreters > inst.interpreters {
            errors.push(format!(
                "round {r}: {interpreters} dates need an interpreter, {} on duty",
                inst.interpreters
            ));
        }
        let present: HashSet<&str> = inst
            .participants
            .iter()
            .filter(|p| {
                let (a, b) = window(p, rounds);
                a <= r && r <= b
            })
            .map(|p| p.id.as_str())
            .collect();
        let resting: HashSet<&str> = rp.resting.iter().map(String::as_str).collect();
        let expected: HashSet<&str> = present.difference(&used_people).copied().collect();
        if resting != expected {
            errors.push(format!(
                "round {r}: the resting list differs from the present people without a date"
            ));
        }
    }
    for p in &inst.participants {
        let Some(limit) = p.max_consecutive else {
            continue;
        };
        let mut rs = busy.get(p.id.as_str()).cloned().unwrap_or_default();
        rs.sort_unstable();
        rs.dedup();
        let mut run = 0;
        let mut prev = 0;
        for r in rs {
            run = if r == prev + 1 { run + 1 } else { 1 };
            prev = r;
            if run > limit {
                errors.push(format!(
                    "{}: {run} dates in a row up to round {r}, max_consecutive is {limit}",
                    p.id
                ));
                break;
            }
        }
    }
    // Figures.
    let could: Vec<&PersonSpec> = inst
        .participants
        .iter()
        .filter(|p| {
            let (pa, pb) = window(p, rounds);
            inst.participants.iter().any(|q| {
                let (qa, qb) = window(q, rounds);
                q.id != p.id && pair_rule(p, q, &met).is_ok() && pa.max(qa) <= pb.min(qb)
            })
        })
        .collect();
    let count = |id: &str| {
        busy.get(id)
            .map_or(0, |v| v.iter().collect::<HashSet<_>>().len() as u32)
    };
    let mut mover_dates = 0;
    let mut changes = 0;
    for p in inst
        .participants
        .iter()
        .filter(|p| p.mobility != Mobility::None)
    {
        let mut s = seats.get(p.id.as_str()).cloned().unwrap_or_default();
        s.sort_unstable();
        mover_dates += s.len() as u32;
        changes += s.windows(2).filter(|w| w[0].1 != w[1].1).count() as u32;
    }
    let figures = Figures {
        dates: dated.len() as u32,
        participants: inst.participants.len(),
        left_out: could.iter().filter(|p| count(&p.id) == 0).count(),
        min_dates: could.iter().map(|p| count(&p.id)).min().unwrap_or(0),
        max_dates: inst
            .participants
            .iter()
            .map(|p| count(&p.id))
            .max()
            .unwrap_or(0),
        mover_dates,
        mover_table_changes: changes,
    };
    (errors, figures)
}
