use chrono::{DateTime, Utc};
use domain::Role;
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::sql::Arg;
use crate::teams::conflict_as;
use crate::{Db, StoreError, append_event, begin_write, now, on_pool};

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
            "group_concat(t.name, ', ') FROM agent_teams m JOIN teams t ON t.id = m.team_id WHERE m.agent_id = a.id"
        }
        Db::Postgres(_) => {
            "string_agg(t.name, ', ' ORDER BY t.name) FROM agent_teams m JOIN teams t ON t.id = m.team_id WHERE m.agent_id = a.id"
        }
    };
    format!("{} {rest}", SELECT.replace("GROUP_CONCAT_TEAMS", teams))
}

pub async fn create(db: &Db, new: NewAgent<'_>, actor: &Actor) -> Result<Agent, StoreError> {
    let created_at = now();
    let id: i64 = begin_write!(db, tx => {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO agents (email, name, role, password_hash, language, active, created_at) \
             VALUES ($1, $2, $3, $4, $5, TRUE, $6) RETURNING id",
        )
        .bind(new.email)
        .bind(new.name)
        .bind(new.role.as_str())
        .bind(new.password_hash)
        .bind(new.language)
        .bind(created_at)
        .fetch_one(&mut *tx)
        .await
        .map_err(|e| conflict_as(e, "an agent with this email already exists"))?;
        for team_id in new.team_ids {
            sqlx::query("INSERT INTO agent_teams (agent_id, team_id) VALUES ($1, $2)")
                .bind(id)
                .bind(team_id)
                .execute(&mut *tx)
                .await?;
        }
        append_event!(tx, NewEvent { kind: "agent.created", customer_id: None, case_id: None, actor,
            payload: json!({"agent_id": id, "email": new.email, "role": new.role}) });
        id
    });
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Agent, StoreError> {
    let sql = select_sql(db, "WHERE a.id = $1");
    on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(pool).await?)
        .ok_or(StoreError::NotFound("agent"))
}

pub async fn list(db: &Db) -> Result<Vec<Agent>, StoreError> {
    let sql = select_sql(db, "ORDER BY a.name");
    Ok(on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).fetch_all(pool).await?))
}

/// The active agent with this email and their password hash, for logging in.
pub async fn credentials(db: &Db, email: &str) -> Result<Option<(i64, String)>, StoreError> {
    let sql = "SELECT id, password_hash FROM agents WHERE email = $1 AND active = TRUE AND password_hash IS NOT NULL";
    let row: Option<(i64, Option<String>)> =
        on_pool!(db, pool => sqlx::query_as(sql).bind(email).fetch_optional(pool).await?);
    Ok(row.and_then(|(id, hash)| hash.map(|h| (id, h))))
}

pub async fn set_active(db: &Db, id: i64, active: bool, actor: &Actor) -> Result<(), StoreError> {
    begin_write!(db, tx => {
        let changed = sqlx::query("UPDATE agents SET active = $1 WHERE id = $2")
            .bind(active)
            .bind(id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed == 0 {
            return Err(StoreError::NotFound("agent"));
        }
        if !active {
            sqlx::query("DELETE FROM sessions WHERE agent_id = $1").bind(id).execute(&mut *tx).await?;
        }
        append_event!(tx, NewEvent { kind: if active { "agent.activated" } else { "agent.deactivated" },
            customer_id: None, case_id: None, actor, payload: json!({"agent_id": id}) });
    });
    Ok(())
}

pub async fn set_language(db: &Db, id: i64, language: &str) -> Result<(), StoreError> {
    crate::sql::execute(
        db,
        "UPDATE agents SET language = $1 WHERE id = $2",
        vec![Arg::Text(language.to_string()), Arg::Int(id)],
    )
    .await?;
    Ok(())
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    Ok(
        on_pool!(db, pool => sqlx::query_scalar("SELECT COUNT(*) FROM agents").fetch_one(pool).await?),
    )
}

/// The active agent with this email (as a PBX names who took a call).
pub async fn find_by_email(db: &Db, email: &str) -> Result<Option<Agent>, StoreError> {
    let sql = select_sql(db, "WHERE lower(a.email) = lower($1) AND a.active = TRUE");
    Ok(
        on_pool!(db, pool => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(email).fetch_optional(pool).await?),
    )
}
