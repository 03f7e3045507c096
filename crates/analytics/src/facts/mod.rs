//! The fact tables: one struct per kind of fact, columns of codes and seconds, fed rows by the
//! caller (the database loader at start, the event tail after each commit).

mod cases;
mod customers;
mod surveys;

pub(crate) use cases::NOT_YET;
pub use cases::{CaseFacts, CaseLifecycle};
pub(crate) use customers::{AttributeColumn, ONGOING, RelationshipRow, number_label};
pub use customers::{AttributeValue, CustomerFacts, CustomerProfile, Relationship};
pub use surveys::{SurveyFacts, SurveyKind, SurveyResponse, UnknownSurveyKind};

/// Why a row or an update was refused. A refused call changes nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FactError {
    #[error("id {0} is already in the fact store")]
    DuplicateId(i64),
    #[error("no case with id {0} in the fact store")]
    UnknownCase(i64),
    #[error("customer id {0} is outside 0..=4294967295")]
    CustomerIdOutOfRange(i64),
    #[error(
        "timestamp {0} is outside what the fact store holds (1970..2106, at most 68 years after creation)"
    )]
    TimestampOutOfRange(i64),
    #[error("score {score} is outside the {kind} scale")]
    ScoreOutOfRange { kind: SurveyKind, score: i16 },
    #[error("the fact table is full (4294967295 rows)")]
    TableFull,
    #[error("no customer with id {0} in the fact store")]
    UnknownCustomer(i64),
    #[error("a relationship of customer {0} ends before it starts")]
    EndBeforeStart(i64),
}

/// Seconds since 1970 in a u32: enough until 2106 at half the size of an i64.
fn unix_seconds(at: i64) -> Result<u32, FactError> {
    u32::try_from(at).map_err(|_| FactError::TimestampOutOfRange(at))
}

fn customer_code(customer_id: i64) -> Result<u32, FactError> {
    u32::try_from(customer_id).map_err(|_| FactError::CustomerIdOutOfRange(customer_id))
}

/// The earliest and latest `created_at` of a table; bounds the time buckets a query builds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct TimeSpan {
    pub(crate) first: u32,
    pub(crate) last: u32,
}

impl TimeSpan {
    fn widen(span: Option<TimeSpan>, at: u32) -> TimeSpan {
        match span {
            None => TimeSpan {
                first: at,
                last: at,
            },
            Some(span) => TimeSpan {
                first: span.first.min(at),
                last: span.last.max(at),
            },
        }
    }
}

/// All fact tables of one organisation.
#[derive(Debug, Clone, Default)]
pub struct FactStore {
    pub surveys: SurveyFacts,
    pub cases: CaseFacts,
    pub customers: CustomerFacts,
}

impl FactStore {
    pub fn new() -> Self {
        Self::default()
    }

    /// Rows in all tables.
    pub fn len(&self) -> usize {
        self.surveys.len() + self.cases.len() + self.customers.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Heap memory held by all columns, indexes and dictionaries (allocated capacity, not length).
    pub fn heap_bytes(&self) -> usize {
        self.surveys.heap_bytes() + self.cases.heap_bytes() + self.customers.heap_bytes()
    }

    /// Gives back the spare capacity of growing columns; call after a bulk load.
    pub fn shrink_to_fit(&mut self) {
        self.surveys.shrink_to_fit();
        self.cases.shrink_to_fit();
        self.customers.shrink_to_fit();
    }
}
