//! Erasure (PIPL): a guest's personal fields, or every personal field of a closed
//! event, gone from the database; and the checkpoint that takes them out of
//! SQLite's write-ahead log too.
//!
//! An erased guest's row stays, with neutral values in the columns that cannot be
//! empty (an age of 0, `unmarried`, no needs) and `erased_at` set, so that the
//! evening's dates and the log, which name them by a random id, still add up. A
//! purged event keeps only its setup, its aggregate report (stored as JSON) and a
//! log of ids; the people are gone.

use sqlx::AnyConnection;

use crate::db::Db;

/// The personal fields of one guest, replaced by neutral values; their avoid
/// list (both ways), their interest marks (both ways) and the notes on their desk
/// tickets deleted; their link retired.
pub async fn erase_participant(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE participants SET display_name = '', gender = '', seeks = '[]', age = 0, \
         partner_age_min = NULL, partner_age_max = NULL, mobility = 'none', communication = '[]', \
         quiet = 0, max_consecutive = NULL, available_from = NULL, available_to = NULL, \
         marital_status = 'unmarried', contact = NULL, share_contact = 0, companion = 0, \
         notes_for_partner = NULL, escort = 'none', status = 'withdrawn', token_hash = NULL, session_hash = NULL, \
         claim_device = NULL, \
         erased_at = COALESCE(erased_at, $3), updated_at = $3 \
         WHERE event_id = $1 AND id = $2",
    )
    .bind(event_id)
    .bind(id)
    .bind(now)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM participant_avoid WHERE participant_id = $1 OR avoided_id = $1")
        .bind(id)
        .execute(&mut *conn)
        .await?;
    // Their escort tasks go; a volunteer's certificate keeps the tasks they did.
    sqlx::query(
        "UPDATE staff SET tasks_done = COALESCE(tasks_done, 0) + (SELECT COUNT(*) FROM escort_tasks t \
         WHERE t.event_id = staff.event_id AND t.volunteer_id = staff.id AND t.status = 'done' \
         AND t.participant_id = $2) WHERE event_id = $1 AND role = 'volunteer'",
    )
    .bind(event_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM escort_tasks WHERE event_id = $1 AND participant_id = $2")
        .bind(event_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("DELETE FROM interest_marks WHERE event_id = $1 AND (from_id = $2 OR to_id = $2)")
        .bind(event_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE desk_tickets SET note = NULL, staff_note = NULL \
         WHERE event_id = $1 AND participant_id = $2",
    )
    .bind(event_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Every personal field of an event gone: its guests and everything about them,
/// the staff's names and links, the live state (desk notes, announcements), the
/// text of announcements in the log. `report` (the aggregate figures, JSON) is
/// kept in its place.
pub async fn purge_event(
    conn: &mut AnyConnection,
    event_id: &str,
    report: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    // A volunteer's certificate outlives the evening's personal data: their name,
    // shifts and the number of tasks they did stay; their contact goes.
    sqlx::query(
        "UPDATE staff SET tasks_done = COALESCE(tasks_done, 0) + (SELECT COUNT(*) FROM escort_tasks t \
         WHERE t.event_id = staff.event_id AND t.volunteer_id = staff.id AND t.status = 'done') \
         WHERE event_id = $1 AND role = 'volunteer'",
    )
    .bind(event_id)
    .execute(&mut *conn)
    .await?;
    // A shift still open when the evening closed ends with it.
    sqlx::query(
        "UPDATE volunteer_shifts SET off_at = (SELECT closed_at FROM events WHERE id = $1) \
         WHERE event_id = $1 AND off_at IS NULL",
    )
    .bind(event_id)
    .execute(&mut *conn)
    .await?;
    for table in [
        "escort_tasks",
        "interest_marks",
        "dates",
        "chat_requests",
        "desk_tickets",
        "check_ins",
        "live_state",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "DELETE FROM {table} WHERE event_id = $1"
        )))
        .bind(event_id)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "DELETE FROM participant_avoid WHERE participant_id IN \
         (SELECT id FROM participants WHERE event_id = $1)",
    )
    .bind(event_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM participants WHERE event_id = $1")
        .bind(event_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query(
        "UPDATE staff SET name = CASE WHEN role = 'volunteer' THEN name ELSE '' END, \
         contact = NULL, token_hash = NULL WHERE event_id = $1",
    )
    .bind(event_id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("UPDATE event_log SET data = '{}' WHERE event_id = $1 AND kind = 'announce'")
        .bind(event_id)
        .execute(&mut *conn)
        .await?;
    sqlx::query("UPDATE events SET report = $2, purged_at = COALESCE(purged_at, $3) WHERE id = $1")
        .bind(event_id)
        .bind(report)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The aggregate report kept when the event was purged, if it was.
pub async fn kept_report(db: &Db, event_id: &str) -> Result<Option<String>, sqlx::Error> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT report FROM events WHERE id = $1 AND purged_at IS NOT NULL")
            .bind(event_id)
            .fetch_optional(db)
            .await?;
    Ok(row.and_then(|(r,)| r))
}

/// Closed events not yet purged, with when each closed.
pub async fn closed_unpurged(db: &Db) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, closed_at FROM events \
         WHERE status = 'closed' AND closed_at IS NOT NULL AND purged_at IS NULL ORDER BY id",
    )
    .fetch_all(db)
    .await
}

/// Records a guest's request to be erased (the first one counts).
pub async fn request(conn: &mut AnyConnection, id: &str, now: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE participants SET erasure_requested_at = COALESCE(erasure_requested_at, $2) \
         WHERE id = $1",
    )
    .bind(id)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}

/// On SQLite, moves the write-ahead log into the database file and empties it,
/// so erased values are in neither (deleted content is zeroed: `secure_delete`).
/// PostgreSQL keeps old row versions until it vacuums; see `docs/security.md`.
pub async fn checkpoint(db: &Db) -> Result<(), sqlx::Error> {
    if crate::db::is_sqlite(db) {
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(db)
            .await?;
    }
    Ok(())
}

/// A volunteer's personal data gone: their name, contact and shifts; their link
/// retired. The tasks they did stay, naming them by a random id.
pub async fn erase_volunteer(
    conn: &mut AnyConnection,
    event_id: &str,
    id: &str,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE staff SET name = '', contact = NULL, token_hash = NULL \
         WHERE event_id = $1 AND id = $2 AND role = 'volunteer'",
    )
    .bind(event_id)
    .bind(id)
    .execute(&mut *conn)
    .await?;
    sqlx::query("DELETE FROM volunteer_shifts WHERE event_id = $1 AND staff_id = $2")
        .bind(event_id)
        .bind(id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}
