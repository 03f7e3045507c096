//! The facts behind a figure: the survey responses or cases a dashboard number was computed
//! from, with the same time range and group as the figure, so "n = 42" opens 42 rows.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::sql::{Arg, Where};
use crate::{Db, StoreError, bind_args, on_pool};

/// The group a figure belongs to: a dimension and its label (`channel` = `email`).
pub struct Group<'a> {
    pub dimension: &'a str,
    pub value: &'a str,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ResponseRow {
    pub id: i64,
    pub score: i64,
    pub comment: Option<String>,
    pub channel: Option<String>,
    pub touchpoint: Option<String>,
    pub segment: Option<String>,
    pub customer_id: i64,
    pub customer_name: String,
    pub case_id: Option<i64>,
    pub agent_name: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct CaseRow {
    pub id: i64,
    pub subject: String,
    pub customer_id: i64,
    pub customer_name: String,
    pub channel: String,
    pub status: String,
    pub team_name: Option<String>,
    pub agent_name: Option<String>,
    pub reopen_count: i64,
    pub created_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
}

/// Which cases a case metric counts.
#[derive(Debug, Clone, Copy)]
pub enum CaseSet {
    All,
    Answered,
    Resolved,
    /// Resolved now or reopened since: the cases of reopen rate and FCR.
    EverResolved,
}

/// A dimension's column, for the dimensions a drill-down accepts; `None` for any other.
fn survey_column(dimension: &str) -> Option<&'static str> {
    match dimension {
        "channel" => Some("r.channel = ?"),
        "touchpoint" => Some("r.touchpoint = ?"),
        "segment" => Some("r.segment = ?"),
        "agent" => Some("COALESCE(a.external_id, a.email) = ?"),
        _ => None,
    }
}

fn case_column(dimension: &str) -> Option<&'static str> {
    match dimension {
        "channel" => Some("k.channel = ?"),
        "priority" => Some("k.priority = ?"),
        "team" => Some("t.name = ?"),
        "agent" => Some("COALESCE(a.external_id, a.email) = ?"),
        _ => None,
    }
}

fn range(w: &mut Where, column: &str, from: DateTime<Utc>, to: DateTime<Utc>) {
    w.push(&format!("{column} >= ?"), [Arg::Time(from)]);
    w.push(&format!("{column} < ?"), [Arg::Time(to)]);
}

/// How many responses of `kind` match, and the newest `limit` of them.
pub async fn responses(
    db: &Db,
    kind: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    group: Option<Group<'_>>,
    limit: i64,
) -> Result<(i64, Vec<ResponseRow>), StoreError> {
    let mut w = Where::default();
    w.push("r.kind = ?", [Arg::Text(kind.into())]);
    range(&mut w, "r.created_at", from, to);
    if let Some(group) = group {
        let clause = survey_column(group.dimension).ok_or_else(|| {
            StoreError::Invalid(format!(
                "responses cannot be grouped by {}",
                group.dimension
            ))
        })?;
        w.push(clause, [Arg::Text(group.value.into())]);
    }
    let from_sql = format!(
        "FROM survey_responses r JOIN customers c ON c.id = r.customer_id LEFT JOIN agents a ON a.id = r.agent_id {}",
        w.sql()
    );
    let count_sql = format!("SELECT COUNT(*) {from_sql}");
    let rows_sql = format!(
        "SELECT r.id, CAST(r.score AS BIGINT) AS score, r.comment, r.channel, r.touchpoint, r.segment, r.customer_id, c.name AS customer_name, \
         r.case_id, a.name AS agent_name, r.created_at {from_sql} ORDER BY r.created_at DESC, r.id DESC LIMIT {}",
        w.next_placeholder()
    );
    let count: i64 = on_pool!(db, pool => bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql)), w.args.clone()).fetch_one(pool).await?);
    let mut args = w.args.clone();
    args.push(Arg::Int(limit));
    let rows: Vec<ResponseRow> = on_pool!(db, pool => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(rows_sql)), args).fetch_all(pool).await?);
    Ok((count, rows))
}

/// How many cases created in the range are in `set` and the group, and the newest `limit`.
pub async fn cases(
    db: &Db,
    set: CaseSet,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    group: Option<Group<'_>>,
    limit: i64,
) -> Result<(i64, Vec<CaseRow>), StoreError> {
    let mut w = Where::default();
    range(&mut w, "k.created_at", from, to);
    match set {
        CaseSet::All => {}
        CaseSet::Answered => w.push("k.first_response_at IS NOT NULL", []),
        CaseSet::Resolved => w.push(
            "k.resolved_at IS NOT NULL AND k.status IN ('resolved', 'closed')",
            [],
        ),
        CaseSet::EverResolved => w.push("(k.resolved_at IS NOT NULL OR k.reopen_count > 0)", []),
    }
    if let Some(group) = group {
        let clause = case_column(group.dimension).ok_or_else(|| {
            StoreError::Invalid(format!("cases cannot be grouped by {}", group.dimension))
        })?;
        w.push(clause, [Arg::Text(group.value.into())]);
    }
    let from_sql = format!(
        "FROM cases k JOIN customers c ON c.id = k.customer_id LEFT JOIN agents a ON a.id = k.assignee_id \
         LEFT JOIN teams t ON t.id = k.team_id {}",
        w.sql()
    );
    let count_sql = format!("SELECT COUNT(*) {from_sql}");
    let rows_sql = format!(
        "SELECT k.id, k.subject, k.customer_id, c.name AS customer_name, k.channel, k.status, t.name AS team_name, \
         a.name AS agent_name, k.reopen_count, k.created_at, k.first_response_at, k.resolved_at {from_sql} \
         ORDER BY k.created_at DESC, k.id DESC LIMIT {}",
        w.next_placeholder()
    );
    let count: i64 = on_pool!(db, pool => bind_args!(sqlx::query_scalar(sqlx::AssertSqlSafe(count_sql)), w.args.clone()).fetch_one(pool).await?);
    let mut args = w.args.clone();
    args.push(Arg::Int(limit));
    let rows: Vec<CaseRow> = on_pool!(db, pool => bind_args!(sqlx::query_as(sqlx::AssertSqlSafe(rows_sql)), args).fetch_all(pool).await?);
    Ok((count, rows))
}
