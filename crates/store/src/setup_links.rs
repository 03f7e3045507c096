//! One-time links where an agent chooses a password (`/setup/{token}`): random, shown once, stored
//! as a SHA-256 hash, valid for [`LIFETIME`], and only while the agent is active. A new link for an
//! agent replaces its earlier ones; using a link removes it.

use chrono::Duration;
use serde_json::json;

use crate::agents::{self, Agent};
use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params, secret};

pub const LIFETIME: Duration = Duration::hours(24);

/// A new link for the agent; returns its token. With `reset`, the agent's password and sessions
/// are removed too, so only the link's new password will work.
pub async fn create(
    db: &Db,
    agent_id: i64,
    reset: bool,
    actor: &Actor,
) -> Result<String, StoreError> {
    let token = secret::generate("");
    let created_at = now();
    let mut tx = db.begin_write().await?;
    let exists: Option<i64> = tx
        .optional_scalar("SELECT id FROM agents WHERE id = $1", params![agent_id])
        .await?;
    if exists.is_none() {
        return Err(StoreError::NotFound(Entity::Agent));
    }
    tx.execute(
        "DELETE FROM agent_setup_links WHERE agent_id = $1",
        params![agent_id],
    )
    .await?;
    let sql = "INSERT INTO agent_setup_links (token_hash, agent_id, created_at, expires_at) \
               VALUES ($1, $2, $3, $4)";
    tx.execute(
        sql,
        params![
            secret::hash(&token),
            agent_id,
            created_at,
            created_at + LIFETIME
        ],
    )
    .await?;
    if reset {
        tx.execute(
            "UPDATE agents SET password_hash = NULL WHERE id = $1",
            params![agent_id],
        )
        .await?;
        tx.execute(
            "DELETE FROM sessions WHERE agent_id = $1",
            params![agent_id],
        )
        .await?;
    }
    tx.append_event(NewEvent {
        kind: if reset {
            "agent.password_reset"
        } else {
            "agent.setup_link_created"
        },
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"agent_id": agent_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// The active agent a live link belongs to.
pub async fn agent(db: &Db, token: &str) -> Result<Option<Agent>, StoreError> {
    let sql = "SELECT l.agent_id FROM agent_setup_links l JOIN agents a ON a.id = l.agent_id \
               WHERE l.token_hash = $1 AND l.expires_at > $2 AND a.active = TRUE";
    let found: Option<i64> = db
        .optional_scalar(sql, params![secret::hash(token), now()])
        .await?;
    match found {
        Some(id) => agents::get(db, id).await.map(Some),
        None => Ok(None),
    }
}

/// Sets the password of the link's agent and removes the link; `None` when the link is unknown,
/// expired, used, or its agent deactivated.
pub async fn use_link(
    db: &Db,
    token: &str,
    password_hash: &str,
) -> Result<Option<i64>, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let found: Option<i64> = tx
        .optional_scalar(
            "DELETE FROM agent_setup_links WHERE token_hash = $1 AND expires_at > $2 \
             AND agent_id IN (SELECT id FROM agents WHERE active = TRUE) RETURNING agent_id",
            params![secret::hash(token), at],
        )
        .await?;
    if let Some(id) = found {
        tx.execute(
            "UPDATE agents SET password_hash = $1 WHERE id = $2",
            params![password_hash, id],
        )
        .await?;
        tx.append_event(NewEvent {
            kind: "agent.password_set",
            customer_id: None,
            case_id: None,
            actor: &Actor::Agent(id),
            payload: json!({"agent_id": id}),
        })
        .await?;
    }
    tx.commit().await?;
    Ok(found)
}
