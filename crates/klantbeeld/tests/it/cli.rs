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

#[tokio::test]
async fn flags_beat_the_environment_which_beats_the_file() {
    let app = TestApp::spawn().await;
    let up = app.base.trim_start_matches("http://").to_string();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let closed = listener.local_addr().expect("addr").to_string();
    drop(listener);
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join("klantbeeld.toml");
    std::fs::write(&file, format!("listen = \"{up}\"\nlisen = \"{closed}\"\n")).expect("write");
    let healthcheck = move |env: Option<&str>, flag: Option<&str>| {
        let mut command = klantbeeld();
        command.arg("--config").arg(&file).arg("healthcheck");
        if let Some(listen) = flag {
            command.args(["--listen", listen]);
        }
        if let Some(listen) = env {
            command.env("KLANTBEELD_LISTEN", listen);
        }
        command.output().expect("run")
    };
    let (file_only, env_over_file, flag_over_env) = tokio::task::spawn_blocking(move || {
        (
            healthcheck(None, None),
            healthcheck(Some(&closed), None),
            healthcheck(Some(&closed), Some(&up)),
        )
    })
    .await
    .expect("join");
    assert!(file_only.status.success(), "the file's listen is used");
    assert!(
        String::from_utf8_lossy(&file_only.stderr)
            .contains("warning: unknown configuration key \"lisen\" ignored"),
        "{}",
        String::from_utf8_lossy(&file_only.stderr)
    );
    assert!(
        !env_over_file.status.success(),
        "KLANTBEELD_LISTEN beats the file"
    );
    assert!(
        flag_over_env.status.success(),
        "--listen beats KLANTBEELD_LISTEN"
    );

    let (url, _db_dir) = fresh_database().await;
    let migrated = klantbeeld()
        .args(["migrate", "--database-url", &url])
        .env(
            "KLANTBEELD_DATABASE_URL",
            "sqlite:///nonexistent/folder/kb.db",
        )
        .output()
        .expect("run");
    assert!(
        migrated.status.success(),
        "--database-url beats KLANTBEELD_DATABASE_URL: {}",
        String::from_utf8_lossy(&migrated.stderr)
    );
}

#[tokio::test]
async fn agent_create_takes_a_password_file_or_prints_a_setup_link() {
    let (url, _dir) = fresh_database().await;
    let files = tempfile::tempdir().expect("dir");
    let password_file = files.path().join("password");
    std::fs::write(&password_file, "een-lang-wachtwoord\n").expect("write");
    let create = |email: &str, extra: &[&str]| {
        let mut command = klantbeeld();
        command
            .args(["agent", "create", "--database-url", &url, "--email", email])
            .args(["--name", "Anna de Vries", "--role", "admin"])
            .args(extra)
            .stdin(std::process::Stdio::null());
        command
    };
    let file = password_file.to_str().expect("path");
    let made = create("anna@polderstroom.nl", &["--password-file", file])
        .output()
        .expect("run");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let db = store::Db::connect(&url).await.expect("db");
    let (_, hash) = store::agents::credentials(&db, "anna@polderstroom.nl")
        .await
        .expect("lookup")
        .expect("Anna can log in");
    assert!(hash.starts_with("$argon2id$"), "only a hash is stored");

    let linked = create("lotte@polderstroom.nl", &[])
        .env("KLANTBEELD_PUBLIC_URL", "https://cx.polderstroom.nl")
        .output()
        .expect("run");
    assert!(
        linked.status.success(),
        "{}",
        String::from_utf8_lossy(&linked.stderr)
    );
    let stdout = String::from_utf8(linked.stdout).expect("utf-8");
    let token = stdout
        .trim()
        .strip_prefix("https://cx.polderstroom.nl/setup/")
        .unwrap_or_else(|| panic!("a setup link on stdout, without a TTY: {stdout}"));
    let lotte = store::setup_links::agent(&db, token)
        .await
        .expect("lookup")
        .expect("the link is live");
    assert_eq!(lotte.email, "lotte@polderstroom.nl");
    assert_eq!(lotte.role, Role::Admin);

    std::fs::write(&password_file, "kort\n").expect("write");
    for (email, extra) in [
        ("kees@polderstroom.nl", vec!["--password-file", file]),
        ("kees@polderstroom.nl", vec!["--role", "baas"]),
        ("geen-adres", vec![]),
        ("anna@polderstroom.nl", vec![]),
    ] {
        let refused = create(email, &extra).output().expect("run");
        assert!(!refused.status.success(), "{email} {extra:?}");
    }
    assert_eq!(store::agents::count(&db).await.expect("count"), 2);
}

/// Reads the server's log until it names the first-run key.
fn setup_key_from(stderr: std::process::ChildStderr) -> String {
    use std::io::BufRead;
    for line in std::io::BufReader::new(stderr).lines() {
        let line = line.expect("log line");
        if let Some(at) = line.find("/setup?key=") {
            return line[at + 11..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
                .collect();
        }
    }
    panic!("the server never logged a setup key");
}

#[tokio::test]
async fn serve_on_an_empty_database_logs_a_key_that_opens_setup_from_elsewhere() {
    let (url, _dir) = fresh_database().await;
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port();
    let base = format!("http://127.0.0.1:{port}");
    let mut server = klantbeeld()
        .args([
            "serve",
            "--database-url",
            &url,
            "--listen",
            &format!("127.0.0.1:{port}"),
        ])
        .env_remove("RUST_LOG")
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start the server");
    let stderr = server.stderr.take().expect("stderr");
    let key = tokio::task::spawn_blocking(move || setup_key_from(stderr))
        .await
        .expect("join");
    assert!(key.len() >= 40, "{key}");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    // A proxied request stands for a client elsewhere: it needs the key.
    let elsewhere = |path: &str| {
        client
            .get(format!("{base}{path}"))
            .header("x-forwarded-for", "203.0.113.9")
    };
    assert_eq!(elsewhere("/setup").send().await.expect("get").status(), 403);
    assert_eq!(
        elsewhere("/setup?key=wrong")
            .send()
            .await
            .expect("get")
            .status(),
        403
    );
    let page = elsewhere(&format!("/setup?key={key}"))
        .send()
        .await
        .expect("get");
    assert_eq!(page.status(), 200);
    let csrf = crate::ui::csrf_of(&page.text().await.expect("html"));
    let created = client
        .post(format!("{base}/setup"))
        .header("x-forwarded-for", "203.0.113.9")
        .form(&[
            ("csrf", csrf.as_str()),
            ("key", key.as_str()),
            ("name", "Anna de Vries"),
            ("email", "anna@polderstroom.nl"),
            ("password", "een-lang-wachtwoord"),
            ("password_again", "een-lang-wachtwoord"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(created.status(), 303);
    assert_eq!(created.headers()["location"], "/admin/agents");
    let admin = client
        .get(format!("{base}/admin/agents"))
        .send()
        .await
        .expect("get");
    assert_eq!(admin.status(), 200, "the new admin is logged in");
    server.kill().expect("stop the server");
    let _ = server.wait();
}
