//! The reply an agent is typing on a case, kept while they type so it survives a closed tab, and
//! cleared in the transaction that sends it. Each agent has their own; nobody else reads it.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::{Db, Entity, StoreError, now, params};

/// Longest accepted draft, in characters (a reply's limit).
pub const MAX_CHARS: usize = 100_000;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Draft {
    pub case_id: i64,
    pub body: String,
    pub updated_at: DateTime<Utc>,
}

/// Keeps `body` as `agent_id`'s draft on the case; an empty body removes the draft.
pub async fn save(
    db: &Db,
    agent_id: i64,
    case_id: i64,
    body: &str,
) -> Result<Option<Draft>, StoreError> {
    if body.chars().count() > MAX_CHARS || body.contains('\0') {
        return Err(StoreError::Invalid(format!(
            "a draft has at most {MAX_CHARS} characters"
        )));
    }
    let exists: Option<i64> = db
        .optional_scalar("SELECT id FROM cases WHERE id = $1", params![case_id])
        .await?;
    if exists.is_none() {
        return Err(StoreError::NotFound(Entity::Case));
    }
    if body.trim().is_empty() {
        clear(db, agent_id, case_id).await?;
        return Ok(None);
    }
    let sql = "INSERT INTO drafts (agent_id, case_id, body, updated_at) VALUES ($1, $2, $3, $4) \
               ON CONFLICT (agent_id, case_id) DO UPDATE SET body = excluded.body, updated_at = \
               excluded.updated_at RETURNING case_id, body, updated_at";
    let draft: Draft = db
        .fetch_one(sql, params![agent_id, case_id, body, now()])
        .await?;
    Ok(Some(draft))
}

/// `agent_id`'s draft on the case, if they left one.
pub async fn get(db: &Db, agent_id: i64, case_id: i64) -> Result<Option<Draft>, StoreError> {
    db.fetch_optional(
        "SELECT case_id, body, updated_at FROM drafts WHERE agent_id = $1 AND case_id = $2",
        params![agent_id, case_id],
    )
    .await
}

pub async fn clear(db: &Db, agent_id: i64, case_id: i64) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM drafts WHERE agent_id = $1 AND case_id = $2",
        params![agent_id, case_id],
    )
    .await?;
    Ok(())
}
