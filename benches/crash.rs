//! Crash safety: the scripted evening of every verb (`tests/support/crash_run.rs`),
//! killed with SIGKILL at fifty random moments, started again each time. Prints
//! `crash kills=<n> acked=<n> checked=<n> worst_resume_ms=<n> secs=<s>`.

#[path = "../tests/support/crash_run.rs"]
mod crash_run;
#[path = "../tests/support/process.rs"]
mod process;

#[tokio::main]
async fn main() {
    let kills: usize = std::env::var("CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let database_url = format!("sqlite://{}", dir.path().join("blossom.db").display());
    let bin = std::path::Path::new(env!("CARGO_BIN_EXE_blossom"));
    let started = std::time::Instant::now();
    let r = crash_run::run(bin, dir.path(), &database_url, kills, 2026).await;
    println!(
        "crash kills={} acked={} of {} checked={} worst_resume_ms={} secs={:.1}",
        r.kills,
        r.acked,
        r.sent,
        r.checked,
        r.worst_resume_ms,
        started.elapsed().as_secs_f64()
    );
}
