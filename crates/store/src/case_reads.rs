//! Unread markers. Opening a case records, for that agent, the newest message it had; the case is
//! unread for them again once an inbound message arrives after that. Reading writes no event: it
//! changes nothing anyone else sees.

use crate::cases::{CaseFilter, filter_clauses};
use crate::sql::{Param, Where};
use crate::{Db, StoreError, now, params};

/// Whether case `c` has an inbound message the agent (the one `?`) has not seen.
const UNREAD: &str = "EXISTS (SELECT 1 FROM interactions i WHERE i.case_id = c.id AND \
                      i.direction = 'inbound' AND i.id > COALESCE((SELECT r.seen_interaction_id \
                      FROM case_reads r WHERE r.case_id = c.id AND r.agent_id = ?), 0))";

/// Agent `agent_id` has opened case `case_id` and seen every message it has now.
pub async fn mark_read(db: &Db, agent_id: i64, case_id: i64) -> Result<(), StoreError> {
    let sql = "INSERT INTO case_reads (agent_id, case_id, seen_interaction_id, read_at) SELECT \
               $1, $2, COALESCE(MAX(id), 0), $3 FROM interactions WHERE case_id = $2 ON \
               CONFLICT (agent_id, case_id) DO UPDATE SET seen_interaction_id = \
               excluded.seen_interaction_id, read_at = excluded.read_at";
    db.execute(sql, params![agent_id, case_id, now()]).await?;
    Ok(())
}

/// Which of `case_ids` are unread for the agent.
pub async fn unread_among(
    db: &Db,
    agent_id: i64,
    case_ids: &[i64],
) -> Result<Vec<i64>, StoreError> {
    if case_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut w = Where::default();
    w.push(UNREAD, params![agent_id]);
    let marks = vec!["?"; case_ids.len()].join(", ");
    w.push(
        &format!("c.id IN ({marks})"),
        case_ids.iter().map(|id| Param::from(*id)),
    );
    let sql = format!("SELECT c.id FROM cases c {}", w.sql());
    db.scalars(sqlx::AssertSqlSafe(sql), w.args).await
}

/// How many of the cases matching `filter` are unread for the agent, counting up to `cap`: the
/// check runs per case, so a list of a million stops early.
pub async fn count_unread(
    db: &Db,
    agent_id: i64,
    filter: &CaseFilter,
    cap: i64,
) -> Result<i64, StoreError> {
    let mut w = filter_clauses(filter, true);
    w.push(UNREAD, params![agent_id]);
    let sql = format!(
        "SELECT COUNT(*) FROM (SELECT 1 FROM cases c {} LIMIT {}) unread",
        w.sql(),
        w.next_placeholder()
    );
    let mut args = w.args;
    args.push(Param::from(cap));
    db.scalar(sqlx::AssertSqlSafe(sql), args).await
}
