//! CX metrics end to end: history imported with `klantbeeld import`, answered by
//! `GET /api/v1/metrics/{metric}` from the in-memory fact store, kept current as cases change.
//! Expected figures are worked out by hand in the comments.

use std::path::Path;
use std::process::Output;
use std::time::{Duration, Instant};

use domain::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, read};

const SURVEYS_CSV: &str = "\
response_id,customer_id,survey_kind,score,channel,touchpoint,segment,agent_id,created_at
r1,c1,nps,10,email,support,smb,a1,2025-01-15 10:00:00
r2,c2,nps,9,email,support,smb,a1,2025-01-20 10:00:00
r3,c3,nps,6,email,billing,smb,a2,2025-02-01 00:30:00
r4,c1,nps,7,chat,support,consumer,,2025-01-31 23:30:00
r5,c4,csat,5,email,billing,,a1,2025-01-10 08:00:00
r6,c4,csat,4,chat,billing,,,2025-01-11 08:00:00
r7,c5,csat,2,email,support,,a2,2025-01-12 08:00:00
r8,c5,ces,7,web,returns,,,2025-01-13 08:00:00
r9,c6,ces,3,web,returns,,,2025-01-14 08:00:00
";

const CASES_CSV: &str = "\
ticket_id,customer_id,channel,priority,agent_id,created_at,first_response_at,resolved_at,reopened
t1,c1,email,high,a1,2025-01-06 09:00:00,2025-01-06 10:00:00,2025-01-06 11:00:00,false
t2,c2,email,normal,a1,2025-01-07 09:00:00,2025-01-07 09:30:00,2025-01-07 13:00:00,true
t3,c3,email,normal,a2,2025-01-08 09:00:00,,2025-01-09 09:00:00,false
t4,c4,chat,low,,2025-01-08 12:00:00,2025-01-08 12:01:00,,false
";

/// Runs `klantbeeld import <what> <file>` against the app's database.
async fn import(app: &TestApp, what: &str, file: &Path) -> Output {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_klantbeeld"));
    command
        .args(["import", what])
        .arg(file)
        .args(["--database-url", &app.database_url])
        .env_remove("KLANTBEELD_DATABASE_URL");
    tokio::task::spawn_blocking(move || command.output().expect("run klantbeeld"))
        .await
        .expect("join")
}

pub async fn import_ok(app: &TestApp, what: &str, file: &Path) {
    let output = import(app, what, file).await;
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

pub fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write the import file");
    path
}

/// The answer's rows once `ready` accepts them: the fact store picks up an import or a change
/// within a poll of the event log, and is empty for a moment after start.
pub async fn rows_when(app: &TestApp, path: &str, ready: impl Fn(&[Value]) -> bool) -> Vec<Value> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let (status, body) = app.get(path).await;
        if status == 200 {
            let rows = body["rows"].as_array().expect("rows").clone();
            if ready(&rows) || Instant::now() > deadline {
                return rows;
            }
        } else {
            assert_eq!(status, 503, "{body}");
            assert!(Instant::now() < deadline, "still loading: {body}");
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn total_n(rows: &[Value]) -> u64 {
    rows.iter().filter_map(|row| row["n"].as_u64()).sum()
}

fn assert_close(actual: &Value, expected: f64) {
    let actual = actual.as_f64().unwrap_or(f64::NAN);
    assert!((actual - expected).abs() < 1e-9, "{actual} ≠ {expected}");
}

pub async fn imported_app() -> (TestApp, tempfile::TempDir) {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    import_ok(
        &app,
        "survey-responses",
        &write(dir.path(), "surveys.csv", SURVEYS_CSV),
    )
    .await;
    import_ok(&app, "cases", &write(dir.path(), "tickets.csv", CASES_CSV)).await;
    rows_when(&app, "/api/v1/metrics/volume", |rows| total_n(rows) == 4).await;
    rows_when(&app, "/api/v1/metrics/ces", |rows| total_n(rows) == 2).await;
    (app, dir)
}

#[tokio::test]
async fn imported_history_answers_every_survey_metric_exactly() {
    let (app, _dir) = imported_app().await;

    // NPS by channel: email 10, 9, 6 → (2 promoters − 1 detractor) / 3; chat 7 → passive, 0.
    let nps = rows_when(&app, "/api/v1/metrics/nps?group_by=channel", |_| true).await;
    assert_eq!(nps.len(), 2);
    assert_eq!(nps[0]["channel"], "chat");
    assert_close(&nps[0]["nps"], 0.0);
    assert_eq!(nps[1]["channel"], "email");
    assert_close(&nps[1]["nps"], 100.0 / 3.0);
    assert_eq!(nps[1]["n"], 3);

    // By month, the buckets follow the time zone: r4 (Jan 31, 23:30 UTC) is February in Amsterdam.
    let utc = rows_when(&app, "/api/v1/metrics/nps?group_by=month&tz=UTC", |_| true).await;
    assert_eq!(utc[0]["month"], "2025-01");
    assert_close(&utc[0]["nps"], 200.0 / 3.0);
    assert_eq!(utc[1]["month"], "2025-02");
    assert_close(&utc[1]["nps"], -100.0);
    let amsterdam = rows_when(&app, "/api/v1/metrics/nps?group_by=month", |_| true).await;
    assert_close(&amsterdam[0]["nps"], 100.0);
    assert_eq!(amsterdam[1]["n"], 2);
    assert_close(&amsterdam[1]["nps"], -50.0);

    // Agents are labelled by their id in the other system; no agent is null, sorted last.
    let by_agent = rows_when(&app, "/api/v1/metrics/nps?group_by=agent", |_| true).await;
    let agents: Vec<&Value> = by_agent.iter().map(|row| &row["agent"]).collect();
    assert_eq!(agents, [&json!("a1"), &json!("a2"), &Value::Null]);

    // CSAT 5, 4, 2: two of three in the top-2 box; mean 11/3.
    let csat = rows_when(&app, "/api/v1/metrics/csat", |_| true).await;
    assert_close(&csat[0]["csat"], 200.0 / 3.0);
    assert_close(&csat[0]["mean"], 11.0 / 3.0);
    // CES 7 and 3: mean 5, one of two easy (5–7).
    let ces = rows_when(&app, "/api/v1/metrics/ces?group_by=touchpoint", |_| true).await;
    assert_eq!(ces[0]["touchpoint"], "returns");
    assert_close(&ces[0]["mean"], 5.0);
    assert_close(&ces[0]["easy_pct"], 50.0);

    // Filters and a date range (whole local days, UTC here): only January's email answers.
    let filtered = rows_when(
        &app,
        "/api/v1/metrics/nps?filter.channel=email&from=2025-01-01&to=2025-01-31&tz=UTC",
        |_| true,
    )
    .await;
    assert_eq!(filtered[0]["n"], 2);
    assert_close(&filtered[0]["nps"], 100.0);

    // Operators see how much the fact store holds.
    let exposition = app
        .client
        .get(app.url("/metrics"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("text");
    assert!(
        exposition.contains("klantbeeld_facts{table=\"surveys\"} 9"),
        "{exposition}"
    );
    assert!(
        exposition.contains("klantbeeld_facts{table=\"cases\"} 4"),
        "{exposition}"
    );
    assert!(
        exposition.contains("klantbeeld_facts_loaded 1"),
        "{exposition}"
    );
}

#[tokio::test]
async fn imported_cases_answer_resolution_and_response_times() {
    let (app, _dir) = imported_app().await;
    // Resolved email cases took 2 h, 4 h and 24 h: mean 10, nearest-rank median the 2nd (4),
    // p90 the 3rd (24). The open chat case has no TTR, so no row.
    let ttr = rows_when(
        &app,
        "/api/v1/metrics/ttr?group_by=channel,week&tz=UTC",
        |_| true,
    )
    .await;
    assert_eq!(ttr.len(), 1, "{ttr:?}");
    assert_eq!(ttr[0]["channel"], "email");
    assert_eq!(ttr[0]["week"], "2025-01-06");
    assert_close(&ttr[0]["mean_hours"], 10.0);
    assert_close(&ttr[0]["median_hours"], 4.0);
    assert_close(&ttr[0]["p90_hours"], 24.0);
    assert_eq!(ttr[0]["n"], 3);
    // First responses: email 1 h and 0.5 h; chat one minute.
    let frt = rows_when(&app, "/api/v1/metrics/frt?group_by=channel", |_| true).await;
    assert_close(&frt[0]["median_hours"], 1.0 / 60.0);
    assert_close(&frt[1]["mean_hours"], 0.75);
    assert_close(&frt[1]["p90_hours"], 1.0);
    // One of the three resolved cases was reopened.
    let reopen = rows_when(&app, "/api/v1/metrics/reopen_rate", |_| true).await;
    assert_close(&reopen[0]["reopen_rate"], 100.0 / 3.0);
    // Imported cases are visible as cases, with a status from their timestamps.
    let (status, cases) = app.get("/api/v1/cases?channel=chat").await;
    assert_eq!(status, 200);
    assert_eq!(cases["items"][0]["subject"], "Imported case t4");
    assert_eq!(cases["items"][0]["status"], "open");
}

#[tokio::test]
async fn a_case_resolved_through_the_api_shows_up_in_the_metrics() {
    let (app, _dir) = imported_app().await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Fenna Bakker", "email": "fenna@example.nl"}),
        )
        .await;
    let (status, case) = app
        .post(
            "/api/v1/cases",
            &json!({"customer_id": customer["id"], "channel": "sms", "subject": "Pakket kwijt"}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    let volume = rows_when(&app, "/api/v1/metrics/volume?group_by=channel", |rows| {
        rows.iter().any(|row| row["channel"] == "sms")
    })
    .await;
    assert!(
        volume.iter().any(|row| row["channel"] == "sms"),
        "{volume:?}"
    );

    let path = format!("/api/v1/cases/{}", case["id"]);
    let (status, _) = app.patch(&path, &json!({"status": "resolved"})).await;
    assert_eq!(status, 200);
    let ttr = rows_when(&app, "/api/v1/metrics/ttr?group_by=channel", |rows| {
        rows.iter().any(|row| row["channel"] == "sms")
    })
    .await;
    let sms = ttr.iter().find(|row| row["channel"] == "sms");
    assert_eq!(sms.map(|row| &row["n"]), Some(&json!(1)), "{ttr:?}");
}

#[tokio::test]
async fn a_bad_row_is_reported_by_line_and_nothing_is_imported() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = SURVEYS_CSV
        .replace("r3,c3,nps,6,", "r3,c3,nps,11,")
        .replace("2025-01-13 08:00:00", "2025-13-13 08:00:00");
    let output = import(
        &app,
        "survey-responses",
        &write(dir.path(), "bad.csv", &bad),
    )
    .await;
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("2 of 9 rows are bad; nothing was imported"),
        "{stderr}"
    );
    assert!(stderr.contains("line 4: score: \"11\""), "{stderr}");
    assert!(stderr.contains("line 9: created_at"), "{stderr}");
    for table in ["survey_responses", "customers", "agents"] {
        assert_eq!(app.count(table).await, 0, "{table}");
    }
    let missing_column = "response_id,customer_id,score,created_at\nr1,c1,9,2025-01-01 00:00:00\n";
    let output = import(
        &app,
        "survey-responses",
        &write(dir.path(), "short.csv", missing_column),
    )
    .await;
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("survey_kind"));
}

#[tokio::test]
async fn ndjson_imports_like_csv() {
    let app = TestApp::spawn().await;
    let dir = tempfile::tempdir().expect("temp dir");
    let lines = [
        json!({"response_id": 1, "customer_id": 42, "survey_kind": "nps", "score": 10, "channel": "email", "created_at": "2025-01-15T10:00:00Z"}),
        json!({"response_id": 2, "customer_id": 43, "survey_kind": "nps", "score": 3, "channel": "email", "agent_id": null, "created_at": "2025-01-15T11:00:00+01:00"}),
    ];
    let text: String = lines.iter().map(|line| format!("{line}\n")).collect();
    import_ok(
        &app,
        "survey-responses",
        &write(dir.path(), "surveys.ndjson", &text),
    )
    .await;
    let cases = json!({"ticket_id": "T-1", "customer_id": 42, "channel": "chat", "created_at": "2025-01-15 10:00:00", "resolved_at": "2025-01-15 10:30:00", "reopened": false});
    import_ok(
        &app,
        "cases",
        &write(dir.path(), "cases.jsonl", &format!("{cases}\n")),
    )
    .await;
    let nps = rows_when(&app, "/api/v1/metrics/nps", |rows| total_n(rows) == 2).await;
    assert_close(&nps[0]["nps"], 0.0);
    let ttr = rows_when(&app, "/api/v1/metrics/ttr", |rows| total_n(rows) == 1).await;
    assert_close(&ttr[0]["mean_hours"], 0.5);
    // The same customer (external id 42) answered a survey and opened the case.
    assert_eq!(app.count("customers").await, 2);
}

#[tokio::test]
async fn metrics_export_as_csv() {
    let (app, _dir) = imported_app().await;
    let response = app
        .client
        .get(app.url("/api/v1/metrics/csat?group_by=channel"))
        .bearer_auth(&app.token)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 200);
    assert!(
        response.headers()["content-type"]
            .to_str()
            .is_ok_and(|t| t.starts_with("text/csv"))
    );
    let text = response.text().await.expect("body");
    let lines: Vec<&str> = text.lines().collect();
    // chat: 4 → 100 %, mean 4; email: 5 and 2 → 50 %, mean 3.5; none through an open link.
    assert_eq!(
        lines,
        [
            "channel,csat,mean,n,anonymous",
            "chat,100,4,1,0",
            "email,50,3.5,2,0"
        ]
    );
    // For a Dutch spreadsheet: `;`, decimal commas and a byte order mark; figures unrounded.
    let dutch = app
        .client
        .get(app.url("/api/v1/metrics/csat?group_by=channel&sep=semicolon"))
        .bearer_auth(&app.token)
        .header("accept", "text/csv")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("body");
    let lines: Vec<&str> = dutch.lines().collect();
    assert_eq!(
        lines,
        [
            "\u{feff}channel;csat;mean;n;anonymous",
            "chat;100;4;1;0",
            "email;50;3,5;2;0"
        ]
    );
    let (status, body) = app
        .get("/api/v1/metrics/csat?group_by=channel&sep=tab")
        .await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("invalid_separator"))
    );
    let (status, json) = app.get("/api/v1/metrics/csat?sep=semicolon").await;
    assert_eq!(status, 200, "the JSON answer ignores sep: {json}");
}

#[tokio::test]
async fn bad_questions_are_400s_and_analysts_may_ask() {
    let app = TestApp::spawn().await;
    for (path, code) in [
        ("/api/v1/metrics/nsp", "invalid_metric"),
        ("/api/v1/metrics/nps?group_by=colour", "invalid_dimension"),
        ("/api/v1/metrics/nps?group_by=priority", "invalid_query"),
        ("/api/v1/metrics/nps?group_by=week,month", "invalid_query"),
        ("/api/v1/metrics/nps?from=2025-02-30", "invalid_date"),
        (
            "/api/v1/metrics/nps?from=2025-02-02&to=2025-02-01",
            "invalid_date",
        ),
        ("/api/v1/metrics/nps?tz=Europe/Utrecht", "invalid_time_zone"),
        ("/api/v1/metrics/nps?groupby=channel", "unknown_parameter"),
        ("/api/v1/metrics/nps?time=business", "invalid_time"),
        ("/api/v1/metrics/fcr?fcr_days=91", "invalid_fcr_days"),
        (
            "/api/v1/metrics/csat?filter.customer.a;b=1",
            "invalid_filter",
        ),
        (
            "/api/v1/metrics/availability?group_by=agent",
            "invalid_dimension",
        ),
        (
            "/api/v1/metrics/response_rate?target_seconds=5",
            "unknown_parameter",
        ),
    ] {
        let deadline = Instant::now() + Duration::from_secs(5);
        let (status, body) = loop {
            let (status, body) = app.get(path).await;
            if status != 503 || Instant::now() > deadline {
                break (status, body);
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        };
        assert_eq!(status, 400, "{path}: {body}");
        assert_eq!(body["error"], code, "{path}: {body}");
        assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    }
    let analyst = app.token_for(Role::Analyst).await;
    let response = app
        .client
        .get(app.url("/api/v1/metrics/volume"))
        .bearer_auth(&analyst)
        .send()
        .await
        .expect("request");
    let (status, _) = read(response).await;
    assert!(status == 200 || status == 503, "{status}");
    let anonymous = app
        .client
        .get(app.url("/api/v1/metrics/volume"))
        .send()
        .await
        .expect("request");
    assert_eq!(anonymous.status(), 401);
}

#[tokio::test]
async fn business_time_counts_only_the_organisations_opening_hours() {
    let (app, _dir) = imported_app().await;
    // Default calendar, Monday to Friday 09:00-17:00 Amsterdam (UTC+1 in January):
    // t1 Mon 10:00-12:00 local = 2 h; t2 Tue 10:00-14:00 = 4 h; t3 Wed 10:00 to Thu 10:00 = 7 h + 1 h = 8 h.
    let ttr = rows_when(&app, "/api/v1/metrics/ttr?time=business", |_| true).await;
    assert_close(&ttr[0]["mean_hours"], 14.0 / 3.0);
    assert_close(&ttr[0]["median_hours"], 4.0);
    assert_close(&ttr[0]["p90_hours"], 8.0);
    assert_eq!(ttr[0]["n"], 3);

    let admin = app.token_for(Role::Admin).await;
    let put = |body: Value| {
        app.client
            .put(app.url("/api/v1/settings/business-calendar"))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    for bad in [
        json!({"time_zone": "Mars/Olympus", "week": {}}),
        json!({"time_zone": "Europe/Amsterdam", "week": {"mon": ["17:00-09:00"]}}),
        json!({"time_zone": "Europe/Amsterdam", "week": {"funday": ["09:00-17:00"]}}),
    ] {
        let (status, _) = read(put(bad.clone()).await.expect("put")).await;
        assert_eq!(status, 422, "{bad}");
    }
    // With Wednesday 8 January a holiday, t3 only has Thursday 09:00-10:00: 1 h.
    let calendar = json!({"time_zone": "Europe/Amsterdam", "holidays": ["2025-01-08"],
        "week": {"mon": ["09:00-17:00"], "tue": ["09:00-17:00"], "wed": ["09:00-17:00"], "thu": ["09:00-17:00"], "fri": ["09:00-17:00"]}});
    let (status, saved) = read(put(calendar.clone()).await.expect("put")).await;
    assert_eq!(status, 200, "{saved}");
    assert_eq!(
        app.get("/api/v1/settings/business-calendar").await.1,
        calendar
    );
    let ttr = rows_when(&app, "/api/v1/metrics/ttr?time=business", |_| true).await;
    assert_close(&ttr[0]["mean_hours"], 7.0 / 3.0);
    assert_close(&ttr[0]["p90_hours"], 4.0);
    let calendar_time = rows_when(&app, "/api/v1/metrics/ttr", |_| true).await;
    assert_close(&calendar_time[0]["mean_hours"], 10.0);
    let (status, body) = app.get("/api/v1/metrics/nps?time=business").await;
    assert_eq!(status, 400, "{body}");
}

#[tokio::test]
async fn first_contact_resolution_counts_resolutions_that_held() {
    let (app, _dir) = imported_app().await;
    // t1 and t3 stayed resolved and their customers did not come back; t2 was reopened; t4 is open.
    let fcr = rows_when(&app, "/api/v1/metrics/fcr?group_by=channel", |_| true).await;
    assert_eq!(fcr.len(), 1, "{fcr:?}");
    assert_close(&fcr[0]["fcr"], 200.0 / 3.0);
    assert_eq!(fcr[0]["n"], 3);
    let (status, body) = app.get("/api/v1/metrics/fcr?fcr_days=0").await;
    assert_eq!(status, 400, "{body}");
    let (status, _) = app.get("/api/v1/metrics/fcr?fcr_days=14").await;
    assert_eq!(status, 200);
}

#[tokio::test]
async fn metrics_filter_by_customer_attributes() {
    let (app, _dir) = imported_app().await;
    rows_when(&app, "/api/v1/metrics/csat", |rows| !rows.is_empty()).await;
    let (_, found) = app.get("/api/v1/customers?name=Customer%20c4").await;
    let c4 = found["items"][0]["id"].as_i64().expect("customer c4");
    let (status, _) = app
        .patch(
            &format!("/api/v1/customers/{c4}"),
            &json!({"attributes": {"plan": "zakelijk"}}),
        )
        .await;
    assert_eq!(status, 200);
    // c4 gave r5 (5) and r6 (4): both satisfied.
    let (status, body) = app
        .get("/api/v1/metrics/csat?filter.customer.plan=zakelijk")
        .await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["rows"][0]["csat"], 100.0);
    assert_eq!(body["rows"][0]["n"], 2);
    let (_, nobody) = app
        .get("/api/v1/metrics/csat?filter.customer.plan=particulier")
        .await;
    assert_eq!(nobody["rows"], json!([]));
    // c4's one case (t4, chat, still open) is the volume of the plan.
    let (_, volume) = app
        .get("/api/v1/metrics/volume?group_by=channel&filter.customer.plan=zakelijk")
        .await;
    assert_eq!(
        volume["rows"],
        json!([{"channel": "chat", "volume": 1.0, "n": 1}])
    );
}

#[tokio::test]
async fn every_metric_answer_names_its_formula() {
    let (app, _dir) = imported_app().await;
    let nps = rows_when(&app, "/api/v1/metrics/nps", |rows| !rows.is_empty()).await;
    assert!(!nps.is_empty());
    for metric in [
        "nps",
        "csat",
        "ces",
        "ttr",
        "frt",
        "volume",
        "reopen_rate",
        "fcr",
        "availability",
        "response_rate",
    ] {
        let (status, body) = app.get(&format!("/api/v1/metrics/{metric}")).await;
        assert_eq!(status, 200, "{metric}: {body}");
        assert!(
            body["formula"].as_str().is_some_and(|f| f.len() > 10),
            "{metric}: {body}"
        );
    }
}

#[tokio::test]
async fn a_case_import_into_an_empty_table_leaves_every_index_in_place() {
    let app = TestApp::spawn().await;
    let store::Db::Sqlite(pool) = &app.db else {
        return; // The deferred indexes are SQLite's import path.
    };
    let indexes = || async {
        sqlx::query_scalar::<_, String>("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'cases' AND sql IS NOT NULL ORDER BY name")
            .fetch_all(pool)
            .await
            .expect("indexes")
    };
    let before = indexes().await;
    assert!(before.len() >= 5, "{before:?}");
    let dir = tempfile::tempdir().expect("dir");
    import_ok(&app, "cases", &write(dir.path(), "tickets.csv", CASES_CSV)).await;
    assert_eq!(indexes().await, before);
    assert_eq!(app.count("cases").await, 4);
    // A second import into a table with rows keeps its indexes throughout, and skips the repeats.
    import_ok(&app, "cases", &write(dir.path(), "again.csv", CASES_CSV)).await;
    assert_eq!(indexes().await, before);
    assert_eq!(app.count("cases").await, 4);
    let (_, open) = app.get("/api/v1/cases?status=open&channel=chat").await;
    assert_eq!(
        open["items"].as_array().map(Vec::len),
        Some(1),
        "the rebuilt indexes answer"
    );
}
