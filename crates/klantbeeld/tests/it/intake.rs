//! What intake decides for a contact, on every way in: a review's follow-up in the same
//! transaction (single and bulk), and live views hearing intake's commits.

use std::time::Duration;

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::ui::logged_in;

/// Posts an NDJSON file to the bulk endpoint; its answer.
async fn import(app: &TestApp, lines: &[Value]) -> Value {
    let body: String = lines.iter().map(|line| format!("{line}\n")).collect();
    let (status, answer) = app
        .post_raw(
            "/api/v1/interactions:bulk",
            "application/x-ndjson",
            body.into_bytes(),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    answer
}

#[tokio::test]
async fn an_imported_one_star_review_opens_one_follow_up_case() {
    let app = TestApp::spawn().await;
    let file = [
        json!({"channel": "review", "from": {"handle": "@kees"}, "body": "Slechte service, niemand belt terug",
            "rating": 1, "source": "google", "external_id": "g-1", "occurred_at": "2025-03-01T10:00:00Z"}),
        json!({"channel": "review", "from": {"handle": "@anna"}, "body": "Snel geholpen",
            "rating": 5, "source": "google", "external_id": "g-2"}),
        json!({"channel": "email", "from": {"email": "kees@example.nl"}, "body": "Mijn factuur klopt niet",
            "external_id": "m-1"}),
    ];
    let answer = import(&app, &file).await;
    assert_eq!(answer["recorded"], 3, "{answer}");
    let (_, low) = app
        .get(&format!("/api/v1/cases/{}", answer["items"][0]["case_id"]))
        .await;
    assert_eq!(low["priority"], "high", "{low}");
    assert_eq!(low["status"], "new", "{low}");
    assert_eq!(low["tags"], json!(["review-follow-up"]), "{low}");
    let (_, good) = app
        .get(&format!("/api/v1/cases/{}", answer["items"][1]["case_id"]))
        .await;
    assert_eq!(
        good["status"], "resolved",
        "a good review needs nothing: {good}"
    );
    assert_eq!(good["priority"], "normal");
    let (_, mail) = app
        .get(&format!("/api/v1/cases/{}", answer["items"][2]["case_id"]))
        .await;
    assert_eq!(
        (&mail["status"], &mail["priority"]),
        (&json!("new"), &json!("normal"))
    );

    // The follow-up is written with the review, with its events, in one transaction: the
    // case's audit trail has it, and nothing waits for a second write.
    let kinds = app
        .texts("SELECT kind FROM events WHERE kind LIKE 'case.%' ORDER BY seq")
        .await;
    assert_eq!(
        kinds,
        [
            "case.created",
            "case.created",
            "case.status_changed",
            "case.resolved",
            "case.created"
        ],
    );

    let again = import(&app, &file).await;
    assert_eq!(
        (again["recorded"].as_i64(), again["duplicates"].as_i64()),
        (Some(0), Some(3)),
        "{again}"
    );
    // Another bad review by the same reviewer, without an external id, joins the open case.
    let answer = import(
        &app,
        &[json!({"channel": "review", "from": {"handle": "@kees"}, "body": "Nog steeds niets", "rating": 2})],
    )
    .await;
    assert_eq!(answer["items"][0]["case_id"], low["id"]);
    assert_eq!(
        app.count("case_tags WHERE tag = 'review-follow-up'").await,
        1,
        "one follow-up case per reviewer, however often the file is imported"
    );
    assert_eq!(app.count("cases WHERE channel = 'review'").await, 2);
}

#[tokio::test]
async fn a_low_review_raises_the_priority_of_its_case_but_never_lowers_it() {
    let app = TestApp::spawn().await;
    let review = |stars: i64, id: &str| json!({"channel": "review", "from": {"handle": "@sanne"}, "body": "Review", "rating": stars, "external_id": id});
    let (status, first) = app.post("/api/v1/interactions", &review(2, "t-1")).await;
    assert_eq!(status, 201, "{first}");
    let case = format!("/api/v1/cases/{}", first["case_id"]);
    let (status, _) = app.patch(&case, &json!({"priority": "urgent"})).await;
    assert_eq!(status, 200);
    let (status, second) = app.post("/api/v1/interactions", &review(1, "t-2")).await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["case_id"], first["case_id"]);
    let (_, case) = app.get(&case).await;
    assert_eq!(case["priority"], "urgent", "{case}");
    assert_eq!(case["tags"], json!(["review-follow-up"]), "{case}");
}

#[tokio::test]
async fn an_open_case_hears_a_contact_that_arrives_through_intake() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let email = |body: &str| json!({"channel": "email", "from": {"email": "live@example.nl"}, "body": body});
    let (status, first) = app
        .post("/api/v1/interactions", &email("Mijn meter is kapot"))
        .await;
    assert_eq!(status, 201, "{first}");
    let mut live = client
        .get(app.url(&format!("/cases/{}/live", first["case_id"])))
        .send()
        .await
        .expect("stream");
    assert_eq!(live.status(), 200);
    // Give the stream a moment to subscribe before anything happens.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, second) = app
        .post(
            "/api/v1/interactions",
            &email("Hij doet het nog steeds niet"),
        )
        .await;
    assert_eq!(status, 201, "{second}");
    assert_eq!(second["case_id"], first["case_id"]);
    let mut received = String::new();
    while !received.contains("interaction.received") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), live.chunk())
            .await
            .expect("an event within ten seconds")
            .expect("chunk")
            .expect("stream open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(received.contains("event: case"), "{received}");
}
