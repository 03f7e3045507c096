//! An agent writes to a customer first: by email (arrives with its subject and text), by SMS
//! (through the provider), and not at all on a channel the customer has no address on.

use serde_json::json;

use super::{agent_session, customer, mailing_app, page};
use crate::helpers::{TestApp, eventually, sent_mail};

#[tokio::test]
async fn an_email_conversation_arrives_with_its_subject_and_text_and_opens_a_pending_case() {
    let Some((app, sent_dir)) = mailing_app().await else {
        return;
    };
    let anna = customer(
        &app,
        json!({"name": "Anna de Vries", "email": "anna.conv@example.nl"}),
    )
    .await;
    let subject = format!("Uw nieuwe slimme meter {}", std::process::id());
    let (status, case) = app
        .post(
            &format!("/api/v1/customers/{anna}/conversations"),
            &json!({"channel": "email", "subject": subject, "body": "Beste Anna,\n\nDe monteur komt dinsdag tussen 8 en 12 uur."}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(case["subject"], subject.as_str());
    assert_eq!(case["channel"], "email");
    assert_eq!(case["status"], "pending", "waiting for the customer");
    assert_eq!(case["customer_id"], anna);

    let mail = sent_mail(&sent_dir, &subject).await;
    assert!(
        mail.contains("X-Envelope-To: anna.conv@example.nl"),
        "{mail}"
    );
    assert!(
        mail.contains(&format!("Subject: {subject} [#{}]", case["id"])),
        "the case reference threads the answer back: {mail}"
    );
    assert!(
        mail.contains("De monteur komt dinsdag tussen 8 en 12 uur."),
        "{mail}"
    );
    let (_, detail) = app.get(&format!("/api/v1/cases/{}", case["id"])).await;
    let first = &detail["interactions"][0];
    assert_eq!(
        (first["direction"].as_str(), first["channel"].as_str()),
        (Some("outbound"), Some("email")),
        "{detail}"
    );
    eventually("the delivery to be recorded", || async {
        let (_, detail) = app.get(&format!("/api/v1/cases/{}", case["id"])).await;
        (detail["interactions"][0]["delivery_status"] == "sent").then_some(())
    })
    .await;
}

#[tokio::test]
async fn a_text_conversation_goes_to_the_sms_provider() {
    let app = TestApp::spawn().await;
    let (twilio, seen) = crate::channels::twilio_mock().await;
    app.create_inbox(&json!({"kind": "sms", "name": "SMS", "settings": {"provider": "twilio",
        "base_url": twilio, "account_sid": "AC1", "auth_token": "secret", "from": "+3197010000001"}}))
        .await;
    let noor = customer(&app, json!({"name": "Noor Visser", "phone": "06 22233344"})).await;
    let (status, case) = app
        .post(
            &format!("/api/v1/customers/{noor}/conversations"),
            &json!({"channel": "sms", "body": "Uw monteur is onderweg en is er over 20 minuten."}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    assert_eq!(
        case["subject"], "Uw monteur is onderweg en is er over 20 minuten.",
        "a text's first line is the case's subject"
    );
    let sent = eventually("the text at the provider", || async {
        seen.lock()
            .expect("lock")
            .iter()
            .find(|body| body.contains("monteur"))
            .cloned()
    })
    .await;
    assert!(sent.contains("To=%2B31622233344"), "{sent}");
    assert!(sent.contains("Uw+monteur+is+onderweg"), "{sent}");
}

#[tokio::test]
async fn no_conversation_starts_where_the_customer_has_no_address_and_bad_input_writes_nothing() {
    let app = TestApp::spawn().await;
    let only_mail = customer(
        &app,
        json!({"name": "Jan Smit", "email": "jan.smit@example.nl"}),
    )
    .await;
    let cases = app.count("cases").await;
    let path = format!("/api/v1/customers/{only_mail}/conversations");

    // No phone number: no text, no WhatsApp.
    for channel in ["sms", "whatsapp"] {
        let (status, answer) = app
            .post(&path, &json!({"channel": channel, "body": "Hallo"}))
            .await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (422, Some("no_address")),
            "{channel}: {answer}"
        );
    }
    let no_mail = customer(&app, json!({"name": "Piet Bos", "phone": "0612121212"})).await;
    let (status, answer) = app
        .post(
            &format!("/api/v1/customers/{no_mail}/conversations"),
            &json!({"channel": "email", "subject": "Hallo", "body": "Hallo"}),
        )
        .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (422, Some("no_address")),
        "{answer}"
    );

    // A subject that would add a header, an email without a subject, a chat, an empty or
    // oversized body, an unknown field, an unknown customer.
    let refused = [
        (
            json!({"channel": "email", "subject": "Factuur\r\nBcc: evil@example.com", "body": "x"}),
            400,
        ),
        (json!({"channel": "email", "body": "Zonder onderwerp"}), 422),
        (json!({"channel": "chat", "body": "Hallo"}), 422),
        (
            json!({"channel": "email", "subject": "Leeg", "body": "   "}),
            422,
        ),
        (
            json!({"channel": "email", "subject": "Lang", "body": "x".repeat(100_001)}),
            422,
        ),
        (
            json!({"channel": "email", "subject": "s".repeat(301), "body": "x"}),
            422,
        ),
        (
            json!({"channel": "email", "subject": "Hoi", "body": "x", "cc": ["a@b.nl"]}),
            422,
        ),
    ];
    for (body, expected) in refused {
        let (status, answer) = app.post(&path, &body).await;
        assert_eq!(status, expected, "{body}: {answer}");
    }
    let (status, _) = app
        .post(
            "/api/v1/customers/999999/conversations",
            &json!({"channel": "email", "subject": "Hoi", "body": "x"}),
        )
        .await;
    assert_eq!(status, 404);
    assert_eq!(app.count("cases").await, cases, "nothing was written");
    assert_eq!(app.count("outbox").await, 0);

    // An analyst may read but not write.
    let analyst = app.token_for(domain::Role::Analyst).await;
    let (status, _) = super::call(
        &app,
        reqwest::Method::POST,
        &analyst,
        &path,
        Some(json!({"channel": "email", "subject": "Hoi", "body": "x"})),
    )
    .await;
    assert_eq!(status, 403);
    // Nor offers it on the customer page.
    let hash = web::hash_password(super::PASSWORD).expect("hash");
    let new = store::agents::NewAgent {
        email: "analist@polderstroom.nl",
        name: "Ali Analist",
        role: domain::Role::Analyst,
        password_hash: Some(&hash),
        language: "nl",
        team_ids: &[],
    };
    store::agents::create(&app.db, new, &store::events::Actor::System)
        .await
        .expect("analyst");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    client
        .post(app.url("/login"))
        .form(&[
            ("email", "analist@polderstroom.nl"),
            ("password", super::PASSWORD),
        ])
        .send()
        .await
        .expect("login");
    let html = page(&client, &app, &format!("/customers/{only_mail}")).await;
    assert!(!html.contains("conversations/new"), "{html}");
    let response = client
        .get(app.url(&format!("/customers/{only_mail}/conversations/new")))
        .send()
        .await
        .expect("form");
    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn the_customer_page_starts_a_conversation_on_the_channels_the_customer_has() {
    let app = TestApp::spawn().await;
    let sara = customer(
        &app,
        json!({"name": "Sara Peters", "email": "sara.page@example.nl"}),
    )
    .await;
    let (_, client) = agent_session(&app, "sanne@polderstroom.nl", "en").await;
    let html = page(&client, &app, &format!("/customers/{sara}")).await;
    assert!(
        html.contains(&format!(r#"href="/customers/{sara}/conversations/new""#)),
        "{html}"
    );
    assert!(html.contains("New conversation"), "{html}");

    let form = page(
        &client,
        &app,
        &format!("/customers/{sara}/conversations/new"),
    )
    .await;
    assert!(
        form.contains(r#"<option value="email" selected>Email (sara.page@example.nl)</option>"#),
        "{form}"
    );
    assert!(
        !form.contains(r#"value="sms""#),
        "no number, no text: {form}"
    );
    let csrf = crate::ui::csrf_of(&form);

    let post = |fields: Vec<(&'static str, String)>| {
        let client = client.clone();
        let url = app.url(&format!("/customers/{sara}/conversations"));
        async move {
            let response = client.post(url).form(&fields).send().await.expect("post");
            assert_eq!(response.status(), 303);
            response.headers()["location"]
                .to_str()
                .expect("location")
                .to_string()
        }
    };
    let to = post(vec![
        ("csrf", csrf.clone()),
        ("channel", "sms".into()),
        ("body", "Hallo".into()),
    ])
    .await;
    assert!(to.ends_with("notice=no_address"), "{to}");
    let to = post(vec![
        ("csrf", csrf.clone()),
        ("channel", "email".into()),
        ("subject", String::new()),
        ("body", "Hallo".into()),
    ])
    .await;
    assert!(to.ends_with("notice=subject_required"), "{to}");
    let refused = page(&client, &app, &to).await;
    assert!(refused.contains("An email needs a subject."), "{refused}");
    assert_eq!(app.count("cases").await, 0);

    let to = post(vec![
        ("csrf", csrf),
        ("channel", "email".into()),
        ("subject", "Uw aanvraag".into()),
        ("body", "Wij hebben uw aanvraag ontvangen.".into()),
    ])
    .await;
    assert!(to.contains("notice=conversation_started"), "{to}");
    let case = page(&client, &app, &to).await;
    assert!(case.contains("Uw aanvraag"), "{case}");
    assert!(case.contains("Wij hebben uw aanvraag ontvangen."), "{case}");
    assert!(
        case.contains("Conversation started; the message is queued for sending."),
        "{case}"
    );
}
