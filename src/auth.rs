//! Whose token is this: one lookup for HTTP and the WebSocket alike. Tokens are
//! never stored; the database keeps their SHA-256 (see [`crate::tokens`]).

use crate::core::live::Viewer;
use crate::core::retention::Retention;
use crate::db::participants::{self, ParticipantRow};
use crate::db::staff::{self, StaffRow};
use crate::db::{Db, events};
use crate::tokens;

/// Whoever a token belongs to.
#[derive(Debug, Clone)]
pub enum Principal {
    /// The organiser (`--admin-token`): every event.
    Admin,
    Staff(StaffRow),
    Participant(Box<ParticipantRow>),
    /// A guest of an event closed longer ago than the links last
    /// (`--link-days`): they may still read their own matches, and do nothing else.
    FormerGuest(Box<ParticipantRow>),
    /// A withdrawn guest's phone, until their data is erased or the organiser ends
    /// its session: it reads what is stored about them and asks for erasure
    /// (PIPL's right of access), and nothing else.
    Withdrawn(Box<ParticipantRow>),
}

/// The token's owner, if any. `admin_token_hash` is the SHA-256 of the admin token.
/// A staff link of an event closed longer ago than `retention` allows is nobody's.
pub async fn lookup(
    db: &Db,
    admin_token_hash: &str,
    token: &str,
    retention: Retention,
    now: i64,
) -> Result<Option<Principal>, sqlx::Error> {
    let hash = tokens::hash(token);
    if hash == admin_token_hash {
        return Ok(Some(Principal::Admin));
    }
    let ended = |closed_at| retention.links_ended(closed_at, now);
    if let Some(s) = staff::find_by_token_hash(db, &hash).await? {
        if ended(events::closed_at(db, &s.event_id).await?) {
            return Ok(None);
        }
        return Ok(Some(Principal::Staff(s)));
    }
    // A guest acts only through the session their phone was given when it claimed
    // their link (see `crate::records::links`); the link itself is no one's here.
    if let Some(p) = participants::find_by_session_hash(db, &hash).await? {
        if p.is_withdrawn() {
            return Ok(Some(Principal::Withdrawn(Box::new(p))));
        }
        if ended(events::closed_at(db, &p.event_id).await?) {
            return Ok(Some(Principal::FormerGuest(Box::new(p))));
        }
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
    /// The links of this event have ended: the guest reads their own matches and
    /// may send no verb.
    pub read_only: bool,
}

impl Principal {
    /// The live viewer this principal is, if it belongs to one event (the admin
    /// does not: the organiser uses the HTTP API).
    pub fn seat(self) -> Option<Seat> {
        let former = matches!(self, Principal::FormerGuest(_));
        match self {
            Principal::Admin | Principal::Withdrawn(_) => None,
            Principal::Staff(s) => Some(Seat {
                viewer: Viewer::Staff {
                    role: s.role,
                    id: s.id,
                },
                event_id: s.event_id,
                token_version: s.token_version,
                read_only: false,
            }),
            Principal::Participant(p) | Principal::FormerGuest(p) => Some(Seat {
                viewer: Viewer::Participant { id: p.id },
                event_id: p.event_id,
                token_version: p.token_version,
                read_only: former,
            }),
        }
    }
}
