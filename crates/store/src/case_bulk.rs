//! One change to many cases at once: assign, set a status, add a tag, or merge them into one.
//! All or nothing: every case is checked and changed in one transaction, with the same SQL and
//! events as a change of one case ([`crate::cases::update`], [`crate::case_moves::merge`]); a
//! case that does not exist, or that the agent may not see, refuses the whole request.

use domain::CaseStatus;

use crate::cases::{CasePatch, Visibility};
use crate::events::Actor;
use crate::{Db, Entity, StoreError, now, params};

/// The most cases one request may change.
pub const MAX_CASES: usize = 500;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BulkAction {
    /// To this agent, or to nobody.
    Assign(Option<i64>),
    Status(CaseStatus),
    /// Adds this tag (already clean) to each case that lacks it.
    Tag(String),
    /// Into this case, or by default into the oldest of those chosen.
    Merge {
        into: Option<i64>,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkOutcome {
    /// The cases chosen, without repeats, in ascending order.
    pub case_ids: Vec<i64>,
    /// With a merge: the case that stays.
    pub into: Option<i64>,
}

/// The chosen cases without repeats; refused when there are none or too many.
pub fn chosen(case_ids: &[i64]) -> Result<Vec<i64>, StoreError> {
    let mut ids = case_ids.to_vec();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Err(StoreError::Invalid("choose at least one case".into()));
    }
    if ids.len() > MAX_CASES {
        return Err(StoreError::Invalid(format!(
            "at most {MAX_CASES} cases at once"
        )));
    }
    Ok(ids)
}

/// Applies `action` to every case of `case_ids`, or to none.
pub async fn apply(
    db: &Db,
    case_ids: &[i64],
    action: &BulkAction,
    scope: Option<&Visibility>,
    actor: &Actor,
) -> Result<BulkOutcome, StoreError> {
    let ids = chosen(case_ids)?;
    let into = match action {
        BulkAction::Merge { into } => Some(into.unwrap_or(ids[0])),
        _ => None,
    };
    let at = now();
    let mut tx = db.begin_write().await?;
    for id in ids.iter().copied().chain(into.filter(|i| !ids.contains(i))) {
        let found: Option<(Option<i64>, Option<i64>)> = tx
            .fetch_optional(
                "SELECT team_id, assignee_id FROM cases WHERE id = $1",
                params![id],
            )
            .await?;
        let visible =
            found.is_some_and(|(team, assignee)| scope.is_none_or(|s| s.may_see(team, assignee)));
        if !visible {
            return Err(StoreError::NotFound(Entity::Case));
        }
    }
    for &id in &ids {
        let patch = match action {
            BulkAction::Assign(agent) => CasePatch {
                assignee_id: Some(*agent),
                ..CasePatch::default()
            },
            BulkAction::Status(status) => CasePatch {
                status: Some(*status),
                ..CasePatch::default()
            },
            BulkAction::Tag(tag) => {
                let mut tags: Vec<String> = tx
                    .scalars(
                        "SELECT tag FROM case_tags WHERE case_id = $1 ORDER BY tag",
                        params![id],
                    )
                    .await?;
                if tags.contains(tag) {
                    continue;
                }
                tags.push(tag.clone());
                CasePatch {
                    tags: Some(tags),
                    ..CasePatch::default()
                }
            }
            BulkAction::Merge { .. } => {
                if Some(id) != into {
                    tx.merge_case(id, into.unwrap_or(id), at, actor).await?;
                }
                continue;
            }
        };
        // A bulk change carries no handover note.
        tx.update_case(id, &patch, "", at, actor).await?;
    }
    tx.commit().await?;
    Ok(BulkOutcome {
        case_ids: ids,
        into,
    })
}
