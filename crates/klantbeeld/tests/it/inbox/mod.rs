//! The inbox as agents work it: unread markers and the tab title, live updates, sorting, paging,
//! saved views (`views.rs`) and bulk changes (`bulk.rs`).

mod bulk;
mod views;

use std::time::Duration;

use domain::Role;
use serde_json::{Value, json};
use store::events::Actor;

use crate::helpers::TestApp;
use crate::ui::logged_in;

const PASSWORD: &str = "een-lang-wachtwoord";

/// An agent with a password in these teams, and a token they made.
pub(crate) async fn agent(app: &TestApp, email: &str, role: Role, teams: &[i64]) -> (i64, String) {
    let hash = web::hash_password(PASSWORD).expect("hash");
    let agent = store::agents::create(
        &app.db,
        store::agents::NewAgent {
            email,
            name: email.split('@').next().expect("name"),
            role,
            password_hash: Some(&hash),
            language: "nl",
            team_ids: teams,
        },
        &Actor::System,
    )
    .await
    .expect("agent");
    let token = store::tokens::create(&app.db, "own", role, Some(agent.id), &Actor::System)
        .await
        .expect("token")
        .1;
    (agent.id, token)
}

/// A browser-like client logged in as `email`.
pub(crate) async fn session(app: &TestApp, email: &str) -> reqwest::Client {
    crate::helpers::logged_in_as(app, email, PASSWORD).await
}

pub(crate) async fn team(app: &TestApp, name: &str) -> i64 {
    store::teams::create(&app.db, name, &Actor::System)
        .await
        .expect("team")
        .id
}

pub(crate) async fn customer(app: &TestApp, name: &str, email: &str) -> i64 {
    let (status, body) = app
        .post("/api/v1/customers", &json!({"name": name, "email": email}))
        .await;
    assert_eq!(status, 201, "{body}");
    body["id"].as_i64().expect("id")
}

pub(crate) async fn case(app: &TestApp, body: Value) -> i64 {
    let (status, case) = app.post("/api/v1/cases", &body).await;
    assert_eq!(status, 201, "{case}");
    case["id"].as_i64().expect("id")
}

pub(crate) async fn page(client: &reqwest::Client, app: &TestApp, path: &str) -> String {
    let response = client.get(app.url(path)).send().await.expect("page");
    assert_eq!(response.status(), 200, "{path}");
    response.text().await.expect("html")
}

fn title(html: &str) -> &str {
    let start = html.find("<title>").expect("a title") + 7;
    let end = html[start..].find("</title>").expect("title end");
    &html[start..start + end]
}

/// The case ids of the inbox rows, top to bottom.
pub(crate) fn row_ids(html: &str) -> Vec<i64> {
    html.split("<tr data-href=\"/cases/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

fn unread_rows(html: &str) -> Vec<i64> {
    html.split("<tr data-href=\"/cases/")
        .skip(1)
        .filter(|rest| {
            rest.split('>')
                .next()
                .is_some_and(|tag| tag.contains("data-unread"))
        })
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

#[tokio::test]
async fn a_message_in_marks_the_case_unread_for_each_agent_until_they_open_it() {
    let app = TestApp::spawn().await;
    let anna = logged_in(&app).await;
    agent(&app, "bram@polderstroom.nl", Role::Agent, &[]).await;
    let bram = session(&app, "bram@polderstroom.nl").await;
    let (status, contact) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "sanne@example.nl"}, "subject": "Storing", "body": "Geen stroom sinds vanochtend"}),
        )
        .await;
    assert_eq!(status, 201, "{contact}");
    let id = contact["case_id"].as_i64().expect("case");
    let quiet = customer(&app, "Kees", "kees@example.nl").await;
    // A case an agent opened without a message from the customer is nobody's news.
    let without = case(
        &app,
        json!({"customer_id": quiet, "channel": "phone", "subject": "Teruggebeld"}),
    )
    .await;

    let html = page(&anna, &app, "/inbox").await;
    assert_eq!(unread_rows(&html), vec![id], "{html}");
    assert_eq!(row_ids(&html), vec![without, id]);
    assert_eq!(title(&html), "(1) Inbox · Klantbeeld");

    page(&anna, &app, &format!("/cases/{id}")).await;
    let html = page(&anna, &app, "/inbox").await;
    assert!(unread_rows(&html).is_empty(), "opening it read it");
    assert_eq!(title(&html), "Inbox · Klantbeeld");
    // Bram has not opened it.
    let html = page(&bram, &app, "/inbox").await;
    assert_eq!(unread_rows(&html), vec![id]);
    assert_eq!(title(&html), "(1) Inbox · Klantbeeld");

    // The customer writes again: unread for Anna once more. An agent's own reply is not news.
    app.post(
        &format!("/api/v1/cases/{id}/messages"),
        &json!({"body": "We kijken ernaar", "kind": "note"}),
    )
    .await;
    assert!(unread_rows(&page(&anna, &app, "/inbox").await).is_empty());
    let (status, again) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "sanne@example.nl"}, "subject": "Re: Storing", "body": "Nog steeds niets"}),
        )
        .await;
    assert_eq!(status, 201, "{again}");
    assert_eq!(
        again["case_id"].as_i64(),
        Some(id),
        "the answer threads into the case"
    );
    let html = page(&anna, &app, "/inbox").await;
    assert_eq!(unread_rows(&html), vec![id]);
    assert_eq!(title(&html), "(1) Inbox · Klantbeeld");
}

/// What a live stream sends until `needle` has come, within ten seconds.
async fn read_until(live: &mut reqwest::Response, needle: &str) -> String {
    let mut received = String::new();
    while !received.contains(needle) {
        let chunk = tokio::time::timeout(Duration::from_secs(10), live.chunk())
            .await
            .expect("an event within ten seconds")
            .expect("chunk")
            .expect("stream open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    received
}

#[tokio::test]
async fn the_inbox_hears_of_a_new_case_over_server_sent_events() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let mut live = client
        .get(app.url("/inbox/live"))
        .send()
        .await
        .expect("stream");
    assert_eq!(live.status(), 200);
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, contact) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "nieuw@example.nl"}, "body": "Hallo, ik heb een vraag"}),
        )
        .await;
    assert_eq!(status, 201, "{contact}");
    let received = read_until(&mut live, "case.created").await;
    assert!(received.contains("event: inbox"), "{received}");
    assert!(
        received.contains(&format!("\"case_id\":{}", contact["case_id"])),
        "{received}"
    );
}

#[tokio::test]
async fn an_assignment_to_me_is_marked_mine_on_the_live_stream() {
    let app = TestApp::spawn().await;
    let (bram, _) = agent(&app, "bram@polderstroom.nl", Role::Agent, &[]).await;
    let client = session(&app, "bram@polderstroom.nl").await;
    let who = customer(&app, "Sanne", "sanne@example.nl").await;
    let id = case(
        &app,
        json!({"customer_id": who, "channel": "email", "subject": "Meterstand"}),
    )
    .await;
    let mut live = client
        .get(app.url("/inbox/live"))
        .send()
        .await
        .expect("stream");
    tokio::time::sleep(Duration::from_millis(200)).await;
    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            &json!({"assignee_id": bram}),
        )
        .await;
    assert_eq!(status, 200);
    let received = read_until(&mut live, "case.assigned").await;
    let line = received
        .lines()
        .find(|l| l.contains("case.assigned"))
        .expect("the assignment");
    assert!(line.contains("\"mine\":true"), "{line}");
}

/// Four cases that differ in every column.
async fn four_cases(app: &TestApp) -> [i64; 4] {
    let (anna, _) = agent(app, "anna.b@polderstroom.nl", Role::Agent, &[]).await;
    let (zoe, _) = agent(app, "zoe@polderstroom.nl", Role::Agent, &[]).await;
    let bakker = customer(app, "Bakker", "bakker@example.nl").await;
    let visser = customer(app, "Visser", "visser@example.nl").await;
    let de_jong = customer(app, "Jong", "jong@example.nl").await;
    let a = case(app, json!({"customer_id": visser, "channel": "phone", "subject": "Meter", "priority": "low", "assignee_id": zoe})).await;
    let b = case(
        app,
        json!({"customer_id": bakker, "channel": "chat", "subject": "adres", "priority": "urgent"}),
    )
    .await;
    let c = case(app, json!({"customer_id": de_jong, "channel": "email", "subject": "Zonnepanelen", "priority": "high", "assignee_id": anna})).await;
    let d = case(app, json!({"customer_id": bakker, "channel": "sms", "subject": "Betaling", "priority": "normal"})).await;
    let (status, _) = app
        .patch(&format!("/api/v1/cases/{d}"), &json!({"status": "pending"}))
        .await;
    assert_eq!(status, 200);
    // The oldest case changed last.
    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{a}"),
            &json!({"subject": "Meterstand"}),
        )
        .await;
    assert_eq!(status, 200);
    [a, b, c, d]
}

async fn sorted_ids(app: &TestApp, query: &str) -> (Vec<i64>, Value) {
    let (status, body) = app.get(&format!("/api/v1/cases?{query}")).await;
    assert_eq!(status, 200, "{query}: {body}");
    let ids = body["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|c| c["id"].as_i64().expect("id"))
        .collect();
    (ids, body)
}

#[tokio::test]
async fn cases_sort_by_every_column_both_ways_in_the_api_and_the_inbox() {
    let app = TestApp::spawn().await;
    let [a, b, c, d] = four_cases(&app).await;
    // a: Visser, phone, Meterstand, low, open (Zoe), updated last
    // b: Bakker, chat, adres, urgent, new
    // c: Jong, email, Zonnepanelen, high, open (Anna)
    // d: Bakker, sms, Betaling, normal, pending
    let expected: [(&str, [i64; 4]); 9] = [
        ("id", [a, b, c, d]),
        ("subject", [b, d, a, c]),
        ("customer", [b, d, c, a]),
        ("status", [b, a, c, d]),
        ("priority", [a, d, c, b]),
        ("channel", [b, c, a, d]),
        ("assignee", [b, d, c, a]),
        ("updated", [b, c, d, a]),
        ("created", [a, b, c, d]),
    ];
    let client = logged_in(&app).await;
    for (key, ascending) in expected {
        let (ids, body) = sorted_ids(&app, &format!("sort={key}&order=asc")).await;
        assert_eq!(ids, ascending, "{key} ascending");
        assert_eq!(body["total"], 4);
        let (ids, _) = sorted_ids(&app, &format!("sort={key}&order=desc")).await;
        let mut descending = ascending;
        descending.reverse();
        assert_eq!(ids, descending, "{key} descending");
        let html = page(
            &client,
            &app,
            &format!("/inbox?status=all&sort={key}&order=asc"),
        )
        .await;
        assert_eq!(row_ids(&html), ascending, "{key} in the inbox");
        let html = page(
            &client,
            &app,
            &format!("/inbox?status=all&sort={key}&order=desc"),
        )
        .await;
        assert_eq!(row_ids(&html), descending, "{key} descending in the inbox");
    }
    // The header of the sorted column says so and turns the order round.
    let html = page(&client, &app, "/inbox?status=all&sort=subject&order=asc").await;
    assert!(
        html.contains(
            "aria-sort=\"ascending\"><a href=\"/inbox?status=all&#38;sort=subject&#38;order=desc\""
        ),
        "{html}"
    );
    // Ties (two cases of Bakker) are broken by id in the same direction: b before d.
    // Unknown columns: the API refuses, the inbox shows its usual order; nothing is run as SQL.
    for evil in ["cu.name", "id;DROP TABLE cases", "1", "subject desc"] {
        let (status, body) = app
            .get(&format!("/api/v1/cases?sort={}", urlencode(evil)))
            .await;
        assert_eq!(status, 400, "{evil}: {body}");
        assert_eq!(body["error"], "invalid_query");
        let html = page(
            &client,
            &app,
            &format!("/inbox?status=all&sort={}", urlencode(evil)),
        )
        .await;
        assert_eq!(row_ids(&html), vec![d, c, b, a], "{evil}");
    }
    let (status, _) = app.get("/api/v1/cases?sort=subject&order=sideways").await;
    assert_eq!(status, 400);
    assert_eq!(app.count("cases").await, 4);
}

fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[tokio::test]
async fn the_inbox_pages_both_ways_with_a_count_and_the_api_pages_sorted_lists() {
    let app = TestApp::spawn().await;
    let who = customer(&app, "Sanne", "sanne@example.nl").await;
    let mut ids = Vec::new();
    for n in 0..55 {
        ids.push(
            case(
                &app,
                json!({"customer_id": who, "channel": "email", "subject": format!("Vraag {n:02}")}),
            )
            .await,
        );
    }
    let client = logged_in(&app).await;
    let first = page(&client, &app, "/inbox?sort=subject&order=asc").await;
    assert!(first.contains("1–50 van 55"), "{first}");
    assert_eq!(row_ids(&first), ids[..50].to_vec());
    assert!(!first.contains("rel=\"prev\""));
    let next = first
        .split("rel=\"next\"")
        .next()
        .and_then(|before| before.rsplit("href=\"").next())
        .and_then(|href| href.split('"').next())
        .expect("a next link")
        .replace("&#38;", "&");
    let second = page(&client, &app, &next).await;
    assert!(second.contains("51–55 van 55"), "{second}");
    assert_eq!(row_ids(&second), ids[50..].to_vec());
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));

    let mut seen = Vec::new();
    let mut query = "sort=subject&order=desc&limit=20".to_string();
    loop {
        let (page_ids, body) = sorted_ids(&app, &query).await;
        assert_eq!(body["total"], 55);
        seen.extend(page_ids);
        match body["next_cursor"].as_str() {
            Some(cursor) => query = format!("sort=subject&order=desc&limit=20&cursor={cursor}"),
            None => break,
        }
    }
    let mut expected = ids.clone();
    expected.reverse();
    assert_eq!(seen, expected, "three pages, every case once, in order");
    // Without sort the list pages by key as before and says no total.
    let (_, body) = app.get("/api/v1/cases?limit=20").await;
    assert!(body.get("total").is_none());
}
