//! Instances and the leases by which each owns the events whose actor it runs
//! (docs/instances.md). Every time here is the database's own clock, so instances
//! whose clocks differ still agree on when a lease expires.

use sqlx::AnyConnection;

use crate::db::Db;

/// How long a lease lasts without renewal. Its owner renews it every second, so a
/// dead owner's events are taken over within about four seconds.
pub const LEASE_MS: i64 = 3_000;

/// The database's clock in Unix milliseconds, as SQL for the backend at hand.
fn now_sql(sqlite: bool) -> &'static str {
    if sqlite {
        "CAST((julianday('now') - 2440587.5) * 86400000.0 AS BIGINT)"
    } else {
        "CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT)"
    }
}

/// The database's clock now, in Unix milliseconds.
pub async fn now(db: &Db) -> Result<i64, sqlx::Error> {
    let sql = format!("SELECT {}", now_sql(crate::db::is_sqlite(db)));
    let (at,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_one(db)
        .await?;
    Ok(at)
}

/// Says this instance is alive (and where it is), and renews its leases. Returns
/// the events it still owns, with their terms: any other event whose actor it runs
/// was taken over, or released behind its back. A lease that ran out (a late
/// heartbeat on a busy machine) is renewed all the same while nobody took it: a
/// take-over changes the owner or the term, which is what the saves check.
pub async fn heartbeat(
    db: &Db,
    name: &str,
    address: &str,
    started_at: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    let now = now_sql(crate::db::is_sqlite(db));
    let mut tx = crate::db::begin(db).await?;
    let upsert = format!(
        "INSERT INTO instances (name, address, started_at, seen_at) VALUES ($1, $2, $3, {now}) \
         ON CONFLICT (name) DO UPDATE SET address = excluded.address, \
         started_at = excluded.started_at, seen_at = excluded.seen_at"
    );
    sqlx::query(sqlx::AssertSqlSafe(upsert))
        .bind(name)
        .bind(address)
        .bind(started_at)
        .execute(&mut *tx)
        .await?;
    let renew = format!(
        "UPDATE event_leases SET expires_at = {now} + $2 WHERE owner = $1 RETURNING event_id, term"
    );
    let owned: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(renew))
        .bind(name)
        .bind(LEASE_MS)
        .fetch_all(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(owned)
}

/// Takes the lease of an event for `owner` when nobody holds it, or when its
/// holder let it expire (or is `owner` itself, restarted); `steal` takes it
/// whatever its state (SQLite, where the lock file already makes this server the
/// only one). The new term, or `None` when another instance holds it.
pub async fn take(
    db: &Db,
    event_id: &str,
    owner: &str,
    steal: bool,
) -> Result<Option<i64>, sqlx::Error> {
    let now = now_sql(crate::db::is_sqlite(db));
    let sql = format!(
        "INSERT INTO event_leases (event_id, owner, term, expires_at) VALUES ($1, $2, 1, {now} + $3) \
         ON CONFLICT (event_id) DO UPDATE SET owner = excluded.owner, \
         term = event_leases.term + 1, expires_at = excluded.expires_at \
         WHERE event_leases.expires_at <= {now} OR event_leases.owner = $2 OR $4 = 1 \
         RETURNING term"
    );
    let mut tx = crate::db::begin(db).await?;
    let term: Option<(i64,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(event_id)
        .bind(owner)
        .bind(LEASE_MS)
        .bind(steal as i64)
        .fetch_optional(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(term.map(|(t,)| t))
}

/// Whether `owner` still holds the event at `term`, checked inside a save's
/// transaction and holding the lease row until it commits (PostgreSQL's `FOR
/// UPDATE`; SQLite's write lock is already the whole file's): a new owner's take,
/// which raises the term, waits for the save or goes first, never in between.
pub async fn holds(
    conn: &mut AnyConnection,
    event_id: &str,
    owner: &str,
    term: i64,
) -> Result<bool, sqlx::Error> {
    let lock = if conn.backend_name() == "SQLite" {
        ""
    } else {
        " FOR UPDATE"
    };
    let sql = format!("SELECT owner, term FROM event_leases WHERE event_id = $1{lock}");
    let row: Option<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(event_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.is_some_and(|(o, t)| o == owner && t == term))
}

/// Gives an event up at once (a clean stop, or its actor stopped for erasure), so
/// another instance takes it without waiting for the lease to expire.
pub async fn release(db: &Db, event_id: &str, owner: &str, term: i64) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE event_leases SET expires_at = 0 WHERE event_id = $1 AND owner = $2 AND term = $3",
    )
    .bind(event_id)
    .bind(owner)
    .bind(term)
    .execute(db)
    .await?;
    Ok(())
}

/// Live events nobody holds a lease on (their owner died or stopped): an instance
/// that looks takes them over, since their deadlines must fire. A lobby or a closed
/// evening waits for its next phone or request to start its actor wherever it lands.
pub async fn orphans(db: &Db) -> Result<Vec<String>, sqlx::Error> {
    let now = now_sql(crate::db::is_sqlite(db));
    let sql = format!(
        "SELECT e.id FROM events e LEFT JOIN event_leases l ON l.event_id = e.id \
         WHERE e.status = 'live' AND (l.event_id IS NULL OR l.expires_at <= {now}) ORDER BY e.id"
    );
    let rows: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(db)
        .await?;
    Ok(rows.into_iter().map(|(id,)| id).collect())
}

/// The instance holding an event's lease now, and its address.
pub async fn owner_of(db: &Db, event_id: &str) -> Result<Option<(String, String)>, sqlx::Error> {
    let now = now_sql(crate::db::is_sqlite(db));
    let sql = format!(
        "SELECT l.owner, i.address FROM event_leases l JOIN instances i ON i.name = l.owner \
         WHERE l.event_id = $1 AND l.expires_at > {now}"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(event_id)
        .fetch_optional(db)
        .await
}

/// Whose event a token (a staff link, a guest's session or a guest's unclaimed
/// link, by its SHA-256) belongs to, when an instance holds that event's lease now:
/// `(event, owner, owner's address)`. One query, so that a connection reaching an
/// instance that does not run its event is passed on at the cost of one read.
pub async fn owner_of_token(
    db: &Db,
    token_hash: &str,
) -> Result<Option<(String, String, String)>, sqlx::Error> {
    let now = now_sql(crate::db::is_sqlite(db));
    let sql = format!(
        "SELECT t.event_id, l.owner, i.address FROM ( \
           SELECT event_id FROM staff WHERE token_hash = $1 \
           UNION ALL SELECT event_id FROM participants WHERE session_hash = $1 \
           UNION ALL SELECT event_id FROM participants WHERE token_hash = $1 AND status = 'registered' \
         ) t JOIN event_leases l ON l.event_id = t.event_id JOIN instances i ON i.name = l.owner \
         WHERE l.expires_at > {now} LIMIT 1"
    );
    sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .fetch_optional(db)
        .await
}

row! {
    #[derive(Debug, Clone)]
    pub struct InstanceRow {
        pub name: String,
        pub address: String,
        pub seen_at: i64,
    }
}

/// The instances seen within the last `within_ms`, and the events each holds.
pub async fn instances(
    db: &Db,
    within_ms: i64,
) -> Result<Vec<(InstanceRow, Vec<String>)>, sqlx::Error> {
    let now = now_sql(crate::db::is_sqlite(db));
    let sql = format!(
        "SELECT name, address, seen_at FROM instances WHERE seen_at > {now} - $1 ORDER BY name"
    );
    let rows: Vec<InstanceRow> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(within_ms)
        .fetch_all(db)
        .await?;
    let sql = format!(
        "SELECT owner, event_id FROM event_leases WHERE expires_at > {now} ORDER BY event_id"
    );
    let leases: Vec<(String, String)> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .fetch_all(db)
        .await?;
    Ok(rows
        .into_iter()
        .map(|row| {
            let events = leases
                .iter()
                .filter(|(o, _)| *o == row.name)
                .map(|(_, e)| e.clone())
                .collect();
            (row, events)
        })
        .collect())
}
