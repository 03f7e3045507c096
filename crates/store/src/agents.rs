use std::collections::HashMap;

use chrono::{DateTime, Utc};
use domain::Role;
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::teams::conflict_as;
use crate::{Db, Entity, StoreError, Tx, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Agent {
    pub id: i64,
    pub email: String,
    pub name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    pub language: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
    /// Comma-separated team names, for display.
    pub teams: Option<String>,
}

pub struct NewAgent<'a> {
    pub email: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: Option<&'a str>,
    pub language: &'a str,
    pub team_ids: &'a [i64],
}

const SELECT: &str = "SELECT a.id, a.email, a.name, a.role, a.language, a.active, a.created_at, \
     (SELECT GROUP_CONCAT_TEAMS) AS teams FROM agents a";

fn select_sql(db: &Db, rest: &str) -> String {
    let teams = match db {
        Db::Sqlite(_) => {
            "group_concat(t.name, ', ') FROM agent_teams m JOIN teams t ON t.id = m.team_id \
             WHERE m.agent_id = a.id"
        }
        Db::Postgres(_) => {
            "string_agg(t.name, ', ' ORDER BY t.name) FROM agent_teams m JOIN teams t ON t.id = \
             m.team_id WHERE m.agent_id = a.id"
        }
    };
    format!("{} {rest}", SELECT.replace("GROUP_CONCAT_TEAMS", teams))
}

pub async fn create(db: &Db, new: NewAgent<'_>, actor: &Actor) -> Result<Agent, StoreError> {
    insert(db, new, actor, false).await
}

/// The first admin, from the first-run setup page: refused with a conflict once any agent exists.
/// The check and the insert share one transaction, which also claims the single `first_run` row,
/// so of two parallel setups at most one commits.
pub async fn create_first(db: &Db, new: NewAgent<'_>) -> Result<Agent, StoreError> {
    insert(db, new, &Actor::System, true).await
}

async fn insert(
    db: &Db,
    new: NewAgent<'_>,
    actor: &Actor,
    first_run: bool,
) -> Result<Agent, StoreError> {
    let created_at = now();
    let mut tx = db.begin_write().await?;
    if first_run {
        let agents: i64 = tx.scalar("SELECT COUNT(*) FROM agents", params![]).await?;
        if agents > 0 {
            return Err(StoreError::Conflict(SETUP_DONE.into()));
        }
        tx.execute(
            "INSERT INTO first_run (id, created_at) VALUES (1, $1)",
            params![created_at],
        )
        .await
        .map_err(|e| conflict_as(e, SETUP_DONE))?;
    }
    let id: i64 = tx
        .scalar(
            "INSERT INTO agents (email, name, role, password_hash, language, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
            params![
                new.email,
                new.name,
                new.role.as_str(),
                new.password_hash,
                new.language,
                created_at
            ],
        )
        .await
        .map_err(|e| conflict_as(e, "an agent with this email already exists"))?;
    tx.add_agent_teams(id, new.team_ids).await?;
    tx.append_event(NewEvent {
        kind: "agent.created",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({
            "agent_id": id,
            "email": new.email,
            "role": new.role,
            "first_run": first_run,
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// Why a first-run setup was refused: an agent exists already.
pub const SETUP_DONE: &str = "setup is done: an agent exists already";

pub async fn get(db: &Db, id: i64) -> Result<Agent, StoreError> {
    let sql = select_sql(db, "WHERE a.id = $1");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Agent))
}

pub async fn list(db: &Db) -> Result<Vec<Agent>, StoreError> {
    let sql = select_sql(db, "ORDER BY a.name");
    db.fetch_all(sqlx::AssertSqlSafe(sql), params![]).await
}

/// The active agent with this email and their password hash, for logging in.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<(i64, String)>, StoreError> {
    let sql = "SELECT id, password_hash FROM agents WHERE email = $1 AND active = TRUE AND \
               password_hash IS NOT NULL";
    let row: Option<(i64, Option<String>)> = db.fetch_optional(sql, params![email]).await?;
    Ok(row.and_then(|(id, hash)| hash.map(|h| (id, h))))
}

/// What an admin may change about an agent; `None` keeps the value.
#[derive(Debug, Default)]
pub struct AgentChange<'a> {
    pub name: Option<&'a str>,
    pub role: Option<Role>,
    pub language: Option<&'a str>,
    pub active: Option<bool>,
    /// Replaces the agent's teams.
    pub team_ids: Option<&'a [i64]>,
}

/// Applies `change`. Deactivating ends the agent's sessions (its tokens stop at their next use).
/// Refused with [`StoreError::LastAdmin`] when it demotes or deactivates the last active admin; on
/// PostgreSQL the active admins' rows are locked first, so two parallel demotions cannot both pass
/// the check.
pub async fn update(
    db: &Db,
    id: i64,
    change: AgentChange<'_>,
    actor: &Actor,
) -> Result<Agent, StoreError> {
    let role = change.role.map(|r| r.as_str());
    let mut tx = db.begin_write().await?;
    if matches!(db, Db::Postgres(_)) {
        tx.execute(
            "SELECT id FROM agents WHERE role = 'admin' AND active = TRUE FOR UPDATE",
            params![],
        )
        .await?;
    }
    let was_admin: Option<bool> = tx
        .optional_scalar(
            "SELECT role = 'admin' AND active = TRUE FROM agents WHERE id = $1",
            params![id],
        )
        .await?;
    let changed = tx
        .execute(
            "UPDATE agents SET name = COALESCE($1, name), role = COALESCE($2, role), \
             language = COALESCE($3, language), active = COALESCE($4, active) WHERE id = $5",
            params![change.name, role, change.language, change.active, id],
        )
        .await?;
    if changed == 0 {
        return Err(StoreError::NotFound(Entity::Agent));
    }
    if let Some(team_ids) = change.team_ids {
        tx.execute("DELETE FROM agent_teams WHERE agent_id = $1", params![id])
            .await?;
        tx.add_agent_teams(id, team_ids).await?;
    }
    if change.active == Some(false) {
        tx.execute("DELETE FROM sessions WHERE agent_id = $1", params![id])
            .await?;
    }
    let leaves_admins =
        change.role.is_some_and(|r| r != Role::Admin) || change.active == Some(false);
    let admins: i64 = tx
        .scalar(
            "SELECT COUNT(*) FROM agents WHERE role = 'admin' AND active = TRUE",
            params![],
        )
        .await?;
    if was_admin == Some(true) && leaves_admins && admins == 0 {
        return Err(StoreError::LastAdmin);
    }
    tx.append_event(NewEvent {
        kind: "agent.updated",
        customer_id: None,
        case_id: None,
        actor,
        payload: json!({
            "agent_id": id,
            "name": change.name,
            "role": role,
            "language": change.language,
            "active": change.active,
            "team_ids": change.team_ids,
        }),
    })
    .await?;
    tx.commit().await?;
    get(db, id).await
}

/// Every agent's team ids, for the API.
pub async fn memberships(db: &Db) -> Result<HashMap<i64, Vec<i64>>, StoreError> {
    let rows: Vec<(i64, i64)> = db
        .fetch_all(
            "SELECT agent_id, team_id FROM agent_teams ORDER BY agent_id, team_id",
            params![],
        )
        .await?;
    let mut out: HashMap<i64, Vec<i64>> = HashMap::new();
    for (agent, team) in rows {
        out.entry(agent).or_default().push(team);
    }
    Ok(out)
}

/// One agent's team ids.
impl Tx {
    /// Adds agent `id` to each of `team_ids`; refuses a team that does not exist.
    async fn add_agent_teams(&mut self, id: i64, team_ids: &[i64]) -> Result<(), StoreError> {
        for &team_id in team_ids {
            let sql = "SELECT id FROM teams WHERE id = $1";
            let team: Option<i64> = self.optional_scalar(sql, params![team_id]).await?;
            if team.is_none() {
                return Err(StoreError::Invalid(format!("there is no team {team_id}")));
            }
            let sql = "INSERT INTO agent_teams (agent_id, team_id) VALUES ($1, $2)";
            self.execute(sql, params![id, team_id]).await?;
        }
        Ok(())
    }
}

pub async fn team_ids(db: &Db, id: i64) -> Result<Vec<i64>, StoreError> {
    db.scalars(
        "SELECT team_id FROM agent_teams WHERE agent_id = $1 ORDER BY team_id",
        params![id],
    )
    .await
}

pub async fn set_language(db: &Db, id: i64, language: &str) -> Result<(), StoreError> {
    db.execute(
        "UPDATE agents SET language = $1 WHERE id = $2",
        params![language.to_string(), id],
    )
    .await?;
    Ok(())
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.scalar("SELECT COUNT(*) FROM agents", params![]).await
}

/// The active agent with this email (as a PBX names who took a call).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Agent>, StoreError> {
    let sql = select_sql(db, "WHERE lower(a.email) = lower($1) AND a.active = TRUE");
    db.fetch_optional(sqlx::AssertSqlSafe(sql), params![email])
        .await
}
