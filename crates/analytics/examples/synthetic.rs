//! Timing harness for the fact store: builds 10 M synthetic survey responses and 2 M cases in
//! memory (shaped like `bench/gen_cx_data.py`: same dimensions, cardinalities, time span
//! and row order), then times the three reference query shapes, median of 5 runs.
//!
//! `cargo run --release -p analytics --example synthetic [SURVEYS [CASES]]`

use std::time::Instant;

use analytics::{
    CaseLifecycle, Dimension, FactStore, Metric, MetricQuery, SurveyKind, SurveyResponse,
};

const CHANNELS: [&str; 6] = ["email", "chat", "sms", "phone", "web", "social"];
const CHANNEL_WEIGHTS: [f64; 6] = [0.34, 0.27, 0.08, 0.16, 0.10, 0.05];
const TOUCHPOINTS: [&str; 8] = [
    "onboarding",
    "billing",
    "support",
    "delivery",
    "returns",
    "product",
    "renewal",
    "cancellation",
];
const TOUCHPOINT_WEIGHTS: [f64; 8] = [0.10, 0.14, 0.30, 0.14, 0.08, 0.14, 0.06, 0.04];
const SEGMENTS: [&str; 4] = ["consumer", "smb", "mid_market", "enterprise"];
const SEGMENT_WEIGHTS: [f64; 4] = [0.55, 0.25, 0.13, 0.07];
const PRIORITIES: [&str; 4] = ["low", "normal", "high", "urgent"];
const PRIORITY_WEIGHTS: [f64; 4] = [0.25, 0.55, 0.15, 0.05];
const AGENTS: usize = 600;
const CUSTOMERS: u64 = 1_500_000;
/// 2024-01-01T00:00:00Z .. 2026-01-01T00:00:00Z, as in the generator.
const START: i64 = 1_704_067_200;
const SPAN: u64 = 63_158_400;
const RUNS: usize = 5;

/// splitmix64: fast, deterministic, good enough for synthetic data.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    fn pick(&mut self, weights: &[f64]) -> usize {
        let mut u = self.unit();
        for (i, w) in weights.iter().enumerate() {
            if u < *w {
                return i;
            }
            u -= w;
        }
        weights.len() - 1
    }

    /// Growth of ~80 % over the span, like the generator's trend.
    fn created_at(&mut self) -> i64 {
        let g = 0.8;
        let x = (-1.0 + (1.0 + g * (2.0 + g) * self.unit()).sqrt()) / g;
        START + (x * SPAN as f64) as i64
    }

    /// Log-normal seconds around `median_seconds`.
    fn duration(&mut self, median_seconds: f64, sigma: f64) -> i64 {
        let normal = (0..4).map(|_| self.unit()).sum::<f64>() - 2.0;
        (median_seconds * (normal * sigma * 1.7).exp()) as i64 + 1
    }
}

fn build(surveys: usize, cases: usize) -> FactStore {
    let mut random = Random(20_240_101);
    let agents: Vec<String> = (0..AGENTS).map(|i| i.to_string()).collect();
    let agent_weights: Vec<f64> = {
        let raw: Vec<f64> = (0..AGENTS).map(|i| (i as f64 + 10.0).powf(-0.8)).collect();
        let sum: f64 = raw.iter().sum();
        raw.iter().map(|w| w / sum).collect()
    };
    let mut store = FactStore::new();
    store.surveys.reserve(surveys);
    for id in 1..=surveys as i64 {
        let kind = match random.pick(&[0.40, 0.45, 0.15]) {
            0 => SurveyKind::Nps,
            1 => SurveyKind::Csat,
            _ => SurveyKind::Ces,
        };
        let scale = kind.scale();
        let score = *scale.start() + random.below((scale.end() - scale.start() + 1) as u64) as i16;
        let response = SurveyResponse {
            response_id: id,
            customer_id: 1 + random.below(CUSTOMERS) as i64,
            kind,
            score,
            channel: Some(CHANNELS[random.pick(&CHANNEL_WEIGHTS)]),
            touchpoint: Some(TOUCHPOINTS[random.pick(&TOUCHPOINT_WEIGHTS)]),
            segment: Some(SEGMENTS[random.pick(&SEGMENT_WEIGHTS)]),
            agent: Some(&agents[random.pick(&agent_weights)]),
            created_at: random.created_at(),
        };
        store
            .surveys
            .append(&response)
            .expect("synthetic rows are valid");
    }
    store.cases.reserve(cases);
    for id in 1..=cases as i64 {
        let created_at = random.created_at();
        let first_response = random.duration(3_600.0, 1.0);
        let open = random.unit() < 0.03;
        let resolution = first_response + random.duration(8.0 * 3_600.0, 1.25);
        let case = CaseLifecycle {
            case_id: id,
            customer_id: 1 + random.below(CUSTOMERS) as i64,
            channel: Some(CHANNELS[random.pick(&CHANNEL_WEIGHTS)]),
            priority: Some(PRIORITIES[random.pick(&PRIORITY_WEIGHTS)]),
            agent: Some(&agents[random.below(AGENTS as u64) as usize]),
            team: None,
            created_at,
            first_response_at: Some(created_at + first_response),
            resolved_at: (!open).then_some(created_at + resolution),
            reopen_count: u8::from(random.unit() < 0.08),
        };
        store.cases.append(&case).expect("synthetic rows are valid");
    }
    store.shrink_to_fit();
    store
}

fn time(name: &str, store: &FactStore, query: &MetricQuery) {
    let mut millis = Vec::with_capacity(RUNS);
    let mut rows = 0;
    for _ in 0..RUNS {
        let started = Instant::now();
        rows = store.query(query).expect("valid query").len();
        millis.push(started.elapsed().as_secs_f64() * 1e3);
    }
    millis.sort_by(f64::total_cmp);
    println!(
        "{name:<44} median {:>7.2} ms  (min {:.2}, max {:.2})  {rows} rows",
        millis[RUNS / 2],
        millis[0],
        millis[RUNS - 1]
    );
}

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let surveys = args.next().and_then(Result::ok).unwrap_or(10_000_000);
    let cases = args.next().and_then(Result::ok).unwrap_or(2_000_000);

    let started = Instant::now();
    let store = build(surveys, cases);
    println!(
        "built {surveys} survey responses + {cases} cases in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    let per_row = |bytes: usize, rows: usize| bytes as f64 / rows.max(1) as f64;
    println!(
        "memory: surveys {:.2} B/row, cases {:.2} B/row, all {:.2} B/row ({:.0} MiB)",
        per_row(store.surveys.heap_bytes(), store.surveys.len()),
        per_row(store.cases.heap_bytes(), store.cases.len()),
        per_row(store.heap_bytes(), store.len()),
        store.heap_bytes() as f64 / (1024.0 * 1024.0)
    );

    use Dimension::*;
    let utc = chrono_tz::UTC;
    time(
        "Q1 nps by channel x month (UTC)",
        &store,
        &MetricQuery::new(Metric::Nps)
            .group_by([Channel, Month])
            .time_zone(utc),
    );
    time(
        "Q2 csat by touchpoint",
        &store,
        &MetricQuery::new(Metric::Csat).group_by([Touchpoint]),
    );
    time(
        "Q3 ttr by channel x week (UTC)",
        &store,
        &MetricQuery::new(Metric::Ttr)
            .group_by([Channel, Week])
            .time_zone(utc),
    );
    time(
        "Q1 in Europe/Amsterdam",
        &store,
        &MetricQuery::new(Metric::Nps).group_by([Channel, Month]),
    );
    time(
        "Q3 in Europe/Amsterdam",
        &store,
        &MetricQuery::new(Metric::Ttr).group_by([Channel, Week]),
    );
    time(
        "csat by agent x day, one channel, 2025",
        &store,
        &MetricQuery::new(Metric::Csat)
            .group_by([Agent, Day])
            .filter(Channel, ["chat"])
            .between(1_735_689_600, 1_767_225_600),
    );
    time(
        "frt by agent x priority x month",
        &store,
        &MetricQuery::new(Metric::Frt).group_by([Agent, Priority, Month]),
    );
}
