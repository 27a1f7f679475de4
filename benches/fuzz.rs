//! A million random frames through the WebSocket frame parser, every verb and the
//! evening's rules (`tests/support/fuzz.rs`). Prints one line:
//! `fuzz frames=<n> panics=<n> applied=<n> refused=<n> unparsed=<n> secs=<s>`.

#[path = "../tests/support/fuzz.rs"]
mod fuzz;
#[path = "../tests/support/wire.rs"]
#[allow(dead_code)]
mod wire;

fn main() {
    let frames: usize = std::env::var("FUZZ_FRAMES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let started = std::time::Instant::now();
    let mut total = fuzz::Report::default();
    // Several seeds, so that no one evening's path decides the whole run.
    let seeds = 10;
    for seed in 0..seeds {
        let r = fuzz::run(frames / seeds, 1000 + seed as u64);
        total.frames += r.frames;
        total.panics += r.panics;
        total.applied += r.applied;
        total.refused += r.refused;
        total.unparsed += r.unparsed;
        if let Some(p) = r.first_panic {
            eprintln!("seed {}: a panic on {p:?}", 1000 + seed);
        }
    }
    println!(
        "fuzz frames={} panics={} applied={} refused={} unparsed={} secs={:.1}",
        total.frames,
        total.panics,
        total.applied,
        total.refused,
        total.unparsed,
        started.elapsed().as_secs_f64()
    );
    assert_eq!(total.panics, 0);
}
