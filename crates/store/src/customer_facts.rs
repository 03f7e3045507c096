//! Customers as the fact store holds them: the `attributes` (segment and the rest) of every
//! customer who has attributes or a relationship. Customers who have neither add nothing to churn
//! or driver figures, so a helpdesk with a million anonymous senders loads none of them.

use serde_json::Value;
use sqlx::types::Json;

use crate::sql::Param;
use crate::{Backend, Db, StoreError, params};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CustomerFact {
    pub id: i64,
    pub attributes: Json<Value>,
}

fn has_facts(db: &Db) -> &'static str {
    match db.backend() {
        Backend::Sqlite => {
            "(c.attributes <> '{}' OR EXISTS (SELECT 1 FROM relationships r \
             WHERE r.customer_id = c.id))"
        }
        Backend::Postgres => {
            "(c.attributes <> '{}'::jsonb OR EXISTS (SELECT 1 FROM relationships r \
             WHERE r.customer_id = c.id))"
        }
    }
}

/// Up to `limit` such customers with ids above `after`, in id order.
pub async fn after(db: &Db, after: i64, limit: i64) -> Result<Vec<CustomerFact>, StoreError> {
    let sql = format!(
        "SELECT c.id, c.attributes FROM customers c WHERE c.merged_into IS NULL AND c.id > $1 \
         AND {} ORDER BY c.id LIMIT $2",
        has_facts(db)
    );
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![after, limit])
        .await
}

/// These customers (at most a few hundred ids), when they are not merged away.
pub async fn by_id(db: &Db, ids: &[i64]) -> Result<Vec<CustomerFact>, StoreError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = crate::sql::placeholders(ids.len());
    let sql = format!(
        "SELECT c.id, c.attributes FROM customers c WHERE c.merged_into IS NULL \
         AND c.id IN ({}) ORDER BY c.id",
        list
    );
    db.fetch_all(sqlx::AssertSqlSafe(sql), ids.iter().map(Param::from))
        .await
}
