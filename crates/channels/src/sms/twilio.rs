//! Twilio's webhooks: form-encoded POSTs (or GETs with the same fields in the query), one shape for
//! SMS and WhatsApp, told apart from status callbacks by their fields.

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
        .header("x-twilio-signature")
        .ok_or(WebhookError::BadSignature)?;
    let fields = if req.body.is_empty() {
        // A GET webhook: the fields are part of the signed URL.
        if !signature::verify_twilio(&config.signing_key, req.url, &[], header) {
            return Err(WebhookError::BadSignature);
        }
        form::decode(req.query).map_err(malformed)?
    } else {
        // A POST: the decoded form fields are signed, so a body we cannot decode cannot be trusted.
        let fields = form_fields(req).ok_or(WebhookError::BadSignature)?;
        if !signature::verify_twilio(&config.signing_key, req.url, &fields, header) {
            return Err(WebhookError::BadSignature);
        }
        fields
    };
    let fields = Fields(&fields);
    if fields.get("Body").is_some() || fields.get("NumMedia").is_some() {
        message(&fields).map(Webhook::Message)
    } else if let Some(status) = fields.get("MessageStatus").or(fields.get("SmsStatus")) {
        status_update(&fields, status).map(Webhook::Status)
    } else {
        Err(malformed(
            "neither a message (Body) nor a status callback (MessageStatus)",
        ))
    }
}

fn form_fields(req: &WebhookRequest) -> Option<Vec<(String, String)>> {
    if req.content_type.is_some() && !req.is_form() {
        return None;
    }
    let text = std::str::from_utf8(req.body).ok()?;
    form::decode(text).ok()
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

    /// The message's SID; older webhooks also call it `SmsSid`.
    fn message_sid(&self) -> Result<String, WebhookError> {
        let sid = self.get("MessageSid").or(self.get("SmsSid")).unwrap_or("");
        identifier(sid, "MessageSid")
    }
}

fn message(fields: &Fields) -> Result<InboundMessage, WebhookError> {
    let count = match fields.get("NumMedia").map(str::trim) {
        None | Some("") => 0,
        Some(n) => n
            .parse::<usize>()
            .ok()
            .filter(|n| *n <= MAX_MEDIA)
            .ok_or_else(|| malformed(format!("NumMedia must be a number from 0 to {MAX_MEDIA}")))?,
    };
    let media_urls = (0..count)
        .map(|i| media_url(fields.require(&format!("MediaUrl{i}"))?))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(InboundMessage {
        provider_id: fields.message_sid()?,
        from: phone_number(fields.require("From")?, "From")?,
        to: receiver(fields.require("To")?, "To")?,
        body: message_text(fields.get("Body").unwrap_or(""))?,
        profile_name: profile_name(fields.get("ProfileName"))?,
        media_urls,
    })
}

fn status_update(fields: &Fields, status: &str) -> Result<StatusUpdate, WebhookError> {
    let status = match status.trim() {
        "accepted" | "scheduled" | "queued" | "sending" => DeliveryStatus::Queued,
        "sent" => DeliveryStatus::Sent,
        "delivered" => DeliveryStatus::Delivered,
        "read" => DeliveryStatus::Read,
        "failed" | "undelivered" | "canceled" => DeliveryStatus::Failed,
        "" => return Err(malformed("MessageStatus is empty")),
        // `received`, `receiving`, `partially_delivered` and statuses Twilio adds later.
        _ => return Err(WebhookError::Unsupported),
    };
    Ok(StatusUpdate {
        provider_id: fields.message_sid()?,
        status,
        error: error_detail(fields.get("ErrorCode"), fields.get("ErrorMessage")),
    })
}
