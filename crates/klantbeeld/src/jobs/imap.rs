//! Polls the IMAP mailbox of every email inbox that has one: fetches what arrived after the last
//! UID taken in, records each message through `web::email_intake` as the email hook does, then
//! waits (IDLE where the server offers it) until the next poll. The position is saved only after
//! the messages are stored.

use std::collections::HashMap;
use std::time::Duration;

use channels::email::{ImapAccount, fetch_since, wait_for_new};
use domain::InboxKind;
use store::channels::inboxes::Inbox;
use store::channels::mailbox::{self, MailboxCursor};
use tokio::task::JoinHandle;
use web::AppState;
use web::email_intake::Received;
use web::email_intake::settings::{EmailSettings, ImapSettings};

use super::describe;

/// How often the set of inboxes is read again (new inboxes, changed settings).
const RESCAN: Duration = Duration::from_secs(10);
/// Messages taken per fetch.
const BATCH: usize = 200;

pub async fn run(state: AppState) {
    let mut pollers: HashMap<i64, (serde_json::Value, JoinHandle<()>)> = HashMap::new();
    loop {
        match store::channels::inboxes::list(&state.db).await {
            Ok(inboxes) => {
                let wanted: Vec<Inbox> = inboxes
                    .into_iter()
                    .filter(|i| {
                        i.kind == InboxKind::Email
                            && i.active
                            && EmailSettings::of(i).imap.is_some()
                    })
                    .collect();
                pollers.retain(|id, (settings, handle)| {
                    let keep = wanted
                        .iter()
                        .any(|i| i.id == *id && i.settings.0 == *settings);
                    if !keep {
                        handle.abort();
                    }
                    keep
                });
                for inbox in wanted {
                    if pollers.contains_key(&inbox.id) {
                        continue;
                    }
                    let Some(Ok(ImapSettings {
                        account,
                        poll_every,
                    })) = EmailSettings::of(&inbox).imap
                    else {
                        continue;
                    };
                    let settings = inbox.settings.0.clone();
                    let handle =
                        tokio::spawn(poll(state.clone(), inbox.clone(), account, poll_every));
                    pollers.insert(inbox.id, (settings, handle));
                }
            }
            Err(err) => tracing::warn!(error = %err, "reading inboxes for IMAP polling failed"),
        }
        tokio::time::sleep(RESCAN).await;
    }
}

async fn poll(state: AppState, inbox: Inbox, account: ImapAccount, every: Duration) {
    loop {
        let error = match poll_once(&state, &inbox, &account).await {
            Ok(()) => None,
            Err(err) => {
                tracing::warn!(inbox = inbox.id, error = err, "polling the mailbox failed");
                Some(err)
            }
        };
        if let Some(error) = error {
            let cursor = mailbox::cursor(&state.db, inbox.id)
                .await
                .unwrap_or_default();
            let _ = mailbox::save(&state.db, inbox.id, cursor, Some(&error)).await;
            tokio::time::sleep(every).await;
            continue;
        }
        if let Err(err) = wait_for_new(&account, every).await {
            tracing::debug!(
                inbox = inbox.id,
                error = describe(&err),
                "IDLE failed; polling on a timer"
            );
            tokio::time::sleep(every).await;
        }
    }
}

async fn poll_once(state: &AppState, inbox: &Inbox, account: &ImapAccount) -> Result<(), String> {
    loop {
        let cursor = mailbox::cursor(&state.db, inbox.id)
            .await
            .map_err(|e| e.to_string())?;
        let uid_validity = cursor.uid_validity.and_then(|v| u32::try_from(v).ok());
        let last_uid = u32::try_from(cursor.last_uid).unwrap_or(0);
        let fetched = fetch_since(account, uid_validity, last_uid, BATCH)
            .await
            .map_err(|e| describe(&e))?;
        let renumbered = uid_validity != Some(fetched.uid_validity);
        let mut last = if renumbered { 0 } else { last_uid };
        let count = fetched.messages.len();
        for (uid, raw) in fetched.messages {
            match state.email.receive(inbox, &raw).await {
                Ok(Received::Recorded(_) | Received::Ignored(_)) => {}
                // A message we can never take in (not mail, too large) must not block the mailbox.
                Err(err) if err.status.is_client_error() => {
                    tracing::warn!(
                        inbox = inbox.id,
                        uid,
                        error = err.message,
                        "mail message skipped"
                    );
                }
                Err(err) => return Err(err.message),
            }
            last = last.max(uid);
        }
        let next = MailboxCursor {
            uid_validity: Some(i64::from(fetched.uid_validity)),
            last_uid: i64::from(last),
        };
        mailbox::save(&state.db, inbox.id, next, None)
            .await
            .map_err(|e| e.to_string())?;
        if count < BATCH {
            return Ok(());
        }
    }
}
