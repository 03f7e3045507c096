//! The direct rusqlite connections: the intake writer, the import writer and the fact loader
//! bypass sqlx's SQLite driver, which hands every statement and row to a worker thread (see each
//! for what that cost). This module opens them with the PRAGMAs of their [`Purpose`], maps
//! rusqlite's errors to [`StoreError`], and converts timestamps to and from the text sqlx writes,
//! so every reader sees one format.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{Connection, ErrorCode, OpenFlags};

use crate::{Db, StoreError};

/// What a direct connection is for; it decides the PRAGMAs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    /// The intake writer: durable like the pool (WAL, synchronous FULL, foreign keys).
    Intake,
    /// A bulk import: durable too, with a big page cache and temporary files in memory, since
    /// each INSERT keeps a journal to undo just itself.
    Import,
    /// The fact loader's bulk reads: read-only.
    FactLoad,
}

/// SQLite's page cache for an import (2 GiB): the tables and indexes grow by millions of rows
/// in one transaction, and a small cache would spill and reread them. Memory only.
const IMPORT_CACHE_KIB: i64 = 2 * 1024 * 1024;

/// The database file, when `db` is SQLite on a file (an in-memory database is only reachable
/// through its pool).
pub(crate) fn file_of(db: &Db) -> Option<PathBuf> {
    match db {
        Db::Sqlite(pool) => {
            let path = pool.connect_options().get_filename().to_path_buf();
            (!path.as_os_str().is_empty() && path.as_os_str() != ":memory:").then_some(path)
        }
        Db::Postgres(_) => None,
    }
}

/// Opens the SQLite file at `path` for `purpose`.
pub(crate) fn open(path: &Path, purpose: Purpose) -> rusqlite::Result<Connection> {
    let connection = match purpose {
        Purpose::Intake | Purpose::Import => Connection::open(path)?,
        // NO_MUTEX: the connection lives on one thread; with SQLite's per-call mutex, locking
        // took more time than reading.
        Purpose::FactLoad => Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?,
    };
    connection.busy_timeout(Duration::from_secs(10))?;
    if purpose != Purpose::FactLoad {
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "FULL")?;
        connection.pragma_update(None, "foreign_keys", true)?;
    }
    if purpose == Purpose::Import {
        connection.pragma_update(None, "cache_size", -IMPORT_CACHE_KIB)?;
        connection.pragma_update(None, "temp_store", "MEMORY")?;
    }
    Ok(connection)
}

/// A failed statement of the intake writer: a constraint is a conflict (an identity taken
/// meanwhile), anything else means the batch was not committed.
pub(crate) fn intake_error(err: rusqlite::Error) -> StoreError {
    match err.sqlite_error_code() {
        Some(ErrorCode::ConstraintViolation) => StoreError::Conflict(err.to_string()),
        _ => StoreError::NotCommitted(err.to_string()),
    }
}

/// A failed statement of an import: nothing of it was committed.
pub(crate) fn import_error(err: rusqlite::Error) -> StoreError {
    StoreError::NotCommitted(err.to_string())
}

/// A failed read of the fact loader.
pub(crate) fn read_error(err: rusqlite::Error) -> StoreError {
    StoreError::Read(err.to_string())
}

/// A timestamp as stored: the text sqlx writes for a `DateTime<Utc>` on SQLite
/// (`to_rfc3339_opts(AutoSi, false)`: `2024-05-23T18:42:42+00:00`, with as many fraction digits
/// as needed), for writers that bind text themselves. By hand because imports write millions:
/// chrono's formatter is several times slower.
pub(crate) fn stored_time(at: DateTime<Utc>) -> String {
    let seconds = at.timestamp();
    let (days, second_of_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = crate::time::civil_from_days(days);
    if !(0..=9999).contains(&year) {
        return at.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, false);
    }
    let mut text = String::with_capacity(35);
    let two = |text: &mut String, n: i64| {
        text.push(char::from(b'0' + (n / 10) as u8));
        text.push(char::from(b'0' + (n % 10) as u8));
    };
    two(&mut text, year / 100);
    two(&mut text, year % 100);
    text.push('-');
    two(&mut text, month);
    text.push('-');
    two(&mut text, day);
    text.push('T');
    two(&mut text, second_of_day / 3600);
    text.push(':');
    two(&mut text, second_of_day / 60 % 60);
    text.push(':');
    two(&mut text, second_of_day % 60);
    let nanos = at.timestamp_subsec_nanos();
    let fraction = match nanos {
        0 => None,
        n if n % 1_000_000 == 0 => Some(format!(".{:03}", n / 1_000_000)),
        n if n % 1_000 == 0 => Some(format!(".{:06}", n / 1_000)),
        n => Some(format!(".{n:09}")),
    };
    if let Some(fraction) = fraction {
        text.push_str(&fraction);
    }
    text.push_str("+00:00");
    text
}

/// The unix seconds of a stored timestamp.
pub(crate) fn stored_seconds(text: &str) -> Result<i64, StoreError> {
    crate::parse_timestamp(text)
        .map(|at| at.timestamp())
        .ok_or_else(|| StoreError::Read(format!("{text:?} is not an RFC 3339 timestamp")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::SecondsFormat;

    #[test]
    fn each_purpose_gets_its_pragmas() {
        let dir = std::env::temp_dir().join(format!("kb-direct-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let path = dir.join("direct.db");
        let pragma = |connection: &Connection, name: &str| -> String {
            let sql = format!("PRAGMA {name}");
            connection
                .query_row(&sql, [], |row| row.get::<_, rusqlite::types::Value>(0))
                .map(|value| format!("{value:?}"))
                .expect("pragma")
        };
        let import = open(&path, Purpose::Import).expect("opens");
        assert_eq!(pragma(&import, "journal_mode"), r#"Text("wal")"#);
        assert_eq!(pragma(&import, "synchronous"), "Integer(2)");
        assert_eq!(pragma(&import, "foreign_keys"), "Integer(1)");
        assert_eq!(pragma(&import, "temp_store"), "Integer(2)");
        assert_eq!(
            pragma(&import, "cache_size"),
            format!("Integer(-{IMPORT_CACHE_KIB})")
        );
        let intake = open(&path, Purpose::Intake).expect("opens");
        assert_eq!(pragma(&intake, "foreign_keys"), "Integer(1)");
        assert_eq!(pragma(&intake, "temp_store"), "Integer(0)");
        let facts = open(&path, Purpose::FactLoad).expect("opens");
        assert!(
            facts.execute_batch("CREATE TABLE t (x)").is_err(),
            "read-only"
        );
        std::fs::remove_dir_all(&dir).expect("removed");
    }

    #[test]
    fn writes_what_sqlx_writes() {
        let mut at = -86_400 * 3;
        while at < 4_200_000_000 {
            for nanos in [0, 5_000_000, 123_456_000, 1] {
                let time = DateTime::from_timestamp(at, nanos).unwrap();
                assert_eq!(
                    stored_time(time),
                    time.to_rfc3339_opts(SecondsFormat::AutoSi, false)
                );
            }
            at += 86_399 * 7 + 3_601;
        }
    }
}
