//! Mails the one-time codes that prove a chat visitor owns an email address. Each code is taken
//! by one node and sent once; a failed mail is logged and the visitor asks for a new code.

use std::sync::Arc;
use std::time::Duration;

use channels::email::{Mailbox, Outgoing};
use domain::InboxKind;
use store::Db;
use store::identity_claims::{self, CODE_MINUTES, CodeToSend};

use crate::jobs::delivery::{self, Failure, MailSettings};

const BATCH: i64 = 20;
const POLL: Duration = Duration::from_secs(1);

pub async fn run(db: Db, settings: Arc<MailSettings>) {
    loop {
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = store::events::committed() => {}
        }
        let taken = match identity_claims::take_codes(&db, BATCH).await {
            Ok(taken) => taken,
            Err(err) => {
                tracing::warn!(error = %err, "taking verification codes to mail failed");
                continue;
            }
        };
        for code in taken {
            if let Err(Failure::Transient(why) | Failure::Permanent(why)) =
                send(&db, &settings, &code).await
            {
                tracing::warn!(
                    claim = code.id,
                    error = why,
                    "mailing a verification code failed"
                );
            }
        }
    }
}

async fn send(db: &Db, settings: &MailSettings, code: &CodeToSend) -> Result<(), Failure> {
    let inbox = delivery::inbox_for(db, None, InboxKind::Email).await?;
    let (sender, from) = delivery::smtp_relay(settings, inbox.as_ref())?;
    let domain = from
        .address
        .rsplit('@')
        .next()
        .unwrap_or("klantbeeld.local")
        .to_string();
    let (subject, body) = words(code);
    let mail = Outgoing {
        from,
        to: Mailbox {
            address: code.address.clone(),
            name: code.name.clone(),
        },
        subject,
        body,
        references: Vec::new(),
        in_reply_to: None,
        message_id: channels::email::new_message_id(&domain),
    };
    delivery::send_mail(&sender, &mail).await
}

fn words(code: &CodeToSend) -> (String, String) {
    let digits = &code.code;
    if code.language == "en" {
        (
            format!("Your code: {digits}"),
            format!(
                "Your code for our chat is {digits}. It works for {CODE_MINUTES} minutes.\n\n\
                 Did you not ask for it? Then someone typed your address in our chat; you can ignore this mail."
            ),
        )
    } else {
        (
            format!("Uw code: {digits}"),
            format!(
                "Uw code voor onze chat is {digits}. Hij werkt {CODE_MINUTES} minuten.\n\n\
                 Heeft u hier niet om gevraagd? Dan heeft iemand uw adres in onze chat getypt; u kunt deze mail negeren."
            ),
        )
    }
}
