//! Time buckets through the query API: DST days in Amsterdam, ISO weeks across New Year,
//! months and quarters at their edges, the `UTC` override, and the `[from, to)` range.

use analytics::{Dimension, Dimension::*, FactStore, Metric, MetricQuery, SurveyKind::Nps};
use chrono_tz::UTC;

use crate::support::{ask, at, response};

fn store_at(instants: &[&str]) -> FactStore {
    let mut store = FactStore::new();
    for (id, instant) in (1..).zip(instants) {
        let mut row = response(id, Nps, 10);
        row.created_at = at(instant);
        store.surveys.append(&row).expect("valid response");
    }
    store
}

/// (bucket label, n) of an NPS query grouped by one time bucket.
fn buckets(store: &FactStore, bucket: Dimension, query: MetricQuery) -> Vec<(String, u64)> {
    ask(store, &query.group_by([bucket]))
        .into_iter()
        .map(|row| (row.label(bucket).expect("a time label").to_string(), row.n))
        .collect()
}

fn pairs(expected: &[(&str, u64)]) -> Vec<(String, u64)> {
    expected.iter().map(|&(l, n)| (l.to_string(), n)).collect()
}

#[test]
fn amsterdam_days_are_local_across_both_dst_changes_and_utc_overrides() {
    let store = store_at(&["2025-03-30T00:30:00Z", "2025-10-25T22:30:00Z"]);
    let nps = || MetricQuery::new(Metric::Nps);
    assert_eq!(
        buckets(&store, Day, nps()),
        pairs(&[("2025-03-30", 1), ("2025-10-26", 1)])
    );
    assert_eq!(
        buckets(&store, Day, nps().time_zone(UTC)),
        pairs(&[("2025-03-30", 1), ("2025-10-25", 1)])
    );
}

#[test]
fn iso_weeks_start_on_monday_and_are_labelled_by_it_across_new_year() {
    let store = store_at(&[
        "2024-12-29T23:59:59Z", // Sunday: week of Monday 2024-12-23
        "2024-12-30T00:00:00Z", // Monday of ISO week 2025-W01
        "2025-01-01T12:00:00Z",
        "2025-01-06T00:00:00Z",
    ]);
    let utc = MetricQuery::new(Metric::Nps).time_zone(UTC);
    assert_eq!(
        buckets(&store, Week, utc),
        pairs(&[("2024-12-23", 1), ("2024-12-30", 2), ("2025-01-06", 1)])
    );
    // In Amsterdam, Sunday 23:59:59 UTC is already Monday.
    assert_eq!(
        buckets(&store, Week, MetricQuery::new(Metric::Nps)),
        pairs(&[("2024-12-30", 3), ("2025-01-06", 1)])
    );
}

#[test]
fn months_and_quarters_follow_the_time_zone() {
    let store = store_at(&["2024-03-31T22:30:00Z", "2025-01-31T23:30:00Z"]);
    let nps = || MetricQuery::new(Metric::Nps);
    assert_eq!(
        buckets(&store, Quarter, nps()),
        pairs(&[("2024-Q2", 1), ("2025-Q1", 1)])
    );
    assert_eq!(
        buckets(&store, Quarter, nps().time_zone(UTC)),
        pairs(&[("2024-Q1", 1), ("2025-Q1", 1)])
    );
    assert_eq!(
        buckets(&store, Month, nps()),
        pairs(&[("2024-04", 1), ("2025-02", 1)])
    );
    assert_eq!(
        buckets(&store, Month, nps().time_zone(UTC)),
        pairs(&[("2024-03", 1), ("2025-01", 1)])
    );
}

#[test]
fn time_buckets_sort_chronologically_wherever_they_stand_in_group_by() {
    let mut store = FactStore::new();
    for (id, (instant, channel)) in (1..).zip([
        ("2025-12-15T12:00:00Z", "chat"),
        ("2024-02-15T12:00:00Z", "web"),
        ("2025-01-15T12:00:00Z", "chat"),
        ("2024-02-15T12:00:00Z", "chat"),
    ]) {
        let mut row = response(id, Nps, 10);
        row.created_at = at(instant);
        row.channel = Some(channel);
        store.surveys.append(&row).unwrap();
    }
    let rows = ask(
        &store,
        &MetricQuery::new(Metric::Nps).group_by([Month, Channel]),
    );
    let order: Vec<(&str, &str)> = rows
        .iter()
        .map(|row| (row.label(Month).unwrap(), row.label(Channel).unwrap()))
        .collect();
    assert_eq!(
        order,
        [
            ("2024-02", "chat"),
            ("2024-02", "web"),
            ("2025-01", "chat"),
            ("2025-12", "chat"),
        ]
    );
}

#[test]
fn the_range_includes_from_and_excludes_to() {
    let store = store_at(&[
        "2025-05-01T00:00:00Z",
        "2025-05-31T23:59:59Z",
        "2025-06-01T00:00:00Z",
    ]);
    let may = MetricQuery::new(Metric::Nps)
        .between(at("2025-05-01T00:00:00Z"), at("2025-06-01T00:00:00Z"))
        .time_zone(UTC);
    assert_eq!(buckets(&store, Month, may), pairs(&[("2025-05", 2)]));
    let from_only = MetricQuery {
        from: Some(at("2025-05-31T23:59:59Z")),
        ..MetricQuery::new(Metric::Nps)
    };
    assert_eq!(ask(&store, &from_only)[0].n, 2);
    let to_only = MetricQuery {
        to: Some(at("2025-05-31T23:59:59Z")),
        ..MetricQuery::new(Metric::Nps)
    };
    assert_eq!(ask(&store, &to_only)[0].n, 1);
}
