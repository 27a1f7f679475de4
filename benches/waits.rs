//! How good the matchmaker desks' wait estimate is, on a simulated evening: three
//! hours of eight-minute dates with two-minute changes, 60 guests (80% of them in a
//! date during each round, and so passed over), two desks, a guest joining the
//! queue every four minutes or so (one in ten for accessibility assistance, one in
//! ten asking the matchmaker to come to them), a walk of 30–90 s to the desk after
//! a call, visits of 3–9 minutes, and one call in twenty never answered (a no-show
//! after three minutes). Every rule is the real one (`blossom::core::live::desk`);
//! only the people are simulated.
//!
//! For each ticket the estimate shown when it joined (`wait_ms`, low and high) is
//! compared with the real wait (joining to being called). `cargo bench --bench
//! waits` (`-- <seed>` for another evening) ends with one line of figures for
//! docs/performance.md.

use std::collections::HashMap;

use blossom::core::live::Outcome;
use blossom::core::live::desk::{Context, DeskCmd, Desks, Evening, TicketState};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

const STEP: i64 = 10_000;
const EVENING: i64 = 3 * 3_600_000;
const ROUND: i64 = 8 * 60_000;
const CHANGE: i64 = 2 * 60_000;
const GUESTS: usize = 60;

/// Who is in a date now, and until when.
struct Hall {
    now: i64,
    seated: Vec<bool>,
}

impl Hall {
    /// The end of the round under way, if one is.
    fn round_end(&self) -> Option<i64> {
        let into = self.now % (ROUND + CHANGE);
        (into < ROUND).then_some(self.now - into + ROUND)
    }
}

impl Evening for Hall {
    fn in_date_until(&self, person: &str) -> Option<i64> {
        let i: usize = person[1..].parse().ok()?;
        self.round_end().filter(|_| self.seated[i])
    }
}

struct Visit {
    joined: i64,
    estimate: [i64; 2],
    called: Option<i64>,
}

fn main() {
    let seed = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(7);
    let mut rng = StdRng::seed_from_u64(seed);
    let desks_labels = vec!["1".to_string(), "2".to_string()];
    let mut desks = Desks::default();
    let mut hall = Hall {
        now: 0,
        seated: vec![false; GUESTS],
    };
    let mut visits: HashMap<String, Visit> = HashMap::new();
    // Per desk: when the guest called arrives, and when the visit ends.
    let mut arrives: HashMap<String, i64> = HashMap::new();
    let mut ends: HashMap<String, i64> = HashMap::new();
    let mut last_round = -1;
    let run = |desks: &mut Desks, hall: &Hall, cmd: DeskCmd| {
        let ctx = Context {
            desks: &desks_labels,
            evening: hall,
        };
        desks.apply(&cmd, &ctx, hall.now, &mut Outcome::default())
    };
    while hall.now < EVENING {
        let round = hall.now / (ROUND + CHANGE);
        if round != last_round {
            last_round = round;
            for s in hall.seated.iter_mut() {
                *s = rng.random_range(0..10) < 8;
            }
        }
        // Guests join.
        if rng.random_range(0..24) == 0 {
            let who = rng.random_range(0..GUESTS);
            let id = format!("p{who}");
            let reason = match rng.random_range(0..10) {
                0 => "access",
                1 => "help",
                2 => "about_someone",
                _ => "advice",
            };
            let cmd = DeskCmd::Join {
                participant: id.clone(),
                reason: reason.into(),
                come_to_me: rng.random_range(0..10) == 0,
                note: None,
                place: None,
                by_staff: false,
            };
            if run(&mut desks, &hall, cmd).is_ok() {
                let left = hall.in_date_until(&id).map(|end| end - hall.now);
                let v = desks.view_in(&id, desks_labels.len(), left);
                visits.insert(
                    v.ticket.clone().unwrap_or_default(),
                    Visit {
                        joined: hall.now,
                        estimate: v.wait_ms.unwrap_or([0, 0]),
                        called: None,
                    },
                );
            }
        }
        for desk in &desks_labels {
            match desks.at_desk(desk).map(|t| (t.id.clone(), t.state.clone())) {
                None => {
                    if run(&mut desks, &hall, DeskCmd::Next { desk: desk.clone() }).is_ok() {
                        let t = desks
                            .at_desk(desk)
                            .map(|t| t.id.clone())
                            .unwrap_or_default();
                        if let Some(v) = visits.get_mut(&t) {
                            v.called = Some(hall.now);
                        }
                        // One call in twenty is never answered.
                        let walk = if rng.random_range(0..20) == 0 {
                            i64::MAX
                        } else {
                            rng.random_range(3..=9) * STEP
                        };
                        arrives.insert(desk.clone(), hall.now.saturating_add(walk));
                    }
                }
                Some((t, TicketState::Called { at, .. })) => {
                    if hall.now >= arrives[desk] {
                        run(&mut desks, &hall, DeskCmd::Start { ticket: t }).ok();
                        ends.insert(desk.clone(), hall.now + rng.random_range(18..=54) * STEP);
                    } else if hall.now - at >= 180_000 {
                        run(&mut desks, &hall, DeskCmd::NoShow { ticket: t }).ok();
                    }
                }
                Some((t, TicketState::Serving { .. })) => {
                    if hall.now >= ends[desk] {
                        run(&mut desks, &hall, DeskCmd::Done { ticket: t }).ok();
                    }
                }
                Some((_, TicketState::Waiting)) => {}
            }
        }
        let mut out = Outcome::default();
        desks.fire(hall.now, &mut out);
        hall.now += STEP;
    }

    // Estimates against real waits, for the tickets that were called.
    let done: Vec<&Visit> = visits.values().filter(|v| v.called.is_some()).collect();
    let n = done.len().max(1) as f64;
    let (mut inside, mut early, mut late) = (0, 0, 0);
    let mut errors: Vec<f64> = Vec::new();
    for v in &done {
        let real = v.called.unwrap_or(v.joined) - v.joined;
        let [lo, hi] = v.estimate;
        if real < lo {
            early += 1;
        } else if real > hi {
            late += 1;
        } else {
            inside += 1;
        }
        errors.push(((real - (lo + hi) / 2).abs()) as f64 / 60_000.0);
    }
    errors.sort_by(f64::total_cmp);
    let at = |q: f64| {
        errors
            .get(((errors.len() as f64 - 1.0) * q).round() as usize)
            .copied()
            .unwrap_or(0.0)
    };
    let pct = |k: usize| 100.0 * k as f64 / n;
    println!(
        "waits seed={seed} tickets={} called={} inside={:.0}% sooner={:.0}% later={:.0}% midpoint_error_min median={:.1} p90={:.1}",
        visits.len(),
        done.len(),
        pct(inside),
        pct(early),
        pct(late),
        at(0.5),
        at(0.9),
    );
}
