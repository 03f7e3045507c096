//! The inbox in a real browser: a new case appears without a reload, the tab title counts the
//! unread cases, and a ticked case stays ticked.

use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use super::{browser, log_in};
use crate::helpers::{TestApp, eventually};

#[tokio::test]
async fn a_new_case_appears_in_the_open_inbox_and_the_title_counts_it() {
    let Some(browser) = browser().await else {
        return;
    };
    let app = TestApp::spawn().await;
    let (_, first) = app
        .post("/api/v1/interactions", &json!({"channel": "email", "from": {"email": "sara@example.nl"}, "subject": "Meterstand", "body": "Mijn meter geeft niets door."}))
        .await;
    let first = first["case_id"].as_i64().expect("case");
    log_in(&browser, &app).await;
    assert_eq!(
        browser.title().await.expect("title"),
        "(1) Inbox · Klantbeeld"
    );
    browser
        .find(Locator::Css(&format!("input[name=case][value='{first}']")))
        .await
        .expect("the first case's box")
        .click()
        .await
        .expect("tick it");

    let (_, second) = app
        .post("/api/v1/interactions", &json!({"channel": "email", "from": {"email": "kees@example.nl"}, "subject": "Verhuizing", "body": "Ik verhuis per 1 maart."}))
        .await;
    let second = second["case_id"].as_i64().expect("case");
    browser
        .wait()
        .at_most(Duration::from_secs(10))
        .for_element(Locator::Css(&format!(
            "tr[data-href='/cases/{second}'][data-unread]"
        )))
        .await
        .expect("the new case, without a reload");
    eventually("the title to count two unread cases", || async {
        (browser.title().await.ok()? == "(2) Inbox · Klantbeeld").then_some(())
    })
    .await;
    let still_ticked = browser
        .execute(
            &format!(
                "return document.querySelector(\"input[name=case][value='{first}']\").checked;"
            ),
            vec![],
        )
        .await
        .expect("read the box");
    assert_eq!(
        still_ticked,
        json!(true),
        "what the agent ticked stays ticked"
    );
    browser.close().await.expect("close browser");
}
