//! Churn end to end: customers, cases and survey answers imported with `klantbeeld import`, read
//! back through the churn and driver API; cancellations through `POST /api/v1/events`. Nine
//! customers over the first quarter of 2025; every expected figure is worked out by hand.

use domain::IdentityKind;
use serde_json::{Value, json};

use crate::helpers::TestApp;
use crate::metrics::{import_ok, rows_when, write};

/// Active on 2025-01-01: c1–c6 and c9. In Q1 c1 (Jan 15), c2 (Feb 20) and c5 (Mar 10) leave;
/// c6 leaves on Apr 1, after it; c7 starts and leaves within it; c8 left in 2024.
const CUSTOMERS_CSV: &str = "\
customer_id,name,email,segment,started_at,ended_at,end_reason,contract,seats
c1,Anna de Vries,anna@voorbeeld.nl,smb,2024-01-01,2025-01-15,price,Monthly,1
c2,Bram Jansen,,smb,2024-06-01,2025-02-20,service,Monthly,2
c3,Cor Bakker,,smb,2023-01-01,,,Yearly,3
c4,Dirk Visser,,ent,2022-01-01,,,Yearly,4
c5,Eva Smit,,ent,2024-11-01,2025-03-10,price,Monthly,5
c6,Fleur Mulder,,ent,2021-01-01,2025-04-01,moved,Yearly,6
c7,Gijs de Boer,,smb,2025-02-05,2025-02-25,price,Monthly,7
c8,Hanna Bos,,smb,2020-01-01,2024-12-31,price,Yearly,8
c9,Ilse Peters,,ent,2024-09-01,,,Monthly,9
";

const CASES_CSV: &str = "\
ticket_id,customer_id,channel,priority,agent_id,created_at,first_response_at,resolved_at,reopened
t101,c1,email,normal,,2024-12-20 09:00:00,,2024-12-21 09:00:00,false
t102,c1,email,normal,,2025-01-10 09:00:00,,,false
t103,c2,email,normal,,2024-08-01 09:00:00,,2024-08-02 09:00:00,false
t104,c5,chat,normal,,2025-01-05 09:00:00,,2025-01-06 09:00:00,false
t105,c5,chat,normal,,2025-02-01 09:00:00,,2025-02-02 09:00:00,false
t106,c5,chat,normal,,2025-03-01 09:00:00,,2025-03-02 09:00:00,false
t107,c3,email,normal,,2025-03-15 09:00:00,,2025-03-16 09:00:00,false
";

const SURVEYS_CSV: &str = "\
response_id,customer_id,survey_kind,score,channel,touchpoint,segment,agent_id,created_at
r201,c1,csat,1,email,support,,,2025-01-12 09:00:00
r202,c5,csat,3,chat,support,,,2025-02-02 09:00:00
r203,c3,csat,5,email,support,,,2025-03-16 09:00:00
r204,c4,csat,2,email,support,,,2025-05-01 09:00:00
r205,c2,nps,3,email,support,,,2025-01-20 09:00:00
r206,c4,nps,9,email,support,,,2025-01-20 09:00:00
r207,c9,nps,8,email,support,,,2025-02-20 09:00:00
";

const QUARTER: &str = "from=2025-01-01&to=2025-03-31&tz=UTC";

async fn churn_app() -> (TestApp, tempfile::TempDir) {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    import_ok(
        &app,
        "customers",
        &write(dir.path(), "customers.csv", CUSTOMERS_CSV),
    )
    .await;
    import_ok(&app, "cases", &write(dir.path(), "tickets.csv", CASES_CSV)).await;
    import_ok(
        &app,
        "survey-responses",
        &write(dir.path(), "surveys.csv", SURVEYS_CSV),
    )
    .await;
    // Ready when the facts hold the answers and the cases too.
    rows_when(&app, "/api/v1/metrics/csat", |rows| {
        rows.iter().any(|r| r["n"] == 4)
    })
    .await;
    rows_when(&app, "/api/v1/metrics/volume", |rows| {
        rows.iter().any(|r| r["n"] == 7)
    })
    .await;
    rows_when(&app, &format!("/api/v1/metrics/churn?{QUARTER}"), |rows| {
        rows.first().is_some_and(|r| r["n"] == 7)
    })
    .await;
    (app, dir)
}

/// (label, active at start, churned) per row of `group`.
fn figures(rows: &[Value], group: &str) -> Vec<(Value, u64, u64)> {
    rows.iter()
        .map(|row| {
            (
                row[group].clone(),
                row["active_at_start"].as_u64().unwrap_or(0),
                row["churned"].as_u64().unwrap_or(0),
            )
        })
        .collect()
}

async fn churn(app: &TestApp, query: &str) -> Vec<Value> {
    let (status, body) = app
        .get(&format!("/api/v1/metrics/churn?{QUARTER}&{query}"))
        .await;
    assert_eq!(status, 200, "{body}");
    body["rows"].as_array().expect("rows").clone()
}

async fn id_of(app: &TestApp, external: &str) -> i64 {
    store::linking::owner_of(&app.db, IdentityKind::External, external)
        .await
        .expect("lookup")
        .expect("imported customer")
}

#[tokio::test]
async fn imported_customers_churn_as_counted_by_hand() {
    let (app, _dir) = churn_app().await;
    let all = churn(&app, "").await;
    assert_eq!(figures(&all, "n"), [(json!(7), 7, 3)]);
    assert!((all[0]["churn_rate"].as_f64().unwrap() - 300.0 / 7.0).abs() < 1e-9);

    assert_eq!(
        figures(&churn(&app, "group_by=segment").await, "segment"),
        [(json!("ent"), 4, 1), (json!("smb"), 3, 2)]
    );
    assert_eq!(
        figures(
            &churn(&app, "group_by=customer.contract").await,
            "customer.contract"
        ),
        [(json!("Monthly"), 4, 3), (json!("Yearly"), 3, 0)]
    );
    // Each month its own window: Jan 7 active, Feb 6 (c1 gone), Mar 5 (c2 gone).
    let (status, monthly) = app
        .get(&format!("/api/v1/metrics/churn?{QUARTER}&group_by=month"))
        .await;
    assert_eq!(status, 200);
    assert_eq!(
        figures(monthly["rows"].as_array().unwrap(), "month"),
        [
            (json!("2025-01"), 7, 1),
            (json!("2025-02"), 6, 1),
            (json!("2025-03"), 5, 1)
        ]
    );
    assert_eq!(monthly["trends"][0]["direction"], "stable");
    // Cases in the 90 days before leaving (or before Apr 1): c1 two, c5 three, c3 one.
    assert_eq!(
        figures(&churn(&app, "group_by=contacts").await, "contacts"),
        [
            (json!("0"), 4, 1),
            (json!("1"), 1, 0),
            (json!("2"), 1, 1),
            (json!("3"), 1, 1)
        ]
    );
    // The last CSAT before leaving or Apr 1; c4's is from May.
    assert_eq!(
        figures(&churn(&app, "group_by=csat_band").await, "csat_band"),
        [
            (json!("none"), 4, 1),
            (json!("low"), 1, 1),
            (json!("neutral"), 1, 1),
            (json!("high"), 1, 0)
        ]
    );
    assert_eq!(
        figures(&churn(&app, "group_by=unresolved").await, "unresolved"),
        [(json!("no"), 6, 2), (json!("yes"), 1, 1)]
    );
}

#[tokio::test]
async fn drivers_reasons_and_the_customers_behind_a_figure() {
    let (app, _dir) = churn_app().await;
    let (status, drivers) = app
        .get(&format!("/api/v1/analysis/drivers?outcome=churn&{QUARTER}"))
        .await;
    assert_eq!(status, 200, "{drivers}");
    assert_eq!(drivers["n"], 7);
    let contract = drivers["drivers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["attribute"] == "contract")
        .expect("contract");
    // Monthly 3 of 4 leave, Yearly 0 of 3: χ² = 3.9375, V = 0.75, p = 0.047221.
    assert!((contract["effect"].as_f64().unwrap() - 0.75).abs() < 1e-9);
    assert!((contract["p_value"].as_f64().unwrap() - 0.047_220_904).abs() < 1e-8);
    assert_eq!(contract["values"][0]["value"], "Monthly");
    assert!((contract["values"][0]["lift"].as_f64().unwrap() - 1.75).abs() < 1e-9);

    // Ends in Q1: c1, c5, c7 price; c2 service.
    let (status, reasons) = app.get(&format!("/api/v1/churn/reasons?{QUARTER}")).await;
    assert_eq!(status, 200, "{reasons}");
    assert_eq!(reasons["ended"], 4);
    assert_eq!(reasons["reasons"][0]["code"], "price");
    assert_eq!(reasons["reasons"][0]["count"], 3);
    assert_eq!(reasons["reasons"][0]["share"], 75.0);

    // Monthly customers of the ent segment: c5 (left) and c9.
    let (status, behind) = app
        .get(&format!(
            "/api/v1/churn/customers?{QUARTER}&filter.segment=ent&filter.customer.contract=Monthly"
        ))
        .await;
    assert_eq!(status, 200, "{behind}");
    let mut expected = vec![id_of(&app, "c5").await, id_of(&app, "c9").await];
    expected.sort_unstable();
    assert_eq!(behind["customer_ids"], json!(expected));
    let (_, left) = app
        .get(&format!(
            "/api/v1/churn/customers?{QUARTER}&filter.segment=ent&filter.customer.contract=Monthly&side=churned"
        ))
        .await;
    assert_eq!(left["customer_ids"], json!([id_of(&app, "c5").await]));
    let (_, driver_behind) = app
        .get(&format!(
            "/api/v1/analysis/drivers/customers?outcome=churn&{QUARTER}&attribute=contract&value=Yearly"
        ))
        .await;
    assert_eq!(driver_behind["customer_ids"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_cancellation_event_ends_the_relationship_and_counts() {
    let (app, _dir) = churn_app().await;
    let c4 = id_of(&app, "c4").await;
    let (status, body) = app
        .post(
            "/api/v1/events",
            &json!({"kind": "subscription.cancelled", "customer_id": c4,
                    "occurred_at": "2025-02-10T12:00:00Z", "reason": "te duur geworden"}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let rows = rows_when(&app, &format!("/api/v1/metrics/churn?{QUARTER}"), |rows| {
        rows.first().is_some_and(|r| r["churned"] == 4)
    })
    .await;
    assert_eq!(figures(&rows, "n"), [(json!(7), 7, 4)]);
    // Words that are no code are kept as the customer's own, under `other`.
    let relationships = store::relationships::of_customer(&app.db, c4)
        .await
        .unwrap();
    assert_eq!(relationships[0].end_reason.as_deref(), Some("other"));
    assert_eq!(
        relationships[0].end_note.as_deref(),
        Some("te duur geworden")
    );
    let (_, reasons) = app.get(&format!("/api/v1/churn/reasons?{QUARTER}")).await;
    let terms: Vec<&Value> = reasons["terms"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| &t["term"])
        .collect();
    assert!(terms.contains(&&json!("duur")), "{reasons}");
    // A second start of a customer who is active changes nothing; a return opens a new one.
    let (status, _) = app
        .post(
            "/api/v1/events",
            &json!({"kind": "subscription.started", "customer_id": c4, "occurred_at": "2025-06-01T00:00:00Z"}),
        )
        .await;
    assert_eq!(status, 201);
    let relationships = store::relationships::of_customer(&app.db, c4)
        .await
        .unwrap();
    assert_eq!(relationships.len(), 2, "the history is kept");
    assert!(relationships[1].ended_at.is_none());
}

#[tokio::test]
async fn bad_questions_and_a_broken_file_change_nothing() {
    let (app, dir) = churn_app().await;
    for (path, code) in [
        (
            "/api/v1/metrics/churn?group_by=customer.colour",
            "invalid_query",
        ),
        ("/api/v1/metrics/churn?group_by=region", "invalid_dimension"),
        ("/api/v1/metrics/churn?from=2025-02-30", "invalid_date"),
        (
            "/api/v1/metrics/churn?filter.month=2025-01",
            "invalid_query",
        ),
        (
            "/api/v1/analysis/drivers?outcome=happiness",
            "invalid_outcome",
        ),
        ("/api/v1/analysis/drivers", "invalid_outcome"),
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(
            (status, body["error"].as_str()),
            (400, Some(code)),
            "{path}: {body}"
        );
    }
    let before = store::customers::count(&app.db).await.unwrap();
    let broken = "customer_id,name,started_at,ended_at\nn1,Nieuw,2025-01-01,\nn2,Kapot,2025-03-01,2025-01-01\n";
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_klantbeeld"))
        .args(["import", "customers"])
        .arg(write(dir.path(), "broken.csv", broken))
        .args(["--database-url", &app.database_url])
        .env_remove("KLANTBEELD_DATABASE_URL")
        .output()
        .expect("run klantbeeld");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("line 3: ended_at is before started_at"),
        "{stderr}"
    );
    assert_eq!(
        store::customers::count(&app.db).await.unwrap(),
        before,
        "nothing was written"
    );
    // Scoring without a model says why there is none (nine customers are too few).
    let (status, body) = app
        .post(
            "/api/v1/analysis/churn-risk",
            &json!({"customers": [{"attributes": {"contract": "Monthly"}}]}),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (409, Some("no_model")),
        "{body}"
    );
    let (status, body) = app
        .post(
            "/api/v1/analysis/churn-risk",
            &json!({"customers": [{"attributes": {"contract": ["x"]}}]}),
        )
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (422, Some("invalid_customer_record")),
        "{body}"
    );
}

#[tokio::test]
async fn a_second_import_updates_by_customer_id() {
    let (app, dir) = churn_app().await;
    let update = "customer_id,name,contract,seats\nc3,Cor Bakker-Smit,Monthly,\n";
    import_ok(&app, "customers", &write(dir.path(), "update.csv", update)).await;
    let c3 = id_of(&app, "c3").await;
    let customer = store::customers::get(&app.db, c3).await.unwrap();
    assert_eq!(customer.name, "Cor Bakker-Smit");
    assert_eq!(customer.attributes["contract"], "Monthly");
    assert!(
        customer.attributes.get("seats").is_none(),
        "an empty cell is no value"
    );
    assert_eq!(
        customer.attributes["segment"], "smb",
        "what the file does not name stays"
    );
    // Now five Monthly customers in the window, of whom three leave.
    let rows = rows_when(
        &app,
        &format!("/api/v1/metrics/churn?{QUARTER}&group_by=customer.contract"),
        |rows| rows.first().is_some_and(|r| r["n"] == 5),
    )
    .await;
    assert_eq!(
        figures(&rows, "customer.contract")[0],
        (json!("Monthly"), 5, 3)
    );
}

#[tokio::test]
async fn the_customer_page_shows_the_relationship_and_why_it_ended() {
    let (app, _dir) = churn_app().await;
    app.admin_agent("beheer@voorbeeld.nl", "een-lang-wachtwoord-1")
        .await;
    let client =
        crate::helpers::logged_in_as(&app, "beheer@voorbeeld.nl", "een-lang-wachtwoord-1").await;
    let c1 = id_of(&app, "c1").await;
    let page = client
        .get(format!("{}/customers/{c1}", app.base))
        .send()
        .await
        .expect("customer page")
        .text()
        .await
        .expect("body");
    assert!(page.contains("Klantrelatie"), "{page}");
    assert!(page.contains("Prijs"), "the coded reason in words: {page}");
    let c3 = id_of(&app, "c3").await;
    let page = client
        .get(format!("{}/customers/{c3}", app.base))
        .send()
        .await
        .expect("customer page")
        .text()
        .await
        .expect("body");
    assert!(page.contains("loopt"), "an open relationship: {page}");
}
