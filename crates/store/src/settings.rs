//! Organisation-wide settings: one JSON document per key (the survey fatigue policy, where a job
//! has got to in the event log).

use serde::Serialize;
use serde::de::DeserializeOwned;
use sqlx::types::Json;

use crate::{Db, Entity, StoreError, now, params};

/// The stored value of `key`, or `None` when it was never set.
pub async fn get<T: DeserializeOwned + Send + Unpin + 'static>(
    db: &Db,
    key: &str,
) -> Result<Option<T>, StoreError> {
    let sql = "SELECT value FROM settings WHERE key = $1";
    let value: Option<Json<T>> = db.optional_scalar(sql, params![key]).await?;
    Ok(value.map(|Json(value)| value))
}

pub async fn put<T: Serialize + Sync>(db: &Db, key: &str, value: &T) -> Result<(), StoreError> {
    let sql = "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT \
               (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at";
    db.execute(sql, params![key, Json(value), now()]).await?;
    Ok(())
}

/// The value of `key`, stored as `init` if it was never set. Nodes racing to set it agree: the
/// first write wins and everyone reads it back.
pub async fn get_or_init<T: Serialize + DeserializeOwned + Send + Sync + Unpin + 'static>(
    db: &Db,
    key: &str,
    init: &T,
) -> Result<T, StoreError> {
    let sql = "INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3) ON CONFLICT \
               (key) DO NOTHING";
    db.execute(sql, params![key, Json(init), now()]).await?;
    get(db, key)
        .await?
        .ok_or(StoreError::NotFound(Entity::Setting))
}
