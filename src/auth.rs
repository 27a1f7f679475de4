//! Whose token is this: one lookup for HTTP and the WebSocket alike. Tokens are
//! never stored; the database keeps their SHA-256 (see [`crate::tokens`]).

use crate::core::live::{Role, Viewer};
use crate::db::Db;
use crate::db::participants::{self, ParticipantRow};
use crate::db::staff::{self, StaffRow};
use crate::tokens;

/// Whoever a token belongs to.
#[derive(Debug, Clone)]
pub enum Principal {
    /// The organiser (`--admin-token`): every event.
    Admin,
    Staff(StaffRow),
    Participant(Box<ParticipantRow>),
}

/// The token's owner, if any. `admin_token_hash` is the SHA-256 of the admin token.
pub async fn lookup(
    db: &Db,
    admin_token_hash: &str,
    token: &str,
) -> Result<Option<Principal>, sqlx::Error> {
    let hash = tokens::hash(token);
    if hash == admin_token_hash {
        return Ok(Some(Principal::Admin));
    }
    if let Some(s) = staff::find_by_token_hash(db, &hash).await? {
        return Ok(Some(Principal::Staff(s)));
    }
    if let Some(p) = participants::find_by_token_hash(db, &hash).await? {
        return Ok(Some(Principal::Participant(Box::new(p))));
    }
    Ok(None)
}

/// A live connection's viewer: who, for which event, with which token version.
#[derive(Debug, Clone)]
pub struct Seat {
    pub viewer: Viewer,
    pub event_id: String,
    /// The token's version when they connected: a newer one, or none, in the
    /// roster closes the connection.
    pub token_version: i64,
}

impl Principal {
    /// The live viewer this principal is, if it belongs to one event (the admin
    /// does not: the organiser uses the HTTP API).
    pub fn seat(self) -> Option<Seat> {
        match self {
            Principal::Admin => None,
            Principal::Staff(s) => Some(Seat {
                viewer: Viewer::Staff {
                    role: Role::of_staff(&s.role)?,
                    id: s.id,
                },
                event_id: s.event_id,
                token_version: s.token_version,
            }),
            Principal::Participant(p) => Some(Seat {
                viewer: Viewer::Participant { id: p.id },
                event_id: p.event_id,
                token_version: p.token_version,
            }),
        }
    }
}
