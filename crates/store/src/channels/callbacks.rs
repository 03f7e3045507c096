//! Callback requests: instead of holding, the customer is called back. A request keeps its place
//! in the queue (ordered by when it is due, then by age), may be scheduled for a time slot, and
//! has a limited number of attempts with a spacing between them before it counts as failed.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Callback {
    pub id: i64,
    pub customer_id: i64,
    pub customer_name: String,
    pub case_id: i64,
    pub phone: String,
    pub reason: Option<String>,
    pub source: String,
    pub status: String,
    pub preferred_time: Option<DateTime<Utc>>,
    /// By when the customer was told to expect the call.
    pub promised_by: DateTime<Utc>,
    pub attempts: i64,
    pub max_attempts: i64,
    pub next_attempt_at: DateTime<Utc>,
    pub outcome: Option<String>,
    pub agent_id: Option<i64>,
    /// The agent calling now, while the claim lasts; see [`claim`].
    pub claimed_by: Option<i64>,
    pub claimed_by_name: Option<String>,
    pub claimed_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
    pub completed_at: Option<DateTime<Utc>>,
}

pub struct NewCallback<'a> {
    pub customer_id: i64,
    pub case_id: i64,
    pub phone: &'a str,
    pub reason: Option<&'a str>,
    /// `call`, `chat`, `sms`, `web`, `agent` or `api`.
    pub source: &'a str,
    pub preferred_time: Option<DateTime<Utc>>,
    pub promised_by: DateTime<Utc>,
    pub max_attempts: i64,
}

/// What came of one attempt to call back.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Attempt {
    /// The customer was reached: the callback is completed.
    Reached,
    /// No answer, busy or voicemail: try again after the spacing, unless attempts are used up.
    NotReached,
}

pub const STATUSES: [&str; 5] = ["requested", "scheduled", "completed", "failed", "cancelled"];

const SELECT: &str = "SELECT b.id, b.customer_id, c.name AS customer_name, b.case_id, b.phone, \
                      b.reason, b.source, b.status, b.preferred_time, b.promised_by, \
                      b.attempts, b.max_attempts, b.next_attempt_at, b.outcome, b.agent_id, \
                      b.claimed_by, a.name AS claimed_by_name, b.claimed_at, b.created_at, \
                      b.completed_at FROM callbacks b JOIN customers c ON c.id = b.customer_id \
                      LEFT JOIN agents a ON a.id = b.claimed_by";

pub async fn create(db: &Db, new: &NewCallback<'_>, actor: &Actor) -> Result<Callback, StoreError> {
    let at = now();
    let status = if new.preferred_time.is_some() {
        "scheduled"
    } else {
        "requested"
    };
    let due = new.preferred_time.unwrap_or(at);
    let mut tx = db.begin_write().await?;
    let sql = "INSERT INTO callbacks (customer_id, case_id, phone, reason, source, status, \
               preferred_time, promised_by, max_attempts, next_attempt_at, created_at, \
               updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING \
               id";
    let id: i64 = tx
        .scalar(
            sql,
            params![
                new.customer_id,
                new.case_id,
                new.phone,
                new.reason,
                new.source,
                status,
                new.preferred_time,
                new.promised_by,
                new.max_attempts,
                due,
                at
            ],
        )
        .await?;
    tx.append_event(NewEvent {
        kind: "callback.requested",
        customer_id: Some(new.customer_id),
        case_id: Some(new.case_id),
        actor,
        payload: json!({
            "callback_id": id,
            "source": new.source,
            "preferred_time": new.preferred_time,
            "promised_by": new.promised_by,
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Callback, StoreError> {
    let sql = format!("{SELECT} WHERE b.id = $1");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Callback))
}

/// Callbacks with one of `statuses` (all when empty): open ones in queue order, the others newest
/// first.
pub async fn list(db: &Db, statuses: &[&str], limit: i64) -> Result<Vec<Callback>, StoreError> {
    if let Some(unknown) = statuses.iter().find(|s| !STATUSES.contains(s)) {
        return Err(StoreError::Invalid(format!(
            "{unknown:?} is not one of: {}",
            STATUSES.join(" ")
        )));
    }
    let open = statuses
        .iter()
        .all(|s| matches!(*s, "requested" | "scheduled"));
    let filter = if statuses.is_empty() {
        String::new()
    } else {
        let list: Vec<String> = statuses.iter().map(|s| format!("'{s}'")).collect();
        format!("WHERE b.status IN ({})", list.join(", "))
    };
    let order = if open && !statuses.is_empty() {
        "ORDER BY b.next_attempt_at, b.id"
    } else {
        "ORDER BY b.id DESC"
    };
    let sql = format!("{SELECT} {filter} {order} LIMIT $1");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![limit]).await
}

/// How long a claim keeps other agents off a callback; an agent who claims and never calls does
/// not block it for good.
pub const CLAIM_MINUTES: i64 = 30;

impl Callback {
    /// The agent who holds a live claim at `at`.
    pub fn claimant(&self, at: DateTime<Utc>) -> Option<i64> {
        self.claimed_by.filter(|_| {
            self.claimed_at
                .is_some_and(|c| c + Duration::minutes(CLAIM_MINUTES) > at)
        })
    }
}

/// `agent_id` claims an open callback to call it now. Refused with `Conflict` while another
/// agent's claim lasts, `Invalid` when the callback is no longer open; one statement decides, so
/// two agents claiming at once can't both win.
pub async fn claim(db: &Db, id: i64, agent_id: i64, actor: &Actor) -> Result<Callback, StoreError> {
    let at = now();
    let lapsed = at - Duration::minutes(CLAIM_MINUTES);
    let mut tx = db.begin_write().await?;
    let sql = "UPDATE callbacks SET claimed_by = $1, claimed_at = $2, updated_at = $2 WHERE id = \
               $3 AND status IN ('requested', 'scheduled') AND (claimed_by IS NULL OR \
               claimed_by = $1 OR claimed_at < $4) RETURNING customer_id, case_id";
    let claimed: Option<(i64, i64)> = tx
        .fetch_optional(sql, params![agent_id, at, id, lapsed])
        .await?;
    let Some((customer_id, case_id)) = claimed else {
        let sql = "SELECT b.status, a.name FROM callbacks b LEFT JOIN agents a ON a.id = \
                   b.claimed_by WHERE b.id = $1";
        let current: Option<(String, Option<String>)> = tx.fetch_optional(sql, params![id]).await?;
        return Err(match current {
            None => StoreError::NotFound(Entity::Callback),
            Some((status, _)) if !matches!(status.as_str(), "requested" | "scheduled") => {
                StoreError::Invalid(format!("this callback is already {status}"))
            }
            Some((_, name)) => StoreError::Conflict(format!(
                "{} is calling this customer",
                name.unwrap_or_else(|| "another agent".into())
            )),
        });
    };
    tx.append_event(NewEvent {
        kind: "callback.claimed",
        customer_id: Some(customer_id),
        case_id: Some(case_id),
        actor,
        payload: json!({"callback_id": id, "agent_id": agent_id}),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// Gives a claim back without calling; only its holder can.
pub async fn release(db: &Db, id: i64, agent_id: i64) -> Result<Callback, StoreError> {
    let sql = "UPDATE callbacks SET claimed_by = NULL, claimed_at = NULL WHERE id = $1 AND \
               claimed_by = $2";
    db.execute(sql, params![id, agent_id]).await?;
    get(db, id).await
}

/// Records one attempt by `agent_id` and clears the claim. Refused (`Invalid`) when the callback
/// is no longer open, and (`Conflict`) while another agent's claim lasts.
pub async fn attempt(
    db: &Db,
    id: i64,
    result: Attempt,
    outcome: &str,
    spacing: Duration,
    actor: &Actor,
) -> Result<Callback, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    // The agent whose claim still lasts, if any.
    let row: Option<(String, i64, i64, i64, i64, Option<i64>)> = tx
        .fetch_optional(
            "SELECT status, attempts, max_attempts, customer_id, case_id, \
             CASE WHEN claimed_at > $2 THEN claimed_by END FROM callbacks WHERE id = $1",
            params![id, at - Duration::minutes(CLAIM_MINUTES)],
        )
        .await?;
    let (status, attempts, max_attempts, customer_id, case_id, holder) =
        row.ok_or(StoreError::NotFound(Entity::Callback))?;
    if !matches!(status.as_str(), "requested" | "scheduled") {
        return Err(StoreError::Invalid(format!(
            "this callback is already {status}"
        )));
    }
    if holder.is_some() && holder != actor.agent_id() {
        return Err(StoreError::Conflict(
            "another agent is calling this customer".into(),
        ));
    }
    let attempts = attempts + 1;
    let next = match result {
        Attempt::Reached => "completed",
        Attempt::NotReached if attempts >= max_attempts => "failed",
        Attempt::NotReached => status.as_str(),
    };
    let finished = next != status;
    let sql = "UPDATE callbacks SET status = $1, attempts = $2, outcome = $3, agent_id = $4, \
               next_attempt_at = $5, claimed_by = NULL, claimed_at = NULL, updated_at = $6, \
               completed_at = CASE WHEN $7 THEN $6 ELSE completed_at END WHERE id = $8";
    tx.execute(
        sql,
        params![
            next,
            attempts,
            outcome,
            actor.agent_id(),
            if finished { at } else { at + spacing },
            at,
            next == "completed",
            id
        ],
    )
    .await?;
    let kind = match next {
        "completed" => "callback.completed",
        "failed" => "callback.failed",
        _ => "callback.attempted",
    };
    tx.append_event(NewEvent {
        kind,
        customer_id: Some(customer_id),
        case_id: Some(case_id),
        actor,
        payload: json!({"callback_id": id, "attempt": attempts, "outcome": outcome}),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// Callback figures over requests made in `[from, to)`.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CallbackStats {
    pub requested: i64,
    pub completed: i64,
    pub completed_within_promise: i64,
    pub failed: i64,
    pub open: i64,
    /// Mean time from request to the completing call, in seconds; null without completions.
    pub average_delay_seconds: Option<f64>,
}

/// `(status, created_at, promised_by, completed_at)` of one callback.
type StatsRow = (String, DateTime<Utc>, DateTime<Utc>, Option<DateTime<Utc>>);

pub async fn stats(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<CallbackStats, StoreError> {
    let sql = "SELECT status, created_at, promised_by, completed_at FROM callbacks WHERE \
               created_at >= $1 AND created_at < $2";
    let rows: Vec<StatsRow> = db.fetch_all(sql, params![from, to]).await?;
    let count = |status: &str| rows.iter().filter(|r| r.0 == status).count() as i64;
    let delays: Vec<f64> = rows
        .iter()
        .filter_map(|(_, created, _, completed)| {
            completed.map(|done| (done - *created).num_milliseconds() as f64 / 1000.0)
        })
        .collect();
    Ok(CallbackStats {
        requested: rows.len() as i64,
        completed: count("completed"),
        completed_within_promise: rows
            .iter()
            .filter(|(_, _, promised, completed)| completed.is_some_and(|done| done <= *promised))
            .count() as i64,
        failed: count("failed"),
        open: count("requested") + count("scheduled"),
        average_delay_seconds: (!delays.is_empty())
            .then(|| delays.iter().sum::<f64>() / delays.len() as f64),
    })
}

/// The customer's callback still waiting in the queue, if any.
pub async fn open_for_customer(db: &Db, customer_id: i64) -> Result<Option<Callback>, StoreError> {
    let sql = format!(
        "{SELECT} WHERE b.customer_id = $1 AND b.status IN ('requested', 'scheduled') \
         ORDER BY b.id LIMIT 1"
    );
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![customer_id])
        .await
}

/// Callbacks asked for `phone` since `since` from the given sources (the public form, the chat).
pub async fn count_for_phone(
    db: &Db,
    phone: &str,
    sources: &[&str],
    since: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let mut count = 0;
    for source in sources {
        let sql = "SELECT COUNT(*) FROM callbacks WHERE phone = $1 AND created_at >= $2 AND \
                   source = $3";
        let found: i64 = db.scalar(sql, params![phone, since, *source]).await?;
        count += found;
    }
    Ok(count)
}
