//! Agent sessions for the UI: the cookie holds a random id, the table only its hash.

use chrono::{Duration, Utc};

use crate::agents::{self, Agent};
use crate::secret;
use crate::{Db, StoreError, now, params};

pub struct NewSession {
    /// The cookie value; only its hash is stored.
    pub cookie: String,
    pub csrf_token: String,
}

pub async fn create(db: &Db, agent_id: i64, lifetime: Duration) -> Result<NewSession, StoreError> {
    let cookie = secret::generate("");
    let csrf_token = secret::generate("");
    let created_at = now();
    let sql = "INSERT INTO sessions (id_hash, agent_id, csrf_token, created_at, expires_at) \
               VALUES ($1, $2, $3, $4, $5)";
    db.execute(
        sql,
        params![
            secret::hash(&cookie),
            agent_id,
            csrf_token.clone(),
            created_at,
            created_at + lifetime
        ],
    )
    .await?;
    Ok(NewSession { cookie, csrf_token })
}

/// The active agent behind a session cookie and the session's CSRF token.
pub async fn lookup(db: &Db, cookie: &str) -> Result<Option<(Agent, String)>, StoreError> {
    let sql = "SELECT s.agent_id, s.csrf_token FROM sessions s JOIN agents a ON a.id = s.agent_id \
               WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.active = TRUE";
    let row: Option<(i64, String)> = db
        .fetch_optional(sql, params![secret::hash(cookie), Utc::now()])
        .await?;
    match row {
        Some((agent_id, csrf)) => Ok(Some((agents::get(db, agent_id).await?, csrf))),
        None => Ok(None),
    }
}

pub async fn delete(db: &Db, cookie: &str) -> Result<(), StoreError> {
    db.execute(
        "DELETE FROM sessions WHERE id_hash = $1",
        params![secret::hash(cookie)],
    )
    .await?;
    Ok(())
}

pub async fn delete_expired(db: &Db) -> Result<u64, StoreError> {
    db.execute(
        "DELETE FROM sessions WHERE expires_at <= $1",
        params![Utc::now()],
    )
    .await
}
