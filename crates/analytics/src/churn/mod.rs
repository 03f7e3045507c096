//! Churn: of the customers whose relationship was active at the start of a window, the share whose
//! relationship ended within it (`docs/DESIGN.md`), broken down by segment, customer attributes,
//! the service they got and periods (then each period is its own window), with the trend of every
//! period series.

mod drivers;
mod experience;
mod groups;

use std::collections::BTreeMap;

use chrono_tz::Tz;
use rustc_hash::FxHashMap;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

pub use drivers::{Driver, DriverAnswer, DriverQuery, DriverValue, Outcome};
pub use groups::ChurnGroup;

use crate::facts::{FactStore, ONGOING};
use crate::query::{DEFAULT_TIME_ZONE, QueryError};
use crate::time_buckets::{BucketMap, TimeGrain};
use crate::trend::{Trend, trend};
pub use experience::{CSAT_BANDS, NPS_BANDS};
pub(crate) use experience::{Experience, ExperienceAt};
use groups::Coder;

/// The days before the end (or the window's end) in which a customer's cases count as contacts.
pub const DEFAULT_CONTACTS_DAYS: u16 = 90;

#[derive(Debug, Clone)]
pub struct ChurnQuery {
    /// Unix seconds: the window is `[from, to)`.
    pub from: i64,
    pub to: i64,
    pub group_by: Vec<ChurnGroup>,
    /// Only customers whose value of the group is one of the labels.
    pub filters: Vec<(ChurnGroup, Vec<String>)>,
    pub contacts_days: u16,
    pub time_zone: Tz,
}

impl ChurnQuery {
    pub fn new(from: i64, to: i64) -> Self {
        ChurnQuery {
            from,
            to,
            group_by: Vec::new(),
            filters: Vec::new(),
            contacts_days: DEFAULT_CONTACTS_DAYS,
            time_zone: DEFAULT_TIME_ZONE,
        }
    }

    pub fn group_by(mut self, groups: impl IntoIterator<Item = ChurnGroup>) -> Self {
        self.group_by.extend(groups);
        self
    }

    pub fn filter(mut self, group: ChurnGroup, labels: Vec<String>) -> Self {
        self.filters.push((group, labels));
        self
    }
}

/// One group's churn: `{"segment": "smb", "churn_rate": 4.2, "churned": 42, "active_at_start": 1000, "n": 1000}`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChurnRow {
    pub groups: Vec<(String, Option<String>)>,
    /// Percent, never rounded.
    pub churn_rate: f64,
    pub churned: u64,
    pub active_at_start: u64,
}

impl ChurnRow {
    pub fn label(&self, group: &str) -> Option<&str> {
        self.groups
            .iter()
            .find(|(name, _)| name == group)
            .and_then(|(_, label)| label.as_deref())
    }
}

impl Serialize for ChurnRow {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.groups.len() + 4))?;
        for (name, label) in &self.groups {
            map.serialize_entry(name, label)?;
        }
        map.serialize_entry("churn_rate", &self.churn_rate)?;
        map.serialize_entry("churned", &self.churned)?;
        map.serialize_entry("active_at_start", &self.active_at_start)?;
        map.serialize_entry("n", &self.active_at_start)?;
        map.end()
    }
}

/// The trend of one period series (the rows that share every other group's label).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeriesTrend {
    /// The labels of the non-period groups.
    pub groups: BTreeMap<String, Option<String>>,
    #[serde(flatten)]
    pub trend: Trend,
    /// Two-sided p-value of the Mann–Kendall z.
    pub p_value: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChurnAnswer {
    pub rows: Vec<ChurnRow>,
    /// One per period series; empty without a period group.
    pub trends: Vec<SeriesTrend>,
}

/// A window of the query: the whole range, or one period of it.
struct Window {
    start: u32,
    end: u32,
    label: Option<String>,
}

/// Whose customer ids a drill-down wants: everyone counted, or only those who left.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChurnSide {
    ActiveAtStart,
    Churned,
}

impl FactStore {
    pub fn churn(&self, query: &ChurnQuery) -> Result<ChurnAnswer, QueryError> {
        let plan = Plan::new(self, query)?;
        let mut counts: FxHashMap<Vec<u32>, (u64, u64)> = FxHashMap::default();
        plan.scan(self, |key, churned, _| {
            // Looked up by slice first: a group seen before costs no allocation.
            let entry = match counts.get_mut(key) {
                Some(entry) => entry,
                None => counts.entry(key.to_vec()).or_default(),
            };
            entry.0 += 1;
            entry.1 += u64::from(churned);
        });
        let mut keyed: Vec<(Vec<u32>, (u64, u64))> = counts.into_iter().collect();
        keyed.sort_by_cached_key(|(key, _)| plan.sort_key(key));
        let rows: Vec<ChurnRow> = keyed
            .into_iter()
            .map(|(key, (active, churned))| ChurnRow {
                groups: plan.labels(&key),
                churn_rate: 100.0 * churned as f64 / active as f64,
                churned,
                active_at_start: active,
            })
            .collect();
        let trends = plan.trends(&rows);
        Ok(ChurnAnswer { rows, trends })
    }

    /// The customer ids behind one row of [`FactStore::churn`]: `cell` gives a label (or `None`
    /// for no value) for every group of the query.
    pub fn churn_customers(
        &self,
        query: &ChurnQuery,
        cell: &[Option<String>],
        side: ChurnSide,
        limit: usize,
    ) -> Result<Vec<i64>, QueryError> {
        let plan = Plan::new(self, query)?;
        let wanted = plan.key_of_labels(cell)?;
        let mut ids = Vec::new();
        plan.scan(self, |key, churned, customer_row| {
            if ids.len() < limit
                && wanted.as_deref() == Some(key)
                && (side == ChurnSide::ActiveAtStart || churned)
            {
                ids.push(i64::from(self.customers.codes[customer_row]));
            }
        });
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }
}

impl FactStore {
    /// How many relationships ended in `[from, to)` per coded reason (`None`: no reason given),
    /// most frequent first.
    pub fn end_reasons(
        &self,
        from: i64,
        to: i64,
    ) -> Result<Vec<(Option<String>, u64)>, QueryError> {
        let bound = |at: i64| u32::try_from(at).map_err(|_| QueryError::RangeOutOfBounds);
        let (from, to) = (bound(from)?, bound(to)?);
        if to <= from {
            return Err(QueryError::EmptyRange);
        }
        let reasons = &self.customers.reasons;
        let mut counts = vec![0u64; reasons.cardinality() as usize];
        for relationship in self.customers.live_relationships() {
            if relationship.ended >= from && relationship.ended < to {
                counts[relationship.reason as usize] += 1;
            }
        }
        let mut counted: Vec<(Option<String>, u64)> = counts
            .into_iter()
            .enumerate()
            .filter(|&(_, n)| n > 0)
            .map(|(code, n)| (reasons.label(code as u32).map(str::to_owned), n))
            .collect();
        counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        Ok(counted)
    }
}

/// A query resolved against the store: windows, coders and filters.
struct Plan<'a> {
    groups: Vec<ChurnGroup>,
    /// Per group: its coder (`None` for the period group).
    coders: Vec<Option<Coder<'a>>>,
    filters: Vec<(Coder<'a>, Vec<bool>)>,
    windows: Vec<Window>,
    experience: Option<Experience<'a>>,
}

impl<'a> Plan<'a> {
    fn new(store: &'a FactStore, query: &ChurnQuery) -> Result<Self, QueryError> {
        if query.to <= query.from {
            return Err(QueryError::EmptyRange);
        }
        let customers = &store.customers;
        let mut coders = Vec::with_capacity(query.group_by.len());
        let mut grain = None;
        for group in &query.group_by {
            group.check(customers)?;
            if let ChurnGroup::Period(period) = group
                && grain.replace(*period).is_some()
            {
                return Err(QueryError::SeveralTimeBuckets);
            }
            coders.push(Coder::new(group, customers));
        }
        let mut filters = Vec::with_capacity(query.filters.len());
        for (group, labels) in &query.filters {
            group.check(customers)?;
            let coder = Coder::new(group, customers)
                .ok_or_else(|| QueryError::PeriodFilter(group.name()))?;
            let mut allowed = vec![false; coder.cardinality() as usize];
            for label in labels {
                if let Some(code) = coder.code_of(label) {
                    allowed[code as usize] = true;
                }
            }
            filters.push((coder, allowed));
        }
        let needs_experience = query
            .group_by
            .iter()
            .chain(query.filters.iter().map(|(group, _)| group))
            .any(ChurnGroup::needs_experience);
        let experience = needs_experience.then(|| {
            Experience::build(customers, &store.cases, &store.surveys, query.contacts_days)
        });
        Ok(Plan {
            groups: query.group_by.clone(),
            coders,
            filters,
            windows: windows(query, grain)?,
            experience,
        })
    }

    /// Calls `visit(key, churned, customer_row)` for every relationship active at the start of
    /// every window, after the filters.
    fn scan(&self, store: &FactStore, mut visit: impl FnMut(&[u32], bool, usize)) {
        let mut key = vec![0u32; self.groups.len()];
        for relationship in store.customers.live_relationships() {
            // The windows (in time order) that start while the relationship is active.
            let first = self
                .windows
                .partition_point(|window| window.start < relationship.started);
            for (window_index, window) in self.windows.iter().enumerate().skip(first) {
                if window.start > relationship.ended {
                    break;
                }
                let churned = relationship.ended < window.end;
                let customer_row = relationship.customer_row as usize;
                // The service up to the end, or up to the window's end while still a customer.
                let moment = if churned {
                    relationship.ended
                } else {
                    window.end
                };
                let experience = self.experience.as_ref().map(|e| e.at(customer_row, moment));
                let passes = self.filters.iter().all(|(coder, allowed)| {
                    allowed[coder.code(customer_row, experience.as_ref()) as usize]
                });
                if !passes {
                    continue;
                }
                for (slot, coder) in key.iter_mut().zip(&self.coders) {
                    *slot = match coder {
                        Some(coder) => coder.code(customer_row, experience.as_ref()),
                        None => window_index as u32,
                    };
                }
                visit(&key, churned, customer_row);
            }
        }
    }

    fn labels(&self, key: &[u32]) -> Vec<(String, Option<String>)> {
        self.groups
            .iter()
            .zip(&self.coders)
            .zip(key)
            .map(|((group, coder), &code)| {
                let label = match coder {
                    Some(coder) => coder.label(code),
                    None => self.windows[code as usize].label.clone(),
                };
                (group.name(), label)
            })
            .collect()
    }

    /// Rows in label order, missing values last, periods in time order.
    fn sort_key(&self, key: &[u32]) -> Vec<(bool, Option<String>, u32)> {
        self.coders
            .iter()
            .zip(key)
            .map(|(coder, &code)| match coder {
                Some(coder) if !coder.is_ordered() => {
                    let label = coder.label(code);
                    (label.is_none(), label, 0)
                }
                _ => (false, None, code),
            })
            .collect()
    }

    fn key_of_labels(&self, cell: &[Option<String>]) -> Result<Option<Vec<u32>>, QueryError> {
        if cell.len() != self.groups.len() {
            return Err(QueryError::CellShape(self.groups.len()));
        }
        let mut key = Vec::with_capacity(cell.len());
        for (coder, label) in self.coders.iter().zip(cell) {
            let code = match (coder, label) {
                (_, None) => Some(0),
                (Some(coder), Some(label)) => coder.code_of(label),
                (None, Some(label)) => self
                    .windows
                    .iter()
                    .position(|w| w.label.as_deref() == Some(label))
                    .map(|p| p as u32),
            };
            let Some(code) = code else {
                return Ok(None);
            };
            key.push(code);
        }
        Ok(Some(key))
    }

    fn trends(&self, rows: &[ChurnRow]) -> Vec<SeriesTrend> {
        let Some(period) = self.coders.iter().position(Option::is_none) else {
            return Vec::new();
        };
        let period_name = self.groups[period].name();
        let mut series: BTreeMap<BTreeMap<String, Option<String>>, Vec<f64>> = BTreeMap::new();
        for row in rows {
            let others: BTreeMap<String, Option<String>> = row
                .groups
                .iter()
                .filter(|(name, _)| *name != period_name)
                .cloned()
                .collect();
            let index = self
                .windows
                .iter()
                .position(|w| w.label.as_deref() == row.label(&period_name))
                .unwrap_or_default();
            let points = series
                .entry(others)
                .or_insert_with(|| vec![f64::NAN; self.windows.len()]);
            points[index] = row.churn_rate;
        }
        series
            .into_iter()
            .map(|(groups, points)| {
                let trend = trend(&points);
                SeriesTrend {
                    groups,
                    p_value: crate::stats::two_sided_p(trend.z),
                    trend,
                }
            })
            .collect()
    }
}

fn windows(query: &ChurnQuery, grain: Option<TimeGrain>) -> Result<Vec<Window>, QueryError> {
    let bound = |at: i64| u32::try_from(at).map_err(|_| QueryError::RangeOutOfBounds);
    let (from, to) = (bound(query.from)?, bound(query.to)?.min(ONGOING - 1));
    let Some(grain) = grain else {
        return Ok(vec![Window {
            start: from,
            end: to,
            label: None,
        }]);
    };
    let buckets = BucketMap::new(grain, query.time_zone, from, to - 1);
    Ok((0..buckets.bucket_count())
        .map(|bucket| {
            let start = buckets.start_of(bucket).max(i64::from(from)) as u32;
            let end = buckets
                .start_of(bucket + 1)
                .min(i64::from(to))
                .max(i64::from(start)) as u32;
            Window {
                start,
                end,
                label: Some(buckets.label(bucket).to_owned()),
            }
        })
        .collect())
}

#[cfg(test)]
mod tests;
