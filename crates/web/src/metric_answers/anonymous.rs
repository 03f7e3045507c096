//! Survey figures say how many of their answers are anonymous: answers through a survey's open
//! link (channel `link`) come from nobody in particular, and a reader must be able to weigh them.
//! The count is the same query again restricted to that channel, matched to the rows by group;
//! it costs a second scan only once some open link has been answered.

use std::collections::HashMap;

use analytics::{Dimension, Filter, Metric, MetricQuery, MetricRow};

use super::answer;
use crate::error::ApiResult;
use crate::state::AppState;

/// The channel of answers through an open link.
const OPEN_LINK: &str = "link";

fn is_survey(metric: Metric) -> bool {
    matches!(metric, Metric::Nps | Metric::Csat | Metric::Ces)
}

/// Per row of `rows` (the answer to `query`), how many of its answers are anonymous; `None` for
/// metrics that are not survey figures.
pub(crate) async fn counts(
    state: &AppState,
    query: &MetricQuery,
    rows: &[MetricRow],
) -> ApiResult<Option<Vec<u64>>> {
    if !is_survey(query.metric) {
        return Ok(None);
    }
    // Without any open-link answer there is nothing to count, and no second scan to pay for.
    let any = state
        .facts
        .store
        .read()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .surveys
        .has_channel(OPEN_LINK);
    if !any {
        return Ok(Some(vec![0; rows.len()]));
    }
    let mut anonymous = query.clone();
    match anonymous
        .filters
        .iter_mut()
        .find(|f| f.dimension == Dimension::Channel)
    {
        Some(filter) if filter.values.iter().any(|v| v == OPEN_LINK) => {
            filter.values = vec![OPEN_LINK.to_string()];
        }
        Some(_) => return Ok(Some(vec![0; rows.len()])),
        None => anonymous.filters.push(Filter {
            dimension: Dimension::Channel,
            values: vec![OPEN_LINK.to_string()],
        }),
    }
    let found = answer(state, anonymous).await?;
    let by_group: HashMap<Vec<Option<String>>, u64> =
        found.iter().map(|row| (labels(row), row.n)).collect();
    Ok(Some(
        rows.iter()
            .map(|row| by_group.get(&labels(row)).copied().unwrap_or(0))
            .collect(),
    ))
}

fn labels(row: &MetricRow) -> Vec<Option<String>> {
    row.groups.iter().map(|(_, label)| label.clone()).collect()
}
