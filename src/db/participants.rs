//! Participants, their avoid lists, tokens and check-ins.

use sqlx::{Any, AnyConnection, AssertSqlSafe, Executor};

use crate::core::participant::{Escort, MaritalStatus, Mobility, Mode, PersonRef, Profile};
use crate::db::Db;

row! {
    /// A participant as stored, with their check-in joined in.
    #[derive(Debug, Clone)]
    pub struct ParticipantRow {
        pub id: String,
        pub event_id: String,
        pub number: i64,
        pub display_name: String,
        pub gender: String,
        pub seeks: String,
        pub age: i64,
        pub partner_age_min: Option<i64>,
        pub partner_age_max: Option<i64>,
        pub mobility: String,
        pub communication: String,
        pub quiet: i64, // 0 or 1: the Any driver reads no SQLite BOOLEAN
        pub max_consecutive: Option<i64>,
        pub available_from: Option<i64>,
        pub available_to: Option<i64>,
        pub marital_status: String,
        pub contact: Option<String>,
        pub share_contact: i64, // 0 or 1: the Any driver reads no SQLite BOOLEAN
        pub companion: i64,     // 0 or 1: the Any driver reads no SQLite BOOLEAN
        pub notes_for_partner: Option<String>,
        pub status: String,
        pub token_version: i64,
        pub created_at: i64,
        pub updated_at: i64,
        pub checked_in_at: Option<i64>,
        pub left_at: Option<i64>,
        /// When their personal fields were erased.
        pub erased_at: Option<i64>,
        /// When they asked, from their phone, to be erased.
        pub erasure_requested_at: Option<i64>,
        /// When their current link was claimed by a phone (`None`: not yet).
        pub claimed_at: Option<i64>,
        /// Who gave the current link (a log name), when it was re-issued.
        pub issued_by: Option<String>,
        pub issued_at: Option<i64>,
        /// `registered`, `walk_in` or `reissued`: where the current link came from.
        pub link_origin: String,
        /// 0 while the phone holding the link has not proved it is the guest's.
        pub confirmed: i64,
        pub confirm_tries: i64,
        /// The six digits an unconfirmed phone shows, for the organiser to type.
        pub confirm_code: Option<String>,
        /// 1 when a host or matchmaker typed the contact (a walk-in).
        pub contact_by_staff: i64,
        /// `none`, `guide`, `push` or `company`.
        pub escort: String,
    }
}

impl ParticipantRow {
    pub fn is_withdrawn(&self) -> bool {
        self.status == "withdrawn"
    }

    /// The stored profile, with `avoid` as the numbers of the avoided people.
    pub fn profile(&self, avoid_numbers: Vec<i64>) -> Profile {
        Profile {
            display_name: self.display_name.clone(),
            gender: self.gender.clone(),
            seeks: serde_json::from_str(&self.seeks).unwrap_or_default(),
            age: self.age,
            partner_age: self
                .partner_age_min
                .zip(self.partner_age_max)
                .map(|(a, b)| [a, b]),
            mobility: Mobility::parse(&self.mobility).unwrap_or(Mobility::None),
            communication: serde_json::from_str::<Vec<Mode>>(&self.communication)
                .unwrap_or_default(),
            quiet: self.quiet != 0,
            avoid: avoid_numbers.into_iter().map(PersonRef::Number).collect(),
            max_consecutive: self.max_consecutive,
            available: self
                .available_from
                .zip(self.available_to)
                .map(|(a, b)| [a, b]),
            marital_status: MaritalStatus::parse(&self.marital_status)
                .unwrap_or(MaritalStatus::Unmarried),
            contact: self.contact.clone(),
            share_contact: self.share_contact != 0,
            companion: self.companion != 0,
            notes_for_partner: self.notes_for_partner.clone(),
            escort: Escort::parse(&self.escort).unwrap_or(Escort::None),
        }
    }
}

const SELECT: &str = "SELECT p.id, p.event_id, p.number, p.display_name, p.gender, p.seeks, p.age, \
     p.partner_age_min, p.partner_age_max, p.mobility, p.communication, p.quiet, p.max_consecutive, \
     p.available_from, p.available_to, p.marital_status, p.contact, p.share_contact, p.companion, \
     p.notes_for_partner, p.status, p.token_version, p.created_at, p.updated_at, \
     c.checked_in_at, c.left_at, p.erased_at, p.erasure_requested_at, \
     p.claimed_at, p.issued_by, p.issued_at, p.link_origin, p.confirmed, p.confirm_tries, \
     p.confirm_code, p.contact_by_staff, p.escort \
     FROM participants p LEFT JOIN check_ins c ON c.participant_id = p.id";

/// A new participant, ready to store.
pub struct NewParticipant<'a> {
    pub id: &'a str,
    pub event_id: &'a str,
    pub number: i64,
    pub profile: &'a Profile,
    pub token_hash: &'a str,
    /// Registered at the door by a host or matchmaker (who typed the contact).
    pub walk_in: bool,
}

pub async fn insert(
    conn: &mut AnyConnection,
    p: NewParticipant<'_>,
    now: i64,
) -> Result<(), sqlx::Error> {
    let f = p.profile;
    sqlx::query(
        "INSERT INTO participants (id, event_id, number, display_name, gender, seeks, age, \
         partner_age_min, partner_age_max, mobility, communication, quiet, max_consecutive, \
         available_from, available_to, marital_status, contact, share_contact, companion, \
         notes_for_partner, status, token_hash, token_version, created_at, updated_at, \
         link_origin, contact_by_staff, escort) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, \
         $19, $20, 'registered', $21, 1, $22, $22, $23, $24, $25)",
    )
    .bind(p.id)
    .bind(p.event_id)
    .bind(p.number)
    .bind(&f.display_name)
    .bind(&f.gender)
    .bind(serde_json::to_string(&f.seeks).unwrap_or_default())
    .bind(f.age)
    .bind(f.partner_age.map(|r| r[0]))
    .bind(f.partner_age.map(|r| r[1]))
    .bind(f.mobility.as_str())
    .bind(serde_json::to_string(&f.communication).unwrap_or_default())
    .bind(i64::from(f.quiet))
    .bind(f.max_consecutive)
    .bind(f.available.map(|r| r[0]))
    .bind(f.available.map(|r| r[1]))
    .bind(f.marital_status.as_str())
    .bind(f.contact.as_deref())
    .bind(i64::from(f.share_contact))
    .bind(i64::from(f.companion))
    .bind(f.notes_for_partner.as_deref())
    .bind(p.token_hash)
    .bind(now)
    .bind(if p.walk_in { "walk_in" } else { "registered" })
    .bind(i64::from(p.walk_in && f.contact.is_some()))
    .bind(f.escort.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces every profile field of a participant.
pub async fn update(
    conn: &mut AnyConnection,
    id: &str,
    f: &Profile,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET display_name = $2, gender = $3, seeks = $4, age = $5, \
         partner_age_min = $6, partner_age_max = $7, mobility = $8, communication = $9, quiet = $10, \
         max_consecutive = $11, available_from = $12, available_to = $13, marital_status = $14, \
         contact = $15, share_contact = $16, companion = $17, notes_for_partner = $18, updated_at = $19, \
         escort = $20 WHERE id = $1",
    )
    .bind(id)
    .bind(&f.display_name)
    .bind(&f.gender)
    .bind(serde_json::to_string(&f.seeks).unwrap_or_default())
    .bind(f.age)
    .bind(f.partner_age.map(|r| r[0]))
    .bind(f.partner_age.map(|r| r[1]))
    .bind(f.mobility.as_str())
    .bind(serde_json::to_string(&f.communication).unwrap_or_default())
    .bind(i64::from(f.quiet))
    .bind(f.max_consecutive)
    .bind(f.available.map(|r| r[0]))
    .bind(f.available.map(|r| r[1]))
    .bind(f.marital_status.as_str())
    .bind(f.contact.as_deref())
    .bind(i64::from(f.share_contact))
    .bind(i64::from(f.companion))
    .bind(f.notes_for_partner.as_deref())
    .bind(now)
    .bind(f.escort.as_str())
    .execute(conn)
    .await?;
    Ok(())
}

/// Replaces a participant's avoid list.
pub async fn set_avoid(
    conn: &mut AnyConnection,
    id: &str,
    avoided: &[String],
) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM participant_avoid WHERE participant_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    for other in avoided {
        sqlx::query("INSERT INTO participant_avoid (participant_id, avoided_id) VALUES ($1, $2)")
            .bind(id)
            .bind(other)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// Every participant of an event, by number.
pub async fn list<'e>(
    ex: impl Executor<'e, Database = Any>,
    event_id: &str,
) -> Result<Vec<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE p.event_id = $1 ORDER BY p.number"
    )))
    .bind(event_id)
    .fetch_all(ex)
    .await
}

pub async fn find<'e>(
    db: impl Executor<'e, Database = Any>,
    event_id: &str,
    id: &str,
) -> Result<Option<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE p.event_id = $1 AND p.id = $2"
    )))
    .bind(event_id)
    .bind(id)
    .fetch_optional(db)
    .await
}

/// Who typed the contact last: staff (its digits then confirm nothing) or not.
pub async fn contact_typed_by(
    conn: &mut AnyConnection,
    id: &str,
    staff: bool,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET contact_by_staff = $2 WHERE id = $1")
        .bind(id)
        .bind(i64::from(staff))
        .execute(conn)
        .await?;
    Ok(())
}

/// Ends a withdrawn guest's phone session (the organiser's re-issue of it).
pub async fn end_session(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET session_hash = NULL, claim_device = NULL, \
         token_version = token_version + 1, updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Records a wrong try at confirming (the tries are never reset).
/// Takes one of the `max` tries at confirming, in the store itself, so tries made
/// at the same moment from several connections cannot exceed it: `false` when none
/// was left.
pub async fn take_try(conn: &mut AnyConnection, id: &str, max: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE participants SET confirm_tries = confirm_tries + 1 WHERE id = $1 AND confirm_tries < $2",
    )
    .bind(id)
    .bind(max)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives back a try that confirmed the phone (only wrong tries count).
pub async fn give_back_try(conn: &mut AnyConnection, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE participants SET confirm_tries = confirm_tries - 1 WHERE id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// The phone holding the link is the guest's.
pub async fn confirm(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET confirmed = 1, confirm_code = NULL, updated_at = $2 WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// The participant wearing badge `number` at an event.
pub async fn find_by_number(
    db: &Db,
    event_id: &str,
    number: i64,
) -> Result<Option<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE p.event_id = $1 AND p.number = $2"
    )))
    .bind(event_id)
    .bind(number)
    .fetch_optional(db)
    .await
}

/// The participant whose phone holds a session, found by the session's hash.
pub async fn find_by_session_hash(
    db: &Db,
    hash: &str,
) -> Result<Option<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!("{SELECT} WHERE p.session_hash = $1")))
        .bind(hash)
        .fetch_optional(db)
        .await
}

/// The SHA-256 of the device id that claimed a participant's current link.
pub async fn claim_device(db: &Db, id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT claim_device FROM participants WHERE id = $1")
            .bind(id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|r| r.0))
}

/// Claims the link of `version` for one phone, unless it was claimed already (or
/// re-issued meanwhile): `true` when this call claimed it.
pub async fn claim(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    device_hash: Option<&str>,
    session_hash: &str,
    code: Option<&str>,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE participants SET claimed_at = $3, claim_device = $4, session_hash = $5, \
         confirmed = $6, confirm_code = $7 \
         WHERE id = $1 AND token_version = $2 AND claimed_at IS NULL AND status = 'registered'",
    )
    .bind(id)
    .bind(version)
    .bind(now)
    .bind(device_hash)
    .bind(session_hash)
    .bind(i64::from(code.is_none()))
    .bind(code)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// The participant whose unclaimed or claimed join link this is, by its hash.
pub async fn find_by_token_hash(
    db: &Db,
    hash: &str,
) -> Result<Option<ParticipantRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "{SELECT} WHERE p.token_hash = $1 AND p.status = 'registered'"
    )))
    .bind(hash)
    .fetch_optional(db)
    .await
}

/// `(participant, avoided participant's number)` for every avoid entry of an event
/// whose avoided person is still registered.
pub async fn avoid_numbers<'e>(
    ex: impl Executor<'e, Database = Any>,
    event_id: &str,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT a.participant_id, o.number FROM participant_avoid a \
         JOIN participants o ON o.id = a.avoided_id \
         JOIN participants p ON p.id = a.participant_id \
         WHERE p.event_id = $1 AND o.status = 'registered' \
         ORDER BY a.participant_id, o.number",
    )
    .bind(event_id)
    .fetch_all(ex)
    .await
}

/// Sets a new link (a re-issue by `by`, a log name), ending the old link and the
/// phone's session with it.
pub async fn set_token(
    conn: &mut AnyConnection,
    id: &str,
    version: i64,
    hash: &str,
    by: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET token_version = $2, token_hash = $3, claimed_at = NULL, \
         claim_device = NULL, session_hash = NULL, issued_by = $4, issued_at = $5, updated_at = $5, \
         link_origin = 'reissued', confirm_code = NULL \
         WHERE id = $1",
    )
    .bind(id)
    .bind(version)
    .bind(hash)
    .bind(by)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// What changes whenever the event's roster does: how many rows, and the latest
/// change to any of them. A registration checked against one roster is stored
/// only if the roster still has the same fingerprint.
pub async fn fingerprint(
    conn: &mut AnyConnection,
    event_id: &str,
) -> Result<(i64, i64), sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*), COALESCE(MAX(updated_at), 0) FROM participants WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_one(conn)
    .await
}

/// Marks a participant as withdrawn and retires their token.
pub async fn withdraw(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    // The link ends; the phone's session stays, for the guest's data (PIPL).
    sqlx::query("UPDATE participants SET status = 'withdrawn', token_hash = NULL, updated_at = $2 WHERE id = $1")
        .bind(id)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks a checked-in participant as gone; `true` when that changed something.
pub async fn mark_left(conn: &mut AnyConnection, id: &str, now: i64) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE check_ins SET left_at = $2 WHERE participant_id = $1 AND left_at IS NULL",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Clears a departure (the guest came back); `true` when they had been marked gone.
pub async fn clear_left(conn: &mut AnyConnection, id: &str) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE check_ins SET left_at = NULL WHERE participant_id = $1 AND left_at IS NOT NULL",
    )
    .bind(id)
    .execute(conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Records an arrival; a second check-in keeps the first time. Returns the time of
/// arrival and whether this call recorded it.
pub async fn check_in(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
    by_staff: Option<&str>,
    now: i64,
) -> Result<(i64, bool), sqlx::Error> {
    let done = sqlx::query(
        "INSERT INTO check_ins (participant_id, event_id, checked_in_at, checked_in_by) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (participant_id) DO NOTHING",
    )
    .bind(id)
    .bind(event_id)
    .bind(now)
    .bind(by_staff)
    .execute(&mut *conn)
    .await?;
    let (at,): (i64,) =
        sqlx::query_as("SELECT checked_in_at FROM check_ins WHERE participant_id = $1")
            .bind(id)
            .fetch_one(conn)
            .await?;
    Ok((at, done.rows_affected() == 1))
}
