//! Calendar buckets (day, ISO week, month, quarter) in a time zone, DST-correct, without a
//! per-row time-zone conversion.
//!
//! A query builds a [`BucketMap`] once for its time range: the bucket start instants (local
//! midnights) and an hour-slot table mapping each UTC hour of the range to its bucket. A row's
//! bucket is then one subtraction, one division and one table load. Local midnights fall on whole
//! UTC hours in nearly every zone (Europe/Amsterdam included); an hour that contains a bucket start
//! (zones offset by 30 or 45 minutes) is marked and resolved by binary search instead.

use chrono::{Datelike, Days, LocalResult, Months, NaiveDate, NaiveTime, TimeZone};
use chrono_tz::Tz;

const SLOT_SECONDS: u32 = 3600;
/// Slot marker: a bucket starts inside this hour, so its rows need the exact search.
const SPLIT_SLOT: u16 = u16::MAX;

/// The calendar unit of a time bucket.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeGrain {
    Day,
    /// ISO week, starting on Monday; labelled by the Monday's date.
    IsoWeek,
    Month,
    Quarter,
}

impl TimeGrain {
    fn start_of(self, date: NaiveDate) -> Option<NaiveDate> {
        match self {
            TimeGrain::Day => Some(date),
            TimeGrain::IsoWeek => {
                date.checked_sub_days(Days::new(date.weekday().num_days_from_monday().into()))
            }
            TimeGrain::Month => date.with_day(1),
            TimeGrain::Quarter => {
                NaiveDate::from_ymd_opt(date.year(), (date.month0() / 3) * 3 + 1, 1)
            }
        }
    }

    fn next(self, start: NaiveDate) -> Option<NaiveDate> {
        match self {
            TimeGrain::Day => start.checked_add_days(Days::new(1)),
            TimeGrain::IsoWeek => start.checked_add_days(Days::new(7)),
            TimeGrain::Month => start.checked_add_months(Months::new(1)),
            TimeGrain::Quarter => start.checked_add_months(Months::new(3)),
        }
    }

    /// `2025-03-30` (day and week), `2025-03` (month), `2025-Q1` (quarter).
    fn label(self, start: NaiveDate) -> String {
        match self {
            TimeGrain::Day | TimeGrain::IsoWeek => start.format("%Y-%m-%d").to_string(),
            TimeGrain::Month => start.format("%Y-%m").to_string(),
            TimeGrain::Quarter => format!("{}-Q{}", start.year(), start.month0() / 3 + 1),
        }
    }
}

/// The buckets of one grain covering `[first, last]` (unix seconds) in one time zone.
#[derive(Debug, Clone)]
pub(crate) struct BucketMap {
    /// Label of each bucket, in order.
    labels: Vec<String>,
    /// UTC instant of each bucket's start (the first instant of its local start date).
    start_instants: Vec<i64>,
    /// The whole UTC hour at or before `first`: slot 0 starts here.
    slot_origin: u32,
    /// Bucket of every UTC hour from `slot_origin` through `last`, or `SPLIT_SLOT`.
    slot_buckets: Vec<u16>,
}

impl BucketMap {
    /// Rows outside `[first, last]` get the first or last bucket: the caller filters them first.
    pub(crate) fn new(grain: TimeGrain, zone: Tz, first: u32, last: u32) -> Self {
        let mut labels = Vec::new();
        let mut start_instants = Vec::new();
        let first_local = zone.timestamp_opt(i64::from(first), 0).earliest();
        let mut date = first_local.and_then(|local| grain.start_of(local.date_naive()));
        while let Some(start) = date {
            let instant = first_instant_of(zone, start);
            if instant > i64::from(last) && !start_instants.is_empty() {
                break;
            }
            labels.push(grain.label(start));
            start_instants.push(instant);
            date = grain.next(start);
        }
        let slot_origin = first - first % SLOT_SECONDS;
        let slot_count = (last - slot_origin) / SLOT_SECONDS + 1;
        // One sweep over slots and buckets together, both in time order.
        let mut slot_buckets = Vec::with_capacity(slot_count as usize);
        let mut bucket = 0;
        for slot in 0..slot_count {
            let slot_start = i64::from(slot_origin) + i64::from(slot * SLOT_SECONDS);
            let slot_end = slot_start + i64::from(SLOT_SECONDS) - 1;
            let next_start = |bucket: usize| start_instants.get(bucket + 1).copied();
            while next_start(bucket).is_some_and(|start| start <= slot_start) {
                bucket += 1;
            }
            let splits = next_start(bucket).is_some_and(|start| start <= slot_end);
            // Fewer than 65,535 buckets (see `bucket_count`), so the index fits below the marker.
            slot_buckets.push(if splits { SPLIT_SLOT } else { bucket as u16 });
        }
        BucketMap {
            labels,
            start_instants,
            slot_origin,
            slot_buckets,
        }
    }

    /// At most 49,711 (days in the u32 range of unix seconds), so a bucket index fits a u16.
    pub(crate) fn bucket_count(&self) -> u32 {
        self.labels.len() as u32
    }

    #[inline]
    pub(crate) fn bucket_of(&self, at: u32) -> u32 {
        let slot = (at.saturating_sub(self.slot_origin) / SLOT_SECONDS) as usize;
        let slot = slot.min(self.slot_buckets.len() - 1);
        match self.slot_buckets[slot] {
            SPLIT_SLOT => search(&self.start_instants, i64::from(at)),
            bucket => u32::from(bucket),
        }
    }

    pub(crate) fn label(&self, bucket: u32) -> &str {
        &self.labels[bucket as usize]
    }

    /// The UTC instant a bucket starts; past the last bucket, `i64::MAX`.
    pub(crate) fn start_of(&self, bucket: u32) -> i64 {
        self.start_instants
            .get(bucket as usize)
            .copied()
            .unwrap_or(i64::MAX)
    }
}

/// Index of the last bucket starting at or before `at` (0 for instants before the first bucket).
fn search(start_instants: &[i64], at: i64) -> u32 {
    start_instants
        .partition_point(|&start| start <= at)
        .saturating_sub(1) as u32
}

/// The UTC instant at which a local date begins: local midnight, or, where a DST change skips
/// midnight, the first local time after the gap.
fn first_instant_of(zone: Tz, date: NaiveDate) -> i64 {
    let mut local = date.and_time(NaiveTime::MIN);
    loop {
        match zone.from_local_datetime(&local) {
            LocalResult::Single(at) | LocalResult::Ambiguous(at, _) => return at.timestamp(),
            // Gaps are at most a few hours and never span a whole day.
            LocalResult::None => local += chrono::Duration::minutes(15),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono_tz::{Asia::Kolkata, Europe::Amsterdam, UTC};

    fn unix(text: &str) -> u32 {
        chrono::DateTime::parse_from_rfc3339(text)
            .unwrap()
            .timestamp() as u32
    }

    fn label_at<'a>(map: &'a BucketMap, at: &str) -> &'a str {
        map.label(map.bucket_of(unix(at)))
    }

    #[test]
    fn amsterdam_days_follow_local_midnight_across_both_dst_changes() {
        let map = BucketMap::new(
            TimeGrain::Day,
            Amsterdam,
            unix("2025-03-01T00:00:00Z"),
            unix("2025-11-30T00:00:00Z"),
        );
        // Winter (UTC+1): local midnight is 23:00 UTC the day before.
        assert_eq!(label_at(&map, "2025-03-29T22:59:59Z"), "2025-03-29");
        assert_eq!(label_at(&map, "2025-03-29T23:00:00Z"), "2025-03-30");
        assert_eq!(label_at(&map, "2025-03-30T00:30:00Z"), "2025-03-30");
        // Summer (UTC+2) from 2025-03-30 01:00 UTC: midnight is 22:00 UTC.
        assert_eq!(label_at(&map, "2025-03-30T21:59:59Z"), "2025-03-30");
        assert_eq!(label_at(&map, "2025-03-30T22:00:00Z"), "2025-03-31");
        assert_eq!(label_at(&map, "2025-10-25T21:59:59Z"), "2025-10-25");
        assert_eq!(label_at(&map, "2025-10-25T22:30:00Z"), "2025-10-26");
        // 2025-10-26 has 25 hours; it ends at 23:00 UTC.
        assert_eq!(label_at(&map, "2025-10-26T22:59:59Z"), "2025-10-26");
        assert_eq!(label_at(&map, "2025-10-26T23:00:00Z"), "2025-10-27");
    }

    #[test]
    fn utc_days_start_at_utc_midnight() {
        let map = BucketMap::new(
            TimeGrain::Day,
            UTC,
            unix("2025-10-25T00:00:00Z"),
            unix("2025-10-27T00:00:00Z"),
        );
        assert_eq!(label_at(&map, "2025-10-25T22:30:00Z"), "2025-10-25");
        assert_eq!(label_at(&map, "2025-10-26T00:00:00Z"), "2025-10-26");
    }

    #[test]
    fn iso_weeks_are_labelled_by_their_monday_across_new_year() {
        let map = BucketMap::new(
            TimeGrain::IsoWeek,
            UTC,
            unix("2024-12-20T00:00:00Z"),
            unix("2026-01-10T00:00:00Z"),
        );
        // 2024-12-30 is the Monday of ISO week 2025-W01.
        assert_eq!(label_at(&map, "2024-12-29T23:59:59Z"), "2024-12-23");
        assert_eq!(label_at(&map, "2024-12-30T00:00:00Z"), "2024-12-30");
        assert_eq!(label_at(&map, "2025-01-01T12:00:00Z"), "2024-12-30");
        assert_eq!(label_at(&map, "2025-01-05T23:59:59Z"), "2024-12-30");
        assert_eq!(label_at(&map, "2025-01-06T00:00:00Z"), "2025-01-06");
        // 2026-01-01 is a Thursday: its week starts on Monday 2025-12-29.
        assert_eq!(label_at(&map, "2026-01-01T08:00:00Z"), "2025-12-29");
    }

    #[test]
    fn months_and_quarters_in_amsterdam() {
        let months = BucketMap::new(
            TimeGrain::Month,
            Amsterdam,
            unix("2024-01-01T00:00:00Z"),
            unix("2025-12-31T00:00:00Z"),
        );
        // 2024-03-31 22:00 UTC is 2024-04-01 00:00 in Amsterdam (summer time).
        assert_eq!(label_at(&months, "2024-03-31T21:59:59Z"), "2024-03");
        assert_eq!(label_at(&months, "2024-03-31T22:00:00Z"), "2024-04");
        let quarters = BucketMap::new(
            TimeGrain::Quarter,
            Amsterdam,
            unix("2024-01-01T00:00:00Z"),
            unix("2025-12-31T00:00:00Z"),
        );
        assert_eq!(label_at(&quarters, "2024-03-31T22:00:00Z"), "2024-Q2");
        assert_eq!(label_at(&quarters, "2024-12-31T22:59:59Z"), "2024-Q4");
        assert_eq!(label_at(&quarters, "2024-12-31T23:00:00Z"), "2025-Q1");
        assert_eq!(label_at(&quarters, "2025-09-30T22:00:00Z"), "2025-Q4");
    }

    #[test]
    fn half_hour_zones_resolve_split_hours_exactly() {
        // India is UTC+5:30: local midnight is 18:30 UTC, inside a UTC hour.
        let map = BucketMap::new(
            TimeGrain::Day,
            Kolkata,
            unix("2025-01-01T00:00:00Z"),
            unix("2025-01-10T00:00:00Z"),
        );
        assert_eq!(label_at(&map, "2025-01-03T18:29:59Z"), "2025-01-03");
        assert_eq!(label_at(&map, "2025-01-03T18:30:00Z"), "2025-01-04");
        assert_eq!(label_at(&map, "2025-01-03T18:00:00Z"), "2025-01-03");
    }

    #[test]
    fn the_first_bucket_covers_the_start_of_the_range() {
        let at = unix("2025-06-15T10:00:00Z");
        let map = BucketMap::new(TimeGrain::Month, Amsterdam, at, at);
        assert_eq!(map.bucket_count(), 1);
        assert_eq!(map.label(map.bucket_of(at)), "2025-06");
    }
}
