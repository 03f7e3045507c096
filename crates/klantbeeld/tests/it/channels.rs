//! Every channel into one customer picture: email (hook, IMAP, SMTP out), web chat over WebSocket,
//! SMS through a provider, phone events and callbacks. Mail tests use the real servers
//! `scripts/test.sh` starts (aiosmtpd, Dovecot); the SMS provider is a local mock, as it cannot
//! run here.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::routing::post;
use domain::Role;
use klantbeeld::config::Config;
use serde_json::{Value, json};

use crate::helpers::{TestApp, eventually, mail_servers, read, sent_mail};
use crate::visitor::{Visitor, mailed_code};

async fn admin_post(app: &TestApp, token: &str, path: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request");
    read(response).await
}

/// A stand-in for Twilio's Messages API: records every request and answers with a message sid.
pub async fn twilio_mock() -> (String, Arc<Mutex<Vec<String>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().route(
        "/2010-04-01/Accounts/{account}/Messages.json",
        post(move |body: String| {
            let log = log.clone();
            async move {
                log.lock().expect("lock").push(body);
                axum::Json(
                    json!({"sid": "SM0000000000000000000000000000reply", "status": "queued"}),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("mock serves") });
    (base, seen)
}

fn raw_mail(from: &str, message_id: &str, subject: &str, body: &str, extra: &str) -> Vec<u8> {
    format!(
        "From: Anna de Vries <{from}>\r\nTo: support@polderstroom.nl\r\nSubject: {subject}\r\n\
         Message-ID: <{message_id}>\r\nDate: Tue, 24 Nov 2026 09:00:00 +0100\r\n{extra}\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n"
    )
    .into_bytes()
}

async fn post_mail(app: &TestApp, inbox: i64, raw: Vec<u8>) -> (u16, Value) {
    app.post_hook(&format!("/hooks/email/{inbox}"), "message/rfc822", raw)
        .await
}

async fn post_twilio(
    app: &TestApp,
    inbox: i64,
    params: &[(&str, &str)],
    sign_with: &str,
) -> (u16, String) {
    let url = app.url(&format!("/hooks/sms/{inbox}"));
    let owned: Vec<(String, String)> = params
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let signature = channels::sms::sign_twilio(sign_with, &url, &owned);
    let response = app
        .client
        .post(&url)
        .header("X-Twilio-Signature", signature)
        .form(&owned)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

#[tokio::test]
async fn email_chat_sms_and_a_call_from_one_person_make_one_timeline_and_replies_go_back_the_same_way()
 {
    let Some((smtp_url, sent_dir)) = mail_servers() else {
        return;
    };
    let app = TestApp::spawn_with(Config {
        smtp_url: Some(smtp_url),
        ..Config::default()
    })
    .await;
    let admin = app.token_for(Role::Admin).await;
    let (twilio, twilio_seen) = twilio_mock().await;

    let (status, email_inbox) = admin_post(&app, &admin, "/api/v1/inboxes",
        &json!({"kind": "email", "name": "Klantenservice", "settings": {"address": "support@polderstroom.nl"}})).await;
    assert_eq!(status, 201, "{email_inbox}");
    assert_eq!(
        email_inbox["hook_url"],
        format!("/hooks/email/{}", email_inbox["id"])
    );
    let (_, sms_inbox) = admin_post(&app, &admin, "/api/v1/inboxes", &json!({"kind": "sms", "name": "SMS",
        "settings": {"provider": "twilio", "base_url": twilio, "account_sid": "AC123", "auth_token": "twilio-secret", "from": "+3197010000001"}})).await;
    assert_eq!(
        sms_inbox["settings"]["auth_token"], "********",
        "secrets are never shown"
    );
    let (_, phone_inbox) = admin_post(
        &app,
        &admin,
        "/api/v1/inboxes",
        &json!({"kind": "phone", "name": "Storingslijn"}),
    )
    .await;
    let (_, chat_inbox) = admin_post(
        &app,
        &admin,
        "/api/v1/inboxes",
        &json!({"kind": "chat", "name": "Website"}),
    )
    .await;
    let id = |v: &Value| v["id"].as_i64().expect("id");

    let (status, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Anna de Vries", "email": "anna@example.nl", "phone": "06 12345678"}),
        )
        .await;
    assert_eq!(status, 201, "{customer}");
    let customer_id = id(&customer);

    // Email in.
    let (status, mail) = post_mail(
        &app,
        id(&email_inbox),
        raw_mail(
            "anna@example.nl",
            "first@mail.example.nl",
            "Storing in 1012AB",
            "Mijn stroom is uitgevallen.",
            "",
        ),
    )
    .await;
    assert_eq!(status, 201, "{mail}");
    assert_eq!(mail["customer_id"], customer_id);
    let email_case = mail["case_id"].as_i64().expect("case");

    // SMS in, signed as Twilio signs it.
    let (status, body) = post_twilio(
        &app,
        id(&sms_inbox),
        &[
            ("MessageSid", "SM1"),
            ("AccountSid", "AC123"),
            ("From", "+31612345678"),
            ("To", "+3197010000001"),
            ("Body", "Is de storing al opgelost?"),
            ("NumMedia", "0"),
        ],
        "twilio-secret",
    )
    .await;
    assert_eq!(status, 200, "{body}");

    // A call.
    let (status, call) = app.post_hook(&format!("/hooks/phone/{}", id(&phone_inbox)), "application/json",
        json!({"call_id": "c-1", "event": "ended", "caller": "+31612345678", "queue": "storingen", "wait_seconds": 40, "talk_seconds": 200}).to_string()).await;
    assert_eq!(status, 200, "{call}");
    assert_eq!(call["call"]["customer_id"], customer_id);

    // A chat. The visitor leaves her email address, proves it with the mailed code, and the
    // agent merges the chat visitor into the customer: one person, one timeline.
    let mut visitor = Visitor::connect(&app, id(&chat_inbox), None).await;
    assert!(visitor.token().len() >= 20);
    let ack = visitor
        .ask(
            json!({"type": "message", "body": "Hallo, nog steeds geen stroom"}),
            &["ack", "error"],
        )
        .await;
    assert_eq!(ack["type"], "ack", "{ack}");
    let chat_case = ack["case_id"].as_i64().expect("chat case");
    let name = format!("Anna de Vries {}", std::process::id());
    let asked = visitor
        .ask(
            json!({"type": "email", "email": "Anna@Example.nl", "name": name}),
            &["verify", "error"],
        )
        .await;
    assert_eq!(asked["type"], "verify", "{asked}");
    let code = mailed_code(&sent_dir, &name).await;
    let linked = visitor
        .ask(
            json!({"type": "verify", "code": code}),
            &["linked", "error"],
        )
        .await;
    assert_eq!(linked["type"], "linked", "{linked}");
    let (_, case) = app.get(&format!("/api/v1/cases/{chat_case}")).await;
    let chat_customer = case["customer_id"].as_i64().expect("customer");
    assert_ne!(
        chat_customer, customer_id,
        "a visitor with a chat of its own is merged by an agent, not by proving an address"
    );
    let (status, merged) = app
        .post(
            &format!("/api/v1/customers/{chat_customer}/merge"),
            &json!({"into": customer_id}),
        )
        .await;
    assert_eq!(status, 200, "{merged}");

    let (_, timeline) = app
        .get(&format!(
            "/api/v1/customers/{customer_id}/timeline?limit=50"
        ))
        .await;
    let channels: Vec<&str> = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|i| i["channel"].as_str())
        .collect();
    for channel in ["email", "sms", "phone", "chat"] {
        assert!(
            channels.contains(&channel),
            "{channel} missing from the timeline: {channels:?}"
        );
    }

    // Replies go back on the channel the customer used.
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{email_case}/messages"),
            &json!({"body": "We werken eraan, excuses."}),
        )
        .await;
    assert_eq!(status, 201);
    let sent = sent_mail(&sent_dir, "We werken eraan").await;
    assert!(
        sent.contains("In-Reply-To: <first@mail.example.nl>"),
        "{sent}"
    );
    assert!(sent.contains(&format!("[#{email_case}]")), "{sent}");
    assert!(sent.contains("X-Envelope-To: anna@example.nl"), "{sent}");

    let sms_case = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["channel"] == "sms")
        .and_then(|i| i["case_id"].as_i64())
        .expect("sms case");
    app.post(
        &format!("/api/v1/cases/{sms_case}/messages"),
        &json!({"body": "Monteur is onderweg."}),
    )
    .await;
    eventually("the SMS reply at the provider", || async {
        twilio_seen
            .lock()
            .expect("lock")
            .iter()
            .find(|b| b.contains("Monteur"))
            .cloned()
    })
    .await;
    let sms_reply = twilio_seen
        .lock()
        .expect("lock")
        .iter()
        .find(|b| b.contains("Monteur"))
        .cloned()
        .expect("sent");
    assert!(sms_reply.contains("To=%2B31612345678"), "{sms_reply}");

    app.post(
        &format!("/api/v1/cases/{chat_case}/messages"),
        &json!({"body": "Wij kijken mee!"}),
    )
    .await;
    let reply = visitor.frame_of(&["message"]).await;
    assert_eq!(reply["body"], "Wij kijken mee!");
    assert_eq!(reply["from"], "agent");

    // A callback asked for in chat shows in the callback list, and completes.
    let promised = visitor
        .ask(
            json!({"type": "callback", "phone": "+31612345678", "reason": "liever bellen"}),
            &["callback", "error"],
        )
        .await;
    assert_eq!(promised["type"], "callback", "{promised}");
    let (_, queue) = app.get("/api/v1/callbacks?status=requested").await;
    let callback = queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["id"] == promised["id"])
        .cloned()
        .expect("in the queue");
    assert_eq!(callback["source"], "chat");
    assert_eq!(callback["customer_id"], customer_id);
    let (status, done) = app
        .post(
            &format!("/api/v1/callbacks/{}/attempts", callback["id"]),
            &json!({"outcome": "reached"}),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["status"], "completed");
    let (_, stats) = app.get("/api/v1/callbacks/stats").await;
    assert_eq!(stats["stats"]["completed"], 1);
    assert_eq!(stats["stats"]["completed_within_promise"], 1);
}

#[tokio::test]
async fn email_threads_by_reference_reopens_resolved_cases_and_ignores_robots() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = admin_post(
        &app,
        &admin,
        "/api/v1/inboxes",
        &json!({"kind": "email", "name": "Support"}),
    )
    .await;
    let inbox = inbox["id"].as_i64().expect("id");

    let (status, first) = post_mail(
        &app,
        inbox,
        raw_mail(
            "bram@example.nl",
            "a1@example.nl",
            "Factuur klopt niet",
            "Te hoog bedrag",
            "",
        ),
    )
    .await;
    assert_eq!(status, 201);
    let case_id = first["case_id"].as_i64().expect("case");
    let (status, again) = post_mail(
        &app,
        inbox,
        raw_mail(
            "bram@example.nl",
            "a1@example.nl",
            "Factuur klopt niet",
            "Te hoog bedrag",
            "",
        ),
    )
    .await;
    assert_eq!(
        (status, &again),
        (200, &first),
        "the same Message-ID twice is stored once"
    );

    app.patch(
        &format!("/api/v1/cases/{case_id}"),
        &json!({"status": "resolved"}),
    )
    .await;
    let (status, answer) = post_mail(
        &app,
        inbox,
        raw_mail(
            "bram@example.nl",
            "a2@example.nl",
            "Re: Factuur klopt niet",
            "Nog steeds fout",
            "In-Reply-To: <a1@example.nl>\r\nReferences: <a1@example.nl>\r\n",
        ),
    )
    .await;
    assert_eq!(status, 201);
    assert_eq!(answer["case_id"], case_id, "a reply threads onto its case");
    let (_, case) = app.get(&format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(case["status"], "open");
    assert_eq!(case["reopen_count"], 1);

    let (status, tagged) = post_mail(
        &app,
        inbox,
        raw_mail(
            "bram@example.nl",
            "a3@example.nl",
            &format!("Vraag [#{case_id}]"),
            "Via de tag",
            "",
        ),
    )
    .await;
    assert_eq!(
        (status, tagged["case_id"].as_i64()),
        (201, Some(case_id)),
        "a [#n] subject tag threads too"
    );

    let interactions = app.count("interactions").await;
    let (status, ignored) = post_mail(
        &app,
        inbox,
        raw_mail(
            "bram@example.nl",
            "a4@example.nl",
            "Afwezig",
            "Ik ben er niet",
            "Auto-Submitted: auto-replied\r\n",
        ),
    )
    .await;
    assert_eq!(
        (status, &ignored["reason"]),
        (202, &json!("auto_submitted"))
    );
    let (status, _) = post_mail(&app, inbox, b"this is not an email".to_vec()).await;
    assert_eq!(status, 422);
    assert_eq!(
        app.count("interactions").await,
        interactions,
        "robots and garbage store nothing"
    );

    let (status, _) = post_mail(
        &app,
        9999,
        raw_mail("bram@example.nl", "a5@example.nl", "x", "y", ""),
    )
    .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn sms_webhooks_with_a_bad_signature_are_refused_and_store_nothing() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = admin_post(&app, &admin, "/api/v1/inboxes", &json!({"kind": "sms", "name": "SMS",
        "settings": {"provider": "twilio", "account_sid": "AC1", "auth_token": "right", "from": "+3197010000001"}})).await;
    let params = [
        ("MessageSid", "SM9"),
        ("From", "+31612345678"),
        ("To", "+3197010000001"),
        ("Body", "hoi"),
    ];
    let before = app.count("interactions").await;
    let (status, _) = post_twilio(&app, inbox["id"].as_i64().expect("id"), &params, "wrong").await;
    assert_eq!(status, 401);
    assert_eq!(app.count("interactions").await, before);
    let (status, _) = post_twilio(&app, inbox["id"].as_i64().expect("id"), &params, "right").await;
    assert_eq!(status, 200);
    assert_eq!(app.count("interactions").await, before + 1);
}

#[tokio::test]
async fn an_abandoned_call_after_a_real_wait_becomes_one_callback_and_low_reviews_get_follow_up() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = admin_post(
        &app,
        &admin,
        "/api/v1/inboxes",
        &json!({"kind": "phone", "name": "Lijn",
        "settings": {"webhook_secret": "pbx-secret"}}),
    )
    .await;
    let path = format!("/hooks/phone/{}", inbox["id"]);
    let event = json!({"call_id": "c-9", "event": "abandoned", "caller": "0612345679", "queue": "sales", "wait_seconds": 95});
    let (status, _) = app.post(&path, &event).await;
    assert_eq!(
        status, 401,
        "unsigned events are refused when the inbox has a secret"
    );
    let body = event.to_string();
    let signature = channels::phone::sign_body("pbx-secret", body.as_bytes());
    for _ in 0..2 {
        let response = app
            .client
            .post(app.url(&path))
            .header("X-Klantbeeld-Signature", &signature)
            .header("content-type", "application/json")
            .body(body.clone())
            .send()
            .await
            .expect("request");
        assert_eq!(response.status().as_u16(), 200);
    }
    assert_eq!(app.count("calls").await, 1);
    let (_, queue) = app.get("/api/v1/callbacks").await;
    let items = queue["items"].as_array().expect("items");
    assert_eq!(items.len(), 1, "{queue}");
    assert_eq!(items[0]["source"], "call");
    assert_eq!(items[0]["phone"], "+31612345679");

    let (status, review) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "review", "from": {"handle": "@kees"},
        "body": "Slechte service", "rating": 1, "source": "google"}),
        )
        .await;
    assert_eq!(status, 201, "{review}");
    let (_, case) = app
        .get(&format!("/api/v1/cases/{}", review["case_id"]))
        .await;
    assert_eq!(case["priority"], "high");
    assert!(
        case["tags"]
            .as_array()
            .expect("tags")
            .contains(&json!("review-follow-up"))
    );
    let (status, _) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "review", "from": {"handle": "@kees"}, "body": "x", "rating": 9}),
        )
        .await;
    assert_eq!(status, 422);
}

#[tokio::test]
async fn imap_polling_takes_in_mail_from_a_real_mailbox() {
    if mail_servers().is_none() {
        return;
    }
    let address = std::env::var("KLANTBEELD_TEST_IMAP").expect("imap");
    let (host, port) = address.split_once(':').expect("host:port");
    let user = std::env::var("KLANTBEELD_TEST_IMAP_USER").expect("user");
    let password = std::env::var("KLANTBEELD_TEST_IMAP_PASSWORD").expect("password");
    let unique = format!("imap-{}@example.nl", std::process::id());
    let tcp = tokio::net::TcpStream::connect(&address)
        .await
        .expect("imap connects");
    let mut client = async_imap::Client::new(tcp);
    client.read_response().await.expect("greeting");
    let mut session = client
        .login(&user, &password)
        .await
        .map_err(|(e, _)| e)
        .expect("login");
    let raw = raw_mail(
        "imap.klant@example.nl",
        &unique,
        "Via IMAP",
        "Bericht uit de mailbox",
        "",
    );
    session
        .append("INBOX", None, None, &raw)
        .await
        .expect("append");
    session.logout().await.expect("logout");

    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (status, inbox) = admin_post(&app, &admin, "/api/v1/inboxes", &json!({"kind": "email", "name": "IMAP",
        "settings": {"imap": {"host": host, "port": port.parse::<u16>().expect("port"), "tls": false,
            "username": user, "password": password, "poll_seconds": 1}}})).await;
    assert_eq!(status, 201, "{inbox}");
    assert_eq!(inbox["settings"]["imap"]["password"], "********");
    // The mailbox is shared with earlier runs: look for this run's message among what was taken in.
    let message = eventually("the IMAP message as a contact", || async {
        let (_, customers) = app
            .get("/api/v1/customers?email=imap.klant@example.nl")
            .await;
        let customer = customers["items"].as_array()?.first()?.clone();
        let (_, timeline) = app
            .get(&format!("/api/v1/customers/{}/timeline", customer["id"]))
            .await;
        timeline["items"]
            .as_array()?
            .iter()
            .find(|item| item["external_id"] == unique.as_str())
            .cloned()
    })
    .await;
    assert_eq!(message["channel"], "email");
}

/// A stand-in for MessageBird's SMS API: records every request body and answers with an id.
async fn messagebird_mock() -> (String, Arc<Mutex<Vec<Value>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = seen.clone();
    let app = Router::new().route(
        "/messages",
        post(move |axum::Json(body): axum::Json<Value>| {
            let log = log.clone();
            async move {
                log.lock().expect("lock").push(body);
                (
                    axum::http::StatusCode::CREATED,
                    axum::Json(json!({"id": "mb-reply-1"})),
                )
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await.expect("mock serves") });
    (base, seen)
}

#[tokio::test]
async fn a_messagebird_sms_comes_in_signed_and_the_reply_goes_out_through_messagebird() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (base, seen) = messagebird_mock().await;
    let (status, inbox) = admin_post(&app, &admin, "/api/v1/inboxes", &json!({"kind": "sms", "name": "SMS (MessageBird)",
        "settings": {"provider": "messagebird", "access_key": "live_key", "signing_key": "mb-signing-key",
                     "from": "Polderstroom", "base_url": base}})).await;
    assert_eq!(status, 201, "{inbox}");
    let path = format!("/hooks/sms/{}", inbox["id"]);
    let body = json!({"id": "mb-in-1", "originator": 31687654321_i64, "recipient": "3197010000002", "body": "Wanneer komt de monteur?"}).to_string();
    let post = |signature: String| {
        app.client
            .post(app.url(&path))
            .header("content-type", "application/json")
            .header("MessageBird-Signature", signature)
            .header("MessageBird-Request-Timestamp", "1764000000")
            .body(body.clone())
            .send()
    };
    let forged = post(channels::sms::sign_messagebird(
        "another-key",
        "1764000000",
        "",
        body.as_bytes(),
    ))
    .await
    .expect("request");
    assert_eq!(forged.status(), 401);
    assert_eq!(app.count("interactions").await, 0);
    let signed = post(channels::sms::sign_messagebird(
        "mb-signing-key",
        "1764000000",
        "",
        body.as_bytes(),
    ))
    .await
    .expect("request");
    assert_eq!(signed.status(), 200);
    let (_, found) = app.get("/api/v1/customers?phone=%2B31687654321").await;
    let customer = found["items"][0]["id"]
        .as_i64()
        .expect("a customer by the sender's number");
    let (_, cases) = app
        .get(&format!("/api/v1/cases?customer_id={customer}"))
        .await;
    let case = cases["items"][0]["id"].as_i64().expect("a case");
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": "Morgen tussen 8 en 12 uur."}),
        )
        .await;
    assert_eq!(status, 201);
    let sent = eventually("the reply at MessageBird", || async {
        seen.lock().expect("lock").first().cloned()
    })
    .await;
    assert_eq!(sent["recipients"], json!(["31687654321"]));
    assert_eq!(sent["originator"], "Polderstroom");
    assert_eq!(sent["body"], "Morgen tussen 8 en 12 uur.");
}

#[tokio::test]
async fn a_withheld_number_still_counts_as_a_call_but_gets_no_callback() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = admin_post(
        &app,
        &admin,
        "/api/v1/inboxes",
        &json!({"kind": "phone", "name": "Lijn"}),
    )
    .await;
    let path = format!("/hooks/phone/{}", inbox["id"]);
    for (call, event) in [
        ("a-1", "queued"),
        ("a-1", "abandoned"),
        ("a-2", "abandoned"),
    ] {
        let (status, body) = app
            .post_hook(&path, "application/json", json!({"call_id": call, "event": event, "caller": "anonymous", "wait_seconds": 120}).to_string())
            .await;
        assert_eq!(status, 200, "{body}");
    }
    assert_eq!(
        app.count("calls").await,
        2,
        "both calls count for availability"
    );
    let (_, queue) = app.get("/api/v1/callbacks").await;
    assert_eq!(queue["items"], json!([]), "nobody to call back");
    let (_, found) = app.get("/api/v1/customers?name=Anonieme").await;
    assert_eq!(
        found["items"].as_array().map(Vec::len),
        Some(1),
        "one shared customer per line: {found}"
    );
    let (status, _) = app
        .post_hook(
            &path,
            "application/json",
            json!({"call_id": "a-3", "event": "queued"}).to_string(),
        )
        .await;
    assert_eq!(
        status, 422,
        "a missing caller is a PBX mistake, not a withheld number"
    );
}

#[tokio::test]
async fn phone_availability_counts_offered_answered_and_abandoned_calls() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (_, inbox) = admin_post(
        &app,
        &admin,
        "/api/v1/inboxes",
        &json!({"kind": "phone", "name": "Klantenlijn"}),
    )
    .await;
    let path = format!("/hooks/phone/{}", inbox["id"]);
    let calls = [
        ("c1", "answered", "0612345001", 10),
        ("c2", "abandoned", "0612345002", 60),
        ("c3", "abandoned", "0612345003", 2),
        ("c4", "answered", "0612345004", 45),
    ];
    for (call, event, caller, wait) in calls {
        let (status, body) = app
            .post_hook(&path, "application/json", json!({"call_id": call, "event": event, "caller": caller, "queue": "storingen", "wait_seconds": wait}).to_string())
            .await;
        assert_eq!(status, 200, "{body}");
    }
    // c3 hung up after 2 s: a misdial, left out. Offered 3; answered 2; abandoned 1 (of 3: 33.3 %);
    // within 20 s: only c1, of answered + abandoned (3): 33.3 %; ASA (10 + 45) / 2 = 27.5 s.
    // Chat is a queue too: one chat answered by an agent, one closed without an answer.
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Chatter", "email": "chat@example.nl"}),
        )
        .await;
    for (message, reply) in [("Hallo?", true), ("Is daar iemand?", false)] {
        let (_, case) = app
            .post("/api/v1/cases", &json!({"customer_id": customer["id"], "channel": "chat", "subject": "Chat", "message": message}))
            .await;
        let path = format!("/api/v1/cases/{}/messages", case["id"]);
        if reply {
            app.post(&path, &json!({"body": "Ja, ik help u."})).await;
        } else {
            app.patch(
                &format!("/api/v1/cases/{}", case["id"]),
                &json!({"status": "closed"}),
            )
            .await;
        }
    }
    let (status, body) = app.get("/api/v1/metrics/availability?group_by=queue").await;
    assert_eq!(status, 200, "{body}");
    let chat = &body["rows"][0];
    assert_eq!(chat["queue"], "chat");
    assert_eq!(
        (
            chat["offered"].as_u64(),
            chat["answered"].as_u64(),
            chat["abandoned"].as_u64()
        ),
        (Some(2), Some(1), Some(1))
    );
    let row = &body["rows"][1];
    assert_eq!(row["queue"], "storingen");
    assert_eq!(
        (
            row["offered"].as_u64(),
            row["answered"].as_u64(),
            row["abandoned"].as_u64()
        ),
        (Some(3), Some(2), Some(1))
    );
    assert_eq!(row["short_abandoned"], 1);
    let close = |value: &Value, expected: f64| {
        assert!(
            (value.as_f64().expect("number") - expected).abs() < 1e-9,
            "{value} vs {expected}"
        )
    };
    close(&row["abandon_rate"], 100.0 / 3.0);
    close(&row["service_level"], 100.0 / 3.0);
    close(&row["asa_seconds"], 27.5);
    assert!(
        body["formula"]
            .as_str()
            .is_some_and(|f| f.contains("service level"))
    );
    let (_, generous) = app
        .get("/api/v1/metrics/availability?group_by=queue&target_seconds=60")
        .await;
    close(&generous["rows"][1]["service_level"], 200.0 / 3.0);
    let (status, _) = app.get("/api/v1/metrics/availability?group_by=agent").await;
    assert_eq!(status, 400);
}
