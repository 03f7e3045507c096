//! Background work of a node: delivering replies from the outbox, polling IMAP mailboxes, mailing
//! chat visitors' verification codes, sending surveys, and fitting the churn-risk model. All are safe to run on several nodes at once (outbox rows are claimed; mail is idempotent on
//! its Message-ID; a survey invites once per trigger).

mod churn_risk;
mod codes;
mod delivery;
mod imap;
mod surveys;

use std::sync::Arc;

use tokio::task::JoinHandle;

use crate::config::Config;

/// Starts the jobs; abort the handles to stop them.
pub fn start(state: &web::AppState, config: &Config) -> Vec<JoinHandle<()>> {
    let mail = Arc::new(delivery::MailSettings {
        smtp_url: config.smtp_url.clone(),
        mail_from: config.mail_from.clone(),
        public_url: config.public_url.clone(),
        sms_countries: config.sms_countries(),
        sms_per_hour: config.sms_per_hour.max(1),
    });
    vec![
        tokio::spawn(delivery::run(state.db.clone(), mail.clone())),
        tokio::spawn(codes::run(state.db.clone(), mail.clone())),
        tokio::spawn(surveys::run(state.db.clone(), mail)),
        tokio::spawn(imap::run(state.clone())),
        tokio::spawn(churn_risk::run(
            state.facts.clone(),
            state.churn_risk.clone(),
        )),
    ]
}

/// An error with its causes, for logs and for agents reading why a message failed.
fn describe(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}
