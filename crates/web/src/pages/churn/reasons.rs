//! The coded end reasons of the relationships that ended in the period, with count and share,
//! counted by the fact store.

use std::collections::BTreeMap;

use chrono::Days;
use chrono_tz::Europe::Amsterdam;

use super::Span;
use crate::error::{ApiError, ApiResult, ErrorCode};
use crate::metric_answers::on_facts;
use crate::metric_answers::params::start_of_day;
use crate::pages::format;
use crate::pages::i18n::Lang;
use crate::state::AppState;

#[derive(Default)]
pub struct Reasons {
    /// Relationships that ended in the period: the n of every share.
    pub total: u64,
    /// Label (or the code when it has none, empty for no reason), count, share.
    pub rows: Vec<(String, u64, String)>,
}

pub async fn reasons(state: &AppState, lang: Lang, span: Span) -> ApiResult<Reasons> {
    let instant = |day| start_of_day(Amsterdam, day).unwrap_or(0);
    let (from, to) = (instant(span.first), instant(span.last + Days::new(1)));
    let counted = on_facts(state, move |store| store.end_reasons(from, to))
        .await?
        .map_err(|err| ApiError::bad_request(ErrorCode::InvalidQuery, err.to_string()))?;
    let mut counts: BTreeMap<Option<String>, u64> = counted.into_iter().collect();
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
