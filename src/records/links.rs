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
use crate::core::identity::{self, TRIES, last_four};
use crate::core::retention::Retention;
use crate::db::participants::ParticipantRow;
use crate::db::{self, Db, events, participants};
use crate::tokens::{self, TokenKey, TokenKind};

/// What a `hello`'s token turned out to be.
pub enum Greeting {
    /// A known principal; `session` is the phone's own token when it is a guest's.
    /// `claimed`: this hello claimed a link just now for a phone still to confirm
    /// (the guest's record changed: a running evening is given the roster again).
    Known {
        principal: Principal,
        session: Option<String>,
        claimed: bool,
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
        return Ok(Greeting::Known {
            principal,
            session,
            claimed: false,
        });
    }
    let Some(p) = participants::find_by_token_hash(db, &tokens::hash(token)).await? else {
        return Ok(Greeting::Unknown);
    };
    let device_hash = device
        .map(str::trim)
        .filter(|d| !d.is_empty() && d.len() <= MAX_DEVICE)
        .map(tokens::hash);
    let session = key.derive(TokenKind::Session, &p.id, p.token_version);
    let mut claimed_now = false;
    if p.claimed_at.is_none() {
        // Trusted only when nobody else could have made the claim: a walk-in's link
        // handed over by staff, or an original link claimed before the evening
        // starts. Any other phone shows a code and waits to be confirmed.
        let started = events::find(db, &p.event_id)
            .await?
            .is_none_or(|e| e.status != "scheduled");
        let trusted = p.link_origin == "walk_in" || (p.link_origin == "registered" && !started);
        let code = (!trusted).then(new_code);
        let mut tx = db::begin(db).await?;
        let claimed = participants::claim(
            &mut tx,
            &p.id,
            p.token_version,
            device_hash.as_deref(),
            &tokens::hash(&session),
            code.as_deref(),
            now,
        )
        .await?;
        if claimed {
            let data = serde_json::json!({ "participant": p.id, "confirmed": trusted });
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
        // A trusted claim changes nothing the evening shows; one to confirm gives
        // the phone its code, so the running evening takes the roster again.
        claimed_now = !trusted;
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
            claimed: claimed_now,
        }),
        None => Ok(Greeting::Unknown),
    }
}

/// Six random digits: what an unconfirmed phone shows for the organiser to type.
fn new_code() -> String {
    use rand::RngExt;
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// How many tries at the digits an unconfirmed guest has left (`core::identity`).
pub fn tries_left(p: &ParticipantRow) -> i64 {
    identity::tries_left(
        p.contact.as_deref(),
        p.contact_by_staff != 0,
        p.confirm_tries,
    )
}

/// What became of a try at confirming a phone.
#[derive(Debug, PartialEq, Eq)]
pub enum Confirmed {
    /// The phone is the guest's now (or already was).
    Yes,
    /// Wrong digits; this many tries are left.
    Wrong(i64),
    /// No try is left (or the digits could prove nothing): only the organiser.
    Locked,
    /// The code the organiser typed is not the one this phone shows.
    WrongCode,
}

/// The guest on their unconfirmed phone types the last four digits of the contact
/// they registered (which host and matchmakers never read).
pub(super) async fn confirm_digits(
    db: &Db,
    p: &ParticipantRow,
    digits: &str,
    now: i64,
) -> Result<Confirmed, sqlx::Error> {
    if p.confirmed != 0 {
        return Ok(Confirmed::Yes);
    }
    if tries_left(p) == 0 {
        return Ok(Confirmed::Locked);
    }
    let mut tx = db::begin(db).await?;
    // The try is taken in the store: tries sent at once from several connections
    // never add up to more than `TRIES`.
    if !participants::take_try(&mut tx, &p.id, TRIES).await? {
        return Ok(Confirmed::Locked);
    }
    let actor = format!("participant:{}", p.id);
    let right = last_four(p.contact.as_deref()).is_some_and(|d| d == digits.trim());
    let answer = if right {
        participants::give_back_try(&mut tx, &p.id).await?;
        confirmed(
            &mut tx,
            p,
            &actor,
            serde_json::json!({ "participant": p.id }),
            now,
        )
        .await?;
        Confirmed::Yes
    } else {
        let data = serde_json::json!({ "participant": p.id });
        let kind = "participant.confirm_failed";
        db::log::append(&mut tx, &p.event_id, &actor, kind, data, now).await?;
        match tries_left(p) - 1 {
            0 => Confirmed::Locked,
            left => Confirmed::Wrong(left),
        }
    };
    tx.commit().await?;
    Ok(answer)
}

/// The organiser confirms the phone in front of them by typing the code it shows.
pub(super) async fn confirm_code(
    db: &Db,
    p: &ParticipantRow,
    code: &str,
    actor: &str,
    now: i64,
) -> Result<Confirmed, sqlx::Error> {
    if p.confirmed != 0 {
        return Ok(Confirmed::Yes);
    }
    if p.confirm_code.as_deref() != Some(code.trim()) {
        return Ok(Confirmed::WrongCode);
    }
    let mut tx = db::begin(db).await?;
    let data = serde_json::json!({ "participant": p.id, "by_code": true });
    confirmed(&mut tx, p, actor, data, now).await?;
    tx.commit().await?;
    Ok(Confirmed::Yes)
}

/// Marks the phone confirmed, with its log entry, in the caller's transaction.
async fn confirmed(
    tx: &mut sqlx::AnyConnection,
    p: &ParticipantRow,
    actor: &str,
    data: serde_json::Value,
    now: i64,
) -> Result<(), sqlx::Error> {
    participants::confirm(tx, &p.id, now).await?;
    db::log::append(tx, &p.event_id, actor, "participant.confirmed", data, now).await?;
    Ok(())
}

fn guest_id(p: &Principal) -> Option<&str> {
    match p {
        Principal::Participant(p) | Principal::FormerGuest(p) | Principal::Withdrawn(p) => {
            Some(&p.id)
        }
        Principal::Admin | Principal::Staff(_) => None,
    }
}
