//! Several servers and one database: SQLite is single-instance, each guarded by a
//! lock file that a `kill -9` releases.

use std::process::{Command, Stdio};

use serde_json::{Value, json};

use super::crash::{hello, two_guests_and_a_host};
use super::process::{free_port, serve};

pub(super) const ADMIN: &str = "instances-test-admin-token-0123456789abcdef";

fn bin() -> &'static std::path::Path {
    std::path::Path::new(env!("CARGO_BIN_EXE_blossom"))
}

/// The process's output once it exits; a test failure if it is still running after
/// `secs` seconds (a second server that started would run until killed).
async fn finished_within(mut child: std::process::Child, secs: u64) -> std::process::Output {
    for _ in 0..secs * 20 {
        if child.try_wait().unwrap().is_some() {
            return child.wait_with_output().unwrap();
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    panic!("the second server started on a SQLite file already served");
}

#[tokio::test]
async fn a_second_server_on_one_sqlite_file_refuses_to_start_saying_why_until_the_first_is_killed()
{
    let dir = tempfile::tempdir().unwrap();
    let mut first = serve(bin(), dir.path(), free_port(), ADMIN).await;
    let db = dir.path().join("blossom.db");
    let second = Command::new(bin())
        .args(["serve", "--bind", &format!("127.0.0.1:{}", free_port())])
        .args(["--admin-token", ADMIN])
        .arg("--database-url")
        .arg(format!("sqlite://{}", db.display()))
        .arg("--secret-file")
        .arg(dir.path().join("blossom.key"))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let second = finished_within(second, 20).await;
    assert!(!second.status.success(), "the second server must not start");
    let said = String::from_utf8_lossy(&second.stderr).to_string()
        + &String::from_utf8_lossy(&second.stdout);
    assert!(said.contains("another Blossom server"), "{said}");
    assert!(said.contains("blossom.db"), "{said}");
    // The database is still readable beside the running server (a test, a
    // benchmark or `sqlite3` may open it): the lock is a file of its own.
    let pool = blossom::db::connect(&format!("sqlite://{}", db.display()))
        .await
        .expect("the database opens beside a running server");
    assert!(blossom::db::ping(&pool).await);
    pool.close().await;
    // `kill -9` releases the lock with the process: a new server starts.
    first.child.kill().unwrap();
    first.child.wait().unwrap();
    let again = serve(bin(), dir.path(), free_port(), ADMIN).await;
    let health = reqwest::get(format!("{}/healthz", again.base))
        .await
        .unwrap();
    assert!(health.status().is_success());
}

/// Two instances on the PostgreSQL database of `.ci/run` (skipped on SQLite, where
/// one server per file is the rule): the event runs on the one that started it;
/// killed with SIGKILL mid-round, the other takes it over within five seconds of
/// the lease's expiry and the evening goes on at its original deadlines.
#[tokio::test]
async fn on_postgres_a_second_instance_takes_over_a_killed_owner_s_evening_at_its_deadlines() {
    if std::env::var("BLOSSOM_TEST_POSTGRES_URL").map_or(true, |u| u.is_empty()) {
        eprintln!("skipped: needs BLOSSOM_TEST_POSTGRES_URL (the PostgreSQL tier of .ci/run)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let url = crate::helpers::fresh_database_url(dir.path()).await;
    let start = |name: &str, port: u16| {
        let options = super::process::Options {
            database_url: Some(url.clone()),
            instance: Some(name.to_string()),
            ..Default::default()
        };
        super::process::serve_with(bin(), dir.path(), port, ADMIN, options)
    };
    let (pa, pb) = (free_port(), free_port());
    let a = start("a", pa).await;
    let b = start("b", pb).await;
    let mut body = crate::helpers::event_body();
    body["rounds"] = json!(3);
    body["round_seconds"] = json!(6);
    body["transition_seconds"] = json!(1);
    body["break_after_rounds"] = json!(0);
    let (event, _, host) = two_guests_and_a_host(&a, ADMIN, &body).await;
    let (mut h, _) = hello(pa, &host).await;
    super::send(&mut h, json!({"type": "event.start", "id": "go"})).await;
    let first = super::until(&mut h, |v| v["type"] == "phase" && v["phase"] == "round").await;
    let deadline = first["ends_at"].as_i64().unwrap();

    // Any instance answers who runs what.
    let seen = instances(&b.base).await;
    assert_eq!(seen["self"], "b", "{seen}");
    assert_eq!(events_of(&seen, "a"), vec![event.clone()], "{seen}");
    assert!(events_of(&seen, "b").is_empty(), "{seen}");

    // The owner dies; its lease expires and b takes the evening over.
    drop(a);
    let killed = std::time::Instant::now();
    loop {
        let seen = instances(&b.base).await;
        if events_of(&seen, "b") == vec![event.clone()] {
            break;
        }
        assert!(
            killed.elapsed() < std::time::Duration::from_secs(8),
            "not taken over within 8 s: {seen}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let took = killed.elapsed();
    assert!(took < std::time::Duration::from_secs(6), "took {took:?}");
    // The host's console, connected again (to b), sees the evening where its
    // original deadlines put it.
    let (mut h, welcome) = hello(pb, &host).await;
    let phase = &welcome["state"]["phase"];
    if phase["phase"] == "round" && phase["round"] == 1 {
        assert_eq!(phase["ends_at"].as_i64(), Some(deadline), "{welcome}");
    }
    let next = super::until(&mut h, |v| {
        v["type"] == "phase" && v["round"] == 2 && v["phase"] == "round"
    })
    .await;
    assert_eq!(
        next["started_at"].as_i64(),
        Some(deadline + 1_000),
        "{next}"
    );
    // Every phase change was logged once: no round ended twice.
    let changes = logged_once(&url, &event).await;
    assert!(changes.len() >= 2, "{changes:?}");
}

/// The `phase.changed` entries of an event's log, each asserted to be there once.
pub(super) async fn logged_once(url: &str, event: &str) -> Vec<String> {
    let db = blossom::db::connect(url).await.unwrap();
    let changes: Vec<String> = blossom::db::log::list(&db, event)
        .await
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "phase.changed")
        .map(|e| e.data)
        .collect();
    let mut unique = changes.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), changes.len(), "{changes:?}");
    changes
}

async fn instances(base: &str) -> Value {
    reqwest::Client::new()
        .get(format!("{base}/api/instances"))
        .bearer_auth(ADMIN)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

fn events_of(seen: &Value, name: &str) -> Vec<String> {
    seen["instances"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|i| i["name"] == name)
        .flat_map(|i| i["events"].as_array().cloned().unwrap_or_default())
        .filter_map(|e| e.as_str().map(str::to_string))
        .collect()
}

/// The events the instance `name` runs, as `GET /api/instances` on `base` says.
pub(super) async fn runs(base: &str, name: &str) -> Vec<String> {
    events_of(&instances(base).await, name)
}
