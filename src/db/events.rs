//! Events and their rooms: tables, private chat rooms, matchmaker desks.

use sqlx::{Any, AnyConnection, AssertSqlSafe, Executor};

use crate::core::setup::EventSetup;
use crate::db::Db;
use crate::tokens::new_id;

row! {
    #[derive(Debug, Clone)]
    pub struct EventRow {
        pub id: String,
        pub title: String,
        /// 主办单位; empty when not given.
        pub organiser: String,
        pub venue: String,
        pub starts_at: String,
        pub round_seconds: i64,
        pub transition_seconds: i64,
        pub rounds: i64,
        pub interpreters: i64,
        pub break_after_rounds: Option<i64>,
        pub break_seconds: i64,
        pub min_age_male: i64,
        pub min_age_female: i64,
        pub names_on_projector: i64, // 0 or 1: the Any driver reads no SQLite BOOLEAN
        pub status: String,
        pub created_at: i64,
        /// When the evening closed: retention counts from here.
        pub closed_at: Option<i64>,
        /// When every personal field of the event was erased.
        pub purged_at: Option<i64>,
        /// The programme as JSON (`core::live::Programme`), if one was set.
        pub programme: Option<String>,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct TableRow {
        pub id: String,
        pub label: String,
        pub accessible: i64, // 0 or 1: the Any driver reads no SQLite BOOLEAN
        pub quiet: i64,      // 0 or 1: the Any driver reads no SQLite BOOLEAN
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct LabelRow {
        pub id: String,
        pub label: String,
    }
}

const EVENT_COLUMNS: &str = "id, title, organiser, venue, starts_at, round_seconds, transition_seconds, rounds, \
     interpreters, break_after_rounds, break_seconds, min_age_male, min_age_female, \
     names_on_projector, status, created_at, closed_at, purged_at, programme";

/// Stores a new event with its tables, rooms and desks.
pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    s: &EventSetup,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO events (id, title, venue, starts_at, round_seconds, transition_seconds, rounds, \
         interpreters, break_after_rounds, break_seconds, min_age_male, min_age_female, \
         names_on_projector, status, next_number, log_seq, created_at, organiser) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, 'scheduled', 1, 0, $14, $15)",
    )
    .bind(id)
    .bind(&s.title)
    .bind(&s.venue)
    .bind(&s.starts_at)
    .bind(s.round_seconds)
    .bind(s.transition_seconds)
    .bind(s.rounds)
    .bind(s.interpreters)
    .bind(s.break_after_rounds)
    .bind(s.break_seconds)
    .bind(s.min_age_male)
    .bind(s.min_age_female)
    .bind(i64::from(s.names_on_projector))
    .bind(now)
    .bind(&s.organiser)
    .execute(&mut *conn)
    .await?;
    places(conn, id, s).await
}

/// Stores an event's tables, rooms and desks, in the order given.
async fn places(conn: &mut AnyConnection, id: &str, s: &EventSetup) -> Result<(), sqlx::Error> {
    for (i, t) in s.tables.iter().enumerate() {
        sqlx::query(
            "INSERT INTO venue_tables (id, event_id, position, label, accessible, quiet) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(id)
        .bind(i as i64)
        .bind(&t.label)
        .bind(i64::from(t.accessible))
        .bind(i64::from(t.quiet))
        .execute(&mut *conn)
        .await?;
    }
    for (i, r) in s.rooms.iter().enumerate() {
        sqlx::query(
            "INSERT INTO chat_rooms (id, event_id, position, label, accessible, quiet) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(id)
        .bind(i as i64)
        .bind(&r.label)
        .bind(i64::from(r.accessible))
        .bind(i64::from(r.quiet))
        .execute(&mut *conn)
        .await?;
    }
    for (i, label) in s.desks.iter().enumerate() {
        sqlx::query("INSERT INTO desks (id, event_id, position, label) VALUES ($1, $2, $3, $4)")
            .bind(new_id())
            .bind(id)
            .bind(i as i64)
            .bind(label)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

pub async fn find<'e>(
    ex: impl Executor<'e, Database = Any>,
    id: &str,
) -> Result<Option<EventRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {EVENT_COLUMNS} FROM events WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(ex)
    .await
}

/// Every event, oldest first.
pub async fn list(db: &Db) -> Result<Vec<EventRow>, sqlx::Error> {
    sqlx::query_as(AssertSqlSafe(format!(
        "SELECT {EVENT_COLUMNS} FROM events ORDER BY created_at, id"
    )))
    .fetch_all(db)
    .await
}

/// When an event closed, if it has (and exists).
pub async fn closed_at(db: &Db, id: &str) -> Result<Option<i64>, sqlx::Error> {
    let row: Option<(Option<i64>,)> = sqlx::query_as("SELECT closed_at FROM events WHERE id = $1")
        .bind(id)
        .fetch_optional(db)
        .await?;
    Ok(row.and_then(|(c,)| c))
}

pub async fn count(db: &Db) -> Result<i64, sqlx::Error> {
    let (n,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM events")
        .fetch_one(db)
        .await?;
    Ok(n)
}

pub async fn tables<'e>(
    ex: impl Executor<'e, Database = Any>,
    event_id: &str,
) -> Result<Vec<TableRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, label, accessible, quiet FROM venue_tables WHERE event_id = $1 ORDER BY position")
        .bind(event_id)
        .fetch_all(ex)
        .await
}

pub async fn rooms<'e>(
    ex: impl Executor<'e, Database = Any>,
    event_id: &str,
) -> Result<Vec<TableRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, label, accessible, quiet FROM chat_rooms WHERE event_id = $1 ORDER BY position",
    )
    .bind(event_id)
    .fetch_all(ex)
    .await
}

pub async fn desks<'e>(
    ex: impl Executor<'e, Database = Any>,
    event_id: &str,
) -> Result<Vec<LabelRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, label FROM desks WHERE event_id = $1 ORDER BY position")
        .bind(event_id)
        .fetch_all(ex)
        .await
}

/// The number the event's next participant will get.
pub async fn next_number(conn: &mut AnyConnection, event_id: &str) -> Result<i64, sqlx::Error> {
    let (next,): (i64,) = sqlx::query_as("SELECT next_number FROM events WHERE id = $1")
        .bind(event_id)
        .fetch_one(conn)
        .await?;
    Ok(next)
}

/// Hands out `n` participant numbers of an event; returns the first. With `n` = 0
/// it only takes the event row's lock (PostgreSQL) and says what is next.
pub async fn advance_number(
    conn: &mut AnyConnection,
    event_id: &str,
    n: i64,
) -> Result<i64, sqlx::Error> {
    let (next,): (i64,) = sqlx::query_as(
        "UPDATE events SET next_number = next_number + $2 WHERE id = $1 RETURNING next_number",
    )
    .bind(event_id)
    .bind(n)
    .fetch_one(conn)
    .await?;
    Ok(next - n)
}

/// Rewrites a scheduled event's setup: its fields, and its tables, rooms and desks
/// (replaced in the order given; nothing refers to them by id). `false`, and nothing
/// changed, once the evening has started.
pub async fn update(
    conn: &mut AnyConnection,
    id: &str,
    s: &EventSetup,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE events SET title = $2, venue = $3, starts_at = $4, round_seconds = $5, \
         transition_seconds = $6, rounds = $7, interpreters = $8, break_after_rounds = $9, \
         break_seconds = $10, min_age_male = $11, min_age_female = $12, names_on_projector = $13, \
         organiser = $14 WHERE id = $1 AND status = 'scheduled'",
    )
    .bind(id)
    .bind(&s.title)
    .bind(&s.venue)
    .bind(&s.starts_at)
    .bind(s.round_seconds)
    .bind(s.transition_seconds)
    .bind(s.rounds)
    .bind(s.interpreters)
    .bind(s.break_after_rounds)
    .bind(s.break_seconds)
    .bind(s.min_age_male)
    .bind(s.min_age_female)
    .bind(i64::from(s.names_on_projector))
    .bind(&s.organiser)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    for table in ["venue_tables", "chat_rooms", "desks"] {
        sqlx::query(AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE event_id = $1"
        )))
        .bind(id)
        .execute(&mut *conn)
        .await?;
    }
    places(conn, id, s).await?;
    Ok(true)
}

/// Stores a scheduled event's programme (JSON). `false`, and nothing changed, once
/// the evening has started.
pub async fn set_programme(
    conn: &mut AnyConnection,
    id: &str,
    programme: &str,
) -> Result<bool, sqlx::Error> {
    let done =
        sqlx::query("UPDATE events SET programme = $2 WHERE id = $1 AND status = 'scheduled'")
            .bind(id)
            .bind(programme)
            .execute(&mut *conn)
            .await?;
    Ok(done.rows_affected() > 0)
}
