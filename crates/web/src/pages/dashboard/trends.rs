//! CSAT, NPS and CES over the chosen period, by day, week or month (`Period::grain`): the chart's
//! data and, per line, its n, its latest bucket (named, so it is not read as the tile's period)
//! and its direction by the Mann–Kendall test, claimed only with enough data.

use std::collections::BTreeMap;

use analytics::{Metric, TrendDirection};
use chrono::NaiveDate;
use serde_json::json;

use super::period::{Grain, Period};
use super::words::Words;
use crate::error::ApiResult;
use crate::pages::figures;
use crate::pages::format;
use crate::pages::i18n::Lang;
use crate::state::AppState;

/// Buckets with data a trend needs: with fewer than five points the test can never be
/// significant at 95 % (`analytics::trend`), so "stable" would be a claim without evidence.
pub const MIN_TREND_POINTS: usize = 5;

pub struct TrendLine {
    pub name: &'static str,
    /// Answers over the period.
    pub n: u64,
    /// "week van 24-02-2025: 80,0 %", or empty without data.
    pub latest: String,
    /// "stijgend", "dalend", "stabiel", or "te weinig gegevens voor een trend".
    pub direction: &'static str,
}

/// The first day of a bucket from its label (`2025-02-24`, or `2025-02` for a month).
fn bucket_start(grain: Grain, label: &str) -> Option<NaiveDate> {
    match grain {
        Grain::Month => NaiveDate::parse_from_str(&format!("{label}-01"), "%Y-%m-%d").ok(),
        _ => NaiveDate::parse_from_str(label, "%Y-%m-%d").ok(),
    }
}

/// The direction of `values` in words, or that there is not enough data to tell.
pub fn direction(w: &Words, values: &[f64]) -> &'static str {
    let tested = analytics::trend(values);
    if tested.n < MIN_TREND_POINTS {
        return w.not_enough_data;
    }
    match tested.direction {
        TrendDirection::Rising => w.rising,
        TrendDirection::Falling => w.falling,
        TrendDirection::Stable => w.stable,
    }
}

/// The lines under the chart, and the chart's data:
/// `{"x": [unix seconds], "series": [{"name", "values": [number | null]}], "lang", "y"}`.
pub async fn trends(
    state: &AppState,
    w: &'static Words,
    lang: Lang,
    period: Period,
) -> ApiResult<(Vec<TrendLine>, String)> {
    let grain = period.grain();
    let buckets = period.buckets(grain);
    let mut lines = Vec::new();
    let mut series = Vec::new();
    for (name, metric, figure) in [
        (w.csat_chart, Metric::Csat, "csat"),
        (w.nps, Metric::Nps, "nps"),
        (w.ces_chart, Metric::Ces, "mean"),
    ] {
        let rows = super::ask(state, metric, &[grain.dimension()], period.bounds()).await?;
        let points: BTreeMap<&str, (f64, u64)> = rows
            .iter()
            .filter_map(|r| Some((r.label(grain.dimension())?, (r.figure(figure)?, r.n))))
            .collect();
        let values: Vec<Option<f64>> = buckets
            .iter()
            .map(|b| points.get(b.as_str()).map(|(v, _)| *v))
            .collect();
        let known: Vec<f64> = values.iter().flatten().copied().collect();
        let latest = buckets
            .iter()
            .rev()
            .find_map(|b| Some((b, points.get(b.as_str())?.0)))
            .and_then(|(label, value)| {
                let start = bucket_start(grain, label)?;
                Some(format!(
                    "{} {}: {}",
                    w.bucket(grain),
                    format::date(lang, start.max(period.first)),
                    figures::shown(lang, figure, Some(value))
                ))
            })
            .unwrap_or_default();
        lines.push(TrendLine {
            name,
            n: points.values().map(|(_, n)| n).sum(),
            latest,
            direction: direction(w, &known),
        });
        series.push(json!({"name": name, "values": values}));
    }
    let x: Vec<i64> = buckets
        .iter()
        .filter_map(|label| bucket_start(grain, label))
        .map(|day| {
            Period {
                first: day,
                last: day,
            }
            .bounds()
            .0
        })
        .collect();
    let data = json!({"x": x, "series": series, "lang": lang.code(), "y": w.chart_axis});
    Ok((lines, data.to_string()))
}

#[cfg(test)]
mod tests {
    use super::super::words::{EN, NL};
    use super::*;

    #[test]
    fn no_trend_is_claimed_without_enough_points() {
        assert_eq!(direction(&NL, &[]), NL.not_enough_data);
        assert_eq!(direction(&EN, &[1.0, 2.0, 3.0, 4.0]), EN.not_enough_data);
        assert_eq!(direction(&EN, &[1.0, 2.0, 3.0, 4.0, 5.0]), EN.rising);
        assert_eq!(direction(&EN, &[3.0; 6]), EN.stable);
    }
}
