//! Building and running the server: bind (port 0 works for tests), connect and migrate
//! the database, load the token key, serve until told to stop.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use tokio::net::TcpListener;

use crate::db::{self, Db};
use crate::http::{self, AppState};
use crate::tokens::{self, TokenKey};

/// Everything the server needs, resolved (the admin token already chosen).
#[derive(Debug, Clone)]
pub struct Settings {
    pub bind: SocketAddr,
    pub database_url: String,
    pub admin_token: String,
    pub public_url: Option<String>,
    pub secret_file: PathBuf,
    pub web_dir: PathBuf,
}

#[derive(Debug, thiserror::Error)]
pub enum StartError {
    #[error("cannot listen on {0}: {1}")]
    Bind(SocketAddr, std::io::Error),
    #[error("cannot open the database: {0}")]
    Database(#[from] sqlx::Error),
    #[error("cannot read or create the secret file {0}: {1}")]
    Secret(PathBuf, std::io::Error),
    #[error(
        "the secret file {0} is not the key this database's tokens were made with: every join link \
         and badge would stop working. Start with the original key file (--secret-file), or use a \
         fresh database"
    )]
    KeyMismatch(PathBuf),
}

pub struct App {
    listener: TcpListener,
    state: AppState,
    web_dir: PathBuf,
}

impl App {
    pub async fn build(settings: Settings) -> Result<App, StartError> {
        let key = TokenKey::load_or_create(&settings.secret_file)
            .map_err(|e| StartError::Secret(settings.secret_file.clone(), e))?;
        let db = db::connect(&settings.database_url).await?;
        let fingerprint = key.fingerprint();
        if db::settings::set_once(&db, "token_key_fingerprint", &fingerprint).await? != fingerprint
        {
            return Err(StartError::KeyMismatch(settings.secret_file));
        }
        let listener = TcpListener::bind(settings.bind)
            .await
            .map_err(|e| StartError::Bind(settings.bind, e))?;
        let local = listener
            .local_addr()
            .map_err(|e| StartError::Bind(settings.bind, e))?;
        let public_url = settings
            .public_url
            .map(|u| u.trim_end_matches('/').to_string())
            .unwrap_or_else(|| format!("http://{local}"));
        let state = AppState {
            db,
            key: Arc::new(key),
            admin_token_hash: tokens::hash(&settings.admin_token).into(),
            public_url: public_url.into(),
            registry: crate::live::Registry::default(),
        };
        Ok(App {
            listener,
            state,
            web_dir: settings.web_dir,
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
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        // Events that were live when the server stopped resume now, catching up on
        // the deadlines that passed while it was down.
        if let Err(e) = self.state.registry.resume_all(&self.state.db).await {
            tracing::error!(error = %e, "cannot resume live events");
        }
        let router = http::router(self.state, &self.web_dir);
        axum::serve(self.listener, router)
            .with_graceful_shutdown(shutdown)
            .await
    }
}
