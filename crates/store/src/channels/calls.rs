//! Phone calls as the PBX reports them. The first event of a call records it on the customer's
//! timeline (through intake); every event then updates the call's row, which holds the raw facts
//! of availability metrics: offered, answered, abandoned, wait and talk time.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;
use sqlx::types::Json;

use crate::events::{Actor, NewEvent};
use crate::interactions::Ingested;
use crate::{Db, StoreError, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Call {
    pub id: i64,
    pub inbox_id: i64,
    pub call_id: String,
    pub customer_id: i64,
    pub case_id: i64,
    pub interaction_id: i64,
    pub caller: String,
    pub queue: Option<String>,
    pub agent_id: Option<i64>,
    pub state: String,
    pub offered_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub wait_seconds: Option<i64>,
    pub talk_seconds: Option<i64>,
}

/// One event of a call, already validated.
pub struct CallUpdate<'a> {
    pub inbox_id: i64,
    pub call_id: &'a str,
    /// `queued`, `answered`, `ended` or `abandoned`.
    pub state: &'a str,
    pub caller: &'a str,
    pub queue: Option<&'a str>,
    pub agent_id: Option<i64>,
    pub wait_seconds: Option<i64>,
    pub talk_seconds: Option<i64>,
    pub at: DateTime<Utc>,
}

/// A call that ended or was abandoned stays so; a late `answered` does not revive it.
const UPSERT: &str = "INSERT INTO calls (inbox_id, call_id, customer_id, case_id, \
                      interaction_id, caller, queue, agent_id, state, offered_at, answered_at, \
                      ended_at, wait_seconds, talk_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                      $8, $9, $10, $11, $12, $13, $14) ON CONFLICT (inbox_id, call_id) DO \
                      UPDATE SET state = CASE WHEN calls.state IN ('ended', 'abandoned') THEN \
                      calls.state ELSE excluded.state END, queue = COALESCE(excluded.queue, \
                      calls.queue), agent_id = COALESCE(excluded.agent_id, calls.agent_id), \
                      answered_at = COALESCE(calls.answered_at, excluded.answered_at), ended_at \
                      = COALESCE(calls.ended_at, excluded.ended_at), wait_seconds = \
                      COALESCE(excluded.wait_seconds, calls.wait_seconds), talk_seconds = \
                      COALESCE(excluded.talk_seconds, calls.talk_seconds) RETURNING id, \
                      inbox_id, call_id, customer_id, case_id, interaction_id, caller, queue, \
                      agent_id, state, offered_at, answered_at, ended_at, wait_seconds, \
                      talk_seconds";

/// Applies one event to the call recorded as `ingested`, and rewrites its timeline entry.
pub async fn record(
    db: &Db,
    ingested: &Ingested,
    update: &CallUpdate<'_>,
    summary: impl Fn(&Call) -> String,
) -> Result<Call, StoreError> {
    let answered = (update.state == "answered").then_some(update.at);
    let ended = matches!(update.state, "ended" | "abandoned").then_some(update.at);
    let actor = &Actor::System;
    let mut tx = db.begin_write().await?;
    let call: Call = tx
        .fetch_one(
            UPSERT,
            params![
                update.inbox_id,
                update.call_id,
                ingested.customer_id,
                ingested.case_id,
                ingested.interaction_id,
                update.caller,
                update.queue,
                update.agent_id,
                update.state,
                update.at,
                answered,
                ended,
                update.wait_seconds,
                update.talk_seconds
            ],
        )
        .await?;
    let details = json!({"call": {"call_id": call.call_id, "state": call.state, "queue": call.queue,
            "wait_seconds": call.wait_seconds, "talk_seconds": call.talk_seconds}});
    tx.execute(
        "UPDATE interactions SET body = $1, details = $2 WHERE id = $3",
        params![summary(&call), Json(&details), call.interaction_id],
    )
    .await?;
    tx.append_event(NewEvent {
        kind: event_kind(update.state),
        customer_id: Some(call.customer_id),
        case_id: Some(call.case_id),
        actor,
        payload: json!({"call_id": call.call_id, "inbox_id": call.inbox_id, "queue": call.queue,
                "wait_seconds": call.wait_seconds, "talk_seconds": call.talk_seconds, "at": now()}),
    })
    .await?;
    tx.commit().await?;
    Ok(call)
}

fn event_kind(state: &str) -> &'static str {
    match state {
        "answered" => "call.answered",
        "ended" => "call.ended",
        "abandoned" => "call.abandoned",
        _ => "call.queued",
    }
}

/// One call as availability figures need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CallFact {
    pub queue: Option<String>,
    pub inbox_name: String,
    pub state: String,
    pub answered: bool,
    pub wait_seconds: Option<i64>,
    pub offered_at: DateTime<Utc>,
}

/// The calls offered in `[from, to)`.
pub async fn offered_between(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CallFact>, StoreError> {
    let sql = "SELECT c.queue, i.name AS inbox_name, c.state, c.answered_at IS NOT NULL AS \
               answered, c.wait_seconds, c.offered_at FROM calls c JOIN inboxes i ON i.id = \
               c.inbox_id WHERE c.offered_at >= $1 AND c.offered_at < $2";
    db.fetch_all(sql, params![from, to]).await
}

/// The chats started in `[from, to)` as a queue's contacts: offered when the visitor wrote,
/// answered at the first agent reply, abandoned when closed without one.
pub async fn chats_between(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<CallFact>, StoreError> {
    let sql = "SELECT 'chat' AS queue, COALESCE(i.name, 'chat') AS inbox_name, CASE WHEN \
               k.first_response_at IS NOT NULL THEN 'answered' WHEN k.status IN ('resolved', \
               'closed') THEN 'abandoned' ELSE 'queued' END AS state, k.first_response_at IS \
               NOT NULL AS answered, k.created_at AS offered_at, k.first_response_at FROM cases \
               k LEFT JOIN inboxes i ON i.id = k.inbox_id WHERE k.channel = 'chat' AND \
               k.merged_into IS NULL AND k.created_at >= $1 AND k.created_at < $2";
    let rows: Vec<ChatRow> = db.fetch_all(sql, params![from, to]).await?;
    Ok(rows
        .into_iter()
        .map(|row| CallFact {
            wait_seconds: row
                .first_response_at
                .map(|at| (at - row.offered_at).num_seconds().max(0)),
            queue: row.queue,
            inbox_name: row.inbox_name,
            state: row.state,
            answered: row.answered,
            offered_at: row.offered_at,
        })
        .collect())
}

#[derive(sqlx::FromRow)]
struct ChatRow {
    queue: Option<String>,
    inbox_name: String,
    state: String,
    answered: bool,
    offered_at: DateTime<Utc>,
    first_response_at: Option<DateTime<Utc>>,
}
