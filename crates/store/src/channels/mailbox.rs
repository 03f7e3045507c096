//! Where IMAP polling left each mailbox: its UIDVALIDITY and the highest UID taken in.

use crate::{Db, StoreError, now, on_pool};

#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct MailboxCursor {
    pub uid_validity: Option<i64>,
    pub last_uid: i64,
}

pub async fn cursor(db: &Db, inbox_id: i64) -> Result<MailboxCursor, StoreError> {
    let row: Option<MailboxCursor> = on_pool!(db, pool => sqlx::query_as(
        "SELECT uid_validity, last_uid FROM mailbox_cursors WHERE inbox_id = $1",
    )
    .bind(inbox_id)
    .fetch_optional(pool)
    .await?);
    Ok(row.unwrap_or_default())
}

/// Records how far polling got (call after the messages up to `last_uid` are stored) or why it failed.
pub async fn save(
    db: &Db,
    inbox_id: i64,
    cursor: MailboxCursor,
    error: Option<&str>,
) -> Result<(), StoreError> {
    on_pool!(db, pool => sqlx::query(
        "INSERT INTO mailbox_cursors (inbox_id, uid_validity, last_uid, polled_at, last_error) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (inbox_id) DO UPDATE SET uid_validity = excluded.uid_validity, last_uid = excluded.last_uid, \
         polled_at = excluded.polled_at, last_error = excluded.last_error",
    )
    .bind(inbox_id)
    .bind(cursor.uid_validity)
    .bind(cursor.last_uid)
    .bind(now())
    .bind(error)
    .execute(pool)
    .await?.rows_affected());
    Ok(())
}
