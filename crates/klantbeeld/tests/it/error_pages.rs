//! Errors on page routes are HTML pages in the normal layout, in the reader's language and with
//! the right status; API routes keep answering JSON.

use domain::Role;
use serde_json::json;
use store::events::Actor;

use crate::helpers::TestApp;
use crate::ui::logged_in;

/// An English-speaking agent (not an admin), logged in.
async fn english_agent(app: &TestApp) -> reqwest::Client {
    let hash = web::hash_password("een-lang-wachtwoord").expect("hash");
    let new = store::agents::NewAgent {
        email: "lotte@polderstroom.nl",
        name: "Lotte Mulder",
        role: Role::Agent,
        password_hash: Some(&hash),
        language: "en",
        team_ids: &[],
    };
    store::agents::create(&app.db, new, &Actor::System)
        .await
        .expect("agent");
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client");
    let response = client
        .post(app.url("/login"))
        .form(&[
            ("email", "lotte@polderstroom.nl"),
            ("password", "een-lang-wachtwoord"),
            ("next", "/inbox"),
        ])
        .send()
        .await
        .expect("login");
    assert_eq!(response.status(), 303);
    client
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
