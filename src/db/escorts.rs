//! Escort tasks and volunteers' shifts as the live engine writes them, and what the
//! organiser reads of them (hours, tasks done, the report's figures).

use sqlx::AnyConnection;

use crate::core::live::escort::{EscortRow, Task};
use crate::db::Db;

/// Writes one of the escort slice's rows.
pub async fn write(
    conn: &mut AnyConnection,
    event_id: &str,
    row: &EscortRow,
) -> Result<(), sqlx::Error> {
    match row {
        EscortRow::Task(t) => upsert_task(conn, event_id, t).await,
        EscortRow::Need { participant, need } => {
            sqlx::query("UPDATE participants SET escort = $3 WHERE event_id = $1 AND id = $2")
                .bind(event_id)
                .bind(participant.as_str())
                .bind(need.as_str())
                .execute(&mut *conn)
                .await?;
            Ok(())
        }
        EscortRow::ShiftOn { volunteer, at } => {
            sqlx::query(
                "INSERT INTO volunteer_shifts (event_id, staff_id, on_at) VALUES ($1, $2, $3) \
                 ON CONFLICT (event_id, staff_id, on_at) DO NOTHING",
            )
            .bind(event_id)
            .bind(volunteer.as_str())
            .bind(*at)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }
        EscortRow::ShiftOff { volunteer, at } => {
            sqlx::query(
                "UPDATE volunteer_shifts SET off_at = $3 \
                 WHERE event_id = $1 AND staff_id = $2 AND off_at IS NULL",
            )
            .bind(event_id)
            .bind(volunteer.as_str())
            .bind(*at)
            .execute(&mut *conn)
            .await?;
            Ok(())
        }
    }
}

async fn upsert_task(
    conn: &mut AnyConnection,
    event_id: &str,
    t: &Task,
) -> Result<(), sqlx::Error> {
    let status = if t.alone { "missed" } else { t.state.as_str() };
    sqlx::query(
        "INSERT INTO escort_tasks (event_id, id, participant_id, need, reason, from_place, to_place, \
         due_at, status, volunteer_id, created_at, taken_at, arrived_at, ended_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (event_id, id) DO UPDATE SET reason = excluded.reason, \
         to_place = excluded.to_place, due_at = excluded.due_at, status = excluded.status, \
         volunteer_id = excluded.volunteer_id, taken_at = excluded.taken_at, \
         arrived_at = excluded.arrived_at, ended_at = excluded.ended_at",
    )
    .bind(event_id)
    .bind(t.id.as_str())
    .bind(t.participant.as_str())
    .bind(t.need.as_str())
    .bind(serde_json::to_value(t.reason).ok().and_then(|v| v.as_str().map(str::to_owned)))
    .bind(t.from.as_ref().map(|p| p.label()))
    .bind(t.to.as_ref().map(|p| p.label()))
    .bind(t.by)
    .bind(status)
    .bind(t.volunteer.as_deref())
    .bind(t.made_at)
    .bind(t.taken_at)
    .bind(t.arrived_at)
    .bind(t.ended_at)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

row! {
    /// One volunteer's shift.
    #[derive(Debug, Clone)]
    pub struct Shift {
        pub staff_id: String,
        pub on_at: i64,
        pub off_at: Option<i64>,
    }
}

pub async fn shifts(db: &Db, event_id: &str) -> Result<Vec<Shift>, sqlx::Error> {
    sqlx::query_as(
        "SELECT staff_id, on_at, off_at FROM volunteer_shifts WHERE event_id = $1 ORDER BY on_at",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

row! {
    /// One task as stored, for the report and a guest's own data.
    #[derive(Debug, Clone)]
    pub struct TaskRow {
        pub id: String,
        pub participant_id: String,
        pub reason: String,
        pub from_place: Option<String>,
        pub to_place: Option<String>,
        pub status: String,
        pub volunteer_id: Option<String>,
        pub created_at: i64,
        pub taken_at: Option<i64>,
        pub arrived_at: Option<i64>,
        pub ended_at: Option<i64>,
    }
}

pub async fn tasks(db: &Db, event_id: &str) -> Result<Vec<TaskRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT id, participant_id, reason, from_place, to_place, status, volunteer_id, created_at, \
         taken_at, arrived_at, ended_at FROM escort_tasks WHERE event_id = $1 ORDER BY created_at, id",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}
