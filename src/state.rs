//! What every handler, on HTTP and WebSocket alike, can reach: the database, the
//! token key, the live engine's registry, the clock and the limits. Its own module,
//! so that `app` (which builds it), `http` and `ws` (which read it) import it and not
//! each other.

use std::sync::Arc;

use crate::clock::Clock;
use crate::core::retention::Retention;
use crate::db::Db;
use crate::records::Records;
use crate::tokens::TokenKey;

/// What every handler can reach. Cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub key: Arc<TokenKey>,
    /// SHA-256 of the admin token: the token itself is not kept in memory longer than
    /// start-up needs it.
    pub admin_token_hash: Arc<str>,
    /// Where guests' phones reach this server, without a trailing slash.
    pub public_url: Arc<str>,
    /// The live engine's running events.
    pub registry: crate::live::Registry,
    /// The one source of time (a manual clock in tests).
    pub clock: Clock,
    pub retention: Retention,
    /// The HTTP rate limits (`limits`).
    pub limits: crate::limits::Limits,
    /// The open WebSocket connections of each link and each client address
    /// (`limits::open`).
    pub connections: crate::limits::Open,
    /// Open WebSocket connections one client address may have.
    pub ws_per_address: usize,
    /// Becomes `true` when the server stops: connections passed on to another
    /// instance tell their phones 1012 rather than dropping (`ws::relay`).
    pub stopping: Arc<tokio::sync::watch::Sender<bool>>,
}

impl AppState {
    /// The records, telling the live engine of every change (`records`).
    pub fn records(&self) -> Records<'_> {
        Records::new(&self.db, &self.key, &self.registry)
    }

    /// The join link of a participant: the token rides in the fragment, which
    /// browsers never send to a server.
    pub fn join_url(&self, token: &str) -> String {
        format!("{}/p/#{token}", self.public_url)
    }

    /// The page of a staff member, the token again in the fragment.
    pub fn staff_url(&self, role: &str, token: &str) -> String {
        format!("{}/{role}/#{token}", self.public_url)
    }
}
