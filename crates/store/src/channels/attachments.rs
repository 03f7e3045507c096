//! Files that came with a message (email attachments), stored with it and downloadable by agents.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, StoreError, on_pool};

/// An attachment without its bytes: what a thread view lists.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct AttachmentInfo {
    pub id: i64,
    pub interaction_id: i64,
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub created_at: DateTime<Utc>,
}

/// An attachment with its bytes, for a download.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Attachment {
    pub id: i64,
    pub case_id: i64,
    pub filename: String,
    pub content_type: String,
    pub data: Vec<u8>,
}

/// The attachments of the messages of one case, oldest first.
pub async fn of_case(db: &Db, case_id: i64) -> Result<Vec<AttachmentInfo>, StoreError> {
    let sql = "SELECT a.id, a.interaction_id, a.filename, a.content_type, a.size_bytes, a.created_at \
         FROM attachments a JOIN interactions i ON i.id = a.interaction_id WHERE i.case_id = $1 ORDER BY a.id LIMIT 500";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(case_id).fetch_all(pool).await?))
}

pub async fn get(db: &Db, id: i64) -> Result<Attachment, StoreError> {
    let sql = "SELECT a.id, i.case_id, a.filename, a.content_type, a.data \
         FROM attachments a JOIN interactions i ON i.id = a.interaction_id WHERE a.id = $1";
    on_pool!(db, pool => sqlx::query_as(sql).bind(id).fetch_optional(pool).await?)
        .ok_or(StoreError::NotFound("attachment"))
}

/// The files sent with one message, with their bytes, in the order they were added.
pub async fn of_interaction(db: &Db, interaction_id: i64) -> Result<Vec<Attachment>, StoreError> {
    let sql = "SELECT a.id, i.case_id, a.filename, a.content_type, a.data \
         FROM attachments a JOIN interactions i ON i.id = a.interaction_id WHERE a.interaction_id = $1 ORDER BY a.id";
    Ok(on_pool!(db, pool => sqlx::query_as(sql).bind(interaction_id).fetch_all(pool).await?))
}
