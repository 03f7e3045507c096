//! Full-text search: other word forms and accents, exact hits, freshness, who sees what, the
//! index rebuilt when it is gone, and input that must never break it.

use domain::Role;
use serde_json::{Value, json};

use crate::helpers::{TestApp, eventually, read};

async fn search_as(app: &TestApp, token: &str, q: &str) -> (u16, Value) {
    let response = app
        .client
        .get(app.url("/api/v1/search"))
        .query(&[("q", q)])
        .bearer_auth(token)
        .send()
        .await
        .expect("search");
    read(response).await
}

/// Waits until the index is open: until then only exact hits are answered.
async fn index_ready(app: &TestApp) {
    eventually("the search index to open", || async {
        (search_as(app, &app.token, "x").await.0 == 200).then_some(())
    })
    .await;
}

/// Waits until a search for `q` finds a result for which `wanted` holds; the results.
async fn found(app: &TestApp, token: &str, q: &str, wanted: impl Fn(&Value) -> bool) -> Value {
    eventually(&format!("a search for {q:?} to find it"), || async {
        let (status, body) = search_as(app, token, q).await;
        (status == 200 && body["results"].as_array()?.iter().any(&wanted)).then_some(body)
    })
    .await
}

/// A search for "warmtepomp" once it finds both documents of case `id`: the case and its message,
/// indexed (or rebuilt) one after the other.
async fn case_and_message(app: &TestApp, id: i64) -> Value {
    eventually("the case and its message to be found", || async {
        let (status, body) = search_as(app, &app.token, "warmtepomp").await;
        let results = body["results"].as_array()?;
        let has = |kind: &str| {
            results
                .iter()
                .any(|r| r["kind"] == kind && r["case_id"] == id)
        };
        (status == 200 && has("case") && has("message")).then_some(body)
    })
    .await
}

fn is_case(id: i64) -> impl Fn(&Value) -> bool {
    move |result| result["case_id"] == id
}

async fn customer(app: &TestApp, body: Value) -> i64 {
    let (status, customer) = app.post("/api/v1/customers", &body).await;
    assert_eq!(status, 201, "{customer}");
    customer["id"].as_i64().expect("id")
}

async fn case(
    app: &TestApp,
    customer_id: i64,
    subject: &str,
    message: &str,
    team: Option<i64>,
) -> i64 {
    let (status, case) = app
        .post(
            "/api/v1/cases",
            &json!({"customer_id": customer_id, "channel": "email", "subject": subject,
                    "message": message, "team_id": team}),
        )
        .await;
    assert_eq!(status, 201, "{case}");
    case["id"].as_i64().expect("id")
}

#[tokio::test]
async fn words_are_found_in_their_other_forms_and_without_accents() {
    let app = TestApp::spawn().await;
    let ana = customer(
        &app,
        json!({"name": "Ayşe Çelik", "email": "ayse@example.nl"}),
    )
    .await;
    let dutch = case(
        &app,
        ana,
        "Vraag",
        "Mijn factuur van maart klopt niet",
        None,
    )
    .await;
    let english = case(
        &app,
        ana,
        "Question",
        "The invoice for March is wrong",
        None,
    )
    .await;
    let other = case(&app, ana, "Verhuizing", "Ik verhuis volgende maand", None).await;

    let body = found(&app, &app.token, "facturen", is_case(dutch)).await;
    assert!(
        !body["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(is_case(other)),
        "{body}"
    );
    let hit = &body["results"][0];
    assert_eq!(hit["kind"], "message");
    assert_eq!(hit["case_number"], dutch);
    assert_eq!(hit["url"], format!("/cases/{dutch}#i{}", hit["id"]));
    let [start, end] = [0, 1].map(|i| hit["highlights"][0][i].as_u64().expect("offset") as usize);
    let snippet: Vec<char> = hit["snippet"].as_str().expect("snippet").chars().collect();
    assert_eq!(snippet[start..end].iter().collect::<String>(), "factuur");

    found(&app, &app.token, "invoices", is_case(english)).await;
    let body = found(&app, &app.token, "celik", |r| {
        r["kind"] == "customer" && r["id"] == ana
    })
    .await;
    assert_eq!(body["results"][0]["title"], "Ayşe Çelik");
    assert_eq!(body["results"][0]["url"], format!("/customers/{ana}"));
}

#[tokio::test]
async fn case_numbers_email_addresses_and_phone_numbers_are_found_directly() {
    let app = TestApp::spawn().await;
    let daan = customer(
        &app,
        json!({"name": "Daan Jansen", "email": "Daan.Jansen@Example.nl", "phone": "+31612345678"}),
    )
    .await;
    let other = customer(
        &app,
        json!({"name": "Daan de Boer", "email": "boer@example.nl"}),
    )
    .await;
    let id = case(&app, daan, "Storing", "Geen stroom sinds vanochtend", None).await;
    index_ready(&app).await;

    for q in [format!("#{id}"), id.to_string()] {
        let (status, body) = search_as(&app, &app.token, &q).await;
        assert_eq!(status, 200, "{body}");
        let first = &body["results"][0];
        assert_eq!(
            (first["kind"].as_str(), first["id"].as_i64()),
            (Some("case"), Some(id)),
            "{q}: {body}"
        );
        assert_eq!(first["url"], format!("/cases/{id}"));
    }
    for q in [
        "daan.jansen@example.nl",
        "06 12 34 56 78",
        "0612345678",
        "+31 6 1234 5678",
    ] {
        let (status, body) = search_as(&app, &app.token, q).await;
        assert_eq!(status, 200, "{body}");
        let first = &body["results"][0];
        assert_eq!(
            (first["kind"].as_str(), first["id"].as_i64()),
            (Some("customer"), Some(daan)),
            "{q}: {body}"
        );
        assert_ne!(first["id"], other);
    }
    let (_, body) = search_as(&app, &app.token, "#999999").await;
    assert_eq!(body["total"], 0, "no such case: {body}");
}

#[tokio::test]
async fn a_new_message_is_found_shortly_after_it_is_posted() {
    let app = TestApp::spawn().await;
    let sanne = customer(
        &app,
        json!({"name": "Sanne Visser", "email": "sanne@example.nl"}),
    )
    .await;
    let id = case(
        &app,
        sanne,
        "Meterstand",
        "Hoe geef ik mijn meterstand door?",
        None,
    )
    .await;
    found(&app, &app.token, "meterstand", is_case(id)).await;
    let (_, body) = search_as(&app, &app.token, "zonnepanelen").await;
    assert_eq!(body["total"], 0, "{body}");

    let (status, reply) = app
        .post(
            &format!("/api/v1/cases/{id}/messages"),
            &json!({"body": "Met zonnepanelen telt de teruglevering mee."}),
        )
        .await;
    assert_eq!(status, 201, "{reply}");
    found(&app, &app.token, "zonnepanelen", |r| {
        r["kind"] == "message" && r["case_id"] == id
    })
    .await;

    let (status, _) = app
        .patch(
            &format!("/api/v1/cases/{id}"),
            &json!({"subject": "Teruglevering"}),
        )
        .await;
    assert_eq!(status, 200);
    found(&app, &app.token, "teruglevering", |r| {
        r["kind"] == "case" && r["id"] == id
    })
    .await;
}

#[tokio::test]
async fn searchers_find_only_what_their_role_and_teams_may_see() {
    let app = TestApp::spawn().await;
    let admin = app.token_for(Role::Admin).await;
    let team = |name: &'static str| {
        let admin = admin.clone();
        let app = &app;
        async move {
            let response = app
                .client
                .post(app.url("/api/v1/teams"))
                .bearer_auth(&admin)
                .json(&json!({"name": name}))
                .send()
                .await
                .expect("team");
            let (status, team) = read(response).await;
            assert_eq!(status, 201, "{team}");
            team["id"].as_i64().expect("id")
        }
    };
    let (billing, outages) = (team("Facturatie").await, team("Storingen").await);
    let lotte = store::agents::create(
        &app.db,
        store::agents::NewAgent {
            email: "lotte@polderstroom.nl",
            name: "Lotte",
            role: Role::Agent,
            password_hash: None,
            language: "nl",
            team_ids: &[billing],
        },
        &store::events::Actor::System,
    )
    .await
    .expect("agent");
    let lotte_token = store::tokens::create(
        &app.db,
        "lotte",
        Role::Agent,
        Some(lotte.id),
        &store::events::Actor::Agent(lotte.id),
    )
    .await
    .expect("token")
    .1;
    let analyst = app.token_for(Role::Analyst).await;
    let kees = customer(
        &app,
        json!({"name": "Kees Bakker", "email": "kees@example.nl"}),
    )
    .await;
    let theirs = case(
        &app,
        kees,
        "Dubbele afschrijving",
        "Twee keer afgeschreven voor de aansluiting",
        Some(billing),
    )
    .await;
    let hidden = case(
        &app,
        kees,
        "Storing aansluiting",
        "De aansluiting is stuk",
        Some(outages),
    )
    .await;
    let open = case(
        &app,
        kees,
        "Aansluiting verhuizen",
        "Mijn aansluiting moet mee",
        None,
    )
    .await;

    // An admin sees all three.
    let body = found(&app, &admin, "aansluiting", is_case(open)).await;
    let results = body["results"].as_array().expect("results");
    assert!(
        [theirs, hidden]
            .iter()
            .all(|id| results.iter().any(is_case(*id))),
        "{body}"
    );

    let (status, body) = search_as(&app, &lotte_token, "aansluiting").await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().expect("results");
    assert!(
        results.iter().any(is_case(theirs)) && results.iter().any(is_case(open)),
        "{body}"
    );
    assert!(
        !results.iter().any(is_case(hidden)),
        "another team's case: {body}"
    );
    let (_, body) = search_as(&app, &lotte_token, &format!("#{hidden}")).await;
    assert_eq!(body["total"], 0, "not by number either: {body}");

    let (status, body) = search_as(&app, &analyst, "aansluiting").await;
    assert_eq!(status, 200, "{body}");
    let results = body["results"].as_array().expect("results");
    assert!(
        results
            .iter()
            .any(|r| r["kind"] == "case" && r["id"] == open),
        "{body}"
    );
    assert!(
        results.iter().all(|r| r["kind"] != "message"),
        "no message bodies: {body}"
    );

    let response = app
        .client
        .get(app.url("/api/v1/search?q=aansluiting"))
        .send()
        .await
        .expect("search");
    assert_eq!(read(response).await.0, 401);
}

#[tokio::test]
async fn a_removed_index_is_rebuilt_at_start_and_finds_the_same() {
    let app = TestApp::spawn().await;
    let piet = customer(
        &app,
        json!({"name": "Piet Smit", "email": "piet@example.nl"}),
    )
    .await;
    let id = case(
        &app,
        piet,
        "Warmtepomp",
        "De warmtepompen maken lawaai",
        None,
    )
    .await;
    let before = case_and_message(&app, id).await;

    let app = app.restart().await;
    let after_restart = found(&app, &app.token, "warmtepomp", is_case(id)).await;
    assert_eq!(
        after_restart["total"], before["total"],
        "{before} {after_restart}"
    );

    let index = app.search_index.clone();
    assert!(index.join("meta.json").exists(), "{}", index.display());
    let app = app.restart_without_index().await;
    let rebuilt = case_and_message(&app, id).await;
    assert_eq!(rebuilt["results"], before["results"]);
    assert!(index.join("meta.json").exists());
}

#[tokio::test]
async fn hostile_queries_get_an_answer_never_a_server_error() {
    let app = TestApp::spawn().await;
    let jan = customer(
        &app,
        json!({"name": "Jan Mulder", "email": "jan@example.nl"}),
    )
    .await;
    let id = case(
        &app,
        jan,
        "Vraag",
        "Een vraag over \"AND\" en *sterren*",
        None,
    )
    .await;
    found(&app, &app.token, "sterren", is_case(id)).await;
    let long = "factuur ".repeat(1300);
    for q in [
        "\"",
        "\"factuur",
        "AND OR",
        "OR",
        "NOT",
        "*",
        "fact*",
        "a:b",
        "title:(x",
        "[1 TO 5]",
        "~2",
        "\u{0}\u{7}\u{1b}[31m",
        "#",
        "#-1",
        "#99999999999999999999",
        "@",
        "a@",
        "+",
        "(((",
        "\\",
        "ﬁ ß ǅ",
        "🙂",
        &long,
        "%",
        "' OR 1=1 --",
    ] {
        let (status, body) = search_as(&app, &app.token, q).await;
        assert!(status == 200 || status == 400, "{q:?}: {status} {body}");
        if status == 400 {
            assert!(
                body["error"].is_string() && body["message"].is_string(),
                "{body}"
            );
        }
    }
    let (status, body) = search_as(&app, &app.token, &long).await;
    assert_eq!(
        (status, body["error"].as_str()),
        (400, Some("query_too_long"))
    );
    let (status, body) = search_as(&app, &app.token, "sterren\u{0}").await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body["results"]
            .as_array()
            .expect("results")
            .iter()
            .any(is_case(id))
    );
    for path in [
        "/api/v1/search",
        "/api/v1/search?q=x&limit=0",
        "/api/v1/search?q=x&limit=abc",
    ] {
        let (status, body) = app.get(path).await;
        assert_eq!(status, 400, "{path}: {body}");
    }
}

#[tokio::test]
async fn the_search_page_groups_results_and_marks_matches_safely() {
    let app = TestApp::spawn().await;
    let browser = crate::ui::logged_in(&app).await;
    let eva = customer(
        &app,
        json!({"name": "Eva <b>Bos</b>", "email": "eva@example.nl"}),
    )
    .await;
    let id = case(
        &app,
        eva,
        "Factuur",
        "<script>alert(1)</script> mijn factuur",
        None,
    )
    .await;
    found(&app, &app.token, "facturen", is_case(id)).await;
    let page = browser
        .get(app.url("/search?q=facturen"))
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 200);
    let html = page.text().await.expect("html");
    assert!(html.contains("<mark>factuur</mark>"), "{html}");
    assert!(
        html.contains("&#60;script&#62;") && !html.contains("<script>alert"),
        "{html}"
    );
    assert!(html.contains(&format!("href=\"/cases/{id}\"")), "{html}");
    assert!(
        html.contains("<h2>Zaken</h2>") && html.contains("<h2>Berichten</h2>"),
        "{html}"
    );
    assert!(
        html.contains("value=\"facturen\" maxlength=\"200\""),
        "the header box keeps the query"
    );

    let long = "x".repeat(300);
    let page = browser
        .get(app.url("/search"))
        .query(&[("q", &long)])
        .send()
        .await
        .expect("page");
    assert_eq!(page.status(), 400);
    assert!(
        page.text()
            .await
            .expect("html")
            .contains("hoogstens 200 tekens")
    );
}
