//! Surveys end to end: a resolved case sends one CSAT email through the real SMTP server, its
//! one-click link records the answer (timeline, figures, follow-up case), the fatigue policy
//! suppresses the next one with its reason; business events, sampling, opt-out, custom
//! questions, chat surveys and bad input.

use domain::Role;
use futures::{SinkExt, StreamExt};
use klantbeeld::config::Config;
use serde_json::{Value, json};
use tokio_tungstenite::tungstenite::Message;

use crate::helpers::{TestApp, eventually, mail_servers, read};

pub(crate) async fn as_admin(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let token = app.token_for(Role::Admin).await;
    let response = app
        .client
        .request(method, app.url(path))
        .bearer_auth(token)
        .json(body)
        .send()
        .await
        .expect("request");
    read(response).await
}

async fn create_survey(app: &TestApp, body: Value) -> i64 {
    let (status, survey) = as_admin(app, reqwest::Method::POST, "/api/v1/surveys", &body).await;
    assert_eq!(status, 201, "{survey}");
    survey["id"].as_i64().expect("id")
}

async fn customer(app: &TestApp, name: &str, email: Option<&str>) -> i64 {
    let mut body = json!({"name": name});
    if let Some(email) = email {
        body["email"] = json!(email);
    }
    let (status, customer) = app.post("/api/v1/customers", &body).await;
    assert_eq!(status, 201, "{customer}");
    customer["id"].as_i64().expect("id")
}

async fn resolved_case(app: &TestApp, customer_id: i64, team_id: Option<i64>) -> i64 {
    let (status, case) = app
        .post(
            "/api/v1/cases",
            &json!({"customer_id": customer_id, "channel": "email", "subject": "Meterstand doorgeven",
                    "message": "Waar geef ik mijn meterstand door?", "team_id": team_id}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    let id = case["id"].as_i64().expect("id");
    let (status, body) = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    id
}

pub(crate) async fn invitations(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, body) = app
        .get(&format!("/api/v1/survey-invitations?{query}"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["items"].as_array().expect("items").clone()
}

/// The invitations of `query` once there are `n` of them.
async fn invitations_when(
    app: &TestApp,
    query: &str,
    check: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    eventually("survey invitations", || async {
        let found = invitations(app, query).await;
        check(&found).then_some(found)
    })
    .await
}

/// The token of a customer's invitation, as only the customer's message carries it.
async fn token_of(app: &TestApp, invitation_id: i64) -> String {
    let filter = store::surveys::invitations::InvitationFilter::default();
    store::surveys::invitations::list(&app.db, &filter)
        .await
        .expect("list")
        .into_iter()
        .find(|i| i.id == invitation_id)
        .expect("invitation")
        .token
}

pub(crate) async fn page(app: &TestApp, path: &str) -> (u16, String) {
    let response = app.client.get(app.url(path)).send().await.expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

async fn post_form(app: &TestApp, path: &str, form: &[(&str, &str)]) -> (u16, String) {
    let response = app
        .client
        .post(app.url(path))
        .form(form)
        .send()
        .await
        .expect("request");
    (
        response.status().as_u16(),
        response.text().await.expect("body"),
    )
}

async fn team(app: &TestApp, name: &str) -> i64 {
    store::teams::create(&app.db, name, &store::events::Actor::System)
        .await
        .expect("team")
        .id
}

#[tokio::test]
async fn a_resolved_case_sends_one_csat_email_whose_link_records_the_answer() {
    let Some((smtp_url, sent_dir)) = mail_servers() else {
        return;
    };
    let app = TestApp::spawn_with(Config {
        smtp_url: Some(smtp_url),
        public_url: Some("https://cx.polderstroom.nl".into()),
        ..Config::default()
    })
    .await;
    create_survey(
        &app,
        json!({"kind": "csat", "name": "Na afhandeling", "trigger": {"event": "case.resolved"}, "channels": ["email"]}),
    )
    .await;
    let address = format!("sanne.{}@example.nl", rand::random::<u32>());
    let sanne = customer(&app, "Sanne Bakker", Some(&address)).await;
    let billing = team(&app, "Facturatie").await;
    let first_case = resolved_case(&app, sanne, Some(billing)).await;

    let raw = crate::helpers::sent_mail(&sent_dir, &address).await;
    let parsed = channels::email::parse(raw.as_bytes(), 1 << 20).expect("a readable mail");
    assert_eq!(parsed.subject, "Hoe hebben we u geholpen?");
    let mail = parsed.body;
    let link_start = mail
        .find("https://cx.polderstroom.nl/s/")
        .expect("a survey link");
    let link: String = mail[link_start..]
        .chars()
        .take_while(|c| !c.is_whitespace())
        .collect();
    assert!(
        link.ends_with("?score=1"),
        "the first link answers 1: {link}"
    );
    let token = link
        .trim_start_matches("https://cx.polderstroom.nl/s/")
        .trim_end_matches("?score=1");
    let listed = invitations_when(&app, &format!("case_id={first_case}"), |found| {
        found.first().is_some_and(|i| i["status"] == "sent")
    })
    .await;
    assert_eq!(listed[0]["reason"], "sent");
    assert_eq!(listed[0]["touchpoint"], "support");

    // One click on "2" records a dissatisfied customer, and asks for a comment.
    let (status, html) = page(&app, &format!("/s/{token}?score=2")).await;
    assert_eq!(status, 200, "{html}");
    assert!(html.contains("Bedankt voor uw antwoord"));
    assert!(
        html.contains(r#"value="2" checked"#),
        "the score is shown as chosen"
    );
    let answered = invitations(&app, &format!("case_id={first_case}")).await;
    assert_eq!(answered[0]["status"], "answered");
    assert_eq!(answered[0]["score"], 2);

    // The answer is on the timeline.
    let (_, timeline) = app
        .get(&format!("/api/v1/customers/{sanne}/timeline"))
        .await;
    assert!(timeline.to_string().contains("CSAT 2/5"), "{timeline}");

    // A low score opened a follow-up for the team that handled the case.
    let follow_up = answered[0]["follow_up_case_id"]
        .as_i64()
        .expect("a follow-up case");
    let (_, case) = app.get(&format!("/api/v1/cases/{follow_up}")).await;
    assert_eq!(case["team_id"], billing);
    assert_eq!(case["priority"], "high");
    assert!(
        case["tags"]
            .as_array()
            .expect("tags")
            .contains(&json!("survey-follow-up"))
    );

    // And it counts in the figures, by touchpoint and with its n.
    let rows = eventually("the answer in the CSAT figures", || async {
        let (status, body) = app.get("/api/v1/metrics/csat?group_by=touchpoint").await;
        (status == 200 && body["rows"].as_array().is_some_and(|r| !r.is_empty())).then_some(body)
    })
    .await;
    assert_eq!(rows["rows"][0]["touchpoint"], "support");
    assert_eq!(rows["rows"][0]["csat"], 0.0);
    assert_eq!(rows["rows"][0]["n"], 1);

    // Changing the answer updates it: still one response, now satisfied, with a comment.
    let (status, _) = post_form(
        &app,
        &format!("/s/{token}"),
        &[("score", "5"), ("comment", "Toch snel opgelost")],
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(app.count("survey_responses").await, 1);
    eventually("the changed answer in the figures", || async {
        let (_, body) = app.get("/api/v1/metrics/csat").await;
        (body["rows"][0]["csat"] == 100.0 && body["rows"][0]["n"] == 1).then_some(())
    })
    .await;
    let (_, results) = app.get("/api/v1/surveys/1/results?group_by=channel").await;
    assert_eq!(results["rows"][0]["channel"], "email");
    assert_eq!(results["rows"][0]["response_rate"], 100.0);
    assert!(
        results["formulas"]["csat"]
            .as_str()
            .is_some_and(|f| f.contains("4 or 5"))
    );

    // A second resolved case inside the fatigue window is suppressed, with that reason.
    let second_case = resolved_case(&app, sanne, None).await;
    let second = invitations_when(&app, &format!("case_id={second_case}"), |found| {
        !found.is_empty()
    })
    .await;
    assert_eq!(second[0]["status"], "suppressed");
    assert_eq!(second[0]["reason"], "fatigue");
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let mails_to_sanne = std::fs::read_dir(&sent_dir)
        .expect("sent dir")
        .filter_map(|e| std::fs::read_to_string(e.ok()?.path()).ok())
        .filter(|text| text.contains(&address))
        .count();
    assert_eq!(mails_to_sanne, 1, "one survey email, not two");
}

#[tokio::test]
async fn every_decision_is_recorded_with_its_reason() {
    let app = TestApp::spawn().await;
    // Held back for an hour, so the first invitation is scheduled and counts for the policy.
    let survey = create_survey(
        &app,
        json!({"kind": "nps", "name": "Na levering", "trigger": {"event": "order.delivered"},
               "channels": ["email"], "delay_seconds": 3600, "conditions": {"segment": "consumer"}}),
    )
    .await;
    let pieter = customer(&app, "Pieter de Boer", Some("pieter@example.nl")).await;
    let (status, _) = app
        .patch(
            &format!("/api/v1/customers/{pieter}"),
            &json!({"attributes": {"segment": "consumer"}}),
        )
        .await;
    assert_eq!(status, 200);
    let nomail = customer(&app, "Kees Smit", None).await;
    app.patch(
        &format!("/api/v1/customers/{nomail}"),
        &json!({"attributes": {"segment": "consumer"}}),
    )
    .await;
    let business = customer(&app, "Bakkerij Jansen", Some("info@bakkerij.example.nl")).await;
    app.patch(
        &format!("/api/v1/customers/{business}"),
        &json!({"attributes": {"segment": "business"}}),
    )
    .await;

    for (customer_id, n) in [(pieter, 1), (pieter, 2), (nomail, 1), (business, 0)] {
        let (status, event) = app
            .post("/api/v1/events", &json!({"kind": "order.delivered", "customer_id": customer_id, "data": {"order": "A-1"}}))
            .await;
        assert_eq!(status, 201, "{event}");
        if n > 0 {
            invitations_when(&app, &format!("customer_id={customer_id}"), |found| {
                found.len() == n
            })
            .await;
        }
    }
    let pieters = invitations(&app, &format!("customer_id={pieter}")).await;
    let reasons: Vec<&str> = pieters
        .iter()
        .map(|i| i["reason"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(reasons, ["fatigue", "eligible"], "newest first");
    assert_eq!(pieters[1]["status"], "scheduled");
    assert_eq!(pieters[1]["touchpoint"], "delivery");
    assert_eq!(
        invitations(&app, &format!("customer_id={nomail}")).await[0]["reason"],
        "no_channel"
    );
    assert!(
        invitations(&app, &format!("customer_id={business}"))
            .await
            .is_empty(),
        "the segment condition leaves business customers out"
    );

    // The customer opts out from the link in their invitation: honoured by every survey.
    let token = token_of(&app, pieters[1]["id"].as_i64().expect("id")).await;
    let (status, html) = page(&app, &format!("/s/{token}/opt-out")).await;
    assert_eq!(status, 200);
    assert!(html.contains("Geen enquêtes meer"));
    let (status, _) = post_form(&app, &format!("/s/{token}/opt-out"), &[]).await;
    assert_eq!(status, 200);
    let sampled = create_survey(
        &app,
        json!({"kind": "ces", "name": "Onboarding", "trigger": {"event": "onboarding.completed"}, "channels": ["email"], "sample_pct": 0}),
    )
    .await;
    app.post(
        "/api/v1/events",
        &json!({"kind": "onboarding.completed", "customer": {"email": "pieter@example.nl"}}),
    )
    .await;
    app.post(
        "/api/v1/events",
        &json!({"kind": "onboarding.completed", "customer": {"email": "info@bakkerij.example.nl"}}),
    )
    .await;
    let opted = invitations_when(
        &app,
        &format!("customer_id={pieter}&survey_id={sampled}"),
        |f| !f.is_empty(),
    )
    .await;
    assert_eq!(opted[0]["reason"], "opted_out");
    let out = invitations_when(
        &app,
        &format!("customer_id={business}&survey_id={sampled}"),
        |f| !f.is_empty(),
    )
    .await;
    assert_eq!(out[0]["reason"], "sampled_out");
    assert_eq!(
        invitations(&app, &format!("survey_id={survey}"))
            .await
            .len(),
        3
    );
}

#[tokio::test]
async fn the_survey_page_is_friendly_to_wrong_links_and_keeps_partial_answers() {
    let app = TestApp::spawn().await;
    create_survey(
        &app,
        json!({"kind": "ces", "name": "Gemak", "trigger": {"event": "subscription.renewed"}, "channels": ["email"],
               "delay_seconds": 3600, "texts": {"question": {"nl": "Was verlengen makkelijk?", "en": "Was renewing easy?"}},
               "questions": [{"id": "channel_pref", "type": "choice", "label": {"nl": "Voorkeur", "en": "Preference"},
                              "options": [{"nl": "E-mail", "en": "Email"}, {"nl": "Telefoon", "en": "Phone"}]}]}),
    )
    .await;
    let anna = customer(&app, "Anna de Vries", Some("anna@example.nl")).await;
    app.patch(
        &format!("/api/v1/customers/{anna}"),
        &json!({"language": "en"}),
    )
    .await;
    app.post(
        "/api/v1/events",
        &json!({"kind": "subscription.renewed", "customer_id": anna}),
    )
    .await;
    let listed = invitations_when(&app, &format!("customer_id={anna}"), |f| !f.is_empty()).await;
    let token = token_of(&app, listed[0]["id"].as_i64().expect("id")).await;

    let (status, html) = page(&app, &format!("/s/{token}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("Was renewing easy?"),
        "in the customer's language"
    );
    assert!(html.contains(r#"name="score" value="7""#), "CES runs to 7");

    // Out of range, or not a number: a clear message, nothing recorded.
    for bad in ["8", "0", "veel"] {
        let (status, html) = page(&app, &format!("/s/{token}?score={bad}")).await;
        assert_eq!(status, 400, "{bad}");
        assert!(html.contains("Please choose one of the answers shown"));
    }
    let (status, _) = post_form(&app, &format!("/s/{token}"), &[("q_channel_pref", "5")]).await;
    assert_eq!(status, 400, "a choice that does not exist");
    assert_eq!(app.count("survey_responses").await, 0);
    assert_eq!(
        invitations(&app, &format!("customer_id={anna}")).await[0]["status"],
        "scheduled"
    );

    // A comment first, the score later: both kept, one response.
    let (status, _) = post_form(
        &app,
        &format!("/s/{token}"),
        &[("comment", "Prima"), ("q_channel_pref", "1")],
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = post_form(&app, &format!("/s/{token}"), &[("score", "6")]).await;
    assert_eq!(status, 200);
    let answered = invitations(&app, &format!("customer_id={anna}")).await;
    assert_eq!(
        (
            answered[0]["score"].as_i64(),
            answered[0]["comment"].as_str()
        ),
        (Some(6), Some("Prima"))
    );
    assert_eq!(answered[0]["answers"]["channel_pref"], "1");
    assert_eq!(app.count("survey_responses").await, 1);
    assert!(
        answered[0]["follow_up_case_id"].is_null(),
        "6 of 7 is easy: no follow-up"
    );

    // Once the invitation has expired the answer is final: past figures cannot be rewritten.
    app.execute("UPDATE survey_invitations SET expires_at = '2020-01-01T00:00:00Z'")
        .await;
    let (status, html) = post_form(&app, &format!("/s/{token}"), &[("score", "1")]).await;
    assert_eq!(status, 410);
    assert!(html.contains("This survey has expired"));
    let (status, _) = page(&app, &format!("/s/{token}?score=2")).await;
    assert_eq!(status, 410, "a one-click link changes nothing either");
    let kept = invitations(&app, &format!("customer_id={anna}")).await;
    assert_eq!(
        (kept[0]["status"].as_str(), kept[0]["score"].as_i64()),
        (Some("answered"), Some(6))
    );

    // Unknown and expired links get a page that says so.
    let (status, html) = page(&app, "/s/no-such-token").await;
    assert_eq!(status, 404);
    assert!(html.contains("Deze vragenlijst kunnen we niet vinden"));
    app.execute(
        "UPDATE survey_invitations SET status = 'sent', expires_at = '2020-01-01T00:00:00Z'",
    )
    .await;
    let (status, html) = page(&app, &format!("/s/{token}?score=7")).await;
    assert_eq!(status, 410);
    assert!(html.contains("This survey has expired"));
}

#[tokio::test]
async fn bad_survey_settings_are_refused_and_change_nothing() {
    let app = TestApp::spawn().await;
    let base = json!({"kind": "csat", "name": "X", "trigger": {"event": "case.resolved"}, "channels": ["email"]});
    let cases = [
        ("kind", json!("stars")),
        ("channels", json!([])),
        ("channels", json!(["pigeon"])),
        ("sample_pct", json!(101)),
        ("delay_seconds", json!(-5)),
        ("trigger", json!({"event": "case.created.now"})),
        ("trigger", json!({"event": "survey.answered"})),
        (
            "trigger",
            json!({"event": "order.delivered", "every_days": 30}),
        ),
        ("colour", json!("red")),
        (
            "questions",
            json!([{"id": "x y", "type": "text", "label": {"nl": "a", "en": "b"}}]),
        ),
    ];
    for (field, value) in cases {
        let mut body = base.clone();
        body[field] = value;
        let (status, answer) =
            as_admin(&app, reqwest::Method::POST, "/api/v1/surveys", &body).await;
        assert!((400..500).contains(&status), "{field}: {status} {answer}");
    }
    let (status, _) = app.post("/api/v1/surveys", &base).await;
    assert_eq!(status, 403, "agents do not configure surveys");
    assert_eq!(app.count("surveys").await, 0);

    let (status, policy) = app.get("/api/v1/settings/survey-fatigue").await;
    assert_eq!(status, 200);
    assert_eq!(policy["max_invitations"], 2);
    for bad in [
        json!({"max_invitations": 0, "window_days": 30, "min_gap_days": 7}),
        json!({"max_invitations": 1, "window_days": 10, "min_gap_days": 20}),
        json!({"max_invitations": 1, "window_days": 30}),
        json!({"max_invitations": "one", "window_days": 30, "min_gap_days": 7}),
    ] {
        let (status, _) = as_admin(
            &app,
            reqwest::Method::PUT,
            "/api/v1/settings/survey-fatigue",
            &bad,
        )
        .await;
        assert!((400..500).contains(&status), "{bad}");
    }
    let good = json!({"max_invitations": 1, "window_days": 60, "min_gap_days": 14});
    let (status, saved) = as_admin(
        &app,
        reqwest::Method::PUT,
        "/api/v1/settings/survey-fatigue",
        &good,
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        app.get("/api/v1/settings/survey-fatigue").await.1["window_days"],
        60
    );

    let anna = customer(&app, "Anna", Some("anna@example.nl")).await;
    for (bad, expected) in [
        (json!({"kind": "case.resolved", "customer_id": anna}), 422),
        (
            json!({"kind": "subscription.cancelled", "customer_id": anna}),
            422,
        ),
        (json!({"kind": "order.placed", "customer_id": 999_999}), 404),
        (
            json!({"kind": "order.placed", "customer": {"email": "nobody@example.nl"}}),
            404,
        ),
        (json!({"kind": "order.placed"}), 422),
    ] {
        let (status, body) = app.post("/api/v1/events", &bad).await;
        assert_eq!(status, expected, "{bad}: {body}");
    }
    let (status, cancelled) = app
        .post(
            "/api/v1/events",
            &json!({"kind": "subscription.cancelled", "customer_id": anna, "reason": "te duur"}),
        )
        .await;
    assert_eq!(status, 201, "{cancelled}");
    assert_eq!(cancelled["reason"], "te duur");
    let (status, _) = app.get("/api/v1/survey-invitations?customer_id=abc").await;
    assert_eq!(status, 400);
}

#[tokio::test]
async fn a_chat_ends_with_a_survey_in_the_widget() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (status, inbox) = read(
        app.client
            .post(app.url("/api/v1/inboxes"))
            .bearer_auth(&admin)
            .json(&json!({"kind": "chat", "name": "Website"}))
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(status, 201, "{inbox}");
    create_survey(&app, json!({"kind": "csat", "name": "Chat", "trigger": {"event": "case.resolved"}, "channels": ["chat", "email"]})).await;
    let url = format!(
        "{}/chat/{}/socket?visitor=visitor-survey-0000000000000001",
        app.base.replace("http", "ws"),
        inbox["id"]
    );
    let (mut socket, _) = tokio_tungstenite::connect_async(url)
        .await
        .expect("connect");
    socket
        .send(Message::text(
            json!({"type": "message", "body": "Is mijn pakket al onderweg?"}).to_string(),
        ))
        .await
        .expect("send");
    let mut case_id = None;
    while case_id.is_none() {
        let frame: Value = serde_json::from_str(
            socket
                .next()
                .await
                .expect("frame")
                .expect("ok")
                .to_text()
                .expect("text"),
        )
        .expect("json");
        case_id = frame["case_id"].as_i64();
    }
    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{}", case_id.expect("case")),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(status, 200);
    let survey = loop {
        let frame: Value = serde_json::from_str(
            socket
                .next()
                .await
                .expect("frame")
                .expect("ok")
                .to_text()
                .expect("text"),
        )
        .expect("json");
        if frame["type"] == "survey" {
            break frame;
        }
    };
    assert_eq!(survey["scale"], json!([1, 5]));
    let token = survey["token"].as_str().expect("token");
    socket
        .send(Message::text(
            json!({"type": "survey_answer", "token": token, "score": 9}).to_string(),
        ))
        .await
        .expect("send");
    socket
        .send(Message::text(
            json!({"type": "survey_answer", "token": token, "score": 4}).to_string(),
        ))
        .await
        .expect("send");
    let mut frames = Vec::new();
    while frames.len() < 2 {
        let frame: Value = serde_json::from_str(
            socket
                .next()
                .await
                .expect("frame")
                .expect("ok")
                .to_text()
                .expect("text"),
        )
        .expect("json");
        if frame["type"] != "presence" {
            frames.push(frame);
        }
    }
    assert_eq!(frames[0]["type"], "error", "9 is not on a 1-5 scale");
    assert_eq!(frames[1]["type"], "survey_thanks");
    let listed = invitations(&app, &format!("case_id={}", case_id.expect("case"))).await;
    assert_eq!(
        (listed[0]["channel"].as_str(), listed[0]["score"].as_i64()),
        (Some("chat"), Some(4))
    );
}

#[tokio::test]
async fn a_survey_by_sms_carries_a_short_link_and_one_reminder() {
    let app = TestApp::spawn_with(Config {
        public_url: Some("https://cx.polderstroom.nl".into()),
        ..Config::default()
    })
    .await;
    let (base, seen) = crate::channels::twilio_mock().await;
    let (status, inbox) = as_admin(&app, reqwest::Method::POST, "/api/v1/inboxes", &json!({"kind": "sms", "name": "SMS",
        "settings": {"provider": "twilio", "account_sid": "AC1", "auth_token": "t", "from": "+3197010000001", "base_url": base}})).await;
    assert_eq!(status, 201, "{inbox}");
    let survey = create_survey(
        &app,
        json!({"kind": "ces", "name": "Levering", "trigger": {"event": "order.delivered"}, "channels": ["sms"], "reminder_after_hours": 24}),
    )
    .await;
    let (status, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Joost", "phone": "0612345678"}),
        )
        .await;
    assert_eq!(status, 201, "{customer}");
    app.post(
        "/api/v1/events",
        &json!({"kind": "order.delivered", "customer_id": customer["id"]}),
    )
    .await;
    let first = eventually("the survey text at the provider", || async {
        seen.lock().expect("lock").first().cloned()
    })
    .await;
    assert!(first.contains("To=%2B31612345678"), "{first}");
    assert!(
        first.contains("cx.polderstroom.nl%2Fs%2F"),
        "a link to the survey page: {first}"
    );
    let listed = invitations_when(&app, &format!("survey_id={survey}"), |f| {
        f.first().is_some_and(|i| i["status"] == "sent")
    })
    .await;
    assert_eq!(listed[0]["channel"], "sms");

    // A day later, unanswered: one reminder, never two.
    app.execute("UPDATE survey_invitations SET remind_at = '2020-01-01T00:00:00Z'")
        .await;
    eventually("the reminder", || async {
        (seen.lock().expect("lock").len() == 2).then_some(())
    })
    .await;
    tokio::time::sleep(std::time::Duration::from_millis(2500)).await;
    assert_eq!(seen.lock().expect("lock").len(), 2, "one reminder only");
    let reminded = invitations(&app, &format!("survey_id={survey}")).await;
    assert!(reminded[0]["reminded_at"].is_string());
}

#[tokio::test]
async fn an_open_link_and_the_website_snippet_collect_anonymous_answers() {
    let app = TestApp::spawn().await;
    let (status, survey) = as_admin(&app, reqwest::Method::POST, "/api/v1/surveys",
        &json!({"kind": "nps", "name": "Website", "trigger": {"event": "order.placed"}, "channels": ["email"], "touchpoint": "website"})).await;
    assert_eq!(status, 201);
    assert!(
        survey["embed_snippet"]
            .as_str()
            .is_some_and(|s| s.contains("/survey.js") && s.contains("data-survey"))
    );
    let open = survey["open_link"].as_str().expect("open link").to_string();
    for score in ["9", "4"] {
        let response = app
            .client
            .get(app.url(&format!("{open}?score={score}&lang=en")))
            .send()
            .await
            .expect("open");
        assert_eq!(response.status(), 303);
        let target = response.headers()["location"]
            .to_str()
            .expect("location")
            .to_string();
        assert!(
            target.starts_with("/s/") && target.contains("score="),
            "{target}"
        );
        let (status, html) = page(&app, &target).await;
        assert_eq!(status, 200);
        assert!(html.contains("Thank you for your answer"));
    }
    // Two visitors, two answers on the survey's anonymous respondent; nothing opens a follow-up.
    let listed = invitations(&app, &format!("survey_id={}", survey["id"])).await;
    assert_eq!(listed.len(), 2);
    assert!(
        listed
            .iter()
            .all(|i| i["status"] == "answered" && i["channel"] == "link")
    );
    assert_eq!(app.count("survey_responses").await, 2);
    assert_eq!(
        app.count("cases").await,
        0,
        "an anonymous detractor has nobody to call back"
    );
    let (status, _) = page(&app, "/s/open/99999").await;
    assert_eq!(status, 404);

    // Every survey figure says how many of its answers are anonymous.
    let nps = eventually("the open-link answers in the NPS", || async {
        let (_, body) = app.get("/api/v1/metrics/nps").await;
        (body["rows"][0]["n"] == 2).then_some(body)
    })
    .await;
    assert_eq!(nps["rows"][0]["anonymous"], 2, "{nps}");
    let (_, by_channel) = app.get("/api/v1/metrics/nps?group_by=channel").await;
    assert_eq!(by_channel["rows"][0]["channel"], "link", "{by_channel}");
    assert_eq!(by_channel["rows"][0]["anonymous"], 2, "{by_channel}");
    let (_, only_link) = app.get("/api/v1/metrics/nps?filter.channel=link").await;
    assert_eq!(only_link["rows"][0]["anonymous"], 2, "{only_link}");
    let csv = app
        .client
        .get(app.url("/api/v1/metrics/nps"))
        .bearer_auth(&app.token)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("csv")
        .text()
        .await
        .expect("text");
    assert!(
        csv.lines()
            .next()
            .is_some_and(|h| h.ends_with(",n,anonymous")),
        "{csv}"
    );
    let (_, frt) = app.get("/api/v1/metrics/frt").await;
    assert!(
        frt["rows"]
            .as_array()
            .is_some_and(|rows| rows.iter().all(|r| r.get("anonymous").is_none()))
    );

    // An admin switches the open link off in the UI: the link stops taking answers.
    let client = crate::ui::logged_in(&app).await;
    let detail = client
        .get(app.url(&format!("/surveys/{}", survey["id"])))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(detail.contains("Open link uitzetten"), "{detail}");
    let switched = client
        .post(app.url(&format!("/surveys/{}/open-link", survey["id"])))
        .form(&[
            ("csrf", crate::ui::csrf_of(&detail).as_str()),
            ("enabled", "false"),
        ])
        .send()
        .await
        .expect("switch");
    assert_eq!(switched.status(), 303);
    let (status, _) = page(&app, &open).await;
    assert_eq!(status, 404, "a switched-off open link takes no answers");
    let (_, shown) = app.get(&format!("/api/v1/surveys/{}", survey["id"])).await;
    assert_eq!(shown["open_link_enabled"], false);
    assert!(shown["open_link"].is_null());
    let (status, on) = as_admin(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/surveys/{}", survey["id"]),
        &json!({"open_link_enabled": true}),
    )
    .await;
    assert_eq!(status, 200, "{on}");
    assert_eq!(
        on["active"], true,
        "switching the link leaves the survey on"
    );
    let (status, _) = as_admin(
        &app,
        reqwest::Method::PATCH,
        &format!("/api/v1/surveys/{}", survey["id"]),
        &json!({}),
    )
    .await;
    assert_eq!(status, 422);
    let snippet = app
        .client
        .get(app.url("/survey.js"))
        .send()
        .await
        .expect("snippet");
    assert_eq!(snippet.headers()["access-control-allow-origin"], "*");
    assert!(snippet.text().await.expect("js").contains("/s/open/"));
}
