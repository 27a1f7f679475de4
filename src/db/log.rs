//! The append-only event log: every state change of an event, numbered per event.

use serde::Serialize;
use sqlx::AnyConnection;

use crate::db::Db;

/// Appends one entry. `data` must name people by id only: no contacts, needs or
/// tokens. The per-event sequence comes from a counter row in `events`, whose update
/// also serialises concurrent writers of the same event on PostgreSQL.
pub async fn append(
    conn: &mut AnyConnection,
    event_id: &str,
    actor: &str,
    kind: &str,
    data: serde_json::Value,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let (seq,): (i64,) =
        sqlx::query_as("UPDATE events SET log_seq = log_seq + 1 WHERE id = $1 RETURNING log_seq")
            .bind(event_id)
            .fetch_one(&mut *conn)
            .await?;
    sqlx::query("INSERT INTO event_log (event_id, seq, at, actor, kind, data) VALUES ($1, $2, $3, $4, $5, $6)")
        .bind(event_id)
        .bind(seq)
        .bind(now)
        .bind(actor)
        .bind(kind)
        .bind(data.to_string())
        .execute(&mut *conn)
        .await?;
    Ok(seq)
}

/// Appends one entry in a transaction of its own: for what happens outside the
/// evening's state (a join link shown to staff), so it needs no actor.
pub async fn record(
    db: &Db,
    event_id: &str,
    actor: &str,
    kind: &str,
    data: serde_json::Value,
    now: i64,
) -> Result<i64, sqlx::Error> {
    let mut tx = crate::db::begin(db).await?;
    let seq = append(&mut tx, event_id, actor, kind, data, now).await?;
    tx.commit().await?;
    Ok(seq)
}

row! {
    #[derive(Debug, Clone, Serialize)]
    pub struct LogEntry {
        pub seq: i64,
        pub at: i64,
        pub actor: String,
        pub kind: String,
        pub data: String,
    }
}

/// The whole log of an event, oldest first.
pub async fn list(db: &Db, event_id: &str) -> Result<Vec<LogEntry>, sqlx::Error> {
    sqlx::query_as(
        "SELECT seq, at, actor, kind, data FROM event_log WHERE event_id = $1 ORDER BY seq",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}
