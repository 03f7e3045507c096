//! Golden figures: a hand-made table of nine customers over the first quarter of 2025, every
//! expected number worked out by hand in the comments (not by running this code).

use chrono::NaiveDate;

use super::*;
use crate::facts::{
    AttributeValue, CaseLifecycle, CustomerProfile, Relationship, SurveyKind, SurveyResponse,
};

fn day(date: &str) -> i64 {
    NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp()
}

/// id, segment, contract, relationships as (start, end, reason).
type Customer = (
    i64,
    &'static str,
    &'static str,
    &'static [(&'static str, Option<&'static str>, Option<&'static str>)],
);

/// Active at 2025-01-01: 1, 2, 3, 4, 5, 6, 9. Churned in Q1: 1 (Jan), 2 (Feb), 5 (Mar). 6 ends
/// exactly at 2025-04-01, so not within [Jan, Apr). 7 starts and ends within the quarter, 8 ended
/// before it: neither is counted. 9 left in 2024 and came back.
const CUSTOMERS: &[Customer] = &[
    (
        1,
        "smb",
        "Monthly",
        &[("2024-01-01", Some("2025-01-15"), Some("price"))],
    ),
    (
        2,
        "smb",
        "Monthly",
        &[("2024-06-01", Some("2025-02-20"), Some("service"))],
    ),
    (3, "smb", "Yearly", &[("2023-01-01", None, None)]),
    (4, "ent", "Yearly", &[("2022-01-01", None, None)]),
    (
        5,
        "ent",
        "Monthly",
        &[("2024-11-01", Some("2025-03-10"), Some("price"))],
    ),
    (
        6,
        "ent",
        "Yearly",
        &[("2021-01-01", Some("2025-04-01"), Some("moved"))],
    ),
    (
        7,
        "smb",
        "Monthly",
        &[("2025-02-05", Some("2025-02-25"), Some("price"))],
    ),
    (
        8,
        "smb",
        "Yearly",
        &[("2020-01-01", Some("2024-12-31"), Some("price"))],
    ),
    (
        9,
        "ent",
        "Monthly",
        &[
            ("2023-01-01", Some("2024-06-01"), Some("price")),
            ("2024-09-01", None, None),
        ],
    ),
];

/// (case id, customer, created, resolved).
const CASES: &[(i64, i64, &str, Option<&str>)] = &[
    (101, 1, "2024-12-20", Some("2024-12-21")),
    (102, 1, "2025-01-10", None),
    (103, 2, "2024-08-01", Some("2024-08-02")),
    (104, 5, "2025-01-05", Some("2025-01-06")),
    (105, 5, "2025-02-01", Some("2025-02-02")),
    (106, 5, "2025-03-01", Some("2025-03-02")),
    (107, 3, "2025-03-15", Some("2025-03-16")),
];

/// (response id, customer, kind, score, at).
const ANSWERS: &[(i64, i64, SurveyKind, i16, &str)] = &[
    (201, 1, SurveyKind::Csat, 1, "2025-01-12"),
    (202, 5, SurveyKind::Csat, 3, "2025-02-02"),
    (203, 3, SurveyKind::Csat, 5, "2025-03-16"),
    (204, 4, SurveyKind::Csat, 2, "2025-05-01"),
    (205, 2, SurveyKind::Nps, 3, "2025-01-20"),
    (206, 4, SurveyKind::Nps, 9, "2025-01-20"),
    (207, 9, SurveyKind::Nps, 8, "2025-02-20"),
];

fn store() -> FactStore {
    let mut store = FactStore::new();
    for &(id, segment, contract, relationships) in CUSTOMERS {
        let attributes = [
            ("contract", AttributeValue::Text(contract)),
            ("seats", AttributeValue::Number(id as f64)),
        ];
        store
            .customers
            .upsert(&CustomerProfile {
                customer_id: id,
                segment: Some(segment),
                attributes: &attributes,
            })
            .unwrap();
        let relationships: Vec<Relationship> = relationships
            .iter()
            .map(|&(start, end, reason)| Relationship {
                started_at: day(start),
                ended_at: end.map(day),
                end_reason: reason,
            })
            .collect();
        store
            .customers
            .set_relationships(id, &relationships)
            .unwrap();
    }
    for &(case_id, customer_id, created, resolved) in CASES {
        store
            .cases
            .append(&CaseLifecycle {
                case_id,
                customer_id,
                channel: Some("email"),
                priority: None,
                agent: None,
                team: None,
                created_at: day(created),
                first_response_at: None,
                resolved_at: resolved.map(day),
                reopen_count: 0,
            })
            .unwrap();
    }
    for &(response_id, customer_id, kind, score, at) in ANSWERS {
        store
            .surveys
            .append(&SurveyResponse {
                response_id,
                customer_id,
                kind,
                score,
                channel: None,
                touchpoint: None,
                segment: None,
                agent: None,
                created_at: day(at),
            })
            .unwrap();
    }
    store
}

fn quarter() -> ChurnQuery {
    let mut query = ChurnQuery::new(day("2025-01-01"), day("2025-04-01"));
    query.time_zone = chrono_tz::UTC;
    query
}

fn figures(answer: &ChurnAnswer, group: &str) -> Vec<(Option<String>, u64, u64)> {
    answer
        .rows
        .iter()
        .map(|row| {
            (
                row.label(group).map(str::to_owned),
                row.active_at_start,
                row.churned,
            )
        })
        .collect()
}

fn some(label: &str) -> Option<String> {
    Some(label.to_owned())
}

#[test]
fn the_quarter_churns_three_of_seven() {
    let answer = store().churn(&quarter()).unwrap();
    let row = &answer.rows[0];
    assert_eq!((row.active_at_start, row.churned), (7, 3));
    assert!((row.churn_rate - 300.0 / 7.0).abs() < 1e-12);
    let json = serde_json::to_value(row).unwrap();
    assert_eq!(json["n"], 7);
    assert!(answer.trends.is_empty());
}

#[test]
fn by_segment_and_by_contract() {
    let store = store();
    let answer = store
        .churn(&quarter().group_by([ChurnGroup::Segment]))
        .unwrap();
    // ent: 4, 5, 6, 9 with 5 leaving; smb: 1, 2, 3 with 1 and 2 leaving.
    assert_eq!(
        figures(&answer, "segment"),
        [(some("ent"), 4, 1), (some("smb"), 3, 2)]
    );
    let answer = store
        .churn(&quarter().group_by(["customer.contract".parse().unwrap()]))
        .unwrap();
    assert_eq!(
        figures(&answer, "customer.contract"),
        [(some("Monthly"), 4, 3), (some("Yearly"), 3, 0)]
    );
}

#[test]
fn each_month_is_its_own_window_with_a_trend() {
    let answer = store()
        .churn(&quarter().group_by([ChurnGroup::Period(TimeGrain::Month)]))
        .unwrap();
    // Jan: 7 active, 1 leaves; Feb: 6 active (1 gone), 2 leaves; Mar: 5 active, 5 leaves.
    assert_eq!(
        figures(&answer, "month"),
        [
            (some("2025-01"), 7, 1),
            (some("2025-02"), 6, 1),
            (some("2025-03"), 5, 1)
        ]
    );
    let trend = &answer.trends[0];
    // 1/7 < 1/6 < 1/5: S = 3, Var = 3·2·11/18 = 11/3, z = 2/√(11/3) ≈ 1.0445; p ≈ 0.2963.
    assert_eq!(trend.trend.s, 3);
    assert_eq!(trend.trend.direction, crate::TrendDirection::Stable);
    assert!(
        (trend.p_value - 0.296_270).abs() < 1e-5,
        "{}",
        trend.p_value
    );
}

#[test]
fn by_the_service_customers_got() {
    let store = store();
    let by = |group: ChurnGroup| {
        let name = group.name();
        figures(&store.churn(&quarter().group_by([group])).unwrap(), &name)
    };
    // Contacts in the 90 days before the end (or before Apr 1): 1 has cases on Dec 20 and
    // Jan 10 before leaving on Jan 15; 2's only case is from August; 5 has three; 3 has one.
    assert_eq!(
        by(ChurnGroup::Contacts),
        [
            (some("0"), 4, 1),
            (some("1"), 1, 0),
            (some("2"), 1, 1),
            (some("3"), 1, 1)
        ]
    );
    // Last CSAT before the end: 1 low (Jan 12), 5 neutral (Feb 2), 3 high (Mar 16); 4's answer
    // is from May, after the window.
    assert_eq!(
        by(ChurnGroup::CsatBand),
        [
            (some("none"), 4, 1),
            (some("low"), 1, 1),
            (some("neutral"), 1, 1),
            (some("high"), 1, 0)
        ]
    );
    assert_eq!(
        by(ChurnGroup::NpsBand),
        [
            (some("none"), 4, 2),
            (some("detractor"), 1, 1),
            (some("passive"), 1, 0),
            (some("promoter"), 1, 0)
        ]
    );
    // Only 1 still had an open case (Jan 10) when leaving.
    assert_eq!(
        by(ChurnGroup::Unresolved),
        [(some("no"), 6, 2), (some("yes"), 1, 1)]
    );
}

#[test]
fn filters_and_drill_down_name_the_customers() {
    let store = store();
    let query = quarter().group_by([ChurnGroup::Segment]).filter(
        ChurnGroup::Attribute("contract".into()),
        vec!["Monthly".into()],
    );
    // Monthly customers: 1, 2 (smb), 5, 9 (ent).
    assert_eq!(
        figures(&store.churn(&query).unwrap(), "segment"),
        [(some("ent"), 2, 1), (some("smb"), 2, 2)]
    );
    let cell = [some("ent")];
    assert_eq!(
        store
            .churn_customers(&query, &cell, ChurnSide::ActiveAtStart, 100)
            .unwrap(),
        [5, 9]
    );
    assert_eq!(
        store
            .churn_customers(&query, &cell, ChurnSide::Churned, 100)
            .unwrap(),
        [5]
    );
}

#[test]
fn bad_queries_are_refused_with_what_is_allowed() {
    let store = store();
    let unknown = store
        .churn(&quarter().group_by(["customer.colour".parse().unwrap()]))
        .unwrap_err();
    assert!(unknown.to_string().contains("contract"), "{unknown}");
    assert!("region".parse::<ChurnGroup>().is_err());
    let backwards = ChurnQuery::new(day("2025-04-01"), day("2025-01-01"));
    assert_eq!(store.churn(&backwards), Err(QueryError::EmptyRange));
    let period_filter = quarter().filter(ChurnGroup::Period(TimeGrain::Month), vec![]);
    assert!(matches!(
        store.churn(&period_filter),
        Err(QueryError::PeriodFilter(_))
    ));
}

#[test]
fn contract_drives_churn_with_the_hand_computed_effect() {
    let store = store();
    let answer = store
        .drivers(&DriverQuery::new(
            Outcome::Churn,
            day("2025-01-01"),
            day("2025-04-01"),
        ))
        .unwrap();
    assert_eq!(answer.n, 7);
    assert!((answer.base_rate - 300.0 / 7.0).abs() < 1e-12);
    let contract = answer
        .drivers
        .iter()
        .find(|d| d.attribute == "contract")
        .unwrap();
    // Monthly 3 of 4, Yearly 0 of 3: χ² = 81/84 + 81/112 + 81/63 + 81/84 = 3.9375,
    // V = √(3.9375 / 7) = 0.75, p = erfc(√(3.9375 / 2)) = 0.047221.
    assert!(
        (contract.effect - 0.75).abs() < 1e-12,
        "{}",
        contract.effect
    );
    assert!((contract.p_value - 0.047_220_904).abs() < 1e-8);
    let monthly = &contract.values[0];
    assert_eq!((monthly.value.as_deref(), monthly.n), (Some("Monthly"), 4));
    assert!((monthly.rate - 75.0).abs() < 1e-12);
    assert!((monthly.lift - 1.75).abs() < 1e-12);
    assert!(
        answer
            .drivers
            .windows(2)
            .all(|pair| pair[0].effect >= pair[1].effect),
        "strongest first"
    );
    assert_eq!(
        store
            .driver_customers(
                &DriverQuery::new(Outcome::Churn, day("2025-01-01"), day("2025-04-01")),
                "contract",
                Some("Monthly"),
                true,
                10
            )
            .unwrap(),
        [1, 2, 5]
    );
}

#[test]
fn detractors_are_customers_whose_last_answer_in_the_window_is_zero_to_six() {
    let answer = store()
        .drivers(&DriverQuery::new(
            Outcome::Detractor,
            day("2025-01-01"),
            day("2025-04-01"),
        ))
        .unwrap();
    // NPS answers in Q1: 2 (3, detractor), 4 (9), 9 (8).
    assert_eq!(answer.n, 3);
    assert!((answer.base_rate - 100.0 / 3.0).abs() < 1e-12);
}

#[test]
fn many_distinct_numbers_are_cut_into_quartiles() {
    let mut store = FactStore::new();
    // Twelve customers with seats 1..=12, all active; those with 10 seats or more leave.
    for id in 1..=12 {
        let attributes = [("seats", AttributeValue::Number(id as f64))];
        store
            .customers
            .upsert(&CustomerProfile {
                customer_id: id,
                segment: None,
                attributes: &attributes,
            })
            .unwrap();
        let ended = (id >= 10).then(|| day("2025-02-01"));
        store
            .customers
            .set_relationships(
                id,
                &[Relationship {
                    started_at: day("2024-01-01"),
                    ended_at: ended,
                    end_reason: None,
                }],
            )
            .unwrap();
    }
    let answer = store
        .drivers(&DriverQuery::new(
            Outcome::Churn,
            day("2025-01-01"),
            day("2025-04-01"),
        ))
        .unwrap();
    let seats = answer
        .drivers
        .iter()
        .find(|d| d.attribute == "seats")
        .unwrap();
    // Nearest rank over 12 values: q1 = 3rd = 3, q2 = 6th = 6, q3 = 9th = 9.
    let bins: Vec<(Option<&str>, u64, f64)> = seats
        .values
        .iter()
        .map(|v| (v.value.as_deref(), v.n, v.rate))
        .collect();
    assert_eq!(
        bins,
        [
            (Some("≤ 3"), 3, 0.0),
            (Some("3–6"), 3, 0.0),
            (Some("6–9"), 3, 0.0),
            (Some("> 9"), 3, 100.0)
        ]
    );
    // A perfect split on one bin: χ² = n = 12, V = 1.
    assert!((seats.effect - 1.0).abs() < 1e-12);
}

#[test]
fn end_reasons_count_the_ends_in_the_window() {
    // Ends in Q1: 1 (price), 2 (service), 5 (price), 7 (price, Feb 25); 6 ends on Apr 1.
    let counted = store()
        .end_reasons(day("2025-01-01"), day("2025-04-01"))
        .unwrap();
    assert_eq!(counted, [(some("price"), 3), (some("service"), 1)]);
}
