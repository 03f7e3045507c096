//! The fact store against a naive reference on random data: per-row time-zone conversion,
//! grouping in a BTreeMap, percentiles by sorting. Independent of the engine's dictionaries, slot
//! tables, histograms and selection, so agreement checks all of them at once.

use std::collections::{BTreeMap, HashMap};

use analytics::{
    CaseLifecycle, Dimension, Dimension::*, FactStore, Metric, MetricQuery, SurveyKind,
    SurveyResponse,
};
use chrono::{Datelike, Days, TimeZone};
use chrono_tz::Tz;

const CHANNELS: [Option<&str>; 4] = [Some("email"), Some("chat"), Some("sms"), None];
const TOUCHPOINTS: [Option<&str>; 3] = [Some("billing"), Some("support"), Some("returns")];
const SEGMENTS: [Option<&str>; 3] = [Some("smb"), Some("consumer"), None];
const AGENTS: [Option<&str>; 4] = [Some("a-2"), Some("a-1"), Some("a-10"), None];
const PRIORITIES: [Option<&str>; 2] = [Some("low"), Some("urgent")];
const TEAMS: [Option<&str>; 3] = [Some("north"), None, Some("south")];
/// 2024-03-01 .. 2025-11-30: two spring and two autumn DST changes, one New Year.
const START: i64 = 1_709_251_200;
const SPAN: i64 = 639 * 86_400;

struct Random(u64);

impl Random {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }

    fn pick<T: Copy>(&mut self, values: &[T]) -> T {
        values[self.below(values.len() as u64) as usize]
    }
}

#[derive(Debug, Clone)]
struct Row {
    attributes: HashMap<Dimension, Option<&'static str>>,
    created_at: i64,
    kind: SurveyKind,
    score: i16,
    first_response_after: Option<i64>,
    resolved_after: Option<i64>,
    reopen_count: u8,
    customer_id: i64,
}

/// `surveys` responses and `cases` cases with random attributes, agents drawn from `agents`.
fn random_data(
    surveys: i64,
    cases: i64,
    agents: &[Option<&'static str>],
) -> (FactStore, Vec<Row>, Vec<Row>) {
    let mut random = Random(0x9e37_79b9_7f4a_7c15);
    let mut store = FactStore::new();
    let survey_count = surveys;
    let mut surveys = Vec::new();
    for id in 0..survey_count {
        let kind = random.pick(&[SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces]);
        let (low, high) = (*kind.scale().start(), *kind.scale().end());
        let row = Row {
            attributes: HashMap::from([
                (Channel, random.pick(&CHANNELS)),
                (Touchpoint, random.pick(&TOUCHPOINTS)),
                (Segment, random.pick(&SEGMENTS)),
                (Agent, random.pick(agents)),
            ]),
            created_at: START + random.below(SPAN as u64) as i64,
            kind,
            score: low + random.below((high - low + 1) as u64) as i16,
            first_response_after: None,
            resolved_after: None,
            reopen_count: 0,
            customer_id: id,
        };
        store
            .surveys
            .append(&SurveyResponse {
                response_id: id * 3 + 1,
                customer_id: id,
                kind: row.kind,
                score: row.score,
                channel: row.attributes[&Channel],
                touchpoint: row.attributes[&Touchpoint],
                segment: row.attributes[&Segment],
                agent: row.attributes[&Agent],
                created_at: row.created_at,
            })
            .expect("valid response");
        surveys.push(row);
    }
    let case_count = cases;
    let mut cases = Vec::new();
    for id in 0..case_count {
        let moment = |random: &mut Random| match random.below(4) {
            0 => None,
            _ => Some(random.below(30 * 86_400) as i64),
        };
        let row = Row {
            attributes: HashMap::from([
                (Channel, random.pick(&CHANNELS)),
                (Priority, random.pick(&PRIORITIES)),
                (Agent, random.pick(agents)),
                (Team, random.pick(&TEAMS)),
            ]),
            created_at: START + random.below(SPAN as u64) as i64,
            kind: SurveyKind::Nps,
            score: 0,
            first_response_after: moment(&mut random),
            resolved_after: moment(&mut random),
            reopen_count: random.pick(&[0, 0, 0, 1, 2]),
            // About three cases per customer, so FCR sees customers come back.
            customer_id: id % (case_count / 3).max(1),
        };
        store
            .cases
            .append(&CaseLifecycle {
                case_id: 1_000 + id,
                customer_id: row.customer_id,
                channel: row.attributes[&Channel],
                priority: row.attributes[&Priority],
                agent: row.attributes[&Agent],
                team: row.attributes[&Team],
                created_at: row.created_at,
                first_response_at: row.first_response_after.map(|s| row.created_at + s),
                resolved_at: row.resolved_after.map(|s| row.created_at + s),
                reopen_count: row.reopen_count,
            })
            .expect("valid case");
        cases.push(row);
    }
    (store, surveys, cases)
}

/// The bucket label of an instant, converted on its own with chrono-tz.
fn bucket_label(dimension: Dimension, zone: Tz, at: i64) -> String {
    let date = zone.timestamp_opt(at, 0).unwrap().date_naive();
    match dimension {
        Day => date.format("%Y-%m-%d").to_string(),
        Week => {
            let back = Days::new(date.weekday().num_days_from_monday().into());
            (date - back).format("%Y-%m-%d").to_string()
        }
        Month => date.format("%Y-%m").to_string(),
        Quarter => format!("{}-Q{}", date.year(), (date.month() - 1) / 3 + 1),
        _ => unreachable!(),
    }
}

/// What a row contributes to the metric, or `None` if it does not count. `next` is when the
/// row's customer opened their next case.
fn measure(metric: Metric, row: &Row, next: Option<i64>) -> Option<f64> {
    let kind = |kind: SurveyKind| (row.kind == kind).then_some(f64::from(row.score));
    match metric {
        Metric::Nps => kind(SurveyKind::Nps),
        Metric::Csat => kind(SurveyKind::Csat),
        Metric::Ces => kind(SurveyKind::Ces),
        Metric::Ttr => row.resolved_after.map(|s| s as f64),
        Metric::Frt => row.first_response_after.map(|s| s as f64),
        Metric::Volume => Some(0.0),
        Metric::ReopenRate => (row.resolved_after.is_some() || row.reopen_count > 0)
            .then_some(f64::from(u8::from(row.reopen_count > 0))),
        Metric::Fcr => (row.resolved_after.is_some() || row.reopen_count > 0).then(|| {
            let settled = row.reopen_count == 0
                && row.resolved_after.is_some_and(|after| {
                    next.is_none_or(|next| next > row.created_at + after + 7 * 86_400)
                });
            f64::from(u8::from(settled))
        }),
    }
}

fn figures(metric: Metric, values: &mut [f64]) -> Vec<f64> {
    let n = values.len() as f64;
    let share =
        |pred: &dyn Fn(f64) -> bool| 100.0 * values.iter().filter(|&&v| pred(v)).count() as f64 / n;
    let mean = values.iter().sum::<f64>() / n;
    match metric {
        Metric::Nps => vec![share(&|v| v >= 9.0) - share(&|v| v <= 6.0)],
        Metric::Csat => vec![share(&|v| v >= 4.0), mean],
        Metric::Ces => vec![mean, share(&|v| v >= 5.0)],
        Metric::Volume => vec![n],
        Metric::ReopenRate | Metric::Fcr => vec![share(&|v| v == 1.0)],
        Metric::Ttr | Metric::Frt => {
            values.sort_by(f64::total_cmp);
            // The smallest rank r (1-based) with r / n ≥ q.
            let len = values.len();
            let rank = |q_tenths: usize| (1..=len).find(|r| r * 10 >= len * q_tenths);
            let median = values[rank(5).expect("n > 0") - 1];
            let p90 = values[rank(9).expect("n > 0") - 1];
            [mean, median, p90].iter().map(|s| s / 3600.0).collect()
        }
    }
}

type Group = Vec<(bool, Option<String>)>;

fn reference(rows: &[Row], query: &MetricQuery) -> Vec<(Vec<Option<String>>, Vec<f64>, u64)> {
    let mut by_customer: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for row in rows {
        by_customer
            .entry(row.customer_id)
            .or_default()
            .push(row.created_at);
    }
    let next_case = |row: &Row| {
        by_customer[&row.customer_id]
            .iter()
            .copied()
            .filter(|&at| at > row.created_at)
            .min()
    };
    let mut groups: BTreeMap<Group, Vec<f64>> = BTreeMap::new();
    for row in rows {
        let in_range = query.from.is_none_or(|from| row.created_at >= from)
            && query.to.is_none_or(|to| row.created_at < to);
        let passes = query.filters.iter().all(|filter| {
            let value = row.attributes[&filter.dimension];
            value.is_some_and(|value| filter.values.iter().any(|v| v == value))
        });
        let Some(value) = measure(query.metric, row, next_case(row)).filter(|_| in_range && passes)
        else {
            continue;
        };
        let key = query
            .group_by
            .iter()
            .map(|&dimension| match dimension {
                Day | Week | Month | Quarter => (
                    false,
                    Some(bucket_label(dimension, query.time_zone, row.created_at)),
                ),
                _ => {
                    let label = row.attributes[&dimension].map(String::from);
                    (label.is_none(), label)
                }
            })
            .collect();
        groups.entry(key).or_default().push(value);
    }
    groups
        .into_iter()
        .map(|(key, mut values)| {
            let n = values.len() as u64;
            let labels = key.into_iter().map(|(_, label)| label).collect();
            (labels, figures(query.metric, &mut values), n)
        })
        .collect()
}

fn assert_agrees(store: &FactStore, rows: &[Row], query: &MetricQuery) {
    let expected = reference(rows, query);
    let actual = crate::support::flat(&store.query(query).expect("a valid query"));
    assert_eq!(actual.len(), expected.len(), "{query:?}");
    for (got, want) in actual.iter().zip(&expected) {
        assert_eq!((&got.0, got.2), (&want.0, want.2), "{query:?}");
        for (g, w) in got.1.iter().zip(&want.1) {
            assert!(
                (g - w).abs() <= 1e-9 * w.abs().max(1.0),
                "{query:?}: {got:?} vs {want:?}"
            );
        }
    }
}

#[test]
fn every_metric_grouping_zone_and_filter_agrees_with_the_naive_reference() {
    let (store, surveys, cases) = random_data(20_000, 6_000, &AGENTS);
    let zones = [
        chrono_tz::Europe::Amsterdam,
        chrono_tz::UTC,
        chrono_tz::America::New_York,
        chrono_tz::Asia::Kolkata,
    ];
    let survey_groupings: [&[Dimension]; 6] = [
        &[],
        &[Channel],
        &[Channel, Month],
        &[Week, Agent],
        &[Segment, Touchpoint, Day],
        &[Quarter, Channel],
    ];
    let case_groupings: [&[Dimension]; 5] = [
        &[],
        &[Priority],
        &[Channel, Week],
        &[Team, Agent, Month],
        &[Day],
    ];
    for metric in Metric::ALL {
        let (rows, groupings) = match metric {
            Metric::Nps | Metric::Csat | Metric::Ces => (&surveys, survey_groupings.as_slice()),
            _ => (&cases, case_groupings.as_slice()),
        };
        for (i, grouping) in groupings.iter().enumerate() {
            let zone = zones[i % zones.len()];
            let query = MetricQuery::new(*metric)
                .group_by(grouping.iter().copied())
                .time_zone(zone);
            assert_agrees(&store, rows, &query);
            let narrowed = query
                .filter(Channel, ["email", "sms"])
                .filter(Agent, ["a-1", "a-10"])
                .between(START + 40 * 86_400 + 1234, START + 400 * 86_400);
            assert_agrees(&store, rows, &narrowed);
        }
    }
}

#[test]
fn parallel_workers_and_sparse_groups_agree_with_the_naive_reference() {
    // Enough rows for several workers, and agent × day too many groups for flat arrays.
    let agents: Vec<Option<&'static str>> = (0..8_000)
        .map(|i| Some(&*Box::leak(format!("agent-{i}").into_boxed_str())))
        .collect();
    let (store, surveys, cases) = random_data(280_000, 270_000, &agents);
    let utc = chrono_tz::UTC;
    for (metric, rows) in [(Metric::Nps, &surveys), (Metric::Ttr, &cases)] {
        for grouping in [[Channel, Week], [Agent, Day]] {
            let query = MetricQuery::new(metric).group_by(grouping).time_zone(utc);
            assert_agrees(&store, rows, &query);
        }
    }
    let reopen = MetricQuery::new(Metric::ReopenRate).group_by([Agent, Day]);
    assert_agrees(&store, &cases, &reopen);
}
