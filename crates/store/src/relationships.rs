//! Customers' relationships: when each started, when it ended and why. Business events keep them
//! current (`subscription.started`, `.renewed`, `.cancelled`), an import sets them, and a customer
//! who comes back starts a new one; ended ones are kept, for churn over the years.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::events::{Actor, NewEvent};
use crate::tx::Tx;
use crate::{Db, StoreError, params};

/// Longest free-text note kept with an end.
pub const MAX_NOTE_CHARS: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, sqlx::FromRow)]
pub struct Relationship {
    pub id: i64,
    pub customer_id: i64,
    pub started_at: DateTime<Utc>,
    pub ended_at: Option<DateTime<Utc>>,
    /// A code of [`reasons`].
    pub end_reason: Option<String>,
    /// The customer's own words, when given.
    pub end_note: Option<String>,
}

/// A coded end reason with its labels, in the configured order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize, sqlx::FromRow)]
pub struct EndReason {
    pub code: String,
    pub label_nl: String,
    pub label_en: String,
}

/// What a business event does to a customer's relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change<'a> {
    /// `subscription.started`: opens one, unless one is open.
    Started,
    /// `subscription.renewed`: the customer is active; opens one if none is open.
    Renewed,
    /// `subscription.cancelled`: ends the open one (a customer without one was a customer until
    /// now: one is recorded from their creation).
    Cancelled {
        reason: &'a str,
        note: Option<&'a str>,
    },
}

impl<'a> Change<'a> {
    /// The change a business event kind makes, if any.
    pub fn of(kind: &str, reason: Option<&'a str>, note: Option<&'a str>) -> Option<Self> {
        match kind {
            "subscription.started" => Some(Change::Started),
            "subscription.renewed" => Some(Change::Renewed),
            "subscription.cancelled" => Some(Change::Cancelled {
                reason: reason.unwrap_or("other"),
                note,
            }),
            _ => None,
        }
    }
}

const COLUMNS: &str = "id, customer_id, started_at, ended_at, end_reason, end_note";

/// The customer's relationships, oldest first.
pub async fn of_customer(db: &Db, customer_id: i64) -> Result<Vec<Relationship>, StoreError> {
    let sql = "SELECT id, customer_id, started_at, ended_at, end_reason, end_note \
               FROM relationships WHERE customer_id = $1 ORDER BY started_at, id";
    db.fetch_all(sql, params![customer_id]).await
}

/// Up to `limit` relationships after `(customer_id, id)` = `after`, in that order: what the fact
/// store loads, a page at a time, each customer's relationships one after the other.
pub async fn page(db: &Db, after: (i64, i64), limit: i64) -> Result<Vec<Relationship>, StoreError> {
    let sql = "SELECT id, customer_id, started_at, ended_at, end_reason, end_note \
               FROM relationships WHERE (customer_id, id) > ($1, $2) \
               ORDER BY customer_id, id LIMIT $3";
    db.fetch_all(sql, params![after.0, after.1, limit]).await
}

/// The relationships of these customers (at most a few hundred ids), by customer.
pub async fn of_customers(db: &Db, ids: &[i64]) -> Result<Vec<Relationship>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = crate::sql::placeholders(ids.len());
    let sql = format!(
        "SELECT {COLUMNS} FROM relationships WHERE customer_id IN ({}) \
         ORDER BY customer_id, started_at, id",
        list
    );
    db.fetch_all(
        sqlx::AssertSqlSafe(sql),
        ids.iter().map(crate::sql::Param::from),
    )
    .await
}

/// The customers' own words at the ends in `[from, to)`, for the most frequent terms.
pub async fn end_notes(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<String>, StoreError> {
    let sql = "SELECT end_note FROM relationships WHERE ended_at >= $1 AND ended_at < $2 \
               AND end_note IS NOT NULL LIMIT 100000";
    db.scalars(sql, params![from, to]).await
}

/// The configured end reasons, in order.
pub async fn reasons(db: &Db) -> Result<Vec<EndReason>, StoreError> {
    let sql = "SELECT code, label_nl, label_en FROM churn_reasons ORDER BY position, code";
    db.fetch_all(sql, params![]).await
}

/// Replaces the list of end reasons. Codes ends already carry stay valid: their labels go, the
/// code is shown as it is.
pub async fn set_reasons(db: &Db, list: &[EndReason]) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    tx.execute("DELETE FROM churn_reasons", params![]).await?;
    for (position, reason) in list.iter().enumerate() {
        let sql = "INSERT INTO churn_reasons (code, label_nl, label_en, position) \
                   VALUES ($1, $2, $3, $4)";
        let params = params![
            &reason.code,
            &reason.label_nl,
            &reason.label_en,
            position as i64
        ];
        tx.execute(sql, params).await?;
    }
    tx.commit().await
}

impl Tx {
    /// Applies `change` at `at` to the customer's relationships, with a `relationship.*` event
    /// when something changed. Whether it changed something is returned.
    pub async fn change_relationship(
        &mut self,
        customer_id: i64,
        change: Change<'_>,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<bool, StoreError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM relationships WHERE customer_id = $1 AND ended_at IS NULL"
        );
        let open: Option<Relationship> = self
            .fetch_optional(sqlx::AssertSqlSafe(sql), params![customer_id])
            .await?;
        let now = crate::now();
        let kind = match (change, open) {
            (Change::Started | Change::Renewed, Some(_)) => return Ok(false),
            (Change::Started | Change::Renewed, None) => {
                let sql = "INSERT INTO relationships (customer_id, started_at, updated_at) \
                           VALUES ($1, $2, $3)";
                self.execute(sql, params![customer_id, at, now]).await?;
                "relationship.started"
            }
            (Change::Cancelled { reason, note }, open) => {
                let code = self.known_reason(reason).await?;
                // Words that are not a code are the customer's own, kept as the note.
                let note = note.or((code != reason).then_some(reason));
                let note = note.map(|n| n.chars().take(MAX_NOTE_CHARS).collect::<String>());
                match open {
                    Some(open) => {
                        let ended = at.max(open.started_at);
                        let sql = "UPDATE relationships SET ended_at = $1, end_reason = $2, \
                                   end_note = $3, updated_at = $4 WHERE id = $5";
                        let params = params![ended, &code, &note, now, open.id];
                        self.execute(sql, params).await?;
                    }
                    None => {
                        let sql = "SELECT created_at FROM customers WHERE id = $1";
                        let created: DateTime<Utc> = self.scalar(sql, params![customer_id]).await?;
                        let sql = "INSERT INTO relationships (customer_id, started_at, ended_at, \
                                   end_reason, end_note, updated_at) VALUES ($1, $2, $3, $4, $5, $6)";
                        let params = params![customer_id, created.min(at), at, &code, &note, now];
                        self.execute(sql, params).await?;
                    }
                }
                "relationship.ended"
            }
        };
        self.append_event(NewEvent {
            kind,
            customer_id: Some(customer_id),
            case_id: None,
            actor,
            payload: serde_json::json!({"at": at}),
        })
        .await?;
        Ok(true)
    }

    /// `reason` when it is a configured code, otherwise `other`.
    async fn known_reason(&mut self, reason: &str) -> Result<String, StoreError> {
        let sql = "SELECT code FROM churn_reasons WHERE code = $1";
        let code: Option<String> = self.optional_scalar(sql, params![reason]).await?;
        Ok(code.unwrap_or_else(|| "other".to_owned()))
    }
}
