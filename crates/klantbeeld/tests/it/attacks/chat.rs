//! Attacks on the chat widget's identity frames: naming another customer's email address or
//! phone number to read their chat and write as them, merging two customers by claiming both
//! addresses, guessing the code, and mail-bombing an address with codes.

use std::time::Duration;

use klantbeeld::config::Config;
use serde_json::{Value, json};

use crate::helpers::{TestApp, mail_servers};
use crate::visitor::{Visitor, mailed_code};

async fn chat_inbox(app: &TestApp) -> i64 {
    let inbox = app
        .create_inbox(&json!({"kind": "chat", "name": "Website"}))
        .await;
    inbox["id"].as_i64().expect("id")
}

/// A customer with an email address, a phone number and a chat of her own with an agent's reply.
async fn victim(app: &TestApp, inbox: i64) -> (i64, Visitor) {
    let (status, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sanne Bakker", "email": "sanne@example.nl", "phone": "+31687654321"}),
        )
        .await;
    assert_eq!(status, 201, "{customer}");
    let id = customer["id"].as_i64().expect("id");
    let mut own = Visitor::connect(app, inbox, None).await;
    let ack = own
        .ask(
            json!({"type": "message", "body": "Mijn IBAN is NL91ABNA0417164300"}),
            &["ack"],
        )
        .await;
    let (_, case) = app.get(&format!("/api/v1/cases/{}", ack["case_id"])).await;
    let (status, merged) = app
        .post(
            &format!("/api/v1/customers/{}/merge", case["customer_id"]),
            &json!({"into": id}),
        )
        .await;
    assert_eq!(status, 200, "{merged}");
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{}/messages", ack["case_id"]),
            &json!({"body": "Uw nieuwe wachtwoord is geheim-123"}),
        )
        .await;
    assert_eq!(status, 201);
    (id, own)
}

fn bodies(frames: &[Value]) -> String {
    frames
        .iter()
        .map(|f| f.to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

async fn customer(app: &TestApp, id: i64) -> Value {
    let (status, customer) = app.get(&format!("/api/v1/customers/{id}")).await;
    assert_eq!(status, 200, "{customer}");
    customer
}

#[tokio::test]
async fn naming_someone_elses_email_in_the_chat_shows_nothing_of_theirs() {
    let app = TestApp::spawn().await;
    let inbox = chat_inbox(&app).await;
    let (sanne, _) = victim(&app, inbox).await;

    let mut mallory = Visitor::connect(&app, inbox, None).await;
    let ack = mallory
        .ask(json!({"type": "message", "body": "hoi"}), &["ack"])
        .await;
    let answer = mallory
        .ask(
            json!({"type": "email", "email": "SANNE@example.nl"}),
            &["verify", "linked", "error"],
        )
        .await;
    assert_eq!(answer["type"], "verify", "a code is needed: {answer}");
    let token = mallory.token().to_string();
    drop(mallory);

    let mut back = Visitor::connect(&app, inbox, Some(&token)).await;
    let seen = bodies(&back.frames_within(Duration::from_millis(500)).await);
    assert!(seen.contains("hoi"), "the visitor's own chat: {seen}");
    assert!(!seen.contains("IBAN") && !seen.contains("geheim"), "{seen}");

    // Agents' replies to Sanne's chat do not reach the visitor; what it writes is its own.
    let (_, timeline) = app
        .get(&format!("/api/v1/customers/{sanne}/timeline"))
        .await;
    let sanne_case = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|i| i["channel"] == "chat")
        .and_then(|i| i["case_id"].as_i64())
        .expect("Sanne's chat");
    app.post(
        &format!("/api/v1/cases/{sanne_case}/messages"),
        &json!({"body": "Uw pakket staat klaar"}),
    )
    .await;
    let seen = bodies(&back.frames_within(Duration::from_millis(700)).await);
    assert!(!seen.contains("pakket"), "{seen}");
    let second = back
        .ask(json!({"type": "message", "body": "nog iets"}), &["ack"])
        .await;
    assert_eq!(second["case_id"], ack["case_id"]);
    let (_, case) = app.get(&format!("/api/v1/cases/{}", ack["case_id"])).await;
    assert_ne!(case["customer_id"], sanne);
    let sanne = customer(&app, sanne).await;
    assert!(sanne["merged_into"].is_null());
    assert!(
        !sanne["identities"]
            .as_array()
            .expect("identities")
            .iter()
            .any(|i| i["value"] == token.as_str()),
        "the visitor's token is not Sanne's: {sanne}"
    );
}

#[tokio::test]
async fn claiming_two_customers_addresses_merges_neither() {
    let app = TestApp::spawn().await;
    let inbox = chat_inbox(&app).await;
    let mut ids = Vec::new();
    for (name, email) in [("Anna", "anna@example.nl"), ("Bram", "bram@example.nl")] {
        let (_, customer) = app
            .post("/api/v1/customers", &json!({"name": name, "email": email}))
            .await;
        ids.push(customer["id"].as_i64().expect("id"));
    }
    let mut mallory = Visitor::connect(&app, inbox, None).await;
    for email in ["anna@example.nl", "bram@example.nl"] {
        mallory
            .ask(json!({"type": "email", "email": email}), &["verify"])
            .await;
    }
    mallory
        .ask(json!({"type": "message", "body": "hallo"}), &["ack"])
        .await;
    for id in ids {
        let customer = customer(&app, id).await;
        assert!(customer["merged_into"].is_null(), "{customer}");
        assert_eq!(customer["identities"].as_array().map(Vec::len), Some(1));
    }
}

#[tokio::test]
async fn a_callback_number_in_the_chat_links_the_visitor_to_nobody() {
    let app = TestApp::spawn().await;
    let inbox = chat_inbox(&app).await;
    let (sanne, _) = victim(&app, inbox).await;

    let mut mallory = Visitor::connect(&app, inbox, None).await;
    let promised = mallory
        .ask(
            json!({"type": "callback", "phone": "06 87654321", "reason": "bel mij"}),
            &["callback", "error"],
        )
        .await;
    assert_eq!(promised["type"], "callback", "{promised}");
    let token = mallory.token().to_string();
    drop(mallory);
    let mut back = Visitor::connect(&app, inbox, Some(&token)).await;
    let seen = bodies(&back.frames_within(Duration::from_millis(500)).await);
    assert!(!seen.contains("IBAN") && !seen.contains("geheim"), "{seen}");

    let (_, callbacks) = app.get("/api/v1/callbacks?status=requested").await;
    let callback = callbacks["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["id"] == promised["id"])
        .cloned()
        .expect("queued");
    assert_eq!(callback["phone"], "+31687654321", "the number is called");
    let visitor = callback["customer_id"].as_i64().expect("customer");
    assert_ne!(visitor, sanne);
    let record = customer(&app, visitor).await;
    assert!(
        !record["identities"]
            .as_array()
            .expect("identities")
            .iter()
            .any(|i| i["kind"] == "phone"),
        "a typed number is not the visitor's identity: {record}"
    );
    assert_eq!(
        customer(&app, sanne).await["identities"]
            .as_array()
            .map(Vec::len),
        Some(3)
    );

    // The agent sees the number as the visitor's claim, unverified, and whose it is.
    let client = crate::ui::logged_in(&app).await;
    let page = client
        .get(app.url(&format!("/customers/{visitor}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(page.contains("+31687654321"), "{page}");
    assert!(page.contains("niet bevestigd"), "{page}");
    assert!(page.contains(&format!("/customers/{sanne}\"")), "{page}");
}

#[tokio::test]
async fn codes_cannot_be_guessed_even_in_parallel() {
    let app = TestApp::spawn().await;
    let inbox = chat_inbox(&app).await;
    app.post(
        "/api/v1/customers",
        &json!({"name": "Sanne", "email": "sanne@example.nl"}),
    )
    .await;
    let mut mallory = Visitor::connect(&app, inbox, None).await;
    mallory
        .ask(
            json!({"type": "email", "email": "sanne@example.nl"}),
            &["verify"],
        )
        .await;
    let token = mallory.token().to_string();
    let mut guessers = Vec::new();
    for _ in 0..12 {
        guessers.push(Visitor::connect(&app, inbox, Some(&token)).await);
    }
    let guesses = guessers.iter_mut().enumerate().map(|(n, guesser)| {
        guesser.ask(
            json!({"type": "verify", "code": format!("{:06}", 100_000 + n)}),
            &["error", "linked"],
        )
    });
    let answers = futures::future::join_all(guesses).await;
    let counted = answers
        .iter()
        .filter(|a| a["code"] == "wrong_code" || a["type"] == "linked")
        .count();
    assert!(
        counted <= 5,
        "at most five guesses are compared: {answers:?}"
    );
    assert!(
        answers.iter().filter(|a| a["code"] == "no_code").count() >= 7,
        "{answers:?}"
    );
    let after = mallory
        .ask(json!({"type": "verify", "code": "123456"}), &["error"])
        .await;
    assert_eq!(after["code"], "no_code", "{after}");
}

#[tokio::test]
async fn an_address_cannot_be_flooded_with_codes() {
    let app = TestApp::spawn().await;
    let inbox = chat_inbox(&app).await;
    for n in 0..3 {
        let mut visitor = Visitor::connect(&app, inbox, None).await;
        let answer = visitor
            .ask(
                json!({"type": "email", "email": "sanne@example.nl"}),
                &["verify", "error"],
            )
            .await;
        assert_eq!(answer["type"], "verify", "code {n}: {answer}");
    }
    let mut fourth = Visitor::connect(&app, inbox, None).await;
    let refused = fourth
        .ask(
            json!({"type": "email", "email": "sanne@example.nl"}),
            &["verify", "error"],
        )
        .await;
    assert_eq!(refused["code"], "too_many_codes", "{refused}");
    let other = fourth
        .ask(
            json!({"type": "email", "email": "someone@example.nl"}),
            &["verify", "error"],
        )
        .await;
    assert_eq!(other["type"], "verify", "another address is fine: {other}");
    let garbage = fourth
        .ask(json!({"type": "email", "email": "no address"}), &["error"])
        .await;
    assert!(garbage["message"].as_str().is_some());
}

#[tokio::test]
async fn a_proven_address_brings_its_owner_their_chat_on_a_new_device() {
    let Some((smtp_url, sent_dir)) = mail_servers() else {
        return;
    };
    let app = TestApp::spawn_with(Config {
        smtp_url: Some(smtp_url),
        ..Config::default()
    })
    .await;
    let inbox = chat_inbox(&app).await;
    let (sanne, _) = victim(&app, inbox).await;
    let mut laptop = Visitor::connect(&app, inbox, None).await;
    let name = format!("Sanne op de laptop {}", std::process::id());
    laptop
        .ask(
            json!({"type": "email", "email": "sanne@example.nl", "name": name, "language": "en"}),
            &["verify"],
        )
        .await;
    let code = mailed_code(&sent_dir, &name).await;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let refused = laptop
        .ask(
            json!({"type": "verify", "code": wrong}),
            &["error", "linked"],
        )
        .await;
    assert_eq!(refused["code"], "wrong_code", "{refused}");
    assert_eq!(refused["attempts_left"], 4);
    let linked = laptop
        .ask(
            json!({"type": "verify", "code": code}),
            &["linked", "error"],
        )
        .await;
    assert_eq!(linked["type"], "linked", "{linked}");
    let history = laptop.frame_of(&["history"]).await;
    assert!(history.to_string().contains("IBAN"), "{history}");
    let ack = laptop
        .ask(json!({"type": "message", "body": "Ik ben het"}), &["ack"])
        .await;
    let (_, case) = app.get(&format!("/api/v1/cases/{}", ack["case_id"])).await;
    assert_eq!(case["customer_id"], sanne);
    let again = laptop
        .ask(
            json!({"type": "verify", "code": code}),
            &["error", "linked"],
        )
        .await;
    assert_eq!(again["code"], "no_code", "a code works once: {again}");
}
