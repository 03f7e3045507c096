//! First login and agent administration: `/setup`, setup links, `/api/v1/agents` and
//! `/api/v1/teams`, and what deactivating an agent ends.

use domain::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, read};
use crate::ui::{csrf_of, logged_in};

const PASSWORD: &str = "een-lang-wachtwoord";

fn browser_like() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

async fn as_admin(app: &TestApp) -> String {
    app.token_for(Role::Admin).await
}

pub(crate) async fn call(
    app: &TestApp,
    token: &str,
    method: reqwest::Method,
    path: &str,
    body: Option<Value>,
) -> (u16, Value) {
    let mut request = app.client.request(method, app.url(path)).bearer_auth(token);
    if let Some(body) = body {
        request = request.json(&body);
    }
    read(request.send().await.expect("request")).await
}

/// Logs in through the form; the client keeps the session cookie. Answers the status.
async fn log_in(app: &TestApp, client: &reqwest::Client, email: &str, password: &str) -> u16 {
    client
        .post(app.url("/login"))
        .form(&[("email", email), ("password", password), ("next", "/inbox")])
        .send()
        .await
        .expect("login")
        .status()
        .as_u16()
}

/// Opens a setup link and chooses `password`; the answer's status.
async fn choose_password(
    app: &TestApp,
    client: &reqwest::Client,
    link: &str,
    password: &str,
) -> u16 {
    let path = &link[link.find("/setup/").expect("a setup link")..];
    let page = client.get(app.url(path)).send().await.expect("open link");
    if page.status() != 200 {
        return page.status().as_u16();
    }
    let csrf = csrf_of(&page.text().await.expect("html"));
    client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", password),
            ("password_again", password),
        ])
        .send()
        .await
        .expect("set password")
        .status()
        .as_u16()
}

#[tokio::test]
async fn admins_manage_agents_and_teams_through_the_api() {
    let app = TestApp::spawn().await;
    let admin = as_admin(&app).await;
    let post = reqwest::Method::POST;
    let patch = reqwest::Method::PATCH;
    let (status, team) = call(
        &app,
        &admin,
        post.clone(),
        "/api/v1/teams",
        Some(json!({"name": "Facturen"})),
    )
    .await;
    assert_eq!(status, 201, "{team}");
    let team_id = team["id"].as_i64().expect("team id");
    let (status, other) = call(
        &app,
        &admin,
        post.clone(),
        "/api/v1/teams",
        Some(json!({"name": "Storingen"})),
    )
    .await;
    assert_eq!(status, 201);
    let other_id = other["id"].as_i64().expect("team id");

    let (status, anna) = call(
        &app,
        &admin,
        post.clone(),
        "/api/v1/agents",
        Some(json!({
        "email": "Anna@Polderstroom.nl", "name": "Anna de Vries", "role": "admin",
        "language": "en", "team_ids": [team_id], "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 201, "{anna}");
    assert_eq!(anna["email"], "anna@polderstroom.nl");
    assert_eq!(anna["team_ids"], json!([team_id]));
    assert_eq!(anna["language"], "en");
    assert_eq!(anna["active"], true);
    assert!(anna.get("setup_url").is_none(), "a password was given");
    assert!(anna["created_at"].is_string());

    let (status, lotte) = call(
        &app,
        &admin,
        post.clone(),
        "/api/v1/agents",
        Some(json!({
        "email": "lotte@polderstroom.nl", "name": "Lotte Mulder", "role": "agent"})),
    )
    .await;
    assert_eq!(status, 201, "{lotte}");
    let link = lotte["setup_url"]
        .as_str()
        .expect("a setup link without a password");
    assert!(link.starts_with(&format!("{}/setup/", app.base)), "{link}");
    let lotte_id = lotte["id"].as_i64().expect("id");

    let (status, changed) = call(&app, &admin, patch.clone(), &format!("/api/v1/agents/{lotte_id}"), Some(json!({
        "role": "supervisor", "team_ids": [other_id, team_id], "language": "en", "name": "Lotte M."}))).await;
    assert_eq!(status, 200, "{changed}");
    assert_eq!(changed["role"], "supervisor");
    assert_eq!(changed["team_ids"], json!([team_id, other_id]));
    assert_eq!(changed["name"], "Lotte M.");

    let (status, renamed) = call(
        &app,
        &admin,
        patch.clone(),
        &format!("/api/v1/teams/{team_id}"),
        Some(json!({"name": "Facturatie"})),
    )
    .await;
    assert_eq!(status, 200, "{renamed}");
    let (_, teams) = call(&app, &admin, reqwest::Method::GET, "/api/v1/teams", None).await;
    assert!(
        teams["items"]
            .as_array()
            .expect("items")
            .iter()
            .any(|t| t["name"] == "Facturatie" && t["member_count"] == 2)
    );

    let (status, list) = call(&app, &admin, reqwest::Method::GET, "/api/v1/agents", None).await;
    assert_eq!(status, 200);
    let items = list["items"].as_array().expect("items");
    assert_eq!(items.len(), 2);
    let text = list.to_string();
    assert!(
        !text.contains("password") && !text.contains("argon2"),
        "no password hashes: {text}"
    );
    let (status, one) = call(
        &app,
        &admin,
        reqwest::Method::GET,
        &format!("/api/v1/agents/{lotte_id}"),
        None,
    )
    .await;
    assert_eq!(
        (status, one["email"].as_str()),
        (200, Some("lotte@polderstroom.nl"))
    );

    // Bad input: a clear 4xx, nothing written.
    let agents_before = app.count("agents").await;
    for (body, want) in [
        (
            json!({"email": "geen-adres", "name": "X", "role": "agent"}),
            422,
        ),
        (
            json!({"email": "x@polderstroom.nl", "name": "X", "role": "baas"}),
            422,
        ),
        (
            json!({"email": "x@polderstroom.nl", "name": " ", "role": "agent"}),
            422,
        ),
        (
            json!({"email": "x@polderstroom.nl", "name": "X", "role": "agent", "password": "kort"}),
            422,
        ),
        (
            json!({"email": "x@polderstroom.nl", "name": "X", "role": "agent", "team_ids": [999]}),
            422,
        ),
        (
            json!({"email": "x@polderstroom.nl", "name": "X", "role": "agent", "language": "de"}),
            422,
        ),
        (
            json!({"email": "x@polderstroom.nl", "name": "X", "role": "agent", "password_hash": "x"}),
            422,
        ),
        (
            json!({"email": "anna@polderstroom.nl", "name": "X", "role": "agent"}),
            409,
        ),
    ] {
        let (status, answer) = call(
            &app,
            &admin,
            post.clone(),
            "/api/v1/agents",
            Some(body.clone()),
        )
        .await;
        assert_eq!(status, want, "{body} → {answer}");
        assert!(answer["error"].is_string(), "{answer}");
    }
    assert_eq!(app.count("agents").await, agents_before);
    for (path, body, want) in [
        (
            format!("/api/v1/agents/{lotte_id}"),
            json!({"team_ids": [999]}),
            422,
        ),
        (
            format!("/api/v1/agents/{lotte_id}"),
            json!({"role": "baas"}),
            422,
        ),
        (
            format!("/api/v1/agents/{lotte_id}"),
            json!({"active": "nee"}),
            422,
        ),
        ("/api/v1/agents/999999".into(), json!({"name": "X"}), 404),
        ("/api/v1/agents/abc".into(), json!({"name": "X"}), 400),
        (
            format!("/api/v1/teams/{team_id}"),
            json!({"name": "Storingen"}),
            409,
        ),
        (format!("/api/v1/teams/{team_id}"), json!({"name": ""}), 422),
        ("/api/v1/teams/999999".into(), json!({"name": "Y"}), 404),
    ] {
        let (status, answer) = call(&app, &admin, patch.clone(), &path, Some(body.clone())).await;
        assert_eq!(status, want, "{path} {body} → {answer}");
    }
    let (_, still) = call(
        &app,
        &admin,
        reqwest::Method::GET,
        &format!("/api/v1/agents/{lotte_id}"),
        None,
    )
    .await;
    assert_eq!(
        still["team_ids"],
        json!([team_id, other_id]),
        "a refused change wrote nothing"
    );
}

#[tokio::test]
async fn only_admins_reach_agents_and_teams() {
    let app = TestApp::spawn().await;
    for role in [Role::Supervisor, Role::Agent, Role::Analyst] {
        let token = app.token_for(role).await;
        for (method, path, body) in [
            (reqwest::Method::GET, "/api/v1/agents", None),
            (
                reqwest::Method::POST,
                "/api/v1/agents",
                Some(
                    json!({"email": "x@polderstroom.nl", "name": "X", "role": "admin", "password": PASSWORD}),
                ),
            ),
            (
                reqwest::Method::PATCH,
                "/api/v1/agents/1",
                Some(json!({"role": "admin"})),
            ),
            (reqwest::Method::GET, "/api/v1/teams", None),
            (
                reqwest::Method::POST,
                "/api/v1/teams",
                Some(json!({"name": "X"})),
            ),
            (
                reqwest::Method::PATCH,
                "/api/v1/teams/1",
                Some(json!({"name": "X"})),
            ),
        ] {
            let (status, answer) = call(&app, &token, method.clone(), path, body).await;
            assert_eq!(status, 403, "{role:?} {method} {path}: {answer}");
            assert_eq!(answer["error"], "forbidden");
        }
    }
    let (status, _) = read(
        app.client
            .get(app.url("/api/v1/agents"))
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(status, 401);
    assert_eq!(app.count("agents").await, 0);
    assert_eq!(app.count("teams").await, 0);
}

#[tokio::test]
async fn the_last_active_admin_cannot_be_demoted_or_deactivated() {
    let app = TestApp::spawn().await;
    let admin = as_admin(&app).await;
    let anna = app.admin_agent("anna@polderstroom.nl", PASSWORD).await;
    let path = format!("/api/v1/agents/{anna}");
    for body in [json!({"role": "supervisor"}), json!({"active": false})] {
        let (status, answer) = call(
            &app,
            &admin,
            reqwest::Method::PATCH,
            &path,
            Some(body.clone()),
        )
        .await;
        assert_eq!(
            (status, answer["error"].as_str()),
            (422, Some("last_admin")),
            "{body}"
        );
    }
    // In the UI too, for herself.
    let client = browser_like();
    assert_eq!(
        log_in(&app, &client, "anna@polderstroom.nl", PASSWORD).await,
        303
    );
    let page = client
        .get(app.url(&format!("/admin/agents/{anna}")))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    let refused = client
        .post(app.url(&format!("/admin/agents/{anna}/active")))
        .form(&[("csrf", csrf.as_str()), ("active", "false")])
        .send()
        .await
        .expect("deactivate");
    assert!(
        refused.headers()["location"]
            .to_str()
            .expect("location")
            .contains("notice=last_admin")
    );
    let demoted = client
        .post(app.url(&format!("/admin/agents/{anna}")))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Anna"),
            ("role", "agent"),
            ("language", "nl"),
        ])
        .send()
        .await
        .expect("demote");
    assert!(
        demoted.headers()["location"]
            .to_str()
            .expect("location")
            .contains("notice=last_admin")
    );
    let (_, still) = call(&app, &admin, reqwest::Method::GET, &path, None).await;
    assert_eq!(
        (still["role"].as_str(), still["active"].as_bool()),
        (Some("admin"), Some(true))
    );

    let (status, _) = call(
        &app,
        &admin,
        reqwest::Method::POST,
        "/api/v1/agents",
        Some(json!({
        "email": "bram@polderstroom.nl", "name": "Bram", "role": "admin", "password": PASSWORD})),
    )
    .await;
    assert_eq!(status, 201);
    let (status, answer) = call(
        &app,
        &admin,
        reqwest::Method::PATCH,
        &path,
        Some(json!({"role": "supervisor"})),
    )
    .await;
    assert_eq!(
        status, 200,
        "with another admin, Anna may step down: {answer}"
    );
}

#[tokio::test]
async fn a_deactivated_agent_loses_sessions_tokens_and_login() {
    let app = TestApp::spawn().await;
    let admin = as_admin(&app).await;
    let anna_client = logged_in(&app).await;
    let anna = store::agents::find_by_email(&app.db, "anna@polderstroom.nl")
        .await
        .expect("lookup")
        .expect("anna")
        .id;
    // Anna makes a token in the admin UI: it is hers.
    let page = anna_client
        .get(app.url("/admin/tokens"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    let csrf = csrf_of(&page);
    let created = anna_client
        .post(app.url("/admin/tokens"))
        .form(&[
            ("name", "Annas script"),
            ("role", "admin"),
            ("csrf", csrf.as_str()),
        ])
        .send()
        .await
        .expect("create")
        .text()
        .await
        .expect("html");
    let start = created.find("data-token>").expect("token shown") + 11;
    let annas_token = created[start..start + created[start..].find('<').expect("end")].to_string();
    let (status, _) = call(
        &app,
        &annas_token,
        reqwest::Method::GET,
        "/api/v1/agents",
        None,
    )
    .await;
    assert_eq!(status, 200);

    app.admin_agent_named("bram@polderstroom.nl").await;
    let (status, answer) = call(
        &app,
        &admin,
        reqwest::Method::PATCH,
        &format!("/api/v1/agents/{anna}"),
        Some(json!({"active": false})),
    )
    .await;
    assert_eq!(
        (status, answer["active"].as_bool()),
        (200, Some(false)),
        "{answer}"
    );

    let inbox = anna_client
        .get(app.url("/inbox"))
        .send()
        .await
        .expect("inbox");
    assert_eq!(inbox.status(), 303, "the session ended");
    assert!(
        inbox.headers()["location"]
            .to_str()
            .expect("location")
            .starts_with("/login")
    );
    let (status, _) = call(
        &app,
        &annas_token,
        reqwest::Method::GET,
        "/api/v1/agents",
        None,
    )
    .await;
    assert_eq!(status, 401, "her token stopped");
    assert_eq!(
        log_in(&app, &browser_like(), "anna@polderstroom.nl", PASSWORD).await,
        401
    );
    let (status, answer) = call(
        &app,
        &admin,
        reqwest::Method::PATCH,
        &format!("/api/v1/agents/{anna}"),
        Some(json!({"reset_password": true})),
    )
    .await;
    assert_eq!(status, 200);
    let link = answer["setup_url"].as_str().expect("link");
    assert_eq!(
        choose_password(&app, &browser_like(), link, "een-nieuw-wachtwoord").await,
        404,
        "no link for a deactivated agent"
    );

    let (status, _) = call(
        &app,
        &admin,
        reqwest::Method::PATCH,
        &format!("/api/v1/agents/{anna}"),
        Some(json!({"active": true})),
    )
    .await;
    assert_eq!(status, 200);
    let (status, _) = call(
        &app,
        &annas_token,
        reqwest::Method::GET,
        "/api/v1/agents",
        None,
    )
    .await;
    assert_eq!(status, 200, "reactivated, her token works again");
}

#[tokio::test]
async fn a_setup_link_sets_the_password_once_and_a_reset_replaces_it() {
    let app = TestApp::spawn().await;
    let admin = as_admin(&app).await;
    let (_, lotte) = call(&app, &admin, reqwest::Method::POST, "/api/v1/agents", Some(json!({
        "email": "lotte@polderstroom.nl", "name": "Lotte Mulder", "role": "agent", "language": "en"}))).await;
    let link = lotte["setup_url"].as_str().expect("link").to_string();
    let client = browser_like();
    assert_eq!(
        log_in(&app, &client, "lotte@polderstroom.nl", "").await,
        401,
        "no password yet"
    );

    let path = &link[link.find("/setup/").expect("path")..];
    let page = client.get(app.url(path)).send().await.expect("open");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("Choose a password"), "in Lotte's language");
    let csrf = csrf_of(&html);
    let differ = client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", PASSWORD),
            ("password_again", "iets-anders-lang"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(differ.status(), 422);
    let forged = browser_like()
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(forged.status(), 403, "without the form's cookie");
    let set = client
        .post(app.url(path))
        .form(&[
            ("csrf", csrf.as_str()),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(set.status(), 303);
    assert_eq!(
        client
            .get(app.url("/inbox"))
            .send()
            .await
            .expect("inbox")
            .status(),
        200,
        "logged in"
    );
    assert_eq!(
        choose_password(&app, &browser_like(), &link, "nog-een-wachtwoord").await,
        404,
        "used once"
    );
    assert_eq!(
        log_in(&app, &browser_like(), "lotte@polderstroom.nl", PASSWORD).await,
        303
    );

    let id = lotte["id"].as_i64().expect("id");
    let (_, reset) = call(
        &app,
        &admin,
        reqwest::Method::PATCH,
        &format!("/api/v1/agents/{id}"),
        Some(json!({"reset_password": true})),
    )
    .await;
    let new_link = reset["setup_url"].as_str().expect("new link");
    assert_eq!(
        client
            .get(app.url("/inbox"))
            .send()
            .await
            .expect("inbox")
            .status(),
        303,
        "reset ends sessions"
    );
    assert_eq!(
        log_in(&app, &browser_like(), "lotte@polderstroom.nl", PASSWORD).await,
        401,
        "old password gone"
    );
    assert_eq!(
        choose_password(&app, &browser_like(), new_link, "een-nieuw-wachtwoord").await,
        303
    );
    assert_eq!(
        log_in(
            &app,
            &browser_like(),
            "lotte@polderstroom.nl",
            "een-nieuw-wachtwoord"
        )
        .await,
        303
    );
    for bad in [
        "/setup/nope",
        "/setup/%00",
        &format!("/setup/{}", "x".repeat(300)),
    ] {
        let status = client.get(app.url(bad)).send().await.expect("get").status();
        assert_eq!(status, 404, "{bad}");
    }
}

/// The setup form's CSRF token, with the cookie kept in `client`.
async fn setup_form(app: &TestApp, client: &reqwest::Client) -> String {
    let page = client.get(app.url("/setup")).send().await.expect("setup");
    assert_eq!(page.status(), 200);
    csrf_of(&page.text().await.expect("html"))
}

#[tokio::test]
async fn the_first_admin_is_created_once_from_this_machine() {
    let app = TestApp::spawn().await;
    let relayed = app
        .client
        .get(app.url("/setup"))
        .header("x-forwarded-for", "203.0.113.9")
        .send()
        .await
        .expect("setup");
    assert_eq!(
        relayed.status(),
        403,
        "through a proxy, without the key, refused"
    );

    let client = browser_like();
    let csrf = setup_form(&app, &client).await;
    let through_proxy = client
        .post(app.url("/setup"))
        .header("x-forwarded-for", "203.0.113.9")
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Eva"),
            ("email", "eva@example.nl"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(through_proxy.status(), 403);
    let without_cookie = browser_like()
        .post(app.url("/setup"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Eva"),
            ("email", "eva@example.nl"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(without_cookie.status(), 403, "CSRF");
    let short = client
        .post(app.url("/setup"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Eva"),
            ("email", "eva@example.nl"),
            ("password", "kort"),
            ("password_again", "kort"),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(short.status(), 422);
    assert_eq!(app.count("agents").await, 0);

    // Ten parallel setups: one admin.
    let posts = (0..10).map(|n| {
        let (client, csrf, url) = (client.clone(), csrf.clone(), app.url("/setup"));
        tokio::spawn(async move {
            let email = format!("admin{n}@polderstroom.nl");
            let response = client
                .post(url)
                .form(&[
                    ("csrf", csrf.as_str()),
                    ("name", "Beheer"),
                    ("email", email.as_str()),
                    ("password", PASSWORD),
                    ("password_again", PASSWORD),
                    ("language", "en"),
                ])
                .send()
                .await
                .expect("post");
            (
                response.status().as_u16(),
                response
                    .headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap_or("").to_string()),
            )
        })
    });
    let mut answers = Vec::new();
    for post in posts {
        answers.push(post.await.expect("join"));
    }
    assert_eq!(app.count("agents").await, 1, "{answers:?}");
    let logged_in = answers
        .iter()
        .filter(|(_, to)| to.as_deref() == Some("/admin/agents"))
        .count();
    assert_eq!(logged_in, 1, "{answers:?}");
    assert!(
        answers.iter().all(|(status, _)| *status == 303),
        "the others go to the login: {answers:?}"
    );
    let agents = store::agents::list(&app.db).await.expect("agents");
    assert_eq!(
        (agents[0].role, agents[0].language.as_str()),
        (Role::Admin, "en")
    );

    let after = browser_like()
        .get(app.url("/setup"))
        .send()
        .await
        .expect("setup");
    assert_eq!(after.status(), 303);
    assert_eq!(after.headers()["location"], "/login");
    let again = client
        .post(app.url("/setup"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Mallory"),
            ("email", "mallory@example.nl"),
            ("password", PASSWORD),
            ("password_again", PASSWORD),
        ])
        .send()
        .await
        .expect("post");
    assert_eq!(again.status(), 303);
    assert_eq!(
        app.count("agents").await,
        1,
        "setup cannot add more once an agent exists"
    );
}

#[tokio::test]
async fn the_chat_snippet_names_the_public_url() {
    let app = TestApp::spawn_with(klantbeeld::config::Config {
        public_url: Some("https://cx.polderstroom.nl/".into()),
        ..Default::default()
    })
    .await;
    let admin = as_admin(&app).await;
    let (status, inbox) = call(
        &app,
        &admin,
        reqwest::Method::POST,
        "/api/v1/inboxes",
        Some(json!({"kind": "chat", "name": "Website"})),
    )
    .await;
    assert_eq!(status, 201);
    let snippet = inbox["widget_snippet"].as_str().expect("snippet");
    assert_eq!(
        snippet,
        format!(
            r#"<script src="https://cx.polderstroom.nl/widget.js" data-inbox="{}" defer></script>"#,
            inbox["id"]
        )
    );
    let client = logged_in(&app).await;
    let page = client
        .get(app.url("/admin/inboxes"))
        .send()
        .await
        .expect("page")
        .text()
        .await
        .expect("html");
    assert!(
        page.contains("https://cx.polderstroom.nl/widget.js"),
        "the admin page shows the same snippet"
    );
}
