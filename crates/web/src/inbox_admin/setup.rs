//! A new email or phone inbox gets a random webhook secret unless the admin gives one, and the
//! answer that creates it (API or admin page) shows the secret once, with the configuration to
//! paste into the mail server or PBX. Afterwards the secret is redacted like every other.

use domain::InboxKind;
use serde::Serialize;
use serde_json::{Map, Value};

/// Shown once, when the inbox is created.
#[derive(Debug, Serialize)]
pub struct Setup {
    pub webhook_secret: String,
    /// The hook's full address.
    pub hook_url: String,
    /// Ready-to-paste configuration: what it is for, and the text.
    pub instructions: Vec<Instruction>,
}

#[derive(Debug, Serialize)]
pub struct Instruction {
    pub name: &'static str,
    pub text: String,
}

/// Gives an email or phone inbox a webhook secret when the settings name none; the new secret.
pub fn generate_secret(kind: InboxKind, settings: &mut Map<String, Value>) -> Option<String> {
    if !matches!(kind, InboxKind::Email | InboxKind::Phone)
        || settings.contains_key("webhook_secret")
    {
        return None;
    }
    let secret = store::generate_secret("whk_");
    settings.insert("webhook_secret".into(), Value::String(secret.clone()));
    Some(secret)
}

pub fn setup(kind: InboxKind, base: &str, hook_path: &str, secret: String) -> Setup {
    let url = format!("{base}{hook_path}");
    let instructions = match kind {
        InboxKind::Email => vec![
            Instruction {
                name: "postfix_master_cf",
                text: format!(
                    "klantbeeld unix - n n - - pipe\n  flags=Rq user=nobody argv=/usr/bin/curl -fsS --data-binary @- \
                     -H {{Content-Type: message/rfc822}} -H {{Authorization: Bearer {secret}}} {url}"
                ),
            },
            Instruction {
                name: "postfix_transport",
                text: "support@example.nl  klantbeeld:".to_string(),
            },
            Instruction {
                name: "curl",
                text: format!(
                    "curl -fsS --data-binary @message.eml -H 'Content-Type: message/rfc822' \
                     -H 'Authorization: Bearer {secret}' {url}"
                ),
            },
        ],
        _ => vec![
            Instruction {
                name: "pbx_webhook",
                text: format!(
                    "POST {url}\nContent-Type: application/json\nAuthorization: Bearer {secret}\n\
                     (or sign the body: X-Klantbeeld-Signature: sha256=<hex HMAC-SHA256 of the body with the secret>)"
                ),
            },
            Instruction {
                name: "curl",
                text: format!(
                    "curl -fsS -H 'Content-Type: application/json' -H 'Authorization: Bearer {secret}' \
                     -d '{{\"call_id\": \"test-1\", \"event\": \"queued\", \"caller\": \"+31201234567\"}}' {url}"
                ),
            },
        ],
    };
    Setup {
        webhook_secret: secret,
        hook_url: url,
        instructions,
    }
}
