//! Building and running the server: bind (port 0 works for tests), connect and migrate
//! the database, load the token key, serve until told to stop.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use axum::serve::ListenerExt;
use axum_server::tls_rustls::{RustlsAcceptor, RustlsConfig};
use tokio::net::TcpListener;

use crate::clock::Clock;
pub use crate::core::retention::Retention;
use crate::db::{self, Db};
use crate::http;
use crate::state::AppState;
use crate::tokens::{self, TokenKey};

/// Everything the server needs, resolved (the admin token already chosen).
#[derive(Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub admin_token: String,
    pub public_url: Option<String>,
    pub secret_file: PathBuf,
    /// The pages from this folder instead of from the binary (`--web-dir`).
    pub web_dir: Option<PathBuf>,
    /// HTTPS with this certificate chain and key (PEM files), instead of HTTP.
    pub tls: Option<TlsFiles>,
    /// Where time comes from: `Clock::system()`, or a manual clock in tests.
    pub clock: Clock,
    /// How long links and personal data outlive an event.
    pub retention: Retention,
    /// Reverse proxies whose `X-Forwarded-For` is believed (`--trusted-proxy`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// What one client address may open on `/ws` (`--ws-per-address`,
    /// `--hello-per-address`).
    pub ws_limits: WsLimits,
    /// This instance's name among several (`--instance-name`).
    pub instance_name: Option<String>,
    /// Where the other instances reach this one (`--advertise`).
    pub advertise: Option<String>,
}

/// What one client address may open on `/ws`: a hall of phones behind one NAT
/// gets in, one machine opening sockets in a loop does not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WsLimits {
    /// Open connections at once.
    pub open: usize,
    /// New connections a minute (each says `hello`), all of them at once if need be.
    pub per_minute: u32,
}

impl Default for WsLimits {
    fn default() -> Self {
        WsLimits {
            open: 1_500,
            per_minute: 1_000,
        }
    }
}

/// A certificate chain and its private key, PEM files (`--tls-cert`, `--tls-key`).
#[derive(Debug, Clone)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// Every setting but the admin token, which a log line must never show.
impl std::fmt::Debug for Settings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Settings")
            .field("bind", &self.bind)
            .field(
                "database_url",
                &crate::config::redact_url(&self.database_url),
            )
            .field("admin_token", &"(hidden)")
            .field("public_url", &self.public_url)
            .field("secret_file", &self.secret_file)
            .field("web_dir", &self.web_dir)
            .field("tls", &self.tls)
            .field("retention", &self.retention)
            .field("trusted_proxies", &self.trusted_proxies)
            .finish_non_exhaustive()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot open the database: {0}")]
    Database(#[from] sqlx::Error),
    /// Another server runs on the same SQLite file.
    #[error(transparent)]
    Guard(#[from] db::guard::GuardError),
    #[error("cannot read or create the secret file {0}: {1}")]
    Secret(PathBuf, std::io::Error),
    #[error(
        "the secret file {0} is not the key this database's tokens were made with: every join link \
         and badge would stop working. Start with the original key file (--secret-file), or use a \
         fresh database"
    )]
    KeyMismatch(PathBuf),
    #[error(
        "the admin token is {0} characters long; it must have at least {MIN_ADMIN_TOKEN}, so that \
         it cannot be guessed. Leave it unset to have one generated, or make one with \
         `openssl rand -hex 32`"
    )]
    AdminTokenShort(usize),
    #[error(
        "cannot use the certificate {0} with the key {1}: {2}. Both are PEM files: the \
         certificate chain (the server's certificate first) and its private key"
    )]
    Tls(PathBuf, PathBuf, std::io::Error),
    #[error(
        "this machine's clock differs from the database's by {0} ms (at most {max} ms are \
         allowed): every instance must keep the evening's time alike. Synchronise the clocks \
         (NTP, chrony or systemd-timesyncd) and start again",
        max = crate::instance::MAX_SKEW_MS
    )]
    ClockSkew(i64),
}

/// The shortest admin token accepted: the organiser's token opens everything.
pub const MIN_ADMIN_TOKEN: usize = 32;

pub struct App {
    /// One server per SQLite file, for as long as this one runs.
    guard: Option<db::guard::Guard>,
    instance: crate::instance::Instance,
    listener: TcpListener,
    state: AppState,
    web_dir: Option<PathBuf>,
    tls: Option<RustlsConfig>,
}

impl App {
    pub async fn build(settings: Settings) -> Result<App, StartError> {
        let length = settings.admin_token.chars().count();
        if length < MIN_ADMIN_TOKEN {
            return Err(StartError::AdminTokenShort(length));
        }
        let key = TokenKey::load_or_create(&settings.secret_file)
            .map_err(|e| StartError::Secret(settings.secret_file.clone(), e))?;
        // Before the database is opened: a second server on the same file says so
        // and touches nothing.
        let guard = db::guard::take(&settings.database_url)?;
        let db = db::connect(&settings.database_url).await?;
        let fingerprint = key.fingerprint();
        if db::settings::set_once(&db, "token_key_fingerprint", &fingerprint).await? != fingerprint
        {
            return Err(StartError::KeyMismatch(settings.secret_file));
        }
        // Read before the port is taken: a wrong file is said at once.
        let tls = match &settings.tls {
            Some(files) => Some(
                RustlsConfig::from_pem_chain_file(&files.cert, &files.key)
                    .await
                    .map_err(|e| StartError::Tls(files.cert.clone(), files.key.clone(), e))?,
            ),
            None => None,
        };
        let listener = TcpListener::bind(settings.bind)
            .await
            .map_err(|e| StartError::Bind(settings.bind, e))?;
        let local = listener
            .local_addr()
            .map_err(|e| StartError::Bind(settings.bind, e))?;
        // Several instances on one PostgreSQL database keep one time: a system
        // clock far from the database's refuses to start (a test's manual clock is
        // its own business).
        let sqlite = db::is_sqlite(&db);
        if !sqlite && !settings.clock.is_manual() {
            let skew = crate::instance::skew(&db, &settings.clock).await?;
            if skew.abs() > crate::instance::MAX_SKEW_MS {
                return Err(StartError::ClockSkew(skew));
            }
        }
        let instance = crate::instance::Instance {
            name: settings
                .instance_name
                .clone()
                .unwrap_or_else(|| crate::instance::default_name(local.port())),
            address: settings
                .advertise
                .clone()
                .unwrap_or_else(|| local.to_string()),
            started_at: db::leases::now(&db).await?,
        };
        let public_url = settings
            .public_url
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| {
                let scheme = if tls.is_some() { "https" } else { "http" };
                format!("{scheme}://{local}")
            });
        let key = Arc::new(key);
        let state = AppState {
            db,
            key: key.clone(),
            admin_token_hash: tokens::hash(&settings.admin_token).into(),
            public_url: public_url.into(),
            registry: crate::live::Registry::new(crate::live::Me {
                name: instance.name.clone(),
                steal: sqlite,
            }),
            clock: settings.clock.clone(),
            retention: settings.retention,
            limits: crate::limits::Limits::new(
                settings.trusted_proxies.clone(),
                settings.ws_limits.per_minute,
            )
            .relaying(key),
            ws_per_address: settings.ws_limits.open,
            connections: crate::limits::Open::default(),
            stopping: Arc::new(tokio::sync::watch::Sender::new(false)),
        };
        Ok(App {
            guard,
            instance,
            listener,
            state,
            web_dir: settings.web_dir,
            tls,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener.local_addr().map(|a| a.port()).unwrap_or(0)
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    pub fn db(&self) -> &Db {
        &self.state.db
    }

    /// True when join links point at a loopback address no phone can reach.
    pub fn public_url_is_loopback(&self) -> bool {
        let url = &*self.state.public_url;
        [
            "://127.",
            "://localhost",
            "://[::1]",
            "://0.0.0.0",
            "://[::]",
        ]
        .iter()
        .any(|p| url.contains(p))
    }

    /// Serves until `shutdown` completes, then finishes the requests under way.
    pub async fn run_until(
        mut self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // Events that were live when the server stopped resume now, catching up on
        // the deadlines that passed while it was down.
        if let Err(e) = self
            .state
            .registry
            .resume_all(&self.state.db, &self.state.clock)
            .await
        {
            tracing::error!(error = %e, "cannot resume live events");
        }
        let sweeping = self.state.retention.erase_after_days.map(|_| {
            let state = self.state.clone();
            tokio::spawn(sweep_every_hour(state))
        });
        let guard = self.guard.take();
        let keeping = tokio::spawn(crate::instance::keep(
            self.state.db.clone(),
            self.state.clock.clone(),
            self.state.registry.clone(),
            self.instance.clone(),
        ));
        tracing::info!(instance = %self.instance.name, address = %self.instance.address, "this instance is up");
        let state = self.state.clone();
        let served = self.serve(shutdown).await;
        keeping.abort();
        // A clean stop hands every event over at once, and gives the connections
        // (its own and those it passed on to other instances) a moment to tell
        // their phones 1012 (reconnect at once) before the process ends under them.
        let relaying = state.stopping.receiver_count() > 0;
        state.stopping.send_replace(true);
        if state.registry.hand_over(&state.db).await > 0 || relaying {
            tokio::time::sleep(std::time::Duration::from_millis(200)).await;
        }
        drop(guard);
        if let Some(task) = sweeping {
            task.abort();
        }
        served
    }

    async fn serve(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        let router = http::router(self.state, self.web_dir.as_deref());
        if let Some(config) = self.tls {
            return serve_tls(self.listener, config, router, shutdown).await;
        }
        // Frames are small and time matters (pongs set the phones' clocks): no
        // Nagle delay waiting for the client's acknowledgement of the last frame.
        let listener = self.listener.tap_io(|tcp| {
            if let Err(e) = tcp.set_nodelay(true) {
                tracing::debug!(error = %e, "cannot set TCP_NODELAY");
            }
        });
        // The peer's address, for the per-address rate limit.
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await
    }
}

/// Purges events closed longer ago than `--erase-after-days`: at start, then every
/// hour (a day's precision is what the setting promises).
async fn sweep_every_hour(state: AppState) {
    let mut every = tokio::time::interval(std::time::Duration::from_secs(3600));
    loop {
        every.tick().await;
        let now = state.clock.now();
        if let Err(e) =
            crate::records::erasure::sweep(&state.db, &state.registry, state.retention, now).await
        {
            tracing::error!(error = %e, "cannot erase the personal data of events past their retention");
        }
    }
}

/// HTTPS (rustls), shut down as gracefully as plain HTTP: open connections get a
/// few seconds to finish.
async fn serve_tls(
    listener: TcpListener,
    config: RustlsConfig,
    router: axum::Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let handle = axum_server::Handle::new();
    let stopping = handle.clone();
    tokio::spawn(async move {
        shutdown.await;
        stopping.graceful_shutdown(Some(std::time::Duration::from_secs(5)));
    });
    // Frames are small and time matters: no Nagle delay, as over plain HTTP.
    let acceptor =
        RustlsAcceptor::new(config).acceptor(axum_server::accept::NoDelayAcceptor::new());
    axum_server::from_tcp(listener.into_std()?)?
        .acceptor(acceptor)
        .handle(handle)
        .serve(router.into_make_service_with_connect_info::<SocketAddr>())
        .await
}
