//! The rows the in-memory fact store is built from: survey responses and case lifecycles, read in
//! id order and handed one at a time to a visitor, without collecting them.
//!
//! On a SQLite file the bulk reads go through a direct rusqlite connection on a blocking thread:
//! sqlx's driver copies every value and sends every row to another thread, which measured five
//! times slower (0.4–0.6 M rows/s against 2.6 M) and would alone miss the five-second start-up
//! budget for 12 M facts. PostgreSQL, and small reads by id, use sqlx.

use std::ops::RangeInclusive;

use chrono::{DateTime, Utc};

use crate::sql::Param;
use crate::sqlite_direct;
use crate::{Db, StoreError, params};

/// One survey response, as the fact store needs it. Timestamps are unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyFact<'a> {
    pub id: i64,
    pub customer_id: i64,
    /// `nps`, `csat` or `ces`.
    pub kind: &'a str,
    pub score: i32,
    pub channel: Option<&'a str>,
    pub touchpoint: Option<&'a str>,
    pub segment: Option<&'a str>,
    pub agent_id: Option<i64>,
    pub created_at: i64,
}

/// One case's lifecycle, as the fact store needs it. Timestamps are unix seconds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFact<'a> {
    pub id: i64,
    pub customer_id: i64,
    pub channel: &'a str,
    pub priority: &'a str,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub created_at: i64,
    pub first_response_at: Option<i64>,
    pub resolved_at: Option<i64>,
    pub reopen_count: i64,
}

const SURVEYS: &str = "SELECT id, customer_id, kind, score, channel, touchpoint, segment, \
                       agent_id, created_at FROM survey_responses WHERE id BETWEEN $1 AND $2 \
                       ORDER BY id";
const CASES: &str = "SELECT id, customer_id, channel, priority, assignee_id, team_id, created_at, \
     first_response_at, resolved_at, reopen_count FROM cases";

type SurveyTuple = (
    i64,
    i64,
    String,
    i32,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<i64>,
    DateTime<Utc>,
);
type CaseTuple = (
    i64,
    i64,
    String,
    String,
    Option<i64>,
    Option<i64>,
    DateTime<Utc>,
    Option<DateTime<Utc>>,
    Option<DateTime<Utc>>,
    i64,
);

/// The highest survey response id and case id (0 when empty): with ids from one sequence, an
/// upper bound of the row counts, for reserving the columns before a load.
pub async fn highest_ids(db: &Db) -> Result<(i64, i64), StoreError> {
    let sql = "SELECT (SELECT COALESCE(MAX(id), 0) FROM survey_responses), (SELECT \
               COALESCE(MAX(id), 0) FROM cases)";
    db.fetch_one(sql, params![]).await
}

/// Visits the survey responses with ids in `ids`, in id order; returns the visitor's state.
pub async fn surveys<S, F>(
    db: &Db,
    ids: RangeInclusive<i64>,
    mut state: S,
    mut visit: F,
) -> Result<S, StoreError>
where
    S: Send + 'static,
    F: FnMut(&mut S, &SurveyFact<'_>) + Send + 'static,
{
    if let Some(path) = sqlite_direct::file_of(db) {
        return on_blocking_thread(move || {
            direct::surveys(&path, &ids, &mut state, &mut visit)?;
            Ok(state)
        })
        .await;
    }
    let params = params![*ids.start(), *ids.end()];
    db.for_each(SURVEYS, params, |row: SurveyTuple| {
        visit(&mut state, &survey_fact(&row))
    })
    .await?;
    Ok(state)
}

/// Visits the cases with ids in `ids`, in id order; returns the visitor's state.
pub async fn cases<S, F>(
    db: &Db,
    ids: RangeInclusive<i64>,
    mut state: S,
    mut visit: F,
) -> Result<S, StoreError>
where
    S: Send + 'static,
    F: FnMut(&mut S, &CaseFact<'_>) + Send + 'static,
{
    if let Some(path) = sqlite_direct::file_of(db) {
        return on_blocking_thread(move || {
            direct::cases(&path, &ids, &mut state, &mut visit)?;
            Ok(state)
        })
        .await;
    }
    let sql = format!("{CASES} WHERE id BETWEEN $1 AND $2 ORDER BY id");
    let params = params![*ids.start(), *ids.end()];
    db.for_each(sqlx::AssertSqlSafe(sql), params, |row: CaseTuple| {
        visit(&mut state, &case_fact(&row))
    })
    .await?;
    Ok(state)
}

/// The current rows of the cases `ids` (at most a few thousand), for the event tail.
pub async fn cases_by_id(db: &Db, ids: &[i64]) -> Result<Vec<OwnedCaseFact>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = crate::sql::placeholders(ids.len());
    let sql = format!("{CASES} WHERE id IN ({}) ORDER BY id", placeholders);
    let params = ids.iter().map(Param::from);
    let rows: Vec<CaseTuple> = db.fetch_all(sqlx::AssertSqlSafe(sql), params).await?;
    Ok(rows
        .iter()
        .map(|row| case_fact(row).to_owned_fact())
        .collect())
}

/// A [`SurveyFact`] that owns its text, for keeping rows beyond the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedSurveyFact {
    id: i64,
    customer_id: i64,
    kind: Box<str>,
    score: i32,
    channel: Option<Box<str>>,
    touchpoint: Option<Box<str>>,
    segment: Option<Box<str>>,
    agent_id: Option<i64>,
    created_at: i64,
}

impl SurveyFact<'_> {
    pub fn to_owned_fact(&self) -> OwnedSurveyFact {
        OwnedSurveyFact {
            id: self.id,
            customer_id: self.customer_id,
            kind: self.kind.into(),
            score: self.score,
            channel: self.channel.map(Into::into),
            touchpoint: self.touchpoint.map(Into::into),
            segment: self.segment.map(Into::into),
            agent_id: self.agent_id,
            created_at: self.created_at,
        }
    }
}

impl OwnedSurveyFact {
    pub fn fact(&self) -> SurveyFact<'_> {
        SurveyFact {
            id: self.id,
            customer_id: self.customer_id,
            kind: &self.kind,
            score: self.score,
            channel: self.channel.as_deref(),
            touchpoint: self.touchpoint.as_deref(),
            segment: self.segment.as_deref(),
            agent_id: self.agent_id,
            created_at: self.created_at,
        }
    }
}

/// A [`CaseFact`] that owns its text, for keeping rows beyond the visit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedCaseFact {
    id: i64,
    customer_id: i64,
    channel: Box<str>,
    priority: Box<str>,
    assignee_id: Option<i64>,
    team_id: Option<i64>,
    created_at: i64,
    first_response_at: Option<i64>,
    resolved_at: Option<i64>,
    reopen_count: i64,
}

impl CaseFact<'_> {
    pub fn to_owned_fact(&self) -> OwnedCaseFact {
        OwnedCaseFact {
            id: self.id,
            customer_id: self.customer_id,
            channel: self.channel.into(),
            priority: self.priority.into(),
            assignee_id: self.assignee_id,
            team_id: self.team_id,
            created_at: self.created_at,
            first_response_at: self.first_response_at,
            resolved_at: self.resolved_at,
            reopen_count: self.reopen_count,
        }
    }
}

impl OwnedCaseFact {
    pub fn fact(&self) -> CaseFact<'_> {
        CaseFact {
            id: self.id,
            customer_id: self.customer_id,
            channel: &self.channel,
            priority: &self.priority,
            assignee_id: self.assignee_id,
            team_id: self.team_id,
            created_at: self.created_at,
            first_response_at: self.first_response_at,
            resolved_at: self.resolved_at,
            reopen_count: self.reopen_count,
        }
    }
}

/// What the fact store shows for each agent: the id of the system the agent was imported from,
/// else the email address.
pub async fn agent_labels(db: &Db) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = "SELECT id, COALESCE(external_id, email) FROM agents";
    db.fetch_all(sql, params![]).await
}

pub async fn team_names(db: &Db) -> Result<Vec<(i64, String)>, StoreError> {
    let sql = "SELECT id, name FROM teams";
    db.fetch_all(sql, params![]).await
}

fn survey_fact(row: &SurveyTuple) -> SurveyFact<'_> {
    SurveyFact {
        id: row.0,
        customer_id: row.1,
        kind: &row.2,
        score: row.3,
        channel: row.4.as_deref(),
        touchpoint: row.5.as_deref(),
        segment: row.6.as_deref(),
        agent_id: row.7,
        created_at: row.8.timestamp(),
    }
}

fn case_fact(row: &CaseTuple) -> CaseFact<'_> {
    CaseFact {
        id: row.0,
        customer_id: row.1,
        channel: &row.2,
        priority: &row.3,
        assignee_id: row.4,
        team_id: row.5,
        created_at: row.6.timestamp(),
        first_response_at: row.7.map(|at| at.timestamp()),
        resolved_at: row.8.map(|at| at.timestamp()),
        reopen_count: row.9,
    }
}

async fn on_blocking_thread<T: Send + 'static>(
    job: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|err| StoreError::Read(format!("the reading thread failed: {err}")))?
}

/// The rusqlite side: the same SQL, rows decoded in place without copies.
mod direct {
    use std::ops::RangeInclusive;
    use std::path::Path;

    use rusqlite::types::ValueRef;
    use rusqlite::{Connection, Row};

    use super::{CASES, CaseFact, SURVEYS, SurveyFact};
    use crate::StoreError;
    use crate::sqlite_direct::{self, Purpose, read_error, stored_seconds};

    pub(super) fn surveys<S>(
        path: &Path,
        ids: &RangeInclusive<i64>,
        state: &mut S,
        visit: &mut impl FnMut(&mut S, &SurveyFact<'_>),
    ) -> Result<(), StoreError> {
        let connection = open(path)?;
        let mut statement = connection.prepare(SURVEYS).map_err(read_error)?;
        let mut rows = statement
            .query([ids.start(), ids.end()])
            .map_err(read_error)?;
        while let Some(row) = rows.next().map_err(read_error)? {
            let fact = SurveyFact {
                id: row.get(0).map_err(read_error)?,
                customer_id: row.get(1).map_err(read_error)?,
                kind: text(row, 2)?,
                score: row.get(3).map_err(read_error)?,
                channel: optional_text(row, 4)?,
                touchpoint: optional_text(row, 5)?,
                segment: optional_text(row, 6)?,
                agent_id: row.get(7).map_err(read_error)?,
                created_at: stored_seconds(text(row, 8)?)?,
            };
            visit(state, &fact);
        }
        Ok(())
    }

    pub(super) fn cases<S>(
        path: &Path,
        ids: &RangeInclusive<i64>,
        state: &mut S,
        visit: &mut impl FnMut(&mut S, &CaseFact<'_>),
    ) -> Result<(), StoreError> {
        let connection = open(path)?;
        let sql = format!("{CASES} WHERE id BETWEEN $1 AND $2 ORDER BY id");
        let mut statement = connection.prepare(&sql).map_err(read_error)?;
        let mut rows = statement
            .query([ids.start(), ids.end()])
            .map_err(read_error)?;
        while let Some(row) = rows.next().map_err(read_error)? {
            let fact = CaseFact {
                id: row.get(0).map_err(read_error)?,
                customer_id: row.get(1).map_err(read_error)?,
                channel: text(row, 2)?,
                priority: text(row, 3)?,
                assignee_id: row.get(4).map_err(read_error)?,
                team_id: row.get(5).map_err(read_error)?,
                created_at: stored_seconds(text(row, 6)?)?,
                first_response_at: optional_text(row, 7)?.map(stored_seconds).transpose()?,
                resolved_at: optional_text(row, 8)?.map(stored_seconds).transpose()?,
                reopen_count: row.get(9).map_err(read_error)?,
            };
            visit(state, &fact);
        }
        Ok(())
    }

    fn open(path: &Path) -> Result<Connection, StoreError> {
        sqlite_direct::open(path, Purpose::FactLoad).map_err(read_error)
    }

    fn text<'r>(row: &'r Row<'_>, column: usize) -> Result<&'r str, StoreError> {
        optional_text(row, column)?
            .ok_or_else(|| StoreError::Read(format!("column {column} is NULL")))
    }

    fn optional_text<'r>(row: &'r Row<'_>, column: usize) -> Result<Option<&'r str>, StoreError> {
        match row.get_ref(column).map_err(read_error)? {
            ValueRef::Null => Ok(None),
            ValueRef::Text(bytes) => std::str::from_utf8(bytes)
                .map(Some)
                .map_err(|err| StoreError::Read(err.to_string())),
            other => Err(StoreError::Read(format!(
                "column {column} holds {:?}, not text",
                other.data_type()
            ))),
        }
    }
}
