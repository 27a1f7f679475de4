//! Server-wide settings stored in the database.

use crate::db::Db;

/// The stored value of a setting.
pub async fn get(db: &Db, name: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(String,)> = sqlx::query_as("SELECT value FROM settings WHERE name = $1")
        .bind(name)
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(v,)| v))
}

/// Stores a setting unless it is already set; returns the value now stored.
pub async fn set_once(db: &Db, name: &str, value: &str) -> Result<String, sqlx::Error> {
    sqlx::query("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING")
        .bind(name)
        .bind(value)
        .execute(db)
        .await?;
    Ok(get(db, name).await?.unwrap_or_default())
}
