//! One server per SQLite file. SQLite is the embedded, single-instance engine: two
//! servers on one file would be two writers of the same evening. `serve` holds an
//! advisory lock on a file beside the database (`blossom.db.lock`) for as long as it
//! runs; a second `serve` on the same file refuses to start, saying why.
//!
//! The lock is the operating system's (`flock`), so a server killed with `kill -9`
//! releases it with its process. It is never SQLite's exclusive locking mode: tests,
//! benchmarks and `sqlite3` still open the database beside a running server.

use std::fs::{File, OpenOptions, TryLockError};
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// Held while the server runs; dropping it releases the lock.
#[derive(Debug)]
pub struct Guard {
    _file: File,
}

#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    #[error(
        "another Blossom server is already running on the database {0} (it holds {1}). A SQLite \
         database serves one server: stop the other one first, or run several servers on one \
         PostgreSQL database (see docs/instances.md)"
    )]
    Taken(PathBuf, PathBuf),
    #[error("cannot open the lock file {0}: {1}")]
    Io(PathBuf, std::io::Error),
}

/// The lock file of a SQLite database URL, or `None` for PostgreSQL and for an
/// in-memory database (nothing to share).
pub fn lock_path(url: &str) -> Option<PathBuf> {
    database_file(url).map(|db| with_suffix(&db, ".lock"))
}

fn database_file(url: &str) -> Option<PathBuf> {
    if !url.starts_with("sqlite:") || url.contains(":memory:") {
        return None;
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
    Some(options.get_filename().to_path_buf())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Takes the lock of the database at `url`; `Ok(None)` when it needs none.
pub fn take(url: &str) -> Result<Option<Guard>, GuardError> {
    let Some(database) = database_file(url) else {
        return Ok(None);
    };
    let path = with_suffix(&database, ".lock");
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .mode(0o600)
        .open(&path)
        .map_err(|e| GuardError::Io(path.clone(), e))?;
    match file.try_lock() {
        Ok(()) => Ok(Some(Guard { _file: file })),
        Err(TryLockError::WouldBlock) => Err(GuardError::Taken(database, path)),
        Err(TryLockError::Error(e)) => Err(GuardError::Io(path, e)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_guard_on_one_file_is_refused_and_the_first_one_released_lets_it_in() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("blossom.db").display());
        let first = take(&url).unwrap().expect("a SQLite file needs a guard");
        let refused = take(&url).unwrap_err();
        let text = refused.to_string();
        assert!(text.contains("blossom.db"), "{text}");
        assert!(text.contains("another Blossom server"), "{text}");
        drop(first);
        assert!(take(&url).unwrap().is_some());
    }

    #[test]
    fn postgres_and_memory_databases_need_no_lock_file() {
        assert_eq!(lock_path("postgres://u@h/db"), None);
        assert_eq!(lock_path("sqlite::memory:"), None);
        assert_eq!(
            lock_path("sqlite:///tmp/x/b.db?mode=rwc"),
            Some(PathBuf::from("/tmp/x/b.db.lock"))
        );
    }
}
