//! API tokens: random, shown once, stored as a SHA-256 hash, checked with one indexed lookup.

use std::collections::HashMap;
use std::sync::Mutex;

use chrono::{DateTime, Duration, Utc};
use domain::Role;
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::secret;
use crate::{Db, Entity, StoreError, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Token {
    pub id: i64,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
    /// The agent who made it, whose teams it sees; none for a token made on the command line.
    pub agent_id: Option<i64>,
}

const COLUMNS: &str = "id, name, role, created_at, last_used_at, revoked_at, agent_id";

/// Creates a token and returns it with its secret, which is never stored and cannot be shown again.
/// A token with an `owner` (the agent who made it) works only while that agent is active.
pub async fn create(
    db: &Db,
    name: &str,
    role: Role,
    owner: Option<i64>,
    actor: &Actor,
) -> Result<(Token, String), StoreError> {
    let plaintext = secret::generate("kb_");
    let hash = secret::hash(&plaintext);
    let created_at = now();
    let mut tx = db.begin_write().await?;
    let sql = "INSERT INTO api_tokens (name, role, lookup, secret_hash, created_at, agent_id) \
               VALUES ($1, $2, $3, $4, $5, $6) RETURNING id";
    let id: i64 = tx
        .scalar(
            sql,
            params![
                name,
                role.as_str(),
                secret::lookup_key(&hash),
                &hash,
                created_at,
                owner
            ],
        )
        .await?;
    tx.append_event(NewEvent {
        kind: "token.created",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"token_id": id, "name": name, "role": role}),
    })
    .await?;
    tx.commit().await?;
    let token = Token {
        id,
        name: name.to_string(),
        role,
        created_at,
        last_used_at: None,
        revoked_at: None,
        agent_id: owner,
    };
    Ok((token, plaintext))
}

/// The live token whose secret is `presented`, if any: not revoked, and its owner (if any) active.
/// Marks it used at most every ten minutes.
pub async fn authenticate(db: &Db, presented: &str) -> Result<Option<Token>, StoreError> {
    let hash = secret::hash(presented);
    let sql = "SELECT t.id, t.name, t.role, t.created_at, t.last_used_at, t.revoked_at, \
               t.agent_id, t.secret_hash FROM api_tokens t LEFT JOIN agents a ON a.id = \
               t.agent_id WHERE t.lookup = $1 AND t.revoked_at IS NULL AND (t.agent_id IS NULL \
               OR a.active = TRUE)";
    #[derive(sqlx::FromRow)]
    struct Row {
        #[sqlx(flatten)]
        token: Token,
        secret_hash: String,
    }
    let rows: Vec<Row> = db
        .fetch_all(sql, params![secret::lookup_key(&hash)])
        .await?;
    let Some(row) = rows
        .into_iter()
        .find(|row| secret::hashes_match(&row.secret_hash, &hash))
    else {
        return Ok(None);
    };
    if claim_touch(&hash, row.token.last_used_at) {
        // In the background: under sustained ingestion the write lock may be busy, and a request
        // must not wait for bookkeeping, nor hold a pooled connection while it waits.
        let (db, id) = (db.clone(), row.token.id);
        tokio::spawn(async move {
            let touched = db
                .execute(
                    "UPDATE api_tokens SET last_used_at = $1 WHERE id = $2",
                    params![now(), id],
                )
                .await;
            if let Err(err) = touched {
                tracing::debug!(error = %err, "marking a token used failed");
            }
        });
    }
    Ok(Some(row.token))
}

/// How stale `last_used_at` may get.
const TOUCH_EVERY: Duration = Duration::minutes(10);

/// True for the one caller that should record a use of this token now: its stored time is stale
/// and no other request of this process claimed the update within the interval. Keyed by the
/// secret's hash, which is unique across every database this process serves.
fn claim_touch(hash: &str, last_used_at: Option<DateTime<Utc>>) -> bool {
    static CLAIMED: Mutex<Option<HashMap<String, DateTime<Utc>>>> = Mutex::new(None);
    let at = now();
    if last_used_at.is_some_and(|last| at - last < TOUCH_EVERY) {
        return false;
    }
    let mut claimed = CLAIMED.lock().unwrap_or_else(|p| p.into_inner());
    let claimed = claimed.get_or_insert_with(HashMap::new);
    match claimed.get(hash) {
        Some(last) if at - *last < TOUCH_EVERY => false,
        _ => {
            claimed.insert(hash.to_string(), at);
            true
        }
    }
}

pub async fn list(db: &Db) -> Result<Vec<Token>, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM api_tokens ORDER BY revoked_at IS NOT NULL, id DESC");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![]).await
}

pub async fn revoke(db: &Db, id: i64, actor: &Actor) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let changed = tx
        .execute(
            "UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL",
            params![now(), id],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound(Entity::Token));
    }
    tx.append_event(NewEvent {
        kind: "token.revoked",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"token_id": id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
