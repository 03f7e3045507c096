//! What a caller can ask: a metric, grouped by dimensions and time buckets, filtered by dimension
//! values and a time range, in a time zone. Parses from the strings of the HTTP API.

use std::fmt;
use std::str::FromStr;
use std::sync::Arc;

use chrono_tz::Tz;
use serde::Serialize;

use crate::calendar::BusinessCalendar;
use crate::time_buckets::TimeGrain;

/// FCR's window unless a query says otherwise: a new case within a week means the first did not
/// resolve the customer's problem.
pub const DEFAULT_FCR_WINDOW_DAYS: u16 = 7;

/// The time zone of buckets unless a query says otherwise.
pub const DEFAULT_TIME_ZONE: Tz = chrono_tz::Europe::Amsterdam;

macro_rules! named_enum {
    ($(#[$meta:meta])* $name:ident, $what:literal { $($variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = QueryError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(QueryError::UnknownName {
                        what: $what,
                        value: s.chars().take(40).collect(),
                        allowed: concat!($($text, " "),+).trim_ascii_end(),
                    }),
                }
            }
        }
    };
}

named_enum!(
    /// A metric of `docs/DESIGN.md`, with the figures it answers (see [`Metric::figure_names`]).
    Metric, "metric" {
        Nps => "nps",
        Csat => "csat",
        Ces => "ces",
        Ttr => "ttr",
        Frt => "frt",
        Volume => "volume",
        ReopenRate => "reopen_rate",
        Fcr => "fcr",
    }
);

named_enum!(
    /// What rows can be grouped and filtered by: a dictionary-encoded attribute or a time bucket
    /// of `created_at`.
    Dimension, "dimension" {
        Channel => "channel",
        Touchpoint => "touchpoint",
        Segment => "segment",
        Agent => "agent",
        Priority => "priority",
        Team => "team",
        Day => "day",
        Week => "week",
        Month => "month",
        Quarter => "quarter",
    }
);

impl Metric {
    /// The figures of each answer row, in order (besides `n`); the columns of a CSV export.
    pub fn figure_names(self) -> &'static [&'static str] {
        match self {
            Metric::Nps => &["nps"],
            Metric::Csat => &["csat", "mean"],
            Metric::Ces => &["mean", "easy_pct"],
            Metric::Ttr | Metric::Frt => &["mean_hours", "median_hours", "p90_hours"],
            Metric::Volume => &["volume"],
            Metric::ReopenRate => &["reopen_rate"],
            Metric::Fcr => &["fcr"],
        }
    }

    /// How the figures are computed, in words: shown next to every figure.
    pub fn formula(self) -> &'static str {
        match self {
            Metric::Nps => {
                "NPS = % promoters (9-10) - % detractors (0-6) of answered 0-10 responses"
            }
            Metric::Csat => {
                "CSAT = % of answered 1-5 responses that are 4 or 5 (top-2 box); mean = average score"
            }
            Metric::Ces => "CES = mean of answered 1-7 responses; easy_pct = % answering 5-7",
            Metric::Ttr => {
                "TTR = resolved_at - created_at of resolved cases; mean, median and p90 (nearest rank) in hours"
            }
            Metric::Frt => {
                "FRT = first_response_at - created_at of answered cases; mean, median and p90 (nearest rank) in hours"
            }
            Metric::Volume => "volume = number of cases created",
            Metric::ReopenRate => "reopen rate = % of cases ever resolved that were reopened",
            Metric::Fcr => {
                "FCR = % of cases ever resolved that were not reopened and after which the customer opened no new case on any channel within the window (default 7 days) after resolution"
            }
        }
    }

    /// The attribute dimensions of the metric's fact table (time buckets apply to every metric).
    pub fn dimensions(self) -> &'static [Dimension] {
        use Dimension::*;
        match self {
            Metric::Nps | Metric::Csat | Metric::Ces => &[Channel, Touchpoint, Segment, Agent],
            Metric::Ttr | Metric::Frt | Metric::Volume | Metric::ReopenRate | Metric::Fcr => {
                &[Channel, Priority, Agent, Team]
            }
        }
    }

    fn measures_durations(self) -> bool {
        matches!(self, Metric::Ttr | Metric::Frt)
    }
}

impl Dimension {
    pub fn time_grain(self) -> Option<TimeGrain> {
        match self {
            Dimension::Day => Some(TimeGrain::Day),
            Dimension::Week => Some(TimeGrain::IsoWeek),
            Dimension::Month => Some(TimeGrain::Month),
            Dimension::Quarter => Some(TimeGrain::Quarter),
            _ => None,
        }
    }
}

/// Keep rows whose `dimension` has one of `values`; several filters must all hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filter {
    pub dimension: Dimension,
    pub values: Vec<String>,
}

/// One metric question. Build with [`MetricQuery::new`] and the chained setters.
#[derive(Debug, Clone)]
pub struct MetricQuery {
    pub metric: Metric,
    /// Output columns and sort order, left to right; at most one time bucket.
    pub group_by: Vec<Dimension>,
    pub filters: Vec<Filter>,
    /// Inclusive lower bound on `created_at`, unix seconds.
    pub from: Option<i64>,
    /// Exclusive upper bound on `created_at`, unix seconds.
    pub to: Option<i64>,
    /// Time zone of the time buckets.
    pub time_zone: Tz,
    /// Measure TTR and FRT in this calendar's working time instead of calendar time.
    pub business_calendar: Option<Arc<dyn BusinessCalendar>>,
    /// FCR: how long after a resolution a new case from the customer still counts against it.
    pub fcr_window_days: u16,
    /// Only facts of these customers (those with given attributes, say).
    pub customers: Option<Arc<CustomerSet>>,
}

/// A set of customer ids, as a bitmap: one bit per id up to the largest.
#[derive(Debug, Clone, Default)]
pub struct CustomerSet {
    bits: Vec<u64>,
}

impl CustomerSet {
    pub fn new(ids: impl IntoIterator<Item = i64>) -> CustomerSet {
        let mut set = CustomerSet::default();
        for id in ids.into_iter().filter_map(|id| u32::try_from(id).ok()) {
            let word = id as usize / 64;
            if set.bits.len() <= word {
                set.bits.resize(word + 1, 0);
            }
            set.bits[word] |= 1 << (id % 64);
        }
        set
    }

    pub fn contains(&self, id: u32) -> bool {
        self.bits
            .get(id as usize / 64)
            .is_some_and(|word| word & (1 << (id % 64)) != 0)
    }

    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&word| word == 0)
    }
}

impl MetricQuery {
    /// The metric over everything, ungrouped, in the default time zone.
    pub fn new(metric: Metric) -> Self {
        MetricQuery {
            metric,
            group_by: Vec::new(),
            filters: Vec::new(),
            from: None,
            to: None,
            time_zone: DEFAULT_TIME_ZONE,
            business_calendar: None,
            fcr_window_days: DEFAULT_FCR_WINDOW_DAYS,
            customers: None,
        }
    }

    pub fn group_by(mut self, dimensions: impl IntoIterator<Item = Dimension>) -> Self {
        self.group_by.extend(dimensions);
        self
    }

    pub fn filter<S: Into<String>>(
        mut self,
        dimension: Dimension,
        values: impl IntoIterator<Item = S>,
    ) -> Self {
        self.filters.push(Filter {
            dimension,
            values: values.into_iter().map(Into::into).collect(),
        });
        self
    }

    /// Only rows created in `[from, to)`, unix seconds.
    pub fn between(mut self, from: i64, to: i64) -> Self {
        self.from = Some(from);
        self.to = Some(to);
        self
    }

    /// Only facts of the customers in `set`.
    pub fn customers(mut self, set: CustomerSet) -> Self {
        self.customers = Some(Arc::new(set));
        self
    }

    pub fn time_zone(mut self, zone: Tz) -> Self {
        self.time_zone = zone;
        self
    }

    pub fn business_time(mut self, calendar: Arc<dyn BusinessCalendar>) -> Self {
        self.business_calendar = Some(calendar);
        self
    }

    /// Refuses questions the metric's table cannot answer, before any row is read.
    pub(crate) fn validate(&self) -> Result<(), QueryError> {
        let attribute_allowed = |dimension: Dimension| {
            dimension.time_grain().is_some() || self.metric.dimensions().contains(&dimension)
        };
        for (position, &dimension) in self.group_by.iter().enumerate() {
            if !attribute_allowed(dimension) {
                return Err(self.not_available(dimension));
            }
            if self.group_by[..position].contains(&dimension) {
                return Err(QueryError::GroupedTwice(dimension));
            }
        }
        let grains = self.group_by.iter().filter(|d| d.time_grain().is_some());
        if grains.count() > 1 {
            return Err(QueryError::SeveralTimeBuckets);
        }
        for filter in &self.filters {
            if filter.dimension.time_grain().is_some() {
                return Err(QueryError::TimeBucketFilter(filter.dimension));
            }
            if !attribute_allowed(filter.dimension) {
                return Err(self.not_available(filter.dimension));
            }
        }
        if self.business_calendar.is_some() && !self.metric.measures_durations() {
            return Err(QueryError::BusinessTimeNotApplicable(self.metric));
        }
        Ok(())
    }

    fn not_available(&self, dimension: Dimension) -> QueryError {
        QueryError::DimensionNotAvailable {
            metric: self.metric,
            dimension,
        }
    }
}

/// Why a question was refused: every variant is the asker's mistake (an HTTP 400).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("{value:?} is not a {what}; use one of: {allowed}")]
    UnknownName {
        what: &'static str,
        value: String,
        allowed: &'static str,
    },
    #[error("{metric} cannot be grouped or filtered by {dimension}")]
    DimensionNotAvailable {
        metric: Metric,
        dimension: Dimension,
    },
    #[error("{0} appears twice in group_by")]
    GroupedTwice(Dimension),
    #[error("group by at most one of day, week, month and quarter")]
    SeveralTimeBuckets,
    #[error("{0} is a time bucket: restrict time with from and to instead of a filter")]
    TimeBucketFilter(Dimension),
    #[error("business time applies to ttr and frt, not to {0}")]
    BusinessTimeNotApplicable(Metric),
    #[error(
        "this grouping has more than 4294967295 possible groups; group by fewer dimensions or a coarser time bucket"
    )]
    TooManyGroups,
    #[error("to must be after from")]
    EmptyRange,
    #[error("from and to must lie between 1970 and 2106")]
    RangeOutOfBounds,
    #[error("{0} is a period: restrict time with from and to instead of a filter")]
    PeriodFilter(String),
    #[error("{name:?} is not a customer attribute; known: {known}")]
    UnknownAttribute { name: String, known: String },
    #[error("name one label (or null) for each of the {0} groups")]
    CellShape(usize),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_unknown_names_list_the_allowed_ones() {
        for metric in Metric::ALL {
            assert_eq!(metric.as_str().parse::<Metric>(), Ok(*metric));
        }
        for dimension in Dimension::ALL {
            assert_eq!(dimension.as_str().parse::<Dimension>(), Ok(*dimension));
        }
        let err = "nsp".parse::<Metric>().unwrap_err();
        assert!(err.to_string().contains("reopen_rate"), "{err}");
    }

    #[test]
    fn questions_the_table_cannot_answer_are_refused() {
        use Dimension::*;
        let refused = |query: MetricQuery| query.validate().unwrap_err();
        assert_eq!(
            refused(MetricQuery::new(Metric::Nps).group_by([Priority])),
            QueryError::DimensionNotAvailable {
                metric: Metric::Nps,
                dimension: Priority
            }
        );
        assert_eq!(
            refused(MetricQuery::new(Metric::Ttr).filter(Touchpoint, ["billing"])),
            QueryError::DimensionNotAvailable {
                metric: Metric::Ttr,
                dimension: Touchpoint
            }
        );
        assert_eq!(
            refused(MetricQuery::new(Metric::Csat).group_by([Week, Month])),
            QueryError::SeveralTimeBuckets
        );
        assert_eq!(
            refused(MetricQuery::new(Metric::Csat).group_by([Channel, Channel])),
            QueryError::GroupedTwice(Channel)
        );
        assert_eq!(
            refused(MetricQuery::new(Metric::Csat).filter(Month, ["2025-01"])),
            QueryError::TimeBucketFilter(Month)
        );
        assert!(
            MetricQuery::new(Metric::Ttr)
                .group_by([Team, Quarter, Priority])
                .filter(Agent, ["a-1"])
                .validate()
                .is_ok()
        );
    }
}

#[cfg(test)]
mod customer_set_tests {
    use super::CustomerSet;

    #[test]
    fn a_customer_set_holds_exactly_its_ids() {
        let set = CustomerSet::new([1, 64, 4_000_000, -5]);
        assert!(set.contains(1) && set.contains(64) && set.contains(4_000_000));
        assert!(
            !set.contains(0) && !set.contains(63) && !set.contains(65) && !set.contains(u32::MAX)
        );
        assert!(CustomerSet::new([]).is_empty());
    }
}
