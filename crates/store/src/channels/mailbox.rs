//! Where IMAP polling left each mailbox: its UIDVALIDITY and the highest UID taken in.

use crate::{Db, StoreError, now, params};

#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct MailboxCursor {
    pub uid_validity: Option<i64>,
    pub last_uid: i64,
}

pub async fn cursor(db: &Db, inbox_id: i64) -> Result<MailboxCursor, StoreError> {
    let row: Option<MailboxCursor> = db
        .fetch_optional(
            "SELECT uid_validity, last_uid FROM mailbox_cursors WHERE inbox_id = $1",
            params![inbox_id],
        )
        .await?;
    Ok(row.unwrap_or_default())
}

/// Records how far polling got (call after the messages up to `last_uid` are stored) or why it
/// failed.
pub async fn save(
    db: &Db,
    inbox_id: i64,
    cursor: MailboxCursor,
    error: Option<&str>,
) -> Result<(), StoreError> {
    let sql = "INSERT INTO mailbox_cursors (inbox_id, uid_validity, last_uid, polled_at, \
               last_error) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (inbox_id) DO UPDATE SET \
               uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, polled_at = \
               excluded.polled_at, last_error = excluded.last_error";
    db.execute(
        sql,
        params![inbox_id, cursor.uid_validity, cursor.last_uid, now(), error],
    )
    .await?;
    Ok(())
}
