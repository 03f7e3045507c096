//! The facts behind a figure: the survey responses or cases a dashboard number was computed
//! from, with the same time range and group as the figure, so "n = 42" opens 42 rows.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::sql::Where;
use crate::{Db, StoreError, params};

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
    w.push(&format!("{column} >= ?"), params![from]);
    w.push(&format!("{column} < ?"), params![to]);
}

/// Which rows of a drill-down to list, newest first: `limit` rows after skipping `offset`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub offset: i64,
    pub limit: i64,
}

/// How many responses of `kind` match, and the rows of `window`.
pub async fn responses(
    db: &Db,
    kind: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    group: Option<Group<'_>>,
    window: Window,
) -> Result<(i64, Vec<ResponseRow>), StoreError> {
    let mut w = Where::default();
    w.push("r.kind = ?", params![kind.to_string()]);
    range(&mut w, "r.created_at", from, to);
    if let Some(group) = group {
        let clause = survey_column(group.dimension).ok_or_else(|| {
            StoreError::Invalid(format!(
                "responses cannot be grouped by {}",
                group.dimension
            ))
        })?;
        w.push(clause, params![group.value.to_string()]);
    }
    let from_sql = format!(
        "FROM survey_responses r JOIN customers c ON c.id = r.customer_id LEFT JOIN agents a ON \
         a.id = r.agent_id {}",
        w.sql()
    );
    let count_sql = format!("SELECT COUNT(*) {from_sql}");
    let rows_sql = format!(
        "SELECT r.id, CAST(r.score AS BIGINT) AS score, r.comment, r.channel, r.touchpoint, \
         r.segment, r.customer_id, c.name AS customer_name, r.case_id, a.name AS agent_name, \
         r.created_at {from_sql} ORDER BY r.created_at DESC, r.id DESC LIMIT ${} OFFSET ${}",
        w.args.len() + 1,
        w.args.len() + 2
    );
    let count: i64 = db
        .scalar(sqlx::AssertSqlSafe(count_sql), w.args.clone())
        .await?;
    let mut args = w.args.clone();
    args.extend(params![window.limit, window.offset]);
    let rows: Vec<ResponseRow> = db.fetch_all(sqlx::AssertSqlSafe(rows_sql), args).await?;
    Ok((count, rows))
}

/// How many cases created in the range are in `set` and the group, and the rows of `window`.
pub async fn cases(
    db: &Db,
    set: CaseSet,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    group: Option<Group<'_>>,
    window: Window,
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
        w.push(clause, params![group.value.to_string()]);
    }
    let from_sql = format!(
        "FROM cases k JOIN customers c ON c.id = k.customer_id LEFT JOIN agents a ON a.id = \
         k.assignee_id LEFT JOIN teams t ON t.id = k.team_id {}",
        w.sql()
    );
    let count_sql = format!("SELECT COUNT(*) {from_sql}");
    let rows_sql = format!(
        "SELECT k.id, k.subject, k.customer_id, c.name AS customer_name, k.channel, k.status, \
         t.name AS team_name, a.name AS agent_name, k.reopen_count, k.created_at, \
         k.first_response_at, k.resolved_at {from_sql} ORDER BY k.created_at DESC, k.id DESC \
         LIMIT ${} OFFSET ${}",
        w.args.len() + 1,
        w.args.len() + 2
    );
    let count: i64 = db
        .scalar(sqlx::AssertSqlSafe(count_sql), w.args.clone())
        .await?;
    let mut args = w.args.clone();
    args.extend(params![window.limit, window.offset]);
    let rows: Vec<CaseRow> = db.fetch_all(sqlx::AssertSqlSafe(rows_sql), args).await?;
    Ok((count, rows))
}

/// A call or chat behind an availability figure.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct ContactRow {
    /// `phone` or `chat`.
    pub kind: String,
    /// The call's or the chat case's id.
    pub id: i64,
    pub queue: Option<String>,
    /// `answered`, `abandoned`, or still `queued`/ringing.
    pub outcome: String,
    pub offered_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    /// A call's wait as the PBX reported it; a chat's is `answered_at - offered_at`.
    pub wait_seconds: Option<i64>,
    pub customer_id: Option<i64>,
    pub customer_name: Option<String>,
    pub case_id: Option<i64>,
}

impl ContactRow {
    /// How long the caller waited: reported, or until the answer.
    pub fn waited(&self) -> Option<i64> {
        self.wait_seconds.or_else(|| {
            self.answered_at
                .map(|at| (at - self.offered_at).num_seconds().max(0))
        })
    }
}

/// The calls and chats an availability figure counts in `[from, to)`: calls offered, without the
/// short abandons (hung up within `short_abandon_seconds`, a misdial), and chats started; how
/// many, and the rows of `window`.
pub async fn contacts(
    db: &Db,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    short_abandon_seconds: i64,
    window: Window,
) -> Result<(i64, Vec<ContactRow>), StoreError> {
    let union = "SELECT 'phone' AS kind, c.id, c.queue, CASE WHEN c.answered_at IS NOT NULL THEN \
                 'answered' WHEN c.state = 'abandoned' THEN 'abandoned' ELSE 'queued' END AS \
                 outcome, c.offered_at, c.answered_at, c.wait_seconds, c.customer_id, cu.name \
                 AS customer_name, c.case_id FROM calls c LEFT JOIN customers cu ON cu.id = \
                 c.customer_id WHERE c.offered_at >= $1 AND c.offered_at < $2 AND NOT (c.state \
                 = 'abandoned' AND c.answered_at IS NULL AND c.wait_seconds IS NOT NULL AND \
                 c.wait_seconds < $3) UNION ALL SELECT 'chat' AS kind, k.id, 'chat' AS queue, \
                 CASE WHEN k.first_response_at IS NOT NULL THEN 'answered' WHEN k.status IN \
                 ('resolved', 'closed') THEN 'abandoned' ELSE 'queued' END AS outcome, \
                 k.created_at AS offered_at, k.first_response_at AS answered_at, CAST(NULL AS \
                 BIGINT) AS wait_seconds, k.customer_id, cu.name AS customer_name, k.id AS \
                 case_id FROM cases k LEFT JOIN customers cu ON cu.id = k.customer_id WHERE \
                 k.channel = 'chat' AND k.merged_into IS NULL AND k.created_at >= $1 AND \
                 k.created_at < $2";
    let count_sql = format!("SELECT COUNT(*) FROM ({union}) AS contacts");
    let rows_sql = format!(
        "SELECT * FROM ({union}) AS contacts ORDER BY offered_at DESC, kind, id DESC LIMIT $4 \
         OFFSET $5"
    );
    let count: i64 = db
        .scalar(
            sqlx::AssertSqlSafe(count_sql.clone()),
            params![from, to, short_abandon_seconds],
        )
        .await?;
    let rows: Vec<ContactRow> = db
        .fetch_all(
            sqlx::AssertSqlSafe(rows_sql.clone()),
            params![from, to, short_abandon_seconds, window.limit, window.offset],
        )
        .await?;
    Ok((count, rows))
}
