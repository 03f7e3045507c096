//! The churn rate of every month of the period (each month its own window), its direction by
//! the Mann–Kendall test in words with the p-value, and the chart's data in the shape the
//! dashboard's script draws.

use analytics::TrendDirection;
use chrono::{Days, Months, NaiveDate};
use chrono_tz::Europe::Amsterdam;
use serde_json::json;

use super::words::Words;
use super::{RateRow, Span, churn_answer};
use crate::error::ApiResult;
use crate::metric_answers::params::start_of_day;
use crate::pages::format;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// Months with data a trend needs: with fewer the test can never be significant at 95 %.
const MIN_TREND_POINTS: usize = 5;

#[derive(Default)]
pub struct Monthly {
    pub rows: Vec<RateRow>,
    /// "stijgend (p = 0,012)", or that there is too little data.
    pub trend: String,
    /// `{"x": [unix seconds], "series": [{"name", "values"}], "lang", "y"}`.
    pub chart: String,
}

/// The days of month `label` (`2025-01`) that lie in `span`.
fn month_in(label: &str, span: Span) -> Option<Span> {
    let start = NaiveDate::parse_from_str(&format!("{label}-01"), "%Y-%m-%d").ok()?;
    let end = start.checked_add_months(Months::new(1))? - Days::new(1);
    Some(Span {
        first: start.max(span.first),
        last: end.min(span.last),
    })
}

pub async fn monthly(state: &AppState, w: &Words, lang: Lang, span: Span) -> ApiResult<Monthly> {
    let answer = churn_answer(state, span.churn(Some("month"))?).await?;
    let mut rows = Vec::new();
    let mut x = Vec::new();
    let mut values = Vec::new();
    for row in &answer.rows {
        let Some(label) = row.label("month") else {
            continue;
        };
        let Some(days) = month_in(label, span) else {
            continue;
        };
        x.push(start_of_day(Amsterdam, days.first).unwrap_or(0));
        values.push(row.churn_rate);
        rows.push(RateRow::new(
            lang,
            format::date(lang, days.first),
            row.churn_rate,
            row.churned,
            row.active_at_start,
            &days.query_string(),
        ));
    }
    let trend = match answer.trends.first() {
        Some(tested) if tested.trend.n >= MIN_TREND_POINTS => {
            let direction = match tested.trend.direction {
                TrendDirection::Rising => w.rising,
                TrendDirection::Falling => w.falling,
                TrendDirection::Stable => w.stable,
            };
            format!(
                "{direction} (p = {}, n = {})",
                format::number(lang, tested.p_value, 3),
                tested.trend.n
            )
        }
        _ => w.not_enough_data.to_owned(),
    };
    let chart = json!({
        "x": x,
        "series": [{"name": w.rate, "values": values}],
        "lang": lang.code(),
        "y": w.chart_axis,
    });
    Ok(Monthly {
        rows,
        trend,
        chart: chart.to_string(),
    })
}
