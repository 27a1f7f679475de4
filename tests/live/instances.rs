//! Several servers and one database: SQLite is single-instance, each guarded by a
//! lock file that a `kill -9` releases.

use std::process::{Command, Stdio};

use super::process::{free_port, serve};

const ADMIN: &str = "instances-test-admin-token-0123456789abcdef";

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
