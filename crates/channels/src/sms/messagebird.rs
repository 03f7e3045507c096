//! MessageBird's webhooks. Two families reach us: the SMS API's flat fields (inbound messages and
//! delivery reports, as a query, a form or flat JSON) and the Conversations API's JSON events
//! (`message.created`, `message.updated`), through which WhatsApp arrives.
//!
//! The legacy `MessageBird-Signature` is checked; it carries a timestamp but freshness is not
//! enforced, because a replayed webhook repeats a provider id the store already holds.

use serde_json::Value;

use super::{
    DeliveryStatus, InboundMessage, MAX_MEDIA, ProviderConfig, StatusUpdate, Webhook, WebhookError,
    WebhookRequest, error_detail, form, identifier, malformed, media_url, message_text,
    phone_number, profile_name, receiver, signature,
};

pub(super) fn parse_webhook(
    config: &ProviderConfig,
    req: &WebhookRequest,
) -> Result<Webhook, WebhookError> {
    let header = req
        .header("messagebird-signature")
        .ok_or(WebhookError::BadSignature)?;
    let timestamp = req
        .header("messagebird-request-timestamp")
        .ok_or(WebhookError::BadSignature)?;
    if !signature::verify_messagebird(
        &config.signing_key,
        timestamp.trim(),
        req.query,
        req.body,
        header,
    ) {
        return Err(WebhookError::BadSignature);
    }

    let mut fields = Vec::new();
    if !req.body.is_empty() {
        let text = std::str::from_utf8(req.body).map_err(|_| malformed("body is not UTF-8"))?;
        if is_json(req, text) {
            let json: Value = serde_json::from_str(text)
                .map_err(|e| malformed(format!("body is not valid JSON: {e}")))?;
            if json.get("message").is_some_and(Value::is_object) {
                return conversations_event(&json);
            }
            fields = flat_json(&json)?;
        } else {
            fields = form::decode(text).map_err(malformed)?;
        }
    }
    fields.extend(form::decode(req.query).map_err(malformed)?);
    sms_event(&Fields(&fields))
}

fn is_json(req: &WebhookRequest, text: &str) -> bool {
    match req.content_type {
        Some(ct) => ct.to_ascii_lowercase().contains("json"),
        None => text.trim_start().starts_with('{'),
    }
}

/// A flat JSON object as name/value pairs; nested values are ignored.
fn flat_json(json: &Value) -> Result<Vec<(String, String)>, WebhookError> {
    let object = json
        .as_object()
        .ok_or_else(|| malformed("body must be a JSON object"))?;
    Ok(object
        .iter()
        .filter_map(|(key, value)| scalar(value).map(|v| (key.clone(), v)))
        .collect())
}

/// Strings as they are, numbers (MessageBird writes MSISDNs as numbers) in decimal.
fn scalar(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

struct Fields<'a>(&'a [(String, String)]);

impl Fields<'_> {
    fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(key, _)| key == name)
            .map(|(_, value)| value.as_str())
    }

    fn require(&self, name: &str) -> Result<&str, WebhookError> {
        self.get(name)
            .ok_or_else(|| malformed(format!("{name} is missing")))
    }
}

/// The SMS API: an inbound message has an originator and a body, a delivery report a status.
fn sms_event(fields: &Fields) -> Result<Webhook, WebhookError> {
    if let (Some(originator), Some(body)) = (fields.get("originator"), fields.get("body")) {
        return Ok(Webhook::Message(InboundMessage {
            provider_id: identifier(fields.require("id")?, "id")?,
            from: phone_number(originator, "originator")?,
            to: receiver(fields.require("recipient")?, "recipient")?,
            body: message_text(body)?,
            profile_name: None,
            media_urls: Vec::new(),
        }));
    }
    if let Some(status) = fields.get("status") {
        return Ok(Webhook::Status(StatusUpdate {
            provider_id: identifier(fields.require("id")?, "id")?,
            status: delivery_status(status)?,
            error: error_detail(fields.get("statusErrorCode"), fields.get("statusReason")),
        }));
    }
    Err(malformed(
        "neither a message (originator, body) nor a delivery report (status)",
    ))
}

/// Both APIs' statuses; ones we do not know are left alone rather than guessed at.
fn delivery_status(status: &str) -> Result<DeliveryStatus, WebhookError> {
    Ok(match status.trim() {
        "accepted" | "pending" | "scheduled" | "buffered" | "transmitted" => DeliveryStatus::Queued,
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "delivery_failed" | "expired" | "failed" | "rejected" => DeliveryStatus::Failed,
        "" => return Err(malformed("status is empty")),
        _ => return Err(WebhookError::Unsupported),
    })
}

/// The Conversations API: `message.created` for a received message, `message.updated` for the
/// status of one we sent. Our own outgoing messages and other events are not used.
fn conversations_event(json: &Value) -> Result<Webhook, WebhookError> {
    let message = &json["message"];
    let text = |value: &Value| value.as_str().map(str::to_owned);
    let id = || identifier(message["id"].as_str().unwrap_or(""), "message.id");
    match json["type"].as_str() {
        Some("message.created") if message["direction"].as_str() == Some("received") => {
            let content = &message["content"];
            let body = content["text"]
                .as_str()
                .or_else(|| {
                    MEDIA_KINDS
                        .iter()
                        .find_map(|kind| content[kind]["caption"].as_str())
                })
                .unwrap_or("");
            let media_urls = MEDIA_KINDS
                .iter()
                .filter_map(|kind| content[kind]["url"].as_str())
                .take(MAX_MEDIA)
                .map(media_url)
                .collect::<Result<Vec<_>, _>>()?;
            let from =
                text(&message["from"]).ok_or_else(|| malformed("message.from is missing"))?;
            let to = text(&message["to"])
                .or_else(|| text(&message["channelId"]))
                .ok_or_else(|| malformed("message.to is missing"))?;
            Ok(Webhook::Message(InboundMessage {
                provider_id: id()?,
                from: phone_number(&from, "message.from")?,
                to: receiver(&to, "message.to")?,
                body: message_text(body)?,
                profile_name: profile_name(json["contact"]["displayName"].as_str())?,
                media_urls,
            }))
        }
        Some("message.updated") => {
            let status = message["status"]
                .as_str()
                .ok_or_else(|| malformed("message.status is missing"))?;
            let error = &message["error"];
            Ok(Webhook::Status(StatusUpdate {
                provider_id: id()?,
                status: delivery_status(status)?,
                error: error_detail(
                    scalar(&error["code"]).as_deref(),
                    error["description"].as_str(),
                ),
            }))
        }
        Some(_) => Err(WebhookError::Unsupported),
        None => Err(malformed("type is missing")),
    }
}

const MEDIA_KINDS: [&str; 4] = ["image", "video", "audio", "file"];
