//! One provider account as configured in settings: where to call, how to authenticate, and how to
//! check what the provider calls us with.

use std::fmt;

use serde::Deserialize;

use super::Provider;

const TWILIO_API: &str = "https://api.twilio.com";
const MESSAGEBIRD_API: &str = "https://rest.messagebird.com";
const MESSAGEBIRD_CONVERSATIONS: &str = "https://conversations.messagebird.com";

/// One provider account. Read from JSON settings; every URL is overridable so tests and staging can
/// point at a local mock. `Debug` never shows the secrets.
#[derive(Clone, PartialEq, Eq, Deserialize)]
#[serde(try_from = "RawProviderConfig")]
pub struct ProviderConfig {
    pub provider: Provider,
    /// API root without trailing slash: `https://api.twilio.com` or `https://rest.messagebird.com`.
    pub base_url: String,
    /// MessageBird's Conversations API root, through which WhatsApp is sent; unused for Twilio.
    pub conversations_url: String,
    /// Twilio's Account SID; unused for MessageBird.
    pub account: String,
    /// Twilio auth token or MessageBird access key: authenticates our outbound calls.
    pub secret: String,
    /// The key provider webhooks are signed with: Twilio's auth token again, MessageBird's signing key.
    pub signing_key: String,
    /// Our sender: a number, alphanumeric sender id, or (MessageBird WhatsApp) the channel id.
    pub from: String,
}

impl ProviderConfig {
    /// A Twilio account with the public API; the auth token also signs its webhooks.
    pub fn twilio(account_sid: &str, auth_token: &str, from: &str) -> Self {
        ProviderConfig {
            provider: Provider::Twilio,
            base_url: TWILIO_API.to_owned(),
            conversations_url: MESSAGEBIRD_CONVERSATIONS.to_owned(),
            account: account_sid.to_owned(),
            secret: auth_token.to_owned(),
            signing_key: auth_token.to_owned(),
            from: from.to_owned(),
        }
    }

    /// A MessageBird account with the public APIs.
    pub fn messagebird(access_key: &str, signing_key: &str, from: &str) -> Self {
        ProviderConfig {
            provider: Provider::MessageBird,
            base_url: MESSAGEBIRD_API.to_owned(),
            conversations_url: MESSAGEBIRD_CONVERSATIONS.to_owned(),
            account: String::new(),
            secret: access_key.to_owned(),
            signing_key: signing_key.to_owned(),
            from: from.to_owned(),
        }
    }
}

impl fmt::Debug for ProviderConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProviderConfig")
            .field("provider", &self.provider)
            .field("base_url", &self.base_url)
            .field("conversations_url", &self.conversations_url)
            .field("account", &self.account)
            .field("secret", &"[redacted]")
            .field("signing_key", &"[redacted]")
            .field("from", &self.from)
            .finish()
    }
}

/// Settings that cannot work, reported when they are loaded rather than at the first message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid SMS provider settings: {0}")]
pub struct InvalidProviderConfig(String);

/// The settings as written, before defaults and checks.
#[derive(Deserialize)]
struct RawProviderConfig {
    provider: Provider,
    base_url: Option<String>,
    conversations_url: Option<String>,
    #[serde(default, alias = "account_sid")]
    account: String,
    #[serde(alias = "auth_token", alias = "access_key")]
    secret: String,
    signing_key: Option<String>,
    from: String,
}

impl TryFrom<RawProviderConfig> for ProviderConfig {
    type Error = InvalidProviderConfig;

    fn try_from(raw: RawProviderConfig) -> Result<Self, Self::Error> {
        let invalid = |message: &str| Err(InvalidProviderConfig(message.to_owned()));
        let base_url = match raw.base_url {
            Some(url) => url,
            None => match raw.provider {
                Provider::Twilio => TWILIO_API.to_owned(),
                Provider::MessageBird => MESSAGEBIRD_API.to_owned(),
            },
        };
        let conversations_url = raw
            .conversations_url
            .unwrap_or_else(|| MESSAGEBIRD_CONVERSATIONS.to_owned());
        let signing_key = match (raw.provider, raw.signing_key) {
            (_, Some(key)) => key,
            (Provider::Twilio, None) => raw.secret.clone(),
            (Provider::MessageBird, None) => {
                return invalid("messagebird needs signing_key (from its developer settings)");
            }
        };
        for url in [&base_url, &conversations_url] {
            if !(url.starts_with("https://") || url.starts_with("http://")) {
                return invalid(
                    "base_url and conversations_url must start with https:// or http://",
                );
            }
        }
        if raw.secret.trim().is_empty() || signing_key.trim().is_empty() {
            return invalid("secret and signing_key must not be empty");
        }
        if raw.from.trim().is_empty() {
            return invalid("from (our sender) must not be empty");
        }
        if raw.provider == Provider::Twilio && !valid_account_sid(&raw.account) {
            return invalid("twilio needs account, the Account SID (letters and digits)");
        }
        Ok(ProviderConfig {
            provider: raw.provider,
            base_url: base_url.trim_end_matches('/').to_owned(),
            conversations_url: conversations_url.trim_end_matches('/').to_owned(),
            account: raw.account,
            secret: raw.secret,
            signing_key,
            from: raw.from.trim().to_owned(),
        })
    }
}

/// Twilio's Account SID goes into the request path, so it may only hold letters and digits.
pub(super) fn valid_account_sid(account: &str) -> bool {
    !account.is_empty() && account.bytes().all(|b| b.is_ascii_alphanumeric())
}
