//! The scan every metric shares: pick the rows that pass the time range and the filters, and give
//! each its group key, chunk by chunk.
//!
//! A group key is a mixed-radix number with one digit per grouped dimension, in `group_by` order:
//! the dictionary code of an attribute (radix = dictionary size) or the index of a time bucket
//! (radix = bucket count). Work is column at a time over chunks that stay in L1 cache: first a
//! branch-free selection of row numbers, then one pass per filter and per key digit over the
//! selected rows only.

use std::ops::Range;
use std::sync::Arc;

use crate::dict::{CodeColumn, DimensionColumn};
use crate::facts::TimeSpan;
use crate::query::{CustomerSet, Dimension, MetricQuery, QueryError};
use crate::time_buckets::BucketMap;

const CHUNK_ROWS: usize = 2048;

/// A fact table as a scan sees it.
pub(crate) trait FactTable {
    /// Unix seconds of each row's creation: the time of time buckets and the range.
    fn created_at(&self) -> &[u32];
    /// Earliest and latest `created_at`; `None` when the table is empty.
    fn span(&self) -> Option<TimeSpan>;
    /// The column of an attribute dimension, if the table has it.
    fn dimension(&self, dimension: Dimension) -> Option<&DimensionColumn>;
    /// Each row's customer.
    fn customer_ids(&self) -> &[u32];
}

/// One digit of the group key.
#[derive(Debug)]
pub(crate) enum KeyDigit<'a> {
    Attribute {
        dimension: Dimension,
        column: &'a DimensionColumn,
        /// Each code's position in the output order.
        sort_ranks: Vec<u32>,
    },
    Time {
        dimension: Dimension,
        buckets: BucketMap,
    },
}

impl KeyDigit<'_> {
    fn radix(&self) -> u32 {
        match self {
            KeyDigit::Attribute { column, .. } => column.dictionary.cardinality(),
            KeyDigit::Time { buckets, .. } => buckets.bucket_count(),
        }
    }
}

#[derive(Debug)]
pub(crate) struct RowScan<'a> {
    created_at: &'a [u32],
    /// Inclusive bounds on `created_at`: the query's range narrowed to the table's span.
    first: u32,
    last: u32,
    /// Whether `first..=last` excludes rows; if not, the scan skips reading `created_at`.
    range_excludes_rows: bool,
    filters: Vec<(&'a CodeColumn, Vec<bool>)>,
    /// Only rows of these customers, when the query names some.
    customers: Option<(&'a [u32], Arc<CustomerSet>)>,
    key_digits: Vec<KeyDigit<'a>>,
    key_space: u32,
}

impl<'a> RowScan<'a> {
    /// Plans a scan of `table`; `None` when no row can match (empty table or range, or a filter
    /// value the table has never seen).
    pub(crate) fn plan(
        table: &'a impl FactTable,
        query: &MetricQuery,
    ) -> Result<Option<Self>, QueryError> {
        let Some(span) = table.span() else {
            return Ok(None);
        };
        let first = query.from.unwrap_or(0).max(i64::from(span.first));
        let last = query
            .to
            .map_or(i64::MAX, |to| to.saturating_sub(1))
            .min(i64::from(span.last));
        // Both lie within the table's span, hence within u32, unless the range is empty.
        let (Ok(first), Ok(last)) = (u32::try_from(first), u32::try_from(last)) else {
            return Ok(None);
        };
        if first > last {
            return Ok(None);
        }
        let column_of = |dimension| {
            table
                .dimension(dimension)
                .ok_or(QueryError::DimensionNotAvailable {
                    metric: query.metric,
                    dimension,
                })
        };

        let mut filters = Vec::new();
        for filter in &query.filters {
            let column = column_of(filter.dimension)?;
            let mut allowed = vec![false; column.dictionary.cardinality() as usize];
            for value in &filter.values {
                if let Some(code) = column.dictionary.code(value) {
                    allowed[code as usize] = true;
                }
            }
            if !allowed.contains(&true) {
                return Ok(None);
            }
            filters.push((&column.codes, allowed));
        }

        if query.customers.as_ref().is_some_and(|set| set.is_empty()) {
            return Ok(None);
        }
        let customers = query
            .customers
            .clone()
            .map(|set| (table.customer_ids(), set));

        let mut key_digits = Vec::new();
        for &dimension in &query.group_by {
            key_digits.push(match dimension.time_grain() {
                Some(grain) => KeyDigit::Time {
                    dimension,
                    buckets: BucketMap::new(grain, query.time_zone, first, last),
                },
                None => {
                    let column = column_of(dimension)?;
                    KeyDigit::Attribute {
                        dimension,
                        column,
                        sort_ranks: column.dictionary.sort_ranks(),
                    }
                }
            });
        }
        let key_space = key_digits
            .iter()
            .try_fold(1u32, |space, digit| space.checked_mul(digit.radix()))
            .ok_or(QueryError::TooManyGroups)?;

        Ok(Some(RowScan {
            created_at: table.created_at(),
            first,
            last,
            range_excludes_rows: (first, last) != (span.first, span.last),
            filters,
            customers,
            key_digits,
            key_space,
        }))
    }

    /// How many distinct group keys there can be; every key is below this.
    pub(crate) fn key_space(&self) -> u32 {
        self.key_space
    }

    pub(crate) fn row_count(&self) -> usize {
        self.created_at.len()
    }

    /// Calls `visit(rows, keys)` for each chunk of `rows` with the row numbers that pass the
    /// range, the filters and `keep` (the metric's own condition), and their group keys.
    /// `keep` runs on every row: keep it cheap and branch-free.
    pub(crate) fn for_each_chunk(
        &self,
        rows: Range<usize>,
        keep: impl Fn(usize) -> bool,
        mut visit: impl FnMut(&[u32], &[u32]),
    ) {
        let mut selected = [0u32; CHUNK_ROWS];
        let mut keys = [0u32; CHUNK_ROWS];
        let mut start = rows.start;
        while start < rows.end {
            let end = (start + CHUNK_ROWS).min(rows.end);
            let mut kept = 0;
            if self.range_excludes_rows {
                for (row, &at) in (start..end).zip(&self.created_at[start..end]) {
                    selected[kept] = row as u32;
                    kept += usize::from(keep(row) & (at >= self.first) & (at <= self.last));
                }
            } else {
                for row in start..end {
                    selected[kept] = row as u32;
                    kept += usize::from(keep(row));
                }
            }
            for (codes, allowed) in &self.filters {
                kept = codes.retain_allowed(&mut selected[..kept], allowed);
            }
            if let Some((customer_ids, set)) = &self.customers {
                let mut still = 0;
                for index in 0..kept {
                    let row = selected[index];
                    selected[still] = row;
                    still += usize::from(set.contains(customer_ids[row as usize]));
                }
                kept = still;
            }
            let selected = &selected[..kept];
            let keys = &mut keys[..kept];
            keys.fill(0);
            for digit in &self.key_digits {
                let radix = digit.radix();
                match digit {
                    KeyDigit::Attribute { column, .. } => {
                        column.codes.push_key_digit(selected, keys, radix);
                    }
                    KeyDigit::Time { buckets, .. } => {
                        for (key, &row) in keys.iter_mut().zip(selected) {
                            *key = *key * radix + buckets.bucket_of(self.created_at[row as usize]);
                        }
                    }
                }
            }
            visit(selected, keys);
            start = end;
        }
    }

    /// The labels of a group key, in `group_by` order, and the key that sorts groups in output
    /// order (attribute labels alphabetically, time buckets chronologically).
    pub(crate) fn describe_group(
        &self,
        mut key: u32,
    ) -> (Vec<(Dimension, Option<String>)>, Vec<u32>) {
        let mut labels = Vec::with_capacity(self.key_digits.len());
        let mut order = Vec::with_capacity(self.key_digits.len());
        for digit in self.key_digits.iter().rev() {
            let radix = digit.radix();
            let value = key % radix;
            key /= radix;
            match digit {
                KeyDigit::Attribute {
                    dimension,
                    column,
                    sort_ranks,
                } => {
                    let label = column.dictionary.label(value).map(String::from);
                    labels.push((*dimension, label));
                    order.push(sort_ranks[value as usize]);
                }
                KeyDigit::Time { dimension, buckets } => {
                    labels.push((*dimension, Some(buckets.label(value).to_owned())));
                    order.push(value);
                }
            }
        }
        labels.reverse();
        order.reverse();
        (labels, order)
    }
}
