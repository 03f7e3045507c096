//! Bad input gets a clear 4xx in the error shape and changes nothing; nothing gives a 500.

use serde_json::json;

use crate::helpers::TestApp;

async fn counts(app: &TestApp) -> [i64; 4] {
    [
        app.count("customers").await,
        app.count("cases").await,
        app.count("interactions").await,
        app.count("events").await,
    ]
}

#[tokio::test]
async fn malformed_requests_get_clear_errors_and_write_nothing() {
    let app = TestApp::spawn().await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Bestaand", "email": "bestaand@example.nl"}),
        )
        .await;
    let id = customer["id"].as_i64().expect("id");
    let before = counts(&app).await;

    let json_cases: Vec<(&str, &str, Vec<u8>, u16, &str)> = vec![
        ("/api/v1/interactions", "application/json", b"{\"channel\": \"email\",".to_vec(), 400, "malformed_json"),
        ("/api/v1/interactions", "application/json", b"\xff\xfe{}".to_vec(), 400, "malformed_json"),
        ("/api/v1/interactions", "text/plain", b"{}".to_vec(), 415, "unsupported_media_type"),
        ("/api/v1/interactions", "application/json", br#"{"channel": 5, "from": {}, "body": "x"}"#.to_vec(), 422, "invalid_body"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "email", "from": {"email": "a@b.nl"}, "body": "x", "sneaky": 1}"#.to_vec(), 422, "invalid_body"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "fax", "from": {"email": "a@b.nl"}, "body": "x"}"#.to_vec(), 422, "invalid_field"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "email", "from": {"email": "niet-een-adres"}, "body": "x"}"#.to_vec(), 422, "invalid_email"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "sms", "from": {"phone": "12"}, "body": "x"}"#.to_vec(), 422, "invalid_phone"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "sms", "from": {}, "body": "x"}"#.to_vec(), 422, "invalid_from"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "sms", "from": {"phone": "0612345678"}, "body": "nul\u0000byte"}"#.to_vec(), 422, "invalid_field"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "sms", "from": {"phone": "0612345678"}, "body": "   "}"#.to_vec(), 422, "invalid_field"),
        ("/api/v1/interactions", "application/json", br#"{"channel": "sms", "from": {"phone": "0612345678"}, "body": "x", "occurred_at": "gisteren"}"#.to_vec(), 422, "invalid_body"),
        ("/api/v1/customers", "application/json", br#"{"name": "X", "attributes": {"nested": {"a": 1}}}"#.to_vec(), 422, "invalid_attributes"),
        ("/api/v1/customers", "application/json", br#"{"name": "X", "email": "bestaand@example.nl"}"#.to_vec(), 409, "conflict"),
        ("/api/v1/cases", "application/json", br#"{"customer_id": "een", "channel": "email", "subject": "x"}"#.to_vec(), 422, "invalid_body"),
    ];
    for (path, content_type, body, status, code) in json_cases {
        let (got, answer) = app.post_raw(path, content_type, body.clone()).await;
        assert_eq!(
            got,
            status,
            "{path} {}: {answer}",
            String::from_utf8_lossy(&body)
        );
        assert_eq!(answer["error"], code, "{answer}");
        assert!(
            answer["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{answer}"
        );
    }

    let huge = json!({"channel": "email", "from": {"email": "a@b.nl"}, "body": "x".repeat(2 * 1024 * 1024)});
    let (status, answer) = app.post("/api/v1/interactions", &huge).await;
    assert_eq!(status, 413, "{answer}");
    assert_eq!(answer["error"], "body_too_large");

    let (status, answer) = app
        .patch(&format!("/api/v1/customers/{id}"), &json!({"phone": "abc"}))
        .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (422, Some("invalid_phone"))
    );
    assert_eq!(
        counts(&app).await,
        before,
        "no rejected request wrote anything"
    );
}

#[tokio::test]
async fn bad_paths_and_queries_are_4xx() {
    let app = TestApp::spawn().await;
    for (path, status, code) in [
        ("/api/v1/cases/abc", 400, "invalid_path"),
        ("/api/v1/cases/-1", 400, "invalid_path"),
        ("/api/v1/cases/99999999999999999999", 400, "invalid_path"),
        ("/api/v1/customers/42", 404, "customer_not_found"),
        ("/api/v1/customers/42/timeline", 404, "customer_not_found"),
        ("/api/v1/cases?cursor=rommel", 400, "invalid_cursor"),
        ("/api/v1/cases?limit=0", 400, "invalid_limit"),
        ("/api/v1/cases?limit=veel", 400, "invalid_limit"),
        ("/api/v1/cases?team=een", 400, "invalid_query"),
        (
            "/api/v1/customers?attribute=geen-dubbele-punt",
            400,
            "invalid_query",
        ),
        ("/api/v1/customers?email=nope", 422, "invalid_email"),
        ("/api/v1/bestaat-niet", 404, "route_not_found"),
    ] {
        let (got, answer) = app.get(path).await;
        assert_eq!(
            (got, answer["error"].as_str()),
            (status, Some(code)),
            "{path}: {answer}"
        );
    }
}

#[tokio::test]
async fn health_metrics_and_the_api_description_are_served() {
    let app = TestApp::spawn().await;
    let health = app
        .client
        .get(app.url("/healthz"))
        .send()
        .await
        .expect("request");
    assert_eq!(health.status(), 200);
    app.get("/api/v1/cases").await;
    let metrics = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert!(metrics.contains("klantbeeld_http_requests_total{method=\"GET\",route=\"/api/v1/cases\",status=\"200\"} 1"), "{metrics}");
    assert!(metrics.contains("klantbeeld_event_seq"));
    let (status, doc) = crate::helpers::read(
        app.client
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/customers",
        "/api/v1/customers/{id}",
        "/api/v1/customers/{id}/timeline",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/cases/{id}/messages",
        "/api/v1/interactions",
        "/api/v1/interactions:bulk",
        "/api/v1/metrics/{metric}",
        "/api/v1/surveys",
        "/api/v1/survey-invitations",
        "/api/v1/settings/survey-fatigue",
        "/api/v1/events",
        "/api/v1/callbacks",
        "/api/v1/inboxes",
        "/api/v1/cases/bulk",
        "/api/v1/views",
        "/api/v1/views/{id}",
    ] {
        assert!(
            doc["paths"][path].is_object(),
            "{path} missing from the OpenAPI document"
        );
    }
}
