//! Two agents working one callback list: whoever says "Ik bel" first holds the callback, the
//! other sees who is calling and cannot record an outcome for it, and a forgotten claim lapses.

use domain::Role;
use serde_json::json;

use crate::helpers::TestApp;
use crate::ui::{csrf_of, logged_in};

const BRAM_PASSWORD: &str = "bram-zijn-lange-wachtwoord";

async fn bram(app: &TestApp) -> reqwest::Client {
    let hash = web::hash_password(BRAM_PASSWORD).expect("hash");
    let new = store::agents::NewAgent {
        email: "bram@polderstroom.nl",
        name: "Bram Jansen",
        role: Role::Agent,
        password_hash: Some(&hash),
        language: "nl",
        team_ids: &[],
    };
    store::agents::create(&app.db, new, &store::events::Actor::System)
        .await
        .expect("agent");
    crate::helpers::logged_in_as(app, "bram@polderstroom.nl", BRAM_PASSWORD).await
}

async fn page(app: &TestApp, client: &reqwest::Client) -> String {
    let response = client
        .get(app.url("/callbacks"))
        .send()
        .await
        .expect("page");
    assert_eq!(response.status(), 200);
    response.text().await.expect("html")
}

/// Posts a form of the list page and answers the notice it redirects to.
async fn act(
    app: &TestApp,
    client: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> String {
    let csrf = csrf_of(&page(app, client).await);
    let mut form = vec![("csrf", csrf.as_str())];
    form.extend_from_slice(fields);
    let response = client
        .post(app.url(path))
        .form(&form)
        .send()
        .await
        .expect("post");
    assert_eq!(response.status(), 303);
    response.headers()["location"]
        .to_str()
        .unwrap_or("")
        .to_string()
}

#[tokio::test]
async fn two_agents_never_call_the_same_customer() {
    let app = TestApp::spawn().await;
    let (status, callback) = app
        .post(
            "/api/v1/callbacks",
            &json!({"phone": "+31612345678", "reason": "Vraag over mijn factuur"}),
        )
        .await;
    assert_eq!(status, 201, "{callback}");
    let id = callback["id"].as_i64().expect("id");
    let anna = logged_in(&app).await;
    let bram = bram(&app).await;

    let before = page(&app, &bram).await;
    assert!(
        before.contains(&format!("/callbacks/{id}/claim")),
        "{before}"
    );
    assert!(
        !before.contains("tel:+31612345678"),
        "the number is dialled once claimed"
    );

    let claimed = act(&app, &anna, &format!("/callbacks/{id}/claim"), &[]).await;
    assert!(claimed.contains("callback_claimed"), "{claimed}");
    let annas = page(&app, &anna).await;
    assert!(annas.contains("tel:+31612345678"), "{annas}");
    assert!(
        annas.contains("<option value=\"\" selected disabled>Kies de uitkomst</option>"),
        "no outcome is chosen for her: {annas}"
    );

    let brams = page(&app, &bram).await;
    assert!(brams.contains("Anna de Vries belt sinds"), "{brams}");
    assert!(!brams.contains(&format!("/callbacks/{id}/claim")));
    assert!(!brams.contains(&format!("/callbacks/{id}/attempts")));
    let taken = act(&app, &bram, &format!("/callbacks/{id}/claim"), &[]).await;
    assert!(taken.contains("callback_taken"), "{taken}");
    let taken = act(
        &app,
        &bram,
        &format!("/callbacks/{id}/attempts"),
        &[("outcome", "reached")],
    )
    .await;
    assert!(taken.contains("callback_taken"), "{taken}");
    let (_, unchanged) = app.get(&format!("/api/v1/callbacks/{id}")).await;
    assert_eq!(unchanged["attempts"], 0, "Bram's outcome changed nothing");
    assert_eq!(unchanged["status"], "requested");

    // Anna gets no answer: the claim ends with her attempt, and Bram may try later.
    let recorded = act(
        &app,
        &anna,
        &format!("/callbacks/{id}/attempts"),
        &[("outcome", "no_answer")],
    )
    .await;
    assert!(recorded.contains("callback_recorded"), "{recorded}");
    let claimed = act(&app, &bram, &format!("/callbacks/{id}/claim"), &[]).await;
    assert!(claimed.contains("callback_claimed"), "{claimed}");
    let released = act(&app, &bram, &format!("/callbacks/{id}/release"), &[]).await;
    assert!(released.contains("callback_released"), "{released}");

    // A claim nobody acts on lapses after half an hour.
    act(&app, &anna, &format!("/callbacks/{id}/claim"), &[]).await;
    app.execute("UPDATE callbacks SET claimed_at = '2020-01-01 00:00:00+00:00'")
        .await;
    let claimed = act(&app, &bram, &format!("/callbacks/{id}/claim"), &[]).await;
    assert!(claimed.contains("callback_claimed"), "{claimed}");

    // The API says the same: 409 while Bram calls, 422 for a token no agent made.
    let token = app.token_for(Role::Agent).await;
    let api = app
        .client
        .post(app.url(&format!("/api/v1/callbacks/{id}/claim")))
        .bearer_auth(&token)
        .send()
        .await
        .expect("claim");
    assert_eq!(api.status(), 422);
    let attempt = app
        .client
        .post(app.url(&format!("/api/v1/callbacks/{id}/attempts")))
        .bearer_auth(&token)
        .json(&json!({"outcome": "reached"}))
        .send()
        .await
        .expect("attempt");
    assert_eq!(attempt.status(), 409);
}
