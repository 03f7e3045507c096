//! The append-only event log. Every change writes its event inside the transaction that makes the
//! change, with `Tx::append_event`, so the log and the tables can never disagree.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::types::Json;

use crate::relationships::Change;
use crate::{Db, StoreError, Tx, params};

mod cursor;

pub use cursor::EventCursor;

pub const INSERT_EVENT: &str = "INSERT INTO events (kind, occurred_at, customer_id, case_id, \
                                actor, payload) VALUES ($1, $2, $3, $4, $5, $6)";

/// Wakes the tails of the log in this process after a commit, so in-process changes reach them at
/// once instead of at their next poll. A process-wide signal because `Db` is only a pool; a tail of
/// another `Db` in the same process (tests) wakes for nothing and finds no new events.
static COMMITTED: tokio::sync::Notify = tokio::sync::Notify::const_new();

/// Called after every commit of a [`Tx`].
pub fn notify_committed() {
    COMMITTED.notify_waiters();
}

/// Resolves after the next commit in this process; a commit while nobody waits is not remembered.
pub async fn committed() {
    COMMITTED.notified().await;
}

/// Who made a change, as recorded on its event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Actor {
    Agent(i64),
    Token(i64),
    /// A customer, through a channel or a public page.
    Customer,
    System,
}

impl Actor {
    pub fn label(&self) -> String {
        match self {
            Actor::Agent(id) => format!("agent:{id}"),
            Actor::Token(id) => format!("token:{id}"),
            Actor::Customer => "customer".into(),
            Actor::System => "system".into(),
        }
    }

    pub fn agent_id(&self) -> Option<i64> {
        match self {
            Actor::Agent(id) => Some(*id),
            _ => None,
        }
    }
}

/// An event to append; `occurred_at` is the commit's clock.
pub struct NewEvent<'a> {
    pub kind: &'static str,
    pub customer_id: Option<i64>,
    pub case_id: Option<i64>,
    pub actor: &'a Actor,
    pub payload: serde_json::Value,
}

impl Tx {
    /// Appends `event` inside this transaction.
    pub(crate) async fn append_event(&mut self, event: NewEvent<'_>) -> Result<(), StoreError> {
        let params = params![
            event.kind,
            crate::now(),
            event.customer_id,
            event.case_id,
            event.actor.label(),
            &event.payload
        ];
        self.execute(INSERT_EVENT, params).await?;
        Ok(())
    }
}

/// Appends one event on its own: something happened that changed no other row (an SMS cap hit).
pub async fn append(db: &Db, event: NewEvent<'_>) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    tx.append_event(event).await?;
    tx.commit().await?;
    Ok(())
}

/// A business event from outside (`order.delivered`, `subscription.cancelled`, ...).
pub struct BusinessEvent<'a> {
    pub kind: &'a str,
    pub customer_id: i64,
    /// When it happened (history can be sent later); the log's own time is the commit's.
    pub occurred_at: DateTime<Utc>,
    /// A cancellation's reason: a configured code, or the customer's words.
    pub reason: Option<&'a str>,
    pub note: Option<&'a str>,
    pub payload: &'a serde_json::Value,
}

/// Appends a business event for a customer, and, for `subscription.*`, changes their
/// relationship in the same transaction; its seq.
pub async fn record_business(
    db: &Db,
    event: &BusinessEvent<'_>,
    actor: &Actor,
) -> Result<i64, StoreError> {
    let sql = "INSERT INTO events (kind, occurred_at, customer_id, case_id, actor, payload) \
               VALUES ($1, $2, $3, NULL, $4, $5) RETURNING seq";
    let mut tx = db.begin_write().await?;
    let params = params![
        event.kind,
        crate::now(),
        event.customer_id,
        actor.label(),
        event.payload
    ];
    let seq = tx.scalar(sql, params).await?;
    if let Some(change) = Change::of(event.kind, event.reason, event.note) {
        tx.change_relationship(event.customer_id, change, event.occurred_at, actor)
            .await?;
    }
    tx.commit().await?;
    Ok(seq)
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Event {
    pub seq: i64,
    pub kind: String,
    pub occurred_at: DateTime<Utc>,
    pub customer_id: Option<i64>,
    pub case_id: Option<i64>,
    pub actor: Option<String>,
    pub payload: Json<serde_json::Value>,
}

/// Events after `after_seq`, in sequence order: how listeners and the analytics tail the log.
pub async fn after(db: &Db, after_seq: i64, limit: i64) -> Result<Vec<Event>, StoreError> {
    let sql = "SELECT seq, kind, occurred_at, customer_id, case_id, actor, payload FROM events \
               WHERE seq > $1 ORDER BY seq LIMIT $2";
    db.fetch_all(sql, params![after_seq, limit]).await
}

/// Events after `after_seq` and those of `missing` (seqs below it not seen yet), in sequence
/// order: how a PostgreSQL follower catches late commits without reading what it has.
pub async fn after_or_among(
    db: &Db,
    after_seq: i64,
    missing: &[i64],
    limit: i64,
) -> Result<Vec<Event>, StoreError> {
    if missing.is_empty() {
        return after(db, after_seq, limit).await;
    }
    let sql = "SELECT seq, kind, occurred_at, customer_id, case_id, actor, payload FROM events \
               WHERE seq > $1 OR seq = ANY(string_to_array($2, ',')::bigint[]) \
               ORDER BY seq LIMIT $3";
    let missing: Vec<String> = missing.iter().map(i64::to_string).collect();
    db.fetch_all(sql, params![after_seq, missing.join(","), limit])
        .await
}

/// The events of one case, oldest first (its audit trail).
pub async fn for_case(db: &Db, case_id: i64) -> Result<Vec<Event>, StoreError> {
    let sql = "SELECT seq, kind, occurred_at, customer_id, case_id, actor, payload FROM events \
               WHERE case_id = $1 ORDER BY seq LIMIT 1000";
    db.fetch_all(sql, params![case_id]).await
}

pub async fn latest_seq(db: &Db) -> Result<i64, StoreError> {
    let sql = "SELECT COALESCE(MAX(seq), 0) FROM events";
    db.scalar(sql, params![]).await
}
