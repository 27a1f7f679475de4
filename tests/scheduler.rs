//! The scheduler against its promises: every schedule valid (checked by an
//! independent checker, and by `check.py` on the samples), quality on the samples,
//! re-planning, reproducibility, and clear errors for bad instances.

use std::path::PathBuf;
use std::process::Command;

use blossom::core::schedule::check::check;
use blossom::core::schedule::generate::{Kind, generate, generate_kind};
use blossom::core::schedule::{Effort, Instance, Schedule, plan, replan};

fn effort(seed: u64, n: usize) -> Effort {
    Effort::for_size(n, seed)
}

/// Two thousand random instances of every size and mix: each schedule breaks no
/// rule, by the independent checker, and its figures agree with the checker's.
#[test]
fn every_schedule_of_random_instances_keeps_every_hard_rule() {
    let mut checked = 0;
    for seed in 0..2000u64 {
        let n = [2, 3, 5, 8, 13, 21, 34, 55][seed as usize % 8];
        let rounds = 1 + (seed % 9) as u32;
        let mut inst = generate(n, rounds, seed, seed % 3 == 0);
        // Squeeze the room now and then: few tables, no interpreters.
        if seed % 5 == 0 {
            inst.tables.truncate(1 + n / 5);
            inst.interpreters = 0;
        }
        let planned = plan(
            &inst,
            Effort {
                iterations: 50,
                ..effort(seed, n)
            },
        )
        .unwrap();
        let (errors, figures) = check(&inst, &planned.schedule);
        assert!(errors.is_empty(), "seed {seed}: {errors:?}");
        assert_eq!(figures, planned.figures);
        checked += 1;
    }
    assert_eq!(checked, 2000);
}

/// Re-plans of random evenings at random moments, with people leaving, resting
/// and arriving late: the past is kept, and the rounds to come keep every rule for
/// who is there.
#[test]
fn every_replan_of_random_evenings_keeps_the_past_and_every_rule() {
    for seed in 0..300u64 {
        let n = [6, 10, 20, 40][seed as usize % 4];
        let rounds = 3 + (seed % 6) as u32;
        let mut inst = generate(n, rounds, seed, seed % 2 == 0);
        let first = plan(
            &inst,
            Effort {
                iterations: 20,
                ..effort(seed, n)
            },
        )
        .unwrap()
        .schedule;
        let k = 1 + (seed as u32 % (rounds - 1));
        // Someone leaves, someone rests next round, someone arrives late.
        for (i, p) in inst.participants.iter_mut().enumerate() {
            match (i + seed as usize) % 7 {
                0 => p.available = Some([1, k]),
                1 if k + 2 <= rounds => p.available = Some([k + 2, rounds]),
                _ => {}
            }
        }
        let again = replan(
            &inst,
            &first,
            k,
            Effort {
                iterations: 20,
                ..Effort::replan(n, seed)
            },
        )
        .unwrap();
        for r in 0..k as usize {
            assert!(
                again.schedule.rounds[r].dates == first.rounds[r].dates,
                "seed {seed}: round {} changed",
                r + 1
            );
        }
        let mut now = inst.clone();
        for d in first.rounds[..k as usize].iter().flat_map(|r| &r.dates) {
            now.met.push([d.a.clone(), d.b.clone()]);
        }
        let future = Schedule {
            rounds: again.schedule.rounds[k as usize..].to_vec(),
        };
        let (errors, _) = check(&now, &future);
        assert!(
            errors.is_empty(),
            "seed {seed}, re-plan after round {k}: {errors:?}"
        );
    }
}

#[test]
fn the_same_seed_gives_the_same_schedule_and_another_seed_may_differ() {
    let inst = generate(60, 8, 5, false);
    let a = plan(&inst, effort(7, 60)).unwrap().schedule;
    let b = plan(&inst, effort(7, 60)).unwrap().schedule;
    assert_eq!(a, b);
}

fn shared() -> Option<PathBuf> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/scheduling");
    if dir.join("samples").is_dir() {
        return Some(dir);
    }
    missing("../shared/scheduling (the samples and check.py) is not beside this checkout");
    None
}

/// Something a reference check needs is missing: in CI that fails the test; on a
/// newcomer's machine it is said loudly, never passed over in silence.
fn missing(what: &str) {
    if std::env::var_os("CI").is_some() {
        panic!("{what}: CI must run the reference checks");
    }
    eprintln!("NOT CHECKED: {what}; CI runs this check");
}

fn sample(dir: &std::path::Path, name: &str) -> Instance {
    serde_json::from_str(&std::fs::read_to_string(dir.join("samples").join(name)).unwrap()).unwrap()
}

/// The figures to beat, from `samples/REFERENCE.md`: (sample, optimum dates, fewest left out).
const REFERENCE: [(&str, u32, usize); 4] = [
    ("s1-16.json", 18, 0),
    ("s2-40.json", 101, 0),
    ("s3-120-mixed.json", 378, 3),
    ("s4-300.json", 1487, 1),
];

#[test]
fn on_every_sample_the_plan_is_valid_near_optimal_fair_and_keeps_movers_seated() {
    let Some(dir) = shared() else {
        return;
    };
    for (name, optimum, fewest_left_out) in REFERENCE {
        let inst = sample(&dir, name);
        let planned = plan(&inst, effort(1, inst.participants.len())).unwrap();
        let (errors, f) = check(&inst, &planned.schedule);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(
            f.dates as f64 >= 0.98 * optimum as f64,
            "{name}: {} dates of {optimum}",
            f.dates
        );
        assert!(
            f.left_out <= fewest_left_out,
            "{name}: {} left out",
            f.left_out
        );
        assert!(
            4 * f.mover_table_changes <= f.mover_dates,
            "{name}: {} changes in {} mover dates",
            f.mover_table_changes,
            f.mover_dates
        );
    }
}

/// Issue 27's kinds of evening, as `docs/scheduling.md`'s table measures them (seed
/// 1; the plan is the same on every machine): at least the dates given (each at
/// least 99% of the proven optimum, or of the bound at 300 guests), and the table
/// changes of people who move with difficulty where they stand now. Before awkward
/// dates were kept out of the first plan, 300 guests had 13% and few tables 19%;
/// before each mover was re-seated along their whole evening (`reseat.rs`), 60 mixed
/// guests had 16.1%, the dense kind 25.9%, few tables 15.4% and 300 guests 9.6%.
/// Before the search for dates left the spread of dates to the seated search
/// (`plan::Aim`), the late kind had 149 dates of 151 (98.7%) and the dense kind
/// 359 of 361. Both now have the optimum (151, 361), and their movers one and two
/// more table changes: the late kind 13 of 110 mover dates then, 14 of 109 now;
/// the dense kind 78 of 326 then, 80 of 325 now.
#[test]
fn on_the_generated_kinds_the_plan_keeps_its_dates_and_movers_change_tables_less() {
    // (kind, guests, rounds, seed, fewest dates, most changes in 1,000 mover dates).
    // Since the best schedule of the steps after the search is kept (polish.rs),
    // 40 guests have 9 changes in 66 mover dates (136‰; 11 before, 167‰), 60 mixed
    // 11 in 86 (128‰; 140‰ before), 60 late 13 in 109 (119‰; 128‰ before), few
    // tables 53 in 410 (129‰; 134‰ before): each limit fails without it.
    let kinds = [
        (Kind::Standard, 40, 8, 202, 107, 140),
        (Kind::Mixed, 60, 8, 203, 132, 130),
        (Kind::Late, 60, 8, 207, 150, 120),
        (Kind::Dense, 100, 12, 204, 360, 250),
        (Kind::FewTables, 150, 10, 205, 500, 130),
        (Kind::Standard, 300, 12, 206, 1632, 95),
    ];
    for (kind, n, rounds, seed, least, changes) in kinds {
        let inst = generate_kind(n, rounds, seed, kind);
        let planned = plan(&inst, effort(1, n)).unwrap();
        let (errors, f) = check(&inst, &planned.schedule);
        assert!(errors.is_empty(), "{kind:?}: {errors:?}");
        assert!(f.dates >= least, "{kind:?}: {} dates", f.dates);
        assert!(
            1000 * f.mover_table_changes <= changes * f.mover_dates,
            "{kind:?}: {} changes in {} mover dates",
            f.mover_table_changes,
            f.mover_dates
        );
    }
}

#[test]
fn check_py_finds_no_violation_in_the_samples_schedules() {
    let Some(dir) = shared() else {
        return;
    };
    if Command::new("python3").arg("--version").output().is_err() {
        missing("python3 is not installed, so check.py cannot run");
        return;
    }
    let out_dir = tempfile::tempdir().unwrap();
    for (name, _, _) in REFERENCE {
        let inst = sample(&dir, name);
        let planned = plan(&inst, effort(1, inst.participants.len())).unwrap();
        let path = out_dir.path().join(name);
        std::fs::write(&path, serde_json::to_string(&planned.schedule).unwrap()).unwrap();
        let out = Command::new("python3")
            .arg(dir.join("check.py"))
            .arg(dir.join("samples").join(name))
            .arg(&path)
            .arg("--json")
            .output()
            .unwrap();
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(report["errors"], serde_json::json!([]), "{name}");
        assert_eq!(report["dates"], planned.figures.dates, "{name}");
        assert_eq!(report["left_out"], planned.figures.left_out, "{name}");
        assert_eq!(
            report["mover_table_changes"], planned.figures.mover_table_changes,
            "{name}"
        );
    }
}

/// A late arrival, someone who left, and someone away at a desk: the re-plan keeps
/// the rounds that happened, keeps the announced dates still possible at their
/// tables, and never seats anyone who is not there.
#[test]
fn a_replan_keeps_the_past_and_the_announced_tables_and_follows_who_is_present() {
    let mut inst = generate(80, 10, 3, false);
    let first = plan(&inst, effort(1, 80)).unwrap().schedule;
    // Round 3 is under way. One person leaves after it, one is away for round 4
    // (at a matchmaker desk), one arrives late for round 5.
    let leaver = first.rounds[2].dates[0].a.clone();
    let away = first.rounds[3]
        .dates
        .iter()
        .map(|d| d.a.clone())
        .find(|a| *a != leaver)
        .unwrap();
    // The late arrival is someone who had no date in the first three rounds.
    let dated_in = |rs: &[blossom::core::schedule::RoundPlan], id: &str| {
        rs.iter()
            .any(|r| r.dates.iter().any(|d| d.a == id || d.b == id))
    };
    let dated_early =
        |id: &str| dated_in(&first.rounds[..3], id) || !dated_in(&first.rounds[4..], id);
    let late_id = inst
        .participants
        .iter()
        .find(|p| p.available.is_none() && !dated_early(&p.id) && p.id != away)
        .map(|p| p.id.clone())
        .expect("someone without a date in the first three rounds, to arrive late");
    for p in inst.participants.iter_mut() {
        if p.id == leaver {
            p.available = Some([1, 3]);
        }
        if p.id == late_id {
            p.available = Some([5, 10]);
        }
    }
    // Away for round 4 only: a window cannot say that, so the re-plan for round 4
    // sees them absent until they are back.
    let pos = inst.participants.iter().position(|p| p.id == away).unwrap();
    inst.participants[pos].available = Some([5, 10]);
    let again = replan(&inst, &first, 3, effort(2, 80)).unwrap();
    // The rounds still to come keep every rule for who is present now, and repeat
    // no pair that already met.
    let mut now = inst.clone();
    for d in first.rounds[..3].iter().flat_map(|r| &r.dates) {
        now.met.push([d.a.clone(), d.b.clone()]);
    }
    let future = Schedule {
        rounds: again.schedule.rounds[3..].to_vec(),
    };
    let (errors, _) = check(&now, &future);
    assert!(errors.is_empty(), "{errors:?}");
    assert!(
        future.rounds[1..]
            .iter()
            .any(|r| r.dates.iter().any(|d| d.a == late_id || d.b == late_id)),
        "the late arrival {late_id} is seated once here"
    );
    for r in 0..3 {
        assert!(
            again.schedule.rounds[r].dates == first.rounds[r].dates,
            "round {} that happened is kept",
            r + 1
        );
    }
    let announced = &first.rounds[3].dates;
    let kept = announced
        .iter()
        .filter(|d| again.schedule.rounds[3].dates.contains(d))
        .count();
    let possible = announced
        .iter()
        .filter(|d| {
            ![&leaver, &away, &late_id].contains(&&d.a)
                && ![&leaver, &away, &late_id].contains(&&d.b)
        })
        .count();
    assert_eq!(
        kept, possible,
        "every announced date still possible is kept at its table"
    );
    for r in &again.schedule.rounds[3..] {
        assert!(
            r.dates.iter().all(|d| d.a != leaver && d.b != leaver),
            "round {}: {:?} leaver {leaver}",
            r.round,
            r.dates
        );
    }
}

#[test]
fn bad_instances_name_the_participant_or_table_and_the_field() {
    let inst: Instance = serde_json::from_value(serde_json::json!({
        "rounds": 4,
        "tables": [{"id": "T1"}, {"id": "T1"}],
        "participants": [
            {"id": "a", "gender": "female", "seeks": ["male"], "partner_age": [40, 30], "avoid": ["ghost"]},
            {"id": "a", "gender": "male", "seeks": ["female"], "available": [5, 2]},
            {"id": "b", "gender": "male", "seeks": ["female"], "max_consecutive": 0}
        ],
        "met": [["a", "nobody"]]
    }))
    .unwrap();
    let errors = plan(&inst, Effort::default()).unwrap_err();
    let text: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    for want in [
        "table T1: id appears twice",
        "participant a: id appears twice",
        "participant a field avoid: names unknown participant \"ghost\"",
        "participant a field partner_age: min 40 is above max 30",
        "participant a field available: first round 5 is after last round 2",
        "participant b field max_consecutive: must be at least 1",
        "met[0]: names unknown participant \"nobody\"",
    ] {
        assert!(
            text.iter().any(|t| t == want),
            "missing {want:?} in {text:#?}"
        );
    }
    let endless: Instance = serde_json::from_value(
        serde_json::json!({"rounds": 4000000000u32, "tables": [{"id": "T"}], "participants": []}),
    )
    .unwrap();
    assert!(
        plan(&endless, Effort::default()).unwrap_err()[0]
            .to_string()
            .starts_with("rounds: must be between 1 and 200")
    );
    let no_tables: Instance =
        serde_json::from_value(serde_json::json!({"rounds": 2, "tables": [], "participants": []}))
            .unwrap();
    assert!(
        plan(&no_tables, Effort::default()).unwrap_err()[0]
            .to_string()
            .contains("no tables")
    );
}

#[test]
fn an_empty_roster_or_nobody_compatible_gives_an_empty_valid_schedule() {
    let inst: Instance = serde_json::from_value(serde_json::json!({
        "rounds": 3, "tables": [{"id": "T1"}],
        "participants": [
            {"id": "a", "gender": "female", "seeks": ["female"]},
            {"id": "b", "gender": "male", "seeks": ["male"]}
        ]
    }))
    .unwrap();
    let planned = plan(&inst, Effort::default()).unwrap();
    assert_eq!(planned.figures.dates, 0);
    assert_eq!(planned.figures.left_out, 0);
    assert_eq!(planned.schedule.rounds.len(), 3);
    assert_eq!(planned.schedule.rounds[0].resting, vec!["a", "b"]);
}

/// Each kind of generated evening has the proportions it promises, and plans to a
/// valid schedule in which the movers change tables less often than they would with
/// a new table at every date.
#[test]
fn every_kind_of_generated_evening_has_its_proportions_and_plans_validly() {
    use blossom::core::schedule::generate::{Kind, generate_kind};
    let movers = |inst: &Instance| {
        inst.participants
            .iter()
            .filter(|p| !matches!(p.mobility, blossom::core::participant::Mobility::None))
            .count() as f64
            / inst.participants.len() as f64
    };
    let partial = |inst: &Instance| {
        inst.participants
            .iter()
            .filter(|p| p.available.is_some())
            .count() as f64
            / inst.participants.len() as f64
    };
    for (kind, name) in [
        (Kind::Standard, "standard"),
        (Kind::Mixed, "mixed"),
        (Kind::Dense, "dense"),
        (Kind::FewTables, "few-tables"),
        (Kind::Late, "late"),
    ] {
        assert_eq!(name.parse::<Kind>(), Ok(kind));
        let inst = generate_kind(400, 8, 9, kind);
        let tables = inst.tables.len() as f64 / 400.0;
        match kind {
            Kind::Dense => assert!((0.44..0.56).contains(&movers(&inst)), "{name}"),
            _ => assert!((0.34..0.46).contains(&movers(&inst)), "{name}"),
        }
        match kind {
            Kind::FewTables => assert!((0.33..0.34).contains(&tables), "{name}: {tables}"),
            _ => assert!((0.45..0.47).contains(&tables), "{name}: {tables}"),
        }
        match kind {
            Kind::Late => assert!((0.25..0.35).contains(&partial(&inst)), "{name}"),
            _ => assert!((0.08..0.16).contains(&partial(&inst)), "{name}"),
        }
        let planned = plan(&inst, effort(1, 400)).unwrap();
        let (errors, figures) = check(&inst, &planned.schedule);
        assert!(errors.is_empty(), "{name}: {errors:?}");
        assert!(
            figures.mover_table_changes * 3 < figures.mover_dates,
            "{name}: {figures:?}"
        );
    }
    assert!("crowded".parse::<Kind>().is_err());
}
