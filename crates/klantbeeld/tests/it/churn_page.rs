//! The churn page `/churn` and its drill-down `/churn/customers`, on a server whose fact store
//! the test fills by hand: five customers, of whom three were active on 1 January 2025; two of
//! those left in 2025 (March: price, July: moved), so the churn rate of 2025 is 2 of 3 = 66.7 %.
//! One left in 2024 and one started in February 2025: neither is counted.

use analytics::{CustomerProfile, FactStore, Relationship};
use chrono::{DateTime, TimeZone, Utc};
use domain::Role;
use klantbeeld::config::Config;
use store::Db;
use store::events::Actor;
use store::relationships::Change;

use crate::helpers::fresh_database;
use crate::ui::csrf_of;

const PASSWORD: &str = "een-lang-wachtwoord";
const YEAR: &str = "from=2025-01-01&to=2025-12-31";

struct ChurnApp {
    base: String,
    state: web::AppState,
    /// Customer ids: stays, leaves in March, leaves in July, left in 2024, new in February.
    ids: [i64; 5],
    _dir: Option<tempfile::TempDir>,
}

fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, 12, 0, 0).unwrap()
}

async fn customer(db: &Db, name: &str) -> i64 {
    let new = store::customers::NewCustomer {
        name: name.into(),
        language: None,
        attributes: Default::default(),
        identities: Vec::new(),
    };
    store::customers::create(db, new, &Actor::System)
        .await
        .expect("customer")
        .id
}

async fn change(db: &Db, id: i64, change: Change<'_>, when: DateTime<Utc>) {
    let mut tx = db.begin_write().await.expect("tx");
    tx.change_relationship(id, change, when, &Actor::System)
        .await
        .expect("relationship");
    tx.commit().await.expect("commit");
}

/// The server without its loader and jobs: the fact store holds what the test puts in, and is
/// still loading unless `load`.
async fn spawn_with(load: bool) -> ChurnApp {
    let (url, dir) = fresh_database().await;
    let config = Config {
        database_url: url,
        ..Config::default()
    };
    let db = klantbeeld::server::open_database(&config)
        .await
        .expect("database");
    let hash = web::hash_password(PASSWORD).expect("hash");
    store::agents::create(
        &db,
        store::agents::NewAgent {
            email: "piet@polderstroom.nl",
            name: "Piet",
            role: Role::Agent,
            password_hash: Some(&hash),
            language: "nl",
            team_ids: &[],
        },
        &Actor::System,
    )
    .await
    .expect("agent");
    let mut ids = [0; 5];
    for (slot, name) in ids
        .iter_mut()
        .zip(["Blijft", "Prijsbewust", "Verhuisd", "Oud", "Nieuw"])
    {
        *slot = customer(&db, name).await;
    }
    let ends = [
        (at(2024, 6, 1), None),
        (at(2024, 6, 1), Some((at(2025, 3, 15), "price"))),
        (at(2024, 6, 1), Some((at(2025, 7, 10), "moved"))),
        (at(2024, 1, 1), Some((at(2024, 12, 1), "service"))),
        (at(2025, 2, 1), None),
    ];
    for (id, (started, ended)) in ids.iter().zip(ends) {
        change(&db, *id, Change::Started, started).await;
        if let Some((when, reason)) = ended {
            let cancelled = Change::Cancelled { reason, note: None };
            change(&db, *id, cancelled, when).await;
        }
    }
    let state = web::AppState::new(db, config.web()).expect("state");
    let mut facts = FactStore::new();
    for (id, (started, ended)) in ids.iter().zip(ends) {
        facts
            .customers
            .upsert(&CustomerProfile {
                customer_id: *id,
                segment: Some("smb"),
                attributes: &[],
            })
            .expect("profile");
        let relationship = Relationship {
            started_at: started.timestamp(),
            ended_at: ended.map(|(when, _)| when.timestamp()),
            end_reason: ended.map(|(_, reason)| reason),
        };
        facts
            .customers
            .set_relationships(*id, &[relationship])
            .expect("relationships");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    let app = web::router(state.clone());
    tokio::spawn(async move {
        let app = app.into_make_service_with_connect_info::<std::net::SocketAddr>();
        axum::serve(listener, app).await.expect("serve");
    });
    let churn_app = ChurnApp {
        base,
        state,
        ids,
        _dir: dir,
    };
    if load {
        churn_app.state.facts.finish_loading(facts);
    }
    churn_app
}

async fn spawn() -> ChurnApp {
    spawn_with(true).await
}

impl ChurnApp {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    async fn client(&self) -> reqwest::Client {
        let client = reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client");
        let response = client
            .post(self.url("/login"))
            .form(&[
                ("email", "piet@polderstroom.nl"),
                ("password", PASSWORD),
                ("next", "/churn"),
            ])
            .send()
            .await
            .expect("login");
        assert_eq!(response.status(), 303, "an agent logs in");
        client
    }
}

async fn page(client: &reqwest::Client, app: &ChurnApp, path: &str) -> (u16, String) {
    let response = client.get(app.url(path)).send().await.expect("page");
    let status = response.status().as_u16();
    (status, response.text().await.expect("html"))
}

/// The customer ids a drill-down lists, in order.
fn listed(html: &str) -> Vec<i64> {
    let table = html
        .split("data-drill=\"customers\"")
        .nth(1)
        .unwrap_or_default();
    table
        .split("<a href=\"/customers/")
        .skip(1)
        .filter_map(|rest| rest.split('"').next()?.parse().ok())
        .collect()
}

/// The href of the first link after `marker`.
fn link_after(html: &str, marker: &str) -> String {
    let rest = &html[html.find(marker).unwrap_or_else(|| panic!("{marker}"))..];
    let start = rest.find("href=\"").expect("a link") + 6;
    rest[start..]
        .split('"')
        .next()
        .expect("href")
        .replace("&#38;", "&")
        .replace("&amp;", "&")
}

#[tokio::test]
async fn churn_page_shows_the_rate_of_the_period_in_dutch_and_english() {
    let app = spawn().await;
    let client = app.client().await;
    let (status, html) = page(&client, &app, &format!("/churn?{YEAR}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("href=\"/churn\" aria-current=\"page\""),
        "nav entry"
    );
    for section in [
        "Klantverloop",
        "Klantverloop per maand",
        "Redenen van vertrek",
        "Klantverloop naar service-ervaring",
        "Wat drijft het?",
        "Klanten met risico op vertrek",
    ] {
        assert!(html.contains(section), "{section}");
    }
    let rate = &html[html.find("data-churn-rate").expect("the rate")..];
    assert!(rate.contains("66,7 %"), "2 of 3 left");
    assert!(html.contains("2 vertrokken · n = <a"), "churned and n");
    assert!(html.contains("klantverloop = % van de klanten"), "formula");
    // Twelve months, each its own window, tested for a trend.
    let trend = &html[html.find("data-churn-trend").expect("the trend")..];
    assert!(trend[..200].contains("n = 12"), "{}", &trend[..200]);
    assert_eq!(
        html.matches("<tr><th scope=\"row\">01-").count(),
        12,
        "a row per month"
    );
    assert!(
        html.contains("outcome=detractor#drivers"),
        "the drivers' switch"
    );
    // Reasons of the ends in 2025: one price, one moved, of two.
    assert!(html.contains("<th scope=\"row\">Prijs</th><td>1</td><td>50,0 %</td>"));
    assert!(html.contains("<th scope=\"row\">Verhuisd</th><td>1</td><td>50,0 %</td>"));
    assert!(
        !html.contains(">Service</th>"),
        "the 2024 end is not in 2025"
    );
    assert!(html.contains("Het model wordt nog berekend."));
    assert!(html.contains("class=\"scroll\" tabindex=\"0\""));

    let switched = client
        .post(app.url("/language"))
        .form(&[
            ("csrf", csrf_of(&html).as_str()),
            ("lang", "en"),
            ("back", "/churn"),
        ])
        .send()
        .await
        .expect("language");
    assert_eq!(switched.status(), 303);
    let (status, html) = page(&client, &app, &format!("/churn?{YEAR}")).await;
    assert_eq!(status, 200);
    for section in [
        "Churn rate",
        "Churn by month",
        "Reasons for leaving",
        "Churn by service experience",
        "What drives it?",
        "Customers at risk",
    ] {
        assert!(html.contains(section), "{section}");
    }
    let rate = &html[html.find("data-churn-rate").expect("the rate")..];
    assert!(rate.contains("66.7%"));
    assert!(html.contains("<th scope=\"row\">Price</th><td>1</td><td>50.0%</td>"));
}

#[tokio::test]
async fn churn_page_drill_downs_list_exactly_the_customers_behind_a_figure() {
    let app = spawn().await;
    let client = app.client().await;
    let (_, html) = page(&client, &app, &format!("/churn?{YEAR}")).await;
    let [stays, march, july, _, _] = app.ids;

    let churned = link_after(&html, "data-churn-rate");
    let (status, listing) = page(&client, &app, &churned).await;
    assert_eq!(status, 200, "{churned}");
    assert_eq!(listed(&listing), [march, july]);
    assert!(listing.contains("Prijsbewust") && listing.contains("n = 2"));

    let everyone = link_after(&html, "vertrokken · n = ");
    let (_, listing) = page(&client, &app, &everyone).await;
    assert_eq!(listed(&listing), [stays, march, july]);

    // No customer had contacts: the "0" row of the contacts table counts the same three.
    let contacts = link_after(&html, "data-churn=\"contacts\"");
    assert!(contacts.contains("filter.contacts=0"), "{contacts}");
    let (_, listing) = page(&client, &app, &contacts).await;
    assert_eq!(listed(&listing), [march, july]);

    // March on its own: of the three active on 1 March, one left.
    let (_, listing) = page(
        &client,
        &app,
        "/churn/customers?from=2025-03-01&to=2025-03-31&side=churned",
    )
    .await;
    assert_eq!(listed(&listing), [march]);

    // A driver's value opens its customers: everyone with a segment, or those who left.
    let (status, listing) = page(
        &client,
        &app,
        &format!("/churn/customers?{YEAR}&outcome=churn&attribute=segment&value=smb&side=outcome"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(listed(&listing), [march, july]);
}

#[tokio::test]
async fn churn_page_refuses_bad_query_strings_with_a_400_page() {
    let app = spawn().await;
    let client = app.client().await;
    for path in [
        "/churn?from=2025-13-01",
        "/churn?from=2025-06-01&to=2025-01-01",
        "/churn?colour=red",
        "/churn?outcome=happiness",
        "/churn/customers?side=maybe",
        "/churn/customers?filter.colour=red",
        "/churn/customers?attribute=segment&outcome=happiness",
        "/churn/customers?attribute=segment&side=maybe",
    ] {
        let (status, html) = page(&client, &app, path).await;
        assert_eq!(status, 400, "{path}");
        assert!(html.contains("<html"), "{path}: a page");
    }
}

#[tokio::test]
async fn churn_page_shows_the_loading_notice_until_the_facts_are_loaded() {
    let app = spawn_with(false).await;
    let client = app.client().await;
    let (status, html) = page(&client, &app, "/churn").await;
    assert_eq!(status, 200);
    assert!(html.contains("De cijfers worden nog geladen"));
    assert!(!html.contains("data-churn-rate"));
}
