//! Agent sessions for the UI: the cookie holds a random id, the table only its hash.

use chrono::{Duration, Utc};

use crate::agents::{self, Agent};
use crate::secret;
use crate::sql::{Arg, execute};
use crate::{Db, StoreError, now, on_pool};

pub struct NewSession {
    /// The cookie value; only its hash is stored.
    pub cookie: String,
    pub csrf_token: String,
}

pub async fn create(db: &Db, agent_id: i64, lifetime: Duration) -> Result<NewSession, StoreError> {
    let cookie = secret::generate("");
    let csrf_token = secret::generate("");
    let created_at = now();
    execute(
        db,
        "INSERT INTO sessions (id_hash, agent_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
        vec![
            Arg::Text(secret::hash(&cookie)),
            Arg::Int(agent_id),
            Arg::Text(csrf_token.clone()),
            Arg::Time(created_at),
            Arg::Time(created_at + lifetime),
        ],
    )
    .await?;
    Ok(NewSession { cookie, csrf_token })
}

/// The active agent behind a session cookie and the session's CSRF token.
pub async fn lookup(db: &Db, cookie: &str) -> Result<Option<(Agent, String)>, StoreError> {
    let sql = "SELECT s.agent_id, s.csrf_token FROM sessions s JOIN agents a ON a.id = s.agent_id \
               WHERE s.id_hash = $1 AND s.expires_at > $2 AND a.active = TRUE";
    let row: Option<(i64, String)> = on_pool!(db, pool => sqlx::query_as(sql)
        .bind(secret::hash(cookie)).bind(Utc::now()).fetch_optional(pool).await?);
    match row {
        Some((agent_id, csrf)) => Ok(Some((agents::get(db, agent_id).await?, csrf))),
        None => Ok(None),
    }
}

pub async fn delete(db: &Db, cookie: &str) -> Result<(), StoreError> {
    execute(
        db,
        "DELETE FROM sessions WHERE id_hash = $1",
        vec![Arg::Text(secret::hash(cookie))],
    )
    .await?;
    Ok(())
}

pub async fn delete_expired(db: &Db) -> Result<u64, StoreError> {
    execute(
        db,
        "DELETE FROM sessions WHERE expires_at <= $1",
        vec![Arg::Time(Utc::now())],
    )
    .await
}
