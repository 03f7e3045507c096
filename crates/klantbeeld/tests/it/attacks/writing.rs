//! Writing to customers: a page on another site cannot make a logged-in agent write to a
//! customer or overwrite their draft, and an analyst cannot write at all.

use serde_json::json;

use crate::helpers::TestApp;
use crate::writing::{agent_session, customer, page};

#[tokio::test]
async fn another_site_cannot_start_a_conversation_or_write_a_draft_for_a_logged_in_agent() {
    let app = TestApp::spawn().await;
    let anna = customer(
        &app,
        json!({"name": "Anna", "email": "anna.xsite@example.nl"}),
    )
    .await;
    let (_, client) = agent_session(&app, "sanne.xsite@polderstroom.nl", "nl").await;
    let html = page(
        &client,
        &app,
        &format!("/customers/{anna}/conversations/new"),
    )
    .await;
    let csrf = crate::ui::csrf_of(&html);
    let form = [
        ("channel", "email"),
        ("subject", "Gratis geld"),
        ("body", "Klik hier"),
    ];
    // Without the page's token, and with it from another origin.
    let response = client
        .post(app.url(&format!("/customers/{anna}/conversations")))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 422, "no csrf field");
    let mut with_token = form.to_vec();
    with_token.push(("csrf", "not-the-token"));
    let response = client
        .post(app.url(&format!("/customers/{anna}/conversations")))
        .form(&with_token)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 403);
    with_token.pop();
    with_token.push(("csrf", csrf.as_str()));
    let response = client
        .post(app.url(&format!("/customers/{anna}/conversations")))
        .header("origin", "https://evil.example")
        .form(&with_token)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 403, "cross-site");
    assert_eq!(app.count("cases").await, 0);

    // A draft written with the session cookie alone (as a cross-site fetch would) is refused.
    let (status, contact) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "anna.xsite@example.nl"}, "body": "Hallo"}),
        )
        .await;
    assert_eq!(status, 201);
    let response = client
        .put(app.url(&format!("/api/v1/cases/{}/draft", contact["case_id"])))
        .header("origin", "https://evil.example")
        .json(&json!({"body": "overschreven"}))
        .send()
        .await
        .expect("put");
    assert_eq!(response.status(), 403);
    assert_eq!(app.count("drafts").await, 0);
}
