//! `/api/v1/inboxes`: the configured endpoints of each channel. Admins create them; the answer
//! names the webhook (or widget snippet) to give the outside system. Secrets in settings are
//! write-only: every answer shows them as `********`, and sending that back keeps the old value,
//! except when the host it is sent to changes: then the secret must be given again.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use channels::sms::ProviderConfig;
use domain::InboxKind;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use store::channels::inboxes::{self, Inbox};

use super::inbox_setup::{Setup, generate_secret, public_base, setup};
use crate::auth::{Administer, Caller};
use crate::email_intake;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::extract::{ApiJson, ApiPath};
use crate::input::{parse_enum, required_text};
use crate::state::AppState;

/// Settings keys whose values are secrets.
const SECRET_KEYS: &[&str] = &[
    "password",
    "auth_token",
    "secret",
    "signing_key",
    "access_key",
    "webhook_secret",
    "smtp_url",
];
const REDACTED: &str = "********";
/// Settings keys that say where the secrets next to them are sent (IMAP server, provider API).
const DESTINATION_KEYS: &[&str] = &["host", "port", "tls", "base_url", "conversations_url"];

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

/// An inbox as the API shows it: secrets redacted, with where to connect it.
#[derive(Debug, Serialize)]
pub struct InboxView {
    pub id: i64,
    pub kind: InboxKind,
    pub name: String,
    pub settings: Value,
    pub active: bool,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The webhook path for email, SMS, WhatsApp and phone inboxes.
    pub hook_url: Option<String>,
    /// The snippet that puts a chat inbox's widget on a website.
    pub widget_snippet: Option<String>,
}

impl InboxView {
    /// `base` is where websites load the widget from ([`public_base`]): the snippet is pasted into
    /// pages on other origins, so it names our address in full.
    pub fn new(inbox: Inbox, base: &str) -> Self {
        let (hook_url, widget_snippet) = match inbox.kind {
            InboxKind::Chat => (
                None,
                Some(format!(
                    r#"<script src="{base}/widget.js" data-inbox="{}" defer></script>"#,
                    inbox.id
                )),
            ),
            kind => (Some(format!("/hooks/{}/{}", kind.as_str(), inbox.id)), None),
        };
        InboxView {
            id: inbox.id,
            kind: inbox.kind,
            name: inbox.name,
            settings: redact(&inbox.settings),
            active: inbox.active,
            created_at: inbox.created_at,
            hook_url,
            widget_snippet,
        }
    }
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

/// Checks the settings each kind of inbox uses; keys it does not know are kept as given.
pub fn validate_settings(kind: InboxKind, settings: Map<String, Value>) -> ApiResult<Value> {
    let invalid = |message: String| ApiError::unprocessable(ErrorCode::InvalidSettings, message);
    for (key, value) in &settings {
        if let Some(text) = value.as_str()
            && text.contains('\0')
        {
            return Err(invalid(format!(
                "settings.{key} must not contain NUL characters"
            )));
        }
    }
    let settings = Value::Object(settings);
    match kind {
        InboxKind::Email => email_intake::settings::check(&settings).map_err(invalid)?,
        InboxKind::Sms | InboxKind::Whatsapp => {
            serde_json::from_value::<ProviderConfig>(settings.clone())
                .map_err(|e| invalid(format!("provider settings: {e}")))?;
        }
        InboxKind::Phone => {
            for key in ["callback_after_wait_seconds", "service_level_seconds"] {
                if let Some(value) = settings.get(key)
                    && value.as_u64().is_none_or(|n| n > 86_400)
                {
                    return Err(invalid(format!(
                        "settings.{key} must be a number of seconds"
                    )));
                }
            }
            if let Some(value) = settings.get("callback_on_abandon")
                && !value.is_boolean()
            {
                return Err(invalid(
                    "settings.callback_on_abandon must be true or false".into(),
                ));
            }
        }
        InboxKind::Chat => {}
    }
    if let Some(value) = settings.get("open_webhook")
        && !value.is_boolean()
    {
        return Err(invalid(
            "settings.open_webhook must be true or false".into(),
        ));
    }
    for key in [
        "webhook_secret",
        "authserv_id",
        "greeting",
        "offline_message",
    ] {
        if let Some(value) = settings.get(key)
            && !value
                .as_str()
                .is_some_and(|s| !s.trim().is_empty() && s.len() <= 1000)
        {
            return Err(invalid(format!("settings.{key} must be a non-empty text")));
        }
    }
    Ok(settings)
}

/// The settings with every secret replaced by a placeholder, at any depth.
fn redact(settings: &Value) -> Value {
    match settings {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = if SECRET_KEYS.contains(&key.as_str()) && !value.is_null() {
                        Value::String(REDACTED.into())
                    } else {
                        redact(value)
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        other => other.clone(),
    }
}

/// A secret sent back as the placeholder keeps its stored value, unless a key next to it that
/// says where it is sent changed: then the path of that secret is the error.
fn keep_unchanged_secrets(
    settings: &mut Map<String, Value>,
    stored: &Value,
    path: &str,
) -> Result<(), String> {
    let moved = DESTINATION_KEYS
        .iter()
        .any(|key| settings.get(*key) != stored.get(*key));
    for (key, value) in settings.iter_mut() {
        match value {
            Value::String(text) if text == REDACTED => {
                if moved {
                    return Err(format!("{path}.{key}"));
                }
                if let Some(old) = stored.get(key) {
                    *value = old.clone();
                }
            }
            Value::Object(inner) => {
                keep_unchanged_secrets(
                    inner,
                    stored.get(key).unwrap_or(&Value::Null),
                    &format!("{path}.{key}"),
                )?;
            }
            _ => {}
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_at_any_depth_and_kept_when_sent_back() {
        let stored = json!({"address": "a@b.nl", "imap": {"host": "h", "password": "geheim"}, "smtp_url": "smtp://u:p@h"});
        let shown = redact(&stored);
        assert_eq!(shown["imap"]["password"], REDACTED);
        assert_eq!(shown["smtp_url"], REDACTED);
        assert_eq!(shown["address"], "a@b.nl");
        let Value::Object(mut sent_back) = shown else {
            panic!("an object")
        };
        keep_unchanged_secrets(&mut sent_back, &stored, "settings").expect("kept");
        assert_eq!(Value::Object(sent_back), stored);
    }

    #[test]
    fn a_kept_secret_may_not_follow_a_changed_host() {
        let stored = json!({"imap": {"host": "imap.polderstroom.nl", "password": "geheim"}});
        let Value::Object(mut moved) =
            json!({"imap": {"host": "imap.evil.example", "password": REDACTED}})
        else {
            panic!("an object")
        };
        assert_eq!(
            keep_unchanged_secrets(&mut moved, &stored, "settings"),
            Err("settings.imap.password".to_string())
        );
    }
}
