use serde_json::json;

use crate::helpers::TestApp;

#[tokio::test]
async fn customers_are_created_with_normalised_identities_and_found_by_them() {
    let app = TestApp::spawn().await;
    let (status, created) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Anna de Vries", "email": " Anna.deVries@Example.NL ", "phone": "06 12345678",
                    "language": "nl", "attributes": {"segment": "vip", "since": 2019}}),
        )
        .await;
    assert_eq!(status, 201, "{created}");
    let id = created["id"].as_i64().expect("id");
    let values: Vec<&str> = created["identities"]
        .as_array()
        .expect("identities")
        .iter()
        .map(|i| i["value"].as_str().unwrap_or(""))
        .collect();
    assert!(values.contains(&"anna.devries@example.nl"), "{values:?}");
    assert!(values.contains(&"+31612345678"), "{values:?}");

    let (status, read) = app.get(&format!("/api/v1/customers/{id}")).await;
    assert_eq!(status, 200);
    assert_eq!(read["attributes"]["segment"], "vip");
    assert_eq!(read["attributes"]["since"], 2019);

    for query in [
        "email=ANNA.devries%40example.nl",
        "phone=%2B31%206%201234%205678",
        "name=vries",
        "attribute=segment:vip",
    ] {
        let (status, page) = app.get(&format!("/api/v1/customers?{query}")).await;
        assert_eq!(status, 200, "{query}: {page}");
        assert_eq!(
            page["items"].as_array().map(Vec::len),
            Some(1),
            "{query}: {page}"
        );
        assert_eq!(page["items"][0]["id"], id);
    }
    let (_, none) = app.get("/api/v1/customers?attribute=segment:basis").await;
    assert_eq!(none["items"].as_array().map(Vec::len), Some(0));
}

#[tokio::test]
async fn an_identity_belongs_to_one_customer_only() {
    let app = TestApp::spawn().await;
    let (status, _) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sem Bakker", "email": "sem@example.nl"}),
        )
        .await;
    assert_eq!(status, 201);
    let before = app.count("customers").await;
    let (status, body) = app
        .post(
            "/api/v1/customers",
            &json!({"name": "Sem B.", "email": "SEM@example.nl"}),
        )
        .await;
    assert_eq!(status, 409, "{body}");
    assert_eq!(body["error"], "conflict");
    assert!(
        body["message"]
            .as_str()
            .unwrap_or("")
            .contains("sem@example.nl")
    );
    assert_eq!(
        app.count("customers").await,
        before,
        "a refused customer is not half-written"
    );
}

#[tokio::test]
async fn patching_merges_attributes_and_adds_identities() {
    let app = TestApp::spawn().await;
    let (_, created) = app
        .post("/api/v1/customers", &json!({"name": "Fatima el Amrani", "attributes": {"segment": "particulier", "plan": "glasvezel"}}))
        .await;
    let id = created["id"].as_i64().expect("id");
    let (status, patched) = app
        .patch(
            &format!("/api/v1/customers/{id}"),
            &json!({"attributes": {"plan": null, "city": "Utrecht"}, "phone": "+31 6 87654321", "language": "en"}),
        )
        .await;
    assert_eq!(status, 200, "{patched}");
    assert_eq!(
        patched["attributes"],
        json!({"segment": "particulier", "city": "Utrecht"})
    );
    assert_eq!(patched["language"], "en");
    assert_eq!(patched["identities"][0]["value"], "+31687654321");
    let events = app.count("events WHERE kind = 'customer.updated'").await;
    assert_eq!(events, 1, "every change writes its event");
}

#[tokio::test]
async fn customer_lists_page_with_a_keyset_cursor() {
    let app = TestApp::spawn().await;
    for n in 0..7 {
        let (status, _) = app
            .post("/api/v1/customers", &json!({"name": format!("Klant {n}")}))
            .await;
        assert_eq!(status, 201);
    }
    let mut seen = Vec::new();
    let mut path = "/api/v1/customers?limit=3".to_string();
    loop {
        let (status, page) = app.get(&path).await;
        assert_eq!(status, 200, "{page}");
        seen.extend(
            page["items"]
                .as_array()
                .expect("items")
                .iter()
                .map(|c| c["id"].as_i64().expect("id")),
        );
        match page["next_cursor"].as_str() {
            Some(cursor) => path = format!("/api/v1/customers?limit=3&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 7);
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    assert_eq!(seen, sorted, "newest first, no repeats");
}

/// Names found by an agent who types them without the accents, or in another case: SQLite's
/// `lower()` folds ASCII only, so `Çelik` and `Öztürk` were found by nobody.
#[tokio::test]
async fn customer_search_folds_case_and_accents_for_all_of_unicode() {
    let app = TestApp::spawn().await;
    for name in [
        "Emre Çelik",
        "Zeynep Öztürk",
        "Mehmet Yılmaz",
        "Ayşe Kaya",
        "Piet Jansen",
    ] {
        let (status, body) = app.post("/api/v1/customers", &json!({"name": name})).await;
        assert_eq!(status, 201, "{body}");
    }
    let (status, _) = app
        .post(
            "/api/v1/interactions",
            &json!({"channel": "email", "from": {"email": "sukru@example.nl", "name": "Şükrü Güneş"},
                    "subject": "Factuur", "body": "Mijn factuur klopt niet."}),
        )
        .await;
    assert_eq!(status, 201);

    let expected = [
        ("Çelik", "Emre Çelik"),
        ("celik", "Emre Çelik"),
        ("ÇELİK", "Emre Çelik"),
        ("öztürk", "Zeynep Öztürk"),
        ("OZTURK", "Zeynep Öztürk"),
        ("Yilmaz", "Mehmet Yılmaz"),
        ("yılmaz", "Mehmet Yılmaz"),
        ("Ayse", "Ayşe Kaya"),
        ("sukru gunes", "Şükrü Güneş"),
    ];
    for (query, name) in expected {
        let path = format!("/api/v1/customers?name={}", urlencoding(query));
        let (status, page) = app.get(&path).await;
        assert_eq!(status, 200, "{query}: {page}");
        let names: Vec<&str> = page["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|c| c["name"].as_str())
            .collect();
        assert_eq!(names, [name], "{query}");
    }
    let (_, wildcard) = app.get("/api/v1/customers?name=%25").await;
    assert_eq!(
        wildcard["items"].as_array().map(Vec::len),
        Some(0),
        "a % is a character, not a wildcard"
    );

    // A rename is found under the new name, and so is a customer written before the key existed.
    let (_, page) = app.get("/api/v1/customers?name=jansen").await;
    let id = page["items"][0]["id"].as_i64().expect("id");
    let (status, _) = app
        .patch(
            &format!("/api/v1/customers/{id}"),
            &json!({"name": "Piet Şahin"}),
        )
        .await;
    assert_eq!(status, 200);
    let (_, page) = app.get("/api/v1/customers?name=sahin").await;
    assert_eq!(page["items"][0]["id"], id);
    app.execute("UPDATE customers SET name_key = NULL").await;
    store::customers::fill_name_keys(&app.db)
        .await
        .expect("fill");
    let (_, page) = app.get("/api/v1/customers?name=celik").await;
    assert_eq!(page["items"][0]["name"], "Emre Çelik");
}

fn urlencoding(text: &str) -> String {
    let url = reqwest::Url::parse_with_params("http://x/", [("q", text)]).expect("url");
    url.query()
        .unwrap_or_default()
        .trim_start_matches("q=")
        .to_string()
}
