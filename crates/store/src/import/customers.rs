//! Importing customers from another system: upserted by their id there (an `external`
//! identity), with name, language, email and phone, their attributes and their current
//! relationship, in one transaction with one `import.completed` event (`table: customers`).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::IdentityKind;
use serde_json::{Map, Value, json};
use sqlx::types::Json;

use crate::events::{Actor, NewEvent};
use crate::import::IMPORT_COMPLETED;
use crate::tx::Tx;
use crate::{Db, StoreError, now, params};

/// One customer to import, checked by the caller.
#[derive(Debug, Clone, PartialEq)]
pub struct CustomerRow {
    /// The line of the file, for the error that names it.
    pub line: u64,
    pub external_id: String,
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub language: Option<String>,
    pub segment: Option<String>,
    pub started_at: Option<DateTime<Utc>>,
    pub ended_at: Option<DateTime<Utc>>,
    pub end_reason: Option<String>,
    /// Every other column: a value, or `None` for an empty cell (no value).
    pub attributes: Vec<(String, Option<Value>)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct CustomerImportSummary {
    pub created: u64,
    pub updated: u64,
    pub relationships: u64,
}

/// Writes `rows` in one transaction: all or nothing. An email or phone that belongs to another
/// customer fails the import with the row's line.
pub async fn import(db: &Db, rows: &[CustomerRow]) -> Result<CustomerImportSummary, StoreError> {
    let mut tx = db.begin_write().await?;
    let mut known = external_ids(&mut tx).await?;
    let mut summary = CustomerImportSummary::default();
    let at = now();
    // The ids written, for the search index: created and updated customers alike.
    let (mut first_id, mut last_id) = (i64::MAX, i64::MIN);
    for row in rows {
        let existing = known.get(&row.external_id).copied();
        let id = match existing {
            Some(id) => {
                update(&mut tx, id, row, at).await?;
                summary.updated += 1;
                id
            }
            None => {
                let id = create(&mut tx, row, at).await?;
                known.insert(row.external_id.clone(), id);
                summary.created += 1;
                id
            }
        };
        (first_id, last_id) = (first_id.min(id), last_id.max(id));
        for (kind, value) in [
            (IdentityKind::Email, &row.email),
            (IdentityKind::Phone, &row.phone),
        ] {
            if let Some(value) = value {
                add_identity(&mut tx, id, kind, value, row.line, at).await?;
            }
        }
        if let Some(started) = row.started_at {
            set_relationship(&mut tx, id, row, started, existing.is_none(), at).await?;
            summary.relationships += 1;
        }
    }
    tx.append_event(NewEvent {
        kind: IMPORT_COMPLETED,
        customer_id: None,
        case_id: None,
        actor: &Actor::System,
        payload: json!({
            "table": "customers",
            "imported": rows.len(),
            "created": summary.created,
            "updated": summary.updated,
            "first_id": (first_id <= last_id).then_some(first_id),
            "last_id": (first_id <= last_id).then_some(last_id),
        }),
    })
    .await?;
    tx.commit().await?;
    Ok(summary)
}

async fn external_ids(tx: &mut Tx) -> Result<HashMap<String, i64>, StoreError> {
    let sql = "SELECT i.value, i.customer_id FROM identities i JOIN customers c \
               ON c.id = i.customer_id WHERE i.kind = 'external' AND c.merged_into IS NULL";
    let rows: Vec<(String, i64)> = tx.fetch_all(sql, params![]).await?;
    Ok(rows.into_iter().collect())
}

fn attributes_of(row: &CustomerRow, mut attributes: Map<String, Value>) -> Map<String, Value> {
    if let Some(segment) = &row.segment {
        attributes.insert("segment".into(), Value::String(segment.clone()));
    }
    for (name, value) in &row.attributes {
        match value {
            Some(value) => attributes.insert(name.clone(), value.clone()),
            None => attributes.remove(name),
        };
    }
    attributes
}

async fn create(tx: &mut Tx, row: &CustomerRow, at: DateTime<Utc>) -> Result<i64, StoreError> {
    let name = row
        .name
        .clone()
        .or_else(|| row.email.clone())
        .unwrap_or_else(|| row.external_id.clone());
    let attributes = Value::Object(attributes_of(row, Map::new()));
    let sql = "INSERT INTO customers (name, name_key, language, attributes, created_at, \
               updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    let key = domain::search_key(&name);
    let params = params![&name, key, &row.language, Json(&attributes), at];
    let id: i64 = tx.scalar(sql, params).await?;
    tx.insert_identity(id, IdentityKind::External, &row.external_id, at)
        .await?;
    Ok(id)
}

async fn update(
    tx: &mut Tx,
    id: i64,
    row: &CustomerRow,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let sql = "SELECT attributes FROM customers WHERE id = $1";
    let current: Json<Value> = tx.scalar(sql, params![id]).await?;
    let current = match current.0 {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    let attributes = Value::Object(attributes_of(row, current));
    let key = row.name.as_deref().map(domain::search_key);
    let sql = "UPDATE customers SET name = COALESCE($1, name), name_key = COALESCE($2, name_key), \
               language = COALESCE($3, language), attributes = $4, updated_at = $5 WHERE id = $6";
    let params = params![&row.name, key, &row.language, Json(&attributes), at, id];
    tx.execute(sql, params).await?;
    Ok(())
}

async fn add_identity(
    tx: &mut Tx,
    id: i64,
    kind: IdentityKind,
    value: &str,
    line: u64,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    let sql = "SELECT customer_id FROM identities WHERE kind = $1 AND value = $2";
    let owner: Option<i64> = tx
        .optional_scalar(sql, params![kind.as_str(), value])
        .await?;
    match owner {
        Some(owner) if owner == id => Ok(()),
        Some(_) => Err(StoreError::Invalid(format!(
            "line {line}: {} {value} belongs to another customer; nothing was imported",
            kind.as_str()
        ))),
        None => tx.insert_identity(id, kind, value, at).await,
    }
}

/// Makes the relationship that started at `started` match the row: updated when the customer
/// has it, otherwise added (an open one that started earlier ends where the new one starts). A
/// customer created by this import has none yet.
async fn set_relationship(
    tx: &mut Tx,
    id: i64,
    row: &CustomerRow,
    started: DateTime<Utc>,
    created: bool,
    at: DateTime<Utc>,
) -> Result<(), StoreError> {
    if !created && updated_existing(tx, id, row, started, at).await? {
        return Ok(());
    }
    let sql = "INSERT INTO relationships (customer_id, started_at, ended_at, end_reason, \
               updated_at) VALUES ($1, $2, $3, $4, $5)";
    let params = params![id, started, row.ended_at, &row.end_reason, at];
    tx.execute(sql, params).await?;
    Ok(())
}

/// For a known customer: updates the relationship that started at `started` and says so, or
/// ends an open one that started earlier, before the new one is added.
async fn updated_existing(
    tx: &mut Tx,
    id: i64,
    row: &CustomerRow,
    started: DateTime<Utc>,
    at: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let sql = "UPDATE relationships SET ended_at = $1, end_reason = $2, updated_at = $3 \
               WHERE customer_id = $4 AND started_at = $5";
    let params = params![row.ended_at, &row.end_reason, at, id, started];
    if tx.execute(sql, params).await? > 0 {
        return Ok(true);
    }
    let sql = "UPDATE relationships SET ended_at = $1, updated_at = $2 \
               WHERE customer_id = $3 AND ended_at IS NULL AND started_at < $1";
    tx.execute(sql, params![started, at, id]).await?;
    Ok(false)
}
