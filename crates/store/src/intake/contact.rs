//! One inbound contact, written inside a transaction the caller owns (see [`super::Intake`]).
//! The body is written once and compiled for each backend's connection type. A contact from a
//! known customer with an active case takes four statements: this is the hot path of ingestion.

use domain::CaseStatus;
use serde_json::json;

use crate::customers::insert_identity;
use crate::events::{Actor, NewEvent};
use crate::interactions::{Inbound, Ingested, name_from_identity, subject_from_body};
use crate::{StoreError, append_event, now};

pub(super) const SEEN: &str = "SELECT case_id, customer_id FROM interactions WHERE id = $1";
pub(super) const INSERT_CUSTOMER: &str = "INSERT INTO customers (name, name_key, attributes, created_at, updated_at) VALUES ($1, $2, '{}', $3, $3) RETURNING id";
/// Sets the status of the case a contact threads into; `$3` reopens a resolved case. (SQLite
/// numbers `$n` parameters in order of first appearance, so they appear in order everywhere.)
pub(super) const TOUCH_CASE: &str = "UPDATE cases SET status = $1, updated_at = $2, \
     resolved_at = CASE WHEN $3 THEN NULL ELSE resolved_at END, \
     reopen_count = reopen_count + CASE WHEN $3 THEN 1 ELSE 0 END WHERE id = $4";
pub(super) const INSERT_CASE: &str = "INSERT INTO cases (customer_id, channel, subject, status, priority, created_at, updated_at, inbox_id) \
     VALUES ($1, $2, $3, 'new', 'normal', $4, $4, $5) RETURNING id";
pub(super) const INSERT_INTERACTION: &str = "INSERT INTO interactions \
     (case_id, customer_id, channel, direction, subject, body, external_id, occurred_at, created_at, inbox_id, address, details) \
     VALUES ($1, $2, $3, 'inbound', $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id";
pub(super) use crate::interactions::INSERT_ATTACHMENT;

/// In one round trip: whether `(channel, external_id)` was seen, who owns the identity, and the
/// case the contact belongs to: the hinted case (`$5`, e.g. the one an email replies to) if it is
/// this customer's and not closed, else the customer's newest active case on the channel.
pub(super) const LOOKUP: &str = "SELECT k.seen, k.customer_id, c.id, c.status FROM \
     (SELECT (SELECT id FROM interactions WHERE channel = $1 AND external_id = $2) AS seen, \
             (SELECT customer_id FROM identities WHERE kind = $3 AND value = $4) AS customer_id) k \
     LEFT JOIN cases c ON c.id = COALESCE( \
         (SELECT id FROM cases WHERE id = $5 AND customer_id = k.customer_id AND status <> 'closed'), \
         (SELECT id FROM cases WHERE customer_id = k.customer_id AND channel = $1 \
             AND status NOT IN ('resolved', 'closed') ORDER BY id DESC LIMIT 1))";

/// What a contact does to the case it threads into: a customer's answer puts a waiting case back
/// in front of the agent, and a reply to a resolved case reopens it.
pub(super) fn next_status(status: &str) -> (&str, bool) {
    match status {
        "pending" | "on_hold" => (CaseStatus::Open.as_str(), false),
        "resolved" => (CaseStatus::Open.as_str(), true),
        other => (other, false),
    }
}

macro_rules! define_record {
    ($name:ident, $conn:ty) => {
        /// Finds or creates the customer by identity, threads the contact into that customer's
        /// active case on the channel or opens one. Idempotent on `(channel, external_id)`.
        pub(crate) async fn $name(tx: &mut $conn, inbound: &Inbound, actor: &Actor) -> Result<Ingested, StoreError> {
            let at = now();
            let occurred_at = inbound.occurred_at.unwrap_or(at);
            let channel = inbound.channel.as_str();
            let (kind, value) = (&inbound.identity.0, &inbound.identity.1);

            let (seen, known, active_case, active_status): (Option<i64>, Option<i64>, Option<i64>, Option<String>) =
                sqlx::query_as(LOOKUP)
                    .bind(channel)
                    .bind(&inbound.external_id)
                    .bind(kind.as_str())
                    .bind(value)
                    .bind(inbound.case_hint)
                    .fetch_one(&mut *tx)
                    .await?;
            if let Some(seen) = seen {
                let (case_id, customer_id): (i64, i64) =
                    sqlx::query_as(SEEN)
                        .bind(seen)
                        .fetch_one(&mut *tx)
                        .await?;
                return Ok(Ingested { interaction_id: seen, case_id, customer_id, duplicate: true });
            }

            let customer_id = match known {
                Some(id) => id,
                None => {
                    let name = inbound.customer_name.clone().unwrap_or_else(|| name_from_identity(value));
                    let id: i64 = sqlx::query_scalar(INSERT_CUSTOMER)
                    .bind(&name)
                    .bind(domain::search_key(&name))
                    .bind(at)
                    .fetch_one(&mut *tx)
                    .await?;
                    insert_identity!(tx, id, *kind, value, at);
                    append_event!(tx, NewEvent { kind: "customer.created", customer_id: Some(id), case_id: None, actor,
                        payload: json!({"name": name, "identities": [{"kind": kind, "value": value}]}) });
                    id
                }
            };

            let case_id = match (active_case, active_status) {
                (Some(id), Some(status)) => {
                    let (next, reopens) = next_status(&status);
                    sqlx::query(TOUCH_CASE)
                        .bind(next)
                        .bind(at)
                        .bind(reopens)
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                    if next != status {
                        append_event!(tx, NewEvent { kind: "case.status_changed", customer_id: Some(customer_id), case_id: Some(id), actor,
                            payload: json!({"from": status, "to": next}) });
                    }
                    if reopens {
                        append_event!(tx, NewEvent { kind: "case.reopened", customer_id: Some(customer_id), case_id: Some(id), actor,
                            payload: json!({"status": next}) });
                    }
                    id
                }
                _ => {
                    let subject = inbound.subject.clone().unwrap_or_else(|| subject_from_body(&inbound.body));
                    let id: i64 = sqlx::query_scalar(INSERT_CASE)
                    .bind(customer_id)
                    .bind(channel)
                    .bind(&subject)
                    .bind(occurred_at)
                    .bind(inbound.inbox_id)
                    .fetch_one(&mut *tx)
                    .await?;
                    append_event!(tx, NewEvent { kind: "case.created", customer_id: Some(customer_id), case_id: Some(id), actor,
                        payload: json!({"channel": channel, "priority": "normal"}) });
                    id
                }
            };

            let interaction_id: i64 = sqlx::query_scalar(INSERT_INTERACTION)
            .bind(case_id)
            .bind(customer_id)
            .bind(channel)
            .bind(&inbound.subject)
            .bind(&inbound.body)
            .bind(&inbound.external_id)
            .bind(occurred_at)
            .bind(at)
            .bind(inbound.inbox_id)
            .bind(inbound.reply_address())
            .bind(inbound.details.as_ref().map(sqlx::types::Json))
            .fetch_one(&mut *tx)
            .await?;
            for attachment in &inbound.attachments {
                sqlx::query(INSERT_ATTACHMENT)
                    .bind(interaction_id)
                    .bind(&attachment.filename)
                    .bind(&attachment.content_type)
                    .bind(attachment.data.len() as i64)
                    .bind(&attachment.data)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
            }
            append_event!(tx, NewEvent { kind: "interaction.received", customer_id: Some(customer_id), case_id: Some(case_id), actor,
                payload: json!({"interaction_id": interaction_id, "channel": channel, "direction": "inbound", "inbox_id": inbound.inbox_id}) });
            Ok(Ingested { interaction_id, case_id, customer_id, duplicate: false })
        }
    };
}

define_record!(record_sqlite, sqlx::SqliteConnection);
define_record!(record_postgres, sqlx::PgConnection);
