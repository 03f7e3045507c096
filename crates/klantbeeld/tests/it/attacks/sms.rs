//! SMS pumping: making us send texts (each one billed) to numbers an attacker chooses, through
//! the public callback form and the chat, and an inbox sending without bound.

use klantbeeld::config::Config;
use serde_json::json;

use crate::channels::twilio_mock;
use crate::helpers::{TestApp, eventually};
use crate::ui::{callback_form_stamp, shown_form_stamp};
use crate::visitor::Visitor;

async fn post_form(
    app: &TestApp,
    client: &reqwest::Client,
    phone: &str,
    stamp: &str,
) -> reqwest::Response {
    client
        .post(app.url("/callback"))
        .form(&[("phone", phone), ("stamp", stamp), ("website", "")])
        .send()
        .await
        .expect("request")
}

#[tokio::test]
async fn the_callback_form_refuses_a_script_posting_without_a_fresh_stamp() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    for stamp in ["", "1700000000000.forged", "garbage"] {
        let refused = post_form(&app, &client, "06 12345678", stamp).await;
        assert_eq!(refused.status(), 422, "stamp {stamp:?}");
    }
    // Posted the moment the form was shown: no person types that fast.
    let fresh = shown_form_stamp(&app, &client).await;
    let hasty = post_form(&app, &client, "06 12345678", &fresh).await;
    assert_eq!(hasty.status(), 422);
    assert!(hasty.text().await.expect("html").contains("te snel"));
    assert_eq!(app.count("callbacks").await, 0);
}

#[tokio::test]
async fn one_client_cannot_pump_texts_through_the_callback_form() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let stamp = callback_form_stamp(&app, &client).await;
    for n in 0..web::CALLBACKS_PER_HOUR {
        let asked = post_form(&app, &client, &format!("06 1234567{n}"), &stamp).await;
        assert_eq!(asked.status(), 200, "request {n}");
    }
    let refused = post_form(&app, &client, "06 99999999", &stamp).await;
    assert_eq!(refused.status(), 429);
    assert_eq!(refused.headers()["retry-after"], "3600");
    assert_eq!(app.count("callbacks").await, 5);
}

#[tokio::test]
async fn numbers_abroad_get_no_callback_from_the_form_or_the_chat() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let stamp = callback_form_stamp(&app, &client).await;
    let abroad = post_form(&app, &client, "+234 803 123 4567", &stamp).await;
    assert_eq!(abroad.status(), 422);
    assert!(
        abroad
            .text()
            .await
            .expect("html")
            .contains("alleen nummers in Nederland")
    );

    let inbox = app
        .create_inbox(&json!({"kind": "chat", "name": "Website"}))
        .await;
    let mut visitor = Visitor::connect(&app, inbox["id"].as_i64().expect("id"), None).await;
    let refused = visitor
        .ask(
            json!({"type": "callback", "phone": "+44 20 7946 0958"}),
            &["callback", "error"],
        )
        .await;
    assert_eq!(refused["type"], "error", "{refused}");
    assert_eq!(app.count("callbacks").await, 0);
}

#[tokio::test]
async fn one_number_is_not_called_back_over_and_over() {
    let app = TestApp::spawn().await;
    let client = reqwest::Client::new();
    let stamp = callback_form_stamp(&app, &client).await;
    for _ in 0..web::PER_NUMBER_CALLBACKS_PER_DAY {
        let asked = post_form(&app, &client, "06 12345678", &stamp).await;
        assert_eq!(asked.status(), 200);
        let (_, queue) = app.get("/api/v1/callbacks?status=requested").await;
        let id = &queue["items"][0]["id"];
        let (status, _) = app
            .post(
                &format!("/api/v1/callbacks/{id}/attempts"),
                &json!({"outcome": "reached"}),
            )
            .await;
        assert_eq!(status, 200);
    }
    let again = post_form(&app, &client, "06 12345678", &stamp).await;
    assert_eq!(again.status(), 429);
    assert_eq!(app.count("callbacks").await, 3);
}

#[tokio::test]
async fn a_chat_visitor_cannot_flood_messages_customers_or_callbacks() {
    let app = TestApp::spawn().await;
    let inbox = app
        .create_inbox(&json!({"kind": "chat", "name": "Website"}))
        .await;
    let inbox = inbox["id"].as_i64().expect("id");

    let mut chatty = Visitor::connect(&app, inbox, None).await;
    for n in 0..web::CHAT_MESSAGES_PER_MINUTE {
        let ack = chatty
            .ask(
                json!({"type": "message", "body": format!("bericht {n}")}),
                &["ack", "error"],
            )
            .await;
        assert_eq!(ack["type"], "ack", "{ack}");
    }
    let refused = chatty
        .ask(
            json!({"type": "message", "body": "nog een"}),
            &["ack", "error"],
        )
        .await;
    assert_eq!(refused["code"], "too_many", "{refused}");

    for n in 0..web::CALLBACKS_PER_HOUR {
        let asked = chatty
            .ask(
                json!({"type": "callback", "phone": format!("06 2345678{n}")}),
                &["callback", "error"],
            )
            .await;
        assert_eq!(asked["type"], "callback", "{asked}");
    }
    let refused = chatty
        .ask(
            json!({"type": "callback", "phone": "06 34567890"}),
            &["callback", "error"],
        )
        .await;
    assert_eq!(refused["code"], "too_many", "{refused}");

    // One address starting visitor after visitor: records stop being made.
    for n in 1..web::NEW_CHAT_VISITORS_PER_HOUR {
        let mut visitor = Visitor::connect(&app, inbox, None).await;
        let ack = visitor
            .ask(
                json!({"type": "message", "body": "hallo"}),
                &["ack", "error"],
            )
            .await;
        assert_eq!(ack["type"], "ack", "visitor {n}: {ack}");
    }
    let customers = app.count("customers").await;
    let mut one_too_many = Visitor::connect(&app, inbox, None).await;
    let refused = one_too_many
        .ask(
            json!({"type": "message", "body": "hallo"}),
            &["ack", "error"],
        )
        .await;
    assert_eq!(refused["code"], "too_many", "{refused}");
    assert_eq!(app.count("customers").await, customers);
}

#[tokio::test]
async fn an_inbox_stops_texting_at_its_hourly_cap_and_never_texts_abroad() {
    let app = TestApp::spawn_with(Config {
        sms_per_hour: 2,
        ..Config::default()
    })
    .await;
    let (twilio, seen) = twilio_mock().await;
    app.create_inbox(
        &json!({"kind": "sms", "name": "SMS", "settings": {"provider": "twilio", "base_url": twilio,
        "account_sid": "AC1", "auth_token": "secret", "from": "+3197010000001"}}),
    )
    .await;
    let mut cases = Vec::new();
    for phone in [
        "+31611111111",
        "+31622222222",
        "+31633333333",
        "+2348031234567",
    ] {
        let (status, contact) = app
            .post(
                "/api/v1/interactions",
                &json!({"channel": "sms", "from": {"phone": phone}, "body": "Hallo"}),
            )
            .await;
        assert_eq!(status, 201, "{contact}");
        cases.push(contact["case_id"].clone());
    }
    for (n, case) in cases.iter().enumerate() {
        let (status, reply) = app
            .post(
                &format!("/api/v1/cases/{case}/messages"),
                &json!({"body": "Wij helpen u graag"}),
            )
            .await;
        if n < 3 {
            assert_eq!(status, 201, "{reply}");
        } else {
            assert_eq!(status, 422, "a number abroad can't be texted: {reply}");
            assert_eq!(reply["error"], "no_reply_route");
        }
    }
    eventually("the cap to be reached", || async {
        (app.count("events WHERE kind = 'sms.cap_reached'").await == 1).then_some(())
    })
    .await;
    let sent = seen.lock().expect("lock").clone();
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(
        !sent.iter().any(|body| body.contains("234")),
        "never abroad: {sent:?}"
    );
}
