//! Planner speed: a whole evening for 300 and 1,000 participants (12 rounds), and a
//! re-plan of the remaining rounds for 300. Figures go to `docs/performance.md`.
//!
//! `cargo bench --bench schedule`

use criterion::{Criterion, criterion_group, criterion_main};

use blossom::core::schedule::generate::generate;
use blossom::core::schedule::{Effort, plan, replan};

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("schedule");
    group.sample_size(20);
    for n in [300usize, 1000] {
        let inst = generate(n, 12, 42, false);
        group.bench_function(format!("plan {n} participants, 12 rounds"), |b| {
            b.iter(|| plan(&inst, Effort::for_size(n, 1)).unwrap())
        });
    }
    // Mid-evening: round 6 under way, round 7 announced; plan rounds 7..12 again.
    let inst = generate(300, 12, 42, false);
    let first = plan(&inst, Effort::for_size(300, 1)).unwrap().schedule;
    group.bench_function("replan 300 participants after round 6", |b| {
        b.iter(|| replan(&inst, &first, 6, Effort::replan(300, 1)).unwrap())
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
