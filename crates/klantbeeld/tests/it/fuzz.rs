//! Randomised bad input against every write endpoint: valid bodies, mutated byte by byte and
//! structurally. No answer may be a 5xx, and an answer of 4xx must leave every table as it was.
//! Deterministic (seeded), so a failure reproduces; not coverage-guided.

use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::helpers::TestApp;

const ROUNDS_PER_ENDPOINT: usize = 150;

fn mutate(rng: &mut StdRng, seed: &[u8]) -> Vec<u8> {
    let mut body = seed.to_vec();
    let nasty: &[&[u8]] = &[
        b"\"",
        b"{",
        b"}",
        b"[",
        b"]",
        b",",
        b":",
        b"null",
        b"-1",
        b"1e999",
        b"99999999999999999999999",
        b"\\u0000",
        b"\xff",
        b"\xc3\x28",
        b"\"\xed\xa0\x80\"",
        b"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        b"true",
        b"\"\"",
        b"{\"a\":{\"b\":{\"c\":[1,2,{\"d\":null}]}}}",
        b"0612345678",
        b"@",
        b"\t\n",
    ];
    for _ in 0..rng.random_range(1..4) {
        let at = if body.is_empty() {
            0
        } else {
            rng.random_range(0..body.len())
        };
        match rng.random_range(0..5) {
            0 => {
                body.truncate(at);
            }
            1 if !body.is_empty() => {
                body.remove(at);
            }
            2 => {
                let piece = nasty[rng.random_range(0..nasty.len())];
                body.splice(at..at, piece.iter().copied());
            }
            3 if !body.is_empty() => {
                body[at] = rng.random();
            }
            _ => {
                let end = (at + rng.random_range(1..20)).min(body.len());
                let chunk = body[at..end].to_vec();
                body.splice(at..at, chunk);
            }
        }
    }
    body
}

#[tokio::test]
async fn mutated_requests_never_fail_the_server_or_write_half() {
    let app = TestApp::spawn().await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Basis", "email": "basis@example.nl"}),
        )
        .await;
    let (_, case) = app
        .post(
            "/api/v1/cases",
            &json!({"customer_id": customer["id"], "channel": "email", "subject": "Basis"}),
        )
        .await;
    let case_id = case["id"].as_i64().expect("case id");
    let interaction = json!({"channel": "email", "from": {"email": "klant@example.nl", "name": "Klant"},
        "subject": "Storing", "body": "Geen internet", "external_id": "x-1", "occurred_at": "2026-01-02T10:00:00Z"});
    let endpoints: Vec<(reqwest::Method, String, &str, Vec<u8>)> = vec![
        (reqwest::Method::POST, "/api/v1/interactions".into(), "application/json", interaction.to_string().into_bytes()),
        (reqwest::Method::POST, "/api/v1/interactions:bulk".into(), "application/x-ndjson",
            format!("{interaction}\n{interaction}\n").into_bytes()),
        (reqwest::Method::POST, "/api/v1/customers".into(), "application/json",
            json!({"name": "N", "email": "n@example.nl", "phone": "0612345678", "attributes": {"segment": "vip", "n": 3}}).to_string().into_bytes()),
        (reqwest::Method::PATCH, format!("/api/v1/customers/{}", customer["id"]), "application/json",
            json!({"name": "M", "language": null, "attributes": {"segment": null}}).to_string().into_bytes()),
        (reqwest::Method::POST, "/api/v1/cases".into(), "application/json",
            json!({"customer_id": customer["id"], "channel": "chat", "subject": "S", "priority": "high", "tags": ["a"]}).to_string().into_bytes()),
        (reqwest::Method::PATCH, format!("/api/v1/cases/{case_id}"), "application/json",
            json!({"status": "pending", "assignee_id": null, "tags": ["b"]}).to_string().into_bytes()),
        (reqwest::Method::POST, format!("/api/v1/cases/{case_id}/messages"), "application/json",
            json!({"body": "Antwoord", "kind": "note"}).to_string().into_bytes()),
        (reqwest::Method::POST, "/api/v1/surveys".into(), "application/json",
            json!({"kind": "nps", "name": "Relatie", "trigger": {"event": "order.placed"}, "channels": ["email", "sms"],
                   "conditions": {"segment": ["vip"]}, "sample_pct": 50, "texts": {"question": {"nl": "Vraag", "en": "Question"}},
                   "questions": [{"id": "why", "type": "text", "label": {"nl": "Waarom", "en": "Why"}}]}).to_string().into_bytes()),
        (reqwest::Method::PUT, "/api/v1/settings/survey-fatigue".into(), "application/json",
            json!({"max_invitations": 2, "window_days": 30, "min_gap_days": 7, "kind_min_days": {"nps": 90}}).to_string().into_bytes()),
        (reqwest::Method::POST, "/api/v1/events".into(), "application/json",
            json!({"kind": "subscription.cancelled", "customer": {"email": "basis@example.nl"}, "reason": "te duur", "data": {"plan": "vast"}}).to_string().into_bytes()),
        (reqwest::Method::POST, "/api/v1/callbacks".into(), "application/json",
            // A number no customer has, so no confirmation goes out (its delivery would write events later).
            json!({"phone": "0687654321", "reason": "factuur", "preferred_time": (chrono::Utc::now() + chrono::Duration::days(1)).to_rfc3339()}).to_string().into_bytes()),
        (reqwest::Method::POST, format!("/api/v1/cases/{case_id}/split"), "application/json",
            json!({"interaction_ids": [1], "subject": "Apart"}).to_string().into_bytes()),
    ];
    let admin = app.token_for(domain::Role::Admin).await;
    let mut rng = StdRng::seed_from_u64(20261124);
    let tables = [
        "customers",
        "identities",
        "cases",
        "case_tags",
        "interactions",
        "events",
        "surveys",
        "callbacks",
    ];
    for (method, path, content_type, seed) in &endpoints {
        for _ in 0..ROUNDS_PER_ENDPOINT {
            let body = mutate(&mut rng, seed);
            let mut before = Vec::new();
            for table in tables {
                before.push(app.count(table).await);
            }
            let response = app
                .client
                .request(method.clone(), app.url(path))
                .bearer_auth(&admin)
                .header("content-type", *content_type)
                .body(body.clone())
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            let shown = String::from_utf8_lossy(&body).into_owned();
            assert!(
                status < 500,
                "{method} {path} answered {status} to {shown:?}"
            );
            if status >= 400 {
                let answer: serde_json::Value = response.json().await.expect("errors are JSON");
                assert!(answer["error"].is_string(), "{answer}");
                for (table, count) in tables.iter().zip(&before) {
                    assert_eq!(
                        app.count(table).await,
                        *count,
                        "{method} {path} answered {status} but changed {table}: {shown:?}"
                    );
                }
            }
        }
    }
}
