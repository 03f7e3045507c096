//! `/api/v1/inboxes`: the configured endpoints of each channel. Admins create them; the answer
//! names the webhook (or widget snippet) to give the outside system. Settings are checked and
//! their secrets redacted by [`crate::inbox_admin`].

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use domain::InboxKind;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use store::channels::inboxes;

use crate::auth::{Administer, Caller};
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::inbox_admin::setup::{Setup, generate_secret, setup};
use crate::inbox_admin::{InboxView, keep_unchanged_secrets, validate_settings};
use crate::input::{parse_enum, required_text};
use crate::public_address::public_base;
use crate::state::AppState;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CreateInbox {
    kind: String,
    name: String,
    #[serde(default)]
    settings: Map<String, Value>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UpdateInbox {
    name: Option<String>,
    settings: Option<Map<String, Value>>,
    active: Option<bool>,
}

/// The answer to a new inbox: the inbox, and once only its generated webhook secret with setup.
#[derive(Debug, Serialize)]
pub struct CreatedInbox {
    #[serde(flatten)]
    pub inbox: InboxView,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub setup: Option<Setup>,
}

#[utoipa::path(
    post,
    path = "/inboxes",
    tag = "inboxes",
    summary = "Create an inbox (admin): {kind: email|chat|sms|whatsapp|phone, name, settings}",
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 201, description = "The inbox with hook_url or widget snippet; an email or phone inbox without a given webhook_secret gets a random one, shown only here in setup {webhook_secret, hook_url, instructions} with the MTA/PBX configuration", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid settings", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn create(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiJson(body): ApiJson<CreateInbox>,
) -> ApiResult<(StatusCode, Json<CreatedInbox>)> {
    let kind = parse_enum::<InboxKind>("kind", &body.kind)?;
    let name = required_text("name", &body.name, 100)?;
    let mut settings = body.settings;
    let secret = generate_secret(kind, &mut settings);
    let settings = validate_settings(kind, settings)?;
    let base = public_base(&state, &headers);
    let inbox = InboxView::new(
        inboxes::create(&state.db, kind, &name, &settings, &caller.actor).await?,
        &base,
    );
    let setup = match (secret, &inbox.hook_url) {
        (Some(secret), Some(path)) => Some(setup(kind, &base, path, secret)),
        _ => None,
    };
    Ok((StatusCode::CREATED, Json(CreatedInbox { inbox, setup })))
}

#[utoipa::path(
    get,
    path = "/inboxes",
    tag = "inboxes",
    summary = "Inboxes (admin)",
    responses(
        (status = 200, description = "Inboxes with secrets redacted", body = ref("#/components/schemas/Items")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn list(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    headers: HeaderMap,
) -> ApiResult<Json<Value>> {
    let base = public_base(&state, &headers);
    let inboxes: Vec<InboxView> = inboxes::list(&state.db)
        .await?
        .into_iter()
        .map(|inbox| InboxView::new(inbox, &base))
        .collect();
    Ok(Json(json!({ "items": inboxes })))
}

#[utoipa::path(
    get,
    path = "/inboxes/{id}",
    tag = "inboxes",
    summary = "One inbox (admin), secrets redacted, with its hook_url or widget snippet",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    responses(
        (status = 200, description = "The inbox", body = ref("#/components/schemas/Object")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such inbox", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn get(
    _caller: Caller<Administer>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<InboxView>> {
    let inbox = inboxes::get(&state.db, id).await?;
    Ok(Json(InboxView::new(inbox, &public_base(&state, &headers))))
}

#[utoipa::path(
    patch,
    path = "/inboxes/{id}",
    tag = "inboxes",
    summary = "Change an inbox (admin): {name?, settings? (merged), active?}",
    params(
        ("id" = i64, Path, minimum = 1),
    ),
    request_body(content = ref("#/components/schemas/Object"), content_type = "application/json"),
    responses(
        (status = 200, description = "The inbox", body = ref("#/components/schemas/Object")),
        (status = 400, description = "Malformed JSON", body = ref("#/components/schemas/Error")),
        (status = 401, description = "No or unknown API token", body = ref("#/components/schemas/Error")),
        (status = 403, description = "The token's role may not do this", body = ref("#/components/schemas/Error")),
        (status = 404, description = "No such inbox", body = ref("#/components/schemas/Error")),
        (status = 422, description = "Invalid settings", body = ref("#/components/schemas/Error")),
    ),
)]
pub async fn update(
    caller: Caller<Administer>,
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<UpdateInbox>,
) -> ApiResult<Json<InboxView>> {
    let current = inboxes::get(&state.db, id).await?;
    let name = match &body.name {
        Some(name) => required_text("name", name, 100)?,
        None => current.name.clone(),
    };
    let settings = match body.settings {
        Some(mut settings) => {
            keep_unchanged_secrets(&mut settings, &current.settings, "settings").map_err(
                |path| {
                    ApiError::unprocessable(
                        ErrorCode::SecretRequired,
                        format!("{path} must be given again: the host it is sent to changed"),
                    )
                },
            )?;
            validate_settings(current.kind, settings)?
        }
        None => current.settings.0.clone(),
    };
    let active = body.active.unwrap_or(current.active);
    let inbox = inboxes::update(&state.db, id, &name, &settings, active, &caller.actor).await?;
    Ok(Json(InboxView::new(inbox, &public_base(&state, &headers))))
}
