//! Staff accounts of an event: host, matchmakers, the projector.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

use crate::core::live::Role;
use crate::db::Db;

/// A staff account as stored; its role is read into a [`Role`] here, the one place
/// the stored word is parsed.
#[derive(Debug, Clone)]
pub struct StaffRow {
    pub id: String,
    pub event_id: String,
    pub role: Role,
    pub name: String,
    pub token_version: i64,
    pub created_at: i64,
    /// 1 while the account's link works, 0 once the organiser switched it off.
    pub active: i64,
    /// A volunteer's contact.
    pub contact: Option<String>,
    /// A volunteer's tasks done, kept when the event is purged.
    pub tasks_done: Option<i64>,
}

/// Read by hand (not `row!`) for its role, which is stored as a word.
impl<'r> FromRow<'r, AnyRow> for StaffRow {
    fn from_row(row: &'r AnyRow) -> Result<Self, sqlx::Error> {
        let role: String = row.try_get("role")?;
        Ok(StaffRow {
            id: row.try_get("id")?,
            event_id: row.try_get("event_id")?,
            role: Role::try_from(role).map_err(|e| sqlx::Error::ColumnDecode {
                index: "role".into(),
                source: e.into(),
            })?,
            name: row.try_get("name")?,
            token_version: row.try_get("token_version")?,
            created_at: row.try_get("created_at")?,
            active: row.try_get("active")?,
            contact: row.try_get("contact")?,
            tasks_done: row.try_get("tasks_done")?,
        })
    }
}

const COLUMNS: &str = "id, event_id, role, name, token_version, created_at, \
                       CAST(CASE WHEN token_hash IS NULL THEN 0 ELSE 1 END AS BIGINT) AS active, \
                       contact, tasks_done";

/// The role column's word, read into a [`Role`] (an unknown word fails the read).
impl TryFrom<String> for Role {
    type Error = String;
    fn try_from(stored: String) -> Result<Role, String> {
        Role::staff_from(stored)
    }
}

/// A staff account to create: its role, name and (a volunteer's, for their
/// certificate of hours) contact.
#[derive(Debug, Clone, Copy)]
pub struct NewStaff<'a> {
    pub role: Role,
    pub name: &'a str,
    pub contact: Option<&'a str>,
}

pub async fn insert(
    conn: &mut AnyConnection,
    id: &str,
    event_id: &str,
    new: NewStaff<'_>,
    token_hash: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff (id, event_id, role, name, token_hash, token_version, created_at, contact) \
         VALUES ($1, $2, $3, $4, $5, 1, $6, $7)",
    )
    .bind(id)
    .bind(event_id)
    .bind(new.role.as_str())
    .bind(new.name)
    .bind(token_hash)
    .bind(now)
    .bind(new.contact)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn list(db: &Db, event_id: &str) -> Result<Vec<StaffRow>, sqlx::Error> {
    // Only `COLUMNS` is formatted in; the event id is bound.
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM staff WHERE event_id = $1 ORDER BY created_at, role, id"
    )))
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// The staff member holding a token, found by the token's hash.
pub async fn find_by_token_hash(db: &Db, hash: &str) -> Result<Option<StaffRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM staff WHERE token_hash = $1"
    )))
    .bind(hash)
    .fetch_optional(db)
    .await
}

/// One staff account of an event.
pub async fn find(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
) -> Result<Option<StaffRow>, sqlx::Error> {
    sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {COLUMNS} FROM staff WHERE event_id = $1 AND id = $2"
    )))
    .bind(event_id)
    .bind(id)
    .fetch_optional(conn)
    .await
}

/// Switches a staff link off: no token matches the account any more. The account
/// stays, for the event log's sake.
pub async fn revoke(conn: &mut AnyConnection, event_id: &str, id: &str) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE staff SET token_hash = NULL WHERE event_id = $1 AND id = $2")
        .bind(event_id)
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

/// Gives the account a new token (`version`, its hash): the old one stops working.
pub async fn reissue(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
    version: i64,
    token_hash: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE staff SET token_hash = $3, token_version = $4 WHERE event_id = $1 AND id = $2",
    )
    .bind(event_id)
    .bind(id)
    .bind(token_hash)
    .bind(version)
    .execute(conn)
    .await?;
    Ok(())
}
