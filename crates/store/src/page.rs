//! Keyset pagination: a page is read with `WHERE key < cursor ORDER BY key DESC LIMIT n + 1`, so
//! page one costs the same whatever the table's size.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

impl<T> Page<T> {
    /// Builds a page from up to `limit + 1` rows: the extra row only tells that there is more.
    pub fn from_rows(mut rows: Vec<T>, limit: usize, cursor_of: impl Fn(&T) -> Cursor) -> Self {
        let more = rows.len() > limit;
        rows.truncate(limit);
        let next_cursor = if more {
            rows.last().map(|last| cursor_of(last).encode())
        } else {
            None
        };
        Page {
            items: rows,
            next_cursor,
        }
    }
}

/// The position after the last row of a page: an id, or a time with an id to break ties.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cursor {
    Id(i64),
    TimeId(DateTime<Utc>, i64),
    /// Rows to skip: the position in a list sorted by a column other than the key.
    Offset(u64),
}

impl Cursor {
    pub fn encode(self) -> String {
        let raw = match self {
            Cursor::Id(id) => format!("i{id}"),
            Cursor::TimeId(at, id) => format!("t{}:{id}", at.timestamp_micros()),
            Cursor::Offset(n) => format!("o{n}"),
        };
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Decodes a cursor from a client; `None` for anything that is not one we wrote.
    pub fn decode(text: &str) -> Option<Cursor> {
        let raw = String::from_utf8(URL_SAFE_NO_PAD.decode(text).ok()?).ok()?;
        if let Some(id) = raw.strip_prefix('i') {
            return id.parse().ok().map(Cursor::Id);
        }
        if let Some(n) = raw.strip_prefix('o') {
            return n.parse().ok().map(Cursor::Offset);
        }
        let (micros, id) = raw.strip_prefix('t')?.split_once(':')?;
        let at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
        Some(Cursor::TimeId(at, id.parse().ok()?))
    }

    pub fn id(self) -> Option<i64> {
        match self {
            Cursor::Id(id) => Some(id),
            Cursor::TimeId(..) | Cursor::Offset(_) => None,
        }
    }

    pub fn offset(self) -> Option<u64> {
        match self {
            Cursor::Offset(n) => Some(n),
            Cursor::Id(_) | Cursor::TimeId(..) => None,
        }
    }

    pub fn time_id(self) -> Option<(DateTime<Utc>, i64)> {
        match self {
            Cursor::TimeId(at, id) => Some((at, id)),
            Cursor::Id(_) | Cursor::Offset(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_reject_garbage() {
        let at = DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap();
        for cursor in [Cursor::Id(17), Cursor::TimeId(at, 9), Cursor::Offset(100)] {
            assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        }
        assert_eq!(Cursor::decode("not a cursor"), None);
        assert_eq!(Cursor::decode(""), None);
    }
}
