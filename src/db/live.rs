//! The live engine's saved state, one row per running event.

use std::fmt::Write as _;

use sqlx::AnyConnection;

use crate::core::live::{ChatRow, InterestRow, PresenceRow, RoundRow, Row, TicketRow};
use crate::core::schedule::DatePlan;

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

/// Sets an event's status (`scheduled`, `live`, `closed`) and its programme (JSON)
/// as the evening has them; the first time it is `closed`, `now` becomes its
/// `closed_at`, from which retention counts.
pub async fn set_status(
    conn: &mut AnyConnection,
    event_id: &str,
    status: &str,
    programme: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE events SET status = $2, programme = $4, \
         closed_at = CASE WHEN $2 = 'closed' THEN COALESCE(closed_at, $3) ELSE closed_at END \
         WHERE id = $1",
    )
    .bind(event_id)
    .bind(status)
    .bind(now)
    .bind(programme)
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

/// Writes the projection rows of a change, in order: interest marks thousands to a
/// statement (a burst of 5,000 marks is two statements, not 5,000), every other
/// row by itself.
pub async fn write_rows(
    conn: &mut AnyConnection,
    event_id: &str,
    rows: &[Row],
) -> Result<(), sqlx::Error> {
    let mut i = 0;
    while i < rows.len() {
        let marks = rows[i..]
            .iter()
            .take_while(|r| matches!(r, Row::Interest(InterestRow::Mark { .. })))
            .count();
        if marks > 1 {
            for chunk in rows[i..i + marks].chunks(MARKS_A_STATEMENT) {
                write_marks(conn, event_id, chunk).await?;
            }
            i += marks;
        } else {
            write_row(conn, event_id, &rows[i]).await?;
            i += 1;
        }
    }
    Ok(())
}

/// Whether `rows` are marks alone, few enough for one statement.
pub fn marks_fit_one_statement(rows: &[Row]) -> bool {
    rows.len() <= MARKS_A_STATEMENT
        && rows
            .iter()
            .all(|r| matches!(r, Row::Interest(InterestRow::Mark { .. })))
}

/// Writes marks (see [`marks_fit_one_statement`]) as one statement outside any
/// transaction: a single statement is atomic by itself.
pub async fn write_rows_alone(db: &Db, event_id: &str, rows: &[Row]) -> Result<(), sqlx::Error> {
    let mut conn = db.acquire().await?;
    write_marks(&mut conn, event_id, rows).await
}

/// Marks a statement: 6 parameters each, under SQLite's 32,766 and PostgreSQL's
/// 65,535. Each statement is a round trip: a burst of 5,000 marks is written in two.
const MARKS_A_STATEMENT: usize = 4000;

/// Upserts marks in one statement. A guest who marked the same round twice in the
/// chunk is written once, with the later mark (PostgreSQL refuses to update a row
/// twice in one statement).
async fn write_marks(
    conn: &mut AnyConnection,
    event_id: &str,
    rows: &[Row],
) -> Result<(), sqlx::Error> {
    let mut seen = std::collections::HashSet::new();
    let mut latest: Vec<&Row> = Vec::with_capacity(rows.len());
    for row in rows.iter().rev() {
        if let Row::Interest(InterestRow::Mark { from, round, .. }) = row
            && seen.insert((from.as_str(), *round))
        {
            latest.push(row);
        }
    }
    latest.reverse();
    let mut sql = String::from(
        "INSERT INTO interest_marks (event_id, round, from_id, to_id, choice, marked_at) VALUES ",
    );
    push_rows(&mut sql, conn, latest.len(), 6);
    sql.push_str(
        " ON CONFLICT (event_id, round, from_id) DO UPDATE SET to_id = excluded.to_id, \
         choice = excluded.choice, marked_at = excluded.marked_at",
    );
    // Only placeholders are made here; every value is bound.
    let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in latest {
        if let Row::Interest(InterestRow::Mark {
            from,
            to,
            round,
            choice,
            at,
        }) = row
        {
            q = q
                .bind(event_id)
                .bind(*round as i64)
                .bind(from.as_str())
                .bind(to.as_str())
                .bind(*choice)
                .bind(*at);
        }
    }
    q.execute(&mut *conn).await?;
    Ok(())
}

/// Writes one projection row of the live engine (see `core::live::Row`), inside the
/// transaction that saves the state it came from.
pub async fn write_row(
    conn: &mut AnyConnection,
    event_id: &str,
    row: &Row,
) -> Result<(), sqlx::Error> {
    match row {
        Row::Presence(PresenceRow::CheckedIn {
            participant,
            by,
            at,
        }) => {
            super::participants::check_in(conn, event_id, participant, by.as_deref(), *at).await?;
        }
        Row::Presence(PresenceRow::Left { participant, at }) => {
            super::participants::mark_left(conn, participant, *at).await?;
        }
        Row::Presence(PresenceRow::Returned { participant }) => {
            super::participants::clear_left(conn, participant).await?;
        }
        Row::Round(RoundRow::Started {
            round,
            started_at,
            ends_at,
            dates,
        }) => {
            sqlx::query(
                "INSERT INTO rounds (event_id, number, started_at, ends_at) VALUES ($1, $2, $3, $4) \
                 ON CONFLICT (event_id, number) DO UPDATE SET started_at = excluded.started_at, ends_at = excluded.ends_at",
            )
            .bind(event_id)
            .bind(*round as i64)
            .bind(*started_at)
            .bind(*ends_at)
            .execute(&mut *conn)
            .await?;
            insert_dates(conn, event_id, *round, dates).await?;
        }
        Row::Chat(ChatRow {
            id,
            round,
            from,
            to,
            status,
            room,
            created_at,
            room_at,
            until,
            ended_at,
        }) => {
            sqlx::query(
                "INSERT INTO chat_requests (event_id, id, round, from_id, to_id, status, room_label, created_at, room_at, until, ended_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) \
                 ON CONFLICT (event_id, id) DO UPDATE SET status = excluded.status, room_label = excluded.room_label, \
                 room_at = excluded.room_at, until = excluded.until, ended_at = excluded.ended_at",
            )
            .bind(event_id)
            .bind(id.as_str())
            .bind(*round as i64)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(*status)
            .bind(room.as_deref())
            .bind(*created_at)
            .bind(*room_at)
            .bind(*until)
            .bind(*ended_at)
            .execute(&mut *conn)
            .await?;
        }
        Row::Round(RoundRow::Ended { round, at }) => {
            sqlx::query("UPDATE rounds SET ends_at = $3 WHERE event_id = $1 AND number = $2")
                .bind(event_id)
                .bind(*round as i64)
                .bind(*at)
                .execute(&mut *conn)
                .await?;
        }
        Row::Ticket(TicketRow {
            id,
            participant,
            reason,
            come_to_me,
            note,
            staff_note,
            by_staff,
            status,
            desk,
            created_at,
            called_at,
            coming_at,
            started_at,
            ended_at,
        }) => {
            sqlx::query(
                "INSERT INTO desk_tickets (event_id, id, participant_id, reason, come_to_me, note, by_staff, status, desk_label, \
                 created_at, called_at, coming_at, started_at, ended_at, staff_note) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
                 ON CONFLICT (event_id, id) DO UPDATE SET status = excluded.status, desk_label = excluded.desk_label, \
                 staff_note = excluded.staff_note, \
                 called_at = excluded.called_at, coming_at = excluded.coming_at, started_at = excluded.started_at, \
                 ended_at = excluded.ended_at",
            )
            .bind(event_id)
            .bind(id.as_str())
            .bind(participant.as_str())
            .bind(*reason)
            .bind(*come_to_me as i64)
            .bind(note.as_deref())
            .bind(*by_staff as i64)
            .bind(*status)
            .bind(desk.as_deref())
            .bind(*created_at)
            .bind(*called_at)
            .bind(*coming_at)
            .bind(*started_at)
            .bind(*ended_at)
            .bind(staff_note.as_deref())
            .execute(&mut *conn)
            .await?;
        }
        Row::Interest(InterestRow::Mark {
            from,
            to,
            round,
            choice,
            at,
        }) => {
            sqlx::query(
                "INSERT INTO interest_marks (event_id, round, from_id, to_id, choice, marked_at) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (event_id, round, from_id) DO UPDATE SET to_id = excluded.to_id, \
                 choice = excluded.choice, marked_at = excluded.marked_at",
            )
            .bind(event_id)
            .bind(*round as i64)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(*choice)
            .bind(*at)
            .execute(&mut *conn)
            .await?;
        }
        Row::Escort(row) => super::escorts::write(conn, event_id, row).await?,
        Row::Interest(InterestRow::Consent { participant, share }) => {
            sqlx::query(
                "UPDATE participants SET share_contact = $3 WHERE event_id = $1 AND id = $2",
            )
            .bind(event_id)
            .bind(participant.as_str())
            .bind(*share as i64)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// A stored interest mark: who marked, the round, whom, the choice, when.
pub type MarkRow = (String, i64, String, String, i64);

/// Every interest mark of an event, for the engine to load at start (never for
/// anyone's screen: a mark is shown only to the person who made it).
pub async fn marks(db: &Db, event_id: &str) -> Result<Vec<MarkRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT from_id, round, to_id, choice, marked_at FROM interest_marks WHERE event_id = $1",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}

/// Appends the placeholders of `rows` rows of `width` values each to an INSERT.
/// SQLite reads `$N` as a named parameter and looks each name up in a list, which
/// makes a statement of thousands of them quadratic to prepare (1.5 s for 3,400
/// marks, measured); its plain `?` is numbered as it is read. PostgreSQL wants `$N`.
fn push_rows(sql: &mut String, conn: &AnyConnection, rows: usize, width: usize) {
    let sqlite = conn.backend_name() == "SQLite";
    for r in 0..rows {
        sql.push_str(if r > 0 { ",(" } else { "(" });
        for c in 0..width {
            if c > 0 {
                sql.push_str(", ");
            }
            if sqlite {
                sql.push('?');
            } else {
                let _ = write!(sql, "${}", r * width + c + 1);
            }
        }
        sql.push(')');
    }
}

/// A round's dates, a hundred rows a statement (a hall of 500 guests is 250 dates).
async fn insert_dates(
    conn: &mut AnyConnection,
    event_id: &str,
    round: u32,
    dates: &[DatePlan],
) -> Result<(), sqlx::Error> {
    for chunk in dates.chunks(100) {
        let mut sql = String::from(
            "INSERT INTO dates (event_id, round, table_label, a_id, b_id, interpreter) VALUES ",
        );
        push_rows(&mut sql, conn, chunk.len(), 6);
        sql.push_str(" ON CONFLICT (event_id, round, table_label) DO NOTHING");
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql));
        for d in chunk {
            q = q
                .bind(event_id)
                .bind(round as i64)
                .bind(d.table.as_str())
                .bind(d.a.as_str())
                .bind(d.b.as_str())
                .bind(d.interpreter as i64);
        }
        q.execute(&mut *conn).await?;
    }
    Ok(())
}

row! {
    /// One date as stored.
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub struct DateRow {
        pub round: i64,
        pub table_label: String,
        pub a_id: String,
        pub b_id: String,
        pub interpreter: i64,
    }
}

/// The dates of an event, by round and table.
pub async fn dates(db: &Db, event_id: &str) -> Result<Vec<DateRow>, sqlx::Error> {
    sqlx::query_as(
        "SELECT round, table_label, a_id, b_id, interpreter FROM dates WHERE event_id = $1 \
         ORDER BY round, table_label",
    )
    .bind(event_id)
    .fetch_all(db)
    .await
}
