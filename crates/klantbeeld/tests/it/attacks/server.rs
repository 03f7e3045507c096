//! Attacks on the server as a whole: slow and idle connections, the metrics endpoint, redirects
//! after login, login throttling, attachments, caching, cookies, CSV exports.

use std::net::IpAddr;
use std::time::{Duration, Instant};

use domain::Role;
use futures::{SinkExt, StreamExt};
use klantbeeld::config::Config;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{TestApp, read};

const PASSWORD: &str = "een-lang-wachtwoord";
const EMAIL: &str = "anna@polderstroom.nl";

/// A server that closes connections without a request head after one second.
async fn impatient(max_connections: usize) -> TestApp {
    TestApp::spawn_with(Config {
        header_timeout_secs: 1,
        max_connections,
        ..Config::default()
    })
    .await
}

fn addr(app: &TestApp) -> String {
    app.base.trim_start_matches("http://").to_string()
}

/// Reads until the server closes the connection; panics if it is still open after `within`.
async fn closed_by_server(stream: &mut TcpStream, within: Duration) {
    let mut sink = Vec::new();
    let closed = tokio::time::timeout(within, stream.read_to_end(&mut sink)).await;
    assert!(closed.is_ok(), "the server kept the connection open");
}

#[tokio::test]
async fn a_request_head_that_never_finishes_is_cut_off() {
    let app = impatient(64).await;
    let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
        .await
        .expect("write");
    let trickle = async {
        loop {
            tokio::time::sleep(Duration::from_millis(300)).await;
            if stream.write_all(b"a").await.is_err() {
                return;
            }
        }
    };
    let cut_off = tokio::time::timeout(Duration::from_secs(5), trickle).await;
    assert!(
        cut_off.is_ok(),
        "a header sent a byte at a time was read for five seconds"
    );
}

#[tokio::test]
async fn a_silent_connection_is_closed() {
    let app = impatient(64).await;
    let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
    closed_by_server(&mut stream, Duration::from_secs(5)).await;
}

#[tokio::test]
async fn an_idle_keep_alive_connection_is_closed() {
    let app = impatient(64).await;
    let mut stream = TcpStream::connect(addr(&app)).await.expect("connect");
    stream
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .expect("write");
    let mut head = [0u8; 12];
    stream.read_exact(&mut head).await.expect("an answer");
    assert_eq!(&head, b"HTTP/1.1 200");
    closed_by_server(&mut stream, Duration::from_secs(5)).await;
}

#[tokio::test]
async fn with_every_connection_taken_by_idle_sockets_health_answers_once_they_are_dropped() {
    let app = impatient(4).await;
    let mut idle = Vec::new();
    for _ in 0..12 {
        idle.push(TcpStream::connect(addr(&app)).await.expect("connect"));
    }
    let client = reqwest::Client::new();
    let while_full = client
        .get(app.url("/healthz"))
        .timeout(Duration::from_millis(300))
        .send()
        .await;
    assert!(
        while_full.is_err(),
        "the connection cap holds: no fifth connection is served while four are open"
    );
    let started = Instant::now();
    let health = client
        .get(app.url("/healthz"))
        .timeout(Duration::from_secs(15))
        .send()
        .await
        .expect("/healthz answers once the idle sockets are dropped");
    assert_eq!(health.status(), 200);
    assert!(started.elapsed() < Duration::from_secs(15));
}

#[tokio::test]
async fn a_quiet_chat_socket_and_a_live_view_outlast_the_header_timeout() {
    let app = impatient(64).await;
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = read(
        app.client
            .post(app.url("/api/v1/inboxes"))
            .bearer_auth(&admin)
            .json(&json!({"kind": "chat", "name": "Chat"}))
            .send()
            .await
            .expect("inbox"),
    )
    .await;
    let ws_url = app
        .url(&format!("/chat/{}/socket", inbox["id"]))
        .replacen("http", "ws", 1);
    let (mut socket, _) = tokio_tungstenite::connect_async(ws_url)
        .await
        .expect("websocket");
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Anna", "email": "anna@example.nl"}),
        )
        .await;
    let (_, case) = app
        .post("/api/v1/cases", &json!({"customer_id": customer["id"], "channel": "email", "subject": "Storing", "message": "Geen stroom"}))
        .await;
    let client = logged_in(&app).await;
    let mut live = client
        .get(app.url(&format!("/cases/{}/live", case["id"])))
        .send()
        .await
        .expect("stream");
    assert_eq!(live.status(), 200);

    tokio::time::sleep(Duration::from_millis(2500)).await;

    socket
        .send(Message::Text(
            json!({"type": "message", "body": "Nog steeds geen stroom"})
                .to_string()
                .into(),
        ))
        .await
        .expect("the chat socket is still open");
    let ack = loop {
        let frame = tokio::time::timeout(Duration::from_secs(10), socket.next())
            .await
            .expect("a frame in time")
            .expect("open")
            .expect("frame");
        if let Message::Text(text) = frame {
            let frame: Value = serde_json::from_str(&text).expect("json");
            if frame["type"] == "ack" || frame["type"] == "error" {
                break frame;
            }
        }
    };
    assert_eq!(ack["type"], "ack", "{ack}");
    app.post(
        &format!("/api/v1/cases/{}/messages", case["id"]),
        &json!({"body": "We kijken ernaar", "kind": "reply"}),
    )
    .await;
    let mut received = String::new();
    while !received.contains("event: case") {
        let chunk = tokio::time::timeout(Duration::from_secs(10), live.chunk())
            .await
            .expect("an event within ten seconds")
            .expect("the live view is still open")
            .expect("stream open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
}

async fn metric_lines(app: &TestApp) -> usize {
    let response = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(response.status(), 200);
    response.text().await.expect("text").lines().count()
}

async fn junk(app: &TestApp, i: usize) {
    let method = |name: String| reqwest::Method::from_bytes(name.as_bytes()).expect("method");
    let long = format!("JUNK{}", "X".repeat(4000 + i));
    for (verb, path) in [
        (method(format!("JUNK{i}")), format!("/nothing-here-{i}")),
        (method(long), "/healthz".to_string()),
        (method(format!("Q{i}")), format!("/api/v1/nope/{i}")),
        (reqwest::Method::GET, format!("/x/{i}/y?z={i}")),
        (reqwest::Method::DELETE, format!("/hooks/what/{i}")),
    ] {
        app.client
            .request(verb, app.url(&path))
            .send()
            .await
            .expect("request");
    }
}

#[tokio::test]
async fn junk_methods_and_random_paths_do_not_grow_the_metrics() {
    let app = TestApp::spawn().await;
    junk(&app, 0).await;
    metric_lines(&app).await;
    let before = metric_lines(&app).await;
    for i in 1..=200 {
        junk(&app, i).await;
    }
    let after = metric_lines(&app).await;
    assert_eq!(after, before, "200 rounds of junk added lines to /metrics");
}

#[tokio::test]
async fn a_token_restricted_metrics_endpoint_refuses_scrapes_without_it() {
    let app = TestApp::spawn_with(Config {
        metrics_token: Some("scrape-secret".into()),
        ..Config::default()
    })
    .await;
    let scrape = |token: Option<&'static str>| {
        let mut request = app.client.get(app.url("/metrics"));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        async move { request.send().await.expect("scrape").status().as_u16() }
    };
    assert_eq!(scrape(None).await, 403);
    assert_eq!(scrape(Some("guess")).await, 403);
    assert_eq!(scrape(Some("scrape-secret")).await, 200);
}

#[tokio::test]
async fn metrics_are_refused_outside_the_allowed_ranges_and_through_a_proxy() {
    let app = TestApp::spawn().await;
    let proxied = app
        .client
        .get(app.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .expect("scrape");
    assert_eq!(
        proxied.status(),
        403,
        "a proxy on this host does not make the public a local caller"
    );
    let elsewhere = TestApp::spawn_with(Config {
        metrics_allow_from: vec!["10.0.0.0/8".parse().expect("range")],
        ..Config::default()
    })
    .await;
    let refused = elsewhere
        .client
        .get(elsewhere.url("/metrics"))
        .send()
        .await
        .expect("scrape");
    assert_eq!(refused.status(), 403);
}

async fn logged_in(app: &TestApp) -> reqwest::Client {
    app.admin_agent(EMAIL, PASSWORD).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = login(&client, app, "/inbox").await;
    assert_eq!(response.status(), 303, "a good login redirects");
    client
}

async fn login(client: &reqwest::Client, app: &TestApp, next: &str) -> reqwest::Response {
    client
        .post(app.url("/login"))
        .form(&[("email", EMAIL), ("password", PASSWORD), ("next", next)])
        .send()
        .await
        .expect("login")
}

const REDIRECTS: &[&str] = &[
    "//evil.example",
    "///evil.example",
    "/\\evil.example",
    "\\/evil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/%5cevil.example",
    "/%2F/evil.example",
    "https://evil.example",
    "http:evil.example",
    "javascript:alert(1)",
    "/a/../..//evil.example",
    " //evil.example",
    "/\u{0}/evil.example",
];

/// The host a browser goes to after `location`, resolved against our own page.
fn destination(app: &TestApp, location: &str) -> String {
    reqwest::Url::parse(&app.url("/login"))
        .and_then(|page| page.join(location))
        .map(|url| url.host_str().unwrap_or_default().to_string())
        .unwrap_or_default()
}

#[tokio::test]
async fn a_login_redirect_to_another_host_is_refused() {
    let app = TestApp::spawn().await;
    app.admin_agent(EMAIL, PASSWORD).await;
    for payload in REDIRECTS {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let response = login(&client, &app, payload).await;
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().expect("ascii");
        assert_eq!(
            destination(&app, location),
            "127.0.0.1",
            "{payload:?} → {location:?}"
        );
        assert!(
            !location.chars().any(|c| c.is_control() || c == '\\'),
            "{payload:?} → {location:?}"
        );
        let form = app
            .client
            .get(app.url("/login"))
            .query(&[("next", payload)])
            .send()
            .await
            .expect("login page")
            .text()
            .await
            .expect("html");
        let start = form.find("name=\"next\" value=\"").expect("next field") + 20;
        let carried = form[start..].split('"').next().expect("value");
        assert_eq!(
            destination(&app, carried),
            "127.0.0.1",
            "{payload:?} → {carried:?}"
        );
    }
    let kept = login(&app.client, &app, "/cases/7?notice=x").await;
    assert_eq!(kept.headers()["location"], "/cases/7?notice=x");
}

#[tokio::test]
async fn the_language_switch_does_not_redirect_to_another_host() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/inbox"))
        .send()
        .await
        .expect("inbox")
        .text()
        .await
        .expect("html");
    let start = page.find("name=\"csrf\" value=\"").expect("csrf") + 19;
    let csrf = page[start..].split('"').next().expect("token").to_string();
    for payload in REDIRECTS {
        let response = client
            .post(app.url("/language"))
            .form(&[("csrf", csrf.as_str()), ("lang", "en"), ("back", payload)])
            .send()
            .await
            .expect("switch");
        assert_eq!(response.status(), 303);
        let location = response.headers()["location"].to_str().expect("ascii");
        assert_eq!(
            destination(&app, location),
            "127.0.0.1",
            "{payload:?} → {location:?}"
        );
    }
}

/// A client whose connections come from `local` (any 127.x address reaches the server).
fn client_from(local: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(local.parse::<IpAddr>().expect("ip"))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

#[tokio::test]
async fn failing_logins_for_an_account_named_like_an_address_do_not_lock_that_address_out() {
    let app = TestApp::spawn().await;
    app.admin_agent(EMAIL, PASSWORD).await;
    let attacker = client_from("127.0.0.2");
    for _ in 0..12 {
        attacker
            .post(app.url("/login"))
            .form(&[("email", "127.0.0.1"), ("password", "fout")])
            .send()
            .await
            .expect("login");
    }
    let victim = client_from("127.0.0.1");
    let response = login(&victim, &app, "/inbox").await;
    assert_eq!(
        response.status(),
        303,
        "the victim's address is not locked out"
    );
}

#[tokio::test]
async fn parallel_wrong_passwords_are_evaluated_at_most_the_limit_number_of_times() {
    let app = TestApp::spawn().await;
    app.admin_agent(EMAIL, PASSWORD).await;
    let attempts = (0..30).map(|_| {
        let (client, url) = (app.client.clone(), app.url("/login"));
        async move {
            client
                .post(url)
                .form(&[("email", EMAIL), ("password", "fout")])
                .send()
                .await
                .expect("login")
                .status()
                .as_u16()
        }
    });
    let statuses = futures::future::join_all(attempts).await;
    let wrong = statuses.iter().filter(|s| **s == 401).count();
    let throttled = statuses.iter().filter(|s| **s == 429).count();
    assert_eq!((wrong, throttled), (10, 20), "{statuses:?}");
}

async fn emailed_attachments(app: &TestApp) -> Vec<i64> {
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = read(
        app.client
            .post(app.url("/api/v1/inboxes"))
            .bearer_auth(&admin)
            .json(&json!({"kind": "email", "name": "Support"}))
            .send()
            .await
            .expect("inbox"),
    )
    .await;
    let raw = "From: Mallory <mallory@example.net>\r\nSubject: Factuur\r\nMessage-ID: <x-1@example.net>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlage.\r\n\
        --b\r\nContent-Type: text/html; name=\"factuur.html\"\r\nContent-Disposition: attachment; filename=\"factuur.html\"\r\n\r\n\
        <script>fetch('/api/v1/customers')</script>\r\n\
        --b\r\nContent-Type: application/javascript; name=\"x.js\"\r\nContent-Disposition: attachment; filename=\"x.js\"\r\n\r\n\
        alert(document.cookie)\r\n--b--\r\n";
    let (status, ingested) = app
        .post_hook(
            &format!("/hooks/email/{}", inbox["id"]),
            "message/rfc822",
            raw,
        )
        .await;
    assert_eq!(status, 201, "{ingested}");
    let sql = "SELECT id FROM attachments ORDER BY id";
    match &app.db {
        store::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
        store::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_all(pool).await,
    }
    .expect("attachments")
}

fn assert_sandboxed(response: &reqwest::Response, route: &str) {
    assert_eq!(response.status(), 200, "{route}");
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        header("content-security-policy").starts_with("sandbox"),
        "{route}: {}",
        header("content-security-policy")
    );
    assert_eq!(header("x-content-type-options"), "nosniff", "{route}");
    assert!(
        header("content-disposition").starts_with("attachment;"),
        "{route}"
    );
}

#[tokio::test]
async fn an_emailed_script_is_served_sandboxed_from_the_ui_and_the_api() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let ids = emailed_attachments(&app).await;
    assert_eq!(ids.len(), 2);
    for id in ids {
        let ui = client
            .get(app.url(&format!("/attachments/{id}")))
            .send()
            .await
            .expect("ui download");
        assert_sandboxed(&ui, "/attachments");
        let api = app
            .client
            .get(app.url(&format!("/api/v1/attachments/{id}")))
            .bearer_auth(&app.token)
            .send()
            .await
            .expect("api download");
        assert_sandboxed(&api, "/api/v1/attachments");
    }
}

#[tokio::test]
async fn logged_in_pages_and_api_answers_are_not_cached_but_assets_are() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let cache = |response: reqwest::Response| {
        response
            .headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    for path in ["/inbox", "/customers", "/dashboard", "/login"] {
        let page = client.get(app.url(path)).send().await.expect("page");
        assert_eq!(cache(page), "no-store", "{path}");
    }
    let api = app
        .client
        .get(app.url("/api/v1/cases"))
        .bearer_auth(&app.token)
        .send()
        .await
        .expect("api");
    assert_eq!(cache(api), "no-store");
    let refused = app
        .client
        .get(app.url("/api/v1/cases"))
        .send()
        .await
        .expect("api");
    assert_eq!(cache(refused), "no-store");
    let asset = app
        .client
        .get(app.url("/assets/app.css"))
        .send()
        .await
        .expect("asset");
    assert!(cache(asset).starts_with("public"));
}

#[tokio::test]
async fn session_cookies_are_secure_when_the_public_address_is_https() {
    let app = TestApp::spawn_with(Config {
        public_url: Some("https://support.example.nl".into()),
        ..Config::default()
    })
    .await;
    app.admin_agent(EMAIL, PASSWORD).await;
    let response = login(&app.client, &app, "/inbox").await;
    assert_eq!(response.status(), 303);
    let cookie = response.headers()["set-cookie"].to_str().expect("ascii");
    assert!(cookie.contains("; Secure"), "{cookie}");
}

#[tokio::test]
async fn csv_exports_do_not_carry_spreadsheet_formulas() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let responses = "\
response_id,customer_id,survey_kind,score,channel,touchpoint,segment,agent_id,created_at
r1,c1,nps,2,email,\"=HYPERLINK(\"\"http://evil.example\"\",\"\"klik\"\")\",smb,a1,2025-01-15 10:00:00
r2,c2,nps,3,email,@SUM(1+1),smb,a1,2025-01-16 10:00:00
r3,c3,nps,1,email,-2+3,smb,a1,2025-01-17 10:00:00
r4,c4,nps,0,email,+cmd,smb,a1,2025-01-18 10:00:00
";
    let file = crate::metrics::write(dir.path(), "surveys.csv", responses);
    crate::metrics::import_ok(&app, "survey-responses", &file).await;
    crate::metrics::rows_when(&app, "/api/v1/metrics/nps", |rows| {
        rows.iter().filter_map(|row| row["n"].as_u64()).sum::<u64>() == 4
    })
    .await;
    let api = app
        .client
        .get(app.url("/api/v1/metrics/nps?group_by=touchpoint"))
        .bearer_auth(&app.token)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    let client = logged_in(&app).await;
    let dashboard =
        client
            .get(app.url(
                "/dashboard/export?metric=nps&group_by=touchpoint&from=2025-01-01&to=2025-01-31",
            ))
            .send()
            .await
            .expect("export")
            .text()
            .await
            .expect("text");
    for csv in [api, dashboard] {
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("record")).collect();
        assert_eq!(rows.len(), 4, "{csv}");
        for row in &rows {
            let touchpoint = &row[0];
            assert!(
                touchpoint.starts_with('\''),
                "a formula cell is neutralised: {touchpoint}"
            );
            assert_eq!(&row[1], "-100", "a negative figure stays a number: {csv}");
        }
    }
}
