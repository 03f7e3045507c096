//! The coded end reasons of the relationships that ended in the period, with count and share.
//! Counted here from `store::relationships` a page at a time until the store counts them itself.

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Utc};
use chrono_tz::Europe::Amsterdam;

use super::Span;
use crate::error::ApiResult;
use crate::metric_answers::params::start_of_day;
use crate::pages::format;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// Relationships read per statement.
const PAGE: i64 = 1_000;

#[derive(Default)]
pub struct Reasons {
    /// Relationships that ended in the period: the n of every share.
    pub total: u64,
    /// Label (or the code when it has none, empty for no reason), count, share.
    pub rows: Vec<(String, u64, String)>,
}

pub async fn reasons(state: &AppState, lang: Lang, span: Span) -> ApiResult<Reasons> {
    let instant = |day| {
        DateTime::<Utc>::from_timestamp(start_of_day(Amsterdam, day).unwrap_or(0), 0)
            .unwrap_or_default()
    };
    let (from, to) = (instant(span.first), instant(span.last + Days::new(1)));
    let mut counts: BTreeMap<Option<String>, u64> = BTreeMap::new();
    let mut after = (i64::MIN, i64::MIN);
    loop {
        let page = store::relationships::page(&state.db, after, PAGE).await?;
        for relationship in &page {
            if relationship
                .ended_at
                .is_some_and(|ended| from <= ended && ended < to)
            {
                *counts.entry(relationship.end_reason.clone()).or_default() += 1;
            }
        }
        match page.last() {
            Some(last) if page.len() as i64 == PAGE => after = (last.customer_id, last.id),
            _ => break,
        }
    }
    let total: u64 = counts.values().sum();
    let share = |count: u64| format::percent(lang, 100.0 * count as f64 / total.max(1) as f64);
    let mut rows = Vec::new();
    // The configured reasons in their order, then codes no longer configured, then no reason.
    for reason in store::relationships::reasons(&state.db).await? {
        if let Some(count) = counts.remove(&Some(reason.code.clone())) {
            let label = if lang == Lang::En {
                reason.label_en
            } else {
                reason.label_nl
            };
            rows.push((label, count, share(count)));
        }
    }
    for (code, count) in counts {
        rows.push((code.unwrap_or_default(), count, share(count)));
    }
    Ok(Reasons { total, rows })
}
