//! TTR, FRT, volume, reopen rate and FCR on hand-made cases, and lifecycle updates by case id.

use std::sync::Arc;

use analytics::{BusinessCalendar, Dimension::*, FactStore, Metric, MetricQuery, QueryError};

use crate::support::{ask, at, case, flat, labels};

const HOUR: i64 = 3600;

/// Ten email cases resolved after 1..=10 hours (first response after 1..=10 minutes), plus one
/// open phone case without a first response.
fn resolved_store() -> FactStore {
    let mut store = FactStore::new();
    for id in 1..=10 {
        let mut row = case(id, "2025-02-03T09:00:00Z");
        // Out of order, so percentiles must select, not read positions.
        let hours = (id * 7) % 10 + 1;
        row.resolved_at = Some(row.created_at + hours * HOUR);
        row.first_response_at = Some(row.created_at + hours * 60);
        store.cases.append(&row).expect("valid case");
    }
    let mut open = case(11, "2025-02-03T10:00:00Z");
    open.channel = Some("phone");
    store.cases.append(&open).expect("valid case");
    store
}

#[test]
fn ttr_counts_resolved_cases_with_nearest_rank_percentiles() {
    let store = resolved_store();
    let rows = ask(&store, &MetricQuery::new(Metric::Ttr).group_by([Channel]));
    // Sorted 1..=10 h: median = 5th = 5 h, p90 = 9th = 9 h.
    assert_eq!(flat(&rows), [(labels(&["email"]), vec![5.5, 5.0, 9.0], 10)]);
    assert_eq!(rows[0].figure("p90_hours"), Some(9.0));
}

#[test]
fn frt_counts_answered_cases() {
    let store = resolved_store();
    let rows = ask(&store, &MetricQuery::new(Metric::Frt));
    assert_eq!(
        flat(&rows),
        [(vec![], vec![5.5 / 60.0, 5.0 / 60.0, 9.0 / 60.0], 10)]
    );
}

#[test]
fn volume_counts_created_cases() {
    let store = resolved_store();
    let rows = ask(
        &store,
        &MetricQuery::new(Metric::Volume).group_by([Channel]),
    );
    assert_eq!(
        flat(&rows),
        [
            (labels(&["email"]), vec![10.0], 10),
            (labels(&["phone"]), vec![1.0], 1),
        ]
    );
}

#[test]
fn reopen_rate_is_reopened_over_ever_resolved() {
    let mut store = FactStore::new();
    let created = "2025-02-03T09:00:00Z";
    let lifecycles = [
        (Some(HOUR), 0), // resolved
        (Some(HOUR), 0), // resolved
        (Some(HOUR), 2), // resolved again after two reopens
        (None, 1),       // reopened, open now
        (None, 0),       // never resolved: not in the rate
    ];
    for (id, (resolved_after, reopens)) in (1..).zip(lifecycles) {
        let mut row = case(id, created);
        row.resolved_at = resolved_after.map(|after| row.created_at + after);
        row.reopen_count = reopens;
        store.cases.append(&row).unwrap();
    }
    let rows = ask(&store, &MetricQuery::new(Metric::ReopenRate));
    assert_eq!(flat(&rows), [(vec![], vec![50.0], 4)]);
}

#[test]
fn fcr_counts_resolutions_that_stayed_resolved_across_channels() {
    let mut store = FactStore::new();
    let day = 24 * HOUR;
    // (customer, channel, created, resolved after, reopens)
    let cases = [
        (1, "email", "2025-02-03T09:00:00Z", Some(HOUR), 0), // settled: customer 1's next case is 10 days later
        (1, "chat", "2025-02-13T09:00:00Z", Some(HOUR), 0),  // settled: no later case
        (2, "email", "2025-02-03T09:00:00Z", Some(HOUR), 0), // not: a phone case 3 days later
        (2, "phone", "2025-02-06T09:00:00Z", None, 0),       // open: not in the rate
        (3, "chat", "2025-02-03T09:00:00Z", Some(HOUR), 1),  // not: reopened
        (4, "email", "2025-02-03T09:00:00Z", Some(2 * day), 0), // not: a case during it, settled later
        (4, "sms", "2025-02-04T09:00:00Z", Some(HOUR), 0),      // settled
    ];
    for (id, (customer, channel, created, resolved_after, reopens)) in (1..).zip(cases) {
        let mut row = case(id, created);
        row.customer_id = customer;
        row.channel = Some(channel);
        row.resolved_at = resolved_after.map(|after| row.created_at + after);
        row.reopen_count = reopens;
        store.cases.append(&row).unwrap();
    }
    // Six cases ever resolved, three of them first-time: 50 %.
    let rows = ask(&store, &MetricQuery::new(Metric::Fcr));
    assert_eq!(flat(&rows), [(vec![], vec![50.0], 6)]);
    let by_channel = ask(&store, &MetricQuery::new(Metric::Fcr).group_by([Channel]));
    assert_eq!(
        flat(&by_channel),
        [
            (labels(&["chat"]), vec![50.0], 2),
            (labels(&["email"]), vec![100.0 * (1.0 / 3.0)], 3),
            (labels(&["sms"]), vec![100.0], 1),
        ]
    );
    // With a two-day window, customer 2's phone case three days on no longer counts against it.
    let mut short = MetricQuery::new(Metric::Fcr);
    short.fcr_window_days = 2;
    assert_eq!(
        flat(&ask(&store, &short)),
        [(vec![], vec![100.0 * (4.0 / 6.0)], 6)]
    );
}

#[test]
fn lifecycle_updates_show_in_the_next_query() {
    let mut store = FactStore::new();
    store
        .cases
        .append(&case(42, "2025-02-03T09:00:00Z"))
        .unwrap();
    store
        .cases
        .append(&case(43, "2025-02-03T09:00:00Z"))
        .unwrap();
    let created = at("2025-02-03T09:00:00Z");
    let ttr = MetricQuery::new(Metric::Ttr);
    assert!(ask(&store, &ttr).is_empty());

    store
        .cases
        .record_first_response(42, created + 600)
        .unwrap();
    store
        .cases
        .record_resolution(42, created + 2 * HOUR)
        .unwrap();
    assert_eq!(flat(&ask(&store, &ttr)), [(vec![], vec![2.0; 3], 1)]);
    let frt = ask(&store, &MetricQuery::new(Metric::Frt));
    assert_eq!(frt[0].figure("median_hours"), Some(600.0 / 3600.0));

    store.cases.record_reopen(42).unwrap();
    assert!(ask(&store, &ttr).is_empty());
    let reopen_rate = ask(&store, &MetricQuery::new(Metric::ReopenRate));
    assert_eq!(flat(&reopen_rate), [(vec![], vec![100.0], 1)]);

    store
        .cases
        .record_resolution(42, created + 5 * HOUR)
        .unwrap();
    assert_eq!(flat(&ask(&store, &ttr)), [(vec![], vec![5.0; 3], 1)]);
    assert_eq!(
        store.cases.record_resolution(7, created),
        Err(analytics::FactError::UnknownCase(7))
    );
}

#[test]
fn team_and_priority_group_cases_and_missing_team_is_null() {
    let mut store = FactStore::new();
    for (id, (priority, team)) in (1..).zip([
        ("high", Some("billing")),
        ("low", None),
        ("high", Some("billing")),
        ("low", Some("returns")),
    ]) {
        let mut row = case(id, "2025-02-03T09:00:00Z");
        row.priority = Some(priority);
        row.team = team;
        store.cases.append(&row).unwrap();
    }
    let rows = ask(
        &store,
        &MetricQuery::new(Metric::Volume).group_by([Team, Priority]),
    );
    let expected = [
        (
            vec![Some("billing".into()), Some("high".into())],
            vec![2.0],
            2,
        ),
        (
            vec![Some("returns".into()), Some("low".into())],
            vec![1.0],
            1,
        ),
        (vec![None, Some("low".into())], vec![1.0], 1),
    ];
    assert_eq!(flat(&rows), expected);
}

#[test]
fn reassignment_and_priority_changes_regroup_the_case() {
    let mut store = FactStore::new();
    store
        .cases
        .append(&case(1, "2025-02-03T09:00:00Z"))
        .unwrap();
    store
        .cases
        .append(&case(2, "2025-02-03T09:00:00Z"))
        .unwrap();
    store
        .cases
        .record_assignment(2, Some("a-9"), Some("escalations"))
        .unwrap();
    store.cases.record_priority(2, Some("urgent")).unwrap();
    let rows = ask(
        &store,
        &MetricQuery::new(Metric::Volume).group_by([Agent, Team, Priority]),
    );
    let expected = [
        (
            vec![Some("a-1".into()), None, Some("normal".into())],
            vec![1.0],
            1,
        ),
        (
            vec![
                Some("a-9".into()),
                Some("escalations".into()),
                Some("urgent".into()),
            ],
            vec![1.0],
            1,
        ),
    ];
    assert_eq!(flat(&rows), expected);
    assert_eq!(
        store.cases.record_priority(3, None),
        Err(analytics::FactError::UnknownCase(3))
    );
}

/// Counts every other second: business time is half of calendar time.
#[derive(Debug)]
struct HalfTime;

impl BusinessCalendar for HalfTime {
    fn working_seconds(&self, start: i64, end: i64) -> i64 {
        (end - start).max(0) / 2
    }
}

#[test]
fn business_time_measures_through_the_calendar() {
    let store = resolved_store();
    let business = MetricQuery::new(Metric::Ttr).business_time(Arc::new(HalfTime));
    assert_eq!(
        flat(&ask(&store, &business)),
        [(vec![], vec![2.75, 2.5, 4.5], 10)]
    );
    let not_a_duration = MetricQuery::new(Metric::Volume).business_time(Arc::new(HalfTime));
    assert_eq!(
        store.query(&not_a_duration),
        Err(QueryError::BusinessTimeNotApplicable(Metric::Volume))
    );
}
