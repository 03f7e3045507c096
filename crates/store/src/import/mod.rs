//! Importing history from another system: survey responses and cases, validated by the caller,
//! written in one transaction so an import is all or nothing.
//!
//! Customers and agents are found by their id in the other system (an `external` identity,
//! `agents.external_id`) and created when missing. Ids are reserved up front, so the import
//! knows which ids it wrote without reading them back. On SQLite the rows go through a direct
//! rusqlite connection ([`sqlite`]): through sqlx, marshalling every value to its worker thread
//! cost as much as SQLite's own work. PostgreSQL gets multi-row INSERTs through sqlx
//! ([`postgres`]).
//!
//! Unlike every other change, an import does not append one event per row: events for 12 M rows
//! would double the import's time and the log's size. It appends one `import.completed` event
//! with the counts and the id range written; the fact store loads imported rows from the tables
//! (at start, and on that event), not from events.

pub mod customers;
mod people;
mod postgres;
mod sqlite;

use chrono::{DateTime, Duration, Utc};
use domain::{CaseStatus, Channel, Priority};
use serde::Serialize;
use serde_json::json;

use crate::{Db, StoreError, now};

/// The event an import appends when it commits.
pub const IMPORT_COMPLETED: &str = "import.completed";

/// One survey response to import. Customer and agent are ids in the other system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SurveyRow {
    /// The response's id in the other system; a response imported before is skipped.
    pub external_id: Option<String>,
    pub customer: String,
    /// `nps`, `csat` or `ces`, with a score on its scale (the caller checks both).
    pub kind: &'static str,
    pub score: i32,
    pub channel: Option<Channel>,
    pub touchpoint: Option<String>,
    pub segment: Option<String>,
    pub agent: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One case to import, with its lifecycle. Customer and agent are ids in the other system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    /// The ticket's id in the other system; a ticket imported before is skipped.
    pub external_id: Option<String>,
    pub customer: String,
    pub channel: Channel,
    pub priority: Priority,
    pub agent: Option<String>,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    /// The final resolution; `None` while open.
    pub resolved_at: Option<DateTime<Utc>>,
    pub reopened: bool,
}

/// What an import wrote; also the payload of its `import.completed` event.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    /// `survey_responses` or `cases`.
    pub table: &'static str,
    pub imported: u64,
    /// Rows whose external id was imported before.
    pub skipped: u64,
    pub customers_created: u64,
    pub agents_created: u64,
    /// The smallest and largest id written to `table` (ids in between may be missing).
    pub first_id: Option<i64>,
    pub last_id: Option<i64>,
}

/// What one batch wrote.
#[derive(Debug, Default)]
struct Written {
    offered: usize,
    imported: u64,
    customers_created: u64,
    agents_created: u64,
    /// The ids reserved for the batch's rows, ascending.
    ids: Vec<i64>,
}

impl ImportSummary {
    fn add(&mut self, written: Written) {
        self.imported += written.imported;
        self.skipped += written.offered as u64 - written.imported;
        self.customers_created += written.customers_created;
        self.agents_created += written.agents_created;
        if let (Some(&first), Some(&last)) = (written.ids.first(), written.ids.last()) {
            self.first_id = Some(self.first_id.map_or(first, |id| id.min(first)));
            self.last_id = Some(self.last_id.map_or(last, |id| id.max(last)));
        }
    }
}

enum Writer {
    Sqlite(sqlite::Writer),
    Postgres(postgres::Writer),
}

/// An import in progress: one open write transaction. Dropping it without
/// [`Import::commit`] rolls everything back.
pub struct Import {
    writer: Writer,
    summary: ImportSummary,
    /// When imported rows are created in this system.
    started_at: DateTime<Utc>,
}

impl Import {
    /// Begins the transaction and loads the external ids of existing customers and agents.
    /// On SQLite this holds the write lock until the import commits or is dropped.
    pub async fn begin(db: &Db, table: &'static str) -> Result<Import, StoreError> {
        let writer = match db {
            Db::Sqlite(_) => {
                let path = crate::sqlite_direct::file_of(db).ok_or_else(|| {
                    StoreError::Invalid("imports into SQLite need a database file".into())
                })?;
                Writer::Sqlite(sqlite::Writer::begin(path).await?)
            }
            Db::Postgres(pool) => Writer::Postgres(postgres::Writer::begin(pool).await?),
        };
        Ok(Import {
            writer,
            summary: ImportSummary {
                table,
                ..ImportSummary::default()
            },
            started_at: now(),
        })
    }

    pub async fn surveys(&mut self, rows: Vec<SurveyRow>) -> Result<(), StoreError> {
        let at = self.started_at;
        let written = match &mut self.writer {
            Writer::Sqlite(writer) => writer.surveys(rows, at).await?,
            Writer::Postgres(writer) => writer.surveys(&rows, at).await?,
        };
        self.summary.add(written);
        Ok(())
    }

    pub async fn cases(&mut self, rows: Vec<CaseRow>) -> Result<(), StoreError> {
        let at = self.started_at;
        let written = match &mut self.writer {
            Writer::Sqlite(writer) => writer.cases(rows, at).await?,
            Writer::Postgres(writer) => writer.cases(&rows, at).await?,
        };
        self.summary.add(written);
        Ok(())
    }

    /// Appends `import.completed` (with `source`, e.g. the file name) and commits.
    pub async fn commit(self, source: &str) -> Result<ImportSummary, StoreError> {
        let mut payload = json!(self.summary);
        payload["source"] = json!(source);
        match self.writer {
            Writer::Sqlite(writer) => writer.commit(payload, self.started_at).await?,
            Writer::Postgres(writer) => writer.commit(payload, self.started_at).await?,
        }
        crate::events::notify_committed();
        Ok(self.summary)
    }
}

/// A case resolved longer ago than this is imported closed (as helpdesks close solved tickets);
/// a more recent one is imported resolved, so a customer's reply can still reopen it.
const CLOSED_AFTER: Duration = Duration::days(7);

impl CaseRow {
    fn status(&self, imported_at: DateTime<Utc>) -> CaseStatus {
        match self.resolved_at {
            None => CaseStatus::Open,
            Some(at) if imported_at - at > CLOSED_AFTER => CaseStatus::Closed,
            Some(_) => CaseStatus::Resolved,
        }
    }

    fn subject(&self) -> String {
        match &self.external_id {
            Some(ticket) => format!("Imported case {ticket}"),
            None => "Imported case".to_string(),
        }
    }

    fn updated_at(&self) -> DateTime<Utc> {
        [self.first_response_at, self.resolved_at]
            .into_iter()
            .flatten()
            .fold(self.created_at, DateTime::max)
    }
}
