//! Cases: the conversations agents work, with their lifecycle timestamps and tags.

use chrono::{DateTime, Utc};
use domain::{CaseStatus, Channel, Priority, StatusChange};
use serde::Serialize;
use serde_json::json;

use crate::events::{Actor, NewEvent};
use crate::sql::Param;
use crate::sql::Where;
use crate::{Cursor, Db, Entity, Page, StoreError, Tx, now, params};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Case {
    pub id: i64,
    /// The number agents and customers quote; equal to the id.
    pub number: i64,
    pub customer_id: i64,
    pub customer_name: String,
    #[sqlx(try_from = "String")]
    pub channel: Channel,
    pub subject: String,
    #[sqlx(try_from = "String")]
    pub status: CaseStatus,
    #[sqlx(try_from = "String")]
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub assignee_name: Option<String>,
    pub team_id: Option<i64>,
    pub team_name: Option<String>,
    pub reopen_count: i64,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    #[sqlx(skip)]
    pub tags: Vec<String>,
}

pub struct NewCase {
    pub customer_id: i64,
    pub channel: Channel,
    pub subject: String,
    pub priority: Priority,
    pub assignee_id: Option<i64>,
    pub team_id: Option<i64>,
    pub tags: Vec<String>,
    /// The customer's first message, recorded as an inbound interaction.
    pub first_message: Option<String>,
}

#[derive(Default, Debug)]
pub struct CasePatch {
    pub subject: Option<String>,
    pub status: Option<CaseStatus>,
    pub priority: Option<Priority>,
    pub assignee_id: Option<Option<i64>>,
    pub team_id: Option<Option<i64>>,
    pub tags: Option<Vec<String>>,
    /// What the next agent or team needs to know; only with a change of assignee or team.
    pub handover_note: Option<String>,
}

#[derive(Default, Debug, Clone)]
pub struct CaseFilter {
    pub statuses: Vec<CaseStatus>,
    /// `Some(None)`: unassigned cases only.
    pub assignee_id: Option<Option<i64>>,
    pub team_id: Option<i64>,
    pub channel: Option<Channel>,
    pub customer_id: Option<i64>,
    pub tag: Option<String>,
    /// Only the cases this agent may see; `None`: every case.
    pub visible_to: Option<Visibility>,
}

/// Which cases an agent may see: those of their teams, those without a team, and those assigned
/// to them. Admins, supervisors, analysts, agents in no team and tokens no agent made see all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visibility {
    pub agent_id: i64,
    pub team_ids: Vec<i64>,
}

impl Visibility {
    /// The scope of a caller of `role`, acting for `agent_id`; `None` when they see every case.
    pub async fn of(
        db: &Db,
        role: domain::Role,
        agent_id: Option<i64>,
    ) -> Result<Option<Visibility>, StoreError> {
        let Some(agent_id) = agent_id.filter(|_| role == domain::Role::Agent) else {
            return Ok(None);
        };
        let team_ids = crate::agents::team_ids(db, agent_id).await?;
        Ok((!team_ids.is_empty()).then_some(Visibility { agent_id, team_ids }))
    }

    /// Keeps a query over cases aliased `c` to the cases in this scope.
    pub(crate) fn restrict(&self, w: &mut Where) {
        let marks = vec!["?"; self.team_ids.len()].join(", ");
        w.push(
            &format!("(c.team_id IS NULL OR c.team_id IN ({marks}) OR c.assignee_id = ?)"),
            self.team_ids
                .iter()
                .map(|t| (*t).into())
                .chain(params![self.agent_id]),
        );
    }

    pub fn may_see(&self, team_id: Option<i64>, assignee_id: Option<i64>) -> bool {
        match team_id {
            None => true,
            Some(team) => self.team_ids.contains(&team) || assignee_id == Some(self.agent_id),
        }
    }
}

/// The columns a list may be sorted by; anything else is refused before SQL is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortKey {
    #[default]
    Id,
    Subject,
    Customer,
    Status,
    Priority,
    Channel,
    Assignee,
    Updated,
    Created,
}

impl SortKey {
    pub const ALL: [SortKey; 9] = [
        SortKey::Id,
        SortKey::Subject,
        SortKey::Customer,
        SortKey::Status,
        SortKey::Priority,
        SortKey::Channel,
        SortKey::Assignee,
        SortKey::Updated,
        SortKey::Created,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Id => "id",
            SortKey::Subject => "subject",
            SortKey::Customer => "customer",
            SortKey::Status => "status",
            SortKey::Priority => "priority",
            SortKey::Channel => "channel",
            SortKey::Assignee => "assignee",
            SortKey::Updated => "updated",
            SortKey::Created => "created",
        }
    }

    pub fn parse(text: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|key| key.as_str() == text)
    }

    /// Times and numbers read newest or highest first when a header is first clicked.
    pub fn descending_first(self) -> bool {
        matches!(
            self,
            SortKey::Id | SortKey::Updated | SortKey::Created | SortKey::Priority
        )
    }

    /// The expression sorted on: fixed text, never input. Statuses in lifecycle order, priorities
    /// by urgency, names without regard to case, no assignee as an empty name.
    fn sql(self) -> &'static str {
        match self {
            SortKey::Id => "c.id",
            SortKey::Subject => "LOWER(c.subject)",
            SortKey::Customer => "LOWER(cu.name)",
            SortKey::Status => {
                "CASE c.status WHEN 'new' THEN 0 WHEN 'open' THEN 1 WHEN 'pending' THEN 2 \
                 WHEN 'on_hold' THEN 3 WHEN 'resolved' THEN 4 ELSE 5 END"
            }
            SortKey::Priority => {
                "CASE c.priority WHEN 'low' THEN 0 WHEN 'normal' THEN 1 WHEN 'high' THEN 2 ELSE \
                 3 END"
            }
            SortKey::Channel => "c.channel",
            SortKey::Assignee => "LOWER(COALESCE(a.name, ''))",
            SortKey::Updated => "c.updated_at",
            SortKey::Created => "c.created_at",
        }
    }
}

/// A sort column and direction; ties are broken by the case id in the same direction, so a
/// page boundary never repeats or skips a case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct CaseSort {
    pub key: SortKey,
    pub descending: bool,
}

impl CaseSort {
    /// Newest first: what a list shows unless asked otherwise.
    pub const NEWEST: CaseSort = CaseSort {
        key: SortKey::Id,
        descending: true,
    };

    fn order_by(self) -> String {
        let dir = if self.descending { "DESC" } else { "ASC" };
        match self.key {
            SortKey::Id => format!("c.id {dir}"),
            key => format!("{} {dir}, c.id {dir}", key.sql()),
        }
    }
}

const SELECT: &str = "SELECT c.id, c.id AS number, c.customer_id, cu.name AS customer_name, \
                      c.channel, c.subject, c.status, c.priority, c.assignee_id, a.name AS \
                      assignee_name, c.team_id, t.name AS team_name, c.reopen_count, \
                      c.created_at, c.updated_at, c.first_response_at, c.resolved_at FROM cases \
                      c JOIN customers cu ON cu.id = c.customer_id LEFT JOIN agents a ON a.id = \
                      c.assignee_id LEFT JOIN teams t ON t.id = c.team_id";

impl Tx {
    /// Fails with `Invalid` when an assignee or team id names nothing, instead of a foreign-key
    /// error.
    pub(crate) async fn check_refs(
        &mut self,
        assignee: Option<i64>,
        team: Option<i64>,
    ) -> Result<(), StoreError> {
        if let Some(agent) = assignee {
            let sql = "SELECT id FROM agents WHERE id = $1 AND active = TRUE";
            let found: Option<i64> = self.optional_scalar(sql, params![agent]).await?;
            if found.is_none() {
                return Err(StoreError::Invalid(format!(
                    "no active agent with id {agent}"
                )));
            }
        }
        if let Some(team) = team {
            let sql = "SELECT id FROM teams WHERE id = $1";
            let found: Option<i64> = self.optional_scalar(sql, params![team]).await?;
            if found.is_none() {
                return Err(StoreError::Invalid(format!("no team with id {team}")));
            }
        }
        Ok(())
    }

    /// Inserts `new` with its tags, first message and events; the new case's id. The customer
    /// and references must exist.
    pub(crate) async fn insert_case(
        &mut self,
        new: &NewCase,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<i64, StoreError> {
        let status = if new.assignee_id.is_some() {
            CaseStatus::Open
        } else {
            CaseStatus::New
        };
        let sql = "INSERT INTO cases (customer_id, channel, subject, status, priority, \
                   assignee_id, team_id, created_at, updated_at) \
                   VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id";
        let id: i64 = self
            .scalar(
                sql,
                params![
                    new.customer_id,
                    new.channel.as_str(),
                    &new.subject,
                    status.as_str(),
                    new.priority.as_str(),
                    new.assignee_id,
                    new.team_id,
                    at
                ],
            )
            .await?;
        self.insert_tags(id, &new.tags).await?;
        self.append_event(NewEvent {
            kind: "case.created",
            customer_id: Some(new.customer_id),
            case_id: Some(id),
            actor,
            payload: json!({"channel": new.channel, "priority": new.priority,
                "assignee_id": new.assignee_id, "team_id": new.team_id, "tags": new.tags}),
        })
        .await?;
        if let Some(body) = &new.first_message {
            let sql = "INSERT INTO interactions (case_id, customer_id, channel, direction, \
                       subject, body, occurred_at, created_at) \
                       VALUES ($1, $2, $3, 'inbound', $4, $5, $6, $6) RETURNING id";
            let interaction_id: i64 = self
                .scalar(
                    sql,
                    params![
                        id,
                        new.customer_id,
                        new.channel.as_str(),
                        &new.subject,
                        body,
                        at
                    ],
                )
                .await?;
            self.append_event(NewEvent {
                kind: "interaction.received",
                customer_id: Some(new.customer_id),
                case_id: Some(id),
                actor,
                payload: json!({"interaction_id": interaction_id, "channel": new.channel,
                    "direction": "inbound"}),
            })
            .await?;
        }
        Ok(id)
    }

    /// Adds `tags` to case `id`; a tag it already has is kept once.
    pub(crate) async fn insert_tags(
        &mut self,
        id: i64,
        tags: &[impl AsRef<str>],
    ) -> Result<(), StoreError> {
        for tag in tags {
            let sql = "INSERT INTO case_tags (case_id, tag) VALUES ($1, $2) ON CONFLICT DO NOTHING";
            self.execute(sql, params![id, tag.as_ref()]).await?;
        }
        Ok(())
    }
}

pub async fn create(db: &Db, new: NewCase, actor: &Actor) -> Result<Case, StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    let sql = "SELECT id FROM customers WHERE id = $1";
    let customer: Option<i64> = tx.optional_scalar(sql, params![new.customer_id]).await?;
    if customer.is_none() {
        return Err(StoreError::Invalid(format!(
            "no customer with id {}",
            new.customer_id
        )));
    }
    tx.check_refs(new.assignee_id, new.team_id).await?;
    let id = tx.insert_case(&new, at, actor).await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn get(db: &Db, id: i64) -> Result<Case, StoreError> {
    let sql = format!("{SELECT} WHERE c.id = $1");
    let case: Case = db
        .fetch_optional(sqlx::AssertSqlSafe(sql), params![id])
        .await?
        .ok_or(StoreError::NotFound(Entity::Case))?;
    let mut cases = [case];
    attach_tags(db, &mut cases).await?;
    let [case] = cases;
    Ok(case)
}

pub(crate) fn filter_clauses(filter: &CaseFilter, with_status: bool) -> Where {
    let mut w = Where::default();
    if with_status && !filter.statuses.is_empty() {
        let marks = vec!["?"; filter.statuses.len()].join(", ");
        w.push(
            &format!("c.status IN ({marks})"),
            filter.statuses.iter().map(|s| s.as_str().into()),
        );
    }
    match filter.assignee_id {
        Some(Some(agent)) => w.push("c.assignee_id = ?", params![agent]),
        Some(None) => w.push("c.assignee_id IS NULL", []),
        None => {}
    }
    if let Some(team) = filter.team_id {
        w.push("c.team_id = ?", params![team]);
    }
    if let Some(channel) = filter.channel {
        w.push("c.channel = ?", params![channel.as_str()]);
    }
    if let Some(customer) = filter.customer_id {
        w.push("c.customer_id = ?", params![customer]);
    }
    if let Some(tag) = &filter.tag {
        w.push(
            "c.id IN (SELECT case_id FROM case_tags WHERE tag = ?)",
            params![tag.clone()],
        );
    }
    if let Some(scope) = &filter.visible_to {
        scope.restrict(&mut w);
    }
    w
}

/// One page of the cases matching `filter` in the order of `sort`, skipping `offset`.
pub async fn list_sorted(
    db: &Db,
    filter: &CaseFilter,
    sort: CaseSort,
    offset: u64,
    limit: usize,
) -> Result<Vec<Case>, StoreError> {
    let w = filter_clauses(filter, true);
    let limit_mark = w.next_placeholder();
    let offset_mark = format!("${}", w.args.len() + 2);
    let sql = format!(
        "{SELECT} {} ORDER BY {} LIMIT {limit_mark} OFFSET {offset_mark}",
        w.sql(),
        sort.order_by()
    );
    let mut args = w.args;
    args.push((limit as i64).into());
    args.push((i64::try_from(offset).unwrap_or(i64::MAX)).into());
    let mut rows: Vec<Case> = db.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
    attach_tags(db, &mut rows).await?;
    Ok(rows)
}

/// How many cases match `filter`.
pub async fn count_matching(db: &Db, filter: &CaseFilter) -> Result<i64, StoreError> {
    let w = filter_clauses(filter, true);
    let sql = format!("SELECT COUNT(*) FROM cases c {}", w.sql());
    db.scalar(sqlx::AssertSqlSafe(sql), w.args).await
}

/// Cases matching `filter`, newest first, one keyset page at a time.
pub async fn list(
    db: &Db,
    filter: &CaseFilter,
    cursor: Option<Cursor>,
    limit: usize,
) -> Result<Page<Case>, StoreError> {
    let mut w = filter_clauses(filter, true);
    if let Some(id) = cursor.and_then(Cursor::id) {
        w.push("c.id < ?", params![id]);
    }
    let sql = format!(
        "{SELECT} {} ORDER BY c.id DESC LIMIT {}",
        w.sql(),
        w.next_placeholder()
    );
    let mut args = w.args;
    args.push((limit as i64 + 1).into());
    let rows: Vec<Case> = db.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
    let mut page = Page::from_rows(rows, limit, |c| Cursor::Id(c.id));
    attach_tags(db, &mut page.items).await?;
    Ok(page)
}

/// How many cases match `filter` in each status (the filter's own statuses are ignored).
pub async fn count_by_status(
    db: &Db,
    filter: &CaseFilter,
) -> Result<Vec<(CaseStatus, i64)>, StoreError> {
    let w = filter_clauses(filter, false);
    let sql = format!(
        "SELECT c.status, COUNT(*) FROM cases c {} GROUP BY c.status",
        w.sql()
    );
    let rows: Vec<(String, i64)> = db.fetch_all(sqlx::AssertSqlSafe(sql), w.args).await?;
    Ok(CaseStatus::ALL
        .iter()
        .map(|status| {
            let n = rows
                .iter()
                .find(|(s, _)| s == status.as_str())
                .map_or(0, |(_, n)| *n);
            (*status, n)
        })
        .collect())
}

async fn attach_tags(db: &Db, cases: &mut [Case]) -> Result<(), StoreError> {
    if cases.is_empty() {
        return Ok(());
    }
    let placeholders = crate::sql::placeholders(cases.len());
    let sql = format!(
        "SELECT case_id, tag FROM case_tags WHERE case_id IN ({}) ORDER BY tag",
        placeholders
    );
    let args = cases.iter().map(|c| Param::from(c.id));
    let tags: Vec<(i64, String)> = db.fetch_all(sqlx::AssertSqlSafe(sql), args).await?;
    for (case_id, tag) in tags {
        if let Some(case) = cases.iter_mut().find(|c| c.id == case_id) {
            case.tags.push(tag);
        }
    }
    Ok(())
}

/// What an update starts from.
#[derive(sqlx::FromRow)]
pub(crate) struct CurrentCase {
    pub(crate) customer_id: i64,
    pub(crate) status: String,
    pub(crate) assignee_id: Option<i64>,
    pub(crate) team_id: Option<i64>,
    pub(crate) channel: String,
}

impl Tx {
    /// Applies `patch` to case `id` with its events: what a change of one case and a change of
    /// many both run. `handover` is the subject of a handover note, in the organisation's
    /// language (read before the transaction).
    pub(crate) async fn update_case(
        &mut self,
        id: i64,
        patch: &CasePatch,
        handover: &str,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        let sql =
            "SELECT customer_id, status, assignee_id, team_id, channel FROM cases WHERE id = $1";
        let row: Option<CurrentCase> = self.fetch_optional(sql, params![id]).await?;
        let CurrentCase {
            customer_id,
            status,
            assignee_id: old_assignee,
            team_id: old_team,
            channel,
        } = row.ok_or(StoreError::NotFound(Entity::Case))?;
        let old_status: CaseStatus = status
            .parse()
            .map_err(|e: domain::ParseEnumError| StoreError::Invalid(e.to_string()))?;
        self.check_refs(patch.assignee_id.flatten(), patch.team_id.flatten())
            .await?;
        let assignee = patch.assignee_id.unwrap_or(old_assignee);
        let team = patch.team_id.unwrap_or(old_team);
        // Taking a new case means working on it.
        let implied =
            (old_status == CaseStatus::New && assignee.is_some()).then_some(CaseStatus::Open);
        let new_status = patch.status.or(implied).unwrap_or(old_status);
        let change = StatusChange::between(old_status, new_status)
            .map_err(|e| StoreError::Invalid(e.to_string()))?;
        let sql = "UPDATE cases SET subject = COALESCE($1, subject), status = $2, \
                   priority = COALESCE($3, priority), assignee_id = $4, team_id = $5, \
                   updated_at = $6, \
                   resolved_at = CASE WHEN $7 THEN $6 WHEN $8 THEN NULL ELSE resolved_at END, \
                   reopen_count = reopen_count + CASE WHEN $8 THEN 1 ELSE 0 END WHERE id = $9";
        self.execute(
            sql,
            params![
                &patch.subject,
                new_status.as_str(),
                patch.priority.map(Priority::as_str),
                assignee,
                team,
                at,
                change.resolves,
                change.reopens,
                id
            ],
        )
        .await?;
        if let Some(tags) = &patch.tags {
            let sql = "DELETE FROM case_tags WHERE case_id = $1";
            self.execute(sql, params![id]).await?;
            self.insert_tags(id, tags).await?;
        }
        let event = |kind, payload| NewEvent {
            kind,
            customer_id: Some(customer_id),
            case_id: Some(id),
            actor,
            payload,
        };
        if new_status != old_status {
            let payload = json!({"from": old_status, "to": new_status});
            self.append_event(event("case.status_changed", payload))
                .await?;
        }
        if change.resolves {
            let payload = json!({"status": new_status});
            self.append_event(event("case.resolved", payload)).await?;
        }
        if change.reopens {
            let payload = json!({"status": new_status});
            self.append_event(event("case.reopened", payload)).await?;
        }
        if assignee != old_assignee {
            let payload = json!({"from": old_assignee, "to": assignee});
            self.append_event(event("case.assigned", payload)).await?;
        }
        if let Some(note) = &patch.handover_note {
            if assignee == old_assignee && team == old_team {
                return Err(StoreError::Invalid(
                    "a handover note goes with a change of assignee or team".into(),
                ));
            }
            let sql = "INSERT INTO interactions (case_id, customer_id, channel, direction, \
                       author_agent_id, subject, body, occurred_at, created_at) \
                       VALUES ($1, $2, $3, 'note', $4, $5, $6, $7, $7) RETURNING id";
            let params = params![
                id,
                customer_id,
                &channel,
                actor.agent_id(),
                handover,
                note,
                at
            ];
            let interaction_id: i64 = self.scalar(sql, params).await?;
            let payload = json!({"interaction_id": interaction_id, "from": old_assignee,
                "to": assignee, "team_id": team});
            self.append_event(event("case.handover", payload)).await?;
        }
        if patch.subject.is_some()
            || patch.priority.is_some()
            || patch.tags.is_some()
            || patch.team_id.is_some()
        {
            let payload = json!({"subject": patch.subject, "priority": patch.priority,
                "tags": patch.tags, "team_id": patch.team_id});
            self.append_event(event("case.updated", payload)).await?;
        }
        Ok(())
    }
}

pub async fn update(db: &Db, id: i64, patch: CasePatch, actor: &Actor) -> Result<Case, StoreError> {
    let at = now();
    let handover = match patch.handover_note {
        Some(_) => crate::organisation::language(db).await?.handover(),
        None => "",
    };
    let mut tx = db.begin_write().await?;
    tx.update_case(id, &patch, handover, at, actor).await?;
    tx.commit().await?;
    get(db, id).await
}

pub async fn count(db: &Db) -> Result<i64, StoreError> {
    db.scalar("SELECT COUNT(*) FROM cases", params![]).await
}
