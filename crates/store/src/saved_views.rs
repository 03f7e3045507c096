//! Saved inbox views: a name for filters and a sort, the agent's own or shared with a team.
//! The definition is JSON the web layer writes and reads; the store keeps it as it comes.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct SavedView {
    pub id: i64,
    /// Who saved it.
    pub agent_id: i64,
    /// Shared with this team; `None`: only its maker sees it.
    pub team_id: Option<i64>,
    pub name: String,
    pub definition: String,
    pub created_at: DateTime<Utc>,
}

pub struct NewView<'a> {
    pub agent_id: i64,
    pub team_id: Option<i64>,
    pub name: &'a str,
    pub definition: &'a str,
}

const COLUMNS: &str = "id, agent_id, team_id, name, definition, created_at";

/// Saves a view. A team view needs a team the agent belongs to, unless `any_team`.
pub async fn create(
    db: &Db,
    new: NewView<'_>,
    any_team: bool,
    actor: &Actor,
) -> Result<SavedView, StoreError> {
    let sql = format!(
        "INSERT INTO saved_views (agent_id, team_id, name, definition, created_at) VALUES ($1, \
         $2, $3, $4, $5) RETURNING {COLUMNS}"
    );
    let mut tx = db.begin_write().await?;
    if let Some(team) = new.team_id {
        let allowed: Option<i64> = if any_team {
            tx.optional_scalar("SELECT id FROM teams WHERE id = $1", params![team])
                .await?
        } else {
            tx.optional_scalar(
                "SELECT team_id FROM agent_teams WHERE agent_id = $1 AND team_id = $2",
                params![new.agent_id, team],
            )
            .await?
        };
        if allowed.is_none() {
            return Err(StoreError::Invalid(format!(
                "no team {team} of yours to share the view with"
            )));
        }
    }
    let view: SavedView = tx
        .fetch_one(
            sqlx::AssertSqlSafe(sql),
            params![new.agent_id, new.team_id, new.name, new.definition, now()],
        )
        .await?;
    tx.append_event(NewEvent {
        kind: "view.saved",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"view_id": view.id, "name": view.name, "team_id": view.team_id}),
    })
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// The views an agent sees: their own and those of their teams, by name.
pub async fn visible_to(db: &Db, agent_id: i64) -> Result<Vec<SavedView>, StoreError> {
    let sql = format!(
        "SELECT {COLUMNS} FROM saved_views WHERE agent_id = $1 OR team_id IN (SELECT team_id \
         FROM agent_teams WHERE agent_id = $1) ORDER BY LOWER(name), id"
    );
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![agent_id])
        .await
}

/// One view, if the agent sees it.
pub async fn get_visible(db: &Db, id: i64, agent_id: i64) -> Result<SavedView, StoreError> {
    visible_to(db, agent_id)
        .await?
        .into_iter()
        .find(|v| v.id == id)
        .ok_or(StoreError::NotFound(Entity::View))
}

pub async fn delete(db: &Db, id: i64, actor: &Actor) -> Result<(), StoreError> {
    let mut tx = db.begin_write().await?;
    let gone = tx
        .execute("DELETE FROM saved_views WHERE id = $1", params![id])
        .await?;
    if gone == 0 {
        return Err(StoreError::NotFound(Entity::View));
    }
    tx.append_event(NewEvent {
        kind: "view.deleted",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({"view_id": id}),
    })
    .await?;
    tx.commit().await?;
    Ok(())
}
