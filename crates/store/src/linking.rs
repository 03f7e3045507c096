//! One customer, one picture: identities link to customers, and two customer records found to be
//! one person are merged. A merge moves every identity, case, interaction, event, survey answer,
//! call and callback to the surviving customer and keeps the other as a pointer (`merged_into`),
//! so no record is lost and old links still resolve.

use domain::IdentityKind;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::{Db, StoreError, now, params};

/// Tables whose rows belong to a customer; a merge moves them all.
const OWNED: [&str; 8] = [
    "identities",
    "cases",
    "interactions",
    "events",
    "survey_responses",
    "survey_invitations",
    "calls",
    "callbacks",
];

/// The customer an identity belongs to, if any.
pub async fn owner_of(db: &Db, kind: IdentityKind, value: &str) -> Result<Option<i64>, StoreError> {
    db.optional_scalar(
        "SELECT customer_id FROM identities WHERE kind = $1 AND value = $2",
        params![kind.as_str(), value],
    )
    .await
}

/// Gives a customer one more identity; a conflict when it belongs to someone else.
pub async fn link_identity(
    db: &Db,
    customer_id: i64,
    kind: IdentityKind,
    value: &str,
    actor: &Actor,
) -> Result<(), StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    tx.insert_identity(customer_id, kind, value, at).await?;
    tx.append_event(NewEvent {
        kind: "customer.identity_linked",
        customer_id: Some(customer_id),
        case_id: None,
        actor,
        payload: json!({"kind": kind, "value": value}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Merges customer `from` into `into`. Refused when either is missing or already merged, or when
/// they are the same customer.
pub async fn merge_customers(
    db: &Db,
    from: i64,
    into: i64,
    actor: &Actor,
) -> Result<(), StoreError> {
    if from == into {
        return Err(StoreError::Invalid(
            "a customer cannot be merged into itself".into(),
        ));
    }
    let at = now();
    let mut tx = db.begin_write().await?;
    for id in [from, into] {
        let merged: Option<Option<i64>> = tx
            .optional_scalar(
                "SELECT merged_into FROM customers WHERE id = $1",
                params![id],
            )
            .await?;
        match merged {
            None => return Err(StoreError::Invalid(format!("no customer with id {id}"))),
            Some(Some(target)) => {
                return Err(StoreError::Invalid(format!(
                    "customer {id} was already merged into {target}"
                )));
            }
            Some(None) => {}
        }
    }
    let mut moved = serde_json::Map::new();
    for table in OWNED {
        let sql = format!("UPDATE {table} SET customer_id = $1 WHERE customer_id = $2");
        let count = tx
            .execute(sqlx::AssertSqlSafe(sql), params![into, from])
            .await?;
        moved.insert(table.to_string(), json!(count));
    }
    tx.execute(
        "UPDATE customers SET merged_into = $1, updated_at = $2 WHERE id = $3",
        params![into, at, from],
    )
    .await?;
    // A wish not to be surveyed survives the merge.
    tx.execute(
        "UPDATE customers SET updated_at = $1, survey_opt_out = survey_opt_out OR \
             (SELECT survey_opt_out FROM customers WHERE id = $2) WHERE id = $3",
        params![at, from, into],
    )
    .await?;
    tx.append_event(NewEvent {
        kind: "customer.merged",
        customer_id: Some(into),
        case_id: None,
        actor,
        payload: json!({"merged": from, "into": into, "moved": moved}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
