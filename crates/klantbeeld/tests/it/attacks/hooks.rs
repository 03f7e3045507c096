//! Attacks on the channel hooks and inbox settings: posting mail and call events without the
//! inbox's secret, hijacking replies with a forged sender, flooding attachments, moving a stored
//! secret to another host, NUL characters and absurd dates in mail.

use domain::{InboxKind, Role};
use serde_json::{Value, json};
use store::events::Actor;

use crate::helpers::{TestApp, read};
use crate::ui::{csrf_of, logged_in};

async fn as_admin(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let admin = app.token_for(Role::Admin).await;
    let response = app
        .client
        .request(method, app.url(path))
        .bearer_auth(admin)
        .json(body)
        .send()
        .await
        .expect("request");
    read(response).await
}

async fn email_inbox(app: &TestApp, settings: Value) -> i64 {
    let (status, inbox) = as_admin(
        app,
        reqwest::Method::POST,
        "/api/v1/inboxes",
        &json!({"kind": "email", "name": "Support", "settings": settings}),
    )
    .await;
    assert_eq!(status, 201, "{inbox}");
    inbox["id"].as_i64().expect("id")
}

fn mail(message_id: &str, extra_headers: &str, body: &str) -> String {
    format!(
        "From: Anna de Vries <anna@example.nl>\r\nTo: support@polderstroom.nl\r\nSubject: Storing\r\n\
         Message-ID: <{message_id}>\r\n{extra_headers}MIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
}

async fn post_unsigned(app: &TestApp, path: &str, content_type: &str, body: String) -> u16 {
    app.client
        .post(app.url(path))
        .header("content-type", content_type)
        .body(body)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

/// One text column of the first row `sql` finds.
async fn text(app: &TestApp, sql: &'static str) -> Option<String> {
    match &app.db {
        store::Db::Sqlite(pool) => sqlx::query_scalar(sql).fetch_optional(pool).await,
        store::Db::Postgres(pool) => sqlx::query_scalar(sql).fetch_optional(pool).await,
    }
    .expect("query")
}

#[tokio::test]
async fn mail_and_call_events_without_the_inbox_secret_are_refused_and_store_nothing() {
    let app = TestApp::spawn().await;
    // An inbox from before secrets were generated: no secret at all.
    for kind in [InboxKind::Email, InboxKind::Phone] {
        store::channels::inboxes::create(&app.db, kind, "Oud", &json!({}), &Actor::System)
            .await
            .expect("inbox");
    }
    let new_email = email_inbox(&app, json!({})).await;
    let (_, new_phone) = as_admin(
        &app,
        reqwest::Method::POST,
        "/api/v1/inboxes",
        &json!({"kind": "phone", "name": "Lijn"}),
    )
    .await;
    let event = json!({"call_id": "x-1", "event": "abandoned", "caller": "+31612345678", "wait_seconds": 90});
    for path in [
        "/hooks/email/1".to_string(),
        format!("/hooks/email/{new_email}"),
    ] {
        assert_eq!(
            post_unsigned(
                &app,
                &path,
                "message/rfc822",
                mail("forged-1@x", "", "Hallo")
            )
            .await,
            401,
            "{path}"
        );
    }
    for path in [
        "/hooks/phone/2".to_string(),
        format!("/hooks/phone/{}", new_phone["id"]),
    ] {
        assert_eq!(
            post_unsigned(&app, &path, "application/json", event.to_string()).await,
            401,
            "{path}"
        );
    }
    // An agent's API token is not the inbox's secret either.
    let (status, _) = app
        .post(&format!("/hooks/phone/{}", new_phone["id"]), &event)
        .await;
    assert_eq!(status, 401);
    assert_eq!(app.count("interactions").await, 0);
    assert_eq!(app.count("calls").await, 0);
    assert_eq!(app.count("callbacks").await, 0);
}

#[tokio::test]
async fn a_new_inbox_shows_its_generated_secret_once_with_the_mta_setup_then_redacts_it() {
    let app = TestApp::spawn().await;
    let (status, created) = as_admin(
        &app,
        reqwest::Method::POST,
        "/api/v1/inboxes",
        &json!({"kind": "email", "name": "Support"}),
    )
    .await;
    assert_eq!(status, 201, "{created}");
    let secret = created["setup"]["webhook_secret"]
        .as_str()
        .expect("a secret");
    assert!(secret.len() > 40, "a random secret: {secret}");
    assert_eq!(created["settings"]["webhook_secret"], "********");
    let postfix = created["setup"]["instructions"][0]["text"]
        .as_str()
        .expect("text");
    assert!(
        postfix.contains(&format!("Authorization: Bearer {secret}")),
        "{postfix}"
    );
    assert!(
        postfix.contains(&format!("{}/hooks/email/{}", app.base, created["id"])),
        "{postfix}"
    );
    let (_, shown) = app.get("/api/v1/inboxes").await;
    assert!(
        !shown.to_string().contains(secret),
        "never shown again: {shown}"
    );
    let response = app
        .client
        .post(app.url(&format!("/hooks/email/{}", created["id"])))
        .bearer_auth(secret)
        .body(mail("m-1@example.nl", "", "Hallo"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 201, "the MTA with the secret gets in");

    // On the admin page too: the secret once, with the PBX's configuration.
    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/admin/inboxes"))
        .send()
        .await
        .expect("page");
    let csrf = csrf_of(&page.text().await.expect("html"));
    let created = client
        .post(app.url("/admin/inboxes"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "phone"),
            ("name", "Lijn"),
            ("settings", "{}"),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), 200);
    let html = created.text().await.expect("html");
    let secret = store::channels::inboxes::list(&app.db)
        .await
        .expect("inboxes")[1]
        .setting("webhook_secret")
        .expect("generated")
        .to_string();
    assert!(
        html.contains(&format!("Authorization: Bearer {secret}")),
        "{html}"
    );
    let list = client
        .get(app.url("/admin/inboxes"))
        .send()
        .await
        .expect("page");
    assert!(!list.text().await.expect("html").contains(&secret));
}

#[tokio::test]
async fn only_an_inbox_an_admin_opened_on_purpose_takes_unsigned_mail_and_it_is_marked_open() {
    let app = TestApp::spawn().await;
    let inbox = email_inbox(&app, json!({})).await;
    let path = format!("/hooks/email/{inbox}");
    let (status, body) = as_admin(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/inboxes/{inbox}"),
        &json!({"settings": {"open_webhook": "yes"}}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, _) = as_admin(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/inboxes/{inbox}"),
        &json!({"settings": {"open_webhook": true}}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        post_unsigned(&app, &path, "message/rfc822", mail("open-1@x", "", "Hallo")).await,
        201
    );
    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/admin/inboxes"))
        .send()
        .await
        .expect("page");
    let html = page.text().await.expect("html");
    assert!(html.contains("Open koppeling: iedereen"), "{html}");
}

#[tokio::test]
async fn a_forged_sender_with_a_reply_to_does_not_get_the_agents_reply() {
    let app = TestApp::spawn().await;
    let inbox = email_inbox(&app, json!({})).await;
    let path = format!("/hooks/email/{inbox}");
    let (status, first) = app
        .post_hook(
            &path,
            "message/rfc822",
            mail("real-1@example.nl", "", "Mijn stroom is uit."),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    let forged = mail(
        "forged-2@evil.example",
        "Reply-To: Anna <attacker@evil.example>\r\n\
         Authentication-Results: mx.polderstroom.nl; spf=fail smtp.mailfrom=evil.example; dkim=none; dmarc=fail header.from=example.nl\r\n",
        "Stuur de code naar dit adres.",
    );
    let (status, second) = app.post_hook(&path, "message/rfc822", forged).await;
    assert_eq!(status, 201, "{second}");
    let case = second["case_id"].as_i64().expect("case");
    assert_eq!(
        case,
        first["case_id"].as_i64().expect("case"),
        "lands on the victim's case"
    );

    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": "Hier is uw code.", "kind": "reply"}),
        )
        .await;
    assert_eq!(status, 201);
    let sent_to = text(
        &app,
        "SELECT address FROM interactions WHERE direction = 'outbound'",
    )
    .await;
    assert_eq!(
        sent_to.as_deref(),
        Some("anna@example.nl"),
        "the known address, not the Reply-To"
    );

    // The agent sees the request as a question and the failed checks, and may choose the address.
    let client = logged_in(&app).await;
    let page = client
        .get(app.url(&format!("/cases/{case}")))
        .send()
        .await
        .expect("page");
    let html = page.text().await.expect("html");
    assert!(
        html.contains("De afzender vraagt antwoorden te sturen naar attacker@evil.example"),
        "{html}"
    );
    assert!(
        html.contains("attacker@evil.example (niet geverifieerd)"),
        "{html}"
    );
    assert!(
        html.contains("Afzendercontrole mislukt, mogelijk vervalst: SPF, DMARC"),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let refused = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "reply"),
            ("body", "x"),
            ("reply_to", "other@evil.example"),
        ])
        .send()
        .await
        .expect("post");
    assert!(
        refused.headers()["location"]
            .to_str()
            .unwrap_or("")
            .contains("invalid_input")
    );
    let chosen = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "reply"),
            ("body", "Akkoord."),
            ("reply_to", "attacker@evil.example"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(chosen.status(), 303);
    let outbound = app.count("interactions WHERE direction = 'outbound'").await;
    assert_eq!(outbound, 2, "the refused choice sent nothing");
    let chosen_to = text(
        &app,
        "SELECT address FROM interactions WHERE direction = 'outbound' ORDER BY id DESC LIMIT 1",
    )
    .await;
    assert_eq!(
        chosen_to.as_deref(),
        Some("attacker@evil.example"),
        "only by the agent's choice"
    );
}

fn many_attachments(message_id: &str, count: usize) -> String {
    let mut raw = format!(
        "From: anna@example.nl\r\nSubject: Bijlagen\r\nMessage-ID: <{message_id}>\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nZie bijlagen.\r\n"
    );
    for i in 0..count {
        raw.push_str(&format!(
            "--b\r\nContent-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"f{i}.bin\"\r\n\r\nx\r\n"
        ));
    }
    raw.push_str("--b--\r\n");
    raw
}

#[tokio::test]
async fn a_mail_with_thousands_of_tiny_attachments_stores_at_most_the_limit() {
    let app = TestApp::spawn().await;
    let inbox = email_inbox(&app, json!({"max_attachments_per_hour": 25})).await;
    let path = format!("/hooks/email/{inbox}");
    let (status, body) = app
        .post_hook(&path, "message/rfc822", many_attachments("flood-1@x", 5000))
        .await;
    assert_eq!(status, 201, "{body}");
    assert_eq!(app.count("attachments").await, 20, "twenty per message");
    let details = text(&app, "SELECT CAST(details AS TEXT) FROM interactions")
        .await
        .expect("details");
    let details: Value = serde_json::from_str(&details).expect("json");
    assert_eq!(details["skipped_attachments_count"], 4980);
    assert_eq!(
        details["skipped_attachments"][0]["reason"],
        "too_many_in_message"
    );
    let (status, _) = app
        .post_hook(&path, "message/rfc822", many_attachments("flood-2@x", 10))
        .await;
    assert_eq!(status, 201);
    assert_eq!(
        app.count("attachments").await,
        25,
        "the inbox's hour is spent"
    );
    let (status, body) = as_admin(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/inboxes/{inbox}"),
        &json!({"settings": {"max_attachments_per_message": 100_000}}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
}

#[tokio::test]
async fn a_stored_secret_does_not_follow_a_changed_host() {
    let app = TestApp::spawn().await;
    let imap = json!({"host": "127.0.0.1", "port": 9, "tls": false, "username": "u", "password": "imap-geheim", "poll_seconds": 3600});
    let inbox = email_inbox(&app, json!({"imap": imap})).await;
    let path = format!("/api/v1/inboxes/{inbox}");
    let moved = json!({"settings": {"imap": {"host": "imap.evil.example", "port": 9, "tls": false, "username": "u",
        "password": "********", "poll_seconds": 3600}, "webhook_secret": "********"}});
    let (status, body) = as_admin(&app, reqwest::Method::PATCH, &path, &moved).await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(body["error"], "secret_required");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("settings.imap.password"),
        "{body}"
    );
    let stored = store::channels::inboxes::get(&app.db, inbox)
        .await
        .expect("inbox");
    assert_eq!(
        stored.settings["imap"]["host"], "127.0.0.1",
        "nothing changed"
    );
    let same_host = json!({"settings": {"imap": {"host": "127.0.0.1", "port": 9, "tls": false, "username": "v",
        "password": "********", "poll_seconds": 3600}, "webhook_secret": "********"}});
    let (status, body) = as_admin(&app, reqwest::Method::PATCH, &path, &same_host).await;
    assert_eq!(status, 200, "{body}");
    let stored = store::channels::inboxes::get(&app.db, inbox)
        .await
        .expect("inbox");
    assert_eq!(stored.settings["imap"]["password"], "imap-geheim");

    let (_, sms) = as_admin(&app, reqwest::Method::POST, "/api/v1/inboxes", &json!({"kind": "sms", "name": "SMS",
        "settings": {"provider": "twilio", "base_url": "http://127.0.0.1:9", "account_sid": "AC1", "auth_token": "twilio-geheim", "from": "+3197010000001"}})).await;
    let (status, body) = as_admin(&app, reqwest::Method::PATCH, &format!("/api/v1/inboxes/{}", sms["id"]),
        &json!({"settings": {"provider": "twilio", "base_url": "https://evil.example", "account_sid": "AC1", "auth_token": "********", "from": "+3197010000001"}})).await;
    assert_eq!(status, 422, "{body}");
    let stored = store::channels::inboxes::get(&app.db, sms["id"].as_i64().expect("id"))
        .await
        .expect("inbox");
    assert_eq!(stored.settings["base_url"], "http://127.0.0.1:9");
}

#[tokio::test]
async fn nul_characters_in_a_mail_are_dropped_and_the_mail_is_kept_on_both_databases() {
    let app = TestApp::spawn().await;
    let inbox = email_inbox(&app, json!({})).await;
    let raw = "From: =?utf-8?B?QW5uYQBY?= <anna@example.nl>\r\nSubject: =?utf-8?B?U3RvAHJpbmc=?=\r\nMessage-ID: <nul-1@x>\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\nMijn\0 stroom\r\n\
        --b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename*=utf-8''meter%00.pdf\r\n\r\nx\r\n--b--\r\n";
    let (status, body) = app
        .post_hook(
            &format!("/hooks/email/{inbox}"),
            "message/rfc822",
            raw.to_string(),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let stored = text(&app, "SELECT body FROM interactions")
        .await
        .expect("body");
    assert!(stored.starts_with("Mijn stroom"), "{stored:?}");
    let subject = text(&app, "SELECT subject FROM interactions")
        .await
        .expect("subject");
    assert!(
        subject.starts_with("Sto") && !subject.contains('\0'),
        "{subject:?}"
    );
    let filename = text(&app, "SELECT filename FROM attachments")
        .await
        .expect("file");
    assert!(!filename.contains('\0'), "{filename:?}");
}

#[tokio::test]
async fn a_mail_dated_1900_is_placed_at_its_receive_time_and_keeps_its_date_header() {
    let app = TestApp::spawn().await;
    let inbox = email_inbox(&app, json!({})).await;
    let before = chrono::Utc::now();
    let (status, body) = app
        .post_hook(
            &format!("/hooks/email/{inbox}"),
            "message/rfc822",
            mail("old-1@x", "Date: Mon, 1 Jan 1900 09:00:00 +0000\r\n", "Oud"),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let (_, timeline) = app
        .get(&format!(
            "/api/v1/customers/{}/timeline",
            body["customer_id"]
        ))
        .await;
    let at: chrono::DateTime<chrono::Utc> = timeline["items"][0]["occurred_at"]
        .as_str()
        .and_then(|at| at.parse().ok())
        .expect("occurred_at");
    assert!(at >= before - chrono::Duration::seconds(5), "{at}");
    let details = text(&app, "SELECT CAST(details AS TEXT) FROM interactions")
        .await
        .expect("details");
    assert!(details.contains("1900-01-01"), "{details}");
}

#[tokio::test]
async fn a_call_event_dated_1900_is_placed_at_its_receive_time() {
    let app = TestApp::spawn().await;
    let (_, inbox) = as_admin(
        &app,
        reqwest::Method::POST,
        "/api/v1/inboxes",
        &json!({"kind": "phone", "name": "Lijn"}),
    )
    .await;
    let before = chrono::Utc::now();
    let event = json!({"call_id": "old-1", "event": "ended", "caller": "+31612345678",
        "wait_seconds": 5, "talk_seconds": 60, "occurred_at": "1900-01-01T09:00:00Z"});
    let (status, body) = app
        .post_hook(
            &format!("/hooks/phone/{}", inbox["id"]),
            "application/json",
            event.to_string(),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let (_, timeline) = app
        .get(&format!(
            "/api/v1/customers/{}/timeline",
            body["call"]["customer_id"]
        ))
        .await;
    let at: chrono::DateTime<chrono::Utc> = timeline["items"][0]["occurred_at"]
        .as_str()
        .and_then(|at| at.parse().ok())
        .expect("occurred_at");
    assert!(at >= before - chrono::Duration::seconds(5), "{at}");
}
