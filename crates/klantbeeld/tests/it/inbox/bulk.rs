//! Bulk changes: all or nothing, bounded, within what the agent may see, with events.

use domain::Role;
use serde_json::{Value, json};

use super::{agent, case, customer, page, team};
use crate::helpers::{TestApp, read};
use crate::ui::{csrf_of, logged_in};

async fn bulk(app: &TestApp, token: &str, body: Value) -> (u16, Value) {
    read(
        app.client
            .post(app.url("/api/v1/cases/bulk"))
            .bearer_auth(token)
            .json(&body)
            .send()
            .await
            .expect("request"),
    )
    .await
}

async fn field(app: &TestApp, id: i64, name: &str) -> Value {
    let (status, case) = app.get(&format!("/api/v1/cases/{id}")).await;
    assert_eq!(status, 200, "{case}");
    case[name].clone()
}

async fn three_cases(app: &TestApp) -> Vec<i64> {
    let who = customer(app, "Sanne", "sanne@example.nl").await;
    let mut ids = Vec::new();
    for subject in ["Storing", "Meterstand", "Betaling"] {
        ids.push(case(app, json!({"customer_id": who, "channel": "email", "subject": subject, "message": format!("Over {subject}"), "tags": ["klant"]})).await);
    }
    ids
}

#[tokio::test]
async fn a_bulk_change_changes_every_case_or_none() {
    let app = TestApp::spawn().await;
    let ids = three_cases(&app).await;
    let events = app.count("events").await;
    let token = app.token.clone();
    let (status, body) = bulk(&app, &token, json!({"case_ids": [ids[0], ids[1], 999_999, ids[2]], "action": "status", "status": "resolved"})).await;
    assert_eq!(status, 404, "{body}");
    assert_eq!(body["error"], "case_not_found");
    for id in &ids {
        assert_eq!(field(&app, *id, "status").await, "new", "nothing changed");
    }
    assert_eq!(
        app.count("events").await,
        events,
        "and nothing was recorded"
    );

    let (status, body) = bulk(&app, &token, json!({"case_ids": [ids[2], ids[0], ids[1], ids[0]], "action": "status", "status": "resolved"})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["case_ids"], json!(ids), "each case once");
    for id in &ids {
        assert_eq!(field(&app, *id, "status").await, "resolved");
        assert!(!field(&app, *id, "resolved_at").await.is_null());
    }
    let resolved = app.texts("SELECT CAST(case_id AS TEXT) FROM events WHERE kind = 'case.resolved' ORDER BY case_id").await;
    assert_eq!(
        resolved,
        ids.iter().map(|i| i.to_string()).collect::<Vec<_>>(),
        "one event per case, as for one case"
    );

    // A change one case does not allow (a closed case can't reopen) refuses them all.
    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{}", ids[0]),
            &json!({"status": "closed"}),
        )
        .await;
    assert_eq!(status, 200);
    let (status, body) = bulk(
        &app,
        &token,
        json!({"case_ids": ids, "action": "status", "status": "open"}),
    )
    .await;
    assert_eq!(status, 422, "{body}");
    assert_eq!(field(&app, ids[1], "status").await, "resolved");

    // Tag: added where missing, the others kept.
    let (status, body) = bulk(
        &app,
        &token,
        json!({"case_ids": [ids[1], ids[2]], "action": "tag", "tag": " Terugbellen "}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        field(&app, ids[1], "tags").await,
        json!(["klant", "terugbellen"])
    );
    // Assign, and unassign.
    let (lotte, _) = agent(&app, "lotte@polderstroom.nl", Role::Agent, &[]).await;
    let (status, _) = bulk(
        &app,
        &token,
        json!({"case_ids": [ids[1], ids[2]], "action": "assign", "assignee_id": lotte}),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(field(&app, ids[2], "assignee_id").await, lotte);
    let (status, _) = bulk(
        &app,
        &token,
        json!({"case_ids": [ids[2]], "action": "assign", "assignee_id": null}),
    )
    .await;
    assert_eq!(status, 200);
    assert!(field(&app, ids[2], "assignee_id").await.is_null());
    let assigned = app
        .texts("SELECT kind FROM events WHERE kind = 'case.assigned'")
        .await;
    assert_eq!(assigned.len(), 3);
}

#[tokio::test]
async fn a_bulk_change_is_bounded_and_checked_before_anything_happens() {
    let app = TestApp::spawn().await;
    let ids = three_cases(&app).await;
    let token = app.token.clone();
    let mut many: Vec<i64> = (1..=501).collect();
    many[0] = ids[0];
    let (status, body) = bulk(
        &app,
        &token,
        json!({"case_ids": many, "action": "status", "status": "resolved"}),
    )
    .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("too_many_cases")),
        "{body}"
    );
    for bad in [
        json!({"case_ids": [], "action": "status", "status": "resolved"}),
        json!({"case_ids": [ids[0]], "action": "delete"}),
        json!({"case_ids": [ids[0]], "action": "status"}),
        json!({"case_ids": [ids[0]], "action": "status", "status": "weg"}),
        json!({"case_ids": [ids[0]], "action": "assign"}),
        json!({"case_ids": [ids[0]], "action": "assign", "assignee_id": 424_242}),
        json!({"case_ids": [ids[0]], "action": "tag", "tag": ""}),
    ] {
        let (status, body) = bulk(&app, &token, bad.clone()).await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    let (status, _) = bulk(&app, &token, json!({"case_ids": "1,2", "action": "merge"})).await;
    assert_eq!(status, 422);
    let analyst = app.token_for(Role::Analyst).await;
    let (status, _) = bulk(
        &app,
        &analyst,
        json!({"case_ids": [ids[0]], "action": "status", "status": "resolved"}),
    )
    .await;
    assert_eq!(status, 403);
    for id in &ids {
        assert_eq!(field(&app, *id, "status").await, "new");
    }
}

#[tokio::test]
async fn an_agent_changes_only_cases_they_may_see() {
    let app = TestApp::spawn().await;
    let support = team(&app, "Support").await;
    let billing = team(&app, "Facturen").await;
    let (sven, sven_token) = agent(&app, "sven@polderstroom.nl", Role::Agent, &[support]).await;
    let who = customer(&app, "Sanne", "sanne@example.nl").await;
    let ours = case(
        &app,
        json!({"customer_id": who, "channel": "email", "subject": "Ons team", "team_id": support}),
    )
    .await;
    let open = case(
        &app,
        json!({"customer_id": who, "channel": "email", "subject": "Geen team"}),
    )
    .await;
    let theirs = case(&app, json!({"customer_id": who, "channel": "email", "subject": "Ander team", "team_id": billing})).await;
    let events = app.count("events").await;
    let (status, body) = bulk(
        &app,
        &sven_token,
        json!({"case_ids": [ours, open, theirs], "action": "assign", "assignee_id": sven}),
    )
    .await;
    assert_eq!(status, 404, "{body}");
    for id in [ours, open, theirs] {
        assert!(
            field(&app, id, "assignee_id").await.is_null(),
            "nothing changed"
        );
    }
    assert_eq!(app.count("events").await, events);
    let (status, _) = bulk(
        &app,
        &sven_token,
        json!({"case_ids": [ours, open], "action": "merge", "into": theirs}),
    )
    .await;
    assert_eq!(status, 404, "not into a case they can't see either");
    assert!(field(&app, ours, "merged_into").await.is_null());
    let (status, body) = bulk(
        &app,
        &sven_token,
        json!({"case_ids": [ours, open], "action": "assign", "assignee_id": sven}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    // Their own list shows what they may see.
    let (status, list) = read(
        app.client
            .get(app.url("/api/v1/cases"))
            .bearer_auth(&sven_token)
            .send()
            .await
            .expect("list"),
    )
    .await;
    assert_eq!(status, 200);
    let listed: Vec<i64> = list["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    assert_eq!(listed, vec![open, ours]);
}

#[tokio::test]
async fn many_cases_merge_into_the_oldest_with_their_messages() {
    let app = TestApp::spawn().await;
    let ids = three_cases(&app).await;
    let (status, body) = bulk(
        &app,
        &app.token.clone(),
        json!({"case_ids": [ids[2], ids[1], ids[0]], "action": "merge"}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["into"], ids[0]);
    let (_, kept) = app.get(&format!("/api/v1/cases/{}", ids[0])).await;
    assert_eq!(
        kept["interactions"].as_array().expect("messages").len(),
        3,
        "{kept}"
    );
    for id in &ids[1..] {
        assert_eq!(field(&app, *id, "status").await, "closed");
    }
    let merged = app
        .texts("SELECT kind FROM events WHERE kind = 'case.merged'")
        .await;
    assert_eq!(merged.len(), 2);
    // Cases of another customer don't merge, and then none does.
    let other = customer(&app, "Kees", "kees@example.nl").await;
    let a = case(
        &app,
        json!({"customer_id": other, "channel": "email", "subject": "A"}),
    )
    .await;
    let b = case(
        &app,
        json!({"customer_id": other, "channel": "email", "subject": "B"}),
    )
    .await;
    let fresh = customer(&app, "Piet", "piet@example.nl").await;
    let c = case(
        &app,
        json!({"customer_id": fresh, "channel": "email", "subject": "C"}),
    )
    .await;
    let (status, _) = bulk(
        &app,
        &app.token.clone(),
        json!({"case_ids": [a, b, c], "action": "merge"}),
    )
    .await;
    assert_eq!(status, 422);
    assert!(field(&app, b, "merged_into").await.is_null());
}

#[tokio::test]
async fn the_inbox_asks_to_confirm_a_bulk_change_before_making_it() {
    let app = TestApp::spawn().await;
    let ids = three_cases(&app).await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, "/inbox").await;
    assert!(html.contains("form=\"bulk\""), "rows can be ticked");
    let csrf = csrf_of(&html);
    let mut form = vec![
        ("csrf", csrf.clone()),
        ("back", "/inbox?status=active".to_string()),
        ("action", "status".to_string()),
        ("assignee", "none".to_string()),
        ("status", "resolved".to_string()),
        ("tag", String::new()),
    ];
    form.extend(ids[..2].iter().map(|id| ("case", id.to_string())));
    let asked = client
        .post(app.url("/inbox/bulk"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(asked.status(), 200);
    let confirm = asked.text().await.expect("html");
    assert!(confirm.contains("Status zetten: Opgelost"), "{confirm}");
    assert!(
        confirm.contains("Storing")
            && confirm.contains("Meterstand")
            && !confirm.contains("Betaling")
    );
    for id in &ids {
        assert_eq!(
            field(&app, *id, "status").await,
            "new",
            "nothing changed before confirming"
        );
    }
    form.push(("confirm", "1".to_string()));
    let done = client
        .post(app.url("/inbox/bulk"))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(done.status(), 303);
    assert_eq!(
        done.headers()["location"],
        "/inbox?status=active&notice=bulk_done"
    );
    assert_eq!(field(&app, ids[0], "status").await, "resolved");
    assert_eq!(field(&app, ids[1], "status").await, "resolved");
    assert_eq!(field(&app, ids[2], "status").await, "new");
    // Without a ticked case there is nothing to confirm.
    let none = client
        .post(app.url("/inbox/bulk"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("back", "/inbox"),
            ("action", "merge"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(none.headers()["location"], "/inbox?notice=bulk_none");
    // An analyst reads the list but has nothing to tick, and can't post a change either.
    agent(&app, "ria@polderstroom.nl", Role::Analyst, &[]).await;
    let analyst = super::session(&app, "ria@polderstroom.nl").await;
    let html = page(&analyst, &app, "/inbox").await;
    assert!(
        html.contains("Betaling") && !html.contains("form=\"bulk\""),
        "{html}"
    );
    let csrf = csrf_of(&html);
    let refused = analyst
        .post(app.url("/inbox/bulk"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("back", "/inbox"),
            ("action", "merge"),
            ("case", &ids[2].to_string()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(refused.status(), 403);
    assert_eq!(field(&app, ids[2], "status").await, "new");
}
