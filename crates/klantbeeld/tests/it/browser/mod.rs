//! A real browser: headless Chromium through chromedriver. Runs when `KLANTBEELD_BROWSER_TESTS=1`
//! (scripts/test.sh sets it and starts chromedriver at `KLANTBEELD_WEBDRIVER_URL`).

use std::time::Duration;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::helpers::TestApp;

mod live_inbox;
mod widths;
mod writing;

async fn browser() -> Option<Client> {
    if std::env::var("KLANTBEELD_BROWSER_TESTS").as_deref() != Ok("1") {
        eprintln!("browser test skipped: set KLANTBEELD_BROWSER_TESTS=1 (scripts/test.sh does)");
        return None;
    }
    let webdriver = std::env::var("KLANTBEELD_WEBDRIVER_URL")
        .expect("KLANTBEELD_WEBDRIVER_URL with KLANTBEELD_BROWSER_TESTS=1");
    let chromium =
        std::env::var("KLANTBEELD_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    // Two TLS backends are linked in; fantoccini needs one chosen for the process.
    let _ = rustls::crypto::ring::default_provider().install_default();
    let profile = tempfile::tempdir().expect("profile dir").keep();
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        json!({"binary": chromium, "args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", "--window-size=1280,900", format!("--user-data-dir={}", profile.display())
        ]}),
    );
    Some(
        ClientBuilder::rustls()
            .expect("TLS roots")
            .capabilities(caps)
            .connect(&webdriver)
            .await
            .expect("connect to chromedriver"),
    )
}

/// Logs Anna (an admin) in through the login form; the inbox shows.
async fn log_in(browser: &Client, app: &TestApp) {
    app.admin_agent("anna@polderstroom.nl", "een-lang-wachtwoord")
        .await;
    browser.goto(&app.url("/inbox")).await.expect("open");
    browser
        .find(Locator::Css("input[name=email]"))
        .await
        .expect("email field")
        .send_keys("anna@polderstroom.nl")
        .await
        .expect("type");
    browser
        .find(Locator::Css("input[name=password]"))
        .await
        .expect("password field")
        .send_keys("een-lang-wachtwoord")
        .await
        .expect("type");
    browser
        .find(Locator::Css("form[action='/login'] button"))
        .await
        .expect("button")
        .click()
        .await
        .expect("click");

    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("table.cases"))
        .await
        .expect("the inbox after login");
}

#[tokio::test]
async fn an_agent_logs_in_replies_and_sees_the_reply_on_the_timeline() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (_, contact) = app
        .post("/api/v1/interactions", &json!({"channel": "chat", "from": {"email": "sara@example.nl", "name": "Sara Peters"}, "body": "Mijn slimme meter geeft geen standen door."}))
        .await;
    let case = contact["case_id"].as_i64().expect("case");

    log_in(&browser, &app).await;
    browser
        .find(Locator::LinkText(
            "Mijn slimme meter geeft geen standen door.",
        ))
        .await
        .expect("case in inbox")
        .click()
        .await
        .expect("open case");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("textarea[name=body]"))
        .await
        .expect("case page");
    assert!(
        browser
            .current_url()
            .await
            .expect("url")
            .path()
            .ends_with(&format!("/cases/{case}"))
    );
    browser
        .find(Locator::Css("textarea[name=body]"))
        .await
        .expect("reply box")
        .send_keys("We sturen een monteur langs.")
        .await
        .expect("type");
    browser
        .find(Locator::Css("form.reply button[type=submit]"))
        .await
        .expect("send")
        .click()
        .await
        .expect("send");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("confirmation");

    browser
        .find(Locator::LinkText("Sara Peters"))
        .await
        .expect("customer link")
        .click()
        .await
        .expect("open customer");
    let reply = browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::XPath(
            "//article[contains(@class,'d-outbound')]//div[@class='body']",
        ))
        .await
        .expect("reply on the timeline");
    assert_eq!(
        reply.text().await.expect("text"),
        "We sturen een monteur langs."
    );
    browser.close().await.expect("close browser");
}

/// Serves a shop's web page with our widget on it, from another origin than Klantbeeld's.
async fn shop_page(app: &TestApp, inbox: i64) -> String {
    shop_site(&format!(
        r#"<script src="{}/widget.js" data-inbox="{inbox}" data-lang="nl" defer></script>"#,
        app.base
    ))
    .await
}

/// A plain web page with `snippet` in it, on its own port of 127.0.0.1 (so another origin).
async fn shop_site(snippet: &str) -> String {
    let html = format!(
        r#"<!doctype html><html lang="nl"><head><title>Polderstroom</title></head><body><h1>Welkom</h1>
        {snippet}</body></html>"#
    );
    let site = axum::Router::new().route(
        "/",
        axum::routing::get(move || async move { axum::response::Html(html) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, site).await.expect("site serves") });
    url
}

/// The snippet exactly as the inbox admin page shows it, pasted into another site, loads the
/// widget from the public URL, and a visitor's message reaches the server over its WebSocket.
#[tokio::test]
async fn the_snippet_from_the_admin_page_works_on_another_origin() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn_public().await;
    let admin = app.token_for(domain::Role::Admin).await;
    let created = app
        .client
        .post(app.url("/api/v1/inboxes"))
        .bearer_auth(&admin)
        .json(&json!({"kind": "chat", "name": "Website"}))
        .send()
        .await
        .expect("inbox");
    assert_eq!(created.status(), 201);
    // The inbox shows its table once it has a case.
    let (status, _) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "sara@example.nl"}, "body": "Hallo"}),
        )
        .await;
    assert_eq!(status, 201);
    log_in(&browser, &app).await;
    browser
        .goto(&app.url("/admin/inboxes"))
        .await
        .expect("inbox admin");
    let snippet = browser
        .find(Locator::Css("code[data-connect]"))
        .await
        .expect("the snippet")
        .text()
        .await
        .expect("its text");
    assert!(
        snippet.starts_with(&format!(r#"<script src="{}/widget.js""#, app.base)),
        "{snippet}"
    );
    let shop = shop_site(&snippet).await;
    let origin = |u: &str| reqwest::Url::parse(u).expect("url").origin();
    assert_ne!(
        origin(&shop),
        origin(&app.base),
        "the shop is another origin"
    );
    browser.goto(&shop).await.expect("open the shop");
    let wait = || browser.wait().at_most(Duration::from_secs(10));
    wait()
        .for_element(Locator::Css(".kb-chat button[aria-expanded]"))
        .await
        .expect("the widget loads from the public URL")
        .click()
        .await
        .expect("open it");
    wait()
        .for_element(Locator::Css(".kb-chat form input[type=text]"))
        .await
        .expect("message box")
        .send_keys("Werkt de chat op onze eigen site?")
        .await
        .expect("type");
    browser
        .find(Locator::Css(".kb-chat form button[type=submit]"))
        .await
        .expect("send")
        .click()
        .await
        .expect("send");
    let case = crate::helpers::eventually("the message to reach the server", || async {
        let (_, cases) = app.get("/api/v1/cases?channel=chat").await;
        cases["items"][0]["id"].as_i64()
    })
    .await;
    let (_, case) = app.get(&format!("/api/v1/cases/{case}")).await;
    assert!(
        case.to_string()
            .contains("Werkt de chat op onze eigen site?"),
        "{case}"
    );
    browser.close().await.expect("close browser");
}

#[tokio::test]
async fn a_visitor_chats_in_the_widget_gets_the_reply_live_and_answers_the_survey() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let admin = app.token_for(domain::Role::Admin).await;
    let create = |path: &'static str, body: serde_json::Value| {
        app.client
            .post(app.url(path))
            .bearer_auth(&admin)
            .json(&body)
            .send()
    };
    let inbox: serde_json::Value = create(
        "/api/v1/inboxes",
        json!({"kind": "chat", "name": "Website"}),
    )
    .await
    .expect("inbox")
    .json()
    .await
    .expect("json");
    create("/api/v1/surveys", json!({"kind": "csat", "name": "Chat", "trigger": {"event": "case.resolved"}, "channels": ["chat"]}))
        .await
        .expect("survey");
    app.client
        .put(app.url("/api/v1/settings/organisation"))
        .bearer_auth(&admin)
        .json(&json!({"name": "Polderstroom", "language": "nl"}))
        .send()
        .await
        .expect("name the organisation");
    browser
        .goto(&shop_page(&app, inbox["id"].as_i64().expect("id")).await)
        .await
        .expect("open the shop");
    let wait = || browser.wait().at_most(Duration::from_secs(10));
    wait()
        .for_element(Locator::Css(".kb-chat button[aria-expanded]"))
        .await
        .expect("the widget")
        .click()
        .await
        .expect("open it");
    let input = wait()
        .for_element(Locator::Css(".kb-chat form input[type=text]"))
        .await
        .expect("message box");
    input
        .send_keys("Mijn meter staat stil")
        .await
        .expect("type");
    browser
        .find(Locator::Css(".kb-chat form button[type=submit]"))
        .await
        .expect("send")
        .click()
        .await
        .expect("send");

    let header = wait()
        .for_element(Locator::Css(".kb-chat .kb-head h2"))
        .await
        .expect("the widget's header");
    crate::helpers::eventually("the organisation's name in the header", || async {
        let text = header.text().await.ok()?;
        (text == "Polderstroom").then_some(())
    })
    .await;

    let case = crate::helpers::eventually("the chat to reach an agent", || async {
        let (_, cases) = app.get("/api/v1/cases?channel=chat").await;
        cases["items"][0]["id"].as_i64()
    })
    .await;
    let (status, _) = app
        .post(&format!("/api/v1/cases/{case}/typing"), &json!({}))
        .await;
    assert_eq!(status, 204);
    wait()
        .for_element(Locator::XPath(
            "//p[contains(@class,'kb-typing')][contains(., 'Medewerker typt')]",
        ))
        .await
        .expect("the visitor sees the agent typing");
    let (status, _) = app
        .post(
            &format!("/api/v1/cases/{case}/messages"),
            &json!({"body": "Ik kijk even mee."}),
        )
        .await;
    assert_eq!(status, 201);
    let reply = wait()
        .for_element(Locator::XPath(
            "//div[contains(@class,'kb-chat')]//li[contains(., 'Ik kijk even mee.')]",
        ))
        .await
        .expect("the agent's reply, live in the widget");
    let meta = reply
        .find(Locator::Css(".kb-meta"))
        .await
        .expect("who and when")
        .text()
        .await
        .expect("text");
    assert!(
        meta.len() >= 5 && meta[meta.len() - 5..].chars().nth(2) == Some(':'),
        "the reply says when it was sent: {meta}"
    );
    let typing = browser
        .find(Locator::Css(".kb-chat .kb-typing"))
        .await
        .expect("typing line")
        .text()
        .await
        .expect("text");
    assert!(typing.is_empty(), "the reply ends 'typing…': {typing}");

    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{case}"),
            &json!({"status": "resolved"}),
        )
        .await;
    assert_eq!(status, 200);
    wait()
        .for_element(Locator::Css(".kb-chat button[data-score='4']"))
        .await
        .expect("the survey")
        .click()
        .await
        .expect("answer 4");
    let answered = crate::helpers::eventually("the answer to be recorded", || async {
        let (_, listed) = app
            .get(&format!("/api/v1/survey-invitations?case_id={case}"))
            .await;
        listed["items"][0]["score"].as_i64()
    })
    .await;
    assert_eq!(answered, 4);
    browser.close().await.expect("close browser");
}

#[tokio::test]
async fn the_dashboard_draws_its_charts_drills_down_and_updates_live() {
    let Some(browser) = browser().await else {
        return;
    };
    let (app, _dir) = crate::metrics::imported_app().await;
    crate::metrics::rows_when(&app, "/api/v1/metrics/csat", |rows| !rows.is_empty()).await;
    log_in(&browser, &app).await;
    let wait = || browser.wait().at_most(Duration::from_secs(10));

    browser
        .goto(&app.url("/dashboard?from=2025-01-01&to=2025-06-30"))
        .await
        .expect("open");
    wait()
        .for_element(Locator::Css("[data-chart=trends] .uplot"))
        .await
        .expect("the trend chart, drawn by uPlot");
    wait()
        .for_element(Locator::XPath(
            "//table[@data-breakdown='channel']//tr[th='E-mail']/td[1]/a",
        ))
        .await
        .expect("CSAT for email")
        .click()
        .await
        .expect("drill down");
    let count = wait()
        .for_element(Locator::Css("[data-drill-count]"))
        .await
        .expect("the facts behind the figure");
    assert_eq!(count.text().await.expect("text"), "n = 2");
    let rows = browser
        .find_all(Locator::Css("table[data-drill=responses] tbody tr"))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 2);

    // The last 30 days have no cases yet; one arriving shows up without a reload.
    browser.goto(&app.url("/dashboard")).await.expect("open");
    wait()
        .for_element(Locator::Css("[data-dashboard-live]"))
        .await
        .expect("dashboard");
    tokio::time::sleep(Duration::from_millis(500)).await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Live", "email": "live@example.nl"}),
        )
        .await;
    let (status, _) = app
        .post("/api/v1/cases", &json!({"customer_id": customer["id"], "channel": "whatsapp", "subject": "Nu", "message": "Hallo"}))
        .await;
    assert_eq!(status, 201);
    wait()
        .for_element(Locator::XPath(
            "//table[@data-breakdown='channel']//th[.='WhatsApp']",
        ))
        .await
        .expect("the new case's channel in the breakdown, live");
    browser.close().await.expect("close browser");
}

/// The elements of the open page that stick out past the window's right edge (sideways
/// scrolling on a phone); empty when it fits.
async fn too_wide(browser: &Client) -> String {
    browser
        .execute(
            "return Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + '.' + e.className).slice(0, 10).join(', ');",
            vec![],
        )
        .await
        .expect("measure")
        .as_str()
        .expect("text")
        .to_string()
}

/// On a 390 px phone an admin adds an agent without a password (the setup link is shown once),
/// gives them a team and English, and resets the password; no page scrolls sideways.
#[tokio::test]
async fn an_admin_manages_agents_on_a_phone() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (status, _) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "sara@example.nl"}, "body": "Hallo"}),
        )
        .await;
    assert_eq!(status, 201);
    log_in(&browser, &app).await;
    browser.set_window_size(390, 844).await.expect("phone size");
    browser.goto(&app.url("/admin/teams")).await.expect("teams");
    browser
        .find(Locator::Css("form[action='/admin/teams'] input[name=name]"))
        .await
        .expect("team name")
        .send_keys("Storingen")
        .await
        .expect("type");
    browser
        .find(Locator::Css("form[action='/admin/teams'] button"))
        .await
        .expect("create")
        .click()
        .await
        .expect("click");
    let wait = || browser.wait().at_most(Duration::from_secs(10));
    wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("team created");
    assert_eq!(too_wide(&browser).await, "", "teams fits 390 px");

    browser
        .goto(&app.url("/admin/agents"))
        .await
        .expect("agents");
    for (field, text) in [("name", "Lotte Mulder"), ("email", "lotte@polderstroom.nl")] {
        browser
            .find(Locator::Css(&format!(
                "form[action='/admin/agents'] input[name={field}]"
            )))
            .await
            .expect("field")
            .send_keys(text)
            .await
            .expect("type");
    }
    browser
        .find(Locator::Css("form[action='/admin/agents'] button"))
        .await
        .expect("create")
        .click()
        .await
        .expect("click");
    let link = wait()
        .for_element(Locator::Css("code[data-setup-link]"))
        .await
        .expect("the setup link, once")
        .text()
        .await
        .expect("text");
    assert!(link.starts_with(&format!("{}/setup/", app.base)), "{link}");
    assert_eq!(too_wide(&browser).await, "", "agents fits 390 px");

    browser
        .find(Locator::LinkText("Lotte Mulder"))
        .await
        .expect("Lotte in the list")
        .click()
        .await
        .expect("open");
    wait()
        .for_element(Locator::Css("input[name=team]"))
        .await
        .expect("team box")
        .click()
        .await
        .expect("check");
    browser
        .find(Locator::Css("select[name=language] option[value=en]"))
        .await
        .expect("English")
        .click()
        .await
        .expect("choose");
    assert_eq!(too_wide(&browser).await, "", "agent page fits 390 px");
    browser
        .find(Locator::Css("form.stack button[type=submit]"))
        .await
        .expect("save")
        .click()
        .await
        .expect("save");
    wait()
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("saved");
    let lotte = store::agents::find_by_email(&app.db, "lotte@polderstroom.nl")
        .await
        .expect("lookup")
        .expect("Lotte");
    assert_eq!(
        (lotte.language.as_str(), lotte.teams.as_deref()),
        ("en", Some("Storingen"))
    );
    browser
        .find(Locator::Css("form[action$='/reset'] button"))
        .await
        .expect("reset")
        .click()
        .await
        .expect("reset");
    let new_link = wait()
        .for_element(Locator::Css("code[data-setup-link]"))
        .await
        .expect("a new link, once")
        .text()
        .await
        .expect("text");
    assert_ne!(new_link, link);
    browser.close().await.expect("close browser");
}
