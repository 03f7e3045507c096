//! The reply an agent is typing is kept as their draft: restored when they open the case again,
//! cleared when they send it, and read by nobody else.

use reqwest::Method;
use serde_json::json;

use super::{agent_session, call, page, token_of};
use crate::helpers::TestApp;

async fn chat_case(app: &TestApp) -> i64 {
    let (status, contact) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "draft.klant@example.nl"}, "subject": "Factuur", "body": "Mijn factuur klopt niet."}),
        )
        .await;
    assert_eq!(status, 201, "{contact}");
    contact["case_id"].as_i64().expect("case")
}

#[tokio::test]
async fn a_draft_is_restored_cleared_on_send_and_private_to_its_agent() {
    let app = TestApp::spawn().await;
    let case = chat_case(&app).await;
    let (sanne, client) = agent_session(&app, "sanne.draft@polderstroom.nl", "nl").await;
    let (piet, _) = agent_session(&app, "piet.draft@polderstroom.nl", "nl").await;
    let (mine, theirs) = (token_of(&app, sanne).await, token_of(&app, piet).await);
    let path = format!("/api/v1/cases/{case}/draft");

    let (status, _) = call(&app, Method::GET, &mine, &path, None).await;
    assert_eq!(status, 404, "no draft yet");
    let (status, saved) = call(
        &app,
        Method::PUT,
        &mine,
        &path,
        Some(json!({"body": "Beste klant, de factuur <wordt> aangepast"})),
    )
    .await;
    assert_eq!(status, 200, "{saved}");
    let (status, draft) = call(&app, Method::GET, &mine, &path, None).await;
    assert_eq!(
        (status, draft["body"].as_str()),
        (200, Some("Beste klant, de factuur <wordt> aangepast"))
    );

    // Another agent reads only their own (none), and writing theirs leaves mine alone.
    let (status, answer) = call(&app, Method::GET, &theirs, &path, None).await;
    assert_eq!(status, 404, "{answer}");
    call(
        &app,
        Method::PUT,
        &theirs,
        &path,
        Some(json!({"body": "Piets versie"})),
    )
    .await;
    let (_, draft) = call(&app, Method::GET, &mine, &path, None).await;
    assert_eq!(draft["body"], "Beste klant, de factuur <wordt> aangepast");
    // A token no agent made has no drafts; a draft is bounded.
    let (status, answer) = app.get(&path).await;
    assert_eq!((status, answer["error"].as_str()), (422, Some("no_agent")));
    let (status, _) = call(
        &app,
        Method::PUT,
        &mine,
        &path,
        Some(json!({"body": "x".repeat(100_001)})),
    )
    .await;
    assert_eq!(status, 413);
    let (status, _) = call(
        &app,
        Method::PUT,
        &mine,
        "/api/v1/cases/999999/draft",
        Some(json!({"body": "x"})),
    )
    .await;
    assert_eq!(status, 404);

    // Reopening the case puts it back in the reply box (escaped), and only for her.
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(
        html.contains("data-reply>Beste klant, de factuur &#60;wordt&#62; aangepast</textarea>")
            || html
                .contains("data-reply>Beste klant, de factuur &lt;wordt&gt; aangepast</textarea>"),
        "{html}"
    );
    assert!(html.contains("Uw concept is teruggezet."), "{html}");

    // The page's script saves with the session and the page's CSRF token.
    let csrf = crate::ui::csrf_of(&html);
    let put = |token: Option<String>| {
        let mut request = client
            .put(app.url(&path))
            .json(&json!({"body": "Beste klant, de factuur wordt vandaag aangepast."}));
        if let Some(token) = token {
            request = request.header("x-csrf-token", token);
        }
        request.send()
    };
    assert_eq!(put(None).await.expect("put").status(), 403, "no CSRF token");
    assert_eq!(put(Some(csrf.clone())).await.expect("put").status(), 200);
    let (_, draft) = call(&app, Method::GET, &mine, &path, None).await;
    assert_eq!(
        draft["body"],
        "Beste klant, de factuur wordt vandaag aangepast."
    );

    // Sending the reply clears her draft, not Piet's.
    let response = client
        .post(app.url(&format!("/cases/{case}/messages")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("kind", "reply"),
            ("body", "Beste klant, de factuur wordt vandaag aangepast."),
        ])
        .send()
        .await
        .expect("send");
    assert_eq!(response.status(), 303);
    let (status, _) = call(&app, Method::GET, &mine, &path, None).await;
    assert_eq!(status, 404, "cleared on send");
    let html = page(&client, &app, &format!("/cases/{case}")).await;
    assert!(html.contains("data-reply></textarea>"), "{html}");
    let (status, _) = call(&app, Method::GET, &theirs, &path, None).await;
    assert_eq!(status, 200, "Piet's own draft stays");
}
