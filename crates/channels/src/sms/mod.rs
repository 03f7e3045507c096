//! SMS and WhatsApp providers (Twilio, MessageBird): webhooks in, HTTP API out.
//!
//! Each provider keeps its own wire format in its own module; everything leaving this module is
//! provider-neutral ([`InboundMessage`], [`StatusUpdate`]), so the rest of Klantbeeld never branches
//! on the provider. Webhooks are authenticated before a single field is read.

mod config;
mod form;
mod messagebird;
mod send;
mod signature;
mod twilio;

use std::fmt;

use domain::PhoneE164;
use serde::{Deserialize, Serialize};

pub use config::{InvalidProviderConfig, ProviderConfig};
pub use send::{SendError, SmsSender};
pub use signature::{sign_messagebird, sign_twilio};

/// The SMS/WhatsApp providers Klantbeeld speaks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Provider {
    Twilio,
    MessageBird,
}

impl Provider {
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Twilio => "twilio",
            Provider::MessageBird => "messagebird",
        }
    }
}

impl fmt::Display for Provider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A message a customer sent us, whichever provider carried it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InboundMessage {
    /// The provider's message id: the idempotency key, so a redelivered webhook stores nothing twice.
    pub provider_id: String,
    /// The sender in E.164, without Twilio's `whatsapp:` prefix.
    pub from: String,
    /// Our number (E.164) when it is one, else the provider's name for the receiving channel.
    pub to: String,
    pub body: String,
    /// The customer's WhatsApp profile name, when the provider passes it on.
    pub profile_name: Option<String>,
    pub media_urls: Vec<String>,
}

/// A provider's report on a message we sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatusUpdate {
    pub provider_id: String,
    pub status: DeliveryStatus,
    /// The provider's error code and reason, for a failed message.
    pub error: Option<String>,
}

/// Where an outbound message is, in the provider-neutral terms agents see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryStatus {
    Queued,
    Sent,
    Delivered,
    Read,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Queued => "queued",
            DeliveryStatus::Sent => "sent",
            DeliveryStatus::Delivered => "delivered",
            DeliveryStatus::Read => "read",
            DeliveryStatus::Failed => "failed",
        }
    }

    /// How far along a message is. Providers do not promise callbacks in order, so a store keeps
    /// the status with the highest rank rather than the last one to arrive.
    pub fn rank(self) -> u8 {
        match self {
            DeliveryStatus::Queued => 0,
            DeliveryStatus::Sent => 1,
            DeliveryStatus::Delivered => 2,
            DeliveryStatus::Read => 3,
            DeliveryStatus::Failed => 4,
        }
    }
}

impl fmt::Display for DeliveryStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What an authenticated provider webhook told us.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Webhook {
    Message(InboundMessage),
    Status(StatusUpdate),
}

/// The parts of an HTTP request a webhook's signature and content depend on, free of any web
/// framework so this crate stays one.
#[derive(Debug, Clone, Copy)]
pub struct WebhookRequest<'a> {
    /// The full public URL the provider called, including the query (Twilio signs it as is).
    pub url: &'a str,
    /// The raw query string, without `?`.
    pub query: &'a str,
    pub content_type: Option<&'a str>,
    /// Header names in any case.
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a [u8],
}

impl WebhookRequest<'_> {
    /// The first header with this name, compared case-insensitively as HTTP requires.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(key, _)| key.eq_ignore_ascii_case(name))
            .map(|(_, value)| *value)
    }

    /// Whether the body is a form (media type compared without parameters such as `charset`).
    fn is_form(&self) -> bool {
        self.content_type.is_some_and(|ct| {
            ct.split(';').next().is_some_and(|media| {
                media
                    .trim()
                    .eq_ignore_ascii_case("application/x-www-form-urlencoded")
            })
        })
    }
}

/// Why a webhook was refused. The web layer answers `BadSignature` with 401, `Malformed` with 422 and
/// `Unsupported` (a genuine event we have no use for, such as an echo of our own message) with 200,
/// so the provider does not retry it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("webhook signature missing or invalid")]
    BadSignature,
    #[error("malformed webhook: {0}")]
    Malformed(String),
    #[error("webhook event not used by Klantbeeld")]
    Unsupported,
}

/// Authenticates a provider's webhook, then turns it into a [`Webhook`]. Nothing in the request is
/// interpreted before its signature checks out; a missing signature is a bad one.
pub fn parse_webhook(
    config: &ProviderConfig,
    req: &WebhookRequest,
) -> Result<Webhook, WebhookError> {
    match config.provider {
        Provider::Twilio => twilio::parse_webhook(config, req),
        Provider::MessageBird => messagebird::parse_webhook(config, req),
    }
}

/// Longest text we accept in one message: WhatsApp allows 4096 characters and Twilio concatenates
/// SMS up to 1600, so this only stops abuse.
const MAX_BODY_CHARS: usize = 20_000;
/// Longest id or channel name we store.
const MAX_ID_CHARS: usize = 200;
/// Providers send at most 10 media items per message.
const MAX_MEDIA: usize = 10;

fn malformed(message: impl Into<String>) -> WebhookError {
    WebhookError::Malformed(message.into())
}

/// A sender's number in E.164. Twilio writes WhatsApp senders as `whatsapp:+316…`, MessageBird
/// writes international numbers without `+`.
fn phone_number(raw: &str, field: &str) -> Result<String, WebhookError> {
    let number = raw.trim();
    let number = number.strip_prefix("whatsapp:").unwrap_or(number);
    let msisdn = !number.starts_with('0') && number.bytes().all(|b| b.is_ascii_digit());
    let international = if !number.is_empty() && msisdn {
        format!("+{number}")
    } else {
        number.to_owned()
    };
    PhoneE164::parse(&international)
        .map(|phone| phone.as_str().to_owned())
        .map_err(|e| malformed(format!("{field}: {e}")))
}

/// Our receiving side: a number when it is one, else kept as the provider's channel name.
fn receiver(raw: &str, field: &str) -> Result<String, WebhookError> {
    phone_number(raw, field).or_else(|_| identifier(raw, field))
}

/// A provider id or name: present, at most [`MAX_ID_CHARS`], no control characters.
fn identifier(raw: &str, field: &str) -> Result<String, WebhookError> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(malformed(format!("{field} is missing")));
    }
    if value.chars().count() > MAX_ID_CHARS || value.chars().any(char::is_control) {
        return Err(malformed(format!(
            "{field} must be at most {MAX_ID_CHARS} visible characters"
        )));
    }
    Ok(value.to_owned())
}

/// Message text as the customer wrote it, bounded, and without NUL (which no database stores).
fn message_text(raw: &str) -> Result<String, WebhookError> {
    if raw.chars().count() > MAX_BODY_CHARS {
        return Err(malformed(format!(
            "message text is longer than {MAX_BODY_CHARS} characters"
        )));
    }
    if raw.contains('\0') {
        return Err(malformed("message text contains a NUL character"));
    }
    Ok(raw.to_owned())
}

/// An optional display name: blank means absent.
fn profile_name(raw: Option<&str>) -> Result<Option<String>, WebhookError> {
    match raw.map(str::trim).filter(|name| !name.is_empty()) {
        Some(name) => identifier(name, "profile name").map(Some),
        None => Ok(None),
    }
}

fn media_url(raw: &str) -> Result<String, WebhookError> {
    let url = raw.trim();
    let scheme_ok = url.starts_with("https://") || url.starts_with("http://");
    if !scheme_ok || url.len() > 2048 || url.chars().any(char::is_control) {
        return Err(malformed(
            "media URL must be an http(s) URL of at most 2048 bytes",
        ));
    }
    Ok(url.to_owned())
}

/// Provider error details, bounded for storage and logs.
fn error_detail(code: Option<&str>, reason: Option<&str>) -> Option<String> {
    fn clean(text: Option<&str>) -> Option<&str> {
        text.map(str::trim).filter(|t| !t.is_empty() && *t != "0")
    }
    let detail = match (clean(code), clean(reason)) {
        (Some(code), Some(reason)) => format!("{code}: {reason}"),
        (Some(one), None) | (None, Some(one)) => one.to_owned(),
        (None, None) => return None,
    };
    Some(
        detail
            .chars()
            .filter(|c| !c.is_control())
            .take(500)
            .collect(),
    )
}
