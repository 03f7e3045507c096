//! On a 390 px phone an agent starts a conversation from the customer page, and on the case page
//! types a reply that is kept as a draft (the page's script saves it), restored after a reload,
//! and sent with a CC, which clears the draft; no page scrolls sideways.

use std::time::Duration;

use fantoccini::{Client, Locator};
use serde_json::json;

use super::{browser, log_in, too_wide};
use crate::helpers::{TestApp, eventually};

async fn fill(browser: &Client, css: &str, text: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|_| panic!("{css}"))
        .send_keys(text)
        .await
        .expect("type");
}

async fn reply_box(browser: &Client) -> String {
    browser
        .find(Locator::Css("textarea[name=body]"))
        .await
        .expect("reply box")
        .prop("value")
        .await
        .expect("value")
        .unwrap_or_default()
}

#[tokio::test]
async fn an_agent_writes_first_keeps_a_draft_and_sends_it_with_a_copy_on_a_phone() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (status, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sara Peters-van den Heuvel", "email": "sara.peters-vandenheuvel@voorbeeld-energie.nl"}),
        )
        .await;
    assert_eq!(status, 201, "{customer}");
    let customer = customer["id"].as_i64().expect("id");
    // The inbox after login lists something.
    let (status, _) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "chat", "from": {"email": "sara.peters-vandenheuvel@voorbeeld-energie.nl"}, "body": "Hallo"}),
        )
        .await;
    assert_eq!(status, 201);
    log_in(&browser, &app).await;
    browser.set_window_size(390, 844).await.expect("phone size");

    browser
        .goto(&app.url(&format!("/customers/{customer}")))
        .await
        .expect("customer");
    browser
        .find(Locator::Css("a[data-new-conversation]"))
        .await
        .expect("the new-conversation link")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[data-new-conversation]"))
        .await
        .expect("the form");
    assert_eq!(too_wide(&browser).await, "", "the form fits 390 px");
    fill(&browser, "input[name=subject]", "Uw nieuwe slimme meter").await;
    fill(
        &browser,
        "textarea[name=body]",
        "Beste Sara, de monteur komt dinsdag.",
    )
    .await;
    browser
        .find(Locator::Css(
            "form[data-new-conversation] button[type=submit]",
        ))
        .await
        .expect("send")
        .click()
        .await
        .expect("click");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[data-draft]"))
        .await
        .expect("the new case");
    let case_url = browser.current_url().await.expect("url");
    assert!(case_url.path().starts_with("/cases/"), "{case_url}");
    let source = browser.source().await.expect("source");
    assert!(
        source.contains("Beste Sara, de monteur komt dinsdag."),
        "{source}"
    );
    assert!(source.contains(r#"name="cc""#) && source.contains(r#"type="file""#));
    assert_eq!(
        too_wide(&browser).await,
        "",
        "the case page with copies and files fits 390 px"
    );

    // Typing is kept: after a reload the reply box holds it again.
    fill(
        &browser,
        "textarea[name=body]",
        "Nog een vraag over uw meter",
    )
    .await;
    eventually("the draft to be saved", || async {
        let state = browser
            .find(Locator::Css("[data-draft-state]"))
            .await
            .ok()?
            .text()
            .await
            .ok()?;
        (!state.is_empty()).then_some(())
    })
    .await;
    browser.refresh().await.expect("reload");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("form[data-draft]"))
        .await
        .expect("the case again");
    assert_eq!(reply_box(&browser).await, "Nog een vraag over uw meter");

    fill(&browser, "input[name=cc]", "partner@voorbeeld-energie.nl").await;
    browser
        .find(Locator::Css("form[data-draft] button[type=submit]"))
        .await
        .expect("send")
        .click()
        .await
        .expect("click");
    // The page before the send shows a notice too (the conversation's): wait for the send's.
    eventually("the reply to be sent", || async {
        let url = browser.current_url().await.ok()?;
        url.as_str().contains("notice=reply_queued").then_some(())
    })
    .await;
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css("p.notice"))
        .await
        .expect("sent");
    assert_eq!(
        reply_box(&browser).await,
        "",
        "the draft went with the reply"
    );
    let copies = app
        .texts("SELECT CAST(details AS TEXT) FROM interactions WHERE direction = 'outbound' AND details IS NOT NULL")
        .await;
    assert_eq!(copies.len(), 1, "{copies:?}");
    assert!(
        copies[0].contains("partner@voorbeeld-energie.nl"),
        "{copies:?}"
    );
    assert_eq!(app.count("drafts").await, 0);
    browser.close().await.expect("close browser");
}
