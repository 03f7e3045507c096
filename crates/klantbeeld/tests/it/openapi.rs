//! `/api/openapi.json` against the routes: every API and hook route `router.rs` registers is
//! described, every description's route answers, and every schema it names is in the document.

use serde_json::Value;

use crate::helpers::TestApp;

async fn document(app: &TestApp) -> Value {
    let (status, doc) = crate::helpers::read(
        app.client
            .get(app.url("/api/openapi.json"))
            .send()
            .await
            .expect("request"),
    )
    .await;
    assert_eq!(status, 200);
    doc
}

#[tokio::test]
async fn every_api_and_hook_route_is_in_the_openapi_document() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    assert!(
        doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")),
        "{}",
        doc["openapi"]
    );
    let routes = web::described_routes();
    assert!(routes.len() >= 63, "{} routes", routes.len());
    assert!(
        routes
            .iter()
            .any(|(m, p)| m == "post" && p == "/hooks/phone/{inbox}")
    );
    for (method, path) in &routes {
        let operation = &doc["paths"][path][method];
        assert!(
            operation["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{method} {path} is routed but not described in /api/openapi.json"
        );
        assert!(
            operation["responses"].is_object(),
            "{method} {path} has no responses"
        );
    }
    let described = doc["paths"]
        .as_object()
        .expect("paths")
        .iter()
        .flat_map(|(path, item)| {
            item.as_object()
                .into_iter()
                .flat_map(|ops| ops.keys())
                .filter(|m| ["get", "put", "post", "delete", "patch"].contains(&m.as_str()))
                .map(move |m| (m.clone(), path.clone()))
        })
        .count();
    assert_eq!(
        described,
        routes.len(),
        "the document describes a route that is not registered"
    );
}

#[tokio::test]
async fn every_schema_the_document_names_is_in_it() {
    let app = TestApp::spawn().await;
    let doc = document(&app).await;
    let text = doc.to_string();
    let schemas = doc["components"]["schemas"].as_object().expect("schemas");
    for part in text.split("\"#/components/schemas/").skip(1) {
        let name = part.split('"').next().unwrap_or_default();
        assert!(
            schemas.contains_key(name),
            "{name} is referred to but not defined"
        );
    }
}

#[tokio::test]
async fn every_described_operation_is_routed() {
    let app = TestApp::spawn().await;
    let token = app.token_for(domain::Role::Admin).await;
    for (method, path) in web::described_routes() {
        let url = path
            .replace("{metric}", "nps")
            .replace("{id}", "1")
            .replace("{inbox}", "1");
        let answer = app
            .client
            .request(
                method.to_uppercase().parse().expect("method"),
                app.url(&url),
            )
            .bearer_auth(&token)
            .send()
            .await
            .expect("request");
        let status = answer.status().as_u16();
        let (_, body) = crate::helpers::read(answer).await;
        assert_ne!(status, 405, "{method} {url}");
        assert!(status < 500, "{method} {url}: {status} {body}");
        assert_ne!(body["error"], "route_not_found", "{method} {url}");
        assert!(
            body.is_object() || status < 300,
            "{method} {url}: {status} is not JSON"
        );
    }
}
