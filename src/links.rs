//! A guest's join link pairs one phone. The link (printed on the badge's tear-off
//! slip, or shown once as a QR code) does nothing but claim: the first `hello` with
//! it records the phone's `device` id and answers with `session`, the phone's own
//! token, which nobody else ever sees. A repeated claim from the same device (a
//! lost `welcome`, a crash between claim and answer) gets the same session again;
//! any other is refused with `link_claimed`. Over HTTP a link answers 401, claimed
//! or not: only a session acts as the guest.
//!
//! The session is derived like every token (HMAC of the server's key, the guest's
//! id and their link's version), so only its SHA-256 is stored; a re-issue bumps
//! the version and ends the link and the session together.

use crate::auth::{self, Principal};
use crate::core::retention::Retention;
use crate::db::{self, Db, participants};
use crate::tokens::{self, TokenKey, TokenKind};

/// What a `hello`'s token turned out to be.
pub enum Greeting {
    /// A known principal; `session` is the phone's own token when it is a guest's.
    Known {
        principal: Principal,
        session: Option<String>,
    },
    /// A guest's link that another phone has claimed.
    Claimed,
    /// Nobody's token.
    Unknown,
}

/// The device ids a page sends are its own random ids: at most this long.
const MAX_DEVICE: usize = 128;

/// Looks up a `hello`'s token, claiming a guest's link for this `device` when it
/// is one that no phone holds yet.
pub async fn hello(
    db: &Db,
    key: &TokenKey,
    admin_token_hash: &str,
    token: &str,
    device: Option<&str>,
    retention: Retention,
    now: i64,
) -> Result<Greeting, sqlx::Error> {
    if let Some(principal) = auth::lookup(db, admin_token_hash, token, retention, now).await? {
        let session = guest_id(&principal).map(|_| token.to_string());
        return Ok(Greeting::Known { principal, session });
    }
    let Some(p) = participants::find_by_token_hash(db, &tokens::hash(token)).await? else {
        return Ok(Greeting::Unknown);
    };
    let device_hash = device
        .map(str::trim)
        .filter(|d| !d.is_empty() && d.len() <= MAX_DEVICE)
        .map(tokens::hash);
    let session = key.derive(TokenKind::Session, &p.id, p.token_version);
    if p.claimed_at.is_none() {
        let mut tx = db::begin(db).await?;
        let claimed = participants::claim(
            &mut tx,
            &p.id,
            p.token_version,
            device_hash.as_deref(),
            &tokens::hash(&session),
            now,
        )
        .await?;
        if claimed {
            let data = serde_json::json!({ "participant": p.id });
            let actor = format!("participant:{}", p.id);
            db::log::append(
                &mut tx,
                &p.event_id,
                &actor,
                "participant.link_claimed",
                data,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        if !claimed {
            // Another hello claimed it a moment ago: answered as that claim stands.
            return Box::pin(hello(
                db,
                key,
                admin_token_hash,
                token,
                device,
                retention,
                now,
            ))
            .await;
        }
    } else {
        let held = participants::claim_device(db, &p.id).await?;
        if held.is_none() || held != device_hash {
            return Ok(Greeting::Claimed);
        }
    }
    // The session now stands for the guest (a former guest's too, once links end).
    match auth::lookup(db, admin_token_hash, &session, retention, now).await? {
        Some(principal) => Ok(Greeting::Known {
            principal,
            session: Some(session),
        }),
        None => Ok(Greeting::Unknown),
    }
}

fn guest_id(p: &Principal) -> Option<&str> {
    match p {
        Principal::Participant(p) | Principal::FormerGuest(p) => Some(&p.id),
        Principal::Admin | Principal::Staff(_) => None,
    }
}
