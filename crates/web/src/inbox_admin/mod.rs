//! Inbox administration shared by `/api/v1/inboxes` and the admin page `/admin/inboxes`: the
//! settings each kind of inbox takes, checked before they are stored, and an inbox as admins see
//! it. Secrets in settings are write-only: every answer shows them as `********`, and sending that
//! back keeps the old value, except when the host it is sent to changes: then the secret must be
//! given again. A new inbox's webhook secret and setup instructions are in [`setup`].

pub mod setup;

use channels::sms::ProviderConfig;
use domain::InboxKind;
use serde::Serialize;
use serde_json::{Map, Value};
use store::channels::inboxes::Inbox;

use crate::email_intake;
use crate::error::{ApiError, ApiResult, ErrorCode};

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
    /// `base` is where websites load the widget from ([`crate::public_address::public_base`]): the snippet is pasted into
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
pub fn keep_unchanged_secrets(
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
    use serde_json::json;

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
