//! Staff accounts of an event: host, matchmakers, the projector.

use sqlx::{AnyConnection, FromRow};

use crate::db::Db;

#[derive(Debug, Clone, FromRow)]
pub struct StaffRow {
    pub id: String,
    pub event_id: String,
    pub role: String,
    pub name: String,
    pub token_version: i64,
    pub created_at: i64,
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    event_id: &str,
    role: &str,
    name: &str,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff (id, event_id, role, name, token_hash, token_version, created_at) \
         VALUES ($1, $2, $3, $4, $5, 1, $6)",
    )
    .bind(id)
    .bind(event_id)
    .bind(role)
    .bind(name)
    .bind(token_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list(db: &Db, event_id: &str) -> Result<Vec<StaffRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, event_id, role, name, token_version, created_at FROM staff \
         WHERE event_id = $1 ORDER BY created_at, role, id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// The staff member holding a token, found by the token's hash.
pub async fn find_by_token_hash(db: &Db, hash: &str) -> Result<Option<StaffRow>, sqlx::Error> {
    sqlx::query_as("SELECT id, event_id, role, name, token_version, created_at FROM staff WHERE token_hash = $1")
        .bind(hash)
        .fetch_optional(db)
        .await
}
