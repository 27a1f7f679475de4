//! All SQL lives under this module: one function per query, written once for both
//! SQLite and PostgreSQL through sqlx's `Any` driver (`$1` placeholders work on both).
//! Functions that take part in a transaction take `&mut AnyConnection`.
//!
//! sqlx's procedural macros are not used: they build a second copy of both database
//! drivers and of SQLite's C source for the compiler, a fifth of a clean build. Rows
//! are read by [`row!`] and the migrations come from [`Migrations`] instead.

/// A struct read from a row by column name, as `#[derive(sqlx::FromRow)]` would
/// read it: each field from the column of its name.
macro_rules! row {
    (
        $(#[$attr:meta])*
        pub struct $name:ident {
            $( $(#[$fattr:meta])* pub $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$attr])*
        pub struct $name {
            $( $(#[$fattr])* pub $field: $ty ),*
        }

        impl<'r> sqlx::FromRow<'r, sqlx::any::AnyRow> for $name {
            fn from_row(row: &'r sqlx::any::AnyRow) -> Result<Self, sqlx::Error> {
                use sqlx::Row;
                Ok(Self { $( $field: row.try_get(stringify!($field))? ),* })
            }
        }
    };
}

pub mod about;
pub mod erasure;
pub mod escorts;
pub mod events;
pub mod guard;
pub mod leases;
pub mod live;
pub mod log;
pub mod participants;
pub mod report;
pub mod settings;
pub mod staff;

use std::borrow::Cow;
use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::{Migration, MigrationType, Migrator};
use sqlx::{AnyPool, AssertSqlSafe, SqlSafeStr};

pub type Db = AnyPool;

/// The schema's migrations, `migrations/` built into the binary.
#[derive(rust_embed::RustEmbed)]
#[folder = "migrations/"]
struct Migrations;

/// The migrations as sqlx's `migrate!("./migrations")` would list them: a file
/// `<version>_<words>.sql` is version `<version>`, described by its words, checked
/// by the hash of its text. The same hashes as before, so a database the macro's
/// list migrated is recognised as up to date.
fn migrator() -> Migrator {
    let migrations = Migrations::iter()
        .filter_map(|name| {
            let (version, rest) = name.split_once('_')?;
            let version = version.parse().ok()?;
            let kind = MigrationType::from_filename(rest);
            let description = rest.strip_suffix(kind.suffix())?.replace('_', " ");
            let file = Migrations::get(&name)?;
            // Every file is one (`every_migration_file_is_a_migration`).
            let sql = String::from_utf8(file.data.into_owned()).ok()?;
            let no_tx = sql.starts_with("-- no-transaction");
            Some(Migration::new(
                version,
                Cow::Owned(description),
                kind,
                AssertSqlSafe(sql).into_sql_str(),
                no_tx,
            ))
        })
        .collect();
    Migrator::with_migrations(migrations)
}

/// Opens a pool for `url` (creating a missing SQLite file) and brings the schema up
/// to date.
pub async fn connect(url: &str) -> Result<Db, sqlx::Error> {
    sqlx::any::install_default_drivers();
    let url = with_create_mode(url);
    let options = AnyConnectOptions::from_str(&url)?;
    let sqlite = url.starts_with("sqlite:");
    if sqlite && !url.contains(":memory:") {
        let file = sqlx::sqlite::SqliteConnectOptions::from_str(&url)?;
        owner_only(file.get_filename()).map_err(|e| sqlx::Error::Configuration(e.into()))?;
    }
    let pool = AnyPoolOptions::new()
        // SQLite takes one writer at a time; a few connections are plenty.
        .max_connections(if sqlite { 4 } else { 16 })
        // A ping before each use is a round trip that finds nothing on a local file.
        .test_before_acquire(!sqlite)
        .after_connect(move |conn, _| {
            Box::pin(async move {
                if sqlite {
                    // A writer waits at most this long for another's lock, then
                    // fails: shorter than the live engine's save limit, so a
                    // stalled save ends in an error, never cut off half-way.
                    sqlx::query("PRAGMA busy_timeout = 2000")
                        .execute(&mut *conn)
                        .await?;
                    // Deleted content is overwritten with zeros, not left in
                    // free pages: erasure must leave nothing to recover.
                    sqlx::query("PRAGMA secure_delete = ON")
                        .execute(&mut *conn)
                        .await?;
                }
                Ok(())
            })
        })
        .connect_with(options)
        .await?;
    if sqlite {
        // Write-ahead logging lets readers go on while one writer commits; it is a
        // property of the file, so setting it once per start is enough.
        sqlx::query("PRAGMA journal_mode = WAL")
            .execute(&pool)
            .await?;
    }
    migrator().run(&pool).await?;
    Ok(pool)
}

/// The database file readable by its owner alone (0600): it holds disability
/// details, contacts and private interest. Created so when missing (SQLite gives
/// its `-wal` and `-shm` files the database file's mode); an older, wider file and
/// its companions are narrowed.
fn owner_only(path: &std::path::Path) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(path)?;
    for suffix in ["", "-wal", "-shm", "-journal"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        let p = std::path::Path::new(&name);
        if p.exists() {
            std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o600))?;
        }
    }
    Ok(())
}

/// `sqlite://blossom.db` creates the file when missing; an explicit `mode` is kept.
fn with_create_mode(url: &str) -> String {
    if url.starts_with("sqlite:") && !url.contains("mode=") && !url.contains(":memory:") {
        let sep = if url.contains('?') { '&' } else { '?' };
        format!("{url}{sep}mode=rwc")
    } else {
        url.to_string()
    }
}

/// Whether the pool is SQLite's (the embedded, single-instance engine).
pub fn is_sqlite(db: &Db) -> bool {
    db.connect_options().database_url.scheme() == "sqlite"
}

/// Begins a transaction that will write. On SQLite it takes the write lock at once
/// (`BEGIN IMMEDIATE`), so a transaction that reads before it writes waits for other
/// writers instead of failing with "database is locked" half-way.
pub async fn begin(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    if is_sqlite(db) {
        db.begin_with("BEGIN IMMEDIATE").await
    } else {
        db.begin().await
    }
}

/// A write transaction for the live engine, whose statements give up within about
/// two seconds (SQLite's busy timeout is set per connection; PostgreSQL is told for
/// this transaction), so a stalled database answers with an error in time.
pub async fn begin_bounded(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
    let mut tx = begin(db).await?;
    if !is_sqlite(db) {
        sqlx::query("SET LOCAL lock_timeout = '2s'")
            .execute(&mut *tx)
            .await?;
        sqlx::query("SET LOCAL statement_timeout = '2500ms'")
            .execute(&mut *tx)
            .await?;
    }
    Ok(tx)
}

/// True once the database answers.
pub async fn ping(db: &Db) -> bool {
    sqlx::query("SELECT 1").execute(db).await.is_ok()
}

/// Whether an error is a unique-constraint violation (a racing duplicate).
pub fn is_unique_violation(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.is_unique_violation())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_migration_file_is_a_migration() {
        let files = std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/migrations"))
            .unwrap()
            .count();
        let m = migrator();
        assert_eq!(m.migrations.len(), files);
        let first = &m.migrations[0];
        assert_eq!(first.version, 20261129000001);
        assert_eq!(first.description, "foundation");
        assert_eq!(first.migration_type, MigrationType::Simple);
        // The hash `sqlx::migrate!` recorded in every database made before this list
        // replaced it: a different one would refuse to open them.
        let hex: String = first.checksum.iter().map(|b| format!("{b:02X}")).collect();
        assert_eq!(
            hex,
            "CD5F6D0D338C914DED2E3E68BCD2C4F757CC776CD771EB9A45DFE9D585F53E42\
             1EA1461229B04C875A03DFA5019DB0BA"
        );
        assert!(m.migrations.windows(2).all(|w| w[0].version < w[1].version));
    }

    #[test]
    fn sqlite_urls_get_create_mode_unless_given() {
        assert_eq!(with_create_mode("sqlite://a.db"), "sqlite://a.db?mode=rwc");
        assert_eq!(
            with_create_mode("sqlite://a.db?mode=ro"),
            "sqlite://a.db?mode=ro"
        );
        assert_eq!(with_create_mode("postgres://x/y"), "postgres://x/y");
    }
}
