//! Command-line flags, each with an environment-variable fallback.

use std::net::SocketAddr;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(
    name = "blossom",
    version,
    about = "Blossom: an event engine for accessible eight-minute dating"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve(Box<ServeConfig>),
    /// Plan an evening: read a scheduling instance (FORMAT.md) from a file or standard
    /// input, write the schedule as JSON on standard output and its figures on
    /// standard error.
    Schedule(ScheduleConfig),
    /// Write a random scheduling instance like the samples (for benchmarks and tests).
    Generate(GenerateConfig),
}

#[derive(Debug, Clone, Args)]
pub struct GenerateConfig {
    #[arg(long, default_value_t = 300)]
    pub participants: usize,
    #[arg(long, default_value_t = 12)]
    pub rounds: u32,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// About a tenth seek their own gender or both (the same as `--kind mixed`).
    #[arg(long)]
    pub mixed: bool,
    /// The kind of evening: standard, mixed, dense (half the guests move with
    /// difficulty), few-tables (one table per three guests) or late (30% of guests
    /// arrive late or leave early).
    #[arg(long, default_value = "standard")]
    pub kind: crate::core::schedule::generate::Kind,
}

#[derive(Debug, Clone, Args)]
pub struct ScheduleConfig {
    /// The instance file; standard input when absent or `-`.
    pub instance: Option<PathBuf>,
    /// Seed of the planner's random choices: the same seed gives the same schedule.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Ruin-and-recreate trials after the first plan; by default scaled to the
    /// instance so that 300 people plan in well under 100 ms.
    #[arg(long)]
    pub iterations: Option<u32>,
    /// Write the paper method's schedule instead (a Mitchell movement), as a baseline.
    #[arg(long)]
    pub mitchell: bool,
    /// Re-plan: the schedule so far. Its rounds up to --fixed-through are kept as
    /// they happened; its next round's dates keep their tables where still possible.
    #[arg(long, requires = "fixed_through")]
    pub previous: Option<PathBuf>,
    /// Re-plan: the last round that happened or is under way.
    #[arg(long, default_value_t = 0)]
    pub fixed_through: u32,
    /// Also print where the time went, phase by phase, on standard error.
    #[arg(long)]
    pub timings: bool,
}

#[derive(Clone, Args)]
pub struct ServeConfig {
    /// Address and port to listen on.
    #[arg(long, env = "BLOSSOM_BIND", default_value = "127.0.0.1:8080")]
    pub bind: SocketAddr,

    /// sqlite://FILE or postgres://USER@HOST/DB. The SQLite file is created if missing.
    #[arg(long, env = "DATABASE_URL", default_value = "sqlite://blossom.db")]
    pub database_url: String,

    /// The organiser's admin token. When unset, one is generated and printed at start-up.
    #[arg(long, env = "BLOSSOM_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// The address guests' phones use to reach this server (join links, QR codes).
    /// Defaults to http://<bind>.
    #[arg(long, env = "BLOSSOM_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// File holding the key that derives participant and staff tokens. Keep it out of
    /// database backups: with it, badges can be re-printed; without it, tokens must be
    /// re-issued. Created if missing.
    #[arg(long, env = "BLOSSOM_SECRET_FILE", default_value = "blossom.key")]
    pub secret_file: PathBuf,

    /// Serve the web pages from this folder instead of from the binary (for
    /// editing pages without a rebuild).
    #[arg(long, env = "BLOSSOM_WEB_DIR")]
    pub web_dir: Option<PathBuf>,

    /// HTTPS: the certificate chain, a PEM file (the server's certificate first).
    #[arg(long, env = "BLOSSOM_TLS_CERT", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,

    /// HTTPS: the certificate's private key, a PEM file.
    #[arg(long, env = "BLOSSOM_TLS_KEY", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,

    /// Serve plain HTTP on an address other computers can reach. Tokens, the roster
    /// and interest marks then cross the network in clear: only behind a reverse
    /// proxy that terminates TLS, or on a network nobody else uses.
    #[arg(long, env = "BLOSSOM_INSECURE_HTTP")]
    pub insecure_http: bool,

    /// The address of a reverse proxy in front of Blossom (repeat, or separate with
    /// commas). Only from these is `X-Forwarded-For` believed, for the per-address
    /// rate limit; from anyone else it is ignored.
    #[arg(
        long = "trusted-proxy",
        env = "BLOSSOM_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,

    /// Open WebSocket connections one client address may have at once (a hall's
    /// phones behind one NAT share an address). Over it, a new one is closed with
    /// 1013 (try again later) and the page retries a few seconds on.
    #[arg(long, env = "BLOSSOM_WS_PER_ADDRESS", default_value_t = 1_500)]
    pub ws_per_address: usize,

    /// New WebSocket connections one client address may open a minute, all at once
    /// if need be (1,000 phones behind one NAT get in within a minute).
    #[arg(long, env = "BLOSSOM_HELLO_PER_ADDRESS", default_value_t = 1_000)]
    pub hello_per_address: u32,

    /// Days after an event closes that its guests' and staff's links keep working.
    /// After that a guest's link still shows them their own matches, and nothing else.
    #[arg(long, env = "BLOSSOM_LINK_DAYS", default_value_t = 30)]
    pub link_days: u32,

    /// Erase the personal data of every event this many days after it closes (its
    /// aggregate report is kept). Unset: only when the organiser purges an event.
    #[arg(long, env = "BLOSSOM_ERASE_AFTER_DAYS")]
    pub erase_after_days: Option<u32>,

    /// This instance's name among several on one PostgreSQL database (the leases
    /// and `GET /api/instances` name it). Defaults to the host's name and the port.
    #[arg(long, env = "BLOSSOM_INSTANCE_NAME")]
    pub instance_name: Option<String>,

    /// The host:port other instances reach this one at. Defaults to the bound
    /// address.
    #[arg(long, env = "BLOSSOM_ADVERTISE")]
    pub advertise: Option<String>,

    /// Also create a demo event when the database has none, and print how to open it.
    #[arg(long)]
    pub demo: bool,

    /// With --demo, for trying it out: the demo evening (until it starts) gets
    /// 90-second dates, 30 seconds to change tables and a one-minute break.
    #[arg(long, requires = "demo")]
    pub short_rounds: bool,
}

/// Every flag but the secrets: the admin token hidden, a database password too.
impl std::fmt::Debug for ServeConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServeConfig")
            .field("bind", &self.bind)
            .field("database_url", &redact_url(&self.database_url))
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "(hidden)"),
            )
            .field("public_url", &self.public_url)
            .field("secret_file", &self.secret_file)
            .field("web_dir", &self.web_dir)
            .field("tls_cert", &self.tls_cert)
            .field("tls_key", &self.tls_key)
            .field("insecure_http", &self.insecure_http)
            .field("trusted_proxies", &self.trusted_proxies)
            .field("link_days", &self.link_days)
            .field("erase_after_days", &self.erase_after_days)
            .field("instance_name", &self.instance_name)
            .field("advertise", &self.advertise)
            .field("demo", &self.demo)
            .field("short_rounds", &self.short_rounds)
            .finish()
    }
}

/// `postgres://user:secret@host/db` as `postgres://user:(hidden)@host/db`.
pub fn redact_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((userinfo, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match userinfo.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:(hidden)@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn the_configuration_printed_for_debugging_shows_no_secret() {
        let cli = Cli::parse_from([
            "blossom",
            "serve",
            "--admin-token",
            "a-very-secret-admin-token-of-forty-chars!",
            "--database-url",
            "postgres://blossom:hunter2@db.example/blossom",
        ]);
        let Command::Serve(config) = cli.command else {
            panic!("not serve")
        };
        let shown = format!(
            "{config:?} {cli:?}",
            cli = Cli {
                command: Command::Serve(config.clone())
            }
        );
        assert!(!shown.contains("a-very-secret"), "{shown}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert!(
            shown.contains("postgres://blossom:(hidden)@db.example/blossom"),
            "{shown}"
        );
    }
}
