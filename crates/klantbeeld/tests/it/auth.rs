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

#[tokio::test]
async fn the_token_command_prints_only_a_working_token() {
    let (url, _dir) = crate::helpers::fresh_database().await;
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_klantbeeld"))
        .args([
            "token",
            "create",
            "--database-url",
            &url,
            "--name",
            "ci",
            "--role",
            "supervisor",
        ])
        .env_remove("KLANTBEELD_DATABASE_URL")
        .output()
        .expect("run klantbeeld");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let token = stdout.trim();
    assert_eq!(stdout.lines().count(), 1, "only the token on stdout");
    let db = store::Db::connect(&url).await.expect("db");
    let found = store::tokens::authenticate(&db, token)
        .await
        .expect("lookup")
        .expect("token works");
    assert_eq!(found.role, Role::Supervisor);
    let bad = std::process::Command::new(env!("CARGO_BIN_EXE_klantbeeld"))
        .args([
            "token",
            "create",
            "--database-url",
            &url,
            "--name",
            "ci",
            "--role",
            "baas",
        ])
        .output()
        .expect("run klantbeeld");
    assert!(!bad.status.success());
}
