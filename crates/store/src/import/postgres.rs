//! The PostgreSQL import writer: one transaction, a multi-row INSERT per thousand rows, ids
//! taken from the tables' sequences a batch at a time.

use chrono::{DateTime, Utc};
use domain::{Channel, IdentityKind, Role};
use serde_json::Value;
use sqlx::types::Json;
use sqlx::{PgPool, Postgres, Transaction};

use super::people::{People, agent_email, agent_name, customer_name};
use super::{CaseRow, SurveyRow, Written};
use crate::StoreError;

/// Rows per INSERT: at most 65,535 bound values per statement, and the widest row binds 13.
const ROWS_PER_STATEMENT: usize = 1000;

pub(super) struct Writer {
    tx: Transaction<'static, Postgres>,
    people: People,
}

impl Writer {
    pub(super) async fn begin(pool: &PgPool) -> Result<Writer, StoreError> {
        let mut tx = pool.begin().await?;
        let customers = sqlx::query_as("SELECT value, customer_id FROM identities WHERE kind = $1")
            .bind(IdentityKind::External.as_str())
            .fetch_all(&mut *tx)
            .await?;
        let agents =
            sqlx::query_as("SELECT external_id, id FROM agents WHERE external_id IS NOT NULL")
                .fetch_all(&mut *tx)
                .await?;
        Ok(Writer {
            tx,
            people: People::new(customers, agents),
        })
    }

    pub(super) async fn surveys(
        &mut self,
        rows: &[SurveyRow],
        at: DateTime<Utc>,
    ) -> Result<Written, StoreError> {
        let mut written = Written {
            offered: rows.len(),
            ..Written::default()
        };
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let customers: Vec<&str> = chunk.iter().map(|row| row.customer.as_str()).collect();
            let customer_ids = self.customer_ids(&customers, at, &mut written).await?;
            let agents: Vec<Option<&str>> = chunk.iter().map(|row| row.agent.as_deref()).collect();
            let agent_ids = self.agent_ids(&agents, at, &mut written).await?;
            let ids = self.reserve_ids("survey_responses", chunk.len()).await?;
            let sql = insert_sql(
                "survey_responses (id, external_id, customer_id, kind, score, channel, \
                 touchpoint, segment, agent_id, created_at)",
                10,
                chunk.len(),
                true,
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (((row, id), customer), agent) in
                chunk.iter().zip(&ids).zip(customer_ids).zip(agent_ids)
            {
                query = query
                    .bind(id)
                    .bind(row.external_id.as_deref())
                    .bind(customer)
                    .bind(row.kind)
                    .bind(row.score)
                    .bind(row.channel.map(Channel::as_str))
                    .bind(row.touchpoint.as_deref())
                    .bind(row.segment.as_deref())
                    .bind(agent)
                    .bind(row.created_at);
            }
            written.imported += query.execute(&mut *self.tx).await?.rows_affected();
            written.ids.extend(ids);
        }
        Ok(written)
    }

    pub(super) async fn cases(
        &mut self,
        rows: &[CaseRow],
        at: DateTime<Utc>,
    ) -> Result<Written, StoreError> {
        let mut written = Written {
            offered: rows.len(),
            ..Written::default()
        };
        for chunk in rows.chunks(ROWS_PER_STATEMENT) {
            let customers: Vec<&str> = chunk.iter().map(|row| row.customer.as_str()).collect();
            let customer_ids = self.customer_ids(&customers, at, &mut written).await?;
            let agents: Vec<Option<&str>> = chunk.iter().map(|row| row.agent.as_deref()).collect();
            let agent_ids = self.agent_ids(&agents, at, &mut written).await?;
            let ids = self.reserve_ids("cases", chunk.len()).await?;
            let sql = insert_sql(
                "cases (id, external_id, customer_id, channel, subject, status, priority, \
                 assignee_id, reopen_count, created_at, updated_at, first_response_at, \
                 resolved_at)",
                13,
                chunk.len(),
                true,
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (((row, id), customer), agent) in
                chunk.iter().zip(&ids).zip(customer_ids).zip(agent_ids)
            {
                query = query
                    .bind(id)
                    .bind(row.external_id.as_deref())
                    .bind(customer)
                    .bind(row.channel.as_str())
                    .bind(row.subject())
                    .bind(row.status(at).as_str())
                    .bind(row.priority.as_str())
                    .bind(agent)
                    .bind(i64::from(row.reopened))
                    .bind(row.created_at)
                    .bind(row.updated_at())
                    .bind(row.first_response_at)
                    .bind(row.resolved_at);
            }
            written.imported += query.execute(&mut *self.tx).await?.rows_affected();
            written.ids.extend(ids);
        }
        Ok(written)
    }

    pub(super) async fn commit(
        mut self,
        payload: Value,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(crate::events::INSERT_EVENT)
            .bind(super::IMPORT_COMPLETED)
            .bind(at)
            .bind(None::<i64>)
            .bind(None::<i64>)
            .bind("system")
            .bind(Json(payload))
            .execute(&mut *self.tx)
            .await?;
        self.tx.commit().await?;
        Ok(())
    }

    /// The customer id of each external id, creating the missing customers.
    async fn customer_ids(
        &mut self,
        externals: &[&str],
        at: DateTime<Utc>,
        written: &mut Written,
    ) -> Result<Vec<i64>, StoreError> {
        let missing = self.people.missing_customers(externals);
        if !missing.is_empty() {
            let ids = self.reserve_ids("customers", missing.len()).await?;
            let sql = insert_sql(
                "customers (id, name, name_key, created_at, updated_at)",
                5,
                ids.len(),
                false,
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, external) in ids.iter().zip(&missing) {
                query = query
                    .bind(id)
                    .bind(customer_name(external))
                    .bind(domain::search_key(&customer_name(external)))
                    .bind(at)
                    .bind(at);
            }
            query.execute(&mut *self.tx).await?;
            let sql = insert_sql(
                "identities (customer_id, kind, value, created_at)",
                4,
                ids.len(),
                false,
            );
            let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
            for (id, external) in ids.iter().zip(&missing) {
                query = query
                    .bind(id)
                    .bind(IdentityKind::External.as_str())
                    .bind(*external)
                    .bind(at);
            }
            query.execute(&mut *self.tx).await?;
            for (external, id) in missing.iter().zip(ids) {
                self.people.add_customer(external, id);
            }
            written.customers_created += missing.len() as u64;
        }
        Ok(self.people.customer_ids(externals))
    }

    /// The agent id of each external id, creating placeholder agents for the missing ones: no
    /// password, so no login, and inactive until an admin gives them access.
    async fn agent_ids(
        &mut self,
        externals: &[Option<&str>],
        at: DateTime<Utc>,
        written: &mut Written,
    ) -> Result<Vec<Option<i64>>, StoreError> {
        let mut ids = Vec::with_capacity(externals.len());
        for external in externals {
            let Some(external) = external else {
                ids.push(None);
                continue;
            };
            if let Some(id) = self.people.agent(external) {
                ids.push(Some(id));
                continue;
            }
            let id: i64 = sqlx::query_scalar(
                "INSERT INTO agents (email, name, role, password_hash, language, active, \
                 created_at, external_id) VALUES ($1, $2, $3, NULL, 'nl', FALSE, $4, $5) \
                 RETURNING id",
            )
            .bind(agent_email(external))
            .bind(agent_name(external))
            .bind(Role::Agent.as_str())
            .bind(at)
            .bind(*external)
            .fetch_one(&mut *self.tx)
            .await?;
            self.people.add_agent(external, id);
            written.agents_created += 1;
            ids.push(Some(id));
        }
        Ok(ids)
    }

    /// `count` unused ids of `table`, from its identity sequence.
    async fn reserve_ids(
        &mut self,
        table: &'static str,
        count: usize,
    ) -> Result<Vec<i64>, StoreError> {
        let sql = format!(
            "SELECT nextval(pg_get_serial_sequence('{table}', 'id')) FROM generate_series(1, $1)"
        );
        Ok(sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(count as i64)
            .fetch_all(&mut *self.tx)
            .await?)
    }
}

/// `INSERT INTO {table_columns} VALUES ($1, …), (…)` for `rows` rows of `columns` values; with
/// `skip_duplicates`, a row whose external id exists is left out.
fn insert_sql(table_columns: &str, columns: usize, rows: usize, skip_duplicates: bool) -> String {
    let mut sql = format!("INSERT INTO {table_columns} VALUES ");
    for row in 0..rows {
        sql.push_str(if row == 0 { "(" } else { ", (" });
        for column in 0..columns {
            if column > 0 {
                sql.push_str(", ");
            }
            sql.push('$');
            sql.push_str(&(row * columns + column + 1).to_string());
        }
        sql.push(')');
    }
    if skip_duplicates {
        sql.push_str(" ON CONFLICT DO NOTHING");
    }
    sql
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbered_placeholders_row_by_row() {
        assert_eq!(
            super::insert_sql("t (a, b)", 2, 2, true),
            "INSERT INTO t (a, b) VALUES ($1, $2), ($3, $4) ON CONFLICT DO NOTHING"
        );
    }
}
