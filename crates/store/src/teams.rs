use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, append_event, begin_write, now, on_pool};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Team {
    pub id: i64,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub member_count: i64,
}

const SELECT: &str = "SELECT t.id, t.name, t.created_at, \
     (SELECT COUNT(*) FROM agent_teams m WHERE m.team_id = t.id) AS member_count FROM teams t";

pub async fn create(db: &Db, name: &str, actor: &Actor) -> Result<Team, StoreError> {
    let created_at = now();
    let id: i64 = begin_write!(db, tx => {
        let id: i64 = sqlx::query_scalar("INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING id")
            .bind(name)
            .bind(created_at)
            .fetch_one(&mut *tx)
            .await
            .map_err(|e| conflict_as(e, "a team with this name already exists"))?;
        append_event!(tx, NewEvent { kind: "team.created", customer_id: None, case_id: None, actor, payload: json!({"team_id": id, "name": name}) });
        id
    });
    get(db, id).await
}

pub async fn rename(db: &Db, id: i64, name: &str, actor: &Actor) -> Result<Team, StoreError> {
    begin_write!(db, tx => {
        let changed = sqlx::query("UPDATE teams SET name = $1 WHERE id = $2")
            .bind(name)
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(|e| conflict_as(e, "a team with this name already exists"))?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound(Entity::Team));
        }
        append_event!(tx, NewEvent { kind: "team.renamed", customer_id: None, case_id: None, actor, payload: json!({"team_id": id, "name": name}) });
    });
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Team, StoreError> {
    let sql = format!("{SELECT} WHERE t.id = $1");
    on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?)
        .ok_or(StoreError::NotFound(Entity::Team))
}

pub async fn list(db: &Db) -> Result<Vec<Team>, StoreError> {
    let sql = format!("{SELECT} ORDER BY t.name");
    Ok(on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?))
}

/// Turns a unique violation into a conflict with a message a user understands.
pub(crate) fn conflict_as(err: sqlx::Error, message: &str) -> StoreError {
    match StoreError::from(err) {
        StoreError::Conflict(_) => StoreError::Conflict(message.to_string()),
        other => other,
    }
}
