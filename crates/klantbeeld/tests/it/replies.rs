//! A reply goes exactly where the case view says, and is refused when the customer can't be
//! reached: "Antwoord verstuurd." used to appear when nothing was queued, and the hint named the
//! case's first channel instead of the way the customer last wrote.

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::ui::{csrf_of, logged_in};

async fn contact(app: &TestApp, body: Value) -> i64 {
    let (status, contact) = app.post("/api/v1/interactions", &body).await;
    assert_eq!(status, 201, "{contact}");
    contact["case_id"].as_i64().expect("case")
}

async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("page");
    assert_eq!(response.status(), 200);
    response.text().await.expect("html")
}

/// Posts the reply form; answers where it redirected to.
async fn reply(
    client: &reqwest::Client,
    app: &TestApp,
    case: i64,
    form: &[(&str, &str)],
) -> String {
    let html = page(client, app, &format!("/cases/{case}")).await;
    let csrf = csrf_of(&html);
    let mut fields = vec![
        ("csrf", csrf.as_str()),
        ("kind", "reply"),
        ("body", "Wij bellen u morgen."),
    ];
    fields.extend_from_slice(form);
    let response = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&fields)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 303);
    response.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

#[tokio::test]
async fn a_customer_who_cant_be_reached_gets_no_reply_that_claims_to_be_sent() {
    let app = TestApp::spawn().await;
    let case = contact(
        &app,
        json!({"channel": "phone", "from": {"phone": "+31612345678", "name": "Jan de Boer"},
               "body": "Belde over zijn meterstand."}),
    )
    .await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(
        html.contains("Deze klant is niet te bereiken op een kanaal waarop we versturen"),
        "{html}"
    );
    assert!(
        !html.contains("Uw antwoord gaat per"),
        "no route is promised: {html}"
    );
    assert!(html.contains(r#"value="reply" disabled"#), "{html}");

    let to = reply(&client, &app, case, &[]).await;
    assert!(to.contains("no_reply_route"), "{to}");
    let refused = page(&client, &app, &to).await;
    assert!(
        refused.contains("Niet verstuurd: deze klant is op geen enkel kanaal te bereiken."),
        "{refused}"
    );
    assert!(!refused.contains("verstuurd."), "{refused}");
    assert_eq!(
        app.count("interactions WHERE direction = 'outbound'").await,
        0
    );

    let (status, answer) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": "Hallo"}),
        )
        .await;
    assert_eq!(
        (status, answer["error"].as_str()),
        (422, Some("no_reply_route")),
        "{answer}"
    );
    let (status, routes) = app.get(&format!("/api/v1/cases/{case}/reply-routes")).await;
    assert_eq!((status, routes), (200, json!([])));
    assert_eq!(
        app.count("interactions WHERE direction = 'outbound'").await,
        0
    );
}

#[tokio::test]
async fn the_case_view_names_the_route_and_offers_every_channel_the_customer_is_on() {
    let app = TestApp::spawn().await;
    let case = contact(
        &app,
        json!({"channel": "phone", "from": {"phone": "06 11122233", "name": "Noor Visser"},
               "body": "Belde over haar factuur."}),
    )
    .await;
    let customer = app.get(&format!("/api/v1/cases/{case}")).await.1["customer_id"].clone();
    let (status, _) = app
        .patch(
            &format!("/api/v1/customers/{customer}"),
            &json!({"email": "noor@example.nl"}),
        )
        .await;
    assert_eq!(status, 200);
    let client = logged_in(&app).await;

    // A phone case can't be answered by phone: the reply goes by email (the hint used to say
    // "via Telefoon"). With no SMS inbox, a text is not offered.
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(
        html.contains("Uw antwoord gaat per E-mail naar noor@example.nl."),
        "{html}"
    );
    assert!(!html.contains("SMS naar"), "{html}");

    app.create_inbox(&json!({"kind": "sms", "name": "SMS", "settings": {"provider": "twilio",
        "base_url": "http://127.0.0.1:9", "account_sid": "AC1", "auth_token": "secret", "from": "+3197010000001"}}))
        .await;
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(
        html.contains(
            r#"<option value="sms:+31611122233" selected>SMS naar +31611122233</option>"#
        ),
        "{html}"
    );

    let to = reply(&client, &app, case, &[("route", "sms:+31611122233")]).await;
    assert!(to.contains("reply_queued"), "{to}");
    let done = page(&client, &app, &to).await;
    assert!(
        done.contains("Antwoord klaargezet voor verzending"),
        "{done}"
    );
    let (_, routes) = app.get(&format!("/api/v1/cases/{case}/reply-routes")).await;
    assert_eq!(
        routes[0],
        json!({"channel": "sms", "address": "+31611122233", "unverified": false, "default": true})
    );
    assert_eq!(routes[1]["address"], "noor@example.nl", "{routes}");

    // A route the view did not offer is refused and sends nothing.
    let to = reply(&client, &app, case, &[("route", "sms:+31699999999")]).await;
    assert!(to.contains("invalid_input"), "{to}");
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": "Hallo", "channel": "whatsapp"}),
        )
        .await;
    assert_eq!(status, 422, "no WhatsApp inbox");
    let (status, sent) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": "Per e-mail", "channel": "email"}),
        )
        .await;
    assert_eq!(
        (status, sent["channel"].as_str()),
        (201, Some("email")),
        "{sent}"
    );

    let outbound = app
        .texts(
        "SELECT channel || ' ' || address FROM interactions WHERE direction = 'outbound' ORDER BY id",
    )
    .await;
    assert_eq!(outbound, ["sms +31611122233", "email noor@example.nl"]);
}
