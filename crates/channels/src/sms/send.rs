//! Sending through the providers' HTTP APIs, with errors split by whether a retry can help.
//!
//! Routes: Twilio sends SMS and WhatsApp through one Messages endpoint (WhatsApp numbers carry a
//! `whatsapp:` prefix). MessageBird sends SMS through its SMS API (`/messages`) and WhatsApp through
//! its Conversations API (`/v1/send`, where `from` is the WhatsApp channel id), the route MessageBird
//! documents for WhatsApp.

use std::error::Error as _;
use std::time::Duration;

use domain::{Channel, PhoneE164};
use reqwest::header::{AUTHORIZATION, HeaderValue};
use reqwest::{Client, RequestBuilder, StatusCode, redirect};
use serde_json::{Value, json};

use super::config::valid_account_sid;
use super::{Provider, ProviderConfig};

/// Long enough for a slow provider, short enough that a worker is not stuck behind it.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(15);

/// Why a message was not sent. A `Transient` failure may still have reached the provider (a timeout
/// after it accepted), and neither provider takes an idempotency key, so a retry can rarely duplicate.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// The provider refused the message (4xx), or it can never be sent as asked (bad number,
    /// unusable settings): retrying will not help.
    #[error("message not sent: {0}")]
    Permanent(String),
    /// The provider was unreachable, too slow, overloaded or failing (5xx, 429): retry later.
    #[error("message not sent yet: {0}")]
    Transient(String),
}

impl SendError {
    pub fn is_transient(&self) -> bool {
        matches!(self, SendError::Transient(_))
    }
}

/// Sends messages through the configured provider. Cheap to clone; keep one per process so
/// connections are reused.
#[derive(Debug, Clone)]
pub struct SmsSender {
    client: Client,
    timeout: Duration,
}

impl Default for SmsSender {
    fn default() -> Self {
        Self::new()
    }
}

impl SmsSender {
    pub fn new() -> Self {
        Self::with_timeout(DEFAULT_TIMEOUT)
    }

    /// A sender that gives up on a provider after `timeout` (connecting included).
    pub fn with_timeout(timeout: Duration) -> Self {
        // Building fails only when the TLS backend cannot start, and then reqwest's default client
        // fails the same way, at start-up. Redirects are not followed: a provider never sends them,
        // and a POST must not be silently replayed elsewhere.
        let client = Client::builder()
            .connect_timeout(timeout)
            .redirect(redirect::Policy::none())
            .build()
            .unwrap_or_default();
        SmsSender { client, timeout }
    }

    /// Sends `body` to `to` (any spelling [`PhoneE164::parse`] accepts) over SMS or WhatsApp and
    /// returns the provider's message id, which its status callbacks will quote.
    pub async fn send(
        &self,
        config: &ProviderConfig,
        channel: Channel,
        to: &str,
        body: &str,
        status_callback: Option<&str>,
    ) -> Result<String, SendError> {
        let whatsapp = match channel {
            Channel::Sms => false,
            Channel::Whatsapp => true,
            other => {
                return Err(SendError::Permanent(format!(
                    "{other} messages are not sent through an SMS provider"
                )));
            }
        };
        let to = PhoneE164::parse(to.strip_prefix("whatsapp:").unwrap_or(to))
            .map_err(|e| SendError::Permanent(e.to_string()))?;
        if body.trim().is_empty() {
            return Err(SendError::Permanent("the message is empty".to_owned()));
        }
        let message = Outgoing {
            whatsapp,
            to: to.as_str(),
            body,
            status_callback,
        };
        let request = match config.provider {
            Provider::Twilio => self.twilio(config, &message)?,
            Provider::MessageBird => self.messagebird(config, &message)?,
        };
        let response = request
            .timeout(self.timeout)
            .send()
            .await
            .map_err(request_error)?;
        let status = response.status();
        let answer = response.bytes().await.map_err(request_error)?;
        let json: Value = serde_json::from_slice(&answer).unwrap_or(Value::Null);
        let provider = config.provider;
        if status.is_success() {
            let key = match provider {
                Provider::Twilio => "sid",
                Provider::MessageBird => "id",
            };
            return json[key]
                .as_str()
                .filter(|id| !id.trim().is_empty())
                .map(str::to_owned)
                // Not retried: the provider said yes, so the message may well be on its way.
                .ok_or_else(|| {
                    SendError::Permanent(format!(
                        "{provider} accepted the message but its answer has no {key}"
                    ))
                });
        }
        let detail = format!(
            "{provider} answered {status}: {}",
            provider_error(&json, &answer)
        );
        let retryable = status.is_server_error()
            || status == StatusCode::TOO_MANY_REQUESTS
            || status == StatusCode::REQUEST_TIMEOUT;
        Err(if retryable {
            SendError::Transient(detail)
        } else {
            SendError::Permanent(detail)
        })
    }

    /// `POST /2010-04-01/Accounts/{sid}/Messages.json`, form-encoded, HTTP basic auth.
    fn twilio(
        &self,
        config: &ProviderConfig,
        message: &Outgoing,
    ) -> Result<RequestBuilder, SendError> {
        if !valid_account_sid(&config.account) {
            return Err(SendError::Permanent(
                "the Twilio Account SID is missing or not letters and digits".to_owned(),
            ));
        }
        let (to, from) = if message.whatsapp {
            let from = config.from.trim_start_matches("whatsapp:");
            (
                format!("whatsapp:{}", message.to),
                format!("whatsapp:{from}"),
            )
        } else {
            (message.to.to_owned(), config.from.clone())
        };
        let mut form = vec![
            ("To", to),
            ("From", from),
            ("Body", message.body.to_owned()),
        ];
        if let Some(url) = message.status_callback {
            form.push(("StatusCallback", url.to_owned()));
        }
        let url = format!(
            "{}/2010-04-01/Accounts/{}/Messages.json",
            config.base_url.trim_end_matches('/'),
            config.account
        );
        Ok(self
            .client
            .post(url)
            .basic_auth(&config.account, Some(&config.secret))
            .form(&form))
    }

    /// SMS: `POST /messages`; WhatsApp: `POST {conversations}/v1/send`. JSON, `AccessKey` auth.
    fn messagebird(
        &self,
        config: &ProviderConfig,
        message: &Outgoing,
    ) -> Result<RequestBuilder, SendError> {
        let mut auth =
            HeaderValue::from_str(&format!("AccessKey {}", config.secret)).map_err(|_| {
                SendError::Permanent(
                    "the MessageBird access key has characters a header cannot hold".to_owned(),
                )
            })?;
        auth.set_sensitive(true);
        let (url, mut payload) = if message.whatsapp {
            (
                format!("{}/v1/send", config.conversations_url.trim_end_matches('/')),
                json!({
                    "to": message.to,
                    "from": config.from,
                    "type": "text",
                    "content": { "text": message.body },
                }),
            )
        } else {
            (
                format!("{}/messages", config.base_url.trim_end_matches('/')),
                json!({
                    "originator": config.from,
                    // MessageBird writes MSISDNs without the plus.
                    "recipients": [message.to.trim_start_matches('+')],
                    "body": message.body,
                }),
            )
        };
        if let Some(callback) = message.status_callback {
            payload["reportUrl"] = Value::from(callback);
        }
        Ok(self
            .client
            .post(url)
            .header(AUTHORIZATION, auth)
            .json(&payload))
    }
}

/// One message, checked and normalised, on its way to a provider.
struct Outgoing<'a> {
    whatsapp: bool,
    /// E.164.
    to: &'a str,
    body: &'a str,
    status_callback: Option<&'a str>,
}

/// A request that never got an answer. Only a URL reqwest cannot even build (bad settings) is
/// permanent; connecting, timing out and broken answers may succeed next time.
fn request_error(error: reqwest::Error) -> SendError {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    if error.is_builder() {
        SendError::Permanent(text)
    } else {
        SendError::Transient(text)
    }
}

/// The provider's own words: Twilio's `{code, message}`, MessageBird's `{errors: [{code,
/// description}]}`, else the start of the answer.
fn provider_error(json: &Value, answer: &[u8]) -> String {
    let first = &json["errors"][0];
    let (code, text) = if json["message"].is_string() {
        (&json["code"], &json["message"])
    } else {
        (&first["code"], &first["description"])
    };
    let detail = match (code, text.as_str()) {
        (Value::Null, Some(text)) => text.to_owned(),
        (code, Some(text)) => format!("{text} (code {code})"),
        (_, None) => String::from_utf8_lossy(answer).into_owned(),
    };
    detail
        .chars()
        .filter(|c| !c.is_control())
        .take(300)
        .collect()
}
