//! `blossom serve` as a process of its own, for what an in-process server cannot
//! show: a real `kill -9`, and the server's own memory. Shared by the live tests
//! and the fan-out benchmark.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// A running server; killed (SIGKILL) when dropped.
pub struct Served {
    pub child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A loopback port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `bin serve` on `port` with its database and key in `dir`, and waits
/// until it answers `/healthz`.
pub async fn serve(bin: &Path, dir: &Path, port: u16, admin_token: &str) -> Served {
    let child = Command::new(bin)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--admin-token",
            admin_token,
        ])
        .arg("--database-url")
        .arg(format!("sqlite://{}", dir.join("blossom.db").display()))
        .arg("--secret-file")
        .arg(dir.join("blossom.key"))
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{base}/healthz"))
            .await
            .is_ok_and(|r| r.status().is_success())
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    Served { child, base }
}
