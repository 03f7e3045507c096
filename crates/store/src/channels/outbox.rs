//! Replies waiting to go out. An agent's reply and its outbox row are written in one transaction;
//! a worker claims due rows for a lease, sends them, and records the outcome. A worker that dies
//! mid-send loses its lease and the row is sent again (with the same Message-ID for email).

use chrono::{DateTime, Duration, Utc};
use domain::Channel;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::sql::Param;
use crate::{Db, StoreError, now, params};

/// A claimed reply with what sending it needs.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Delivery {
    pub outbox_id: i64,
    /// Including this one.
    pub attempts: i64,
    pub interaction_id: i64,
    pub case_id: i64,
    pub customer_id: i64,
    pub case_subject: String,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub inbox_id: Option<i64>,
    pub address: String,
    pub body: String,
    pub external_id: Option<String>,
    pub author_name: Option<String>,
    /// Channel specifics; for an email reply its copies (`cc`, `bcc`).
    pub details: Option<sqlx::types::Json<serde_json::Value>>,
}

impl Delivery {
    /// The addresses an email reply is copied to: `(cc, bcc)`.
    pub fn copies(&self) -> (Vec<String>, Vec<String>) {
        let list = |key: &str| -> Vec<String> {
            self.details
                .as_ref()
                .and_then(|d| d.0[key].as_array().cloned())
                .unwrap_or_default()
                .iter()
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        (list("cc"), list("bcc"))
    }
}

const CLAIM_SQLITE: &str = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, \
                            updated_at = $2 WHERE id IN (SELECT id FROM outbox WHERE status = \
                            'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at, id \
                            LIMIT $3) RETURNING id";
const CLAIM_POSTGRES: &str = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, \
                              updated_at = $2 WHERE id IN (SELECT id FROM outbox WHERE status = \
                              'pending' AND next_attempt_at <= $2 ORDER BY next_attempt_at, id \
                              LIMIT $3 FOR UPDATE SKIP LOCKED) RETURNING id";
const DELIVERY: &str = "SELECT o.id AS outbox_id, o.attempts, i.id AS interaction_id, i.case_id, \
                        i.customer_id, c.subject AS case_subject, i.channel, i.inbox_id, \
                        i.address, i.body, i.external_id, a.name AS author_name, i.details FROM \
                        outbox o JOIN interactions i ON i.id = o.interaction_id JOIN cases c ON \
                        c.id = i.case_id LEFT JOIN agents a ON a.id = i.author_agent_id WHERE \
                        o.id = $1";

/// Claims up to `limit` due replies for `lease`; several nodes never claim the same row.
pub async fn claim(db: &Db, limit: i64, lease: Duration) -> Result<Vec<Delivery>, StoreError> {
    let at = now();
    // A read first: the claim is a write, which on SQLite waits for the intake writer's lock.
    let due = "SELECT EXISTS (SELECT 1 FROM outbox WHERE status = 'pending' \
               AND next_attempt_at <= $1)";
    if !db.scalar::<bool>(due, params![at]).await? {
        return Ok(Vec::new());
    }
    let claim = match db {
        Db::Sqlite(_) => CLAIM_SQLITE,
        Db::Postgres(_) => CLAIM_POSTGRES,
    };
    let ids: Vec<i64> = db.scalars(claim, params![at + lease, at, limit]).await?;
    let mut claimed = Vec::with_capacity(ids.len());
    for id in ids {
        let delivery: Option<Delivery> = db.fetch_optional(DELIVERY, params![id]).await?;
        claimed.extend(delivery);
    }
    Ok(claimed)
}

/// The Message-IDs of a case's email thread, oldest first, and the newest inbound one (what a
/// reply answers).
pub async fn email_thread(
    db: &Db,
    case_id: i64,
) -> Result<(Vec<String>, Option<String>), StoreError> {
    let sql = "SELECT external_id, direction FROM interactions WHERE case_id = $1 AND channel = \
               'email' AND external_id IS NOT NULL ORDER BY occurred_at DESC, id DESC LIMIT 20";
    let rows: Vec<(String, String)> = db.fetch_all(sql, params![case_id]).await?;
    let answered = rows
        .iter()
        .find(|(_, direction)| direction == "inbound")
        .map(|(id, _)| id.clone());
    Ok((rows.into_iter().rev().map(|(id, _)| id).collect(), answered))
}

/// Gives a reply its channel id before it is sent (an email's Message-ID), so a resend after a
/// crash carries the same one.
pub async fn set_external_id(
    db: &Db,
    interaction_id: i64,
    external_id: &str,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE interactions SET external_id = $1 WHERE id = $2",
        params![external_id, interaction_id],
    )
    .await?;
    Ok(())
}

/// The reply left: the provider's id (an SMS id) is kept for its status callbacks.
pub async fn sent(
    db: &Db,
    delivery: &Delivery,
    external_id: Option<&str>,
) -> Result<(), StoreError> {
    finish(db, delivery, "sent", external_id, None).await
}

/// The reply cannot be delivered; agents see why on the message.
pub async fn failed(db: &Db, delivery: &Delivery, error: &str) -> Result<(), StoreError> {
    finish(db, delivery, "failed", None, Some(error)).await
}

async fn finish(
    db: &Db,
    delivery: &Delivery,
    status: &str,
    external_id: Option<&str>,
    error: Option<&str>,
) -> Result<(), StoreError> {
    let at = now();
    let actor = &Actor::System;
    let mut tx = db.begin_write().await?;
    tx.execute(
        "UPDATE outbox SET status = $1, last_error = $2, updated_at = $3 WHERE id = $4",
        params![status, error, at, delivery.outbox_id],
    )
    .await?;
    let sql = "UPDATE interactions SET delivery_status = $1, delivery_error = $2, external_id = \
               COALESCE($3, external_id) WHERE id = $4";
    tx.execute(
        sql,
        params![status, error, external_id, delivery.interaction_id],
    )
    .await?;
    tx.append_event(NewEvent {
        kind: "interaction.delivery",
        customer_id: Some(delivery.customer_id),
        case_id: Some(delivery.case_id),
        actor,
        payload: json!({
            "interaction_id": delivery.interaction_id,
            "status": status,
            "error": error,
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A transient failure: try again at `next_attempt_at`.
pub async fn retry(
    db: &Db,
    delivery: &Delivery,
    next_attempt_at: DateTime<Utc>,
    error: &str,
) -> Result<(), StoreError> {
    db.execute(
        "UPDATE outbox SET next_attempt_at = $1, last_error = $2, updated_at = $3 WHERE id = $4",
        params![next_attempt_at, error, now(), delivery.outbox_id],
    )
    .await?;
    Ok(())
}

/// A provider's delivery report for a message it accepted earlier. Reports may arrive out of
/// order, so one only applies when it is at least as far along (`rank`) as the status kept. False
/// when nothing changed.
pub async fn report_status(
    db: &Db,
    channel: Channel,
    external_id: &str,
    status: &str,
    rank: u8,
    error: Option<&str>,
) -> Result<bool, StoreError> {
    let actor = &Actor::System;
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE interactions SET delivery_status = $1, delivery_error = $2 WHERE channel = \
               $3 AND external_id = $4 AND direction = 'outbound' AND (CASE delivery_status \
               WHEN 'sent' THEN 1 WHEN 'delivered' THEN 2 WHEN 'read' THEN 3 WHEN 'failed' THEN \
               4 ELSE 0 END) <= $5 RETURNING id, case_id, customer_id";
    let row: Option<(i64, i64, i64)> = tx
        .fetch_optional(
            sql,
            params![
                status,
                error,
                channel.as_str(),
                external_id,
                i64::from(rank)
            ],
        )
        .await?;
    if let Some((interaction_id, case_id, customer_id)) = row {
        tx.append_event(NewEvent {
            kind: "interaction.delivery",
            customer_id: Some(customer_id),
            case_id: Some(case_id),
            actor,
            payload: json!({"interaction_id": interaction_id, "status": status, "error": error}),
        })
        .await?;
    }
    tx.commit().await?;
    Ok(row.is_some())
}

/// The newest case holding a message of `channel` with one of these ids (what an email answers).
pub async fn case_of_message(
    db: &Db,
    channel: Channel,
    external_ids: &[&str],
) -> Result<Option<i64>, StoreError> {
    if external_ids.is_empty() {
        return Ok(None);
    }
    let placeholders = crate::sql::placeholders_from(2, external_ids.len());
    let sql = format!(
        "SELECT case_id FROM interactions WHERE channel = $1 AND external_id IN ({}) ORDER BY id \
         DESC LIMIT 1",
        placeholders
    );
    let ids = external_ids.iter().map(|id| Param::from(*id));
    let params = params![channel.as_str()].into_iter().chain(ids);
    db.optional_scalar(sqlx::AssertSqlSafe(sql), params).await
}
