//! NPS, CSAT and CES on hand-made responses: formulas, filters, group order, empty answers.

use analytics::{Dimension::*, FactStore, Metric, MetricQuery, SurveyKind::*};

use crate::support::{ask, flat, labels, response};

/// email: 10 10 9 8 7 6 0 (3 promoters, 2 detractors); chat: 9 5; sms: 3 2.
fn nps_store() -> FactStore {
    let mut store = FactStore::new();
    let answers = [
        ("email", [10, 10, 9, 8, 7, 6, 0].as_slice()),
        ("chat", &[9, 5]),
        ("sms", &[3, 2]),
    ];
    let mut id = 0;
    for (channel, scores) in answers {
        for &score in scores {
            id += 1;
            let mut row = response(id, Nps, score);
            row.channel = Some(channel);
            store.surveys.append(&row).expect("valid response");
        }
    }
    // Answers to other questions never count towards NPS.
    store
        .surveys
        .append(&response(100, Csat, 1))
        .expect("valid response");
    store
        .surveys
        .append(&response(101, Ces, 7))
        .expect("valid response");
    store
}

#[test]
fn nps_is_percent_promoters_minus_percent_detractors() {
    let store = nps_store();
    let rows = ask(&store, &MetricQuery::new(Metric::Nps).group_by([Channel]));
    assert_eq!(
        flat(&rows),
        [
            (labels(&["chat"]), vec![0.0], 2),
            (labels(&["email"]), vec![100.0 * 1.0 / 7.0], 7),
            (labels(&["sms"]), vec![-100.0], 2),
        ]
    );
    let overall = ask(&store, &MetricQuery::new(Metric::Nps));
    // 4 promoters, 5 detractors of 11.
    assert_eq!(flat(&overall), [(vec![], vec![-100.0 / 11.0], 11)]);
}

#[test]
fn csat_is_top_two_box_percent_with_the_mean() {
    let mut store = FactStore::new();
    for (id, score) in (1..).zip([5, 4, 4, 3, 1]) {
        store.surveys.append(&response(id, Csat, score)).unwrap();
    }
    store.surveys.append(&response(10, Nps, 10)).unwrap();
    let rows = ask(&store, &MetricQuery::new(Metric::Csat));
    assert_eq!(flat(&rows), [(vec![], vec![60.0, 3.4], 5)]);
    assert_eq!(rows[0].figure("csat"), Some(60.0));
    assert_eq!(rows[0].figure("mean"), Some(3.4));
}

#[test]
fn ces_is_the_mean_and_percent_easy() {
    let mut store = FactStore::new();
    for (id, score) in (1..).zip([7, 5, 4, 2, 6, 1]) {
        store.surveys.append(&response(id, Ces, score)).unwrap();
    }
    let rows = ask(&store, &MetricQuery::new(Metric::Ces));
    assert_eq!(flat(&rows), [(vec![], vec![25.0 / 6.0, 50.0], 6)]);
    assert_eq!(
        Metric::Ces.figure_names(),
        rows[0]
            .figures
            .iter()
            .map(|(name, _)| *name)
            .collect::<Vec<_>>()
    );
}

#[test]
fn filters_keep_any_of_their_values_and_all_filters_must_hold() {
    let store = nps_store();
    let chat_or_sms = MetricQuery::new(Metric::Nps)
        .group_by([Channel])
        .filter(Channel, ["sms", "chat"]);
    let rows = ask(&store, &chat_or_sms);
    assert_eq!(flat(&rows).len(), 2);
    assert_eq!(rows[0].label(Channel), Some("chat"));
    assert_eq!(rows[1].label(Channel), Some("sms"));

    let ungrouped = ask(
        &store,
        &MetricQuery::new(Metric::Nps).filter(Channel, ["sms", "chat"]),
    );
    // chat 9 5, sms 3 2: one promoter, three detractors.
    assert_eq!(flat(&ungrouped), [(vec![], vec![-50.0], 4)]);

    let contradictory = MetricQuery::new(Metric::Nps)
        .filter(Channel, ["chat"])
        .filter(Channel, ["sms"]);
    assert!(ask(&store, &contradictory).is_empty());
    let unknown = MetricQuery::new(Metric::Nps).filter(Agent, ["nobody"]);
    assert!(ask(&store, &unknown).is_empty());
}

#[test]
fn rows_sort_by_the_labels_in_group_by_order_with_missing_last() {
    let mut store = FactStore::new();
    let rows = [
        ("web", Some("b-agent")),
        ("chat", None),
        ("chat", Some("b-agent")),
        ("web", Some("a-agent")),
        ("chat", Some("a-agent")),
    ];
    for (id, (channel, agent)) in (1..).zip(rows) {
        let mut row = response(id, Csat, 5);
        row.channel = Some(channel);
        row.agent = agent;
        store.surveys.append(&row).unwrap();
    }
    let by_channel_agent = ask(
        &store,
        &MetricQuery::new(Metric::Csat).group_by([Channel, Agent]),
    );
    let order: Vec<(Option<&str>, Option<&str>)> = by_channel_agent
        .iter()
        .map(|row| (row.label(Channel), row.label(Agent)))
        .collect();
    assert_eq!(
        order,
        [
            (Some("chat"), Some("a-agent")),
            (Some("chat"), Some("b-agent")),
            (Some("chat"), None),
            (Some("web"), Some("a-agent")),
            (Some("web"), Some("b-agent")),
        ]
    );
    let by_agent_channel = ask(
        &store,
        &MetricQuery::new(Metric::Csat).group_by([Agent, Channel]),
    );
    let order: Vec<(Option<&str>, Option<&str>)> = by_agent_channel
        .iter()
        .map(|row| (row.label(Agent), row.label(Channel)))
        .collect();
    assert_eq!(
        order,
        [
            (Some("a-agent"), Some("chat")),
            (Some("a-agent"), Some("web")),
            (Some("b-agent"), Some("chat")),
            (Some("b-agent"), Some("web")),
            (None, Some("chat")),
        ]
    );
    let json = serde_json::to_string(&by_channel_agent[2]).unwrap();
    assert_eq!(
        json,
        r#"{"channel":"chat","agent":null,"csat":100.0,"mean":5.0,"n":1}"#
    );
}

#[test]
fn empty_store_range_or_kind_give_no_rows() {
    let empty = FactStore::new();
    for metric in analytics::Metric::ALL {
        let query = MetricQuery::new(*metric).group_by([Channel, Month]);
        assert!(ask(&empty, &query).is_empty(), "{metric}");
    }
    let store = nps_store();
    assert!(ask(&store, &MetricQuery::new(Metric::Nps).between(0, 1000)).is_empty());
    assert!(
        ask(
            &store,
            &MetricQuery::new(Metric::Nps).between(i64::MIN, i64::MIN)
        )
        .is_empty()
    );
    let mut only_nps = FactStore::new();
    only_nps.surveys.append(&response(1, Nps, 9)).unwrap();
    assert!(ask(&only_nps, &MetricQuery::new(Metric::Ces)).is_empty());
}
