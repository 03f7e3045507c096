//! Merging and splitting cases. A customer who writes twice about one problem (by email, then in
//! chat) gets one case: the duplicate's messages, calls and callbacks move to the case that stays,
//! and the duplicate is closed with `merged_into` set. A case that turns out to hold two problems
//! is split: the chosen messages move to a new case for the same customer.

use domain::{Channel, Priority};
use serde_json::json;

use crate::cases::{NewCase, insert_case};
use crate::events::{Actor, NewEvent};
use crate::{Db, Entity, StoreError, append_event, begin_write, now};

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

pub(crate) const HEAD: &str = "SELECT customer_id, merged_into, channel, priority, assignee_id, team_id FROM cases WHERE id = $1";

/// Moves everything of case `$from` into case `$into` and closes `$from`, inside the open
/// transaction `$tx`: what a merge of two cases and a merge of many both run.
macro_rules! merge_case {
    ($tx:expr, $from:expr, $into:expr, $at:expr, $actor:expr) => {{
        let (from, into, at, actor): (i64, i64, chrono::DateTime<chrono::Utc>, &$crate::events::Actor) = ($from, $into, $at, $actor);
        if from == into {
            return Err(StoreError::Invalid("a case cannot be merged into itself".into()));
        }
        let mut heads: Vec<$crate::case_moves::CaseHead> = Vec::with_capacity(2);
        for id in [from, into] {
            let head: $crate::case_moves::CaseHead = sqlx::query_as($crate::case_moves::HEAD).bind(id).fetch_optional(&mut *$tx).await?
                .ok_or(StoreError::NotFound(Entity::Case))?;
            if let Some(target) = head.merged_into {
                return Err(StoreError::Invalid(format!("case {id} was already merged into {target}")));
            }
            heads.push(head);
        }
        if heads[0].customer_id != heads[1].customer_id {
            return Err(StoreError::Invalid("only cases of one customer can be merged; merge the customers first".into()));
        }
        let mut moved = serde_json::Map::new();
        for table in $crate::case_moves::FOLLOW_THE_CASE {
            let sql = format!("UPDATE {table} SET case_id = $1 WHERE case_id = $2");
            let count = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(into).bind(from).execute(&mut *$tx).await?.rows_affected();
            moved.insert(table.into(), json!(count));
        }
        sqlx::query("INSERT INTO case_tags (case_id, tag) SELECT $1, tag FROM case_tags WHERE case_id = $2 ON CONFLICT DO NOTHING")
            .bind(into).bind(from).execute(&mut *$tx).await?;
        sqlx::query(
            "UPDATE cases SET merged_into = $1, status = 'closed', resolved_at = COALESCE(resolved_at, $2), updated_at = $2 WHERE id = $3",
        )
        .bind(into).bind(at).bind(from).execute(&mut *$tx).await?;
        sqlx::query("UPDATE cases SET updated_at = $1 WHERE id = $2").bind(at).bind(into).execute(&mut *$tx).await?;
        let customer_id = Some(heads[1].customer_id);
        append_event!($tx, NewEvent { kind: "case.merged", customer_id, case_id: Some(from), actor, payload: json!({"into": into}) });
        append_event!($tx, NewEvent { kind: "case.merged_in", customer_id, case_id: Some(into), actor,
            payload: json!({"from": from, "moved": moved}) });
    }};
}
pub(crate) use merge_case;

/// Moves everything of case `from` into case `into` and closes `from`.
pub async fn merge(db: &Db, from: i64, into: i64, actor: &Actor) -> Result<(), StoreError> {
    let at = now();
    begin_write!(db, tx => {
        merge_case!(tx, from, into, at, actor);
    });
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
    let id = begin_write!(db, tx => {
        let head: CaseHead = sqlx::query_as(HEAD).bind(from).fetch_optional(&mut *tx).await?
            .ok_or(StoreError::NotFound(Entity::Case))?;
        if head.merged_into.is_some() {
            return Err(StoreError::Invalid("a merged case cannot be split".into()));
        }
        let in_case: Vec<(i64, String)> = sqlx::query_as("SELECT id, channel FROM interactions WHERE case_id = $1")
            .bind(from).fetch_all(&mut *tx).await?;
        if let Some(stranger) = interaction_ids.iter().find(|id| !in_case.iter().any(|(own, _)| own == *id)) {
            return Err(StoreError::Invalid(format!("message {stranger} is not part of case {from}")));
        }
        if in_case.iter().all(|(own, _)| interaction_ids.contains(own)) {
            return Err(StoreError::Invalid("at least one message stays on the case".into()));
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
        let id = insert_case!(tx, new, at, actor);
        for interaction in interaction_ids {
            sqlx::query("UPDATE interactions SET case_id = $1 WHERE id = $2").bind(id).bind(interaction).execute(&mut *tx).await?;
            // A call is one timeline entry: it goes where its entry goes.
            sqlx::query("UPDATE calls SET case_id = $1 WHERE interaction_id = $2").bind(id).bind(interaction).execute(&mut *tx).await?;
        }
        append_event!(tx, NewEvent { kind: "case.split", customer_id: Some(head.customer_id), case_id: Some(from), actor,
            payload: json!({"into": id, "interaction_ids": interaction_ids, "channel": head.channel}) });
        id
    });
    Ok(id)
}
