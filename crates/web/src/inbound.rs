//! What every inbound channel shares (the hooks, the chat, email intake, the inbox admin): the
//! active inbox a contact arrives at, whether its hook is open, a plausible time of contact.

use chrono::{DateTime, Utc};
use store::Db;
use store::channels::inboxes::{self, Inbox};

use crate::error::{ApiError, ApiResult, ErrorCode};

/// The active inbox `id` of `kind`; anything else is a 404, so ids of other kinds are not revealed.
pub async fn active_inbox(db: &Db, id: i64, kind: domain::InboxKind) -> ApiResult<Inbox> {
    let missing = || {
        ApiError::not_found(
            ErrorCode::InboxNotFound,
            format!("no active {kind} inbox {id}"),
        )
    };
    match inboxes::get(db, id).await {
        Ok(inbox) if inbox.kind == kind && inbox.active => Ok(inbox),
        Ok(_) | Err(store::StoreError::NotFound(_)) => Err(missing()),
        Err(err) => Err(err.into()),
    }
}

/// Whether a time an outside system claims is plausible: not in the future (a few minutes of clock
/// skew allowed), not more than a year old. Otherwise the receive time counts.
pub fn plausible_time(at: &DateTime<Utc>, now: DateTime<Utc>) -> bool {
    *at <= now + chrono::Duration::minutes(5) && *at >= now - chrono::Duration::days(365)
}

/// Whether an admin opened the inbox's hook to anyone (`"open_webhook": true`).
pub fn is_open(inbox: &Inbox) -> bool {
    inbox.settings.get("open_webhook") == Some(&serde_json::Value::Bool(true))
}
