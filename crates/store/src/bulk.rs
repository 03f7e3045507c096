//! Bulk loading in one transaction with explicit timestamps: for the demo organisation and for
//! imports of history from other systems. Every row still gets its event, dated when it happened.

use chrono::{DateTime, Utc};
use domain::{CaseStatus, Channel, Direction, IdentityKind, Priority, Role};
use serde_json::{Map, Value, json};
use sqlx::types::Json;
use sqlx::{Postgres, Sqlite, Transaction};

use crate::{Db, StoreError};

pub enum BulkTx {
    Sqlite(Transaction<'static, Sqlite>),
    Postgres(Transaction<'static, Postgres>),
}

macro_rules! on_tx {
    ($self:expr, $tx:ident => $body:expr) => {
        match $self {
            BulkTx::Sqlite($tx) => $body,
            BulkTx::Postgres($tx) => $body,
        }
    };
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
        Ok(match db {
            Db::Sqlite(pool) => BulkTx::Sqlite(pool.begin_with("BEGIN IMMEDIATE").await?),
            Db::Postgres(pool) => BulkTx::Postgres(pool.begin().await?),
        })
    }

    pub async fn commit(self) -> Result<(), StoreError> {
        on_tx!(self, tx => tx.commit().await?);
        Ok(())
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
        on_tx!(self, tx => {
            sqlx::query(crate::events::INSERT_EVENT)
                .bind(kind).bind(at).bind(customer_id).bind(case_id).bind(actor).bind(Json(payload))
                .execute(&mut **tx).await?;
        });
        Ok(())
    }

    pub async fn team(&mut self, name: &str, at: DateTime<Utc>) -> Result<i64, StoreError> {
        let id: i64 = on_tx!(self, tx => sqlx::query_scalar("INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name).bind(at).fetch_one(&mut **tx).await?);
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
        let id: i64 = on_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO agents (email, name, role, password_hash, language, active, created_at) \
                 VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
            )
            .bind(email).bind(name).bind(role.as_str()).bind(password_hash).bind(language).bind(at)
            .fetch_one(&mut **tx).await?;
            if let Some(team_id) = team_id {
                sqlx::query("INSERT INTO agent_teams (agent_id, team_id) VALUES ($1, $2)")
                    .bind(id).bind(team_id).execute(&mut **tx).await?;
            }
            id
        });
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
        let id: i64 = on_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO customers (name, language, attributes, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(name).bind(language).bind(Json(attributes)).bind(at)
            .fetch_one(&mut **tx).await?;
            for (kind, value) in identities {
                sqlx::query("INSERT INTO identities (customer_id, kind, value, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING")
                    .bind(id).bind(kind.as_str()).bind(value).bind(at)
                    .execute(&mut **tx).await?;
            }
            id
        });
        let identities: Vec<Value> = identities
            .iter()
            .map(|(k, v)| json!({"kind": k, "value": v}))
            .collect();
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
        let id: i64 = on_tx!(self, tx => {
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO cases (customer_id, channel, subject, status, priority, assignee_id, team_id, reopen_count, \
                 created_at, updated_at, first_response_at, resolved_at) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
            )
            .bind(case.customer_id).bind(case.channel.as_str()).bind(case.subject).bind(case.status.as_str())
            .bind(case.priority.as_str()).bind(case.assignee_id).bind(case.team_id).bind(case.reopen_count)
            .bind(case.created_at).bind(case.updated_at).bind(case.first_response_at).bind(case.resolved_at)
            .fetch_one(&mut **tx).await?;
            for tag in case.tags {
                sqlx::query("INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                    .bind(id).bind(*tag).execute(&mut **tx).await?;
            }
            id
        });
        let (customer, case_id) = (Some(case.customer_id), Some(id));
        self.event("case.created", case.created_at, customer, case_id, "system",
            json!({"channel": case.channel, "priority": case.priority, "assignee_id": case.assignee_id, "team_id": case.team_id, "tags": case.tags})).await?;
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
        let id: i64 = on_tx!(self, tx => sqlx::query_scalar(
            "INSERT INTO interactions (case_id, customer_id, channel, direction, author_agent_id, subject, body, delivery_status, occurred_at, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
        )
        .bind(i.case_id).bind(i.customer_id).bind(i.channel.as_str()).bind(i.direction.as_str()).bind(i.author_agent_id)
        .bind(i.subject).bind(i.body).bind(delivery).bind(i.occurred_at)
        .fetch_one(&mut **tx).await?);
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
}
