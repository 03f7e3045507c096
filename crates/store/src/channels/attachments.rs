//! Files that came with a message (email attachments), stored with it and downloadable by agents.

use serde::Serialize;

use crate::sql::Param;
use crate::{Db, Entity, StoreError, params};

/// An attachment without its bytes, as an interaction lists it: what
/// `GET /api/v1/attachments/{id}` serves, under which name and type, and how big.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct AttachmentRef {
    pub id: i64,
    #[serde(skip)]
    pub interaction_id: i64,
    pub filename: String,
    pub content_type: String,
    /// In bytes.
    pub size: i64,
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

/// The attachments of these interactions, in one query, each interaction's in the order they were
/// added.
pub async fn of_interactions(
    db: &Db,
    interaction_ids: &[i64],
) -> Result<Vec<AttachmentRef>, StoreError> {
    if interaction_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = crate::sql::placeholders(interaction_ids.len());
    let sql = format!(
        "SELECT id, interaction_id, filename, content_type, size_bytes AS size FROM attachments \
         WHERE interaction_id IN ({}) ORDER BY id",
        placeholders
    );
    let args = interaction_ids.iter().map(Param::from);
    db.fetch_all(sqlx::AssertSqlSafe(sql), args).await
}

pub async fn get(db: &Db, id: i64) -> Result<Attachment, StoreError> {
    let sql = "SELECT a.id, i.case_id, a.filename, a.content_type, a.data FROM attachments a \
               JOIN interactions i ON i.id = a.interaction_id WHERE a.id = $1";
    db.fetch_optional(sql, params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Attachment))
}

/// The files sent with one message, with their bytes, in the order they were added.
pub async fn of_interaction(db: &Db, interaction_id: i64) -> Result<Vec<Attachment>, StoreError> {
    let sql = "SELECT a.id, i.case_id, a.filename, a.content_type, a.data FROM attachments a \
               JOIN interactions i ON i.id = a.interaction_id WHERE a.interaction_id = $1 ORDER \
               BY a.id";
    db.fetch_all(sql, params![interaction_id]).await
}
