use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params};

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
    let mut tx = db.begin_write().await?;
    let id: i64 = tx
        .scalar(
            "INSERT INTO teams (name, created_at) VALUES ($1, $2) RETURNING id",
            params![name, created_at],
        )
        .await
        .map_err(|e| conflict_as(e, "a team with this name already exists"))?;
    tx.append_event(team_event("team.created", id, name, actor))
        .await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn rename(db: &Db, id: i64, name: &str, actor: &Actor) -> Result<Team, StoreError> {
    let mut tx = db.begin_write().await?;
    let changed = tx
        .execute(
            "UPDATE teams SET name = $1 WHERE id = $2",
            params![name, id],
        )
        .await
        .map_err(|e| conflict_as(e, "a team with this name already exists"))?;
    if changed == 0 {
        return Err(StoreError::NotFound(Entity::Team));
    }
    tx.append_event(team_event("team.renamed", id, name, actor))
        .await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Team, StoreError> {
    let sql = format!("{SELECT} WHERE t.id = $1");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Team))
}

pub async fn list(db: &Db) -> Result<Vec<Team>, StoreError> {
    let sql = format!("{SELECT} ORDER BY t.name");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![]).await
}

/// Turns a unique violation into a conflict with a message a user understands.
/// A team's event: it names the team.
fn team_event<'a>(kind: &'static str, id: i64, name: &str, actor: &'a Actor) -> NewEvent<'a> {
    NewEvent {
        kind,
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"team_id": id, "name": name}),
    }
}

pub(crate) fn conflict_as(err: StoreError, message: &str) -> StoreError {
    match err {
        StoreError::Conflict(_) => StoreError::Conflict(message.to_string()),
        other => other,
    }
}
