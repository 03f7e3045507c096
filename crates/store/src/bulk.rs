//! Bulk loading in one transaction with explicit timestamps: for the demo organisation and for
//! imports of history from other systems. Every row still gets its event, dated when it happened.

use chrono::{DateTime, Utc};
use domain::{CaseStatus, Channel, Direction, IdentityKind, Priority, Role};
use serde_json::{Map, Value, json};
use sqlx::types::Json;

use crate::{Db, StoreError, Tx, params};

/// A write transaction for loading history: every insert takes its time from the row.
pub struct BulkTx {
    tx: Tx,
}

pub struct BulkCase<'a> {
    pub customer_id: i64,
    pub channel: Channel,
    pub subject: &'a str,
    pub status: CaseStatus,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub tags: &'a [&'a str],
    pub reopen_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// A survey invitation from history, answered or not, with its response when answered.
pub struct BulkSurveyAnswer<'a> {
    pub survey_id: i64,
    pub kind: &'a str,
    pub customer_id: i64,
    pub case_id: Option<i64>,
    pub agent_id: Option<i64>,
    pub team_id: Option<i64>,
    pub touchpoint: &'a str,
    /// Where the invitation went (`email`, `chat`); the response's channel is the contact's.
    pub channel: &'a str,
    pub contact_channel: Option<Channel>,
    pub segment: Option<&'a str>,
    pub language: &'a str,
    pub sent_at: DateTime<Utc>,
    /// `(when, score, comment)` if the customer answered.
    pub answer: Option<(DateTime<Utc>, i64, Option<&'a str>)>,
}

/// A phone call from history.
pub struct BulkCall<'a> {
    pub inbox_id: i64,
    pub call_id: &'a str,
    pub customer_id: i64,
    pub case_id: i64,
    pub interaction_id: i64,
    pub caller: &'a str,
    pub queue: &'a str,
    pub agent_id: Option<i64>,
    pub offered_at: DateTime<Utc>,
    pub wait_seconds: i64,
    /// `None` for a caller who hung up waiting.
    pub talk_seconds: Option<i64>,
}

/// A callback request from history: completed at `completed_at`, or still waiting if `None`.
pub struct BulkCallback<'a> {
    pub customer_id: i64,
    pub case_id: i64,
    pub phone: &'a str,
    pub reason: &'a str,
    pub source: &'a str,
    pub requested_at: DateTime<Utc>,
    pub promised_by: DateTime<Utc>,
    pub agent_id: Option<i64>,
    pub attempts: i64,
    pub completed_at: Option<DateTime<Utc>>,
}

pub struct BulkInteraction<'a> {
    pub case_id: i64,
    pub customer_id: i64,
    pub channel: Channel,
    pub direction: Direction,
    pub author_agent_id: Option<i64>,
    pub subject: Option<&'a str>,
    pub body: &'a str,
    pub occurred_at: DateTime<Utc>,
}

impl BulkTx {
    pub async fn begin(db: &Db) -> Result<BulkTx, StoreError> {
        let tx = db.begin_write().await?;
        Ok(BulkTx { tx })
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        self.tx.commit().await
    }

    pub async fn event(
        &mut self,
        kind: &str,
        at: DateTime<Utc>,
        customer_id: Option<i64>,
        case_id: Option<i64>,
        actor: &str,
        payload: Value,
    ) -> Result<(), StoreError> {
        let params = params![kind, at, customer_id, case_id, actor, payload];
        self.tx.execute(crate::events::INSERT_EVENT, params).await?;
        Ok(())
    }

    pub async fn team(&mut self, name: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let id: i64 = self
            .tx
            .scalar(
                "INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING id",
                params![name, at],
            )
            .await?;
        self.event(
            "team.created",
            at,
            None,
            None,
            "system",
            json!({"team_id": id, "name": name}),
        )
        .await?;
        Ok(id)
    }

    #[allow(clippy::too_many_arguments)]
    pub async fn agent(
        &mut self,
        email: &str,
        name: &str,
        role: Role,
        password_hash: &str,
        language: &str,
        team_id: Option<i64>,
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO agents (email, name, role, password_hash, language, active, \
                   created_at) VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id";
        let id: i64 = self
            .tx
            .scalar(
                sql,
                params![email, name, role.as_str(), password_hash, language, at],
            )
            .await?;
        if let Some(team_id) = team_id {
            self.tx
                .execute(
                    "INSERT INTO agent_teams (agent_id, team_id) VALUES ($1, $2)",
                    params![id, team_id],
                )
                .await?;
        }
        self.event(
            "agent.created",
            at,
            None,
            None,
            "system",
            json!({"agent_id": id, "email": email, "role": role}),
        )
        .await?;
        Ok(id)
    }

    /// A customer with identities; an identity that already belongs to someone is skipped.
    pub async fn customer(
        &mut self,
        name: &str,
        language: Option<&str>,
        attributes: &Map<String, Value>,
        identities: &[(IdentityKind, String)],
        at: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let sql = "INSERT INTO customers (name, name_key, language, attributes, created_at, \
                   updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
        let id: i64 = self
            .tx
            .scalar(
                sql,
                params![
                    name,
                    domain::search_key(name),
                    language,
                    Json(attributes),
                    at
                ],
            )
            .await?;
        for (kind, value) in identities {
            let sql = "INSERT INTO identities (customer_id, kind, value, created_at) VALUES \
                       ($1, $2, $3, $4) ON CONFLICT DO NOTHING";
            self.tx
                .execute(sql, params![id, kind.as_str(), value, at])
                .await?;
        }
        let identities = crate::customers::identities_json(identities);
        self.event(
            "customer.created",
            at,
            Some(id),
            None,
            "system",
            json!({"name": name, "identities": identities}),
        )
        .await?;
        Ok(id)
    }

    /// A case with its lifecycle; writes `case.created`, and `case.first_response` and
    /// `case.resolved` at their times when set.
    pub async fn case(&mut self, case: &BulkCase<'_>) -> Result<i64, StoreError> {
        let sql = "INSERT INTO cases (customer_id, channel, subject, status, priority, \
                   assignee_id, team_id, reopen_count, created_at, updated_at, \
                   first_response_at, resolved_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, \
                   $9, $10, $11, $12) RETURNING id";
        let id: i64 = self
            .tx
            .scalar(
                sql,
                params![
                    case.customer_id,
                    case.channel.as_str(),
                    case.subject,
                    case.status.as_str(),
                    case.priority.as_str(),
                    case.assignee_id,
                    case.team_id,
                    case.reopen_count,
                    case.created_at,
                    case.updated_at,
                    case.first_response_at,
                    case.resolved_at
                ],
            )
            .await?;
        self.tx.insert_tags(id, case.tags).await?;
        let (customer, case_id) = (Some(case.customer_id), Some(id));
        self.event(
            "case.created",
            case.created_at,
            customer,
            case_id,
            "system",
            json!({
                "channel": case.channel,
                "priority": case.priority,
                "assignee_id": case.assignee_id,
                "team_id": case.team_id,
                "tags": case.tags,
            }),
        )
        .await?;
        if let Some(at) = case.first_response_at {
            self.event(
                "case.first_response",
                at,
                customer,
                case_id,
                "system",
                json!({}),
            )
            .await?;
        }
        if let Some(at) = case.resolved_at {
            self.event(
                "case.resolved",
                at,
                customer,
                case_id,
                "system",
                json!({"status": case.status}),
            )
            .await?;
        }
        Ok(id)
    }

    pub async fn interaction(&mut self, i: &BulkInteraction<'_>) -> Result<i64, StoreError> {
        let delivery = (i.direction == Direction::Outbound).then_some("delivered");
        let sql = "INSERT INTO interactions (case_id, customer_id, channel, direction, \
                   author_agent_id, subject, body, delivery_status, occurred_at, created_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id";
        let id: i64 = self
            .tx
            .scalar(
                sql,
                params![
                    i.case_id,
                    i.customer_id,
                    i.channel.as_str(),
                    i.direction.as_str(),
                    i.author_agent_id,
                    i.subject,
                    i.body,
                    delivery,
                    i.occurred_at
                ],
            )
            .await?;
        let kind = match i.direction {
            Direction::Inbound => "interaction.received",
            Direction::Outbound => "interaction.sent",
            Direction::Note => "note.added",
            Direction::System => "interaction.system",
        };
        let actor = i
            .author_agent_id
            .map_or_else(|| "customer".to_string(), |a| format!("agent:{a}"));
        self.event(
            kind,
            i.occurred_at,
            Some(i.customer_id),
            Some(i.case_id),
            &actor,
            json!({"interaction_id": id, "channel": i.channel, "direction": i.direction}),
        )
        .await?;
        Ok(id)
    }

    pub async fn survey_answer(&mut self, a: &BulkSurveyAnswer<'_>) -> Result<(), StoreError> {
        let status = if a.answer.is_some() {
            "answered"
        } else {
            "sent"
        };
        let (answered_at, score, comment) = match a.answer {
            Some((at, score, comment)) => (Some(at), Some(score), comment),
            None => (None, None, None),
        };
        let sql = "INSERT INTO survey_invitations (survey_id, customer_id, case_id, agent_id, \
                   team_id, touchpoint, trigger_key, channel, language, status, reason, token, \
                   send_at, sent_at, expires_at, answered_at, score, comment, created_at, \
                   updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'sent', $11, \
                   $12, $12, $13, $14, $15, $16, $12, $12) RETURNING id";
        let invitation: i64 = self
            .tx
            .scalar(
                sql,
                params![
                    a.survey_id,
                    a.customer_id,
                    a.case_id,
                    a.agent_id,
                    a.team_id,
                    a.touchpoint,
                    format!("history:{}:{}", a.customer_id, a.sent_at.timestamp()),
                    a.channel,
                    a.language,
                    status,
                    crate::secret::generate(""),
                    a.sent_at,
                    a.sent_at + chrono::Duration::days(14),
                    answered_at,
                    score,
                    comment
                ],
            )
            .await?;
        let Some((at, score, comment)) = a.answer else {
            return Ok(());
        };
        let channel: &str = match a.contact_channel {
            Some(contact) => contact.as_str(),
            None => a.channel,
        };
        let response: i64 = self
            .tx
            .scalar(
                crate::surveys::answers::INSERT_RESPONSE,
                params![
                    a.customer_id,
                    a.kind,
                    score,
                    channel,
                    a.touchpoint,
                    a.segment,
                    a.agent_id,
                    a.case_id,
                    at,
                    invitation,
                    a.survey_id,
                    a.team_id,
                    comment
                ],
            )
            .await?;
        self.event(
            "survey.answered",
            at,
            Some(a.customer_id),
            a.case_id,
            "customer",
            json!({
                "invitation_id": invitation,
                "survey_id": a.survey_id,
                "response_id": response,
                "kind": a.kind,
                "score": score,
            }),
        )
        .await
    }

    pub async fn call(&mut self, c: &BulkCall<'_>) -> Result<(), StoreError> {
        let answered_at = c
            .talk_seconds
            .map(|_| c.offered_at + chrono::Duration::seconds(c.wait_seconds));
        let ended_at = answered_at.map_or(
            c.offered_at + chrono::Duration::seconds(c.wait_seconds),
            |at| at + chrono::Duration::seconds(c.talk_seconds.unwrap_or(0)),
        );
        let state = if c.talk_seconds.is_some() {
            "ended"
        } else {
            "abandoned"
        };
        let sql = "INSERT INTO calls (inbox_id, call_id, customer_id, case_id, interaction_id, \
                   caller, queue, agent_id, state, offered_at, answered_at, ended_at, \
                   wait_seconds, talk_seconds) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, \
                   $11, $12, $13, $14)";
        self.tx
            .execute(
                sql,
                params![
                    c.inbox_id,
                    c.call_id,
                    c.customer_id,
                    c.case_id,
                    c.interaction_id,
                    c.caller,
                    c.queue,
                    c.agent_id,
                    state,
                    c.offered_at,
                    answered_at,
                    ended_at,
                    c.wait_seconds,
                    c.talk_seconds
                ],
            )
            .await?;
        let kind = if c.talk_seconds.is_some() {
            "call.ended"
        } else {
            "call.abandoned"
        };
        self.event(
            kind,
            ended_at,
            Some(c.customer_id),
            Some(c.case_id),
            "system",
            json!({"call_id": c.call_id, "wait_seconds": c.wait_seconds}),
        )
        .await
    }

    pub async fn callback(&mut self, c: &BulkCallback<'_>) -> Result<(), StoreError> {
        let (status, outcome) = match c.completed_at {
            Some(_) => ("completed", Some("reached")),
            None => ("requested", None),
        };
        let updated_at = c.completed_at.unwrap_or(c.requested_at);
        let sql = "INSERT INTO callbacks (customer_id, case_id, phone, reason, source, status, \
                   promised_by, attempts, max_attempts, next_attempt_at, outcome, agent_id, \
                   created_at, updated_at, completed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, \
                   $8, 3, $9, $10, $11, $9, $12, $13)";
        self.tx
            .execute(
                sql,
                params![
                    c.customer_id,
                    c.case_id,
                    c.phone,
                    c.reason,
                    c.source,
                    status,
                    c.promised_by,
                    c.attempts,
                    c.requested_at,
                    outcome,
                    c.agent_id,
                    updated_at,
                    c.completed_at
                ],
            )
            .await?;
        self.event(
            "callback.requested",
            c.requested_at,
            Some(c.customer_id),
            Some(c.case_id),
            "system",
            json!({"source": c.source, "status": status}),
        )
        .await
    }
}
