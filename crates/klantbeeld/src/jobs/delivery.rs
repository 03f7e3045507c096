//! Sends the replies waiting in the outbox: email over SMTP with threading headers, SMS and
//! WhatsApp through the inbox's provider. Transient failures are retried with growing pauses;
//! permanent ones (and the last attempt) mark the message failed, with the reason agents see.

use std::sync::Arc;
use std::time::Duration;

use channels::email::{Extras, Mailbox, Outgoing, OutgoingAttachment, SmtpSender};
use channels::sms::{ProviderConfig, SmsSender};
use domain::{Channel, InboxKind, PhoneE164};
use store::Db;
use store::channels::inboxes::{self, Inbox};
use store::channels::outbox::{self, Delivery};
use store::channels::send_budget;

use super::describe;

/// How long a claimed reply is ours before another node may try it.
const LEASE_SECONDS: i64 = 120;
const BATCH: i64 = 20;
const MAX_ATTEMPTS: i64 = 6;
const POLL: Duration = Duration::from_secs(1);

pub struct MailSettings {
    pub smtp_url: Option<String>,
    pub mail_from: String,
    pub public_url: Option<String>,
    /// Countries texts may go to (ISO codes, upper case).
    pub sms_countries: Vec<String>,
    /// Texts per inbox per hour at most.
    pub sms_per_hour: i64,
}

pub(super) enum Failure {
    Transient(String),
    Permanent(String),
}

pub async fn run(db: Db, settings: Arc<MailSettings>) {
    let sms = SmsSender::new();
    loop {
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = store::events::committed() => {}
        }
        let claimed =
            match outbox::claim(&db, BATCH, chrono::Duration::seconds(LEASE_SECONDS)).await {
                Ok(claimed) => claimed,
                Err(err) => {
                    tracing::warn!(error = %err, "claiming replies to send failed");
                    continue;
                }
            };
        for delivery in claimed {
            let outcome = deliver(&db, &settings, &sms, &delivery).await;
            if let Err(err) = record(&db, &delivery, outcome).await {
                tracing::warn!(interaction = delivery.interaction_id, error = %err, "recording a delivery failed");
            }
        }
    }
}

async fn record(
    db: &Db,
    delivery: &Delivery,
    outcome: Result<Option<String>, Failure>,
) -> Result<(), store::StoreError> {
    match outcome {
        Ok(external_id) => outbox::sent(db, delivery, external_id.as_deref()).await,
        Err(Failure::Transient(why)) if delivery.attempts < MAX_ATTEMPTS => {
            let pause =
                chrono::Duration::seconds(30 * 2_i64.pow(delivery.attempts.clamp(1, 6) as u32 - 1));
            tracing::info!(
                interaction = delivery.interaction_id,
                attempt = delivery.attempts,
                error = why,
                "delivery will be retried"
            );
            outbox::retry(db, delivery, chrono::Utc::now() + pause, &why).await
        }
        Err(Failure::Transient(why) | Failure::Permanent(why)) => {
            tracing::warn!(
                interaction = delivery.interaction_id,
                error = why,
                "delivery failed"
            );
            outbox::failed(db, delivery, &why).await
        }
    }
}

async fn deliver(
    db: &Db,
    settings: &MailSettings,
    sms: &SmsSender,
    delivery: &Delivery,
) -> Result<Option<String>, Failure> {
    let kind = match delivery.channel {
        Channel::Email => InboxKind::Email,
        Channel::Sms => InboxKind::Sms,
        Channel::Whatsapp => InboxKind::Whatsapp,
        other => {
            return Err(Failure::Permanent(format!(
                "replies cannot be sent on {other}"
            )));
        }
    };
    let inbox = inbox_for(db, delivery.inbox_id, kind).await?;
    match kind {
        InboxKind::Email => send_email(db, settings, inbox.as_ref(), delivery)
            .await
            .map(Some),
        _ => {
            let inbox = inbox.ok_or_else(|| {
                Failure::Permanent(format!("no active {kind} inbox to send from"))
            })?;
            send_sms(
                db,
                settings,
                sms,
                &inbox,
                delivery.channel,
                &delivery.address,
                &delivery.body,
            )
            .await
            .map(Some)
        }
    }
}

/// Sends a text through the provider of an SMS or WhatsApp inbox; the provider's message id.
/// Only to the allowed countries, and within the inbox's hourly cap (a text over it waits).
pub(super) async fn send_sms(
    db: &Db,
    settings: &MailSettings,
    sms: &SmsSender,
    inbox: &Inbox,
    channel: Channel,
    to: &str,
    body: &str,
) -> Result<String, Failure> {
    let country = PhoneE164::parse(to).ok().and_then(|phone| phone.country());
    if !country
        .as_ref()
        .is_some_and(|country| settings.sms_countries.contains(country))
    {
        return Err(Failure::Permanent(format!(
            "texts to {} are not sent: sms_countries allows {}",
            country.as_deref().unwrap_or("an unknown country"),
            settings.sms_countries.join(", ")
        )));
    }
    let sent = send_budget::spend(db, inbox.id, chrono::Utc::now())
        .await
        .map_err(|e| Failure::Transient(e.to_string()))?;
    if sent > settings.sms_per_hour {
        if sent == settings.sms_per_hour + 1 {
            cap_reached(db, inbox, settings.sms_per_hour).await;
        }
        return Err(Failure::Transient(format!(
            "the inbox sent its {} texts for this hour (sms_per_hour); this one waits",
            settings.sms_per_hour
        )));
    }
    let config: ProviderConfig = serde_json::from_value(inbox.settings.0.clone()).map_err(|e| {
        Failure::Permanent(format!("the inbox's provider settings are invalid: {e}"))
    })?;
    let status_callback = settings.public_url.as_ref().map(|base| {
        format!(
            "{}/hooks/{}/{}",
            base.trim_end_matches('/'),
            inbox.kind.as_str(),
            inbox.id
        )
    });
    sms.send(&config, channel, to, body, status_callback.as_deref())
        .await
        .map_err(|err| {
            if err.is_transient() {
                Failure::Transient(err.to_string())
            } else {
                Failure::Permanent(err.to_string())
            }
        })
}

/// The first text held back in an hour: an error in the log and an event for rules and audits.
async fn cap_reached(db: &Db, inbox: &Inbox, cap: i64) {
    tracing::error!(
        inbox = inbox.id,
        cap,
        "the inbox reached its hourly SMS cap; texts wait for the next hour (SMS pumping?)"
    );
    let event = store::events::NewEvent {
        kind: "sms.cap_reached",
        customer_id: None,
        case_id: None,
        actor: &store::events::Actor::System,
        payload: serde_json::json!({"inbox_id": inbox.id, "cap": cap}),
    };
    if let Err(err) = store::events::append(db, event).await {
        tracing::warn!(error = %err, "recording the SMS cap event failed");
    }
}

/// The reply's own inbox if it is still active, else the first active inbox of the kind.
pub(super) async fn inbox_for(
    db: &Db,
    id: Option<i64>,
    kind: InboxKind,
) -> Result<Option<Inbox>, Failure> {
    let transient = |err: store::StoreError| Failure::Transient(err.to_string());
    if let Some(id) = id {
        match inboxes::get(db, id).await {
            Ok(inbox) if inbox.active => return Ok(Some(inbox)),
            Ok(_) | Err(store::StoreError::NotFound(_)) => {}
            Err(err) => return Err(transient(err)),
        }
    }
    inboxes::first_of_kind(db, kind).await.map_err(transient)
}

async fn send_email(
    db: &Db,
    settings: &MailSettings,
    inbox: Option<&Inbox>,
    delivery: &Delivery,
) -> Result<String, Failure> {
    let (sender, from) = smtp_relay(settings, inbox)?;
    let domain = from
        .address
        .rsplit('@')
        .next()
        .unwrap_or("klantbeeld.local")
        .to_string();
    let message_id = match &delivery.external_id {
        Some(id) => id.clone(),
        None => {
            let id = channels::email::new_message_id(&domain);
            outbox::set_external_id(db, delivery.interaction_id, &id)
                .await
                .map_err(|e| Failure::Transient(e.to_string()))?;
            id
        }
    };
    let (references, answered) = outbox::email_thread(db, delivery.case_id)
        .await
        .map_err(|e| Failure::Transient(e.to_string()))?;
    // Nothing before it in the thread: a conversation we start, not a reply.
    let first_in_thread = answered.is_none() && references.iter().all(|id| *id == message_id);
    let outgoing = Outgoing {
        from,
        to: Mailbox {
            address: delivery.address.clone(),
            name: None,
        },
        subject: if first_in_thread {
            channels::email::subject_with_tag(&delivery.case_subject, delivery.case_id)
        } else {
            channels::email::subject_with_reference(&delivery.case_subject, delivery.case_id)
        },
        body: delivery.body.clone(),
        references: references
            .into_iter()
            .filter(|id| *id != message_id)
            .collect(),
        in_reply_to: answered,
        message_id: message_id.clone(),
    };
    let extras = extras(db, delivery).await?;
    sender
        .send_with(&outgoing, &extras)
        .await
        .map_err(failure)?;
    Ok(message_id)
}

/// The copies and files an agent added to an email reply.
async fn extras(db: &Db, delivery: &Delivery) -> Result<Extras, Failure> {
    let (cc, bcc) = delivery.copies();
    let mailboxes = |addresses: Vec<String>| {
        addresses
            .into_iter()
            .map(|address| Mailbox {
                address,
                name: None,
            })
            .collect()
    };
    let attachments = store::channels::attachments::of_interaction(db, delivery.interaction_id)
        .await
        .map_err(|e| Failure::Transient(e.to_string()))?
        .into_iter()
        .map(|a| OutgoingAttachment {
            filename: a.filename,
            content_type: a.content_type,
            data: a.data,
        })
        .collect();
    Ok(Extras {
        cc: mailboxes(cc),
        bcc: mailboxes(bcc),
        attachments,
    })
}

/// The SMTP relay for mail from `inbox` (its own `smtp_url`, else `KLANTBEELD_SMTP_URL`) and the
/// sender mail goes out as.
pub(super) fn smtp_relay(
    settings: &MailSettings,
    inbox: Option<&Inbox>,
) -> Result<(SmtpSender, Mailbox), Failure> {
    let relay = inbox
        .and_then(|inbox| inbox.setting("smtp_url"))
        .or(settings.smtp_url.as_deref())
        .ok_or_else(|| {
            Failure::Permanent(
                "no SMTP relay is configured (KLANTBEELD_SMTP_URL or the inbox's smtp_url)".into(),
            )
        })?;
    let sender = SmtpSender::from_url(relay).map_err(|e| Failure::Permanent(describe(&e)))?;
    let from = Mailbox {
        address: inbox
            .and_then(|inbox| inbox.setting("address"))
            .unwrap_or(&settings.mail_from)
            .to_string(),
        name: Some(
            inbox
                .map_or("Klantenservice", |i| i.name.as_str())
                .to_string(),
        ),
    };
    Ok((sender, from))
}

pub(super) async fn send_mail(sender: &SmtpSender, outgoing: &Outgoing) -> Result<(), Failure> {
    sender.send(outgoing).await.map_err(failure)
}

fn failure(err: channels::email::SendError) -> Failure {
    if err.is_transient() {
        Failure::Transient(describe(&err))
    } else {
        Failure::Permanent(describe(&err))
    }
}
