use domain::Role;
use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn requests_without_a_valid_token_are_refused() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
    let body: serde_json::Value = response.json().await.expect("json");
    assert_eq!(body["error"], "unauthorized");
    let response = app
        .client
        .get(app.url("/api/v1/cases"))
        .bearer_auth("kb_not-a-real-token")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 401);
}

#[tokio::test]
async fn roles_decide_what_a_token_may_do() {
    let app = TestApp::spawn().await;
    let analyst = app.token_for(Role::Analyst).await;
    let read = app
        .client
        .get(app.url("/api/v1/customers"))
        .bearer_auth(&analyst)
        .send()
        .await
        .expect("request");
    assert_eq!(read.status(), 200, "analysts read");
    let write = app
        .client
        .post(app.url("/api/v1/customers"))
        .bearer_auth(&analyst)
        .json(&json!({"name": "Iemand"}))
        .send()
        .await
        .expect("request");
    assert_eq!(write.status(), 403, "analysts do not change customers");
    assert_eq!(app.count("customers").await, 0);
}

#[tokio::test]
async fn tokens_are_stored_hashed_and_can_be_revoked() {
    let app = TestApp::spawn().await;
    let stored = app
        .count(&format!(
            "api_tokens WHERE secret_hash = '{}' OR lookup = '{}'",
            app.token, app.token
        ))
        .await;
    assert_eq!(stored, 0, "the plaintext token is not in the database");
    let tokens = store::tokens::list(&app.db).await.expect("tokens");
    store::tokens::revoke(&app.db, tokens[0].id, &store::events::Actor::System)
        .await
        .expect("revoke");
    let (status, _) = app.get("/api/v1/cases").await;
    assert_eq!(status, 401, "a revoked token stops working at once");
}
