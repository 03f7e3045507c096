//! Attacks on survey figures: stuffing a survey through its open link from one client. (Answers
//! locked at expiry are attacked in `surveys::the_survey_page_is_friendly_to_wrong_links_and_keeps_partial_answers`;
//! a switched-off open link in `surveys::an_open_link_and_the_website_snippet_collect_anonymous_answers`.)

use serde_json::json;

use crate::helpers::TestApp;
use crate::surveys::{as_admin, invitations, page};

#[tokio::test]
async fn one_client_cannot_stuff_a_survey_through_its_open_link() {
    let app = TestApp::spawn().await;
    let (status, survey) = as_admin(&app, reqwest::Method::POST, "/api/v1/surveys",
        &json!({"kind": "nps", "name": "Website", "trigger": {"event": "order.placed"}, "channels": ["email"]})).await;
    assert_eq!(status, 201);
    let open = survey["open_link"].as_str().expect("open link").to_string();
    let mut refused = 0;
    for _ in 0..web::OPEN_SURVEY_ANSWERS_PER_HOUR + 5 {
        let response = app
            .client
            .get(app.url(&format!("{open}?score=0&lang=en")))
            .send()
            .await
            .expect("open");
        match response.status().as_u16() {
            303 => {
                let target = response.headers()["location"].to_str().expect("location");
                assert_eq!(page(&app, target).await.0, 200);
            }
            429 => {
                assert!(response.headers().contains_key("retry-after"));
                let html = response.text().await.expect("html");
                assert!(html.contains("try again in an hour"), "{html}");
                refused += 1;
            }
            other => panic!("unexpected {other}"),
        }
    }
    assert_eq!(refused, 5);
    let listed = invitations(&app, &format!("survey_id={}", survey["id"])).await;
    assert_eq!(listed.len(), web::OPEN_SURVEY_ANSWERS_PER_HOUR);
    assert_eq!(
        app.count("survey_responses").await,
        web::OPEN_SURVEY_ANSWERS_PER_HOUR as i64
    );
}
