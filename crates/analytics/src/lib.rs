//! Klantbeeld's fact store: the facts analytics needs (survey responses, case lifecycles) in
//! columns of small integers, in memory, and the metric queries over them. No I/O: the caller
//! feeds rows (a database loader at start, the event tail after each commit) and asks questions.
//!
//! ```
//! use analytics::{Dimension, FactStore, Metric, MetricQuery, SurveyKind, SurveyResponse};
//!
//! let mut store = FactStore::new();
//! store.surveys.append(&SurveyResponse {
//!     response_id: 1,
//!     customer_id: 42,
//!     kind: SurveyKind::Nps,
//!     score: 9,
//!     channel: Some("email"),
//!     touchpoint: Some("support"),
//!     segment: Some("smb"),
//!     agent: Some("a-17"),
//!     created_at: 1_735_689_600, // 2025-01-01T00:00:00Z
//! })?;
//! let query = MetricQuery::new(Metric::Nps)
//!     .group_by([Dimension::Channel, Dimension::Month])
//!     .time_zone(chrono_tz::UTC);
//! let rows = store.query(&query)?;
//! assert_eq!(rows[0].label(Dimension::Month), Some("2025-01"));
//! assert_eq!(rows[0].figure("nps"), Some(100.0));
//! assert_eq!(rows[0].n, 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod calendar;
mod churn;
mod dict;
mod facts;
mod groups;
mod heatmap;
mod id_index;
mod metrics;
mod parallel;
mod percentile;
mod query;
mod risk;
mod row;
mod scan;
mod stats;
mod time_buckets;
mod trend;

pub use calendar::{BusinessCalendar, Period, WorkingWeek};
pub use churn::{
    CSAT_BANDS, ChurnAnswer, ChurnGroup, ChurnQuery, ChurnRow, ChurnSide, DEFAULT_CONTACTS_DAYS,
    Driver, DriverAnswer, DriverQuery, DriverValue, NPS_BANDS, Outcome, SeriesTrend,
};
pub use facts::{
    AttributeValue, CaseFacts, CaseLifecycle, CustomerFacts, CustomerProfile, FactError, FactStore,
    Relationship, SurveyFacts, SurveyKind, SurveyResponse, UnknownSurveyKind,
};
pub use metrics::score_figures;
pub use query::{
    CustomerSet, DEFAULT_TIME_ZONE, Dimension, Filter, Metric, MetricQuery, QueryError,
};
pub use risk::{
    AtRisk, Column, FeatureSpace, ModelQuality, Prepared, Reason, RiskError, RiskModel, RiskRecord,
    RiskWindow, auc,
};
pub use row::MetricRow;
pub use time_buckets::TimeGrain;
pub use trend::{Trend, TrendDirection, trend};
