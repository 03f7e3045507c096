//! Writing to customers: starting a conversation on email, SMS or WhatsApp; copies, signatures
//! and files on email replies; drafts kept while typing. Mail goes to the real SMTP sink
//! `scripts/test.sh` starts; texts to a local stand-in for the provider.

mod conversations;
mod drafts;
mod email;

use domain::Role;
use klantbeeld::config::Config;
use serde_json::{Value, json};
use store::events::Actor;

use crate::helpers::TestApp;

pub const PASSWORD: &str = "een-lang-genoeg-wachtwoord";

/// A server that sends mail through the test SMTP sink, with an email inbox; `None` (and the
/// test skipped) without the mail servers.
pub async fn mailing_app() -> Option<(TestApp, String)> {
    let (smtp_url, sent_dir) = crate::helpers::mail_servers()?;
    let app = TestApp::spawn_with(Config {
        smtp_url: Some(smtp_url),
        ..Config::default()
    })
    .await;
    app.create_inbox(
        &json!({"kind": "email", "name": "Klantenservice Polderstroom",
        "settings": {"address": "support@polderstroom.nl"}}),
    )
    .await;
    Some((app, sent_dir))
}

/// A customer made through the API; their id.
pub async fn customer(app: &TestApp, body: Value) -> i64 {
    let (status, customer) = app.post("/api/v1/customers", &body).await;
    assert_eq!(status, 201, "{customer}");
    customer["id"].as_i64().expect("id")
}

/// An agent who logged in: their id and a browser-like client with the session cookie.
pub async fn agent_session(app: &TestApp, email: &str, language: &str) -> (i64, reqwest::Client) {
    let hash = web::hash_password(PASSWORD).expect("hash");
    let new = store::agents::NewAgent {
        email,
        name: "Sanne Bakker",
        role: Role::Agent,
        password_hash: Some(&hash),
        language,
        team_ids: &[],
    };
    let id = store::agents::create(&app.db, new, &Actor::System)
        .await
        .expect("agent")
        .id;
    (id, crate::helpers::logged_in_as(app, email, PASSWORD).await)
}

/// An API token the agent made: what they write through it is theirs.
pub async fn token_of(app: &TestApp, agent_id: i64) -> String {
    store::tokens::create(&app.db, "mine", Role::Agent, Some(agent_id), &Actor::System)
        .await
        .expect("token")
        .1
}

/// A request with a bearer token; the status and the JSON answer.
pub async fn call(
    app: &TestApp,
    method: reqwest::Method,
    token: &str,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    crate::helpers::read(request.send().await.expect("request")).await
}

pub async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("page");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("html")
}

/// A multipart/form-data body as a browser sends it: text fields, then files
/// `(field, file name, type, bytes)`.
pub fn multipart(
    fields: &[(&str, &str)],
    files: &[(&str, &str, &str, &[u8])],
) -> (String, Vec<u8>) {
    let boundary = "----klantbeeldtest7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, filename, content_type, data) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// Whether any mail the sink received contains `needle`, looking once.
pub fn mail_with(dir: &str, needle: &str) -> bool {
    std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok())
                .filter_map(|e| std::fs::read_to_string(e.path()).ok())
                .any(|text| text.contains(needle))
        })
        .unwrap_or(false)
}

/// The headers of a raw mail: everything before the first blank line.
pub fn headers(raw: &str) -> &str {
    raw.split("\r\n\r\n").next().unwrap_or(raw)
}
