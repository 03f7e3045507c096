//! Merging and splitting cases. A customer who writes twice about one problem (by email, then in
//! chat) gets one case: the duplicate's messages, calls and callbacks move to the case that stays,
//! and the duplicate is closed with `merged_into` set. A case that turns out to hold two problems
//! is split: the chosen messages move to a new case for the same customer.

use domain::{Channel, Priority};
use serde_json::json;

use chrono::{DateTime, Utc};

use crate::cases::NewCase;
use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, Tx, now, params};

/// Rows that follow their messages from one case to another.
pub(crate) const FOLLOW_THE_CASE: [&str; 3] = ["interactions", "calls", "callbacks"];

#[derive(sqlx::FromRow)]
pub(crate) struct CaseHead {
    pub(crate) customer_id: i64,
    pub(crate) merged_into: Option<i64>,
    channel: String,
    priority: String,
    assignee_id: Option<i64>,
    team_id: Option<i64>,
}

pub(crate) const HEAD: &str = "SELECT customer_id, merged_into, channel, priority, assignee_id, \
                               team_id FROM cases WHERE id = $1";

impl Tx {
    /// Moves everything of case `from` into case `into` and closes `from`: what a merge of two
    /// cases and a merge of many both run.
    pub(crate) async fn merge_case(
        &mut self,
        from: i64,
        into: i64,
        at: DateTime<Utc>,
        actor: &Actor,
    ) -> Result<(), StoreError> {
        if from == into {
            return Err(StoreError::Invalid(
                "a case cannot be merged into itself".into(),
            ));
        }
        let mut heads: Vec<CaseHead> = Vec::with_capacity(2);
        for id in [from, into] {
            let head: CaseHead = self
                .fetch_optional(HEAD, params![id])
                .await?
                .ok_or(StoreError::NotFound(Entity::Case))?;
            if let Some(target) = head.merged_into {
                return Err(StoreError::Invalid(format!(
                    "case {id} was already merged into {target}"
                )));
            }
            heads.push(head);
        }
        if heads[0].customer_id != heads[1].customer_id {
            return Err(StoreError::Invalid(
                "only cases of one customer can be merged; merge the customers first".into(),
            ));
        }
        let mut moved = serde_json::Map::new();
        for table in FOLLOW_THE_CASE {
            let sql = format!("UPDATE {table} SET case_id = $1 WHERE case_id = $2");
            let count = self
                .execute(sqlx::AssertSqlSafe(sql), params![into, from])
                .await?;
            moved.insert(table.into(), json!(count));
        }
        let sql = "INSERT INTO case_tags (case_id, tag) SELECT $1, tag FROM case_tags \
                   WHERE case_id = $2 ON CONFLICT DO NOTHING";
        self.execute(sql, params![into, from]).await?;
        let sql = "UPDATE cases SET merged_into = $1, status = 'closed', \
                   resolved_at = COALESCE(resolved_at, $2), updated_at = $2 WHERE id = $3";
        self.execute(sql, params![into, at, from]).await?;
        let sql = "UPDATE cases SET updated_at = $1 WHERE id = $2";
        self.execute(sql, params![at, into]).await?;
        let customer_id = Some(heads[1].customer_id);
        self.append_event(NewEvent {
            kind: "case.merged",
            customer_id,
            case_id: Some(from),
            actor,
            payload: json!({"into": into}),
        })
        .await?;
        self.append_event(NewEvent {
            kind: "case.merged_in",
            customer_id,
            case_id: Some(into),
            actor,
            payload: json!({"from": from, "moved": moved}),
        })
        .await
    }
}

/// Moves everything of case `from` into case `into` and closes `from`.
pub async fn merge(db: &Db, from: i64, into: i64, actor: &Actor) -> Result<(), StoreError> {
    let at = now();
    let mut tx = db.begin_write().await?;
    tx.merge_case(from, into, at, actor).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves `interaction_ids` of case `from` to a new case of the same customer; its id. At least
/// one message stays behind.
pub async fn split(
    db: &Db,
    from: i64,
    interaction_ids: &[i64],
    subject: &str,
    actor: &Actor,
) -> Result<i64, StoreError> {
    if interaction_ids.is_empty() {
        return Err(StoreError::Invalid(
            "choose the messages that go to the new case".into(),
        ));
    }
    let at = now();
    let mut tx = db.begin_write().await?;
    let head: CaseHead = tx
        .fetch_optional(HEAD, params![from])
        .await?
        .ok_or(StoreError::NotFound(Entity::Case))?;
    if head.merged_into.is_some() {
        return Err(StoreError::Invalid("a merged case cannot be split".into()));
    }
    let in_case: Vec<(i64, String)> = tx
        .fetch_all(
            "SELECT id, channel FROM interactions WHERE case_id = $1",
            params![from],
        )
        .await?;
    if let Some(stranger) = interaction_ids
        .iter()
        .find(|id| !in_case.iter().any(|(own, _)| own == *id))
    {
        return Err(StoreError::Invalid(format!(
            "message {stranger} is not part of case {from}"
        )));
    }
    if in_case.iter().all(|(own, _)| interaction_ids.contains(own)) {
        return Err(StoreError::Invalid(
            "at least one message stays on the case".into(),
        ));
    }
    let channel = in_case
        .iter()
        .find(|(own, _)| interaction_ids.contains(own))
        .and_then(|(_, channel)| channel.parse::<Channel>().ok())
        .unwrap_or(Channel::Web);
    let new = NewCase {
        customer_id: head.customer_id,
        channel,
        subject: subject.to_string(),
        priority: head.priority.parse().unwrap_or(Priority::Normal),
        assignee_id: head.assignee_id,
        team_id: head.team_id,
        tags: Vec::new(),
        first_message: None,
    };
    let id = tx.insert_case(&new, at, actor).await?;
    for interaction in interaction_ids {
        tx.execute(
            "UPDATE interactions SET case_id = $1 WHERE id = $2",
            params![id, interaction],
        )
        .await?;
        // A call is one timeline entry: it goes where its entry goes.
        tx.execute(
            "UPDATE calls SET case_id = $1 WHERE interaction_id = $2",
            params![id, interaction],
        )
        .await?;
    }
    tx.append_event(NewEvent {
        kind: "case.split",
        customer_id: Some(head.customer_id),
        case_id: Some(from),
        actor,
        payload: json!({"into": id, "interaction_ids": interaction_ids, "channel": head.channel}),
    })
    .await?;
    tx.commit().await?;
    Ok(id)
}
