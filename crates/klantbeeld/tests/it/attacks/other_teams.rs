//! An agent in a team reads and changes only the cases they may see (their teams', those without
//! a team, those assigned to them), whichever way they name another team's case: its number in
//! the API or a page, its attachment, a merge, or the customer's timeline. A case they may not
//! see answers 404, as one that does not exist.

use domain::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, read};
use crate::inbox::{agent, case, customer, session, team};

async fn as_agent(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> u16 {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    read(request.send().await.expect("request")).await.0
}

#[tokio::test]
async fn another_teams_case_stays_out_of_reach_by_number_file_merge_and_timeline() {
    let app = TestApp::spawn().await;
    let support = team(&app, "Support").await;
    let billing = team(&app, "Facturen").await;
    let (_, token) = agent(&app, "sven@polderstroom.nl", Role::Agent, &[support]).await;
    let sanne = customer(&app, "Sanne", "sanne@example.nl").await;
    // Another team's case: Sanne's mail with a file, handed to billing.
    let inbox = app
        .create_inbox(&json!({"kind": "email", "name": "Support"}))
        .await;
    let raw = "From: Sanne <sanne@example.nl>\r\nTo: support@polderstroom.nl\r\nSubject: Ander team\r\n\
        Message-ID: <regeling-1@example.nl>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n\
        --b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nGeheime betalingsregeling\r\n--b\r\n\
        Content-Type: image/png; name=\"regeling.png\"\r\nContent-Disposition: attachment; filename=\"regeling.png\"\r\n\
        Content-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n";
    let (status, mail) = app
        .post_hook(
            &format!("/hooks/email/{}", inbox["id"]),
            "message/rfc822",
            raw,
        )
        .await;
    assert_eq!(status, 201, "{mail}");
    let theirs = mail["case_id"].as_i64().expect("case");
    let admin = app.token_for(Role::Admin).await;
    assert_eq!(
        as_agent(
            &app,
            &admin,
            reqwest::Method::PATCH,
            &format!("/api/v1/cases/{theirs}"),
            Some(json!({"team_id": billing}))
        )
        .await,
        200
    );
    let (_, detail) = app.get(&format!("/api/v1/cases/{theirs}")).await;
    // Their own team's case, opened after.
    let ours = case(
        &app,
        json!({"customer_id": sanne, "channel": "email", "subject": "Ons team",
        "message": "Storing bij ons", "team_id": support}),
    )
    .await;
    let file = detail["interactions"][0]["attachments"][0]["id"]
        .as_i64()
        .unwrap_or_else(|| panic!("an attachment: {detail}"));

    use reqwest::Method;
    let refused = [
        (Method::GET, format!("/api/v1/cases/{theirs}"), None),
        (
            Method::PATCH,
            format!("/api/v1/cases/{theirs}"),
            Some(json!({"status": "resolved"})),
        ),
        (
            Method::POST,
            format!("/api/v1/cases/{theirs}/messages"),
            Some(json!({"kind": "note", "body": "x"})),
        ),
        (
            Method::GET,
            format!("/api/v1/cases/{theirs}/reply-routes"),
            None,
        ),
        (Method::POST, format!("/api/v1/cases/{theirs}/typing"), None),
        (
            Method::POST,
            format!("/api/v1/cases/{ours}/merge"),
            Some(json!({"into": theirs})),
        ),
        (
            Method::POST,
            format!("/api/v1/cases/{theirs}/split"),
            Some(json!({"interaction_ids": []})),
        ),
        (Method::GET, format!("/api/v1/attachments/{file}"), None),
    ];
    for (method, path, body) in refused {
        let status = as_agent(&app, &token, method.clone(), &path, body).await;
        assert_eq!(status, 404, "{method} {path}");
    }
    let (_, case) = app.get(&format!("/api/v1/cases/{theirs}")).await;
    assert_eq!(case["status"], "new", "nothing changed");
    assert_eq!(case["interactions"].as_array().map(Vec::len), Some(1));
    assert_eq!(
        as_agent(
            &app,
            &token,
            Method::GET,
            &format!("/api/v1/cases/{ours}"),
            None
        )
        .await,
        200
    );

    let response = app
        .client
        .get(app.url(&format!("/api/v1/customers/{sanne}/timeline")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("timeline");
    let (status, timeline) = read(response).await;
    assert_eq!(status, 200);
    let text = timeline.to_string();
    assert!(text.contains("Storing bij ons"), "{text}");
    assert!(!text.contains("Geheime betalingsregeling"), "{text}");

    // The same in the UI, logged in.
    let browser = session(&app, "sven@polderstroom.nl").await;
    for path in [
        format!("/cases/{theirs}"),
        format!("/cases/{theirs}/live"),
        format!("/attachments/{file}"),
    ] {
        let response = browser.get(app.url(&path)).send().await.expect("page");
        assert_eq!(response.status(), 404, "{path}");
    }
    let page = browser
        .get(app.url(&format!("/customers/{sanne}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("Ons team") && !page.contains("Ander team"),
        "{page}"
    );
    assert!(!page.contains("Geheime betalingsregeling"));
}
