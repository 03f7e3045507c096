//! Surveys at work: triggers become invitations (with their fatigue decision), due invitations
//! go out by email, SMS, WhatsApp or the chat widget, and unanswered ones get their one reminder.

mod message;
mod send;
mod triggers;

use std::sync::Arc;
use std::time::Duration;

use store::Db;

use super::delivery::MailSettings;

const POLL: Duration = Duration::from_secs(1);
const SCHEDULE_EVERY: Duration = Duration::from_secs(60);

pub async fn run(db: Db, settings: Arc<MailSettings>) {
    let mut cursor = loop {
        match triggers::cursor(&db).await {
            Ok(cursor) => break cursor,
            Err(err) => {
                tracing::warn!(error = %err, "reading the survey trigger position failed; retrying");
                tokio::time::sleep(POLL).await;
            }
        }
    };
    let mut saved = triggers::Saved::at(&cursor);
    let sender = send::Sender::new(db.clone(), settings);
    let mut schedule = tokio::time::interval(SCHEDULE_EVERY);
    loop {
        tokio::select! {
            () = tokio::time::sleep(POLL) => {}
            () = store::events::committed() => {}
            _ = schedule.tick() => {
                if let Err(err) = triggers::run_schedules(&db).await {
                    tracing::warn!(error = %err, "inviting for relationship surveys failed");
                }
            }
        }
        if let Err(err) = triggers::follow_events(&db, &mut cursor, &mut saved).await {
            tracing::warn!(error = %err, "turning events into survey invitations failed");
        }
        sender.send_due().await;
    }
}
