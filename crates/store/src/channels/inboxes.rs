//! Inboxes: the configured endpoints of each channel (a support mailbox, a chat widget, an SMS
//! number, a phone queue). Their settings are channel-specific JSON, validated by the web layer.

use chrono::{DateTime, Utc};
use domain::InboxKind;
use serde::Serialize;
use serde_json::{Value, json};
use sqlx::types::Json;

use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Inbox {
    pub id: i64,
    #[sqlx(try_from = "String")]
    pub kind: InboxKind,
    pub name: String,
    pub settings: Json<Value>,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Inbox {
    /// A string setting, if present and not empty.
    pub fn setting(&self, key: &str) -> Option<&str> {
        self.settings
            .get(key)
            .and_then(Value::as_str)
            .filter(|s| !s.is_empty())
    }
}

const SELECT: &str = "SELECT id, kind, name, settings, active, created_at, updated_at FROM inboxes";

pub async fn create(
    db: &Db,
    kind: InboxKind,
    name: &str,
    settings: &Value,
    actor: &Actor,
) -> Result<Inbox, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let sql = "INSERT INTO inboxes (kind, name, settings, created_at, updated_at) VALUES ($1, \
               $2, $3, $4, $4) RETURNING id";
    let id: i64 = tx
        .scalar(sql, params![kind.as_str(), name, Json(settings), at])
        .await?;
    tx.append_event(NewEvent {
        kind: "inbox.created",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"inbox_id": id, "kind": kind, "name": name}),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// Replaces the name, settings and active flag.
pub async fn update(
    db: &Db,
    id: i64,
    name: &str,
    settings: &Value,
    active: bool,
    actor: &Actor,
) -> Result<Inbox, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE inboxes SET name = $1, settings = $2, active = $3, updated_at = $4 WHERE \
               id = $5";
    let changed = tx
        .execute(sql, params![name, Json(settings), active, at, id])
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound(Entity::Inbox));
    }
    tx.append_event(NewEvent {
        kind: "inbox.updated",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"inbox_id": id, "name": name, "active": active}),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Inbox, StoreError> {
    let sql = format!("{SELECT} WHERE id = $1");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Inbox))
}

pub async fn list(db: &Db) -> Result<Vec<Inbox>, StoreError> {
    let sql = format!("{SELECT} ORDER BY id");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![]).await
}

/// The first active inbox of a kind: where a message goes when nothing names an inbox.
pub async fn first_of_kind(db: &Db, kind: InboxKind) -> Result<Option<Inbox>, StoreError> {
    let sql = format!("{SELECT} WHERE kind = $1 AND active = TRUE ORDER BY id LIMIT 1");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![kind.as_str()])
        .await
}
