//! Churn by the service customers got: contacts in the 90 days before the end (0…9, 10+), the
//! last CSAT and NPS band, and whether a case was still open; each figure opens its customers.

use super::words::Words;
use super::{RateRow, Span, churn_answer, filter};
use crate::error::ApiResult;
use crate::pages::i18n::Lang;
use crate::state::AppState;

pub struct Table {
    pub name: &'static str,
    pub group: &'static str,
    pub rows: Vec<RateRow>,
}

/// A group's label as the page shows it.
pub fn shown(w: &Words, label: &str) -> String {
    match label {
        "none" => w.no_value,
        "yes" => w.yes,
        "no" => w.no,
        "low" => w.bands[0],
        "neutral" => w.bands[1],
        "high" => w.bands[2],
        "detractor" => w.bands[3],
        "passive" => w.bands[4],
        "promoter" => w.bands[5],
        other => return other.to_owned(),
    }
    .to_owned()
}

pub async fn tables(state: &AppState, w: &Words, lang: Lang, span: Span) -> ApiResult<Vec<Table>> {
    let mut tables = Vec::new();
    for (name, group) in [
        (w.contacts, "contacts"),
        (w.csat_band, "csat_band"),
        (w.nps_band, "nps_band"),
        (w.unresolved, "unresolved"),
    ] {
        let answer = churn_answer(state, span.churn(Some(group))?).await?;
        let rows = answer
            .rows
            .iter()
            .filter_map(|row| {
                let label = row.label(group)?;
                Some(RateRow::new(
                    lang,
                    shown(w, label),
                    row.churn_rate,
                    row.churned,
                    row.active_at_start,
                    &format!("{}{}", span.query_string(), filter(group, label)),
                ))
            })
            .collect();
        tables.push(Table { name, group, rows });
    }
    Ok(tables)
}
