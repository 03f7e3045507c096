use domain::Role;
use serde_json::{Value, json};

use crate::helpers::TestApp;

async fn customer(app: &TestApp, email: &str) -> i64 {
    let (status, body) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Daan Jansen", "email": email}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().expect("id")
}

async fn open_case(app: &TestApp, customer_id: i64, channel: &str) -> Value {
    let (status, case) = app
        .post(
            "/api/v1/cases",
            &json!({"customer_id": customer_id, "channel": channel, "subject": "Jaarafrekening klopt niet",
                    "message": "Mijn jaarafrekening is veel hoger dan vorig jaar.", "tags": ["Facturatie"]}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    case
}

#[tokio::test]
async fn a_case_moves_through_its_lifecycle_with_timestamps_and_events() {
    let app = TestApp::spawn().await;
    let customer_id = customer(&app, "daan@example.nl").await;
    let case = open_case(&app, customer_id, "email").await;
    let id = case["id"].as_i64().expect("id");
    assert_eq!(case["status"], "new");
    assert_eq!(case["tags"], json!(["facturatie"]));
    assert!(case["first_response_at"].is_null());

    let agent = store::agents::create(
        &app.db,
        store::agents::NewAgent {
            email: "lotte@polderstroom.nl",
            name: "Lotte",
            role: Role::Agent,
            password_hash: None,
            language: "nl",
            team_ids: &[],
        },
        &store::events::Actor::System,
    )
    .await
    .expect("agent");
    let (status, assigned) = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            &json!({"assignee_id": agent.id, "priority": "high"}),
        )
        .await;
    assert_eq!(status, 200, "{assigned}");
    assert_eq!(assigned["status"], "open", "taking a new case opens it");
    assert_eq!(assigned["assignee_name"], "Lotte");

    let (status, note) = app
        .post(
            &format!("/api/v1/cases/{id}/messages"),
            &json!({"body": "Meterstanden opgevraagd", "kind": "note"}),
        )
        .await;
    assert_eq!(status, 201, "{note}");
    let (_, after_note) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert!(
        after_note["first_response_at"].is_null(),
        "an internal note is not a response"
    );

    let (status, reply) = app
        .post(
            &format!("/api/v1/cases/{id}/messages"),
            &json!({"body": "We hebben uw meterstanden gecorrigeerd.", "status": "resolved"}),
        )
        .await;
    assert_eq!(status, 201, "{reply}");
    assert_eq!(reply["direction"], "outbound");
    assert_eq!(
        reply["channel"], "email",
        "the reply goes out on the case's channel"
    );
    let (_, resolved) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(resolved["status"], "resolved");
    assert!(resolved["first_response_at"].is_string());
    assert!(resolved["resolved_at"].is_string());
    assert_eq!(resolved["interactions"].as_array().map(Vec::len), Some(3));

    let (_, reopened) = app
        .patch(&format!("/api/v1/cases/{id}"), &json!({"status": "open"}))
        .await;
    assert_eq!(reopened["reopen_count"], 1);
    assert!(reopened["resolved_at"].is_null());

    let (_, closed) = app
        .patch(&format!("/api/v1/cases/{id}"), &json!({"status": "closed"}))
        .await;
    assert_eq!(closed["status"], "closed");
    assert!(closed["resolved_at"].is_string());
    let (status, refused) = app
        .patch(&format!("/api/v1/cases/{id}"), &json!({"status": "open"}))
        .await;
    assert_eq!(status, 422, "{refused}");
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{id}/messages"),
            &json!({"body": "Nog iets"}),
        )
        .await;
    assert_eq!(status, 422, "a closed case takes no messages");

    for kind in [
        "case.created",
        "case.assigned",
        "case.first_response",
        "case.resolved",
        "case.reopened",
        "note.added",
    ] {
        let n = app
            .count(&format!("events WHERE case_id = {id} AND kind = '{kind}'"))
            .await;
        assert!(n >= 1, "missing event {kind}");
    }
}

#[tokio::test]
async fn cases_are_filtered_by_status_assignee_channel_and_customer() {
    let app = TestApp::spawn().await;
    let first = customer(&app, "a@example.nl").await;
    let second = customer(&app, "b@example.nl").await;
    let email_case = open_case(&app, first, "email").await;
    open_case(&app, first, "chat").await;
    open_case(&app, second, "phone").await;
    let id = email_case["id"].as_i64().expect("id");
    app.patch(
        &format!("/api/v1/cases/{id}"),
        &json!({"status": "pending"}),
    )
    .await;

    let ids = |page: &Value| page["items"].as_array().expect("items").len();
    let (_, pending) = app.get("/api/v1/cases?status=pending").await;
    assert_eq!(ids(&pending), 1);
    let (_, active) = app.get("/api/v1/cases?status=new,pending").await;
    assert_eq!(ids(&active), 3);
    let (_, chat) = app.get("/api/v1/cases?channel=chat").await;
    assert_eq!(ids(&chat), 1);
    let (_, mine) = app.get(&format!("/api/v1/cases?customer_id={first}")).await;
    assert_eq!(ids(&mine), 2);
    let (_, unassigned) = app.get("/api/v1/cases?assignee=none").await;
    assert_eq!(ids(&unassigned), 3);
    let (status, bad) = app.get("/api/v1/cases?status=klaar").await;
    assert_eq!(status, 400, "{bad}");
}

#[tokio::test]
async fn unknown_references_are_refused_without_writing() {
    let app = TestApp::spawn().await;
    let customer_id = customer(&app, "c@example.nl").await;
    let before = app.count("cases").await;
    let (status, body) = app
        .post(
            "/api/v1/cases",
            &json!({"customer_id": 999_999, "channel": "email", "subject": "x"}),
        )
        .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = app.post("/api/v1/cases", &json!({"customer_id": customer_id, "channel": "email", "subject": "x", "assignee_id": 424_242})).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(app.count("cases").await, before);
    let (status, body) = app.get("/api/v1/cases/987654").await;
    assert_eq!(
        (status, body["error"].as_str()),
        (404, Some("case_not_found"))
    );
}
