//! Errors on page routes are HTML pages in the normal layout, in the reader's language and with
//! the right status; API routes keep answering JSON.

use domain::Role;
use serde_json::json;
use store::events::Actor;

use crate::helpers::TestApp;
use crate::ui::logged_in;

/// An English-speaking agent (not an admin), logged in.
async fn english_agent(app: &TestApp) -> reqwest::Client {
    agent_with_role(app, "lotte@polderstroom.nl", "Lotte Mulder", Role::Agent).await
}

/// Opens `path` and checks the answer is an HTML error page with `status` that says `words`.
async fn error_page(
    client: &reqwest::RequestBuilder,
    path: &str,
    status: u16,
    words: &str,
) -> String {
    let response = client
        .try_clone()
        .expect("a GET clones")
        .send()
        .await
        .expect("request");
    assert_eq!(response.status(), status, "{path}");
    let content_type = response.headers()["content-type"]
        .to_str()
        .expect("text")
        .to_string();
    assert!(
        content_type.starts_with("text/html"),
        "{path}: {content_type}"
    );
    let html = response.text().await.expect("html");
    assert!(html.contains(words), "{path} says {words:?}: {html}");
    assert!(
        html.contains(&format!(r#"data-status="{status}""#)),
        "{path}: {html}"
    );
    html
}

#[tokio::test]
async fn a_logged_in_agent_gets_error_pages_in_the_layout_and_their_language() {
    let app = TestApp::spawn().await;
    let anna = logged_in(&app).await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sara Peters", "email": "sara@example.nl"}),
        )
        .await;
    let gone = customer["id"].as_i64().expect("id") + 1000;
    for (path, status, words) in [
        ("/cases/999999", 404, "Deze zaak bestaat niet (meer)."),
        ("/cases/abc", 400, "Het adres of de invoer is niet geldig"),
        (
            &format!("/customers/{gone}"),
            404,
            "Deze klant bestaat niet (meer).",
        ),
        ("/customers/-x", 400, "Dit adres klopt niet"),
        ("/dashboard?from=2025-13-45", 400, "Een datum klopt niet."),
        (
            "/dashboard?from=2025-06-30&to=2025-01-01",
            400,
            "Een datum klopt niet.",
        ),
        (
            "/dashboard/drill?metric=csat&to=gisteren",
            400,
            "Een datum klopt niet.",
        ),
        ("/dashboard/drill", 400, "Dit adres klopt niet"),
        ("/surveys/abc", 400, "Dit adres klopt niet"),
        ("/geen/pagina", 404, "Deze pagina bestaat niet (meer)."),
        ("/admin/agents/999999", 404, "Deze medewerker bestaat niet."),
    ] {
        let html = error_page(&anna.get(app.url(path)), path, status, words).await;
        assert!(
            html.contains(r#"<header class="top">"#),
            "{path}: the header"
        );
        assert!(html.contains("Anna de Vries"), "{path}: who is logged in");
        assert!(
            html.contains(r#"href="/inbox">Terug naar de inbox"#),
            "{path}"
        );
    }
    let html = error_page(
        &anna.get(app.url("/logout")),
        "GET /logout",
        405,
        "Dit lukt niet",
    )
    .await;
    assert!(html.contains("Foutcode 405"), "{html}");

    // A form without its session's token: the form expired.
    let refused = anna
        .post(app.url("/admin/teams"))
        .form(&[("csrf", "wrong"), ("name", "Storingen")]);
    error_page(
        &refused,
        "POST /admin/teams",
        403,
        "Het formulier is verlopen",
    )
    .await;
    // A form that misses its fields.
    let broken = anna.post(app.url("/admin/teams")).form(&[("naam", "x")]);
    error_page(
        &broken,
        "POST /admin/teams",
        422,
        "De invoer kon niet worden verwerkt.",
    )
    .await;

    let lotte = english_agent(&app).await;
    for (path, status, words) in [
        (
            "/admin/agents",
            403,
            "Your role does not give access to this page.",
        ),
        (
            "/admin/tokens",
            403,
            "Your role does not give access to this page.",
        ),
        ("/cases/999999", 404, "This case does not exist (any more)."),
        ("/cases/abc", 400, "This address is not valid"),
        ("/dashboard?to=2025-02-30", 400, "A date is not valid."),
        ("/no/such/page", 404, "This page does not exist (any more)."),
    ] {
        let html = error_page(&lotte.get(app.url(path)), path, status, words).await;
        assert!(html.contains("Lotte Mulder"), "{path}");
        assert!(html.contains(r#"<html lang="en">"#), "{path}");
        assert!(html.contains("Back to the inbox"), "{path}");
    }
}

#[tokio::test]
async fn a_visitor_gets_error_pages_in_the_browsers_language_and_the_api_keeps_json() {
    let app = TestApp::spawn().await;
    let visitor = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let html = error_page(
        &visitor.get(app.url("/geen/pagina")),
        "/geen/pagina",
        404,
        "Deze pagina bestaat niet (meer).",
    )
    .await;
    assert!(
        !html.contains(r#"<header class="top">"#),
        "no navigation for a visitor"
    );
    assert!(html.contains(r#"href="/">Naar de startpagina"#), "{html}");
    error_page(
        &visitor
            .get(app.url("/no/such/page"))
            .header("accept-language", "en-GB,en;q=0.9"),
        "/no/such/page",
        404,
        "This page does not exist (any more).",
    )
    .await;

    for (path, status, code) in [
        ("/api/v1/cases/999999", 404, "case_not_found"),
        ("/api/v1/cases/abc", 400, "invalid_path"),
        ("/api/v1/no-such-thing", 404, "route_not_found"),
        ("/api/no-such-thing", 404, "route_not_found"),
        ("/api/v1/metrics/csat?from=2025-13-45", 400, "invalid_date"),
    ] {
        let response = app
            .client
            .get(app.url(path))
            .bearer_auth(&app.token)
            .send()
            .await
            .expect("request");
        assert_eq!(response.status(), status, "{path}");
        assert_eq!(
            response.headers()["content-type"],
            "application/json",
            "{path}"
        );
        let body: serde_json::Value = response.json().await.expect("json");
        assert_eq!(body["error"], code, "{path}: {body}");
    }
}

/// What a browser sends when it opens a page.
const BROWSER_ACCEPT: &str = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

/// A logged-in client for a new agent with `role`, in English.
async fn agent_with_role(app: &TestApp, email: &str, name: &str, role: Role) -> reqwest::Client {
    let hash = web::hash_password("een-lang-wachtwoord").expect("hash");
    let new = store::agents::NewAgent {
        email,
        name,
        role,
        password_hash: Some(&hash),
        language: "en",
        team_ids: &[],
    };
    store::agents::create(&app.db, new, &Actor::System)
        .await
        .expect("agent");
    crate::helpers::logged_in_as(app, email, "een-lang-wachtwoord").await
}

/// The session's CSRF token, from a page with a form.
async fn csrf_token(app: &TestApp, client: &reqwest::Client) -> String {
    let html = client
        .get(app.url("/profile"))
        .send()
        .await
        .expect("profile")
        .text()
        .await
        .expect("html");
    crate::ui::csrf_of(&html)
}

/// Sends `request` as a browser and checks the answer is a whole HTML page with `status`: never
/// the API's JSON, never a bare text or an empty body.
async fn browser_answer(request: reqwest::RequestBuilder, what: &str, status: u16) -> String {
    let response = request
        .header("accept", BROWSER_ACCEPT)
        .send()
        .await
        .expect(what);
    assert_eq!(response.status(), status, "{what}");
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|value| value.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        content_type.starts_with("text/html"),
        "{what}: {content_type}"
    );
    let html = response.text().await.expect("body");
    assert!(html.starts_with("<!doctype html>"), "{what}: {html}");
    assert!(html.trim_end().ends_with("</html>"), "{what}: {html}");
    html
}

/// As [`browser_answer`], and the page is the error page in the layout.
async fn browser_error_page(request: reqwest::RequestBuilder, what: &str, status: u16) -> String {
    let html = browser_answer(request, what, status).await;
    assert!(
        html.contains(&format!(r#"data-status="{status}""#)),
        "{what}: {html}"
    );
    html
}

#[tokio::test]
async fn every_page_route_answers_a_browser_with_an_html_page_when_it_fails() {
    let app = TestApp::spawn().await;
    let visitor = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    // Before anyone can log in, `/setup` is refused from elsewhere.
    let html = browser_error_page(
        visitor
            .get(app.url("/setup"))
            .header("x-forwarded-for", "203.0.113.9"),
        "/setup through a proxy",
        403,
    )
    .await;
    assert!(
        html.contains("Open deze pagina op de server zelf"),
        "{html}"
    );

    let anna = logged_in(&app).await;
    let anna_csrf = csrf_token(&app, &anna).await;
    let lotte = english_agent(&app).await;
    let lotte_csrf = csrf_token(&app, &lotte).await;
    let ruben = agent_with_role(&app, "ruben@polderstroom.nl", "Ruben Smit", Role::Analyst).await;
    let ruben_csrf = csrf_token(&app, &ruben).await;
    let (_, customer) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sara Peters", "email": "sara@example.nl"}),
        )
        .await;
    let gone = customer["id"].as_i64().expect("id") + 1000;

    // Unknown ids and malformed ones, on pages and their downloads and live streams.
    for (path, status) in [
        ("/cases/999999/live".to_string(), 404),
        ("/cases/abc/live".to_string(), 400),
        ("/attachments/999999".to_string(), 404),
        ("/attachments/abc".to_string(), 400),
        (format!("/customers/{gone}/conversations/new"), 404),
        ("/customers/abc/conversations/new".to_string(), 400),
        ("/surveys/999999".to_string(), 404),
        ("/admin/agents/abc".to_string(), 400),
        ("/dashboard/export".to_string(), 400),
        ("/dashboard/export?table=nonsense".to_string(), 400),
        (
            "/dashboard/export?metric=csat&from=gisteren".to_string(),
            400,
        ),
        ("/dashboard/drill?metric=nonsense".to_string(), 400),
    ] {
        browser_error_page(anna.get(app.url(&path)), &path, status).await;
    }
    // The search page says what was wrong on itself.
    browser_answer(
        anna.get(app.url(&format!("/search?q={}", "x".repeat(1000)))),
        "/search with a long query",
        400,
    )
    .await;

    // Form posts that name what is not there, or miss their fields.
    let c = anna_csrf.as_str();
    let gone_path = |tail: &str| format!("/customers/{gone}{tail}");
    for (path, form, status) in [
        (
            "/cases/999999".to_string(),
            vec![
                ("csrf", c),
                ("status", "open"),
                ("priority", "normal"),
                ("assignee", ""),
                ("team", ""),
                ("handover_note", ""),
            ],
            404,
        ),
        (
            "/cases/999999/messages".to_string(),
            vec![
                ("csrf", c),
                ("body", "Hallo"),
                ("kind", "note"),
                ("status", ""),
                ("route", ""),
            ],
            404,
        ),
        ("/cases/999999/typing".to_string(), vec![("csrf", c)], 404),
        (
            "/cases/999999/merge".to_string(),
            vec![("csrf", c), ("into", "1")],
            404,
        ),
        (
            "/cases/999999/split".to_string(),
            vec![("csrf", c), ("message", "1")],
            404,
        ),
        (
            gone_path("/conversations"),
            vec![
                ("csrf", c),
                ("channel", "email"),
                ("subject", "Hallo"),
                ("body", "Hallo"),
            ],
            404,
        ),
        (
            "/callbacks/999999/attempts".to_string(),
            vec![("csrf", c), ("outcome", "no_answer")],
            404,
        ),
        (
            "/callbacks/999999/claim".to_string(),
            vec![("csrf", c)],
            404,
        ),
        (
            "/callbacks/999999/release".to_string(),
            vec![("csrf", c)],
            404,
        ),
        (
            "/surveys/999999/active".to_string(),
            vec![("csrf", c), ("active", "false")],
            404,
        ),
        (
            "/surveys/999999/open-link".to_string(),
            vec![("csrf", c), ("enabled", "true")],
            404,
        ),
        (
            "/admin/agents/999999".to_string(),
            vec![
                ("csrf", c),
                ("name", "Niemand"),
                ("role", "agent"),
                ("language", "nl"),
            ],
            404,
        ),
        (
            "/admin/agents/999999/active".to_string(),
            vec![("csrf", c), ("active", "false")],
            404,
        ),
        (
            "/admin/agents/999999/reset".to_string(),
            vec![("csrf", c)],
            404,
        ),
        (
            "/admin/inboxes/999999/active".to_string(),
            vec![("csrf", c), ("active", "false")],
            404,
        ),
        (
            "/admin/inboxes/999999/signature".to_string(),
            vec![("csrf", c), ("nl", "Groet"), ("en", "Regards")],
            404,
        ),
        (
            "/admin/teams/999999".to_string(),
            vec![("csrf", c), ("name", "Storingen")],
            404,
        ),
        (
            "/inbox/views/999999/delete".to_string(),
            vec![("csrf", c)],
            404,
        ),
        (
            "/admin/tokens/abc/revoke".to_string(),
            vec![("csrf", c)],
            400,
        ),
        (
            "/language".to_string(),
            vec![("csrf", c), ("lang", "fr")],
            422,
        ),
        ("/inbox/views".to_string(), vec![("csrf", c)], 422),
        ("/surveys".to_string(), vec![("csrf", c)], 422),
        ("/surveys/fatigue".to_string(), vec![("csrf", c)], 422),
        ("/admin/organisation".to_string(), vec![("csrf", c)], 422),
        ("/admin/inboxes".to_string(), vec![("csrf", c)], 422),
        ("/admin/agents".to_string(), vec![("csrf", c)], 422),
        ("/admin/tokens".to_string(), vec![("csrf", c)], 422),
        (
            "/dashboard/targets".to_string(),
            vec![("target.csat", "veel")],
            403,
        ),
    ] {
        let what = format!("POST {path}");
        browser_error_page(anna.post(app.url(&path)).form(&form), &what, status).await;
    }

    // A role without the permission.
    for path in [
        "/admin/inboxes",
        "/admin/teams",
        "/admin/organisation",
        "/admin/agents/1",
    ] {
        let html = browser_error_page(lotte.get(app.url(path)), path, 403).await;
        assert!(
            html.contains("Your role does not give access to this page."),
            "{path}: {html}"
        );
    }
    for (client, csrf, path) in [
        (&lotte, lotte_csrf.as_str(), "/admin/teams"),
        (&lotte, lotte_csrf.as_str(), "/surveys/fatigue"),
        (&lotte, lotte_csrf.as_str(), "/dashboard/targets"),
        (&lotte, lotte_csrf.as_str(), "/admin/tokens/1/revoke"),
        (&ruben, ruben_csrf.as_str(), "/cases/1/typing"),
        (&ruben, ruben_csrf.as_str(), "/callbacks/1/claim"),
    ] {
        let what = format!("POST {path}");
        let html = browser_error_page(
            client.post(app.url(path)).form(&[("csrf", csrf)]),
            &what,
            403,
        )
        .await;
        assert!(
            html.contains("Your role does not give access to this page."),
            "{what}: {html}"
        );
    }

    // Without a session: a setup link, the login and the public pages.
    let html = browser_error_page(
        visitor
            .get(app.url("/setup/nope"))
            .header("accept-language", "en"),
        "/setup/nope",
        404,
    )
    .await;
    assert!(
        html.contains("This link is invalid, expired or used."),
        "{html}"
    );
    browser_error_page(
        visitor.post(app.url("/login")).form(&[("email", "x")]),
        "POST /login without a password",
        422,
    )
    .await;
    browser_error_page(
        visitor.post(app.url("/callback")).form(&[("name", "x")]),
        "POST /callback without its fields",
        422,
    )
    .await;
    // The survey pages answer in their own public layout.
    for (path, status) in [
        ("/s/nope", 404),
        ("/s/nope/opt-out", 404),
        ("/s/open/999999", 404),
        ("/s/open/abc", 404),
    ] {
        browser_answer(visitor.get(app.url(path)), path, status).await;
    }
    browser_answer(
        visitor.post(app.url("/s/nope")).form(&[("score", "9")]),
        "POST /s/nope",
        404,
    )
    .await;
}
