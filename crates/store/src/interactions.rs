//! Interactions: every message or contact on any channel, threaded onto a customer and a case.

use chrono::{DateTime, Utc};
use domain::{CaseStatus, Channel, Direction, IdentityKind, StatusChange};
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::sql::{Arg, Where};
use crate::{Cursor, Db, Page, StoreError, append_event, begin_write, bind_args, now, on_pool};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Interaction {
    pub id: i64,
    pub case_id: i64,
    pub case_subject: String,
    pub customer_id: i64,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    #[sqlx(try_from = "String")]
    pub direction: Direction,
    pub author_agent_id: Option<i64>,
    pub author_name: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub external_id: Option<String>,
    pub delivery_status: Option<String>,
    pub occurred_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

const SELECT: &str = "SELECT i.id, i.case_id, c.subject AS case_subject, i.customer_id, i.channel, i.direction, \
     i.author_agent_id, a.name AS author_name, i.subject, i.body, i.external_id, i.delivery_status, i.occurred_at, i.created_at \
     FROM interactions i JOIN cases c ON c.id = i.case_id LEFT JOIN agents a ON a.id = i.author_agent_id";

/// A contact from a customer on any channel, already validated and normalised.
pub struct Inbound {
    pub channel: Channel,
    pub identity: (IdentityKind, String),
    /// The customer's name if the channel tells it; used only when the customer is new.
    pub customer_name: Option<String>,
    pub subject: Option<String>,
    pub body: String,
    pub external_id: Option<String>,
    pub occurred_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
pub struct Ingested {
    pub interaction_id: i64,
    pub case_id: i64,
    pub customer_id: i64,
    /// True when `(channel, external_id)` had been received before: nothing was written.
    #[serde(skip)]
    pub duplicate: bool,
}

pub(crate) fn name_from_identity(value: &str) -> String {
    value
        .split('@')
        .next()
        .filter(|s| !s.is_empty())
        .unwrap_or(value)
        .to_string()
}

pub(crate) fn subject_from_body(body: &str) -> String {
    let line = body
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    let mut subject: String = line.chars().take(80).collect();
    if line.chars().count() > 80 {
        subject.push('…');
    }
    if subject.is_empty() {
        "(no subject)".into()
    } else {
        subject
    }
}

/// An agent's message on a case: a public reply to the customer or an internal note.
pub struct NewMessage {
    pub body: String,
    pub direction: Direction,
    /// The status the case gets with this message; by default a new case becomes open.
    pub status: Option<CaseStatus>,
}

pub async fn add_message(
    db: &Db,
    case_id: i64,
    message: &NewMessage,
    actor: &Actor,
) -> Result<Interaction, StoreError> {
    let at = now();
    let id: i64 = begin_write!(db, tx => {
        let row: Option<(i64, String, String, Option<DateTime<Utc>>)> = sqlx::query_as(
            "SELECT customer_id, channel, status, first_response_at FROM cases WHERE id = $1",
        )
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
        let (customer_id, channel, status, first_response_at) = row.ok_or(StoreError::NotFound("case"))?;
        let old_status: CaseStatus = status.parse().map_err(|e: domain::ParseEnumError| StoreError::Invalid(e.to_string()))?;
        let implied = (old_status == CaseStatus::New).then_some(CaseStatus::Open);
        let new_status = message.status.or(implied).unwrap_or(old_status);
        let change = StatusChange::between(old_status, new_status).map_err(|e| StoreError::Invalid(e.to_string()))?;
        if old_status == CaseStatus::Closed {
            return Err(StoreError::Invalid(domain::CaseClosed.to_string()));
        }
        let is_reply = message.direction == Direction::Outbound;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO interactions (case_id, customer_id, channel, direction, author_agent_id, body, delivery_status, occurred_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
        )
        .bind(case_id)
        .bind(customer_id)
        .bind(&channel)
        .bind(message.direction.as_str())
        .bind(actor.agent_id())
        .bind(&message.body)
        .bind(is_reply.then_some("pending"))
        .bind(at)
        .fetch_one(&mut *tx)
        .await?;
        let first_response = is_reply && first_response_at.is_none() && actor != &Actor::System;
        sqlx::query(
            "UPDATE cases SET status = $1, updated_at = $2, \
             first_response_at = CASE WHEN $3 THEN $2 ELSE first_response_at END, \
             resolved_at = CASE WHEN $4 THEN $2 WHEN $5 THEN NULL ELSE resolved_at END, \
             reopen_count = reopen_count + CASE WHEN $5 THEN 1 ELSE 0 END WHERE id = $6",
        )
        .bind(new_status.as_str())
        .bind(at)
        .bind(first_response)
        .bind(change.resolves)
        .bind(change.reopens)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
        let event = |kind, payload| NewEvent { kind, customer_id: Some(customer_id), case_id: Some(case_id), actor, payload };
        let kind = if is_reply { "interaction.sent" } else { "note.added" };
        append_event!(tx, event(kind, json!({"interaction_id": id, "channel": channel, "direction": message.direction})));
        if first_response {
            append_event!(tx, event("case.first_response", json!({"interaction_id": id})));
        }
        if new_status != old_status {
            append_event!(tx, event("case.status_changed", json!({"from": old_status, "to": new_status})));
        }
        if change.resolves {
            append_event!(tx, event("case.resolved", json!({"status": new_status})));
        }
        if change.reopens {
            append_event!(tx, event("case.reopened", json!({"status": new_status})));
        }
        id
    });
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Interaction, StoreError> {
    let sql = format!("{SELECT} WHERE i.id = $1");
    on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?)
        .ok_or(StoreError::NotFound("interaction"))
}

/// The most recent `limit` interactions of a case, oldest first: the thread as agents read it.
pub async fn thread(db: &Db, case_id: i64, limit: i64) -> Result<Vec<Interaction>, StoreError> {
    let sql = format!(
        "SELECT * FROM ({SELECT} WHERE i.case_id = $1 ORDER BY i.occurred_at DESC, i.id DESC LIMIT $2) recent ORDER BY occurred_at, id"
    );
    Ok(
        on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(case_id).bind(limit).fetch_all(pool).await?),
    )
}

/// A customer's interactions on every channel and case, newest first, one keyset page at a time.
pub async fn timeline(
    db: &Db,
    customer_id: i64,
    cursor: Option<Cursor>,
    limit: usize,
) -> Result<Page<Interaction>, StoreError> {
    let mut w = Where::default();
    w.push("i.customer_id = ?", [Arg::Int(customer_id)]);
    if let Some((at, id)) = cursor.and_then(Cursor::time_id) {
        w.push(
            "(i.occurred_at < ? OR (i.occurred_at = ? AND i.id < ?))",
            [Arg::Time(at), Arg::Time(at), Arg::Int(id)],
        );
    }
    let sql = format!(
        "{SELECT} {} ORDER BY i.occurred_at DESC, i.id DESC LIMIT {}",
        w.sql(),
        w.next_placeholder()
    );
    let mut args = w.args;
    args.push(Arg::Int(limit as i64 + 1));
    let rows: Vec<Interaction> = on_pool!(db, pool => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), args).fetch_all(pool).await?);
    Ok(Page::from_rows(rows, limit, |i| {
        Cursor::TimeId(i.occurred_at, i.id)
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_come_from_the_first_line() {
        assert_eq!(
            subject_from_body("\n  Storing in 1012AB\nal twee uur"),
            "Storing in 1012AB"
        );
        assert_eq!(subject_from_body("   "), "(no subject)");
        assert!(subject_from_body(&"x".repeat(200)).ends_with('…'));
    }
}
