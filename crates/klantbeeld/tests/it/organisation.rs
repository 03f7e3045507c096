//! The organisation: its name on every page a customer sees, and the language Klantbeeld writes
//! its own stored texts in (case subjects, timeline lines, placeholder names).

use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::visitor::Visitor;

/// What Klantbeeld itself writes, per working language: the subject of a call's case, its
/// timeline line, the callback's reason and note, a chat visitor's placeholder name, a handover
/// note's subject and a low score's follow-up case.
struct Written {
    call_subject: &'static str,
    call_line: &'static str,
    callback_reason: &'static str,
    callback_note: &'static str,
    visitor: &'static str,
    handover: &'static str,
    follow_up: &'static str,
}

const DUTCH: Written = Written {
    call_subject: "Gesprek met +31612345679",
    call_line: "Gemist gesprek van +31612345679 (wachtrij sales): opgehangen na 1 min 35 s wachten",
    callback_reason: "Opgehangen na 95 s wachten",
    callback_note: "Terugbelverzoek: Opgehangen na 95 s wachten",
    visitor: "Chatbezoeker",
    handover: "Overdracht",
    follow_up: "Opvolging: CSAT 1/5",
};

const ENGLISH: Written = Written {
    call_subject: "Call from +31612345679",
    call_line: "Missed call from +31612345679 (queue sales): hung up after waiting 1 min 35 s",
    callback_reason: "Hung up after waiting 95 s",
    callback_note: "Callback requested: Hung up after waiting 95 s",
    visitor: "Chat visitor",
    handover: "Handover",
    follow_up: "Follow-up: CSAT 1/5",
};

/// A request as an admin: settings and teams are theirs to change.
async fn as_admin(
    app: &TestApp,
    method: reqwest::Method,
    path: &str,
    body: &Value,
) -> (u16, Value) {
    let admin = app.token_for(domain::Role::Admin).await;
    let response = app
        .client
        .request(method, app.url(path))
        .bearer_auth(admin)
        .json(body)
        .send()
        .await
        .expect("request");
    crate::helpers::read(response).await
}

async fn set_organisation(app: &TestApp, body: &Value) -> (u16, Value) {
    as_admin(
        app,
        reqwest::Method::PUT,
        "/api/v1/settings/organisation",
        body,
    )
    .await
}

async fn thread(app: &TestApp, case: i64) -> Vec<Value> {
    let (status, body) = app.get(&format!("/api/v1/cases/{case}")).await;
    assert_eq!(status, 200, "{body}");
    body["interactions"].as_array().cloned().unwrap_or_default()
}

async fn writes_in(language: Option<&str>, expected: &Written) {
    let app = TestApp::spawn().await;
    if let Some(language) = language {
        let (status, body) =
            set_organisation(&app, &json!({"name": "Polderstroom", "language": language})).await;
        assert_eq!(status, 200, "{body}");
    }

    // A caller hangs up after 95 s in the queue: a case, a timeline line and a callback.
    let phone = app
        .create_inbox(&json!({"kind": "phone", "name": "Klantenlijn"}))
        .await;
    let event = json!({"call_id": "c-1", "event": "abandoned", "caller": "0612345679",
        "queue": "sales", "wait_seconds": 95});
    let (status, call) = app
        .post_hook(
            &format!("/hooks/phone/{}", phone["id"]),
            "application/json",
            event.to_string(),
        )
        .await;
    assert_eq!(status, 200, "{call}");
    let call_case = call["call"]["case_id"].as_i64().expect("the call's case");
    let (_, case) = app.get(&format!("/api/v1/cases/{call_case}")).await;
    assert_eq!(case["subject"], expected.call_subject);
    let lines: Vec<String> = thread(&app, call_case)
        .await
        .iter()
        .filter_map(|i| i["body"].as_str().map(str::to_string))
        .collect();
    assert!(lines.iter().any(|l| l == expected.call_line), "{lines:?}");
    assert!(
        lines.iter().any(|l| l == expected.callback_note),
        "{lines:?}"
    );
    let (_, callbacks) = app.get("/api/v1/callbacks").await;
    assert_eq!(callbacks["items"][0]["reason"], expected.callback_reason);

    // A handover note for the next team.
    let (_, team) = as_admin(
        &app,
        reqwest::Method::POST,
        "/api/v1/teams",
        &json!({"name": "Techniek"}),
    )
    .await;
    let (status, body) = app
        .patch(
            &format!("/api/v1/cases/{call_case}"),
            &json!({"team_id": team["id"], "handover_note": "Meterkast gecontroleerd."}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let notes: Vec<Value> = thread(&app, call_case)
        .await
        .into_iter()
        .filter(|i| i["direction"] == "note" && i["body"] == "Meterkast gecontroleerd.")
        .collect();
    assert_eq!(notes[0]["subject"], expected.handover);

    // A chat visitor without a name, who then gives the chat a 1 out of 5.
    let chat = app
        .create_inbox(&json!({"kind": "chat", "name": "Website"}))
        .await;
    let (status, body) = as_admin(
        &app,
        reqwest::Method::POST,
        "/api/v1/surveys",
        &json!({"kind": "csat", "name": "Chat", "trigger": {"event": "case.resolved"}, "channels": ["chat"]}),
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let mut visitor = Visitor::connect(&app, chat["id"].as_i64().expect("inbox"), None).await;
    assert_eq!(
        visitor.hello["organisation"],
        if language.is_some() {
            "Polderstroom"
        } else {
            "Klantbeeld"
        }
    );
    let ack = visitor
        .ask(
            json!({"type": "message", "body": "Hallo?"}),
            &["ack", "error"],
        )
        .await;
    let chat_case = ack["case_id"].as_i64().expect("chat case");
    let (_, case) = app.get(&format!("/api/v1/cases/{chat_case}")).await;
    let (_, customer) = app
        .get(&format!("/api/v1/customers/{}", case["customer_id"]))
        .await;
    assert_eq!(customer["name"], expected.visitor);
    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{chat_case}"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(status, 200);
    let survey = visitor.frame_of(&["survey"]).await;
    let thanks = visitor
        .ask(
            json!({"type": "survey_answer", "token": survey["token"], "score": 1}),
            &["survey_thanks", "error"],
        )
        .await;
    assert_eq!(thanks["type"], "survey_thanks", "{thanks}");
    let (_, invitations) = app
        .get(&format!("/api/v1/survey-invitations?case_id={chat_case}"))
        .await;
    let follow_up = invitations["items"][0]["follow_up_case_id"]
        .as_i64()
        .expect("a follow-up case");
    let (_, case) = app.get(&format!("/api/v1/cases/{follow_up}")).await;
    assert_eq!(case["subject"], expected.follow_up);
}

#[tokio::test]
async fn klantbeeld_writes_its_own_texts_in_dutch_by_default() {
    writes_in(None, &DUTCH).await;
}

#[tokio::test]
async fn klantbeeld_writes_its_own_texts_in_english_for_an_english_organisation() {
    writes_in(Some("en"), &ENGLISH).await;
}

#[tokio::test]
async fn public_pages_carry_the_organisations_name_and_bad_settings_change_nothing() {
    let app = TestApp::spawn().await;
    for bad in [
        json!({"name": "", "language": "nl"}),
        json!({"name": "x".repeat(81), "language": "nl"}),
        json!({"name": "Polder\nstroom", "language": "nl"}),
        json!({"name": "Polderstroom", "language": "de"}),
        json!({"name": "Polderstroom"}),
        json!({"name": "Polderstroom", "language": "nl", "logo": "x"}),
    ] {
        let (status, body) = set_organisation(&app, &bad).await;
        assert!(
            status == 400 || status == 422,
            "{bad} gave {status}: {body}"
        );
    }
    let (_, organisation) = app.get("/api/v1/settings/organisation").await;
    assert_eq!(
        organisation,
        json!({"name": "Klantbeeld", "language": "nl"}),
        "refused settings change nothing"
    );
    let (status, _) = app
        .put_json(
            "/api/v1/settings/organisation",
            &json!({"name": "Overgenomen", "language": "nl"}),
        )
        .await;
    assert_eq!(status, 403, "only an admin names the organisation");

    let (status, _) = set_organisation(
        &app,
        &json!({"name": "  Polderstroom <Energie> ", "language": "en"}),
    )
    .await;
    assert_eq!(status, 200);
    for path in ["/callback", "/callback?lang=en", "/s/no-such-token"] {
        let html = app
            .client
            .get(app.url(path))
            .send()
            .await
            .expect("page")
            .text()
            .await
            .expect("html");
        assert!(
            html.contains(r#"<header class="org-name">Polderstroom &#60;Energie&#62;</header>"#),
            "{path} names the organisation, escaped: {html}"
        );
    }
}
