//! Email intake, one use case for the email hook (`hooks/email.rs`) and the IMAP poller of the
//! binary: parse a raw RFC 5322 message, thread it and record it through intake. Threading: a reply
//! to one of our messages (In-Reply-To/References) or a `[#1234]` tag in the subject puts the mail
//! on that case; otherwise the sender's active email case, or a new one. An email inbox's settings
//! are read once, typed, in [`settings`]; which attachments are kept in [`attachments`].

mod attachments;
pub mod settings;

use std::sync::Arc;

use axum::http::StatusCode;
use channels::email::{Automated, ParseError, ParsedEmail};
use chrono::Utc;
use domain::{Channel, IdentityKind};
use serde_json::{Value, json};
use store::Db;
use store::channels::inboxes::Inbox;
use store::events::Actor;
use store::intake::Intake;
use store::interactions::{Inbound, NewAttachment};

use attachments::HourlyBudget;
use settings::EmailSettings;

use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::inbound::plausible_time;
use crate::input::MAX_BODY_CHARS;

/// Largest raw message taken in: attachments at their limit plus base64 overhead.
pub const MAX_MESSAGE_BYTES: usize = 40 * 1024 * 1024;

/// What happened to one message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    Recorded(store::interactions::Ingested),
    /// Sent by a machine (auto-reply, bulk, bounce): kept out, so robots never answer each other.
    Ignored(&'static str),
}

/// Takes in the email of every inbox (`AppState::email`). Cheap to clone.
#[derive(Clone)]
pub struct EmailIntake {
    db: Db,
    intake: Intake,
    /// Attachments taken in per inbox this hour.
    attachment_budget: Arc<HourlyBudget>,
}

impl EmailIntake {
    pub fn new(db: Db, intake: Intake) -> Self {
        EmailIntake {
            db,
            intake,
            attachment_budget: Arc::default(),
        }
    }

    /// Parses, threads and records one raw message for `inbox`. Idempotent on its Message-ID.
    pub async fn receive(&self, inbox: &Inbox, raw: &[u8]) -> ApiResult<Received> {
        let parsed = channels::email::parse(raw, MAX_MESSAGE_BYTES).map_err(|err| match err {
            ParseError::TooLarge => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                ErrorCode::MessageTooLarge,
                err.to_string(),
            ),
            _ => ApiError::unprocessable(ErrorCode::InvalidMessage, err.to_string()),
        })?;
        if let Some(kind) = parsed.automated {
            tracing::info!(
                inbox = inbox.id,
                message_id = parsed.message_id,
                ?kind,
                "automated mail ignored"
            );
            return Ok(Received::Ignored(automated_reason(kind)));
        }
        let from = parsed.from.clone().ok_or_else(|| {
            ApiError::unprocessable(ErrorCode::InvalidMessage, "the message has no From address")
        })?;
        let identity = domain::Email::parse(&from.address).map_err(|e| {
            ApiError::unprocessable(ErrorCode::InvalidMessage, format!("From: {e}"))
        })?;
        let case_hint = thread_hint(&self.db, &parsed).await?;
        let reply_to = unverified_reply_to(&self.db, &parsed, identity.as_str()).await?;
        let mut inbound = inbound(
            &self.attachment_budget,
            inbox,
            parsed,
            identity.as_str().to_string(),
            case_hint,
        );
        if let (Some(reply_to), Some(details)) = (reply_to, inbound.details.as_mut()) {
            details["reply_to"] = Value::String(reply_to);
        }
        let ingested = self.intake.record(inbound, Actor::System).await?;
        Ok(Received::Recorded(ingested))
    }
}

/// A Reply-To that is none of the sender's known addresses: anyone can write one next to a forged
/// From, so it is only offered to the agent, never used on its own.
async fn unverified_reply_to(
    db: &Db,
    parsed: &ParsedEmail,
    from: &str,
) -> ApiResult<Option<String>> {
    let Some(reply_to) = &parsed.reply_to else {
        return Ok(None);
    };
    let Ok(reply_to) = domain::Email::parse(&reply_to.address) else {
        return Ok(None);
    };
    if reply_to.as_str() == from {
        return Ok(None);
    }
    let owner = |address| store::linking::owner_of(db, IdentityKind::Email, address);
    let sender = owner(from).await?;
    let known = sender.is_some() && owner(reply_to.as_str()).await? == sender;
    Ok((!known).then(|| reply_to.as_str().to_string()))
}

fn automated_reason(kind: Automated) -> &'static str {
    match kind {
        Automated::AutoSubmitted => "auto_submitted",
        Automated::Bulk => "bulk",
        Automated::List => "mailing_list",
        Automated::Bounce => "bounce",
    }
}

/// The case a message answers: the one holding a message it refers to, else a `[#n]` subject tag.
async fn thread_hint(db: &Db, parsed: &ParsedEmail) -> ApiResult<Option<i64>> {
    let referenced: Vec<&str> = parsed
        .in_reply_to
        .iter()
        .chain(parsed.references.iter().rev())
        .map(String::as_str)
        .take(20)
        .collect();
    if let Some(case_id) =
        store::channels::outbox::case_of_message(db, Channel::Email, &referenced).await?
    {
        return Ok(Some(case_id));
    }
    Ok(channels::email::case_reference(&parsed.subject))
}

fn inbound(
    attachment_budget: &HourlyBudget,
    inbox: &Inbox,
    parsed: ParsedEmail,
    address: String,
    case_hint: Option<i64>,
) -> Inbound {
    let settings = EmailSettings::of(inbox);
    let selection =
        attachment_budget.select(inbox.id, &settings.attachments, parsed.attachments, |a| {
            (a.data.len(), a.filename.as_str())
        });
    let mut body: String = parsed.body.chars().take(MAX_BODY_CHARS).collect();
    if body.trim().is_empty() {
        body = "(no text)".into();
    }
    let now = Utc::now();
    let mut inbound = Inbound::new(Channel::Email, (IdentityKind::Email, address), body);
    inbound.customer_name = parsed
        .from
        .and_then(|from| from.name)
        .filter(|n| !n.trim().is_empty());
    inbound.subject =
        Some(parsed.subject.chars().take(300).collect::<String>()).filter(|s| !s.trim().is_empty());
    inbound.external_id = Some(parsed.message_id);
    // A sender's clock far off (or a forged Date) must not move the contact out of its place.
    let plausible = |date: &chrono::DateTime<Utc>| plausible_time(date, now);
    inbound.occurred_at = parsed.date.filter(plausible);
    inbound.inbox_id = Some(inbox.id);
    // Replies go to the From address; see `unverified_reply_to` for a differing Reply-To.
    inbound.case_hint = case_hint;
    let mut details = json!({
        "to": parsed.to.iter().map(|m| m.address.as_str()).collect::<Vec<_>>(),
        "skipped_attachments": selection.skipped,
    });
    if selection.skipped_count > selection.skipped.len() {
        details["skipped_attachments_count"] = json!(selection.skipped_count);
    }
    if let Some(date) = parsed.date.filter(|date| !plausible(date)) {
        details["date_header"] = json!(date);
    }
    if let Some(verdicts) = channels::email::authentication_verdicts(
        &parsed.authentication_results,
        settings.authserv_id.as_deref(),
    ) {
        details["authentication"] = json!({"failed": verdicts.failures(), "results": verdicts});
    }
    inbound.details = Some(details);
    inbound.attachments = selection
        .kept
        .into_iter()
        .map(|a| NewAttachment {
            filename: a.filename,
            content_type: a.content_type,
            data: a.data,
        })
        .collect();
    inbound
}
