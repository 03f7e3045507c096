//! Customers and their identities.

use chrono::{DateTime, Utc};
use domain::IdentityKind;
use serde::Serialize;
use serde_json::{Map, Value, json};
use sqlx::types::Json;

use crate::events::{Actor, NewEvent};
use crate::sql::{Param, Where};
use crate::{Cursor, Db, Entity, Page, StoreError, Tx, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Customer {
    pub id: i64,
    pub name: String,
    pub language: Option<String>,
    pub attributes: Json<Value>,
    pub merged_into: Option<i64>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[sqlx(skip)]
    pub identities: Vec<Identity>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Identity {
    #[serde(skip)]
    pub customer_id: i64,
    pub kind: String,
    pub value: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewCustomer {
    pub name: String,
    pub language: Option<String>,
    pub attributes: Map<String, Value>,
    /// Normalised identity values.
    pub identities: Vec<(IdentityKind, String)>,
}

#[derive(Default)]
pub struct CustomerPatch {
    pub name: Option<String>,
    pub language: Option<Option<String>>,
    /// Merged into the stored attributes; a `null` value removes the key.
    pub attributes: Option<Map<String, Value>>,
    pub add_identities: Vec<(IdentityKind, String)>,
}

#[derive(Default)]
pub struct CustomerFilter {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub name: Option<String>,
    /// `(key, value)`: an attribute's value as text; the key is `[A-Za-z0-9_]+`.
    pub attribute: Option<(String, String)>,
}

const COLUMNS: &str =
    "c.id, c.name, c.language, c.attributes, c.merged_into, c.created_at, c.updated_at";

/// `attributes.<key>` as text equals `value`; the key is `[A-Za-z0-9_]+` (checked by the caller).
fn push_attribute(w: &mut Where, db: &Db, key: &str, value: &str) {
    let (clause, path) = match db {
        Db::Sqlite(_) => (
            "CAST(json_extract(c.attributes, ?) AS TEXT) = ?",
            format!("$.\"{key}\""),
        ),
        Db::Postgres(_) => ("c.attributes #>> ARRAY[?] = ?", key.to_string()),
    };
    w.push(clause, params![path, value.to_string()]);
}

/// The ids of every customer whose attributes have all of `(key, value)`: how metrics are
/// filtered by customer attributes.
pub async fn ids_with_attributes(
    db: &Db,
    attributes: &[(String, String)],
) -> Result<Vec<i64>, StoreError> {
    let mut w = Where::default();
    for (key, value) in attributes {
        push_attribute(&mut w, db, key, value);
    }
    let sql = format!("SELECT c.id FROM customers c {}", w.sql());
    db.scalars(sqlx::AssertSqlSafe(sql), w.args.clone()).await
}

pub async fn create(db: &Db, new: NewCustomer, actor: &Actor) -> Result<Customer, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let sql = "INSERT INTO customers (name, name_key, language, attributes, created_at, \
               updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id";
    let id: i64 = tx
        .scalar(
            sql,
            params![
                &new.name,
                domain::search_key(&new.name),
                &new.language,
                Json(&new.attributes),
                at
            ],
        )
        .await?;
    for (kind, value) in &new.identities {
        tx.insert_identity(id, *kind, value, at).await?;
    }
    tx.append_event(NewEvent {
        kind: "customer.created",
        customer_id: Some(id),
        case_id: None,
        actor,
        payload: json!({
            "name": new.name,
            "identities": identities_json(&new.identities),
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

impl Tx {
    /// Inserts an identity for `customer`, or fails with a conflict naming its owner.
    pub(crate) async fn insert_identity(
        &mut self,
        customer: i64,
        kind: IdentityKind,
        value: &str,
        at: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let sql = "SELECT customer_id FROM identities WHERE kind = $1 AND value = $2";
        let owner: Option<i64> = self
            .optional_scalar(sql, params![kind.as_str(), value])
            .await?;
        match owner {
            Some(owner) if owner == customer => Ok(()),
            Some(owner) => Err(identity_taken(kind, value, owner)),
            None => {
                let sql = "INSERT INTO identities (customer_id, kind, value, created_at) \
                           VALUES ($1, $2, $3, $4)";
                self.execute(sql, params![customer, kind.as_str(), value, at])
                    .await?;
                Ok(())
            }
        }
    }
}

/// Identities as their events list them.
pub(crate) fn identities_json(identities: &[(IdentityKind, String)]) -> Vec<Value> {
    identities
        .iter()
        .map(|(kind, value)| json!({"kind": kind, "value": value}))
        .collect()
}

/// The refusal when an identity is another customer's already: one text for every writer.
pub(crate) fn identity_taken(kind: domain::IdentityKind, value: &str, owner: i64) -> StoreError {
    StoreError::Conflict(format!(
        "{kind} {value} already belongs to customer {owner}"
    ))
}

pub async fn get(db: &Db, id: i64) -> Result<Customer, StoreError> {
    let sql = format!("SELECT {COLUMNS} FROM customers c WHERE c.id = $1");
    let mut customer: Customer = db
        .fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Customer))?;
    customer.identities = db
        .fetch_all(
            "SELECT customer_id, kind, value, created_at FROM \
                                        identities WHERE customer_id = $1 ORDER BY kind, value",
            params![id],
        )
        .await?;
    Ok(customer)
}

pub async fn list(
    db: &Db,
    filter: &CustomerFilter,
    cursor: Option<Cursor>,
    limit: usize,
) -> Result<Page<Customer>, StoreError> {
    let mut w = Where::default();
    w.push("c.merged_into IS NULL", []);
    if let Some(email) = &filter.email {
        w.push(
            "c.id IN (SELECT customer_id FROM identities WHERE kind = 'email' AND value = ?)",
            params![email.clone()],
        );
    }
    if let Some(phone) = &filter.phone {
        w.push(
            "c.id IN (SELECT customer_id FROM identities WHERE kind = 'phone' AND value = ?)",
            params![phone.clone()],
        );
    }
    if let Some(name) = &filter.name {
        w.push(
            r"c.name_key LIKE ? ESCAPE '\'",
            params![format!("%{}%", like_literal(&domain::search_key(name)))],
        );
    }
    if let Some((key, value)) = &filter.attribute {
        push_attribute(&mut w, db, key, value);
    }
    if let Some(id) = cursor.and_then(Cursor::id) {
        w.push("c.id < ?", params![id]);
    }
    let sql = format!(
        "SELECT {COLUMNS} FROM customers c {} ORDER BY c.id DESC LIMIT {}",
        w.sql(),
        w.next_placeholder()
    );
    let mut args = w.args;
    args.push(Param::from(limit as i64 + 1));
    let rows: Vec<Customer> = db.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
    let mut page = Page::from_rows(rows, limit, |c| Cursor::Id(c.id));
    attach_identities(db, &mut page.items).await?;
    Ok(page)
}

/// `text` matched literally by `LIKE … ESCAPE '\'`.
fn like_literal(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// Gives every customer written before `name_key` existed its key; run after migrating, a batch
/// at a time so a large table is not rewritten in one transaction.
pub async fn fill_name_keys(db: &Db) -> Result<u64, StoreError> {
    let mut filled = 0;
    loop {
        let rows: Vec<(i64, String)> = db
            .fetch_all(
                "SELECT id, name FROM customers WHERE name_key IS NULL ORDER BY id LIMIT 1000",
                params![],
            )
            .await?;
        if rows.is_empty() {
            return Ok(filled);
        }
        let mut tx = db.begin_write().await?;
        for (id, name) in &rows {
            tx.execute(
                "UPDATE customers SET name_key = $1 WHERE id = $2",
                params![domain::search_key(name), id],
            )
            .await?;
        }
        tx.commit().await?;
        filled += rows.len() as u64;
    }
}

/// Loads the identities of many customers with one query.
async fn attach_identities(db: &Db, customers: &mut [Customer]) -> Result<(), StoreError> {
    if customers.is_empty() {
        return Ok(());
    }
    let placeholders = crate::sql::placeholders(customers.len());
    let sql = format!(
        "SELECT customer_id, kind, value, created_at FROM identities WHERE customer_id IN ({}) \
         ORDER BY kind, value",
        placeholders
    );
    let args = customers.iter().map(|c| Param::from(c.id));
    let identities: Vec<Identity> = db.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
    for identity in identities {
        if let Some(customer) = customers.iter_mut().find(|c| c.id == identity.customer_id) {
            customer.identities.push(identity);
        }
    }
    Ok(())
}

pub async fn update(
    db: &Db,
    id: i64,
    patch: CustomerPatch,
    actor: &Actor,
) -> Result<Customer, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let current: Option<(String, Option<String>, Json<Value>)> = tx
        .fetch_optional(
            "SELECT name, language, attributes FROM customers WHERE id = $1",
            params![id],
        )
        .await?;
    let (name, language, Json(attributes)) =
        current.ok_or(StoreError::NotFound(Entity::Customer))?;
    let mut merged = match attributes {
        Value::Object(map) => map,
        _ => Map::new(),
    };
    if let Some(changes) = &patch.attributes {
        for (key, value) in changes {
            if value.is_null() {
                merged.remove(key);
            } else {
                merged.insert(key.clone(), value.clone());
            }
        }
    }
    let name = patch.name.clone().unwrap_or(name);
    let language = patch.language.clone().unwrap_or(language);
    let sql = "UPDATE customers SET name = $1, name_key = $2, language = $3, attributes = $4, \
               updated_at = $5 WHERE id = $6";
    tx.execute(
        sql,
        params![
            &name,
            domain::search_key(&name),
            &language,
            Json(&merged),
            at,
            id
        ],
    )
    .await?;
    for (kind, value) in &patch.add_identities {
        tx.insert_identity(id, *kind, value, at).await?;
    }
    tx.append_event(NewEvent {
        kind: "customer.updated",
        customer_id: Some(id),
        case_id: None,
        actor,
        payload: json!({
            "name": patch.name,
            "attributes": patch.attributes,
            "added_identities": identities_json(&patch.add_identities),
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// The names of these customers (a merged one by the name it had), in `ids` order; `None` for an
/// id that names no customer. Read 500 at a time.
pub async fn names(db: &Db, ids: &[i64]) -> Result<Vec<Option<String>>, StoreError> {
    let mut found = std::collections::HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list = crate::sql::placeholders(chunk.len());
        let sql = format!("SELECT id, name FROM customers WHERE id IN ({})", list);
        let rows: Vec<(i64, String)> = db
            .fetch_all(
                sqlx::AssertSqlSafe(sql),
                chunk.iter().map(crate::sql::Param::from),
            )
            .await?;
        found.extend(rows);
    }
    Ok(ids.iter().map(|id| found.remove(id)).collect())
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.scalar(
        "SELECT COUNT(*) FROM customers WHERE merged_into IS NULL",
        params![],
    )
    .await
}

/// Gives a customer a real name once they tell it, if they still carry a placeholder.
pub async fn rename_placeholder(
    db: &Db,
    id: i64,
    placeholder: &str,
    name: &str,
) -> Result<(), StoreError> {
    let sql = "UPDATE customers SET name = $1, name_key = $2, updated_at = $3 WHERE id = $4 AND \
               name = $5";
    db.execute(
        sql,
        params![name, domain::search_key(name), now(), id, placeholder],
    )
    .await?;
    Ok(())
}
