//! Putting records right: duplicate customers suggested and merged, cases merged and split, a
//! handover note with a reassignment, and attachments downloaded from the case.

use domain::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, read};

async fn customer(app: &TestApp, name: &str, email: &str) -> i64 {
    let (status, body) = app
        .post("/api/v1/customers", &json!({"name": name, "email": email}))
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().expect("id")
}

async fn case(app: &TestApp, customer_id: i64, channel: &str, message: &str) -> i64 {
    let (status, body) = app
        .post("/api/v1/cases", &json!({"customer_id": customer_id, "channel": channel, "subject": "Storing", "message": message}))
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().expect("id")
}

async fn thread(app: &TestApp, case_id: i64) -> Vec<Value> {
    let (status, body) = app.get(&format!("/api/v1/cases/{case_id}")).await;
    assert_eq!(status, 200, "{body}");
    body["interactions"]
        .as_array()
        .expect("interactions")
        .clone()
}

#[tokio::test]
async fn probable_duplicates_are_suggested_and_merge_without_losing_a_record() {
    let app = TestApp::spawn().await;
    let jan = customer(&app, "Jan Jansen", "j.jansen@gmail.com").await;
    let twin = customer(&app, "jan jansen", "jjansen+winkel@googlemail.com").await;
    let namesake = customer(&app, "Jan Jansen", "jan@ziggo.nl").await;
    let stranger = customer(&app, "Piet Pieters", "pietpieters@gmail.com").await;
    let twin_case = case(&app, twin, "email", "Mijn factuur is te hoog").await;

    let (status, found) = app
        .get(&format!("/api/v1/customers/{jan}/duplicates"))
        .await;
    assert_eq!(status, 200);
    let ids: Vec<i64> = found["items"]
        .as_array()
        .expect("items")
        .iter()
        .filter_map(|d| d["customer_id"].as_i64())
        .collect();
    assert_eq!(
        ids,
        [twin],
        "same name and an email variant; not {namesake} or {stranger}"
    );
    assert!(
        found["items"][0]["reasons"][0]
            .as_str()
            .is_some_and(|r| r.contains("email variant"))
    );

    let (status, survivor) = app
        .post(
            &format!("/api/v1/customers/{twin}/merge"),
            &json!({"into": jan}),
        )
        .await;
    assert_eq!(status, 200, "{survivor}");
    let emails: Vec<&str> = survivor["identities"]
        .as_array()
        .expect("ids")
        .iter()
        .filter_map(|i| i["value"].as_str())
        .collect();
    assert!(
        emails.contains(&"jjansen+winkel@googlemail.com") && emails.contains(&"j.jansen@gmail.com")
    );
    let (_, moved) = app.get(&format!("/api/v1/cases/{twin_case}")).await;
    assert_eq!(moved["customer_id"], jan);
    let (_, timeline) = app.get(&format!("/api/v1/customers/{jan}/timeline")).await;
    assert!(timeline.to_string().contains("Mijn factuur is te hoog"));
    let (_, merged) = app.get(&format!("/api/v1/customers/{twin}")).await;
    assert_eq!(merged["merged_into"], jan);
    let (_, found) = app
        .get(&format!("/api/v1/customers/{jan}/duplicates"))
        .await;
    assert_eq!(found["items"], json!([]));

    let (status, _) = app
        .post(
            &format!("/api/v1/customers/{twin}/merge"),
            &json!({"into": jan}),
        )
        .await;
    assert_eq!(status, 422, "merged once");
    let (status, _) = app
        .post(
            &format!("/api/v1/customers/{jan}/merge"),
            &json!({"into": jan}),
        )
        .await;
    assert_eq!(status, 422, "not into itself");
    let (status, _) = app
        .post(
            &format!("/api/v1/customers/{jan}/merge"),
            &json!({"into": 999_999}),
        )
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn cases_merge_and_split_across_channels() {
    let app = TestApp::spawn().await;
    let anna = customer(&app, "Anna de Vries", "anna@example.nl").await;
    let other = customer(&app, "Bram", "bram@example.nl").await;
    let by_email = case(&app, anna, "email", "Geen stroom sinds vanochtend").await;
    let by_chat = case(&app, anna, "chat", "Nog steeds geen stroom!").await;
    let brams = case(&app, other, "email", "Vraag over mijn contract").await;

    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{by_chat}/merge"),
            &json!({"into": brams}),
        )
        .await;
    assert_eq!(status, 422, "another customer's case");
    let (status, kept) = app
        .post(
            &format!("/api/v1/cases/{by_chat}/merge"),
            &json!({"into": by_email}),
        )
        .await;
    assert_eq!(status, 200, "{kept}");
    let bodies: Vec<String> = thread(&app, by_email)
        .await
        .iter()
        .map(|i| i["body"].as_str().unwrap_or("").to_string())
        .collect();
    assert!(
        bodies.contains(&"Nog steeds geen stroom!".to_string()) && bodies.len() == 2,
        "{bodies:?}"
    );
    let (_, closed) = app.get(&format!("/api/v1/cases/{by_chat}")).await;
    assert_eq!(closed["status"], "closed");
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{by_chat}/merge"),
            &json!({"into": by_email}),
        )
        .await;
    assert_eq!(status, 422, "merged once");

    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{by_email}/messages"),
            &json!({"body": "Er is een storing in uw wijk.", "kind": "reply"}),
        )
        .await;
    assert_eq!(status, 201);
    let messages = thread(&app, by_email).await;
    let chat_message = messages
        .iter()
        .find(|i| i["channel"] == "chat")
        .expect("chat message")["id"]
        .as_i64()
        .expect("id");
    let (status, new_case) = app
        .post(
            &format!("/api/v1/cases/{by_email}/split"),
            &json!({"interaction_ids": [chat_message], "subject": "Stroom via chat"}),
        )
        .await;
    assert_eq!(status, 201, "{new_case}");
    assert_eq!(new_case["channel"], "chat");
    assert_eq!(new_case["subject"], "Stroom via chat");
    let new_id = new_case["id"].as_i64().expect("id");
    assert_eq!(thread(&app, new_id).await.len(), 1);
    assert_eq!(thread(&app, by_email).await.len(), 2);

    let all: Vec<i64> = thread(&app, by_email)
        .await
        .iter()
        .filter_map(|i| i["id"].as_i64())
        .collect();
    let before = app.count("cases").await;
    for (body, why) in [
        (json!({"interaction_ids": all}), "every message"),
        (
            json!({"interaction_ids": [chat_message]}),
            "a message of another case",
        ),
        (json!({"interaction_ids": []}), "no message"),
    ] {
        let (status, _) = app
            .post(&format!("/api/v1/cases/{by_email}/split"), &body)
            .await;
        assert_eq!(status, 422, "{why}");
    }
    assert_eq!(
        app.count("cases").await,
        before,
        "a refused split creates nothing"
    );
}

#[tokio::test]
async fn a_reassignment_carries_its_handover_note() {
    let app = TestApp::spawn().await;
    let anna = customer(&app, "Anna", "anna@example.nl").await;
    let id = case(&app, anna, "email", "Mijn meter is kapot").await;
    let team = store::teams::create(&app.db, "Techniek", &store::events::Actor::System)
        .await
        .expect("team")
        .id;

    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            &json!({"handover_note": "Zonder wissel"}),
        )
        .await;
    assert_eq!(status, 422, "a note needs a reassignment");
    assert_eq!(thread(&app, id).await.len(), 1);
    let (status, body) = app
        .patch(&format!("/api/v1/cases/{id}"), &json!({"team_id": team, "handover_note": "Klant heeft al een foto van de meter gestuurd."}))
        .await;
    assert_eq!(status, 200, "{body}");
    let notes: Vec<Value> = thread(&app, id)
        .await
        .into_iter()
        .filter(|i| i["direction"] == "note")
        .collect();
    assert_eq!(notes.len(), 1);
    assert_eq!(
        notes[0]["subject"], "Overdracht",
        "in the organisation's language"
    );
    assert!(
        notes[0]["body"]
            .as_str()
            .is_some_and(|b| b.contains("foto van de meter"))
    );
}

#[tokio::test]
async fn the_case_and_timeline_list_an_attachment_that_downloads_by_its_id() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let (status, inbox) = read(
        app.client
            .post(app.url("/api/v1/inboxes"))
            .bearer_auth(&admin)
            .json(&json!({"kind": "email", "name": "Support"}))
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(status, 201, "{inbox}");
    let raw = "From: Anna <anna@example.nl>\r\nTo: support@polderstroom.nl\r\nSubject: Meterfoto\r\nMessage-ID: <foto-1@example.nl>\r\n\
        MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n\
        Zie de foto.\r\n\r\nOp 23 nov. 2026 schreef Polderstroom:\r\n> Kunt u een foto sturen?\r\n--b\r\nContent-Type: image/png; name=\"meter <1>.png\"\r\n\
        Content-Disposition: attachment; filename=\"meter <1>.png\"\r\nContent-Transfer-Encoding: base64\r\n\r\niVBORw0KGgo=\r\n--b--\r\n";
    let (status, ingested) = app
        .post_hook(
            &format!("/hooks/email/{}", inbox["id"]),
            "message/rfc822",
            raw,
        )
        .await;
    assert_eq!(status, 201, "{ingested}");

    // The case view and the customer's timeline list the file with the message it came with.
    let case_id = ingested["case_id"].as_i64().expect("case id");
    let listed = |interactions: &[Value]| -> Value {
        let message = interactions
            .iter()
            .find(|i| i["id"] == ingested["interaction_id"])
            .expect("the message");
        message["attachments"].clone()
    };
    let in_case = listed(&thread(&app, case_id).await);
    let file = &in_case.as_array().expect("attachments")[..];
    assert_eq!(file.len(), 1, "{in_case}");
    assert_eq!(file[0]["filename"], "meter <1>.png");
    assert_eq!(file[0]["content_type"], "image/png");
    assert_eq!(file[0]["size"], 8, "the decoded bytes");
    let id = file[0]["id"].as_i64().expect("an attachment id");
    let (status, timeline) = app
        .get(&format!(
            "/api/v1/customers/{}/timeline",
            ingested["customer_id"]
        ))
        .await;
    assert_eq!(status, 200, "{timeline}");
    let timeline = timeline["items"].as_array().expect("items").clone();
    assert_eq!(listed(&timeline), in_case, "the timeline lists it the same");

    // A message without files lists none, in both places.
    let (status, note) = app
        .post(
            &format!("/api/v1/cases/{case_id}/messages"),
            &json!({"body": "Foto ontvangen", "kind": "note"}),
        )
        .await;
    assert_eq!(status, 201, "{note}");
    assert_eq!(note["attachments"], json!([]));
    let thread = thread(&app, case_id).await;
    let in_case = thread
        .iter()
        .find(|i| i["id"] == note["id"])
        .expect("the note");
    assert_eq!(in_case["attachments"], json!([]));
    let (_, timeline) = app
        .get(&format!(
            "/api/v1/customers/{}/timeline",
            ingested["customer_id"]
        ))
        .await;
    let items = timeline["items"].as_array().expect("items");
    let in_timeline = items
        .iter()
        .find(|i| i["id"] == note["id"])
        .expect("the note");
    assert_eq!(in_timeline["attachments"], json!([]));

    let download = app
        .client
        .get(app.url(&format!("/api/v1/attachments/{id}")))
        .bearer_auth(&app.token)
        .send()
        .await
        .expect("download");
    assert_eq!(download.status(), 200);
    assert_eq!(download.headers()["content-type"], "image/png");
    let disposition = download.headers()["content-disposition"]
        .to_str()
        .expect("ascii")
        .to_string();
    assert!(
        disposition.starts_with("attachment; filename=\"meter _1_.png\""),
        "{disposition}"
    );
    assert_eq!(
        download.bytes().await.expect("bytes").as_ref(),
        b"\x89PNG\r\n\x1a\n"
    );
    let (status, _) = app.get("/api/v1/attachments/999999").await;
    assert_eq!(status, 404);
    let anonymous = app
        .client
        .get(app.url(&format!("/api/v1/attachments/{id}")))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), 401);
}
