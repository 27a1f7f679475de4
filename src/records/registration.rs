//! Setting up an evening: events, registrations (one, or a whole roster at once),
//! updates, withdrawals, token re-issue and staff accounts. (Check-in and leaving
//! are the evening's: its actor records them, see `crate::live`.)
//!
//! Each operation is one database transaction that also appends to the event log, so
//! a failure saves nothing. The HTTP handlers, the CSV import and the demo all come
//! through here.

use serde_json::json;
use sqlx::AnyConnection;

use crate::core::live::programme::{Programme, SegmentInput};
use crate::core::participant::{
    Eligibility, ParticipantInput, Profile, RosterEntry, resolve_avoid,
};
use crate::core::setup::{EventInput, EventSetup, TableSetup};
use crate::core::validation::merge_errors;
use crate::core::{FieldError, Lang};
use crate::db::{self, Db, events, log, participants, staff};
use crate::tokens::{self, TokenKey, TokenKind};

#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("no such event")]
    EventNotFound,
    #[error("no such participant")]
    ParticipantNotFound,
    #[error("no such staff account")]
    StaffNotFound,
    #[error("the participant has withdrawn")]
    Withdrawn,
    /// The evening has started: its rules are the running clock's now.
    #[error("the event has started")]
    Started,
    /// The event's live engine could not save the change in time; nothing changed.
    #[error("the live event could not save the change")]
    Unavailable,
    #[error("invalid input")]
    Invalid(Vec<FieldError>),
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Who did something, as written in the event log.
#[derive(Debug, Clone)]
pub enum Actor {
    Admin,
    Staff(String),
    System,
}

impl Actor {
    pub fn log_name(&self) -> String {
        match self {
            Actor::Admin => "admin".into(),
            Actor::Staff(id) => format!("staff:{id}"),
            Actor::System => "system".into(),
        }
    }

    pub fn staff_id(&self) -> Option<&str> {
        match self {
            Actor::Staff(id) => Some(id),
            _ => None,
        }
    }
}

/// Creates an event; returns its id.
pub(super) async fn create_event(
    db: &Db,
    setup: &EventSetup,
    actor: &Actor,
    now: i64,
) -> Result<String, Error> {
    let id = tokens::new_id();
    let mut tx = db::begin(db).await?;
    events::insert(&mut tx, &id, setup, now).await?;
    log::append(
        &mut tx,
        &id,
        &actor.log_name(),
        "event.created",
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// Changes a scheduled event's setup: the fields `patch` sends, checked whole with
/// the rest as stored. Refused once the host has started the evening.
pub(super) async fn edit_event(
    db: &Db,
    id: &str,
    patch: EventInput,
    actor: &Actor,
    lang: Lang,
    now: i64,
) -> Result<(), Error> {
    let mut tx = db::begin(db).await?;
    let event = events::find(&mut *tx, id)
        .await?
        .ok_or(Error::EventNotFound)?;
    if event.status != "scheduled" {
        return Err(Error::Started);
    }
    let current = setup_of(&mut tx, event).await?;
    let setup =
        EventSetup::parse(current.to_input().overlay(patch), lang).map_err(Error::Invalid)?;
    if !events::update(&mut tx, id, &setup).await? {
        return Err(Error::Started);
    }
    log::append(
        &mut tx,
        id,
        &actor.log_name(),
        "event.edited",
        json!({}),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Sets a scheduled event's programme: `segments` checked whole over the stored
/// one (ids kept with their times). Refused once the evening is live.
pub(super) async fn set_programme(
    db: &Db,
    id: &str,
    segments: &[SegmentInput],
    actor: &Actor,
    lang: Lang,
    now: i64,
) -> Result<Programme, Error> {
    let mut tx = db::begin(db).await?;
    let event = events::find(&mut *tx, id)
        .await?
        .ok_or(Error::EventNotFound)?;
    if event.status != "scheduled" {
        return Err(Error::Started);
    }
    let mut programme: Programme = event
        .programme
        .as_deref()
        .and_then(|text| serde_json::from_str(text).ok())
        .unwrap_or_default();
    programme.set(segments).map_err(|r| {
        Error::Invalid(vec![FieldError::new(
            "segments",
            lang,
            r.text(Lang::Zh),
            r.text(Lang::En),
        )])
    })?;
    let text = serde_json::to_string(&programme).unwrap_or_default();
    if !events::set_programme(&mut tx, id, &text).await? {
        return Err(Error::Started);
    }
    log::append(
        &mut tx,
        id,
        &actor.log_name(),
        "programme.set",
        json!({ "segments": segments.len() }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(programme)
}

/// Whether the event is still scheduled (its programme the organiser's to set).
pub(super) async fn still_scheduled(db: &Db, id: &str) -> Result<(), Error> {
    let event = events::find(db, id).await?.ok_or(Error::EventNotFound)?;
    if event.status != "scheduled" {
        return Err(Error::Started);
    }
    Ok(())
}

/// An event's setup as stored.
async fn setup_of(conn: &mut AnyConnection, e: events::EventRow) -> Result<EventSetup, Error> {
    let places = |rows: Vec<events::TableRow>| {
        rows.into_iter()
            .map(|t| TableSetup {
                label: t.label,
                accessible: t.accessible != 0,
                quiet: t.quiet != 0,
            })
            .collect()
    };
    let tables = places(events::tables(&mut *conn, &e.id).await?);
    let rooms = places(events::rooms(&mut *conn, &e.id).await?);
    let desks = events::desks(&mut *conn, &e.id)
        .await?
        .into_iter()
        .map(|d| d.label)
        .collect();
    Ok(EventSetup {
        title: e.title,
        organiser: e.organiser,
        venue: e.venue,
        starts_at: e.starts_at,
        round_seconds: e.round_seconds,
        transition_seconds: e.transition_seconds,
        rounds: e.rounds,
        interpreters: e.interpreters,
        break_after_rounds: e.break_after_rounds,
        break_seconds: e.break_seconds,
        names_on_projector: e.names_on_projector != 0,
        tables,
        rooms,
        desks,
        min_age_male: e.min_age_male,
        min_age_female: e.min_age_female,
    })
}

/// One registration to make; `line` is its line in an imported roster, `errors`
/// the problems already found while reading it (a cell or a field of the wrong type).
#[derive(Debug, Clone)]
pub struct Registration {
    pub line: Option<u64>,
    pub input: ParticipantInput,
    pub errors: Vec<FieldError>,
}

/// A registered participant and their token, shown once.
#[derive(Debug, Clone)]
pub struct Registered {
    pub id: String,
    pub number: i64,
    pub display_name: String,
    pub token: String,
}

/// A batch once checked: each new guest (line, id, number, profile), and the ids
/// each of them avoids.
type Checked = (Vec<(Option<u64>, String, i64, Profile)>, Vec<Vec<String>>);

/// Registers every participant or none: any problem in any registration answers
/// `Invalid` with all problems (tagged with their line) and stores nothing.
///
/// The batch is checked before the write transaction begins, from what is read
/// outside it: a roster of 5,000 lines must not hold SQLite's one write lock (and
/// every evening's saves behind it) while its avoid lists are resolved. In the
/// transaction, if the event's roster changed meanwhile (another registration, a
/// renaming), the check is made again; the last try checks inside it.
pub(super) async fn register(
    db: &Db,
    key: &TokenKey,
    event_id: &str,
    batch: Vec<Registration>,
    actor: &Actor,
    lang: Lang,
    now: i64,
) -> Result<Vec<Registered>, Error> {
    const TRIES: usize = 3;
    for attempt in 1..=TRIES {
        let last = attempt == TRIES;
        let (mut tx, (new, avoids), before) = if last {
            let mut tx = db::begin(db).await?;
            // The event's row first (its lock, on PostgreSQL): nobody numbers
            // guests between this check and the inserts.
            events::advance_number(&mut tx, event_id, 0).await?;
            let checked = check_batch(&mut tx, event_id, batch.clone(), lang).await?;
            (tx, checked, None)
        } else {
            let mut conn = db.acquire().await?;
            let before = participants::fingerprint(&mut conn, event_id).await?;
            let checked = check_batch(&mut conn, event_id, batch.clone(), lang).await?;
            drop(conn);
            (db::begin(db).await?, checked, Some(before))
        };
        let start = events::advance_number(&mut tx, event_id, new.len() as i64).await?;
        if let Some(before) = before {
            // Checked against a roster that has changed since: check again
            // (dropping the transaction rolls it back).
            let numbered = new.first().is_none_or(|first| first.2 == start);
            if !numbered || participants::fingerprint(&mut tx, event_id).await? != before {
                continue;
            }
        }
        let out = store(&mut tx, key, event_id, &new, &avoids, actor, now).await?;
        tx.commit().await?;
        return Ok(out);
    }
    unreachable!("the last try always returns")
}

/// Checks a batch against the event and its roster as `conn` reads them.
async fn check_batch(
    conn: &mut AnyConnection,
    event_id: &str,
    batch: Vec<Registration>,
    lang: Lang,
) -> Result<Checked, Error> {
    let event = events::find(&mut *conn, event_id)
        .await?
        .ok_or(Error::EventNotFound)?;
    let first = events::next_number(&mut *conn, event_id).await?;
    let existing = participants::list(&mut *conn, event_id).await?;
    let rules = eligibility(&event);
    let mut errors = Vec::new();
    // (line, id, number, profile) of every registration that parsed.
    let mut new = Vec::new();
    // (line, name, avoid references) of those that did not: their `avoid` lists
    // are still checked, so one answer names every problem.
    let mut failed = Vec::new();
    for reg in batch {
        let avoid = reg.input.avoid.clone().unwrap_or_default();
        let name = reg
            .input
            .display_name
            .as_deref()
            .map(str::trim)
            .map(String::from);
        match merge_errors(reg.errors, Profile::parse(reg.input, &rules, lang)) {
            Ok(profile) => {
                let number = first + new.len() as i64;
                new.push((reg.line, tokens::new_id(), number, profile));
            }
            Err(es) => {
                errors.extend(es.into_iter().map(|e| e.at_line(reg.line)));
                failed.push((reg.line, name, avoid));
            }
        }
    }
    // People who failed have no number; each gets a distinct negative stand-in so
    // that they can still be named (and cannot avoid themselves).
    let roster: Vec<RosterEntry> = existing
        .iter()
        .filter(|p| !p.is_withdrawn())
        .map(|p| RosterEntry {
            id: &p.id,
            number: p.number,
            display_name: &p.display_name,
        })
        .chain(new.iter().map(|(_, id, number, profile)| RosterEntry {
            id,
            number: *number,
            display_name: &profile.display_name,
        }))
        .chain(failed.iter().enumerate().filter_map(|(i, (_, name, _))| {
            name.as_deref().map(|n| RosterEntry {
                id: "",
                number: -1 - i as i64,
                display_name: n,
            })
        }))
        .collect();
    let mut avoids = Vec::new();
    for (line, _, number, profile) in &new {
        match resolve_avoid(&profile.avoid, &roster, Some(*number), lang) {
            Ok(ids) => avoids.push(ids),
            Err(es) => errors.extend(es.into_iter().map(|e| e.at_line(*line))),
        }
    }
    for (i, (line, _, avoid)) in failed.iter().enumerate() {
        if let Err(es) = resolve_avoid(avoid, &roster, Some(-1 - i as i64), lang) {
            errors.extend(es.into_iter().map(|e| e.at_line(*line)));
        }
    }
    // Lines in order, and within a line the order the checks found them.
    errors.sort_by_key(|e| e.line);
    if !errors.is_empty() {
        return Err(Error::Invalid(errors));
    }
    Ok((new, avoids))
}

/// Stores a checked batch: the guests, their avoid lists, a log entry each.
async fn store(
    tx: &mut AnyConnection,
    key: &TokenKey,
    event_id: &str,
    new: &[(Option<u64>, String, i64, Profile)],
    avoids: &[Vec<String>],
    actor: &Actor,
    now: i64,
) -> Result<Vec<Registered>, Error> {
    let mut out = Vec::with_capacity(new.len());
    for (_, id, number, profile) in new {
        let token = key.derive(TokenKind::Participant, id, 1);
        let hash = tokens::hash(&token);
        let row = participants::NewParticipant {
            id,
            event_id,
            number: *number,
            profile,
            token_hash: &hash,
            walk_in: matches!(actor, Actor::Staff(_)),
        };
        participants::insert(&mut *tx, row, now).await?;
        out.push(Registered {
            id: id.clone(),
            number: *number,
            display_name: profile.display_name.clone(),
            token,
        });
    }
    for ((_, id, number, _), avoid) in new.iter().zip(avoids) {
        participants::set_avoid(&mut *tx, id, avoid).await?;
        let data = json!({ "participant_id": id, "number": number });
        log::append(
            &mut *tx,
            event_id,
            &actor.log_name(),
            "participant.registered",
            data,
            now,
        )
        .await?;
    }
    Ok(out)
}

/// A change to a participant: fields to set, fields to clear (sent as `null`), and
/// problems already found while reading it.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub patch: ParticipantInput,
    pub clear: Vec<String>,
    pub errors: Vec<FieldError>,
}

/// Changes the fields present in `patch`; the result is checked like a registration.
pub(super) async fn update(
    db: &Db,
    event_id: &str,
    participant_id: &str,
    change: Change,
    actor: &Actor,
    lang: Lang,
    now: i64,
) -> Result<(), Error> {
    let mut tx = db::begin(db).await?;
    let event = events::find(&mut *tx, event_id)
        .await?
        .ok_or(Error::EventNotFound)?;
    let all = participants::list(&mut *tx, event_id).await?;
    let me = all
        .iter()
        .find(|p| p.id == participant_id)
        .ok_or(Error::ParticipantNotFound)?;
    if me.is_withdrawn() {
        return Err(Error::Withdrawn);
    }
    let avoid_now = participants::avoid_numbers(&mut *tx, event_id)
        .await?
        .into_iter()
        .filter(|(p, _)| p == participant_id)
        .map(|(_, n)| n)
        .collect();
    let mut merged = me.profile(avoid_now).to_input().overlay(change.patch);
    for field in &change.clear {
        merged.clear(field);
    }
    let avoid_refs = merged.avoid.clone().unwrap_or_default();
    let parsed = merge_errors(
        change.errors,
        Profile::parse(merged, &eligibility(&event), lang),
    );
    let roster: Vec<RosterEntry> = all
        .iter()
        .filter(|p| !p.is_withdrawn())
        .map(|p| RosterEntry {
            id: &p.id,
            number: p.number,
            display_name: &p.display_name,
        })
        .collect();
    let resolved = resolve_avoid(&avoid_refs, &roster, Some(me.number), lang);
    let (profile, avoid) = match (parsed, resolved) {
        (Ok(p), Ok(a)) => (p, a),
        (p, a) => {
            let mut errors = p.err().unwrap_or_default();
            errors.extend(a.err().unwrap_or_default());
            return Err(Error::Invalid(errors));
        }
    };
    // Consent to share a contact is the guest's own (on their phone) or the
    // organiser's, recording a paper form; never another staff member's. Each
    // change is logged with who, when, and the old and new value.
    let consent_was = me.share_contact != 0;
    if profile.share_contact != consent_was {
        if matches!(actor, Actor::Staff(_)) {
            return Err(Error::Invalid(vec![crate::core::fields::consent_refused(
                lang,
            )]));
        }
        let data = json!({ "participant_id": participant_id, "share_contact": { "old": consent_was, "new": profile.share_contact } });
        log::append(
            &mut tx,
            event_id,
            &actor.log_name(),
            "consent.changed",
            data,
            now,
        )
        .await?;
    }
    participants::update(&mut tx, participant_id, &profile, now).await?;
    if profile.contact != me.contact {
        // Only the organiser changes a contact (staff may not read it): its digits
        // now confirm a late claim again.
        participants::contact_typed_by(&mut tx, participant_id, matches!(actor, Actor::Staff(_)))
            .await?;
    }
    participants::set_avoid(&mut tx, participant_id, &avoid).await?;
    log_about(
        &mut tx,
        event_id,
        actor,
        "participant.updated",
        participant_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Withdraws a participant: their token stops working, their history stays.
pub(super) async fn withdraw(
    db: &Db,
    event_id: &str,
    participant_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), Error> {
    let p = participants::find(db, event_id, participant_id)
        .await?
        .ok_or(Error::ParticipantNotFound)?;
    if p.is_withdrawn() {
        return Ok(());
    }
    let mut tx = db::begin(db).await?;
    participants::withdraw(&mut tx, participant_id, now).await?;
    log_about(
        &mut tx,
        event_id,
        actor,
        "participant.withdrawn",
        participant_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Issues a participant a new token; the old one stops working.
pub(super) async fn reissue_token(
    db: &Db,
    key: &TokenKey,
    event_id: &str,
    participant_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<String, Error> {
    let p = participants::find(db, event_id, participant_id)
        .await?
        .ok_or(Error::ParticipantNotFound)?;
    if p.is_withdrawn() {
        return Err(Error::Withdrawn);
    }
    let version = p.token_version + 1;
    let token = key.derive(TokenKind::Participant, participant_id, version);
    let mut tx = db::begin(db).await?;
    participants::set_token(
        &mut tx,
        participant_id,
        version,
        &tokens::hash(&token),
        &actor.log_name(),
        now,
    )
    .await?;
    log_about(
        &mut tx,
        event_id,
        actor,
        "participant.link_reissued",
        participant_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// Ends a withdrawn guest's phone session (which kept their data readable).
pub(super) async fn end_session(
    db: &Db,
    event_id: &str,
    participant_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), Error> {
    let mut tx = db::begin(db).await?;
    participants::end_session(&mut tx, participant_id, now).await?;
    log_about(
        &mut tx,
        event_id,
        actor,
        "participant.session_ended",
        participant_id,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Logs a change to one participant: by id only, never their details.
async fn log_about(
    conn: &mut sqlx::AnyConnection,
    event_id: &str,
    actor: &Actor,
    kind: &str,
    participant_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let data = json!({ "participant_id": participant_id });
    log::append(conn, event_id, &actor.log_name(), kind, data, now).await?;
    Ok(())
}

/// Creates a staff account; returns its id and token.
pub(super) async fn create_staff(
    db: &Db,
    key: &TokenKey,
    event_id: &str,
    new: staff::NewStaff<'_>,
    actor: &Actor,
    now: i64,
) -> Result<(String, String), Error> {
    let role = new.role;
    let id = tokens::new_id();
    let token = key.derive(TokenKind::Staff, &id, 1);
    let mut tx = db::begin(db).await?;
    events::find(&mut *tx, event_id)
        .await?
        .ok_or(Error::EventNotFound)?;
    staff::insert(&mut tx, &id, event_id, new, &tokens::hash(&token), now).await?;
    let data = json!({ "staff_id": id, "role": role });
    log::append(
        &mut tx,
        event_id,
        &actor.log_name(),
        "staff.created",
        data,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((id, token))
}

/// Switches a staff account's link off: no token matches it any more. The account
/// stays, and the event log says who did it and when. Already off, it changes
/// nothing and logs nothing.
pub(super) async fn revoke_staff_link(
    db: &Db,
    event_id: &str,
    staff_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), Error> {
    let mut tx = db::begin(db).await?;
    let row = staff_of(&mut tx, event_id, staff_id).await?;
    if row.active != 0 {
        staff::revoke(&mut tx, event_id, staff_id).await?;
        log_staff_link(&mut tx, &row, "staff.link_revoked", actor, now).await?;
        tx.commit().await?;
    }
    Ok(())
}

/// Gives a staff account a new link (the next token version): the old token stops
/// working. The account and the new token; the log says who and when.
pub(super) async fn reissue_staff_link(
    db: &Db,
    key: &TokenKey,
    event_id: &str,
    staff_id: &str,
    actor: &Actor,
    now: i64,
) -> Result<(staff::StaffRow, String), Error> {
    let mut tx = db::begin(db).await?;
    let row = staff_of(&mut tx, event_id, staff_id).await?;
    let version = row.token_version + 1;
    let token = key.derive(TokenKind::Staff, staff_id, version);
    staff::reissue(&mut tx, event_id, staff_id, version, &tokens::hash(&token)).await?;
    log_staff_link(&mut tx, &row, "staff.link_reissued", actor, now).await?;
    tx.commit().await?;
    Ok((row, token))
}

async fn staff_of(
    conn: &mut sqlx::AnyConnection,
    event_id: &str,
    staff_id: &str,
) -> Result<staff::StaffRow, Error> {
    events::find(&mut *conn, event_id)
        .await?
        .ok_or(Error::EventNotFound)?;
    staff::find(conn, event_id, staff_id)
        .await?
        .ok_or(Error::StaffNotFound)
}

async fn log_staff_link(
    conn: &mut sqlx::AnyConnection,
    row: &staff::StaffRow,
    kind: &str,
    actor: &Actor,
    now: i64,
) -> Result<(), Error> {
    let data = json!({ "staff_id": row.id, "role": row.role });
    log::append(conn, &row.event_id, &actor.log_name(), kind, data, now).await?;
    Ok(())
}

pub fn eligibility(event: &events::EventRow) -> Eligibility {
    Eligibility {
        min_age_male: event.min_age_male,
        min_age_female: event.min_age_female,
        rounds: event.rounds,
    }
}
