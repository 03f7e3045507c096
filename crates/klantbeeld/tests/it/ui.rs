//! The agent UI over plain HTTP: login, sessions, CSRF, pages, forms, roles.

use domain::Role;
use serde_json::json;

use crate::helpers::TestApp;

const PASSWORD: &str = "een-lang-wachtwoord";

pub(crate) async fn logged_in(app: &TestApp) -> reqwest::Client {
    app.admin_agent("anna@polderstroom.nl", PASSWORD).await;
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .post(app.url("/login"))
        .form(&[
            ("email", "Anna@Polderstroom.nl"),
            ("password", PASSWORD),
            ("next", "/inbox"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 303, "a good login redirects");
    let cookie = response
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );
    client
}

pub(crate) fn csrf_of(html: &str) -> String {
    let start = html
        .find("name=\"csrf\" value=\"")
        .expect("a form with a CSRF token")
        + 19;
    html[start..].split('"').next().expect("token").to_string()
}

#[tokio::test]
async fn pages_need_a_login_and_speak_the_browsers_language() {
    let app = TestApp::spawn().await;
    let response = app
        .client
        .get(app.url("/inbox"))
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/login?next=/inbox");
    let dutch = app
        .client
        .get(app.url("/login"))
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("html");
    assert!(dutch.contains("Inloggen bij Klantbeeld"));
    let english = app
        .client
        .get(app.url("/login"))
        .header("accept-language", "en-GB,en")
        .send()
        .await
        .expect("request")
        .text()
        .await
        .expect("html");
    assert!(english.contains("Log in to Klantbeeld"));
}

#[tokio::test]
async fn failed_logins_are_refused_then_rate_limited() {
    let app = TestApp::spawn().await;
    app.admin_agent("anna@polderstroom.nl", PASSWORD).await;
    let attempt = |password: &'static str| {
        let (client, url) = (app.client.clone(), app.url("/login"));
        async move {
            client
                .post(url)
                .form(&[("email", "anna@polderstroom.nl"), ("password", password)])
                .send()
                .await
                .expect("login")
                .status()
                .as_u16()
        }
    };
    assert_eq!(attempt("fout").await, 401);
    for _ in 0..9 {
        attempt("fout").await;
    }
    assert_eq!(
        attempt(PASSWORD).await,
        429,
        "even the right password waits after ten failures"
    );
}

#[tokio::test]
async fn an_agent_works_a_case_from_the_inbox() {
    let app = TestApp::spawn().await;
    let (_, contact) = app
        .post("/api/v1/interactions", &json!({"channel": "email", "from": {"email": "bram@example.nl", "name": "Bram Smit"}, "subject": "Verhuizing per 1 maart", "body": "Ik verhuis naar Zwolle."}))
        .await;
    let case = contact["case_id"].as_i64().expect("case");
    let client = logged_in(&app).await;

    let inbox = client
        .get(app.url("/inbox"))
        .send()
        .await
        .expect("inbox")
        .text()
        .await
        .expect("html");
    assert!(
        inbox.contains("Verhuizing per 1 maart") && inbox.contains("Bram Smit"),
        "{inbox}"
    );
    let page = client
        .get(app.url(&format!("/cases/{case}")))
        .send()
        .await
        .expect("case")
        .text()
        .await
        .expect("html");
    assert!(page.contains("Ik verhuis naar Zwolle."));
    let csrf = csrf_of(&page);

    let without_token = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&[("body", "Hoi"), ("kind", "reply"), ("csrf", "fout")])
        .send()
        .await
        .expect("post");
    assert_eq!(without_token.status(), 403);
    let cross_site = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .header("origin", "https://evil.example")
        .form(&[("body", "Hoi"), ("kind", "reply"), ("csrf", csrf.as_str())])
        .send()
        .await
        .expect("post");
    assert_eq!(cross_site.status(), 403, "cross-site posts are refused");

    let reply = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&[
            ("body", "Uw verhuizing is verwerkt."),
            ("kind", "reply"),
            ("status", "pending"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(reply.status(), 303);
    let update = client
        .post(app.url(&format!("/cases/{case}")))
        .form(&[
            ("status", "pending"),
            ("priority", "high"),
            ("assignee", ""),
            ("team", ""),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(update.status(), 303);

    let (_, timeline) = app
        .get(&format!(
            "/api/v1/customers/{}/timeline",
            contact["customer_id"]
        ))
        .await;
    assert_eq!(timeline["items"][0]["body"], "Uw verhuizing is verwerkt.");
    assert_eq!(timeline["items"][0]["author_name"], "Anna de Vries");
    let (_, row) = app.get(&format!("/api/v1/cases/{case}")).await;
    assert_eq!(
        (row["status"].as_str(), row["priority"].as_str()),
        (Some("pending"), Some("high"))
    );

    let customer_page = client
        .get(app.url(&format!("/customers/{}", contact["customer_id"])))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        customer_page.contains("Uw verhuizing is verwerkt.")
            && customer_page.contains("bram@example.nl")
    );
    let found = client
        .get(app.url("/customers?q=bram%40example.nl"))
        .send()
        .await
        .expect("search")
        .text()
        .await
        .expect("html");
    assert!(found.contains("Bram Smit"));
}

#[tokio::test]
async fn admins_manage_tokens_and_agents_while_agents_may_not() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/admin/tokens"))
        .send()
        .await
        .expect("tokens")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    let created = client
        .post(app.url("/admin/tokens"))
        .form(&[
            ("name", "CRM-koppeling"),
            ("role", "analyst"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("create")
        .text()
        .await
        .expect("html");
    let start = created
        .find("data-token>")
        .expect("the new token is shown once")
        + 11;
    let token = &created[start..start + created[start..].find('<').expect("end")];
    let works = app
        .client
        .get(app.url("/api/v1/cases"))
        .bearer_auth(token)
        .send()
        .await
        .expect("request");
    assert_eq!(works.status(), 200);

    let made = client
        .post(app.url("/admin/agents"))
        .form(&[
            ("name", "Lotte Mulder"),
            ("email", "lotte@polderstroom.nl"),
            ("role", "agent"),
            ("password", "nog-een-lang-wachtwoord"),
            ("team", ""),
            ("language", "en"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("create agent");
    assert_eq!(made.status(), 303);
    let agents = store::agents::list(&app.db).await.expect("agents");
    let lotte = agents
        .iter()
        .find(|a| a.email == "lotte@polderstroom.nl")
        .expect("created");
    assert_eq!(lotte.role, Role::Agent);

    let agent_client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    agent_client
        .post(app.url("/login"))
        .form(&[
            ("email", "lotte@polderstroom.nl"),
            ("password", "nog-een-lang-wachtwoord"),
        ])
        .send()
        .await
        .expect("login");
    let inbox = agent_client
        .get(app.url("/inbox"))
        .send()
        .await
        .expect("inbox");
    assert_eq!(inbox.status(), 200);
    assert!(
        inbox.text().await.expect("html").contains("Log out"),
        "Lotte's UI is in English"
    );
    let refused = agent_client
        .get(app.url("/admin/agents"))
        .send()
        .await
        .expect("admin");
    assert_eq!(refused.status(), 403);
}

#[tokio::test]
async fn admins_add_surveys_and_set_the_fatigue_policy_in_the_ui() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let page = client.get(app.url("/surveys")).send().await.expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Beleid tegen enquêtemoeheid"));
    let csrf = csrf_of(&html);

    let created = client
        .post(app.url("/surveys"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Na levering"),
            ("kind", "ces"),
            ("trigger", "order.delivered"),
            ("email", "on"),
            ("sms", "on"),
            ("delay_minutes", "30"),
            ("sample_pct", "50"),
        ])
        .send()
        .await
        .expect("create");
    assert_eq!(created.status(), 303);
    let (_, surveys) = app.get("/api/v1/surveys").await;
    let survey = &surveys["items"][0];
    assert_eq!(survey["touchpoint"], "delivery");
    assert_eq!(survey["channels"], json!(["email", "sms"]));
    assert_eq!(
        (
            survey["delay_seconds"].as_i64(),
            survey["sample_pct"].as_i64()
        ),
        (Some(1800), Some(50))
    );

    let refused = client
        .post(app.url("/surveys"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "X"),
            ("kind", "ces"),
            ("trigger", "order.delivered"),
            ("sample_pct", "500"),
            ("email", "on"),
        ])
        .send()
        .await
        .expect("create");
    assert!(
        refused.headers()["location"]
            .to_str()
            .unwrap_or("")
            .contains("invalid_input")
    );
    assert_eq!(app.count("surveys").await, 1);

    let saved = client
        .post(app.url("/surveys/fatigue"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("max_invitations", "1"),
            ("window_days", "45"),
            ("min_gap_days", "10"),
            ("nps_days", "120"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(saved.status(), 303);
    let (_, policy) = app.get("/api/v1/settings/survey-fatigue").await;
    assert_eq!(
        policy,
        json!({"max_invitations": 1, "window_days": 45, "min_gap_days": 10, "kind_min_days": {"nps": 120}})
    );

    let detail = client
        .get(app.url(&format!("/surveys/{}", survey["id"])))
        .send()
        .await
        .expect("page");
    assert_eq!(detail.status(), 200);
    assert!(
        detail
            .text()
            .await
            .expect("html")
            .contains("CES = gemiddelde van de beantwoorde 1–7-antwoorden"),
        "the formula is shown, in Dutch"
    );
}

#[tokio::test]
async fn the_thread_folds_quoted_history_and_lists_attachments() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let admin = app.token_for(Role::Admin).await;
    let inbox = app
        .client
        .post(app.url("/api/v1/inboxes"))
        .bearer_auth(&admin)
        .json(&json!({"kind": "email", "name": "Support"}))
        .send()
        .await
        .expect("inbox")
        .json::<serde_json::Value>()
        .await
        .expect("json");
    let raw = "From: Anna <anna@example.nl>\r\nSubject: Meterfoto\r\nMessage-ID: <foto-2@example.nl>\r\nMIME-Version: 1.0\r\n\
        Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nZie de foto.\r\n\r\n\
        Op 23 nov. 2026 schreef Polderstroom:\r\n> Kunt u een foto sturen?\r\n--b\r\nContent-Type: application/pdf\r\n\
        Content-Disposition: attachment; filename=\"meter.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b--\r\n";
    let (_, ingested) = app
        .post_hook(
            &format!("/hooks/email/{}", inbox["id"]),
            "message/rfc822",
            raw,
        )
        .await;
    let page = client
        .get(app.url(&format!("/cases/{}", ingested["case_id"])))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let quoted = page
        .find("<details class=\"quoted\">")
        .expect("the quote is folded");
    assert!(page[..quoted].contains("Zie de foto."));
    assert!(page[quoted..].contains("Kunt u een foto sturen?"));
    let link = page.find("/attachments/").expect("an attachment link");
    let href: String = page[link..].chars().take_while(|c| *c != '"').collect();
    let file = client.get(app.url(&href)).send().await.expect("download");
    assert_eq!(file.status(), 200);
    assert_eq!(file.bytes().await.expect("bytes").as_ref(), b"%PDF-");
}

/// The signed stamp of the public callback form, once a person would have filled it in.
pub(crate) async fn callback_form_stamp(app: &TestApp, client: &reqwest::Client) -> String {
    let stamp = shown_form_stamp(app, client).await;
    tokio::time::sleep(std::time::Duration::from_millis(3100)).await;
    stamp
}

/// The signed stamp of the public callback form as it is shown.
pub(crate) async fn shown_form_stamp(app: &TestApp, client: &reqwest::Client) -> String {
    let page = client
        .get(app.url("/callback"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    let start = page.find("name=\"stamp\" value=\"").expect("a stamp") + 20;
    page[start..].chars().take_while(|c| *c != '"').collect()
}

#[tokio::test]
async fn customers_ask_for_a_callback_and_agents_work_the_list() {
    let app = TestApp::spawn().await;
    let public = reqwest::Client::new();
    // The form takes a local time in Amsterdam, and refuses one in the past.
    let tomorrow = (chrono::Utc::now() + chrono::Duration::days(1))
        .with_timezone(&chrono_tz::Europe::Amsterdam)
        .format("%Y-%m-%dT%H:%M")
        .to_string();
    let stamp = callback_form_stamp(&app, &public).await;
    let form = |phone: &'static str, website: &'static str| {
        [
            ("name", "Fatima"),
            ("phone", phone),
            ("when", tomorrow.as_str()),
            ("reason", "Vraag over mijn factuur"),
            ("website", website),
            ("stamp", stamp.as_str()),
        ]
    };
    let asked = public
        .post(app.url("/callback"))
        .form(&form("06 12345678", ""))
        .send()
        .await
        .expect("request");
    assert_eq!(asked.status(), 200);
    assert!(
        asked
            .text()
            .await
            .expect("html")
            .contains("We bellen u terug vóór")
    );
    let bad = public
        .post(app.url("/callback"))
        .form(&form("geen nummer", ""))
        .send()
        .await
        .expect("request");
    assert_eq!(bad.status(), 422);
    let far_ahead = [
        ("phone", "06 11112222"),
        ("when", "9999-12-31T10:30"),
        ("website", ""),
        ("stamp", stamp.as_str()),
    ];
    let far = public
        .post(app.url("/callback"))
        .form(&far_ahead)
        .send()
        .await
        .expect("request");
    assert_eq!(far.status(), 422, "a callback in the year 9999 is refused");
    let robot = public
        .post(app.url("/callback"))
        .form(&form("06 87654321", "http://spam.example"))
        .send()
        .await
        .expect("request");
    assert_eq!(robot.status(), 200);
    assert_eq!(
        app.count("callbacks").await,
        1,
        "one real request; the robot, the typo and the year 9999 stored nothing"
    );
    let (_, callers) = app.get("/api/v1/customers?phone=%2B31612345678").await;
    assert_eq!(
        callers["items"][0]["name"], "Fatima",
        "a new caller keeps her name"
    );
    let (_, known) = app
        .post(
            "/api/v1/customers",
            &serde_json::json!({"name": "Piet Smit", "phone": "06 55554444"}),
        )
        .await;
    let asked = public
        .post(app.url("/callback?lang=en"))
        .form(&form("06 55554444", ""))
        .send()
        .await
        .expect("request");
    assert!(
        asked
            .text()
            .await
            .expect("html")
            .contains("We will call you back before"),
        "?lang=en is followed"
    );
    let (_, piet) = app.get(&format!("/api/v1/customers/{}", known["id"])).await;
    assert_eq!(piet["name"], "Piet Smit", "a known customer keeps his name");
    let english = public
        .get(app.url("/callback?lang=en"))
        .send()
        .await
        .expect("form")
        .text()
        .await
        .expect("html");
    assert!(
        english.contains("Leave your number") && english.contains("action=\"/callback?lang=en\"")
    );

    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/callbacks"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("+31612345678") && page.contains("Fatima: Vraag over mijn factuur"),
        "{page}"
    );
    assert!(page.contains(">Webformulier<"), "the source is shown");
    let csrf = csrf_of(&page);
    let (_, queue) = app.get("/api/v1/callbacks").await;
    let id = queue["items"]
        .as_array()
        .expect("items")
        .iter()
        .find(|c| c["phone"] == "+31612345678")
        .and_then(|c| c["id"].as_i64())
        .expect("Fatima's callback");
    for outcome in ["no_answer", "reached"] {
        let recorded = client
            .post(app.url(&format!("/callbacks/{id}/attempts")))
            .form(&[("csrf", csrf.as_str()), ("outcome", outcome)])
            .send()
            .await
            .expect("attempt");
        assert_eq!(recorded.status(), 303);
    }
    let (_, callback) = app.get(&format!("/api/v1/callbacks/{id}")).await;
    assert_eq!(
        (callback["status"].as_str(), callback["attempts"].as_i64()),
        (Some("completed"), Some(2))
    );
    let wrong = client
        .post(app.url(&format!("/callbacks/{id}/attempts")))
        .form(&[("csrf", csrf.as_str()), ("outcome", "exploded")])
        .send()
        .await
        .expect("attempt");
    assert!(
        wrong.headers()["location"]
            .to_str()
            .unwrap_or("")
            .contains("invalid_input")
    );
}

#[tokio::test]
async fn admins_add_inboxes_in_the_ui_with_secrets_kept_hidden() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/admin/inboxes"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    let post = |kind: &'static str, settings: &'static str| {
        client
            .post(app.url("/admin/inboxes"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("kind", kind),
                ("name", "Sms-lijn"),
                ("settings", settings),
            ])
            .send()
    };
    let bad_json = post("sms", "{not json").await.expect("post");
    assert!(
        bad_json.headers()["location"]
            .to_str()
            .unwrap_or("")
            .contains("invalid_input")
    );
    let incomplete = post("sms", r#"{"provider": "twilio"}"#)
        .await
        .expect("post");
    assert!(
        incomplete.headers()["location"]
            .to_str()
            .unwrap_or("")
            .contains("invalid_input")
    );
    assert_eq!(app.count("inboxes").await, 0);
    let created = post(
        "sms",
        r#"{"provider": "twilio", "account_sid": "AC123", "auth_token": "geheim-token", "from": "+3197010203040"}"#,
    )
    .await
    .expect("post");
    assert!(
        created.headers()["location"]
            .to_str()
            .unwrap_or("")
            .contains("inbox_created")
    );
    let page = client
        .get(app.url("/admin/inboxes"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("/hooks/sms/1"),
        "the webhook to give the provider"
    );
    assert!(
        !page.contains("geheim-token") && page.contains("********"),
        "the token is not shown again"
    );
    let off = client
        .post(app.url("/admin/inboxes/1/active"))
        .form(&[("csrf", csrf.as_str()), ("active", "false")])
        .send()
        .await
        .expect("post");
    assert_eq!(off.status(), 303);
    let active: bool = match &app.db {
        store::Db::Sqlite(pool) => {
            sqlx::query_scalar("SELECT active FROM inboxes")
                .fetch_one(pool)
                .await
        }
        store::Db::Postgres(pool) => {
            sqlx::query_scalar("SELECT active FROM inboxes")
                .fetch_one(pool)
                .await
        }
    }
    .expect("active");
    assert!(!active);
}

#[tokio::test]
async fn an_open_case_hears_of_new_messages_over_server_sent_events() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Anna", "email": "anna@example.nl"}),
        )
        .await;
    let (_, case) = app
        .post("/api/v1/cases", &json!({"customer_id": customer["id"], "channel": "email", "subject": "Storing", "message": "Geen stroom"}))
        .await;
    let (_, other) = app
        .post("/api/v1/cases", &json!({"customer_id": customer["id"], "channel": "chat", "subject": "Anders", "message": "Andere vraag"}))
        .await;
    let mut live = client
        .get(app.url(&format!("/cases/{}/live", case["id"])))
        .send()
        .await
        .expect("stream");
    assert_eq!(live.status(), 200);
    assert_eq!(live.headers()["content-type"], "text/event-stream");
    // Give the stream a moment to subscribe before anything happens.
    tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    app.post(
        &format!("/api/v1/cases/{}/messages", other["id"]),
        &json!({"body": "Elders", "kind": "note"}),
    )
    .await;
    let quiet = tokio::time::timeout(std::time::Duration::from_millis(1500), live.chunk()).await;
    assert!(
        quiet.is_err(),
        "another case's message is not this case's news: {quiet:?}"
    );
    app.post(
        &format!("/api/v1/cases/{}/messages", case["id"]),
        &json!({"body": "We kijken ernaar", "kind": "reply"}),
    )
    .await;
    let mut received = String::new();
    while !received.contains("event: case") {
        let chunk = tokio::time::timeout(std::time::Duration::from_secs(10), live.chunk())
            .await
            .expect("an event within ten seconds")
            .expect("chunk")
            .expect("stream open");
        received.push_str(&String::from_utf8_lossy(&chunk));
    }
    assert!(received.contains("data: interaction."), "{received}");
}

#[tokio::test]
async fn the_dashboard_shows_every_kpi_with_n_and_drills_down_to_the_facts() {
    let (app, _dir) = crate::metrics::imported_app().await;
    crate::metrics::rows_when(&app, "/api/v1/metrics/csat", |rows| !rows.is_empty()).await;
    let client = logged_in(&app).await;
    let period = "from=2025-01-01&to=2025-02-28";
    let page = client
        .get(app.url(&format!("/dashboard?{period}")))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    for words in [
        "Snelheid",
        "Doeltreffendheid",
        "Vriendelijkheid",
        "Bereikbaarheid",
        "Contacten per weekdag en uur",
    ] {
        assert!(html.contains(words), "{words}");
    }
    // CSAT over the period: r5 (5), r6 (4), r7 (2): 66.7 % of 3.
    assert!(
        html.contains("66,7 %") && html.contains("n = 3"),
        "the CSAT tile"
    );
    assert!(
        html.contains("met een 4 of 5 (top-2)"),
        "the formula goes with the figure, in Dutch"
    );
    // By channel, CSAT on email is r5 and r7: 50 % of 2; its cell opens those two responses.
    let link = format!(
        "/dashboard/drill?metric=csat&#38;{}&#38;dim=channel&#38;value=email",
        period.replace('&', "&#38;")
    );
    assert!(html.contains(&link), "a drill-down link per cell");
    assert!(html.contains("50,0 % (n=2)"));
    let drill = client
        .get(app.url(&format!(
            "/dashboard/drill?metric=csat&{period}&dim=channel&value=email"
        )))
        .send()
        .await
        .expect("drill")
        .text()
        .await
        .expect("html");
    assert!(drill.contains("n = 2"), "{drill}");
    assert_eq!(
        drill.matches("<tr><td>").count(),
        2,
        "the two responses behind the figure"
    );
    let cases = client
        .get(app.url(&format!(
            "/dashboard/drill?metric=ttr&{period}&dim=channel&value=email"
        )))
        .send()
        .await
        .expect("drill")
        .text()
        .await
        .expect("html");
    assert!(
        cases.contains("n = 3") && cases.contains("Imported case t3"),
        "the three resolved email cases"
    );
    let bad = client
        .get(app.url("/dashboard/drill?metric=csat&dim=colour&value=red"))
        .send()
        .await
        .expect("drill");
    assert_eq!(bad.status(), 400);
    let csv = client
        .get(app.url(&format!(
            "/dashboard/export?metric=csat&group_by=channel&{period}"
        )))
        .send()
        .await
        .expect("csv");
    assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
    let text = csv.text().await.expect("text");
    assert!(
        text.starts_with("channel,csat,mean,n,anonymous\n") && text.contains("email,50,3.5,2,0"),
        "{text}"
    );
}
