//! Random instances of the same kind as the samples in `../shared/scheduling/samples/`
//! (their mix of genders, ages, needs and late arrivals), for property tests,
//! benchmarks and trying the planner on evenings it has never seen.

use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

use super::format::{Instance, PersonSpec, TableSpec};
use crate::core::participant::{Mobility, Mode};

/// The kinds of evening measured in `docs/scheduling.md`. All have about 40% of guests
/// who move with difficulty, tables for about 45% of the guests and 10–13% of guests
/// on a partial `available` window, except where a kind says otherwise.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Kind {
    #[default]
    Standard,
    /// About a tenth seek their own gender or both, as in `s3-120-mixed.json`.
    Mixed,
    /// Half the guests move with difficulty.
    Dense,
    /// One table for every three guests.
    FewTables,
    /// 30% of guests on a partial window: many arrive late or leave early.
    Late,
}

impl std::str::FromStr for Kind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(match s {
            "standard" => Kind::Standard,
            "mixed" => Kind::Mixed,
            "dense" => Kind::Dense,
            "few-tables" => Kind::FewTables,
            "late" => Kind::Late,
            _ => {
                return Err(format!(
                    "{s:?} is not a kind: standard, mixed, dense, few-tables or late"
                ));
            }
        })
    }
}

/// An instance of `n` participants and `rounds` rounds; the same seed gives the same
/// instance. With `mixed`, about a tenth seek their own gender or both, as in
/// `s3-120-mixed.json`.
pub fn generate(n: usize, rounds: u32, seed: u64, mixed: bool) -> Instance {
    generate_kind(
        n,
        rounds,
        seed,
        if mixed { Kind::Mixed } else { Kind::Standard },
    )
}

/// An instance of the given kind; the same seed gives the same instance.
pub fn generate_kind(n: usize, rounds: u32, seed: u64, kind: Kind) -> Instance {
    let mut rng = StdRng::seed_from_u64(seed);
    let participants: Vec<PersonSpec> = (0..n)
        .map(|i| person(&mut rng, i, n, rounds, kind))
        .collect();
    let mut participants = participants;
    // About one in twenty-five asks not to meet someone.
    for i in 0..n {
        if n > 1 && rng.random_bool(0.04) {
            let j = (i + rng.random_range(1..n)) % n;
            let other = participants[j].id.clone();
            participants[i].avoid.push(other);
        }
    }
    let tables = match kind {
        Kind::FewTables => n.div_ceil(3),
        _ => (n * 46).div_ceil(100),
    }
    .max(1);
    let tables = (0..tables)
        .map(|t| TableSpec {
            id: format!("T{:03}", t + 1),
            accessible: t * 100 < tables * 31,
            quiet: t * 100 >= tables * 90,
        })
        .collect();
    Instance {
        rounds,
        interpreters: (n as u32).div_ceil(60),
        tables,
        participants,
        met: Vec::new(),
    }
}

fn person(rng: &mut StdRng, i: usize, n: usize, rounds: u32, kind: Kind) -> PersonSpec {
    let mixed = kind == Kind::Mixed;
    let female = rng.random_bool(0.47);
    let (gender, other) = if female {
        ("female", "male")
    } else {
        ("male", "female")
    };
    let seeks = match (mixed, rng.random_range(0..20)) {
        (true, 0) => vec![gender.to_string()],
        (true, 1) => vec!["female".to_string(), "male".to_string()],
        _ => vec![other.to_string()],
    };
    let age: i64 = rng.random_range(22..=52);
    let partner_age = rng.random_bool(0.84).then(|| {
        let lo = age - rng.random_range(0..=10);
        [lo.max(20), age + rng.random_range(2..=10)]
    });
    // A dense evening scales the three kinds of mover from 40% to 50%.
    let roll = match kind {
        Kind::Dense => match rng.random_range(0..100) {
            r @ 0..50 => r * 4 / 5,
            r => r,
        },
        _ => rng.random_range(0..100),
    };
    let mobility = match roll {
        0..19 => Mobility::Wheelchair,
        19..29 => Mobility::Limited,
        29..40 => Mobility::Guided,
        _ => Mobility::None,
    };
    let communication = match rng.random_range(0..100) {
        0..2 => vec![Mode::Sign],
        2..7 => vec![Mode::Speech, Mode::Sign],
        7..15 => vec![Mode::Sign, Mode::Text],
        15..21 => vec![Mode::Text],
        21..59 => vec![Mode::Speech, Mode::Text],
        _ => vec![Mode::Speech],
    };
    let max_consecutive = rng.random_bool(0.2).then(|| rng.random_range(2..=4));
    let partial = if kind == Kind::Late { 0.30 } else { 0.12 };
    let available = (rounds > 4 && rng.random_bool(partial)).then(|| {
        if rng.random_bool(0.6) {
            [rng.random_range(2..=4), rounds]
        } else {
            [1, rng.random_range(rounds / 2..rounds)]
        }
    });
    PersonSpec {
        id: format!("p{:0width$}", i + 1, width = n.to_string().len().max(3)),
        gender: gender.into(),
        seeks,
        age: Some(age),
        partner_age,
        mobility,
        communication,
        quiet: rng.random_bool(0.06),
        avoid: Vec::new(),
        max_consecutive,
        available,
    }
}
