//! Saved views: personal ones stay with their maker, team ones reach the team.

use domain::Role;
use serde_json::{Value, json};

use super::{agent, page, session, team};
use crate::agents::call;
use crate::helpers::TestApp;
use crate::ui::{csrf_of, logged_in};

fn names(views: &Value) -> Vec<&str> {
    views
        .as_array()
        .expect("a list")
        .iter()
        .map(|v| v["name"].as_str().expect("name"))
        .collect()
}

#[tokio::test]
async fn a_personal_view_stays_with_its_maker_and_a_team_view_reaches_the_team() {
    let app = TestApp::spawn().await;
    let support = team(&app, "Support").await;
    let billing = team(&app, "Facturen").await;
    let (_, anna) = agent(&app, "anna.v@polderstroom.nl", Role::Agent, &[support]).await;
    let (_, bram) = agent(&app, "bram@polderstroom.nl", Role::Agent, &[support]).await;
    let (_, cees) = agent(&app, "cees@polderstroom.nl", Role::Agent, &[billing]).await;
    let post = reqwest::Method::POST;
    let (status, mine) = call(&app, &anna, post.clone(), "/api/v1/views", Some(json!({
        "name": "Mijn open zaken", "filter": {"status": "open", "assignee": "me"}, "sort": "updated", "order": "desc"}))).await;
    assert_eq!(status, 201, "{mine}");
    assert_eq!(
        mine["href"],
        "/inbox?status=open&assignee=me&sort=updated&order=desc"
    );
    assert!(mine["team_id"].is_null());
    let (status, shared) = call(&app, &anna, post.clone(), "/api/v1/views", Some(json!({
        "name": "Urgent per klant", "team_id": support, "filter": {"status": "all"}, "sort": "customer"}))).await;
    assert_eq!(status, 201, "{shared}");
    assert_eq!(shared["order"], "");
    assert_eq!(shared["href"], "/inbox?status=all&sort=customer&order=asc");

    let get = reqwest::Method::GET;
    let (_, seen) = call(&app, &anna, get.clone(), "/api/v1/views", None).await;
    assert_eq!(names(&seen), vec!["Mijn open zaken", "Urgent per klant"]);
    let (_, seen) = call(&app, &bram, get.clone(), "/api/v1/views", None).await;
    assert_eq!(
        names(&seen),
        vec!["Urgent per klant"],
        "a team mate sees the team's view only"
    );
    let (_, seen) = call(&app, &cees, get.clone(), "/api/v1/views", None).await;
    assert!(names(&seen).is_empty(), "another team sees neither");

    // Sharing with a team one is not in, or saving nonsense, is refused.
    let (status, _) = call(
        &app,
        &cees,
        post.clone(),
        "/api/v1/views",
        Some(json!({"name": "X", "team_id": support})),
    )
    .await;
    assert_eq!(status, 422);
    for bad in [
        json!({"name": "X", "sort": "cu.name"}),
        json!({"name": "X", "filter": {"status": "weg"}}),
        json!({"name": " "}),
        json!({"name": "X", "order": "up"}),
    ] {
        let (status, body) = call(
            &app,
            &anna,
            post.clone(),
            "/api/v1/views",
            Some(bad.clone()),
        )
        .await;
        assert_eq!(status, 422, "{bad}: {body}");
    }
    // A token no agent made has no views.
    let (status, body) = app.get("/api/v1/views").await;
    assert_eq!((status, body["error"].as_str()), (422, Some("no_agent")));

    let delete = reqwest::Method::DELETE;
    let shared_path = format!("/api/v1/views/{}", shared["id"]);
    let (status, _) = call(&app, &bram, delete.clone(), &shared_path, None).await;
    assert_eq!(status, 403, "only its maker deletes it");
    let (status, _) = call(&app, &cees, delete.clone(), &shared_path, None).await;
    assert_eq!(status, 404, "a view one can't see isn't there");
    let (status, _) = call(&app, &anna, delete.clone(), &shared_path, None).await;
    assert_eq!(status, 204);
    let (_, seen) = call(&app, &bram, get, "/api/v1/views", None).await;
    assert!(names(&seen).is_empty());

    // In the UI the team's views are listed with the inbox.
    let (_, again) = call(
        &app,
        &anna,
        post,
        "/api/v1/views",
        Some(json!({"name": "Team nieuw", "team_id": support, "filter": {"status": "new"}})),
    )
    .await;
    assert_eq!(again["href"], "/inbox?status=new");
    let bram_ui = session(&app, "bram@polderstroom.nl").await;
    let html = page(&bram_ui, &app, "/inbox").await;
    assert!(
        html.contains("<a href=\"/inbox?status=new\">Team nieuw</a>"),
        "{html}"
    );
    assert!(!html.contains("Mijn open zaken"));
    let cees_ui = session(&app, "cees@polderstroom.nl").await;
    assert!(!page(&cees_ui, &app, "/inbox").await.contains("Team nieuw"));
}

#[tokio::test]
async fn an_agent_saves_the_inbox_as_shown_and_finds_it_again() {
    let app = TestApp::spawn().await;
    let client = logged_in(&app).await;
    let html = page(&client, &app, "/inbox?status=open&sort=subject&order=asc").await;
    let csrf = csrf_of(&html);
    let saved = client
        .post(app.url("/inbox/views"))
        .form(&[
            ("csrf", csrf.as_str()),
            ("name", "Open op onderwerp"),
            ("share", ""),
            ("back", "/inbox?status=open&sort=subject&order=asc"),
        ])
        .send()
        .await
        .expect("save");
    assert_eq!(saved.status(), 303);
    let location = saved.headers()["location"]
        .to_str()
        .expect("location")
        .to_string();
    assert!(
        location.starts_with("/inbox?status=open&sort=subject&order=asc"),
        "{location}"
    );
    let html = page(&client, &app, "/inbox").await;
    assert!(
        html.contains(
            "<a href=\"/inbox?status=open&#38;sort=subject&#38;order=asc\">Open op onderwerp</a>"
        ),
        "{html}"
    );
    let id: i64 = app.texts("SELECT CAST(id AS TEXT) FROM saved_views").await[0]
        .parse()
        .expect("id");
    let deleted = client
        .post(app.url(&format!("/inbox/views/{id}/delete")))
        .form(&[("csrf", csrf.as_str())])
        .send()
        .await
        .expect("delete");
    assert_eq!(deleted.status(), 303);
    assert!(
        !page(&client, &app, "/inbox")
            .await
            .contains("Open op onderwerp")
    );
}
