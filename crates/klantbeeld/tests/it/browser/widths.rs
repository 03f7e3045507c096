//! No page scrolls sideways: every agent, admin and public page at a 390 and a 360 px phone
//! (public pages also at a 1280 px desktop), with data in every table.

use std::time::Duration;

use chrono::{Days, Utc};
use fantoccini::{Client, Locator};
use serde_json::{Value, json};

use super::{browser, log_in, shop_page, too_wide};
use crate::helpers::{TestApp, eventually};

const PHONES: [u32; 2] = [390, 360];
const DESKTOP: u32 = 1280;

/// Where `url` scrolls sideways at the window's width: the page, its width and what sticks
/// out; `None` when it fits.
async fn overflow(browser: &Client, url: &str) -> Option<String> {
    browser.goto(url).await.expect("open");
    // Scripts (the dashboard's charts) draw after the load event.
    tokio::time::sleep(Duration::from_millis(150)).await;
    overflow_here(browser, url).await
}

async fn overflow_here(browser: &Client, what: &str) -> Option<String> {
    let measured = browser
        .execute(
            "return [document.documentElement.scrollWidth, window.innerWidth];",
            vec![],
        )
        .await
        .expect("measure");
    let width = |i: usize| measured[i].as_i64().expect("a width");
    let (scroll, window) = (width(0), width(1));
    (scroll > window).then(|| format!("{what}: {scroll} px wide in a {window} px window"))
}

async fn resize(browser: &Client, width: u32) {
    browser.set_window_size(width, 844).await.expect("resize");
}

/// Fails naming every page that did not fit, with what sticks out of it.
async fn check(browser: &Client, pages: &[String], widths: &[u32], failures: &mut Vec<String>) {
    for &width in widths {
        resize(browser, width).await;
        for page in pages {
            if let Some(wide) = overflow(browser, page).await {
                failures.push(format!("{wide} ({})", too_wide(browser).await));
            }
        }
    }
}

async fn admin_post(app: &TestApp, token: &str, path: &str, body: Value) -> Value {
    let response = app
        .client
        .post(app.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .expect("request");
    assert!(
        response.status().is_success(),
        "{path}: {}",
        response.status()
    );
    response.json().await.expect("json")
}

struct Filled {
    survey: i64,
    case: i64,
    customer: i64,
    inbox: i64,
    /// The token of an invitation not answered yet.
    token: String,
}

/// What every list shows something of: cases on several channels with long subjects, a
/// customer, a callback, a chat inbox, a survey with an answer.
async fn fill(app: &TestApp) -> Filled {
    let admin = app.token_for(domain::Role::Admin).await;
    let inbox = admin_post(
        app,
        &admin,
        "/api/v1/inboxes",
        json!({"kind": "chat", "name": "Website"}),
    )
    .await;
    // An email inbox, so the inbox page shows a signature form.
    admin_post(
        app,
        &admin,
        "/api/v1/inboxes",
        json!({"kind": "email", "name": "Klantenservice Polderstroom Energie", "settings": {"address": "klantenservice@voorbeeld-energie.nl"}}),
    )
    .await;
    let survey = admin_post(
        app,
        &admin,
        "/api/v1/surveys",
        json!({"kind": "csat", "name": "Tevredenheid na verlenging van het contract", "trigger": {"event": "subscription.renewed"},
               "channels": ["email"], "delay_seconds": 3600,
               "questions": [{"id": "why", "type": "text", "label": {"nl": "Waarom?", "en": "Why?"}},
                              {"id": "contact", "type": "choice", "label": {"nl": "Hoe wilt u contact?", "en": "How may we contact you?"},
                               "options": [{"nl": "Per e-mail, op het adres dat bij ons bekend is", "en": "By email"}, {"nl": "Telefoon", "en": "Phone"}]}]}),
    )
    .await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sara Peters-van den Heuvel", "email": "sara.peters-vandenheuvel@voorbeeld-energie.nl", "phone": "+31612345678"}),
        )
        .await;
    let customer = customer["id"].as_i64().expect("customer");
    let mut case = 0;
    for (channel, body) in [
        (
            "email",
            "Mijn slimme meter geeft al drie weken geen standen meer door aan het portaal",
        ),
        (
            "chat",
            "Kan ik mijn termijnbedrag aanpassen nu de energieprijzen zijn gedaald?",
        ),
        ("whatsapp", "Storing"),
    ] {
        let (status, contact) = app
            .post(
                "/api/v1/interactions",
                &json!({"channel": channel, "from": {"email": "sara.peters-vandenheuvel@voorbeeld-energie.nl"},
                        "subject": body, "body": body}),
            )
            .await;
        assert_eq!(status, 201, "{contact}");
        case = contact["case_id"].as_i64().expect("case");
    }
    let tomorrow = Utc::now() + Days::new(1);
    let (status, callback) = app
        .post(
            "/api/v1/callbacks",
            &json!({"customer_id": customer, "phone": "+31612345678", "reason": "Wil graag uitleg over de jaarafrekening van 2026", "preferred_time": tomorrow}),
        )
        .await;
    assert_eq!(status, 201, "{callback}");
    // Two invitations: one answered (results to show), one left open for its page.
    let mut tokens = Vec::new();
    for name in ["Anna de Vries", "Pieter Jansen"] {
        let (_, other) = app
            .post(
                "/api/v1/customers",
                &json!({"name": name, "email": format!("{}@example.nl", name.replace(' ', "."))}),
            )
            .await;
        let id = other["id"].as_i64().expect("customer");
        app.post(
            "/api/v1/events",
            &json!({"kind": "subscription.renewed", "customer_id": id}),
        )
        .await;
        let token = eventually("the invitation", || async {
            let filter = store::surveys::invitations::InvitationFilter::default();
            store::surveys::invitations::list(&app.db, &filter)
                .await
                .expect("list")
                .into_iter()
                .find(|i| i.customer_id == id)
                .map(|i| i.token)
        })
        .await;
        tokens.push(token);
    }
    let answered = app
        .client
        .post(app.url(&format!("/s/{}", tokens[0])))
        .form(&[
            ("score", "4"),
            ("q_why", "Snel geholpen door een vriendelijke medewerker"),
        ])
        .send()
        .await
        .expect("answer");
    assert!(answered.status().is_success(), "{}", answered.status());
    Filled {
        survey: survey["id"].as_i64().expect("survey"),
        case,
        customer,
        inbox: inbox["id"].as_i64().expect("inbox"),
        token: tokens.remove(1),
    }
}

/// The inbox with every case ticked and the save-view form open, then the bulk change's
/// confirmation page.
async fn bulk_pages(browser: &Client, app: &TestApp, failures: &mut Vec<String>) {
    browser.goto(&app.url("/inbox")).await.expect("open");
    browser
        .execute(
            "document.querySelectorAll('input[name=case]').forEach(function (b) { b.checked = true; });\
             document.querySelector('details.save-view').open = true;\
             var form = document.querySelector('[data-bulk]');\
             form.querySelector('select[name=action]').value = 'tag';\
             form.querySelector('input[name=tag]').value = 'terugbellen-na-de-jaarafrekening';",
            vec![],
        )
        .await
        .expect("tick every case");
    if let Some(wide) = overflow_here(browser, "the inbox with every case ticked").await {
        failures.push(format!("{wide} ({})", too_wide(browser).await));
    }
    browser
        .find(Locator::Css("[data-bulk] button[type=submit]"))
        .await
        .expect("the bulk button")
        .click()
        .await
        .expect("continue");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("ul.bulk-list"))
        .await
        .expect("the confirmation page");
    if let Some(wide) = overflow_here(browser, "the bulk confirmation").await {
        failures.push(format!("{wide} ({})", too_wide(browser).await));
    }
}

#[tokio::test]
async fn no_page_scrolls_sideways_on_a_phone_or_a_desktop() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let Filled {
        survey,
        case,
        customer,
        inbox,
        token,
    } = fill(&app).await;
    let mut failures = Vec::new();

    // The public pages, before anyone logs in.
    let public: Vec<String> = [
        "/login".to_string(),
        "/callback".to_string(),
        format!("/s/{token}"),
        format!("/s/{token}?score=5"),
        format!("/s/{token}/opt-out"),
        format!("/s/open/{survey}"),
        "/s/no-such-token".to_string(),
        "/geen/pagina".to_string(),
    ]
    .iter()
    .map(|path| app.url(path))
    .collect();
    check(&browser, &public, &[390, 360, DESKTOP], &mut failures).await;
    // The chat widget, open, on a shop's page.
    let shop = shop_page(&app, inbox).await;
    for width in [390, 360, DESKTOP] {
        resize(&browser, width).await;
        browser.goto(&shop).await.expect("shop");
        browser
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".kb-chat button[aria-expanded]"))
            .await
            .expect("the widget")
            .click()
            .await
            .expect("open it");
        browser
            .wait()
            .at_most(Duration::from_secs(10))
            .for_element(Locator::Css(".kb-chat form input[type=text]"))
            .await
            .expect("the open widget");
        if let Some(wide) = overflow_here(&browser, "the open chat widget").await {
            failures.push(format!("{wide} ({})", too_wide(&browser).await));
        }
    }

    resize(&browser, DESKTOP).await;
    log_in(&browser, &app).await;
    let anna = store::agents::find_by_email(&app.db, "anna@polderstroom.nl")
        .await
        .expect("lookup")
        .expect("Anna")
        .id;
    // The facts behind the dashboard arrive from the event log.
    eventually("the answer in the fact store", || async {
        let (_, rows) = app.get("/api/v1/metrics/csat").await;
        rows["rows"]
            .as_array()
            .filter(|r| !r.is_empty())
            .map(|_| ())
    })
    .await;
    // And the search index's, from the log too.
    eventually("the cases in the search index", || async {
        let (_, found) = app.get("/api/v1/search?q=storing").await;
        (found["total"].as_u64() > Some(0)).then_some(())
    })
    .await;
    // A saved view with a long name, so the inbox lists views too.
    store::saved_views::create(
        &app.db,
        store::saved_views::NewView {
            agent_id: anna,
            team_id: None,
            name: "Openstaande zaken over de jaarafrekening op onderwerp",
            definition: r#"{"filter":{"status":"open"},"sort":"subject","order":"asc"}"#,
        },
        false,
        &store::events::Actor::System,
    )
    .await
    .expect("view");
    let agent_pages: Vec<String> = [
        "/inbox".to_string(),
        "/inbox?status=all&sort=subject&order=asc".to_string(),
        "/inbox?status=all".to_string(),
        format!("/cases/{case}"),
        "/customers".to_string(),
        "/customers?q=Sara".to_string(),
        format!("/customers/{customer}"),
        format!("/customers/{customer}/conversations/new"),
        "/profile".to_string(),
        "/search?q=storing".to_string(),
        "/search?q=sara.peters-vandenheuvel%40voorbeeld-energie.nl".to_string(),
        format!("/search?q=%23{case}"),
        format!("/search?q={}", "onafgebrokenwoordzonderspaties".repeat(6)),
        "/dashboard".to_string(),
        "/dashboard/drill?metric=csat".to_string(),
        "/dashboard/drill?metric=volume".to_string(),
        "/churn".to_string(),
        "/churn/customers?side=churned".to_string(),
        "/callbacks".to_string(),
        "/surveys".to_string(),
        format!("/surveys/{survey}"),
        "/admin/agents".to_string(),
        format!("/admin/agents/{anna}"),
        "/admin/inboxes".to_string(),
        "/admin/teams".to_string(),
        "/admin/organisation".to_string(),
        "/admin/tokens".to_string(),
        "/cases/999999".to_string(),
    ]
    .iter()
    .map(|path| app.url(path))
    .collect();
    check(&browser, &agent_pages, &PHONES, &mut failures).await;
    for &width in &PHONES {
        resize(&browser, width).await;
        bulk_pages(&browser, &app, &mut failures).await;
    }
    assert!(
        failures.is_empty(),
        "pages that scroll sideways:\n{}",
        failures.join("\n")
    );
    browser.close().await.expect("close browser");
}
