//! Row builders and small helpers shared by the test modules.

use analytics::{CaseLifecycle, FactStore, MetricQuery, MetricRow, SurveyKind, SurveyResponse};

/// Unix seconds of an RFC 3339 instant.
pub fn at(text: &str) -> i64 {
    chrono::DateTime::parse_from_rfc3339(text)
        .expect("an RFC 3339 instant")
        .timestamp()
}

pub fn response(id: i64, kind: SurveyKind, score: i16) -> SurveyResponse<'static> {
    SurveyResponse {
        response_id: id,
        customer_id: 100 + id,
        kind,
        score,
        channel: Some("email"),
        touchpoint: Some("support"),
        segment: Some("consumer"),
        agent: Some("a-1"),
        created_at: at("2025-02-10T12:00:00Z"),
    }
}

pub fn case(id: i64, created_at: &str) -> CaseLifecycle<'static> {
    CaseLifecycle {
        case_id: id,
        customer_id: 500 + id,
        channel: Some("email"),
        priority: Some("normal"),
        agent: Some("a-1"),
        team: None,
        created_at: at(created_at),
        first_response_at: None,
        resolved_at: None,
        reopen_count: 0,
    }
}

/// The answer as (labels, figures, n), for compact assertions.
pub type Flat = (Vec<Option<String>>, Vec<f64>, u64);

pub fn flat(rows: &[MetricRow]) -> Vec<Flat> {
    rows.iter()
        .map(|row| {
            (
                row.groups.iter().map(|(_, label)| label.clone()).collect(),
                row.figures.iter().map(|&(_, value)| value).collect(),
                row.n,
            )
        })
        .collect()
}

pub fn labels(values: &[&str]) -> Vec<Option<String>> {
    values.iter().map(|v| Some(v.to_string())).collect()
}

pub fn ask(store: &FactStore, query: &MetricQuery) -> Vec<MetricRow> {
    store.query(query).expect("a valid query")
}
