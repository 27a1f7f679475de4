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

impl Served {
    /// `POST` a JSON body with a bearer token: the status and the JSON answer
    /// (`null` for an empty one).
    #[allow(dead_code)]
    pub async fn post(
        &self,
        path: &str,
        token: &str,
        body: &serde_json::Value,
    ) -> (reqwest::StatusCode, serde_json::Value) {
        let res = reqwest::Client::new()
            .post(format!("{}{path}", self.base))
            .bearer_auth(token)
            .json(body)
            .send()
            .await
            .unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        (status, serde_json::from_str(&text).unwrap_or_default())
    }
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

/// How to start the server beyond the defaults.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Another database than `dir/blossom.db` (a PostgreSQL URL, say).
    pub database_url: Option<String>,
    /// Where the server's log goes, at `RUST_LOG=trace` (default: nowhere, `warn`).
    pub log: Option<std::path::PathBuf>,
    /// The log's filter instead of `trace`, where `log` is given.
    pub filter: Option<String>,
    /// The instance's name (`--instance-name`), for several on one database.
    pub instance: Option<String>,
}

/// Starts `bin serve` on `port` with its database and key in `dir`, and waits
/// until it answers `/healthz`.
#[allow(dead_code)]
pub async fn serve(bin: &Path, dir: &Path, port: u16, admin_token: &str) -> Served {
    serve_with(bin, dir, port, admin_token, Options::default()).await
}

pub async fn serve_with(
    bin: &Path,
    dir: &Path,
    port: u16,
    admin_token: &str,
    options: Options,
) -> Served {
    let database_url = options
        .database_url
        .unwrap_or_else(|| format!("sqlite://{}", dir.join("blossom.db").display()));
    let (level, out) = match &options.log {
        Some(path) => (
            options.filter.as_deref().unwrap_or("trace"),
            Stdio::from(std::fs::File::create(path).unwrap()),
        ),
        None => ("warn", Stdio::null()),
    };
    let child = Command::new(bin)
        .args([
            "serve",
            "--bind",
            &format!("127.0.0.1:{port}"),
            "--admin-token",
            admin_token,
            // Load from one address (thousands of phones from 127.0.0.1) is the
            // benchmarks' business, not a hall's NAT: the per-address limits rise.
            "--ws-per-address",
            "100000",
            "--hello-per-address",
            "100000",
        ])
        .arg("--database-url")
        .arg(database_url)
        .arg("--secret-file")
        .arg(dir.join("blossom.key"))
        .args(
            options
                .instance
                .iter()
                .flat_map(|name| ["--instance-name".to_string(), name.clone()]),
        )
        .env("RUST_LOG", level)
        .stdout(out)
        .spawn()
        .unwrap();
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..400 {
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
