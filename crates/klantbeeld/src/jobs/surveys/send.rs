//! Sending invitations and reminders. Email goes over SMTP with a link per score; SMS and
//! WhatsApp through the provider of an active inbox of that kind; chat is live: the widget shows
//! the survey when it sees the `survey.sent` event. Transient failures are retried with growing
//! pauses; permanent ones leave the invitation `failed` with the reason.

use std::sync::Arc;

use channels::email::Outgoing as Mail;
use channels::sms::SmsSender;
use domain::{Channel, InboxKind};
use store::Db;
use store::channels::inboxes;
use store::surveys::invitations::{self, Outgoing};

use super::message;
use crate::jobs::delivery::{self, Failure, MailSettings};

const BATCH: i64 = 20;
const LEASE_SECONDS: i64 = 120;
const MAX_ATTEMPTS: i64 = 6;

pub struct Sender {
    db: Db,
    settings: Arc<MailSettings>,
    sms: SmsSender,
    public_url: String,
}

impl Sender {
    pub fn new(db: Db, settings: Arc<MailSettings>) -> Sender {
        let public_url = settings
            .public_url
            .clone()
            .unwrap_or_else(|| "http://127.0.0.1:8080".into());
        Sender {
            db,
            settings,
            sms: SmsSender::new(),
            public_url,
        }
    }

    pub async fn send_due(&self) {
        let lease = chrono::Duration::seconds(LEASE_SECONDS);
        match invitations::claim_due(&self.db, BATCH, lease).await {
            Ok(due) => {
                for invitation in due {
                    let outcome = self.deliver(&invitation, false).await;
                    self.record(&invitation, outcome).await;
                }
            }
            Err(err) => tracing::warn!(error = %err, "claiming survey invitations failed"),
        }
        match invitations::claim_reminders(&self.db, BATCH).await {
            Ok(due) => {
                for invitation in due {
                    // A reminder is claimed once and not retried: better one missing than two.
                    if let Err(Failure::Transient(why) | Failure::Permanent(why)) =
                        self.deliver(&invitation, true).await
                    {
                        tracing::warn!(
                            invitation = invitation.id,
                            error = why,
                            "survey reminder failed"
                        );
                    }
                }
            }
            Err(err) => tracing::warn!(error = %err, "claiming survey reminders failed"),
        }
    }

    async fn record(&self, invitation: &Outgoing, outcome: Result<(), Failure>) {
        let db = &self.db;
        let result = match outcome {
            Ok(()) => invitations::sent(db, invitation).await,
            Err(Failure::Transient(why)) if invitation.attempts < MAX_ATTEMPTS => {
                let pause = 30 * 2_i64.pow(invitation.attempts.clamp(1, 6) as u32 - 1);
                let next = chrono::Utc::now() + chrono::Duration::seconds(pause);
                invitations::retry(db, invitation.id, next, &why).await
            }
            Err(Failure::Transient(why) | Failure::Permanent(why)) => {
                tracing::warn!(
                    invitation = invitation.id,
                    error = why,
                    "survey invitation failed"
                );
                invitations::failed(db, invitation, &why).await
            }
        };
        if let Err(err) = result {
            tracing::warn!(invitation = invitation.id, error = %err, "recording a survey invitation failed");
        }
    }

    async fn deliver(&self, invitation: &Outgoing, reminder: bool) -> Result<(), Failure> {
        let channel: Channel = invitation
            .channel
            .parse()
            .map_err(|_| Failure::Permanent(format!("cannot send on {}", invitation.channel)))?;
        match channel {
            Channel::Email => self.email(invitation, reminder).await,
            Channel::Sms | Channel::Whatsapp => self.text(invitation, channel).await,
            // The widget picks the survey up from the `survey.sent` event.
            Channel::Chat if !reminder => Ok(()),
            other => Err(Failure::Permanent(format!(
                "surveys are not sent on {other}"
            ))),
        }
    }

    async fn email(&self, invitation: &Outgoing, reminder: bool) -> Result<(), Failure> {
        let inbox = delivery::inbox_for(&self.db, None, InboxKind::Email).await?;
        let (sender, from) = delivery::smtp_relay(&self.settings, inbox.as_ref())?;
        let domain = from
            .address
            .rsplit('@')
            .next()
            .unwrap_or("klantbeeld.local")
            .to_string();
        let text = message::email(invitation, &self.public_url, reminder);
        let mail = Mail {
            from,
            to: channels::email::Mailbox {
                address: invitation.address.clone(),
                name: Some(invitation.customer_name.clone()),
            },
            subject: text.subject,
            body: text.body,
            references: Vec::new(),
            in_reply_to: None,
            message_id: channels::email::new_message_id(&domain),
        };
        delivery::send_mail(&sender, &mail).await
    }

    async fn text(&self, invitation: &Outgoing, channel: Channel) -> Result<(), Failure> {
        let kind = if channel == Channel::Sms {
            InboxKind::Sms
        } else {
            InboxKind::Whatsapp
        };
        let inbox = inboxes::first_of_kind(&self.db, kind)
            .await
            .map_err(|e| Failure::Transient(e.to_string()))?
            .ok_or_else(|| Failure::Permanent(format!("no active {kind} inbox to send from")))?;
        let body = message::text(invitation, &self.public_url);
        delivery::send_sms(
            &self.db,
            &self.settings,
            &self.sms,
            &inbox,
            channel,
            &invitation.address,
            &body,
        )
        .await
        .map(|_| ())
    }
}
