use serde_json::{Value, json};

use crate::helpers::TestApp;

fn contact(channel: &str, from: Value, body: &str) -> Value {
    json!({"channel": channel, "from": from, "body": body})
}

#[tokio::test]
async fn contacts_thread_onto_one_customer_across_channels() {
    let app = TestApp::spawn().await;
    let (status, first) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "Noor@Example.nl", "name": "Noor Visser"},
            "subject": "Storing glasvezel", "body": "Mijn internet ligt er sinds vanochtend uit."}),
        )
        .await;
    assert_eq!(status, 201, "{first}");
    let (customer, case) = (first["customer_id"].clone(), first["case_id"].clone());

    let (_, second) = app
        .post(
            "/api/v1/interactions",
            &contact(
                "email",
                json!({"email": "noor@example.nl"}),
                "Nog steeds geen internet.",
            ),
        )
        .await;
    assert_eq!(
        second["customer_id"], customer,
        "the same email is the same customer"
    );
    assert_eq!(
        second["case_id"], case,
        "a second email threads into the open email case"
    );

    let (_, chat) = app
        .post(
            "/api/v1/interactions",
            &contact(
                "chat",
                json!({"email": "noor@example.nl"}),
                "Hallo, is er al nieuws?",
            ),
        )
        .await;
    assert_eq!(chat["customer_id"], customer);
    assert_ne!(chat["case_id"], case, "another channel opens its own case");

    let (_, customer_row) = app.get(&format!("/api/v1/customers/{customer}")).await;
    assert_eq!(customer_row["name"], "Noor Visser");
    let (status, timeline) = app
        .get(&format!("/api/v1/customers/{customer}/timeline"))
        .await;
    assert_eq!(status, 200);
    let bodies: Vec<&str> = timeline["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| i["body"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        bodies,
        [
            "Hallo, is er al nieuws?",
            "Nog steeds geen internet.",
            "Mijn internet ligt er sinds vanochtend uit."
        ]
    );
    let (_, case_row) = app.get(&format!("/api/v1/cases/{case}")).await;
    assert_eq!(case_row["subject"], "Storing glasvezel");
}

#[tokio::test]
async fn phone_numbers_in_any_form_are_one_customer() {
    let app = TestApp::spawn().await;
    let (_, a) = app
        .post(
            "/api/v1/interactions",
            &contact(
                "sms",
                json!({"phone": "06-12345678"}),
                "Wanneer komt de monteur?",
            ),
        )
        .await;
    let (_, b) = app
        .post(
            "/api/v1/interactions",
            &contact("whatsapp", json!({"phone": "+31 6 1234 5678"}), "Hallo?"),
        )
        .await;
    assert_eq!(a["customer_id"], b["customer_id"]);
}

#[tokio::test]
async fn a_repeated_external_id_is_recorded_once() {
    let app = TestApp::spawn().await;
    let body = json!({"channel": "email", "from": {"email": "ruben@example.nl"}, "body": "Verhuizing doorgeven", "external_id": "<abc@mail.example.nl>"});
    let (status, first) = app.post("/api/v1/interactions", &body).await;
    assert_eq!(status, 201);
    let counts = (
        app.count("interactions").await,
        app.count("cases").await,
        app.count("customers").await,
        app.count("events").await,
    );
    let (status, again) = app.post("/api/v1/interactions", &body).await;
    assert_eq!(status, 200, "a repeat is acknowledged, not recorded again");
    assert_eq!(again, first);
    let after = (
        app.count("interactions").await,
        app.count("cases").await,
        app.count("customers").await,
        app.count("events").await,
    );
    assert_eq!(after, counts);
    let other_channel = json!({"channel": "chat", "from": {"email": "ruben@example.nl"}, "body": "x", "external_id": "<abc@mail.example.nl>"});
    let (status, _) = app.post("/api/v1/interactions", &other_channel).await;
    assert_eq!(status, 201, "idempotency is per channel");
}

#[tokio::test]
async fn a_resolved_case_is_not_reused_and_a_waiting_case_wakes_up() {
    let app = TestApp::spawn().await;
    let (_, first) = app
        .post(
            "/api/v1/interactions",
            &contact(
                "email",
                json!({"email": "eva@example.nl"}),
                "Vraag over mijn termijnbedrag",
            ),
        )
        .await;
    let case = first["case_id"].as_i64().expect("case");
    app.post(
        &format!("/api/v1/cases/{case}/messages"),
        &json!({"body": "Kunt u uw klantnummer sturen?", "status": "pending"}),
    )
    .await;
    let (_, answer) = app
        .post(
            "/api/v1/interactions",
            &contact(
                "email",
                json!({"email": "eva@example.nl"}),
                "Mijn klantnummer is 12345.",
            ),
        )
        .await;
    assert_eq!(answer["case_id"], case);
    let (_, woken) = app.get(&format!("/api/v1/cases/{case}")).await;
    assert_eq!(
        woken["status"], "open",
        "a customer's answer puts a pending case back in the inbox"
    );

    app.patch(
        &format!("/api/v1/cases/{case}"),
        &json!({"status": "resolved"}),
    )
    .await;
    let (_, later) = app
        .post(
            "/api/v1/interactions",
            &contact("email", json!({"email": "eva@example.nl"}), "Nieuwe vraag"),
        )
        .await;
    assert_ne!(later["case_id"], case);
    assert_eq!(later["customer_id"], first["customer_id"]);
}

#[tokio::test]
async fn every_interaction_has_its_event() {
    let app = TestApp::spawn().await;
    for n in 0..5 {
        app.post(
            "/api/v1/interactions",
            &contact(
                "web",
                json!({"email": format!("k{n}@example.nl")}),
                "Contactformulier",
            ),
        )
        .await;
    }
    assert_eq!(app.count("interactions").await, 5);
    assert_eq!(
        app.count("events WHERE kind = 'interaction.received'")
            .await,
        5
    );
    assert_eq!(app.count("events WHERE kind = 'case.created'").await, 5);
    assert_eq!(app.count("events WHERE kind = 'customer.created'").await, 5);
    let seqs: Vec<i64> = store::events::after(&app.db, 0, 100)
        .await
        .expect("events")
        .iter()
        .map(|e| e.seq)
        .collect();
    assert!(
        seqs.windows(2).all(|w| w[0] < w[1]),
        "the sequence only grows"
    );
}

#[tokio::test]
async fn concurrent_contacts_are_each_recorded_exactly_once() {
    let app = TestApp::spawn().await;
    let send = |n: usize| {
        let (client, url, token) = (
            app.client.clone(),
            app.url("/api/v1/interactions"),
            app.token.clone(),
        );
        // Every id is sent twice at once: both answers must name the same interaction.
        let body = json!({"channel": "chat", "from": {"email": format!("bezoeker{}@example.nl", (n / 2) % 40)}, "body": format!("bericht {}", n / 2), "external_id": format!("chat-{}", n / 2)});
        async move {
            let response = client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("request");
            let status = response.status().as_u16();
            (n / 2, status, response.json::<Value>().await.expect("json"))
        }
    };
    let answers = futures_join_all((0..400).map(send)).await;
    let mut by_id = std::collections::HashMap::new();
    for (id, status, body) in answers {
        assert!(status == 201 || status == 200, "{status}: {body}");
        let first = by_id.entry(id).or_insert_with(|| body.clone());
        assert_eq!(
            first["interaction_id"], body["interaction_id"],
            "a duplicate names the first interaction"
        );
    }
    assert_eq!(app.count("interactions").await, 200);
    assert_eq!(
        app.count("customers").await,
        40,
        "one customer per address, however the requests raced"
    );
    assert_eq!(
        app.count("events WHERE kind = 'interaction.received'")
            .await,
        200
    );
}

#[tokio::test]
async fn overload_is_refused_quickly_with_retry_after() {
    let app = TestApp::spawn_with(klantbeeld::config::Config {
        intake_queue: 1,
        ..Default::default()
    })
    .await;
    let send = |n: usize| {
        let (client, url, token) = (
            app.client.clone(),
            app.url("/api/v1/interactions"),
            app.token.clone(),
        );
        let body = json!({"channel": "sms", "from": {"phone": format!("06{:08}", 10_000_000 + n)}, "body": "Storing?"});
        async move {
            client
                .post(url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("request")
        }
    };
    let responses = futures_join_all((0..200).map(send)).await;
    let accepted = responses.iter().filter(|r| r.status() == 201).count();
    let refused: Vec<_> = responses.iter().filter(|r| r.status() == 503).collect();
    assert_eq!(
        accepted + refused.len(),
        200,
        "every request is either written or refused"
    );
    assert!(
        !refused.is_empty(),
        "a one-place queue cannot take 200 contacts at once"
    );
    assert!(
        refused
            .iter()
            .all(|r| r.headers().contains_key("retry-after"))
    );
    assert_eq!(
        app.count("interactions").await as usize,
        accepted,
        "refused contacts were not written"
    );
}

/// Runs futures concurrently on this task and collects their outputs in order.
async fn futures_join_all<F: std::future::Future>(
    futures: impl Iterator<Item = F>,
) -> Vec<F::Output> {
    let handles: Vec<_> = futures.map(Box::pin).collect();
    let mut outputs = Vec::with_capacity(handles.len());
    let mut pending: Vec<_> = handles.into_iter().map(Some).collect();
    let mut done: Vec<Option<F::Output>> = (0..pending.len()).map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut all_done = true;
        for (slot, output) in pending.iter_mut().zip(done.iter_mut()) {
            if let Some(future) = slot {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => {
                        *output = Some(value);
                        *slot = None;
                    }
                    std::task::Poll::Pending => all_done = false,
                }
            }
        }
        if all_done {
            std::task::Poll::Ready(())
        } else {
            std::task::Poll::Pending
        }
    })
    .await;
    outputs.extend(done.into_iter().flatten());
    outputs
}

#[tokio::test]
async fn bulk_ndjson_is_checked_whole_then_written_in_one_go() {
    let app = TestApp::spawn().await;
    let bad = concat!(
        r#"{"channel": "email", "from": {"email": "a@example.nl"}, "body": "Eerste"}"#,
        "\n",
        r#"{"channel": "email", "from": {"email": "geen adres"}, "body": "Tweede"}"#,
        "\n",
        "\n",
        r#"{"channel": "email", "from": {"email": "c@example.nl"}"#,
        "\n",
    );
    let (status, answer) = app
        .post_raw(
            "/api/v1/interactions:bulk",
            "application/x-ndjson",
            bad.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(answer["error"], "invalid_lines");
    let lines: Vec<i64> = answer["details"]
        .as_array()
        .expect("details")
        .iter()
        .map(|d| d["line"].as_i64().expect("line"))
        .collect();
    assert_eq!(
        lines,
        [2, 4],
        "bad lines are named by their number in the file"
    );
    assert_eq!(
        app.count("interactions").await,
        0,
        "a bad file writes nothing"
    );

    let good = concat!(
        r#"{"channel": "email", "from": {"email": "a@example.nl"}, "body": "Eerste", "external_id": "m1"}"#,
        "\n",
        r#"{"channel": "sms", "from": {"phone": "0612345678"}, "body": "Tweede", "external_id": "s1"}"#,
        "\n",
        r#"{"channel": "email", "from": {"email": "a@example.nl"}, "body": "Eerste", "external_id": "m1"}"#,
        "\n",
    );
    let (status, answer) = app
        .post_raw(
            "/api/v1/interactions:bulk",
            "application/x-ndjson",
            good.as_bytes().to_vec(),
        )
        .await;
    assert_eq!(status, 200, "{answer}");
    assert_eq!(
        (answer["recorded"].as_i64(), answer["duplicates"].as_i64()),
        (Some(2), Some(1))
    );
    assert_eq!(
        answer["items"][2]["interaction_id"],
        answer["items"][0]["interaction_id"]
    );
    assert_eq!(app.count("interactions").await, 2);
}
