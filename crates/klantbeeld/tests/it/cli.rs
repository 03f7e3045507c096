//! The `klantbeeld` commands, run as a user would.

use std::process::Command;

use domain::Role;

use crate::helpers::{TestApp, fresh_database};

fn klantbeeld() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_klantbeeld"));
    command
        .env_remove("KLANTBEELD_DATABASE_URL")
        .env_remove("KLANTBEELD_LISTEN");
    command
}

#[tokio::test]
async fn the_token_command_prints_only_a_working_token() {
    let (url, _dir) = fresh_database().await;
    let output = klantbeeld()
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
    let bad = klantbeeld()
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

#[tokio::test]
async fn healthcheck_answers_whether_a_server_is_up() {
    let app = TestApp::spawn().await;
    let addr = app.base.trim_start_matches("http://").to_string();
    let up = tokio::task::spawn_blocking(move || {
        klantbeeld()
            .args(["healthcheck", "--listen", &addr])
            .status()
            .expect("run")
    });
    assert!(up.await.expect("join").success());
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = listener.local_addr().expect("addr").to_string();
    drop(listener);
    let down = klantbeeld()
        .args(["healthcheck", "--listen", &closed])
        .status()
        .expect("run");
    assert!(!down.success());
}

#[tokio::test]
async fn migrate_creates_the_schema_and_config_default_prints_valid_settings() {
    let (url, _dir) = fresh_database().await;
    let migrated = klantbeeld()
        .args(["migrate", "--database-url", &url])
        .output()
        .expect("run");
    assert!(
        migrated.status.success(),
        "{}",
        String::from_utf8_lossy(&migrated.stderr)
    );
    let db = store::Db::connect(&url).await.expect("db");
    let tables: Vec<String> = store::schema::columns(&db)
        .await
        .expect("columns")
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(tables.contains(&"cases".to_string()) && tables.contains(&"events".to_string()));

    let printed = klantbeeld()
        .args(["config", "default"])
        .output()
        .expect("run");
    let text = String::from_utf8(printed.stdout).expect("utf-8");
    let config = klantbeeld::config::Config::from_toml(&text).expect("the printed defaults parse");
    assert_eq!(config.listen, "127.0.0.1:8080");
    assert_eq!(config.database_url, "sqlite://klantbeeld.db");
}
