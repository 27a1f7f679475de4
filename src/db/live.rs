//! The live engine's saved state, one row per running event.

use sqlx::AnyConnection;

use crate::db::Db;

/// The saved state of an event's live engine, if it was ever started.
pub async fn load(db: &Db, event_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT state FROM live_state WHERE event_id = $1")
        .bind(event_id)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(s,)| s))
}

/// Saves the state (insert or replace).
pub async fn save(
    conn: &mut AnyConnection,
    event_id: &str,
    state: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO live_state (event_id, state, updated_at) VALUES ($1, $2, $3) \
         ON CONFLICT (event_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
    )
    .bind(event_id)
    .bind(state)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// Sets an event's status (`scheduled`, `live`, `closed`).
pub async fn set_status(
    conn: &mut AnyConnection,
    event_id: &str,
    status: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE events SET status = $2 WHERE id = $1")
        .bind(event_id)
        .bind(status)
        .execute(conn)
        .await?;
    Ok(())
}

/// Events whose engine was running when the server stopped.
pub async fn running(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let rows: Vec<(String,)> =
        sqlx::query_as("SELECT id FROM events WHERE status = 'live' ORDER BY id")
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}
