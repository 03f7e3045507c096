//! The KPI tiles: each figure over the period (which it names), against the period before it
//! (the change, its direction, and whether that is better or worse for this figure), against
//! its target when one is set, with a sparkline over the period, and a link to exactly the
//! facts it counts.

use std::collections::BTreeMap;

use analytics::{Metric, MetricQuery};
use serde_json::Value;

use super::breakdown::Word;
use super::period::{Grain, Period};
use super::targets::Targets;
use super::words::Words;
use super::{drill_href, spark};
use crate::error::ApiResult;
use crate::metric_answers::{anonymous, answer, operational};
use crate::pages::i18n::Lang;
use crate::pages::{figures, formulas};
use crate::state::AppState;

/// Where a tile's figure comes from.
#[derive(Debug, Clone, Copy)]
pub enum Source {
    /// The fact store.
    Facts(Metric),
    /// The calls and chats (`operational.rs`).
    Availability,
}

/// One tile: its key (for targets), the figure it shows and where that comes from.
pub struct Spec {
    pub key: &'static str,
    pub figure: &'static str,
    pub source: Source,
    pub label: Word,
}

pub const SPECS: [Spec; 10] = [
    Spec {
        key: "frt",
        figure: "median_hours",
        source: Source::Facts(Metric::Frt),
        label: |w| w.frt_median,
    },
    Spec {
        key: "ttr",
        figure: "median_hours",
        source: Source::Facts(Metric::Ttr),
        label: |w| w.ttr_median,
    },
    Spec {
        key: "fcr",
        figure: "fcr",
        source: Source::Facts(Metric::Fcr),
        label: |w| w.fcr,
    },
    Spec {
        key: "reopen_rate",
        figure: "reopen_rate",
        source: Source::Facts(Metric::ReopenRate),
        label: |w| w.reopen_rate,
    },
    Spec {
        key: "csat",
        figure: "csat",
        source: Source::Facts(Metric::Csat),
        label: |w| w.csat,
    },
    Spec {
        key: "nps",
        figure: "nps",
        source: Source::Facts(Metric::Nps),
        label: |w| w.nps,
    },
    Spec {
        key: "ces",
        figure: "mean",
        source: Source::Facts(Metric::Ces),
        label: |w| w.ces,
    },
    Spec {
        key: "service_level",
        figure: "service_level",
        source: Source::Availability,
        label: |w| w.service_level,
    },
    Spec {
        key: "abandon_rate",
        figure: "abandon_rate",
        source: Source::Availability,
        label: |w| w.abandon_rate,
    },
    Spec {
        key: "asa",
        figure: "asa_seconds",
        source: Source::Availability,
        label: |w| w.asa,
    },
];

/// The groups of tiles, by key.
pub const GROUPS: [(Word, &[&str]); 4] = [
    (|w| w.speed, &["frt", "ttr"]),
    (|w| w.effectiveness, &["fcr", "reopen_rate"]),
    (|w| w.friendliness, &["csat", "nps", "ces"]),
    (
        |w| w.availability,
        &["service_level", "abandon_rate", "asa"],
    ),
];

pub struct Change {
    /// `+8,7`
    pub text: String,
    /// `▲`, `▼` or `=`: the direction of the value.
    pub arrow: &'static str,
    /// `better`, `worse` or `same`: for the colour.
    pub class: &'static str,
    /// The same in words, for screen readers.
    pub verdict: &'static str,
}

pub struct TargetView {
    pub value: String,
    pub met: bool,
    pub verdict: &'static str,
}

pub struct Tile {
    pub key: &'static str,
    pub label: &'static str,
    pub period: String,
    pub value: String,
    pub n: u64,
    /// Of `n`, the answers through an open link (survey tiles only).
    pub anonymous: u64,
    pub formula: &'static str,
    pub href: String,
    pub previous_period: String,
    pub previous_value: String,
    pub previous_n: u64,
    pub change: Option<Change>,
    pub target: Option<TargetView>,
    /// The target as the admin's form shows it; empty without one.
    pub target_input: String,
    pub spark: Option<String>,
}

pub struct Kpi {
    pub title: &'static str,
    pub tiles: Vec<Tile>,
}

/// A figure over a period and the number of facts it counts.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Figure {
    pub value: Option<f64>,
    pub n: u64,
    pub anonymous: u64,
}

async fn facts(
    state: &AppState,
    metric: Metric,
    figure: &str,
    period: Period,
) -> ApiResult<Figure> {
    let (from, to) = period.bounds();
    let query = MetricQuery::new(metric).between(from, to);
    let rows = answer(state, query.clone()).await?;
    let anonymous = anonymous::counts(state, &query, &rows).await?;
    let row = rows.first();
    Ok(Figure {
        value: row.and_then(|r| r.figure(figure)),
        n: row.map_or(0, |r| r.n),
        anonymous: anonymous.and_then(|c| c.first().copied()).unwrap_or(0),
    })
}

async fn facts_series(
    state: &AppState,
    metric: Metric,
    figure: &str,
    period: Period,
    grain: Grain,
) -> ApiResult<Vec<Option<f64>>> {
    let rows = super::ask(state, metric, &[grain.dimension()], period.bounds()).await?;
    let by_label: BTreeMap<&str, f64> = rows
        .iter()
        .filter_map(|r| Some((r.label(grain.dimension())?, r.figure(figure)?)))
        .collect();
    Ok(period
        .buckets(grain)
        .iter()
        .map(|label| by_label.get(label.as_str()).copied())
        .collect())
}

/// The availability answer (`{"rows": [...]}`) for the period, grouped by `grain` if given.
async fn availability(state: &AppState, period: Period, grain: Option<Grain>) -> ApiResult<Value> {
    let (from, to) = period.instants();
    let mut pairs = vec![
        ("from".to_string(), from.to_rfc3339()),
        ("to".to_string(), to.to_rfc3339()),
        ("tz".to_string(), "Europe/Amsterdam".to_string()),
    ];
    if let Some(grain) = grain {
        pairs.push(("group_by".into(), grain.as_str().into()));
    }
    operational::answer(state, "availability", &pairs).await
}

fn availability_figure(answer: &Value, figure: &str) -> Figure {
    let row = &answer["rows"][0];
    Figure {
        value: row[figure].as_f64(),
        n: row["offered"].as_u64().unwrap_or(0),
        anonymous: 0,
    }
}

fn availability_series(
    answer: &Value,
    figure: &str,
    period: Period,
    grain: Grain,
) -> Vec<Option<f64>> {
    let rows = answer["rows"].as_array().cloned().unwrap_or_default();
    let by_label: BTreeMap<String, f64> = rows
        .iter()
        .filter_map(|r| Some((r[grain.as_str()].as_str()?.to_string(), r[figure].as_f64()?)))
        .collect();
    period
        .buckets(grain)
        .iter()
        .map(|label| by_label.get(label).copied())
        .collect()
}

/// How the figure moved since the previous period; `None` unless both periods have facts.
pub fn change(w: &Words, lang: Lang, figure: &str, now: Figure, before: Figure) -> Option<Change> {
    let (Some(now_value), Some(before_value)) = (now.value, before.value) else {
        return None;
    };
    if now.n == 0 || before.n == 0 {
        return None;
    }
    let difference = now_value - before_value;
    let text = figures::change(lang, figure, difference);
    // Compare what is shown: a change that rounds to zero is no change.
    let shown_zero = !text.chars().any(|c| c.is_ascii_digit() && c != '0');
    let (arrow, class, verdict) = if shown_zero {
        ("=", "same", w.unchanged)
    } else {
        let up = difference > 0.0;
        let better = up == figures::higher_is_better(figure);
        (
            if up { "▲" } else { "▼" },
            if better { "better" } else { "worse" },
            if better { w.better } else { w.worse },
        )
    };
    Some(Change {
        text,
        arrow,
        class,
        verdict,
    })
}

/// Whether the figure met its target.
pub fn against_target(w: &Words, lang: Lang, figure: &str, now: Figure, target: f64) -> TargetView {
    let met = now.value.is_some_and(|value| {
        if figures::higher_is_better(figure) {
            value >= target
        } else {
            value <= target
        }
    });
    TargetView {
        value: figures::shown(lang, figure, Some(target)),
        met,
        verdict: if met { w.target_met } else { w.target_missed },
    }
}

pub async fn kpis(
    state: &AppState,
    w: &'static Words,
    lang: Lang,
    period: Period,
    targets: &Targets,
) -> ApiResult<Vec<Kpi>> {
    let previous = period.previous();
    let grain = period.grain();
    let calls = (
        availability(state, period, None).await?,
        availability(state, previous, None).await?,
        availability(state, period, Some(grain)).await?,
    );
    let mut tiles: BTreeMap<&str, Tile> = BTreeMap::new();
    for spec in &SPECS {
        let (now, before, series, formula, drill) = match spec.source {
            Source::Facts(metric) => (
                facts(state, metric, spec.figure, period).await?,
                facts(state, metric, spec.figure, previous).await?,
                facts_series(state, metric, spec.figure, period, grain).await?,
                formulas::formula(lang, metric.as_str()),
                metric.as_str(),
            ),
            Source::Availability => (
                availability_figure(&calls.0, spec.figure),
                availability_figure(&calls.1, spec.figure),
                availability_series(&calls.2, spec.figure, period, grain),
                formulas::formula(lang, "availability"),
                "availability",
            ),
        };
        let target = targets.get(spec.key).copied();
        tiles.insert(
            spec.key,
            Tile {
                key: spec.key,
                label: (spec.label)(w),
                period: period.label(w, lang),
                value: figures::shown(lang, spec.figure, now.value),
                n: now.n,
                anonymous: now.anonymous,
                formula,
                href: drill_href(drill, period, None),
                previous_period: previous.range(lang),
                previous_value: figures::shown(lang, spec.figure, before.value),
                previous_n: before.n,
                change: change(w, lang, spec.figure, now, before),
                target: target.map(|t| against_target(w, lang, spec.figure, now, t)),
                target_input: super::targets::shown_in_form(lang, spec.figure, target),
                spark: spark::points(&series),
            },
        );
    }
    Ok(GROUPS
        .iter()
        .map(|(title, keys)| Kpi {
            title: title(w),
            tiles: keys.iter().filter_map(|key| tiles.remove(key)).collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::super::words::{EN, NL};
    use super::*;

    fn figure(value: f64, n: u64) -> Figure {
        Figure {
            value: Some(value),
            n,
            anonymous: 0,
        }
    }

    #[test]
    fn a_change_is_better_or_worse_by_the_figures_direction() {
        let up = change(&NL, Lang::Nl, "csat", figure(78.66, 30), figure(70.0, 20)).unwrap();
        assert_eq!(
            (up.text.as_str(), up.arrow, up.class),
            ("+8,7", "▲", "better")
        );
        assert_eq!(up.verdict, NL.better);
        let slower = change(
            &EN,
            Lang::En,
            "median_hours",
            figure(5.0, 9),
            figure(4.0, 9),
        )
        .unwrap();
        assert_eq!(
            (slower.text.as_str(), slower.arrow, slower.class),
            ("+1.0", "▲", "worse")
        );
        let easier = change(&EN, Lang::En, "mean", figure(5.5, 9), figure(5.0, 9)).unwrap();
        assert_eq!(easier.class, "better", "CES: higher is easier");
        let same = change(&EN, Lang::En, "csat", figure(70.01, 9), figure(70.0, 9)).unwrap();
        assert_eq!((same.arrow, same.class), ("=", "same"));
        assert!(change(&EN, Lang::En, "csat", figure(70.0, 9), Figure::default()).is_none());
    }

    #[test]
    fn a_target_is_met_in_the_figures_direction() {
        assert!(against_target(&EN, Lang::En, "csat", figure(80.0, 5), 75.0).met);
        assert!(!against_target(&EN, Lang::En, "median_hours", figure(5.0, 5), 4.0).met);
        assert!(against_target(&EN, Lang::En, "abandon_rate", figure(3.0, 5), 5.0).met);
        assert!(!against_target(&EN, Lang::En, "csat", Figure::default(), 75.0).met);
    }
}
