//! `TestApp`: a running server on a fresh database, with an HTTP client and helpers.

use std::time::Duration;

use domain::Role;
use klantbeeld::config::Config;
use klantbeeld::server;
use rand::Rng;
use serde_json::Value;
use store::Db;
use store::events::Actor;
use tokio::sync::oneshot;

pub struct TestApp {
    pub base: String,
    /// The URL of the app's database, for running `klantbeeld` commands against it.
    pub database_url: String,
    pub db: Db,
    pub client: reqwest::Client,
    /// An agent-role API token.
    pub token: String,
    /// This server's search index folder.
    pub search_index: std::path::PathBuf,
    settings: Config,
    _dir: tempfile::TempDir,
    shutdown: oneshot::Sender<()>,
    server: tokio::task::JoinHandle<()>,
}

/// A fresh, migrated database: a temp SQLite file, or a new database on the PostgreSQL server
/// named by `KLANTBEELD_TEST_DATABASE_URL`.
pub async fn fresh_database() -> (String, Option<tempfile::TempDir>) {
    match std::env::var("KLANTBEELD_TEST_DATABASE_URL")
        .ok()
        .filter(|u| !u.is_empty())
    {
        Some(server_url) => (fresh_postgres(&server_url).await, None),
        None => {
            let dir = tempfile::tempdir().expect("temp dir");
            (
                format!("sqlite://{}/test.db", dir.path().display()),
                Some(dir),
            )
        }
    }
}

pub async fn fresh_postgres(server_url: &str) -> String {
    let name = format!("kb_test_{:016x}", rand::rng().random::<u64>());
    let admin = Db::connect(server_url)
        .await
        .expect("connect to the PostgreSQL test server");
    let Db::Postgres(pool) = &admin else {
        panic!("KLANTBEELD_TEST_DATABASE_URL must be a postgres:// URL")
    };
    sqlx::query(sqlx::AssertSqlSafe(format!("CREATE DATABASE {name}")))
        .execute(pool)
        .await
        .expect("create test database");
    admin.close().await;
    let (base, _) = server_url
        .rsplit_once('/')
        .expect("URL with a database name");
    format!("{base}/{name}")
}

pub fn is_postgres() -> bool {
    std::env::var("KLANTBEELD_TEST_DATABASE_URL").is_ok_and(|u| !u.is_empty())
}

impl TestApp {
    pub async fn spawn() -> TestApp {
        Self::spawn_with(Config::default()).await
    }

    /// A server with some settings changed; the database and address are always fresh.
    pub async fn spawn_with(settings: Config) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        Self::start(settings, listener).await
    }

    /// A server whose configured `public_url` is its own address, as websites reach it.
    pub async fn spawn_public() -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let public_url = format!("http://{}", listener.local_addr().expect("addr"));
        let settings = Config {
            public_url: Some(public_url),
            ..Config::default()
        };
        Self::start(settings, listener).await
    }

    /// A server on a database that `prepare` filled before the server started (as `klantbeeld
    /// demo` fills one), so the fact store loads it at start.
    pub async fn spawn_prepared<F: std::future::Future<Output = ()>>(
        prepare: impl FnOnce(Db) -> F,
    ) -> TestApp {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        Self::start_prepared(Config::default(), listener, prepare).await
    }

    async fn start(settings: Config, listener: tokio::net::TcpListener) -> TestApp {
        Self::start_prepared(settings, listener, |_| async {}).await
    }

    async fn start_prepared<F: std::future::Future<Output = ()>>(
        settings: Config,
        listener: tokio::net::TcpListener,
        prepare: impl FnOnce(Db) -> F,
    ) -> TestApp {
        let (url, dir) = fresh_database().await;
        // The search index in the test's own folder on either backend.
        let dir = dir.unwrap_or_else(|| tempfile::tempdir().expect("temp dir"));
        let settings = Config {
            search_index: settings
                .search_index
                .or_else(|| Some(dir.path().join("search").display().to_string())),
            ..settings
        };
        let (db, shutdown, server, config) = Self::serve(settings, &url, listener, prepare).await;
        let token = store::tokens::create(&db, "tests", Role::Agent, None, &Actor::System)
            .await
            .expect("token")
            .1;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        TestApp {
            base: format!("http://{}", config.listen),
            database_url: url,
            db,
            client,
            token,
            search_index: config.search_index_path(),
            settings: config,
            _dir: dir,
            shutdown,
            server,
        }
    }

    /// Opens the database, lets `prepare` fill it, then serves it.
    async fn serve<F: std::future::Future<Output = ()>>(
        settings: Config,
        url: &str,
        listener: tokio::net::TcpListener,
        prepare: impl FnOnce(Db) -> F,
    ) -> (Db, oneshot::Sender<()>, tokio::task::JoinHandle<()>, Config) {
        let config = Config {
            database_url: url.to_string(),
            listen: listener.local_addr().expect("addr").to_string(),
            ..settings
        };
        let db = server::open_database(&config).await.expect("open database");
        prepare(db.clone()).await;
        let (tx, rx) = oneshot::channel::<()>();
        let (serve_db, serve_config) = (db.clone(), config.clone());
        let server = tokio::spawn(async move {
            server::serve(serve_db, &serve_config, listener, async {
                let _ = rx.await;
            })
            .await
            .expect("server runs");
        });
        (db, tx, server, config)
    }

    /// Stops the server and starts it again on the same database, folder and port.
    pub async fn restart(self) -> TestApp {
        self.stop_and_start(false).await
    }

    /// Stops the server, removes its search index, and starts it again.
    pub async fn restart_without_index(self) -> TestApp {
        self.stop_and_start(true).await
    }

    async fn stop_and_start(self, remove_index: bool) -> TestApp {
        let TestApp {
            database_url,
            token,
            search_index,
            settings,
            _dir,
            shutdown,
            server,
            ..
        } = self;
        // The old client's idle connections go with it.
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let _ = shutdown.send(());
        server.await.expect("the server stops");
        if remove_index {
            std::fs::remove_dir_all(&search_index).expect("remove the search index");
        }
        let listener = tokio::net::TcpListener::bind(&settings.listen)
            .await
            .expect("bind the same port again");
        let (db, shutdown, server, config) =
            Self::serve(settings, &database_url, listener, |_| async {}).await;
        TestApp {
            base: format!("http://{}", config.listen),
            database_url,
            db,
            client,
            token,
            search_index,
            settings: config,
            _dir,
            shutdown,
            server,
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn token_for(&self, role: Role) -> String {
        store::tokens::create(&self.db, "role test", role, None, &Actor::System)
            .await
            .expect("token")
            .1
    }

    pub async fn get(&self, path: &str) -> (u16, Value) {
        let response = self
            .client
            .get(self.url(path))
            .bearer_auth(&self.token)
            .send()
            .await
            .expect("request");
        read(response).await
    }

    pub async fn post(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::POST, path, body).await
    }

    pub async fn patch(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::PATCH, path, body).await
    }

    pub async fn put_json(&self, path: &str, body: &Value) -> (u16, Value) {
        self.send_json(reqwest::Method::PUT, path, body).await
    }

    async fn send_json(&self, method: reqwest::Method, path: &str, body: &Value) -> (u16, Value) {
        let response = self
            .client
            .request(method, self.url(path))
            .bearer_auth(&self.token)
            .json(body)
            .send()
            .await
            .expect("request");
        read(response).await
    }

    /// Sends a raw body with a content type, for malformed-input tests.
    pub async fn post_raw(&self, path: &str, content_type: &str, body: Vec<u8>) -> (u16, Value) {
        let response = self
            .client
            .post(self.url(path))
            .bearer_auth(&self.token)
            .header("content-type", content_type)
            .body(body)
            .send()
            .await
            .expect("request");
        read(response).await
    }

    /// Posts to a hook (`/hooks/{channel}/{inbox}`) as the configured MTA or PBX does: with the
    /// inbox's secret (generated when it was created) as the bearer token, if the inbox has one.
    pub async fn post_hook(
        &self,
        path: &str,
        content_type: &str,
        body: impl Into<reqwest::Body>,
    ) -> (u16, Value) {
        let inbox_id = path
            .rsplit('/')
            .next()
            .and_then(|id| id.parse().ok())
            .expect("a hook path ends in the inbox id");
        let secret = store::channels::inboxes::get(&self.db, inbox_id)
            .await
            .ok()
            .and_then(|inbox| inbox.setting("webhook_secret").map(str::to_string));
        let mut request = self
            .client
            .post(self.url(path))
            .header("content-type", content_type)
            .body(body);
        if let Some(secret) = secret {
            request = request.bearer_auth(secret);
        }
        read(request.send().await.expect("request")).await
    }

    /// Creates an inbox as an admin and returns the API's answer.
    pub async fn create_inbox(&self, body: &Value) -> Value {
        let admin = self.token_for(Role::Admin).await;
        let response = self
            .client
            .post(self.url("/api/v1/inboxes"))
            .bearer_auth(admin)
            .json(body)
            .send()
            .await
            .expect("inbox");
        let (status, inbox) = read(response).await;
        assert_eq!(status, 201, "{inbox}");
        inbox
    }

    /// How many rows `table` has: to prove a rejected request wrote nothing.
    pub async fn count(&self, table: &str) -> i64 {
        let sql = format!("SELECT COUNT(*) FROM {table}");
        match &self.db {
            Db::Sqlite(pool) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_one(pool)
                    .await
            }
            Db::Postgres(pool) => {
                sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
                    .fetch_one(pool)
                    .await
            }
        }
        .expect("count")
    }

    /// The first column of every row `sql` finds, as text.
    pub async fn texts(&self, sql: &'static str) -> Vec<String> {
        match &self.db {
            Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
            Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        }
        .expect("query")
    }

    /// Runs a statement on the app's database: to move time on (expire, remind) in a test.
    pub async fn execute(&self, sql: &'static str) {
        match &self.db {
            Db::Sqlite(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
            Db::Postgres(pool) => sqlx::query(sql).execute(pool).await.map(|_| ()),
        }
        .expect("statement");
    }

    /// Another admin, so the first may be deactivated or demoted.
    pub async fn admin_agent_named(&self, email: &str) -> i64 {
        self.admin_agent(email, "een-ander-lang-wachtwoord").await
    }

    /// An admin agent with a password, for UI tests.
    pub async fn admin_agent(&self, email: &str, password: &str) -> i64 {
        let hash = web::hash_password(password).expect("hash");
        let new = store::agents::NewAgent {
            email,
            name: "Anna de Vries",
            role: Role::Admin,
            password_hash: Some(&hash),
            language: "nl",
            team_ids: &[],
        };
        store::agents::create(&self.db, new, &Actor::System)
            .await
            .expect("agent")
            .id
    }
}

/// A browser-like client (cookies kept, redirects not followed) logged in through the login form.
pub async fn logged_in_as(app: &TestApp, email: &str, password: &str) -> reqwest::Client {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password), ("next", "/inbox")])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 303, "{email} logs in");
    client
}

pub async fn read(response: reqwest::Response) -> (u16, Value) {
    let status = response.status().as_u16();
    let text = response.text().await.expect("body");
    let value = serde_json::from_str(&text).unwrap_or(Value::String(text));
    (status, value)
}

/// The mail servers of `scripts/test.sh`; without them the mail tests say so and stop.
pub fn mail_servers() -> Option<(String, String)> {
    if std::env::var("KLANTBEELD_MAIL_TESTS").as_deref() != Ok("1") {
        eprintln!("mail servers not started (run scripts/test.sh): mail test skipped");
        return None;
    }
    Some((
        std::env::var("KLANTBEELD_TEST_SMTP_URL").expect("smtp url"),
        std::env::var("KLANTBEELD_TEST_SENT_DIR").expect("sent dir"),
    ))
}

/// Waits until `check` finds what it looks for, or fails after ten seconds.
pub async fn eventually<T, F: std::future::Future<Output = Option<T>>>(
    what: &str,
    mut check: impl FnMut() -> F,
) -> T {
    for _ in 0..100 {
        if let Some(found) = check().await {
            return found;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("timed out waiting for {what}");
}

/// The sent mail (as the SMTP server received it) that contains `needle`.
pub async fn sent_mail(dir: &str, needle: &str) -> String {
    eventually("the reply to reach the SMTP server", || async {
        let entries = std::fs::read_dir(dir).ok()?;
        entries
            .filter_map(|e| e.ok())
            .filter(|e| e.path().extension().is_some_and(|x| x == "eml"))
            .filter_map(|e| std::fs::read_to_string(e.path()).ok())
            .find(|text| text.contains(needle))
    })
    .await
}
