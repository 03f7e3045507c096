//! Memory per fact row: every column, index and dictionary, at allocated capacity.

use analytics::{CaseLifecycle, FactStore, SurveyKind, SurveyResponse};

const ROWS: usize = 1_000_000;

#[test]
fn a_million_rows_of_each_table_take_at_most_24_bytes_per_row() {
    let agents: Vec<String> = (0..600).map(|i| format!("agent-{i}")).collect();
    let teams: Vec<String> = (0..40).map(|i| format!("team-{i}")).collect();
    let channels = ["email", "chat", "sms", "phone", "web", "social"];
    let mut store = FactStore::new();
    // Surveys are loaded the way a bulk load should be: count first, reserve once.
    store.surveys.reserve(ROWS);
    for i in 0..ROWS {
        let response = SurveyResponse {
            response_id: i as i64 + 1,
            customer_id: (i * 7 % 1_500_000) as i64,
            kind: [SurveyKind::Nps, SurveyKind::Csat, SurveyKind::Ces][i % 3],
            score: (i % 5) as i16 + 1,
            channel: Some(channels[i % 6]),
            touchpoint: Some(["billing", "support", "delivery"][i % 3]),
            segment: Some(["consumer", "smb"][i % 2]),
            agent: Some(&agents[i * 13 % 600]),
            created_at: 1_704_067_200 + (i as i64 * 63) % 63_158_400,
        };
        store.surveys.append(&response).unwrap();
    }
    // Cases grow by appends, with a gap in the ids, then give back spare capacity.
    for i in 0..ROWS {
        let created_at = 1_704_067_200 + (i as i64 * 31) % 63_158_400;
        let case = CaseLifecycle {
            case_id: i as i64 + 1 + i64::from(i >= ROWS / 2) * 1000,
            customer_id: (i * 11 % 1_500_000) as i64,
            channel: Some(channels[i % 6]),
            priority: Some(["low", "normal", "high", "urgent"][i % 4]),
            agent: Some(&agents[i * 7 % 600]),
            team: (i % 5 > 0).then(|| teams[i % 40].as_str()),
            created_at,
            first_response_at: Some(created_at + 600),
            resolved_at: (i % 30 > 0).then_some(created_at + 86_400),
            reopen_count: u8::from(i % 12 == 0),
        };
        store.cases.append(&case).unwrap();
    }
    store.shrink_to_fit();

    let surveys = store.surveys.heap_bytes() as f64 / ROWS as f64;
    let cases = store.cases.heap_bytes() as f64 / ROWS as f64;
    let all = store.heap_bytes() as f64 / store.len() as f64;
    println!("bytes per row: surveys {surveys:.2}, cases {cases:.2}, all {all:.2}");
    assert!(surveys <= 24.0, "surveys: {surveys:.2} bytes per row");
    assert!(cases <= 24.0, "cases: {cases:.2} bytes per row");
    assert!(store.cases.contains(ROWS as i64 + 1000));
    assert!(!store.cases.contains(ROWS as i64 / 2 + 1));
}
