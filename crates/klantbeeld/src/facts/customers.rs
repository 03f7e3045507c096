//! Customers in the fact store: their segment and attributes (from the `attributes` JSON:
//! `segment`, then every other key, numbers as numbers and text as text) and their
//! relationships, loaded after the facts and re-read when a `customer.*` or `relationship.*`
//! event, or a customer import, touches them.

use analytics::{AttributeValue, CustomerProfile, FactStore, Relationship};
use serde_json::Value;
use store::customer_facts::{self, CustomerFact};
use store::relationships::{self, Relationship as StoredRelationship};
use store::{Db, StoreError};
use web::LiveFacts;

/// Customers read at a time while loading.
const CUSTOMERS_PER_READ: i64 = 20_000;
/// Relationships read at a time while loading.
const RELATIONSHIPS_PER_READ: i64 = 50_000;
/// Customers re-read by id at a time after events.
pub const CUSTOMERS_PER_UPDATE: usize = 500;

/// Adds every customer with attributes or a relationship, and all relationships.
pub async fn load(db: &Db, store: &mut FactStore) -> Result<(), StoreError> {
    let mut after = 0;
    loop {
        let rows = customer_facts::after(db, after, CUSTOMERS_PER_READ).await?;
        let Some(last) = rows.last().map(|row| row.id) else {
            break;
        };
        for row in &rows {
            upsert_profile(store, row);
        }
        after = last;
    }
    let mut after = (0, 0);
    let mut pending: Vec<StoredRelationship> = Vec::new();
    loop {
        let rows = relationships::page(db, after, RELATIONSHIPS_PER_READ).await?;
        let Some(last) = rows.last() else {
            break;
        };
        after = (last.customer_id, last.id);
        for row in rows {
            if pending
                .first()
                .is_some_and(|p| p.customer_id != row.customer_id)
            {
                set_relationships(store, &pending);
                pending.clear();
            }
            pending.push(row);
        }
    }
    set_relationships(store, &pending);
    Ok(())
}

/// Reads every customer again (after a customer import) and swaps them in at once.
pub async fn reload(db: &Db, facts: &LiveFacts) -> Result<(), StoreError> {
    let mut fresh = FactStore::default();
    load(db, &mut fresh).await?;
    fresh.customers.shrink_to_fit();
    facts
        .store
        .write()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .customers = fresh.customers;
    Ok(())
}

/// Re-reads these customers and their relationships into the store.
pub async fn update(db: &Db, facts: &LiveFacts, ids: &[i64]) -> Result<(), StoreError> {
    for ids in ids.chunks(CUSTOMERS_PER_UPDATE) {
        let profiles = customer_facts::by_id(db, ids).await?;
        let relationships = relationships::of_customers(db, ids).await?;
        let mut store = facts
            .store
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        for profile in &profiles {
            upsert_profile(&mut store, profile);
        }
        for customer in relationships.chunk_by(|a, b| a.customer_id == b.customer_id) {
            set_relationships(&mut store, customer);
        }
    }
    Ok(())
}

fn upsert_profile(store: &mut FactStore, row: &CustomerFact) {
    let empty = serde_json::Map::new();
    let attributes = row.attributes.as_object().unwrap_or(&empty);
    let values: Vec<(&str, AttributeValue<'_>)> = attributes
        .iter()
        .filter(|(name, _)| name.as_str() != "segment")
        .filter_map(|(name, value)| {
            let value = match value {
                Value::String(text) => AttributeValue::Text(text),
                Value::Number(number) => AttributeValue::Number(number.as_f64()?),
                Value::Bool(true) => AttributeValue::Text("true"),
                Value::Bool(false) => AttributeValue::Text("false"),
                _ => return None,
            };
            Some((name.as_str(), value))
        })
        .collect();
    let profile = CustomerProfile {
        customer_id: row.id,
        segment: attributes.get("segment").and_then(Value::as_str),
        attributes: &values,
    };
    if let Err(err) = store.customers.upsert(&profile) {
        tracing::warn!(id = row.id, error = %err, "customer left out of the fact store");
    }
}

/// One customer's relationships (all rows of the same customer).
fn set_relationships(store: &mut FactStore, rows: &[StoredRelationship]) {
    let Some(customer_id) = rows.first().map(|row| row.customer_id) else {
        return;
    };
    let relationships: Vec<Relationship<'_>> = rows
        .iter()
        .map(|row| Relationship {
            started_at: row.started_at.timestamp(),
            ended_at: row.ended_at.map(|at| at.timestamp()),
            end_reason: row.end_reason.as_deref(),
        })
        .collect();
    if let Err(err) = store
        .customers
        .set_relationships(customer_id, &relationships)
    {
        tracing::warn!(id = customer_id, error = %err, "relationships left out of the fact store");
    }
}
