//! What is stored about one guest, for their own eyes (`GET /api/me/data`): their
//! dates, their own marks (never anyone's mark about them), the invitations they
//! sent or received, their desk tickets, and the log entries about them.

use crate::db::Db;

row! {
    #[derive(Debug, Clone)]
    pub struct DateAbout {
        pub round: i64,
        pub table_label: String,
        pub partner: String,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct MarkAbout {
        pub round: i64,
        pub partner: String,
        pub choice: String,
        pub marked_at: i64,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct ChatAbout {
        pub round: i64,
        pub from_id: String,
        pub to_id: String,
        pub status: String,
        pub created_at: i64,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct TicketAbout {
        pub reason: String,
        pub note: Option<String>,
        pub staff_note: Option<String>,
        pub status: String,
        pub created_at: i64,
    }
}

row! {
    #[derive(Debug, Clone)]
    pub struct LogAbout {
        pub at: i64,
        pub actor: String,
        pub kind: String,
    }
}

pub async fn dates(db: &Db, event_id: &str, id: &str) -> Result<Vec<DateAbout>, sqlx::Error> {
    sqlx::query_as(
        "SELECT round, table_label, CASE WHEN a_id = $2 THEN b_id ELSE a_id END AS partner \
         FROM dates WHERE event_id = $1 AND (a_id = $2 OR b_id = $2) ORDER BY round",
    )
    .bind(event_id)
    .bind(id)
    .fetch_all(db)
    .await
}

/// The guest's own marks only.
pub async fn marks(db: &Db, event_id: &str, id: &str) -> Result<Vec<MarkAbout>, sqlx::Error> {
    sqlx::query_as(
        "SELECT round, to_id AS partner, choice, marked_at FROM interest_marks \
         WHERE event_id = $1 AND from_id = $2 ORDER BY round",
    )
    .bind(event_id)
    .bind(id)
    .fetch_all(db)
    .await
}

pub async fn chats(db: &Db, event_id: &str, id: &str) -> Result<Vec<ChatAbout>, sqlx::Error> {
    sqlx::query_as(
        "SELECT round, from_id, to_id, status, created_at FROM chat_requests \
         WHERE event_id = $1 AND (from_id = $2 OR to_id = $2) ORDER BY created_at",
    )
    .bind(event_id)
    .bind(id)
    .fetch_all(db)
    .await
}

pub async fn tickets(db: &Db, event_id: &str, id: &str) -> Result<Vec<TicketAbout>, sqlx::Error> {
    sqlx::query_as(
        "SELECT reason, note, staff_note, status, created_at FROM desk_tickets \
         WHERE event_id = $1 AND participant_id = $2 ORDER BY created_at",
    )
    .bind(event_id)
    .bind(id)
    .fetch_all(db)
    .await
}

/// Log entries made by the guest or naming them (the log names people by id).
pub async fn log(db: &Db, event_id: &str, id: &str) -> Result<Vec<LogAbout>, sqlx::Error> {
    sqlx::query_as(
        "SELECT at, actor, kind FROM event_log \
         WHERE event_id = $1 AND (actor = $2 OR data LIKE $3) ORDER BY seq",
    )
    .bind(event_id)
    .bind(format!("participant:{id}"))
    .bind(format!("%\"{id}\"%"))
    .fetch_all(db)
    .await
}
